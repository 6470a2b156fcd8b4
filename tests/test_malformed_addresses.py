"""An address urllib cannot read (an unclosed IPv6 bracket: http://x[) is the contributor's mistake, named at its line."""

from __future__ import annotations

import subprocess
import sys

from helpers import REPO, run_cli

BAD = "is not a web address (Invalid IPv6 URL): check its brackets"


def test_malformed_addresses_in_links_images_and_reference_definitions_are_errors_at_their_lines(sample, tmp_path):
    site = sample("minimal")
    page = """---
title: Home
---

[inline](http://x[) and [open](http://[)

[close](http://x]) and [ipv6](http://[::1)

![an image](http://[::2)

<http://y[>

[ref]: http://z[

A [ref] used, and an image by reference: ![alt][img]

[img]: http://w]
"""
    (site / "content" / "en" / "index.md").write_text(page, encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"content/en/index.md:5: link 'http://[' {BAD}",
        f"content/en/index.md:5: link 'http://x[' {BAD}",
        f"content/en/index.md:7: link 'http://[::1' {BAD}",
        f"content/en/index.md:7: link 'http://x]' {BAD}",
        f"content/en/index.md:9: link 'http://[::2' {BAD}",
        f"content/en/index.md:11: link 'http://y[' {BAD}",
        f"content/en/index.md:13: link 'http://z[' {BAD}",
        f"content/en/index.md:17: link 'http://w]' {BAD}",
        "Build failed: 8 errors; the output folder was not changed.",
    ]


def test_the_renderer_keeps_a_malformed_reference_as_an_unsafe_link_instead_of_raising():
    """The case the Markdown property test found about once in seventeen runs."""
    from sitegen.templating.markup import MarkdownRenderer

    for text in ("[x]: http://x[\n\n[x]", "[x]: http://[::1\n\n![i][x]", "[a](http://[)", "![i](http://x])"):
        body = MarkdownRenderer().render(text, "news/page")
        assert body.unsafe and ('href="#"' in body.html or 'src="#"' in body.html), (text, body)


def test_a_malformed_base_url_is_an_error_in_site_toml_and_check_says_so_too(sample, tmp_path):
    site = sample("multilingual")
    config = site / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"https://example.org/conference/"', '"https://[example.org/conference/"'), encoding="utf-8")
    line = "site.toml:1: key 'base_url': 'https://[example.org/conference/' is not a web address (Invalid IPv6 URL): check its brackets and its port"
    for command in ("build", "check"):
        result = run_cli(command, "--site", site)
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines()[0] == line
        assert "bug" not in result.stderr


def test_a_malformed_document_address_is_an_error_at_its_line(sample):
    site = sample("multilingual", overlay="documents")
    data = site / "data" / "documents.yaml"
    text = data.read_text(encoding="utf-8")
    line = text[: text.index("url: https://example.org/report")].count("\n") + 1
    data.write_text(text.replace("url: https://example.org/report", "url: https://example.org]/report"), encoding="utf-8")
    result = run_cli("build", "--site", site)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0] == (
        f"data/documents.yaml:{line}: 'url': 'https://example.org]/report' is not a web address (Invalid IPv6 URL): check its brackets and its port"
    )


def test_a_malformed_session_link_is_an_error_at_its_json_pointer(sample):
    site = sample("multilingual", overlay="programme")
    schedule = site / "data" / "schedule.json"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace('"https://example.org/reports"', '"https://[example.org/reports"'), encoding="utf-8")
    result = run_cli("build", "--site", site)
    assert result.returncode == 1, result.stderr
    [line] = [line for line in result.stderr.splitlines() if "example.org/reports" in line]
    assert line.startswith("data/schedule.json")
    assert line.endswith("/links/0/url: 'https://[example.org/reports' is not a web address (Invalid IPv6 URL): check its brackets and its port")


def test_ci_runs_the_property_tests_with_a_fixed_seed_and_no_database():
    """.ci/run sets SITEGEN_REQUIRE_CHECKERS before the tests; conftest then loads the 'ci' Hypothesis profile."""
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci.index("export SITEGEN_REQUIRE_CHECKERS=1") < ci.index("make test")
    probe = "import conftest; from hypothesis import settings; s = settings(); print(s.derandomize, s.database)"
    for env, expected in (({"SITEGEN_REQUIRE_CHECKERS": "1"}, "True None"), ({"CI": "true"}, "True None"), ({}, "False")):
        result = subprocess.run(
            [sys.executable, "-c", probe], cwd=REPO / "tests", env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True, check=True
        )
        assert result.stdout.startswith(expected), (env, result.stdout)
