"""The conference site with a programme: a maintainer drops a pretalx export into data/schedule.json, sets the time
zone, and every language gets the programme, a page per session and the speakers' page, in the site's own templates.

The schedule (tests/sites/conference-programme/data/schedule.json) is a test's, not the conference's: its sessions
and names are made up, and the real site has no data/schedule.json.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import shutil
import zoneinfo

import icalendar
import pytest
from babel.messages.pofile import read_po
from built import BuiltSite
from helpers import BASE_URL, BEFORE_THE_CONFERENCE, REPO, SITES, copy_repository_site, run_cli
from page_weight import BUDGET, page_weights
from test_accessibility import AXE, axe_violations, nu_check, require

LANGUAGES = ["en", "es", "de", "ru", "hi"]
PROGRAMME = {"en": "en/programme", "es": "es/programa", "de": "de/programm", "ru": "ru/programma", "hi": "hi/karyakram"}
LIMA = zoneinfo.ZoneInfo("America/Lima")
SCHEDULE = SITES / "conference-programme" / "data" / "schedule.json"


def sessions() -> list[dict]:
    """The schedule's sessions, in the order of their start."""
    data = json.loads(SCHEDULE.read_text(encoding="utf-8"))
    found = [s for day in data["schedule"]["conference"]["days"] for room in day["rooms"].values() for s in room]
    return sorted(found, key=lambda s: (datetime.datetime.fromisoformat(s["date"]), s["room"]))


def schedule_texts() -> set[str]:
    """Every text the schedule gives (titles, names, rooms…): shown as the schedule writes them until programme.po translates them."""
    texts: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            texts.add(value.strip())

    walk(json.loads(SCHEDULE.read_text(encoding="utf-8")))
    return texts


def start_of(session: dict) -> datetime.datetime:
    return datetime.datetime.fromisoformat(session["date"])


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    """The repository's site, with the schedule in data/ and the conference's time zone in site.toml, built once."""
    root = tmp_path_factory.mktemp("conference-programme")
    folder = copy_repository_site(root)
    assert not (folder / "data" / "schedule.json").exists(), "the real site has no programme"
    shutil.copy2(SCHEDULE, folder / "data" / "schedule.json")
    config = folder / "site.toml"
    text = config.read_text(encoding="utf-8")
    assert "timezone" not in text
    config.write_text(text.replace("\n[conference]\n", '\n[conference]\ntimezone = "America/Lima"\n', 1), encoding="utf-8")
    result = run_cli("build", "--strict", "--site", folder, "--out", root / "out", today=BEFORE_THE_CONFERENCE)
    assert result.returncode == 0, result.stderr
    return BuiltSite(root / "out", BASE_URL)


def programme_page(language: str) -> str:
    return f"{PROGRAMME[language]}/index.html"


