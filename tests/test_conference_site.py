"""The conference site itself: five complete languages, every link leading somewhere real."""

from __future__ import annotations

import pytest

LANGUAGES = ["en", "es", "de", "ru", "hi"]
KEYS = ["index", "invitation", "character", "participants", "solidarity", "take-part", "news/index", "news/ilps-call"]


def translations_of(site, language):
    return [page for page in site.pages() if page.startswith(language + "/") and not page.endswith("/404.html")]


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
        if page in ("index.html", "translation-status/index.html") or page.endswith("404.html"):
            continue
        links = conference_site.soup(page).select("nav.languages a")
        assert sorted(link["lang"] for link in links) == sorted(set(LANGUAGES) - {page.split("/")[0]}), page


@pytest.mark.parametrize(
    "language, dates",
    [("es", "1–3 de marzo de 2013"), ("de", "1.–3. März 2013"), ("hi", "1–3 मार्च 2013"), ("ru", "1–3 мар. 2013\u202fг.")],
)
def test_header_gives_dates_and_place_in_the_language(conference_site, language, dates):
    facts = conference_site.soup(f"{language}/index.html").select_one(".site-facts").get_text()
    assert facts.startswith(dates + " · ")


def test_photographs_are_credited_to_jean_claude_wicky_in_every_language(conference_site):
    for language in LANGUAGES:
        page = next(p for p in translations_of(conference_site, language) if "solidar" in p or "ekjutta" in p)
        assert "© Jean-Claude Wicky" in conference_site.soup(page).main.get_text(), page


def test_unknown_contact_address_and_venue_show_as_to_be_announced(conference_site):
    soup = conference_site.soup("es/participar/index.html")
    facts = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in soup.select("dl.facts dt")}
    assert facts["Correo electrónico"] == "Por anunciar"
    assert facts["Sede"] == "Por anunciar"
    assert not soup.select('a[href^="mailto:"]')


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
            assert script.get("src", "").rsplit("/", 1)[-1].startswith("choose-language."), page
            assert script.has_attr("defer") and not script.get_text().strip(), page


def test_every_page_carries_a_strict_content_security_policy_and_referrer_policy(conference_site):
    for page in conference_site.pages():
        soup = conference_site.soup(page)
        policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'" and "'unsafe-inline'" not in policy, page
        assert directives["object-src"] == "'none'"
        assert soup.find("meta", attrs={"name": "referrer"})["content"] == "strict-origin-when-cross-origin"
