"""Never fight the tools: plural rules, headers, wrapping and charsets as msgfmt, msginit, Poedit and pybabel have them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from babel import Locale
from babel.messages.plurals import get_plural
from built import BuiltSite
from helpers import REPO, copy_repository_site, copy_site, run_cli

from sitegen.commands.new_site import write_new_site
from sitegen.i18n.catalogs import read_catalog
from sitegen.i18n.plural_forms import STANDARD_RULES, plural_function, standard_header
from sitegen.templating.template_catalogs import extract_messages

GETTEXT_ARABIC = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
BABEL_ARABIC = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4 : 5);"
NUMBERS = (0, 1, 2, 3, 11, 20, 100, 101)
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
msgfmt = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(msgfmt is None, reason="GNU gettext's msgfmt is not installed (apt-get install gettext)")


def msgfmt_check(path: Path) -> str:
    """What msgfmt -c says of a catalog: nothing when it is clean."""
    assert msgfmt is not None
    result = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.mark.parametrize("language", sorted(STANDARD_RULES))
def test_each_standard_rule_gives_every_number_its_cldr_form_where_babel_does_not(language):
    rule = Locale.parse(language).plural_form
    categories = [rule(n) for n in range(1001)]
    forms = [category for category in CLDR_ORDER if category in categories]
    count, expression = STANDARD_RULES[language]
    assert count == len(forms)
    assert [plural_function(expression)(n) for n in range(1001)] == [forms.index(c) for c in categories]
    babel = get_plural(language)
    assert [plural_function(babel.plural_expr)(n) for n in range(1001)] != [forms.index(c) for c in categories]


def test_the_headers_are_gettexts_own():
    assert standard_header("ar") == GETTEXT_ARABIC
    assert standard_header("hi") == "nplurals=2; plural=(n > 1);"
    assert standard_header("ru") == f"nplurals=3; plural={get_plural('ru').plural_expr};"


def programme_site(tmp_path, header: str) -> Path:
    """The programme sample, whose news page counts 0, 1, 2, 3, 11, 20, 100 and 101 news items, in Arabic and Russian."""
    site = copy_site("multilingual", tmp_path, overlay="programme")
    (site / "templates" / "news-index.html").write_text(
        '{% extends "page.html" %}\n{% block after %}<ul class="counts">{% for count in [' + ", ".join(map(str, NUMBERS)) + "] %}"
        '<li data-n="{{ count }}">{% trans count %}{{ count }} news item{% pluralize %}{{ count }} news items{% endtrans %}</li>'
        "{% endfor %}</ul>{% endblock %}\n",
        encoding="utf-8",
    )
    forms = {
        "ar": ["لا أخبار", "خبر واحد", "خبران", "%(count)s أخبار", "%(count)s خبرًا", "%(count)s خبر"],
        "ru": ["%(count)s новость", "%(count)s новости", "%(count)s новостей"],
    }
    for language, strings in forms.items():
        catalog = site / "locales" / language / "LC_MESSAGES" / "messages.po"
        entry = '\n#, python-format\nmsgid "%(count)s news item"\nmsgid_plural "%(count)s news items"\n'
        entry += "".join(f'msgstr[{index}] "{text}"\n' for index, text in enumerate(strings))
        text = catalog.read_text(encoding="utf-8") + entry
        if language == "ar":
            text = _with_plural_forms(text, header)
        catalog.write_text(text, encoding="utf-8")
    return site


def _with_plural_forms(text: str, header: str) -> str:
    start = text.index('"Plural-Forms:')
    end = text.index('\\n"\n', start) + 4
    return text[:start] + f'"Plural-Forms: {header}\\n"\n' + text[end:]


def rendered_counts(site: Path, out: Path, warnings: list[str] | None = None) -> dict[str, dict[int, str]]:
    result = run_cli("build", "--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    if warnings is not None:
        warnings += result.stderr.splitlines()
    built = BuiltSite(out, "https://example.org/conference/")
    return {
        language: {int(li["data-n"]): li.get_text() for li in built.soup(page).select("ul.counts li")}
        for language, page in (("ar", "ar/news/index.html"), ("ru", "ru/novosti/index.html"))
    }


def test_arabic_and_russian_plurals_on_built_pages(tmp_path):
    warnings: list[str] = []
    counts = rendered_counts(programme_site(tmp_path, GETTEXT_ARABIC), tmp_path / "out", warnings)
    assert not [line for line in warnings if "Plural-Forms" in line], "the standard rule draws no warning"
    assert counts["ar"] == {
        0: "لا أخبار",
        1: "خبر واحد",
        2: "خبران",
        3: "3 أخبار",
        11: "11 خبرًا",
        20: "20 خبرًا",
        100: "100 خبر",
        101: "101 خبر",
    }
    assert counts["ru"] == {
        0: "0 новостей",
        1: "1 новость",
        2: "2 новости",
        3: "3 новости",
        11: "11 новостей",
        20: "20 новостей",
        100: "100 новостей",
        101: "101 новость",
    }


def test_the_build_follows_the_rule_the_catalog_carries(tmp_path):
    """A catalog written under Babel's Arabic header is rendered by it, as msgfmt would: 20 takes msgstr[5]."""
    warnings: list[str] = []
    counts = rendered_counts(programme_site(tmp_path, BABEL_ARABIC), tmp_path / "out", warnings)
    assert counts["ar"][20] == "20 خبر" and counts["ar"][100] == "100 خبرًا"
    assert (
        "locales/ar/LC_MESSAGES/messages.po:15: warning: Plural-Forms sorts numbers otherwise than the rule Poedit, Weblate and msginit "
        "write for ar (11 takes msgstr[5] here, msgstr[4] there; 100 takes msgstr[4] here, msgstr[5] there); "
        f"if the translations follow that rule's order, make the header '{GETTEXT_ARABIC}'"
    ) in warnings


