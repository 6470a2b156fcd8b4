"""The preview's quick path (sitegen/build/quick.py): a page whose text alone changed, rendered from the last build's model,
byte for byte what the build that follows writes, and nothing else taken that way."""

from __future__ import annotations

import pytest
from helpers import copy_repository_site

from sitegen.build.pipeline import Resident, build_site, quick_build

EDITED = {  # page → its output file
    "content/en/invitation.md": "en/invitation/index.html",  # a source page, translated in four languages
    "content/es/invitation.md": "es/invitacion/index.html",  # a translation
    "content/en/news/ilps-call.md": "en/news/ilps-call/index.html",  # a news item: the feed carries its text
    "content/hi/solidarity.md": "hi/ekjutta/index.html",  # Devanagari, a long page with a table of contents
}


@pytest.fixture
def resident_site(tmp_path):
    site = copy_repository_site(tmp_path)
    out = tmp_path / "out"
    resident = Resident()
    build_site(site, out, resident=resident)
    return site, out, resident


def append(site, name: str, text: str) -> None:
    path = site / name
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize("name", EDITED)
def test_a_page_whose_text_alone_changed_is_rendered_as_the_build_then_writes_it(resident_site, name):
    site, out, resident = resident_site
    for round in range(2):  # the second from the model of a build that followed the first
        append(site, name, f"\n## A new part {round}\n\nWith *emphasis*, a [link](#a-new-part-{round}) and [another page](/{EDITED[name]}).\n")
        quick = quick_build(site, resident, [name])
        assert list(quick) == [EDITED[name]]
        build_site(site, out, resident=resident)
        assert (out / EDITED[name]).read_bytes() == quick[EDITED[name]]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda site: append(site, "content/es/invitation.md", "\nVéase [aquí](no-existe.md).\n"), id="a broken link"),
        pytest.param(lambda site: append(site, "content/es/invitation.md", "\n![](missing.png)\n"), id="an image that is not there"),
        pytest.param(
            lambda site: (site / "content/es/invitation.md").write_text(
                (site / "content/es/invitation.md").read_text(encoding="utf-8").replace("title: ", "title: Nueva ", 1), encoding="utf-8"
            ),
            id="the title, which menus and lists show",
        ),
        pytest.param(lambda site: (site / "content/es/nueva.md").write_text("---\ntitle: Nueva\n---\n\nTexto.\n", encoding="utf-8"), id="a new page"),
        pytest.param(lambda site: (site / "content/es/invitation.md").unlink(), id="a removed page"),
        pytest.param(lambda site: (site / "content/es/invitation.md").write_bytes(b"---\ntitle: x\n---\n\xff\n"), id="a file that is not UTF-8"),
    ],
)
def test_any_other_change_is_left_to_the_build(resident_site, change):
    site, _, resident = resident_site
    change(site)
    assert quick_build(site, resident, ["content/es/invitation.md", "content/es/nueva.md"]) == {}


def test_a_template_or_catalog_among_the_changes_is_left_to_the_build(resident_site):
    site, _, resident = resident_site
    append(site, "content/de/invitation.md", "\nNoch ein Absatz.\n")
    assert list(quick_build(site, resident, ["content/de/invitation.md"])) == ["de/einladung/index.html"]
    for other in ("templates/page.html", "locales/de/LC_MESSAGES/messages.po", "site.toml", "data/documents.yaml"):
        assert quick_build(site, resident, ["content/de/invitation.md", other]) == {}, other
