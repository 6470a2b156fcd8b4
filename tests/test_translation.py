"""The translators' workflow: freshness, fallbacks, status, catalogs, new languages."""

from __future__ import annotations

import json
import re
import shutil

import polib
import pytest
from babel.numbers import format_percent
from built import BuiltSite
from helpers import BASE_URL, REPO, SOURCE_PAGES, copy_repository_site, run_cli

BASE = BASE_URL


@pytest.fixture
def site(tmp_path):
    """A fresh copy of the conference site."""
    return copy_repository_site(tmp_path)


def build(site, out):
    result = run_cli("build", "--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    return BuiltSite(out, BASE)


def status_json(site) -> dict:
    result = run_cli("status", "--site", site, "--json")
    assert result.returncode == 0, result.stderr
    return {entry["language"]: entry for entry in json.loads(result.stdout)["languages"]}


def edit_english_source(site, name="invitation"):
    page = site / "content" / "en" / f"{name}.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new paragraph the translators have not seen.\n", encoding="utf-8")


def test_the_shipped_translations_are_all_current(site):
    for language, entry in status_json(site).items():
        if language != "en":
            assert entry["pages"]["outdated"] == [] and entry["pages"]["missing"] == [], language
            assert entry["pages"]["percent"] == 100.0


def test_the_shipped_catalogs_translate_every_string_and_lose_none_to_a_context(site):
    """A context given to a translated string (pgettext) keeps its translation: none goes untranslated, fuzzy or obsolete."""
    template = [entry for entry in polib.pofile(str(site / "locales" / "messages.pot")) if entry.msgid]
    for language, entry in status_json(site).items():
        if language == "en":
            continue
        catalog = polib.pofile(str(site / entry["strings"]["catalog"]))
        assert (len(catalog.translated_entries()), entry["strings"]["translated"]) == (len(template), len(template)), language
        assert catalog.fuzzy_entries() == [], language
        originals = {string.msgid for string in template}
        assert [old.msgid for old in catalog.obsolete_entries() if old.msgid in originals] == [], f"{language}: translations left obsolete"


@pytest.mark.parametrize(
    "line, changed",
    [
        ("title: Who prepared the conference, and the registrations reported", "title: Who prepared the conference and the registrations reported"),
        ("menu_title: Registrations", "menu_title: Registrations reported"),
        ("summary: The organisations preparing", "summary: The organisations that prepared"),
    ],
)
def test_every_text_a_translator_translates_makes_the_translations_outdated_when_it_changes(site, line, changed):
    page = site / "content" / "en" / "participants.md"
    text = page.read_text(encoding="utf-8")
    assert line in text
    page.write_text(text.replace(line, changed), encoding="utf-8")
    for language, entry in status_json(site).items():
        if language != "en":
            assert entry["pages"]["outdated"] == ["participants"], language
    assert run_cli("translated", "--site", site, "es", "participants").returncode == 0
    assert status_json(site)["es"]["pages"]["outdated"] == [], "marked: current again"


def test_changing_a_source_page_makes_its_translations_outdated_until_marked(site, tmp_path):
    edit_english_source(site)

    entries = status_json(site)
    assert entries["es"]["pages"]["outdated"] == ["invitation"]
    assert "invitation" not in entries["es"]["pages"]["current"]
    table = run_cli("status", "--site", site).stdout
    assert "content/es/invitation.md: outdated" in table.splitlines()
    built = build(site, tmp_path / "out")
    notice = built.soup("es/invitacion/index.html").select_one('[data-translation-status="outdated"]')
    assert notice is not None
    assert "original en inglés" in notice.get_text()
    assert built.follow("es/invitacion/index.html", notice.a["href"])[0] == "en/invitation/index.html"
    assert built.soup("es/caracter/index.html").select_one("[data-translation-status]") is None

    result = run_cli("translated", "es", "invitation", "--site", site)
    assert result.returncode == 0, result.stderr
    assert "invitation" in status_json(site)["es"]["pages"]["current"]
    rebuilt = build(site, tmp_path / "out2")
    assert rebuilt.soup("es/invitacion/index.html").select_one("[data-translation-status]") is None
    assert status_json(site)["de"]["pages"]["outdated"] == ["invitation"], "only the language marked is current"


