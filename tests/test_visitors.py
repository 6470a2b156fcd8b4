"""What machines read: feeds, sitemap, structured data, calendars; and what every page weighs."""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

import icalendar
import pytest
from built import BuiltSite
from helpers import BASE_URL, SOURCE_PAGES, copy_repository_site, run_cli
from page_weight import BUDGET, page_weights

LANGUAGES = ["en", "es", "de", "ru", "hi"]
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_a_valid_atom_feed_announced_in_every_page(conference_site, language):
    feed = ElementTree.parse(conference_site.root / language / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed" and feed.get(XML_LANG) == language
    for required in ("title", "id", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "miners-conference.example", "this site, by its address: neither the conference nor the IPG"
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == f"{conference_site.base_url}{language}/feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    page, _ = conference_site.follow("index.html", entry.find(f"{ATOM}link").get("href"))
    assert conference_site.lang(page) == language and page.count("/") == 3, "language/news section/item/index.html"
    assert entry.find(f"{ATOM}title").text == conference_site.soup(page).h1.get_text()
    datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text.replace("Z", "+00:00"))
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html" and f'href="{BASE_URL}' in (content.text or "")
    for html_page in (f"{language}/index.html", page):
        announced = conference_site.soup(html_page).find("link", rel="alternate", type="application/atom+xml")
        assert conference_site.follow(html_page, announced["href"])[0] == f"{language}/feed.xml"


def test_a_conference_name_with_markup_characters_is_text_in_the_feed(sample, tmp_path):
    site = sample("multilingual")
    config = site / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('en = "Sample Conference"', 'en = "Miners & Friends <1st> Conference"'), encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    feed = ElementTree.parse(tmp_path / "out" / "en" / "feed.xml").getroot()
    assert feed.find(f"{ATOM}title").text.startswith("Miners & Friends <1st> Conference")


def test_news_index_lists_newest_first_with_localized_dates(tmp_path):
    site = copy_repository_site(tmp_path)
    for day, title in ((5, "Older"), (20, "Newer")):
        (site / "content" / "en" / "news" / f"item-{day}.md").write_text(f"---\ntitle: {title}\ndate: 2013-01-{day:02d}\n---\n\nText.\n", encoding="utf-8")
    for day, title in ((5, "Más antigua"), (20, "Más reciente")):
        (site / "content" / "es" / "news" / f"item-{day}.md").write_text(f"---\ntitle: {title}\ndate: 2013-01-{day:02d}\n---\n\nTexto.\n", encoding="utf-8")
    assert run_cli("build", "--site", site, "--out", tmp_path / "out").returncode == 0
    built = BuiltSite(tmp_path / "out", BASE_URL)
    items = built.soup("es/noticias/index.html").select(".news-list li")
    titles = [item.h2.get_text() for item in items]
    undated = built.soup("es/noticias/llamado-ilps/index.html").h1.get_text()
    assert titles == ["Más reciente", "Más antigua", undated], "dated items newest first, then the undated letter"
    assert [item.select_one("time").get_text() if item.select_one("time") else None for item in items] == ["20 de enero de 2013", "5 de enero de 2013", None]
    feed = ElementTree.parse(tmp_path / "out" / "es" / "feed.xml").getroot()
    entries = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert entries == [undated, "Más reciente", "Más antigua"], "most recently changed first: the letter's entry was last changed in 2026"


def test_a_weight_puts_an_item_before_the_dated_ones(tmp_path):
    site = copy_repository_site(tmp_path)
    (site / "content" / "en" / "news" / "dated.md").write_text("---\ntitle: Dated\ndate: 2013-01-05\n---\n\nText.\n", encoding="utf-8")
    call = site / "content" / "en" / "news" / "ilps-call.md"
    call.write_text(call.read_text(encoding="utf-8").replace("updated: ", "weight: -1\nupdated: ", 1), encoding="utf-8")
    assert run_cli("build", "--site", site, "--out", tmp_path / "out").returncode == 0
    built = BuiltSite(tmp_path / "out", BASE_URL)
    titles = [item.h2.get_text() for item in built.soup("en/news/index.html").select(".news-list li")]
    assert titles == [built.soup("en/news/ilps-call/index.html").h1.get_text(), "Dated"]


def test_sitemap_lists_every_translated_page_with_reciprocal_alternates(conference_site):
    root = ElementTree.parse(conference_site.root / "sitemap.xml").getroot()
    urls = {}
    for url in root.findall(f"{SITEMAP}url"):
        loc = url.find(f"{SITEMAP}loc").text
        urls[loc] = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
    assert len(urls) == SOURCE_PAGES * len(LANGUAGES)
    for loc, alternates in urls.items():
        page, _ = conference_site.follow("index.html", loc)
        assert conference_site.exists(page), loc
        assert set(alternates) == set(LANGUAGES) | {"x-default"}
        language = conference_site.lang(page)
        assert alternates[language] == loc, "each page lists itself"
        for hreflang, href in alternates.items():
            if hreflang != "x-default":
                assert urls[href][language] == loc, "alternates are reciprocal"
    robots = (conference_site.root / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots.splitlines()


def _sitemap_entries(root: Path, name: str) -> list[tuple[str | None, dict[str | None, str | None]]]:
    """(loc, {hreflang: href}) of each <url> of a sitemap file, read with an XML parser."""
    urlset = ElementTree.parse(root / name).getroot()
    assert urlset.tag == f"{SITEMAP}urlset"
    return [
        (url.find(f"{SITEMAP}loc").text, {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")})
        for url in urlset.findall(f"{SITEMAP}url")
    ]


def test_a_sitemap_past_the_protocols_limits_becomes_an_index_of_sitemaps_within_them(tmp_path, monkeypatch):
    """A search engine reads 50,000 URLs of a sitemap file at most: a larger site's sitemap.xml lists sitemap files instead."""
    from sitegen.build.pipeline import build_site
    from sitegen.formats import sitemap

    site = copy_repository_site(tmp_path)
    build_site(site, tmp_path / "one")
    monkeypatch.setattr(sitemap, "MOST_URLS", 7)  # as 50,000 would be for a site of 50,001 pages
    build_site(site, tmp_path / "split")
    index = ElementTree.parse(tmp_path / "split" / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP}sitemapindex"
    files = [element.text for element in index.findall(f"{SITEMAP}sitemap/{SITEMAP}loc")]
    assert files == [f"{BASE_URL}sitemap-{number}.xml" for number in range(1, len(files) + 1)] and len(files) > 1
    entries = []
    for url in files:
        part = _sitemap_entries(tmp_path / "split", url.removeprefix(BASE_URL))
        assert 0 < len(part) <= 7
        entries += part
    assert entries == _sitemap_entries(tmp_path / "one", "sitemap.xml"), "the same URLs, alternates and order"
    assert (tmp_path / "split" / "robots.txt").read_bytes() == (tmp_path / "one" / "robots.txt").read_bytes(), "robots.txt names the index"
    assert not list((tmp_path / "one").glob("sitemap-*.xml")), "a site within the limits keeps one sitemap.xml"


@pytest.mark.parametrize("text", ["ascii", "non-ascii & quoted"])
def test_each_sitemap_file_stays_within_the_byte_limit_it_is_split_by(monkeypatch, text):
    from sitegen.formats import sitemap

    monkeypatch.setattr(sitemap, "MOST_BYTES", 20_000)
    path = "article" if text == "ascii" else 'статья-"α"&β'
    groups = [
        ([(tag, f"https://example.org/{tag}/{path}-{number}/") for tag in ("en", "ru", "hi")], f"https://example.org/en/{path}-{number}/")
        for number in range(400)
    ]
    parts = sitemap.split_sitemap(groups)
    assert [group for part in parts for group in part] == groups
    sizes = [len(sitemap.render_sitemap(list(part))) for part in parts]
    assert len(parts) > 1 and max(sizes) <= 20_000
    if text == "ascii":  # the bound is the exact size: no file could have taken its next group
        assert all(size + len(sitemap.render_sitemap(list(parts[number + 1][:1]))) - 153 > 20_000 for number, size in enumerate(sizes[:-1]))


def test_a_sitemap_file_holds_at_most_50000_urls():
    from sitegen.formats import sitemap

    groups = [([(tag, f"https://example.org/{tag}/{number}/") for tag in ("en", "es", "de")], f"https://example.org/en/{number}/") for number in range(20_001)]
    parts = sitemap.split_sitemap(groups)
    assert [sum(len(versions) for versions, _ in part) for part in parts] == [49_998, 10_005]


def test_sitemap_leaves_out_fallback_pages(tmp_path):
    site = copy_repository_site(tmp_path)
    (site / "content" / "ru" / "solidarity.md").unlink()
    assert run_cli("build", "--site", site, "--out", tmp_path / "out").returncode == 0
    text = (tmp_path / "out" / "sitemap.xml").read_text(encoding="utf-8")
    assert "/ru/solidarity/" not in text and "/ru/solidarnost/" not in text
    assert "/ru/priglashenie/" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_carries_event_data_in_its_language(conference_site_before, language):
    conference_site = conference_site_before
    soup = conference_site.soup(f"{language}/index.html")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    event = json.loads(scripts[0].string)
    assert event["@context"] == "https://schema.org" and event["@type"] == "Event"
    assert (event["startDate"], event["endDate"]) == ("2013-03-01", "2013-03-03")
    assert event["inLanguage"] == language
    assert event["url"] == f"{BASE_URL}{language}/"
    assert event["name"] == soup.select_one(".intro h1").get_text()
    assert event["location"]["address"]["addressCountry"] == "PE"
    assert event["organizer"]["@type"] == "Organization" and event["organizer"]["name"]
    assert "url" not in event["organizer"], "this site is not the organiser's: it claims no address for them"
    assert event["description"] == soup.find("meta", attrs={"name": "description"})["content"]
    og = {meta["property"]: meta["content"] for meta in soup.find_all("meta", property=True) if meta["property"] != "og:locale:alternate"}
    assert og["og:locale"].split("_")[0] == language and og["og:url"] == event["url"]
    assert og["og:site_name"] == "miners-conference.example", "the site by its address, not in the conference's name"
    alternates = [meta["content"] for meta in soup.find_all("meta", property="og:locale:alternate")]
    assert sorted(code.split("_")[0] for code in alternates) == sorted(set(LANGUAGES) - {language})
    invitation = conference_site.soup(home_menu_target(conference_site, language, 2))
    assert invitation.find("script", type="application/ld+json") is None, "only home pages describe the event"


def home_menu_target(site, language, position):
    """The page the menu's item at ``position`` (from 1) leads to, from the language's home."""
    home = f"{language}/index.html"
    return site.follow(home, site.soup(home).select("nav.menu a")[position - 1]["href"])[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_calendar_is_one_all_day_event_over_the_three_days(conference_site, language):
    # Its link is on the home page before and during the conference (test_conference_time.py); the file is always there.
    home = f"{language}/index.html"
    raw = (conference_site.root / language / "conference.ics").read_bytes()
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("DTSTART") == datetime.date(2013, 3, 1)
    assert event.decoded("DTEND") == datetime.date(2013, 3, 4), "DTEND is exclusive: the event covers 1–3 March"
    assert str(event["SUMMARY"]) == conference_site.soup(home).select_one(".intro h1").get_text()
    assert event["SUMMARY"].params["LANGUAGE"] == language
    assert str(event["URL"]) == f"{BASE_URL}{language}/"


def test_commas_and_semicolons_in_the_calendar_are_escaped_and_read_back(sample, tmp_path):
    site = sample("multilingual")
    config = site / "site.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('"https://example.org/conference/"', '"https://example.org/miners,2013;en/"'), encoding="utf-8"
    )
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    raw = (tmp_path / "out" / "en" / "conference.ics").read_bytes()
    assert b"\r\nUID:2013-03-01@example.org/miners\\,2013\\;en\r\n" in raw, "escaped as RFC 5545 asks of a TEXT value"
    assert b"\r\nLOCATION;LANGUAGE=en:Arequipa\\, Peru\r\n" in raw, "the comma between city and country too"
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["UID"]) == "2013-03-01@example.org/miners,2013;en"


def test_participants_page_names_countries_in_the_language_and_its_order(conference_site):
    soup = conference_site.soup("es/participantes/index.html")
    rows = [li.get_text() for li in soup.select("ul.organisations")[0].select("li")]
    assert rows == [
        "Kumpel für AUF (movimiento minero), Alemania",
        "IFTU (sindicato), India",
        "Sindicatos Independientes de Kazajistán",  # its name says its country: not said twice
        "Comisión Nacional Organizadora, Perú",
    ], "in the order of their countries' names in Spanish"
    russian = conference_site.soup("ru/uchastniki/index.html")
    assert [span.get_text() for span in russian.select("ul.organisations")[0].select(".country")] == ["Германия", "Индия", "Перу"]
    assert "Независимые профсоюзы Казахстана" in [li.get_text() for li in russian.select("ul.organisations li")], "Казахстана holds Казахстан"
    assert "IPG сообщала о заявках из 20 стран." in russian.main.get_text()


def test_the_missing_countries_are_the_ipgs_words_not_a_list_of_country_names(conference_site):
    english = conference_site.soup("en/participants/index.html")
    assert not english.select("ul.countries"), "CLDR would say 'United States' where the IPG wrote 'the USA'"
    assert "“important countries” were still missing, “especially Australia, but also Canada and the USA”" in english.main.get_text()


def test_countries_still_missing_given_by_code_are_named_in_the_readers_language_and_order(tmp_path):
    site = copy_repository_site(tmp_path)
    with (site / "data" / "participation.yaml").open("a", encoding="utf-8") as data:
        data.write("not_yet_registered: [US, CA, AU]\n")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    built = BuiltSite(tmp_path / "out", BASE_URL)
    assert [li.get_text() for li in built.soup("es/participantes/index.html").select("ul.countries li")] == ["Australia", "Canadá", "Estados Unidos"]
    assert [li.get_text() for li in built.soup("de/teilnehmende/index.html").select("ul.countries li")] == ["Australien", "Kanada", "Vereinigte Staaten"]


def test_not_found_pages_link_from_the_root_and_offer_every_language(conference_site):
    root = conference_site.soup("404.html")
    links = root.select("ul.chooser a")
    assert [a["href"] for a in links] == ["/en/", "/es/", "/de/", "/ru/", "/hi/"]
    spanish = conference_site.soup("es/404.html")
    assert spanish.html["lang"] == "es" and spanish.h1.get_text() == "Página no encontrada"
    assert spanish.find("link", rel="stylesheet")["href"].startswith("/static/site.")
    assert spanish.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    broken, followed = conference_site.broken_links()
    assert broken == [] and followed


def test_static_files_have_content_hashed_names(conference_site):
    names = sorted(path.name for path in (conference_site.root / "static").iterdir())
    assert [name.split(".")[0] for name in names] == ["choose-language", "favicon", "local-time", "search", "share", "site"]
    for name in names:
        _stem, digest, _suffix = name.split(".")
        assert len(digest) == 10 and all(char in "0123456789abcdef" for char in digest)


def test_every_page_with_its_css_stays_under_50_kb(conference_site):
    weights = page_weights(conference_site.root)
    heaviest, page = max(weights)
    print(f"heaviest page: {page}, {heaviest / 1024:.1f} KB")
    assert heaviest < BUDGET


def test_offline_copy_links_name_index_files_and_is_packed_as_a_zip(tmp_path):
    site = copy_repository_site(tmp_path)
    out = tmp_path / "offline"
    result = run_cli("build", "--offline", "--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    built = BuiltSite(out, BASE_URL)
    for page in built.pages():
        for a in built.soup(page).find_all("a", href=True):
            href = a["href"]
            if href.startswith(("http", "mailto:", "#")):
                continue
            path = href.split("#")[0]
            assert path.endswith((".html", ".ics", ".xml", ".txt")), (page, href)
            assert (out / Path(page).parent / path).resolve().is_file(), (page, href)
    assert not (out / "404.html").exists() and not (out / "sitemap.xml").exists()
    with zipfile.ZipFile(tmp_path / "offline.zip") as archive:
        names = sorted(name for name in archive.namelist())
        assert names == sorted(f"offline/{p.relative_to(out).as_posix()}" for p in out.rglob("*") if p.is_file())
        assert archive.read("offline/es/index.html") == (out / "es" / "index.html").read_bytes()
        assert {info.external_attr >> 16 for info in archive.infolist()} == {0o644}, "unpacked, every file is readable by all, as on the server"
    first = (tmp_path / "offline.zip").read_bytes()
    assert run_cli("build", "--offline", "--site", site, "--out", out).returncode == 0
    assert (tmp_path / "offline.zip").read_bytes() == first, "the zip is byte-identical from build to build"


def test_the_menu_marks_as_current_only_the_page_itself(conference_site):
    """A screen reader says 'current page' of the link that leads to the page read: never Home on the search, status or 404 page."""
    generated = 0
    for page in conference_site.pages():
        soup = conference_site.soup(page)
        current = soup.select('nav.menu a[aria-current="page"]')
        for link in current:
            assert conference_site.follow(page, link["href"])[0] == page, (page, link["href"])
        if page.endswith(("/search/index.html", "/translation-status/index.html", "404.html")):
            generated += 1
            assert current == [], page
    assert generated >= 15, "every language's search, status and 404 pages were looked at"


def test_the_menu_offers_no_programme_while_the_site_has_none(conference_site):
    """Nothing shown that shows nothing: the programme page says there is none, so the menu leaves it out; the page stays."""
    for language, programme in (("en", "programme"), ("es", "programa"), ("de", "programm"), ("ru", "programma"), ("hi", "karyakram")):
        home = f"{language}/index.html"
        menu = {conference_site.follow(home, a["href"])[0] for a in conference_site.soup(home).select("nav.menu-wide a")}
        assert f"{language}/{programme}/index.html" not in menu and len(menu) >= 5, menu
        assert (conference_site.root / language / programme / "index.html").is_file()


def test_an_address_with_an_ampersand_reaches_feeds_sitemap_and_calendars_as_text(tmp_path):
    """A path such as /r&d/ is a valid address: every reader of the site's XML and calendars gets it back whole."""
    site = copy_repository_site(tmp_path)
    base = "https://example.org/r&d/conference/"
    config = site / "site.toml"
    config.write_text(
        "\n".join(f'base_url = "{base}"' if line.startswith("base_url") else line for line in config.read_text(encoding="utf-8").splitlines()) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("build", "--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    atom = "{http://www.w3.org/2005/Atom}"
    for language in ("en", "es", "de", "ru", "hi"):
        feed = ElementTree.parse(out / language / "feed.xml").getroot()
        assert feed.find(f"{atom}id").text == f"{base}{language}/feed.xml"
        for entry in feed.findall(f"{atom}entry"):
            assert entry.find(f"{atom}id").text.startswith(f"{base}{language}/") and entry.find(f"{atom}link").get("href") == entry.find(f"{atom}id").text
        event = icalendar.Calendar.from_ical((out / language / "conference.ics").read_bytes()).walk("VEVENT")[0]
        assert str(event["URL"]).startswith(base)
    locations = [element.text for element in ElementTree.parse(out / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations and all(location.startswith(base) for location in locations)
