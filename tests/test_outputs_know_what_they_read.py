"""Each output is signed by what it reads: its view, as its templates use it, and nothing else.

No signature is written by hand beside the views: a value added to a view
changes the signature of exactly the pages whose templates show it.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from helpers import copy_repository_site, run_cli

import sitegen.outputs.kinds.content_pages as content_pages
from sitegen.build.render import render_site
from sitegen.views.conference import conference_view
from sitegen.views.pages import PageContext


def build(site, out, *options):
    result = run_cli("build", "--site", site, "--out", out, *options)
    assert result.returncode == 0, result.stderr
    return result


def rendered_pages(result) -> int:
    (count,) = re.findall(r"rendered (\d+)(?: of \d+)? pages", result.stderr + result.stdout)
    return int(count)


def test_an_edit_to_the_participation_data_renders_only_the_pages_that_show_it(tmp_path):
    site = copy_repository_site(tmp_path)
    build(site, tmp_path / "out")
    data = site / "data" / "participation.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("registered_countries: 20", "registered_countries: 21"), encoding="utf-8")
    result = build(site, tmp_path / "out", "-v")
    showing = sorted(path.parent.name for path in (site / "content").glob("*/participants.md"))
    assert showing == ["de", "en", "es", "hi", "ru"]
    assert rendered_pages(result) == len(showing), "the participants page of each language, and no other page"
    assert "21" in (tmp_path / "out" / "en" / "participants" / "index.html").read_text(encoding="utf-8")


PLAIN_PAGE_CONTEXT = content_pages.page_context


@dataclasses.dataclass(frozen=True)
class WithGreeting(PageContext):
    greeting: str = ""


def signatures_with_greeting(site, monkeypatch, greeting: str) -> dict[str, str]:
    """Render the site with one more value in every content page's view."""
    plain = PLAIN_PAGE_CONTEXT

    def with_greeting(*args, **kwargs):
        base = plain(*args, **kwargs)
        return WithGreeting(**{f.name: getattr(base, f.name) for f in dataclasses.fields(base)}, greeting=greeting)

    monkeypatch.setattr(content_pages, "page_context", with_greeting)
    return render_site(site, today=datetime.date(2026, 12, 1)).signatures


def test_a_value_added_to_a_view_changes_the_signatures_of_the_pages_that_show_it_and_no_others(tmp_path, monkeypatch):
    site = copy_repository_site(tmp_path)
    template = site / "templates" / "participation-list.html"  # participants.html's lists
    template.write_text(
        template.read_text(encoding="utf-8").replace("{% if participation %}", "<p>{{ greeting }}</p>\n{% if participation %}", 1), encoding="utf-8"
    )
    hello, goodbye = (signatures_with_greeting(site, monkeypatch, greeting) for greeting in ("hello", "goodbye"))
    changed = sorted(path for path in hello if hello[path] != goodbye[path])
    assert changed == [
        "de/teilnehmende/index.html",
        "en/participants/index.html",
        "es/participantes/index.html",
        "hi/pratibhagi/index.html",
        "ru/uchastniki/index.html",
    ]
    assert len(hello) > len(changed) + 40, "every other file keeps its signature"


def test_every_file_has_a_signature_and_two_renders_agree(tmp_path):
    site = copy_repository_site(tmp_path)
    first = render_site(site, today=datetime.date(2026, 12, 1))
    second = render_site(site, today=datetime.date(2026, 12, 1))
    assert first.signatures == second.signatures
    assert {file.path for file in first.files} == set(first.signatures)
    assert all(first.signatures.values()), "feeds, calendars, the sitemap and the static files are signed too"


def test_a_new_output_kind_is_one_planner_and_gets_signatures_and_incremental_builds(tmp_path, monkeypatch):
    from dataclasses import dataclass

    from sitegen.core.incremental import Manifest
    from sitegen.outputs import registry as outputs
    from sitegen.outputs.kinds.templated import view_job

    @dataclass(frozen=True)
    class Humans:
        team: str

    def plan_humans(build):
        yield view_job("humans.txt", Humans(conference_view(build.site, "en").name), lambda view: f"/* TEAM */\n{view.team}\n".encode())

    monkeypatch.setattr(outputs, "KINDS", [*outputs.registered_kinds(), outputs.OutputKind("humans", outputs.FIRST, plan_humans)])
    site = copy_repository_site(tmp_path)
    first = render_site(site, today=datetime.date(2026, 12, 1))
    (humans,) = [file for file in first.files if file.path == "humans.txt"]
    assert humans.content.decode().endswith("1st International Miners’ Conference\n")
    previous = Manifest("", "", "", outputs={path: {"signature": signature} for path, signature in first.signatures.items()}, pages=first.page_records)
    again = render_site(site, previous=previous, today=datetime.date(2026, 12, 1))
    assert [file.path for file in again.files if file.content is not None] == [], "nothing changed, so nothing is made again"
    toml = site / "site.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("1st International Miners’ Conference", "First International Miners’ Conference", 1), encoding="utf-8"
    )
    renamed = render_site(site, previous=previous, today=datetime.date(2026, 12, 1))
    assert "humans.txt" in [file.path for file in renamed.files if file.content is not None]


def test_an_edit_to_the_document_library_renders_only_the_documents_pages(tmp_path):
    site = copy_repository_site(tmp_path)
    build(site, tmp_path / "out")
    data = site / "data" / "documents.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("Signed by Prof. Jose Maria Sison", "Signed by Professor Jose Maria Sison"), encoding="utf-8")
    result = build(site, tmp_path / "out", "-v")
    showing = sorted(path.parent.name for path in (site / "content").glob("*/documents.md"))
    assert showing == ["de", "en", "es", "hi", "ru"]
    assert rendered_pages(result) == 1, "the English note changed, and only the English page shows it: the others have their own"
    assert "Signed by Professor" in (tmp_path / "out" / "en" / "documents" / "index.html").read_text(encoding="utf-8")
    data.write_text(data.read_text(encoding="utf-8").replace("  described_in: character\n", ""), encoding="utf-8")
    assert rendered_pages(build(site, tmp_path / "out", "-v")) == len(showing), "what every language shows: the documents page of each, and no other"
