"""Dates as each language writes them, from CLDR through Babel: days, ranges, and the event's phase.

No pattern is written by hand here. Where CLDR has no interval format with the
month spelled out (English, Russian, German, Hindi have only "1–3 Mar 2013"),
the closest one is widened field by field, as the CLDR matching rules allow
and Babel does not: "d–d MMM y" becomes "d–d MMMM y".
"""

from __future__ import annotations

import calendar
import datetime
import os
import re
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date, match_skeleton, parse_pattern

from sitegen.core.problems import BuildFailed, Problem

# The skeleton of a range of days with the month spelled out: "1–3 March 2013".
DAY_RANGE = "yMMMMd"

UPCOMING, ONGOING, PAST = "upcoming", "ongoing", "past"


def format_day(day: datetime.date, locale: str) -> str:
    """One day, as the language writes it in a sentence: "1 March 2013", "1 марта 2013 г."."""
    return format_date(day, format="long", locale=locale)


def format_day_range(start: datetime.date, end: datetime.date, locale: str) -> str:
    """Consecutive days as one range, with the month spelled out: "1–3 March 2013", "1–3 марта 2013 г."."""
    if start == end:
        return format_day(start, locale)
    cldr = Locale.parse(locale)
    formats = cldr.interval_formats
    skeleton = DAY_RANGE if DAY_RANGE in formats else match_skeleton(DAY_RANGE, formats)
    field = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    if not skeleton or field not in formats[skeleton]:
        return f"{format_day(start, locale)} – {format_day(end, locale)}"
    pieces = [_widen_months(piece) for piece in formats[skeleton][field]]
    return "".join(parse_pattern(piece).apply(day, cldr) for piece, day in zip(pieces, (start, end), strict=False))


def _widen_months(pattern: str) -> str:
    """MMM → MMMM outside quoted literals ('г.' in Russian stays as it is)."""
    parts = pattern.split("'")
    for index in range(0, len(parts), 2):  # even parts are outside quotes
        parts[index] = re.sub(r"(?<!M)MMM(?!M)", "MMMM", parts[index])
    return "'".join(parts)


@dataclass(frozen=True)
class Phase:
    """Where the build date falls against the event's days, and the days for which that stays true."""

    name: str  # upcoming, ongoing or past
    first: datetime.date | None  # the first build date with this phase (None: any before)
    last: datetime.date | None  # the last (None: any after); the manifest keeps both (Manifest.holds)


def event_phase(start: datetime.date, end: datetime.date, today: datetime.date) -> Phase:
    """Before the first day, on one of the days, or after the last."""
    one_day = datetime.timedelta(days=1)
    if today < start:
        return Phase(UPCOMING, None, start - one_day)
    if today <= end:
        return Phase(ONGOING, start, end)
    return Phase(PAST, end + one_day, None)


def build_date() -> datetime.date:
    """The day the site is built for: SOURCE_DATE_EPOCH's (reproducible builds), else today, in UTC.

    Two builds of the same input with the same SOURCE_DATE_EPOCH are identical
    whenever they run.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return datetime.datetime.now(datetime.UTC).date()
    try:
        return datetime.datetime.fromtimestamp(int(value.strip()), datetime.UTC).date()
    except (ValueError, OverflowError, OSError):
        message = f"'{value}' is not a time: give whole seconds since 1970-01-01 UTC, such as $(date +%s), or unset it"
        raise BuildFailed([Problem("SOURCE_DATE_EPOCH", None, message)]) from None


# A day as the site's files write it (site.toml, front matter, data files): YYYY-MM-DD.
_WRITTEN_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def impossible_day(written: str) -> str | None:
    """What makes a day written YYYY-MM-DD one the calendar does not have ("2013 has no 30 February",
    "there is no month 13"), or None: a real day, or not a day written so.

    Python's own message ("day is out of range for month") names neither the day nor the month.
    """
    match = _WRITTEN_DAY.match(written.strip())
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    if year < datetime.MINYEAR:
        return f"there is no year {year}"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day < 1:
        return f"there is no day {day}"
    if day > calendar.monthrange(year, month)[1]:
        not_leap = f" ({year} is not a leap year)" if (month, day) == (2, 29) else ""
        return f"{year} has no {day} {_MONTHS[month - 1]}{not_leap}"
    return None
