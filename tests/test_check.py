"""build.py check: a built site read as browsers and search engines read it."""

from __future__ import annotations

import os

from helpers import REPO, copy_repository_site, run_cli


def test_check_passes_on_the_conference_site(tmp_path):
    site = copy_repository_site(tmp_path)
    result = run_cli("check", "--site", site, "--fail-under", "100")
    assert result.returncode == 0, result.stderr
    assert "Check passed." in result.stdout
    if (REPO / "node_modules" / "vnu-jar").exists() or os.environ.get("SITEGEN_REQUIRE_CHECKERS"):
        assert "Validated the HTML with the Nu Html Checker." in result.stdout


def test_check_names_each_broken_link_anchor_and_image(sample, tmp_path):
    site = sample("multilingual", overlay="check-broken")
    result = run_cli("check", "--site", site)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        "en/about/index.html:25: a 'missing/' leads nowhere: no file en/about/missing/index.html",
        "en/about/index.html:25: a '#nowhere': en/about/index.html has no id 'nowhere'",
        'en/about/index.html:26: an image has no alt text (alt="" if it is decoration)',
    ]
    assert "es/index.html:22: a 'missing/' leads nowhere: no file es/missing/index.html" in lines
    assert lines[-1].startswith("Check failed: ")
    assert not (site / "output").exists(), "check builds into a temporary folder"


def test_check_reports_pages_without_description_and_a_low_translation_bar(sample, tmp_path):
    site = sample("multilingual")
    (site / "content" / "ru" / "about.md").unlink()
    result = run_cli("check", "--site", site, "--fail-under", "90")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "site.toml: translation: ru: pages 75% translated, below 90%" in lines
    assert 'es/acerca-de/index.html:1: no <meta name="description">' in lines, "its front matter has no summary"
    assert not any(line.startswith("es/index.html:") for line in lines)


def test_a_calendar_subscription_is_checked_as_a_link_to_the_file_it_fetches():
    from sitegen.commands.checker import resolve

    base = ("https://example.org/conference/", "/conference/")
    assert resolve("es/index.html", "webcal://example.org/conference/es/conference.ics", *base) == ("es/conference.ics", "")
    assert resolve("es/index.html", "webcal://elsewhere.example/es/conference.ics", *base) is None, "another site's calendar is not ours to check"
