"""Write the built site: into a fresh folder beside the output, then swap it in.

Nothing touches the output folder until every file is written, and the swap is
one rename, so a failed or killed build leaves the previous site whole.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .files import scan_files
from .pages import OutputFile
from .progress import SILENT, Progress

_RENAME_EXCHANGE = 2  # from <linux/fs.h>


@dataclass(frozen=True)
class WriteReport:
    written: int  # files whose bytes are new
    unchanged: int  # files kept as they were (same inode, same time)
    found: dict[str, os.stat_result]  # what out_dir holds now, as files.scan_files gives it


def write_site(
    files: list[OutputFile], out_dir: Path, progress: Progress = SILENT, found: dict | None = None, trash: Path | None = None
) -> WriteReport:
    """Make out_dir hold exactly these files, in one step.

    A file whose bytes are those already in out_dir (or that the renderer
    marked unchanged) is linked from there, not written: it keeps its time,
    so hosts and sync tools see it unchanged. When nothing changed at all,
    out_dir is not touched. The previous site is moved into ``trash`` (a
    folder on the same file system), if given, and deleted in the background.
    """
    out_dir = out_dir.absolute()
    existing = scan_files(out_dir) if found is None else found  # the caller may have looked already
    old_files = {name: out_dir / name for name in existing}
    keep, write = [], []
    for file in files:
        old = old_files.get(file.path)
        if file.content is None:
            if old is None:
                raise ValueError(f"{file.path}: marked unchanged but not in {out_dir}")
            keep.append(file)
        elif old is not None and existing[file.path].st_size == len(file.content) and old.read_bytes() == file.content:
            keep.append(file)
        else:
            write.append(file)
    if not write and len(keep) == len(old_files):
        return WriteReport(0, len(keep), existing)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    made: set[Path] = set()
    now: dict[str, os.stat_result] = {}
    try:
        for file in sorted(keep, key=lambda f: f.path):
            target = _prepare(staging, file.path, made)
            try:
                os.link(old_files[file.path], target)
                now[file.path] = existing[file.path]  # the same file: same size and time
            except OSError:  # another file system, or links not allowed: copy, keeping the time
                shutil.copy2(old_files[file.path], target)
                now[file.path] = target.stat()
        for file in sorted(write, key=lambda f: f.path):
            target = _prepare(staging, file.path, made)
            target.write_bytes(file.content)
            now[file.path] = target.stat()
            progress.detail(f"wrote {file.path}")
        staging.chmod(0o755)
        swap_into_place(staging, out_dir)
    finally:
        if staging.exists():  # the previous site, after a swap; or a failed attempt
            remove_later(staging, trash)
    return WriteReport(len(write), len(keep), now)


def remove_later(folder: Path, trash: Path | None) -> None:
    """Delete a folder without waiting for it: unlinking thousands of files was half of a
    small rebuild. The folder is moved into ``trash`` and deleted there, with whatever an
    earlier remover left, by an ``rm`` of its own that outlives the build."""
    if trash is not None and shutil.which("rm"):
        try:
            trash.mkdir(parents=True, exist_ok=True)
            os.replace(folder, Path(tempfile.mkdtemp(prefix="site-", dir=trash)))  # fails across file systems
        except OSError:
            pass
        else:
            doomed = sorted(str(path) for path in trash.glob("site-*"))
            subprocess.Popen(["rm", "-rf", "--", *doomed], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            return
    shutil.rmtree(folder, ignore_errors=True)


def _prepare(staging: Path, relative: str, made: set[Path]) -> Path:
    """The path to write a file to, its folder made (once: thousands of files share a few)."""
    if relative.startswith("/") or ".." in relative.split("/"):
        raise ValueError(f"refusing to write {relative}: outside the output folder")
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
                archive.writestr(info, file.content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, zip_path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
