"""What a translator of one language has left to do, each item at its place: ``python build.py status LANG``.

Strings untranslated or fuzzy (the catalog's file and the line of the
msgid, as Poedit and an editor can jump to), programme texts likewise,
pages outdated or missing (with the command that shows what changed), and
translations without an agreed term of the glossary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog

from sitegen.i18n.catalogs import TRANSLATED, catalog_path, message_state, read_catalog
from sitegen.i18n.freshness import MISSING, OUTDATED
from sitegen.i18n.segment_pages import segment_catalog_path
from sitegen.i18n.segments import page_template, split_page
from sitegen.i18n.session_texts import programme_catalog_path
from sitegen.inputs.config import CONFIG_NAME
from sitegen.inputs.content import CONTENT_DIR
from sitegen.model.site import Site
from sitegen.templating.unmarkable import iter_unmarkable


@dataclass(frozen=True)
class Todo:
    file: str
    line: int | None
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.what}" if self.line else f"{self.file}: {self.what}"


def language_todo(site: Site, language: str) -> list[Todo]:
    """Everything left to translate in ``language``, catalog by catalog, then page by page."""
    todo = _strings(site.catalogs.get(language), catalog_path(language), unmarkable=_unmarkable(site))
    todo += _site_texts(site, language)
    if site.conference.schedule is not None:
        todo += _strings(_programme_catalog(site.site_dir, language), programme_catalog_path(language), "programme text")
    source = site.config.default_language
    for key in sorted(site.written.pages[source]):
        state = site.freshness.of(language, key)
        if (language, key) in site.segments.counts:
            todo += _segments(site, language, key)
        elif state == OUTDATED and not site.written.pages[language][key].source_hash:
            todo.append(
                Todo(
                    f"{CONTENT_DIR}/{language}/{key}.md",
                    None,
                    f"outdated: never marked as translated; translate it from {CONTENT_DIR}/{source}/{key}.md, then run 'python build.py translated {language} {key}'",
                )
            )
        elif state == OUTDATED:
            todo.append(
                Todo(
                    f"{CONTENT_DIR}/{language}/{key}.md",
                    None,
                    f"outdated: its source changed; see what changed with 'python build.py status --diff {language} {key}'",
                )
            )
        elif state == MISSING:
            todo.append(Todo(f"{CONTENT_DIR}/{source}/{key}.md", None, f"missing: translate it into {CONTENT_DIR}/{language}/{key}.md"))
    todo += [Todo(gap.path, gap.line, gap.message) for gap in site.glossary_gaps.get(language, ())]  # the agreed terms (glossary.py)
    return todo


def _strings(catalog: Catalog | None, file: str, kind: str = "string", unmarkable: Mapping[tuple[str | None, str], str] | None = None) -> list[Todo]:
    """The untranslated and fuzzy entries of a catalog; ``unmarkable`` says, by (msgctxt, msgid), where one shows unmarked."""
    if catalog is None:
        return []
    todo = []
    for message in catalog:
        if not message.id:
            continue  # the header
        msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        where = (unmarkable or {}).get((message.context, msgid), "")
        state = message_state(message)
        if state != TRANSLATED:
            todo.append(Todo(file, message.lineno, f"{state} {kind}: {_quoted(msgid)}{where}"))
    return todo


def _unmarkable(site: Site) -> dict[tuple[str | None, str], str]:
    """Where the templates show each interface string that no mark can follow (unmarkable.py), said for ``status``:
    until it is translated, it shows there in the source language, and nothing says so."""
    source = Locale.parse(site.config.default_language).english_name
    places: dict[tuple[str | None, str], list[str]] = {}
    for found in iter_unmarkable(site.site_dir):
        places.setdefault((found.context, found.msgid), []).append(f"{found.template}:{found.line} ({found.where})")
    return {key: f"; until then it shows in {source}, unmarked, at {', '.join(where)}: no mark can go there" for key, where in places.items()}


def _site_texts(site: Site, language: str) -> list[Todo]:
    """The site.toml texts a language has none of its own for: its pages show the default language's."""
    facts, default = site.conference.facts, site.config.default_language
    if language == default:
        return []
    source = Locale.parse(default).english_name
    lines = (site.site_dir / CONFIG_NAME).read_text(encoding="utf-8").splitlines()
    todo = []
    for name in ("name", "organizer", "city", "venue"):
        texts = getattr(facts, name)
        if texts.by_language.get(language) or not texts.get(language):
            continue
        line = next((number for number, text in enumerate(lines, start=1) if text.strip() == f"[conference.{name}]"), None)
        todo.append(
            Todo(
                CONFIG_NAME,
                line,
                f"[conference.{name}] has no {language} text: the {source} {_quoted(texts.get(language))} shows instead, "
                "marked as such in the text but not in page titles and attributes",
            )
        )
    return todo


def _segments(site: Site, language: str, key: str) -> list[Todo]:
    """The segments of a page translated by segments still to do: at the catalog's line, or at the
    source page's where the catalog does not have them yet."""
    source = site.written.pages[site.config.default_language][key]
    relative = segment_catalog_path(language, key)
    catalog = read_catalog(site.site_dir / relative, relative, language, [], check=lambda *_: [])
    todo = []
    for message in page_template(source, split_page(source)):
        if not message.id:
            continue
        kind = message.auto_comments[0] if message.auto_comments else "segment"
        found = catalog.get(message.id, context=message.context) if catalog else None
        if found is None:
            line = message.locations[0][1] if message.locations else None
            todo.append(Todo(source.source, line, f"{kind} not in {relative} yet: run 'python build.py segments': {_quoted(str(message.id))}"))
        elif (state := message_state(found)) != TRANSLATED:
            todo.append(Todo(relative, found.lineno, f"{state} {kind}: {_quoted(str(message.id))}"))
    return todo


def _programme_catalog(site_dir: Path, language: str) -> Catalog | None:
    relative = programme_catalog_path(language)
    path = site_dir / relative
    return read_catalog(path, relative, language, []) if path.is_file() else None


def _quoted(text: str) -> str:
    one_line = " ".join(text.split())
    return repr(one_line if len(one_line) <= 70 else one_line[:69] + "…")
