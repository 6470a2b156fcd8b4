"""Run with a Python that lacks the generator's packages: a message naming the package, exit status 3, no 'bug'."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import REPO


def run_without_packages(site: Path, tmp_path: Path, *, only: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """build.py run by this Python with no site-packages (-S), but for the packages named in ``only`` (and their metadata)."""
    import babel

    site_packages = Path(babel.__file__).parent.parent
    path = tmp_path / "only"
    path.mkdir()
    for name in only:
        for found in site_packages.glob(f"{name}*"):
            (path / found.name).symlink_to(found)
    command = [sys.executable, "-S", str(REPO / "build.py"), "build", "--site", str(site), "--out", str(tmp_path / "out")]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, env={"PYTHONPATH": str(path), "PATH": "/usr/bin:/bin"}, timeout=60)


def test_a_python_without_babel_is_told_to_use_the_virtual_environment(sample, tmp_path):
    site = sample("minimal")
    result = run_without_packages(site, tmp_path)
    assert result.returncode == 3, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"error: the Python package 'babel' is not installed for {sys.executable}, the Python running the generator."
    assert lines[1].startswith(f"Run 'make build' in {REPO} ")
    assert lines[2] == f"  .venv/bin/python {REPO / 'build.py'} build --site {site} --out {tmp_path / 'out'}"
    assert "bug" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_python_with_babel_but_without_jinja2_names_jinja2(sample, tmp_path):
    """The command line is read (it needs only Babel), and the build then finds the next package missing."""
    result = run_without_packages(sample("minimal"), tmp_path, only=("babel",))
    assert result.returncode == 3, result.stderr
    # Jinja2's own dependency MarkupSafe is the first the generator imports (its language marks): either is named, as missing it is.
    first = result.stderr.splitlines()[0]
    assert first in [
        f"error: the Python package '{name}' is not installed for {sys.executable}, the Python running the generator." for name in ("jinja2", "markupsafe")
    ]
    assert "bug" not in result.stderr and "Traceback" not in result.stderr
