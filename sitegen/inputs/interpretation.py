"""Interpretation: which languages the programme's sessions are interpreted into, from data/interpretation.yaml.

    rooms:                  # every session in the room is interpreted into these
      Auditorium: [en, es, ru]
    sessions:               # one session (by its guid) into more
      3b1f6c2e-…-0007: [hi]

A session is held in the language the schedule gives it (``language``); the
languages it is interpreted into are its room's and its own, less that one.
Rooms and guids are checked against the schedule (the current version and the
earlier ones), language codes against CLDR, each problem at its line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from sitegen.core.problems import Problem, did_you_mean
from sitegen.inputs.config import SiteConfig
from sitegen.inputs.participation import DATA_DIR, NodeChecker, read_yaml
from sitegen.inputs.schedule import SCHEDULE, Schedule, Session

INTERPRETATION = f"{DATA_DIR}/interpretation.yaml"
SECTIONS = {"rooms": "each room's languages, for every session in it", "sessions": "more languages for one session, by its guid"}


@dataclass(frozen=True)
class Interpretation:
    rooms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # room → language codes
    sessions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # guid → language codes

    def into(self, session: Session) -> tuple[str, ...]:
        """The languages the session is interpreted into, in the order the file gives them, without the one it is held in."""
        held = primary(session.language)
        codes = (*self.rooms.get(session.room, ()), *self.sessions.get(session.guid, ()))
        return tuple(dict.fromkeys(code for code in codes if primary(code) != held))


def primary(code: str) -> str:
    """The language of a tag, for comparing: "es-PE" and "es" are both Spanish."""
    return code.replace("_", "-").split("-")[0].casefold()


def load_interpretation(site_dir: Path, config: SiteConfig, schedule: Schedule | None) -> tuple[Interpretation | None, list[Problem]]:
    """Read and check data/interpretation.yaml, if the site has one."""
    if not (site_dir / INTERPRETATION).is_file():
        return None, []
    root, problems = read_yaml(site_dir, INTERPRETATION)
    if problems:
        return None, problems
    if schedule is None:
        return None, [Problem(INTERPRETATION, 1, f"interprets the programme's sessions, but the site has no programme ({SCHEDULE})")]
    checker = _InterpretationChecker(config, schedule)
    interpretation = checker.interpretation(root)
    return (interpretation if not checker.problems else None), checker.problems


class _InterpretationChecker(NodeChecker):
    def __init__(self, config: SiteConfig, schedule: Schedule):
        super().__init__(config, INTERPRETATION)
        versions = (schedule, *schedule.earlier)
        self.rooms = {room for version in versions for room in version.rooms}
        self.guids = {session.guid for version in versions for session in version.sessions}

    def interpretation(self, root: yaml.Node | None) -> Interpretation | None:
        if root is None:
            return Interpretation()
        if not isinstance(root, yaml.MappingNode):
            self.report(root, "must be a mapping of " + " and ".join(f"'{name}' ({meaning})" for name, meaning in SECTIONS.items()))
            return None
        found: dict[str, dict[str, tuple[str, ...]]] = {}
        for key, value in root.value:
            name = str(key.value)
            if name not in SECTIONS:
                self.report(key, f"unknown key '{name}'" + did_you_mean(name, SECTIONS) + ": the file has 'rooms' and 'sessions'")
                continue
            known, what = (self.rooms, "room") if name == "rooms" else (self.guids, "session")
            found[name] = self.section(value, name, known, what)
        return Interpretation(found.get("rooms", {}), found.get("sessions", {}))

    def section(self, node: yaml.Node, name: str, known: set[str], what: str) -> dict[str, tuple[str, ...]]:
        if node is None or (isinstance(node, yaml.ScalarNode) and node.value == "" and node.tag.endswith(":null")):
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.report(node, f"'{name}' must map each {what} to a list of language codes, such as [en, es]")
            return {}
        entries = {}
        for key, value in node.value:
            written = str(key.value)
            if written not in known:
                where = "data/schedule.json or data/schedule-history/" if what == "session" else SCHEDULE
                self.report(key, f"no {what} '{written}' in {where}" + did_you_mean(written, known))
                continue
            entries[written] = self.languages(value, written)
        return entries

    def languages(self, node: yaml.Node, owner: str) -> tuple[str, ...]:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node] if isinstance(node, yaml.ScalarNode) and node.value else None
        if items is None:
            self.report(node, f"'{owner}': must be a list of language codes, such as [en, es]")
            return ()
        codes = []
        for item in items:
            code = item.value if isinstance(item, yaml.ScalarNode) else None
            if not code or not _is_language(code):
                self.report(item, f"'{owner}': '{code}' is not a language code CLDR knows, such as es, en or qu")
            else:
                codes.append(code)
        return tuple(codes)


def _is_language(code: str) -> bool:
    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True