def write_catalog(tmp_path, header: str, entries: str, charset: str = "utf-8", language: str = "ar") -> Path:
    path = tmp_path / "messages.po"
    fields = {
        "Project-Id-Version": "sitegen 1",
        "PO-Revision-Date": "2026-12-01 12:00+0000",
        "Last-Translator": "A Translator <translator@example.org>",
        "Language-Team": "Translators <team@example.org>",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": f"text/plain; charset={charset}",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": header,
    }
    text = 'msgid ""\nmsgstr ""\n' + "".join(f'"{name}: {value}\\n"\n' for name, value in fields.items()) + "\n" + entries
    path.write_bytes(text.encode(charset))
    return path


def test_a_plural_error_names_the_form_and_its_numbers(tmp_path):
    entries = (
        '#, python-format\nmsgid "%(count)s news item"\nmsgid_plural "%(count)s news items"\n'
        'msgstr[0] "لا أخبار"\nmsgstr[1] "خبر واحد"\nmsgstr[2] "خبران"\nmsgstr[3] "%(count)s أخبار"\n'
        'msgstr[4] "أخبار كثيرة"\nmsgstr[5] "%(count)s خبر"\n'
    )
    problems: list = []
    read_catalog(write_catalog(tmp_path, GETTEXT_ARABIC, entries), "messages.po", "ar", problems)
    assert [str(problem) for problem in problems] == [
        "messages.po:14: placeholders differ: the translation of msgstr[4] (11–99, 111–199, 211–299, …) of '%(count)s news item' lacks %(count)s"
    ]
    if msgfmt:
        result = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(tmp_path / "messages.po")], capture_output=True, text=True)
        assert result.returncode == 1, "msgfmt -c finds the same"


def test_a_form_for_one_number_may_leave_the_number_out_but_add_none(tmp_path):
    entries = (
        '#, python-format\nmsgid "%(count)s news item"\nmsgid_plural "%(count)s news items"\n'
        'msgstr[0] "لا أخبار"\nmsgstr[1] "خبر واحد %(site)s"\nmsgstr[2] "خبران"\nmsgstr[3] "%(count)s أخبار"\n'
        'msgstr[4] "%(count)s خبرًا"\nmsgstr[5] "%(count)s خبر"\n'
    )
    problems: list = []
    read_catalog(write_catalog(tmp_path, GETTEXT_ARABIC, entries), "messages.po", "ar", problems)
    assert [str(problem) for problem in problems] == [
        "messages.po:14: placeholders differ: the translation of msgstr[1] (1) of '%(count)s news item' has %(site)s, which the original does not"
    ]
    problems.clear()
    read_catalog(write_catalog(tmp_path, GETTEXT_ARABIC, entries.replace(" %(site)s", "")), "messages.po", "ar", problems)
    assert problems == []
    if msgfmt:
        assert msgfmt_check(tmp_path / "messages.po") == ""


def test_a_named_placeholder_may_be_written_twice_a_positional_one_may_not(tmp_path):
    """Hindi says the language's name twice where English says "it": Python formats it, and msgfmt -c agrees."""
    twice = '#, python-format\nmsgid "Held in %(language)s or interpreted into it."\nmsgstr "%(language)s में होते हैं या %(language)s में अनुवाद।"\n'
    problems: list = []
    read_catalog(write_catalog(tmp_path, "nplurals=2; plural=(n > 1);", twice, language="hi"), "messages.po", "hi", problems)
    assert problems == []
    if msgfmt:
        assert msgfmt_check(tmp_path / "messages.po") == ""
    positional = '#, python-format\nmsgid "%s sessions"\nmsgstr "%s %s सत्र"\n'
    read_catalog(write_catalog(tmp_path, "nplurals=2; plural=(n > 1);", positional, language="hi"), "messages.po", "hi", problems)
    assert [str(problem) for problem in problems] == [
        "messages.po:14: placeholders differ: the translation of '%s sessions' has %s, which the original does not"
    ]


