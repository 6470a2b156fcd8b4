"""What a build tells the person running it while it works.

On a terminal, a progress bar over the pages of each language; in CI or a
pipe, one plain line per stage. --quiet keeps only errors and warnings;
--verbose adds every file written.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

QUIET, NORMAL, VERBOSE = 0, 1, 2


class Progress:
    def __init__(self, level: int = NORMAL, stream: TextIO | None = None):
        self.level = level
        self.stream = stream or sys.stdout
        self.is_terminal = self.stream.isatty()
        self.started = time.perf_counter()
        self._bar_open = False

    def stage(self, message: str) -> None:
        """One step done: "loaded 48 pages in 5 languages"."""
        if self.level >= NORMAL:
            self._close_bar()
            print(f"[{time.perf_counter() - self.started:5.2f} s] {message}", file=self.stream, flush=True)

    def advance(self, label: str, done: int, total: int) -> None:
        """Progress within a stage; drawn only on a terminal."""
        if self.level < NORMAL or not self.is_terminal or total <= 0:
            return
        width = 30
        filled = width * done // total
        self.stream.write(f"\r{label:<12} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()
        self._bar_open = True
        if done == total:
            self._close_bar()

    def notice(self, message: str) -> None:
        """Something the person waiting should know even with --quiet: a build waiting for another."""
        self._close_bar()
        print(message, file=sys.stderr, flush=True)

    def detail(self, message: str) -> None:
        """Only with --verbose: each file written, each page re-rendered."""
        if self.level >= VERBOSE:
            self._close_bar()
            print(f"  {message}", file=self.stream, flush=True)

    def _close_bar(self) -> None:
        if self._bar_open:
            self.stream.write("\n")
            self._bar_open = False


SILENT = Progress(QUIET)
