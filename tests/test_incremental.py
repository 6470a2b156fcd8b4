"""Incremental builds: only what changed is rendered and written, and the result equals a clean build."""

from __future__ import annotations

import re

import pytest
from built import tree_digest
from helpers import BASE_URL, SOURCE_PAGES, copy_repository_site, run_cli


def build(site, out, *options):
    result = run_cli("build", "--site", site, "--out", out, *options)
    assert result.returncode == 0, result.stderr
    return result


def stamps(out):
    """Each file's modification time and inode: they change only when the file is written."""
    return {p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino) for p in out.rglob("*") if p.is_file()}


def rewritten_by(change, site, out):
    """The output files an incremental build writes after ``change``, sorted."""
    before = stamps(out)
    CHANGES[change](site)
    build(site, out)
    after = stamps(out)
    return sorted(path for path in after if before.get(path) != after[path])


@pytest.fixture
def site(tmp_path):
    site = copy_repository_site(tmp_path)
    build(site, tmp_path / "out")
    return site


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CHANGES = {
    "content": lambda site: edit(site / "content" / "es" / "news" / "ilps-call.md", "title: ", "title: Urgente — "),
    "source content": lambda site: edit(site / "content" / "en" / "character.md", "## ", "## Updated: "),
    "template": lambda site: edit(site / "templates" / "news-index.html", '<ul class="news-list">', '<ul class="news-list items">'),
    "catalog": lambda site: edit(site / "locales" / "de" / "LC_MESSAGES" / "messages.po", 'msgstr "Hauptmenü"', 'msgstr "Menü"'),
    "config": lambda site: edit(site / "site.toml", 'contact_email = ""', 'contact_email = "ipg@example.org"'),
    # The server rules (.htaccess, _redirects, _headers) and robots.txt follow base_url's sub-path.
    "base url": lambda site: edit(site / "site.toml", f'base_url = "{BASE_URL}"', 'base_url = "https://example.org/conf/"'),
    "data": lambda site: edit(site / "data" / "participation.yaml", "registered_countries: 20", "registered_countries: 21"),
    "documents": lambda site: edit(site / "data" / "documents.yaml", "  described_in: character\n", ""),
    "static": lambda site: edit(site / "static" / "site.css", "--accent: #8a2c0d;", "--accent: #7a270b;"),
    "new page": lambda site: (site / "content" / "en" / "news" / "second.md").write_text(
        "---\ntitle: Second\ndate: 2026-11-24\n---\n\nMore.\n", encoding="utf-8"
    ),
    "deleted translation": lambda site: (site / "content" / "hi" / "character.md").unlink(),
    "menu title": lambda site: edit(site / "content" / "ru" / "solidarity.md", "menu_title: ", "menu_title: Вся "),
    "slug": lambda site: edit(site / "content" / "de" / "character.md", "slug: charakter", "slug: wesen"),
    "news updated": lambda site: edit(site / "content" / "en" / "news" / "ilps-call.md", "updated: 2026-12-01", "updated: 2026-12-02"),
    "news weight": lambda site: edit(site / "content" / "en" / "news" / "ilps-call.md", "updated: ", "weight: 3\nupdated: "),
    "listed summary": lambda site: edit(site / "content" / "hi" / "news" / "ilps-call.md", "summary: ", "summary: नया — "),
    "raw HTML allowed": lambda site: edit(site / "site.toml", "allow_raw_html = false", "allow_raw_html = true"),
    "template include": lambda site: edit(site / "templates" / "facts.html", '<dl class="facts">', '<dl class="facts wide">'),
    # Only texts: the pages of other keys are not even signed (untouched.py).
    "translated text": lambda site: edit(site / "content" / "de" / "character.md", "\n## ", "\nEin neuer Satz.\n\n## "),
    "news text": lambda site: edit(site / "content" / "en" / "news" / "ilps-call.md", "\n## ", "\nA new sentence.\n\n## "),
}


@pytest.mark.parametrize("change", CHANGES)
def test_an_incremental_build_equals_a_clean_build(site, tmp_path, change):
    CHANGES[change](site)
    build(site, tmp_path / "out")
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")


def test_a_build_with_no_change_writes_nothing(site, tmp_path):
    before = stamps(tmp_path / "out")
    result = build(site, tmp_path / "out")
    assert stamps(tmp_path / "out") == before
    assert re.search(r": 0 written, \d+ unchanged", result.stdout)


