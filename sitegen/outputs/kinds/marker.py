"""The marker that says an output folder is this generator's: what lets the next build replace it (folders.py)."""

from __future__ import annotations

from collections.abc import Iterator

from sitegen.core.folders import MARKER, MARKER_TEXT
from sitegen.model.site import BuildContext
from sitegen.outputs.kinds.templated import view_job
from sitegen.outputs.registry import Job, output_kind


@output_kind("output marker")
def plan_marker(build: BuildContext) -> Iterator[Job]:
    yield view_job(MARKER, MARKER_TEXT, write_marker)


def write_marker(text: str) -> bytes:
    return text.encode()
