"""The conference as an iCalendar file (RFC 5545): one all-day event over its days."""

from __future__ import annotations

import datetime

CALENDAR_NAME = "conference.ics"


def calendar_path(language: str) -> str:
    return f"{language}/{CALENDAR_NAME}"


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
