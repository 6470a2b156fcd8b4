"""The programme: data/schedule.json, in the format pretalx, frab and other conference tools export.

The c3voc/frab schedule (https://c3voc.de/schedule/schema.json):
``schedule.conference.days[].rooms{room: [session…]}``, each session with its
``guid``, ``date`` (ISO 8601 with its UTC offset), ``duration`` ("HH:MM"),
``room``, ``title`` and optional ``subtitle``, ``track``, ``type``,
``language``, ``abstract``, ``description``, ``persons`` and ``links``. It is
checked with the same care as site.toml: every problem at once, each at its
place as a JSON pointer; sessions that overlap in one room, or fall outside
the conference's days in its time zone, are errors.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import itertools
import json
import re
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.core.language_marks import reserved_character_problems
from sitegen.core.problems import Problem, did_you_mean
from sitegen.inputs.config import SiteConfig, address_problem

SCHEDULE = "data/schedule.json"
HISTORY = "data/schedule-history"  # earlier exports of the schedule, any file names, ordered by their version

# What a session of the c3voc schema may hold, and what pretalx adds; another key is probably a typo.
SESSION_KEYS = {
    "id", "guid", "logo", "date", "start", "duration", "room", "slug", "url", "title", "subtitle", "track", "type",
    "language", "abstract", "description", "recording_license", "do_not_record", "do_not_stream", "persons", "links",
    "attachments", "answers", "feedback_url", "origin_url", "video_download_url", "resources",
}  # fmt: skip
# Pages beside the sessions' own, in the programme's folder: no session's slug may take their place.
RESERVED_SLUGS = ("people", "changes", "your-language")
_DURATION = re.compile(r"^(\d{1,2}):([0-5]\d)(?::([0-5]\d))?$")


@dataclass(frozen=True)
class Session:
    """One session of the programme, its times aware of their zone."""

    guid: str
    title: str
    start: datetime.datetime
    end: datetime.datetime
    room: str
    subtitle: str = ""
    track: str = ""
    type: str = ""
    language: str = ""  # as the schedule gives it ("en", "es"): named in the reader's language on the pages
    abstract: str = ""
    description: str = ""  # Markdown
    persons: tuple[str, ...] = ()  # public names
    links: tuple[tuple[str, str], ...] = ()  # (url, title)
    pointer: str = ""  # where it is in the file, for messages
    slug: str = ""  # the last part of its page's address: the schedule's slug, or its guid, made safe


@dataclass(frozen=True)
class Schedule:
    version: str
    rooms: tuple[str, ...]  # in the order the file first names them
    sessions: tuple[Session, ...]  # by start, then room
    released: datetime.date | None = None  # its "released" date, or its version where that is a date ("2013-02-15")
    source: str = SCHEDULE  # the file it was read from
    earlier: tuple[Schedule, ...] = ()  # the versions before it, oldest first (data/schedule-history/)

    @property
    def sources(self) -> tuple[str, ...]:
        """Its file and those of the versions before it."""
        return (self.source, *(version.source for version in self.earlier))

    @property
    def dropped(self) -> tuple[tuple[Session, str], ...]:
        """The sessions an earlier version had and this one lacks, each as it last stood, with the file it is in."""
        last: dict[str, tuple[Session, str]] = {}
        for version in self.earlier:
            last |= {session.guid: (session, version.source) for session in version.sessions}
        now = {session.guid for session in self.sessions}
        return tuple(sorted((pair for guid, pair in last.items() if guid not in now), key=lambda pair: (pair[0].start, pair[0].room, pair[0].guid)))

    def days(self, timezone: datetime.tzinfo) -> tuple[datetime.date, ...]:
        """The days with sessions, in the conference's time zone."""
        return tuple(sorted({session.start.astimezone(timezone).date() for session in self.sessions}))