def test_touching_a_file_without_changing_it_writes_nothing(site, tmp_path):
    page = site / "content" / "de" / "invitation.md"
    page.write_bytes(page.read_bytes())
    before = stamps(tmp_path / "out")
    build(site, tmp_path / "out")
    assert stamps(tmp_path / "out") == before


def test_changing_one_spanish_news_item_rewrites_it_and_what_lists_it(site, tmp_path):
    rewritten = rewritten_by("content", site, tmp_path / "out")
    # The search index changes in Spanish only: its entry, and Spanish files (test_search.py).
    assert all(path == "pagefind/pagefind-entry.json" or "es_" in path for path in rewritten if path.startswith("pagefind/"))
    assert rewritten == [
        "es/documentos/index.html",  # the library names the news item that tells of the ILPS's letters
        "es/feed.xml",
        "es/noticias/index.html",
        "es/noticias/llamado-ilps/index.html",
        "es/search/index.html",  # the list of every page, for readers without JavaScript
    ] + sorted(path for path in rewritten if path.startswith("pagefind/"))


def test_changing_a_template_rewrites_the_pages_that_use_it(site, tmp_path):
    assert rewritten_by("template", site, tmp_path / "out") == [
        "de/aktuelles/index.html",
        "en/news/index.html",
        "es/noticias/index.html",
        "hi/samachar/index.html",
        "ru/novosti/index.html",
    ]


def test_changing_a_catalog_rewrites_that_language_only(site, tmp_path):
    changed = rewritten_by("catalog", site, tmp_path / "out")
    assert changed and all(path.startswith("de/") and path.endswith(".html") for path in changed)
    assert len(changed) == SOURCE_PAGES + 3, "its pages, its 404 page, its status page and its search page"


def test_a_file_changed_in_the_output_by_hand_is_rebuilt(site, tmp_path):
    page = tmp_path / "out" / "ru" / "index.html"
    original = page.read_bytes()
    page.write_bytes(b"defaced")
    build(site, tmp_path / "out")
    assert page.read_bytes() == original


def test_clean_renders_everything_but_writes_only_what_differs(site, tmp_path):
    result = build(site, tmp_path / "out", "--clean")
    assert re.search(r": 0 written, \d+ unchanged", result.stdout)


def test_the_cache_is_safe_to_delete(site, tmp_path):
    import shutil

    shutil.rmtree(site / ".cache")
    CHANGES["content"](site)
    build(site, tmp_path / "out")
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")


def markdown_cache(site):
    (path,) = (site / ".cache" / "sitegen").glob("markdown-*.sqlite")
    return path


def test_a_re_rendered_page_takes_its_unchanged_body_from_the_markdown_cache(site, tmp_path):
    import sqlite3

    heading = next(line[3:] for line in (site / "content" / "es" / "index.md").read_text(encoding="utf-8").splitlines() if line.startswith("## "))
    with sqlite3.connect(markdown_cache(site)) as database:
        (count,) = database.execute("SELECT count(*) FROM bodies WHERE html LIKE ?", (f"%{heading}<%",)).fetchone()
        assert count >= 1, "the Spanish bodies are in the cache"
        database.execute("UPDATE bodies SET html = replace(html, ?, ?)", (f"{heading}<", f"CACHED-{heading}<"))
    edit(site / "templates" / "base.html", '<main id="main" class="wrap">', '<main id="main" class="wrap page">')
    build(site, tmp_path / "out")  # every page is rendered again; no text changed
    assert f"CACHED-{heading}<" in (tmp_path / "out" / "es" / "index.html").read_text(encoding="utf-8")


def test_the_markdown_cache_keeps_only_the_bodies_the_site_still_has(site, tmp_path):
    import sqlite3

    def bodies():
        with sqlite3.connect(markdown_cache(site)) as database:
            return {digest for (digest,) in database.execute("SELECT digest FROM bodies")}

    before = bodies()
    CHANGES["source content"](site)
    build(site, tmp_path / "out")
    after = bodies()
    assert len(after) == len(before) and len(after - before) == 1, "one body replaced by its new version"


def test_a_damaged_markdown_cache_is_ignored_and_replaced(site, tmp_path):
    markdown_cache(site).write_bytes(b"not a database" * 100)
    CHANGES["template"](site)
    result = build(site, tmp_path / "out")
    assert "Traceback" not in result.stderr
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")
    import sqlite3

    with sqlite3.connect(markdown_cache(site)) as database:
        assert database.execute("SELECT count(*) FROM bodies").fetchone()[0] > 0


