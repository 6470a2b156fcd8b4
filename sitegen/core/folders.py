"""The folders a command is given: made absolute once, at the command line, and the output folder kept off the sources.

Everything below the command line sees absolute paths with symlinks resolved:
a relative path would mean one thing to the build and another to the caches
(file URIs, relative_to), and a symlinked folder would look like a link out
of the site.

A build replaces its output folder whole (writer.py swaps the new site in),
so an output folder that is, holds or lies inside the sources would lose
them. Such a folder is refused before anything is touched; so is a folder
with files in it that this generator did not make, known by the marker every
build leaves in what it makes.
"""

from __future__ import annotations

import os
from pathlib import Path

from sitegen.core.incremental import INPUT_NAMES, manifest_path

MARKER = ".sitegen-output"
MARKER_TEXT = (
    "This folder is made by sitegen, the site generator: each build replaces it whole.\n"
    "Edit the site's sources (site.toml, content/, templates/, locales/, static/, data/), not these files.\n"
)
# Folders of a site whose files a build must never replace; .cache holds the standby copy the output is swapped with.
SOURCE_FOLDERS = tuple(name for name in INPUT_NAMES if "." not in name) + (".git", ".cache")


class OutputRefused(Exception):
    """An output folder a build must not replace (refuse_output says why)."""


def absolute(path: Path) -> Path:
    """The path as the process means it now: absolute, with '..' and symlinks resolved (it need not exist)."""
    return Path(os.path.realpath(os.path.expanduser(path)))


def refuse_output(site_dir: Path, out_dir: Path) -> str | None:
    """Why out_dir cannot be the output folder of the site in site_dir, or None if it can.

    Both paths are absolute (absolute() above).
    """
    shown = str(out_dir)
    if site_dir == out_dir:
        return f"the output folder {shown} is the site folder itself: a build replaces its output folder whole, and would take the sources with it"
    if site_dir.is_relative_to(out_dir):
        return f"the output folder {shown} holds the site folder {site_dir}: a build replaces its output folder whole, and would take the sources with it"
    for name in SOURCE_FOLDERS:
        if out_dir.is_relative_to(site_dir / name):
            return f"the output folder {shown} is inside the site's {name}/: a build would replace those files; pick a folder outside them (the default is output/)"
    if out_dir.exists() and not out_dir.is_dir():
        return f"the output folder {shown} is a file, not a folder"
    in_a_file = next((parent for parent in out_dir.parents if parent.exists() and not parent.is_dir()), None)
    if in_a_file is not None:
        return f"the output folder {shown} cannot be made: {in_a_file} is a file, not a folder"
    if out_dir.is_dir() and not _made_here(site_dir, out_dir):
        return (
            f"the output folder {shown} has files this generator did not make, and a build would replace them all: "
            f"pick an empty or new folder, or empty this one first"
        )
    return None


def _made_here(site_dir: Path, out_dir: Path) -> bool:
    """An empty folder, or one an earlier build made: with the marker, or with this site's record of a build into it."""
    try:
        with os.scandir(out_dir) as entries:
            if next(entries, None) is None:
                return True
    except OSError:
        return False
    # The record covers an output folder made before builds left the marker.
    return (out_dir / MARKER).is_file() or manifest_path(site_dir, out_dir).is_file()
