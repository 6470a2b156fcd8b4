"""The document library: data/documents.yaml shown on a documents page per language, its files copied as they are."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup
from built import tree_digest
from helpers import REPO, copy_site, run_cli
from test_outputs_know_what_they_read import rendered_pages

DOCUMENT_PAGES = ["en/documents/index.html", "es/documentos/index.html", "ru/dokumenty/index.html"]


def documents_sample(into):
    """The multilingual sample with the documents overlay and the conference site's own list template."""
    site = copy_site("multilingual", into, overlay="documents")
    shutil.copy2(REPO / "templates" / "document-list.html", site / "templates" / "document-list.html")
    return site


def build(site, out, *options: str):
    return run_cli("build", "--strict", *options, "--site", site, "--out", out)


@pytest.fixture(scope="module")
def documents_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("documents")
    site = documents_sample(root)
    result = build(site, root / "out")
    assert result.returncode == 0, result.stderr
    return site, root / "out"


def page(out, path) -> BeautifulSoup:
    return BeautifulSoup((out / path).read_text(encoding="utf-8"), "html.parser")


def versions(out, path: str, document: str) -> list:
    return page(out, path).select(f"section#{document} ul.document-versions li")


def test_each_version_is_named_in_the_readers_language_with_the_readers_own_first(documents_site):
    _, out = documents_site
    english, spanish = versions(out, "en/documents/index.html", "open-letter")
    assert english.a.get_text() == "English" and english.a.span is None, "the reader's own language needs no second name"
    assert spanish.a.get_text() == "Spanish (español)"
    assert spanish.a.span["lang"] == "es" and spanish.a.span["dir"] == "ltr", "the language's own name, marked as such"
    assert [li.a["hreflang"] for li in versions(out, "es/documentos/index.html", "open-letter")] == ["es", "en"]
    first, second = versions(out, "ru/dokumenty/index.html", "open-letter")
    assert (first.a.contents[0].strip(), second.a.contents[0].strip()) == ("Испанский", "Английский"), "no Russian text: the original, then the rest"


def test_the_original_is_marked_and_each_file_has_its_type_and_size_in_the_readers_units(documents_site):
    _, out = documents_site
    english, spanish = versions(out, "en/documents/index.html", "open-letter")
    assert spanish.strong.get_text() == "original" and english.select_one(".translation").get_text() == "translation"
    assert spanish.a["type"] == "application/pdf" and spanish.select_one(".document-file").get_text() == "(PDF, 2 kB)"
    assert english.select_one(".document-file").get_text() == "(PDF, 590 byte)"
    russian = versions(out, "ru/dokumenty/index.html", "open-letter")
    assert [li.select_one(".document-file").get_text() for li in russian] == ["(PDF, 2 кБ)", "(PDF, 590 Б)"]
    assert russian[0].strong.get_text() == "оригинал" and russian[1].select_one(".translation").get_text() == "перевод"


def test_kinds_dates_notes_addresses_and_pages_that_tell_of_a_document(documents_site):
    _, out = documents_site
    spanish = page(out, "es/documentos/index.html")
    resolution = spanish.select_one("section#resolution")
    assert resolution.select_one(".document-kind").get_text() == "Resolución, 3 de marzo de 2013"
    assert resolution.time["datetime"] == "2013-03-03"
    (elsewhere,) = versions(out, "es/documentos/index.html", "report")
    assert elsewhere.a["href"] == "https://example.org/report" and not elsewhere.a.has_attr("type")
    assert elsewhere.select_one(".document-file").get_text() == "(en example.org)"
    assert spanish.select_one("section#report .document-note").get_text() == "Solo en inglés."
    told = spanish.select_one("section#announcement .document-told a")
    linked = (out / "es" / "documentos" / told["href"] / "index.html").resolve()
    assert linked == (out / "es" / "noticias" / "primera" / "index.html").resolve(), "the page in the reader's language"
    assert told.get_text() == page(out, linked.relative_to(out.resolve())).h1.get_text()


def test_a_title_is_text_and_one_without_a_translation_says_its_language(documents_site):
    _, out = documents_site
    english = page(out, "en/documents/index.html").select_one("section#open-letter h2")
    assert english.get_text() == "An open letter <em>to all</em> & sundry" and english.em is None
    russian = page(out, "ru/dokumenty/index.html").select_one("section#open-letter h2")
    assert russian["lang"] == "en" and russian.get_text() == "An open letter <em>to all</em> & sundry"


def test_each_file_is_copied_as_it_is_and_every_page_links_the_one_copy(documents_site):
    site, out = documents_site
    links = {path: [a["href"] for a in page(out, path).select('a[type="application/pdf"]')] for path in DOCUMENT_PAGES}
    for path, hrefs in links.items():
        for href in hrefs:
            copied = (out / path).parent / href
            assert copied.resolve().parent == (out / "documents").resolve()
            assert copied.read_bytes() == (site / "data" / "documents" / copied.name).read_bytes()
    assert sorted(p.name for p in (out / "documents").iterdir()) == ["carta.pdf", "letter-en.pdf", "resolution.pdf"]


