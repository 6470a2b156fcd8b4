"""Interpretation: data/interpretation.yaml says which languages each room's sessions (and single sessions) are
interpreted into; a Spanish speaker finds the sessions interpreted into Spanish, on the programme, on a page of
their own, on each session's page and in its calendar event.

The test's interpretation (tests/sites/conference-programme/data/interpretation.yaml): the Auditorium into English,
Spanish and Russian; "Mining and water" (Spanish, Room B) into English and Hindi as well.
"""

from __future__ import annotations

import json

import icalendar
import pytest
from babel import Locale
from babel.lists import format_list
from babel.messages.pofile import read_po
from helpers import BEFORE_THE_CONFERENCE, REPO, SITES, copy_repository_site, run_cli, with_conference_programme

from sitegen.inputs.config import load_config
from sitegen.inputs.interpretation import load_interpretation
from sitegen.inputs.schedule import load_schedule

LANGUAGES = ["en", "es", "de", "ru", "hi"]
PROGRAMME = {"en": "en/programme", "es": "es/programa", "de": "de/programm", "ru": "ru/programma", "hi": "hi/karyakram"}
SCHEDULE = json.loads((SITES / "conference-programme" / "data" / "schedule.json").read_text(encoding="utf-8"))
SESSIONS = {s["slug"]: s for day in SCHEDULE["schedule"]["conference"]["days"] for room in day["rooms"].values() for s in room}
INTO = {"Auditorium": ["en", "es", "ru"]}
MORE = {"mining-and-water": ["en", "hi"]}


def interpreted_into(slug: str) -> list[str]:
    session = SESSIONS[slug]
    return [code for code in dict.fromkeys(INTO.get(session["room"], []) + MORE.get(slug, [])) if code != session["language"]]


def names(codes: list[str], language: str) -> str:
    """The languages' names as CLDR writes them in ``language``, listed as it lists."""
    return format_list([str(Locale.parse(code).get_display_name(language)) for code in codes], locale=language)


def followable(language: str) -> dict[str, str]:
    """slug → how a reader of ``language`` can follow it."""
    found = {}
    for slug, session in SESSIONS.items():
        if session["language"] == language:
            found[slug] = "spoken"
        elif language in interpreted_into(slug):
            found[slug] = "interpreted"
    return found


@pytest.fixture(scope="module")
def site(conference_programme_site):
    return conference_programme_site


def slug_of(site, page: str, href: str) -> str:
    return site.follow(page, href)[0].split("/")[-2]


