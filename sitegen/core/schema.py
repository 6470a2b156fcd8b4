"""Schemas declared once: a field's kind, whether it is required, its default and its meaning.

A dataclass field made with ``field(metadata=declare(...))`` carries its own documentation. The
checkers, their "did you mean" suggestions, the key tables of docs/site-folder.md and the
site.toml that ``sitegen new`` writes are all derived from these fields, so
a key is never listed twice.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class KeySpec:
    name: str
    kind: Any  # a type (str, int, bool, list, dict, datetime.date) or a name ("localized", "table", "organisations"…)
    required: bool
    meaning: str
    example: str = ""  # what `sitegen new` writes for it ('' : left empty)


def declare(kind: Any, meaning: str, *, required: bool = False, example: str = "") -> dict[str, Any]:
    """The metadata of a declared key: ``base_url: str = field(metadata=declare(str, "where …", required=True))``."""
    return {"key": (kind, required, meaning, example)}


def declared_keys(cls: type) -> dict[str, KeySpec]:
    """The declared keys of a dataclass, in the order they are declared."""
    keys = {}
    for field in dataclasses.fields(cls):
        if "key" in field.metadata:
            kind, required, meaning, example = field.metadata["key"]
            keys[field.name] = KeySpec(field.name, kind, required, meaning, example)
    return keys


def markdown_table(cls: type, prefix: str = "") -> str:
    """The keys of a dataclass as a Markdown table (docs/site-folder.md's tables are these)."""
    rows = ["| key | required | meaning |", "|---|---|---|"]
    for spec in declared_keys(cls).values():
        rows.append(f"| `{prefix}{spec.name}` | {'yes' if spec.required else ''} | {spec.meaning} |")
    return "\n".join(rows)
