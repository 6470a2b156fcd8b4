"""The scheduler: for every job of every kind, keep it, render it here, or render it in the pool.

A job whose signature is the one the last build recorded for its file is
kept as it is. The others are rendered in this process, or, when there are
enough of them to pay for starting processes, in a pool of forked workers,
which inherit the jobs: nothing is pickled on the way in.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence

from .incremental import Manifest
from .outputs import Job, OutputFile, Rendered
from .progress import SILENT, Progress

# Below this many jobs, starting processes costs more than it saves.
PARALLEL_FROM = 200
_WORK: Sequence[Job] = ()


def run_jobs(
    jobs: Sequence[Job],
    previous: Manifest | None,
    *,
    processes: int = 1,
    progress: Progress = SILENT,
    on_file: Callable[[OutputFile], None] | None = None,
) -> list[Rendered]:
    """Every job's result, in the order given; ``on_file`` gets each file as soon as it is made."""
    kept = [_unchanged(job, previous) for job in jobs]
    waiting = [job for job, result in zip(jobs, kept, strict=True) if result is None]
    rendered = iter(_render(waiting, processes, progress, on_file or (lambda file: None)))
    return [result or next(rendered) for result in kept]


def _unchanged(job: Job, previous: Manifest | None) -> Rendered | None:
    """The job's file as the last build left it, if everything it is made from is as it was then."""
    if previous is None:
        return None
    recorded = previous.output_signature(job.path)
    if recorded is None:
        return None
    signature = job.sign()
    if signature != recorded:
        return None
    return Rendered(OutputFile(job.path, None, job.sources), signature, (), job.known())


def _render(jobs: Sequence[Job], processes: int, progress: Progress, on_file: Callable[[OutputFile], None]) -> list[Rendered]:
    if processes > 1 and len(jobs) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        return _render_in_pool(jobs, processes, progress, on_file)
    results = []
    for done, job in enumerate(jobs, start=1):
        results.append(job.render())
        if results[-1].file is not None:
            on_file(results[-1].file)
        progress.advance("pages", done, len(jobs))
    return results


def _render_in_pool(jobs: Sequence[Job], processes: int, progress: Progress, on_file: Callable[[OutputFile], None]) -> list[Rendered]:
    global _WORK
    _WORK = jobs  # forked workers inherit them
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            results = []
            chunk = max(1, min(64, len(jobs) // (processes * 8)))
            for done, result in enumerate(pool.imap(_render_by_index, range(len(jobs)), chunksize=chunk), start=1):
                results.append(result)
                if result.file is not None:
                    on_file(result.file)
                progress.advance("pages", done, len(jobs))
            return results
    finally:
        _WORK = ()


def _render_by_index(index: int) -> Rendered:
    return _WORK[index].render()
