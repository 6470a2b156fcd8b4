"""Render pages: every page of every language through its template, into HTML.

Each output file records the input files it was made from, so that a later
build can tell what a change affects.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import multiprocessing
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import jinja2
from babel import Locale
from jinja2 import meta
from babel.support import NullTranslations
from markupsafe import Markup

from .catalogs import catalog_path
from .config import CONFIG_NAME, SiteConfig
from .content import CONTENT_DIR, HOME_KEY, Content, Page
from .feeds import feed_path
from .freshness import MISSING, Freshness
from .ical import calendar_path
from .languages import Language, describe_language, language_name_in
from .incremental import Manifest, MarkdownCache, signature
from .markup import MarkdownRenderer, PageLink, RenderedBody
from .problems import Problem, errors_in
from .progress import SILENT, Progress
from .templates import TEMPLATES_DIR, CompiledTemplates, make_environment, template_problem
from .data import Participation
from .dates import UPCOMING, format_day, format_day_range
from .languages import collation_key
from .metadata import event_data, og_locale
from .urls import FROM_ROOT, ON_DISK, RELATIVE, Linker, Routes

CHOOSER_TEMPLATE = "chooser.html"
STATUS_TEMPLATE = "translation-status.html"
STATUS_PATH = "translation-status/index.html"
NOT_FOUND_TEMPLATE = "404.html"
NOT_FOUND_NAME = "404.html"
SHARE_IMAGE = "share.png"  # in static/: the image of every page's link preview (og:image)
_MARKED_LINK = re.compile(r'(href|src)="sitegen-(link|file):([^"#]*)(#[^"]*)?"')

# What a page's translation status is called in templates and data-translation-status.
FALLBACK = "fallback"


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site, with the inputs it was made from."""

    path: str  # relative to the output folder, with forward slashes
    content: bytes | None  # None: unchanged since the last build, keep the file that is there
    sources: tuple[str, ...] = ()  # input files, relative to the site folder


@dataclass(frozen=True)
class Link:
    """A link in a menu or switcher; ``language`` is set where its text is not in the page's language."""

    title: str
    url: str
    is_current: bool = False
    language: Language | None = None
    key: str = ""  # in the main menu: the page's translation key


@dataclass(frozen=True)
class Heading:
    """A heading of a page's body, as a table of contents links to it."""

    id: str
    text: Markup  # its inline HTML without links, as the body shows it
    children: tuple["Heading", ...] = ()


def table_of_contents(body_html: str) -> tuple[Heading, ...]:
    """The h2 headings of a rendered body, each with the h3 headings under it.

    Read from the body's HTML, which the page's signature covers, so the
    table of contents can never be staler than the text it lists.
    """
    entries: list[Heading] = []
    for level, heading_id, inner in _HEADING.findall(body_html):
        heading = Heading(heading_id, Markup(_TAG.sub("", inner)))
        if level == "2" or not entries:
            entries.append(heading)
        else:
            entries[-1] = dataclasses.replace(entries[-1], children=(*entries[-1].children, heading))
    return tuple(entries)


