"""Output kinds and their jobs: what the scheduler runs and the writer takes.

Each kind of output (content pages, the chooser, feeds, calendars, static
files…) is a module of sitegen.outputs.kinds that registers a planner with
``@output_kind``. A planner looks at the site model and returns one job per
file: its path, a way to sign it (a digest of exactly what the file is made
from) and a way to render it. The scheduler alone decides what happens to
each job (scheduler.py), so a new kind gets incremental builds and the pool
by being registered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sitegen.model.site import BuildContext

from sitegen.core.files import OutputFile
from sitegen.core.problems import Problem


@dataclass(frozen=True)
class Rendered:
    """What rendering one job gives back, possibly from another process."""

    file: OutputFile | None  # None when it could not be made (its problems say why)
    signature: str
    problems: tuple[Problem, ...] = ()
    facts: Any = None  # what the job learnt that others need (a page body's ids and links)


@dataclass(frozen=True)
class Job:
    """One output file to make.

    ``sign()`` returns the digest of everything the file is made from, or None
    when that is only known by rendering (a page whose text changed); a file
    whose signature is the one the last build recorded is kept as it is.
    ``known()`` gives, for a kept file, what rendering would have given
    besides the file (a page's body facts).
    """

    path: str
    sources: tuple[str, ...]
    sign: Callable[[], str | None]
    render: Callable[[], Rendered]
    known: Callable[[], Any] = field(default=lambda: None)
    key: str = ""  # a content page's name, "es/news/first" (untouched.py): '' for every other file
    heavy: bool = False  # a second of work or more (a PDF): worth a pool even where there are few jobs


# After the first stage, the bodies rendered in it are known: the second
# (feeds, which hold whole bodies) reads them instead of rendering them again.
FIRST, AFTER_PAGES = 1, 2


@dataclass(frozen=True)
class OutputKind:
    name: str
    stage: int
    plan: Callable[[BuildContext], Iterable[Job]]


KINDS: list[OutputKind] = []


def output_kind(name: str, stage: int = FIRST) -> Callable:
    """Register a planner: ``@output_kind("feeds", AFTER_PAGES)``."""

    def register(plan: Callable[[BuildContext], Iterable[Job]]) -> Callable:
        KINDS.append(OutputKind(name, stage, plan))
        return plan

    return register


def registered_kinds() -> list[OutputKind]:
    """Every registered kind: those of the modules imported so far (render.py imports the package sitegen.outputs.kinds, whose modules register themselves)."""
    return list(KINDS)
