"""The programme page: the schedule by day, a column per room, times in the conference's zone in each language's CLDR format."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup
from helpers import BEFORE_THE_CONFERENCE, copy_site, run_cli


def build_programme_site(folder):
    site = copy_site("multilingual", folder, overlay="programme")
    result = run_cli("build", "--strict", "--site", site, "--out", folder / "out", today=BEFORE_THE_CONFERENCE)
    assert result.returncode == 0, result.stderr
    return site, folder / "out"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample built once, for the tests that only read it."""
    return build_programme_site(tmp_path_factory.mktemp("programme"))


@pytest.fixture
def programme_site(tmp_path):
    """The sample built afresh, for a test that changes it."""
    return build_programme_site(tmp_path)


REPORTS = "7f1c2a10-0001-4c1e-9a1e-000000000002"  # a session with every field, translated into Spanish but its description


def page(out, path) -> BeautifulSoup:
    return BeautifulSoup((out / path).read_text(encoding="utf-8"), "html.parser")


def test_each_day_is_a_table_with_a_column_per_room(built):
    _, out = built
    spanish = page(out, "es/programa/index.html")
    days = spanish.select("section.programme-day")
    assert [day.h2.get_text() for day in days] == ["viernes, 1 de marzo de 2013", "sábado, 2 de marzo de 2013", "domingo, 3 de marzo de 2013"]
    first = days[0].table
    assert [th.get_text() for th in first.thead.find_all("th")] == ["Hora", "Sala Grande", "Sala 2", "Sala 3"]
    reports = first.find("a", string="Informes de las regiones mineras").find_parent("td")
    assert reports["rowspan"] == "3", "10:00–12:30 spans the slots that start at 10:00, 10:30 and 12:00"
    assert reports.find("time").get_text() == "10:00–12:30" and reports.find("time")["datetime"] == "2013-03-01T10:00:00-05:00"
    assert "Ivan Petrov y Thandiwe Nkosi" in reports.get_text() and "inglés" in reports.get_text(), (
        "a list as Spanish writes it (CLDR); the session's language, named in Spanish"
    )
    assert spanish.select_one("p.timezone").get_text() == "Las horas están en hora de Perú."


def test_each_row_has_a_cell_for_every_room_not_covered_by_a_longer_session(built):
    _, out = built
    table = page(out, "en/programme/index.html").select("section.programme-day table")[0]
    rooms = len(table.thead.find_all("th")) - 1
    covering = [0] * rooms
    for row in table.tbody.find_all("tr"):
        cells = iter(row.find_all("td"))
        for room in range(rooms):
            if covering[room]:
                covering[room] -= 1
                continue
            cell = next(cells)
            covering[room] = int(cell.get("rowspan", 1)) - 1
        assert next(cells, None) is None, "no cell left over"


def test_times_follow_each_language_and_the_page_its_direction(built):
    _, out = built
    arabic = page(out, "ar/barnamaj/index.html")
    assert arabic.html["dir"] == "rtl" and arabic.html["lang"] == "ar"
    workshop = arabic.find("a", string="السلامة في العمل: ورشة عمل").find_parent("td")
    assert workshop.find("time").get_text() == "2:00–4:00 م", "Arabic reads a 12-hour clock with its day period"
    assert "توقيت بيرو" in arabic.select_one("p.timezone").get_text()
    russian = page(out, "ru/programme/index.html")  # not translated: the English text, Russian dates and times
    assert russian.select("section.programme-day h2")[0].get_text() == "пятница, 1 марта 2013\u202fг."


def test_an_edit_to_the_schedule_renders_only_the_programme_pages(programme_site):
    site, out = programme_site
    schedule = site / "data" / "schedule.json"
    data = json.loads(schedule.read_text(encoding="utf-8"))
    data["schedule"]["conference"]["days"][1]["rooms"]["Sala 2"][0]["title"] = "Pensions, health and housing"
    schedule.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("build", "-v", "--site", site, "--out", out, today=BEFORE_THE_CONFERENCE)
    assert result.returncode == 0, result.stderr
    (rendered,) = re.findall(r"rendered (\d+)(?: of \d+)? pages", result.stderr + result.stdout)
    assert int(rendered) == 12, "in each of the four languages: the programme page, the session's own and the status page, which counts its texts"
    spanish = page(out, "es/programa/index.html").find("a", string="Pensions, health and housing")
    assert spanish.span["lang"] == "en", "its Spanish translation is of the old title: not shown"


