"""Page bodies: Markdown rendered once per text, and what the build knows of each.

A body's HTML holds markers where its links go (markup.py), so the same text
renders to the same HTML wherever the page sits; the markers become URLs only
when a page is put together. That keeps rendered bodies cacheable by the hash
of their text, and lets a page be signed without rendering its body: by that
hash and by where its links lead.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from markupsafe import Markup

from sitegen.core.incremental import Manifest, MarkdownCache
from sitegen.core.memo import per_object
from sitegen.inputs.content import Content, Page
from sitegen.inputs.images import ImageFacts, largest_copy
from sitegen.model.routes import Routes
from sitegen.model.urls import Linker
from sitegen.templating.figures import image_html
from sitegen.templating.markup import FILE_MARKER, MarkdownRenderer, PageLink

_MARKED_LINK = re.compile(r'(href|src)="sitegen-(link|file):([^"#]*)(#[^"]*)?"')
_MARKED_IMAGE = re.compile(r'<img ([^>]*src="' + re.escape(FILE_MARKER) + r'[^"]*"[^>]*)>')
_MARKED_SRC = re.compile(r'src="' + re.escape(FILE_MARKER) + r'([^"]*)"')
_HEADING = re.compile(r'<h([23]) id="([^"]*)">(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


_RECENT_BODIES = 256


@dataclass(frozen=True)
class BodyFacts:
    """What the site needs to know of a page body without its HTML: for link checks and signatures."""

    digest: str  # the body_hash of the page
    ids: frozenset[str]
    links: tuple[PageLink, ...]
    unsafe: tuple[str, ...]
    missing_alt: tuple[str, ...] = ()  # images beside the pages without alt text, as written


@dataclass(frozen=True)
class BodyOutcome:
    """One page's body as a job found it: its facts, and its HTML if it was rendered for it."""

    language: str
    key: str
    facts: BodyFacts
    new_html: str | None = None


class RecordedOutcome(NamedTuple):
    """A body's outcome that the last build's record holds, named instead of sent: what a worker of the pool
    sends back for a page whose text did not change. The building process reads the facts from its own copy
    of the record (at 50,000 pages, 140 MB of ids and links were pickled back and held)."""

    language: str
    key: str