def session_pages(site: BuiltSite, language: str) -> list[str]:
    """Each session's page, as the programme page links it, in the programme's order."""
    page = programme_page(language)
    return [site.follow(page, a["href"])[0] for a in site.soup(page).select(".session-title a")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_menu_offers_the_programme_once_there_is_one(site, language):
    home = f"{language}/index.html"
    targets = [site.follow(home, a["href"])[0] for a in site.soup(home).select("nav.menu-wide a")]
    assert programme_page(language) in targets


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_programme_lists_every_session_by_day_in_lima_time(site, language):
    soup = site.soup(programme_page(language))
    assert soup.select_one(".no-programme") is None
    english = site.soup(programme_page("en")).select_one("article").get_text()
    assert "give no programme" not in english, "the page's own text, that the documents give none, makes way for the programme"
    days = soup.select("section.programme-day")
    assert [day.h2.time["datetime"] for day in days] == ["2013-03-01", "2013-03-02"]
    listed = [(day.h2.time["datetime"], li) for day in days for li in day.select("li.session")]
    expected = sessions()
    assert len(listed) == len(expected) == 7
    for (day, entry), session in zip(listed, expected, strict=True):
        start = start_of(session)
        shown = entry.select_one(".session-time time")
        assert datetime.datetime.fromisoformat(shown["datetime"]) == start
        assert day == start.astimezone(LIMA).date().isoformat(), "a session belongs to its day in Lima, not in UTC"
        hour = start.astimezone(LIMA)
        # Each language's CLDR clock: "09:00–10:00" (en), "9:00–10:00" (es), "9:00–10:00 am" and "10:30 am – 12:00 pm" (hi).
        if language == "hi":
            clock = rf"0?{hour.hour % 12 or 12}:{hour.minute:02d}( {'am' if hour.hour < 12 else 'pm'}\s)?–"
        else:
            clock = rf"0?{hour.hour}:{hour.minute:02d}–"
        assert re.match(clock, shown.get_text()), (language, shown.get_text(), clock)
        assert session["room"] in entry.select_one(".session-where").get_text()
    evening = next(li for _, li in listed if "evening-films/" in li.a["href"])
    assert evening.find_parent("section")["aria-labelledby"] == "day-2013-03-01", "19:00 in Lima is 00:00 UTC the next day"
    if language == "en":
        assert [t.get_text() for t in soup.select(".session-time time")][:2] == ["09:00–10:00", "10:30–12:00"]
        assert soup.select_one(".timezone").get_text() == "Times are in Peru Time."
    if language == "es":
        assert soup.select_one(".timezone").get_text() == "Todos los horarios están en hora de Perú."
    calendar = soup.select_one(".programme-links a[type='text/calendar']")
    assert site.exists(site.follow(programme_page(language), calendar["href"])[0])


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_session_has_its_page_with_time_room_speakers_calendar_and_the_way_back(site, language):
    pages = session_pages(site, language)
    assert len(pages) == len(sessions())
    for page, session in zip(pages, sessions(), strict=True):
        assert page == f"{PROGRAMME[language]}/{session['slug']}/index.html"
        soup = site.soup(page)
        assert soup.html["lang"] == language
        assert soup.h1.get_text() == session["title"], "not translated in programme.po: the schedule's own title"
        facts = soup.select_one("dl.session-facts")
        assert datetime.datetime.fromisoformat(facts.time["datetime"]) == start_of(session)
        assert session["room"] in [dd.get_text() for dd in facts.find_all("dd")]
        zone = {"en": "(Peru Time)", "es": "(hora de Perú)", "de": "(Peruanische Zeit)", "ru": "(Перу)", "hi": "(पेरू समय)"}[language]
        assert facts.select_one(".zone").get_text() == zone, "the zone its time is in, named in the page's language (CLDR)"
        names = [a.get_text() for a in facts.select("dd a")]
        assert names == [person["public_name"] for person in session["persons"]]
        for a in facts.select("dd a"):
            target, anchor = site.follow(page, a["href"])
            assert target == f"{PROGRAMME[language]}/people/index.html" and anchor in site.ids(target)
        if session["abstract"]:
            assert soup.select_one(".abstract").get_text() == session["abstract"]
        calendar = soup.select_one("a[type='text/calendar']")
        assert site.exists(site.follow(page, calendar["href"])[0])
        back = [site.follow(page, a["href"]) for a in soup.select("main a") if a["href"].startswith("../#")]
        assert back and all(target == programme_page(language) and anchor in site.ids(target) for target, anchor in back)
        menu = soup.select("nav.menu-wide a[aria-current]")
        assert [a["aria-current"] for a in menu] == ["true"], "the menu shows the programme as where the session is, not as this page"
        assert soup.find("script", type="application/ld+json") is not None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_speakers_page_lists_everyone_with_their_sessions(site, language):
    page = f"{PROGRAMME[language]}/people/index.html"
    soup = site.soup(page)
    by_name = {section.h2.get_text(): [site.follow(page, a["href"])[0] for a in section.select("li > a")] for section in soup.select("section.person")}
    expected: dict[str, list[str]] = {}
    for session in sessions():
        for person in session["persons"]:
            expected.setdefault(person["public_name"], []).append(f"{PROGRAMME[language]}/{session['slug']}/index.html")
    assert by_name == expected
    assert "María José Quispe Ñahui" in by_name and "Jürgen Weiß" in by_name
    assert soup.select_one(".timezone").get_text() == site.soup(programme_page(language)).select_one(".timezone").get_text()
    assert site.follow(programme_page(language), soup.select_one(".breadcrumb a")["href"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_calendars_hold_each_session_at_its_instant(site, language):
    whole = icalendar.Calendar.from_ical((site.root / language / "programme.ics").read_bytes())
    events = {str(event["UID"]): event for event in whole.walk("VEVENT")}
    for session in sessions():
        event = events[session["guid"]]
        start = event.decoded("DTSTART")
        assert start.tzinfo is not None and start.utcoffset() is not None, "a time, not a floating one"
        assert start == start_of(session)
        assert start.astimezone(LIMA).strftime("%H:%M") == session["start"]
        one = icalendar.Calendar.from_ical((site.root / PROGRAMME[language] / session["slug"] / f"{session['slug']}.ics").read_bytes())
        (only,) = one.walk("VEVENT")
        assert only.decoded("DTSTART") == start and str(only["SUMMARY"]) == session["title"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_calendar_offered_for_download_is_offered_as_a_subscription_too(site, language):
    pages = [f"{language}/index.html", f"{PROGRAMME[language]}/index.html", *(f"{PROGRAMME[language]}/{s['slug']}/index.html" for s in sessions())]
    for page in pages:
        soup = site.soup(page)
        downloads = [a for a in soup.select("main a[href$='.ics']") if not a["href"].startswith("webcal:")]
        subscriptions = [a for a in soup.select("main a[href^='webcal://']")]
        assert downloads and len(subscriptions) == len(downloads), page
        for download, subscription in zip(downloads, subscriptions, strict=True):
            fetched = "https://" + subscription["href"].removeprefix("webcal://")  # what a calendar program fetches
            target, _ = site.follow(page, fetched)
            assert target == site.follow(page, download["href"])[0], f"{page}: the subscription is the file offered for download"
            assert icalendar.Calendar.from_ical((site.root / target).read_bytes()).walk("VEVENT"), target


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_text_only_version_gives_the_programmes_headlines(site, language):
    page = f"{language}/text/index.html"
    soup = site.soup(page)
    listed = {site.follow(page, a["href"])[0]: a.get_text() for a in soup.select("li a[href]")}
    text = (site.root / language / "text.txt").read_text(encoding="utf-8")
    for session in sessions():
        target = f"{PROGRAMME[language]}/{session['slug']}/index.html"
        assert target in listed, target
        assert listed[target] == site.soup(target).h1.get_text(), "its title as its own page gives it"
        assert listed[target] in text
    assert soup.find(string=re.compile(re.escape(site.soup(f"{PROGRAMME[language]}/index.html").select_one(".timezone").get_text()))), "the times' zone"


def interface_strings(soup, schedule: set[str]) -> set[str]:
    """The page's texts that its templates and catalogs wrote: not the schedule's, languages' own names, addresses or times."""
    for element in soup.select(".description, nav.languages, script, .file-kind, a.address"):
        element.decompose()
    return {text for text in soup.stripped_strings if text not in schedule and re.search(r"[^\W\d_]{2}", text)}


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_no_english_interface_string_is_left_on_the_other_languages_pages(site, language):
    schedule = schedule_texts()
    catalog = read_po(io.StringIO((REPO / "locales" / language / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")))
    same = {message.id for message in catalog if message.id and message.string == message.id}  # translated as they are ("Links")
    pairs = [(programme_page("en"), programme_page(language)), ("en/programme/people/index.html", f"{PROGRAMME[language]}/people/index.html")]
    pairs += list(zip(session_pages(site, "en"), session_pages(site, language), strict=True))
    for english_page, page in pairs:
        english = interface_strings(site.soup(english_page), schedule) - same
        assert english, english_page
        left = english & interface_strings(site.soup(page), schedule)
        assert left == set(), f"{page}: English left untranslated: {sorted(left)}"
        marked = [element.get_text() for element in site.soup(page).select("main [lang=en]")]
        assert all(text in schedule for text in marked), f"{page}: marked as English but not the schedule's: {marked}"


def test_the_pages_are_valid_html_and_light(site):
    programme = [page for page in site.pages() if any(page.startswith(folder + "/") for folder in PROGRAMME.values())]
    assert len(programme) == len(LANGUAGES) * (1 + len(sessions()) + 1)
    weights = {page: weight for weight, page in page_weights(site.root)}
    heavy = {page: weights[page] for page in programme if weights[page] >= BUDGET}
    assert heavy == {}
    broken, _ = site.broken_links()
    assert broken == []
    result = nu_check(*(site.root / page for page in programme))
    assert result.returncode == 0, result.stderr


def test_the_programme_pages_pass_axe_on_a_phone_and_a_wide_screen(browser, site):
    require(AXE, "axe-core")
    from browsing import serve

    pages = [programme_page("en"), "en/programme/safety-underground/index.html", "hi/karyakram/opening/index.html", "ru/programma/people/index.html"]
    problems = {}
    with serve(site.root) as url:
        for width in (320, 1280):
            context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 800})
            tab = context.new_page()
            problems.update({f"{page} at {width}px": axe_violations(tab, url + page) for page in pages})
            context.close()
    assert {page: found for page, found in problems.items() if found} == {}


@pytest.mark.parametrize(
    ("zone", "shown"),
    [("Asia/Kolkata", True), ("America/Lima", False), ("America/Bogota", False)],
    ids=["another zone: its hours are added", "the conference's zone: nothing added", "another zone with the same hours: nothing added"],
)
def test_a_visitor_elsewhere_sees_each_sessions_hours_in_their_own_zone_beside_the_conferences(browser, site, zone, shown):
    from browsing import serve

    here = zoneinfo.ZoneInfo(zone)
    with serve(site.root) as url:
        context = browser.new_context(timezone_id=zone)
        tab = context.new_page()
        tab.goto(url + programme_page("de"))
        tab.wait_for_load_state("load")
        days = tab.eval_on_selector_all(".programme-day", "days => days.map(day => day.querySelectorAll('.session').length)")
        assert sum(days) == len(sessions()) and len(days) == len({start_of(s).date() for s in sessions()}), "the sessions stay under the conference's days"
        for session in sessions():
            text = tab.text_content(f"#session-{session['guid']} .session-time")
            if shown:
                start = start_of(session).astimezone(here)
                assert f"{start:%H:%M}" in text and "in Ihrer Zeitzone" in text, text
            else:
                assert "in Ihrer Zeitzone" not in text, text
        session_page = tab.get_attribute(f"#session-{sessions()[0]['guid']} a", "href")
        tab.goto(url + programme_page("de").rsplit("/", 1)[0] + "/" + session_page)
        tab.wait_for_load_state("load")
        assert ("in Ihrer Zeitzone" in tab.text_content(".session-facts")) is shown
        context.close()


def test_without_javascript_the_programme_gives_the_conferences_hours_alone(browser, site):
    from browsing import serve

    with serve(site.root) as url:
        context = browser.new_context(timezone_id="Asia/Kolkata", java_script_enabled=False)
        tab = context.new_page()
        tab.goto(url + programme_page("de"))
        assert "in Ihrer Zeitzone" not in tab.text_content("main")
        context.close()
