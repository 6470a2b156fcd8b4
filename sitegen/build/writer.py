"""Write the built site: into a standby folder (the previous site, brought up to date), then swap it in.

Nothing touches the output folder until every file is written, and the swap is
one rename, so a failed or killed build leaves the previous site whole.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import posixpath
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.files import OutputFile, scan_files
from sitegen.core.progress import SILENT, Progress

_RENAME_EXCHANGE = 2  # from <linux/fs.h>


@dataclass(frozen=True)
class WriteReport:
    written: int  # files whose bytes are new
    unchanged: int  # files kept as they were (same inode, same time)
    found: dict[str, os.stat_result]  # what out_dir holds now, as files.scan_files gives it


def write_site(files: list[OutputFile], out_dir: Path, progress: Progress = SILENT, found: dict | None = None, standby: Path | None = None) -> WriteReport:
    """Make out_dir hold exactly these files, in one step (SiteWriter, with every file at once)."""
    with SiteWriter(out_dir, progress, found, standby) as writer:
        for file in files:
            writer.add(file)
        return writer.commit()


class SiteWriter:
    """Puts the new site together file by file, as the pages come, and swaps it in at commit().

    A file whose bytes are those already in out_dir (or that the renderer
    marked unchanged) is linked from there, not written: it keeps its time,
    so hosts and sync tools see it unchanged. When nothing changed at all,
    out_dir is not touched. Leaving the ``with`` block without commit() (a
    problem found after rendering, an error) leaves out_dir as it was.

    The site is put together in ``standby``, a folder on the same file system
    that after the swap holds the previous site, for the next build to bring
    up to date: only the files changed since are touched, where a fresh folder
    costs a folder and a link for every page. Without one, it is put together
    in a new folder beside out_dir.
    """

    def __init__(self, out_dir: Path, progress: Progress = SILENT, found: dict | None = None, standby: Path | None = None):
        self.out_dir = out_dir.absolute()
        self.existing = scan_files(self.out_dir) if found is None else found  # the caller may have looked already
        self.progress = progress
        self.standby = standby
        self.files: dict[str, OutputFile] = {}  # every file added, by path
        self.kept: set[str] = set()  # paths whose file is out_dir's, unchanged
        self.staging: Path | None = None  # made at the first new file: a build that changes nothing needs none
        self.present: dict[str, os.stat_result] = {}  # what staging held when it was taken up
        self.folders: list[str] = []
        self.made: set[Path] = set()
        self.now: dict[str, os.stat_result] = {}  # each file put in staging, with its stat
        self.opened = False  # whether workers may have written into staging (open_for_workers)

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, *error) -> None:
        if self.staging is not None and self.staging != self.standby and self.staging.exists():
            shutil.rmtree(self.staging, ignore_errors=True)  # the previous site, after a swap; or an abandoned one

    def open_for_workers(self) -> Path | None:
        """The folder the new site is put together in, for workers to write their files into, on a cold build.

        A cold build's pool writes its pages itself: no page's bytes then go
        through this process. Beside a previous site (in out_dir, or in the
        standby folder), this process writes: it links the files whose bytes
        are those already there, and checks what it finds.
        """
        if self.existing:
            return None
        if self.staging is None:
            self._take_up_staging()
        if self.present or self.folders or self.staging is None:
            return None
        self.opened = True
        return self.staging

    def add(self, file: OutputFile) -> None:
        """Put one file of the new site in place; a path given again is ignored."""
        if file.path in self.files:
            return
        _check_inside(file.path)
        self.files[file.path] = file
        if file.placed:
            assert self.staging is not None and self.opened  # workers write only into a folder opened for them
            self.now[file.path] = os.stat(self.staging / file.path)
            return
        old = self.existing.get(file.path)
        if file.content is None:
            if old is None:
                raise ValueError(f"{file.path}: marked unchanged but not in {self.out_dir}")
            self.kept.add(file.path)
        elif old is not None and old.st_size == len(file.content) and (self.out_dir / file.path).read_bytes() == file.content:
            self.kept.add(file.path)
        elif self.staging is None:
            self._take_up_staging()  # puts this file in too
            return
        if self.staging is not None:
            try:
                self._put(file)
            except OSError:  # something in the standby folder in the way
                self._start_afresh()

    def commit(self) -> WriteReport:
        """Swap the new site in; return what was written and kept."""
        if self.staging is None:
            if self.kept == set(self.existing):
                return WriteReport(0, len(self.kept), self.existing)
            self._take_up_staging()  # files were removed, none written
        assert self.staging is not None  # _take_up_staging made it
        for name in sorted(set(self.present) - set(self.files)):
            os.unlink(self.staging / name)
        holding = set()  # the folders the site's files are in, and theirs
        for name in self.files:
            parent = posixpath.dirname(name)
            while parent and parent not in holding:
                holding.add(parent)
                parent = posixpath.dirname(parent)
        for name in sorted(set(self.folders) - holding, key=lambda name: name.count("/"), reverse=True):  # the deepest first
            os.rmdir(self.staging / name)
        self.staging.chmod(0o755)
        swap_into_place(self.staging, self.out_dir)
        return WriteReport(len(self.files) - len(self.kept), len(self.kept), self.now)

    def _take_up_staging(self) -> None:
        """Start putting the site together: in the standby folder as it is, or in a new one; then
        put in every file added so far."""
        os.makedirs(self.out_dir.parent, exist_ok=True)  # a build's lock made it already; write_site's other callers may not have
        self.staging = _usable_standby(self.standby, self.out_dir) or Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}-new-", dir=self.out_dir.parent))
        try:
            self.present, self.folders = _contents(self.staging)
            for file in self.files.values():
                self._put(file)
        except OSError:  # something in the standby folder in the way
            self._start_afresh()

    def _start_afresh(self) -> None:
        """Empty staging, and put in again every file added so far."""
        assert self.staging is not None  # only ever emptied once taken up
        if self.opened:
            raise OSError(f"{self.staging}: a file the build put there cannot be replaced")  # workers' files are not kept here to write again
        shutil.rmtree(self.staging)
        self.staging.mkdir()
        self.present, self.folders, self.made, self.now = {}, [], set(), {}
        for file in self.files.values():
            self._put(file)

    def _put(self, file: OutputFile) -> None:
        """One file into staging: a link to out_dir's if kept (unless staging holds that very file), else its bytes.

        What staging holds is looked at, not trusted; and a file there is
        replaced by a rename, never written in place: it may be a link to a
        file of the live site.
        """
        assert self.staging is not None  # files are put in only once it is taken up
        if file.path in self.kept:
            live, here = self.existing[file.path], self.present.get(file.path)
            if here is not None and (here.st_ino, here.st_dev) == (live.st_ino, live.st_dev):
                self.now[file.path] = live
                return
        target = _prepare(self.staging, file.path, self.made)
        temporary = target.with_name(f".{target.name}{_TEMPORARY}")
        # One a killed build left may be a link to a live file: writing into it would change the live site.
        temporary.unlink(missing_ok=True)
        if file.path in self.kept:
            try:
                os.link(self.out_dir / file.path, temporary)
                self.now[file.path] = live  # the same file: same size and time
            except OSError:  # another file system, or links not allowed: copy, keeping the time
                shutil.copy2(self.out_dir / file.path, temporary)
                self.now[file.path] = temporary.stat()
        else:
            assert file.content is not None  # add() keeps every file without bytes
            temporary.write_bytes(file.content)
            self.now[file.path] = temporary.stat()
            self.progress.detail(f"wrote {file.path}")
        os.replace(temporary, target)


def place(staging: str, file: OutputFile) -> OutputFile:
    """Write a new file into an empty folder opened for workers (SiteWriter.open_for_workers); what to tell the writer of it."""
    assert file.content is not None
    _check_inside(file.path)
    target = os.path.join(staging, file.path)
    folder = os.path.dirname(target)
    try:
        os.mkdir(folder)  # most pages have a folder of their own: one call, not makedirs' checks
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    with open(target, "wb") as output:
        output.write(file.content)
    return OutputFile(file.path, None, file.sources, placed=True)


def _usable_standby(standby: Path | None, out_dir: Path) -> Path | None:
    """The standby folder, made if need be, if it can be swapped with out_dir (the same file system)."""
    if standby is None or not out_dir.is_dir():
        return None
    try:
        if standby.is_symlink() or (standby.exists() and not standby.is_dir()):
            standby.unlink()
        standby.mkdir(parents=True, exist_ok=True)
        return standby if standby.stat().st_dev == out_dir.stat().st_dev else None
    except OSError:
        return None


_TEMPORARY = ".sitegen-new"  # the end of a file's name while it is written; a killed build may leave one


def _contents(folder: Path) -> tuple[dict[str, os.stat_result], list[str]]:
    """The files below folder with their stats, and its folders; anything else found there is removed.

    A temporary file a killed build left is removed too: this build may write
    the same file, under the same temporary name, and rename it away.
    """
    files: dict[str, os.stat_result] = {}
    folders: list[str] = []
    waiting = [("", str(folder))]
    while waiting:
        prefix, current = waiting.pop()
        for entry in os.scandir(current):
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                folders.append(name)
                waiting.append((name + "/", entry.path))
            elif entry.is_file(follow_symlinks=False) and not entry.name.endswith(_TEMPORARY):
                files[name] = entry.stat(follow_symlinks=False)
            else:  # a link, a socket, a half-written file: nothing a build makes
                os.unlink(entry.path)
    return files, folders


def _check_inside(relative: str) -> None:
    if relative.startswith("/") or ".." in relative.split("/"):
        raise ValueError(f"refusing to write {relative}: outside the output folder")


def _prepare(staging: Path, relative: str, made: set[Path]) -> Path:
    """The path to write a file to, its folder made (once: thousands of files share a few)."""
    target = staging / relative
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)
    return target


def swap_into_place(new_dir: Path, out_dir: Path) -> None:
    """Make new_dir the out_dir; what was there before is deleted afterwards."""
    if out_dir.is_dir() and not out_dir.is_symlink() and _exchange(new_dir, out_dir):
        return  # new_dir now holds the old site, which the caller removes
    if out_dir.exists() or out_dir.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
        old.rmdir()
        os.rename(out_dir, old)
        os.rename(new_dir, out_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(new_dir, out_dir)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically with Linux's renameat2; False where that is not available."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def write_zip(files: list[OutputFile], zip_path: Path, folder: str) -> None:
    """Pack the files into one zip, under one folder, byte-identical from build to build.

    Entries are sorted and dated 1980-01-01 (the earliest date zip knows), and
    the zip replaces any previous one in one rename.
    """
    zip_path = zip_path.absolute()
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{zip_path.name}-", dir=zip_path.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for file in sorted(files, key=lambda f: f.path):
                info = zipfile.ZipInfo(f"{folder}/{file.path}", date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                assert file.content is not None  # the caller reads back the bytes of kept files
                archive.writestr(info, file.content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, zip_path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
