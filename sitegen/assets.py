"""Static files (stylesheets, icons): copied from static/ into the output as they are."""

from __future__ import annotations

from pathlib import Path

from .pages import OutputFile
from .problems import Problem

STATIC_DIR = "static"


def load_static_files(site_dir: Path) -> tuple[list[OutputFile], list[Problem]]:
    """Every file under site_dir/static, to be written under output/static."""
    root = site_dir / STATIC_DIR
    files: list[OutputFile] = []
    problems: list[Problem] = []
    if not root.is_dir():
        return files, problems
    for path in sorted(root.rglob("*")):
        if path.name.startswith(".") or path.is_dir():
            continue
        source = path.relative_to(site_dir).as_posix()
        if path.is_symlink() and not path.resolve().is_relative_to(site_dir.resolve()):
            problems.append(Problem(source, None, "is a link to a file outside the site: copy the file in instead"))
            continue
        files.append(OutputFile(source, path.read_bytes(), (source,)))
    return files, problems
