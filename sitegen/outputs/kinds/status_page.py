"""The translators' page, in every language: how complete each language is, and what needs doing.

Made when the site is in more than one language: with its own templates/translation-status.html,
or else the built-in one (sitegen/templating/default_templates/).
"""

from __future__ import annotations

from collections.abc import Iterator

from sitegen.i18n.source_diff import SourceDiff, source_diff
from sitegen.i18n.status import StatusReport
from sitegen.model.routes import status_path
from sitegen.model.site import BuildContext
from sitegen.outputs.kinds.templated import template_job
from sitegen.outputs.registry import Job, output_kind
from sitegen.views.pages import STATUS_TEMPLATE, OutputPaths, SourceLinks, StatusContext, extended, generated_page


@output_kind("status page")
def plan_status_page(build: BuildContext) -> Iterator[Job]:
    site = build.site
    if len(site.config.languages) < 2:
        return
    for language in site.config.languages:
        if site.home(language) is not None:
            yield template_job(build, status_path(language), STATUS_TEMPLATE, language, _context(build, language))


def _context(build: BuildContext, language: str):
    def make() -> StatusContext:
        site = build.site
        base, link, changes = generated_page(build, language, status_path)
        paths = build.shared(("output paths",), lambda: OutputPaths({f"{code}/{key}": target for (code, key), target in site.routes.paths.items()}))
        links = SourceLinks(paths, link)
        report = site.status_report()
        return extended(
            base, StatusContext, **changes, report=report, source_url=links.url, changes=_source_changes(build, report), files_url=site.config.source_url
        )

    return make


def _source_changes(build: BuildContext, report: StatusReport) -> dict[str, SourceDiff]:
    """What changed in the source of each outdated page since it was translated: found once, shown on every status page."""
    site = build.site

    def find() -> dict[str, SourceDiff]:
        changes = {}
        for status in report.languages:
            for key in status.outdated:
                page = site.written.pages[status.language][key]
                changes[f"{status.language}/{key}"] = source_diff(site.site_dir, report.source_language, status.language, key, page.source_hash)
        return changes

    return build.shared(("source changes",), find)
