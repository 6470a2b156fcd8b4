"""A mistake in a template is one line, however many pages use the template, and names what was meant."""

from __future__ import annotations

from conftest import run_cli


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
    expected = "templates/page.html:2: UndefinedError: 'sitegen.views.PageView object' has no attribute 'titel' (did you mean 'title'?) (in 12 pages)"
    assert lines.count(expected) == 1 and len(lines) == 2


def test_a_mistake_met_by_one_page_names_that_page(sample, tmp_path):
    site = sample("multilingual")
    (site / "templates" / "chooser.html").write_text("{{ conference_nmaes }}\n", encoding="utf-8")
    lines = failed_build(site, tmp_path)
    assert lines[0] == "templates/chooser.html:1: UndefinedError: 'conference_nmaes' is undefined (did you mean 'conference_names'?) (rendering content/en/index.md)"


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
