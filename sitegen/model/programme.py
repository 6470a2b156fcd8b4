"""The programme as templates see it: days, their time slots, the sessions in each room, and who speaks.

Times are shown in the conference's time zone, named in the reader's language,
in each language's CLDR time format (Babel): "14:00–15:30" in Spanish,
"2:00–3:30 pm" in Hindi. A day is a table: a row per time slot, a column per
room, a long session spanning the rows it lasts; a stylesheet lays it out as
one column on a phone. A session's texts are in the reader's language where
its catalog translates them (session_texts.py), else in the schedule's own,
and then say so (``Text.language``), as a fallback page does.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import zoneinfo
from dataclasses import dataclass
from typing import Any

from babel import Locale
from babel.dates import format_date, format_interval, format_time, get_timezone_name
from babel.lists import format_list
from markupsafe import Markup

from sitegen.core.digest import shared
from sitegen.i18n.session_texts import SessionTexts
from sitegen.inputs.interpretation import Interpretation, primary
from sitegen.inputs.languages import Language, collation_key, language_name_in, name_in_sentence
from sitegen.inputs.schedule import Schedule, Session
from sitegen.model.routes import ProgrammePaths
from sitegen.model.schedule_changes import ADDED, CANCELLED, MOVED, RETITLED, Change, ScheduleHistory, Version
from sitegen.model.urls import Linker
from sitegen.templating.markup import MarkdownRenderer

SESSION_TEMPLATE = "session.html"  # a session's own page
PEOPLE_TEMPLATE = "people.html"  # who speaks, each with their sessions
CHANGES_TEMPLATE = "changes.html"  # what changed from one version of the programme to the next
CHANGES_FEED_TEMPLATE = "changes.atom"  # the same as an Atom feed
YOUR_LANGUAGE_TEMPLATE = "your-language.html"  # the sessions a reader can follow in their language, held or interpreted in it
SPOKEN, INTERPRETED = "spoken", "interpreted"  # how a reader can follow a session in their language
SPANNED = "spanned"  # a cell a longer session above already covers: the table leaves it out


@dataclass(frozen=True)
class Text:
    """A text of a session: in the reader's language, or in the schedule's, and then marked with it."""

    text: str
    language: Language | None = None  # set where the text is not in the reader's language

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


@dataclass(frozen=True)
class Person:
    name: str
    url: str  # to the person's entry in the list of who speaks


@dataclass(frozen=True)
class Placing:
    """Where and when a session stood in one version of the programme."""

    day: str  # "viernes, 1 de marzo de 2013"
    time: str  # "14:00–15:30"
    start: str  # ISO 8601, for <time datetime>
    room: str
    title: Text


@dataclass(frozen=True)
class ChangeView:
    """One change to one session, in one version."""

    kind: str  # "added", "cancelled", "moved" or "retitled"
    version: str
    released: str  # the day the version was published, in the reader's language, or ''
    released_iso: str
    url: str  # the session's page
    now: Placing  # as this version has it (a cancelled session: as it last stood)
    before: Placing | None  # as the version before had it; None where it was added


@dataclass(frozen=True)
class SessionView:
    guid: str
    title: Text
    subtitle: Text
    abstract: Text
    description: Markup  # its Markdown, rendered as a page's is: raw HTML shown as text
    description_language: Language | None  # as Text.language
    day: str  # "viernes, 1 de marzo de 2013"
    time: str  # "14:00–15:30", in the reader's language
    start: str  # ISO 8601 with offset, for <time datetime>
    end: str
    room: str
    track: str
    type: str
    language: str  # the session's language, named in the reader's ("inglés"), or ''
    language_tag: str  # its BCP 47 tag ("es"), or ''
    persons: tuple[Person, ...]
    links: tuple[tuple[str, str], ...]  # (url, title) the schedule gives
    url: str  # its own page
    calendar_url: str  # its own .ics
    cancelled: bool = False  # taken out of the programme: its page stays, and says so
    interpreted: str = ""  # the languages it is interpreted into, named in the reader's language and listed as it lists ("inglés y ruso")
    interpreted_tags: tuple[str, ...] = ()  # their codes, as data/interpretation.yaml gives them
    followable: str = ""  # "spoken" where it is held in the reader's language, "interpreted" where interpreted into it, else ''
    changes: tuple[ChangeView, ...] = ()  # what changed in it, newest first (data/schedule-history/)


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
    people_url: str  # the list of who speaks, or '' when the schedule names no one
    structured_data: dict[str, Any] | None  # the conference as a schema.org Event, its sessions as subEvents; None once past
    version: str = ""  # the schedule's version, as it names it
    changes_url: str = ""  # what changed between its versions, or '' when it has no earlier ones
    changes_feed_url: str = ""
    cancelled: tuple[SessionView, ...] = ()  # sessions of earlier versions taken out of this one
    your_language_url: str = ""  # the sessions a reader can follow in their language, or '' when the site gives no interpretation
    language_name: str = ""  # the reader's language, named in itself ("español")


@dataclass(frozen=True)
class VersionView:
    """One version of the programme and what it changed."""

    version: str
    anchor: str  # the id of its section: "version-2"
    released: str  # in the reader's language, or ''
    released_iso: str
    sessions: int  # how many it holds
    first: bool  # the first version known: nothing changed in it
    current: bool
    feed_day: str  # ISO 8601: its day, or where it gives none the last given before it (the feed must date every entry)
    added: tuple[ChangeView, ...]
    cancelled: tuple[ChangeView, ...]
    moved: tuple[ChangeView, ...]
    retitled: tuple[ChangeView, ...]


@dataclass(frozen=True)
class ChangesView:
    versions: tuple[VersionView, ...]  # newest first
    programme_url: str
    page_url: str  # the changes page
    feed_url: str
    author: str  # who publishes the feed: this site (Atom requires an author)
    timezone: str  # the zone the times are in
    updated: str  # ISO 8601: the newest version's feed_day (the feed's <updated>)


@dataclass(frozen=True)
class PersonEntry:
    name: str
    anchor: str  # the id of the person's entry
    sessions: tuple[SessionView, ...]


@dataclass(frozen=True)
class PeopleView:
    persons: tuple[PersonEntry, ...]  # in the reader's alphabetical order
    programme_url: str
    timezone: str  # as ProgrammeView.timezone: the zone the sessions' times are in


@dataclass(frozen=True)
class Reader:
    """Everything a session's view depends on besides the session: who reads it, and from which file."""

    zone: zoneinfo.ZoneInfo
    locale: str  # the one dates and times are formatted in
    language: str
    source: Language  # the language the schedule is written in
    texts: SessionTexts
    paths: ProgrammePaths
    link: Linker
    allow_raw_html: bool = False
    history: ScheduleHistory | None = None
    interpretation: Interpretation | None = None

    @property
    def timezone(self) -> str:
        """The conference's time zone, named in the reader's language ("hora de Perú")."""
        return get_timezone_name(self.zone, locale=self.locale)

    def session(self, session: Session) -> SessionView:
        start, end = session.start.astimezone(self.zone), session.end.astimezone(self.zone)
        description, description_language = self._description(session)
        return SessionView(
            guid=session.guid,
            title=self.text(session, "title"),
            subtitle=self.text(session, "subtitle"),
            abstract=self.text(session, "abstract"),
            description=description,
            description_language=description_language,
            day=format_date(start.date(), "full", locale=self.locale),
            time=format_interval(start, end, _hours_and_minutes(self.locale), tzinfo=self.zone, locale=self.locale),
            start=session.start.isoformat(),
            end=session.end.isoformat(),
            room=session.room,
            track=session.track,
            type=session.type,
            language=_language_name(session.language, self.language),
            language_tag=session.language,
            persons=tuple(Person(name, self.link(self.paths.people + "#" + person_anchor(name))) for name in session.persons),
            links=session.links,
            url=self.link(self.paths.session(self.slug(session))),
            calendar_url=self.link(self.paths.calendar(self.slug(session))),
            cancelled=bool(self.history) and session.guid not in self.current,
            **self.interpreting(session),
            changes=tuple(self.change(version, change) for version, change in self.history.changes_of(session.guid)) if self.history else (),
        )

    def interpreting(self, session: Session) -> dict[str, Any]:
        """What a session's view says of its languages: those it is interpreted into, and whether this reader can follow it."""
        into = self.interpretation.into(session) if self.interpretation else ()
        names = [_language_name(code, self.language) for code in into]
        mine = primary(self.language)
        followable = SPOKEN if session.language and primary(session.language) == mine else INTERPRETED if any(primary(c) == mine for c in into) else ""
        return {"interpreted": format_list(names, locale=self.locale) if names else "", "interpreted_tags": into, "followable": followable}

    @functools.cached_property
    def current(self) -> frozenset[str]:
        return frozenset(self.history.slugs) - {s.guid for s in self.history.cancelled} if self.history else frozenset()

    def slug(self, session: Session) -> str:
        """The slug of the session's page: a session keeps one page through every version, cancelled or not."""
        return self.history.slugs.get(session.guid, session.slug) if self.history else session.slug

    def text(self, session: Session, name: str) -> Text:
        written = getattr(session, name)
        if self.language == self.source.code or not written:
            return Text(written)
        translated = self.texts.get(session.guid, name, written)
        return Text(translated) if translated else Text(written, self.source)

    def placing(self, session: Session) -> Placing:
        start, end = session.start.astimezone(self.zone), session.end.astimezone(self.zone)
        return Placing(
            day=format_date(start.date(), "full", locale=self.locale),
            time=format_interval(start, end, _hours_and_minutes(self.locale), tzinfo=self.zone, locale=self.locale),
            start=session.start.isoformat(),
            room=session.room,
            title=self.text(session, "title"),
        )

    def change(self, version: Version, change: Change) -> ChangeView:
        return ChangeView(
            kind=change.kind,
            version=version.version,
            released=format_date(version.released, "long", locale=self.locale) if version.released else "",
            released_iso=version.released.isoformat() if version.released else "",
            url=self.link(self.paths.session(self.slug(change.session))),
            now=self.placing(change.session),
            before=self.placing(change.before) if change.before and change.kind != CANCELLED else None,
        )

    def version(self, version: Version, current: bool, feed_day: datetime.date) -> VersionView:
        views = [self.change(version, change) for change in version.changes]
        return VersionView(
            version=version.version,
            anchor=version_anchor(version.version),
            released=format_date(version.released, "long", locale=self.locale) if version.released else "",
            released_iso=version.released.isoformat() if version.released else "",
            sessions=version.sessions,
            first=version.first,
            current=current,
            feed_day=feed_day.isoformat(),
            **{
                kind: tuple(view for view in views if view.kind == name)
                for kind, name in (("added", ADDED), ("cancelled", CANCELLED), ("moved", MOVED), ("retitled", RETITLED))
            },
        )

    def _description(self, session: Session) -> tuple[Markup, Language | None]:
        text = self.text(session, "description")
        if not text:
            return Markup(""), None
        return Markup(_render_markdown(text.text, self.allow_raw_html)), text.language


