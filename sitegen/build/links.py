"""Link checks: every link of every page's body leads to a page, a file or a heading that exists.

Run after the pages are rendered, from what rendering (or the last build)
found of each body: its ids and links.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from urllib.parse import unquote, urlsplit

from sitegen.core.problems import Problem
from sitegen.inputs.content import HOME_KEY, Page
from sitegen.model.bodies import BodyFacts, BodyStore
from sitegen.model.site import Site


def check_links(site: Site, bodies: BodyStore) -> list[Problem]:
    """Every broken or unsafe link of every page, at its line; each page's are noted in ``bodies`` for the next build.

    A page the build kept unsigned (untouched.py) has the links and the targets
    it had: what the last build found on it stands, unless it links to a
    heading of a page whose text changed.
    """
    facts = AllFacts(site, bodies)
    problems: list[Problem] = []
    for page in site.content.iter_pages():
        if page.is_fallback:  # a fallback is checked as its source page; its anchors may not match this language's pages
            continue
        name = f"{page.language}/{page.key}"
        recorded = bodies.recorded_link_problems(page) if name in bodies.untouched else None
        if recorded is not None and not _links_to_headings_of(bodies, page):
            found = [Problem(path, line, message, is_warning) for path, line, message, is_warning in recorded]
        else:
            found = page_link_problems(site, page, facts)
        if found:
            bodies.link_problems[name] = [[p.path, p.line, p.message, p.is_warning] for p in found]
        problems += found
    return problems


def _links_to_headings_of(bodies: BodyStore, page: Page) -> bool:
    """Whether the page links to a heading of a page of its language that the build signed (whose text may have changed)."""
    links = bodies.previous.pages[f"{page.language}/{page.key}"]["links"] if bodies.previous else ()
    return any(fragment and f"{page.language}/{key}" not in bodies.untouched for key, fragment, _, _ in links)


class AllFacts(Mapping[tuple[str, str], BodyFacts]):
    """Every page's body facts by (language, key), read only when asked for: a page kept unsigned has them only on record."""

    def __init__(self, site: Site, bodies: BodyStore, now: Mapping[tuple[str, str], BodyFacts] | None = None):
        self.site, self.bodies, self.now = site, bodies, now or {}  # ``now``: facts found since, which come first

    def __getitem__(self, where: tuple[str, str]) -> BodyFacts:
        if where in self.now:
            return self.now[where]
        language, key = where
        return self.bodies.facts_of(self.site.content.pages[language][key])

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((page.language, page.key) for page in self.site.content.iter_pages())

    def __len__(self) -> int:
        return sum(len(pages) for pages in self.site.content.pages.values())


def page_link_problems(site: Site, page: Page, facts: Mapping[tuple[str, str], BodyFacts]) -> list[Problem]:
    """One page's broken or unsafe links and images without alt text, at their lines (``facts``: every body's)."""
    body = facts[(page.language, page.key)]
    problems = []

    def problem(written: str, message: str, is_warning: bool = False) -> None:
        file, line = _place_of(page, written)
        # In a page put together from segments, a link still in the source's text names the
        # source's anchors: it is the translator's to mend, when they translate that segment.
        problems.append(Problem(file, line, message, is_warning or file != page.source))

    for written in body.missing_alt:
        problems.append(
            Problem(
                page.source,
                _line_of_image_without_alt(page, written),
                f"image '{written}' has no alt text: write what the photograph shows between the brackets, ![…]({written}); "
                "every photograph needs one (this site has no decorative images)",
            )
        )
    for unsafe in body.unsafe:
        try:
            urlsplit(unsafe.strip())
        except ValueError as exc:
            problem(unsafe, f"link '{unsafe}' is not a web address ({exc}): check its brackets")
            continue
        problem(unsafe, f"link '{unsafe}' is not allowed: only http, https, mailto and tel links")
    pages = site.content.pages[page.language]
    for link in body.links:
        if link.is_file:
            if site.content.file_beside(page.language, link.key) is None:
                meant = _markdown_file_meant(site, page, link.written)
                if meant:
                    problem(link.written, f"'{link.written}': link to '{meant}' (the Markdown file), not to the page's address")
                    continue
                default = site.config.default_language
                nor = f" nor content/{default}/{link.key}" if page.language != default else ""
                problem(link.written, f"'{link.written}': no file content/{page.language}/{link.key}{nor}")
            continue
        target = pages.get(link.key)
        if target is None:
            problem(link.written, f"link '{link.written}': no page content/{page.language}/{link.key}.md")
        elif link.fragment and link.fragment not in facts[(page.language, link.key)].ids:
            if target.is_fallback:
                message = (
                    f"link '{link.written}': that page is not translated yet, and its {target.text_language} text has no heading with id '{link.fragment}'"
                )
                problem(link.written, message, is_warning=True)
            else:
                problem(link.written, f"link '{link.written}': {target.source} has no heading with id '{link.fragment}'")
    return problems


def _markdown_file_meant(site: Site, page: Page, written: str) -> str | None:
    """The Markdown file a link written as a page's address means ("../invitation/" → "invitation.md"), relative to
    the page's own file as a link to it is written; None when no page of its language is there.

    The address is read from the page's address (as a browser would), from its file's folder, and as a key.
    """
    url = urlsplit(written.strip())
    path = unquote(url.path)
    own = site.routes.path_of(page.language, page.key)
    if not path or own is None:
        return None
    folder = posixpath.dirname(page.key)
    pages = site.content.pages[page.language]
    by_address = {site.routes.path_of(page.language, key): key for key in pages}
    file_folder = posixpath.dirname(own) if page.key.rpartition("/")[2] == HOME_KEY else posixpath.dirname(posixpath.dirname(own))
    as_key = posixpath.normpath(posixpath.join(folder, path.rstrip("/")))
    found = [by_address.get(_as_page_file(posixpath.join(base, path))) for base in (posixpath.dirname(own), file_folder)]
    found += [key for key in (as_key, f"{as_key}/{HOME_KEY}") if key in pages]
    key = next((key for key in found if key is not None), None)
    if key is None:
        return None
    return posixpath.relpath(f"{key}.md", folder or ".") + (f"#{url.fragment}" if url.fragment else "")


def _as_page_file(address: str) -> str:
    """The output file an address inside the site names: "en/invitation/" → "en/invitation/index.html"."""
    address = posixpath.normpath(address)
    return address if address.endswith(".html") else posixpath.join(address, "index.html")


def _place_of(page: Page, written: str) -> tuple[str, int]:
    """The file and line a link is written on: the page's, or, for a page put together from segments, its segment's."""
    index = page.body.find(written)
    number = page.body[:index].count("\n") if index >= 0 else 0
    if page.body_places:
        return page.body_places[min(number, len(page.body_places) - 1)]
    return page.source, page.body_line + number


def _line_of_image_without_alt(page: Page, written: str) -> int:
    """The line of ``![](written)``: the same file may be shown, with its alt text, earlier on the page."""
    match = re.search(r"!\[\s*\]\(\s*<?" + re.escape(written), page.body)
    return page.body_line + page.body[: match.start()].count("\n") if match else _place_of(page, written)[1]
