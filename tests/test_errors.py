"""Bad input: one clear line per problem, exit status 1, and the previous output untouched."""

from __future__ import annotations

import subprocess

import pytest
from built import tree_digest
from helpers import SITES, run_cli

INVALID_CASES = sorted(path.name for path in (SITES / "invalid").iterdir() if path.is_dir())


@pytest.fixture
def built_once(sample, tmp_path):
    """A valid build in out/, so a failing build has a previous site to leave alone."""

    def build(overlay: str):
        site = sample("multilingual", overlay=overlay)
        out = tmp_path / "out"
        clean = sample_copy_of_valid_site(tmp_path)
        assert run_cli("build", "--site", clean, "--out", out).returncode == 0
        return site, out

    return build


def sample_copy_of_valid_site(tmp_path):
    import shutil

    clean = tmp_path / "valid"
    if not clean.exists():
        shutil.copytree(SITES / "multilingual", clean)
    return clean


@pytest.mark.parametrize("case", INVALID_CASES)
def test_invalid_input_gives_exact_error_lines_and_keeps_the_old_output(case, built_once):
    site, out = built_once(f"invalid/{case}")
    before = tree_digest(out)

    result = run_cli("build", "--site", site, "--out", out)

    expected = (SITES / "invalid" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[:-1] == expected
    count = len(expected)
    assert lines[-1] == f"Build failed: {count} error{'s' if count != 1 else ''}; the output folder was not changed."
    assert "Traceback" not in result.stderr
    assert "Built" not in result.stdout
    assert tree_digest(out) == before


def test_every_invalid_case_names_a_file(tmp_path):
    for case in INVALID_CASES:
        for line in (SITES / "invalid" / case / "expected.txt").read_text(encoding="utf-8").splitlines():
            assert line.split(":")[0] == "site.toml" or line.startswith(("content/", "templates/", "locales/", "data/")), (case, line)


def test_all_problems_of_all_files_are_reported_in_one_run(sample, tmp_path):
    site = sample("multilingual", overlay="invalid/front-matter-keys")
    (site / "content" / "ru" / "about.md").write_text("no front matter\n", encoding="utf-8")
    (site / "templates" / "page.html").write_text("{% block main %}{% endblock\n", encoding="utf-8")

    result = run_cli("build", "--site", site, "--out", tmp_path / "out")

    files = {line.split(":")[0] for line in result.stderr.splitlines()[:-1]}
    assert files == {"content/es/about.md", "content/ru/about.md", "templates/page.html"}
    assert not (tmp_path / "out").exists()


def test_byte_order_mark_and_windows_line_ends_simply_work(sample, tmp_path):
    site = sample("multilingual")
    (site / "content" / "en" / "about.md").write_bytes(
        b"\xef\xbb\xbf---\r\ntitle: About\r\nmenu: 2\r\n---\r\n\r\n## Who we are\r\n\r\n"
        b"Back to [the start](index.md).\r\n\r\n## Our aims\r\n\r\nTo work together.\r\n"
    )
    for name in ("site.toml", "locales/es/LC_MESSAGES/messages.po"):  # as Notepad and some Windows editors save them
        (site / name).write_bytes(b"\xef\xbb\xbf" + (site / name).read_bytes().replace(b"\n", b"\r\n"))
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "en" / "about" / "index.html").read_text(encoding="utf-8")
    assert "<title>About</title>" in html and 'id="our-aims"' in html and "\r" not in html
    assert "Todos los idiomas" in (tmp_path / "out" / "es" / "index.html").read_text(encoding="utf-8")  # the catalog read


def test_raw_html_in_markdown_is_shown_as_text_not_run(sample, tmp_path):
    site = sample("multilingual")
    page = site / "content" / "es" / "about.md"
    page.write_text(
        page.read_text(encoding="utf-8") + '\n<script>alert("x")</script>\n\nTexto <img src=x onerror="alert(1)"> aquí.\n',
        encoding="utf-8",
    )
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "es" / "acerca-de" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in html


