"""Fixtures: sample sites copied into tmp_path and built through the real command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import settings

from built import BuiltSite

# In CI (.ci/run sets SITEGEN_REQUIRE_CHECKERS) the property tests try the same examples on every run, and keep
# no database between runs: a failure there is reproducible, and a pass means the same as the last one.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") or os.environ.get("SITEGEN_REQUIRE_CHECKERS"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
# Where the conference site says it is served: a placeholder until a maintainer sets it (never the IPG's address).
BASE_URL = tomllib.loads((REPO / "site.toml").read_text(encoding="utf-8"))["base_url"]


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run build.py as a user would, capturing what it prints."""
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        timeout=120,
    )


def copy_site(name: str, into: Path, overlay: str | None = None) -> Path:
    """Copy tests/sites/<name> into a fresh folder; files of tests/sites/<overlay> replace its own."""
    site = into / "site"
    shutil.copytree(SITES / name, site)
    if overlay:
        shutil.copytree(SITES / overlay, site, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return site


def copy_repository_site(into: Path) -> Path:
    """A copy of the conference site itself (config, content, templates, catalogs, static)."""
    site = into / "site"
    site.mkdir()
    for name in ("site.toml", "babel.cfg"):
        shutil.copy2(REPO / name, site / name)
    for name in ("content", "templates", "locales", "static", "data"):
        shutil.copytree(REPO / name, site / name)
    return site


@pytest.fixture
def sample(tmp_path):
    """copy a sample site: sample("multilingual") or sample("multilingual", overlay="invalid/x")."""
    return lambda name, overlay=None: copy_site(name, tmp_path, overlay)


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory) -> BuiltSite:
    """The multilingual sample, built once for a module's tests."""
    root = tmp_path_factory.mktemp("multilingual")
    site = copy_site("multilingual", root)
    result = run_cli("build", "--site", site, "--out", root / "out")
    assert result.returncode == 0, result.stderr
    return BuiltSite(root / "out", base_url="https://example.org/conference/")


@pytest.fixture(scope="session")
def conference_site(tmp_path_factory) -> BuiltSite:
    """The real conference site, built once for the whole session."""
    root = tmp_path_factory.mktemp("conference")
    site = copy_repository_site(root)
    result = run_cli("build", "--site", site, "--out", root / "out")
    assert result.returncode == 0, result.stderr
    return BuiltSite(root / "out", base_url=BASE_URL)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, launched once for the session (skipped where it is not installed)."""
    from browsing import LAUNCH_ARGS, require_chromium

    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(conference_site):
    """The conference site over HTTP on loopback."""
    from browsing import serve

    with serve(conference_site.root) as url:
        yield url


# How many pages the conference site has in its source language: what every other language translates.
SOURCE_PAGES = sum(1 for _ in (REPO / "content" / "en").rglob("*.md"))
