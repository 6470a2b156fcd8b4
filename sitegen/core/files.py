"""Walking the site's folders without being led out of them by a link, writing a file in one rename, and a file of the built site."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple

from sitegen.core.problems import Problem


def write_atomically(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write ``data`` to ``path`` in one rename, creating its folder: a reader, a crash or Ctrl-C finds the old file or the new one, never part of either.

    ``data`` is the bytes, or a function that writes them to the open file: a large cache is pickled straight
    into it (``lambda file: pickle.dump(value, file)``), never held whole in memory as well (30 MB at 5,000 pages).

    Every file the generator writes outside the output's staging folder goes through here: a translator's
    catalog, a page's source_hash, site.toml, and the caches. A link is written through to the file it names,
    and an existing file keeps its permissions.
    """
    if path.is_symlink():
        path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as file:
            if callable(data):
                data(file)
            else:
                file.write(data)
        if path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def iter_site_files(root: Path, site_dir: Path, problems: list[Problem], suffix: str = "") -> Iterator[Path]:
    """Every file under root (ending in suffix), in a stable order, never outside site_dir.

    A link to a file inside the site is read like the file; a link that leads
    outside the site, and any link to a folder, is a problem and is not followed.
    """
    for file in site_files(root, site_dir, problems, suffix):
        yield file.path


class SiteFile(NamedTuple):
    location: str  # its path, as os.scandir gives it: a Path for each of 50,000 files costs 0.2 s
    name: str  # its path below the folder walked, with '/'
    stat: os.stat_result  # of the file a link leads to

    @property
    def path(self) -> Path:
        return Path(self.location)


def site_files(root: Path, site_dir: Path, problems: list[Problem], suffix: str = "") -> Iterator[SiteFile]:
    """iter_site_files, with each file's name below root and its stat.

    One os.scandir pass per folder, whose entries tell files from folders and
    links without a system call: 50,000 pages were walked with a Path, a
    lstat, a stat and a relative_to each (0.8 s). The order is os.walk's:
    a folder's files by name, then its folders by name.
    """
    site = None  # resolved at the first link: most sites have none
    waiting: list[tuple[str, str]] = [(os.fspath(root), "")]
    while waiting:
        folder, prefix = waiting.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:  # as os.walk: a folder that cannot be read is passed over
            continue
        folders, others = [], []
        for entry in entries:
            if not _leads_to_folder(entry):
                others.append(entry)
            elif entry.is_symlink():
                problems.append(
                    Problem(
                        Path(entry.path).relative_to(site_dir).as_posix(), None, "is a link to a folder: links to folders are not followed; copy the folder in"
                    )
                )
            else:
                folders.append(entry)
        for entry in others:
            name = entry.name
            if name.startswith(".") or not name.endswith(suffix):
                continue
            link = entry.is_symlink()
            path = Path(entry.path) if link else None
            if path is not None:
                site = site or site_dir.resolve()
                try:
                    inside = path.resolve().is_relative_to(site)
                except (OSError, RuntimeError):  # a link in a loop
                    inside = True  # told below, as a link that leads to no file
                if not inside:
                    problems.append(Problem(path.relative_to(site_dir).as_posix(), None, "is a link to a file outside the site: copy the file in instead"))
                    continue
            try:
                stat = entry.stat() if entry.is_file() else None
            except OSError:  # a link that leads nowhere, or a file gone since its folder was read (an editor's temporary file)
                stat = None
            if stat is not None:
                yield SiteFile(entry.path, prefix + name, stat)
            elif path is not None and (target := _link_target(path)) is not None:
                problems.append(
                    Problem(
                        path.relative_to(site_dir).as_posix(),
                        None,
                        f"is a link to '{target}', which is no file: it is left out; put the file there, or remove the link",
                        is_warning=True,
                    )
                )
        waiting += [(entry.path, prefix + entry.name + "/") for entry in reversed(folders)]


def _link_target(path: Path) -> str | None:
    """What a link names; None once it is gone (removed since its folder was read)."""
    try:
        return os.readlink(path)
    except OSError:
        return None


def _leads_to_folder(entry: os.DirEntry) -> bool:
    """Whether an entry is a folder or a link to one; as os.walk, an entry that cannot be looked at is none."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def scan_files(folder: Path) -> dict[str, os.stat_result]:
    """Every regular file below folder (links not followed), by path relative to it, with its stat.

    One pass of os.scandir, which hands back what a stat would cost again:
    a build looks at its whole output folder this way, once.
    """
    found: dict[str, os.stat_result] = {}
    waiting = [("", str(folder))]
    while waiting:
        prefix, current = waiting.pop()
        try:
            entries = list(os.scandir(current))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                waiting.append((name + "/", entry.path))
            elif entry.is_file(follow_symlinks=False):
                found[name] = entry.stat(follow_symlinks=False)
    return found


# A file published whole past this size is named in a warning: a visitor on a phone waits for it, and may pay for it.
LARGE_FILE = 10_000_000  # bytes: 10 MB


def large_file_warning(source: str, size: int) -> Problem | None:
    """A warning naming a file the site publishes as it is (static/, beside the pages, the document library) if it is large."""
    if size <= LARGE_FILE:
        return None
    shown = f"{size / 1_000_000:.1f} MB" if size < 100_000_000 else f"{size / 1_000_000:,.0f} MB"
    return Problem(
        source,
        None,
        f"{shown}: visitors on phones and slow connections wait long for a file this large, and may pay for it; "
        "make it smaller, or publish it elsewhere and link to it",
        is_warning=True,
    )


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site, with the inputs it was made from."""

    path: str  # relative to the output folder, with forward slashes
    content: bytes | None  # None: unchanged since the last build, keep the file that is there (unless placed)
    sources: tuple[str, ...] = ()  # input files, relative to the site folder
    placed: bool = False  # new, and already written into the new site by the worker that rendered it

    @property
    def is_new(self) -> bool:
        return self.content is not None or self.placed
