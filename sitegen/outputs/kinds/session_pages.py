"""The programme's own pages: one per session in every language (a cancelled one's too), the list of who speaks,
and what changed between the programme's versions, as a page and as an Atom feed."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from sitegen.i18n.session_texts import programme_catalog_path
from sitegen.inputs.interpretation import INTERPRETATION
from sitegen.inputs.schedule import Session
from sitegen.model.programme import CHANGES_FEED_TEMPLATE, CHANGES_TEMPLATE, PEOPLE_TEMPLATE, SESSION_TEMPLATE, YOUR_LANGUAGE_TEMPLATE, session_event
from sitegen.model.routes import ProgrammePaths
from sitegen.model.site import BuildContext
from sitegen.outputs.kinds.templated import template_job
from sitegen.outputs.registry import Job, output_kind
from sitegen.views.pages import ChangesContext, Link, OpenGraph, PageContext, PeopleContext, SessionContext, YourLanguageContext, extended, page_context
from sitegen.views.programme import changes_for, followable_for, people_for, programme_page, programme_paths, reader


@output_kind("session pages")
def plan_session_pages(build: BuildContext) -> Iterator[Job]:
    site = build.site
    schedule = site.conference.schedule
    if schedule is None or not site.has_programme:
        return
    paths = {language: programme_paths(build, language) for language in site.config.languages}
    named = any(session.persons for session in schedule.sessions)
    for language in site.config.languages:
        interpretation = (INTERPRETATION,) if site.conference.interpretation else ()
        sources = (*schedule.sources, *interpretation, programme_catalog_path(language))
        for session in site.conference.sessions_with_pages:
            path = paths[language].session(session.slug)
            yield template_job(build, path, SESSION_TEMPLATE, language, _session_context(build, language, session, paths), sources=sources)
        if named:
            path = paths[language].people
            yield template_job(build, path, PEOPLE_TEMPLATE, language, _people_context(build, language, paths), sources=sources)
        if interpretation:
            path = paths[language].your_language
            yield template_job(build, path, YOUR_LANGUAGE_TEMPLATE, language, _your_language_context(build, language, paths), sources=sources)
        if site.conference.history:
            for path, template in ((paths[language].changes, CHANGES_TEMPLATE), (paths[language].changes_feed, CHANGES_FEED_TEMPLATE)):
                yield template_job(build, path, template, language, _changes_context(build, language, path, paths), sources=sources)


def _session_context(build: BuildContext, language: str, session: Session, paths: Mapping[str, ProgrammePaths]) -> Callable[[], SessionContext]:
    def make() -> SessionContext:
        path = paths[language].session(session.slug)
        base = _moved(build, language, path, {code: where.session(session.slug) for code, where in paths.items()})
        reading = reader(build, language, path)
        view = reading.session(session)
        absolute = build.linker(path, "absolute")
        og = OpenGraph(view.title.text, view.abstract.text, absolute(path), base.og.locale, (), base.og.site_name, base.og.image) if base.og else None
        past = build.site.conference.phase.name == "past"  # as conference_event: no claim that it was held
        event = None if past else {"@context": "https://schema.org", **session_event(view, absolute(path))}
        programme_url = build.linker(path)(paths[language].page)
        return extended(base, SessionContext, og=og, structured_data=event, session=view, programme_url=programme_url, timezone=reading.timezone)

    return make


def _people_context(build: BuildContext, language: str, paths: Mapping[str, ProgrammePaths]) -> Callable[[], PeopleContext]:
    def make() -> PeopleContext:
        path = paths[language].people
        base = _moved(build, language, path, {code: where.people for code, where in paths.items()})
        return extended(base, PeopleContext, og=None, structured_data=None, people=people_for(build, language, path))

    return make


def _your_language_context(build: BuildContext, language: str, paths: Mapping[str, ProgrammePaths]) -> Callable[[], YourLanguageContext]:
    def make() -> YourLanguageContext:
        path = paths[language].your_language
        base = _moved(build, language, path, {code: where.your_language for code, where in paths.items()})
        programme_url = build.linker(path)(paths[language].page)
        return extended(base, YourLanguageContext, og=None, structured_data=None, followable=followable_for(build, language, path), programme_url=programme_url)

    return make


def _changes_context(build: BuildContext, language: str, path: str, paths: Mapping[str, ProgrammePaths]) -> Callable[[], ChangesContext]:
    def make() -> ChangesContext:
        base = _moved(build, language, path, {code: where.changes for code, where in paths.items()})
        # A feed reader takes the feed's links as they are: they are absolute there.
        changes = changes_for(build, language, path, absolute=path == paths[language].changes_feed)
        return extended(base, ChangesContext, og=None, structured_data=None, changes=changes)

    return make


def _moved(build: BuildContext, language: str, path: str, same_page: Mapping[str, str]) -> PageContext:
    """The programme page's context, for the page at ``path``: its menu, and links to ``same_page`` in every language."""
    site = build.site
    page = programme_page(build, language) or site.home(language)
    assert page is not None  # a language always has a home page, written or a fallback
    link, absolute = build.linker(path), build.linker(path, "absolute")
    languages = tuple(Link(site.languages[code].name, link(target), code == language, site.languages[code]) for code, target in same_page.items())
    default = same_page[site.config.default_language]
    # Every language has these pages, in its own words where its catalog translates the sessions.
    alternates = tuple((site.languages[code].tag, absolute(target)) for code, target in same_page.items()) + (("x-default", absolute(default)),)
    return extended(page_context(build, page, path), PageContext, languages=languages, alternates=alternates, canonical=absolute(path), noindex=False)
