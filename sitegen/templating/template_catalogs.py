"""The gettext round trip, with Babel's own machinery: extract, then update every catalog.

``python build.py catalogs`` does what ``pybabel extract`` followed by
``pybabel update`` (or ``pybabel init`` for a new language) does, reading the
same babel.cfg, so translators and maintainers can use either; po_files.py
writes the files so that neither undoes the other's work.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.util import pathmatch

from sitegen.core.files import write_atomically
from sitegen.core.incremental import CACHE_DIR
from sitegen.core.problems import BuildFailed, Problem, unreadable
from sitegen.i18n.catalogs import DOMAIN, LOCALES_DIR, catalog_path
from sitegen.i18n.plural_forms import standard_header
from sitegen.i18n.po_files import header_text, merge, po_bytes, same_meaning
from sitegen.inputs.config import SiteConfig
from sitegen.inputs.schedule import Schedule
from sitegen.templating.templates import BUILT_IN_DIR, BUILT_IN_PLACE, BUILT_IN_TEMPLATES, TEMPLATES_DIR

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
    extracted = extract_from_dir(
        site_dir,
        method_map,
        options_map,
        keywords=DEFAULT_KEYWORDS,
        comment_tags=COMMENT_TAGS,
        directory_filter=_folders_to_search(method_map, site_dir),
    )
    try:
        for filename, lineno, message, comments, context in extracted:
            template.add(message, None, [(filename.replace("\\", "/"), lineno)], auto_comments=_tagged(comments), context=context)
    except OSError as exc:  # a link that leads nowhere, a file that cannot be read
        where = Path(exc.filename).relative_to(site_dir).as_posix() if exc.filename and Path(exc.filename).is_relative_to(site_dir) else MAPPING_NAME
        raise BuildFailed([unreadable(where, exc)]) from None
    for name in BUILT_IN_TEMPLATES:  # the generator's templates the site uses: their strings are the site's to translate
        if not (site_dir / TEMPLATES_DIR / name).is_file():
            where = f"{BUILT_IN_PLACE}/{name}"
            for lineno, message, comments, context in extract_from_file(
                "jinja2", BUILT_IN_DIR / name, keywords=DEFAULT_KEYWORDS, comment_tags=COMMENT_TAGS, options={"encoding": "utf-8"}
            ):
                template.add(message, None, [(where, lineno)], auto_comments=_tagged(comments), context=context)
    return template


def _tagged(comments: list[str]) -> list[str]:
    """Comments as the template's reader sees them: "Translators: …", the tag TRANSLATING.md names.

    Babel keeps the tag of a Python comment; Jinja's extractor drops it (it
    returns only the comments that had it), so it is put back.
    """
    return [comment if comment.startswith(COMMENT_TAGS) else f"{COMMENT_TAGS[0]} {comment}" for comment in comments]


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


@dataclass(frozen=True)
class CatalogFile:
    """A catalog (or template) as ``catalogs`` would write it."""

    relative: str  # to the site folder
    data: bytes


def planned_catalogs(site_dir: Path, config: SiteConfig, schedule: Schedule | None = None) -> list[CatalogFile]:
    """Every .pot and .po file ``catalogs`` writes, with the bytes it would write: the interface's, then the programme's."""
    template = dated_template(site_dir, extract_messages(site_dir))
    planned = [CatalogFile(TEMPLATE_NAME, po_bytes(template))]
    for language in config.languages:
        relative = catalog_path(language)
        if language != config.default_language or (site_dir / relative).exists():
            # The default language needs no catalog (the templates are written in it), but may have one.
            planned.append(_merged(site_dir, relative, template, language, DOMAIN))
    if schedule is not None:
        from sitegen.i18n.session_texts import PROGRAMME_TEMPLATE, programme_catalog_path, programme_template

        programme = programme_template(schedule)
        planned.append(CatalogFile(PROGRAMME_TEMPLATE, po_bytes(programme)))
        planned += [
            _merged(site_dir, programme_catalog_path(language), programme, language, "programme")
            for language in config.languages
            if language != config.default_language  # the schedule is written in it
        ]
    return planned


def dated_template(site_dir: Path, template: Catalog) -> Catalog:
    """The template, dated as the .pot on disk says when that holds the same strings.

    POT-Creation-Date is then when the strings last changed, not when a command
    last ran: the catalogs it is copied into, and a new language's, come out the
    same whoever makes them and whenever.
    """
    path = site_dir / TEMPLATE_NAME
    if path.is_file():
        data = path.read_bytes()
        if same_meaning(data, po_bytes(template)):
            template.creation_date = read_po(io.BytesIO(data)).creation_date
    return template


def changed_catalogs(site_dir: Path, planned: list[CatalogFile]) -> list[CatalogFile]:
    """The planned files that differ from what is on disk in more than their dates."""
    return [file for file in planned if not _same_meaning_on_disk(site_dir / file.relative, file.data)]


def update_catalogs(site_dir: Path, config: SiteConfig, schedule: Schedule | None = None) -> list[str]:
    """Extract the strings, write the .pot files, and bring every language's .po up to date.

    Returns the files written. A file whose messages did not change is left
    alone, so that running this again changes nothing.
    """
    changed = changed_catalogs(site_dir, planned_catalogs(site_dir, config, schedule))
    for file in changed:
        write_bytes(site_dir / file.relative, file.data)
    return [file.relative for file in changed]


def _merged(site_dir: Path, relative: str, template: Catalog, language: str, domain: str) -> CatalogFile:
    """A language's catalog merged with its template, as msgmerge does; a new one if there is none."""
    path = site_dir / relative
    if not path.exists():
        return CatalogFile(relative, po_bytes(new_catalog(template, language)))
    data = path.read_bytes()
    catalog = read_po(io.BytesIO(data), locale=language, domain=domain)
    merge(catalog, template)
    return CatalogFile(relative, po_bytes(catalog, kept_header=header_text(data.decode(catalog.charset, "replace"))))


