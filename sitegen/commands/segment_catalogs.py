"""``python build.py segments``: each source page's segments as a template, and the page catalogs brought up to date.

Writes ``locales/pages/<name>.pot`` for every page of the default language,
and updates each language's ``locales/<language>/LC_MESSAGES/pages/<name>.po``
that exists (or that ``--language``/``--page`` asks for) the way ``msgmerge``
does, with Babel's own update: an unchanged segment keeps its translation, a
changed one keeps the old translation marked fuzzy (with the old original as
``#| msgid``), a new one is empty. A file whose messages did not change is not
written, so a second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from sitegen.core.problems import BuildFailed, Problem, did_you_mean
from sitegen.i18n.catalogs import catalog_path, read_catalog
from sitegen.i18n.po_files import merge, po_bytes
from sitegen.i18n.segment_pages import segment_catalog_path, segment_template_path
from sitegen.i18n.segments import page_template, split_page
from sitegen.inputs.config import SiteConfig
from sitegen.inputs.content import CONTENT_DIR, Page
from sitegen.templating.template_catalogs import CatalogFile, changed_catalogs, new_catalog, write_bytes


def check_request(config: SiteConfig, sources: dict[str, Page], language: str | None, names: list[str]) -> list[Problem]:
    """What is wrong with a request to start translating pages by segments (a language and page names)."""
    if language is None:
        return [Problem("site.toml", None, "--page needs --language: which language starts translating it by segments")] if names else []
    problems = []
    if language not in config.languages or language == config.default_language:
        others = [code for code in config.languages if code != config.default_language]
        problems.append(
            Problem("site.toml", None, f"'{language}' is not one of the languages pages are translated into {others}" + did_you_mean(language, others))
        )
    if not names:
        problems.append(Problem("site.toml", None, "--language needs --page: the pages to translate by segments (e.g. --page invitation)"))
    for name in names:
        if name not in sources:
            problems.append(Problem(f"{CONTENT_DIR}/{config.default_language}", None, f"has no page '{name}'" + did_you_mean(name, sources)))
    return problems


def update_segment_catalogs(site_dir: Path, config: SiteConfig, sources: dict[str, Page], start: set[tuple[str, str]]) -> list[str]:
    """Write every page's template and bring every page catalog up to date; ``start`` names
    (language, key) catalogs to create. Returns the files written; raises BuildFailed on a catalog that does not read."""
    changed = changed_catalogs(site_dir, planned_segment_catalogs(site_dir, config, sources, start))
    for file in changed:
        write_bytes(site_dir / file.relative, file.data)
    return [file.relative for file in changed]


def planned_segment_catalogs(
    site_dir: Path, config: SiteConfig, sources: dict[str, Page], start: AbstractSet[tuple[str, str]] = frozenset()
) -> list[CatalogFile]:
    """Every page template and page catalog ``segments`` writes, with the bytes it would write; raises BuildFailed on a catalog that does not read."""
    planned: list[CatalogFile] = []
    problems: list[Problem] = []
    for key, page in sorted(sources.items()):
        template = page_template(page, split_page(page))
        planned.append(CatalogFile(segment_template_path(key), _po_text(template)))
        for language in config.languages:
            relative = segment_catalog_path(language, key)
            path = site_dir / relative
            if language == config.default_language or not (path.is_file() or (language, key) in start):
                continue
            catalog = read_catalog(path, relative, language, problems, check=lambda *_: []) if path.is_file() else _new_catalog(site_dir, template, language)
            if catalog is None:
                continue
            merge(catalog, template)
            for msgid in [msgid for msgid, message in catalog.obsolete.items() if not message.string]:
                del catalog.obsolete[msgid]  # as msgmerge: an old segment nobody translated is not worth keeping
            planned.append(CatalogFile(relative, _po_text(catalog)))
    if problems:
        raise BuildFailed(problems)  # a catalog that does not read is left as it is, for its translator to mend
    return planned


def _new_catalog(site_dir: Path, template: Catalog, language: str) -> Catalog:
    """A new page catalog, its header's translator and team those of the language's interface catalog, as msginit fills them in."""
    catalog = new_catalog(template, language)
    catalog.revision_date = catalog.creation_date
    interface = site_dir / catalog_path(language)
    if interface.is_file():
        with open(interface, "rb") as po_file:
            known = read_po(po_file, locale=language)
        catalog.last_translator, catalog.language_team = known.last_translator, known.language_team
    return catalog


def _po_text(catalog: Catalog) -> bytes:
    for message in catalog:
        # A page's text is no format string: msgfmt -c must not check "100% of" as one.
        message.flags.discard("python-format")
    return po_bytes(catalog)