def test_marking_keeps_the_rest_of_the_file_byte_for_byte(site):
    page = site / "content" / "de" / "invitation.md"
    before = page.read_text(encoding="utf-8")
    edit_english_source(site)
    assert run_cli("translated", "de", "invitation.md", "--site", site).returncode == 0
    after = page.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=False) if a != b]
    assert len(changed) == 1 and changed[0][1].startswith('source_hash: "'), "quoted: a hash of digits alone must stay text"
    assert len(before.splitlines()) == len(after.splitlines())


def test_a_fallback_news_item_is_marked_in_the_news_list_with_its_language_and_direction(site, tmp_path):
    (site / "content" / "hi" / "news" / "ilps-call.md").unlink()
    built = build(site, tmp_path / "out")
    index = built.soup("hi/samachar/index.html")
    title = index.select_one(".news-list h2 a")
    summary = index.select_one(".news-list p[lang]")
    assert (title["lang"], title["dir"]) == ("en", "ltr") and (summary["lang"], summary["dir"]) == ("en", "ltr")


def test_a_deleted_translation_is_built_as_a_marked_fallback(site, tmp_path):
    (site / "content" / "de" / "solidarity.md").unlink()
    built = build(site, tmp_path / "out")

    page = "de/solidarity/index.html"
    soup = built.soup(page)
    notice = soup.select_one('[data-translation-status="fallback"]')
    assert notice is not None and "noch nicht auf Deutsch" in notice.get_text()
    assert soup.html["lang"] == "de", "the chrome stays in the visitor's language"
    assert soup.h1["lang"] == "en" and soup.h1.find_next_sibling("div")["lang"] == "en"
    assert "Durham" in soup.h1.find_next_sibling("div").get_text()
    assert soup.select_one(".menu").get_text().count("Einladung") == 1
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"

    english = built.soup("en/solidarity/index.html")
    assert "de" not in {link["hreflang"] for link in english.find_all("link", rel="alternate", hreflang=True)}
    assert "de" not in {link["hreflang"] for link in soup.find_all("link", rel="alternate", hreflang=True)}
    switch = english.select_one('nav.languages a[lang="de"]')
    assert built.follow("en/solidarity/index.html", switch["href"])[0] == page
    menu_item = built.soup("de/index.html").select_one('.menu a[href="solidarity/"]')
    assert menu_item["lang"] == "en"
    broken, _ = built.broken_links()
    assert broken == []
    assert status_json(site)["de"]["pages"]["missing"] == ["solidarity"]


def test_status_fails_under_a_bar_for_ci(site):
    (site / "content" / "ru" / "character.md").unlink()
    percent = 100 * (SOURCE_PAGES - 1) / SOURCE_PAGES  # one page missing
    bar = round(percent + 1)
    result = run_cli("status", "--site", site, "--fail-under", str(bar))
    assert result.returncode == 1
    assert f"ru: pages {percent:.0f}% translated, below {bar}%" in result.stderr.splitlines()
    assert run_cli("status", "--site", site, "--fail-under", str(percent - 0.1)).returncode == 0


def test_status_counts_untranslated_and_fuzzy_strings(site):
    catalog = site / "locales" / "hi" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    text = text.replace('msgstr "भाषाएँ"', 'msgstr ""')
    text = text.replace('msgid "Main menu"', '#, fuzzy\nmsgid "Main menu"')
    catalog.write_text(text, encoding="utf-8")
    strings = status_json(site)["hi"]["strings"]
    assert (strings["untranslated"], strings["fuzzy"]) == (1, 1)
    assert strings["translated"] == strings["total"] - 2
    assert strings["percent"] == round(100 * (strings["total"] - 2) / strings["total"], 1) != round(strings["percent"]), "to a tenth"


