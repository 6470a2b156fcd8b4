"""Message catalogs: the translators' .po files, checked and compiled in memory.

``locales/<language>/LC_MESSAGES/messages.po`` holds the interface strings of
one language. The build compiles it itself, so a translator's edit shows on
the next build with no extra step, and no .mo file is ever committed.
"""

from __future__ import annotations

import collections
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from .config import SiteConfig
from .problems import Problem

LOCALES_DIR = "locales"
DOMAIN = "messages"
CatalogCheck = Callable[[Catalog, str, str], list[Problem]]  # (catalog, its text, its path) → its problems

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


@dataclass(frozen=True)
class StringCounts:
    """How much of a catalog is translated (fuzzy entries count as not translated)."""

    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated


def load_catalogs(site_dir: Path, config: SiteConfig) -> tuple[dict[str, Catalog | None], list[Problem]]:
    """Read and check every language's catalog.

    The default language needs no catalog (the templates are written in it);
    any other language without one is an error, since its pages would silently
    show the source language.
    """
    catalogs: dict[str, Catalog | None] = {}
    problems: list[Problem] = []
    for language in config.languages:
        relative = catalog_path(language)
        path = site_dir / relative
        catalogs[language] = None
        if path.is_file():
            catalogs[language] = read_catalog(path, relative, language, problems)
        elif language != config.default_language:
            problems.append(Problem(relative, None, f"not found: create it with 'python build.py new-language {language}'"))
    return catalogs, problems


def compile_translations(catalogs: dict[str, Catalog | None]) -> dict[str, NullTranslations]:
    """Each language's catalog compiled in memory; a language without one shows the source strings."""
    return {language: compile_catalog(catalog) if catalog else NullTranslations() for language, catalog in catalogs.items()}


def read_catalog(path: Path, relative: str, language: str, problems: list[Problem], check: CatalogCheck | None = None) -> Catalog | None:
    """Parse one .po file strictly and check its translations.

    On a syntax error, add it to ``problems`` and return None; translations
    that would break a page (placeholders, plural forms) are problems too.
    ``check`` replaces those checks for catalogs whose texts are not
    interface strings (a page's segments hold no placeholders).
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_number = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(relative, line_number, f"is not UTF-8 text ({exc.reason}): save it as UTF-8"))
        return None
    found = len(problems)
    for number, line in enumerate(text.splitlines(), start=1):
        if not _PO_LINE.match(line):
            problems.append(Problem(relative, number, f"syntax error: {_describe_bad_line(line)}"))
    if len(problems) > found:
        return None
    try:
        catalog = read_po(io.BytesIO(data), locale=language, domain=DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        match = re.search(r"on (\d+)\)?\s*$", str(exc)) or re.search(r"line (\d+)", str(exc))
        reason = re.sub(r" on \d+\)?\s*$", "", str(exc))
        problems.append(Problem(relative, int(match[1]) if match else None, f"syntax error: {reason}"))
        return None
    except ValueError as exc:
        problems.append(Problem(relative, None, f"cannot be read: {exc}"))
        return None
    problems += (check or check_catalog)(catalog, text, relative)
    return catalog


def check_catalog(catalog: Catalog, text: str, relative: str) -> list[Problem]:
    """Translations that would show wrong: duplicates, plural forms, placeholders."""
    problems = []
    seen: dict[tuple[str | None, str], int] = {}
    for entry in _scan_entries(text):
        identity = (entry.context, entry.msgid)
        if identity in seen:
            problems.append(Problem(relative, entry.line, f"duplicate msgid {entry.msgid!r}: it is already on line {seen[identity]}"))
        else:
            seen[identity] = entry.line
        if entry.is_plural and entry.forms and entry.forms != catalog.num_plurals:
            problems.append(
                Problem(
                    relative,
                    entry.line,
                    f"{entry.forms} plural forms for {entry.msgid!r}, but {catalog.locale_identifier or 'this language'} "
                    f"has {catalog.num_plurals} (msgstr[0] to msgstr[{catalog.num_plurals - 1}])",
                )
            )
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        sources = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        expected = placeholders(sources[-1])
        forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        for form in forms:
            if form and placeholders(form) != expected:
                problems.append(Problem(relative, message.lineno, _placeholder_message(sources[0], form, expected)))
                break
    return problems


def count_strings(catalog: Catalog | None) -> StringCounts:
    """Translated, fuzzy and untranslated messages of a catalog (header excluded)."""
    translated = fuzzy = untranslated = 0
    for message in catalog or ():
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy and any(forms):
            fuzzy += 1
        elif all(forms):
            translated += 1
        else:
            untranslated += 1
    return StringCounts(translated, fuzzy, untranslated)


# %(name)s, %s, %d and {name}: what Python fills in when a page is rendered.
_PLACEHOLDER = re.compile(r"%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|\{(\w*)\}")


def placeholders(text: str) -> collections.Counter:
    """The placeholders in a message, as a multiset ("%%" is a literal percent sign)."""
    return collections.Counter(match[0] for match in _PLACEHOLDER.finditer(text.replace("%%", "")))


def _placeholder_message(msgid: str, form: str, expected: collections.Counter) -> str:
    found = placeholders(form)
    missing = sorted((expected - found).elements())
    extra = sorted((found - expected).elements())
    parts = []
    if missing:
        parts.append(f"lacks {', '.join(missing)}")
    if extra:
        parts.append(f"has {', '.join(extra)}, which the original does not")
    return f"placeholders differ: the translation of {msgid!r} {' and '.join(parts)}"


@dataclass(frozen=True)
class _RawEntry:
    line: int  # the line of its msgid
    context: str | None
    msgid: str
    is_plural: bool
    forms: int  # how many msgstr[N] lines it has


def _scan_entries(text: str) -> list[_RawEntry]:
    """The entries of a .po file as written, before Babel merges duplicates and pads plural forms."""
    entries = []
    current: dict | None = None
    context: str | None = None
    field = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        keyword = stripped.split(" ", 1)[0] if stripped else ""
        if keyword == "msgctxt":
            context, field = _unquote(stripped[len("msgctxt") :]), "msgctxt"
        elif keyword == "msgid":
            if current:
                entries.append(_RawEntry(**current))
            current = {"line": number, "context": context, "msgid": _unquote(stripped[len("msgid") :]), "is_plural": False, "forms": 0}
            context, field = None, "msgid"
        elif keyword == "msgid_plural" and current:
            current["is_plural"], field = True, None
        elif keyword.startswith("msgstr[") and current:
            current["forms"] += 1
            field = None
        elif keyword.startswith('"') and current and field == "msgid":
            current["msgid"] += _unquote(stripped)
        elif keyword.startswith('"') and field == "msgctxt":
            context = (context or "") + _unquote(stripped)
        elif keyword:
            field = None
    if current:
        entries.append(_RawEntry(**current))
    return [entry for entry in entries if entry.msgid]


def _unquote(quoted: str) -> str:
    return quoted.strip()[1:-1]


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