def test_one_change_after_another_each_build_equals_a_clean_build(site, tmp_path):
    """The folder the next site is put together in holds the site of two builds ago: it must catch up on both."""
    out = tmp_path / "out"
    for change in ["slug", "deleted translation", "new page", "content", "catalog", "static"]:
        CHANGES[change](site)
        build(site, out)
        build(site, tmp_path / change, "--clean")
        assert tree_digest(out) == tree_digest(tmp_path / change), f"after '{change}'"
        assert not (out / "de" / "charakter").exists(), "the folder of the page that moved is gone"


def damage_standby_then_build(site, tmp_path, damage):
    """Build once (the standby folder then holds the first site), damage it, change a catalog, build again."""
    out = tmp_path / "out"
    CHANGES["content"](site)
    build(site, out)
    (standby,) = (site / ".cache" / "sitegen").glob("previous-*")
    damage(standby)
    CHANGES["catalog"](site)
    build(site, out)
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(out) == tree_digest(tmp_path / "clean")
    return out


def test_the_folder_the_next_site_is_put_together_in_is_checked_not_trusted(site, tmp_path):
    def damage(standby):
        (standby / "en" / "index.html").unlink()
        (standby / "es" / "index.html").write_bytes(b"stale")
        (standby / "stray.html").write_bytes(b"not part of the site")
        (standby / "ru" / "extra").mkdir()
        (standby / "link").symlink_to(tmp_path)

    out = damage_standby_then_build(site, tmp_path, damage)
    assert not (out / "stray.html").exists() and not (out / "link").exists() and not (out / "ru" / "extra").exists()


def test_a_folder_where_a_file_goes_in_it_means_starting_afresh(site, tmp_path):
    def damage(standby):
        (standby / "de" / "index.html").unlink()
        (standby / "de" / "index.html").mkdir()

    damage_standby_then_build(site, tmp_path, damage)


def test_files_a_change_does_not_touch_are_the_same_files_on_disk(site, tmp_path):
    out = tmp_path / "out"
    for change in ["content", "catalog", "content"]:
        before = stamps(out)
        CHANGES[change](site) if change != "content" else edit(site / "content" / "es" / "news" / "ilps-call.md", "title: ", "title: Más — ")
        build(site, out)
        after = stamps(out)
        untouched = [path for path in after if path.startswith(("ru/", "hi/"))]
        assert untouched and all(before[path] == after[path] for path in untouched), "same inode and time"


def rendered_pages(result) -> int:
    """How many pages a build (run with -v) rendered, from its stage line."""
    (count,) = re.findall(r"rendered (\d+)(?: of \d+)? pages", result.stderr + result.stdout)
    return int(count)


@pytest.mark.parametrize("change", ["translated text", "news text"])
def test_an_edit_of_a_text_signs_only_the_pages_that_can_show_it(site, tmp_path, change):
    CHANGES[change](site)
    result = build(site, tmp_path / "out", "-v")
    (untouched,) = re.findall(r"\((\d+) of them not even signed", result.stderr + result.stdout)
    # The edited key in five languages, its section's index, the home page: the others are left alone.
    assert SOURCE_PAGES * 5 - 5 * 3 <= int(untouched) < SOURCE_PAGES * 5
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")


def test_a_catalog_change_renders_again_only_the_pages_of_its_language(site, tmp_path):
    CHANGES["catalog"](site)
    result = build(site, tmp_path / "out", "-v")
    german_pages = len(list((site / "content" / "de").rglob("*.md")))
    # Its 404 page too; the status page, the chooser and the other 404 pages keep their signatures.
    assert german_pages <= rendered_pages(result) <= german_pages + 8


def test_a_half_made_file_left_in_the_standby_folder_never_touches_the_live_site(site, tmp_path):
    """A killed build may leave, in the standby folder, a temporary file that is a link to a live file:
    the next build must replace it, not write into it, or the live site changes before the swap."""
    import os

    from helpers import run_cli

    out = tmp_path / "out"
    CHANGES["content"](site)
    build(site, out)
    (standby,) = (site / ".cache" / "sitegen").glob("previous-*")
    os.link(out / "de" / "index.html", standby / "de" / ".index.html.sitegen-new")
    before = tree_digest(out)
    CHANGES["catalog"](site)  # de/index.html is written again
    edit(site / "content" / "es" / "character.md", "\n\n", "\n\n[roto](no-such-page.md)\n\n")
    failed = run_cli("build", "--site", site, "--out", out)
    assert failed.returncode == 1 and "no-such-page" in failed.stderr
    assert tree_digest(out) == before, "a failed build leaves the site as it was"


