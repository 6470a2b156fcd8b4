"""sitegen new: another conference's organisers start a site that builds at once and passes check."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from bs4 import BeautifulSoup

from sitegen.config import Conference, SiteConfig
from sitegen.schema import declared_keys

SITEGEN = Path(sys.executable).with_name("sitegen")


def sitegen(*args, cwd=None) -> subprocess.CompletedProcess:
    """The installed console script, as an organiser runs it (make build installs it in .venv)."""
    command = [str(SITEGEN)] if SITEGEN.exists() else [sys.executable, "-m", "sitegen.cli"]
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=180)


def test_a_new_site_builds_at_once_and_passes_check(tmp_path):
    site = tmp_path / "second-conference"
    made = sitegen("new", site, "--name", "Second Conference")
    assert made.returncode == 0, made.stderr
    built = sitegen("build", "--site", site)
    assert built.returncode == 0, built.stderr
    home = BeautifulSoup((site / "output" / "en" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.html["lang"] == "en" and home.h1.get_text() == "Second Conference"
    checked = sitegen("check", "--site", site)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Check passed." in checked.stdout


def test_its_site_toml_names_every_declared_key_with_its_meaning(tmp_path):
    site = tmp_path / "site"
    assert sitegen("new", site).returncode == 0
    text = (site / "site.toml").read_text(encoding="utf-8")
    written = tomllib.loads(text)
    for name, spec in declared_keys(SiteConfig).items():
        assert f"# {spec.meaning}" in text
        assert name in written
    for name, spec in declared_keys(Conference).items():
        assert f"# {spec.meaning}" in text
        assert name in written["conference"] or f"# {name} = " in text, "an unknown value is left out, to be announced"
    assert written["conference"]["venue"] == "" and written["conference"]["contact_email"] == ""


def test_it_will_not_write_into_a_folder_in_use(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.txt").write_text("mine", encoding="utf-8")
    result = sitegen("new", tmp_path / "site")
    assert result.returncode == 1
    assert "is not empty" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "site" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_the_sitegen_command_does_what_build_py_does(tmp_path):
    if not SITEGEN.exists():
        import pytest

        pytest.skip("the sitegen command is installed by make build / pip install .")
    site = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "sites" / "minimal", site)
    result = sitegen("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "en" / "index.html").is_file()


def test_a_name_with_quotes_and_backslashes_is_the_title_as_written(tmp_path):
    name = 'The "Miners\\" Conference: 2nd'
    site = tmp_path / "site"
    assert sitegen("new", site, "--name", name).returncode == 0
    assert sitegen("build", "--site", site).returncode == 0
    home = BeautifulSoup((site / "output" / "en" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.h1.get_text() == name


def test_a_file_where_the_folder_should_be_is_a_clear_error(tmp_path):
    (tmp_path / "site").write_text("not a folder", encoding="utf-8")
    result = sitegen("new", tmp_path / "site")
    assert result.returncode == 1 and "is a file" in result.stderr and "bug" not in result.stderr
