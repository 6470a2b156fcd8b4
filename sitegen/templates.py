"""Jinja2 templates: one environment per language, strict and autoescaping.

Each language gets its own environment so that ``{% trans %}`` and ``_()``
read that language's catalog without any global switching; templates are
parsed once per environment and reused for every page.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2
from babel.support import NullTranslations
from markupsafe import escape

from .problems import Problem

TEMPLATES_DIR = "templates"


def make_environment(site_dir: Path, translations: NullTranslations) -> jinja2.Environment:
    """A Jinja2 environment over site_dir/templates, speaking one language."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(site_dir / TEMPLATES_DIR, encoding="utf-8"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    install_escaped_gettext(environment, translations)
    return environment


def install_escaped_gettext(environment: jinja2.Environment, translations: NullTranslations) -> None:
    """Install gettext so that what a translator wrote is always escaped.

    Jinja2's new-style gettext marks a translated string as safe HTML when
    autoescaping is on, and escapes only the values put into it. A catalog is
    untrusted text, so each translation is escaped first: "<script>" in a
    msgstr shows as text, and %(name)s values are still escaped as before.
    """
    environment.install_gettext_callables(
        gettext=lambda message: escape(translations.gettext(message)),
        ngettext=lambda singular, plural, n: escape(translations.ngettext(singular, plural, n)),
        pgettext=lambda context, message: escape(translations.pgettext(context, message)),
        npgettext=lambda context, singular, plural, n: escape(translations.npgettext(context, singular, plural, n)),
        newstyle=True,
    )


def check_templates(site_dir: Path) -> list[Problem]:
    """Parse every template once, so a syntax error is reported even in an unused one."""
    problems = []
    root = site_dir / TEMPLATES_DIR
    if not root.is_dir():
        return [Problem(TEMPLATES_DIR, None, "folder not found")]
    environment = make_environment(site_dir, NullTranslations())
    for name in environment.list_templates(filter_func=lambda name: not name.startswith(".")):
        try:
            environment.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(template_problem(exc, site_dir))
        except UnicodeDecodeError as exc:
            problems.append(Problem(f"{TEMPLATES_DIR}/{name}", None, f"is not UTF-8 text ({exc.reason})"))
    return problems


def template_problem(exc: Exception, site_dir: Path, *, page_source: str | None = None, page_line: int | None = None) -> Problem:
    """A Jinja2 error as a Problem in the template file and line where it happened."""
    root = (site_dir / TEMPLATES_DIR).resolve()
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return Problem(_relative_to_site(exc.filename, root), exc.lineno, f"template syntax error: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        names = ", ".join(map(str, getattr(exc, "templates", None) or [exc.name]))
        including = _template_frame(exc, root)
        if including is not None:  # an include, import or extends in a template
            return Problem(_relative_to_site(including.filename, root), including.lineno, f"template not found: {names} (looked in templates/)")
        where = page_source or TEMPLATES_DIR
        return Problem(where, page_line if page_source else None, f"template not found: {names} (looked in templates/)")
    frame = _template_frame(exc, root)
    if frame is not None:
        message = f"{type(exc).__name__}: {exc}"
        if page_source:
            message += f" (rendering {page_source})"
        return Problem(_relative_to_site(frame.filename, root), frame.lineno, message)
    return Problem(page_source or TEMPLATES_DIR, None, f"{type(exc).__name__}: {exc}")


def _template_frame(exc: Exception, root: Path) -> traceback.FrameSummary | None:
    """The innermost frame in a template file: Jinja2 rewrites tracebacks to point into template sources."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and Path(frame.filename).resolve().is_relative_to(root):
            return frame
    return None


def _relative_to_site(filename: str, templates_root: Path) -> str:
    return f"{TEMPLATES_DIR}/{Path(filename).resolve().relative_to(templates_root).as_posix()}"
