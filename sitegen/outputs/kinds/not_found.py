"""404 pages: one per language, and at the root one that offers every language.

A host serves them at whatever address was asked for, so their links start
from the site's root rather than from their own place; a copy opened from
disk has no use for them. A site without its own templates/404.html gets
the built-in one (sitegen/templating/default_templates/).
"""

from __future__ import annotations

from collections.abc import Iterator

from sitegen.model.routes import not_found_path
from sitegen.model.site import BuildContext
from sitegen.model.urls import FROM_ROOT
from sitegen.outputs.kinds.chooser import conference_names
from sitegen.outputs.kinds.templated import template_job
from sitegen.outputs.registry import Job, output_kind
from sitegen.views.pages import ChooserContext, extended, page_context

NOT_FOUND_TEMPLATE = "404.html"


@output_kind("404 pages")
def plan_not_found(build: BuildContext) -> Iterator[Job]:
    site = build.site
    if build.offline:
        return
    for language in (*site.config.languages, None):
        path = not_found_path(language)
        home = site.home(language or site.config.default_language)
        if home is not None:
            yield template_job(build, path, NOT_FOUND_TEMPLATE, home.language, _context(build, home, path, is_root=language is None))


def _context(build: BuildContext, home, path: str, is_root: bool):
    def context() -> ChooserContext:
        base = page_context(build, home, path, style=FROM_ROOT, is_page=False)
        changes = {"alternates": (), "noindex": True, "og": None, "structured_data": None, "is_root": is_root}
        return extended(base, ChooserContext, **changes, conference_names=conference_names(build))

    return context
