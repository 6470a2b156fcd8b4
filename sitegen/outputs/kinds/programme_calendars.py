"""The programme as calendars: in every language, one .ics of every session and one beside each session's page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sitegen.formats.ical import TimedEvent, render_programme_calendar
from sitegen.i18n.catalogs import catalog_path
from sitegen.i18n.session_texts import programme_catalog_path
from sitegen.inputs.interpretation import INTERPRETATION
from sitegen.model.programme import SessionView
from sitegen.model.routes import programme_calendar_path
from sitegen.model.site import BuildContext
from sitegen.outputs.kinds.templated import view_job
from sitegen.outputs.registry import Job, output_kind
from sitegen.views.conference import conference_view
from sitegen.views.programme import programme_paths, reader


@dataclass(frozen=True)
class ProgrammeCalendarView:
    events: tuple[TimedEvent, ...]
    name: str
    language_tag: str


@output_kind("programme calendars")
def plan_programme_calendars(build: BuildContext) -> Iterator[Job]:
    site = build.site
    schedule = site.conference.schedule
    if schedule is None or not site.has_programme:
        return
    history = site.conference.history
    # A cancelled session stays in the calendars, cancelled: a subscribed calendar then strikes it out, rather than keep it.
    cancelled = set(history.cancelled) if history else set()
    for language in site.config.languages:
        interpreting = (INTERPRETATION, catalog_path(language)) if site.conference.interpretation else ()
        paths, sources = programme_paths(build, language), (*schedule.sources, *interpreting, programme_catalog_path(language))
        absolute = build.linker(programme_calendar_path(language), "absolute")
        texts = reader(build, language, paths.page)
        translate = site.translations[language].gettext
        events = {
            session.guid: TimedEvent(
                session.guid,
                session.start,
                session.end,
                texts.text(session, "title").text,
                session.room,
                _description(texts.text(session, "abstract").text, texts.session(session), translate) if interpreting else texts.text(session, "abstract").text,
                absolute(paths.session(session.slug)),
                history.sequence.get(session.guid, 0) if history else 0,
                cancelled=session in cancelled,
            )
            for session in site.conference.sessions_with_pages
        }
        name, tag = conference_view(site, language).name, site.languages[language].tag
        yield view_job(programme_calendar_path(language), ProgrammeCalendarView(tuple(events.values()), name, tag), write_programme_calendar, sources)
        for session in site.conference.sessions_with_pages:
            view = ProgrammeCalendarView((events[session.guid],), name, tag)
            yield view_job(paths.calendar(session.slug), view, write_programme_calendar, sources)


def _description(abstract: str, view: SessionView, translate: Callable[[str], str]) -> str:
    """The event's description: its abstract, then the language it is held in and those it is interpreted into.

    The two lines are the programme page's own strings ("Language: %(language)s", "Interpretation:
    %(languages)s"), so the site's catalog translates them; they are looked up through a name Babel
    does not extract, since they are the templates' to declare. A calendar shows plain text, unescaped.
    """
    lines = [abstract] if abstract else []
    if view.language:
        lines.append(translate("Language: %(language)s") % {"language": view.language})
    if view.interpreted:
        lines.append(translate("Interpretation: %(languages)s") % {"languages": view.interpreted})
    return "\n".join(lines)


def write_programme_calendar(view: ProgrammeCalendarView) -> bytes:
    stamp = min(event.start for event in view.events)
    return render_programme_calendar(events=view.events, stamp=stamp, name=view.name, language_tag=view.language_tag)
