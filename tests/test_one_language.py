"""The conference site in one language only: nothing offers, links or announces a language it does not have."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from built import BuiltSite
from helpers import BASE_URL, copy_repository_site, run_cli

OTHERS = ("es", "de", "ru", "hi")


def one_language_site(root: Path) -> Path:
    """The conference site with languages = ["en"]: the other languages' pages, catalogs and texts removed."""
    site = copy_repository_site(root)
    for language in OTHERS:
        for folder in (site / "content" / language, site / "locales" / language):
            for path in sorted(folder.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
            folder.rmdir()
    config = site / "site.toml"
    text = re.sub(r"(?m)^languages = .*$", 'languages = ["en"]', config.read_text(encoding="utf-8"))
    config.write_text(re.sub(rf"(?m)^({'|'.join(OTHERS)}) = .*\n", "", text), encoding="utf-8")
    for data in (site / "data").glob("*.yaml"):
        data.write_text(re.sub(rf"(?m)^ +({'|'.join(OTHERS)}): .*\n", "", data.read_text(encoding="utf-8")), encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def one_language(tmp_path_factory) -> BuiltSite:
    root = tmp_path_factory.mktemp("one-language")
    site = one_language_site(root)
    result = run_cli("build", "--strict", "--site", site, "--out", root / "out")
    assert result.returncode == 0, result.stderr
    return BuiltSite(root / "out", BASE_URL)


def test_every_link_leads_somewhere_and_none_is_empty(one_language):
    assert one_language.broken_links()[0] == []
    empty = [(page, str(link)) for page in one_language.pages() for link in one_language.soup(page).find_all(["a", "link"]) if not link.get("href", "").strip()]
    assert empty == [], "a link with no address leads back to the page it is on"


def test_no_page_offers_a_switcher_a_chooser_link_or_translation_status(one_language):
    for page in one_language.pages():
        soup = one_language.soup(page)
        assert soup.select("nav.languages") == [], page
        assert not soup.find("a", string=re.compile("All languages|Translation status")), page
    assert not one_language.exists("en/translation-status/index.html")


def test_alternates_name_only_the_one_language_and_x_default(one_language):
    for page in one_language.pages():
        soup = one_language.soup(page)
        assert {link["hreflang"] for link in soup.find_all("link", rel="alternate", hreflang=True)} <= {"en", "x-default"}, page
        assert soup.find("meta", property="og:locale:alternate") is None, page
    sitemap = ElementTree.parse(one_language.root / "sitemap.xml").getroot()
    languages = {link.get("hreflang") for link in sitemap.iter("{http://www.w3.org/1999/xhtml}link")}
    assert languages == {"en", "x-default"}


def test_the_root_and_the_server_rules_lead_to_the_one_language(one_language):
    chooser = one_language.soup("index.html")
    assert [link["href"] for link in chooser.select("main a[hreflang]")] == ["en/"]
    redirects = [
        line.split() for line in (one_language.root / "_redirects").read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")
    ]
    assert [rule[1] for rule in redirects if rule[0] == "/"] == ["/index.html", "/en/", "/en/"]
    assert {rule[1] for rule in redirects if rule[2] == "404"} == {"/en/404.html", "/404.html"}
    assert ElementTree.parse(one_language.root / "en" / "feed.xml").getroot().get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert not any(
        re.search(rf"\b({'|'.join(OTHERS)})\b", (one_language.root / name).read_text(encoding="utf-8")) for name in (".htaccess", "_redirects", "_headers")
    )
