"""Pages translated by segments: each language's page catalogs, read, checked and put together as pages.

A language translates a page by segments when it has a catalog for it,
``locales/<language>/LC_MESSAGES/pages/<name>.po``, and no Markdown file
``content/<language>/<name>.md`` (which, where both exist, is the one used).
The page put together is an ordinary Page of that language: the rest of the
build does not know how it was translated, except for its state (current
when every segment is translated and none is fuzzy, partial otherwise).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from sitegen.core.language_marks import language_mark
from sitegen.core.problems import Problem
from sitegen.i18n.catalogs import FUZZY, LOCALES_DIR, TRANSLATED, StringCounts, message_state, read_catalog
from sitegen.i18n.freshness import CURRENT, PARTIAL
from sitegen.i18n.segments import FIELDS, Translation, assemble_body, split_page, translation_problems
from sitegen.inputs.config import SiteConfig
from sitegen.inputs.content import CONTENT_DIR, Content, Page
from sitegen.inputs.languages import describe_language

PAGES_FOLDER = "pages"


def segment_catalog_path(language: str, key: str) -> str:
    """Where a language's catalog of a page's segments lives, relative to the site folder."""
    return f"{LOCALES_DIR}/{language}/LC_MESSAGES/{PAGES_FOLDER}/{key}.po"


def segment_template_path(key: str) -> str:
    """Where the template of a page's segments (.pot) lives."""
    return f"{LOCALES_DIR}/{PAGES_FOLDER}/{key}.pot"


@dataclass(frozen=True)
class SegmentedPages:
    """The pages put together from segments, and how far every page catalog has come."""

    pages: Mapping[tuple[str, str], Page] = field(default_factory=dict)  # (language, key) → page, where a segment is translated
    counts: Mapping[tuple[str, str], StringCounts] = field(default_factory=dict)  # every catalog in use, translated or not

    def states(self) -> dict[tuple[str, str], str]:
        """current or partial, for each page put together."""
        return {where: CURRENT if self.counts[where].translated == self.counts[where].total else PARTIAL for where in self.pages}

    def added_to(self, content: Content, source_language: str) -> Content:
        """The content with these pages among each language's pages. The source's images and documents they
        show need no copy: a page's file is looked for beside its own language's pages, then the source's."""
        pages = {language: dict(by_key) for language, by_key in content.pages.items()}
        for (language, key), page in self.pages.items():
            pages[language][key] = page
        return Content({language: dict(sorted(by_key.items())) for language, by_key in pages.items()}, content.files, content.default_language)


def iter_segment_catalogs(site_dir: Path, language: str) -> list[str]:
    """The keys of the pages a language has a segment catalog for, in order."""
    folder = site_dir / LOCALES_DIR / language / "LC_MESSAGES" / PAGES_FOLDER
    return sorted(path.relative_to(folder).with_suffix("").as_posix() for path in folder.rglob("*.po")) if folder.is_dir() else []


def load_segment_pages(site_dir: Path, config: SiteConfig, written: Content) -> tuple[SegmentedPages, list[Problem]]:
    """Every page catalog of every language, checked, and the pages they put together."""
    sources = written.pages[config.default_language]
    source_language = describe_language(config.default_language)
    mark = language_mark(source_language.tag, source_language.direction)
    pages: dict[tuple[str, str], Page] = {}
    counts: dict[tuple[str, str], StringCounts] = {}
    problems: list[Problem] = []
    for language in config.languages:
        if language == config.default_language:
            continue
        for key in iter_segment_catalogs(site_dir, language):
            relative = segment_catalog_path(language, key)
            if key not in sources:
                problems.append(
                    Problem(relative, None, f"not used: there is no {CONTENT_DIR}/{config.default_language}/{key}.md to translate", is_warning=True)
                )
                continue
            if key in written.pages[language]:
                problems.append(
                    Problem(relative, None, f"not used: {CONTENT_DIR}/{language}/{key}.md translates this page; delete one of the two", is_warning=True)
                )
                continue
            catalog = read_catalog(site_dir / relative, relative, language, problems, check=lambda *_: [])
            if catalog is None:
                continue
            page, counts[(language, key)] = assemble_page(sources[key], catalog, relative, language, mark, problems)
            if page is not None:
                pages[(language, key)] = page
    return SegmentedPages(pages, counts), problems


def assemble_page(source: Page, catalog: Catalog, relative: str, language: str, mark: str, problems: list[Problem]) -> tuple[Page | None, StringCounts]:
    """A source page in ``language`` from its catalog, and how much of it is translated.

    None when nothing is translated yet: the page is then missing, and built
    as a fallback like any untranslated page.
    """
    split = split_page(source)
    found: dict[tuple[str, str | None], Translation] = {}
    fuzzy = 0
    absent: list[str] = []  # segments the catalog has not heard of: the source changed since 'segments' was run

    def translate(segment) -> Translation:
        nonlocal fuzzy
        context = split.context(segment)
        if (segment.text, context) in found:
            return found[(segment.text, context)]
        message = catalog.get(segment.text, context=context)
        if message is None:
            absent.append(segment.text)
        state = message_state(message)
        text = str(message.string) if message is not None and state == TRANSLATED else None
        fuzzy += state == FUZZY
        if message is not None and text is not None:
            place = (relative, message.lineno or 1)
            problems.extend(
                Problem(relative, message.lineno, f"the translation of {_quoted(segment.text)} {what}") for what in translation_problems(segment, text)
            )
        else:
            place = (source.source, segment.line)
        found[(segment.text, context)] = Translation(text, place)
        return found[(segment.text, context)]

    fields = {key: translate(segment) for key, segment in split.fields}
    body, places = assemble_body(split, translate, mark)
    if absent:
        sample = ", ".join(_quoted(text) for text in absent[:2]) + (" …" if len(absent) > 2 else "")
        many = f"{len(absent)} segment{'s' if len(absent) != 1 else ''}"
        problems.append(Problem(relative, None, f"stale: {many} of {source.source} not in it ({sample}); run 'python build.py segments'", is_warning=True))
    translated = sum(1 for translation in found.values() if translation.text is not None)
    counts = StringCounts(translated, fuzzy, len(found) - translated - fuzzy)
    if not translated:
        return None, counts
    return _page(source, fields, body, places, relative, language), counts


def _page(source: Page, fields: dict[str, Translation], body: str, places: tuple[tuple[str, int], ...], relative: str, language: str) -> Page:
    texts = {key: translation.text for key, translation in fields.items() if translation.text is not None}
    if "menu_title" not in fields and "title" in texts:  # a page without its own menu title shows its title there
        texts["menu_title"] = texts["title"]
    untranslated = tuple(key for key, _ in FIELDS if key not in texts and (key in fields or key == "menu_title"))
    return dataclasses.replace(
        source,
        language=language,
        source=relative,
        source_hash="",
        key_lines={},
        stored_body=body,
        body_line=1,
        body_places=tuple((file or relative, line or 1) for file, line in places),
        source_fields=untranslated,
        title=texts.get("title", source.title),
        summary=texts.get("summary", source.summary),
        menu_title=texts.get("menu_title", source.menu_title),
        card=texts.get("card", source.card),
    )


def _quoted(text: str) -> str:
    one_line = " ".join(text.split())
    return repr(one_line if len(one_line) <= 60 else one_line[:59] + "…")
