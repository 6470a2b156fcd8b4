"""Search: a search page in every language over Pagefind's index of that language's own pages.

The site used here has one untranslated page: the Russian history page is shown as a fallback
(the English text in the Russian site), which must not be found by a Russian search.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil

import pytest
from built import BuiltSite, tree_digest
from helpers import BASE_URL, REPO, SOURCE_PAGES, copy_repository_site, run_cli

LANGUAGES = ["en", "es", "de", "ru", "hi"]
ENGLISH_TITLE = "Miners’ international solidarity – a history"
# In the Latin script only on the history page: the Russian site has it only in the fallback.
ENGLISH_WORD = "Tuzla"


def build(site, out, *options):
    result = run_cli("build", "--site", site, "--out", out, *options)
    assert result.returncode == 0, result.stderr
    return result


def without_russian_history(root):
    root.mkdir(parents=True, exist_ok=True)
    site = copy_repository_site(root)
    (site / "content" / "ru" / "solidarity.md").unlink()
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> BuiltSite:
    root = tmp_path_factory.mktemp("search")
    build(without_russian_history(root), root / "out")
    return BuiltSite(root / "out", BASE_URL)


@pytest.fixture(scope="module")
def served(built):
    from browsing import serve

    with serve(built.root) as url:
        yield url


@pytest.fixture
def tab(browser):
    """A tab with the pages' own CSP in force, collecting what the page logs as errors."""
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def fallback_paths(site: BuiltSite, language: str) -> list[str]:
    """The pages of a language shown as fallbacks, as URLs from the root."""
    paths = [page for page in site.pages() if page.startswith(f"{language}/") and site.soup(page).select_one('[data-translation-status="fallback"]')]
    return ["/" + path.removesuffix("index.html") for path in paths]


