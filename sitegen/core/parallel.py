"""One function over many items in forked processes, the results in the items' order.

For work that only reads, on inputs no earlier step depends on: a cold
build's pages, read and checked before the model can be made. The workers
inherit the function and the items at the fork: only the results are pickled.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def map_in_order(function: Callable[[Item], Result], items: Sequence[Item], processes: int) -> list[Result]:
    """[function(item) for item in items], in ``processes`` forked processes where there are several and fork is there."""
    global _TASK
    if processes <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _TASK = (function, items)
    gc.freeze()  # the collector would otherwise touch, and so copy, every object the workers share with this process
    try:
        with multiprocessing.get_context("fork").Pool(processes, initializer=leave_interrupts_to_the_parent) as pool:
            return pool.map(_one, range(len(items)), chunksize=max(1, len(items) // (processes * 8)))
    finally:
        gc.unfreeze()
        _TASK = None


def _one(index: int) -> Any:
    assert _TASK is not None  # set before the fork
    function, items = _TASK
    return function(items[index])


def leave_interrupts_to_the_parent() -> None:
    """A forked worker's first step: Ctrl-C reaches every process of the terminal's group, and the parent stops the pool;
    a worker that took the interrupt itself would only print its own traceback over the terminal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.enable()  # a worker does thousands of items: it collects, whether or not the parent does (cli.main)
