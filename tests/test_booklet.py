"""The booklet: each language's essential pages as one PDF, to print at the venue, read as its readers read it,
through pdftotext (what copy and paste, search and screen readers get) and pdfinfo."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from helpers import REPO, copy_repository_site, run_cli

import sitegen.outputs.kinds.booklet as booklet_kind
from sitegen.cli import main

LANGUAGES = ["en", "es", "de", "ru", "hi"]
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (Debian poppler-utils) is not installed")


def pages_of(pdf) -> list[str]:
    """The booklet's pages as pdftotext reads them, in order."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def menu_pages(site, language: str) -> list[str]:
    """The pages of the language's menu, in its order, as the home page links them."""
    home = f"{language}/index.html"
    return [site.follow(home, a["href"])[0] for a in site.soup(home).select("nav.menu-wide a")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_its_languages_booklet(conference_site, language):
    pages = [page for page in conference_site.pages() if page.startswith(f"{language}/") and not page.endswith("404.html")]
    assert len(pages) > 8
    for page in pages:
        link = conference_site.soup(page).select_one("a[type='application/pdf']")
        assert link, page
        assert conference_site.follow(page, link["href"])[0] == f"{language}/booklet.pdf"
    assert (conference_site.root / language / "booklet.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contents_give_each_menu_page_and_the_page_it_starts_on(conference_site, language):
    pages = pages_of(conference_site.root / language / "booklet.pdf")
    titles = [conference_site.soup(page).h1.get_text(" ", strip=True) for page in menu_pages(conference_site, language)]
    name = words(conference_site.soup(f"{language}/index.html").h1.get_text())
    assert words(pages[0])[: len(name)] == name, "the cover names the conference"
    contents = pages[1]
    for title in titles:
        line = next((line for line in contents.splitlines() if words(line)[: len(words(title))] == words(title)), None)
        assert line, f"{title!r} not in the contents: {contents}"
        number = int(words(line)[-1])
        opening = words(pages[number - 1])[: len(words(title))]
        assert opening == words(title), f"{title!r} is said to start on page {number}, which starts {opening}"
        assert pages[number - 1].rstrip().endswith(str(number)), "each page is numbered"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_word_of_the_pages_reads_back_from_the_booklet_in_every_script(conference_site, language):
    """Devanagari's vowel signs drawn before their consonants, conjuncts, Cyrillic: each word as written."""
    printed = set(words(subprocess.run(["pdftotext", str(conference_site.root / language / "booklet.pdf"), "-"], capture_output=True, text=True).stdout))
    for page in menu_pages(conference_site, language)[1:3]:
        article = conference_site.soup(page).select_one("article")
        shown = set(words(" ".join(p.get_text(" ") for p in article.select("p, li, h2"))))
        assert shown and shown - printed == set(), page


def test_the_booklet_is_the_same_bytes_at_every_build(conference_site, tmp_path):
    site = copy_repository_site(tmp_path, booklet=True)
    assert run_cli("build", "--site", site, "--out", tmp_path / "out").returncode == 0
    for language in LANGUAGES:
        assert (tmp_path / "out" / language / "booklet.pdf").read_bytes() == (conference_site.root / language / "booklet.pdf").read_bytes()
    info = subprocess.run(["pdfinfo", str(tmp_path / "out" / "hi" / "booklet.pdf")], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info and "2013" in re.search(r"CreationDate:.*", info)[0], "dated from the input, not the build"


def test_a_right_to_left_language_added_with_one_page_reads_back_in_its_order(tmp_path):
    site = copy_repository_site(tmp_path, booklet=True)
    added = run_cli("new-language", "ar", "--site", site)
    assert added.returncode == 0, added.stderr
    arabic = "مؤتمر عمال المناجم الدولي الأول"
    (site / "content" / "ar").mkdir(exist_ok=True)
    (site / "content" / "ar" / "index.md").write_text(
        f"---\ntitle: {arabic}\ntemplate: home.html\nmenu: 1\n---\n\nيدعو الفريق التحضيري إلى المؤتمر.\n", encoding="utf-8"
    )
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    printed = subprocess.run(["pdftotext", str(tmp_path / "out" / "ar" / "booklet.pdf"), "-"], capture_output=True, text=True).stdout
    printed = re.sub("[\u202a-\u202e]", "", printed)  # the marks pdftotext puts around each right-to-left run
    assert "يدعو الفريق التحضيري إلى المؤتمر" in printed
    # pdftotext reads the lam-alef ligature of "الأول" backwards ("األول"), a reader's known limitation: the rest, in order.
    assert arabic.removesuffix(" الأول") in printed


def test_without_pango_the_build_says_what_to_install_and_changes_nothing(tmp_path, monkeypatch, capsys):
    site = copy_repository_site(tmp_path, booklet=True)
    out = tmp_path / "out"
    monkeypatch.setattr(booklet_kind, "pango_missing", lambda: "libpango-1.0-0 libpangoft2-1.0-0")
    status = main(["build", "--site", str(site), "--out", str(out)])
    error = capsys.readouterr().err
    assert status == 3
    assert "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in error and "templates/booklet.html" in error
    assert "Traceback" not in error and "bug" not in error
    assert not out.exists()


def test_quotes_nested_past_what_the_layout_can_take_are_an_error_at_the_booklet(tmp_path):
    site = copy_repository_site(tmp_path, booklet=True)
    page = site / "content" / "de" / "solidarity.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + ">" * 150 + " Zitat\n", encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0] == (
        "templates/booklet.html: the Deutsch booklet cannot be laid out: a page of it nests quotes or lists too deeply; nest them less"
    )
    assert "bug" not in result.stderr and not (tmp_path / "out").exists()


def test_an_edit_rewrites_the_booklet_of_its_language_only(tmp_path):
    site = copy_repository_site(tmp_path, booklet=True)
    out = tmp_path / "out"
    assert run_cli("build", "--site", site, "--out", out).returncode == 0
    before = {language: (out / language / "booklet.pdf").stat().st_mtime_ns for language in LANGUAGES}
    assert run_cli("build", "--site", site, "--out", out).returncode == 0
    assert {language: (out / language / "booklet.pdf").stat().st_mtime_ns for language in LANGUAGES} == before, "nothing changed, nothing drawn"
    page = site / "content" / "es" / "invitation.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUna frase nueva para el folleto.\n", encoding="utf-8")
    assert run_cli("build", "--site", site, "--out", out).returncode == 0
    after = {language: (out / language / "booklet.pdf").stat().st_mtime_ns for language in LANGUAGES}
    assert [language for language in LANGUAGES if after[language] != before[language]] == ["es"]
    assert "Una frase nueva para el folleto." in subprocess.run(["pdftotext", str(out / "es" / "booklet.pdf"), "-"], capture_output=True, text=True).stdout


def test_the_generator_ships_the_fonts_it_embeds_with_their_licence():
    fonts = REPO / "sitegen" / "formats" / "fonts"
    assert sorted(p.name for p in fonts.glob("*.ttf")) == sorted(file for faces in booklet_fonts() for file, _, _ in faces)
    assert "SIL Open Font License" in (fonts / "OFL.txt").read_text(encoding="utf-8")


def booklet_fonts():
    from sitegen.formats.pdf import FONT_FILES

    return FONT_FILES.values()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_sections_pages_are_printed_whole_after_its_index(conference_site, language):
    """The news page lists its items on the site; a printed list would point nowhere: the booklet holds the items."""
    (news,) = [page for page in menu_pages(conference_site, language) if conference_site.soup(page).select("ul.news-list")]
    items = [conference_site.follow(news, a["href"])[0] for a in conference_site.soup(news).select("ul.news-list a")]
    assert items
    text = subprocess.run(["pdftotext", str(conference_site.root / language / "booklet.pdf"), "-"], capture_output=True, text=True).stdout
    printed = words(text)
    for item in items:
        title = words(conference_site.soup(item).h1.get_text(" "))
        assert any(printed[at : at + len(title)] == title for at in range(len(printed))), f"{item}'s title is not in the booklet"
        article = conference_site.soup(item).select_one("article")
        shown = set(words(" ".join(p.get_text(" ") for p in article.select("p, li, h2"))))
        assert shown and shown - set(printed) == set(), item