def test_too_few_forms_names_the_missing_ones(tmp_path):
    entries = 'msgid "%(count)s news item"\nmsgid_plural "%(count)s news items"\nmsgstr[0] "a"\nmsgstr[1] "b"\n'
    problems: list = []
    read_catalog(write_catalog(tmp_path, GETTEXT_ARABIC, entries), "messages.po", "ar", problems)
    assert [str(problem) for problem in problems] == [
        "messages.po:13: 2 plural forms for '%(count)s news item', but ar has 6 (msgstr[0] to msgstr[5]): missing msgstr[2] (2), "
        "msgstr[3] (3–10, 103–110, 203–210, …), msgstr[4] (11–99, 111–199, 211–299, …), msgstr[5] (100–102, 200–202, 300–302, …)"
    ]


def test_a_latin1_catalog_that_says_so_is_read(tmp_path):
    entries = 'msgid "All languages"\nmsgstr "Todos los idiomas (español)"\n'
    path = write_catalog(tmp_path, "nplurals=2; plural=(n != 1);", entries, charset="ISO-8859-1", language="es")
    assert b"espa\xf1ol" in path.read_bytes()
    problems: list = []
    catalog = read_catalog(path, "messages.po", "es", problems)
    assert problems == [] and catalog is not None
    assert catalog.get("All languages").string == "Todos los idiomas (español)"
    if msgfmt:
        msgfmt_check(path)


def test_bytes_not_in_the_declared_charset_are_an_error_at_their_line(tmp_path):
    path = tmp_path / "messages.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "a"\nmsgstr "espa\xf1ol"\n')
    problems: list = []
    assert read_catalog(path, "messages.po", "es", problems) is None
    assert [str(problem) for problem in problems] == [
        "messages.po:6: is not utf-8 text, as its header declares on line 3 (invalid continuation byte): save it as utf-8, or declare the charset it is in"
    ]


def test_a_fuzzy_entry_with_broken_placeholders_is_a_warning_with_its_line(sample, tmp_path):
    site = sample("multilingual")
    catalog = site / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(
        catalog.read_text(encoding="utf-8") + '\n#, fuzzy, python-format\nmsgid "Website: %(website)s"\nmsgstr "Sitio: %(sitio)s"\n', encoding="utf-8"
    )
    line = catalog.read_text(encoding="utf-8").splitlines().index('msgid "Website: %(website)s"') + 1
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (
        f"locales/es/LC_MESSAGES/messages.po:{line}: warning: placeholders differ: the translation of 'Website: %(website)s' "
        "lacks %(website)s and has %(sitio)s, which the original does not (in a fuzzy entry)"
    ) in result.stderr.splitlines()


def test_a_new_catalog_carries_the_standard_header_and_no_placeholders(tmp_path):
    site = copy_repository_site(tmp_path)
    result = run_cli("new-language", "ar", "--site", site)
    assert result.returncode == 0, result.stderr
    path = site / "locales" / "ar" / "LC_MESSAGES" / "messages.po"
    text = path.read_text(encoding="utf-8")
    assert "".join(line.strip('"').removesuffix("\\n") for line in text.splitlines() if line.startswith('"')).count(f"Plural-Forms: {GETTEXT_ARABIC}") == 1
    for placeholder in ("FULL NAME", "EMAIL@ADDRESS", "YEAR-MO-DA", "LL@li.org"):
        assert placeholder not in text
    assert '"Last-Translator: Automatically generated\\n"' in text and '"Language-Team: Arabic\\n"' in text
    if msgfmt:
        assert msgfmt_check(path) == ""


def snapshot(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted((site / "locales").rglob("*.po*"))}


def without_dates(files: dict[str, bytes]) -> dict[str, list[bytes]]:
    dated = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')
    return {name: [line for line in data.split(b"\n") if not line.startswith(dated)] for name, data in files.items()}


def test_catalogs_run_three_times_gives_the_same_bytes_and_keeps_previous_msgids(tmp_path):
    site = copy_repository_site(tmp_path)
    template = site / "templates" / "404.html"
    template.write_text(template.read_text(encoding="utf-8").replace("Go to the home page", "Go to the site's home page"), encoding="utf-8")
    runs = []
    for _ in range(3):
        result = run_cli("catalogs", "--site", site)
        assert result.returncode == 0, result.stderr
        runs.append(snapshot(site))
    assert runs[0] == runs[1] == runs[2]
    assert result.stdout.strip() == "Catalogs already up to date."
    spanish = runs[0]["locales/es/LC_MESSAGES/messages.po"].decode("utf-8")
    assert '#, fuzzy\n#| msgid "Go to the home page"\nmsgid "Go to the site\'s home page"\nmsgstr "Ir a la página de inicio"' in spanish
    assert "# |" not in spanish
    if msgfmt:
        for name in runs[0]:
            if name.endswith(".po"):
                assert msgfmt_check(site / name) == "", name


