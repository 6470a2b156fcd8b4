"""The conference in time: before, during and after its dates, the site words them for the build date.

The build date is SOURCE_DATE_EPOCH when it is set (reproducible builds), else today.
"""

from __future__ import annotations

import calendar
import datetime
import json
import os
import re
import subprocess
import sys

import pytest
from built import BuiltSite, tree_digest
from helpers import BASE_URL, REPO, copy_repository_site

BASE = BASE_URL
DAYS = {"upcoming": datetime.date(2013, 2, 1), "ongoing": datetime.date(2013, 3, 2), "past": datetime.date(2026, 12, 1)}


def epoch(day: datetime.date) -> str:
    return str(calendar.timegm(day.timetuple()) + 12 * 3600)


def build_on(day: datetime.date | str, site, out, *options) -> subprocess.CompletedProcess:
    """build.py build, as on the given day (or with a SOURCE_DATE_EPOCH as written)."""
    environment = dict(os.environ, SOURCE_DATE_EPOCH=day if isinstance(day, str) else epoch(day))
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "build", "--site", str(site), "--out", str(out), *options],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


@pytest.fixture(scope="module")
def phases(tmp_path_factory):
    """The conference site built on a day before, during and after the conference."""
    root = tmp_path_factory.mktemp("phases")
    site = copy_repository_site(root)
    built = {}
    for phase, day in DAYS.items():
        result = build_on(day, site, root / phase)
        assert result.returncode == 0, result.stderr
        built[phase] = BuiltSite(root / phase, BASE)
    return built


@pytest.mark.parametrize("phase", DAYS)
def test_every_page_says_the_phase_of_the_conference(phases, phase):
    site = phases[phase]
    for page in site.pages():
        assert site.soup(page).body["data-event-phase"] == phase, page


@pytest.mark.parametrize(
    "phase, sentence",
    [
        ("upcoming", "The conference will meet in Peru on 1–3 March 2013."),
        ("ongoing", "The conference is called for 1–3 March 2013 in Peru."),
        # The documents announce the conference; they never report that it took place.
        ("past", "The conference was called for 1–3 March 2013 in Peru. This site retells the conference’s documents in its own words."),
    ],
)
def test_the_home_page_words_the_dates_for_the_phase(phases, phase, sentence):
    intro = phases[phase].soup("en/index.html").select_one(".intro")
    assert sentence in intro.get_text(" ", strip=True)


@pytest.mark.parametrize("phase", DAYS)
def test_no_page_says_the_conference_took_place_in_any_language(phases, phase):
    # The 2007 seminar did take place ('stattfand'): only the conference's own taking place is looked for.
    held = re.compile(
        r"conference (was held|met|took place)|conferencia se (celebró|reunió)|Konferenz (fand|tagte)|[Кк]онференция (прошла|состоялась)|सम्मेलन [^।]*हुआ था"
    )
    for page in phases[phase].pages():
        found = held.search(phases[phase].soup(page).get_text(" ", strip=True))
        assert found is None, (page, found)


@pytest.mark.parametrize("phase", DAYS)
def test_what_was_never_announced_is_to_be_announced_before_and_left_out_after(phases, phase):
    """The city and the venue: 'to be announced' while they may still be; once the days are past, not shown at all."""
    for language, page in (("en", "en/take-part/index.html"), ("es", "es/participar/index.html")):
        facts = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in phases[phase].soup(page).select("dl.facts dt")}
        city, venue = ("City", "Venue") if language == "en" else ("Ciudad", "Sede")
        if phase == "past":
            assert city not in facts and venue not in facts, facts
            assert not phases[phase].soup(page).select(".tba")
        else:
            assert facts[venue] == ("To be announced" if language == "en" else "Por anunciar")
            assert facts[city] == facts[venue]


def test_before_and_during_the_conference_the_call_to_action_leads_to_taking_part(phases):
    for phase in ("upcoming", "ongoing"):
        site = phases[phase]
        for language in ("en", "es", "de", "ru", "hi"):
            home = site.soup(f"{language}/index.html")
            action = home.select_one(".intro a.call-to-action")
            menu = {link["href"]: link.get_text() for link in home.select("nav.menu-wide a")}
            assert menu[action["href"]] == action.get_text(), (phase, language)
            page, _ = site.follow(f"{language}/index.html", action["href"])
            assert page.split("/")[1] in ("take-part", "participar", "teilnahme", "uchastie", "bhag-len"), page