def test_a_translated_string_cannot_inject_markup(sample, tmp_path):
    site = sample("multilingual")
    catalog = site / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('"Todos los idiomas"', '"<script>alert(1)</script>"'), encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "warning: HTML tags differ: the translation of 'All languages' has <script> </script>" in result.stderr
    html = (tmp_path / "out" / "es" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" not in html, "neither run nor shown as text"
    assert ">All languages<" in html, "the original is shown until the tags are taken out"


def test_an_unknown_command_is_a_usage_error():
    result = run_cli("bild")
    assert result.returncode == 2
    assert "invalid choice: 'bild'" in result.stderr


def test_a_folder_without_site_toml_is_named(tmp_path):
    result = run_cli("build", "--site", tmp_path, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"site.toml: not found in {tmp_path}: is this a site folder?"


def test_an_html_comment_in_markdown_is_never_published_and_is_named_as_a_warning(sample, tmp_path):
    site = sample("multilingual")
    page = site / "content" / "es" / "about.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines += ["", "<!-- TODO: check the name with the IPG -->", "", "Text `<!-- kept -->` here.", "", "    <!-- code, shown as written -->", ""]
    page.write_text("\n".join(lines), encoding="utf-8")
    comment_line = len(lines) - 5
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    warning = f"content/es/about.md:{comment_line}: warning: HTML comment not published: <!-- TODO: check the name with the IPG -->"
    assert [line for line in result.stderr.splitlines() if "comment" in line] == [warning + "; remove it once the note is dealt with"]
    built = (tmp_path / "out" / "es" / "acerca-de" / "index.html").read_text(encoding="utf-8")
    assert "TODO" not in built and "&lt;!-- TODO" not in built, "neither as a comment nor as text"
    assert "<code>&lt;!-- kept --&gt;</code>" in built and "&lt;!-- code, shown as written --&gt;" in built, "code is shown as written"
    other = site / "content" / "es" / "index.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nOtra línea.\n", encoding="utf-8")
    again = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert [line for line in again.stderr.splitlines() if "comment" in line] == [line for line in result.stderr.splitlines() if "comment" in line], (
        "told again when the page comes from the last build's cache"
    )
    strict = run_cli("build", "--strict", "--site", site, "--out", tmp_path / "strict")
    assert strict.returncode == 1, "--strict: a note left for later stops the build"
    assert f"content/es/about.md:{comment_line}: HTML comment not published: <!-- TODO: check the name with the IPG -->" in strict.stderr


@pytest.mark.parametrize(
    "written, hint",
    [
        ("2013-3-1", "(a date is written YYYY-MM-DD, without quotes: 2013-03-01)"),
        ("1.3.2013", "(a date is written YYYY-MM-DD, without quotes, such as 2013-03-01)"),
    ],
)
def test_a_date_toml_cannot_read_gets_a_hint_to_write_it_yyyy_mm_dd(sample, tmp_path, written, hint):
    site = sample("multilingual")
    toml = site / "site.toml"
    lines = toml.read_text(encoding="utf-8").splitlines()
    number = next(index for index, line in enumerate(lines, start=1) if line.startswith("start = "))
    lines[number - 1] = f"start = {written}"
    toml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    (problem,) = [line for line in result.stderr.splitlines() if line.startswith("site.toml")]
    assert problem.startswith(f"site.toml:{number}: TOML syntax error") and problem.endswith(hint)


def replace_line(path, start: str, new: str) -> int:
    """Replace the line of path that starts with ``start``; return its number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(index for index, line in enumerate(lines, start=1) if line.startswith(start))
    lines[number - 1] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number


@pytest.mark.parametrize(
    "written, reason",
    [
        ("2013-02-30", "2013 has no 30 February"),
        ("2013-02-29", "2013 has no 29 February (2013 is not a leap year)"),
        ("2013-13-01", "there is no month 13"),
    ],
)
def test_an_impossible_day_in_site_toml_is_named_not_taken_for_a_way_of_writing(sample, tmp_path, written, reason):
    site = sample("multilingual")
    number = replace_line(site / "site.toml", "end = ", f"end = {written}")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        f"site.toml:{number}: key 'conference.end': {written} is not a date: {reason}",
        "Build failed: 1 error; the output folder was not changed.",
    ]


def test_29_february_of_a_leap_year_is_a_day(sample, tmp_path):
    site = sample("multilingual")
    replace_line(site / "site.toml", "start = ", "start = 2012-02-29")
    replace_line(site / "site.toml", "end = ", "end = 2012-03-01")
    replace_line(site / "content" / "en" / "news" / "first.md", "date: ", "date: 2012-02-29")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "en" / "news" / "first" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2012-02-29">February 29, 2012</time>' in html


def test_a_control_character_in_any_text_is_an_error_at_its_line_and_never_reaches_a_page(sample, tmp_path):
    site = sample("multilingual")
    page = site / "content" / "en" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nPasted from a terminal: \x1b[31mred\x1b[0m, and a NUL\x00.\n", encoding="utf-8")
    page_line = page.read_text(encoding="utf-8").count("\n")
    title = site / "content" / "es" / "about.md"
    title.write_text(title.read_text(encoding="utf-8").replace("title: Acerca de", "title: Acerca\x7f de"), encoding="utf-8")
    catalog = site / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('"Todos los idiomas"', '"Todos\x07 los idiomas"'), encoding="utf-8")
    catalog_line = 1 + catalog.read_text(encoding="utf-8").split("\x07")[0].count("\n")
    (site / "data").mkdir()
    (site / "data" / "participation.yaml").write_text(
        "preparatory_group:\n  - name: Comisi\x93n Nacional\n    country: PE\nregistered_countries: 20\n", encoding="utf-8"
    )
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"content/en/about.md:{page_line}: control character U+001B (ESC) at column 25: delete it (it cannot be shown on a page)",
        "content/es/about.md:2: control character U+007F (DEL) at column 14: delete it (it cannot be shown on a page)",
        "data/participation.yaml:2: control character U+0093 at column 17: delete it (it cannot be shown on a page)",
        f"locales/es/LC_MESSAGES/messages.po:{catalog_line}: control character U+0007 (BEL) at column 14: delete it (it cannot be shown on a page)",
        "Build failed: 4 errors; the output folder was not changed.",
    ]


@pytest.mark.parametrize(
    "written, message",
    [
        ('en = "Areq\x85uipa"', "control character U+0085 at column 11: delete it (it cannot be shown on a page)"),
        ('en = "Areq\\u0001uipa"', "key 'conference.city.en': control character U+0001 (SOH), made by an escape: delete it (it cannot be shown on a page)"),
    ],
)
def test_a_control_character_in_site_toml_is_an_error_at_its_line(sample, tmp_path, written, message):
    site = sample("multilingual")
    number = replace_line(site / "site.toml", 'en = "Arequipa"', written)
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [f"site.toml:{number}: {message}", "Build failed: 1 error; the output folder was not changed."]


def test_a_large_file_that_would_be_published_is_named_in_a_warning_with_its_size(sample, tmp_path):
    site = sample("multilingual")
    for name, size in (("static/big.bin", "11M"), ("content/en/minutes.pdf", "12M"), ("static/small.bin", "9M")):
        subprocess.run(["truncate", "-s", size, site / name], check=True)  # sparse: nothing written to read
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    advice = (
        "visitors on phones and slow connections wait long for a file this large, and may pay for it; make it smaller, or publish it elsewhere and link to it"
    )
    assert [line for line in result.stderr.splitlines() if "warning" in line] == [
        f"content/en/minutes.pdf: warning: 12.6 MB: {advice}",
        f"static/big.bin: warning: 11.5 MB: {advice}",
    ]


def test_an_input_that_cannot_be_read_is_named_with_the_systems_reason(sample, monkeypatch):
    """chmod 000 reads anyway for root, who runs the suite in CI: the refusal is the file system's, made up here."""
    from pathlib import Path

    from sitegen.core.problems import BuildFailed
    from sitegen.i18n.catalogs import read_catalog
    from sitegen.inputs.config import load_config

    site = sample("multilingual")
    refused = {site / "site.toml", site / "locales" / "es" / "LC_MESSAGES" / "messages.po"}
    real_read_text, real_read_bytes = Path.read_text, Path.read_bytes

    def refuse(real):
        def read(path, *args, **kwargs):
            if path in refused:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kwargs)

        return read

    monkeypatch.setattr(Path, "read_text", refuse(real_read_text))
    monkeypatch.setattr(Path, "read_bytes", refuse(real_read_bytes))
    with pytest.raises(BuildFailed) as failed:
        load_config(site)
    assert [str(problem) for problem in failed.value.problems] == ["site.toml: cannot be read: Permission denied"]
    problems: list = []
    path = site / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    assert read_catalog(path, "locales/es/LC_MESSAGES/messages.po", "es", problems) is None
    assert [str(problem) for problem in problems] == ["locales/es/LC_MESSAGES/messages.po: cannot be read: Permission denied"]