PROGRAMME_PAGES = ["en/programme/index.html", "es/programa/index.html", "ru/programme/index.html", "ar/barnamaj/index.html"]
# The session with a description, and the list of who speaks, in every language.
PROGRAMME_PAGES += [f"{folder}/{name}/index.html" for folder in ("en/programme", "es/programa", "ru/programme", "ar/barnamaj") for name in (REPORTS, "people")]


@pytest.mark.parametrize("width", [320, 1280])
def test_the_programme_passes_axe_on_a_phone_and_a_wide_screen_in_every_language(built, browser, width, tmp_path):
    from browsing import serve
    from test_accessibility import AXE, axe_violations, require

    require(AXE, "axe-core")
    _, out = built
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    tab = context.new_page()
    with serve(out) as url:
        problems = {path: axe_violations(tab, url + path) for path in PROGRAMME_PAGES}
        tab.goto(url + "es/programa/index.html")
        scroll_width = tab.evaluate("document.documentElement.scrollWidth")
        tab.screenshot(path=str(tmp_path / f"programme-{width}.png"), full_page=True)
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}
    assert scroll_width <= width, "nothing wider than the screen: on a phone the rooms stack"


def test_the_programme_is_valid_html(built):
    from test_accessibility import nu_check

    _, out = built
    result = nu_check(*(out / path for path in PROGRAMME_PAGES))
    assert result.returncode == 0, result.stderr


