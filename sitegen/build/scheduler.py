"""The scheduler: for every job of every kind, keep it, render it here, or render it in the pool.

A job whose signature is the one the last build recorded for its file is
kept as it is. The others are rendered in this process, or, when there are
enough of them to pay for starting processes, in a pool of forked workers,
which inherit the jobs: nothing is pickled on the way in.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
from collections.abc import Callable, Sequence
from pathlib import Path

from sitegen.build.writer import place
from sitegen.core.files import OutputFile
from sitegen.core.incremental import Manifest
from sitegen.core.parallel import leave_interrupts_to_the_parent
from sitegen.core.progress import SILENT, Progress
from sitegen.outputs.registry import Job, Rendered

# Below this many jobs, starting processes costs more than it saves.
PARALLEL_FROM = 200
# The pool is made anew, its workers forked again, after this many jobs for each worker. Reading the model it
# shares with the building process writes the reference counts of its objects, and the kernel copies every
# memory page that holds one: a worker that rendered 25,000 pages held 280 MB of copies of the model, and the
# whole tree 1.5 GB at 50,000 pages. Forked from this thread between batches, not by the pool's own thread while
# this one works (maxtasksperchild): a lock another thread holds at a fork stays locked in the child.
JOBS_PER_WORKER = 2_500
_WORK: tuple[Sequence[Job], Manifest | None, str | None, Callable[[Rendered], Rendered]] = ((), None, None, lambda result: result)


def run_jobs(
    jobs: Sequence[Job],
    previous: Manifest | None,
    *,
    processes: int = 1,
    progress: Progress = SILENT,
    on_file: Callable[[OutputFile], None] | None = None,
    untouched: frozenset[str] = frozenset(),
    open_for_workers: Callable[[], Path | None] | None = None,
    on_result: Callable[[Rendered], Rendered] | None = None,
    outgoing: Callable[[Rendered], Rendered] | None = None,
) -> list[Rendered]:
    """Every job's result, in the order given; ``on_file`` gets each file as soon as it is made.

    In the pool, each worker settles its own jobs, signing them and rendering
    those that changed: signing every page of a large site is work too.
    A content page whose name is in ``untouched`` keeps the signature the last
    build recorded without being signed (untouched.py says when that holds).
    ``open_for_workers()`` gives a folder the pool's workers write their
    files into themselves (writer.place), or None. ``on_result`` sees each
    result as it comes and gives what is kept of it (a page's body, once
    learnt, need not be held until the last job is done). ``outgoing`` is
    what a worker of the pool sends of a result instead of the result
    (on_result gets it): less to pickle where this process knows the rest.
    """
    on_file = on_file or (lambda file: None)
    on_result = on_result or (lambda result: result)
    outgoing = outgoing or (lambda result: result)
    if untouched:
        # Kept here first, unsigned: only the rest is worth a pool.
        kept = [_untouched(job, previous) if job.key in untouched else None for job in jobs]
        rest = iter(
            run_jobs(
                [job for job, result in zip(jobs, kept, strict=True) if result is None],
                previous,
                processes=processes,
                progress=progress,
                on_file=on_file,
                open_for_workers=open_for_workers,
                on_result=on_result,
                outgoing=outgoing,
            )
        )
        return [result or next(rest) for result in kept]
    worth_a_pool = len(jobs) >= PARALLEL_FROM or sum(job.heavy for job in jobs) > 1
    if processes > 1 and worth_a_pool and "fork" in multiprocessing.get_all_start_methods():
        # One job is settled here first: the model's indexes it fills are then inherited
        # by every worker instead of being made again in each. A light one: a heavy one
        # would keep the workers waiting.
        here = next((index for index, job in enumerate(jobs) if not job.heavy), 0)
        first = on_result(_settle(jobs[here], previous))
        if first.file is not None:  # as _render hands over each file: a kept one (no content) too
            on_file(first.file)
        folder = open_for_workers() if open_for_workers else None
        others = _settle_in_pool(
            [*jobs[:here], *jobs[here + 1 :]], previous, processes, progress, on_file, on_result, outgoing, str(folder) if folder else None
        )
        return [*others[:here], first, *others[here:]]
    settled = [_unchanged(job, previous) for job in jobs]
    waiting = [job for job, result in zip(jobs, settled, strict=True) if result is None]
    settled = [on_result(result) if result is not None else None for result in settled]
    rendered = iter(_render(waiting, progress, on_file, on_result))
    return [result or next(rendered) for result in settled]


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


def _untouched(job: Job, previous: Manifest | None) -> Rendered | None:
    """The job's file as the last build left it, without signing it; None if the last build made none (it is settled as any other).

    Nor is what rendering it would find looked up: its body's record carries over as it is (bodies.records).
    """
    recorded = previous.output_signature(job.path) if previous else None
    if recorded is None:
        return None
    return Rendered(OutputFile(job.path, None, job.sources), recorded, ())


def _render(jobs: Sequence[Job], progress: Progress, on_file: Callable[[OutputFile], None], on_result: Callable[[Rendered], Rendered]) -> list[Rendered]:
    results = []
    for done, job in enumerate(jobs, start=1):
        results.append(on_result(job.render()))
        if results[-1].file is not None:
            on_file(results[-1].file)
        progress.advance("pages", done, len(jobs))
    return results


def _settle_in_pool(
    jobs: Sequence[Job],
    previous: Manifest | None,
    processes: int,
    progress: Progress,
    on_file: Callable[[OutputFile], None],
    on_result: Callable[[Rendered], Rendered],
    outgoing: Callable[[Rendered], Rendered],
    folder: str | None,
) -> list[Rendered]:
    global _WORK
    _WORK = (jobs, previous, folder, outgoing)  # forked workers inherit them
    try:
        chunk = max(1, min(64, len(jobs) // (processes * 8)))
        batches = max(1, len(jobs) // (JOBS_PER_WORKER * processes))  # at most twice that many jobs a worker
        size = -(-len(jobs) // batches)
        context = multiprocessing.get_context("fork")
        results: list[Rendered] = []
        for start in range(0, len(jobs), size):
            gc.freeze()  # the collector would otherwise touch, and so copy, every object the workers share with this process
            with context.Pool(processes, initializer=leave_interrupts_to_the_parent) as pool:
                for result in pool.imap(_settle_by_index, range(start, min(start + size, len(jobs))), chunksize=chunk):
                    results.append(on_result(result))
                    if result.file is not None and result.file.is_new:
                        on_file(result.file)
                    progress.advance("pages", len(results), len(jobs))
        return results
    finally:
        gc.unfreeze()
        _WORK = ((), None, None, lambda result: result)


def _settle_by_index(index: int) -> Rendered:
    jobs, previous, folder, outgoing = _WORK
    result = _settle(jobs[index], previous)
    if folder is not None and result.file is not None and result.file.content is not None:
        # Written here: only its path goes back to the building process, not its bytes.
        result = dataclasses.replace(result, file=place(folder, result.file))
    return outgoing(result)


def _settle(job: Job, previous: Manifest | None) -> Rendered:
    return _unchanged(job, previous) or job.render()
