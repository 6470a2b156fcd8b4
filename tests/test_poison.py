"""Hostile text in every field a contributor or translator fills, and every output file read by the parser its readers use.

The conference site, with a programme (the sample's schedule in its own templates), a gallery and a city, is
poisoned: each text field gets the same hostile string, tagged with a number that says which field it
came from. Each built file is then parsed as its readers parse it, chosen by its extension (a file of
an unknown kind fails the test, so a new output kind must say how it is read): HTML with an HTML
parser, feeds and the sitemap with an XML parser, JSON-LD, JSON and Pagefind's fragments with json,
calendars with icalendar, nginx's and Caddy's rules with the servers themselves. Wherever a tag shows
up, the whole string is there, as text or an attribute's value; none of it is an element, an
attribute, a comment or script, and every field shows somewhere.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import icalendar
import pytest
import yaml
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup, Comment, Doctype, Tag
from helpers import BEFORE_THE_CONFERENCE, SITES, copy_repository_site, run_cli
from test_hosting import require_program
from test_images import make_jpeg, make_png

LONG_WORD = "Bergarbeiterkonferenzvorbereitungsgruppe" * 5  # 200 letters, no space to break at
# Everything a field may hold that markup, a feed, a calendar, JSON or a template engine gives meaning to.
# "--> <!--" in that order: a Markdown body's comment (<!-- … -->) is removed by design, not shown.
HOSTILE = (
    "Tom & Jerry &amp; AT&T < 3 > 2 "
    'x" zqx-dq="1 '
    "y' zqx-sq='1 "
    "<zqx-tag zqx-attr=1>bold</zqx-tag> "
    "]]> --> <!-- "
    "line\u2028separator rtl\u200fmark C:\\new\\table; a, b "
    "{{ 7*7 }} {% raw %} {# c #} "
    "javascript:alert(1) "
    "</script><script>alert(1)</script> "
    f"{LONG_WORD}"
)
# In a Markdown body "&amp;" is "&", as in HTML, and "<!--" starts a comment, to a "-->" further on,
# which the build removes by design (with a warning).
HOSTILE_MARKDOWN = HOSTILE.replace("&amp; ", "").replace("<!-- ", "")
# What a translator can write and have used: no tags and no template syntax (a translation holding
# either is not used: test_gettext_tools), and "</script" last, after every ">", so it opens no tag.
HOSTILE_TRANSLATION = (
    "Tom & Jerry &amp; < 3 > 2 "
    'x" zqx-dq="1 '
    "y' zqx-sq='1 "
    "]]> --> <!-- "
    "line\u2028separator rtl\u200fmark C:\\new\\table; a, b "
    "javascript:alert(1) "
    f"{LONG_WORD} </script"
)
TAG = re.compile(r"ZQX(\d+):")


@dataclass
class Plant:
    """What was put where: each field's tag number, the field it names, and its whole hostile text."""

    fields: dict[int, str] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)

    def text(self, where: str, hostile: str = HOSTILE) -> str:
        number = len(self.fields) + 1
        self.fields[number] = where
        self.texts[number] = f"ZQX{number}: {hostile} XQZ"
        return self.texts[number]


def poisoned_site(root: Path) -> tuple[Path, Plant]:
    """The conference site with a programme and a gallery, every contributor's and translator's text poisoned."""
    site = copy_repository_site(root, booklet=True)
    plant = Plant()
    programme = SITES / "programme"
    shutil.copy2(programme / "data" / "schedule.json", site / "data" / "schedule.json")
    make_jpeg(site / "content" / "en" / "photos" / "mine.jpg", size=(600, 400))
    make_png(site / "content" / "en" / "photos" / "map.png", size=(500, 300))
    for language in ("en", "es"):
        (site / "content" / language / "gallery.md").write_text(f"---\ntitle: Gallery {language}\ntemplate: gallery.html\n---\n\nText.\n", encoding="utf-8")
    (site / "data" / "galleries").mkdir()
    gallery = [
        {"file": "photos/mine.jpg", "alt": {"en": "Miners", "es": "Mineros"}, "caption": {"en": "Pit head", "es": "Bocamina"}},
        {"file": "photos/map.png", "alt": "The region", "caption": "A map"},
    ]
    (site / "data" / "galleries" / "gallery.yaml").write_text(yaml.safe_dump(gallery, allow_unicode=True), encoding="utf-8")

    poison_site_toml(site / "site.toml", plant)
    for page in sorted((site / "content").rglob("*.md")):
        poison_page(page, site, plant)
    for data in [site / "data" / "participation.yaml", site / "data" / "documents.yaml", site / "data" / "galleries" / "gallery.yaml"]:
        poison_yaml(data, site, plant)
    poison_schedule(site / "data" / "schedule.json", plant)
    made = run_cli("catalogs", "--site", site)  # the programme's catalogs, and the session templates' strings
    assert made.returncode == 0, made.stderr
    poison_catalog(site / "locales" / "de" / "LC_MESSAGES" / "messages.po", site, plant, HOSTILE_TRANSLATION)
    # A session's description is Markdown, in the schedule as in its translation.
    poison_catalog(site / "locales" / "de" / "LC_MESSAGES" / "programme.po", site, plant, HOSTILE_TRANSLATION.replace("&amp; ", "").replace("<!-- ", ""))
    return site, plant


