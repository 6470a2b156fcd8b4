"""The conference site itself: five complete languages, every link leading somewhere real."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

import pytest
from built import BuiltSite
from helpers import BASE_URL, copy_repository_site, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"

LANGUAGES = ["en", "es", "de", "ru", "hi"]
KEYS = ["index", "invitation", "character", "programme", "participants", "solidarity", "take-part", "news/index", "news/ilps-call", "documents"]


def translations_of(site, language):
    return [
        page
        for page in site.pages()
        if page.startswith(language + "/") and not page.endswith(("/404.html", "/translation-status/index.html", "/search/index.html", "/text/index.html"))
    ]


def test_every_language_has_every_page(conference_site):
    for language in LANGUAGES:
        assert len(translations_of(conference_site, language)) == len(KEYS), language


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_are_in_their_language_with_title_and_description(conference_site, language):
    for page in translations_of(conference_site, language):
        soup = conference_site.soup(page)
        assert soup.html["lang"] == language
        title = soup.title.get_text().strip()
        assert title
        parts = title.split(" – ")
        assert len(parts) == len(set(parts)), f"{page}: the title says the same thing twice: {title}"
        assert soup.find("meta", attrs={"name": "description"})["content"].strip(), page
        assert len(soup.find_all("h1")) == 1, page


def test_every_link_anchor_and_alternate_resolves(conference_site):
    broken, followed = conference_site.broken_links()
    assert broken == []
    assert followed > 800


def test_switcher_on_every_page_offers_all_other_languages(conference_site):
    for page in conference_site.pages():
        if page == "index.html" or page.endswith("404.html"):
            continue
        links = conference_site.soup(page).select("nav.languages a")
        assert sorted(link["lang"] for link in links) == sorted(set(LANGUAGES) - {page.split("/")[0]}), page


@pytest.mark.parametrize(
    "language, dates",
    [("en", "1–3 March 2013"), ("es", "1–3 de marzo de 2013"), ("de", "1.–3. März 2013"), ("hi", "1–3 मार्च 2013"), ("ru", "1–3 марта 2013\u202fг.")],
)
def test_every_page_gives_dates_and_place_in_the_language_and_the_home_page_names_the_conference_once(conference_site, language, dates):
    country = {"en": "Peru", "es": "Perú", "de": "Peru", "hi": "पेरू", "ru": "Перу"}[language]
    home = f"{language}/index.html"
    for page in translations_of(conference_site, language):
        if page != home:
            assert conference_site.soup(page).select_one("header .site-facts").get_text() == f"{dates} · {country}", page
    soup = conference_site.soup(home)
    assert soup.select_one("main .intro-facts").get_text() == f"{dates} · {country}"
    # The home page's header keeps the way around and leaves the name and dates to the band below it.
    assert soup.select_one("header .site-facts") is None
    name = soup.select_one("main .intro h1").get_text()
    assert [text for text in soup.body.stripped_strings if text == name] == [name]


def test_english_dates_are_british_but_the_language_stays_en(conference_site):
    soup = conference_site.soup("en/index.html")
    assert soup.html["lang"] == "en" and soup.find("meta", property="og:locale")["content"] == "en_GB"
    assert {link["hreflang"] for link in soup.find_all("link", rel="alternate", hreflang=True)} >= {"en", "x-default"}
    text = " ".join(conference_site.soup(page).get_text(" ") for page in translations_of(conference_site, "en"))
    assert "1–3 March 2013" in text and "March 1" not in text and "Mar 1" not in text


def test_no_city_is_named_since_the_documents_name_none(conference_site, conference_site_before):
    for path in conference_site.root.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".ics", ".txt"):
            text = path.read_text(encoding="utf-8")
            for city in ("Arequipa", "Арекип", "अरेक्विपा", "Lima"):
                assert city not in text, f"{path}: {city}"
    for language in LANGUAGES:
        event = json.loads(conference_site_before.soup(f"{language}/index.html").find("script", type="application/ld+json").string)
        assert "addressLocality" not in event["location"]["address"] and event["location"]["address"]["addressCountry"] == "PE"


def test_once_its_days_are_past_no_page_tells_machines_the_event_was_held(conference_site):
    # schema.org takes an Event without a status as held as scheduled; the documents only announce it.
    for page in conference_site.pages():
        assert conference_site.soup(page).find("script", type="application/ld+json") is None, page


def test_news_of_an_undated_letter_shows_no_date_and_its_feed_entry_is_valid(conference_site):
    for language in LANGUAGES:
        news = [page for page in translations_of(conference_site, language) if page.count("/") == 3]
        assert len(news) == 1
        assert not conference_site.soup(news[0]).select("time, .page-date"), news[0]
        listing = news[0].rsplit("/", 2)[0] + "/index.html"
        assert not conference_site.soup(listing).select(".news-list time"), listing
        entry = ElementTree.parse(conference_site.root / language / "feed.xml").getroot().find(f"{ATOM}entry")
        assert entry.find(f"{ATOM}published") is None, "the documents give the letters no date"
        assert entry.find(f"{ATOM}updated").text == "2026-12-01T00:00:00Z", "when the entry last changed"


def test_until_an_address_is_given_the_contact_box_leads_to_the_conference_website(conference_site):
    for language in LANGUAGES:
        for page in (
            f"{language}/index.html",
            next(
                p
                for p in translations_of(conference_site, language)
                if "take-part" in p or p.split("/")[1] in ("participar", "teilnahme", "uchastie", "bhag-len")
            ),
        ):
            box = conference_site.soup(page).select_one(".facts-box")
            assert box.select_one('a[href="http://www.minersconference.org/"]'), page
            assert not box.select('a[href^="mailto:"]'), page


def test_with_an_address_the_contact_box_offers_it(tmp_path):
    site = copy_repository_site(tmp_path)
    config = site / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('contact_email = ""', 'contact_email = "ipg@example.org"'), encoding="utf-8")
    assert run_cli("build", "--site", site, "--out", tmp_path / "out").returncode == 0
    built = BuiltSite(tmp_path / "out", BASE_URL)
    link = built.soup("es/participar/index.html").select_one('.facts-box a[href="mailto:ipg@example.org"]')
    assert link and link.get_text() == "ipg@example.org"


def test_every_page_shares_one_image_of_declared_size(conference_site):
    for language in LANGUAGES:
        soup = conference_site.soup(f"{language}/index.html")
        url = soup.find("meta", property="og:image")["content"]
        image, _ = conference_site.follow(f"{language}/index.html", url)
        data = (conference_site.root / image).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        size = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        declared = int(soup.find("meta", property="og:image:width")["content"]), int(soup.find("meta", property="og:image:height")["content"])
        assert size == declared == (1200, 630)
        assert soup.find("meta", property="og:image:alt")["content"].strip()
        assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_long_history_page_opens_with_its_contents_and_each_part_leads_back_up(conference_site, language):
    page = next(
        p for p in translations_of(conference_site, language) if p.split("/")[1] in ("solidarity", "solidaridad", "solidaritaet", "solidarnost", "ekjutta")
    )
    soup = conference_site.soup(page)
    headings = [h for h in soup.article.find_all(["h2", "h3"]) if not h.find_parent(class_="toc") and not h.find_parent(class_="facts-box")]
    listed = [a["href"] for a in soup.select("nav.toc a")]
    assert listed == [f"#{h['id']}" for h in headings] and len(listed) >= 8
    assert [a.get_text() for a in soup.select("nav.toc a")] == [h.get_text() for h in headings]
    assert soup.select("nav.toc h2")[0].get_text().strip()
    assert soup.body["id"] == "top"
    assert len(soup.select('.to-top a[href="#top"]')) == sum(1 for h in headings if h.name == "h2")


def test_short_pages_have_no_table_of_contents(conference_site):
    for page in ("en/take-part/index.html", "en/index.html", "en/participants/index.html"):
        assert not conference_site.soup(page).select("nav.toc, .to-top"), page


def test_the_history_names_the_photographer_and_shows_no_photograph_it_does_not_have(conference_site):
    for language in LANGUAGES:
        page = next(p for p in translations_of(conference_site, language) if "solidar" in p or "ekjutta" in p)
        main = conference_site.soup(page).main
        assert "Jean-Claude Wicky" in main.get_text(), page
        assert not main.find_all("img"), page


def test_the_facts_say_what_the_letters_say_of_inquiries_and_no_address(conference_site):
    soup = conference_site.soup("es/participar/index.html")
    facts = {dt.get_text(): dt.find_next_sibling("dd") for dt in soup.select("dl.facts dt")}
    assert "Perú" in facts["Lugar"].get_text()
    email = facts["Correo electrónico"]
    assert "por correo electrónico" in email.get_text() and email.a["href"] == "http://www.minersconference.org/"
    assert not soup.select('a[href^="mailto:"]'), "no address: the documents give none"


def test_chooser_offers_every_language_without_javascript(conference_site):
    soup = conference_site.soup("index.html")
    names = [a.select_one(".language-name").get_text() for a in soup.select("ul.chooser a")]
    assert names == ["English", "Español", "Deutsch", "Русский", "हिन्दी"]
    assert all(a["href"].endswith("/") and not a["href"].startswith(("/", "http")) for a in soup.select("ul.chooser a"))


def test_pages_have_no_inline_script_only_one_optional_file(conference_site):
    for page in conference_site.pages():
        for script in conference_site.soup(page).find_all("script"):
            if script.get("type") == "application/ld+json":
                continue  # data, not code
            # The search page also loads its own (test_search.py).
            allowed = ("choose-language.", "search.") if page.endswith("/search/index.html") else ("choose-language.",)
            assert script.get("src", "").rsplit("/", 1)[-1].startswith(allowed), page
            assert script.has_attr("defer") and not script.get_text().strip(), page


def test_every_page_carries_a_strict_content_security_policy_and_referrer_policy(conference_site):
    for page in conference_site.pages():
        soup = conference_site.soup(page)
        policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        # Pagefind searches in WebAssembly: the search pages alone may compile it (test_search.py).
        script_src = "'self' 'wasm-unsafe-eval'" if page.endswith("/search/index.html") else "'self'"
        assert directives["script-src"] == script_src and "'unsafe-inline'" not in policy, page
        assert directives["object-src"] == "'none'"
        assert soup.find("meta", attrs={"name": "referrer"})["content"] == "strict-origin-when-cross-origin"
