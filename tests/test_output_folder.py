"""The output folder can never hit the sources: a build replaces its output folder whole, so some folders are refused."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, copy_site


def run_in(cwd: Path, *args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under folder, .git included, with a hash of each file's bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        for path in sorted(folder.rglob("*"))
        if not path.is_symlink()
    }


@pytest.fixture
def site(tmp_path) -> Path:
    """The multilingual sample in a git repository of its own, built once into its default output/."""
    site = copy_site("multilingual", tmp_path)
    (site / ".gitignore").write_text("/output/\n/.cache/\n", encoding="utf-8")
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "sources"]):
        subprocess.run(["git", *command], cwd=site, check=True, capture_output=True)
    assert run_in(site, "build", "--site", ".").returncode == 0
    return site


REFUSED = {
    ".": "is the site folder itself",
    "..": "holds the site folder",
    "../..": "holds the site folder",
    "content": "is inside the site's content/",
    "content/en": "is inside the site's content/",
    "templates": "is inside the site's templates/",
    "locales": "is inside the site's locales/",
    "static": "is inside the site's static/",
    "data": "is inside the site's data/",
    ".git": "is inside the site's .git/",
    ".git/objects": "is inside the site's .git/",
    ".cache": "is inside the site's .cache/",
}


@pytest.mark.parametrize("out", REFUSED)
@pytest.mark.parametrize("command", ["build", "serve"])
def test_an_output_folder_on_the_sources_is_refused_and_nothing_touched(site, out, command):
    before = snapshot(site.parent)
    result = run_in(site, command, "--site", ".", "--out", out)
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert REFUSED[out] in line and line.endswith("Nothing was changed."), line
    assert snapshot(site.parent) == before
    assert subprocess.run(["git", "status", "--porcelain"], cwd=site, capture_output=True, text=True).stdout == ""


def test_a_folder_with_files_the_generator_did_not_make_is_refused(site, tmp_path):
    other = tmp_path / "thesis"
    other.mkdir()
    (other / "chapter-1.md").write_text("Months of work.", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run_in(site, "build", "--site", ".", "--out", other)
    assert result.returncode == 2
    assert "has files this generator did not make" in result.stderr and "pick an empty or new folder" in result.stderr
    assert snapshot(tmp_path) == before


def test_a_file_is_refused_as_an_output_folder(site, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_in(site, "build", "--site", ".", "--out", tmp_path / "notes.txt")
    assert result.returncode == 2 and "is a file, not a folder" in result.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_folder_below_a_file_is_refused_in_one_line(site, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_in(site, "build", "--site", ".", "--out", tmp_path / "notes.txt" / "site")
    (line,) = result.stderr.splitlines()
    assert result.returncode == 2 and f"{tmp_path / 'notes.txt'} is a file, not a folder" in line, result.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_symlink_to_the_sources_is_refused_like_the_sources(site, tmp_path):
    (tmp_path / "innocent").symlink_to(site / "content", target_is_directory=True)
    before = snapshot(site)
    result = run_in(tmp_path, "build", "--site", "site", "--out", "innocent")
    assert result.returncode == 2 and "is inside the site's content/" in result.stderr
    assert snapshot(site) == before


def test_new_empty_and_own_folders_are_taken(site, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for out in (tmp_path / "new" / "deeper", empty, tmp_path / "new" / "deeper"):
        result = run_in(site, "build", "--site", ".", "--out", out)
        assert result.returncode == 0, result.stderr
    assert (empty / ".sitegen-output").is_file() and (empty / "en" / "index.html").is_file()


def test_an_output_folder_made_before_the_marker_is_still_taken(site):
    """An output/ built by an earlier version has no marker, but the site's cache records the build into it."""
    (site / "output" / ".sitegen-output").unlink()
    result = run_in(site, "build", "--site", ".")
    assert result.returncode == 0, result.stderr
    assert (site / "output" / ".sitegen-output").is_file()
