"""What the tests share: where things are, and the command line run as a user runs it.

Fixtures are in conftest.py; everything a test imports is here.
"""

from __future__ import annotations

import calendar
import datetime
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
# Where the conference site says it is served: a placeholder until a maintainer sets it (never the IPG's address).
BASE_URL = tomllib.loads((REPO / "site.toml").read_text(encoding="utf-8"))["base_url"]


# A day a month before the conference's: the sites' structured data and calls to register exist only before and during it.
BEFORE_THE_CONFERENCE = datetime.date(2013, 2, 1)


def run_cli(*args: str | Path, cwd: Path | None = None, today: datetime.date | None = None) -> subprocess.CompletedProcess:
    """Run build.py as a user would, capturing what it prints; ``today``: as on that day (SOURCE_DATE_EPOCH, noon UTC)."""
    environment = dict(os.environ, SOURCE_DATE_EPOCH=str(calendar.timegm(today.timetuple()) + 12 * 3600)) if today else None
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=environment,
        timeout=120,
    )


def copy_site(name: str, into: Path, overlay: str | None = None) -> Path:
    """Copy tests/sites/<name> into a fresh folder; files of tests/sites/<overlay> replace its own."""
    site = into / "site"
    shutil.copytree(SITES / name, site)
    if overlay:
        shutil.copytree(SITES / overlay, site, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return site


def copy_repository_site(into: Path, booklet: bool = False) -> Path:
    """A copy of the conference site itself (config, content, templates, catalogs, static).

    Without its booklet unless asked: WeasyPrint takes 2 s of a 3 s build, in tests that look at other things
    (the site's own fixtures, the booklet's tests and the poisoned site keep it)."""
    site = into / "site"
    site.mkdir()
    for name in ("site.toml", "babel.cfg"):
        shutil.copy2(REPO / name, site / name)
    for name in ("content", "templates", "locales", "static", "data"):
        shutil.copytree(REPO / name, site / name)
    if not booklet:
        (site / "templates" / "booklet.html").unlink()
    return site


def with_conference_programme(site: Path) -> Path:
    """The conference site with a test's programme: its data (tests/sites/conference-programme/data/) and its time zone."""
    shutil.copytree(SITES / "conference-programme" / "data", site / "data", dirs_exist_ok=True)
    config = site / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("\n[conference]\n", '\n[conference]\ntimezone = "America/Lima"\n', 1), encoding="utf-8")
    return site


# How many pages the conference site has in its source language: what every other language translates.
SOURCE_PAGES = sum(1 for _ in (REPO / "content" / "en").rglob("*.md"))