def test_a_half_made_file_a_killed_build_left_is_passed_over_by_the_next_build(site, tmp_path):
    """A build stopped while writing (Ctrl-C in the preview, a killed process) leaves its temporary file in the
    standby folder; the next build writes that very file again, and must not stumble on the name it left."""

    def damage(standby):
        (standby / "de" / ".index.html.sitegen-new").write_bytes(b"half of a page")  # de/index.html is written again
        (standby / "ru" / ".index.html.sitegen-new").write_bytes(b"half of a page")  # ru/index.html is not

    out = damage_standby_then_build(site, tmp_path, damage)
    assert not [path for path in out.rglob("*") if path.name.endswith(".sitegen-new")]


def test_a_section_template_showing_every_field_of_its_items_changes_after_a_text_edit_as_a_clean_build_does(sample, tmp_path):
    """The multilingual sample, whose news index shows each item's state, summary, headings, body: only a text edited."""
    from bs4 import BeautifulSoup

    site = sample("multilingual", overlay="every-field")
    build(site, tmp_path / "out")

    def spanish_item():  # read afresh each time (BuiltSite keeps each file's parse)
        page = BeautifulSoup((tmp_path / "out" / "es" / "noticias" / "index.html").read_text(encoding="utf-8"), "html.parser")
        return page.select_one('li[data-key="news/first"]')

    assert spanish_item()["data-status"] == "current"
    edit(site / "content" / "en" / "news" / "first.md", "See the", "## What is new\n\nSee the")
    build(site, tmp_path / "out")
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")
    assert spanish_item()["data-status"] == "outdated", "its source changed since it was translated"


def test_a_page_is_taken_from_the_cache_only_while_its_file_keeps_its_size_and_time(tmp_path):
    from sitegen.core.incremental import PageCache

    cache = PageCache(tmp_path, "generator-a")
    cache.remember("content/en/invitation.md", 1200, 1_700_000_000_000_000_000, "parsed")
    cache.save()
    again = PageCache(tmp_path, "generator-a")
    assert again.get("content/en/invitation.md", 1200, 1_700_000_000_000_000_000) == "parsed"
    assert again.get("content/en/invitation.md", 1201, 1_700_000_000_000_000_000) is None, "another size"
    assert again.get("content/en/invitation.md", 1200, 1_700_000_000_000_000_001) is None, "another time"
    assert PageCache(tmp_path, "generator-b").get("content/en/invitation.md", 1200, 1_700_000_000_000_000_000) is None, "another generator's"


def test_an_edit_writes_again_only_the_page_cache_shard_that_holds_its_page(tmp_path):
    from sitegen.core.incremental import PageCache

    cache = PageCache(tmp_path, "generator-a")
    for number in range(200):
        cache.remember(f"content/en/page-{number}.md", number, 1, f"page {number}")
    cache.save()
    shards = sorted((tmp_path / ".cache" / "sitegen" / "pages").iterdir())
    assert len(shards) == PageCache.SHARDS
    before = {shard.name: shard.stat().st_mtime_ns for shard in shards}
    again = PageCache(tmp_path, "generator-a")
    assert all(again.get(f"content/en/page-{number}.md", number, 1) == f"page {number}" for number in range(200))
    again.remember("content/en/page-7.md", 8, 2, "page 7, edited")
    again.save()
    after = {shard.name: shard.stat().st_mtime_ns for shard in shards}
    assert sum(before[name] != after[name] for name in before) == 1
    shards[0].write_bytes(b"\x80damaged")  # a damaged shard: its pages are parsed again, the others still come from the cache
    third = PageCache(tmp_path, "generator-a")
    assert third.get("content/en/page-7.md", 8, 2) == "page 7, edited" or shards[0] == third._shard_path(third._shard("content/en/page-7.md"))
    assert 0 < sum(third.get(f"content/en/page-{number}.md", number, 1) is not None for number in range(200)) < 200