def test_a_template_that_is_a_link_out_of_the_site_or_to_nothing_is_an_error_at_its_name(sample, tmp_path):
    site = sample("multilingual")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for publishing", encoding="utf-8")
    (site / "templates" / "evil.html").symlink_to(secret)
    page = site / "templates" / "page.html"
    page.write_text(page.read_text(encoding="utf-8").replace("{% endblock %}", '{% include "evil.html" %}{% endblock %}', 1), encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1 and result.stderr.splitlines()[0] == "templates/evil.html: is a link to a file outside the site: copy the file in instead"
    assert not (tmp_path / "out").exists()
    (site / "templates" / "evil.html").unlink()
    (site / "templates" / "evil.html").symlink_to(tmp_path / "gone.html")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1 and result.stderr.splitlines()[0] == "templates/evil.html: cannot be read: No such file or directory", result.stderr


def test_a_file_the_system_refuses_to_read_is_named_not_called_a_bug(sample, tmp_path, monkeypatch, capsys):
    """Any input (here a data file): chmod 000 reads anyway for root, so the refusal is made up here."""
    from pathlib import Path

    from sitegen.cli import main

    site = sample("multilingual", overlay="documents")
    refused = site / "data" / "documents.yaml"
    assert refused.is_file()
    real_open = open

    def refusing_open(file, *args, **kwargs):
        if Path(file) == refused:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    real_read_bytes, real_read_text = Path.read_bytes, Path.read_text
    monkeypatch.setattr(Path, "read_bytes", lambda path: refusing_open(path) if path == refused else real_read_bytes(path))
    monkeypatch.setattr(Path, "read_text", lambda path, *a, **k: refusing_open(path) if path == refused else real_read_text(path, *a, **k))
    monkeypatch.setattr("builtins.open", refusing_open)
    status = main(["build", "--site", str(site), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1 and "data/documents.yaml: Permission denied" in err.splitlines(), err
    assert "bug in the generator" not in err and not (tmp_path / "out").exists()


def test_a_page_with_errors_of_its_own_is_not_also_called_missing_by_what_names_it(sample, tmp_path):
    site = sample("multilingual", overlay="documents")  # data/documents.yaml: a document described_in news/first
    page = site / "content" / "en" / "news" / "first.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title:", "title: [1, 2]\nsummary:", 1), encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert {line.split(":")[0] for line in result.stderr.splitlines()[:-1]} == {"content/en/news/first.md"}, result.stderr
