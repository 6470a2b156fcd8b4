"""The templates a site's outputs need: its page templates are required, the generator's own pages have built-in ones."""

from __future__ import annotations

from built import BuiltSite
from helpers import run_cli


def build(site, out) -> BuiltSite:
    result = run_cli("build", "--site", site, "--out", out)
    assert result.returncode == 0, result.stderr
    return BuiltSite(out, base_url="https://example.org/conference/")


def test_a_site_without_404_html_gets_the_built_in_404_pages_inside_its_own_base(sample, tmp_path):
    site = sample("multilingual")
    assert not (site / "templates" / "404.html").exists()
    built = build(site, tmp_path / "out")
    spanish = built.soup("es/404.html")
    assert spanish.html["lang"] == "es"
    assert spanish.h1.get_text() == "Página no encontrada"
    assert spanish.select_one("nav.languages"), "the site's own base.html is around it"
    root = built.soup("404.html")
    assert [a["hreflang"] for a in root.select("ul.chooser a")] == ["en", "es", "ru"]


def test_a_site_without_translation_status_html_gets_the_built_in_status_page(sample, tmp_path):
    site = sample("multilingual")
    (site / "templates" / "translation-status.html").unlink()
    assert run_cli("catalogs", "--site", site).returncode == 0
    pot = (site / "locales" / "messages.pot").read_text(encoding="utf-8")
    assert "#: sitegen/templating/default_templates/translation-status.html:3" in pot, "its strings are the site's to translate"
    built = build(site, tmp_path / "out")
    status = built.soup("ru/translation-status/index.html")
    assert status.html["lang"] == "ru"
    assert status.select_one("table.status caption").get_text() == "Interface strings and pages, by language"
    assert [th.get_text() for th in status.select("tbody th")] == ["English", "Español", "Русский"]
    assert status.select_one("nav.languages"), "the site's own base.html is around it"


def test_a_site_without_base_html_gets_built_in_pages_that_stand_alone(sample, tmp_path):
    site = sample("minimal")
    assert not (site / "templates" / "base.html").exists()
    built = build(site, tmp_path / "out")
    page = built.soup("en/404.html")
    assert page.html["lang"] == "en" and page.html["dir"] == "ltr"
    assert page.title.get_text() == "Page not found – Sample Conference"
    assert page.main.h1.get_text() == "Page not found"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_a_missing_page_template_is_an_error_at_each_page_that_names_it(sample, tmp_path):
    site = sample("multilingual")
    (site / "templates" / "page.html").unlink()
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "content/es/about.md:1: template not found: page.html (looked in templates/)" in result.stderr.splitlines()
    assert not (tmp_path / "out").exists()


def test_a_missing_chooser_template_is_an_error_naming_it(sample, tmp_path):
    site = sample("multilingual")
    (site / "templates" / "chooser.html").unlink()
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "content/en/index.md:1: template not found: chooser.html (looked in templates/)" in result.stderr.splitlines()


def test_an_edit_to_a_built_in_template_is_an_edit_to_the_generator(tmp_path):
    """A build whose inputs did not change stops early, unless the generator did: its built-in templates count as its code."""
    import shutil

    from helpers import REPO

    from sitegen.core.incremental import generator_fingerprint

    package = tmp_path / "sitegen"
    shutil.copytree(REPO / "sitegen", package, ignore=shutil.ignore_patterns("__pycache__"))
    before = generator_fingerprint(package)
    assert generator_fingerprint(package) == before
    template = package / "templating" / "default_templates" / "404.html"
    template.write_text(template.read_text(encoding="utf-8").replace("<h1>", "<h1 class='x'>"), encoding="utf-8")
    assert generator_fingerprint(package) != before


def test_the_generator_s_fingerprint_covers_every_module_of_every_layer(tmp_path):
    """Moving a module into a subpackage must not take it out of what a build compares with the last one."""
    import shutil

    from helpers import REPO

    from sitegen.core import incremental

    assert incremental.PACKAGE == REPO / "sitegen", "the package, not the folder of the module that hashes it"
    package = tmp_path / "sitegen"
    shutil.copytree(REPO / "sitegen", package, ignore=shutil.ignore_patterns("__pycache__"))
    for module in ("cli.py", "outputs/kinds/feeds.py", "outputs/hosting/nginx.py", "core/problems.py"):
        before = incremental.generator_fingerprint(package)
        (package / module).write_text((package / module).read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        assert incremental.generator_fingerprint(package) != before, module