def load_schedule(site_dir: Path, config: SiteConfig) -> tuple[Schedule | None, list[Problem]]:
    """Read and check data/schedule.json, if the site has one."""
    path = site_dir / SCHEDULE
    if not path.is_file():
        return None, load_schedule_history(site_dir, config, None)[1]
    current, problems = _read_schedule(path, SCHEDULE, config)
    earlier, history_problems = load_schedule_history(site_dir, config, current)
    problems += history_problems
    if current is None or any(not problem.is_warning for problem in history_problems):
        return None, problems
    for version in (*earlier, current) if earlier else ():
        if version.released is None:
            problems.append(
                Problem(
                    version.source,
                    None,
                    f"/schedule: version '{version.version}' gives no day it was published, and is not one itself: the feed of the programme's changes"
                    ' dates it as the version before it; add one, such as "released": "2013-02-15"',
                    is_warning=True,
                )
            )
    return dataclasses.replace(current, earlier=earlier), problems


def load_schedule_history(site_dir: Path, config: SiteConfig, current: Schedule | None) -> tuple[tuple[Schedule, ...], list[Problem]]:
    """The earlier versions in data/schedule-history/, oldest first, each checked as data/schedule.json is.

    They are ordered by their ``version`` (numbers in it compared as numbers:
    "2" before "10"), never by their file names; each must be older than the
    current schedule's, and no two may share one.
    """
    folder = site_dir / HISTORY
    if not folder.is_dir():
        return (), []
    problems: list[Problem] = []
    if current is None and not (site_dir / SCHEDULE).is_file():
        return (), [Problem(HISTORY, None, f"holds earlier versions of the programme, but {SCHEDULE}, the current one, is missing")]
    versions: list[Schedule] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        label = f"{HISTORY}/{path.name}"
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix.lower() != ".json":
            problems.append(
                Problem(label, None, "is not read: the programme's history holds its earlier exports as JSON (*.json), as data/schedule.json", True)
            )
            continue
        schedule, found = _read_schedule(path, label, config)
        problems += found
        if schedule is None:
            continue
        if not schedule.version:
            problems.append(Problem(label, None, "/schedule/version: is missing: the history is put in order by the versions of its schedules"))
        else:
            versions.append(schedule)
    versions.sort(key=lambda schedule: (version_key(schedule.version), schedule.source))
    for before, after in itertools.pairwise(versions):
        if version_key(before.version) == version_key(after.version):
            problems.append(
                Problem(after.source, None, f"/schedule/version: '{after.version}' is also the version of {before.source}: each version needs its own")
            )
    if current is not None:
        for schedule in versions:
            if version_key(schedule.version) >= version_key(current.version):
                problems.append(
                    Problem(
                        schedule.source,
                        None,
                        f"/schedule/version: '{schedule.version}' is not older than the current programme's ('{current.version}', {SCHEDULE}):"
                        " the current version goes in data/schedule.json, the earlier ones here",
                    )
                )
    return tuple(versions), problems


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """How versions are put in order: "0.9" < "0.10" < "1.0", "2013-02-15" < "2013-02-20"; numbers as numbers, words by their letters."""
    parts = re.split(r"(\d+)", version.strip().casefold())
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts if part)