def test_once_past_no_page_calls_to_register_and_every_page_says_it_is_a_record(phases):
    site = phases["past"]
    home = site.soup("en/index.html")
    action = home.select_one(".intro a.call-to-action")
    assert site.follow("en/index.html", action["href"])[0] == "en/invitation/index.html"
    assert not home.select('a[href$=".ics"]'), "no calendar to add a conference that is over to"
    for page in site.pages():
        if page.endswith("/index.html") and page.count("/") > 1:  # every page but the homes and the root
            assert site.soup(page).select_one("main .phase-note"), page
    for phase in ("upcoming", "ongoing"):
        assert not phases[phase].soup("en/solidarity/index.html").select(".phase-note")
        assert phases[phase].soup("en/index.html").select('a[href$=".ics"]')


def test_structured_data_and_calendar_stay_the_same_in_every_phase_until_the_event_is_past(phases):
    events = {phase: json.loads(phases[phase].soup("es/index.html").find("script", type="application/ld+json").string) for phase in ("upcoming", "ongoing")}
    assert phases["past"].soup("es/index.html").find("script", type="application/ld+json") is None, "no claim that it was held"
    assert {event["startDate"] for event in events.values()} == {"2013-03-01"}
    assert {event["endDate"] for event in events.values()} == {"2013-03-03"}
    calendars = {(site.root / "es" / "conference.ics").read_bytes() for site in phases.values()}
    assert len(calendars) == 1


def test_the_same_input_and_build_date_give_byte_identical_sites(tmp_path):
    site = copy_repository_site(tmp_path)
    for name in ("one", "two"):
        assert build_on(DAYS["ongoing"], site, tmp_path / name, "--clean").returncode == 0
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_an_unchanged_site_is_built_again_when_its_phase_changes(tmp_path):
    site = copy_repository_site(tmp_path)
    assert build_on(DAYS["upcoming"], site, tmp_path / "out").returncode == 0
    again = build_on(DAYS["upcoming"], site, tmp_path / "out")
    assert ": 0 written" in again.stdout
    later = build_on(DAYS["past"], site, tmp_path / "out")
    assert later.returncode == 0 and ": 0 written" not in later.stdout
    assert build_on(DAYS["past"], site, tmp_path / "clean", "--clean").returncode == 0
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")


def test_on_the_first_and_last_day_of_a_phase_an_unchanged_site_is_not_built_again(tmp_path):
    """Before the conference runs to the day before its first; during it, from its first day to its last."""
    site = copy_repository_site(tmp_path)
    for first, last in ((datetime.date(2013, 2, 1), datetime.date(2013, 2, 28)), (datetime.date(2013, 3, 1), datetime.date(2013, 3, 3))):
        assert build_on(first, site, tmp_path / "out").returncode == 0
        again = build_on(last, site, tmp_path / "out")
        assert "no input changed since the last build" in again.stdout, (first, last, again.stdout)
        after = build_on(last + datetime.timedelta(days=1), site, tmp_path / "out")
        assert "no input changed since the last build" not in after.stdout, (last, after.stdout)


def test_a_build_date_that_is_not_a_time_is_one_clear_error_and_the_site_stays(tmp_path):
    site = copy_repository_site(tmp_path)
    assert build_on(DAYS["past"], site, tmp_path / "out").returncode == 0
    before = tree_digest(tmp_path / "out")
    result = build_on("next tuesday", site, tmp_path / "out")
    assert result.returncode == 1
    assert "SOURCE_DATE_EPOCH: 'next tuesday' is not a time" in result.stderr
    assert "Traceback" not in result.stderr and "bug" not in result.stderr
    assert tree_digest(tmp_path / "out") == before


PROGRAMME_PAGES = {
    "en": "en/programme/index.html",
    "es": "es/programa/index.html",
    "de": "de/programm/index.html",
    "ru": "ru/programma/index.html",
    "hi": "hi/karyakram/index.html",
}


@pytest.mark.parametrize(
    "phase, sentence",
    [
        ("upcoming", "No programme has been published on this site yet."),
        ("ongoing", "No programme has been published on this site."),
        ("past", "No programme of the conference was published on this site."),
    ],
)
def test_the_programme_page_says_there_is_none_here_worded_for_the_phase(phases, phase, sentence):
    site = phases[phase]
    english = site.soup(PROGRAMME_PAGES["en"])
    assert english.select_one("p.no-programme").get_text() == sentence
    assert english.select("main table, main .sessions") == [], "no invented session"
    website = english.select_one("p.no-programme + p a")
    assert (website["href"], website.get_text()) == ("http://www.minersconference.org/", "www.minersconference.org")
    notes = {language: site.soup(path).select_one("p.no-programme").get_text() for language, path in PROGRAMME_PAGES.items()}
    assert len(set(notes.values())) == 5, "said in every language, each in its own words"
    assert all(site.soup(path).find("html")["lang"] == language for language, path in PROGRAMME_PAGES.items())