def test_a_fuzzy_translation_is_not_used(site, tmp_path):
    catalog = site / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgid "Main menu"', '#, fuzzy\nmsgid "Main menu"'), encoding="utf-8")
    built = build(site, tmp_path / "out")
    assert built.soup("es/index.html").select_one("nav.menu")["aria-label"] == "Main menu"


def test_the_build_publishes_a_status_page_linked_from_every_page(site, tmp_path):
    (site / "content" / "hi" / "invitation.md").unlink()
    built = build(site, tmp_path / "out")
    soup = built.soup("en/translation-status/index.html")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    row = next(tr for tr in soup.select("table.status tbody tr") if tr.th.get_text() == "हिन्दी")
    current = SOURCE_PAGES - 1
    assert [td.get_text() for td in row.find_all("td")][2:] == [f"{current}/{SOURCE_PAGES} ({100 * current / SOURCE_PAGES:.0f}%)", "0", "0", "1"]
    assert "content/hi/invitation.md" in soup.main.get_text()
    for page in ("es/index.html", "ru/novosti/index.html"):
        footer_links = [target[0] for a in built.soup(page).select("footer a") if (target := built.follow(page, a["href"]))]
        assert f"{page[:2]}/translation-status/index.html" in footer_links, "its own language's"


def test_the_status_page_writes_numbers_as_its_language_does_and_counts_fuzzy_strings(site, tmp_path):
    """CLDR's percent: '100%' in English, '100\u00a0%' in German, never a plain space; one column counts the fuzzy strings."""
    german = site / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    german.write_text(german.read_text(encoding="utf-8").replace('msgid "Main menu"', '#, fuzzy\nmsgid "Main menu"', 1), encoding="utf-8")
    (site / "content" / "hi" / "invitation.md").unlink()  # a share that is not 100
    report = status_json(site)
    assert report["de"]["strings"]["fuzzy"] == 1 and len(report["hi"]["pages"]["missing"]) == 1
    built = build(site, tmp_path / "out")
    for locale in ("en", "de", "ru"):
        soup = built.soup(f"{locale}/translation-status/index.html")
        rows = {tr.th["lang"]: [td.get_text() for td in tr.find_all("td")] for tr in soup.select("table.status tbody tr")}
        for language, entry in report.items():
            if language == "en":
                continue
            strings, pages = entry["strings"], entry["pages"]
            current = len(pages["current"])
            assert rows[language] == [
                f"{strings['translated']}/{strings['total']} ({format_percent(strings['translated'] / strings['total'], locale=locale)})",
                str(strings["fuzzy"]),
                f"{current}/{pages['total']} ({format_percent(current / pages['total'], locale=locale)})",
                *(str(len(pages[state])) for state in ("outdated", "partial", "missing")),
            ], (locale, language)
        assert rows["de"][1] == "1" and rows["es"][1] == "0"
    english, german_page = (built.soup(f"{locale}/translation-status/index.html") for locale in ("en", "de"))
    es_pages = next(tr for tr in english.select("table.status tbody tr") if tr.th["lang"] == "es").find_all("td")[2].get_text()
    assert es_pages == f"{SOURCE_PAGES}/{SOURCE_PAGES} (100%)"
    es_pages = next(tr for tr in german_page.select("table.status tbody tr") if tr.th["lang"] == "es").find_all("td")[2].get_text()
    assert es_pages == f"{SOURCE_PAGES}/{SOURCE_PAGES} (100\u00a0%)"
    assert [th.get_text() for th in german_page.select("table.status thead th")][2] == "Ungenau"