def _read_schedule(path: Path, label: str, config: SiteConfig) -> tuple[Schedule | None, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
        if reserved := reserved_character_problems(text, label):
            return None, reserved
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        return None, [Problem(label, None, f"is not UTF-8 text ({exc.reason})")]
    except json.JSONDecodeError as exc:
        return None, [Problem(label, exc.lineno, f"is not valid JSON: {exc.msg} (column {exc.colno})")]
    except RecursionError:
        return None, [Problem(label, None, "is nested too deeply")]
    checker = _ScheduleChecker(config, label)
    schedule = checker.schedule(data)
    return (schedule if not checker.errors() else None), checker.problems


class _ScheduleChecker:
    def __init__(self, config: SiteConfig, source: str = SCHEDULE):
        self.config = config
        self.source = source
        self.problems: list[Problem] = []
        self.timezone = zoneinfo.ZoneInfo(config.conference.timezone) if config.conference.timezone else None

    def report(self, pointer: str, message: str, is_warning: bool = False) -> None:
        self.problems.append(Problem(self.source, None, f"{pointer or '/'}: {message}", is_warning))

    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_warning]

    def table(self, value: Any, pointer: str, what: str) -> dict:
        if not isinstance(value, dict):
            self.report(pointer, f"must be {what} (a JSON object), not {_kind(value)}")
            return {}
        return value

    def schedule(self, data: Any) -> Schedule | None:
        if self.timezone is None:
            self.problems.append(
                Problem("site.toml", None, f'[conference] has no timezone: {SCHEDULE} needs one to show its times (an IANA name such as "America/Lima")')
            )
        conference = self.table(
            self.table(self.table(data, "", "the schedule").get("schedule"), "/schedule", "the schedule").get("conference"),
            "/schedule/conference",
            "the conference",
        )
        days = conference.get("days")
        if not isinstance(days, list):
            self.report("/schedule/conference/days", f"must be a list of days, not {_kind(days)}")
            return None
        rooms: list[str] = []
        sessions: list[Session] = []
        for day_index, day in enumerate(days):
            day_pointer = f"/schedule/conference/days/{day_index}"
            by_room = self.table(self.table(day, day_pointer, "a day").get("rooms"), f"{day_pointer}/rooms", "the day's rooms")
            for room, items in by_room.items():
                room_pointer = f"{day_pointer}/rooms/{_escape(room)}"
                if room not in rooms:
                    rooms.append(room)
                if not isinstance(items, list):
                    self.report(room_pointer, f"must be a list of sessions, not {_kind(items)}")
                    continue
                for index, item in enumerate(items):
                    session = self.session(item, f"{room_pointer}/{index}", room)
                    if session is not None:
                        sessions.append(session)
        self.check_together(sessions)
        sessions = _with_slugs(sessions)
        version = str(data.get("schedule", {}).get("version", "") if isinstance(data, dict) else "")
        released = self.released(data["schedule"].get("released") if isinstance(data.get("schedule"), dict) else None, version)
        ordered = tuple(sorted(sessions, key=lambda s: (s.start, rooms.index(s.room), s.guid)))
        return Schedule(version, tuple(rooms), ordered, released, self.source)

    def released(self, written: Any, version: str) -> datetime.date | None:
        """The day this version was published: its "released" key (an extension the c3voc schema allows), or its version where that is a date."""
        if written is None:
            with contextlib.suppress(ValueError):
                return datetime.date.fromisoformat(version.strip())
            return None
        with contextlib.suppress(ValueError, TypeError):
            return datetime.datetime.fromisoformat(written).date() if "T" in written else datetime.date.fromisoformat(written)
        self.report("/schedule/released", f'must be the day this version was published, such as "2013-02-15", not {_kind(written)}')
        return None

    def session(self, item: Any, pointer: str, room: str) -> Session | None:
        if not isinstance(item, dict):
            self.report(pointer, f"must be a session (a JSON object), not {_kind(item)}")
            return None
        found = len(self.errors())
        for key in item:
            if key not in SESSION_KEYS:
                self.report(f"{pointer}/{_escape(key)}", "unknown key" + did_you_mean(key, SESSION_KEYS), is_warning=True)
        text = {
            key: self.text(item, key, pointer, required=key in ("guid", "title"))
            for key in ("guid", "title", "subtitle", "track", "type", "language", "abstract", "description", "slug")
        }
        if item.get("room", room) != room:
            self.report(f"{pointer}/room", f"is '{item.get('room')}', but the session is listed under the room '{room}'")
        start, end = self.times(item, pointer)
        persons = self.persons(item.get("persons", []), f"{pointer}/persons")
        links = self.links(item.get("links", []), f"{pointer}/links")
        if len(self.errors()) > found or start is None or end is None:
            return None
        return Session(
            text["guid"],
            text["title"],
            start,
            end,
            room,
            text["subtitle"],
            text["track"],
            text["type"],
            text["language"],
            text["abstract"],
            text["description"],
            persons,
            links,
            pointer,
            text["slug"],  # as written: made safe and unique once all are known
        )

    def text(self, item: dict, key: str, pointer: str, required: bool = False) -> str:
        value = item.get(key)
        if value is None:
            if required:
                self.report(pointer, f"has no '{key}'")
            return ""
        if not isinstance(value, str):
            self.report(f"{pointer}/{key}", f"must be a string, not {_kind(value)}")
            return ""
        if required and not value.strip():
            self.report(f"{pointer}/{key}", "is empty")
        return value.strip()

    def times(self, item: dict, pointer: str) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        written, duration = item.get("date"), item.get("duration")
        start = end = None
        with contextlib.suppress(ValueError):
            start = datetime.datetime.fromisoformat(written) if isinstance(written, str) else None
        if start is None:
            self.report(
                f"{pointer}/date" if "date" in item else pointer,
                f'must be the session\'s start as ISO 8601 with its offset, such as "2013-03-01T10:00:00-05:00", not {_kind(written)}'
                if "date" in item
                else "has no 'date'",
            )
        elif start.tzinfo is None:
            self.report(f"{pointer}/date", f"'{written}' has no UTC offset: write it as \"{written}-05:00\" or with Z")
            start = None
        match = _DURATION.match(duration) if isinstance(duration, str) else None
        if match is None:
            self.report(
                f"{pointer}/duration" if "duration" in item else pointer,
                f'must be "HH:MM", not {_kind(duration)}' if "duration" in item else "has no 'duration'",
            )
        elif start is not None:
            end = start + datetime.timedelta(hours=int(match[1]), minutes=int(match[2]), seconds=int(match[3] or 0))
        return start, end

    def persons(self, value: Any, pointer: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.report(pointer, f"must be a list of persons, not {_kind(value)}")
            return ()
        names = []
        for index, person in enumerate(value):
            name = person.get("public_name") or person.get("name") if isinstance(person, dict) else None
            if not isinstance(name, str) or not name.strip():
                self.report(f"{pointer}/{index}", "must be a person with a 'public_name'")
            else:
                names.append(name.strip())
        return tuple(names)

    def links(self, value: Any, pointer: str) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, list):
            self.report(pointer, f"must be a list of links, not {_kind(value)}")
            return ()
        links = []
        for index, link in enumerate(value):
            url = link.get("url") if isinstance(link, dict) else None
            if not isinstance(url, str) or not re.match(r"^https?://", url):
                self.report(f"{pointer}/{index}", "must be a link with an http:// or https:// 'url'")
            elif address_problem(url):
                self.report(f"{pointer}/{index}/url", address_problem(url))
            else:
                links.append((url, str(link.get("title") or url)))
        return tuple(links)

    def check_together(self, sessions: list[Session]) -> None:
        """Each guid once; no two sessions at once in one room; every session on the conference's days."""
        seen: dict[str, Session] = {}
        for session in sessions:
            if session.guid in seen:
                self.report(f"{session.pointer}/guid", f"'{session.guid}' is also the guid of {seen[session.guid].pointer}: each session needs its own")
            seen.setdefault(session.guid, session)
        by_room: dict[str, list[Session]] = {}
        for session in sessions:
            by_room.setdefault(session.room, []).append(session)
        for room, in_room in by_room.items():
            in_room.sort(key=lambda s: s.start)
            for before, after in itertools.pairwise(in_room):
                if after.start < before.end:
                    self.report(
                        after.pointer,
                        f"'{after.title}' starts at {after.start.isoformat()}, before '{before.title}' ({before.pointer}) ends in the same room '{room}'",
                    )
        if self.timezone is None:
            return
        first, last = self.config.conference.start, self.config.conference.end
        for session in sessions:
            day, last_day = session.start.astimezone(self.timezone).date(), (session.end - datetime.timedelta(seconds=1)).astimezone(self.timezone).date()
            if day < first or last_day > last:
                self.report(
                    f"{session.pointer}/date",
                    f"'{session.title}' is on {day.isoformat()}, outside the conference's days ({first.isoformat()} to {last.isoformat()}, {self.config.conference.timezone})",
                )


def _with_slugs(sessions: list[Session]) -> list[Session]:
    """Each session with a slug of its own, in the order of the file (so a slug never moves to another session)."""
    used: set[str] = set(RESERVED_SLUGS)
    named = []
    for session in sessions:
        base = safe_slug(session.slug) or safe_slug(session.guid) or "session"
        slug, number = base, 1
        while slug in used:
            number += 1
            slug = f"{base}-{number}"
        used.add(slug)
        named.append(dataclasses.replace(session, slug=slug))
    return named


def safe_slug(text: str) -> str:
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]", "-", text.lower())).strip("-")[:80]


def _escape(key: str) -> str:
    """A key as a JSON pointer writes it (RFC 6901)."""
    return str(key).replace("~", "~0").replace("/", "~1")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"the string {json.dumps(value, ensure_ascii=False)}"
    return {int: "a number", float: "a number", list: "a list", dict: "an object"}.get(type(value), type(value).__name__)