def poison_site_toml(path: Path, plant: Plant) -> None:
    """Each language's conference name, organizer, city and venue (a TOML basic string: JSON's escapes are TOML's)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^\[conference\.venue\]\n(#.*\n)*", "", text)  # the empty "to be announced" table, given below
    for table in ("name", "organizer"):
        section = re.search(rf"(?ms)^\[conference\.{table}\]\n(.*?)(?=^\[|\Z)", text)
        assert section, table
        poisoned = re.sub(
            r'(?m)^(\w+) = "(.*)"$',
            lambda line, table=table: f"{line[1]} = {json.dumps(line[2] + ' ' + plant.text(f'site.toml conference.{table}.{line[1]}'))}",
            section[1],
        )
        text = text[: section.start(1)] + poisoned + text[section.end(1) :]
    text = text.replace("[conference]\n", '[conference]\ntimezone = "America/Lima"\n', 1)
    for table in ("city", "venue"):
        text += f"\n[conference.{table}]\n" + "".join(
            f"{language} = {json.dumps(plant.text(f'site.toml conference.{table}.{language}'))}\n" for language in ("en", "de")
        )
    path.write_text(text, encoding="utf-8")


def poison_page(path: Path, site: Path, plant: Plant) -> None:
    """Title, summary and menu title, a heading, a link's text and a paragraph of the body."""
    where = path.relative_to(site).as_posix()
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    matter = yaml.safe_load(front)
    for key in ("title", "summary", "menu_title"):
        if key in matter or key == "title":
            matter[key] = str(matter.get(key, "")) + " " + plant.text(f"{where} {key}")
    if path.stem == "programme":  # with a schedule, the programme page shows the programme in place of its text (page_text)
        path.write_text("---\n" + yaml.safe_dump(matter, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")
        return
    heading, paragraph, link = (plant.text(f"{where} {part}", HOSTILE_MARKDOWN) for part in ("heading", "paragraph", "link text"))
    body += f"\n## {heading}\n\n{paragraph}\n\n[{link}](#top)\n"
    path.write_text("---\n" + yaml.safe_dump(matter, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")


# The keys of the data files whose values are texts people write; the others are codes, files and addresses.
TEXT_KEYS = {"name", "title", "note", "alt", "caption"}


def poison_yaml(path: Path, site: Path, plant: Plant) -> None:
    where = path.relative_to(site).as_posix()

    def walk(value, key=None, trail=""):
        if isinstance(value, list):
            return [walk(item, key, f"{trail}[{index}]") for index, item in enumerate(value)]
        if isinstance(value, dict):
            if key in TEXT_KEYS:  # texts by language
                return {language: f"{text} {plant.text(f'{where} {trail}.{language}')}" for language, text in value.items()}
            return {name: walk(item, name, f"{trail}.{name}") for name, item in value.items()}
        if key in TEXT_KEYS and isinstance(value, str):
            return f"{value} {plant.text(f'{where} {trail}')}"
        return value

    data = walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


SESSION_TEXTS = ("title", "subtitle", "abstract", "description", "track")


def poison_schedule(path: Path, plant: Plant) -> None:
    """Each session's texts, its speakers' names and its room (renamed wherever the room is named)."""
    schedule = json.loads(path.read_text(encoding="utf-8"))
    rooms: dict[str, str] = {}
    for day in schedule["schedule"]["conference"]["days"]:
        for room, sessions in list(day["rooms"].items()):
            if room not in rooms:
                rooms[room] = f"{room} {plant.text(f'schedule.json room {room}')}"
            day["rooms"][rooms[room]] = day["rooms"].pop(room)
            for session in sessions:
                session["room"], guid = rooms[room], session["guid"]
                for key in SESSION_TEXTS:
                    if session.get(key):  # a description is Markdown
                        session[key] += " " + plant.text(f"schedule.json {guid} {key}", HOSTILE_MARKDOWN if key == "description" else HOSTILE)
                for person in session.get("persons", []):
                    person["public_name"] += " " + plant.text(f"schedule.json {guid} person")
    path.write_text(json.dumps(schedule, ensure_ascii=False, indent=1), encoding="utf-8")


def poison_catalog(path: Path, site: Path, plant: Plant, hostile: str) -> None:
    """Every msgstr of one language's catalog, translated or not, given a text that ends with the hostile one."""
    with path.open("rb") as file:
        catalog = read_po(file)
    text = plant.text(path.relative_to(site).as_posix(), hostile)
    for message in catalog:
        if not message.id:
            continue
        # Keep each placeholder of the original: gettext would refuse the translation otherwise.
        if isinstance(message.id, (list, tuple)):
            message.string = tuple(f"{message.id[min(index, 1)]} {text}" for index in range(catalog.num_plurals))
        else:
            message.string = f"{message.id} {text}"
        message.flags.discard("fuzzy")
    with path.open("wb") as file:
        write_po(file, catalog, width=0)


# --- Reading every output file as its readers read it ---------------------------------------


@dataclass
class Reading:
    """What the readers found: each field's tag where it shows whole, and everything that is wrong."""

    plant: Plant
    shown: dict[int, set[str]] = field(default_factory=dict)  # tag number → the files it shows in
    wrong: list[str] = field(default_factory=list)

    def text(self, file: str, text: str, normalise_spaces: bool = False, printed: bool = False) -> None:
        """A text as a reader gets it (a text node, an attribute's value, a JSON or calendar string): each tag with its whole string.

        ``printed``: as text extraction reads a printed page, which has no white space but where a line ends or a gap
        shows, and draws no invisible mark: every other character in its place."""
        for found in TAG.finditer(text):
            number = int(found[1])
            whole = self.plant.texts.get(number, "")
            rest = text[found.start() : found.start() + len(whole)]
            if printed:
                whole = "".join(char for char in whole if not char.isspace() and unicodedata.category(char) != "Cf")
                rest = "".join(char for char in text[found.start() : found.start() + 3 * len(whole)] if not char.isspace())[: len(whole)]
            elif normalise_spaces:
                whole, rest = (re.sub(r"\s+", " ", value) for value in (whole, text[found.start() :]))
                rest = rest[: len(whole)]
            if rest != whole:
                self.wrong.append(f"{file}: field {number} ({self.plant.fields.get(number)}) is not whole: {text[found.start() : found.start() + 160]!r}")
            else:
                self.shown.setdefault(number, set()).add(file)

    def nowhere(self, file: str, text: str, what: str) -> None:
        """Where no contributor's text belongs (markup, script, a server's rules): not a trace of one."""
        if "zqx" in text.lower():
            self.wrong.append(f"{file}: hostile text in {what}: {text[max(0, text.lower().find('zqx') - 40) :][:160]!r}")


def read_html(reading: Reading, file: str, data: bytes) -> None:
    soup = BeautifulSoup(data.decode("utf-8"), "html.parser")
    for node in soup.descendants:
        if isinstance(node, (Comment, Doctype)) or type(node).__name__ in ("CData", "ProcessingInstruction", "Declaration"):
            reading.nowhere(file, str(node), "a comment or declaration")
        elif isinstance(node, str):
            if node.parent.name == "script":
                read_script(reading, file, node.parent, str(node))
            elif node.parent.name == "style":
                reading.nowhere(file, str(node), "a style element")
            else:
                reading.text(file, str(node))
        elif isinstance(node, Tag):
            reading.nowhere(file, node.name, "an element's name")
            for name, value in node.attrs.items():
                reading.nowhere(file, name, f"an attribute's name on <{node.name}>")
                reading.text(file, " ".join(value) if isinstance(value, list) else value)


def read_script(reading: Reading, file: str, script, content: str) -> None:
    if script.get("type") != "application/ld+json":
        reading.nowhere(file, content, "a script")
        return
    if re.search(r"</script|<!--", content, re.I):
        reading.wrong.append(f"{file}: JSON-LD holds '</script' or '<!--', which end or change the script element")
    try:
        read_json_value(reading, file, json.loads(content))
    except ValueError as error:
        reading.wrong.append(f"{file}: JSON-LD does not parse: {error}")


def read_json_value(reading: Reading, file: str, value, normalise_spaces: bool = False) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            reading.nowhere(file, key, "a JSON key")
            read_json_value(reading, file, item, normalise_spaces)
    elif isinstance(value, list):
        for item in value:
            read_json_value(reading, file, item, normalise_spaces)
    elif isinstance(value, str):
        reading.text(file, value, normalise_spaces)


def read_xml(reading: Reading, file: str, data: bytes) -> None:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        reading.wrong.append(f"{file}: XML does not parse: {error}")
        return
    for element in root.iter():
        reading.nowhere(file, element.tag, "an element's name")
        for name, value in element.attrib.items():
            reading.nowhere(file, name, "an attribute's name")
            reading.text(file, value)
        if element.get("type") == "html":  # Atom's escaped HTML: a feed reader parses it as HTML
            read_html(reading, file, (element.text or "").encode("utf-8"))
        else:
            reading.text(file, element.text or "")
        reading.text(file, element.tail or "")


def read_calendar(reading: Reading, file: str, data: bytes) -> None:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        reading.wrong.append(f"{file}: calendar does not parse: {error}")
        return
    for component in calendar.walk():
        for name, value in component.property_items(recursive=False):
            reading.nowhere(file, name, "a property's name")
            for parameter, parameter_value in getattr(value, "params", {}).items():
                reading.nowhere(file, parameter, "a parameter's name")
                reading.text(file, str(parameter_value))
            # A property icalendar has no type for (X-WR-CALNAME) comes as its escaped form: read it as TEXT, as calendars do.
            if isinstance(value, str) and not name.startswith("X-"):
                reading.text(file, str(value))
            else:  # a property icalendar has no type for (X-WR-CALNAME) comes as written: unescaped as TEXT, as calendars do
                raw = value if isinstance(value, (str, bytes)) else cast(Any, value).to_ical()
                raw = raw.decode() if isinstance(raw, bytes) else str(raw)
                reading.text(file, re.sub(r"\\([\\;,nN])", lambda escape: "\n" if escape[1] in "nN" else escape[1], raw))


def read_json(reading: Reading, file: str, data: bytes) -> None:
    try:
        read_json_value(reading, file, json.loads(data))
    except ValueError as error:
        reading.wrong.append(f"{file}: JSON does not parse: {error}")


def read_pagefind_fragment(reading: Reading, file: str, data: bytes) -> None:
    """A page's text as Pagefind keeps it for its results (search.js shows it as text): JSON after a signature, gzipped."""
    text = gzip.decompress(data).decode("utf-8")
    assert text.startswith("pagefind_dcd"), file
    try:
        fragment = json.loads(text[len("pagefind_dcd") :])
    except ValueError as error:
        reading.wrong.append(f"{file}: Pagefind fragment does not parse: {error}")
        return
    if "image_alt" in fragment.get("meta", {}):  # Pagefind keeps an image's alt as HTML (search.js does not show it)
        fragment["meta"]["image_alt"] = html.unescape(fragment["meta"]["image_alt"])
    # Pagefind makes every run of white space one space: the string is whole but for that.
    read_json_value(reading, file, fragment, normalise_spaces=True)


def read_nothing_of_ours(reading: Reading, file: str, data: bytes) -> None:
    """Files no contributor's text reaches: static files, Pagefind's program and index, photographs, server rules."""
    reading.nowhere(file, data.decode("latin-1"), "a file that holds no contributor's text")


def read_plain_text(reading: Reading, file: str, data: bytes) -> None:
    """The text-only version as plain text: every string whole, as text (white space made one space, as in a paragraph)."""
    reading.text(file, data.decode("utf-8"), normalise_spaces=True)


def read_booklet(reading: Reading, file: str, data: bytes) -> None:
    """A language's booklet as pdftotext reads it (what is copied, searched, read aloud): every string whole, as text,
    read across the pages without their numbers."""
    # -layout: as the page shows it, a word broken at its hyphen kept so (by default, pdftotext joins it without).
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    pages = [re.sub(r"\n\s*\d+\s*$", "\n", page) for page in result.stdout.decode("utf-8").split("\f")]
    reading.text(file, "".join(pages), printed=True)


def read_image(reading: Reading, file: str, data: bytes) -> None:
    """An image's bytes: a planted string would show as its "zqx-" whole (three bytes alone turn up by chance in compressed data)."""
    if b"zqx-" in data:
        reading.wrong.append(f"{file}: hostile text in an image's bytes")


def read_gzipped(reading: Reading, file: str, data: bytes) -> None:
    reading.nowhere(file, gzip.decompress(data).decode("latin-1"), "a file that holds no contributor's text")


def read_search_index(reading: Reading, file: str, data: bytes) -> None:
    """Pagefind's index of words (lower-cased, split at punctuation, so "zqx" is one), and its metadata, which
    names the first and last word of each chunk of it: it unpacks."""
    assert gzip.decompress(data).startswith(b"pagefind_dcd"), file


# Each kind of output file, by the end of its name, and how its readers read it. A file of any other
# kind fails the test: say here how its readers read it.
READERS = {
    ".html": read_html,
    ".xml": read_xml,
    ".ics": read_calendar,
    ".json": read_json,
    ".pf_fragment": read_pagefind_fragment,
    ".pf_meta": read_search_index,  # the index's chunk boundaries, which are words of the index
    ".pf_index": read_search_index,
    ".pagefind": read_gzipped,
    ".js": read_nothing_of_ours,
    ".css": read_nothing_of_ours,
    ".svg": read_nothing_of_ours,
    ".jpg": read_image,
    ".png": read_image,
    ".webp": read_image,
    "booklet.pdf": read_booklet,
    ".pdf": read_nothing_of_ours,
    "text.txt": read_plain_text,  # each language's text-only version, to forward by message
    ".txt": read_nothing_of_ours,
    ".htaccess": read_nothing_of_ours,  # Apache reads it at each request; served by test_hosting
    "_redirects": read_nothing_of_ours,  # Netlify's
    "_headers": read_nothing_of_ours,
    ".sitegen-output": read_nothing_of_ours,
}


def reader_for(path: Path):
    return READERS.get(path.name) or READERS.get(path.suffix or path.name)


def read_output(out: Path, plant: Plant) -> Reading:
    reading = Reading(plant)
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        file = path.relative_to(out).as_posix()
        reader = reader_for(path)
        if reader is None:
            reading.wrong.append(f"{file}: an output of a kind this test does not know how to read: add its reader to READERS")
            continue
        reader(reading, file, path.read_bytes())
    return reading


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    root = tmp_path_factory.mktemp("poisoned")
    site, plant = poisoned_site(root)
    result = run_cli("build", "--site", site, "--out", root / "out", today=BEFORE_THE_CONFERENCE)
    assert result.returncode == 0, result.stderr
    return site, root / "out", plant, result.stderr


def test_every_output_file_parses_and_holds_the_hostile_strings_only_as_text(poisoned):
    _, out, plant, _ = poisoned
    reading = read_output(out, plant)
    assert reading.wrong == []
    missing = {number: where for number, where in plant.fields.items() if number not in reading.shown}
    assert missing == {}, "every field shows somewhere, whole"


@pytest.mark.parametrize("server", ["nginx", "caddy"])
def test_the_printed_server_rules_of_the_poisoned_site_hold_none_of_it_and_the_server_reads_them(poisoned, server, tmp_path):
    site, out, _, _ = poisoned
    result = run_cli("server-config", server, "--site", site, "--root", out, "--listen", "127.0.0.1:8999" if server == "nginx" else "http://127.0.0.1:8999")
    assert result.returncode == 0, result.stderr
    assert "zqx" not in result.stdout.lower()
    program = require_program(server)
    if server == "nginx":
        (tmp_path / "nginx.conf").write_text(
            f"error_log {tmp_path}/error.log;\npid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n    include /etc/nginx/mime.types;\n{result.stdout}\n}}\n",
            encoding="utf-8",
        )
        checked = subprocess.run([program, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True, timeout=30)
    else:
        (tmp_path / "Caddyfile").write_text("{\n\tadmin off\n\tauto_https off\n}\n" + result.stdout, encoding="utf-8")
        environment = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
        checked = subprocess.run(
            [program, "validate", "--config", str(tmp_path / "Caddyfile"), "--adapter", "caddyfile"],
            capture_output=True,
            text=True,
            timeout=30,
            env=environment,
        )
    assert checked.returncode == 0, checked.stderr