def test_the_programme_calendar_has_every_session_at_its_instant(built):
    import datetime

    import icalendar

    _, out = built
    spanish = page(out, "es/programa/index.html")
    link = spanish.select_one('a[type="text/calendar"]')
    assert link.get_text() == "Añadir el programa a su calendario"
    calendar = icalendar.Calendar.from_ical((out / "es" / "programa" / link["href"]).resolve().read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Conferencia de ejemplo", "a calendar app names the added calendar after the conference"
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == 7
    reports = events["7f1c2a10-0001-4c1e-9a1e-000000000002"]
    lima = datetime.timezone(datetime.timedelta(hours=-5))
    assert reports["DTSTART"].dt == datetime.datetime(2013, 3, 1, 10, tzinfo=lima)
    assert reports["DTEND"].dt == datetime.datetime(2013, 3, 1, 12, 30, tzinfo=lima)
    assert str(reports["SUMMARY"]) == "Informes de las regiones mineras" and str(reports["LOCATION"]) == "Sala Grande"
    assert str(reports["URL"]) == f"https://example.org/conference/es/programa/{REPORTS}/", "the event links to the session's page"
    assert (out / "ar" / "programme.ics").read_bytes() != (out / "es" / "programme.ics").read_bytes(), "each language links its own page"


def test_a_session_has_its_own_page_in_every_language_with_its_texts_where_translated(built):
    _, out = built
    spanish = page(out, f"es/programa/{REPORTS}/index.html")
    assert spanish.h1.get_text() == "Informes de las regiones mineras" and spanish.h1.span is None
    assert spanish.select_one("p.subtitle").get_text() == "Delegaciones de todos los continentes"
    facts = dict(zip((dt.get_text() for dt in spanish.select("dl dt")), (dd.get_text() for dd in spanish.select("dl dd")), strict=True))
    assert facts == {
        "Cuándo": "viernes, 1 de marzo de 2013, 10:00–12:30",
        "Sala": "Sala Grande",
        "Eje temático": "Plenary",
        "Idioma": "inglés",
        "Ponentes": "Ivan Petrov y Thandiwe Nkosi",
    }
    description = spanish.select_one("div.description")
    assert description["lang"] == "en" and description["dir"] == "ltr", "not translated: shown in English, and marked so"
    assert description.strong.get_text() == "ten minutes" and len(description.find_all("li")) == 4, "its Markdown, rendered"
    assert spanish.select("main script:not([type='application/ld+json'])") == [] and "<script>alert" in description.get_text(), "its HTML, shown as text"
    assert spanish.select_one("ul.session-links a")["href"] == "https://example.org/reports"
    assert spanish.select_one("p.breadcrumb a")["href"] == "../", "back to the programme"


def test_a_list_of_speakers_is_joined_as_the_readers_language_writes_lists(built):
    _, out = built
    speakers = {
        language: page(out, f"{folder}/{REPORTS}/index.html").select("dl dd")[-1].get_text()
        for language, folder in (("en", "en/programme"), ("ru", "ru/programme"), ("ar", "ar/barnamaj"))
    }
    assert speakers == {"en": "Ivan Petrov and Thandiwe Nkosi", "ru": "Ivan Petrov и Thandiwe Nkosi", "ar": "Ivan Petrov وThandiwe Nkosi"}


def test_an_untranslated_session_shows_the_original_marked_with_its_language(built):
    _, out = built
    arabic = page(out, "ar/barnamaj/7f1c2a10-0001-4c1e-9a1e-000000000003/index.html")
    assert arabic.html["dir"] == "rtl"
    title = arabic.h1.span
    assert (title.get_text(), title["lang"], title["dir"]) == ("Women in the mining communities", "en", "ltr")
    assert arabic.select_one("p.abstract span")["lang"] == "en"
    assert page(out, "es/programa/7f1c2a10-0001-4c1e-9a1e-000000000007/index.html").h1.span["lang"] == "en", "a session Spanish has not translated"


def test_a_session_page_offers_the_same_session_in_every_language(built):
    _, out = built
    spanish = page(out, f"es/programa/{REPORTS}/index.html")
    alternates = {link["hreflang"]: link["href"] for link in spanish.select('link[rel="alternate"]')}
    assert alternates["ar"] == f"https://example.org/conference/ar/barnamaj/{REPORTS}/"
    assert alternates["x-default"] == f"https://example.org/conference/en/programme/{REPORTS}/"
    switcher = {a["hreflang"]: a["href"] for a in spanish.select("nav.languages a")}
    assert switcher == {"en": f"../../../en/programme/{REPORTS}/", "ru": f"../../../ru/programme/{REPORTS}/", "ar": f"../../../ar/barnamaj/{REPORTS}/"}
    assert spanish.select_one('link[rel="canonical"]')["href"] == f"https://example.org/conference/es/programa/{REPORTS}/"


def test_a_session_page_has_its_own_calendar(built):
    import datetime

    import icalendar

    _, out = built
    folder = out / "es" / "programa" / "opening"
    link = page(out, "es/programa/opening/index.html").find("a", type="text/calendar")
    calendar = icalendar.Calendar.from_ical((folder / link["href"]).read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == "7f1c2a10-0001-4c1e-9a1e-000000000001", "the slug names the page; the guid stays the event's identity"
    assert event["DTSTART"].dt == datetime.datetime(2013, 3, 1, 14, tzinfo=datetime.UTC)
    assert str(event["SUMMARY"]) == "Apertura de la conferencia"
    assert event["DTSTAMP"].dt == event["DTSTART"].dt, "a stamp from the input, not the clock"


def test_the_speakers_page_lists_everyone_with_their_sessions(built):
    _, out = built
    people = page(out, "es/programa/people/index.html")
    names = [section.h2.get_text() for section in people.select("main section")]
    assert names == ["Ivan Petrov", "Juana Condori", "Karim Haddad", "Olga Ivanova", "Rosa Mamani", "Thandiwe Nkosi"]
    rosa = people.find(id="person-rosa-mamani")
    assert [a.get_text() for a in rosa.select("li a")] == ["Apertura de la conferencia", "Resolutions and closing"]
    assert rosa.select("li a")[0]["href"] == "../opening/"
    session = page(out, f"es/programa/{REPORTS}/index.html")
    href = session.select("dl dd a")[0]["href"]
    assert href == "../people/#person-ivan-petrov" and people.find(id=href.partition("#")[2]) is not None


def test_the_programme_page_describes_the_programme_as_an_event_with_its_sessions(built):
    _, out = built
    script = page(out, "es/programa/index.html").find("script", type="application/ld+json")
    event = json.loads(script.string)
    assert event["@type"] == "Event" and event["name"] == "Conferencia de ejemplo"
    assert len(event["subEvent"]) == 7
    reports = next(sub for sub in event["subEvent"] if sub["url"].endswith(f"/{REPORTS}/"))
    assert (reports["name"], reports["startDate"], reports["location"]["name"]) == (
        "Informes de las regiones mineras",
        "2013-03-01T10:00:00-05:00",
        "Sala Grande",
    )
    assert [person["name"] for person in reports["performer"]] == ["Ivan Petrov", "Thandiwe Nkosi"]


def test_once_the_days_are_past_neither_programme_nor_session_pages_describe_an_event(tmp_path):
    site = copy_site("multilingual", tmp_path, overlay="programme")
    assert run_cli("build", "--site", site, "--out", tmp_path / "out", today=datetime.date(2013, 3, 4)).returncode == 0
    pages = [path for path in (tmp_path / "out" / "es" / "programa").rglob("index.html")]
    assert len(pages) > 7, "the programme, its sessions and its speakers"
    for path in pages:
        assert page(tmp_path / "out", path.relative_to(tmp_path / "out")).find("script", type="application/ld+json") is None, path


def test_the_status_report_counts_the_programme_texts(built):
    site, _ = built
    result = run_cli("status", "--json", "--site", site)
    languages = {entry["language"]: entry for entry in json.loads(result.stdout)["languages"]}
    assert languages["en"]["programme"] is None, "the source language"
    assert {code: (languages[code]["programme"]["translated"], languages[code]["programme"]["total"]) for code in ("es", "ru", "ar")} == {
        "es": (10, 13),
        "ru": (0, 13),
        "ar": (4, 13),
    }
    assert (languages["es"]["programme"]["percent"], languages["ar"]["programme"]["percent"]) == (76.9, 30.8), "to a tenth"
    table = run_cli("status", "--site", site).stdout
    assert "locales/ru/LC_MESSAGES/programme.po: 0 of 13 programme texts translated, 0 fuzzy" in table
    todo = run_cli("status", "ar", "--site", site).stdout.splitlines()
    programme = [line for line in todo if line.startswith("locales/ar/LC_MESSAGES/programme.po:")]
    assert len(programme) == 13 - 4, "each untranslated text at its line"
    assert (
        "locales/ar/LC_MESSAGES/programme.po:54: untranslated programme text: 'Each delegation has **ten minutes**. Reports in writing are collected…'"
        in programme
    )


def test_a_language_whose_programme_texts_are_all_translated_has_nothing_left_in_the_status_table(programme_site):
    site, _ = programme_site
    path = site / "locales" / "es" / "LC_MESSAGES" / "programme.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    for message in catalog:
        if message.id and not message.string:
            message.string = f"{message.id} (es)"
    with path.open("wb") as file:
        write_po(file, catalog)
    table = run_cli("status", "--site", site).stdout
    assert "locales/es/LC_MESSAGES/programme.po" not in table, "13 of 13 is nothing to do"
    assert "locales/ar/LC_MESSAGES/programme.po: 4 of 13 programme texts translated, 0 fuzzy" in table


def test_a_fuzzy_translation_is_not_shown(programme_site):
    site, out = programme_site
    catalog = site / "locales" / "es" / "LC_MESSAGES" / "programme.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(
        text.replace('msgctxt "7f1c2a10-0001-4c1e-9a1e-000000000001|title"', '#, fuzzy\nmsgctxt "7f1c2a10-0001-4c1e-9a1e-000000000001|title"'), encoding="utf-8"
    )
    assert run_cli("build", "--site", site, "--out", out, today=BEFORE_THE_CONFERENCE).returncode == 0
    title = page(out, "es/programa/opening/index.html").h1
    assert (title.get_text(), title.span["lang"]) == ("Opening of the conference", "en")


def test_the_catalogs_command_keeps_a_changed_titles_translation_as_fuzzy(programme_site):
    import shutil
    import subprocess

    from babel.messages.pofile import read_po

    site, _ = programme_site
    schedule = site / "data" / "schedule.json"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace('"Pensions and health"', '"Pensions and health care"'), encoding="utf-8")
    assert run_cli("catalogs", "--site", site).returncode == 0
    with open(site / "locales" / "es" / "LC_MESSAGES" / "programme.po", "rb") as po:
        catalog = read_po(po, locale="es")
    entry = catalog.get("Pensions and health care", context="7f1c2a10-0001-4c1e-9a1e-000000000006|title")
    assert entry.fuzzy and entry.string == "Pensiones y salud", "as msgmerge does: the old translation kept, for the translator to check"
    written = (site / "locales" / "es" / "LC_MESSAGES" / "programme.po").read_text(encoding="utf-8")
    assert '#| msgid "Pensions and health"\nmsgctxt "7f1c2a10-0001-4c1e-9a1e-000000000006|title"' in written, "and what the original was"
    assert "Pensions and health care" in (site / "locales" / "programme.pot").read_text(encoding="utf-8")
    if shutil.which("msgfmt"):
        checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", site / "locales" / "es" / "LC_MESSAGES" / "programme.po"], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr


