"""Render pages: every page of every language through its template, into HTML.

Each output file records the input files it was made from, so that a later
build can tell what a change affects.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale
from babel.dates import format_date, format_interval
from babel.support import NullTranslations
from markupsafe import Markup

from .catalogs import catalog_path
from .config import CONFIG_NAME, SiteConfig
from .content import HOME_KEY, Content, Page
from .markup import LINK_MARKER, MarkdownRenderer, RenderedBody
from .problems import Problem
from .templates import TEMPLATES_DIR, make_environment, template_problem
from .urls import Routes, absolute_url, relative_url

CHOOSER_TEMPLATE = "chooser.html"
_MARKED_LINK = re.compile(r'(href|src)="' + re.escape(LINK_MARKER) + r'([^"#]*)(#[^"]*)?"')


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site, with the inputs it was made from."""

    path: str  # relative to the output folder, with forward slashes
    content: bytes
    sources: tuple[str, ...] = ()  # input files, relative to the site folder


@dataclass(frozen=True)
class Language:
    """A language as templates show it."""

    code: str  # as in site.toml: "es", "pt_BR"
    tag: str  # as HTML and HTTP write it: "es", "pt-BR"
    name: str  # its own name, in itself: "Español"
    direction: str  # "ltr" or "rtl"


@dataclass(frozen=True)
class Link:
    """A link in a menu or switcher."""

    title: str
    url: str
    is_current: bool = False
    language: Language | None = None


@dataclass(frozen=True)
class PageView:
    """A page as templates see it."""

    key: str
    title: str
    summary: str
    url: str  # relative to the page being rendered
    date: str  # formatted for the page's language, or ''
    iso_date: str  # YYYY-MM-DD, or ''
    body: Markup = field(default=Markup(""))


def describe_language(code: str) -> Language:
    """A language's tag, own name and direction, from Babel's CLDR data."""
    locale = Locale.parse(code)
    name = locale.get_display_name(code) or code
    return Language(code, code.replace("_", "-"), name[:1].upper() + name[1:], locale.text_direction)