def test_a_missing_file_is_an_error_at_its_line_and_the_output_stays_as_it_was(tmp_path):
    site = documents_sample(tmp_path)
    assert build(site, tmp_path / "out").returncode == 0
    before = tree_digest(tmp_path / "out")
    (site / "data" / "documents" / "carta.pdf").unlink()
    result = build(site, tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "data/documents.yaml:13: there is no file 'carta.pdf' in data/documents/"
    assert tree_digest(tmp_path / "out") == before


def test_an_unknown_key_is_an_error_that_suggests_the_declared_one(tmp_path):
    site = documents_sample(tmp_path)
    data = site / "data" / "documents.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("  date: 2013-03-03", "  dated: 2013-03-03"), encoding="utf-8")
    result = build(site, tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "data/documents.yaml:32: unknown key 'dated' in a document (did you mean 'date'?)"


def test_every_kind_the_data_may_give_is_named_by_the_list_template():
    from sitegen.inputs.documents import KINDS

    source = (REPO / "templates" / "document-list.html").read_text(encoding="utf-8")
    names = re.search(r"{% set kind_names = {(.*)} %}", source)
    assert names and sorted(re.findall(r'"(\w+)":', names[1])) == sorted(KINDS)


@pytest.mark.parametrize(
    "edit",
    [
        lambda site: (site / "data" / "documents.yaml").write_text(
            (site / "data" / "documents.yaml").read_text(encoding="utf-8").replace("date: 2013-03-03", "date: 2013-03-02"), encoding="utf-8"
        ),
        lambda site: (site / "data" / "documents" / "letter-en.pdf").write_bytes((site / "data" / "documents" / "letter-en.pdf").read_bytes() * 3),
    ],
    ids=["documents.yaml", "a document's file"],
)
def test_after_an_edit_an_incremental_build_renders_the_documents_pages_and_equals_a_clean_one(tmp_path, edit):
    site = documents_sample(tmp_path)
    assert build(site, tmp_path / "out").returncode == 0
    edit(site)
    result = build(site, tmp_path / "out", "-v")
    assert result.returncode == 0, result.stderr
    assert rendered_pages(result) == len(DOCUMENT_PAGES), "the documents page of each language, and no other page"
    assert build(site, tmp_path / "clean", "--clean").returncode == 0
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")


@pytest.mark.parametrize("width", [320, 1280])
def test_the_documents_page_passes_axe_in_every_language(documents_site, browser, width):
    from browsing import serve
    from test_accessibility import AXE, axe_violations, require

    require(AXE, "axe-core")
    _, out = documents_site
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    tab = context.new_page()
    with serve(out) as url:
        problems = {path: axe_violations(tab, url + path) for path in DOCUMENT_PAGES}
        scroll_width = tab.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}
    assert scroll_width <= width


def test_the_documents_pages_are_valid_html(documents_site, conference_site):
    from test_accessibility import nu_check

    _, out = documents_site
    real = [conference_site.root / language / slug / "index.html" for language, slug in REAL_PAGES.items()]
    result = nu_check(*(out / path for path in DOCUMENT_PAGES), *real)
    assert result.returncode == 0, result.stderr


REAL_PAGES = {"en": "documents", "es": "documentos", "de": "dokumente", "ru": "dokumenty", "hi": "dastavez"}


@pytest.mark.parametrize("language", REAL_PAGES)
def test_the_conference_site_lists_what_its_documents_name_and_nothing_more(conference_site, language):
    soup = conference_site.soup(f"{language}/{REAL_PAGES[language]}/index.html")
    assert [section["id"] for section in soup.select("section.document")] == ["invitation", "information-letter", "ipg-letter-to-ilps", "ilps-letter"]
    outside = {a["href"] for a in soup.select("section.document a") if "://" in a["href"]}
    assert outside == {"http://www.minersconference.org/"}, "the one address the documents give"
    assert not soup.select("section.document time") and not soup.select("section.document a[type]"), "no date, no file"
    # The IPG sent the letter in English and wrote that it is translated: the documents call no version the original.
    assert not soup.select("section#invitation ul.document-versions"), "no version listed, none called original"
    assert soup.select_one("section#invitation a")["href"] == "http://www.minersconference.org/"
    for told in soup.select(".document-told a"):
        assert conference_site.follow(f"{language}/{REAL_PAGES[language]}/index.html", told["href"])[0].startswith(f"{language}/")
    assert soup.select_one('nav.menu a[aria-current="page"]') is not None, "in the menu"


def test_a_large_file_of_the_library_is_named_in_a_warning(tmp_path):
    site = documents_sample(tmp_path)
    subprocess.run(["truncate", "-s", "11M", site / "data" / "documents" / "carta.pdf"], check=True)
    result = build(site, tmp_path / "out")
    assert result.returncode == 1, "a warning stops a --strict build"
    assert result.stderr.splitlines()[0].startswith("data/documents/carta.pdf: 11.5 MB: visitors on phones and slow connections wait long")
