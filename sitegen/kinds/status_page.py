"""The translators' page: how complete each language is, and what needs doing.

Made when the site is in more than one language and has the template for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import BuildContext
from ..outputs import Job, output_kind
from ..views import STATUS_PATH, STATUS_TEMPLATE, SourceLinks, StatusContext, extended, page_context
from .templated import template_job


@output_kind("status page")
def plan_status_page(build: BuildContext) -> Iterator[Job]:
    site = build.site
    home = site.home(site.config.default_language)
    if home is None or len(site.config.languages) < 2 or not site.has_template(STATUS_TEMPLATE):
        return

    def context() -> StatusContext:
        base = page_context(build, home, STATUS_PATH)
        links = SourceLinks({f"{language}/{key}": path for (language, key), path in site.routes.paths.items()}, build.linker(STATUS_PATH))
        changes = {"languages": (), "alternates": (), "noindex": True, "og": None, "structured_data": None}
        return extended(base, StatusContext, **changes, report=site.status_report(), source_url=links.url)

    yield template_job(build, STATUS_PATH, STATUS_TEMPLATE, home.language, context)