class SiteRenderer:
    """Renders every page of a loaded site. Holds what is shared between pages."""

    def __init__(self, site_dir: Path, config: SiteConfig, content: Content, routes: Routes, translations: dict[str, NullTranslations]):
        self.site_dir = site_dir
        self.config = config
        self.content = content
        self.routes = routes
        self.translations = translations
        self.languages = {code: describe_language(code) for code in config.languages}
        self.markdown = MarkdownRenderer()
        self.environments: dict[str, jinja2.Environment] = {}
        self.problems: list[Problem] = []

    def environment(self, language: str) -> jinja2.Environment:
        if language not in self.environments:
            self.environments[language] = make_environment(self.site_dir, self.translations[language])
        return self.environments[language]

    # --- the pipeline

    def render_all(self) -> list[OutputFile]:
        """Render the whole site; problems found on the way are left in self.problems."""
        bodies = {(page.language, page.key): self.markdown.render(page.body, page.key) for page in self.content.iter_pages()}
        for page in self.content.iter_pages():
            self._check_links(page, bodies)
        if self.problems:
            return []
        files = [self.render_page(page, bodies[(page.language, page.key)]) for page in self.content.iter_pages()]
        files.append(self.render_chooser())
        return [file for file in files if file is not None]

    def _check_links(self, page: Page, bodies: dict[tuple[str, str], RenderedBody]) -> None:
        body = bodies[(page.language, page.key)]
        for unsafe in body.unsafe:
            self.problems.append(Problem(page.source, self._line_of(page, unsafe), f"link '{unsafe}' is not allowed: only http, https, mailto and tel links"))
        for link in body.links:
            target = bodies.get((page.language, link.key))
            line = self._line_of(page, link.written)
            if target is None:
                self.problems.append(
                    Problem(page.source, line, f"link '{link.written}': no page content/{page.language}/{link.key}.md")
                )
            elif link.fragment and link.fragment not in target.ids:
                self.problems.append(
                    Problem(page.source, line, f"link '{link.written}': content/{page.language}/{link.key}.md has no heading with id '{link.fragment}'")
                )

    @staticmethod
    def _line_of(page: Page, written: str) -> int:
        index = page.body.find(written)
        return page.body_line + page.body[:index].count("\n") if index >= 0 else page.body_line

    def render_page(self, page: Page, body: RenderedBody) -> OutputFile | None:
        path = self.routes.path_of(page.language, page.key)
        assert path is not None
        context = self.page_context(page, path)
        context["page"] = self.page_view(page, path, body=Markup(self._resolve_links(body.html, page.language, path)))
        return self._render(page.template, context, path, page, sources=(page.source,))

    def render_chooser(self) -> OutputFile | None:
        """The root page: every language by its own name, linking to its home page."""
        path = "index.html"
        default = self.config.default_language
        home = self.content.pages[default].get(HOME_KEY)
        context = self.page_context(home, path) if home else {}
        context["conference_names"] = {code: self.config.conference.name.get(code) for code in self.config.languages}
        return self._render(CHOOSER_TEMPLATE, context, path, home, sources=())

    def _render(self, template_name: str, context: dict[str, Any], path: str, page: Page | None, sources: tuple[str, ...]) -> OutputFile | None:
        language = context["language"].code if context else self.config.default_language
        try:
            template = self.environment(language).get_template(template_name)
            text = template.render(context)
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, LookupError) as exc:
            where = {"page_source": page.source, "page_line": page.line_of("template")} if page else {}
            self.problems.append(template_problem(exc, self.site_dir, **where))
            return None
        inputs = (*sources, f"{TEMPLATES_DIR}/{template_name}", catalog_path(language), CONFIG_NAME)
        return OutputFile(path, text.encode("utf-8"), tuple(sorted(set(inputs))))

    # --- what templates see

    def page_context(self, page: Page, path: str) -> dict[str, Any]:
        language = page.language
        base = self.config.base_url
        translations = [
            (code, self.routes.path_of(code, page.key)) for code in self.config.languages if self.routes.path_of(code, page.key)
        ]
        default_path = self.routes.path_of(self.config.default_language, page.key)
        conference = self.config.conference
        return {
            "language": self.languages[language],
            "languages": [
                Link(self.languages[code].name, relative_url(path, target), code == language, self.languages[code])
                for code, target in translations
            ],
            "alternates": [(self.languages[code].tag, absolute_url(base, target)) for code, target in translations]
            + [("x-default", base if page.key == HOME_KEY else absolute_url(base, default_path or path))],
            "canonical": absolute_url(base, path),
            "menu": self.menu(language, path, page.key),
            "home_url": relative_url(path, self.routes.path_of(language, HOME_KEY) or path),
            "chooser_url": relative_url(path, "index.html"),
            "static_url": lambda name: relative_url(path, f"static/{name}"),
            "conference": {
                "name": conference.name.get(language),
                "dates": format_interval(conference.start, conference.end, "yMMMMd", locale=language),
                "start": conference.start.isoformat(),
                "end": conference.end.isoformat(),
                "city": conference.city.get(language),
                "country": Locale.parse(language).territories.get(conference.country, conference.country),
                "venue": conference.venue.get(language),
                "contact_email": conference.contact_email,
                "website": conference.website,
            },
            "section_pages": self.section_pages(page, path),
        }

    def page_view(self, page: Page, from_path: str, body: Markup = Markup("")) -> PageView:
        target = self.routes.path_of(page.language, page.key) or from_path
        return PageView(
            key=page.key,
            title=page.title,
            summary=page.summary,
            url=relative_url(from_path, target),
            date=format_date(page.date, format="long", locale=page.language) if page.date else "",
            iso_date=page.date.isoformat() if page.date else "",
            body=body,
        )

    def menu(self, language: str, path: str, current_key: str) -> list[Link]:
        pages = sorted((p for p in self.content.pages[language].values() if p.menu is not None), key=lambda p: (p.menu, p.key))
        return [Link(p.menu_title, relative_url(path, self.routes.path_of(language, p.key)), p.key == current_key) for p in pages]

    def section_pages(self, page: Page, path: str) -> list[PageView]:
        """The pages of the section a section index introduces, newest first."""
        if page.key.rpartition("/")[2] != HOME_KEY or page.key == HOME_KEY:
            return []
        members = [p for p in self.content.pages[page.language].values() if p.section == page.key]
        members.sort(key=lambda p: (p.date is not None, p.date or "", p.title), reverse=True)
        return [self.page_view(p, path) for p in members]

    def _resolve_links(self, body_html: str, language: str, from_path: str) -> str:
        def resolve(match: re.Match) -> str:
            key = html.unescape(match[2])
            target = self.routes.path_of(language, key)
            return f'{match[1]}="{html.escape(relative_url(from_path, target) + (match[3] or ""))}"'

        return _MARKED_LINK.sub(resolve, body_html)
