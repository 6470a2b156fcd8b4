"""sitegen new: another conference's organisers start a site that builds at once and passes check."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from built import BuiltSite
from helpers import run_cli

from sitegen.core.schema import declared_keys
from sitegen.inputs.config import Conference, SiteConfig

SITEGEN = Path(sys.executable).with_name("sitegen")


def sitegen(*args, cwd=None) -> subprocess.CompletedProcess:
    """The installed console script, as an organiser runs it (make build installs it in .venv)."""
    command = [str(SITEGEN)] if SITEGEN.exists() else [sys.executable, "-m", "sitegen.cli"]
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=180)


def test_a_new_site_builds_at_once_and_passes_check(tmp_path):
    site = tmp_path / "second-conference"
    made = sitegen("new", site, "--name", "Second Conference")
    assert made.returncode == 0, made.stderr
    built = sitegen("build", "--site", site)
    assert built.returncode == 0, built.stderr
    home = BeautifulSoup((site / "output" / "en" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.html["lang"] == "en" and home.h1.get_text() == "Second Conference"
    checked = sitegen("check", "--site", site)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Check passed." in checked.stdout


def test_its_site_toml_names_every_declared_key_with_its_meaning(tmp_path):
    site = tmp_path / "site"
    assert sitegen("new", site).returncode == 0
    text = (site / "site.toml").read_text(encoding="utf-8")
    written = tomllib.loads(text)
    for name, spec in declared_keys(SiteConfig).items():
        assert f"# {spec.meaning}" in text
        assert name in written
    for name, spec in declared_keys(Conference).items():
        assert f"# {spec.meaning}" in text
        assert name in written["conference"] or f"# {name} = " in text, "an unknown value is left out, to be announced"
    assert written["conference"]["venue"] == "" and written["conference"]["contact_email"] == ""


def test_it_will_not_write_into_a_folder_in_use(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.txt").write_text("mine", encoding="utf-8")
    result = sitegen("new", tmp_path / "site")
    assert result.returncode == 1
    assert "is not empty" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "site" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_the_sitegen_command_does_what_build_py_does(tmp_path):
    if not SITEGEN.exists():
        import pytest

        pytest.skip("the sitegen command is installed by make build / pip install .")
    site = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "sites" / "minimal", site)
    result = sitegen("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "en" / "index.html").is_file()


def test_a_name_with_quotes_and_backslashes_is_the_title_as_written(tmp_path):
    name = 'The "Miners\\" Conference: 2nd'
    site = tmp_path / "site"
    assert sitegen("new", site, "--name", name).returncode == 0
    assert sitegen("build", "--site", site).returncode == 0
    home = BeautifulSoup((site / "output" / "en" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.h1.get_text() == name


def test_a_file_where_the_folder_should_be_is_a_clear_error(tmp_path):
    (tmp_path / "site").write_text("not a folder", encoding="utf-8")
    result = sitegen("new", tmp_path / "site")
    assert result.returncode == 1 and "is a file" in result.stderr and "bug" not in result.stderr


# The tests below run build.py of this checkout (helpers.run_cli), so they test the code beside them
# whichever checkout the installed `sitegen` command points at.

STARTER_EXAMPLES = "note: site.toml still holds the starter's example values of "
PLACEHOLDER_NOTE = (
    "note: base_url {url} is a placeholder ({host} is a reserved name, never served): set base_url in site.toml to the address the site "
    "will be published at; canonical links, the sitemap, feeds and calendars are made from it."
)


def start(tmp_path, *options: str) -> Path:
    site = tmp_path / "site"
    made = run_cli("new", site, *options)
    assert made.returncode == 0, made.stderr
    return site


def test_a_new_multilingual_site_builds_at_once_and_passes_check(tmp_path):
    site = start(tmp_path, "--languages", "en,fr", "--name", "Second Conference")
    config = tomllib.loads((site / "site.toml").read_text(encoding="utf-8"))
    assert config["default_language"] == "en" and config["languages"] == ["en", "fr"]

    # fr's catalog: the starter's strings, untranslated, with Babel's plural rule for French.
    template = read_po((site / "locales" / "messages.pot").open("rb"))
    catalog = read_po((site / "locales" / "fr" / "LC_MESSAGES" / "messages.po").open("rb"), locale="fr")
    assert catalog.plural_forms == "nplurals=2; plural=(n > 1);"
    assert {message.id for message in catalog if message.id} == {message.id for message in template if message.id} != set()
    assert not any(message.string for message in catalog if message.id)
    assert not (site / "locales" / "en").exists(), "the source language needs no catalog"

    # fr's home page is a translation still to do: missing in status, and built from the source, marked as English.
    assert (site / "content" / "fr").is_dir() and not list((site / "content" / "fr").iterdir())
    pages = status_of(site)["fr"]["pages"]
    assert pages["missing"] == ["index"] and pages["current"] == [] and pages["outdated"] == []

    built = run_cli("build", "--site", site)
    assert built.returncode == 0, built.stderr
    output = BuiltSite(site / "output", base_url="https://example.org/")
    for language, other in (("en", "fr"), ("fr", "en")):
        home = output.soup(f"{language}/index.html")
        assert home.html["lang"] == language and home.html["dir"] == "ltr"
        assert home.h1.get_text() == "Second Conference"
        switch = home.select_one(f'nav a[hreflang="{other}"]')
        assert switch is not None and switch["lang"] == other
        assert output.follow(f"{language}/index.html", switch["href"]) == (f"{other}/index.html", "")
    french_home = output.soup("fr/index.html")
    notice = french_home.select_one("p.notice")
    assert notice is not None and "not translated yet" in notice.get_text(), "a visitor is told too"
    assert french_home.h1.get("lang") == "en", "the source's text is marked as English in the French site"

    checked = run_cli("check", "--site", site)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Check passed." in checked.stdout

    translation = (site / "content" / "en" / "index.md").read_text(encoding="utf-8").replace("title:", "title: (fr)", 1)
    (site / "content" / "fr" / "index.md").write_text(translation, encoding="utf-8")
    marked = run_cli("translated", "fr", "index", "--site", site)
    assert marked.returncode == 0, marked.stderr
    assert status_of(site)["fr"]["pages"]["current"] == ["index"]


def test_a_right_to_left_language_gets_its_direction_and_plural_rule(tmp_path):
    site = start(tmp_path, "--languages", "en,ar")
    catalog = read_po((site / "locales" / "ar" / "LC_MESSAGES" / "messages.po").open("rb"), locale="ar")
    assert catalog.num_plurals == 6
    assert run_cli("build", "--site", site).returncode == 0
    home = BeautifulSoup((site / "output" / "ar" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.html["lang"] == "ar" and home.html["dir"] == "rtl"
    checked = run_cli("check", "--site", site)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize(
    "languages, message",
    [
        ("en,en", "'en' is listed twice"),
        ("en, fr ,en", "'en' is listed twice"),
        (",fr", "a language between commas is empty: list codes separated by commas, the source language first, such as en,fr"),
        ("en,,fr", "a language between commas is empty: list codes separated by commas, the source language first, such as en,fr"),
        ("", "no language given: list codes separated by commas, the source language first, such as en,fr"),
        ("en,xx", "'xx' is not a language Babel knows (CLDR has no data for it)"),
        ("en,fr-CA", "'fr-CA' is not a language identifier such as 'es' or 'pt_BR' (write 'fr_CA')"),
    ],
)
def test_odd_languages_are_one_line_and_exit_2_with_nothing_written(tmp_path, languages, message):
    result = run_cli("new", tmp_path / "site", "--languages", languages)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"error: --languages {languages}: {message}. Nothing was written."]
    assert not (tmp_path / "site").exists()


def test_language_is_still_the_single_language_form(tmp_path):
    site = start(tmp_path, "--language", "de")
    config = tomllib.loads((site / "site.toml").read_text(encoding="utf-8"))
    assert config["default_language"] == "de" and config["languages"] == ["de"]
    assert sorted(path.parent.name for path in (site / "content").glob("*/index.md")) == ["de"]
    assert not (site / "locales" / "de").exists()
    assert run_cli("build", "--site", site).returncode == 0
    assert BeautifulSoup((site / "output" / "de" / "index.html").read_text(encoding="utf-8"), "html.parser").html["lang"] == "de"


def test_it_writes_a_gitignore_for_what_builds_make(tmp_path):
    site = start(tmp_path)
    ignored = [line for line in (site / ".gitignore").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert ignored == ["output/", "output-offline/", "output-offline.zip", ".cache/"]


def test_a_build_names_the_starter_examples_left_once_until_all_are_replaced(tmp_path):
    site = start(tmp_path)
    built = run_cli("build", "--site", site)
    assert built.returncode == 0, built.stderr
    notes = [line for line in built.stderr.splitlines() if line.startswith(STARTER_EXAMPLES)]
    assert notes == [
        STARTER_EXAMPLES + "conference.name (line 24), conference.start (line 28), conference.end (line 30), "
        "conference.country (line 32): put the conference's own there before publishing."
    ]
    # base_url's example.org is told once, by the note every reserved name gets, not twice.
    assert [line for line in built.stderr.splitlines() if "base_url" in line] == [PLACEHOLDER_NOTE.format(url="https://example.org/", host="example.org")]
    lines = (site / "site.toml").read_text(encoding="utf-8").splitlines()
    assert [lines[number - 1].partition(" =")[0] for number in (4, 24, 28, 30, 32)] == ["base_url", "name", "start", "end", "country"]

    config = site / "site.toml"
    replace = {'"https://example.org/"': '"https://second-conference.org/"', '"The conference"': '"Second Conference"', "2013-03-01": "2013-02-26"}
    text = config.read_text(encoding="utf-8")
    for old, new in replace.items():
        text = text.replace(f"= {old}", f"= {new}")
    config.write_text(text, encoding="utf-8")
    partly = run_cli("build", "--site", site)
    assert partly.returncode == 0, partly.stderr
    assert [line for line in partly.stderr.splitlines() if line.startswith(STARTER_EXAMPLES)] == [
        STARTER_EXAMPLES + "conference.end (line 30), conference.country (line 32): put the conference's own there before publishing."
    ]

    config.write_text(text.replace("= 2013-03-03", "= 2013-02-28").replace('= "PE"', '= "BO"'), encoding="utf-8")
    done = run_cli("build", "--site", site)
    assert done.returncode == 0, done.stderr
    assert "example" not in done.stderr


def test_a_site_not_started_by_sitegen_new_is_not_told_of_examples(sample, tmp_path):
    site = sample("minimal")  # the starter's dates and country, and example.org, but not written by sitegen new
    built = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert built.stderr.splitlines() == [PLACEHOLDER_NOTE.format(url="https://example.org/", host="example.org")], "example.org is a placeholder all the same"


@pytest.mark.parametrize(
    "base_url, placeholder",
    [
        ("https://miners-conference.example/", True),
        ("https://www.example.com/conference/", True),
        ("http://site.test/", True),
        ("https://localhost/", True),
        ("https://example.org.pe/", False),
        ("https://www.minersconference-peru.org/", False),
        ("https://myexample.org/", False),
    ],
)
def test_a_base_url_on_a_reserved_name_is_one_note_on_every_build(sample, tmp_path, base_url, placeholder):
    site = sample("minimal")
    config = site / "site.toml"
    config.write_text(re.sub(r'^base_url = ".*"$', f'base_url = "{base_url}"', config.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    for _ in range(2):  # the second build changes nothing, and says it again
        built = run_cli("build", "--site", site, "--out", tmp_path / "out")
        assert built.returncode == 0, built.stderr
        notes = [line for line in built.stderr.splitlines() if "placeholder" in line]
        assert len(notes) == (1 if placeholder else 0), built.stderr


def status_of(site: Path) -> dict:
    result = run_cli("status", "--json", "--site", site)
    assert result.returncode == 0, result.stderr
    return {entry["language"]: entry for entry in json.loads(result.stdout)["languages"]}


def test_an_empty_name_is_refused_before_anything_is_written(tmp_path):
    result = run_cli("new", tmp_path / "site", "--name", " ")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: --name is empty: give the conference's name, or leave --name out and put it in site.toml later. Nothing was written."
    ]
    assert not (tmp_path / "site").exists()
