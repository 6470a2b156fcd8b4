"""Static files (stylesheet, script, icon): copied into output/static/ under content-hashed names.

``site.css`` is written as ``static/site.1a2b3c4d5e.css``: a host can cache it
forever, since any change to it changes its name. Templates ask for the
logical name with ``static_url('site.css')``.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.files import OutputFile, iter_site_files
from sitegen.core.problems import Problem

STATIC_DIR = "static"


@dataclass(frozen=True)
class StaticFiles:
    files: list[OutputFile]
    paths: dict[str, str]  # logical name ("site.css") → output path ("static/site.1a2b3c4d5e.css")

    @property
    def contents(self) -> dict[str, bytes]:
        """Logical name → the file's bytes."""
        by_path = {file.path: file.content for file in self.files}
        return {name: by_path[path] or b"" for name, path in self.paths.items()}


def load_static_files(site_dir: Path) -> tuple[StaticFiles, list[Problem]]:
    """Every file under site_dir/static, with its hashed output path."""
    root = site_dir / STATIC_DIR
    files: list[OutputFile] = []
    paths: dict[str, str] = {}
    problems: list[Problem] = []
    if not root.is_dir():
        return StaticFiles(files, paths), problems
    for path in iter_site_files(root, site_dir, problems):
        source = path.relative_to(site_dir).as_posix()
        data = path.read_bytes()
        name = path.relative_to(root).as_posix()
        stem, suffix = posixpath.splitext(name)
        output = f"{STATIC_DIR}/{stem}.{hashlib.sha256(data).hexdigest()[:10]}{suffix}"
        paths[name] = output
        files.append(OutputFile(output, data, (source,)))
    return StaticFiles(files, paths), problems