def untouched_pages(result) -> int:
    (count,) = re.findall(r"\((\d+) of them not even signed", result.stderr + result.stdout)
    return int(count)


def test_a_page_left_unsigned_still_fails_when_the_heading_it_links_to_goes(site, tmp_path):
    """Only the edited texts' links are checked again, and the links to their headings from the pages left alone."""
    edit(site / "content" / "de" / "solidarity.md", "\n## ", "\nSiehe [warum jetzt](character.md#warum-jetzt-aus-sicht-der-ipg).\n\n## ")
    build(site, tmp_path / "out")
    edit(site / "content" / "de" / "invitation.md", "\n## ", "\nEin neuer Satz.\n\n## ")
    assert untouched_pages(build(site, tmp_path / "out", "-v")) > 0, "a text's edit leaves the other pages unsigned"
    edit(site / "content" / "de" / "character.md", "## Warum jetzt – aus Sicht der IPG", "## Warum damals")
    failed = run_cli("build", "--site", site, "--out", tmp_path / "out", "-v")
    assert failed.returncode == 1
    line = next(n for n, text in enumerate((site / "content" / "de" / "solidarity.md").read_text(encoding="utf-8").splitlines(), 1) if "warum jetzt" in text)
    assert f"content/de/solidarity.md:{line}:" in failed.stderr and "has no heading with id 'warum-jetzt-aus-sicht-der-ipg'" in failed.stderr


def test_a_link_warning_on_a_page_left_unsigned_is_given_again(site, tmp_path):
    (site / "content" / "hi" / "character.md").unlink()  # the Hindi page is then the English one, not yet translated
    edit(site / "content" / "hi" / "solidarity.md", "\n## ", "\n[देखें](character.md#no-such-heading)\n\n## ")
    first = build(site, tmp_path / "out")
    warning = "link 'character.md#no-such-heading': that page is not translated yet"
    assert warning in first.stderr
    edit(site / "content" / "de" / "invitation.md", "\n## ", "\nEin neuer Satz.\n\n## ")
    again = build(site, tmp_path / "out", "-v")
    assert untouched_pages(again) > 0, "the build left the other pages unsigned"
    assert again.stderr.count(warning) == first.stderr.count(warning) == 1
    assert re.search(r"content/hi/solidarity\.md:\d+: warning: " + re.escape(warning), again.stderr), again.stderr
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")


def test_the_warning_goes_once_the_link_is_mended(site, tmp_path):
    (site / "content" / "hi" / "character.md").unlink()
    edit(site / "content" / "hi" / "solidarity.md", "\n## ", "\n[देखें](character.md#no-such-heading)\n\n## ")
    build(site, tmp_path / "out")
    edit(site / "content" / "hi" / "solidarity.md", "character.md#no-such-heading", "character.md#why-now-in-the-ipgs-view")
    mended = build(site, tmp_path / "out", "-v")
    assert "no-such-heading" not in mended.stderr
    edit(site / "content" / "de" / "invitation.md", "\n## ", "\nEin neuer Satz.\n\n## ")
    assert "not translated yet" not in build(site, tmp_path / "out").stderr


@pytest.mark.parametrize("damage", [b"", b"\x00" * 7, b"\xfb" + b"x" * 40, b'{"version": 1}'])
def test_a_damaged_build_record_means_a_full_build_not_a_failure(site, tmp_path, damage):
    (manifest,) = (site / ".cache" / "sitegen").glob("manifest-*.marshal")
    manifest.write_bytes(damage)
    CHANGES["news text"](site)
    result = build(site, tmp_path / "out", "-v")
    assert "Traceback" not in result.stderr and "full build" in result.stdout + result.stderr
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")
    assert build(site, tmp_path / "out", "-v").stdout.count("no input changed") == 1, "the record is made anew"


def test_the_building_process_holds_a_few_hundred_new_bodies_not_every_one(tmp_path):
    """At 50,000 pages every body held until the build ended took 0.8 GB: they go into the cache as they come."""
    from sitegen.core.incremental import MarkdownCache
    from sitegen.model.bodies import BodyFacts, BodyOutcome, BodyStore

    cache = MarkdownCache(tmp_path, "generator-a")
    store = BodyStore(False, None, cache)
    for number in range(1000):
        facts = BodyFacts(f"digest-{number}", frozenset(), (), (), ())
        store.learn(BodyOutcome("en", f"page-{number}", facts, f"<p>Body {number}</p>"))
    assert len(store.new_bodies) + len(store.html_by_hash) <= 512
    assert cache.get("digest-0") == "<p>Body 0</p>", "the first ones are in the cache already, before the build ends"
    cache.save(store.new_bodies, keep={f"digest-{number}" for number in range(1000)})
    assert all(cache.get(f"digest-{number}") == f"<p>Body {number}</p>" for number in range(1000))


