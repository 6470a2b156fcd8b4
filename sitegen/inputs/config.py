"""The site's configuration: site.toml, read, checked whole and frozen.

Every key is declared here with its type and meaning. A key that is not
declared is an error, so a typo never passes silently; every problem in the
file is reported at once, each with the line it stands on.
"""

from __future__ import annotations

import datetime
import re
import tomllib
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from sitegen.core.characters import CONTROL, describe_control, unwritable_characters
from sitegen.core.dates import impossible_day
from sitegen.core.problems import BuildFailed, Problem, did_you_mean, unreadable
from sitegen.core.schema import declare, declared_keys

CONFIG_NAME = "site.toml"

# A language identifier as Babel writes it: "es", "pt_BR", "zh_Hant".
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})*$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Localized:
    """A value given per language; languages without their own use the default one."""

    by_language: Mapping[str, str]
    default_language: str

    def get(self, language: str) -> str:
        return self.by_language.get(language) or self.by_language.get(self.default_language, "")


@dataclass(frozen=True)
class Conference:
    """The facts of the conference that are data rather than prose.

    An empty text means "not known yet": the site shows it as to be announced.
    """

    name: Localized = field(metadata=declare("localized", "the conference's full name, per language", required=True, example='"…"'))
    organizer: Localized = field(metadata=declare("localized", "who prepares it, per language (feeds, structured data)"))
    start: datetime.date = field(metadata=declare(datetime.date, "its first day (YYYY-MM-DD, without quotes)", required=True, example="2013-03-01"))
    end: datetime.date = field(metadata=declare(datetime.date, "its last day, inclusive", required=True, example="2013-03-03"))
    country: str = field(
        metadata=declare(
            str, 'where it meets: an ISO 3166 code such as "PE"; each language shows the country\'s name from Babel', required=True, example='"PE"'
        )
    )
    city: Localized = field(metadata=declare("localized", "the city, per language; leave it out while unknown (the place is then the country)"))
    venue: Localized = field(metadata=declare("localized", "the venue, per language; empty until announced (shown as to be announced)"))
    contact_email: str = field(metadata=declare(str, "the organisers' address; empty until known (visitors are sent to the website)"))
    website: str = field(metadata=declare(str, "the conference's own website, as its documents write it"))
    timezone: str = field(
        default="",
        metadata=declare(
            str, 'where its clocks are: an IANA time zone such as "America/Lima"; a programme\'s times are shown in it (required with data/schedule.json)'
        ),
    )


@dataclass(frozen=True)
class SiteConfig:
    """The whole of site.toml."""

    base_url: str = field(
        metadata=declare(
            str, "where output/ is served (http:// or https://); canonical and alternate links start with it", required=True, example='"https://example.org/"'
        )
    )
    default_language: str = field(metadata=declare(str, "the source language: every page is translated from it", required=True, example='"en"'))
    languages: tuple[str, ...] = field(metadata=declare(list, "every language the site is built in, in menu order", required=True, example='["en"]'))
    conference: Conference = field(metadata=declare(dict, "the conference's facts: the table [conference]", required=True))
    allow_raw_html: bool = field(
        default=False, metadata=declare(bool, "keep HTML written in Markdown, cleaned by an allow-list (false: it is shown as text)", example="false")
    )
    source_url: str = field(
        default="",
        metadata=declare(
            str,
            "where translators edit the site's files: a file's path is added to it (\"https://github.com/org/site/edit/main/\"); empty: the status page names the files without links",
            example='""',
        ),
    )
    date_locales: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}),
        metadata=declare(
            dict,
            'per language, the regional variant whose CLDR formats its dates take (en = "en_GB": "1–3 March 2013"); URLs and catalogs keep the language\'s code',
        ),
    )

    def date_locale(self, language: str) -> str:
        """The Babel locale that formats dates for a language."""
        return self.date_locales.get(language, language)

    @property
    def site_name(self) -> str:
        """What the site calls itself to machines (a feed's author, a shared link's site): its address's host.

        Not the event's name, nor its organiser's: a site about a conference
        is not the conference, and only its address is surely its own.
        """
        return urlsplit(self.base_url).netloc


# The keys site.toml may hold, as the dataclasses above declare them: (type, whether required).
TOP_KEYS = {name: (spec.kind, spec.required) for name, spec in declared_keys(SiteConfig).items()}
CONFERENCE_KEYS = {name: (spec.kind, spec.required) for name, spec in declared_keys(Conference).items()}
TYPE_NAMES = {
    bool: "true or false",
    str: "a string",
    list: "a list",
    dict: "a table",
    datetime.date: "a date (YYYY-MM-DD, without quotes)",
    "localized": "a string, or a table of strings by language",
}


