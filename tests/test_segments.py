"""Translating a page by segments: a gettext catalog per page, put together into the page the reader sees."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import polib
import pytest
from babel.numbers import format_percent
from built import BuiltSite, tree_digest
from helpers import copy_site, run_cli

BASE = "https://example.org/conference/"
GUIDE = "locales/de/LC_MESSAGES/pages/guide.po"
ABOUT = "locales/de/LC_MESSAGES/pages/about.po"


@pytest.fixture
def site(tmp_path):
    """The multilingual sample with German, whose 'about' page is translated by segments (and in Spanish by Markdown)."""
    return copy_site("multilingual", tmp_path, overlay="segments")


def build(site, out, *options, strict=True) -> BuiltSite:
    result = run_cli("build", *(["--strict"] if strict else []), "--site", site, "--out", out, *options)
    assert result.returncode == 0, result.stderr
    return BuiltSite(out, BASE)


def segments(site, *options) -> list[str]:
    """Run the command; the files it says it wrote."""
    result = run_cli("segments", "--site", site, *options)
    assert result.returncode == 0, result.stderr
    return [line.removeprefix("updated ") for line in result.stdout.splitlines() if line.startswith("updated ")]


def status_json(site) -> dict:
    result = run_cli("status", "--site", site, "--json")
    assert result.returncode == 0, result.stderr
    return {entry["language"]: entry for entry in json.loads(result.stdout)["languages"]}


def translate(path, translations: dict[str, str]) -> None:
    """Fill in some of a catalog's entries, as a translator's tool would (polib, not the generator's Babel)."""
    catalog = polib.pofile(str(path))
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    catalog.save()


def assert_msgfmt_clean(site, files) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (Debian's gettext) is not installed")
    for name in files:
        result = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(site / name)], capture_output=True, text=True)
        assert result.returncode == 0, f"{name}: {result.stderr}"


HALF = {
    "Taking part": "Teilnehmen",
    "Before you come": "Vor der Anreise",
    "Each delegation registers on the [about page](about.md#who-we-are) first. Write to the organisers if anything is unclear.": (
        "Jede Delegation meldet sich zuerst auf der [Seite über uns](about.md#wer-wir-sind) an. Schreiben Sie den Veranstaltern, wenn etwas unklar ist."
    ),
    "Send the names of your delegates.": "Senden Sie die Namen Ihrer Delegierten.",
    "Day": "Tag",
    "Friday": "Freitag",
}


