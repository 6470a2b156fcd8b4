"""What an edit of page texts leaves untouched: the pages a resident preview need not sign again.

Signing a page builds its whole view (switcher, menu, head links) and digests
it: about half a millisecond, three seconds for 5,000 pages, where the edit
of one text changes the files of one translation key. When every input that
changed is the body of a content page, and nothing another page shows of it
changed (its front matter, routes, translation states, in every language),
the pages of every other key are as the last build made them: a page's view
reads another page only through those (views.page_view, the menu, the
section lists), and a body's links only through the routes. Anything else,
and every file that is not a content page (feeds, status pages, the sitemap),
is signed as always.
"""

from __future__ import annotations

import dataclasses

from .content import CONTENT_DIR, HOME_KEY, Page
from .model import Site

# What of a page other pages never see: its Markdown text (and where each line of it came from).
_BODY_FIELDS = {"body", "body_places"}


def untouched_keys(before: Site, after: Site, changed: set[str]) -> frozenset[str] | None:
    """The translation keys whose content pages are as ``before`` made them, or None when that cannot be told.

    ``changed`` is every input path (relative to the site folder) whose
    size or time is not what it was when ``before`` was read.
    """
    if not changed or before.config != after.config:
        return None
    edited: set[str] = set()
    for path in changed:
        parts = path.split("/", 2)
        if len(parts) != 3 or parts[0] != CONTENT_DIR or not path.endswith(".md"):
            return None  # a template, catalog, data file, photograph…: sign everything
        language, key = parts[1], parts[2].removesuffix(".md")
        old, new = before.written.pages.get(language, {}).get(key), after.written.pages.get(language, {}).get(key)
        if old is None or new is None or not _same_but_body(old, new):
            return None  # a page added, removed, or with other front matter: menus and lists may change
        edited.add(key)
    if before.content.keys() != after.content.keys() or before.routes != after.routes:
        return None
    for where, state in after.freshness.states.items():
        if before.freshness.states.get(where) != state:
            if where[1] not in edited or any(page.menu is not None for page in _versions(after, where[1])):
                return None  # a state the menu shows, or of a page whose text did not change
    touched = set(edited)
    for key in edited:  # the section's index lists its pages with their states
        section = next((page.section for page in _versions(after, key) if page.section), "")
        if section:
            touched.add(section)
        touched.add(HOME_KEY)
    return frozenset(after.content.keys()) - touched


def _versions(site: Site, key: str) -> list[Page]:
    return [pages[key] for pages in site.content.pages.values() if key in pages]


def _same_but_body(old: Page, new: Page) -> bool:
    return all(getattr(old, field.name) == getattr(new, field.name) for field in dataclasses.fields(Page) if field.name not in _BODY_FIELDS)