def required_templates(schedule: Schedule, has_history: bool = False, has_interpretation: bool = False) -> tuple[str, ...]:
    """The templates a site with this schedule must have: its sessions' pages would be missing without them."""
    people = (PEOPLE_TEMPLATE,) if any(session.persons for session in schedule.sessions) else ()
    changes = (CHANGES_TEMPLATE, CHANGES_FEED_TEMPLATE) if has_history else ()
    return (SESSION_TEMPLATE, *people, *changes, *((YOUR_LANGUAGE_TEMPLATE,) if has_interpretation else ()))


def programme_view(schedule: Schedule, reader: Reader, event: dict[str, Any] | None, absolute: Linker) -> ProgrammeView:
    """The programme for one reader; ``event`` is the conference's schema.org Event, which gets the sessions (None: no Event)."""
    by_day: dict[datetime.date, list[Session]] = {}
    for session in schedule.sessions:
        by_day.setdefault(session.start.astimezone(reader.zone).date(), []).append(session)
    days = tuple(_day(day, sessions, schedule.rooms, reader) for day, sessions in sorted(by_day.items()))
    named = any(session.persons for session in schedule.sessions)
    sub_events = [session_event(view, absolute(reader.paths.session(session.slug))) for session, view in _views(schedule, days)] if event else []
    history = reader.history
    return ProgrammeView(
        timezone=reader.timezone,
        rooms=schedule.rooms,
        days=days,
        people_url=reader.link(reader.paths.people) if named else "",
        structured_data={**event, "subEvent": sub_events} if event else None,
        version=schedule.version,
        changes_url=reader.link(reader.paths.changes) if history else "",
        changes_feed_url=reader.link(reader.paths.changes_feed) if history else "",
        cancelled=tuple(reader.session(session) for session in history.cancelled) if history else (),
        your_language_url=reader.link(reader.paths.your_language) if reader.interpretation else "",
        language_name=name_in_sentence(reader.language, reader.language, reader.source.code),
    )