def test_a_translators_round_trip(site, tmp_path):
    written = segments(site, "--language", "de", "--page", "guide")
    assert written == [GUIDE], "the templates were there already; only the new catalog is written"
    assert_msgfmt_clean(site, written)
    catalog = (site / GUIDE).read_text(encoding="utf-8")
    assert '#. paragraph\n#: content/en/guide.md:10\nmsgid ""\n"Each delegation registers' in catalog, "where it is and what it is"
    assert '#. table cell\n#: content/en/guide.md:18\nmsgid "Day"' in catalog and "#. image alt text" in catalog
    assert "msgctxt" not in catalog, "no two segments alike: no context needed"

    translate(site / GUIDE, HALF)
    built = build(site, tmp_path / "out")
    page = built.soup("de/guide/index.html").main
    assert page.select_one('[data-translation-status="partial"]').get_text().startswith("Einige Teile dieser Seite")
    assert page.h1.get_text() == "Teilnehmen" and not page.h1.has_attr("lang")
    headings = {h2.get_text(): h2.get("lang") for h2 in page.find_all("h2")}
    assert headings == {"Vor der Anreise": None, "At the conference": "en"}
    items = page.find_all("li")
    assert [(li.get_text(), li.get("lang"), li.get("dir")) for li in items] == [
        ("Senden Sie die Namen Ihrer Delegierten.", None, None),
        ("Say which languages you speak.", "en", "ltr"),
    ]
    assert items[1].em.get_text() == "languages", "inline Markdown kept inside the segment"
    cells = [(cell.get_text(), cell.get("lang")) for cell in page.find_all(["th", "td"])]
    assert cells == [("Tag", None), ("What", "en"), ("Freitag", None), ("Reports", "en"), ("Saturday", "en"), ("Workshops", "en")]
    image = page.find("img")
    assert image["alt"] == "Miners at a meeting" and image.find_parent("figure").get("lang") == "en", "a photograph alone in its paragraph: the figure"
    assert built.exists(built.follow("de/guide/index.html", image["src"])[0]), "the source's image, beside the page"
    link = page.find("a", string="Seite über uns")
    assert built.follow("de/guide/index.html", link["href"]) == ("de/about/index.html", "wer-wir-sind"), "in the reader's language, to a translated heading"
    untranslated = page.find("a", string="published afterwards")
    assert untranslated.parent["lang"] == "en" and built.follow("de/guide/index.html", untranslated["href"])[0] == "de/news/index.html"
    assert [broken for broken in built.broken_links()[0] if broken.startswith("de/guide/")] == []

    entry = status_json(site)["de"]["pages"]
    assert entry["partial"] == ["guide"] and "guide" not in entry["current"]
    assert entry["segments"]["guide"] == {"catalog": GUIDE, "total": 16, "translated": 6, "fuzzy": 0, "untranslated": 10}
    table = run_cli("status", "--site", site).stdout.splitlines()
    assert f"{GUIDE}: partial, 6 of 16 segments translated, 0 fuzzy" in table
    todo = run_cli("status", "de", "--site", site).stdout.splitlines()
    assert any(line.startswith(f"{GUIDE}:") and "untranslated list item: 'Say which *languages* you speak.'" in line for line in todo)

    source = site / "content" / "en" / "guide.md"
    source.write_text(source.read_text(encoding="utf-8").replace("registers on the", "registers in good time on the"), encoding="utf-8")
    stale = run_cli("build", "--site", site, "--out", tmp_path / "stale")
    warning = next(line for line in stale.stderr.splitlines() if line.startswith(f"{GUIDE}: warning: stale:"))
    assert warning.startswith(f"{GUIDE}: warning: stale: 1 segment of content/en/guide.md not in it ('Each delegation registers in good time")
    assert warning.endswith(f"); run 'python build.py segments --site {site}'"), "until it is run, the new paragraph shows in English"
    todo = run_cli("status", "de", "--site", site).stdout.splitlines()
    assert (
        f"content/en/guide.md:10: paragraph not in {GUIDE} yet: run 'python build.py segments --site {site}': 'Each delegation registers in good time on the [about page](about.md#w…'"
        in todo
    ), "\n".join(todo)
    written = segments(site)
    assert written == ["locales/pages/guide.pot", GUIDE]
    assert_msgfmt_clean(site, written)
    entries = {entry.msgid: entry for entry in polib.pofile(str(site / GUIDE))}
    changed = entries["Each delegation registers in good time on the [about page](about.md#who-we-are) first. Write to the organisers if anything is unclear."]
    assert changed.fuzzy and changed.msgstr == HALF[next(key for key in HALF if key.startswith("Each"))], "fuzzy, its old translation kept"
    assert changed.previous_msgid.startswith("Each delegation registers on the"), "the old original, as msgmerge keeps it"
    kept = {msgid: entry.msgstr for msgid, entry in entries.items() if msgid in HALF}
    assert kept == {key: value for key, value in HALF.items() if not key.startswith("Each")} and not any(entries[key].fuzzy for key in kept)
    assert segments(site) == [], "a second run changes nothing"

    rebuilt = build(site, tmp_path / "out2", strict=False)  # the paragraph, in English again, links to an English heading: a warning
    paragraph = rebuilt.soup("de/guide/index.html").find(lambda tag: tag.name == "p" and "good time" in tag.get_text())
    assert paragraph["lang"] == "en", "a fuzzy translation is not shown: the new original is, marked"
    assert status_json(site)["de"]["pages"]["segments"]["guide"]["fuzzy"] == 1
    source.write_text(
        source.read_text(encoding="utf-8").replace("Send the names of your delegates.", "Send the names of all your delegates."), encoding="utf-8"
    )
    assert segments(site) == ["locales/pages/guide.pot", GUIDE], "another change: the catalog is written again"
    again = {entry.msgid: entry for entry in polib.pofile(str(site / GUIDE))}
    assert again[changed.msgid].previous_msgid == changed.previous_msgid, "the first change's old original, kept whole"


