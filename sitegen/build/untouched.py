"""What an edit of page texts leaves untouched: the pages a build need not sign again.

Signing a page builds its whole view (switcher, menu, head links) and digests
it: half a millisecond, three seconds for 5,000 pages, where the edit of one
text changes a few files. When every input that changed is the text of a
content page, and nothing another page shows of it changed (its front matter,
the routes, the translation states of the menu's pages; any other input file
is a change to everything), only these can differ from what the last build
made: the edited page; in each other language, its page of the same key if
that page shows the edited text (not yet translated, or put together from
segments) or its translation state changed; and, with each of those, its
section's index and its language's home page. A page's view reads another
page only through those (views.page_view, the menu, the section lists), and a
body's links only through the routes. Every file that is not a content page
(feeds, status pages, the sitemap) is signed as always.

The last build's outline of the site is kept for this: in memory by the
preview, in the cache folder for the command line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.core.dates import Phase
from sitegen.core.files import write_atomically
from sitegen.inputs.content import CONTENT_DIR, HOME_KEY, Page
from sitegen.model.site import Site

# What of a page other pages never see: its Markdown text (and where each line of it came from).
_BODY_FIELDS = {"stored_body", "body_places"}
_OUTLINE_FIELDS = tuple(field.name for field in dataclasses.fields(Page) if field.name not in _BODY_FIELDS)


@dataclass(frozen=True)
class Outline:
    """Everything of a built site that one page shows of the others, and the input files it was read from."""

    phase: Phase  # the conference's, on the build date: what every page says of its dates
    pages: dict[tuple[str, str], tuple[Any, ...]]  # (language, key) of each written page → its fields but the body
    keys: tuple[str, ...]  # every translation key, fallbacks included
    routes: dict[tuple[str, str], str]
    states: dict[tuple[str, str], str]
    inputs: dict[str, tuple[int, int]]  # input file → (size, mtime_ns)


def outline(site: Site, inputs: dict[str, tuple[int, int]]) -> Outline:
    pages = {(page.language, page.key): _fields(page) for page in site.written.iter_pages()}
    return Outline(site.conference.phase, pages, tuple(site.content.keys()), dict(site.routes.paths), dict(site.freshness.states), inputs)


def _fields(page: Page) -> tuple[Any, ...]:
    return tuple(getattr(page, name) for name in _OUTLINE_FIELDS)


def untouched_pages(before: Outline, after: Site, inputs: dict[str, tuple[int, int]]) -> frozenset[str] | None:
    """The content pages, by name ("es/news/first"), that are as the build ``before`` describes made them, or None when that cannot be told.

    ``inputs`` is every input file now, with its size and time.
    """
    changed = {path for path in inputs.keys() | before.inputs.keys() if inputs.get(path) != before.inputs.get(path)}
    if not changed or before.phase != after.conference.phase:
        return None  # nothing to tell (a no-change build stops earlier), or every page words the dates anew
    edited: set[tuple[str, str]] = set()
    for path in changed:
        parts = path.split("/", 2)
        if len(parts) != 3 or parts[0] != CONTENT_DIR or not path.endswith(".md"):
            return None  # a template, catalog, data file, photograph…: sign everything
        language, key = parts[1], parts[2].removesuffix(".md")
        old, new = before.pages.get((language, key)), after.written.pages.get(language, {}).get(key)
        if old is None or new is None or old != _fields(new):
            return None  # a page added, removed, or with other front matter: menus and lists may change
        edited.add((language, key))
    if before.keys != tuple(after.content.keys()) or before.routes != after.routes.paths:
        return None
    edited_keys = {key for _, key in edited}
    restated = set()
    for where, state in after.freshness.states.items():
        if before.states.get(where) != state:
            if where[1] not in edited_keys or any(page.menu is not None for page in _versions(after, where[1])):
                return None  # a state the menu shows, or of a page whose text did not change
            restated.add(where)
    touched: set[tuple[str, str]] = set()
    for key in edited_keys:
        for language, pages in after.content.pages.items():
            page = pages.get(key)
            if page is None:
                continue
            # The edited text itself; a page that shows it (not yet translated, or put together from its segments);
            # a page whose translation state changed with it: each with the lists that show it.
            if (language, key) in edited or page.is_fallback or page.body_places or (language, key) in restated:
                touched |= {(language, key), (language, HOME_KEY)}
                if page.section:
                    touched.add((language, page.section))
    return frozenset(f"{page.language}/{page.key}" for page in after.content.iter_pages() if (page.language, page.key) not in touched)


def _versions(site: Site, key: str) -> list[Page]:
    return [pages[key] for pages in site.content.pages.values() if key in pages]


def save_outline(path: Path, generator: str, kept: Outline) -> None:
    """Keep the outline for the next command-line build (in one rename: a killed build leaves the last one)."""
    with contextlib.suppress(OSError):  # the next build signs every page, as without it
        write_atomically(path, lambda file: pickle.dump((generator, kept), file, protocol=pickle.HIGHEST_PROTOCOL))


def load_outline(path: Path, generator: str) -> Outline | None:
    try:
        saved_generator, kept = pickle.loads(path.read_bytes())
    except (OSError, ValueError, TypeError, EOFError, AttributeError, ImportError, pickle.UnpicklingError):
        return None
    return kept if saved_generator == generator and isinstance(kept, Outline) else None