def test_with_a_source_url_the_status_page_links_the_files_to_edit(site, tmp_path):
    toml = site / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('source_url = ""', 'source_url = "https://example.org/site/edit/main"'), encoding="utf-8")
    (site / "content" / "ru" / "character.md").unlink()
    edit_english_source(site, "invitation")
    built = build(site, tmp_path / "out")
    status = built.soup("ru/translation-status/index.html")
    edits = {a.get_text(): a["href"] for a in status.find(id="todo-ru").find_next("ul").select("a[href^='https://example.org/site/']")}
    assert edits["изменить"] == "https://example.org/site/edit/main/content/ru/invitation.md"
    assert edits["оригинал"] == "https://example.org/site/edit/main/content/en/character.md"
    items = [li.get_text() for li in status.find(id="todo-ru").find_next("ul").find_all("li", recursive=False)]
    assert [item.split(" (")[0] for item in items] == ["content/ru/invitation.md: устарела", "content/ru/character.md: отсутствует"]


def test_the_status_page_is_in_every_language_in_that_language(site, tmp_path):
    built = build(site, tmp_path / "out")
    headings = {}
    for language in ("en", "es", "de", "ru", "hi"):
        soup = built.soup(f"{language}/translation-status/index.html")
        assert soup.html["lang"] == language
        headings[language] = soup.h1.get_text()
        others = {a["hreflang"]: built.follow(f"{language}/translation-status/index.html", a["href"])[0] for a in soup.select("nav.languages a")}
        assert others == {code: f"{code}/translation-status/index.html" for code in ("en", "es", "de", "ru", "hi") if code != language}
    assert headings["ru"] == "Состояние переводов" and len(set(headings.values())) == 5


@pytest.mark.parametrize("extra_news, expected", [(0, "1 новость"), (1, "2 новости"), (4, "5 новостей")])
def test_russian_uses_its_three_plural_forms(site, tmp_path, extra_news, expected):
    for number in range(extra_news):
        (site / "content" / "en" / "news" / f"extra-{number}.md").write_text(f"---\ntitle: Extra {number}\n---\n\nText.\n", encoding="utf-8")
    built = build(site, tmp_path / "out")
    assert built.soup("ru/novosti/index.html").select_one("p.count").get_text() == expected


