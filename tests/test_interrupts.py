"""A closed pipe (| head) and Ctrl-C end a command quietly: no traceback, no 'bug' line, the output as it was."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus import make_corpus
from helpers import REPO, copy_repository_site


def tree_digest(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("command", [["status"], ["status", "--json"], ["status", "es"], ["build", "-v", "--clean"], ["server-config", "nginx"]])
def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path, command):
    """As '| head -1' does once it has its line: the read end closes while the command still writes."""
    site = copy_repository_site(tmp_path)
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read: the first write that reaches the pipe fails with EPIPE
    with os.fdopen(write_end, "wb") as stdout:
        result = subprocess.run(
            [sys.executable, str(REPO / "build.py"), *command, "--site", str(site)], stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120
        )
    assert result.returncode == 141, result.stderr  # 128 + SIGPIPE, as a program the pipe killed
    assert "Traceback" not in result.stderr and "bug" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr


def test_both_streams_into_a_closed_pipe_end_quietly(tmp_path):
    """'build -q 2>&1 | head -1': nothing on stdout, and the failing build's messages go to the closed pipe."""
    site = copy_repository_site(tmp_path)
    (site / "content" / "en" / "invitation.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)
    with os.fdopen(write_end, "wb") as both:
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "-q", "--site", str(site)], stdout=both, stderr=both, timeout=120)
    assert result.returncode == 141


def test_ctrl_c_exits_130_quietly_and_leaves_the_output_as_it_was(tmp_path):
    site = make_corpus(tmp_path / "site", languages=3, pages=400)
    build = [sys.executable, str(REPO / "build.py"), "build", "--site", str(site), "-j", "2"]
    assert subprocess.run(build, capture_output=True, timeout=300).returncode == 0
    before = tree_digest(site / "output")
    interrupted = 0
    for delay in (0.4, 0.8, 1.2, 1.6, 2.0):
        # Ctrl-C in a terminal interrupts the whole foreground group: the building process, its workers and Pagefind.
        process = subprocess.Popen([*build, "--clean"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGINT)
        _out, err = process.communicate(timeout=120)
        assert process.returncode in (0, 130), err
        # Not a worker's "Process ForkPoolWorker-1:" either: one line, or nothing if the build had finished.
        said = [line for line in err.splitlines() if "is a placeholder" not in line]  # the corpus keeps the site's placeholder base_url
        assert said == (["Interrupted: the output folder was not changed."] if process.returncode == 130 else []), err
        if process.returncode == 130:
            interrupted += 1
            assert tree_digest(site / "output") == before
    assert interrupted >= 2, "the build finished before most interrupts: give it more pages"
    assert subprocess.run(build, capture_output=True, timeout=300).returncode == 0, "the next build clears what the interrupted ones left"
    assert tree_digest(site / "output") == before
    assert not list(site.glob(".output-*")), "no staging folder left beside the output"