def test_catalogs_keeps_the_header_a_translators_tool_wrote(tmp_path):
    site = copy_repository_site(tmp_path)
    path = site / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.startswith(('"PO-Revision-Date:', '"Last-Translator:', '"Language-Team:'))]
    edited = text.replace(lines[0], '"PO-Revision-Date: 2026-11-30 09:15+0100\\n"').replace(lines[1], '"Last-Translator: Jürgen Beispiel <jb@example.org>\\n"')
    edited = edited.replace(lines[2], '"Language-Team: German <de@example.org>\\n"\n"X-Generator: Poedit 3.4.2\\n"')
    path.write_text(edited, encoding="utf-8")
    template = site / "templates" / "404.html"
    template.write_text(template.read_text(encoding="utf-8").replace("Go to the home page", "Go to the site's home page"), encoding="utf-8")
    assert run_cli("catalogs", "--site", site).returncode == 0
    header = path.read_text(encoding="utf-8").split("\n\n")[0]
    for line in (
        "PO-Revision-Date: 2026-11-30 09:15+0100",
        "Last-Translator: Jürgen Beispiel <jb@example.org>",
        "Language-Team: German <de@example.org>",
        "X-Generator: Poedit 3.4.2",
    ):
        assert f'"{line}\\n"' in header


def test_catalogs_keeps_the_translators_own_opening_comments(sample):
    site = sample("multilingual")
    catalog = site / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    opening = "# Traducción al español del sitio de la conferencia.\n# Equipo: traductores voluntarios <es@example.org>, 2026.\n"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(opening + text[text.index('msgid ""') :], encoding="utf-8")
    base = site / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</main>", '<p>{{ _("A brand new string") }}</p>\n</main>', 1), encoding="utf-8")
    assert run_cli("catalogs", "--site", site).returncode == 0
    after = catalog.read_text(encoding="utf-8")
    assert 'msgid "A brand new string"' in after
    assert after.startswith(opening + 'msgid ""'), after[:200]


def test_pybabel_update_changes_nothing_in_catalogs_our_command_wrote(tmp_path):
    """Both wrap at 76 and write Babel's header order, so only dates could differ.

    (Babel cannot do better for a fuzzy entry's '#| msgid': its reader takes it for a
    translator comment, so pybabel update --previous turns it into '# | msgid'.)
    """
    site = copy_repository_site(tmp_path)
    assert run_cli("new-language", "ar", "--site", site).returncode == 0
    assert run_cli("catalogs", "--site", site).returncode == 0
    before = snapshot(site)
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([pybabel, "-q", "update", "-i", "locales/messages.pot", "-d", "locales", "-D", "messages"], cwd=site, check=True)
    assert without_dates(snapshot(site)) == without_dates(before)


def test_catalogs_check_lists_what_is_stale_and_changes_nothing(tmp_path):
    site = copy_repository_site(tmp_path, booklet=True)
    result = run_cli("catalogs", "--check", "--site", site)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "Catalogs up to date.", "")
    template = site / "templates" / "page.html"
    template.write_text(template.read_text(encoding="utf-8").replace("</article>", '<p>{{ _("A brand new string") }}</p>\n</article>'), encoding="utf-8")
    before = snapshot(site)
    result = run_cli("catalogs", "--check", "--site", site)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{name}: not up to date: run 'python build.py catalogs --site {site}'"  # the command as it must be typed for this site
        for name in ("locales/messages.pot", *(f"locales/{language}/LC_MESSAGES/messages.po" for language in ("es", "de", "ru", "hi")))
    ]
    assert snapshot(site) == before
    assert run_cli("catalogs", "--site", site).returncode == 0
    assert run_cli("catalogs", "--check", "--site", site).returncode == 0


def test_catalogs_check_reads_the_templates_header_but_not_its_dates(sample):
    site = sample("multilingual")
    template = site / "locales" / "messages.pot"
    text = template.read_text(encoding="utf-8")
    assert "POT-Creation-Date: 2026-12-04 23:39+0000" in text
    template.write_text(text.replace("POT-Creation-Date: 2026-12-04 23:39+0000", "POT-Creation-Date: 2030-01-01 00:00+0000"), encoding="utf-8")
    assert run_cli("catalogs", "--check", "--site", site).returncode == 0, "when it was made is not what it says"
    generated_by = next(line for line in text.splitlines() if line.startswith('"Generated-By: Babel '))
    template.write_text(text.replace(generated_by, '"Generated-By: Babel 9.99.0\\n"'), encoding="utf-8")
    assert run_cli("catalogs", "--check", "--site", site).returncode == 0, "nor which Babel wrote it (a wheel may bring a newer one)"
    template.write_text(text.replace("Project-Id-Version: sitegen VERSION", "Project-Id-Version: my-site 1.0"), encoding="utf-8")
    result = run_cli("catalogs", "--check", "--site", site)
    assert (result.returncode, result.stderr.splitlines()) == (1, [f"locales/messages.pot: not up to date: run 'python build.py catalogs --site {site}'"])


