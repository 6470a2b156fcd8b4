"""A mistake in a template is one line, however many pages use the template, and names what was meant."""

from __future__ import annotations

from helpers import copy_repository_site, run_cli


def failed_build(site, tmp_path) -> list[str]:
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1, result.stderr
    return result.stderr.splitlines()


def test_an_undefined_name_in_a_shared_template_is_one_line_with_the_count_and_the_name_meant(sample, tmp_path):
    site = sample("multilingual")
    template = site / "templates" / "page.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ page.title }}", "{{ pgae.title }}", 1), encoding="utf-8")
    lines = failed_build(site, tmp_path)
    assert lines == [
        "templates/page.html:2: UndefinedError: 'pgae' is undefined (did you mean 'page'?) (in 12 pages)",
        "Build failed: 1 error; the output folder was not changed.",
    ]


def test_an_unknown_attribute_is_told_the_nearest_field_of_the_view(sample, tmp_path):
    site = sample("multilingual")
    template = site / "templates" / "page.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{{ page.title }}", "{{ page.titel }}", 1), encoding="utf-8")
    lines = failed_build(site, tmp_path)
    expected = "templates/page.html:2: UndefinedError: 'sitegen.views.pages.PageView object' has no attribute 'titel' (did you mean 'title'?) (in 12 pages)"
    assert lines.count(expected) == 1 and len(lines) == 2


def test_a_mistake_met_by_one_page_names_that_page(sample, tmp_path):
    site = sample("multilingual")
    (site / "templates" / "chooser.html").write_text("{{ conference_nmaes }}\n", encoding="utf-8")
    lines = failed_build(site, tmp_path)
    assert (
        lines[0]
        == "templates/chooser.html:1: UndefinedError: 'conference_nmaes' is undefined (did you mean 'conference_names'?) (rendering content/en/index.md)"
    )


def test_a_misspelt_loop_variable_is_told_the_variable_the_template_set(sample, tmp_path):
    site = sample("multilingual")
    (site / "templates" / "chooser.html").write_text("{% for link in languages %}{{ lnik.url }}{% endfor %}\n", encoding="utf-8")
    lines = failed_build(site, tmp_path)
    assert lines[0] == "templates/chooser.html:1: UndefinedError: 'lnik' is undefined (did you mean 'link'?) (rendering content/en/index.md)"


def test_a_name_near_nothing_gets_no_suggestion(sample, tmp_path):
    site = sample("multilingual")
    (site / "templates" / "chooser.html").write_text("{{ xyzzy }}\n", encoding="utf-8")
    lines = failed_build(site, tmp_path)
    assert lines[0] == "templates/chooser.html:1: UndefinedError: 'xyzzy' is undefined (rendering content/en/index.md)"


def pages_showing(site, tmp_path, marker: str) -> int:
    """How many pages of a clean build of site hold marker."""
    out = tmp_path / "clean"
    assert run_cli("build", "--site", site, "--out", out).returncode == 0
    return sum(marker in page.read_text(encoding="utf-8") for page in out.rglob("*.html"))


def test_a_mistake_in_the_base_template_counts_every_page_that_meets_it_the_generator_s_own_included(sample, tmp_path):
    site = sample("multilingual")
    count = pages_showing(site, tmp_path, '<p class="dates">')  # the content pages, the chooser, the 404 and status pages
    base = site / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("{{ conference.dates }}", "{{ conference.dtaes }}"), encoding="utf-8")
    assert failed_build(site, tmp_path) == [
        "templates/base.html:22: UndefinedError: 'sitegen.views.conference.ConferenceView object' has no attribute 'dtaes' "
        f"(did you mean 'dates'?) (in {count} pages)",
        "Build failed: 1 error; the output folder was not changed.",
    ]


def test_a_mistake_in_an_included_template_is_one_line_at_its_own_line(sample, tmp_path):
    site = sample("multilingual")
    count = pages_showing(site, tmp_path, '<p class="dates">')
    base = site / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("{{ conference.dates }}", '{% include "dates.html" %}'), encoding="utf-8")
    (site / "templates" / "dates.html").write_text("<span>\n{{ conference.dates|shout }}</span>\n", encoding="utf-8")
    assert failed_build(site, tmp_path) == [
        "templates/dates.html:2: template syntax error: No filter named 'shout'.",
        "Build failed: 1 error; the output folder was not changed.",
    ]
    (site / "templates" / "dates.html").write_text("<span>\n{{ conference.dtaes }}</span>\n", encoding="utf-8")
    assert failed_build(site, tmp_path) == [
        "templates/dates.html:2: UndefinedError: 'sitegen.views.conference.ConferenceView object' has no attribute 'dtaes' "
        f"(did you mean 'dates'?) (in {count} pages)",
        "Build failed: 1 error; the output folder was not changed.",
    ]


def test_a_mistake_only_the_generator_s_own_pages_meet_is_counted_too(sample, tmp_path):
    site = sample("multilingual")
    status = site / "templates" / "translation-status.html"
    status.write_text(status.read_text(encoding="utf-8").replace("{{ status.name }}", "{{ status.nmae }}"), encoding="utf-8")
    lines = failed_build(site, tmp_path)
    assert len(lines) == 2 and lines[0].startswith("templates/translation-status.html:5: UndefinedError: ")
    assert lines[0].endswith("has no attribute 'nmae' (did you mean 'name'?) (in 3 pages)"), "one status page per language"


def test_a_mistake_in_the_conference_site_s_base_template_is_one_line_with_every_page(tmp_path):
    site = copy_repository_site(tmp_path)
    count = pages_showing(site, tmp_path, '<p class="site-facts">')  # the header with the name: every page but the home pages
    base = site / "templates" / "base.html"
    source = base.read_text(encoding="utf-8")
    line = source[: source.index("<span>{{ conference.name }}")].count("\n") + 1
    base.write_text(source.replace("<span>{{ conference.name }}", "<span>{{ conference.nmae }}"), encoding="utf-8")
    assert failed_build(site, tmp_path) == [
        f"templates/base.html:{line}: UndefinedError: 'sitegen.views.conference.ConferenceView object' has no attribute 'nmae' "
        f"(did you mean 'name'?) (in {count} pages)",
        "Build failed: 1 error; the output folder was not changed.",
    ]
