"""What changed between the programme's versions: sessions added, cancelled, moved and retitled.

The versions are the exports in data/schedule-history/ and data/schedule.json,
the current one, oldest first. A session is the same session in two versions
when it keeps its guid. One that an earlier version has and the current one
lacks is cancelled: it keeps its page, as it last stood, so that links to it
and calendars that hold it learn what became of it. A session's ``sequence``
(iCalendar's SEQUENCE) counts the versions in which it changed, so that a
calendar client replaces the event it holds with the newer one.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

from sitegen.inputs.schedule import RESERVED_SLUGS, Schedule, Session, safe_slug

ADDED, CANCELLED, MOVED, RETITLED = "added", "cancelled", "moved", "retitled"


@dataclass(frozen=True)
class Change:
    kind: str  # ADDED, CANCELLED, MOVED or RETITLED
    session: Session  # as this version has it; a cancelled one as it last stood
    before: Session | None  # as the version before had it (None: added)


@dataclass(frozen=True)
class Version:
    version: str
    released: datetime.date | None
    source: str  # its file
    sessions: int  # how many it holds
    changes: tuple[Change, ...]  # in order of the sessions' times; empty for the first version
    first: bool = False  # the first version known: everything in it is new, nothing changed


@dataclass(frozen=True)
class ScheduleHistory:
    versions: tuple[Version, ...]  # newest first: the current one, then the earlier ones
    cancelled: tuple[Session, ...]  # sessions the current version lacks, as they last stood, each with a slug of its own
    sequence: Mapping[str, int] = field(default_factory=dict)  # guid → in how many versions it changed
    slugs: Mapping[str, str] = field(default_factory=dict)  # guid → the slug of its page: current sessions and cancelled ones
    first_start: datetime.datetime = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)  # the start of the first version's first session

    def changes_of(self, guid: str) -> tuple[tuple[Version, Change], ...]:
        """What happened to one session, newest first."""
        return tuple((version, change) for version in self.versions for change in version.changes if change.session.guid == guid)

    @property
    def current(self) -> Version:
        return self.versions[0]


def schedule_history(earlier: tuple[Schedule, ...], current: Schedule) -> ScheduleHistory | None:
    """The history from the earlier versions (oldest first) to the current one; None when there are no earlier ones."""
    if not earlier:
        return None
    schedules = (*earlier, current)
    versions = [Version(schedules[0].version, schedules[0].released, schedules[0].source, len(schedules[0].sessions), (), first=True)]
    seen: set[str] = set()  # every session of the versions so far
    sequence: dict[str, int] = {}
    for before, after in itertools.pairwise(schedules):
        seen |= {session.guid for session in before.sessions}
        changes = _changes(before, after)
        # A session new in this version has not changed, unless it comes back after a cancellation.
        for guid in {change.session.guid for change in changes if change.kind != ADDED or change.session.guid in seen}:
            sequence[guid] = sequence.get(guid, 0) + 1
        versions.append(Version(after.version, after.released, after.source, len(after.sessions), changes))
    cancelled = _with_own_slugs([session for session, _ in current.dropped], current)
    slugs = {session.guid: session.slug for session in (*current.sessions, *cancelled)}
    starts = [session.start for session in schedules[0].sessions] or [session.start for session in current.sessions]
    first_start = min(starts) if starts else datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    return ScheduleHistory(tuple(reversed(versions)), cancelled, sequence, slugs, first_start)


def _changes(before: Schedule, after: Schedule) -> tuple[Change, ...]:
    old = {session.guid: session for session in before.sessions}
    new = {session.guid: session for session in after.sessions}
    changes = []
    for guid, session in new.items():
        was = old.get(guid)
        if was is None:
            changes.append(Change(ADDED, session, None))
            continue
        if (was.start, was.end, was.room) != (session.start, session.end, session.room):
            changes.append(Change(MOVED, session, was))
        if was.title != session.title:
            changes.append(Change(RETITLED, session, was))
    changes += [Change(CANCELLED, session, session) for guid, session in old.items() if guid not in new]
    order = {ADDED: 0, MOVED: 1, RETITLED: 2, CANCELLED: 3}
    return tuple(sorted(changes, key=lambda c: (order[c.kind], c.session.start, c.session.room, c.session.guid)))


def _with_own_slugs(cancelled: list[Session], current: Schedule) -> tuple[Session, ...]:
    """Cancelled sessions keep the slug they had where no current session has taken it; else one of their own."""
    used = set(RESERVED_SLUGS) | {session.slug for session in current.sessions}
    kept = []
    for session in cancelled:
        base = session.slug or safe_slug(session.guid) or "session"
        slug, number = base, 1
        while slug in used:
            number += 1
            slug = f"{base}-{number}"
        used.add(slug)
        kept.append(dataclasses.replace(session, slug=slug))
    return tuple(kept)