def test_catalogs_adds_a_new_string_and_keeps_every_line_of_the_translators_file_around_it(sample):
    site = sample("multilingual")
    catalog = site / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    before = catalog.read_text(encoding="utf-8")
    base = site / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</main>", '<p>{{ _("A brand new string") }}</p>\n</main>', 1), encoding="utf-8")
    assert run_cli("catalogs", "--site", site).returncode == 0
    after = catalog.read_text(encoding="utf-8")
    assert after.startswith(before[: before.index('msgid ""')]), "the opening comments, from the first line"
    assert 'msgid "A brand new string"\nmsgstr ""\n' in after
    # Only where each string is used, and when the template was made, may change.
    kept = [line for line in before.splitlines() if line and not line.startswith("#:") and "POT-Creation-Date" not in line]
    remaining = iter(after.splitlines())
    assert all(line in remaining for line in kept), "each of them, in its order"


def test_catalogs_check_covers_the_programme_catalogs(sample):
    site = sample("multilingual", overlay="programme")
    assert run_cli("catalogs", "--check", "--site", site).returncode == 0
    schedule = site / "data" / "schedule.json"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace("Opening of the conference", "Opening of the first conference"), encoding="utf-8")
    result = run_cli("catalogs", "--check", "--site", site)
    assert result.returncode == 1
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == [
        "locales/programme.pot",
        *(f"locales/{language}/LC_MESSAGES/programme.po" for language in ("es", "ru", "ar")),
    ]


def test_a_form_beyond_the_rule_is_named_with_the_forms_there_are(tmp_path, capsys):
    entries = 'msgid "%(count)s page"\nmsgid_plural "%(count)s pages"\nmsgstr[0] "%(count)s página"\nmsgstr[1] "%(count)s páginas"\nmsgstr[2] "%(count)s x"\n'
    problems: list = []
    path = write_catalog(tmp_path, "nplurals=2; plural=(n != 1);", entries, language="es")
    assert read_catalog(path, "messages.po", "es", problems) is None
    assert [str(problem) for problem in problems] == [
        "messages.po:13: msgstr[2] of '%(count)s page' is not a form of this language: its rule has msgstr[0] (1), msgstr[1] (0, 2 and above)"
    ]
    assert capsys.readouterr().out == "", "Babel's own warnings are not printed"


def gettext_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} (Debian's gettext) is not installed")
    return found


def catalog_files(site: Path) -> list[Path]:
    return sorted([*site.glob("locales/*.pot"), *site.glob("locales/pages/*.pot"), *site.glob("locales/*/LC_MESSAGES/**/*.po")])


@pytest.mark.parametrize("tool", ["msgcat -w 79", "msgmerge", "pybabel update", "polib"])
def test_a_catalog_saved_by_a_translators_tool_passes_the_check_and_is_left_as_it_was(sample, tool):
    """Poedit, msgcat and msgmerge wrap at 79 columns, pybabel at 76; polib writes as Poedit does. Not one entry changed."""
    site = sample("multilingual", overlay="segments")  # interface catalogs, page templates and page catalogs
    assert run_cli("segments", "--site", site).returncode == 0
    assert run_cli("catalogs", "--site", site).returncode == 0
    before = snapshot(site)
    for path in catalog_files(site):
        if tool == "msgcat -w 79":
            subprocess.run([gettext_tool("msgcat"), "-w", "79", str(path), "-o", str(path)], check=True)
        elif tool == "msgmerge" and path.suffix == ".po":
            template = site / "locales" / ("pages/" + path.stem if path.parent.name == "pages" else path.stem)
            subprocess.run([gettext_tool("msgmerge"), "-q", "-U", "--backup=none", str(path), f"{template}.pot"], check=True)
        elif tool == "polib":
            catalog = polib.pofile(str(path), wrapwidth=79)
            catalog.save()
    if tool == "pybabel update":
        pybabel = Path(sys.executable).with_name("pybabel")
        subprocess.run([pybabel, "-q", "update", "-w", "79", "-i", "locales/messages.pot", "-d", "locales", "-D", "messages"], cwd=site, check=True)
    saved = snapshot(site)
    assert saved != before, "the tool wrote the files otherwise (else this test shows nothing)"
    result = run_cli("catalogs", "--check", "--site", site)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    for command in ("catalogs", "segments"):
        result = run_cli(command, "--site", site)
        assert result.returncode == 0 and "updated" not in result.stdout, result.stdout
    assert snapshot(site) == saved, "the translator's file is left as their tool wrote it"


def test_a_real_change_in_a_catalog_saved_by_a_tool_still_fails_the_check(sample):
    site = sample("multilingual", overlay="segments")
    assert run_cli("segments", "--site", site).returncode == 0
    msgcat = gettext_tool("msgcat")
    for path in catalog_files(site):
        subprocess.run([msgcat, "-w", "79", str(path), "-o", str(path)], check=True)
    catalog = polib.pofile(str(site / "locales/es/LC_MESSAGES/messages.po"))
    catalog.remove(next(entry for entry in catalog if entry.msgid and not entry.obsolete))  # an entry lost: 'catalogs' brings it back
    catalog.save()
    page = site / "content" / "en" / "guide.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA paragraph added to the source.\n", encoding="utf-8")
    result = run_cli("catalogs", "--check", "--site", site)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"locales/es/LC_MESSAGES/messages.po: not up to date: run 'python build.py catalogs --site {site}'",
        f"locales/pages/guide.pot: not up to date: run 'python build.py segments --site {site}'",
    ]