def label(language: str) -> str:
    """The session page's label before the interpreted languages, as the language's catalog translates it."""
    if language == "en":
        return "Interpretation"
    catalog = read_po((REPO / "locales" / language / "LC_MESSAGES" / "messages.po").open("rb"))
    return str(catalog.get("Interpretation").string)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_sessions_page_names_the_languages_it_is_interpreted_into_in_the_readers(site, language):
    for slug in SESSIONS:
        soup = site.soup(f"{PROGRAMME[language]}/{slug}/index.html")
        facts = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in soup.select(".session-facts dt")}
        expected = interpreted_into(slug)
        assert facts.get(label(language)) == (names(expected, language) if expected else None), f"{slug} in {language}: {facts}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_programme_marks_the_sessions_interpreted_into_the_readers_language(site, language):
    page = f"{PROGRAMME[language]}/index.html"
    soup = site.soup(page)
    marked = {
        slug_of(site, page, li.select_one(".session-title a")["href"]) for li in soup.select(".programme-day li.session") if li.select(".session-followable")
    }
    assert marked == {slug for slug, how in followable(language).items() if how == "interpreted"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_a_page_of_just_the_sessions_its_readers_can_follow(site, language):
    programme = f"{PROGRAMME[language]}/index.html"
    link = site.soup(programme).select_one(".programme-your-language a")
    page, _ = site.follow(programme, link["href"])
    assert page == f"{PROGRAMME[language]}/your-language/index.html"
    soup = site.soup(page)
    listed = [slug_of(site, page, a["href"]) for a in soup.select(".session-title a")]
    in_order = [slug for slug in site_order(site, language) if slug in followable(language)]
    assert listed == in_order
    if not listed:
        assert soup.select_one("main p:not(.timezone):not(.breadcrumb)"), "says there are none"
    assert soup.h1.get_text(strip=True) == soup.title.get_text(strip=True).split(" – ")[0]


def site_order(site, language: str) -> list[str]:
    page = f"{PROGRAMME[language]}/index.html"
    return [slug_of(site, page, a["href"]) for a in site.soup(page).select(".programme-day .session-title a")]


def test_the_pages_of_sessions_one_can_follow_differ_by_language(site):
    assert followable("de") == {} and set(followable("hi")) == {"mining-and-water"}
    assert {"safety-underground", "contract-miners", "closing"} <= set(followable("es"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_sessions_calendar_event_says_its_languages(site, language):
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical((site.root / language / "programme.ics").read_bytes()).walk("VEVENT")}
    for slug, session in SESSIONS.items():
        description = str(events[session["guid"]].get("DESCRIPTION", ""))
        spoken = str(Locale.parse(session["language"]).get_display_name(language))
        assert spoken in description, f"{slug}: {description!r}"
        if interpreted_into(slug):
            assert names(interpreted_into(slug), language) in description, f"{slug}: {description!r}"
        own = icalendar.Calendar.from_ical((site.root / PROGRAMME[language] / slug / f"{slug}.ics").read_bytes())
        assert str(next(iter(own.walk("VEVENT")))["DESCRIPTION"]) == description


def write(site, text: str):
    (site / "data" / "interpretation.yaml").write_text(text, encoding="utf-8")
    return load_interpretation(site, load_config(site), load_schedule(site, load_config(site))[0])


@pytest.fixture
def programme_site(tmp_path):
    return with_conference_programme(copy_repository_site(tmp_path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rooms:\n  Auditorum: [en]\n", "data/interpretation.yaml:2: no room 'Auditorum' in data/schedule.json (did you mean 'Auditorium'?)"),
        ("sessions:\n  no-such-guid: [en]\n", "data/interpretation.yaml:2: no session 'no-such-guid' in data/schedule.json or data/schedule-history/"),
        ("rooms:\n  Auditorium: [en, xx-not]\n", "data/interpretation.yaml:2: 'Auditorium': 'xx-not' is not a language code CLDR knows"),
        ("room:\n  Auditorium: [en]\n", "data/interpretation.yaml:1: unknown key 'room' (did you mean 'rooms'?)"),
        ("rooms: [Auditorium]\n", "data/interpretation.yaml:1: 'rooms' must map each room to a list of language codes"),
        ("rooms:\n  Auditorium: [en]\n  Auditorium: [es]\n", "data/interpretation.yaml:3: key 'Auditorium' is written twice"),
    ],
    ids=["misspelt room", "unknown session", "unknown language", "unknown key", "not a mapping", "room twice"],
)
def test_each_mistake_in_the_interpretation_is_reported_at_its_line(programme_site, text, expected):
    interpretation, problems = write(programme_site, text)
    assert interpretation is None
    assert any(str(problem).startswith(expected) for problem in problems), [str(p) for p in problems]


def test_a_broken_interpretation_stops_the_build_and_leaves_the_output_as_it_was(programme_site, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--site", programme_site, "--out", out, today=BEFORE_THE_CONFERENCE).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    (programme_site / "data" / "interpretation.yaml").write_text('rooms:\n  Room B: [es, "??"]\n', encoding="utf-8")
    result = run_cli("build", "--site", programme_site, "--out", out, today=BEFORE_THE_CONFERENCE)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "data/interpretation.yaml:2: 'Room B': '??' is not a language code" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


def test_interpretation_without_a_programme_is_an_error(sample):
    site = sample("multilingual")
    (site / "data").mkdir(exist_ok=True)
    (site / "data" / "interpretation.yaml").write_text("rooms:\n  Main: [en]\n", encoding="utf-8")
    _, problems = load_interpretation(site, load_config(site), None)
    assert [str(p) for p in problems] == ["data/interpretation.yaml:1: interprets the programme's sessions, but the site has no programme (data/schedule.json)"]
