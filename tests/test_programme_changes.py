"""A programme that tells what changed: an organiser keeps the earlier exports in data/schedule-history/, publishes
version 0.3 as data/schedule.json, and every language's changes page, its Atom feed and every calendar say what
moved, what was renamed and what was cancelled.

The three versions (tests/sites/conference-programme/data/) are a test's: 0.1 has a visit to a mine that 0.2
cancels and lacks "Mining and water", which 0.2 adds; 0.3 moves "Safety underground" from Room B at 12:00 to the
Auditorium at 10:30, and renames "Closing session" "Closing plenary". Their files are named against their order.
"""

from __future__ import annotations

import datetime
import json
import shutil

import feedparser
import icalendar
import pytest
from babel.messages.pofile import read_po
from built import BuiltSite
from helpers import BASE_URL, BEFORE_THE_CONFERENCE, SITES, copy_repository_site, copy_site, run_cli, with_conference_programme

from sitegen.inputs.config import load_config
from sitegen.inputs.schedule import load_schedule

LANGUAGES = ["en", "es", "de", "ru", "hi"]
PROGRAMME = {"en": "en/programme", "es": "es/programa", "de": "de/programm", "ru": "ru/programma", "hi": "hi/karyakram"}
DATA = SITES / "conference-programme" / "data"
SAFETY, CLOSING, VISIT, WATER, OPENING = (f"3b1f6c2e-5a4d-4e8b-9c71-20130301000{n}" for n in (2, 6, 8, 7, 1))


@pytest.fixture(scope="module")
def site(conference_programme_site) -> BuiltSite:
    return conference_programme_site


def changes_page(language: str) -> str:
    return f"{PROGRAMME[language]}/changes/index.html"


