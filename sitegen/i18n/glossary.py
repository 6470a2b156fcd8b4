"""The site's glossary: the agreed term for each name in each language, and the translations that do without it.

``locales/glossary.csv`` (UTF-8, cells split by commas, or by semicolons or
tabs as spreadsheets in some locales save it): a header row of
the site's language codes, then a row per term, a cell per language. An
empty cell is not checked. A cell may give the forms a term takes, split by
"|" ("Тузла|Тузле|Тузлы"): a translation holding any of them has the term;
the first is the term itself (in the TBX file, each is one).

Wherever a source text holds a term (as a whole word, as written), its
translation must hold that language's term: pages (title, summary, menu
title, card, body) and the interface catalog's entries. A translation
without it is a warning at its file and line; ``--strict`` makes it an
error, and ``status LANG`` lists it with the rest of what is left to do.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog

from sitegen.core.problems import Problem
from sitegen.i18n.catalogs import TRANSLATED, catalog_path, message_state
from sitegen.inputs.config import SiteConfig
from sitegen.inputs.content import Page

GLOSSARY = "locales/glossary.csv"
PAGE_FIELDS = ("title", "summary", "menu_title", "card")


@dataclass(frozen=True)
class Term:
    line: int  # its row in the file
    forms: Mapping[str, tuple[str, ...]]  # language → the forms that count as the term (the first is the term)

    @property
    def source(self) -> str:
        return next(iter(self.forms.values()))[0]


@dataclass(frozen=True)
class Glossary:
    source_language: str
    languages: tuple[str, ...]  # as the header gives them
    terms: tuple[Term, ...]

    def found_in(self, text: str) -> list[Term]:
        """The terms a source text holds, each as a whole word."""
        return [term for term in self.terms if _as_word(term.source).search(text)]


def load_glossary(site_dir: Path, config: SiteConfig) -> tuple[Glossary | None, list[Problem]]:
    """The glossary, if the site has one; problems name the row and the cell."""
    path = site_dir / GLOSSARY
    if not path.is_file():
        return None, []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        return None, [Problem(GLOSSARY, line, f"is not UTF-8 text ({error.reason}): save it as UTF-8 (CSV UTF-8 in a spreadsheet)")]
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    if not rows or not any(cell.strip() for cell in rows[0]):
        return None, [Problem(GLOSSARY, 1, f"the first row names the languages, one per column: {','.join(config.languages)}")]
    header = [cell.strip() for cell in rows[0]]
    # A language the site does not build (not yet, or no longer) keeps its column, unchecked; a code no language has is a mistake.
    problems = [
        Problem(GLOSSARY, 1, f"column {number}: '{code}' is not a language code (the site's: {', '.join(config.languages)})")
        for number, code in enumerate(header, start=1)
        if code not in config.languages and not _is_language(code)
    ]
    if config.default_language not in header:
        problems.append(Problem(GLOSSARY, 1, f"no column for the source language '{config.default_language}': each term is found by it"))
    if len(set(header)) != len(header):
        problems.append(Problem(GLOSSARY, 1, "a language has two columns"))
    if problems:
        return None, problems
    source = header.index(config.default_language)
    terms = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.append(Problem(GLOSSARY, line, f"{len(row)} cells, for {len(header)} languages"))
            continue
        cells = {code: tuple(form.strip() for form in cell.split("|") if form.strip()) for code, cell in zip(header, row, strict=False)}
        if not cells.get(config.default_language):
            problems.append(Problem(GLOSSARY, line, f"no term in the source language '{config.default_language}' (column {source + 1})"))
            continue
        ordered = {config.default_language: cells[config.default_language], **{code: forms for code, forms in cells.items() if forms}}
        terms.append(Term(line, ordered))
    built = tuple(code for code in header if code in config.languages)
    return (Glossary(config.default_language, built, tuple(terms)) if not problems else None), problems


def _delimiter(text: str) -> str:
    """What separates the cells: a comma, or what a spreadsheet set to another locale saves with (a semicolon, a tab)."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _is_language(code: str) -> bool:
    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True


def missing_terms(glossary: Glossary, pages: Mapping[str, Mapping[str, Page]], catalogs: Mapping[str, Catalog | None]) -> dict[str, list[Problem]]:
    """By language, each translation that lacks an agreed term its source holds: a warning at its file and line."""
    gaps: dict[str, list[Problem]] = {}
    source_pages = pages.get(glossary.source_language, {})
    for language in glossary.languages:
        if language == glossary.source_language:
            continue
        found = gaps.setdefault(language, [])
        for key, page in sorted(pages.get(language, {}).items()):
            original = source_pages.get(key)
            if original is not None and not page.is_fallback:
                found += _page_gaps(glossary, language, original, page)
        catalog = catalogs.get(language)
        if catalog is not None:
            found += _catalog_gaps(glossary, language, catalog)
    return gaps


def _page_gaps(glossary: Glossary, language: str, original: Page, page: Page) -> list[Problem]:
    translated = " ".join([*(getattr(page, name) for name in PAGE_FIELDS), page.body])
    problems = []
    for term in glossary.found_in(" ".join([*(getattr(original, name) for name in PAGE_FIELDS), original.body])):
        if language in term.forms and not _holds(translated, term.forms[language]):
            where = next((name for name in PAGE_FIELDS if _as_word(term.source).search(getattr(original, name))), None)
            line = page.line_of(where) if where else (page.body_places[0][1] if page.body_places else page.body_line)
            problems.append(_gap(page.body_places[0][0] if page.body_places and not where else page.source, line, term, language))
    return problems


def _catalog_gaps(glossary: Glossary, language: str, catalog: Catalog) -> list[Problem]:
    problems = []
    for message in catalog:
        if not message.id or message_state(message) != TRANSLATED:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        for term in glossary.found_in(" ".join(ids)):
            if language in term.forms and not _holds(" ".join(string or "" for string in strings), term.forms[language]):
                problems.append(_gap(catalog_path(language), message.lineno, term, language))
    return problems


def _gap(path: str, line: int | None, term: Term, language: str) -> Problem:
    agreed = " or ".join(f"'{form}'" for form in term.forms[language])
    return Problem(path, line, f"the source has '{term.source}'; this translation lacks the agreed term {agreed} ({GLOSSARY}:{term.line})", is_warning=True)


def _holds(text: str, forms: Iterable[str]) -> bool:
    folded = text.casefold()
    return any(form.casefold() in folded for form in forms)


def _as_word(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)")


def glossary_tbx(glossary: Glossary, language: str) -> bytes:
    """The glossary for one language as TBX (TermBase eXchange, as Weblate and translate-toolkit read it): the source term and this language's."""
    from xml.sax.saxutils import escape, quoteattr  # 8 ms (it imports urllib.request), for this command only

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">',
        f"<martif type={quoteattr('TBX')} xml:lang={quoteattr(glossary.source_language)}>",
        "<martifHeader><fileDesc><sourceDesc><p>locales/glossary.csv</p></sourceDesc></fileDesc></martifHeader>",
        "<text><body>",
    ]
    for term in glossary.terms:
        if language not in term.forms:
            continue
        lines.append(f'<termEntry id="term-{term.line}">')
        for code in (glossary.source_language, language):
            forms = term.forms[code] if code == language else term.forms[code][:1]
            tigs = "".join(f"<tig><term>{escape(form)}</term></tig>" for form in forms)
            lines.append(f"<langSet xml:lang={quoteattr(code)}>{tigs}</langSet>")
        lines.append("</termEntry>")
    lines += ["</body></text>", "</martif>", ""]
    return "\n".join(lines).encode("utf-8")
