"""Jinja2 templates: one environment per language, strict and autoescaping.

Each language gets its own environment so that ``{% trans %}`` and ``_()``
read that language's catalog without any global switching; templates are
parsed once per environment and reused for every page.
"""

from __future__ import annotations

import contextlib
import functools
import io
import pickle
import re
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from types import CodeType
from typing import Any, Literal
from urllib.parse import urljoin

import jinja2
import jinja2.bccache
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations
from markupsafe import Markup, escape

from sitegen.core.files import site_files, write_atomically
from sitegen.core.language_marks import without_stray_marks
from sitegen.core.problems import Problem, unreadable
from sitegen.core.template_hints import undefined_hint
from sitegen.i18n.fallbacks import Fallbacks, gettext_callables

TEMPLATES_DIR = "templates"
# The templates of the generator's own pages, used where a site has none of its own (docs/site-folder.md: Templates).
BUILT_IN_DIR = Path(__file__).parent / "default_templates"
# Where catalogs and messages say a built-in template is: its path in the generator's package ("sitegen/…/404.html").
BUILT_IN_PLACE = BUILT_IN_DIR.relative_to(Path(__file__).parents[2]).as_posix()
BUILT_IN_TEMPLATES = ("404.html", "translation-status.html")
BASE_TEMPLATE = "base.html"  # what the built-in templates extend: the site's, or else plain-base.html
PLAIN_BASE = "plain-base.html"


