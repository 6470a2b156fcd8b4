"""The programme as templates see it: days, their time slots, and the sessions in each room.

Times are shown in the conference's time zone, named in the reader's language,
in each language's CLDR time format (Babel): "14:00–15:30" in Spanish,
"2:00–3:30 pm" in Hindi. A day is a table: a row per time slot, a column per
room, a long session spanning the rows it lasts; a stylesheet lays it out as
one column on a phone.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date, format_interval, format_time, get_timezone_name

from .digest import shared
from .languages import language_name_in
from .schedule import Schedule, Session

SPANNED = "spanned"  # a cell a longer session above already covers: the table leaves it out


@dataclass(frozen=True)
class SessionView:
    guid: str
    title: str
    subtitle: str
    time: str  # "14:00–15:30", in the reader's language
    start: str  # ISO 8601 with offset, for <time datetime>
    end: str
    room: str
    track: str
    type: str
    language: str  # the session's language, named in the reader's ("inglés"), or ''
    persons: tuple[str, ...]
    abstract: str


@dataclass(frozen=True)
class Cell:
    session: SessionView | None  # None: nothing in this room at this time
    rows: int = 1  # how many time slots the session lasts
    kind: str = ""  # SPANNED where a session above covers it


@dataclass(frozen=True)
class Slot:
    time: str  # its start, in the reader's language
    start: str  # ISO 8601
    cells: tuple[Cell, ...]  # one per room, in the order of ProgrammeView.rooms


@dataclass(frozen=True)
class DayView:
    date: str  # "viernes, 1 de marzo de 2013"
    iso_date: str
    slots: tuple[Slot, ...]
    sessions: tuple[SessionView, ...]  # the day's sessions in order of time: for a reader who wants a list


@shared
@dataclass(frozen=True)
class ProgrammeView:
    timezone: str  # the conference's time zone, named in the reader's language: "hora de Perú"
    rooms: tuple[str, ...]
    days: tuple[DayView, ...]


def programme_view(schedule: Schedule, timezone_name: str, locale: str, language: str) -> ProgrammeView:
    """The programme for readers of ``language``, whose dates and times ``locale`` formats."""
    zone = zoneinfo.ZoneInfo(timezone_name)
    by_day: dict[datetime.date, list[Session]] = {}
    for session in schedule.sessions:
        by_day.setdefault(session.start.astimezone(zone).date(), []).append(session)
    days = tuple(_day(day, sessions, schedule.rooms, zone, locale, language) for day, sessions in sorted(by_day.items()))
    return ProgrammeView(get_timezone_name(zone, locale=locale), schedule.rooms, days)


def _day(day: datetime.date, sessions: list[Session], rooms: tuple[str, ...], zone: datetime.tzinfo, locale: str, language: str) -> DayView:
    views = {session.guid: session_view(session, zone, locale, language) for session in sessions}
    boundaries = sorted({time for session in sessions for time in (session.start, session.end)})
    covered: dict[str, int] = {}  # room → how many more slots the session that started above still covers
    slots = []
    for index, start in enumerate(boundaries[:-1]):
        cells = []
        for room in rooms:
            if covered.get(room, 0) > 0:
                covered[room] -= 1
                cells.append(Cell(None, kind=SPANNED))
                continue
            starting = next((s for s in sessions if s.room == room and s.start == start), None)
            if starting is None:
                cells.append(Cell(None))
                continue
            rows = sum(1 for boundary in boundaries[index + 1 :] if boundary <= starting.end)
            covered[room] = rows - 1
            cells.append(Cell(views[starting.guid], rows))
        slots.append(Slot(format_time(start, "short", tzinfo=zone, locale=locale), start.isoformat(), tuple(cells)))
    return DayView(format_date(day, "full", locale=locale), day.isoformat(), tuple(slots), tuple(views[s.guid] for s in sessions))


def session_view(session: Session, zone: datetime.tzinfo, locale: str, language: str) -> SessionView:
    return SessionView(
        guid=session.guid,
        title=session.title,
        subtitle=session.subtitle,
        time=format_interval(session.start.astimezone(zone), session.end.astimezone(zone), _hours_and_minutes(locale), tzinfo=zone, locale=locale),
        start=session.start.isoformat(),
        end=session.end.isoformat(),
        room=session.room,
        track=session.track,
        type=session.type,
        language=_language_name(session.language, language),
        persons=session.persons,
        abstract=session.abstract,
    )


def _hours_and_minutes(locale: str) -> str:
    """The CLDR skeleton of hours and minutes in the clock the language reads: 24 hours, or 12 with its day period."""
    return "hm" if "h" in Locale.parse(locale).time_formats["short"].pattern else "Hm"


def _language_name(code: str, language: str) -> str:
    if not code:
        return ""
    try:
        return language_name_in(code.replace("-", "_"), language)
    except (ValueError, LookupError):
        return code  # a code Babel does not know: shown as the schedule gives it
