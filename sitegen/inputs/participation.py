"""Data files: facts kept as YAML under data/, checked field by field.

``data/participation.yaml`` lists the preparatory group's member organisations
and the state of registrations. Country codes, not names: each language shows
the country's name from Babel (CLDR), sorted in that language's order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitegen.core.characters import unwritable_characters
from sitegen.core.problems import Problem, did_you_mean
from sitegen.core.schema import declare, declared_keys
from sitegen.core.yaml_files import compose, node_mistakes
from sitegen.inputs.config import SiteConfig, is_country_code

DATA_DIR = "data"
PARTICIPATION = f"{DATA_DIR}/participation.yaml"


@dataclass(frozen=True)
class Organisation:
    name: dict[str, str]  # by language; the default language's is required
    country: str  # ISO 3166 code

    def name_in(self, language: str, default: str) -> str:
        return self.name.get(language) or self.name[default]


@dataclass(frozen=True)
class Participation:
    """Who prepares the conference, who has confirmed, who is still missing."""

    preparatory_group: tuple[Organisation, ...] = field(metadata=declare("organisations", "the member organisations of the preparatory group", required=True))
    confirmed: tuple[Organisation, ...] = field(metadata=declare("organisations", "organisations that have confirmed their participation"))
    registered_countries: int = field(metadata=declare("count", "how many countries have registered", required=True))
    not_yet_registered: tuple[str, ...] = field(
        metadata=declare("countries", "countries still missing, as the organisers named them (shown by their CLDR names)")
    )


# field: (kind, required, meaning), as Participation declares them
FIELDS = {name: (spec.kind, spec.required, spec.meaning) for name, spec in declared_keys(Participation).items()}
ORGANISATION_FIELDS = {"name", "country"}


def load_participation(site_dir: Path, config: SiteConfig) -> tuple[Participation | None, list[Problem]]:
    """Read data/participation.yaml, if the site has one."""
    if not (site_dir / PARTICIPATION).is_file():
        return None, []
    root, problems = read_yaml(site_dir, PARTICIPATION)
    if problems:
        return None, problems
    checker = _ParticipationChecker(config)
    participation = checker.participation(root)
    return (participation if not checker.problems else None), checker.problems


def read_yaml(site_dir: Path, name: str) -> tuple[yaml.Node | None, list[Problem]]:
    """A data file's YAML as nodes, which keep their line numbers for messages; or the problem reading it."""
    try:
        text = (site_dir / name).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(name, None, f"is not UTF-8 text ({exc.reason})")]
    controls = unwritable_characters(text, name)
    if controls:
        return None, controls
    try:
        root = compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [Problem(name, mark.line + 1 if mark else None, f"is not valid YAML: {getattr(exc, 'problem', exc)}")]
    except RecursionError:
        return None, [Problem(name, None, "is nested too deeply")]
    mistakes = node_mistakes(root)
    return (None if mistakes else root), [Problem(name, line, message) for line, message in mistakes]


class NodeChecker:
    """Checks a data file's YAML nodes, reporting each problem at its line; what every data file's checker shares."""

    def __init__(self, config: SiteConfig, path: str):
        self.config = config
        self.path = path
        self.problems: list[Problem] = []

    def report(self, node: yaml.Node | None, message: str) -> None:
        self.problems.append(Problem(self.path, node.start_mark.line + 1 if node is not None else 1, message))

    def localized(self, node: yaml.Node, what: str) -> dict[str, str] | None:
        default = self.config.default_language
        if isinstance(node, yaml.ScalarNode) and node.value.strip():
            return {default: node.value.strip()}
        if isinstance(node, yaml.MappingNode):
            names = {k.value: v.value for k, v in node.value if isinstance(v, yaml.ScalarNode)}
            unknown = sorted(set(names) - set(self.config.languages))
            if unknown:
                self.report(node, f"{what}: {', '.join(unknown)} not among the languages {list(self.config.languages)}")
            if not names.get(default):
                self.report(node, f"{what}: no name in the default language '{default}'")
            return names if not unknown and names.get(default) else None
        self.report(node, f"{what} must be a text, or texts by language")
        return None


class _ParticipationChecker(NodeChecker):
    def __init__(self, config: SiteConfig):
        super().__init__(config, PARTICIPATION)

    def participation(self, root: yaml.Node | None) -> Participation | None:
        if not isinstance(root, yaml.MappingNode):
            self.report(root, "must be a mapping of " + ", ".join(FIELDS))
            return None
        values: dict[str, Any] = {}
        for key_node, value_node in root.value:
            key = key_node.value
            if key not in FIELDS:
                self.report(key_node, f"unknown field '{key}'" + did_you_mean(str(key), FIELDS))
                continue
            kind = FIELDS[key][0]
            values[key] = getattr(self, kind)(value_node, key)
        for key, (_, required, meaning) in FIELDS.items():
            if required and key not in values:
                self.report(root, f"field '{key}' is missing: {meaning}")
        if self.problems:
            return None
        return Participation(
            preparatory_group=values["preparatory_group"],
            confirmed=values.get("confirmed", ()),
            registered_countries=values["registered_countries"],
            not_yet_registered=values.get("not_yet_registered", ()),
        )

    def organisations(self, node: yaml.Node, key: str) -> tuple[Organisation, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"'{key}' must be a list of organisations (each with name and country)")
            return ()
        organisations = []
        for item in node.value:
            if not isinstance(item, yaml.MappingNode):
                self.report(item, f"each entry of '{key}' must have 'name' and 'country'")
                continue
            fields = {k.value: v for k, v in item.value}
            for unknown in sorted(set(fields) - ORGANISATION_FIELDS):
                self.report(item, f"unknown field '{unknown}' in '{key}': an organisation has 'name' and 'country'")
            for missing in sorted(ORGANISATION_FIELDS - set(fields)):
                self.report(item, f"an organisation in '{key}' has no '{missing}'")
            if ORGANISATION_FIELDS - set(fields):
                continue
            name = self.localized(fields["name"], f"{key}: name")
            country = self.country(fields["country"])
            if name and country:
                organisations.append(Organisation(name, country))
        return tuple(organisations)

    def country(self, node: yaml.Node) -> str | None:
        code = node.value if isinstance(node, yaml.ScalarNode) else None
        if not code or not is_country_code(code):
            self.report(node, f"'{code}' is not an ISO 3166 country code such as PE")
            return None
        return code

    def countries(self, node: yaml.Node, key: str) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"'{key}' must be a list of country codes, such as [AU, CA]")
            return ()
        return tuple(code for code in (self.country(item) for item in node.value) if code)

    def count(self, node: yaml.Node, key: str) -> int:
        try:
            value = int(node.value) if isinstance(node, yaml.ScalarNode) else -1
        except ValueError:
            value = -1
        if value < 0:
            self.report(node, f"'{key}' must be a whole number")
        return value
