"""The conference as an iCalendar file (RFC 5545): one all-day event over its days."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


def render_calendar(*, uid: str, start: datetime.date, end: datetime.date, summary: str, location: str, description: str, url: str, language_tag: str) -> bytes:
    """An all-day event from ``start`` to ``end`` inclusive.

    DTEND is exclusive in RFC 5545, hence the day after ``end``. DTSTAMP is the
    first day too, not the time of the build, so rebuilds are byte-identical.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//sitegen//conference calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{_text(uid)}",
        f"DTSTAMP:{start.strftime('%Y%m%d')}T000000Z",
        f"DTSTART;VALUE=DATE:{start.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(end + datetime.timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY;LANGUAGE={language_tag}:{_text(summary)}",
        f"LOCATION;LANGUAGE={language_tag}:{_text(location)}",
        f"DESCRIPTION;LANGUAGE={language_tag}:{_text(description)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


@dataclass(frozen=True)
class TimedEvent:
    """One session of the programme, as a calendar holds it."""

    uid: str  # the session's guid: the same event in every language and every build
    start: datetime.datetime  # aware
    end: datetime.datetime
    summary: str
    location: str
    description: str
    url: str
    sequence: int = 0  # how many times it changed: a client replaces the event it holds with one of a higher SEQUENCE
    cancelled: bool = False


def render_programme_calendar(*, events: tuple[TimedEvent, ...], stamp: datetime.datetime, name: str, language_tag: str) -> bytes:
    """Timed events, in UTC (RFC 5545 form 2: no VTIMEZONE needed, every reader converts).

    ``stamp`` is DTSTAMP for every event: a time taken from the input (the
    conference's first session), so rebuilds are byte-identical.
    """
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//sitegen//conference programme//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    lines.append(f"X-WR-CALNAME;LANGUAGE={language_tag}:{_text(name)}")
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_text(event.uid)}",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART:{_utc(event.start)}",
            f"DTEND:{_utc(event.end)}",
            # No LANGUAGE: a session's texts are in whatever language the schedule wrote them in.
            f"SUMMARY:{_text(event.summary)}",
            f"LOCATION:{_text(event.location)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{_text(event.description)}")
        lines.append(f"URL:{event.url}")
        if event.sequence:
            lines.append(f"SEQUENCE:{event.sequence}")
        if event.cancelled:
            lines.append("STATUS:CANCELLED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and new lines."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74  # continuation lines start with a space
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return "\r\n ".join(out)
