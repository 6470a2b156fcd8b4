"""The programme's schedule (data/schedule.json, as pretalx and frab export it) is read and checked like site.toml."""

from __future__ import annotations

import datetime
import json
import shutil

from helpers import SITES, run_cli

from sitegen.inputs.config import load_config
from sitegen.inputs.schedule import load_schedule

LIMA = datetime.timezone(datetime.timedelta(hours=-5))


def session(guid: str, title: str, start: str, duration: str = "01:00", room: str = "Sala Grande", **more) -> dict:
    return {"guid": guid, "title": title, "date": start, "start": start[11:16], "duration": duration, "room": room, **more}


def frab(*days: tuple[str, dict[str, list[dict]]]) -> dict:
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "schedule": {
            "version": "1.0",
            "conference": {
                "acronym": "imc2013",
                "title": "Sample Conference",
                "time_zone_name": "America/Lima",
                "days": [{"index": i, "date": date, "rooms": rooms} for i, (date, rooms) in enumerate(days)],
            },
        },
    }


A_PROGRAMME = frab(
    ("2013-03-01", {
        "Sala Grande": [session("a1", "Opening", "2013-03-01T09:00:00-05:00", persons=[{"public_name": "Ana Quispe"}], language="es"),
                        session("a2", "Reports from the mines", "2013-03-01T10:30:00-05:00", "02:00", language="en")],
        "Sala 2": [session("b1", "Women in mining", "2013-03-01T10:30:00-05:00", room="Sala 2", links=[{"url": "https://example.org/a", "title": "Paper"}])],
    }),
    ("2013-03-03", {"Sala Grande": [session("c1", "Resolutions", "2013-03-03T15:00:00-05:00", "01:30")]}),
)  # fmt: skip


def with_schedule(site, schedule, timezone='"America/Lima"'):
    toml = site / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('contact_email = ""', f'contact_email = ""\ntimezone = {timezone}', 1), encoding="utf-8")
    for name in ("session.html", "people.html", "programme-text.html"):  # the templates of its sessions' pages
        shutil.copy(SITES / "programme" / "templates" / name, site / "templates" / name)
    (site / "data").mkdir(exist_ok=True)
    (site / "data" / "schedule.json").write_text(schedule if isinstance(schedule, str) else json.dumps(schedule, indent=1), encoding="utf-8")
    return site


def test_a_schedule_is_read_with_its_rooms_times_and_people(sample):
    site = with_schedule(sample("multilingual"), A_PROGRAMME)
    schedule, problems = load_schedule(site, load_config(site))
    assert problems == []
    assert schedule.rooms == ("Sala Grande", "Sala 2")
    assert [s.guid for s in schedule.sessions] == ["a1", "a2", "b1", "c1"], "by start, then room"
    opening = schedule.sessions[0]
    assert opening.start == datetime.datetime(2013, 3, 1, 9, tzinfo=LIMA) and opening.end == datetime.datetime(2013, 3, 1, 10, tzinfo=LIMA)
    assert opening.persons == ("Ana Quispe",) and opening.language == "es"
    assert schedule.sessions[2].links == (("https://example.org/a", "Paper"),)
    assert schedule.days(LIMA) == (datetime.date(2013, 3, 1), datetime.date(2013, 3, 3))


def test_a_site_with_a_schedule_builds(sample, tmp_path):
    site = with_schedule(sample("multilingual"), A_PROGRAMME)
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr


def test_every_problem_of_a_broken_schedule_is_listed_at_once_with_its_place(sample, tmp_path):
    broken = frab(
        ("2013-03-01", {
            "Sala Grande": [session("a1", "Opening", "2013-03-01T09:00:00-05:00", "01:30"),
                            session("a2", "Overlapping", "2013-03-01T10:00:00-05:00"),
                            session("a1", "Same guid", "2013-03-01T12:00:00-05:00"),
                            session("a4", "No offset", "2013-03-01T13:00:00"),
                            session("a5", "Bad duration", "2013-03-01T15:00:00-05:00", "90 minutes"),
                            {**session("a6", "", "2013-03-01T17:00:00-05:00"), "abstrakt": "typo"}],
            "Sala 2": [session("b1", "Before the conference", "2013-02-28T10:00:00-05:00", room="Sala 2"),
                       session("b2", "Wrong room", "2013-03-01T10:00:00-05:00", room="Sala 3")],
        }),
    )  # fmt: skip
    site = with_schedule(sample("multilingual"), broken)
    (tmp_path / "out").mkdir()
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    room = "data/schedule.json: /schedule/conference/days/0/rooms"
    expected = [
        f"{room}/Sala Grande/1: 'Overlapping' starts at 2013-03-01T10:00:00-05:00, before 'Opening' (/schedule/conference/days/0/rooms/Sala Grande/0) ends in the same room 'Sala Grande'",
        f"{room}/Sala Grande/2/guid: 'a1' is also the guid of /schedule/conference/days/0/rooms/Sala Grande/0: each session needs its own",
        f"{room}/Sala Grande/3/date: '2013-03-01T13:00:00' has no UTC offset: write it as \"2013-03-01T13:00:00-05:00\" or with Z",
        f'{room}/Sala Grande/4/duration: must be "HH:MM", not the string "90 minutes"',
        f"{room}/Sala Grande/5/title: is empty",
        f"{room}/Sala 2/0/date: 'Before the conference' is on 2013-02-28, outside the conference's days (2013-03-01 to 2013-03-03, America/Lima)",
        f"{room}/Sala 2/1/room: is 'Sala 3', but the session is listed under the room 'Sala 2'",
    ]
    for line in expected:
        assert line in lines, f"{line!r} not in:\n" + "\n".join(lines)
    assert "Traceback" not in result.stderr
    assert list((tmp_path / "out").iterdir()) == [], "nothing written"


def test_an_unknown_session_key_is_a_warning_that_suggests_the_known_one(sample, tmp_path):
    typo = json.loads(json.dumps(A_PROGRAMME))
    typo["schedule"]["conference"]["days"][0]["rooms"]["Sala 2"][0]["abstrakt"] = "Why the women's committees matter."
    site = with_schedule(sample("multilingual"), typo)
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (
        "data/schedule.json: warning: /schedule/conference/days/0/rooms/Sala 2/0/abstrakt: unknown key (did you mean 'abstract'?)" in result.stderr.splitlines()
    )
    strict = run_cli("build", "--strict", "--site", site, "--out", tmp_path / "out")
    assert strict.returncode == 1


def test_a_schedule_that_is_not_json_is_an_error_at_its_line(sample, tmp_path):
    site = with_schedule(sample("multilingual"), '{\n "schedule": {\n  "version": "1",\n }\n}\n')
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("data/schedule.json:4: is not valid JSON: ")


def test_a_schedule_needs_the_conference_time_zone(sample, tmp_path):
    site = sample("multilingual")
    for name in ("session.html", "people.html", "programme-text.html"):  # the templates of its sessions' pages
        shutil.copy(SITES / "programme" / "templates" / name, site / "templates" / name)
    (site / "data").mkdir(exist_ok=True)
    (site / "data" / "schedule.json").write_text(json.dumps(A_PROGRAMME), encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert (
        'site.toml: [conference] has no timezone: data/schedule.json needs one to show its times (an IANA name such as "America/Lima")'
        in result.stderr.splitlines()
    )