def test_the_built_in_status_page_counts_a_pages_fuzzy_segments(site, tmp_path):
    """Translated, fuzzy and untranslated segments, each counted: a fuzzy segment is neither done nor untouched."""
    (site / "templates" / "translation-status.html").unlink()  # the built-in page, which lists each page's segments
    segments(site, "--language", "de", "--page", "guide")
    translate(site / GUIDE, HALF)
    catalog = polib.pofile(str(site / GUIDE))
    next(entry for entry in catalog if entry.msgid == "Friday").flags.append("fuzzy")
    catalog.save()
    assert status_json(site)["de"]["pages"]["segments"]["guide"] | {"catalog": ""} == {
        "catalog": "",
        "total": 16,
        "translated": 5,
        "fuzzy": 1,
        "untranslated": 10,
    }
    built = build(site, tmp_path / "out", strict=False)  # the sample's catalogs lack the built-in page's strings
    items = [li.get_text() for li in built.soup("en/translation-status/index.html").select("main li")]
    assert f"{GUIDE}: partly translated (segments translated: 5, fuzzy: 1, untranslated: 10)" in items


def test_a_page_translated_by_markdown_in_one_language_and_by_segments_in_another(site, tmp_path):
    built = build(site, tmp_path / "out")
    spanish, german = built.soup("es/acerca-de/index.html"), built.soup("de/about/index.html")
    assert spanish.h2.get_text() == "Quiénes somos" and spanish.select_one("[data-translation-status]") is None
    assert german.h1.get_text() == "Über uns" and german.select_one("[data-translation-status]") is None, "every segment translated: current"
    assert [h2["id"] for h2 in german.find_all("h2")] == ["wer-wir-sind", "unsere-ziele"]
    assert german.find(lang=True) is not None and german.find("main").find(lang=True) is None, "nothing in the page marked as another language"
    alternates = {link["hreflang"] for link in german.find_all("link", rel="alternate")}
    assert {"es", "de", "ru"} <= alternates, "a translation like any other"
    # (German's untranslated home page, shown in English, links to the English heading's id: a fallback's known limit.)
    assert [broken for broken in built.broken_links()[0] if broken.startswith(("de/about/", "es/acerca-de/"))] == []
    pages = status_json(site)["de"]["pages"]
    assert "about" in pages["current"] and pages["segments"]["about"]["translated"] == 6


