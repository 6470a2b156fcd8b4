"""What changed in a source page since its translation was made: ``python build.py status --diff LANG NAME``.

A translation records the hash of the source version it translates
(``source_hash``). The git history of the site folder is searched, newest
first, for the version of the source page with that hash; the diff runs from
it to the page as it is now. Without git, or without such a version, the
answer says so plainly.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sitegen.i18n.freshness import source_hash
from sitegen.inputs.content import CONTENT_DIR, read_page

GIT_TIMEOUT = 30  # seconds for one git command: a history is read file by file, never whole


@dataclass(frozen=True)
class SourceDiff:
    diff: str  # a unified diff, or '' when there is none to give
    note: str  # what was found: the version the translation was made from, or why there is no diff


def source_diff(site_dir: Path, source_language: str, language: str, key: str, recorded: str) -> SourceDiff:
    """The change to ``content/<source>/<key>.md`` since the version whose hash is ``recorded``."""
    relative = f"{CONTENT_DIR}/{source_language}/{key}.md"
    now = (site_dir / relative).read_text(encoding="utf-8")
    if not recorded:
        return SourceDiff("", f"{CONTENT_DIR}/{language}/{key}.md records no source_hash: it was never marked as translating a version of {relative}")
    history = _history(site_dir, relative)
    if history is None:
        return SourceDiff(
            "", f"the site folder is not in a git repository (or git is not installed): there is no history to find the version {recorded} of {relative} in"
        )
    for commit, date, text in history:
        if _hash_of(text, source_language, key) == recorded:
            note = f"{relative} as translated ({recorded}, commit {commit[:10]} of {date}) against {relative} now"
            before, after = text.splitlines(keepends=True), now.splitlines(keepends=True)
            label = f"{relative} (commit {commit[:10]})"
            return SourceDiff("".join(difflib.unified_diff(before, after, label, f"{relative} (now)")), note)
    return SourceDiff("", f"no version of {relative} in the git history has the hash {recorded} that {CONTENT_DIR}/{language}/{key}.md records")


def _history(site_dir: Path, relative: str) -> list[tuple[str, str, str]] | None:
    """Every committed version of a file, newest first: (commit, date, text); None without git.

    Remembered while the repository's HEAD has not moved: the preview asks at
    every rebuild, and git costs a process per version.
    """
    state = _head_state(site_dir)
    key = (str(site_dir.absolute()), relative, state if state is not None else ("no repository found", shutil.which("git")))
    if key not in _HISTORIES:
        _HISTORIES[key] = _read_history(site_dir, relative)
    return _HISTORIES[key]


_HISTORIES: dict[tuple[str, str, tuple], list[tuple[str, str, str]] | None] = {}


def _head_state(site_dir: Path) -> tuple | None:
    """What changes whenever HEAD moves (its file, the branch it names, the packed refs), or None without a .git folder above."""
    for folder in (site_dir.absolute(), *site_dir.absolute().parents):
        dot_git = folder / ".git"
        if dot_git.is_file():  # a worktree: "gitdir: …"
            text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            dot_git = (folder / text.removeprefix("gitdir:").strip()) if text.startswith("gitdir:") else dot_git
        if dot_git.is_dir():
            try:
                head = (dot_git / "HEAD").read_bytes()
                parts = [head]
                if head.startswith(b"ref: "):
                    ref = head[5:].strip().decode()
                    common = dot_git / (dot_git / "commondir").read_text().strip() if (dot_git / "commondir").is_file() else dot_git
                    for candidate in (dot_git / ref, common / ref, common / "packed-refs"):
                        parts.append(candidate.read_bytes() if candidate.is_file() else b"")
                return tuple(parts)
            except OSError:
                return None
    return None


def _read_history(site_dir: Path, relative: str) -> list[tuple[str, str, str]] | None:
    git = shutil.which("git")
    if git is None:
        return None
    log = _git(git, site_dir, "log", "--format=%H %cs", "--", relative)
    if log is None:
        return None
    versions = []
    for line in log.splitlines():
        commit, _, date = line.partition(" ")
        text = _git(git, site_dir, "show", f"{commit}:./{relative}")
        if text is not None:
            versions.append((commit, date, text))
    return versions


def _git(git: str, folder: Path, *arguments: str) -> str | None:
    try:
        result = subprocess.run([git, "-C", str(folder), *arguments], capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def _hash_of(text: str, language: str, key: str) -> str | None:
    """The source_hash of a page's text as a version of it held it (None if that version does not read)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / CONTENT_DIR / language / f"{key}.md"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        page = read_page(path, Path(folder), language, [])
    return source_hash(page) if page is not None else None