# What a template reads from its context, and the templates it loads (None: one chosen at run time).
Reads = tuple[frozenset[str], tuple[str, ...] | None]


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once for the environments of every language, and kept between builds.

    Compiled code depends only on a template's text and on the environment's
    settings, which all languages share. Without this, each process compiled
    every template once per language, at every build: a sixth of a one-page
    rebuild. ``folder`` (optional) keeps them on disk; Jinja checks each
    file's source checksum and format before using it.
    """

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self.compiled: dict[str, tuple[str, CodeType]] = {}  # key → (source checksum, code)
        self.known_reads: dict[str, Reads | None] = {}  # source checksum → names read, templates loaded

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        known = self.compiled.get(bucket.key)
        if known and known[0] == bucket.checksum:
            bucket.code = known[1]
            return
        if self.folder is not None:
            try:
                with open(self.folder / f"{bucket.key}.cache", "rb") as cached:
                    bucket.load_bytecode(cached)  # leaves code None if the file is stale or damaged
            except OSError:
                return
            if bucket.code is not None:
                self.compiled[bucket.key] = (bucket.checksum, bucket.code)

    def reads(self, checksum: str, learn: Callable[[], Reads | None]) -> Reads | None:
        """What a template of this source reads and loads (``learn()`` parses it to tell), kept like its code.

        Parsing every template for what it reads took a third of a rebuild of
        this site; the answer depends on the source alone.
        """
        if checksum not in self.known_reads:
            path = self.folder / f"reads-{checksum}.pickle" if self.folder is not None else None
            try:
                assert path is not None
                self.known_reads[checksum] = pickle.loads(path.read_bytes())
            except (AssertionError, OSError, ValueError, TypeError, EOFError, pickle.UnpicklingError):
                self.known_reads[checksum] = learn()
                if path is not None:
                    with contextlib.suppress(OSError):
                        write_atomically(path, pickle.dumps(self.known_reads[checksum]))
        return self.known_reads[checksum]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        assert bucket.code is not None  # Jinja dumps a bucket only once it has given it code
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)
        if self.folder is None:
            return
        code = io.BytesIO()
        bucket.write_bytecode(code)
        with contextlib.suppress(OSError):  # a read-only cache folder only makes the next build slower
            write_atomically(self.folder / f"{bucket.key}.cache", code.getvalue())


def make_environment(
    site_dir: Path, translations: NullTranslations, compiled: CompiledTemplates | None = None, locale: str = "en", fallbacks: Fallbacks | None = None
) -> jinja2.Environment:
    """A Jinja2 environment over site_dir/templates, speaking one language (``locale`` for its lists; ``fallbacks``: fallbacks.py)."""
    own = site_dir / TEMPLATES_DIR
    # The site's own templates first, then the built-in ones: the folder holds only the generator's own
    # pages' templates (and their plain base), so a page template the site lacks is still an error.
    environment = jinja2.Environment(
        bytecode_cache=compiled,
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(own, encoding="utf-8"), BuiltInTemplates(has_base=(own / BASE_TEMPLATE).is_file())]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # An environment lives for one build, in which no template changes: checking each file's time
        # at every {% extends %} and {% include %} was five stats a page.
        auto_reload=False,
        finalize=without_stray_marks,
    )
    install_escaped_gettext(environment, translations, fallbacks)
    environment.filters["with_top_links"] = with_top_links
    environment.filters["format_list"] = functools.partial(format_list_markup, locale=locale)
    environment.filters["format_number"] = functools.partial(format_number, locale=locale)
    environment.filters["format_percent"] = functools.partial(format_percent_of_100, locale=locale)
    environment.filters["subscription"] = subscription
    return environment


@jinja2.pass_context
def subscription(context: Any, href: str) -> str:
    """A calendar's link as a ``webcal://`` address, which calendar programs subscribe to (and fetch again) rather than import once.

    webcal has no relative form: the link is made absolute from the page's
    canonical address, then its http or https is named webcal.
    """
    absolute = urljoin(str(context["canonical"]), href)
    scheme, separator, rest = absolute.partition("://")
    return f"webcal://{rest}" if separator and scheme in ("http", "https") else ""


class BuiltInTemplates(jinja2.FileSystemLoader):
    """The generator's own templates. Each extends "base.html": the site's, or, where it has none, the plain one.

    The choice is made in the source itself, so that what a template loads stays
    known from its text (rendering.py) and a page signed by it changes with it.
    """

    def __init__(self, has_base: bool):
        super().__init__(BUILT_IN_DIR, encoding="utf-8")
        self.has_base = has_base

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not self.has_base:
            source = source.replace(f'{{% extends "{BASE_TEMPLATE}" %}}', f'{{% extends "{PLAIN_BASE}" %}}')
        return source, filename, uptodate


def is_built_in(filename: str) -> bool:
    """Whether a template file is one of the generator's built-in ones."""
    return Path(filename).resolve().is_relative_to(BUILT_IN_DIR.resolve())


ListStyle = Literal["standard", "standard-short", "or", "or-short", "unit", "unit-short", "unit-narrow"]  # CLDR's list patterns


def format_list_markup(items: Iterable[Any], style: ListStyle = "standard", *, locale: str) -> Markup:
    """A list as the language writes one, by CLDR ("a, b y c"; "а, б и в"; "أ وب"): items escaped, links kept.

    Each item stands in as a private-use token while Babel joins them, so the
    pattern's own text is escaped and the items' HTML is not touched twice.
    """
    parts = [escape(item) for item in items]
    joined = format_list([f"\ue000{index}\ue001" for index in range(len(parts))], style, locale=locale)
    return Markup(re.sub("\ue000(\\d+)\ue001", lambda token: str(parts[int(token[1])]), str(escape(joined))))


def format_number(number: float, *, locale: str) -> str:
    """A number as the language writes it, by CLDR: "1,234" in English, "1.234" in German, "1 234" in Russian."""
    return format_decimal(number, locale=locale)


def format_percent_of_100(percent: float, *, locale: str) -> str:
    """A percentage (0 to 100) rounded to a whole number, as the language writes it, by CLDR:
    "100%" in English and Hindi, "100\u00a0%" (with a no-break space) in German, Spanish and Russian."""
    return format_percent(percent / 100, locale=locale)


