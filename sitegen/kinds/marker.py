"""The marker that says an output folder is this generator's: what lets the next build replace it (folders.py)."""

from __future__ import annotations

from collections.abc import Iterator

from ..folders import MARKER, MARKER_TEXT
from ..model import BuildContext
from ..outputs import Job, output_kind
from .templated import view_job


@output_kind("output marker")
def plan_marker(build: BuildContext) -> Iterator[Job]:
    yield view_job(MARKER, MARKER_TEXT, write_marker)


def write_marker(text: str) -> bytes:
    return text.encode()
