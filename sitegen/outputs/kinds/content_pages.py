"""Content pages: every page of every language, its Markdown body through its template."""

from __future__ import annotations

from collections.abc import Iterator

from sitegen.core.files import OutputFile
from sitegen.i18n.catalogs import catalog_path
from sitegen.inputs.config import CONFIG_NAME
from sitegen.inputs.content import CONTENT_DIR, Page
from sitegen.model.bodies import BodyFacts, BodyOutcome
from sitegen.model.site import BuildContext
from sitegen.outputs.registry import Job, Rendered, output_kind
from sitegen.templating.templates import TEMPLATES_DIR
from sitegen.views.pages import PageContext, offered_names, page_context, signed_context


@output_kind("pages")
def plan_content_pages(build: BuildContext) -> Iterator[Job]:
    for page in build.site.content.iter_pages():
        yield page_job(build, page)


def page_job(build: BuildContext, page: Page) -> Job:
    """One content page. Signed without rendering its body when the body's text is as the last
    build found it (its ids and links are known then); otherwise it must be rendered to know."""
    site, store = build.site, build.bodies
    path = site.routes.path_of(page.language, page.key)
    assert path is not None
    sources = tuple(sorted({page.source, f"{CONTENT_DIR}/{site.config.default_language}/{page.key}.md"}))
    file_sources = tuple(sorted({*sources, f"{TEMPLATES_DIR}/{page.template}", catalog_path(page.language), CONFIG_NAME}))
    link = build.linker(path)

    def signed(facts: BodyFacts, raw: str | None = None) -> tuple[dict, str]:
        context = page_context(build, page, path, body=store.view(page, facts, link, site.routes, site.content, site.images, raw))
        return signed_context(context, build.templates.reads(page.template), build, page.language, path)

    def sign() -> str | None:
        facts = store.known_facts(page)
        known_now.append(facts)
        return None if facts is None else signed(facts)[1]

    def render() -> Rendered:
        facts = store.known_facts(page)
        if facts is None:  # a new or changed text: render it, and learn its ids and links
            outcome = store.render(page)
            raw = outcome.new_html or ""
        else:
            raw, rendered_now = store.html(page)
            outcome = BodyOutcome(page.language, page.key, facts, raw if rendered_now else None)
        given, signature = signed(outcome.facts, raw)
        content, problems = build.templates.render(page.template, given, page.language, page.source, page.line_of("template"), offered_names(PageContext))
        file = OutputFile(path, content, file_sources) if content is not None else None
        return Rendered(file, signature, tuple(problems), outcome)

    known_now: list = []  # what sign() found, for known() to give without looking again

    def known() -> BodyOutcome | None:
        facts = known_now[-1] if known_now else store.known_facts(page)
        return BodyOutcome(page.language, page.key, facts) if facts else None

    return Job(path, file_sources, sign, render, known, key=f"{page.language}/{page.key}")