def followable_view(schedule: Schedule, reader: Reader, absolute: Linker) -> ProgrammeView:
    """The programme of just the sessions a reader can follow in their language: held in it, or interpreted into it."""
    kept = tuple(session for session in schedule.sessions if reader.interpreting(session)["followable"])
    return programme_view(dataclasses.replace(schedule, sessions=kept), reader, None, absolute)


def changes_view(history: ScheduleHistory, reader: Reader, author: str) -> ChangesView:
    """Every version, newest first, with what it changed."""
    days = feed_days(history)
    versions = tuple(reader.version(version, index == 0, days[version.source]) for index, version in enumerate(history.versions))
    return ChangesView(
        versions=versions,
        programme_url=reader.link(reader.paths.page),
        page_url=reader.link(reader.paths.changes),
        feed_url=reader.link(reader.paths.changes_feed),
        author=author,
        timezone=reader.timezone,
        updated=versions[0].feed_day,
    )


def feed_days(history: ScheduleHistory) -> dict[str, datetime.date]:
    """The day the feed gives each version (by its file): its own, else the last given before it, else, as the
    calendars' DTSTAMP, the day of the first session: a day taken from the input, so rebuilds are identical."""
    oldest = history.versions[-1]
    day = history.first_start.date()
    days = {}
    for version in reversed(history.versions):
        day = version.released or day
        days[version.source] = day
    assert oldest.source in days
    return days


