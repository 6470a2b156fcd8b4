"""The translation status report: per language, interface strings and pages, with percentages.

The same report is printed by ``build.py status`` (as a table or JSON) and
published as the site's translation status page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog

from sitegen.i18n.catalogs import StringCounts, catalog_path, count_strings
from sitegen.i18n.freshness import CURRENT, MISSING, OUTDATED, PARTIAL, SOURCE, Freshness
from sitegen.i18n.segment_pages import segment_catalog_path
from sitegen.i18n.session_texts import programme_catalog_path
from sitegen.inputs.config import SiteConfig
from sitegen.inputs.content import CONTENT_DIR, Content
from sitegen.inputs.languages import describe_language


@dataclass(frozen=True)
class LanguageStatus:
    """How far one language's translation has come."""

    language: str
    name: str  # in the language itself
    is_source: bool
    catalog: str  # the catalog's path, relative to the site folder
    strings: StringCounts
    current: tuple[str, ...]  # translation keys of pages in each state
    outdated: tuple[str, ...]
    missing: tuple[str, ...]
    programme: StringCounts | None = None  # the schedule's texts (session_texts.py), where the site has a schedule
    programme_catalog: str = ""
    partial: tuple[str, ...] = ()  # pages translated by segments, some of them untranslated or fuzzy
    segments: Mapping[str, StringCounts] = field(default_factory=dict)  # key → its segments, for each page translated by segments

    @property
    def pages(self) -> int:
        return len(self.current) + len(self.outdated) + len(self.partial) + len(self.missing)

    def segment_catalog(self, key: str) -> str:
        return segment_catalog_path(self.language, key)

    @property
    def strings_percent(self) -> float:
        return 100.0 if self.is_source else _percent(self.strings.translated, self.strings.total)

    @property
    def programme_percent(self) -> float:
        return 100.0 if self.is_source or self.programme is None else _percent(self.programme.translated, self.programme.total)

    @property
    def pages_percent(self) -> float:
        return 100.0 if self.is_source else _percent(len(self.current), self.pages)

    @property
    def tag(self) -> str:
        return describe_language(self.language).tag

    @property
    def direction(self) -> str:
        return describe_language(self.language).direction

    def page_file(self, key: str) -> str:
        return f"{CONTENT_DIR}/{self.language}/{key}.md"


@dataclass(frozen=True)
class StatusReport:
    source_language: str
    languages: tuple[LanguageStatus, ...]

    def below(self, percent: float) -> list[str]:
        """Why languages fall below a bar, one line each (the source language never does)."""
        reasons = []
        for status in (status for status in self.languages if not status.is_source):
            for what, value in (("interface strings", status.strings_percent), ("pages", status.pages_percent), ("programme texts", status.programme_percent)):
                if value < percent:
                    reasons.append(f"{status.language}: {what} {value:.0f}% translated, below {percent:g}%")
        return reasons


def make_report(
    config: SiteConfig,
    content: Content,
    freshness: Freshness,
    catalogs: dict[str, Catalog | None],
    programme: Mapping[str, StringCounts] | None = None,
    segments: Mapping[tuple[str, str], StringCounts] | None = None,
) -> StatusReport:
    """The status of every language, from the content as written (before fallbacks), the catalogs,
    the programme's catalogs' counts (``programme``, by language, where the site has a schedule),
    and the counts of each page catalog (``segments``, by language and key)."""
    languages = []
    keys = sorted(content.pages[config.default_language])
    for language in config.languages:
        states = {key: freshness.of(language, key) for key in keys}
        source = language == config.default_language
        languages.append(
            LanguageStatus(
                language=language,
                name=describe_language(language).name,
                is_source=source,
                catalog=catalog_path(language),
                strings=count_strings(catalogs.get(language)),
                current=tuple(key for key, state in states.items() if state in (CURRENT, SOURCE)),
                outdated=tuple(key for key, state in states.items() if state == OUTDATED),
                missing=tuple(key for key, state in states.items() if state == MISSING),
                programme=None if programme is None or source else programme.get(language),
                programme_catalog="" if programme is None or source else programme_catalog_path(language),
                partial=tuple(key for key, state in states.items() if state == PARTIAL),
                segments={key: counts for (code, key), counts in sorted((segments or {}).items()) if code == language},
            )
        )
    return StatusReport(config.default_language, tuple(languages))


def format_table(report: StatusReport) -> str:
    """The report as a plain-text table, then what needs doing in each language."""
    header = ("language", "strings", "fuzzy", "untranslated", "pages current", "outdated", "partial", "missing")
    rows = []
    for status in report.languages:
        if status.is_source:
            rows.append((f"{status.language} {status.name}", "source", "", "", f"{status.pages} source", "", "", ""))
            continue
        rows.append(
            (
                f"{status.language} {status.name}",
                f"{status.strings.translated}/{status.strings.total} {status.strings_percent:.0f}%",
                str(status.strings.fuzzy),
                str(status.strings.untranslated),
                f"{len(status.current)}/{status.pages} {status.pages_percent:.0f}%",
                str(len(status.outdated)),
                str(len(status.partial)),
                str(len(status.missing)),
            )
        )
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]]
    for status in report.languages:
        if status.programme is not None and status.programme.translated < status.programme.total:
            counts = status.programme
            lines.append(f"{status.programme_catalog}: {counts.translated} of {counts.total} programme texts translated, {counts.fuzzy} fuzzy")
        for state, keys in (("outdated", status.outdated), ("missing", status.missing)):
            for key in keys:
                lines.append(
                    f"{status.segment_catalog(key)}: {state}{_segments_note(status, key)}" if key in status.segments else f"{status.page_file(key)}: {state}"
                )
        for key in status.partial:
            lines.append(f"{status.segment_catalog(key)}: partial{_segments_note(status, key)}")
    return "\n".join(lines)


def _segments_note(status: LanguageStatus, key: str) -> str:
    """ ", 12 of 15 segments translated, 2 fuzzy": how far a page translated by segments has come."""
    counts = status.segments[key]
    return f", {counts.translated} of {counts.total} segments translated, {counts.fuzzy} fuzzy"


def to_json(report: StatusReport) -> dict:
    """The report as plain data, for tools."""
    return {
        "source_language": report.source_language,
        "languages": [
            {
                "language": status.language,
                "name": status.name,
                "source": status.is_source,
                "strings": {
                    "catalog": status.catalog,
                    "total": status.strings.total,
                    "translated": status.strings.translated,
                    "fuzzy": status.strings.fuzzy,
                    "untranslated": status.strings.untranslated,
                    "percent": round(status.strings_percent, 1),
                },
                "programme": None
                if status.programme is None
                else {
                    "catalog": status.programme_catalog,
                    "total": status.programme.total,
                    "translated": status.programme.translated,
                    "fuzzy": status.programme.fuzzy,
                    "untranslated": status.programme.untranslated,
                    "percent": round(status.programme_percent, 1),
                },
                "pages": {
                    "total": status.pages,
                    "current": list(status.current),
                    "outdated": list(status.outdated),
                    "partial": list(status.partial),
                    "missing": list(status.missing),
                    "percent": round(status.pages_percent, 1),
                    "segments": {
                        key: {
                            "catalog": status.segment_catalog(key),
                            "total": counts.total,
                            "translated": counts.translated,
                            "fuzzy": counts.fuzzy,
                            "untranslated": counts.untranslated,
                        }
                        for key, counts in status.segments.items()
                    },
                },
            }
            for status in report.languages
        ],
    }


def _percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 100.0
