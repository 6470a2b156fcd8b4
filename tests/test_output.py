"""What the build writes: complete, repeatable, and all at once."""

from __future__ import annotations

import re

import pytest
from built import BuiltSite, tree_digest
from helpers import run_cli


def test_the_minimal_site_builds(sample, tmp_path):
    site = sample("minimal")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("Built 4 pages (11 files) in 1 language into")
    built = BuiltSite(tmp_path / "out", "https://example.org/")
    assert built.pages() == ["404.html", "en/404.html", "en/index.html", "index.html"], "the 404 pages from the built-in template"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".htaccess",
        ".sitegen-output",
        "404.html",
        "_headers",
        "_redirects",
        "en",
        "index.html",
        "robots.txt",
        "sitemap.xml",
    ]
    assert built.soup("en/index.html").find("em").get_text() == "miners"


def test_output_defaults_to_the_site_folder(sample):
    site = sample("minimal")
    result = run_cli("build", "--site", site)
    assert result.returncode == 0, result.stderr
    assert (site / "output" / "en" / "index.html").is_file()


def test_two_builds_of_the_same_input_are_byte_identical(sample, tmp_path):
    site = sample("multilingual")
    assert run_cli("build", "--site", site, "--out", tmp_path / "a").returncode == 0
    assert run_cli("build", "--site", site, "--out", tmp_path / "b").returncode == 0
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_a_build_replaces_the_whole_output_folder(sample, tmp_path):
    site = sample("multilingual")
    out = tmp_path / "out"
    assert run_cli("build", "--site", site, "--out", out).returncode == 0
    (out / "stale.html").write_text("left over", encoding="utf-8")
    (site / "content" / "ru" / "news" / "first.md").unlink()
    result = run_cli("build", "--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    assert not (out / "stale.html").exists()
    assert not (out / "ru" / "novosti" / "pervaya").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"], "no staging folder left behind"


def test_an_edited_catalog_shows_on_the_next_build(sample, tmp_path):
    site = sample("multilingual")
    out = tmp_path / "out"
    catalog = site / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('"Idiomas"', '"Lenguas"'), encoding="utf-8")
    assert run_cli("build", "--site", site, "--out", out).returncode == 0
    assert 'aria-label="Lenguas"' in (out / "es" / "index.html").read_text(encoding="utf-8")
    assert not list(site.rglob("*.mo")), "catalogs are compiled in memory"


def test_failed_build_leaves_previous_output_exactly_as_it_was(sample, tmp_path):
    site = sample("multilingual")
    out = tmp_path / "out"
    assert run_cli("build", "--site", site, "--out", out).returncode == 0
    before = tree_digest(out)
    (site / "templates" / "base.html").write_text("{% if %}", encoding="utf-8")
    assert run_cli("build", "--site", site, "--out", out).returncode == 1
    assert tree_digest(out) == before


def test_in_a_pipe_a_build_prints_one_line_per_stage_then_a_summary(sample, tmp_path):
    site = sample("multilingual")
    lines = run_cli("build", "--site", site, "--out", tmp_path / "out").stdout.splitlines()
    stages = [line.split("] ", 1)[1] for line in lines[:-1]]
    assert stages == [
        "full build",
        "read 12 pages and 2 catalogs in 3 languages",
        "rendered 20 pages",  # with the status page and the 404 page of each language, and the root's
        "wrote 33 files, kept 0",  # with .htaccess, _redirects, _headers and the marker .sitegen-output
    ]
    assert re.fullmatch(r"Built 20 pages \(33 files\) in 3 languages into .* in \d+\.\d\d s: 33 written, 0 unchanged\.", lines[-1])
    assert "\r" not in "".join(lines), "no progress bar outside a terminal"


def test_quiet_prints_nothing_and_verbose_names_each_file(sample, tmp_path):
    site = sample("multilingual")
    assert run_cli("build", "-q", "--site", site, "--out", tmp_path / "a").stdout == ""
    verbose = run_cli("build", "-v", "--site", site, "--out", tmp_path / "b").stdout.splitlines()
    assert "  wrote es/acerca-de/index.html" in verbose


@pytest.mark.parametrize("path", ["{tmp}/beside.html", "../beside.html", "es/../../beside.html"])
def test_the_writer_refuses_a_path_outside_the_output_folder(tmp_path, path):
    """The last guard: every path is made by routes.py from checked slugs, but a path that leaves the folder is never written."""
    from sitegen.build.writer import write_site
    from sitegen.core.files import OutputFile

    with pytest.raises(ValueError, match="outside the output folder"):
        write_site([OutputFile("index.html", b"<!doctype html>"), OutputFile(path.format(tmp=tmp_path), b"x")], tmp_path / "out" / "site")
    assert not (tmp_path / "beside.html").exists() and not (tmp_path / "out" / "beside.html").exists()
    assert not (tmp_path / "out" / "site").exists(), "nothing half-written"
