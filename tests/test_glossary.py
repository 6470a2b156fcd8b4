"""The glossary (locales/glossary.csv): translations held to the agreed terms, and the terms exported as Weblate reads them."""

from __future__ import annotations

import re

import pytest
from helpers import copy_repository_site, run_cli


@pytest.fixture
def site(tmp_path):
    return copy_repository_site(tmp_path)


def replace_in(path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_the_shipped_translations_use_every_agreed_term(site, tmp_path):
    result = run_cli("build", "--strict", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "agreed term" not in result.stderr


def test_a_translation_without_the_agreed_term_is_a_warning_at_its_file_and_line_and_an_error_when_strict(site, tmp_path):
    page = site / "content" / "es" / "invitation.md"
    page.write_text(page.read_text(encoding="utf-8").replace("IPG", "GPI"), encoding="utf-8")  # the acronym the Spanish once invented
    # Found at the first of the page's texts whose source holds the term: its summary ("…and what the IPG wrote…").
    summary_line = next(n for n, line in enumerate(page.read_text(encoding="utf-8").split("\n"), start=1) if line.startswith("summary:"))
    catalog = site / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    replace_in(catalog, '"Die Konferenz wurde von der Internationalen Vorbereitungsgruppe (IPG) "', '"Die Konferenz wurde von der Vorbereitungsgruppe "')
    lines = catalog.read_text(encoding="utf-8").split("\n")
    msgid_line = next(n for n, line in enumerate(lines, start=1) if line.startswith('msgid "The conference was prepared by the International'))

    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    warnings = sorted(line for line in result.stderr.splitlines() if "agreed term" in line)
    assert warnings == [
        f"content/es/invitation.md:{summary_line}: warning: the source has 'IPG'; this translation lacks the agreed term 'IPG' (locales/glossary.csv:2)",
        f"locales/de/LC_MESSAGES/messages.po:{msgid_line}: warning: the source has 'IPG'; this translation lacks the agreed term 'IPG' (locales/glossary.csv:2)",
    ]
    strict = run_cli("build", "--strict", "--site", site, "--out", tmp_path / "strict")
    assert strict.returncode == 1 and not (tmp_path / "strict").exists()
    todo = run_cli("status", "es", "--site", site).stdout
    assert f"content/es/invitation.md:{summary_line}: the source has 'IPG'; this translation lacks the agreed term 'IPG'" in todo
    assert "agreed term" not in run_cli("status", "ru", "--site", site).stdout


def test_a_term_in_a_title_is_found_at_the_title_and_any_listed_form_counts(site, tmp_path):
    (site / "locales" / "glossary.csv").write_text("en,ru,es\nTuzla,Тузла|Тузле|Тузлы,\nILPS,ILPS,ILPS\n", encoding="utf-8")
    news = site / "content" / "es" / "news" / "ilps-call.md"
    replace_in(news, "title: La ILPS", "title: La Liga")
    text = news.read_text(encoding="utf-8")
    news.write_text(text.replace("ILPS", "Liga"), encoding="utf-8")
    title_line = next(n for n, line in enumerate(news.read_text(encoding="utf-8").split("\n"), start=1) if line.startswith("title:"))
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    gaps = [line for line in result.stderr.splitlines() if "agreed term" in line]
    assert gaps == [
        f"content/es/news/ilps-call.md:{title_line}: warning: the source has 'ILPS'; this translation lacks the agreed term 'ILPS' (locales/glossary.csv:3)"
    ]


@pytest.mark.parametrize(
    ("glossary", "expected"),
    [
        ("en,es,sp\nIPG,IPG,IPG\n", "locales/glossary.csv:1: column 3: 'sp' is not a language code (the site's: en, es, de, ru, hi)"),
        ("es,de\nIPG,IPG\n", "locales/glossary.csv:1: no column for the source language 'en'"),
        ("en,es\nIPG,IPG\n,GPI\n", "locales/glossary.csv:3: no term in the source language 'en' (column 1)"),
        ("en,es\nIPG,IPG,IPG\n", "locales/glossary.csv:2: 3 cells, for 2 languages"),
    ],
)
def test_a_glossary_that_cannot_be_read_is_an_error_at_its_row(site, tmp_path, glossary, expected):
    (site / "locales" / "glossary.csv").write_text(glossary, encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1 and not (tmp_path / "out").exists()
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "saved",
    ["\ufeffen,es\r\nIPG,GPI\r\n\r\n", "en;es;de\nIPG;GPI;IPG\n", "en\tes\nIPG\tGPI\n"],
    ids=["with a byte order mark and CRLF", "with semicolons (a German spreadsheet)", "with tabs"],
)
def test_a_glossary_as_spreadsheets_save_it_reads_the_same(site, tmp_path, saved):
    (site / "locales" / "glossary.csv").write_bytes(saved.encode())
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "this translation lacks the agreed term 'GPI' (locales/glossary.csv:2)" in result.stderr, "the Spanish column read as such"


def test_the_glossary_is_written_as_tbx_that_translate_toolkit_reads(site):
    from translate.storage import tbx

    result = run_cli("glossary", "--site", site)
    assert result.returncode == 0, result.stderr
    assert re.findall(r"wrote locales/(\w+)/glossary\.tbx \((\d+) terms\)", result.stdout) == [(code, "20") for code in ("es", "de", "ru", "hi")]
    units = tbx.tbxfile.parsefile(str(site / "locales" / "ru" / "glossary.tbx")).units
    pairs = {unit.source: unit.target for unit in units}
    assert pairs["IPG"] == "IPG" and pairs["Durham"] == "Дарем" and pairs["Tuzla"] == "Тузла"
    hindi = {unit.source: unit.target for unit in tbx.tbxfile.parsefile(str(site / "locales" / "hi" / "glossary.tbx")).units}
    assert hindi["Durham"] == "डरहम"
    again = run_cli("glossary", "--site", site)
    assert again.stdout == "Glossary files already up to date.\n", "the same bytes: nothing written"