def new_catalog(template: Catalog, language: str) -> Catalog:
    """An empty catalog for a language, as msginit makes one: its standard plural rule, no placeholders in the header,
    POT-Creation-Date and PO-Revision-Date both the template's date.

    Last-Translator and Language-Team say what is known (msginit's words for a
    catalog no translator has touched yet); Poedit and Weblate put the
    translator's own on the first save, and ``catalogs`` keeps whatever they wrote.
    """
    name = Locale.parse(language).english_name or language
    catalog = Catalog(
        locale=language,
        domain=DOMAIN,
        project="sitegen",
        charset="utf-8",
        fuzzy=False,
        header_comment=f"# {name} translations of the site.\n#",
        last_translator="Automatically generated",
        language_team=name,
    )
    catalog.mime_headers = [("Plural-Forms", standard_header(language))]
    catalog.update(template)
    catalog.revision_date = template.creation_date  # no translator has revised it yet: dated as its template, not by the clock
    catalog.msgid_bugs_address = ""  # as xgettext writes it when no address is given (the template's is Babel's placeholder)
    return catalog


def write_catalog(path: Path, catalog: Catalog) -> None:
    """Write a catalog as a .po file, creating its folder."""
    write_bytes(path, po_bytes(catalog))


def write_bytes(path: Path, data: bytes) -> None:
    write_atomically(path, data)


def _same_meaning_on_disk(path: Path, new_data: bytes) -> bool:
    return path.exists() and same_meaning(path.read_bytes(), new_data)


def _extracted_ids(site_dir: Path) -> list[tuple[str | tuple[str, ...], str | None]]:
    """(id, context) of every string extract_messages finds, remembered by the name, size and time of every file it could read.

    Every build asks, to tell whether a catalog is stale; extracting costs a
    second on this site (Babel tokenizes every Python file babel.cfg names),
    a look at the files' metadata a millisecond.
    """
    key = _extraction_key(site_dir)
    if key not in _EXTRACTED:
        cache = site_dir / CACHE_DIR / "strings.pickle"
        try:
            saved_key, ids = pickle.loads(cache.read_bytes())
        except (OSError, ValueError, TypeError, EOFError, pickle.UnpicklingError):
            saved_key, ids = None, None
        if saved_key != key:
            ids = [(message.id, message.context) for message in extract_messages(site_dir) if message.id]
            with contextlib.suppress(OSError):
                write_atomically(cache, pickle.dumps((key, ids)))
        _EXTRACTED.clear()  # one site's strings at a time: the preview asks again and again
        _EXTRACTED[key] = ids
    return _EXTRACTED[key]


_EXTRACTED: dict[str, list] = {}


def _extraction_key(site_dir: Path) -> str:
    import babel

    mapping = (site_dir / MAPPING_NAME).read_bytes()
    with open(site_dir / MAPPING_NAME, encoding="utf-8") as mapping_file:
        method_map, _ = parse_mapping_cfg(mapping_file)
    digest = hashlib.sha256(mapping + babel.__version__.encode() + str(site_dir.absolute()).encode())
    folders = sorted({"/".join(_literal_folders(pattern)) for pattern, method in method_map if method != "ignore"})
    for folder in folders:
        for root, names, files in os.walk(site_dir / folder if folder else site_dir):
            names.sort()
            for name in sorted(files):
                try:
                    stat = os.stat(os.path.join(root, name))
                except OSError:  # a link that leads nowhere: the templates' check names it
                    continue
                digest.update(f"{root}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def stale_catalog_warnings(site_dir: Path, config: SiteConfig, catalogs: dict[str, Catalog | None]) -> list[Problem]:
    """A warning for each catalog that lacks strings the templates now use.

    Those strings show in the source language until the catalog is updated
    with ``python build.py catalogs`` and translated.
    """
    if not (site_dir / MAPPING_NAME).is_file():
        return []
    template = _extracted_ids(site_dir)
    warnings = []
    for language, catalog in catalogs.items():
        if catalog is None:
            continue
        missing = [message_id for message_id, context in template if catalog.get(message_id, context=context) is None]
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
