"""One build at a time per output folder; and what a killed build left behind, cleared."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

from sitegen.core.incremental import manifest_path

fcntl: ModuleType | None  # None where the platform has no fcntl
try:
    import fcntl
except ImportError:  # Windows: no advisory locks; builds there are not run side by side
    fcntl = None


@contextlib.contextmanager
def build_lock(site_dir: Path, out_dir: Path, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold the lock of this site's builds into out_dir; a second build waits for the first, and says so.

    The lock file sits in the site's cache folder, named like the manifest of
    that output folder, so nothing is left beside the output.
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_file = manifest_path(site_dir, out_dir).with_suffix(".lock")
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                waiting(f"another build into {out_dir} is running: waiting for it to finish")
                fcntl.flock(descriptor, fcntl.LOCK_EX)
        clear_leftovers(out_dir)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock, even if the process is killed


def clear_leftovers(out_dir: Path) -> None:
    """Remove the staging folders and temporary files of builds that were killed mid-way.

    Only called with the lock held, so no running build owns them.
    """
    for kind in ("new", "old"):  # names as writer.py makes them; nothing else matches
        for path in out_dir.parent.glob(f".{out_dir.name}-{kind}-*"):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
    for path in out_dir.parent.glob(f".{out_dir.name}.zip-*"):
        path.unlink(missing_ok=True)
