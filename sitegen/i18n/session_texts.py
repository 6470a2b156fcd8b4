"""The programme's texts in every language: one gettext catalog per language, beside the interface's.

``locales/<language>/LC_MESSAGES/programme.po`` holds each session's title,
subtitle, abstract and description as a message whose context names the
session's guid and the field ("7f1c…|title"). Translators see the original in
Poedit or Weblate like any other string; ``python build.py catalogs`` writes
``locales/programme.pot`` from data/schedule.json and brings each catalog up to
date the way ``msgmerge`` does, so an edited original turns its translation
fuzzy. A fuzzy or empty translation is not shown: the page shows the original,
marked with its language, as a fallback page does. The schedule's texts are
taken to be in the site's default language, the language pages are written in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from sitegen.core.problems import Problem
from sitegen.i18n.catalogs import FUZZY, LOCALES_DIR, UNTRANSLATED, StringCounts, message_state, read_catalog
from sitegen.inputs.config import SiteConfig
from sitegen.inputs.schedule import SCHEDULE, Schedule

FIELDS = ("title", "subtitle", "abstract", "description")
PROGRAMME_TEMPLATE = f"{LOCALES_DIR}/programme.pot"


def programme_catalog_path(language: str) -> str:
    return f"{LOCALES_DIR}/{language}/LC_MESSAGES/programme.po"


@dataclass(frozen=True)
class SessionTexts:
    """One language's translations of the programme, and how far they have come."""

    translated: Mapping[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (guid, field) → (original, translation)
    counts: StringCounts = field(default_factory=lambda: StringCounts(0, 0, 0))

    def get(self, guid: str, name: str, original: str | None = None) -> str | None:
        """The translation of a session's text; with ``original``, only if it translates that text (not a later title, say)."""
        found = self.translated.get((guid, name))
        return found[1] if found and (original is None or found[0] == original) else None


def message_context(guid: str, name: str) -> str:
    return f"{guid}|{name}"


def programme_template(schedule: Schedule) -> Catalog:
    """Every text of the schedule a translator translates, each with the session it belongs to."""
    template = Catalog(project="sitegen", charset="utf-8", fuzzy=False)
    # The cancelled sessions keep their pages, and their translations.
    for session, source in tuple((session, SCHEDULE) for session in schedule.sessions) + schedule.dropped:
        for name in FIELDS:
            text = getattr(session, name)
            if text:
                comments = [f"{name} of “{session.title}”" if name != "title" else "session title", f"{source} {session.pointer}"]
                # No line number: JSON has none to give; Babel writes the file's name alone ("#: data/schedule.json").
                where = [(source, None)]
                template.add(text, None, where, auto_comments=comments, context=message_context(session.guid, name))  # type: ignore[arg-type]
    return template


def load_session_texts(site_dir: Path, config: SiteConfig, schedule: Schedule | None) -> tuple[dict[str, SessionTexts], list[Problem]]:
    """Each language's translations of the schedule, checked like the interface's catalogs (file and line)."""
    if schedule is None:
        return {}, []
    wanted = programme_template(schedule)
    texts: dict[str, SessionTexts] = {}
    problems: list[Problem] = []
    for language in config.languages:
        if language == config.default_language:
            continue
        relative = programme_catalog_path(language)
        path = site_dir / relative
        catalog = read_catalog(path, relative, language, problems) if path.is_file() else None
        texts[language] = _translations(wanted, catalog)
    return texts, problems


def _translations(wanted: Catalog, catalog: Catalog | None) -> SessionTexts:
    translated: dict[tuple[str, str], tuple[str, str]] = {}
    fuzzy = untranslated = 0
    for message in wanted:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context) if catalog else None
        state = message_state(found)
        if state == UNTRANSLATED:
            untranslated += 1
        elif state == FUZZY:
            fuzzy += 1
        else:
            assert found is not None  # translated
            guid, _, name = str(message.context).rpartition("|")
            translated[(guid, name)] = (str(message.id), str(found.string))
    return SessionTexts(translated, StringCounts(len(translated), fuzzy, untranslated))