def test_a_page_moves_from_segments_to_markdown(site, tmp_path):
    (site / "content" / "de").mkdir()
    (site / "content" / "de" / "about.md").write_text("---\ntitle: Über die Konferenz\n---\n\n## Wer wir sind\n\n## Unsere Ziele\n", encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert f"{ABOUT}: warning: not used: content/de/about.md translates this page; delete one of the two" in result.stderr.splitlines()
    assert BuiltSite(tmp_path / "out", BASE).soup("de/about/index.html").h1.get_text() == "Über die Konferenz"


def test_an_incremental_build_after_editing_a_segment_catalog_equals_a_clean_one(site, tmp_path):
    build(site, tmp_path / "out")
    catalog = site / ABOUT
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgstr "Zusammenarbeiten."', 'msgstr ""'), encoding="utf-8")
    built = build(site, tmp_path / "out")
    assert built.soup("de/about/index.html").find("p", lang="en").get_text() == "To work together."
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")


@pytest.mark.parametrize(
    "original, translation, expected",
    [
        (
            '"Bergleute aus vielen Ländern. Zurück [zum Anfang](index.md) oder [nach "',
            '"Bergleute aus vielen Ländern. Zurück zum Anfang oder [nach "',
            "the translation of 'Miners from many countries. Back to [the start](index.md), …' "
            "drops the link to index.md: keep the original's links, their text translated",
        ),
        (
            'msgstr "Zusammenarbeiten."',
            'msgstr "- Zusammenarbeiten."',
            "the translation of 'To work together.' has a line that starts a new Markdown block ('- Zusammenarbeiten.'): a paragraph stays one",
        ),
        (
            'msgstr "Unsere Ziele"',
            'msgstr "Unsere Ziele\\nund mehr"',
            "the translation of 'Our aims' has a line break, which a heading cannot hold: keep it on one line",
        ),
        ('msgstr "Zusammenarbeiten."', 'msgstr "Zusammenarbeiten.', "syntax error: unterminated string"),
    ],
)
def test_a_bad_segment_translation_is_an_error_at_its_line(site, tmp_path, original, translation, expected):
    catalog = site / ABOUT
    text = catalog.read_text(encoding="utf-8")
    assert original in text
    lines = text[: text.index(original)].split("\n")
    line = max(number for number, written in enumerate(lines, start=1) if written.startswith("msgid"))  # where the entry's msgid starts
    catalog.write_text(text.replace(original, translation), encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    problems = [problem for problem in result.stderr.splitlines() if problem.startswith(ABOUT)]
    assert len(problems) == 1 and problems[0].startswith(f"{ABOUT}:{len(lines) if 'syntax' in expected else line}: {expected}"), result.stderr


def test_an_untranslated_segment_linking_to_a_translated_heading_is_a_warning_at_the_source(site, tmp_path):
    segments(site, "--language", "de", "--page", "guide")
    translate(site / GUIDE, {"Taking part": "Teilnehmen"})
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (
        "content/en/guide.md:10: warning: link 'about.md#who-we-are': locales/de/LC_MESSAGES/pages/about.po has no heading with id 'who-we-are'"
        in result.stderr.splitlines()
    )


def test_a_catalog_with_nothing_translated_leaves_the_page_a_fallback(site, tmp_path):
    segments(site, "--language", "de", "--page", "guide")
    built = build(site, tmp_path / "out")
    assert built.soup("de/guide/index.html").h1["lang"] == "en"
    pages = status_json(site)["de"]["pages"]
    assert "guide" in pages["missing"] and pages["segments"]["guide"]["untranslated"] == 16


def test_the_segments_command_refuses_what_it_cannot_do(site):
    result = run_cli("segments", "--site", site, "--language", "de", "--page", "guid")
    assert result.returncode == 1
    assert "content/en: has no page 'guid' (did you mean 'guide'?)" in result.stderr.splitlines()
    assert run_cli("segments", "--site", site, "--language", "en", "--page", "guide").returncode == 1
    assert not (site / GUIDE).exists()


@pytest.fixture(scope="module")
def partial_site(tmp_path_factory):
    """The conference site with its Spanish invitation translated by segments, three of them done."""
    from helpers import copy_repository_site

    root = tmp_path_factory.mktemp("partial")
    site = copy_repository_site(root)
    spanish = (site / "content" / "es" / "invitation.md").read_text(encoding="utf-8").split("\n")
    (site / "content" / "es" / "invitation.md").unlink()
    segments(site, "--language", "es", "--page", "invitation")
    done = {"About the invitation": "Sobre la invitación", "Where the idea came from": "De dónde surgió la idea"}
    seminar = next(line for line in spanish if line.startswith("El III Seminario"))
    done |= {entry.msgid: seminar for entry in polib.pofile(str(site / "locales/es/LC_MESSAGES/pages/invitation.po")) if entry.msgid.startswith("The 3rd")}
    translate(site / "locales/es/LC_MESSAGES/pages/invitation.po", done)
    return site, build(site, root / "out")


INVITATION = "locales/es/LC_MESSAGES/pages/invitation.po"
PARTIAL_PAGES = ["es/invitation/index.html", "es/translation-status/index.html", "en/translation-status/index.html", "es/index.html"]


def test_the_real_sites_partial_page_and_status_page(partial_site):
    site, built = partial_site
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        result = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(site / "locales/es/LC_MESSAGES/pages/invitation.po")], capture_output=True, text=True)
        assert (result.returncode, result.stderr) == (0, ""), "not even a warning: the header is the Spanish translators'"
    page = built.soup("es/invitation/index.html")
    assert page.select_one('[data-translation-status="partial"]').p.get_text().startswith("Algunas partes de esta página aún no están disponibles en español.")
    assert page.h1.get_text() == "Sobre la invitación" and not page.h1.has_attr("lang")
    assert page.select_one("nav.menu a[lang='en']").get_text() == "Invitation", "its menu title is not translated yet: marked"
    card = built.soup("es/index.html").select_one(".cards p[lang='en']")
    assert card.get_text() == "The IPG’s letters, where the documents said the invitation letter could be read, and what the IPG wrote.", "its card line too"
    status = built.soup("es/translation-status/index.html")
    assert f"{INVITATION}: traducida en parte (segmentos traducidos: 3, dudosos: 0, sin traducir: 14)" in [li.get_text() for li in status.select("main li")]
    header = [th.get_text() for th in status.select("table.status thead th")]
    assert "Traducidas en parte" in header
    row = next(tr for tr in status.select("table.status tbody tr") if tr.th.get_text() == "Español")
    assert len(row.find_all("td")) == len(header) - 1