def test_new_language_gives_a_full_site_of_marked_fallbacks(site, tmp_path):
    result = run_cli("new-language", "fr", "--site", site)
    assert result.returncode == 0, result.stderr
    assert re.search(r'^languages = \["en", "es", "de", "ru", "hi", "fr"\]$', (site / "site.toml").read_text(encoding="utf-8"), re.M)
    catalog = (site / "locales" / "fr" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in catalog and 'msgid "Languages"' in catalog

    built = build(site, tmp_path / "out")
    french = [
        page
        for page in built.pages()
        if page.startswith("fr/") and page not in ("fr/404.html", "fr/translation-status/index.html", "fr/search/index.html", "fr/text/index.html")
    ]
    assert len(french) == SOURCE_PAGES
    for page in french:
        soup = built.soup(page)
        assert soup.html["lang"] == "fr"
        notice = soup.select_one('[data-translation-status="fallback"]')
        assert notice is not None and "not yet available in French. It is shown in English." in notice.get_text(), page
    chooser = [a["lang"] for a in built.soup("index.html").select("ul.chooser a")]
    assert chooser[-1] == "fr"
    assert len(status_json(site)["fr"]["pages"]["missing"]) == SOURCE_PAGES


def test_new_language_rejects_what_babel_does_not_know(site):
    before = (site / "site.toml").read_bytes()
    result = run_cli("new-language", "xx", "--site", site)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "site.toml: 'xx' is not a language Babel knows (CLDR has no data for it)"
    assert (site / "site.toml").read_bytes() == before
    assert not (site / "locales" / "xx").exists()


def test_new_language_of_a_complete_language_says_nothing_was_missing(site):
    before = {path: path.read_bytes() for path in (site / "site.toml", site / "locales" / "es" / "LC_MESSAGES" / "messages.po")}
    result = run_cli("new-language", "es", "--site", site)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "es is already listed in site.toml, and nothing it needs was missing: it has its catalog, locales/es/LC_MESSAGES/messages.po.\n"
    source = run_cli("new-language", "en", "--site", site)
    assert source.stdout == "en is already listed in site.toml, and nothing it needs was missing: it is the source language, which needs no catalog.\n"
    assert {path: path.read_bytes() for path in before} == before


def test_a_language_listed_by_hand_is_completed_by_the_command_the_build_names(sample, tmp_path):
    site = sample("minimal")
    config = site / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('languages = ["en"]', 'languages = ["en", "fr"]'), encoding="utf-8")
    failed = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert failed.returncode == 1
    assert failed.stderr.splitlines()[0] == f"locales/fr/LC_MESSAGES/messages.po: not found: create it with 'python build.py new-language fr --site {site}'"

    command = re.search(r"'python build\.py ([^']+)'", failed.stderr)[1].split()
    listed = config.read_bytes()
    made = run_cli(*command, "--site", site)
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[0] == "fr is already listed in site.toml; made locales/fr/LC_MESSAGES/messages.po."
    assert config.read_bytes() == listed, "fr was listed already: site.toml is left as it was"
    catalog = (site / "locales" / "fr" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in catalog

    built = build(site, tmp_path / "out")
    french = built.soup("fr/index.html")
    assert french.html["lang"] == "fr" and french.h1.get_text() == built.soup("en/index.html").h1.get_text(), "shown from its source"
    again = run_cli(*command, "--site", site)
    assert again.returncode == 0 and "nothing it needs was missing" in again.stdout


def test_a_stale_catalog_warns_and_fails_under_strict(site, tmp_path):
    template = site / "templates" / "page.html"
    template.write_text(template.read_text(encoding="utf-8").replace("</article>", '<p>{{ _("A brand new string") }}</p>\n</article>'), encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0
    warning = f"locales/es/LC_MESSAGES/messages.po: warning: stale: 1 string of the templates not in it ('A brand new string'); run 'python build.py catalogs --site {site}'"
    assert warning in result.stderr.splitlines()
    strict = run_cli("build", "--strict", "--site", site, "--out", tmp_path / "out2")
    assert strict.returncode == 1
    assert warning.replace("warning: ", "") in strict.stderr.splitlines()

    assert run_cli("catalogs", "--site", site).returncode == 0
    assert 'msgid "A brand new string"' in (site / "locales" / "es" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert run_cli("build", "--strict", "--site", site, "--out", tmp_path / "out3").returncode == 0


def test_the_catalog_round_trip_keeps_comments_context_and_translations(site):
    shutil.copy2(REPO / "templates" / "booklet.html", site / "templates")  # every template of the site, as the catalogs hold them
    result = run_cli("catalogs", "--site", site)
    assert result.returncode == 0 and result.stdout.strip() == "Catalogs already up to date."
    template = (site / "locales" / "messages.pot").read_text(encoding="utf-8")
    assert "#. Translators: in the list of the conference's facts, the label before where\n" in template
    assert 'msgctxt "location"\nmsgid "Place"' in template
    ru = (site / "locales" / "ru" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert 'msgstr[2] "%(count)s новостей"' in ru


def test_the_repository_site_builds_strictly(tmp_path):
    """Fails when a template gains a string that `python build.py catalogs` has not extracted."""
    result = run_cli("build", "--strict", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    # Nothing but the note that base_url is still a placeholder: never the IPG's address (issue 24).
    assert [line for line in result.stderr.splitlines() if "base_url" not in line] == []
    assert result.stderr.count("is a placeholder") == 1


def test_the_build_finds_the_strings_pybabel_extract_finds(site, tmp_path):
    """The build looks for strings only in the folders babel.cfg can reach; pybabel walks them all."""
    import subprocess
    import sys
    from pathlib import Path

    from babel.messages.pofile import read_po

    from sitegen.templating.template_catalogs import extract_messages

    nested = site / "templates" / "partials"
    nested.mkdir()
    (nested / "extra.html").write_text('<p>{{ _("Only in a subfolder") }}</p>\n', encoding="utf-8")
    (site / "content" / "en" / "stray.html").write_text('<p>{{ _("Not in a mapped folder") }}</p>\n', encoding="utf-8")
    pot = tmp_path / "pybabel.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([pybabel, "-q", "extract", "-F", "babel.cfg", "-c", "Translators:", "-o", pot, "."], cwd=site, check=True)
    with open(pot, "rb") as pot_file:
        theirs = read_po(pot_file)

    def described(catalog):
        # Jinja's extractor drops the tag pybabel -c names, which catalogs puts back: the comments' words are the same.
        return {
            (message.id, message.context, tuple(message.locations), " ".join(message.auto_comments).replace("Translators: ", ""))
            for message in catalog
            if message.id
        }

    ours = described(extract_messages(site))
    assert ours == described(theirs)
    assert any(message_id == "Only in a subfolder" for message_id, *_ in ours)
    assert not any(message_id == "Not in a mapped folder" for message_id, *_ in ours)


def test_a_site_named_by_a_relative_path_builds(site, tmp_path):
    for name in (".", f"../{site.name}"):
        result = run_cli("build", "--site", name, "--out", tmp_path / "out", cwd=site)
        assert result.returncode == 0, result.stderr


def test_status_of_one_language_lists_what_is_left_each_at_its_place(site):
    catalog = site / "locales" / "hi" / "LC_MESSAGES" / "messages.po"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    menu = lines.index('msgid "Main menu"')
    lines.insert(menu, "#, fuzzy")
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (site / "content" / "hi" / "character.md").unlink()
    edit_english_source(site, "invitation")
    result = run_cli("status", "hi", "--site", site)
    assert result.returncode == 0, result.stderr
    base = (site / "templates" / "base.html").read_text(encoding="utf-8").splitlines()
    first, second = (number for number, text in enumerate(base, start=1) if "_('Main menu')" in text)
    assert result.stdout.splitlines() == [
        # A fuzzy string shows in English; where it stands in an attribute, no mark can say so.
        f"locales/hi/LC_MESSAGES/messages.po:{menu + 2}: fuzzy string: 'Main menu'; until then it shows in English, unmarked, at "
        f"templates/base.html:{first} (the attribute aria-label of <nav>), templates/base.html:{second} (the attribute aria-label of <nav>): no mark can go there",
        "content/en/character.md: missing: translate it into content/hi/character.md",
        f"content/hi/invitation.md: outdated: its source changed; see what changed with 'python build.py status --diff hi invitation --site {site}'",
        "3 things left to translate in hi.",
    ]
    assert run_cli("status", "en", "--site", site).stdout == "en is the source language: nothing to translate.\n"


def test_status_of_a_language_names_the_site_toml_text_it_has_none_of_its_own_for(site):
    config = site / "site.toml"
    lines = config.read_text(encoding="utf-8").splitlines()
    table = lines.index("[conference.organizer]")
    config.write_text("\n".join(line for line in lines if not line.startswith('hi = "अंतरराष्ट्रीय तैयारी')) + "\n", encoding="utf-8")
    result = run_cli("status", "hi", "--site", site)
    assert result.stdout.splitlines() == [
        f"site.toml:{table + 1}: [conference.organizer] has no hi text: the English 'International Preparatory Group (IPG)' shows instead, "
        "marked as such in the text but not in page titles and attributes",
        "1 thing left to translate in hi.",
    ]
    assert run_cli("status", "es", "--site", site).stdout == "Nothing left to translate in es.\n"


def git(folder, *arguments):
    import subprocess

    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", "-C", str(folder), *identity, *arguments], check=True, capture_output=True, timeout=60)


def test_status_diff_shows_how_the_source_changed_since_the_translation_was_made(site):
    import shutil

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "as translated")
    page = site / "content" / "en" / "character.md"
    text = page.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line and not line.startswith(("---", "#")) and ":" not in line[:12])
    page.write_text(text.replace(first, first + " A sentence added later."), encoding="utf-8")
    git(site, "commit", "-q", "-am", "a sentence more")
    page.write_text(page.read_text(encoding="utf-8") + "\nNot committed yet.\n", encoding="utf-8")

    result = run_cli("status", "--diff", "de", "character", "--site", site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("--- content/en/character.md (commit ")
    changed = [line for line in result.stdout.splitlines() if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert changed == [f"-{first}", f"+{first} A sentence added later.", "+", "+Not committed yet."], "from the version translated to the file as it is now"
    assert "as translated" in result.stderr

    built = build(site, site / "out")
    change = built.soup("de/translation-status/index.html").find(id="change-de-character")
    assert change.name == "details" and change.summary.get_text() == "Was sich im Original geändert hat, seit diese Übersetzung entstand"
    assert [line.get_text() for line in change.select("ins")] == [f"+{first} A sentence added later.", "+", "+Not committed yet."]
    assert [line.get_text() for line in change.select("del")] == [f"-{first}"]

    shutil.rmtree(site / ".git")
    plain = run_cli("status", "--diff", "de", "character", "--site", site)
    assert plain.returncode == 0 and plain.stdout == ""
    assert "is not in a git repository" in plain.stderr


def test_status_and_status_lang_agree_on_an_entry_marked_fuzzy_with_no_text(site):
    """A fuzzy flag on an empty entry is nothing to check: untranslated in the table, in the JSON and in the to-do list alike."""
    catalog = site / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    menu = lines.index('msgid "Main menu"')
    lines[menu : menu + 2] = ["#, fuzzy", 'msgid "Main menu"', 'msgstr ""']
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    strings = status_json(site)["de"]["strings"]
    assert (strings["fuzzy"], strings["untranslated"]) == (0, 1)
    todo = run_cli("status", "de", "--site", site).stdout.splitlines()
    assert next(line for line in todo if "'Main menu'" in line).startswith(f"locales/de/LC_MESSAGES/messages.po:{menu + 2}: untranslated string: 'Main menu'")


def test_a_bar_is_a_percentage_from_0_to_100(site):
    for bar in ("101", "-1", "nan", "half"):
        result = run_cli("status", "--site", site, "--fail-under", bar)
        assert result.returncode == 2 and "percentage from 0 to 100" in result.stderr, bar
    result = run_cli("status", "--site", site, "--fail-under", "100")
    assert (result.returncode, result.stderr) == (0, ""), "every language is complete, and the source language is never below"


def test_the_source_languages_row_says_source_and_nothing_else(site):
    rows = run_cli("status", "--site", site).stdout.splitlines()
    assert rows[1].split() == ["en", "English", "source", str(SOURCE_PAGES), "source"]
    assert [row.split()[0] for row in rows[1:]] == ["en", "es", "de", "ru", "hi"], "one row a language"


def test_the_pages_percentage_is_given_to_a_tenth(site):
    (site / "content" / "en" / "extra.md").write_text("---\ntitle: Extra\n---\n\nA page no one has translated yet.\n", encoding="utf-8")
    pages = status_json(site)["ru"]["pages"]
    assert pages["percent"] == round(100 * SOURCE_PAGES / (SOURCE_PAGES + 1), 1) != round(pages["percent"])


def test_status_of_one_language_names_a_translation_never_marked_as_translated(site):
    page = site / "content" / "hi" / "invitation.md"
    page.write_text(re.sub(r"^source_hash: .*\n", "", page.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE), encoding="utf-8")
    assert run_cli("status", "hi", "--site", site).stdout.splitlines() == [
        "content/hi/invitation.md: outdated: never marked as translated; translate it from content/en/invitation.md, "
        f"then run 'python build.py translated hi invitation --site {site}'",
        "1 thing left to translate in hi.",
    ]
