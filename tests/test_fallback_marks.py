"""Every text shown in another language than its page's is marked with that language's lang and dir.

The conference site with Arabic added, its catalog empty and no Arabic name in
site.toml: every interface string and the conference's name show in English
on right-to-left pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString
from built import tree_digest
from helpers import copy_repository_site, run_cli

MARKS = re.compile("[\ue000-\ue002]")
PLACEHOLDER = re.compile(r"%\(\w+\)[a-z]|%%")


def build(site: Path, out: Path, *options: str) -> None:
    result = run_cli("build", "--site", site, "--out", out, *options)
    assert result.returncode == 0, result.stderr


def add_arabic(site: Path) -> Path:
    result = run_cli("new-language", "ar", "--site", site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def arabic(tmp_path_factory) -> tuple[Path, Path]:
    """The conference site with an Arabic of nothing translated yet, built: (site, output)."""
    root = tmp_path_factory.mktemp("arabic")
    site = add_arabic(copy_repository_site(root))
    build(site, root / "out")
    return site, root / "out"


def english_texts(site: Path) -> list[str]:
    """What shows in English where Arabic has nothing: each interface string's words between its placeholders, the conference's name."""
    pot = (site / "locales" / "messages.pot").read_text(encoding="utf-8")
    ids = [re.sub(r'"\n"', "", match) for match in re.findall(r'^msgid(?:_plural)? ((?:".*"\n?)+)', pot, re.MULTILINE)]
    texts = []
    for quoted in ids:
        text = "".join(re.findall(r'"(.*)"', quoted)).replace('\\"', '"')
        texts += [part.strip() for part in PLACEHOLDER.split(text) if sum(map(str.isalpha, part)) >= 4]
    return [text for text in texts if text] + ["1st International Miners’ Conference"]


def unmarked_english(page: Path, texts: list[str]) -> list[str]:
    """The English texts of a page that no element marks as English."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = []
    for node in soup.find_all(string=True):
        if not isinstance(node, NavigableString) or node.find_parent(["title", "script", "style"]) or not node.strip():
            continue
        marked = node.find_parent(attrs={"lang": True})
        if marked is not None and marked["lang"] == "en":
            continue
        text = " ".join(node.split())
        found += [english for english in texts if re.search(rf"(?<!\w){re.escape(english)}(?!\w)", text)]
    return found


def test_no_english_text_on_an_arabic_page_is_left_unmarked(arabic):
    site, out = arabic
    texts = english_texts(site)
    pages = sorted((out / "ar").rglob("*.html"))
    assert len(pages) > 10
    unmarked = {page.relative_to(out).as_posix(): found for page in pages if (found := unmarked_english(page, texts))}
    assert unmarked == {}
    footer = BeautifulSoup((out / "ar" / "index.html").read_text(encoding="utf-8"), "html.parser").select_one(".site-footer p span")
    assert footer is not None and footer["lang"] == "en" and footer["dir"] == "ltr"


def test_every_mark_says_its_direction(arabic):
    _, out = arabic
    for page in sorted((out / "ar").rglob("*.html")):
        for element in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(lang=True):
            assert element.get("dir") == ("rtl" if element["lang"] == "ar" else "ltr"), (page, str(element)[:120])


def test_values_in_an_english_sentence_stay_marked_as_the_pages_own(arabic):
    _, out = arabic
    soup = BeautifulSoup((out / "ar" / "index.html").read_text(encoding="utf-8"), "html.parser")
    sentence = next(span for span in soup.select('span[lang="en"]') if span.get_text().startswith("The conference was called for"))
    dates = sentence.select_one('span[lang="ar"]')
    assert dates is not None and dates["dir"] == "rtl" and dates.get_text() == "1–3 مارس 2013"