def linked_session(site: BuiltSite, page: str, item) -> str:
    found = site.follow(page, item.select_one("a")["href"])
    assert found and site.exists(found[0]), f"{page}: {found}"
    return found[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_changes_page_lists_each_version_newest_first_with_what_it_changed(site, language):
    page = changes_page(language)
    soup = site.soup(page)
    versions = soup.select("section.version")
    assert [v["id"] for v in versions] == ["version-0-3", "version-0-2", "version-0-1"], "by version, not by file name"
    assert [v.select_one("time")["datetime"] for v in versions] == ["2013-02-20", "2013-02-10", "2013-02-01"]
    newest, middle, first = versions
    assert [li["class"][-1] for li in newest.select("li.change")] == ["change-moved", "change-retitled"]
    moved = newest.select_one("li.change-moved")
    assert [t["datetime"] for t in moved.select("time")] == ["2013-03-01T12:00:00-05:00", "2013-03-01T10:30:00-05:00"], "from the old time to the new"
    assert "Room B" in moved.select("time")[0].text and "Auditorium" in moved.select("time")[1].text
    assert linked_session(site, page, moved) == f"{PROGRAMME[language]}/safety-underground/index.html"
    renamed = newest.select_one("li.change-retitled")
    assert "Closing session" in renamed.text and "Closing plenary" in renamed.select_one("a").text
    assert [li["class"][-1] for li in middle.select("li.change")] == ["change-cancelled", "change-added"]
    assert linked_session(site, page, middle.select_one("li.change-cancelled")) == f"{PROGRAMME[language]}/mine-visit/index.html"
    assert linked_session(site, page, middle.select_one("li.change-added")) == f"{PROGRAMME[language]}/mining-and-water/index.html"
    assert not first.select("li.change") and "7" in first.text, "the first version: how many sessions it held"
    if language != "en":
        assert "Changes to the programme" not in soup.h1.text, "in the reader's language"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_changes_feed_gives_a_feed_reader_one_entry_per_version(site, language):
    page = changes_page(language)
    link = site.soup(page).select_one("a[type='application/atom+xml']")
    feed_file, _ = site.follow(page, link["href"])
    feed = feedparser.parse((site.root / feed_file).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.language == {"hi": "hi", "ru": "ru"}.get(language, language)
    assert [entry.updated_parsed[:3] for entry in feed.entries] == [(2013, 2, 20), (2013, 2, 10), (2013, 2, 1)]
    assert "0.3" in feed.entries[0].title and "0.1" in feed.entries[2].title
    for entry in feed.entries:
        target, fragment = site.follow(page, entry.link)
        assert target == page and site.soup(page).find(id=fragment), entry.link
    assert len({entry.id for entry in feed.entries}) == 3
    moved = feed.entries[0].content[0].value
    assert "Auditorium" in moved and f"{BASE_URL}{PROGRAMME[language]}/safety-underground/" in moved, "absolute links, as feed readers need"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_cancelled_session_keeps_its_page_and_every_calendar_strikes_it_out(site, language):
    page = f"{PROGRAMME[language]}/mine-visit/index.html"
    soup = site.soup(page)
    assert soup.select_one(".notice.cancelled") and "0.2" in soup.select_one(".notice.cancelled").text
    assert json.loads(soup.select_one("script[type='application/ld+json']").string)["eventStatus"] == "https://schema.org/EventCancelled"
    programme = site.soup(f"{PROGRAMME[language]}/index.html")
    listed = [site.follow(f"{PROGRAMME[language]}/index.html", a["href"])[0] for a in programme.select(".programme-cancelled a")]
    assert listed == [page]
    assert page not in [site.follow(f"{PROGRAMME[language]}/index.html", a["href"])[0] for a in programme.select(".programme-day a")]
    own = icalendar.Calendar.from_ical((site.root / PROGRAMME[language] / "mine-visit" / "mine-visit.ics").read_bytes())
    (event,) = own.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    whole = {str(e["UID"]): e for e in icalendar.Calendar.from_ical((site.root / language / "programme.ics").read_bytes()).walk("VEVENT")}
    assert str(whole[VISIT]["STATUS"]) == "CANCELLED"
    assert [uid for uid, e in whole.items() if "STATUS" in e] == [VISIT]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_moved_or_renamed_session_says_what_changed_and_its_event_carries_a_higher_sequence(site, language):
    whole = {str(e["UID"]): e for e in icalendar.Calendar.from_ical((site.root / language / "programme.ics").read_bytes()).walk("VEVENT")}
    sequences = {uid: int(event.get("SEQUENCE", 0)) for uid, event in whole.items()}
    assert sequences[SAFETY] == sequences[CLOSING] == sequences[VISIT] == 1
    assert sequences[WATER] == sequences[OPENING] == 0, "added or untouched: nothing for a calendar to replace"
    moved = whole[SAFETY]
    assert moved.decoded("DTSTART") == datetime.datetime(2013, 3, 1, 15, 30, tzinfo=datetime.UTC) and str(moved["LOCATION"]) == "Auditorium"
    soup = site.soup(f"{PROGRAMME[language]}/safety-underground/index.html")
    (change,) = soup.select(".session-changes li")
    assert "0.3" in change.text and "Room B" in change.text and "Auditorium" in change.text
    event = json.loads(soup.select_one("script[type='application/ld+json']").string)
    assert event["eventStatus"] == "https://schema.org/EventRescheduled" and event["previousStartDate"] == ["2013-03-01T12:00:00-05:00"]
    assert not site.soup(f"{PROGRAMME[language]}/opening/index.html").select(".session-changes"), "no changes, no list"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_programme_names_its_version_and_links_its_changes(site, language):
    page = f"{PROGRAMME[language]}/index.html"
    note = site.soup(page).select_one(".programme-version")
    assert "0.3" in note.text
    assert site.follow(page, note.select_one("a")["href"])[0] == changes_page(language)


def history(site, *versions: tuple[str, dict]):
    folder = site / "data" / "schedule-history"
    folder.mkdir(parents=True, exist_ok=True)
    for name, schedule in versions:
        (folder / name).write_text(schedule if isinstance(schedule, str) else json.dumps(schedule, indent=1), encoding="utf-8")


def version(number: str, released: str | None = "2013-02-01", drop: str = "") -> dict:
    schedule = json.loads((DATA / "schedule.json").read_text(encoding="utf-8"))
    schedule["schedule"]["version"] = number
    schedule["schedule"].pop("released")
    if released:
        schedule["schedule"]["released"] = released
    for day in schedule["schedule"]["conference"]["days"]:
        for room in day["rooms"].values():
            room[:] = [s for s in room if s["guid"] != drop]
    return schedule


@pytest.fixture
def programme_site(tmp_path):
    folder = with_conference_programme(copy_repository_site(tmp_path))
    shutil.rmtree(folder / "data" / "schedule-history")
    (folder / "data" / "interpretation.yaml").unlink()
    return folder


def test_versions_are_ordered_by_their_numbers_not_their_file_names(programme_site):
    history(programme_site, ("a.json", version("0.1.10")), ("b.json", version("0.1.9")), ("c.json", version("0.1.2")))
    schedule, problems = load_schedule(programme_site, load_config(programme_site))
    assert [p for p in problems if not p.is_warning] == []
    assert [v.version for v in schedule.earlier] == ["0.1.2", "0.1.9", "0.1.10"]


def test_a_broken_earlier_version_is_reported_at_its_own_file_and_nothing_is_written(programme_site, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--site", programme_site, "--out", out, today=BEFORE_THE_CONFERENCE).returncode == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    broken = version("0.1")
    broken["schedule"]["conference"]["days"][0]["rooms"]["Auditorium"][0]["duration"] = "an hour"
    history(programme_site, ("draft.json", broken), ("bad.json", '{"schedule": {"version": "0.2",\n  "conference": }}'))
    result = run_cli("build", "--site", programme_site, "--out", out, today=BEFORE_THE_CONFERENCE)
    assert result.returncode != 0
    assert "data/schedule-history/draft.json: /schedule/conference/days/0/rooms/Auditorium/0/duration" in result.stderr
    assert "data/schedule-history/bad.json:2: is not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before, "the previous output stays as it was"


@pytest.mark.parametrize(
    ("versions", "expected"),
    [
        ([("old.json", version("0.3"))], "data/schedule-history/old.json: /schedule/version: '0.3' is not older than the current programme's"),
        ([("a.json", version("0.1")), ("b.json", version("0.01"))], "data/schedule-history/b.json: /schedule/version: '0.01' is also the version of"),
        ([("a.json", version(""))], "data/schedule-history/a.json: /schedule/version: is missing"),
    ],
    ids=["not older", "twice", "none"],
)
def test_versions_that_cannot_be_put_in_order_are_errors(programme_site, versions, expected):
    history(programme_site, *versions)
    schedule, problems = load_schedule(programme_site, load_config(programme_site))
    assert schedule is None
    assert any(expected in str(p) for p in problems if not p.is_warning), problems


def test_a_file_the_history_cannot_read_and_a_version_without_a_day_are_warned_of(programme_site):
    history(programme_site, ("v1.json", version("0.1", released=None)), ("v1.xml", "<schedule/>"))
    schedule, problems = load_schedule(programme_site, load_config(programme_site))
    assert schedule is not None and [v.version for v in schedule.earlier] == ["0.1"]
    warnings = [str(p) for p in problems if p.is_warning]
    assert any(w.startswith("data/schedule-history/v1.xml: warning: is not read") for w in warnings), warnings
    assert any(w.startswith("data/schedule-history/v1.json: warning: /schedule: version '0.1' gives no day") for w in warnings), warnings


def test_a_history_without_a_current_programme_is_an_error(programme_site):
    (programme_site / "data" / "schedule.json").unlink()
    history(programme_site, ("v1.json", version("0.1")))
    schedule, problems = load_schedule(programme_site, load_config(programme_site))
    assert schedule is None and any("data/schedule.json, the current one, is missing" in str(p) for p in problems)


def test_a_session_that_comes_back_counts_as_a_change_and_is_no_longer_cancelled(programme_site, tmp_path):
    history(programme_site, ("1.json", version("0.1")), ("2.json", version("0.2", "2013-02-05", drop=WATER)))
    out = tmp_path / "out"
    result = run_cli("build", "--strict", "--site", programme_site, "--out", out, today=BEFORE_THE_CONFERENCE)
    assert result.returncode == 0, result.stderr
    built = BuiltSite(out, BASE_URL)
    soup = built.soup("en/programme/changes/index.html")
    assert [li["class"][-1] for li in soup.select("#version-0-3 li.change")] == ["change-added"]
    assert [li["class"][-1] for li in soup.select("#version-0-2 li.change")] == ["change-cancelled"]
    whole = {str(e["UID"]): e for e in icalendar.Calendar.from_ical((out / "en" / "programme.ics").read_bytes()).walk("VEVENT")}
    assert int(whole[WATER]["SEQUENCE"]) == 2 and "STATUS" not in whole[WATER]
    assert not built.soup("en/programme/index.html").select(".programme-cancelled")


def test_the_changes_cancelled_and_interpreted_sessions_pages_are_valid_light_and_linked(site):
    from page_weight import BUDGET, page_weights
    from test_accessibility import nu_check

    kinds = ("changes/index.html", "index.html", "mine-visit/index.html", "your-language/index.html", "safety-underground/index.html")
    pages = [f"{PROGRAMME[language]}/{kind}" for language in LANGUAGES for kind in kinds]
    weights = {page: weight for weight, page in page_weights(site.root)}
    assert {page: weights[page] for page in pages if weights[page] >= BUDGET} == {}
    broken, _ = site.broken_links()
    assert broken == []
    result = nu_check(*(site.root / page for page in pages))
    assert result.returncode == 0, result.stderr


def test_the_changes_pages_pass_axe_on_a_phone_and_a_wide_screen(browser, site):
    from browsing import serve
    from test_accessibility import AXE, axe_violations, require

    require(AXE, "axe-core")
    pages = [changes_page("en"), changes_page("hi"), "ru/programma/mine-visit/index.html", "de/programm/index.html", "es/programa/your-language/index.html"]
    problems = {}
    with serve(site.root) as url:
        for width in (320, 1280):
            context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 800})
            tab = context.new_page()
            problems.update({f"{page} at {width}px": axe_violations(tab, url + page) for page in pages})
            context.close()
    assert {page: found for page, found in problems.items() if found} == {}


def test_the_sample_programme_site_in_four_languages_tells_what_changed_and_who_can_follow_what(tmp_path):
    """The multilingual sample with its programme (Arabic among its languages) and an earlier version dated by its
    version ("2013-02-01"), in its own simpler templates (tests/sites/programme-versions/)."""
    site = copy_site("multilingual", tmp_path, overlay="programme")
    shutil.copytree(SITES / "programme-versions", site, dirs_exist_ok=True)
    out = tmp_path / "out"
    result = run_cli("build", "--strict", "--site", site, "--out", out, today=BEFORE_THE_CONFERENCE)
    assert result.returncode == 0, result.stderr
    built = BuiltSite(out, "https://example.org/conference/")
    programme = {
        "en": "en/programme",
        "es": "es/programa",
        "ru": "ru/programme",
        "ar": "ar/barnamaj",
    }  # Russian has no programme page of its own: its sessions are in the default folder name
    for language, folder in programme.items():
        soup = built.soup(f"{folder}/changes/index.html")
        assert soup.html["dir"] == ("rtl" if language == "ar" else "ltr")
        assert [s["id"] for s in soup.select("section.version")] == ["version-2013-02-15", "version-2013-02-01"]
        kinds = [li["class"][-1] for li in soup.select("#version-2013-02-15 li.change")]
        assert kinds == ["change-cancelled", "change-moved", "change-retitled"]
        feed = feedparser.parse((out / folder / "changes" / "feed.xml").read_bytes())
        assert not feed.bozo and [e.updated_parsed[:3] for e in feed.entries] == [(2013, 2, 15), (2013, 2, 1)], "dated by their versions"
        films = icalendar.Calendar.from_ical((out / folder / "7f1c2a10-0001-4c1e-9a1e-000000000008" / "7f1c2a10-0001-4c1e-9a1e-000000000008.ics").read_bytes())
        assert str(next(iter(films.walk("VEVENT")))["STATUS"]) == "CANCELLED"
        followable = built.soup(f"{folder}/your-language/index.html").select(".followable li")
        # Sala Grande is interpreted into es, en and ar; "Pensions and health" (Sala 2, Spanish) into Russian too.
        expected = {"en": 4, "es": 5, "ru": 2, "ar": 5}[language]  # ar: the workshop held in Arabic too
        assert len(followable) == expected, [li.get_text(" ", strip=True) for li in followable]


@pytest.mark.parametrize(("template", "data"), [("changes.html", "history"), ("changes.atom", "history"), ("your-language.html", "interpretation")])
def test_a_site_given_versions_or_interpretation_without_their_template_is_told_which(tmp_path, template, data):
    site = with_conference_programme(copy_repository_site(tmp_path))
    (site / "templates" / template).unlink()
    result = run_cli("build", "--site", site, "--out", tmp_path / "out", today=BEFORE_THE_CONFERENCE)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"data/schedule.json: the programme's pages need templates/{template}, which is missing" in result.stderr, (data, result.stderr)


def test_a_cancelled_sessions_texts_stay_in_the_programme_catalog_so_their_translations_are_kept(programme_site):
    history(programme_site, ("1.json", version("0.1")), ("2.json", version("0.2", "2013-02-05", drop=WATER)))
    (programme_site / "data" / "schedule.json").write_text(json.dumps(version("0.3", "2013-02-20", drop=OPENING), indent=1), encoding="utf-8")
    result = run_cli("catalogs", "--site", programme_site)
    assert result.returncode == 0, result.stderr
    template = read_po((programme_site / "locales" / "programme.pot").open("rb"))
    opening = template.get("Opening of the conference", context=f"{OPENING}|title")
    assert opening is not None and opening.locations == [("data/schedule-history/2.json", None)], "from the version it last stood in"
    assert template.get("Mining and water", context=f"{WATER}|title") is not None, "back in the current version"
