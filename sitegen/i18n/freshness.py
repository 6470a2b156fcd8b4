"""Which translations are current, which have fallen behind their source, which are missing.

A translated page records the version of its source it translates, as
``source_hash`` in its front matter: a short hash of everything a translation
translates of it: its title, summary, menu title and body. When the source changes, the hash no longer matches and the
translation is outdated until a translator revises it and marks it translated.
A page with no translation at all is built from the source, marked as such.
A page translated by segments (segment_pages.py) is current when every segment
is translated and none is fuzzy, and partial until then.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from sitegen.inputs.config import SiteConfig
from sitegen.inputs.content import Content, Page

SOURCE, CURRENT, OUTDATED, MISSING, PARTIAL = "source", "current", "outdated", "missing", "partial"


def source_hash(page: Page) -> str:
    """The short hash a translation of ``page`` records: Page.text_hash."""
    return page.text_hash


@dataclass(frozen=True)
class Freshness:
    """The state of every (language, key) of the site."""

    states: dict[tuple[str, str], str]
    hashes: dict[str, str]  # the current source hash of every key of the default language

    def of(self, language: str, key: str) -> str:
        return self.states[(language, key)]


def assess(content: Content, config: SiteConfig, segment_states: Mapping[tuple[str, str], str] | None = None) -> Freshness:
    """Compare every translation with its source page; ``segment_states`` gives the state of
    each page put together from segments, which records no source hash."""
    default = config.default_language
    sources = content.pages[default]
    hashes = {key: source_hash(page) for key, page in sources.items()}
    states = {}
    for language in config.languages:
        for key in sources:
            if language == default:
                states[(language, key)] = SOURCE
            elif segment_states and (language, key) in segment_states:
                states[(language, key)] = segment_states[(language, key)]
            elif key not in content.pages[language]:
                states[(language, key)] = MISSING
            elif content.pages[language][key].source_hash == hashes[key]:
                states[(language, key)] = CURRENT
            else:
                states[(language, key)] = OUTDATED
    return Freshness(states, hashes)


def with_fallbacks(content: Content, config: SiteConfig) -> Content:
    """The content with every missing translation filled by its source page.

    A fallback keeps the source's text and language (``text_language``) but
    belongs to the translation's language, so it is built under that
    language's URLs with that language's menus and notices.
    """
    default = config.default_language
    pages = {language: dict(by_key) for language, by_key in content.pages.items()}
    for language in config.languages:
        for key, source in content.pages[default].items():
            if key not in pages[language]:
                pages[language][key] = dataclasses.replace(source, language=language, text_language=default)
        pages[language] = dict(sorted(pages[language].items()))
    return Content(pages, content.files, content.default_language)