def with_top_links(body: Markup, label: str) -> Markup:
    """A body with a link back to the top of the page (#top) at the end of each of its h2 sections but the last."""
    link = str(Markup('<p class="to-top" data-pagefind-ignore><a href="#top">{}</a></p>\n').format(label))
    first, *sections = _BEFORE_H2.split(str(body))  # plain text from here: the body is already HTML
    if not sections:
        return body
    return Markup(first + sections[0] + "".join(link + section for section in sections[1:]))


_BEFORE_H2 = re.compile(r"(?=<h2[ >])")


def install_escaped_gettext(environment: jinja2.Environment, translations: NullTranslations, fallbacks: Fallbacks | None = None) -> None:
    """Install gettext so that what a translator wrote is always escaped, and a string not translated is marked.

    Jinja2's new-style gettext marks a translated string as safe HTML when
    autoescaping is on, and escapes only the values put into it. A catalog is
    untrusted text, so each translation is escaped first: "<script>" in a
    msgstr shows as text, and %(name)s values are still escaped as before.
    With ``fallbacks``, a string its catalog does not translate is marked as
    the source language's (fallbacks.py).
    """
    # The i18n extension adds this method at run time; Environment's stubs cannot know of it. It sets
    # the new-style policy that {% trans %} compiles to; the callables are then replaced by ours, which
    # do what its new-style wrappers do.
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=translations.gettext, ngettext=translations.ngettext, newstyle=True
    )
    environment.globals.update(gettext_callables(translations, fallbacks))


def check_templates(site_dir: Path, compiled: CompiledTemplates | None = None) -> list[Problem]:
    """Parse every template once, so a syntax error is reported even in an unused one."""
    problems: list[Problem] = []
    root = site_dir / TEMPLATES_DIR
    if not root.is_dir():
        return [Problem(TEMPLATES_DIR, None, "folder not found")]
    # Links are taken as in content/ and static/: one out of the site is refused (a template would publish what it
    # leads to), one that leads nowhere is left out.
    files = {file.name for file in site_files(root, site_dir, problems)}
    if any(not problem.is_warning for problem in problems):
        return problems
    environment = make_environment(site_dir, NullTranslations(), compiled)
    for name in environment.list_templates(filter_func=lambda name: not name.startswith(".") and name in files):
        try:
            environment.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(template_problem(exc, site_dir))
        except UnicodeDecodeError as exc:
            problems.append(Problem(f"{TEMPLATES_DIR}/{name}", None, f"is not UTF-8 text ({exc.reason})"))
        except OSError as exc:
            problems.append(unreadable(f"{TEMPLATES_DIR}/{name}", exc))
    return problems


def template_problem(exc: Exception, site_dir: Path, *, page_source: str | None = None, page_line: int | None = None, names: Iterable[str] = ()) -> Problem:
    """A Jinja2 error as a Problem in the template file and line where it happened.

    ``names`` are those the template could have read: an undefined one is told the nearest.
    """
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
        message = f"{type(exc).__name__}: {exc}{undefined_hint(exc, names, frame.filename)}"
        return Problem(_relative_to_site(frame.filename, root), frame.lineno, message, pages=(page_source,) if page_source else ())
    return Problem(page_source or TEMPLATES_DIR, None, f"{type(exc).__name__}: {exc}")


def _template_frame(exc: Exception, root: Path) -> traceback.FrameSummary | None:
    """The innermost frame in a template file: Jinja2 rewrites tracebacks to point into template sources."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and (Path(frame.filename).resolve().is_relative_to(root) or is_built_in(frame.filename)):
            return frame
    return None


def _relative_to_site(filename: str, templates_root: Path) -> str:
    """A template's file as the site's contributors know it: templates/NAME, or the built-in template's place in the package."""
    if is_built_in(filename):
        return f"{BUILT_IN_PLACE}/{Path(filename).name}"
    return f"{TEMPLATES_DIR}/{Path(filename).resolve().relative_to(templates_root).as_posix()}"