PLURAL_ENTRIES = (
    '#, python-format\nmsgid "%(count)s news item"\nmsgid_plural "%(count)s news items"\n'
    'msgstr[0] "لا أخبار"\nmsgstr[1] "خبر واحد"\nmsgstr[2] "خبران"\nmsgstr[3] "%(count)s أخبار"\n'
    'msgstr[4] "%(count)s خبرًا"\nmsgstr[5] "%(count)s خبر"\n'
)
ARABIC_RULE = "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)"

# (language, Plural-Forms or None, entries, our one line, whether msgfmt -c refuses the file too)
MSGFMT_CASES = {
    "plural entries without Plural-Forms": (
        "ar",
        None,
        PLURAL_ENTRIES,
        "messages.po:1: the header has no Plural-Forms, but the entry '%(count)s news item' on line 13 has plural forms: without it no number finds its form; "
        f'add "Plural-Forms: nplurals=6; plural={ARABIC_RULE};\\n", the rule msginit, Poedit and Weblate write for ar',
        True,
    ),
    "an nplurals every entry disagrees with": (
        "ar",
        "nplurals=3; plural=(n==0 ? 0 : n==1 ? 1 : 2);",
        PLURAL_ENTRIES + "\n" + PLURAL_ENTRIES.replace("news item", "page"),
        f"messages.po:11: Plural-Forms says nplurals=3, but every plural entry has 6 plural forms (msgstr[0] to msgstr[5]): "
        f'make the header "Plural-Forms: nplurals=6; plural={ARABIC_RULE};\\n", the rule msginit, Poedit and Weblate write for ar',
        True,
    ),
    "an nplurals the one plural entry disagrees with": (
        "ar",
        "nplurals=3; plural=(n==0 ? 0 : n==1 ? 1 : 2);",
        PLURAL_ENTRIES,
        f"messages.po:11: Plural-Forms says nplurals=3, but the plural entry '%(count)s news item' (line 14) has 6 plural forms (msgstr[0] to msgstr[5]): "
        f'make the header "Plural-Forms: nplurals=6; plural={ARABIC_RULE};\\n", the rule msginit, Poedit and Weblate write for ar',
        True,
    ),
    "a mistyped placeholder": (
        "de",
        "nplurals=2; plural=(n != 1);",
        '#, python-format\nmsgid "held in %(place)s"\nmsgstr "in %(place) du abgehalten"\n',
        "messages.po:14: '%(place) d' in the translation of 'held in %(place)s' is not a placeholder of the original: did you mean '%(place)s'?",
        True,
    ),
    # A warning, as pofilter's: the entry is not used, and the page shows the original meanwhile.
    "template syntax in a translation": (
        "de",
        "nplurals=2; plural=(n != 1);",
        '#, python-format\nmsgid "held in %(place)s"\nmsgstr "{% if x %}in %(place)s{% endif %}"\n',
        "messages.po:14: warning: template syntax '{% if x %}' in the translation of 'held in %(place)s': a translation is shown as written, "
        "not run as a template; translate the words only (it is not used until then: shown in the source language meanwhile)",
        True,
    ),
    # msgfmt -c lets it through, and gettext then shows nothing for 0, 2, 3…: we refuse it.
    "an empty plural form": (
        "de",
        "nplurals=2; plural=(n != 1);",
        'msgid "%(count)s news item"\nmsgid_plural "%(count)s news items"\nmsgstr[0] "%(count)s Nachricht"\nmsgstr[1] ""\n',
        "messages.po:13: msgstr[1] (0, 2 and above) of '%(count)s news item' is empty: those numbers would show no text; "
        "fill it in, or empty every form to leave the entry untranslated",
        False,
    ),
}


