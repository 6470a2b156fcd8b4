"""Where every file of a built site goes: each output path is made here, and nowhere else.

A page is written as ``<language>/<section slugs>/<slug>/index.html``, its
section's folders named by the slugs of the sections' own index pages in that
language. The other files have fixed places, at the root or in each language's
folder. The output kinds ask here where their files go; urls.py makes the
links between them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from sitegen.core.problems import Problem
from sitegen.inputs.content import HOME_KEY, Content, Page

CHOOSER = "index.html"  # the root: the language chooser
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NETLIFY_HEADERS = "_headers"
NETLIFY_REDIRECTS = "_redirects"
SEARCH = "search"  # each language's search page, in a folder of that name
SEARCH_INDEX = "pagefind"  # the search index's folder: what the search page's script loads
SEARCH_INDEX_ENTRY = "pagefind-entry.json"  # in it, the file that names the rest
FEED = "feed.xml"
CALENDAR = "conference.ics"
PROGRAMME_CALENDAR = "programme.ics"
BOOKLET = "booklet.pdf"
PEOPLE = "people"  # the folder of the page listing who speaks, beside the sessions' own
YOUR_LANGUAGE = "your-language"  # the folder of the sessions a reader can follow in their language
CHANGES = "changes"  # the folder of the programme's changes and their feed, beside the sessions' own


def not_found_path(language: str | None) -> str:
    """A language's own 404 page, or the root's (None)."""
    return f"{language}/{NOT_FOUND}" if language else NOT_FOUND


def feed_path(language: str) -> str:
    return f"{language}/{FEED}"


def calendar_path(language: str) -> str:
    return f"{language}/{CALENDAR}"


def programme_calendar_path(language: str) -> str:
    return f"{language}/{PROGRAMME_CALENDAR}"


LIGHT = "text"  # each language's text-only version, in a folder of that name, and beside it as plain text


def light_path(language: str) -> str:
    """Where each language's text-only page is (kinds/light_version.py): no stylesheet, no script, the essentials."""
    return f"{language}/{LIGHT}/index.html"


def booklet_path(language: str) -> str:
    """Each language's booklet (kinds/booklet.py): its essential pages as one PDF, to print."""
    return f"{language}/{BOOKLET}"


def light_text_path(language: str) -> str:
    """The same as plain text, fit to paste into a message."""
    return f"{language}/{LIGHT}.txt"


def status_path(language: str) -> str:
    """Where the translators' page is in each language: every language has it, in its own words."""
    return f"{language}/translation-status/index.html"


def search_path(language: str) -> str:
    """Where each language's search page is (kinds/search_page.py)."""
    return f"{language}/{SEARCH}/index.html"


def search_index_path(name: str) -> str:
    """A file of the search index, by its name inside the index's folder."""
    return f"{SEARCH_INDEX}/{name}"


@dataclass(frozen=True)
class ProgrammePaths:
    """Where one language's programme pages are: the sessions' pages in the folder of the programme page."""

    folder: str  # "es/programa"
    page: str  # the programme page itself: "es/programa/index.html"

    def session(self, slug: str) -> str:
        return f"{self.folder}/{slug}/index.html"

    def calendar(self, slug: str) -> str:
        return f"{self.folder}/{slug}/{slug}.ics"

    @property
    def people(self) -> str:
        return f"{self.folder}/{PEOPLE}/index.html"

    @property
    def changes(self) -> str:
        """What changed from one version of the programme to the next."""
        return f"{self.folder}/{CHANGES}/index.html"

    @property
    def your_language(self) -> str:
        """The sessions a reader can follow in the page's language."""
        return f"{self.folder}/{YOUR_LANGUAGE}/index.html"

    @property
    def changes_feed(self) -> str:
        return f"{self.folder}/{CHANGES}/{FEED}"


@dataclass(frozen=True)
class Routes:
    """The output path of every page, by (language, translation key)."""

    paths: dict[tuple[str, str], str]

    def path_of(self, language: str, key: str) -> str | None:
        return self.paths.get((language, key))


def plan_routes(content: Content) -> tuple[Routes, list[Problem]]:
    """Give every page its output path; report two pages that would share one."""
    paths: dict[tuple[str, str], str] = {}
    owners: dict[str, Page] = {}
    problems: list[Problem] = []
    for language, pages in content.pages.items():
        for key, page in sorted(pages.items()):
            path = output_path(page, pages)
            if path in owners:
                other = owners[path]
                problems.append(Problem(page.source, page.line_of("slug"), f"has the same URL '{path}' as {other.source}: give one of them another slug"))
                continue
            owners[path] = page
            paths[(language, key)] = path
    for file in sorted(content.files):
        if file in owners:
            problems.append(Problem(f"content/{file}", None, f"has the same path as the page made from {owners[file].source}: rename the file"))
    return Routes(paths), problems


def output_path(page: Page, pages: dict[str, Page]) -> str:
    """The file a page is written to, relative to the output folder.

    A section's folder takes the slug of the section's own index page in that
    language, so a translator can localise the URL of the whole section.
    """
    parts = page.key.split("/")
    folders = []
    for depth in range(1, len(parts)):
        section_key = "/".join(parts[:depth] + [HOME_KEY])
        section_page = pages.get(section_key)
        folders.append(section_page.slug if section_page else parts[depth - 1])
    if parts[-1] != HOME_KEY:
        folders.append(page.slug)
    return posixpath.join(page.language, *folders, "index.html")
