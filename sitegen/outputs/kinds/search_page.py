"""The search page, in every language: a search field over that language's pages, and the list of them all.

Made when the site has the template for it. The list is in the HTML, so the
page is useful without JavaScript and in the copy opened from disk (which has
no index: browsers do not let a page on file:// fetch one); the script
(static/search.js) hides the list while it shows results.
"""

from __future__ import annotations

from collections.abc import Iterator

from sitegen.inputs.content import HOME_KEY
from sitegen.inputs.languages import collation_key
from sitegen.model.routes import search_index_path, search_path
from sitegen.model.site import BuildContext
from sitegen.outputs.kinds.templated import template_job
from sitegen.outputs.registry import Job, output_kind
from sitegen.views.pages import SEARCH_TEMPLATE, SearchContext, extended, generated_page, page_view

# Its Content-Security-Policy, the strict one of every page with WebAssembly allowed (Pagefind
# searches in it), comes with every page's context: csp.py gives it for this page's path alone.


@output_kind("search pages")
def plan_search_pages(build: BuildContext) -> Iterator[Job]:
    site = build.site
    if not site.has_template(SEARCH_TEMPLATE):
        return
    for language in site.config.languages:
        if site.home(language) is not None:
            yield template_job(build, search_path(language), SEARCH_TEMPLATE, language, _context(build, language))


def _context(build: BuildContext, language: str):
    def make() -> SearchContext:
        site = build.site
        base, link, changes = generated_page(build, language, search_path)
        # Every page of the language, fallbacks too (marked as in their own language): the home page, the menu in its order, then the rest by title.
        pages = sorted(site.content.pages[language].values(), key=lambda p: (p.key != HOME_KEY, p.menu is None, p.menu or 0, collation_key(p.title), p.key))
        return extended(
            base,
            SearchContext,
            **changes,
            pages=tuple(page_view(site, page, link) for page in pages),
            index_url="" if build.offline else link.to_file(search_index_path("pagefind.js")),
        )

    return make
