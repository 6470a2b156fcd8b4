"""The text-only version: one light page per language, linked from every page, and the same as plain text for a message."""

from __future__ import annotations

import re

import pytest
from helpers import BASE_URL

LANGUAGES = ["en", "es", "de", "ru", "hi"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_a_text_only_page_without_style_script_or_image(conference_site, language):
    page = f"{language}/text/index.html"
    soup = conference_site.soup(page)
    assert (conference_site.root / page).stat().st_size <= 15 * 1024
    assert not soup.select("link[rel=stylesheet], style, script, img, svg, [style]"), "nothing but text and links"
    assert soup.html["lang"] == language and soup.h1.get_text() == conference_site.soup(f"{language}/index.html").select_one(".intro h1").get_text()
    facts = conference_site.soup(f"{language}/index.html").select_one("dl.facts").get_text(" ", strip=True)
    assert soup.select_one("dl.facts").get_text(" ", strip=True) == facts, "the same facts as the home page: dates, place, how to write"
    for link in soup.select("a[href]"):
        target = conference_site.follow(page, link["href"])
        assert target is None or conference_site.exists(target[0]), (page, link["href"])
    others = [a for a in soup.select("a[hreflang]")]
    assert sorted(conference_site.follow(page, a["href"])[0] for a in others) == sorted(f"{code}/text/index.html" for code in LANGUAGES if code != language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_the_language_links_its_text_only_version(conference_site, language):
    pages = [path for path in conference_site.pages() if path.startswith(f"{language}/") and path.endswith("index.html") and "/text/" not in path]
    assert len(pages) > 8
    for page in pages:
        footer = conference_site.soup(page).select_one("footer")
        targets = [conference_site.follow(page, a["href"])[0] for a in footer.select("a[href]") if conference_site.follow(page, a["href"])]
        assert f"{language}/text/index.html" in targets, page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plain_text_says_the_same_with_every_address_written_out(conference_site, language):
    text = (conference_site.root / language / "text.txt").read_bytes().decode("utf-8")
    page = conference_site.soup(f"{language}/text/index.html")
    assert "<" not in text and "&amp;" not in text, "text, not markup"
    assert text.splitlines()[0] == page.h1.get_text()
    words_of_text = " ".join(re.sub(r" \(https://[^)\s]+\)", "", text).split())  # as read, the addresses left out
    for paragraph in page.select("body > p"):
        words = paragraph.get_text(" ", strip=True).split()[:6]
        assert " ".join(words) in words_of_text, words
    addresses = re.findall(r"\((https://[^)\s]+)\)", text)
    assert addresses and all(address.startswith(BASE_URL) for address in addresses)
    for address in addresses:
        target = conference_site.follow(f"{language}/text/index.html", address)
        assert target and conference_site.exists(target[0]), address
