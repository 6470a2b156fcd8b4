"""The programme's views for one file: what the programme page, the session pages and the list of who speaks see.

The programme page is the page whose template reads ``programme``; the
sessions' pages and the list of who speaks live in its folder
("es/programa/<slug>/"), so their addresses follow its slug in each language.
"""

from __future__ import annotations

import zoneinfo

from sitegen.i18n.session_texts import SessionTexts
from sitegen.inputs.content import HOME_KEY, Page
from sitegen.model.programme import ChangesView, PeopleView, ProgrammeView, Reader, changes_view, followable_view, people_view, programme_view
from sitegen.model.routes import ProgrammePaths
from sitegen.model.site import BuildContext
from sitegen.views.conference import conference_event


def programme_page(build: BuildContext, language: str) -> Page | None:
    """The page that shows the programme in ``language``: the one whose template reads it."""
    pages = build.site.content.pages[language]
    return build.shared(("programme page", language), lambda: next((p for p in pages.values() if "programme" in build.templates.reads(p.template).names), None))


def programme_paths(build: BuildContext, language: str) -> ProgrammePaths:
    site, page = build.site, programme_page(build, language)
    path = site.routes.path_of(language, page.key) if page else None
    if path is None:  # no page shows it: the sessions' pages still have a home, and lead back to the language's
        return ProgrammePaths(f"{language}/programme", site.routes.path_of(language, HOME_KEY) or f"{language}/index.html")
    folder = path.removesuffix("/index.html") if path.endswith("/index.html") else path.rpartition(".")[0]
    return ProgrammePaths(folder, path)


def reader(build: BuildContext, language: str, path: str, absolute: bool = False) -> Reader:
    """The reader of ``language`` at the file ``path``: how its sessions' views are made."""
    site = build.site
    return Reader(
        zone=zoneinfo.ZoneInfo(site.config.conference.timezone),
        locale=site.config.date_locale(language),
        language=language,
        source=site.languages[site.config.default_language],
        texts=site.conference.session_texts.get(language, SessionTexts()),
        paths=programme_paths(build, language),
        link=build.linker(path, "absolute") if absolute else build.linker(path),
        allow_raw_html=site.config.allow_raw_html,
        history=site.conference.history,
        interpretation=site.conference.interpretation,
    )


def programme_for(build: BuildContext, language: str, path: str) -> ProgrammeView | None:
    """The programme as the file at ``path`` shows it, or None when the site has none."""
    site = build.site
    schedule = site.conference.schedule
    if schedule is None or not site.config.conference.timezone:
        return None

    def make() -> ProgrammeView:
        page, absolute = programme_page(build, language), build.linker(path, "absolute")
        event = conference_event(site, language, absolute(path), page.summary if page else "")
        return programme_view(schedule, reader(build, language, path), event, absolute)

    return build.shared(("programme", language, path), make)


def people_for(build: BuildContext, language: str, path: str) -> PeopleView:
    schedule = build.site.conference.schedule
    assert schedule is not None
    return people_view(schedule, reader(build, language, path))


def changes_for(build: BuildContext, language: str, path: str, absolute: bool = False) -> ChangesView:
    history = build.site.conference.history
    assert history is not None
    return changes_view(history, reader(build, language, path, absolute), build.site.config.site_name)


def followable_for(build: BuildContext, language: str, path: str) -> ProgrammeView:
    schedule = build.site.conference.schedule
    assert schedule is not None
    return followable_view(schedule, reader(build, language, path), build.linker(path, "absolute"))