def test_a_broken_programme_catalog_is_an_error_at_its_line(programme_site):
    site, out = programme_site
    catalog = site / "locales" / "ar" / "LC_MESSAGES" / "programme.po"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("msgstr") and "افتتاح" in line)
    lines[number] = lines[number].replace('msgstr "', 'msgstr "unclosed')[:-1]
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    result = run_cli("build", "--site", site, "--out", out, today=BEFORE_THE_CONFERENCE)
    assert result.returncode == 1
    assert f"locales/ar/LC_MESSAGES/programme.po:{number + 1}:" in result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before


def test_a_schedule_without_a_session_template_is_an_error_naming_it(programme_site):
    site, out = programme_site
    (site / "templates" / "session.html").unlink()
    result = run_cli("build", "--site", site, "--out", out, today=BEFORE_THE_CONFERENCE)
    assert result.returncode == 1
    assert "data/schedule.json: the programme's pages need templates/session.html, which is missing" in result.stderr


@pytest.mark.parametrize("change", ["schedule", "catalog"])
def test_after_an_edit_to_the_programme_an_incremental_build_equals_a_clean_one(programme_site, tmp_path, change):
    from built import tree_digest

    site, out = programme_site
    if change == "schedule":
        path, old, new = site / "data" / "schedule.json", '"Sala 3"', '"Sala Tres"'
    else:
        path, old, new = site / "locales" / "ar" / "LC_MESSAGES" / "programme.po", "افتتاح المؤتمر", "افتتاح أعمال المؤتمر"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert run_cli("build", "--site", site, "--out", out, today=BEFORE_THE_CONFERENCE).returncode == 0
    assert run_cli("build", "--clean", "--site", site, "--out", tmp_path / "clean", today=BEFORE_THE_CONFERENCE).returncode == 0
    assert tree_digest(out) == tree_digest(tmp_path / "clean")


