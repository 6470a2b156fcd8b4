"""Message catalogs: the translators' .po files, checked and compiled in memory.

``locales/<language>/LC_MESSAGES/messages.po`` holds the interface strings of
one language. The build compiles it itself, so a translator's edit shows on
the next build with no extra step, and no .mo file is ever committed.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from .config import SiteConfig
from .problems import Problem

LOCALES_DIR = "locales"
DOMAIN = "messages"

# Babel's reader is lenient: it trims an unterminated string without a word.
# Every line of a .po file is one of these, so a line that is none of them is
# a syntax error, and this says which line.
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(
    rf"""^\s*(?:
        $                                                   # blank
      | \#.*                                                # comment, flag, reference
      | (?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_QUOTED}\s*   # keyword and string
      | {_QUOTED}\s*                                        # continued string
    )$""",
    re.VERBOSE,
)


def catalog_path(language: str) -> str:
    """Where a language's catalog lives, relative to the site folder."""
    return f"{LOCALES_DIR}/{language}/LC_MESSAGES/{DOMAIN}.po"


def load_translations(site_dir: Path, config: SiteConfig) -> tuple[dict[str, NullTranslations], list[Problem]]:
    """Read, check and compile every language's catalog.

    The default language needs no catalog (the templates are written in it);
    any other language without one is an error, since its pages would silently
    show the source language.
    """
    translations: dict[str, NullTranslations] = {}
    problems: list[Problem] = []
    for language in config.languages:
        relative = catalog_path(language)
        path = site_dir / relative
        if not path.is_file():
            translations[language] = NullTranslations()
            if language != config.default_language:
                problems.append(Problem(relative, None, f"not found: create it with 'python build.py new-language {language}'"))
            continue
        catalog = read_catalog(path, relative, language, problems)
        translations[language] = compile_catalog(catalog) if catalog else NullTranslations()
    return translations, problems


def read_catalog(path: Path, relative: str, language: str, problems: list[Problem]) -> Catalog | None:
    """Parse one .po file strictly; on a problem, add it to ``problems`` and return None."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(relative, line, f"is not UTF-8 text ({exc.reason}): save it as UTF-8"))
        return None
    found = len(problems)
    for number, line in enumerate(text.splitlines(), start=1):
        if not _PO_LINE.match(line):
            problems.append(Problem(relative, number, f"syntax error: {_describe_bad_line(line)}"))
    if len(problems) > found:
        return None
    try:
        return read_po(io.BytesIO(data), locale=language, domain=DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        match = re.search(r"on (\d+)\)?\s*$", str(exc)) or re.search(r"line (\d+)", str(exc))
        problems.append(Problem(relative, int(match[1]) if match else None, f"syntax error: {exc}"))
    except ValueError as exc:
        problems.append(Problem(relative, None, f"cannot be read: {exc}"))
    return None


def compile_catalog(catalog: Catalog) -> Translations:
    """The catalog as gettext translations; fuzzy entries are left out, as msgfmt does."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def _describe_bad_line(line: str) -> str:
    stripped = line.strip()
    if stripped.count('"') % 2 == 1 or not stripped.endswith('"'):
        return f"unterminated string: {stripped[:60]!r} (every string ends with a '\"' on the same line)"
    return f"not a comment, keyword or quoted string: {stripped[:60]!r}"