@pytest.mark.parametrize("width", [320, 1280])
def test_a_partial_page_passes_axe(partial_site, browser, width):
    from browsing import serve
    from test_accessibility import AXE, axe_violations, require

    require(AXE, "axe-core")
    _, built = partial_site
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    tab = context.new_page()
    with serve(built.root) as url:
        problems = {path: axe_violations(tab, url + path) for path in PARTIAL_PAGES}
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}


def test_a_partial_page_is_valid_html(partial_site):
    from test_accessibility import nu_check

    _, built = partial_site
    result = nu_check(*(built.root / path for path in PARTIAL_PAGES))
    assert result.returncode == 0, result.stderr


def _pages_to_split():
    from helpers import REPO, SITES

    folders = [REPO / "content" / "en", SITES / "multilingual" / "content" / "en", SITES / "segments" / "content" / "en"]
    return sorted(path for folder in folders for path in folder.rglob("*.md"))


TRICKY = """
Intro with a footnote.[^1]

1. First, *loose*

2. Second
   goes on

    - nested item

> Quoted, and
> quoted again.

Setext heading
--------------

```
## not a heading
```

[ref]: https://example.org/

---

| a | b \\| c |
|:--|--:|
| `x` | [y][ref] |

[^1]: The note, with a [link](https://example.org/).
"""


@pytest.mark.parametrize("path", [*_pages_to_split(), "tricky"], ids=str)
def test_a_page_put_together_from_its_own_segments_is_the_page(path):
    """Every segment 'translated' as itself gives the source's HTML; every one untranslated, the same HTML with lang and dir added."""
    import re
    import sys

    from helpers import REPO

    sys.path.insert(0, str(REPO))
    from sitegen.core.language_marks import language_mark as source_mark
    from sitegen.i18n.segments import Translation, assemble_body, split_page
    from sitegen.inputs.content import Page, read_page
    from sitegen.templating.markup import MarkdownRenderer

    if path == "tricky":
        page = Page("en", "tricky", "content/en/tricky.md", "T", "", "tricky", "T", None, None, 0, None, "page.html", "", {"title": 2}, TRICKY, 4)
    else:
        site_dir = next(folder.parent for folder in path.parents if folder.name == "content")
        read = read_page(path, site_dir, "en", [])
        assert read is not None
        page = read
    split = split_page(page)
    renderer = MarkdownRenderer()
    # A segment joins the lines of its paragraph with spaces: the same text to a reader, not the same bytes.
    render = lambda body: re.sub(r"\s+", " ", renderer.render(body, page.key).html)
    expected = render(page.body)
    itself, _ = assemble_body(split, lambda segment: Translation(segment.text, ("po", 1)), source_mark("en", "ltr"))
    assert render(itself) == expected
    marked, _ = assemble_body(split, lambda segment: Translation(None, ("src", 1)), source_mark("en", "ltr"))
    html = render(marked)
    assert "\ue000" not in html and re.sub(r' (dir="ltr" |lang="en")', "", re.sub(r' dir="ltr"( id="[^"]*")? lang="en"', r"\1", html)) == expected
    assert sum(1 for _ in split.segments()) >= 1


def test_a_context_only_where_one_text_is_two_kinds_of_segment():
    import sys

    from helpers import REPO

    sys.path.insert(0, str(REPO))
    from sitegen.i18n.segments import page_template, split_page
    from sitegen.inputs.content import Page

    body = "\n## News\n\nYes.\n\n| Yes | No |\n|---|---|\n| Yes | Yes |\n"
    page = Page("en", "news", "content/en/news.md", "News", "", "news", "News", None, None, 0, None, "page.html", "", {"title": 2}, body, 4)
    messages = {(message.context, message.id): message for message in page_template(page, split_page(page)) if message.id}
    assert set(messages) == {("title", "News"), ("heading", "News"), (None, "Yes."), (None, "Yes"), (None, "No")}
    assert messages[(None, "Yes")].locations == [("content/en/news.md", 9), ("content/en/news.md", 11)], "one text thrice: one message, at each line"


