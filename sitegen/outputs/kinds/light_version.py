"""The text-only version, in every language: one page with the essentials, no stylesheet and no script, and the same as plain text.

For visitors on slow or metered connections, and for passing the conference
on by message. Made when the site has the template for it (light.html): the
home page's context moved to ``<lang>/text/``; the plain text beside it
(``<lang>/text.txt``) is that page read as text (formats/plain_text.py),
its links written out in full.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from sitegen.core.files import OutputFile
from sitegen.formats.plain_text import html_to_text
from sitegen.inputs.content import HOME_KEY
from sitegen.model.routes import light_path, light_text_path
from sitegen.model.site import BuildContext
from sitegen.outputs.kinds.templated import template_job
from sitegen.outputs.registry import Job, Rendered, output_kind
from sitegen.views.pages import LIGHT_TEMPLATE, LightContext, extended, generated_page


@output_kind("text-only version")
def plan_light_version(build: BuildContext) -> Iterator[Job]:
    site = build.site
    if not site.has_template(LIGHT_TEMPLATE):
        return
    for language in site.config.languages:
        if site.home(language) is not None:
            page = template_job(build, light_path(language), LIGHT_TEMPLATE, language, _context(build, language))
            yield page
            yield _as_text(build, page, language)


def _context(build: BuildContext, language: str):
    def make() -> LightContext:
        site = build.site
        base, link, changes = generated_page(build, language, light_path)
        home = site.routes.path_of(language, HOME_KEY) or light_path(language)
        return extended(base, LightContext, **changes, text_url=link(light_text_path(language)), full_url=link(home))

    return make


def _as_text(build: BuildContext, page: Job, language: str) -> Job:
    """The page's plain text: made from what the page renders, so signed as it is."""
    path = light_text_path(language)
    page_url = build.linker(light_path(language), "absolute")(light_path(language))

    def render() -> Rendered:
        rendered = page.render()
        if rendered.file is None or rendered.file.content is None:
            return dataclasses.replace(rendered, file=None, problems=())  # the page says what went wrong, once
        text = html_to_text(rendered.file.content.decode("utf-8"), page_url)
        return dataclasses.replace(rendered, file=OutputFile(path, text.encode("utf-8"), page.sources), problems=())

    return Job(path, page.sources, page.sign, render)
