"""The multilingual sample site, built through the CLI and read as a visitor would."""

from __future__ import annotations

import pytest
from helpers import run_cli

LANGUAGES = {"en", "es", "ru"}


STATUS = "translation-status/index.html"  # the translators' page, in every language: not a translation of a page
NOT_FOUND = "404.html"  # served at any missing address of a language (the built-in template: the sample has none)


def language_pages(site):
    return [page for page in site.pages() if page.split("/")[0] in LANGUAGES and not page.endswith((STATUS, NOT_FOUND))]


def test_every_language_gets_a_complete_site_and_a_chooser(multilingual):
    for language in LANGUAGES:
        pages = [page for page in language_pages(multilingual) if page.startswith(language + "/")]
        assert len(pages) == 4, (language, pages)
        assert multilingual.exists(f"{language}/{STATUS}") and multilingual.exists(f"{language}/{NOT_FOUND}")
    assert multilingual.exists("index.html")


def test_slugs_localise_urls_including_the_section_folder(multilingual):
    assert multilingual.exists("es/acerca-de/index.html")
    assert multilingual.exists("es/noticias/primera/index.html")
    assert multilingual.exists("ru/novosti/pervaya/index.html")
    assert multilingual.exists("en/news/first/index.html")


def test_a_page_in_a_folder_without_an_index_page_is_under_the_folders_own_name(sample, tmp_path):
    site = sample("multilingual")
    (site / "content" / "en" / "guides").mkdir()
    (site / "content" / "en" / "guides" / "travel.md").write_text("---\ntitle: Travel\n---\n\nBy train.\n", encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for language in LANGUAGES:
        assert (tmp_path / "out" / language / "guides" / "travel" / "index.html").is_file(), language


def test_each_page_declares_the_language_of_its_folder(multilingual):
    for page in language_pages(multilingual):
        html = multilingual.soup(page).html
        assert html["lang"] == page.split("/")[0], page
        assert html["dir"] == "ltr"


def test_alternates_name_every_translation_and_lead_to_it(multilingual):
    for page in language_pages(multilingual):
        alternates = {link["hreflang"]: link["href"] for link in multilingual.soup(page).find_all("link", rel="alternate", hreflang=True)}
        assert set(alternates) == LANGUAGES | {"x-default"}, page
        for hreflang, href in alternates.items():
            target, _ = multilingual.follow(page, href)
            assert multilingual.exists(target), (page, href)
            if hreflang != "x-default":
                assert multilingual.lang(target) == hreflang
                back = {link["hreflang"]: link["href"] for link in multilingual.soup(target).find_all("link", rel="alternate", hreflang=True)}
                assert multilingual.follow(target, back[page.split("/")[0]])[0] == page, "alternates must be reciprocal"


def test_home_pages_point_x_default_at_the_language_chooser(multilingual):
    x_default = multilingual.soup("es/index.html").find("link", rel="alternate", hreflang="x-default")
    assert multilingual.follow("es/index.html", x_default["href"])[0] == "index.html"


def test_switcher_offers_the_same_page_in_every_other_language(multilingual):
    page = "es/noticias/primera/index.html"
    links = multilingual.soup(page).select("nav.languages a")
    assert {link["lang"] for link in links} == {"en", "ru"}
    targets = {}
    for link in links:
        assert link["hreflang"] == link["lang"]
        target, _ = multilingual.follow(page, link["href"])
        assert multilingual.lang(target) == link["lang"]
        targets[link["lang"]] = target
    assert targets == {"en": "en/news/first/index.html", "ru": "ru/novosti/pervaya/index.html"}
    assert [link.get_text() for link in links] == ["English", "Русский"]


def test_every_internal_link_and_anchor_resolves(multilingual):
    broken, followed = multilingual.broken_links()
    assert broken == []
    assert followed > 100


def test_markdown_links_become_links_to_the_same_language(multilingual):
    links = multilingual.soup("es/index.html").select("main a")
    targets = [multilingual.follow("es/index.html", link["href"]) for link in links]
    assert targets == [
        ("es/acerca-de/index.html", ""),
        ("es/acerca-de/index.html", "nuestros-objetivos"),
        ("es/noticias/index.html", ""),
    ]


@pytest.mark.parametrize(
    "page, dates",
    [
        # CLDR puts thin and narrow no-break spaces where a typesetter would
        ("en/index.html", "March 1\u2009–\u20093, 2013"),  # no date_locales here: American English, the month in full
        ("es/index.html", "1–3 de marzo de 2013"),
        ("ru/index.html", "1–3 марта 2013\u202fг."),
    ],
)
def test_conference_dates_are_a_range_in_the_page_language(multilingual, page, dates):
    text = multilingual.soup(page).select_one("p.dates").get_text()
    assert text.startswith(dates + ",")


def test_country_and_city_are_named_in_the_page_language(multilingual):
    assert multilingual.soup("es/index.html").select_one("p.dates").get_text().endswith("Arequipa, Perú")
    assert multilingual.soup("ru/index.html").select_one("p.dates").get_text().endswith("Арекипа, Перу")


def test_interface_strings_come_from_each_language_catalog(multilingual):
    assert multilingual.soup("es/index.html").select_one("nav.languages")["aria-label"] == "Idiomas"
    assert multilingual.soup("ru/index.html").select_one("nav.languages")["aria-label"] == "Языки"
    assert multilingual.soup("en/index.html").select_one("nav.languages")["aria-label"] == "Languages"


def test_unknown_facts_show_as_to_be_announced(multilingual):
    assert multilingual.soup("es/index.html").select_one(".tba").get_text() == "Por anunciar"


def test_news_dates_are_formatted_for_the_language(multilingual):
    assert multilingual.soup("es/noticias/primera/index.html").find("time").get_text() == "5 de noviembre de 2012"
    assert multilingual.soup("ru/novosti/pervaya/index.html").find("time")["datetime"] == "2012-11-05"


def test_section_index_lists_its_pages(multilingual):
    items = multilingual.soup("ru/novosti/index.html").select("ul.news a")
    assert [(a.get_text(), multilingual.follow("ru/novosti/index.html", a["href"])[0]) for a in items] == [("Первая новость", "ru/novosti/pervaya/index.html")]


def test_chooser_lists_every_language_by_its_own_name(multilingual):
    links = multilingual.soup("index.html").select("ul.chooser a")
    assert [(a.get_text(), a["lang"], multilingual.follow("index.html", a["href"])[0]) for a in links] == [
        ("English", "en", "en/index.html"),
        ("Español", "es", "es/index.html"),
        ("Русский", "ru", "ru/index.html"),
    ]
    assert multilingual.soup("index.html").find("script") is None
