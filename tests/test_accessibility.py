"""Every page type in every language: no axe-core violations, and valid HTML for the Nu Html Checker."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from built import BuiltSite
from helpers import BASE_URL, REPO, SOURCE_PAGES, copy_repository_site, run_cli

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ["en", "es", "de", "ru", "hi"]


def require(path, what: str):
    if not path.is_file():
        if os.environ.get("SITEGEN_REQUIRE_CHECKERS"):
            raise RuntimeError(f"{what} is required here but {path} is missing: run npm ci")
        pytest.skip(f"{what} is not installed: run npm ci")


def nu_check(*files, timeout: int = 300) -> subprocess.CompletedProcess:
    """The Nu Html Checker's errors for HTML files or folders; skipped without it, except in CI (SITEGEN_REQUIRE_CHECKERS)."""
    require(VNU, "vnu-jar")
    java = shutil.which("java")
    if java is None:
        if os.environ.get("SITEGEN_REQUIRE_CHECKERS"):
            raise RuntimeError("java is required to run the Nu Html Checker")
        pytest.skip("java is not installed")
    arguments = [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", *(str(file) for file in files)]
    return subprocess.run(arguments, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def variant_site(tmp_path_factory):
    """The conference site with one untranslated and one outdated page, for their notices."""
    root = tmp_path_factory.mktemp("variant")
    site = copy_repository_site(root)
    (site / "content" / "es" / "solidarity.md").unlink()
    invitation = site / "content" / "en" / "invitation.md"
    invitation.write_text(invitation.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", root / "out")
    assert result.returncode == 0, result.stderr
    return BuiltSite(root / "out", BASE_URL)


def page_types(site: BuiltSite) -> list[str]:
    """One page of each kind in every language: home, each menu page, the news items, the 404 and status pages."""
    pages = ["index.html", "404.html"]
    for language in LANGUAGES:
        home = f"{language}/index.html"
        pages += [home, f"{language}/404.html", f"{language}/translation-status/index.html"]
        menu = [site.follow(home, a["href"])[0] for a in site.soup(home).select("nav.menu a")]
        pages += menu
        pages += [site.follow(index, a["href"])[0] for index in menu for a in site.soup(index).select(".news-list a")]
        # Pages the menu leaves out (the programme page while there is no programme) are pages all the same.
        pages += [page for page in site.pages() if page.split("/")[0] == language and not page.endswith("/search/index.html")]
    return sorted(set(pages))


@pytest.fixture
def tab(browser):
    """One tab for many pages; the CSP may not block the injected axe script."""
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def axe_violations(tab, url: str) -> list[str]:
    tab.goto(url)
    tab.add_script_tag(path=str(AXE))
    violations = tab.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in violations]


def test_every_page_type_in_every_language_has_no_axe_violations(tab, conference_site, server):
    require(AXE, "axe-core")
    pages = page_types(conference_site)
    assert len(pages) == 2 + len(LANGUAGES) * (SOURCE_PAGES + 3), "every page of every language, its 404, status and text-only pages"
    problems = {page: axe_violations(tab, server + page) for page in pages}
    assert {page: found for page, found in problems.items() if found} == {}


def test_phone_sized_pages_have_no_axe_violations(browser, conference_site, server):
    require(AXE, "axe-core")
    context = browser.new_context(bypass_csp=True, viewport={"width": 320, "height": 640})
    tab = context.new_page()
    pages = ["ru/translation-status/index.html", "en/solidarity/index.html", "ru/index.html", "hi/ekjutta/index.html", "de/index.html"]
    problems = {page: axe_violations(tab, server + page) for page in pages}
    context.close()
    assert {page: found for page, found in problems.items() if found} == {}


def test_translation_notices_pass_axe_too(tab, variant_site):
    require(AXE, "axe-core")
    from browsing import serve

    with serve(variant_site.root) as url:
        for page in ("es/solidarity/index.html", "es/invitacion/index.html"):
            assert variant_site.soup(page).select_one("[data-translation-status]") is not None
            assert axe_violations(tab, url + page) == [], page


def test_the_built_html_is_valid_for_the_nu_html_checker(conference_site, variant_site):
    for site in (conference_site, variant_site):
        result = nu_check(site.root)
        assert result.returncode == 0, result.stderr


def test_the_built_in_templates_pass_axe_and_the_nu_html_checker(tab, tmp_path):
    """The 404 and status pages a site gets without its own templates: in the conference's base.html, and plain (no base.html)."""
    require(AXE, "axe-core")
    from browsing import serve
    from helpers import copy_site

    (tmp_path / "conference").mkdir()
    (tmp_path / "minimal").mkdir()
    site = copy_repository_site(tmp_path / "conference")
    for name in ("404.html", "translation-status.html"):
        (site / "templates" / name).unlink()
    minimal = copy_site("minimal", tmp_path / "minimal")
    assert not (minimal / "templates" / "base.html").exists()
    checked = {}
    for folder, pages in ((site, ["404.html", "es/404.html", "hi/translation-status/index.html"]), (minimal, ["404.html", "en/404.html"])):
        out = folder.parent / "out"
        result = run_cli("build", "--site", folder, "--out", out)
        assert result.returncode == 0, result.stderr
        with serve(out) as url:
            checked.update({f"{folder.parent.name}/{page}": axe_violations(tab, url + page) for page in pages})
        assert nu_check(*(out / page for page in pages)).returncode == 0
    assert checked and {page: found for page, found in checked.items() if found} == {}