@per_object
def body_hash(page: Page, allow_raw_html: bool) -> str:
    """What a body's HTML depends on: its text, where the page is (its relative links), and
    whether raw HTML is kept. The ids and links the last build found are reused by it, and
    the Markdown cache is keyed by it."""
    return hashlib.sha256(f"{page.key}\0{allow_raw_html}\0{page.body_digest}".encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Heading:
    """A heading of a page's body, as a table of contents links to it."""

    id: str
    text: Markup  # its inline HTML without links, as the body shows it
    children: tuple[Heading, ...] = ()


def table_of_contents(body_html: str) -> tuple[Heading, ...]:
    """The h2 headings of a rendered body, each with the h3 headings under it."""
    entries: list[Heading] = []
    for level, heading_id, inner in _HEADING.findall(body_html):
        heading = Heading(heading_id, Markup(_TAG.sub("", inner)))
        if level == "2" or not entries:
            entries.append(heading)
        else:
            entries[-1] = dataclasses.replace(entries[-1], children=(*entries[-1].children, heading))
    return tuple(entries)


def link_target(page: Page, link_is_file: bool, key: str, routes: Routes, content: Content) -> str | None:
    """Where a link of a page's body leads: a page in the page's language, or a file beside
    the text in the text's language (a fallback shows the source's images), else beside the default language's."""
    if link_is_file:
        return content.file_beside(page.text_language or page.language, key)
    return routes.path_of(page.language, key)


def resolve_links(body_html: str, page: Page, link: Linker, routes: Routes, content: Content, images: Mapping[str, ImageFacts]) -> str:
    """Turn the markers markup.py left for links into URLs, photographs first (figures.py)."""
    body_html = _resolve_photographs(body_html, page, link, routes, content, images)

    def resolve(match: re.Match) -> str:
        target = link_target(page, match[2] == "file", html.unescape(match[3]), routes, content)
        if target is None:
            return f'{match[1]}="#"'  # a link to nothing: the link check reports it, and nothing is written
        if target in images:
            target = largest_copy(target, images[target]).path  # the original is not published (kinds/copied_files.py)
        return f'{match[1]}="{html.escape(link(target) + (match[4] or ""))}"'

    return _MARKED_LINK.sub(resolve, body_html)


def _resolve_photographs(body_html: str, page: Page, link: Linker, routes: Routes, content: Content, images: Mapping[str, ImageFacts]) -> str:
    """Give each photograph's image its size and copies; other images keep their marker, resolved as a link."""

    def resolve(match: re.Match) -> str:
        marked = _MARKED_SRC.search(match[1])
        assert marked is not None  # _MARKED_IMAGE matched it
        target = link_target(page, True, html.unescape(marked[1]), routes, content)
        facts = images.get(target) if target else None
        if target is None or facts is None:
            return match[0]
        in_picture = body_html.endswith("<picture>", 0, match.start())  # a photograph alone in its paragraph (markup.py)
        return image_html(match[1], target, facts, link, in_picture=in_picture)

    return _MARKED_IMAGE.sub(resolve, body_html)


@per_object
def _facts_of_record(known: dict[str, Any]) -> BodyFacts:
    """A body's facts from the manifest's record of them; a resident preview keeps the same records from build to build."""
    links = tuple(PageLink(*link) for link in known["links"])
    return BodyFacts(known["body"], frozenset(known["ids"]), links, tuple(known["unsafe"]), tuple(known["missing_alt"]))


class Body:
    """A page's body as a template sees it: its HTML with links resolved, and its headings.

    In a digest it stands for its text's hash and where its links lead from
    this file, which is all its HTML is made from; the HTML itself is read
    only when a template shows it.
    """

    __slots__ = ("_linker", "_load", "_resolved", "_source", "_targets")

    def __init__(self, source: str, linker: Linker, targets: tuple[Any, ...], load: Callable[[], tuple[str, str]]):
        self._source, self._linker, self._targets, self._load = source, linker, targets, load
        self._resolved: tuple[Markup, str] | None = None

    def __digest__(self) -> list:
        return ["body", self._source, self._linker, list(self._targets)]

    def _html(self) -> tuple[Markup, str]:
        if self._resolved is None:
            raw, resolved = self._load()
            self._resolved = (Markup(resolved), raw)
        return self._resolved

    def __html__(self) -> str:
        return str(self._html()[0])

    def __str__(self) -> str:
        return self.__html__()

    @property
    def toc(self) -> tuple[Heading, ...]:
        """The body's h2 headings, each with its h3s, read from the HTML the page shows."""
        return table_of_contents(self._html()[1])


def _signed_target(target: str | None, images: Mapping[str, ImageFacts]) -> Any:
    facts = images.get(target) if target else None
    return target if facts is None else [target, facts.digest, facts.width, facts.height]


class BodyStore:
    """Every body's HTML and facts: from this build's memory, the last build's record, the Markdown cache, or rendered."""

    def __init__(self, allow_raw_html: bool, previous: Manifest | None, cache: MarkdownCache | None):
        self.allow_raw_html = allow_raw_html
        self.previous = previous
        self.cache = cache
        self.markdown = MarkdownRenderer(allow_raw_html=allow_raw_html)
        self.html_by_hash: dict[str, str] = {}  # the bodies used last, by hash: a few hundred, not the site's (see _remember)
        self.new_bodies: dict[str, str] = {}  # body hash → HTML rendered in this build, not yet in the Markdown cache
        self.facts: dict[tuple[str, str], BodyFacts] = {}  # what this build found, page by page
        self.untouched: frozenset[str] = frozenset()  # the pages ("es/news/first") the build kept unsigned: their records carry over
        self.link_problems: dict[str, list[list[Any]]] = {}  # this build's link check, by page name (where it found any)
        self._links: dict[PageLink, PageLink] = {}  # every link learnt, once

    def known_facts(self, page: Page) -> BodyFacts | None:
        """A body's ids and links, from this build or as the last build found them, if its text is unchanged."""
        digest = body_hash(page, self.allow_raw_html)
        found = self.facts.get((page.language, page.key))
        if found is not None and found.digest == digest:
            return found
        known = self.previous.pages.get(f"{page.language}/{page.key}") if self.previous else None
        if not known or known["body"] != digest:
            return None
        return _facts_of_record(known)

    def facts_of(self, page: Page) -> BodyFacts:
        """A body's ids and links: learnt in this build, or, for a page it kept unsigned, as the last build found them."""
        found = self.known_facts(page)
        if found is None:
            raise KeyError((page.language, page.key))
        return found

    def recorded_link_problems(self, page: Page) -> list[list[Any]] | None:
        """What the last build's link check found on a page, as [path, line, message, is_warning]; None if it has no record."""
        known = self.previous.pages.get(f"{page.language}/{page.key}") if self.previous else None
        return None if known is None else known.get("link_problems", [])

    def html(self, page: Page) -> tuple[str, bool]:
        """A body's HTML, and whether it was rendered now."""
        digest = body_hash(page, self.allow_raw_html)
        for kept in (self.html_by_hash, self.new_bodies):
            if digest in kept:
                return kept[digest], False
        cached = self.cache.get(digest) if self.cache else None
        if cached is not None:
            self._remember(digest, cached)
            return cached, False
        return self.render(page).new_html or "", True

    def _remember(self, digest: str, html: str) -> None:
        # Every body a process met, kept until the end, was 0.8 GB at 50,000 pages, in the building process and in
        # each worker: what is used again soon (another language's copy of a page) is kept, the rest is in the cache.
        self.html_by_hash[digest] = html
        if len(self.html_by_hash) > _RECENT_BODIES:
            del self.html_by_hash[next(iter(self.html_by_hash))]

    def render(self, page: Page) -> BodyOutcome:
        """Render a body's Markdown, and learn its ids and links."""
        digest = body_hash(page, self.allow_raw_html)
        rendered = self.markdown.render(page.body, page.key)
        self._remember(digest, rendered.html)  # kept for the Markdown cache when the building process learns it
        facts = BodyFacts(digest, rendered.ids, rendered.links, rendered.unsafe, rendered.missing_alt)
        return BodyOutcome(page.language, page.key, facts, rendered.html)

    def view(
        self, page: Page, facts: BodyFacts, link: Linker, routes: Routes, content: Content, images: Mapping[str, ImageFacts], raw: str | None = None
    ) -> Body:
        """A page's body as a template sees it from one file: its HTML (``raw``, or read from here) only when it is shown.

        It is signed by where its links lead and, for a photograph, by the file's
        hash and size too: a replaced photograph changes every page that shows it.
        """
        targets = tuple(_signed_target(link_target(page, item.is_file, item.key, routes, content), images) for item in facts.links)

        def load() -> tuple[str, str]:
            html = raw if raw is not None else self.html(page)[0]
            return html, resolve_links(html, page, link, routes, content, images)

        return Body(facts.digest, link, targets, load)

    def learn(self, outcome: BodyOutcome) -> BodyFacts:
        """What a job (maybe in another process) found of a body; the facts as kept here.

        A link comes from a worker as a new tuple of new strings, and the same
        links are in every language's copy of a page: each is kept once (120 MB
        of the building process at 50,000 pages).
        """
        facts = outcome.facts
        if facts.links:
            facts = dataclasses.replace(facts, links=tuple([self._links.setdefault(link, link) for link in facts.links]))
        self.facts[(outcome.language, outcome.key)] = facts
        if outcome.new_html is not None and self.cache is not None:
            self.new_bodies[outcome.facts.digest] = outcome.new_html
            if len(self.new_bodies) >= _RECENT_BODIES:
                # Into the cache as they come: a killed build leaves it holding more bodies, all of them right.
                self.cache.add(self.new_bodies)
                self.new_bodies = {}
        elif outcome.new_html is not None:
            self._remember(outcome.facts.digest, outcome.new_html)
        return facts

    def by_record(self, outcome: BodyOutcome) -> BodyOutcome | RecordedOutcome:
        """An outcome, or its name when the last build's record holds the very same facts (the same text has the same
        ids and links) and there is no HTML to hand over."""
        if outcome.new_html is None and self.previous is not None:
            record = self.previous.pages.get(f"{outcome.language}/{outcome.key}")
            if record is not None and record["body"] == outcome.facts.digest:
                return RecordedOutcome(outcome.language, outcome.key)
        return outcome

    def recorded(self, named: RecordedOutcome) -> BodyOutcome:
        """The outcome a worker named (by_record), from this process's copy of the last build's record."""
        assert self.previous is not None  # by_record names an outcome only from a record
        return BodyOutcome(named.language, named.key, _facts_of_record(self.previous.pages[f"{named.language}/{named.key}"]))

    def records(self) -> dict[str, dict[str, Any]]:
        """What the next build needs to know of each body without rendering it."""
        known = self.previous.pages if self.previous else {}
        records = {}
        for (language, key), facts in self.facts.items():
            name = f"{language}/{key}"
            if name in known and known[name]["body"] == facts.digest:
                records[name] = known[name]  # the same text has the same ids and links
            else:
                records[name] = {
                    "body": facts.digest,
                    "ids": sorted(facts.ids),
                    "links": [[link.key, link.fragment, link.written, link.is_file] for link in facts.links],
                    "unsafe": list(facts.unsafe),
                    "missing_alt": list(facts.missing_alt),
                }
        if self.untouched:
            for name, record in known.items():
                if name not in records and name in self.untouched:
                    records[name] = record  # a page kept unsigned: its text is the one recorded
        for name, record in records.items():
            found = self.link_problems.get(name)
            if record.get("link_problems") != found:  # a record is shared with the last build's: replaced, not changed
                records[name] = {field: value for field, value in record.items() if field != "link_problems"}
                if found:
                    records[name]["link_problems"] = found
        return dict(sorted(records.items(), key=lambda item: item[0].split("/", 1)))
