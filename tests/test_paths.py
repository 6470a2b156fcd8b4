"""Paths as users type them: relative or absolute, through a symlink, from any folder, on every build after the first."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from built import BuiltSite
from helpers import REPO, copy_site


def run_in(cwd: Path, *args: str | Path) -> subprocess.CompletedProcess:
    """build.py run from cwd, with the paths as given (relative ones stay relative)."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


def edit_front_matter(site: Path) -> None:
    page = site / "content" / "en" / "about.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")


def edit_template(site: Path) -> None:
    template = site / "templates" / "page.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n{# edited #}\n", encoding="utf-8")


def edit_catalog(site: Path) -> None:
    catalog = site / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + '\n#. an entry added by hand\nmsgid "Edited by hand"\nmsgstr "Editado a mano"\n', encoding="utf-8")


EDITS = {"a front-matter edit": edit_front_matter, "a template edit": edit_template, "a catalog edit": edit_catalog}


@pytest.mark.parametrize("site_as", ["relative", "absolute"])
@pytest.mark.parametrize("out_as", ["relative", "absolute"])
def test_every_build_takes_relative_and_absolute_folders_from_another_folder(tmp_path, site_as, out_as):
    site = copy_site("multilingual", tmp_path)
    elsewhere = tmp_path / "work" / "elsewhere"
    elsewhere.mkdir(parents=True)
    site_arg = os.path.relpath(site, elsewhere) if site_as == "relative" else str(site)
    out = tmp_path / "out"
    out_arg = os.path.relpath(out, elsewhere) if out_as == "relative" else str(out)
    assert run_in(elsewhere, "build", "--site", site_arg, "--out", out_arg).returncode == 0
    for name, edit in EDITS.items():
        edit(site)
        result = run_in(elsewhere, "build", "--site", site_arg, "--out", out_arg)
        assert result.returncode == 0, f"after {name}: {result.stderr}"
        assert "bug" not in result.stderr
    built = BuiltSite(out, base_url="https://example.org/conference/")
    assert built.soup("en/about/index.html").find("h1").get_text(strip=True).startswith("Edited")
    assert not (elsewhere / "out").exists() and not (elsewhere / "output").exists(), "nothing made in the working folder"


def test_the_default_output_folder_is_in_the_site_folder_whatever_the_working_folder(tmp_path):
    site = copy_site("multilingual", tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for _ in range(2):
        result = run_in(elsewhere, "build", "--site", "../site")
        assert result.returncode == 0, result.stderr
        edit_front_matter(site)
    assert (site / "output" / "en" / "index.html").is_file()
    assert list(elsewhere.iterdir()) == []


def test_a_site_folder_reached_through_a_symlink_builds_like_the_folder_itself(tmp_path):
    site = copy_site("multilingual", tmp_path)
    (tmp_path / "link").symlink_to(site, target_is_directory=True)
    for _ in range(2):
        result = run_in(tmp_path, "build", "--site", "link", "--out", "out")
        assert result.returncode == 0, result.stderr
        edit_template(site)
    assert (tmp_path / "out" / "es" / "index.html").is_file()


def test_build_py_given_the_current_folder_as_dot(tmp_path):
    site = copy_site("multilingual", tmp_path)
    for _ in range(2):
        result = run_in(site, "build", "--site", ".")
        assert result.returncode == 0, result.stderr
        edit_front_matter(site)


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["status", "es"],
        ["status", "--json"],
        ["catalogs", "--check"],
        ["segments"],
        ["translated", "es", "about"],
        ["server-config", "nginx", "--root", "out"],
        ["check"],
    ],
)
def test_every_command_takes_a_relative_site_from_another_folder(tmp_path, command):
    copy_site("multilingual", tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_in(elsewhere, *command, "--site", "../site")
    assert "Traceback" not in result.stderr and "bug" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr  # 1: status or catalogs --check found something to say
    if command[0] == "server-config":
        assert re.search(rf"(root|alias) {re.escape(str(elsewhere / 'out'))}/?;", result.stdout), "the root the user named, made absolute from their folder"
