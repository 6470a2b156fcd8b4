"""A job for one page rendered through a template: signed by what the template reads of its context."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TypeVar

from sitegen.core.files import OutputFile
from sitegen.i18n.catalogs import catalog_path
from sitegen.inputs.config import CONFIG_NAME
from sitegen.model.site import BuildContext
from sitegen.outputs.registry import Job, Rendered
from sitegen.templating.templates import TEMPLATES_DIR
from sitegen.views.pages import PageContext, offered_names, signed_context

V = TypeVar("V")


def template_job(
    build: BuildContext,
    path: str,
    template: str,
    language: str,
    make_context: Callable[[], PageContext],
    *,
    sources: tuple[str, ...] = (),
    error_source: tuple[str, int] | None = None,
) -> Job:
    """A page whose whole input is its context: ``make_context()`` builds it, when it is needed.

    ``error_source`` is the (file, line) a template error is also reported
    against: the page that asked for the template.
    """
    file_sources = tuple(sorted({*sources, f"{TEMPLATES_DIR}/{template}", catalog_path(language), CONFIG_NAME}))
    signed: list = []

    def sign() -> str:
        if not signed:
            context = make_context()
            signed.extend((*signed_context(context, build.templates.reads(template), build, language, path), offered_names(context)))
        return signed[1]

    def render() -> Rendered:
        signature = sign()
        source, line = error_source or (None, None)
        content, problems = build.templates.render(template, signed[0], language, source, line, signed[2])
        if source is None:  # a page of the generator's own: counted by its file, with the content pages a template mistake also meets
            problems = [dataclasses.replace(problem, pages=(path,)) if not problem.pages else problem for problem in problems]
        return Rendered(OutputFile(path, content, file_sources) if content is not None else None, signature, tuple(problems))

    return Job(path, file_sources, sign, render)


def view_job(path: str, view: V, render: Callable[[V], bytes], sources: tuple[str, ...] = ()) -> Job:
    """A file made by a pure formatter from one view: signed by the view and the formatter's name."""
    from sitegen.core.digest import digest

    signature = digest(f"{render.__module__}.{render.__qualname__}", view)
    return Job(path, sources, lambda: signature, lambda: Rendered(OutputFile(path, render(view), sources), signature))