def load_config(site_dir: Path) -> SiteConfig:
    """Read and check site_dir/site.toml; raise BuildFailed listing every problem."""
    path = site_dir / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8-sig")  # with or without the byte order mark Windows editors write
    except FileNotFoundError:
        raise BuildFailed([Problem(CONFIG_NAME, None, f"not found in {site_dir}: is this a site folder?")]) from None
    except OSError as exc:
        raise BuildFailed([unreadable(CONFIG_NAME, exc)]) from None
    except UnicodeDecodeError as exc:
        raise BuildFailed([Problem(CONFIG_NAME, None, f"is not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    controls = unwritable_characters(text, CONFIG_NAME)
    if controls:  # TOML refuses most of them too, but not the C1 controls in a string
        raise BuildFailed(controls)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BuildFailed([_syntax_problem(exc, text)]) from None
    checker = _ConfigChecker(text)
    checker.check_characters(data, prefix="")
    config = checker.check(data)
    if checker.problems:
        raise BuildFailed(checker.problems)
    assert config is not None
    return config


def _syntax_problem(exc: tomllib.TOMLDecodeError, text: str) -> Problem:
    # tomllib on Python 3.11 keeps the position only inside its message.
    message = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)$", message)
    if match:
        reason = message[: match.start()].strip()
        lines = text.splitlines()
        number = int(match[1])
        line = lines[number - 1] if 0 < number <= len(lines) else ""
        impossible = impossible_day(line.partition("=")[2].split("#")[0])
        if impossible:  # well written, but not a day: say which, not how dates are written
            key = _table_above(lines, number) + line.partition("=")[0].strip()
            value = line.partition("=")[2].split("#")[0].strip()
            return Problem(CONFIG_NAME, number, f"key '{key}': {value} is not a date: {impossible}")
        return Problem(CONFIG_NAME, number, f"TOML syntax error at column {match[2]}: {reason}{_date_hint(line)}")
    return Problem(CONFIG_NAME, None, f"TOML syntax error: {message}")


def _table_above(lines: list[str], number: int) -> str:
    """The table a line of site.toml is in ("conference."), or "" for the top level."""
    for line in reversed(lines[: number - 1]):
        header = re.match(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$", line)
        if header:
            return header[1].replace(" ", "") + "."
    return ""


def _date_hint(line: str) -> str:
    """What a date TOML cannot read should be written as: "2013-3-1" is 2013-03-01."""
    value = line.partition("=")[2].strip()
    found = re.fullmatch(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})|(\d{1,2})[-./](\d{1,2})[-./](\d{4})", value.split("#")[0].strip())
    if not found:
        return ""
    if not found[1]:  # day and month in an order only the writer knows
        return " (a date is written YYYY-MM-DD, without quotes, such as 2013-03-01)"
    return f" (a date is written YYYY-MM-DD, without quotes: {found[1]}-{int(found[2]):02d}-{int(found[3]):02d})"


def address_problem(url: str) -> str:
    """What urllib finds wrong in a web address ("http://x[": an unclosed IPv6 bracket; a port that is no number), or ""."""
    try:
        urlsplit(url).port  # noqa: B018 (reading the port is the check)
    except ValueError as exc:
        return f"'{url}' is not a web address ({exc}): check its brackets and its port"
    return ""


class _ConfigChecker:
    """Checks the parsed TOML against the declared keys, collecting every problem."""

    def __init__(self, text: str):
        self.key_lines = key_lines(text)
        self.problems: list[Problem] = []

    def report(self, key: str, message: str) -> None:
        self.problems.append(Problem(CONFIG_NAME, self._line_of(key), f"key '{key}': {message}"))

    def _line_of(self, key: str) -> int | None:
        while key:
            if key in self.key_lines:
                return self.key_lines[key]
            key = key.rpartition(".")[0]
        return None

    def check_characters(self, table: dict[str, Any], prefix: str) -> None:
        """Report each string an escape ("\\u0000") made a control character in."""
        for key, value in table.items():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    self.check_characters(item, f"{prefix}{key}.")
                elif isinstance(item, str) and (found := CONTROL.search(item)):
                    self.report(prefix + key, f"{describe_control(found[0])}, made by an escape: delete it (it cannot be shown on a page)")

    def check(self, data: dict[str, Any]) -> SiteConfig | None:
        top = self._check_table(data, TOP_KEYS, prefix="")
        languages = self._check_languages(top.get("languages"), top.get("default_language"))
        default: str = top["default_language"] if isinstance(top.get("default_language"), str) else "en"
        base_url: Any = top.get("base_url")  # checked below; None when missing (reported as such)
        if isinstance(base_url, str) and not re.match(r"^https?://[^/\s]+(/\S*)?$", base_url):
            self.report("base_url", f"'{base_url}' is not an http:// or https:// address")
        elif isinstance(base_url, str) and address_problem(base_url):
            self.report("base_url", address_problem(base_url))
        source_url: Any = top.get("source_url", "")
        if isinstance(source_url, str) and source_url and not re.match(r"^https?://[^/\s]+/\S*$", source_url):
            self.report("source_url", f"'{source_url}' is not an http:// or https:// address")
        elif isinstance(source_url, str) and address_problem(source_url):
            self.report("source_url", address_problem(source_url))
        conference = self._check_conference(top.get("conference"), languages, default)
        date_locales = self._check_date_locales(top.get("date_locales", {}), languages)
        if self.problems or conference is None:
            return None
        return SiteConfig(
            base_url=base_url if base_url.endswith("/") else base_url + "/",
            default_language=default,
            languages=tuple(languages),
            conference=conference,
            allow_raw_html=top.get("allow_raw_html", False),
            source_url=source_url if not source_url or source_url.endswith("/") else source_url + "/",
            date_locales=MappingProxyType(date_locales),
        )

    def _check_date_locales(self, table: dict, languages: list[str]) -> dict[str, str]:
        """Each entry: a language of the site → a Babel locale of that same language ("en" → "en_GB")."""
        good = {}
        for language, variant in table.items():
            key = f"date_locales.{language}"
            if language not in languages:
                self.report(key, f"'{language}' is not one of the languages {languages}")
            elif not isinstance(variant, str):
                self.report(key, f'must be a string such as "en_GB", not {_type_name(variant)}')
            elif (problem := language_problem(variant)) is not None:
                self.report(key, problem)
            elif Locale.parse(variant).language != Locale.parse(language).language:
                self.report(key, f"'{variant}' is not a variant of '{language}': dates must stay in the page's language")
            else:
                good[language] = variant
        return good

    def _check_table(self, table: dict, declared: dict, prefix: str) -> dict[str, Any]:
        """Report unknown, missing and mistyped keys; return the well-typed values."""
        good = {}
        for key, value in table.items():
            full = prefix + key
            if key not in declared:
                self.report(full, "unknown key" + _did_you_mean(key, declared))
                continue
            expected = declared[key][0]
            if expected == "localized":
                if isinstance(value, (str, dict)):
                    good[key] = value
                else:
                    self.report(full, f"must be {TYPE_NAMES[expected]}, not {_type_name(value)}")
            elif _is_instance(value, expected):
                good[key] = value
            else:
                self.report(full, f"must be {TYPE_NAMES[expected]}, not {_type_name(value)}")
        for key, (_, required) in declared.items():
            if required and key not in table:
                where = f"table [{prefix.rstrip('.')}]" if prefix else CONFIG_NAME
                self.problems.append(Problem(CONFIG_NAME, self._line_of(prefix.rstrip(".")), f"key '{prefix + key}': missing from {where}"))
        return good

    def _check_languages(self, languages: Any, default: Any) -> list[str]:
        if languages is None:
            return []
        good: list[str] = []
        for code in languages:
            if not isinstance(code, str):
                self.report("languages", f"each language must be a string, not {_type_name(code)}")
            elif code in good:
                self.report("languages", f"'{code}' is listed twice")
            elif (problem := language_problem(code)) is not None:
                self.report("languages", problem)
            else:
                good.append(code)
        if not languages:
            self.report("languages", 'lists no language: name at least one, such as ["en"]')
        if isinstance(default, str) and languages and default not in languages:
            self.report("default_language", f"'{default}' is not one of the languages {list(languages)}")
        return good

    def _check_conference(self, table: Any, languages: list[str], default: str) -> Conference | None:
        if not isinstance(table, dict):
            return None
        values = self._check_table(table, CONFERENCE_KEYS, prefix="conference.")
        localized = {
            key: self._check_localized(f"conference.{key}", values.get(key, ""), languages, default)
            for key, (kind, _) in CONFERENCE_KEYS.items()
            if kind == "localized"
        }
        start, end = values.get("start"), values.get("end")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            self.report("conference.end", f"{end.isoformat()} is before the start date {start.isoformat()}")
        country = values.get("country")
        if isinstance(country, str) and not is_country_code(country):
            self.report("conference.country", f"'{country}' is not an ISO 3166 country code such as \"PE\"")
        timezone = values.get("timezone", "")
        if timezone and (problem := timezone_problem(timezone)) is not None:
            self.report("conference.timezone", problem)
        email = values.get("contact_email", "")
        if email and not EMAIL_PATTERN.match(email):
            self.report("conference.contact_email", f"'{email}' is not an e-mail address (leave it \"\" while unknown)")
        if self.problems:
            return None
        assert isinstance(start, datetime.date) and isinstance(end, datetime.date) and isinstance(country, str), "required, and checked above"
        return Conference(
            name=localized["name"],
            organizer=localized["organizer"],
            start=start,
            end=end,
            country=country,
            city=localized["city"],
            venue=localized["venue"],
            contact_email=email,
            website=values.get("website", ""),
            timezone=timezone,
        )

    def _check_localized(self, key: str, value: str | dict, languages: list[str], default: str) -> Localized:
        if isinstance(value, str):
            return Localized(MappingProxyType({default: value}), default)
        texts = {}
        for language, text in value.items():
            if language not in languages:
                self.report(f"{key}.{language}", f"'{language}' is not one of the languages {languages}")
            elif not isinstance(text, str):
                self.report(f"{key}.{language}", f"must be a string, not {_type_name(text)}")
            else:
                texts[language] = text
        if value and default not in value:
            self.report(key, f"has no text for the default language '{default}', which the others fall back on")
        return Localized(MappingProxyType(texts), default)


def timezone_problem(name: str) -> str | None:
    """Why ``name`` is not an IANA time zone the build can use, or None if it is."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return f"'{name}' is not an IANA time zone such as \"America/Lima\"" + did_you_mean(name, zoneinfo.available_timezones())
    return None


def is_country_code(code: str) -> bool:
    """An ISO 3166 alpha-2 code CLDR names ("ZZ", CLDR's unknown region, is not a country)."""
    return len(code) == 2 and code.isalpha() and code.isupper() and code != "ZZ" and code in Locale.parse("en").territories


def language_problem(code: str) -> str | None:
    """Why ``code`` is not a language the site can be built in, or None if it is."""
    if not LANGUAGE_PATTERN.match(code):
        hint = code.replace("-", "_") if "-" in code else None
        suggestion = f" (write '{hint}')" if hint and LANGUAGE_PATTERN.match(hint) else ""
        return f"'{code}' is not a language identifier such as 'es' or 'pt_BR'{suggestion}"
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return f"'{code}' is not a language Babel knows (CLDR has no data for it)"
    return None


def _is_instance(value: Any, expected: type) -> bool:
    if expected is str or expected is list or expected is dict:
        return isinstance(value, expected)
    if expected is bool:
        return isinstance(value, bool)
    if expected is datetime.date:
        return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    return isinstance(value, expected)


def _type_name(value: Any) -> str:
    for kind, name in ((bool, "a boolean"), (int, "a number"), (float, "a number")):
        if isinstance(value, kind):
            return name
    if isinstance(value, datetime.datetime):
        return "a date with a time"
    return TYPE_NAMES.get(type(value), type(value).__name__)


def _did_you_mean(key: str, declared: dict) -> str:
    return did_you_mean(key, declared) or f"; known keys: {', '.join(declared)}"


_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_\-\"'. ]+?)\s*=")


def key_lines(text: str) -> dict[str, int]:
    """Map each dotted key to the line that defines it.

    tomllib gives no positions, so this reads the text once more, line by line:
    enough for the key/value pairs and table headers a site.toml holds.
    """
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _TABLE_HEADER.match(line):
            table = _dotted(header[1])
            lines.setdefault(table, number)
        elif key := _KEY_LINE.match(line):
            full = f"{table}.{_dotted(key[1])}" if table else _dotted(key[1])
            lines.setdefault(full, number)
            # A dotted key such as name.es = "…" also defines "name".
            while "." in full:
                full = full.rpartition(".")[0]
                lines.setdefault(full, number)
    return lines


def _dotted(key: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in key.split("."))
