"""The root page: every language by its own name, linking to its home page."""

from __future__ import annotations

from collections.abc import Iterator

from sitegen.model.site import BuildContext
from sitegen.outputs.kinds.templated import template_job
from sitegen.outputs.registry import Job, output_kind
from sitegen.views.conference import conference_view
from sitegen.views.pages import ChooserContext, extended, page_context

CHOOSER_TEMPLATE = "chooser.html"
CHOOSER_PATH = "index.html"


def conference_names(build: BuildContext) -> dict[str, str]:
    return {code: conference_view(build.site, code).name for code in build.site.config.languages}


@output_kind("chooser")
def plan_chooser(build: BuildContext) -> Iterator[Job]:
    site = build.site
    home = site.home(site.config.default_language)
    if home is None:
        return

    def context() -> ChooserContext:
        base = page_context(build, home, CHOOSER_PATH)
        return extended(base, ChooserContext, conference_names=conference_names(build))

    yield template_job(build, CHOOSER_PATH, CHOOSER_TEMPLATE, home.language, context, error_source=(home.source, home.line_of("template")))