def indexed_urls(site: BuiltSite, language: str) -> list[str]:
    """The URL of every page in a language's index: one fragment per page, gzipped JSON after a signature."""
    entry = json.loads((site.root / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    prefix = entry["languages"][language]["hash"].rpartition("_")[0] + "_"
    urls = []
    for fragment in sorted((site.root / "pagefind" / "fragment").glob(prefix + "*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        urls.append(json.loads(data.removeprefix(b"pagefind_dcd"))["url"])
    return urls


def search(tab, url: str, words: str) -> list[tuple[str, str]]:
    """Type words into a search page; the (link, title) of each result once the live region says how many."""
    from playwright.sync_api import expect

    tab.goto(url)
    field = tab.locator("#search-input")
    expect(field).to_be_visible()
    field.fill(words)
    box = tab.locator("#search")
    found, none = box.get_attribute("data-found").replace("{count}", ""), box.get_attribute("data-none")
    expect(tab.locator("#search-status")).to_have_text(re.compile(f"^({re.escape(found)}\\d+|{re.escape(none)})$"), timeout=10_000)
    return [(link.get_attribute("href"), link.inner_text()) for link in tab.locator("#search-results li > a").all()]


def test_a_russian_word_on_the_russian_search_page_finds_russian_pages_and_no_english_fallback(tab, served, built):
    fallbacks = fallback_paths(built, "ru")
    assert fallbacks, "the Russian history page should be a fallback in this site"
    results = search(tab, served + "ru/search/", "горняков")
    assert len(results) >= 5
    assert all(href.startswith("/ru/") for href, _ in results), results
    assert not set(fallbacks) & {href for href, _ in results}
    assert tab.locator("#search-all").is_hidden()  # the list of pages gives way to the results
    # The fallback's English text is not in the Russian index at all.
    assert search(tab, served + "ru/search/", ENGLISH_WORD) == []
    assert tab.locator("#search-status").inner_text() == "Ни одна страница не соответствует вашему запросу."
    assert tab.errors == []


def test_an_english_word_on_the_english_search_page_finds_the_english_page(tab, served):
    results = search(tab, served + "en/search/", ENGLISH_WORD)
    assert results == [("/en/solidarity/", ENGLISH_TITLE)]
    tab.locator("#search-results a").first.click()
    tab.wait_for_url(served + "en/solidarity/")
    assert tab.locator("html").get_attribute("lang") == "en"
    assert tab.errors == []


def test_the_search_is_keyboard_usable_and_announced(tab, served):
    tab.goto(served + "de/search/")
    tab.keyboard.press("Tab")  # the skip link
    tab.locator("#search-input")
    for _ in range(40):
        if tab.evaluate("() => document.activeElement.id") == "search-input":
            break
        tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.id") == "search-input"
    assert tab.get_by_label("Suchbegriffe").count() == 1
    tab.keyboard.type("Bergarbeiter")
    tab.keyboard.press("Enter")
    status = tab.locator("#search-status")
    from playwright.sync_api import expect

    expect(status).to_have_text(re.compile(r"^Gefundene Seiten: \d+$"), timeout=10_000)
    assert status.get_attribute("role") == "status"
    tab.keyboard.press("Tab")  # the button, then the first result
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.closest('#search-results') !== null")
    assert tab.url == served + "de/search/"  # Enter searched; it did not submit the form


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_javascript_the_search_page_lists_every_page_of_its_language(browser, served, built, language):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(served + f"{language}/search/")
    assert tab.locator("#search-input").is_hidden()
    assert tab.locator("#search-note").is_visible()
    links = tab.locator("#search-all li > a")
    assert links.count() == SOURCE_PAGES
    page = f"{language}/search/index.html"
    languages = {built.follow(page, links.nth(i).get_attribute("href"))[0]: links.nth(i).get_attribute("lang") for i in range(links.count())}
    assert len(languages) == SOURCE_PAGES
    assert all(path.startswith(f"{language}/") and built.exists(path) for path in languages)
    # A page shown as a fallback is listed too, its title marked as in its own language.
    for path in fallback_paths(built, language):
        assert languages[path.lstrip("/") + "index.html"] == "en"
    context.close()


def test_every_page_links_to_its_languages_search_page(built):
    for page in built.pages():
        language = page.partition("/")[0]
        if language not in LANGUAGES or page.endswith(("404.html", "/text/index.html")):  # the text-only page has no script to search with
            continue
        links = built.soup(page).select(".site-search a")
        assert len(links) == 1, page
        assert built.follow(page, links[0]["href"])[0] == f"{language}/search/index.html", page


def test_the_index_holds_each_page_once_in_its_own_language(built):
    entry = json.loads((built.root / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == sorted(LANGUAGES)
    for language in LANGUAGES:
        urls = indexed_urls(built, language)
        fallbacks = fallback_paths(built, language)
        assert len(urls) == len(set(urls)) == SOURCE_PAGES - len(fallbacks) == entry["languages"][language]["page_count"], language
        assert all(url.startswith(f"/{language}/") for url in urls)
        assert not set(urls) & set(fallbacks)
        for url in urls:
            assert built.soup(url.lstrip("/") + "index.html").html["lang"] == language
    assert len(fallback_paths(built, "ru")) == 1
    # Not the status, 404 or search pages; and no ready-made UI is published.
    assert not any("search" in url or "translation-status" in url for language in LANGUAGES for url in indexed_urls(built, language))
    assert not list((built.root / "pagefind").glob("pagefind-*ui*"))


def test_only_the_search_page_allows_webassembly(built):
    for page in built.pages():
        policy = built.soup(page).select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
        assert ("'wasm-unsafe-eval'" in policy) == page.endswith("search/index.html"), page
        assert "'unsafe-eval'" not in policy.replace("'wasm-unsafe-eval'", "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_search_page_has_no_axe_violations_with_results_shown(browser, served, language):
    from test_accessibility import AXE, require

    require(AXE, "axe-core")
    context = browser.new_context(bypass_csp=True)
    tab = context.new_page()
    words = {"en": "miners", "es": "mineros", "de": "Bergarbeiter", "ru": "горняков", "hi": "खनिकों"}[language]
    assert search(tab, served + f"{language}/search/", words)
    tab.add_script_tag(path=str(AXE))
    violations = tab.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    assert [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in violations] == []
    context.close()


def test_the_offline_copy_lists_the_pages_and_says_search_needs_the_site_online(browser, tmp_path):
    site = without_russian_history(tmp_path)
    build(site, tmp_path / "offline", "--offline")
    offline = BuiltSite(tmp_path / "offline", BASE_URL)
    assert not (offline.root / "pagefind").exists()
    context = browser.new_context()
    tab = context.new_page()
    tab.goto((offline.root / "ru" / "search" / "index.html").as_uri())
    assert tab.locator("#search-input").count() == 0
    assert tab.locator("#search-note").inner_text() == "Поиск работает только на сайте в интернете: в этой копии вместо него приведён список всех страниц."
    assert tab.locator("#search-all li > a").count() == SOURCE_PAGES
    tab.locator("#search-all li > a").first.click()
    tab.wait_for_load_state()
    assert tab.url.endswith("/ru/index.html")
    context.close()


def test_the_online_build_opened_from_disk_shows_no_broken_search_field(browser, built):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto((built.root / "es" / "search" / "index.html").as_uri())
    note = tab.locator("#search-note")
    assert tab.locator("#search-input").is_hidden()
    assert note.inner_text() == note.get_attribute("data-cannot-search")
    assert tab.locator("#search-all").is_visible()
    context.close()


def test_the_index_is_the_same_byte_for_byte_from_build_to_build(tmp_path, built):
    site = without_russian_history(tmp_path)  # another copy: its own cache, so Pagefind runs again
    build(site, tmp_path / "out")
    assert tree_digest(tmp_path / "out" / "pagefind") == tree_digest(built.root / "pagefind")


def test_an_incremental_build_indexes_only_the_changed_language_and_equals_a_clean_build(tmp_path):
    site, out = without_russian_history(tmp_path / "a"), tmp_path / "a" / "out"
    build(site, out)
    before = {path.relative_to(out).as_posix(): path.read_bytes() for path in (out / "pagefind").rglob("*") if path.is_file()}
    change = lambda site: _edit(site / "content" / "ru" / "invitation.md", "## ", "## Горняки: ")
    change(site)
    build(site, out)
    after = {path.relative_to(out).as_posix(): path.read_bytes() for path in (out / "pagefind").rglob("*") if path.is_file()}
    changed = sorted(path for path in set(before) | set(after) if before.get(path) != after.get(path))
    assert changed and all(re.search(r"(^|/|\.)ru_|pagefind-entry\.json$", path) for path in changed), changed

    clean_site = without_russian_history(tmp_path / "b")
    change(clean_site)
    build(clean_site, tmp_path / "b" / "out")
    assert tree_digest(out / "pagefind") == tree_digest(tmp_path / "b" / "out" / "pagefind")
    shutil.rmtree(site / ".cache")  # without the cache, every language is indexed again: the same files
    build(site, out, "--clean")
    assert tree_digest(out / "pagefind") == tree_digest(tmp_path / "b" / "out" / "pagefind")


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_pagefind_is_pinned_for_a_fresh_clone():
    requirements = (REPO / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^pagefind\[extended\]==\d+\.\d+\.\d+$", requirements, re.MULTILINE)
    assert re.search(r"^pagefind-bin-extended==\d+\.\d+\.\d+$", requirements, re.MULTILINE)


def test_the_search_pages_are_valid_html(built):
    from test_accessibility import nu_check

    result = nu_check(*(built.root / language / "search" / "index.html" for language in LANGUAGES))
    assert result.returncode == 0, result.stderr


def test_pages_cut_down_to_their_marked_text_give_the_index_whole_pages_give(built, monkeypatch):
    from sitegen.core.files import OutputFile
    from sitegen.outputs import search_index

    pages = [OutputFile(page, (built.root / page).read_bytes()) for page in built.pages()]
    cut = search_index.index_site(pages, built.root)
    marked = [page.content for page in pages if page.content and b"data-pagefind-body" in page.content]
    assert marked and all(len(search_index._searchable_part(page)) < len(page) for page in marked)  # every one is cut
    monkeypatch.setattr(search_index, "_searchable_part", lambda page: page)
    assert search_index.index_site(pages, built.root) == cut


def test_text_marked_as_in_another_language_is_left_out_of_that_languages_index(tmp_path):
    """As the untranslated parts of a page translated by segments are: their block carries the source's lang."""
    from sitegen.core.files import OutputFile
    from sitegen.outputs.search_index import index_site

    page = (
        '<!DOCTYPE html><html lang="ru"><head><title>x</title></head><body><article data-pagefind-body>'
        '<h1>Горняки Боливии</h1><p>Горняки объявили забастовку.</p><p lang="en" dir="ltr">Tuzla is a town.</p>'
        "</article></body></html>"
    )
    files = index_site([OutputFile("ru/partial/index.html", page.encode())], tmp_path)
    fragments = [gzip.decompress(file.content).removeprefix(b"pagefind_dcd") for file in files if file.path.startswith("pagefind/fragment/")]
    assert len(fragments) == 1
    fragment = json.loads(fragments[0])
    assert fragment["meta"]["title"] == "Горняки Боливии"
    assert "забастовку" in fragment["content"] and "Tuzla" not in fragment["content"]


def test_a_site_without_a_search_page_gets_no_index_even_where_its_pages_are_marked(tmp_path):
    site = copy_repository_site(tmp_path)
    (site / "templates" / "search.html").unlink()
    assert "data-pagefind-body" in (site / "templates" / "page.html").read_text(encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out" / "pagefind").exists()
    assert not list((tmp_path / "out").glob("*/search/index.html"))
    assert 'href="search/"' not in (tmp_path / "out" / "en" / "index.html").read_text(encoding="utf-8")