@pytest.mark.parametrize("case", MSGFMT_CASES)
def test_what_msgfmt_c_refuses_is_an_error_at_its_line(tmp_path, case):
    language, rule, entries, expected, msgfmt_refuses = MSGFMT_CASES[case]
    path = write_catalog(tmp_path, rule or "", entries, language=language)
    if rule is None:
        path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if "Plural-Forms" not in line), encoding="utf-8")
    problems: list = []
    assert read_catalog(path, "messages.po", language, problems) is None or problems
    assert [str(problem) for problem in problems] == [expected]
    if msgfmt:
        refused = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True).returncode != 0
        assert refused == msgfmt_refuses


def test_a_charset_no_one_knows_is_an_error_at_its_header_line(tmp_path):
    path = write_catalog(tmp_path, GETTEXT_ARABIC, PLURAL_ENTRIES)
    path.write_text(path.read_text(encoding="utf-8").replace("charset=utf-8", "charset=utf-9"), encoding="utf-8")
    problems: list = []
    assert read_catalog(path, "messages.po", "ar", problems) is None
    assert [str(problem) for problem in problems] == ["messages.po:9: the header declares charset=utf-9, which is not a known character set: use UTF-8"]


def test_a_catalog_with_no_header_at_all_is_told_so_at_its_first_line(tmp_path):
    path = tmp_path / "messages.po"
    path.write_text(PLURAL_ENTRIES, encoding="utf-8")
    problems: list = []
    read_catalog(path, "messages.po", "ar", problems)
    assert [str(problem).split(": without")[0] for problem in problems] == [
        "messages.po:1: the header has no Plural-Forms, but the entry '%(count)s news item' on line 2 has plural forms"
    ]


def test_one_plural_form_is_written_in_the_singular(tmp_path):
    problems: list = []
    entries = 'msgid "%(count)s news item"\nmsgid_plural "%(count)s news items"\nmsgstr[0] "%(count)s"\n'
    read_catalog(write_catalog(tmp_path, GETTEXT_ARABIC, entries), "messages.po", "ar", problems)
    assert str(problems[0]).startswith("messages.po:13: 1 plural form for '%(count)s news item', but ar has 6")


def test_html_tags_in_a_translation_are_a_warning_and_never_shown_as_text(sample, tmp_path):
    site = sample("multilingual")
    catalog = polib.pofile(str(site / "locales/es/LC_MESSAGES/messages.po"))
    plain = (entry for entry in catalog if entry.msgstr and not entry.msgid_plural and not set('%<"\\') & set(entry.msgid))
    entry = next(entry for entry in plain if len(entry.msgid) < 60)  # on one line in the file
    entry.msgstr = f"<b>{entry.msgstr}</b>"
    catalog.save()
    lines = (site / "locales/es/LC_MESSAGES/messages.po").read_text(encoding="utf-8").splitlines()
    line = lines.index(f'msgid "{entry.msgid}"') + 1
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (
        f"locales/es/LC_MESSAGES/messages.po:{line}: warning: HTML tags differ: the translation of {entry.msgid!r} has <b> </b>, which the original does not"
        in result.stderr
    )
    built = BuiltSite(tmp_path / "out", "https://example.org/conference/")
    for page in built.pages():
        if page.startswith("es/"):
            assert "&lt;b&gt;" not in (tmp_path / "out" / page).read_text(encoding="utf-8"), page
    strict = run_cli("build", "--strict", "--site", site, "--out", tmp_path / "strict")
    assert strict.returncode == 1 and "HTML tags differ" in strict.stderr


def test_translators_comments_are_printed_with_their_tag(tmp_path):
    """'#. Translators: …', as TRANSLATING.md shows them and pybabel -c writes Python's: Jinja's extractor drops the tag."""
    template = polib.pofile(str(REPO / "locales" / "messages.pot"))
    comments = [entry.comment for entry in template if entry.comment]
    assert comments, "the shipped template explains some strings"
    assert [comment for comment in comments if not comment.startswith("Translators: ")] == []
    site = copy_repository_site(tmp_path, booklet=True)
    assert run_cli("catalogs", "--site", site).stdout.strip() == "Catalogs already up to date."
    assert "\n#. Translators: in the list of the conference's facts, the label before where\n" in (
        site / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    ).read_text(encoding="utf-8")


PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w+)\}")


