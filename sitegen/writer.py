"""Write the built site: into a fresh folder beside the output, then swap it in.

Nothing touches the output folder until every file is written, and the swap is
one rename, so a failed or killed build leaves the previous site whole.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from .pages import OutputFile

_RENAME_EXCHANGE = 2  # from <linux/fs.h>


def write_site(files: list[OutputFile], out_dir: Path) -> None:
    """Replace out_dir with exactly these files, in one step."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        for file in sorted(files, key=lambda f: f.path):
            target = staging / file.path
            _check_inside(target, staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.content)
        staging.chmod(0o755)
        swap_into_place(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


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


def _check_inside(target: Path, root: Path) -> None:
    if not target.resolve().is_relative_to(root.resolve()):
        raise ValueError(f"refusing to write {target}: outside {root}")


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
