"""The generator as users get it: a wheel installed into a fresh virtualenv, run from another folder with relative paths.

The wheel is built from a copy of what the package is made of (pyproject.toml, README.md, sitegen/), so a file
the package needs but does not declare is missing here as it would be for a user. Its dependencies are those
the wheel declares, held to the versions requirements.txt pins (as constraints, which add nothing), so a
dependency left out of pyproject.toml is missing here too.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import REPO, copy_repository_site

EPOCH = "1359676800"  # 2013-02-01: the conference still to come


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh virtualenv with the wheel installed."""
    root = tmp_path_factory.mktemp("installed")
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "sitegen", source / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    quiet = ["--quiet", "--disable-pip-version-check"]
    # Built as 'pip install .' builds it: in an isolated environment with the build backend pyproject.toml names.
    pip_wheel = [sys.executable, "-m", "pip", "wheel", *quiet, "--no-deps", "-w", str(root / "wheels"), str(source)]
    subprocess.run(pip_wheel, check=True, capture_output=True, cwd=root, timeout=300)
    (wheel,) = (root / "wheels").glob("sitegen-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True, timeout=300)
    # pip refuses extras in a constraints file: the pins without them.
    constraints = root / "constraints.txt"
    constraints.write_text(re.sub(r"\[[^\]]*\]", "", (REPO / "requirements.txt").read_text(encoding="utf-8")), encoding="utf-8")
    pip_install = [str(root / "venv" / "bin" / "python"), "-m", "pip", "install", *quiet, "-c", str(constraints), str(wheel)]
    result = subprocess.run(pip_install, capture_output=True, text=True, cwd=root, timeout=600)
    assert result.returncode == 0, result.stderr
    return root / "venv" / "bin"


def sitegen(bin_dir: Path, *args: str, cwd: Path, epoch: str | None = None, as_module: bool = False) -> subprocess.CompletedProcess:
    """The installed command, as a user types it in cwd: no PYTHONPATH, no checkout on the path.

    ``as_module``: typed as ``python -m sitegen``, as where the environment's scripts are not on PATH.
    """
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    command = [str(bin_dir / "python"), "-m", "sitegen"] if as_module else [str(bin_dir / "sitegen")]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_the_installed_package_is_the_wheel_not_the_checkout(installed, tmp_path):
    where = subprocess.run([str(installed / "python"), "-c", "import sitegen; print(sitegen.__file__)"], capture_output=True, text=True, cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert "site-packages" in where.stdout and str(REPO) not in where.stdout


def test_a_new_site_is_made_built_checked_served_and_counted_from_another_folder(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    made = sitegen(installed, "new", "../my-conference", "--name", "The 2nd Conference", cwd=elsewhere)
    assert made.returncode == 0, made.stderr
    site = tmp_path / "my-conference"
    assert (site / "site.toml").is_file()

    for attempt in ("first", "again"):
        built = sitegen(installed, "build", "--site", "../my-conference", cwd=elsewhere)
        assert built.returncode == 0, f"{attempt}: {built.stderr}"
        assert (site / "output" / "en" / "index.html").is_file()
        # What broke the second build of a relative --site: the Markdown cache asked for a file URI of a relative path.
        page = site / "content" / "en" / "index.md"
        page.write_text(page.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), encoding="utf-8")

    checked = sitegen(installed, "check", "--site", "../my-conference", cwd=elsewhere)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Check passed." in checked.stdout

    status = sitegen(installed, "status", "--site", "../my-conference", cwd=elsewhere)
    assert status.returncode == 0, status.stderr
    assert status.stdout.splitlines()[0].startswith("language")

    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    serve = subprocess.Popen(
        [str(installed / "sitegen"), "serve", "--site", "../my-conference", "--port", "0"],
        cwd=elsewhere,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        url = None
        assert serve.stdout is not None
        while url is None and time.monotonic() < deadline:
            line = serve.stdout.readline()
            assert line, serve.stderr.read() if serve.stderr else "serve stopped"
            if match := re.search(r"at (http://127\.0\.0\.1:\d+/)", line):
                url = match[1]
        assert url, "serve never said where it serves"
        with urllib.request.urlopen(url + "en/", timeout=10) as response:
            assert response.status == 200
            assert b'<html lang="en"' in response.read()
    finally:
        serve.terminate()
        serve.wait(timeout=10)


def test_the_installed_command_builds_the_conference_site_as_build_py_does(installed, tmp_path):
    site = copy_repository_site(tmp_path, booklet=True)  # the booklet too: its fonts come with the package
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    installed_build = sitegen(installed, "build", "--site", "../site", "--out", "../from-wheel", cwd=elsewhere, epoch=EPOCH)
    assert installed_build.returncode == 0, installed_build.stderr

    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    checkout_build = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "build", "--site", str(site), "--out", str(tmp_path / "from-checkout")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert checkout_build.returncode == 0, checkout_build.stderr
    assert_same_tree(tmp_path / "from-wheel", tmp_path / "from-checkout")


def assert_same_tree(left: Path, right: Path) -> None:
    names = sorted(path.relative_to(left).as_posix() for path in left.rglob("*"))
    assert names == sorted(path.relative_to(right).as_posix() for path in right.rglob("*"))
    files = [name for name in names if (left / name).is_file()]
    _, mismatch, errors = filecmp.cmpfiles(left, right, files, shallow=False)
    assert (mismatch, errors) == ([], []), f"{len(mismatch)} files differ, such as {mismatch[:5]}"
    assert len(files) > 100


def test_a_dependency_left_out_of_the_package_is_caught(installed):
    """Every import the generator makes, from its installed copy, resolves: the wheel's metadata declares them all."""
    script = "import pkgutil, importlib, sitegen\nfor module in pkgutil.walk_packages(sitegen.__path__, 'sitegen.'): importlib.import_module(module.name)\nimport pagefind"
    result = subprocess.run([str(installed / "python"), "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_package_missing_from_the_installed_environment_is_named_with_the_pip_command(installed, tmp_path):
    """Not 'run make build in site-packages': the installed generator has no Makefile beside it."""
    python = installed / "python"
    site_packages = subprocess.run(
        [str(python), "-c", "import jinja2, os; print(os.path.dirname(os.path.dirname(jinja2.__file__)))"], capture_output=True, text=True
    ).stdout.strip()
    hidden = Path(site_packages) / "jinja2"
    moved = tmp_path / "jinja2-hidden"
    assert sitegen(installed, "new", "site", cwd=tmp_path).returncode == 0
    shutil.move(hidden, moved)
    try:
        result = sitegen(installed, "build", "--site", "site", cwd=tmp_path)
    finally:
        shutil.move(moved, hidden)
    assert result.returncode == 3, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: the Python package 'jinja2' is not installed for ")
    assert lines[1] == f"Install it into that environment: {python} -m pip install jinja2"
    assert "make build" not in result.stderr and "Traceback" not in result.stderr


def test_the_commands_messages_suggest_are_said_as_the_user_types_them(installed, tmp_path):
    """A sitegen user is told 'sitegen catalogs --site my-conference', not 'python build.py catalogs' (no build.py here)."""
    assert sitegen(installed, "new", "my-conference", "--languages", "en,de", cwd=tmp_path).returncode == 0
    base = tmp_path / "my-conference" / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", '<p>{{ _("Organised by volunteers") }}</p></footer>'), encoding="utf-8")
    built = sitegen(installed, "build", "--site", "my-conference", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "run 'sitegen catalogs --site my-conference'" in built.stderr and "build.py" not in built.stderr
    inside = sitegen(installed, "build", cwd=tmp_path / "my-conference")
    assert "run 'sitegen catalogs'" in inside.stderr, "no --site where the folder is the one the user is in"
    as_module = sitegen(installed, "build", "--site", "my-conference", cwd=tmp_path, as_module=True)
    assert as_module.returncode == 0, as_module.stderr
    assert "run 'python -m sitegen catalogs --site my-conference'" in as_module.stderr
    assert sitegen(installed, "--help", cwd=tmp_path, as_module=True).stdout.startswith("usage: python -m sitegen ")
    assert sitegen(installed, "catalogs", "--site", "my-conference", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("command", [["build"], ["build", "--site", "../no-such-site"], ["serve", "--port", "0"], ["status"], ["check"]])
def test_a_folder_that_is_no_site_is_said_so_and_left_as_it_was(installed, tmp_path, command):
    """Not even a lock file: one left in content/en/ by a mistyped --site was then published with the site."""
    folder = tmp_path / "somewhere"
    folder.mkdir()
    result = sitegen(installed, *command, cwd=folder)
    assert result.returncode == 1, result.stderr
    assert "site.toml: not found in " in result.stderr and "is this a site folder?" in result.stderr
    assert list(tmp_path.rglob("*")) == [folder], "nothing made, here or beside"
