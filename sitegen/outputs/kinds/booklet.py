"""The booklet, in every language: the site's essential pages (its menu's, in order, the programme where there is one)
as one PDF, with a table of contents and page numbers, to print at the venue.

Made when the site has the template for it (booklet.html): the home page's
context moved to ``<lang>/booklet.pdf``, with ``sections``, each menu page
with its body; the template draws the rest (the programme, the lists of the
data views) as the pages do. The HTML it renders goes to WeasyPrint
(formats/pdf.py), never to the output. Planned after the pages, whose bodies
it holds whole: by then they are known, from this build or the cache.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator

from sitegen.core.files import OutputFile
from sitegen.core.installation import SystemLibraryMissing
from sitegen.core.problems import Problem
from sitegen.formats.pdf import PdfUnavailable, html_to_pdf, pango_missing
from sitegen.inputs.content import HOME_KEY, Page
from sitegen.model.routes import booklet_path
from sitegen.model.site import BuildContext
from sitegen.outputs.kinds.templated import template_job
from sitegen.outputs.registry import AFTER_PAGES, Job, Rendered, output_kind
from sitegen.templating.templates import TEMPLATES_DIR
from sitegen.views.conference import conference_view
from sitegen.views.pages import BOOKLET_TEMPLATE, BookletContext, PageView, extended, generated_page, page_view


class BookletUnavailable(SystemLibraryMissing):
    """The site asks for a booklet, and this machine lacks what WeasyPrint needs to make one."""


@output_kind("booklet", AFTER_PAGES)
def plan_booklet(build: BuildContext) -> Iterator[Job]:
    site = build.site
    if not site.has_template(BOOKLET_TEMPLATE):
        return
    missing = pango_missing()
    if missing:
        raise BookletUnavailable(
            f"{TEMPLATES_DIR}/{BOOKLET_TEMPLATE} asks for a booklet of each language (a PDF), which WeasyPrint draws with Pango, a system"
            f" library this machine lacks. Install it (Debian and Ubuntu: sudo apt-get install {missing}), or remove {TEMPLATES_DIR}/{BOOKLET_TEMPLATE}"
        )
    for language in site.config.languages:
        if site.home(language) is not None:
            yield _as_pdf(build, template_job(build, booklet_path(language), BOOKLET_TEMPLATE, language, _context(build, language)), language)


def _context(build: BuildContext, language: str):
    def make() -> BookletContext:
        site = build.site
        base, _, changes = generated_page(build, language, booklet_path)
        absolute = build.linker(booklet_path(language), "absolute")
        sections = tuple(_section(build, page, absolute) for page in site.menus[language])
        # A section's pages whole, after its index (the news items after the news page): a printed page links nowhere.
        articles = {page.key: tuple(_section(build, member, absolute) for member in site.section_members(page)) for page in site.menus[language]}
        home = site.routes.path_of(language, HOME_KEY) or booklet_path(language)
        return extended(
            base, BookletContext, **changes, sections=sections, articles={key: pages for key, pages in articles.items() if pages}, site_url=absolute(home)
        )

    return make


def _section(build: BuildContext, page: Page, absolute) -> PageView:
    """A page of the menu, or of its section, with its body, its links absolute: a booklet is read away from the site."""
    store = build.bodies
    facts = store.known_facts(page)
    if facts is None:  # a page that failed to render: the build stops before this is written
        facts = store.render(page).facts
    body = store.view(page, facts, absolute, build.site.routes, build.site.content, build.site.images)
    return page_view(build.site, page, absolute, body)


def _as_pdf(build: BuildContext, page: Job, language: str) -> Job:
    """The booklet's HTML, rendered as the job says, then drawn as a PDF: signed as that HTML is."""
    site = build.site
    path = booklet_path(language)
    base_url = build.linker(path, "absolute")(path)
    title = conference_view(site, language).name
    # The PDF's date is the conference's first day, an input: the same bytes at every build.
    created = datetime.datetime.combine(site.config.conference.start, datetime.time(), datetime.UTC)

    def render() -> Rendered:
        rendered = page.render()
        if rendered.file is None or rendered.file.content is None:
            return rendered
        try:
            pdf = html_to_pdf(rendered.file.content.decode("utf-8"), base_url=base_url, title=title, language_tag=site.languages[language].tag, created=created)
        except PdfUnavailable as exc:
            return dataclasses.replace(rendered, file=None, problems=(Problem(f"{TEMPLATES_DIR}/{BOOKLET_TEMPLATE}", None, str(exc)),))
        except RecursionError:  # WeasyPrint lays out nested boxes by recursion: 150 quotes in one another are past Python's limit
            nested = f"the {site.languages[language].name} booklet cannot be laid out: a page of it nests quotes or lists too deeply; nest them less"
            return dataclasses.replace(rendered, file=None, problems=(Problem(f"{TEMPLATES_DIR}/{BOOKLET_TEMPLATE}", None, nested),))
        return dataclasses.replace(rendered, file=OutputFile(path, pdf, page.sources))

    return Job(path, page.sources, page.sign, render, heavy=True)