def test_a_room_named_with_a_comma_and_a_semicolon_comes_back_whole_from_every_calendar(programme_site):
    import icalendar

    site, out = programme_site
    schedule = site / "data" / "schedule.json"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace('"Sala 2"', '"Sala 2, planta baja; ala norte"'), encoding="utf-8")
    result = run_cli("build", "--strict", "--site", site, "--out", out, today=BEFORE_THE_CONFERENCE)
    assert result.returncode == 0, result.stderr
    calendars = [out / "es" / "programme.ics", *sorted((out / "es" / "programa").glob("*/*.ics"))]
    rooms = {str(event["LOCATION"]) for path in calendars for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert "Sala 2, planta baja; ala norte" in rooms and "Sala 2" not in rooms
    # Escaped as RFC 5545 asks of a TEXT value (3.3.11): a lenient reader copes without, a strict one does not.
    for path in calendars:
        unfolded = path.read_bytes().decode("utf-8").replace("\r\n ", "")
        assert "LOCATION:Sala 2, " not in unfolded
    assert "LOCATION:Sala 2\\, planta baja\\; ala norte\r\n" in (out / "es" / "programme.ics").read_bytes().decode("utf-8").replace("\r\n ", "")


def test_every_line_of_the_programmes_calendars_is_at_most_75_octets(built):
    """RFC 5545 3.1: longer content lines are folded, a continuation starting with a space."""
    _, out = built
    calendars = [*sorted(out.glob("*/programme.ics")), *sorted(out.glob("*/*/*/*.ics"))]
    assert len(calendars) > 7
    folded = 0
    for path in calendars:
        lines = path.read_bytes().split(b"\r\n")
        assert all(len(line) <= 75 for line in lines), path
        folded += sum(1 for line in lines if line.startswith(b" "))
    assert folded, "the sample has lines long enough to fold"