def test_a_translations_edit_signs_only_its_own_page_and_its_languages_home(site, tmp_path):
    CHANGES["translated text"](site)  # content/de/character.md, a translation: no other language shows its text or its state
    result = build(site, tmp_path / "out", "-v")
    assert untouched_pages(result) == SOURCE_PAGES * 5 - 2, "de/character and de/index only"
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")


def test_a_page_not_yet_translated_follows_the_edit_of_the_text_it_shows(site, tmp_path):
    (site / "content" / "hi" / "news" / "ilps-call.md").unlink()  # the Hindi news item is the English one
    build(site, tmp_path / "out")
    CHANGES["news text"](site)
    result = build(site, tmp_path / "out", "-v")
    assert untouched_pages(result) > 0
    shown = (tmp_path / "out" / "hi").rglob("index.html")
    assert any("A new sentence." in page.read_text(encoding="utf-8") for page in shown), "the Hindi copy shows the new English text"
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")


def test_a_catalog_taken_from_the_last_builds_cache_warns_again_and_translates_the_same(site, tmp_path):
    """A one-page build takes unchanged catalogs from the cache, read and checked: their warnings are told again."""
    edit(site / "locales" / "de" / "LC_MESSAGES" / "messages.po", 'msgstr "Hauptmenü"', 'msgstr "<b>Hauptmenü"')
    first = build(site, tmp_path / "out")
    warnings = sorted(line for line in first.stderr.splitlines() if line.startswith("locales/de/LC_MESSAGES/messages.po:"))
    assert warnings, first.stderr
    edit(site / "content" / "de" / "invitation.md", "\n## ", "\nEin neuer Satz.\n\n## ")
    again = build(site, tmp_path / "out")
    assert sorted(line for line in again.stderr.splitlines() if line.startswith("locales/de/LC_MESSAGES/messages.po:")) == warnings
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")
    assert "<b>Hauptmenü" not in (tmp_path / "out" / "de" / "index.html").read_text(encoding="utf-8"), "the entry is still left unused"


def test_a_site_moved_with_its_cache_renders_from_its_own_files(site, tmp_path):
    """Pages in the cache name the files their bodies are in: moved, the site must not look for them where it was."""
    moved = tmp_path / "moved"
    site.rename(moved)  # the cache goes with it; the files keep their sizes and times
    edit(moved / "content" / "de" / "character.md", "\n## ", "\nEin neuer Satz.\n\n## ")
    build(moved, tmp_path / "out")
    build(moved, tmp_path / "clean", "--clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")


def test_a_page_changed_while_the_site_is_built_fails_the_build_and_is_named(tmp_path):
    """A body is read again where it is rendered: a file saved meanwhile is never rendered as if it were the one read."""
    import datetime

    from sitegen.build.render import render_site
    from sitegen.core.problems import BuildFailed

    site = copy_repository_site(tmp_path)
    changed: list[str] = []

    def save_every_page_once(file):
        if not changed:
            for page in sorted((site / "content").rglob("*.md")):
                page.write_text(page.read_text(encoding="utf-8") + "\nSaved meanwhile.\n", encoding="utf-8")
                changed.append(page.relative_to(site).as_posix())

    with pytest.raises(BuildFailed) as failed:
        render_site(site, today=datetime.date(2026, 12, 1), on_page=save_every_page_once)
    assert failed.value.problems, "no problem named"
    for problem in failed.value.problems:
        assert problem.path in changed and problem.message == "changed while the site was being built: build again"
    assert run_cli("build", "--site", site, "--out", tmp_path / "out").returncode == 0, "built again, it reads what is there now"


def test_a_build_failure_raised_in_a_worker_comes_back_with_its_problems():
    import pickle

    from sitegen.core.problems import BuildFailed, Problem

    failure = BuildFailed([Problem("content/en/a.md", 3, "changed while the site was being built: build again")])
    again = pickle.loads(pickle.dumps(failure))
    assert again.problems == failure.problems and str(again) == str(failure)
