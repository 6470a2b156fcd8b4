"""The usual injection strings, in every field a contributor controls, never reach a reader as code."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree

import icalendar
import pytest
from built import BuiltSite
from helpers import BASE_URL, BEFORE_THE_CONFERENCE, copy_repository_site, run_cli

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    "</script><script>alert(4)</script>",
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="evil.swf"></object>',
    "{{ 7*7 }}{% raw %}",
]
ATTACK = " ".join(PAYLOADS)
# What a translator's string can try without a tag (tags make a translation unused: test_gettext_tools): break out of the attribute it lands in.
QUOTE_ATTACK = """" onmouseover="alert(5)" x=' onfocus='alert(6)' &amp; &lt;b&gt;"""
# A news item's summary, which the feed carries: a feed reader parses XML, where a bare & or < breaks every entry.
FEED_SUMMARY = "Tom & Jerry <3 &amp; ]]> " + ATTACK
# Markdown's own javascript: links are build errors: see the last test.
MARKDOWN_ATTACK = "\n\n".join(
    PAYLOADS
    + [
        '<a href="javascript:alert(8)">x</a>',
        '<p onclick="alert(9)">para</p>',
        "<form action=https://evil.example><input name=x></form>",
        "<style>body{display:none}</style>",
    ]
)


def yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def poison(site, allow_raw_html: bool) -> None:
    """Put the payloads in front matter, Markdown, a catalog, the data file and site.toml."""
    page = site / "content" / "es" / "invitation.md"
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", "title: " + yaml_quoted("Invitación " + ATTACK), text, count=1, flags=re.M)
    text = re.sub(r"^summary: .*$", "summary: " + yaml_quoted(ATTACK), text, count=1, flags=re.M)
    text = re.sub(r"^menu_title: .*$", "menu_title: " + yaml_quoted(ATTACK), text, count=1, flags=re.M)
    # With raw HTML allowed, its javascript: link is an error, as Markdown's are (the tests below): the rest must be made harmless.
    attack = MARKDOWN_ATTACK.replace('<a href="javascript:alert(8)">x</a>', "") if allow_raw_html else MARKDOWN_ATTACK
    page.write_text(text + "\n\n" + attack + "\n", encoding="utf-8")
    news = site / "content" / "de" / "news" / "ilps-call.md"
    text = re.sub(r"^title: .*$", "title: " + yaml_quoted(ATTACK), news.read_text(encoding="utf-8"), count=1, flags=re.M)
    text = re.sub(r"^summary: .*$", "summary: " + yaml_quoted(FEED_SUMMARY), text, count=1, flags=re.M)
    news.write_text(text + "\n" + attack + "\n", encoding="utf-8")
    catalog = site / "locales" / "ru" / "LC_MESSAGES" / "messages.po"
    # "%" is doubled, as gettext wants for a literal percent sign (a lone one is a placeholder error).
    text = catalog.read_text(encoding="utf-8").replace('msgstr "Языки"', "msgstr " + json.dumps(QUOTE_ATTACK, ensure_ascii=False))
    catalog.write_text(text.replace('msgstr "Меню"', "msgstr " + json.dumps(ATTACK.replace("%", "%%"), ensure_ascii=False)), encoding="utf-8")
    data = site / "data" / "participation.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("- name: Comisión Nacional Organizadora", "- name: " + yaml_quoted(ATTACK)), encoding="utf-8")
    config = site / "site.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('es = "1.ª Conferencia Internacional de Mineros"', "es = " + json.dumps(ATTACK, ensure_ascii=False))
    text = text.replace('ru = "Арекипа"', "ru = " + json.dumps(ATTACK, ensure_ascii=False))
    text = text.replace("allow_raw_html = false", f"allow_raw_html = {str(allow_raw_html).lower()}")
    config.write_text(text, encoding="utf-8")


def is_emblem(svg) -> bool:
    """Shapes only, hidden from screen readers: nothing in it can run, load or link."""
    return svg.get("aria-hidden") == "true" and all(child.name in ("g", "rect", "path") for child in svg.find_all(True))


def dangers(site: BuiltSite) -> list[str]:
    """Everything in the built pages that a browser would run, load or submit, beyond the site's own script."""
    found = []
    for page in site.pages():
        soup = site.soup(page)
        # The search page's own script and field (templates/search.html), and nothing else of the kind.
        is_search = page.endswith("/search/index.html")
        scripts = ("choose-language.", "search.") if is_search else ("choose-language.",)
        own = {("form", "search-form"), ("input", "search-input")} if is_search else set()
        emblems = 0
        for element in soup.find_all(True):
            name = element.name
            if name == "script":
                if element.get("type") == "application/ld+json":
                    json.loads(element.string)  # stays data: it parses, nothing breaks out
                elif not element.get("src", "").rsplit("/", 1)[-1].startswith(scripts):
                    found.append(f"{page}: <script>")
            if name in ("iframe", "object", "embed", "form", "input", "style", "svg", "base", "frame"):
                if name == "svg" and element.get("class") == ["emblem"] and emblems < 2 and is_emblem(element):
                    emblems += 1  # the site's own pick and hammer (templates/emblem.html): the header's, and the home page's
                elif (name, element.get("id")) in own:
                    own.discard((name, element.get("id")))  # once: a second one would be someone else's
                else:
                    found.append(f"{page}: <{name}>")
            for attribute, value in element.attrs.items():
                if attribute.lower().startswith("on"):
                    found.append(f"{page}: {attribute}= on <{name}>")
                if attribute in ("href", "src", "action", "data") and re.match(r"\s*(javascript|data|vbscript):", str(value), re.I):
                    found.append(f"{page}: {attribute}={value!r}")
    return found