def strings_of(source: str, tmp_path: Path) -> list[tuple[str, str]]:
    """(msgid and msgid_plural, its extracted comments) of every string a catalog's translators see."""
    if source == "repository":
        return [(f"{e.msgid} {e.msgid_plural}", e.comment) for e in polib.pofile(str(REPO / "locales" / "messages.pot"))]
    site = tmp_path / "site"
    if source == "starter":
        write_new_site(site, name="Second Conference", languages=["en"])
    else:  # a site with no templates of its own: every built-in one is its
        (site / "templates").mkdir(parents=True)
        (site / "babel.cfg").write_text("[jinja2: templates/**.html]\n", encoding="utf-8")
    return [(" ".join(m.id) if isinstance(m.id, (tuple, list)) else m.id, "\n".join(m.auto_comments)) for m in extract_messages(site) if m.id]


@pytest.mark.parametrize("source", ["repository", "starter", "built-in"])
def test_every_placeholder_is_explained_to_translators(source, tmp_path):
    """'s'est tenue à Pérou': a translator who is not told what %(place)s holds guesses. Each string with a
    placeholder carries a 'Translators:' comment naming every one of its placeholders."""
    unexplained = []
    strings = strings_of(source, tmp_path)
    for text, comment in strings:
        names = {match.group(0) for match in PLACEHOLDER.finditer(text)}
        if names and not (comment.startswith("Translators: ") and all(name in comment for name in names)):
            unexplained.append((text, comment))
    assert any(PLACEHOLDER.search(text) for text, _ in strings)
    assert unexplained == []


def test_a_new_catalog_is_dated_as_its_template_not_by_the_clock(tmp_path):
    """POT-Creation-Date and PO-Revision-Date of a new language's catalog: the date of the strings it was made from."""
    site = copy_repository_site(tmp_path, booklet=True)
    template = site / "locales" / "messages.pot"
    text = template.read_text(encoding="utf-8")
    template.write_text(re.sub(r'"POT-Creation-Date: [^"]*\\n"', r'"POT-Creation-Date: 2013-01-02 03:04+0000\\n"', text, count=1), encoding="utf-8")
    assert run_cli("new-language", "fr", "--site", site).returncode == 0
    header = polib.pofile(str(site / "locales" / "fr" / "LC_MESSAGES" / "messages.po")).metadata
    assert (header["POT-Creation-Date"], header["PO-Revision-Date"]) == ("2013-01-02 03:04+0000", "2013-01-02 03:04+0000")


def test_a_long_original_that_changed_is_kept_as_a_previous_msgid_gettext_tools_read(tmp_path):
    """'#| msgid' of a msgid on several lines: written as msgmerge writes it, not wrapped as comment text polib and Poedit refuse."""
    site = copy_repository_site(tmp_path)
    template = site / "templates" / "base.html"
    old = polib.pofile(str(site / "locales" / "es" / "LC_MESSAGES" / "messages.po"))
    long_ids = [entry.msgid for entry in old if len(entry.msgid) > 80 and entry.msgid in template.read_text(encoding="utf-8") and entry.msgstr]
    assert long_ids, "base.html has a long translated string"
    template.write_text(template.read_text(encoding="utf-8").replace(long_ids[0], long_ids[0].replace(" ", "  ", 1)), encoding="utf-8")
    assert run_cli("catalogs", "--site", site).returncode == 0
    for language in ("es", "de", "ru", "hi"):
        path = site / "locales" / language / "LC_MESSAGES" / "messages.po"
        changed = next(entry for entry in polib.pofile(str(path)) if entry.msgid == long_ids[0].replace(" ", "  ", 1))
        assert changed.fuzzy and changed.previous_msgid == long_ids[0]
        if msgfmt:
            assert msgfmt_check(path) == ""
    assert run_cli("catalogs", "--site", site).stdout.strip() == "Catalogs already up to date.", "and a second run keeps it"
    template.write_text(template.read_text(encoding="utf-8").replace("</main>", '<p>{{ _("A brand new string") }}</p>\n</main>', 1), encoding="utf-8")
    assert run_cli("catalogs", "--site", site).returncode == 0
    for language in ("es", "de", "ru", "hi"):
        entries = {entry.msgid: entry for entry in polib.pofile(str(site / "locales" / language / "LC_MESSAGES" / "messages.po"))}
        assert "A brand new string" in entries
        assert entries[long_ids[0].replace(" ", "  ", 1)].previous_msgid == long_ids[0], "and so does a run that writes the catalog again"


def test_a_form_taken_by_two_numbers_names_both():
    from sitegen.i18n.plural_forms import describe_form

    rule = "(n==0 ? 0 : n<=2 ? 1 : 2)"
    assert describe_form(3, rule, 0) == "msgstr[0] (0)"
    assert describe_form(3, rule, 1) == "msgstr[1] (1, 2)"
    assert describe_form(3, rule, 2).startswith("msgstr[2] (3 and above")