def test_a_language_named_in_an_english_sentence_is_named_in_english(arabic):
    _, out = arabic
    status = BeautifulSoup((out / "ar" / "translation-status" / "index.html").read_text(encoding="utf-8"), "html.parser")
    sentence = next(span for span in status.select('span[lang="en"]') if span.get_text().startswith("Pages are translated from"))
    assert sentence.get_text().startswith("Pages are translated from English.") and sentence.find(lang=True) is None
    home = BeautifulSoup((out / "ar" / "invitation" / "index.html").read_text(encoding="utf-8"), "html.parser")
    notice = home.select_one('[data-translation-status="fallback"] p > span[lang="en"]')
    assert notice is not None and notice.get_text() == "This page is not yet available in Arabic. It is shown in English."
    # Where the catalog translates the sentence, the names are its language's own.
    spanish = BeautifulSoup((out / "es" / "translation-status" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Las páginas se traducen del inglés." in " ".join(spanish.get_text().split())


def test_no_mark_character_reaches_any_output_file(arabic):
    _, out = arabic
    texts = [path for path in out.rglob("*") if path.is_file() and path.suffix in {".html", ".xml", ".ics", ".json", ".txt", ".js", ".css"}]
    assert any(path.suffix == ".ics" for path in texts) and any(path.suffix == ".xml" for path in texts)
    leaking = [path.relative_to(out).as_posix() for path in texts if MARKS.search(path.read_text(encoding="utf-8", errors="replace"))]
    assert leaking == []
    page = (out / "ar" / "translation-status" / "index.html").read_text(encoding="utf-8")
    assert "<title>Translation status – 1st International Miners’ Conference</title>" in page  # a title cannot hold an element
    assert 'content="How complete each language of this site is, and where translators can help."' in page


def test_the_source_language_and_translated_languages_are_not_marked(arabic):
    _, out = arabic
    for language in ("en", "es"):
        page = (out / language / "index.html").read_text(encoding="utf-8")
        footer = BeautifulSoup(page, "html.parser").select_one(".site-footer p")
        assert footer is not None and footer.find(lang=True) is None, language


def test_check_passes_the_arabic_site_and_finds_an_unmarked_fallback(arabic, tmp_path):
    site, _ = arabic
    result = run_cli("check", "--site", site)
    assert result.returncode == 0, result.stderr
    planted = copy_repository_site(tmp_path)
    add_arabic(planted)
    status = planted / "templates" / "translation-status.html"
    # A filter that makes a string plain text loses its mark: the English shows unmarked.
    status.write_text(status.read_text(encoding="utf-8").replace('{{ _("Original language") }}', '{{ _("Original language")|striptags }}'), encoding="utf-8")
    result = run_cli("check", "--site", planted)
    assert result.returncode == 1
    assert re.search(
        r"^ar/translation-status/index\.html:\d+: 'Original language' is in the source language \(en\) but not marked so", result.stderr, re.MULTILINE
    )


def test_a_mark_character_in_a_translation_or_a_page_is_refused_at_its_line(tmp_path):
    site = add_arabic(copy_repository_site(tmp_path))
    catalog = site / "locales" / "ar" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgid "Original language"\nmsgstr ""', 'msgid "Original language"\nmsgstr "\ue002</span>"'), encoding="utf-8")
    line = catalog.read_text(encoding="utf-8").splitlines().index('msgstr "\ue002</span>"') + 1
    page = site / "content" / "es" / "invitation.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nTexto \ue000en ltr\ue001.\n", encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert f"locales/ar/LC_MESSAGES/messages.po:{line}: has the private-use character U+E002, which the build keeps for its own marks" in result.stderr
    assert "content/es/invitation.md:" in result.stderr and "has the private-use character U+E000" in result.stderr


def test_an_incremental_build_equals_a_clean_one_as_arabic_is_translated(tmp_path):
    site = add_arabic(copy_repository_site(tmp_path))
    build(site, tmp_path / "out")
    catalog = site / "locales" / "ar" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgid "Original language"\nmsgstr ""', 'msgid "Original language"\nmsgstr "اللغة الأصلية"'), encoding="utf-8")
    config = site / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('hi = "पहला', 'ar = "المؤتمر الدولي الأول لعمال المناجم"\nhi = "पहला', 1), encoding="utf-8")
    build(site, tmp_path / "out")
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")
    page = (tmp_path / "out" / "ar" / "translation-status" / "index.html").read_text(encoding="utf-8")
    assert '<td colspan="6">اللغة الأصلية</td>' in page and "<span>المؤتمر الدولي الأول لعمال المناجم</span></a>" in page


def test_status_lists_the_untranslated_strings_no_mark_can_follow(arabic):
    site, _ = arabic
    result = run_cli("status", "ar", "--site", site)
    assert result.returncode == 0, result.stderr
    base = (site / "templates" / "base.html").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(base, start=1) if 'property="og:image:alt"' in text)
    assert re.search(
        r"^locales/ar/LC_MESSAGES/messages\.po:\d+: untranslated string: 'A pick and a hammer, crossed; the year 2013'; "
        rf"until then it shows in English, unmarked, at templates/base\.html:{line} \(the attribute content of <meta>\): no mark can go there$",
        result.stdout,
        re.M,
    )
    status = (site / "templates" / "translation-status.html").read_text(encoding="utf-8").splitlines()
    title = next(number for number, text in enumerate(status, start=1) if "{% block title %}" in text)
    assert f"'Translation status'; until then it shows in English, unmarked, at templates/translation-status.html:{title} (<title>)" in result.stdout
    assert re.search(
        r"^site\.toml:\d+: \[conference\.name\] has no ar text: the English '1st International Miners’ Conference' shows instead", result.stdout, re.M
    )
    # A string the page's text shows is marked, and listed only as untranslated, at its catalog's line.
    assert re.search(r"^locales/ar/LC_MESSAGES/messages\.po:\d+: untranslated string: 'Original language'$", result.stdout, re.M)


# Where the first character of an element's text is drawn, and its last (or, with reach, the one that many further on).
EDGES = """(element, reach) => {
    const text = [...element.childNodes].find(node => node.nodeType === Node.TEXT_NODE && node.data.trim());
    const at = index => { const range = document.createRange(); range.setStart(text, index); range.setEnd(text, index + 1); return range.getBoundingClientRect().left; };
    const first = text.data.length - text.data.trimStart().length;
    return [at(first), at(reach ? first + reach : text.data.trimEnd().length - 1)];
}"""


def test_english_on_an_arabic_page_reads_in_its_own_order_in_chromium(browser, arabic, tmp_path):
    from browsing import serve

    _, out = arabic
    with serve(out) as url:
        tab = browser.new_page()
        tab.goto(url + "ar/translation-status/")
        help_text = tab.locator("main p > span[lang=en]", has_text="How to help")
        assert help_text.inner_text() == "How to help: see TRANSLATING.md in the site’s repository."
        first, last = help_text.evaluate(EDGES, 0)
        assert first < last, "the sentence starts at the left and its full stop ends it at the right"
        tab.screenshot(path=str(tmp_path / "ar-status.png"), full_page=True)
        tab.goto(url + "ar/")
        footer = tab.locator(".site-footer p > span[lang=en]").first
        # Its two sentences are one span: two would each be placed right to left, the second before the first.
        assert footer.inner_text().startswith("The conference was prepared by the International Preparatory Group (IPG). This site retells the conference’s")
        first, further = footer.evaluate(EDGES, 20)
        assert first < further
        tab.screenshot(path=str(tmp_path / "ar-home.png"), full_page=True)
        tab.close()