def _markdown_documents():
    """Markdown as contributors write it: lines of words and inline Markdown behind block marks, tables, rules, setext headings."""
    from hypothesis import strategies as st

    words = st.lists(
        st.sampled_from(["word", "*em*", "**b**", "[l](a.md)", "[x](#y)", "`c`", "![i](p.png)", "a\\|b", "2013", "Día", "мир", "```"]), min_size=1, max_size=5
    ).map(" ".join)
    lead = st.sampled_from(["", "", "## ", "### ", "- ", "* ", "1. ", "  - ", "> ", "    ", "[^1]: "])
    table = st.just("| a | b |\n|---|:-:|\n| c | [d](x.md) |")
    setext = st.tuples(words, st.sampled_from(["\n===", "\n---"])).map("".join)
    block = st.one_of(st.tuples(lead, words).map("".join), table, setext, st.just("\n***\n"))
    return st.lists(st.tuples(block, st.sampled_from(["\n", "\n\n", "\n\n\n"])), max_size=12).map(lambda items: "".join(a + b for a, b in items))


def _has_lazy_continuation(body: str) -> bool:
    """A line that carries on a list item without its indent (Markdown's lazy continuation), which segments do not cut apart (TRANSLATING.md)."""
    in_item = blank_before = False
    for line in body.split("\n"):
        if not line.strip():
            blank_before = True
            continue
        if re.match(r"^\s*([-*]|\d+\.) ", line):
            in_item = True
        elif in_item and not line.startswith("    "):
            if not blank_before:
                return True
            in_item = False  # after a blank line, an unindented line ends the list
        blank_before = False
    return False


def test_any_page_put_together_from_its_own_segments_renders_as_itself():
    import re
    import sys

    from helpers import REPO
    from hypothesis import HealthCheck, assume, given, settings

    sys.path.insert(0, str(REPO))
    from sitegen.core.language_marks import language_mark as source_mark
    from sitegen.i18n.segments import Translation, assemble_body, split_page
    from sitegen.inputs.content import Page
    from sitegen.templating.markup import MarkdownRenderer

    renderer = MarkdownRenderer()

    def render(body: str) -> str:
        return re.sub(r"\s*(<[^>]+>)\s*", r"\1", re.sub(r"\s+", " ", renderer.render(body, "p").html))

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_markdown_documents())
    def check(body):
        assume(not _has_lazy_continuation(body))
        page = Page("en", "p", "content/en/p.md", "T", "", "p", "T", None, None, 0, None, "page.html", "", {"title": 2}, body, 4)
        split = split_page(page)
        itself, _ = assemble_body(split, lambda segment: Translation(segment.text, ("po", 1)), source_mark("en", "ltr"))
        assert render(itself) == render(body)
        marked, _ = assemble_body(split, lambda segment: Translation(None, ("po", 1)), source_mark("en", "ltr"))
        assert "\ue000" not in render(marked), "every mark starts a block, and becomes its lang"

    check()


# The pages the generator adds in every language, beside the translations of the source's pages.
ADDED_PAGES = ("404.html", "translation-status/index.html", "search/index.html", "text/index.html")


def test_the_status_totals_and_percentages_agree_with_the_pages_built(partial_site):
    """Counted from the built Spanish site: each page's notice says its state; a page with none is current."""
    from collections import Counter

    site, built = partial_site
    pages = [page for page in built.pages() if page.startswith("es/") and page.removeprefix("es/") not in ADDED_PAGES]
    notices = Counter(notice["data-translation-status"] for page in pages for notice in built.soup(page).select("[data-translation-status]"))
    assert notices["partial"] == 1, "the invitation"
    current = len(pages) - sum(notices.values())
    expected = {
        "total": len(pages),
        "current": current,
        "outdated": notices["outdated"],
        "partial": notices["partial"],
        "missing": notices["fallback"],
        "percent": round(100 * current / len(pages), 1),
    }
    entry = status_json(site)["es"]["pages"]
    assert {name: value if isinstance(value, int | float) else len(value) for name, value in entry.items() if name in expected} == expected
    status = built.soup("es/translation-status/index.html")
    row = next(tr for tr in status.select("table.status tbody tr") if tr.th.get_text() == "Español")
    header = [th.get_text() for th in status.select("table.status thead th")]
    cells = dict(zip(header[1:], (td.get_text() for td in row.find_all("td")), strict=True))
    # The percentage as Spanish writes it (CLDR: a no-break space before the sign).
    assert cells["Páginas al día"] == f"{current}/{len(pages)} ({format_percent(current / len(pages), locale='es')})"
    assert (cells["Traducidas en parte"], cells["Desactualizadas"], cells["Sin traducir"]) == (
        str(notices["partial"]),
        str(notices["outdated"]),
        str(notices["fallback"]),
    )
