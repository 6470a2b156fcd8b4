"""The programme as a calendar: one .ics per language of every session, when the site has a schedule."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..ical import TimedEvent, programme_calendar_path, render_programme_calendar
from ..model import BuildContext
from ..outputs import Job, output_kind
from .templated import view_job


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
    for language in site.config.languages:
        path = programme_calendar_path(language)
        # The page that shows the programme: the one whose template reads it.
        page = next((p for p in site.content.pages[language].values() if "programme" in build.templates.reads(p.template).names), None)
        url = build.linker(path, "absolute")(site.routes.path_of(language, page.key) or path) if page else site.config.base_url
        events = tuple(TimedEvent(s.guid, s.start, s.end, s.title, s.room, s.abstract, url + (f"#session-{s.guid}" if page else "")) for s in schedule.sessions)
        view = ProgrammeCalendarView(events, site.conference_view(language).name, site.languages[language].tag)
        yield view_job(path, view, write_programme_calendar, ("data/schedule.json",))


def write_programme_calendar(view: ProgrammeCalendarView) -> bytes:
    stamp = min(event.start for event in view.events)
    return render_programme_calendar(events=view.events, stamp=stamp, name=view.name, language_tag=view.language_tag)
