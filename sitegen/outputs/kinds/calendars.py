"""The conference as an all-day event, one calendar per language."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from sitegen.formats.ical import render_calendar
from sitegen.inputs.content import HOME_KEY
from sitegen.model.routes import calendar_path
from sitegen.model.site import BuildContext
from sitegen.outputs.kinds.templated import view_job
from sitegen.outputs.registry import Job, output_kind
from sitegen.views.conference import conference_view


@dataclass(frozen=True)
class CalendarView:
    uid: str
    start: datetime.date
    end: datetime.date
    summary: str
    location: str
    description: str
    url: str
    language_tag: str


@output_kind("calendars")
def plan_calendars(build: BuildContext) -> Iterator[Job]:
    site = build.site
    facts = site.conference.facts
    for language in site.config.languages:
        view = conference_view(site, language)
        path = calendar_path(language)
        home = site.home(language)
        calendar = CalendarView(
            uid=f"{facts.start.isoformat()}@{site.config.base_url.split('://', 1)[-1].strip('/')}",
            start=facts.start,
            end=facts.end,
            summary=view.name,
            location=", ".join(part for part in (view.venue, view.city, view.country) if part),
            description=home.summary if home and not home.is_fallback else view.name,
            url=build.linker(path, "absolute")(site.routes.path_of(language, HOME_KEY) or path),
            language_tag=site.languages[language].tag,
        )
        yield view_job(path, calendar, write_calendar, ("site.toml",))


def write_calendar(view: CalendarView) -> bytes:
    return render_calendar(**{name: getattr(view, name) for name in CalendarView.__dataclass_fields__})