# --- Conference days the real site never had ------------------------------------------------

# site.toml's start and end → the days as each language's home page shows them (CLDR through Babel;
# English is en_GB, as site.toml's date_locales says). CLDR puts a thin space around the dash between
# two months in English, Spanish and German (not in Russian or Hindi), and a narrow no-break space before 'г.'.
CONFERENCE_DAYS = {
    "one day": (
        datetime.date(2013, 3, 1),
        datetime.date(2013, 3, 1),
        {"en": "1 March 2013", "es": "1 de marzo de 2013", "de": "1. März 2013", "ru": "1 марта 2013\u202fг.", "hi": "1 मार्च 2013"},
    ),
    "three days": (
        datetime.date(2013, 3, 1),
        datetime.date(2013, 3, 3),
        {"en": "1–3 March 2013", "es": "1–3 de marzo de 2013", "de": "1.–3. März 2013", "ru": "1–3 марта 2013\u202fг.", "hi": "1–3 मार्च 2013"},
    ),
    "across a month's end": (
        datetime.date(2013, 4, 30),
        datetime.date(2013, 5, 2),
        {
            "en": "30 April\u2009–\u20092 May 2013",
            "es": "30 de abril\u2009–\u20092 de mayo de 2013",
            "de": "30. April\u2009–\u20092. Mai 2013",
            "ru": "30 апреля – 2 мая 2013\u202fг.",
            "hi": "30 अप्रैल – 2 मई 2013",
        },
    ),
    "across a year's end": (
        datetime.date(2013, 12, 31),
        datetime.date(2014, 1, 2),
        {
            "en": "31 December 2013\u2009–\u20092 January 2014",
            "es": "31 de diciembre de 2013\u2009–\u20092 de enero de 2014",
            "de": "31. Dezember 2013\u2009–\u20092. Januar 2014",
            "ru": "31 декабря 2013\u202fг. – 2 января 2014\u202fг.",
            "hi": "31 दिसंबर 2013 – 2 जनवरी 2014",
        },
    ),
}


@pytest.fixture(scope="module", params=CONFERENCE_DAYS, ids=lambda name: name.replace(" ", "-"))
def conference_days(request, tmp_path_factory):
    """The conference site with other days in site.toml, built a month before them: (start, end, shown, site)."""
    start, end, shown = CONFERENCE_DAYS[request.param]
    root = tmp_path_factory.mktemp("days")
    site = copy_repository_site(root)
    config = site / "site.toml"
    text = config.read_text(encoding="utf-8")
    assert "start = 2013-03-01\nend = 2013-03-03\n" in text
    config.write_text(text.replace("start = 2013-03-01\nend = 2013-03-03\n", f"start = {start}\nend = {end}\n"), encoding="utf-8")
    result = build_on(start - datetime.timedelta(days=30), site, root / "out")
    assert result.returncode == 0, result.stderr
    return start, end, shown, BuiltSite(root / "out", BASE)


def test_every_language_shows_the_conference_days_as_it_writes_a_range(conference_days):
    start, _, shown, site = conference_days
    for language, days in shown.items():
        facts = site.soup(f"{language}/index.html").select_one(".intro-facts time")
        assert (facts.get_text(), facts["datetime"]) == (days, start.isoformat()), language
        assert days in site.soup(f"{language}/index.html").select_one(".intro").get_text(" ", strip=True), "in the sentence too"


def test_the_calendar_holds_one_all_day_event_ending_the_day_after_the_last(conference_days):
    import icalendar

    start, end, _, site = conference_days
    for language in ("en", "es", "de", "ru", "hi"):
        calendar = icalendar.Calendar.from_ical((site.root / language / "conference.ics").read_bytes())
        (event,) = calendar.walk("VEVENT")
        assert event.decoded("DTSTART") == start, language
        assert event.decoded("DTEND") == end + datetime.timedelta(days=1), "DTEND is exclusive (RFC 5545)"
        assert not isinstance(event.decoded("DTSTART"), datetime.datetime), "an all-day event: a date, no time"


def test_the_structured_data_gives_the_first_and_last_day(conference_days):
    start, end, _, site = conference_days
    for language in ("en", "es", "de", "ru", "hi"):
        event = json.loads(site.soup(f"{language}/index.html").find("script", type="application/ld+json").string)
        assert (event["startDate"], event["endDate"]) == (start.isoformat(), end.isoformat()), language