@pytest.mark.parametrize("allow_raw_html", [False, True], ids=["raw HTML shown as text", "raw HTML sanitized"])
def test_no_payload_becomes_code_anywhere(tmp_path, allow_raw_html):
    site = copy_repository_site(tmp_path)
    poison(site, allow_raw_html)
    result = run_cli("build", "--site", site, "--out", tmp_path / "out", today=BEFORE_THE_CONFERENCE)
    assert result.returncode == 0, result.stderr
    assert re.search(r"locales/ru/LC_MESSAGES/messages.po:\d+: warning: template syntax '\{\{ 7\*7 \}\}' in the translation of 'Menu'", result.stderr)
    built = BuiltSite(tmp_path / "out", BASE_URL)
    assert dangers(built) == []

    spanish = built.soup("es/invitacion/index.html")
    assert ATTACK in spanish.h1.get_text(), "the title is shown as the text it is"
    assert ATTACK in spanish.find("meta", attrs={"name": "description"})["content"]
    assert spanish.find("meta", property="og:title")["content"].endswith(ATTACK)
    russian = built.soup("ru/index.html")
    assert russian.select_one("nav.languages")["aria-label"] == QUOTE_ATTACK, "the translator's quotes stay inside the attribute, as text"
    assert "alert(1)" not in str(russian) and "Menu" in russian.get_text(), "the translation with tags is not used"
    assert ATTACK in built.soup("es/participantes/index.html").select_one("ul.organisations").get_text()
    event = json.loads(built.soup("es/index.html").find("script", type="application/ld+json").string)
    assert event["name"] == ATTACK
    assert "{{ 7*7 }}" in spanish.main.get_text(), "contributors' text is never run as a template"
    feed = ElementTree.parse(tmp_path / "out" / "de" / "feed.xml").getroot()
    assert feed.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title").text == ATTACK
    assert feed.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary").text == FEED_SUMMARY, "as text, & and < too"
    calendar = icalendar.Calendar.from_ical((tmp_path / "out" / "es" / "conference.ics").read_bytes())
    assert str(next(iter(calendar.walk("VEVENT")))["SUMMARY"]) == ATTACK
    if allow_raw_html:
        assert spanish.select_one("main p") is not None and "para" in spanish.main.get_text(), "harmless HTML is kept"
    else:
        assert '<p onclick="alert(9)">para</p>' in spanish.main.get_text(), "raw HTML is shown as text"


@pytest.mark.parametrize("link", ["[click](JaVaScRiPt:alert(1))", "![x](data:text/html;base64,PHNjcmlwdD4=)", "[x]( javascript:alert(1))"])
def test_javascript_and_data_links_in_markdown_are_an_error_not_a_silent_removal(sample, tmp_path, link):
    site = sample("multilingual")
    page = site / "content" / "en" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{link}\n", encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "is not allowed: only http, https, mailto and tel links" in result.stderr.splitlines()[0]


@pytest.mark.parametrize(
    "raw",
    ['<a href="javascript:alert(2)">js</a>', "<img alt=x src='data:image/svg+xml;base64,PHN2Zz4='>", '<a href="&#106;ava&#9;script:alert(3)">js</a>'],
    ids=["javascript", "data", "entities and a tab"],
)
def test_javascript_and_data_links_in_allowed_raw_html_are_an_error_too(sample, tmp_path, raw):
    site = sample("multilingual")
    config = site / "site.toml"
    config.write_text("allow_raw_html = true\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    page = site / "content" / "en" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n<p>plain {raw}</p>\n", encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1, result.stderr
    assert "is not allowed: only http, https, mailto and tel links" in result.stderr.splitlines()[0], result.stderr


def test_a_link_that_is_no_address_at_all_is_an_error_at_its_line(sample, tmp_path):
    site = sample("multilingual")
    page = site / "content" / "en" / "about.md"
    lines = page.read_text(encoding="utf-8").count("\n")
    page.write_text(page.read_text(encoding="utf-8") + "\n[the IPG](http://[ipg)\n", encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"content/en/about.md:{lines + 2}: link 'http://[ipg' is not a web address (Invalid IPv6 URL): check its brackets"
    assert "Traceback" not in result.stderr
