"""The programme page: the schedule by day, a column per room, times in the conference's zone in each language's CLDR format."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import copy_site, run_cli


@pytest.fixture
def programme_site(tmp_path):
    site = copy_site("multilingual", tmp_path, overlay="programme")
    result = run_cli("build", "--strict", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    return site, tmp_path / "out"


def page(out, path) -> BeautifulSoup:
    return BeautifulSoup((out / path).read_text(encoding="utf-8"), "html.parser")


def test_each_day_is_a_table_with_a_column_per_room(programme_site):
    _, out = programme_site
    spanish = page(out, "es/programa/index.html")
    days = spanish.select("section.programme-day")
    assert [day.h2.get_text() for day in days] == ["viernes, 1 de marzo de 2013", "sábado, 2 de marzo de 2013", "domingo, 3 de marzo de 2013"]
    first = days[0].table
    assert [th.get_text() for th in first.thead.find_all("th")] == ["Hora", "Sala Grande", "Sala 2", "Sala 3"]
    reports = first.find("p", string="Reports from the mining regions").parent
    assert reports["rowspan"] == "3", "10:00–12:30 spans the slots that start at 10:00, 10:30 and 12:00"
    assert reports.find("time").get_text() == "10:00–12:30" and reports.find("time")["datetime"] == "2013-03-01T10:00:00-05:00"
    assert "Ivan Petrov, Thandiwe Nkosi" in reports.get_text() and "inglés" in reports.get_text(), "the session's language, named in Spanish"
    assert spanish.select_one("p.timezone").get_text() == "Las horas están en hora de Perú."


def test_each_row_has_a_cell_for_every_room_not_covered_by_a_longer_session(programme_site):
    _, out = programme_site
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


def test_times_follow_each_language_and_the_page_its_direction(programme_site):
    _, out = programme_site
    arabic = page(out, "ar/barnamaj/index.html")
    assert arabic.html["dir"] == "rtl" and arabic.html["lang"] == "ar"
    workshop = arabic.find("p", string="Safety at work: a workshop").parent
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
    result = run_cli("build", "-v", "--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    (rendered,) = re.findall(r"rendered (\d+) of \d+ pages", result.stderr + result.stdout)
    assert int(rendered) == 4, "the programme page of each of the four languages"
    assert "Pensions, health and housing" in (out / "es" / "programa" / "index.html").read_text(encoding="utf-8")


PROGRAMME_PAGES = ["en/programme/index.html", "es/programa/index.html", "ru/programme/index.html", "ar/barnamaj/index.html"]


@pytest.mark.parametrize("width", [320, 1280])
def test_the_programme_passes_axe_on_a_phone_and_a_wide_screen_in_every_language(programme_site, browser, width, tmp_path):
    from browsing import serve
    from test_accessibility import AXE, axe_violations, require

    require(AXE, "axe-core")
    _, out = programme_site
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


def test_the_programme_is_valid_html(programme_site):
    import shutil
    import subprocess

    from test_accessibility import VNU, require

    require(VNU, "vnu-jar")
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not installed")
    _, out = programme_site
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", *(str(out / path) for path in PROGRAMME_PAGES)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_the_programme_calendar_has_every_session_at_its_instant(programme_site):
    import datetime

    import icalendar

    _, out = programme_site
    spanish = page(out, "es/programa/index.html")
    link = spanish.select_one('a[type="text/calendar"]')
    assert link.get_text() == "Añadir el programa a su calendario"
    calendar = icalendar.Calendar.from_ical((out / "es" / "programa" / link["href"]).resolve().read_bytes())
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == 7
    reports = events["7f1c2a10-0001-4c1e-9a1e-000000000002"]
    lima = datetime.timezone(datetime.timedelta(hours=-5))
    assert reports["DTSTART"].dt == datetime.datetime(2013, 3, 1, 10, tzinfo=lima)
    assert reports["DTEND"].dt == datetime.datetime(2013, 3, 1, 12, 30, tzinfo=lima)
    assert str(reports["SUMMARY"]) == "Reports from the mining regions" and str(reports["LOCATION"]) == "Sala Grande"
    anchor = str(reports["URL"]).rpartition("#")[2]
    assert spanish.find(id=anchor) is not None, "the event links to its session on the programme page"
    assert (out / "ar" / "programme.ics").read_bytes() != (out / "es" / "programme.ics").read_bytes(), "each language links its own page"