_HEADING = re.compile(r'<h([23]) id="([^"]*)">(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class PageView:
    """A page as templates see it."""

    key: str
    title: str
    summary: str
    url: str  # relative to the page being rendered
    date: str  # formatted for the page's language, or ''
    iso_date: str  # YYYY-MM-DD, or ''
    status: str  # source, current, outdated or fallback
    text_language: Language | None  # the language of title and body where it is not the page's (fallbacks)
    body: Markup = field(default=Markup(""))
    toc: tuple[Heading, ...] = ()  # the body's h2 headings, each with its h3s: for a table of contents

    @property
    def heading_count(self) -> int:
        """How many headings the table of contents holds: how long the page is, to a reader looking for a part of it."""
        return sum(1 + len(heading.children) for heading in self.toc)


@dataclass(frozen=True)
class BodyFacts:
    """What the site needs to know of a page body without its HTML: for link checks."""

    digest: str  # the body_hash of the page
    ids: frozenset[str]
    links: tuple[PageLink, ...]
    unsafe: tuple[str, ...]


def website_url(website: str) -> str:
    """A link to the website the documents name ("www.minersconference.org" → "http://www.minersconference.org/")."""
    if not website:
        return ""
    return website if "://" in website else f"http://{website.rstrip('/')}/"


def body_hash(page: Page, allow_raw_html: bool) -> str:
    """What a body's HTML depends on: its text, where the page is (its relative links), and
    whether raw HTML is kept. The ids and links the last build found are reused by it, and
    the Markdown cache is keyed by it."""
    return hashlib.sha256(f"{page.key}\0{allow_raw_html}\0{page.body}".encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class PageResult:
    """One page rendered, possibly in another process: what the build needs back."""

    path: str
    file: OutputFile | None  # None when its template failed (the problem says why)
    facts: BodyFacts
    signature: str
    problems: tuple[Problem, ...]
    new_body: str | None = None  # the body's HTML, if it was rendered for this page: for the Markdown cache


# Below this many pages, starting processes costs more than it saves.
PARALLEL_FROM = 200
_WORK: tuple["SiteRenderer", list[Page]] | None = None


def _render_by_index(index: int) -> PageResult:
    renderer, pages = _WORK
    return renderer.render_page(pages[index])


class SiteRenderer:
    """Renders every page of a loaded site. Holds what is shared between pages."""

    def __init__(
        self,
        site_dir: Path,
        config: SiteConfig,
        content: Content,
        routes: Routes,
        translations: dict[str, NullTranslations],
        freshness: Freshness,
        *,
        static_paths: dict[str, str] | None = None,
        participation: Participation | None = None,
        offline: bool = False,
        previous: Manifest | None = None,
        input_hashes: dict[str, str] | None = None,
        markdown_cache: MarkdownCache | None = None,
        compiled_templates: CompiledTemplates | None = None,
        phase: str = UPCOMING,
    ):
        self.site_dir = site_dir
        self.config = config
        self.content = content  # with fallbacks for missing translations
        self.routes = routes
        self.translations = translations
        self.freshness = freshness
        self.static_paths = static_paths or {}
        self.participation = participation
        self.offline = offline  # links name index.html, for a copy opened from disk
        self.previous = previous  # the last build's manifest: pages whose signature matches are not rendered again
        self.input_hashes = input_hashes or {}  # file → content hash, for site.toml and the catalogs
        self.markdown_cache = markdown_cache
        self.compiled_templates = compiled_templates or CompiledTemplates()  # shared by the languages' environments
        self.phase = phase  # the conference's phase on the build date (dates.event_phase): upcoming, ongoing or past
        self.facts: dict[tuple[str, str], BodyFacts] = {}
        self.signatures: dict[str, str] = {}  # output path → signature, for the next build's manifest
        self._html_by_hash: dict[str, str] = {}
        self.new_bodies: dict[str, str] = {}  # body hash → HTML of the bodies rendered in this build, for the Markdown cache
        self._template_hashes: dict[str, str] = {}
        self.languages = {code: describe_language(code) for code in config.languages}
        self.markdown = MarkdownRenderer(allow_raw_html=config.allow_raw_html)
        self.environments: dict[str, jinja2.Environment] = {}
        self.problems: list[Problem] = []

    def environment(self, language: str) -> jinja2.Environment:
        if language not in self.environments:
            self.environments[language] = make_environment(self.site_dir, self.translations[language], self.compiled_templates)
        return self.environments[language]

    # --- the pipeline

    def render_all(self, status_report: Any = None, progress: Progress = SILENT, jobs: int = 1, on_page: Callable[[OutputFile], None] | None = None) -> list[OutputFile]:
        """Render the whole site; problems found on the way are left in self.problems.

        Pages are rendered first, in ``jobs`` processes, and their links checked
        after, from what rendering found. ``on_page`` gets each page as it is
        rendered (the writer puts it in place meanwhile, out of sight until the
        swap, which happens only if all is well).
        """
        pages = list(self.content.iter_pages())
        kept = [self.unchanged(page) for page in pages]
        rendered = iter(self._render_pages([page for page, result in zip(pages, kept) if result is None], jobs, progress, on_page))
        results = [result or next(rendered) for result in kept]
        for page, result in zip(pages, results):
            self.facts[(page.language, page.key)] = result.facts
            self.signatures[result.path] = result.signature
            self.problems += result.problems
            if result.new_body is not None:
                self.new_bodies[result.facts.digest] = self._html_by_hash[result.facts.digest] = result.new_body
        for page in pages:
            self._check_links(page)
        if errors_in(self.problems):
            return []
        files = [result.file for result in results]
        files.append(self.render_chooser())
        # Like Hugo's 404 page, these pages are made when the site has a template for them.
        if status_report is not None and self.has_template(STATUS_TEMPLATE):
            files.append(self.render_status_page(status_report))
        if not self.offline and self.has_template(NOT_FOUND_TEMPLATE):
            # Served at any address, so they link from the root; a copy on disk has no use for them.
            files += [self.render_not_found(language) for language in self.config.languages]
            files.append(self.render_not_found(None))
        return [file for file in files if file is not None]

    def has_template(self, name: str) -> bool:
        return (self.site_dir / TEMPLATES_DIR / name).is_file()

    def linker(self, path: str, style: str | None = None) -> Linker:
        """The links of one output file, in the style this build uses."""
        return Linker(path, self.config.base_url, style or (ON_DISK if self.offline else RELATIVE))

    def translated_versions(self, key: str) -> list[tuple[str, str]]:
        """(language, output path) of every real translation of a page: fallbacks left out."""
        versions = [(code, self.routes.path_of(code, key)) for code in self.config.languages]
        return [(code, path) for code, path in versions if path and self.state(code, key) != MISSING]

    # --- Markdown bodies, rendered once per text and only when needed

    def known_facts(self, page: Page) -> BodyFacts | None:
        """A body's ids and links as the last build found them, if its text is unchanged."""
        if self.previous is None:
            return None
        digest = body_hash(page, self.config.allow_raw_html)
        known = self.previous.pages.get(f"{page.language}/{page.key}")
        if not known or known["body"] != digest:
            return None
        return BodyFacts(digest, frozenset(known["ids"]), tuple(PageLink(*link) for link in known["links"]), tuple(known["unsafe"]))

    def body_html(self, page: Page) -> tuple[str, bool]:
        """A body's HTML, and whether it was rendered now: from memory, from the Markdown cache, or rendered."""
        digest = body_hash(page, self.config.allow_raw_html)
        if digest in self._html_by_hash:
            return self._html_by_hash[digest], False
        cached = self.markdown_cache.get(digest) if self.markdown_cache else None
        if cached is not None:
            self._html_by_hash[digest] = cached
            return cached, False
        html = self.new_bodies[digest] = self._render_body(page, digest).html
        return html, True

    def _render_body(self, page: Page, digest: str) -> RenderedBody:
        rendered = self.markdown.render(page.body, page.key)
        self._html_by_hash[digest] = rendered.html
        return rendered

    def page_records(self) -> dict[str, dict[str, Any]]:
        """What the next build needs to know of each body without rendering it."""
        known = self.previous.pages if self.previous else {}
        records = {}
        for (language, key), facts in sorted(self.facts.items()):
            name = f"{language}/{key}"
            if name in known and known[name]["body"] == facts.digest:
                records[name] = known[name]  # the same text has the same ids and links
                continue
            records[name] = {
                "body": facts.digest,
                "ids": sorted(facts.ids),
                "links": [[link.key, link.fragment, link.written, link.is_file] for link in facts.links],
                "unsafe": list(facts.unsafe),
            }
        return records

    def _check_links(self, page: Page) -> None:
        if page.is_fallback:
            return  # checked as the source page; its anchors may not match this language's pages
        body = self.facts[(page.language, page.key)]

        def problem(written: str, message: str, is_warning: bool = False) -> None:
            self.problems.append(Problem(page.source, self._line_of(page, written), message, is_warning))

        for unsafe in body.unsafe:
            problem(unsafe, f"link '{unsafe}' is not allowed: only http, https, mailto and tel links")
        pages, files = self.content.pages[page.language], self.content.files
        for link in body.links:
            if link.is_file:
                if f"{page.language}/{link.key}" not in files:
                    problem(link.written, f"'{link.written}': no file content/{page.language}/{link.key}")
                continue
            target = pages.get(link.key)
            if target is None:
                problem(link.written, f"link '{link.written}': no page content/{page.language}/{link.key}.md")
            elif link.fragment and link.fragment not in self.facts[(page.language, link.key)].ids:
                if target.is_fallback:
                    message = f"link '{link.written}': that page is not translated yet, and its {target.text_language} text has no heading with id '{link.fragment}'"
                    problem(link.written, message, is_warning=True)
                else:
                    problem(link.written, f"link '{link.written}': content/{page.language}/{link.key}.md has no heading with id '{link.fragment}'")

    @staticmethod
    def _line_of(page: Page, written: str) -> int:
        index = page.body.find(written)
        return page.body_line + page.body[:index].count("\n") if index >= 0 else page.body_line

    def _render_pages(self, pages: list[Page], jobs: int, progress: Progress, on_page: Callable[[OutputFile], None] | None) -> list[PageResult]:
        """Every page's result, in the order given; in a pool of processes when that pays."""
        on_page = on_page or (lambda file: None)
        if jobs > 1 and len(pages) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            global _WORK
            _WORK = (self, pages)  # forked workers inherit the renderer: nothing to pickle on the way in
            try:
                with multiprocessing.get_context("fork").Pool(jobs) as pool:
                    results = []
                    chunk = max(1, min(64, len(pages) // (jobs * 8)))
                    for done, result in enumerate(pool.imap(_render_by_index, range(len(pages)), chunksize=chunk), start=1):
                        results.append(result)
                        if result.file is not None:
                            on_page(result.file)
                        progress.advance("pages", done, len(pages))
                    return results
            finally:
                _WORK = None
        results = []
        for done, page in enumerate(pages, start=1):
            results.append(self.render_page(page))
            if results[-1].file is not None:
                on_page(results[-1].file)
            progress.advance("pages", done, len(pages))
        return results

    def unchanged(self, page: Page) -> PageResult | None:
        """The page as the last build left it, if everything it is made from is as it was then."""
        facts = self.known_facts(page)
        if facts is None:
            return None
        path = self.routes.path_of(page.language, page.key)
        page_signature = self.page_signature(page, path, facts)
        if self.previous.output_signature(path) != page_signature:
            return None
        return PageResult(path, OutputFile(path, None, self.page_sources(page)), facts, page_signature, ())

    def page_sources(self, page: Page) -> tuple[str, ...]:
        return tuple(sorted({page.source, f"{CONTENT_DIR}/{self.config.default_language}/{page.key}.md"}))

    def render_page(self, page: Page) -> PageResult:
        """One page, through its template; its body from the last build if its text is unchanged."""
        path = self.routes.path_of(page.language, page.key)
        assert path is not None
        known_problems = len(self.problems)
        facts = self.known_facts(page)
        new_body = None
        if facts is None:  # a new or changed text: render it, and learn its ids and links
            digest = body_hash(page, self.config.allow_raw_html)
            rendered = self._render_body(page, digest)
            facts, new_body = BodyFacts(digest, rendered.ids, rendered.links, rendered.unsafe), rendered.html
        sources = self.page_sources(page)
        page_signature = self.page_signature(page, path, facts)
        context = self.page_context(page, path)
        link = self.linker(path)
        if new_body is not None:
            body = new_body
        else:
            body, rendered_now = self.body_html(page)
            new_body = body if rendered_now else None
        context["page"] = self.page_view(page, link, body=Markup(self.resolve_links(body, page, link)), toc=table_of_contents(body))
        file = self._render(page.template, context, path, page, sources=sources)
        problems = tuple(self.problems[known_problems:])
        del self.problems[known_problems:]
        return PageResult(path, file, facts, page_signature, problems, new_body)

    # --- what a page is made from, for the next build to compare

    def page_signature(self, page: Page, path: str, facts: BodyFacts) -> str:
        """A hash of everything page_context and the page's template read for this page.

        Made from the data the context is derived from, not from the context
        itself: what is shared by a language or by a page's translations is
        hashed once, so a build that renders one page does not build the
        context of every other one. tests/test_incremental.py checks, change by
        change, that nothing the pages show is missing from it.
        """
        state = self.state(page.language, page.key)
        section = self.section_digest(page) if page.key.rpartition("/")[2] == HOME_KEY and page.key != HOME_KEY else ""
        return signature(
            self.template_hash(page.template),
            self.language_digest(page.language),
            self.key_digest(page.key),
            section,
            [page.language, page.key, page.title, page.summary, page.slug, page.menu_title, page.date, page.menu],
            [page.template, page.text_language, path, state, facts.digest],
            [target.key if target.is_file else self.routes.path_of(page.language, target.key) for target in facts.links],
        )

    @functools.cache
    def language_digest(self, language: str) -> str:
        """What every page of a language shows alike: menu, conference, feed, catalog, assets, configuration."""
        menu = [
            (p.key, p.menu_title, p.menu, p.text_language, self.routes.path_of(language, p.key))
            for p in self.content.pages[language].values()
            if p.menu is not None
        ]
        return signature(
            language,
            sorted(menu, key=lambda item: (item[2], item[0])),
            self.conference_view(language),
            self.participation_view(language),
            self.has_feed(language),
            self.routes.path_of(language, HOME_KEY),
            self.has_template(STATUS_TEMPLATE),
            self.offline,
            {name: digest for name, digest in self.input_hashes.items() if name in (CONFIG_NAME, catalog_path(language))},
            self.static_paths,
        )

    @functools.cache
    def key_digest(self, key: str) -> str:
        """Where each language's version of a page is, and how current: the switcher, alternates and notices."""
        return signature([(code, self.routes.path_of(code, key), self.state(code, key)) for code in self.config.languages])

    def section_digest(self, page: Page) -> str:
        """What a section index lists: its pages' titles, summaries, dates, places and states."""
        members = [p for p in self.content.pages[page.language].values() if p.section == page.key]
        return signature(
            sorted(
                (p.key, p.title, p.summary, p.date, p.weight, p.text_language, self.routes.path_of(p.language, p.key), self.state(p.language, p.key))
                for p in members
            )
        )

    def template_hash(self, name: str) -> str:
        """A hash of a template and every template it extends, includes or imports."""
        if name not in self._template_hashes:
            environment = self.environment(self.config.default_language)
            seen: dict[str, str] = {}
            waiting = [name]
            while waiting:
                current = waiting.pop()
                if current in seen:
                    continue
                try:
                    source, filename, _ = environment.loader.get_source(environment, current)
                    referenced = list(meta.find_referenced_templates(environment.parse(source)))
                except (jinja2.TemplateError, OSError):
                    seen[current] = "?"  # rendering reports it
                    continue
                seen[current] = hashlib.sha256(source.encode("utf-8")).hexdigest()
                if None in referenced:  # a template chosen at run time: any of them
                    referenced = environment.list_templates()
                waiting += [ref for ref in referenced if ref]
            self._template_hashes[name] = signature(sorted(seen.items()))
        return self._template_hashes[name]

    def render_chooser(self) -> OutputFile | None:
        """The root page: every language by its own name, linking to its home page."""
        path = "index.html"
        home = self.content.pages[self.config.default_language].get(HOME_KEY)
        if home is None:
            return None
        context = self.page_context(home, path)
        context["conference_names"] = {code: self.config.conference.name.get(code) for code in self.config.languages}
        return self._render(CHOOSER_TEMPLATE, context, path, home, sources=())

    def render_status_page(self, report: Any) -> OutputFile | None:
        """The translators' page: how complete each language is, and what needs doing."""
        home = self.content.pages[self.config.default_language].get(HOME_KEY)
        if home is None:
            return None
        context = self.page_context(home, STATUS_PATH)
        context.update(languages=[], alternates=[], noindex=True, report=report, og=None, structured_data=None)
        link = self.linker(STATUS_PATH)
        context["source_url"] = lambda language, key: link(self.routes.path_of(language, key))
        return self._render(STATUS_TEMPLATE, context, STATUS_PATH, None, sources=())

    def render_not_found(self, language: str | None) -> OutputFile | None:
        """A 404 page: one per language, and at the root one that offers every language.

        A host serves it at whatever address was asked for, so its links start
        from the site's root rather than from its own place.
        """
        path = f"{language}/{NOT_FOUND_NAME}" if language else NOT_FOUND_NAME
        home = self.content.pages[language or self.config.default_language].get(HOME_KEY)
        if home is None:
            return None
        context = self.page_context(home, path, style=FROM_ROOT)
        context.update(alternates=[], noindex=True, og=None, structured_data=None, is_root=language is None)
        context["conference_names"] = {code: self.config.conference.name.get(code) for code in self.config.languages}
        return self._render(NOT_FOUND_TEMPLATE, context, path, None, sources=())

    def _render(self, template_name: str, context: dict[str, Any], path: str, page: Page | None, sources: tuple[str, ...]) -> OutputFile | None:
        language = context["language"].code
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

    def page_context(self, page: Page, path: str, style: str | None = None) -> dict[str, Any]:
        """What every template sees for one page: the language, its links, the conference."""
        language = page.language
        link = self.linker(path, style)
        absolute = self.linker(path, "absolute")
        base = self.config.base_url
        versions = [(code, self.routes.path_of(code, page.key)) for code in self.config.languages]
        # Search engines hear only of real translations; visitors are offered every version.
        translated = self.translated_versions(page.key)
        default_path = self.routes.path_of(self.config.default_language, page.key)
        home_path = self.routes.path_of(language, HOME_KEY)
        is_home = page.key == HOME_KEY and path == home_path
        conference = self.conference_view(language)
        menu = self.menu(language, link, page.key)
        return {
            "language": self.languages[language],
            "languages": [
                Link(self.languages[code].name, link(target), code == language, self.languages[code])
                for code, target in versions
                if target
            ],
            "alternates": [(self.languages[code].tag, absolute(target)) for code, target in translated]
            + [("x-default", base if page.key == HOME_KEY else absolute(default_path or path))],
            "canonical": absolute(path),
            "noindex": page.is_fallback,
            "menu": menu,
            # A page of the main menu by its key, for a template's own links (the menu's data is in every page's signature).
            "menu_link": lambda key: next((item for item in menu if item.key == key), None),
            "home_url": link(home_path or path),
            "chooser_url": link.to_file("index.html"),
            "status_url": link(STATUS_PATH) if self.has_template(STATUS_TEMPLATE) else "",
            "original_url": link(default_path) if default_path else "",
            "feed_url": link(feed_path(language)) if self.has_feed(language) else "",
            "calendar_url": link(calendar_path(language)),
            "source_language": self.languages[self.config.default_language],
            "source_language_name": language_name_in(self.config.default_language, language),
            "static_url": lambda name: link(self.static_paths[name]),
            "conference": conference,
            "section_pages": self.section_pages(page, link),
            "participation": self.participation_view(language),
            "og": {
                "title": page.title,
                "description": page.summary,
                "url": absolute(path),
                "locale": og_locale(self.config.date_locale(language)),
                "alternate_locales": [og_locale(self.config.date_locale(code)) for code, _ in translated if code != language],
                "site_name": conference["name"],
                "image": self.share_image(absolute),
            },
            "structured_data": self.event_data(language, absolute(path), page.summary) if is_home and not page.is_fallback else None,
            "is_root": False,
        }

    def share_image(self, absolute: Linker) -> dict[str, Any] | None:
        """static/share.png, if the site has one: the picture link previews show, with its size."""
        if SHARE_IMAGE not in self.static_paths:
            return None
        width, height = self.share_image_size()
        return {"url": absolute(self.static_paths[SHARE_IMAGE]), "width": width, "height": height}

    @functools.cache
    def share_image_size(self) -> tuple[int, int]:
        """Width and height from the PNG's header (RFC 2083: IHDR comes first)."""
        with open(self.site_dir / "static" / SHARE_IMAGE, "rb") as image:
            header = image.read(24)
        return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")

    @functools.cache
    def conference_view(self, language: str) -> dict[str, str]:
        """The conference's facts in one language; an empty text is not known yet."""
        conference = self.config.conference
        city = conference.city.get(language)
        country = Locale.parse(language).territories.get(conference.country, conference.country)
        return {
            "name": conference.name.get(language),
            "organizer": conference.organizer.get(language),
            "dates": format_day_range(conference.start, conference.end, self.config.date_locale(language)),
            "start": conference.start.isoformat(),
            "end": conference.end.isoformat(),
            "phase": self.phase,
            "city": city,  # '' until known: templates show it as to be announced
            "country": country,
            "venue": conference.venue.get(language),
            "contact_email": conference.contact_email,
            "website": conference.website,
            "website_url": website_url(conference.website),
        }

    def event_data(self, language: str, url: str, description: str) -> dict:
        conference = self.config.conference
        return event_data(
            name=conference.name.get(language),
            start=conference.start.isoformat(),
            end=conference.end.isoformat(),
            city=conference.city.get(language),
            country=conference.country,
            country_name=self.conference_view(language)["country"],
            venue=conference.venue.get(language),
            organizer=conference.organizer.get(language),
            description=description,
            language_tag=self.languages[language].tag,
            url=url,
            site_url=self.config.base_url,
        )

    @functools.cache
    def participation_view(self, language: str) -> dict[str, Any] | None:
        """The participation data with country names in the language, sorted in its order."""
        if self.participation is None:
            return None
        territories = Locale.parse(language).territories
        default = self.config.default_language

        def organisations(group) -> list[dict[str, str]]:
            rows = [{"name": o.name_in(language, default), "country": territories.get(o.country, o.country)} for o in group]
            return sorted(rows, key=lambda row: (collation_key(row["country"]), collation_key(row["name"])))

        return {
            "preparatory_group": organisations(self.participation.preparatory_group),
            "confirmed": organisations(self.participation.confirmed),
            "registered_countries": self.participation.registered_countries,
            "not_yet_registered": sorted((territories.get(code, code) for code in self.participation.not_yet_registered), key=collation_key),
        }

    @functools.cache
    def has_feed(self, language: str) -> bool:
        return any(p.feed_date and not p.is_fallback for p in self.content.pages[language].values())

    def state(self, language: str, key: str) -> str:
        """source, current, outdated or missing; a page with no source page counts as current."""
        return self.freshness.states.get((language, key), "current")

    def page_view(self, page: Page, link: Linker, body: Markup = Markup(""), toc: tuple[Heading, ...] = ()) -> PageView:
        state = self.state(page.language, page.key)
        return PageView(
            key=page.key,
            title=page.title,
            summary=page.summary,
            url=link(self.routes.path_of(page.language, page.key)),
            date=format_day(page.date, self.config.date_locale(page.language)) if page.date else "",
            iso_date=page.date.isoformat() if page.date else "",
            status=FALLBACK if state == MISSING else state,
            text_language=self.languages[page.text_language] if page.is_fallback else None,
            body=body,
            toc=toc,
        )

    def menu(self, language: str, link: Linker, current_key: str) -> list[Link]:
        pages = sorted((p for p in self.content.pages[language].values() if p.menu is not None), key=lambda p: (p.menu, p.key))
        return [
            Link(
                p.menu_title,
                link(self.routes.path_of(language, p.key)),
                p.key == current_key,
                self.languages[p.text_language] if p.is_fallback else None,
                p.key,
            )
            for p in pages
        ]

    def section_pages(self, page: Page, link: Linker) -> list[PageView]:
        """The pages of the section a section index introduces: by weight, then dated ones newest
        first, then undated ones (the documents give no date for them) by title."""
        if page.key.rpartition("/")[2] != HOME_KEY or page.key == HOME_KEY:
            return []
        members = [p for p in self.content.pages[page.language].values() if p.section == page.key]
        members.sort(key=lambda p: (p.weight, p.date is None, -(p.date.toordinal() if p.date else 0), collation_key(p.title), p.key))
        return [self.page_view(p, link) for p in members]

    def resolve_links(self, body_html: str, page: Page, link: Linker) -> str:
        """Turn the markers markup.py left for links into URLs: pages in the page's language,
        files beside the text in the text's language (a fallback shows the source's images)."""

        def resolve(match: re.Match) -> str:
            target_key = html.unescape(match[3])
            if match[2] == "file":
                target = f"{page.text_language or page.language}/{target_key}"
                target = target if target in self.content.files else None
            else:
                target = self.routes.path_of(page.language, target_key)
            if target is None:
                return f'{match[1]}="#"'  # a link to nothing: the link check reports it, and nothing is written
            return f'{match[1]}="{html.escape(link(target) + (match[4] or ""))}"'

        return _MARKED_LINK.sub(resolve, body_html)
