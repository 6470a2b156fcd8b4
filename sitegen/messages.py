"""The gettext round trip, with Babel's own machinery: extract, then update every catalog.

``python build.py catalogs`` does what ``pybabel extract`` followed by
``pybabel update`` (or ``pybabel init`` for a new language) does, reading the
same babel.cfg, so translators and maintainers can use either.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po
from babel.util import pathmatch

from .catalogs import DOMAIN, LOCALES_DIR, catalog_path
from .config import SiteConfig
from .problems import Problem
from .schedule import Schedule

TEMPLATE_NAME = f"{LOCALES_DIR}/{DOMAIN}.pot"
MAPPING_NAME = "babel.cfg"
COMMENT_TAGS = ("Translators:",)


def extract_messages(site_dir: Path) -> Catalog:
    """Every translatable string of the templates, as babel.cfg maps them (none without babel.cfg)."""
    if not (site_dir / MAPPING_NAME).is_file():
        return Catalog(project="sitegen", charset="utf-8", fuzzy=False)
    with open(site_dir / MAPPING_NAME, encoding="utf-8") as mapping_file:
        method_map, options_map = parse_mapping_cfg(mapping_file)
    template = Catalog(project="sitegen", charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        site_dir,
        method_map,
        options_map,
        keywords=DEFAULT_KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
        directory_filter=_folders_to_search(method_map, site_dir),
    ):
        template.add(message, None, [(filename.replace("\\", "/"), lineno)], auto_comments=comments, context=context)
    return template


def _folders_to_search(method_map: list[tuple[str, str]], site_dir: Path):
    """Babel's own folder filter (no hidden or underscored folders, none babel.cfg ignores),
    that also passes over folders no pattern can reach: content/ may hold thousands of pages,
    and every build extracts the strings, to tell whether a catalog is stale."""
    wanted = [_literal_folders(pattern) for pattern, method in method_map if method != "ignore"]
    ignored = [pattern for pattern, method in method_map if method == "ignore"]
    root = site_dir.absolute()  # Babel hands over absolute paths, whatever --site was

    def search(folder: str) -> bool:
        relative = Path(folder).relative_to(root).as_posix()
        if Path(folder).name.startswith((".", "_")) or any(pathmatch(pattern, relative) for pattern in ignored):
            return False
        parts = relative.split("/")
        return any(parts[: len(literal)] == literal[: len(parts)] for literal in wanted)

    return search


def _literal_folders(pattern: str) -> list[str]:
    """The folders a babel.cfg pattern starts with: ['templates'] for 'templates/**.html'."""
    folders = []
    for part in pattern.split("/")[:-1]:
        if any(wildcard in part for wildcard in "*?["):
            break
        folders.append(part)
    return folders


def update_catalogs(site_dir: Path, config: SiteConfig) -> list[str]:
    """Extract the strings, write the .pot, and bring every language's .po up to date.

    Returns the files written. A file whose messages did not change is left
    alone, so that running this twice changes nothing.
    """
    template = extract_messages(site_dir)
    written = []
    if _write_if_changed(site_dir / TEMPLATE_NAME, template):
        written.append(TEMPLATE_NAME)
    for language in config.languages:
        path = site_dir / catalog_path(language)
        if language == config.default_language and not path.exists():
            continue  # the templates are written in it: a catalog is optional
        if path.exists():
            with open(path, "rb") as po_file:
                catalog = read_po(po_file, locale=language, domain=DOMAIN)
            catalog.update(template, update_header_comment=False)
        else:
            catalog = new_catalog(template, language)
        if _write_if_changed(path, catalog):
            written.append(catalog_path(language))
    return written


def update_programme_catalogs(site_dir: Path, config: SiteConfig, schedule: Schedule) -> list[str]:
    """The same round trip for the programme's texts: locales/programme.pot from the schedule, then each language's programme.po."""
    from .session_texts import PROGRAMME_TEMPLATE, programme_catalog_path, programme_template

    template = programme_template(schedule)
    written = [PROGRAMME_TEMPLATE] if _write_if_changed(site_dir / PROGRAMME_TEMPLATE, template) else []
    for language in config.languages:
        if language == config.default_language:
            continue  # the schedule is written in it
        path = site_dir / programme_catalog_path(language)
        if path.exists():
            with open(path, "rb") as po_file:
                catalog = read_po(po_file, locale=language, domain="programme")
            catalog.update(template, update_header_comment=False)
        else:
            catalog = new_catalog(template, language)
        if _write_if_changed(path, catalog):
            written.append(programme_catalog_path(language))
    return written


def new_catalog(template: Catalog, language: str) -> Catalog:
    """An empty catalog for a language, with its plural rules, as pybabel init makes."""
    catalog = Catalog(locale=language, domain=DOMAIN, project="sitegen", charset="utf-8", fuzzy=False)
    catalog.update(template)
    return catalog


def write_catalog(path: Path, catalog: Catalog) -> None:
    """Write a catalog as a .po file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_po_text(catalog))


def _write_if_changed(path: Path, catalog: Catalog) -> bool:
    new_text = _po_text(catalog)
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(new_text):
        return False
    write_catalog(path, catalog)
    return True


def _po_text(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=88, sort_output=False, include_previous=True)
    return buffer.getvalue()


def _without_dates(text: bytes) -> bytes:
    return b"\n".join(line for line in text.split(b"\n") if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:')))


def stale_catalog_warnings(site_dir: Path, config: SiteConfig, catalogs: dict[str, Catalog | None]) -> list[Problem]:
    """A warning for each catalog that lacks strings the templates now use.

    Those strings show in the source language until the catalog is updated
    with ``python build.py catalogs`` and translated.
    """
    if not (site_dir / MAPPING_NAME).is_file():
        return []
    template = extract_messages(site_dir)
    warnings = []
    for language, catalog in catalogs.items():
        if catalog is None:
            continue
        missing = [m.id for m in template if m.id and catalog.get(m.id, context=m.context) is None]
        if missing:
            sample = ", ".join(repr(_singular(message_id)) for message_id in missing[:3]) + (" …" if len(missing) > 3 else "")
            warnings.append(
                Problem(
                    catalog_path(language),
                    None,
                    f"stale: {len(missing)} string{'s' if len(missing) != 1 else ''} of the templates not in it ({sample}); run 'python build.py catalogs'",
                    is_warning=True,
                )
            )
    return warnings


def _singular(message_id: str | tuple[str, ...] | list[str]) -> str:
    return message_id[0] if isinstance(message_id, (list, tuple)) else message_id