def version_anchor(version: str) -> str:
    """The id of a version's section: "version-2", "version-2013-02-15"."""
    kept = "".join(char if char.isalnum() else "-" for char in version.casefold())
    return "version-" + ("-".join(part for part in kept.split("-") if part) or "unnamed")


def people_view(schedule: Schedule, reader: Reader) -> PeopleView:
    """Everyone the schedule names, each with their sessions in order of time."""
    by_name: dict[str, list[SessionView]] = {}
    for session in (s for s in schedule.sessions if s.persons):
        view = reader.session(session)  # once, however many speak in it
        for name in session.persons:
            by_name.setdefault(name, []).append(view)
    entries = (PersonEntry(name, person_anchor(name), tuple(sessions)) for name, sessions in by_name.items())
    return PeopleView(tuple(sorted(entries, key=lambda entry: collation_key(entry.name))), reader.link(reader.paths.page), reader.timezone)


def session_event(view: SessionView, url: str) -> dict[str, Any]:
    """One session as a schema.org Event."""
    event: dict[str, Any] = {
        "@type": "Event",
        "name": view.title.text,
        "startDate": view.start,
        "endDate": view.end,
        "location": {"@type": "Place", "name": view.room},
        "url": url,
    }
    if view.language_tag:
        event["inLanguage"] = view.language_tag
    if view.persons:
        event["performer"] = [{"@type": "Person", "name": person.name} for person in view.persons]
    if view.abstract:
        event["description"] = view.abstract.text
    moves = [change.before.start for change in view.changes if change.kind == MOVED and change.before]
    if view.cancelled:
        event["eventStatus"] = "https://schema.org/EventCancelled"
    elif moves:
        event["eventStatus"] = "https://schema.org/EventRescheduled"
        event["previousStartDate"] = sorted(set(moves), key=moves.index)  # newest first, as the changes are
    return event


def person_anchor(name: str) -> str:
    """The id of a person's entry: readable where the name is, and one per name."""
    kept = "".join(char if char.isalnum() else "-" for char in name.casefold())
    return "person-" + "-".join(part for part in kept.split("-") if part)


def _views(schedule: Schedule, days: tuple[DayView, ...]) -> list[tuple[Session, SessionView]]:
    views = {view.guid: view for day in days for view in day.sessions}
    return [(session, views[session.guid]) for session in schedule.sessions]


def _day(day: datetime.date, sessions: list[Session], rooms: tuple[str, ...], reader: Reader) -> DayView:
    views = {session.guid: reader.session(session) for session in sessions}
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
        slots.append(Slot(format_time(start, "short", tzinfo=reader.zone, locale=reader.locale), start.isoformat(), tuple(cells)))
    return DayView(format_date(day, "full", locale=reader.locale), day.isoformat(), tuple(slots), tuple(views[s.guid] for s in sessions))


def _render_markdown(text: str, allow_raw_html: bool) -> str:
    # A description may link only to the web: links to Markdown pages mean nothing in a schedule, so none are resolved.
    return _renderer(allow_raw_html).render(text, "").html


@functools.cache
def _renderer(allow_raw_html: bool) -> MarkdownRenderer:
    return MarkdownRenderer(allow_raw_html)


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
