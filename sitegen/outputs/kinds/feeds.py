"""Atom feeds: one per language, of its pages with a date or an 'updated' date.

Planned after the pages, whose bodies a feed holds whole: by then each body's
HTML is known, from this build or the cache.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from sitegen.formats.feeds import FEED_SIZE, FeedEntry, render_feed
from sitegen.inputs.content import HOME_KEY, Page
from sitegen.model.bodies import Body
from sitegen.model.routes import feed_path
from sitegen.model.site import BuildContext
from sitegen.outputs.kinds.templated import view_job
from sitegen.outputs.registry import AFTER_PAGES, Job, output_kind
from sitegen.views.conference import conference_view

NEWS_SECTION = "news/index"


@dataclass(frozen=True)
class FeedEntryView:
    title: str
    url: str
    published: datetime.date | None
    updated: datetime.date
    summary: str
    body: Body  # with absolute links, as feed readers need


@dataclass(frozen=True)
class FeedView:
    language_tag: str
    title: str
    feed_url: str
    page_url: str
    author: str
    entries: tuple[FeedEntryView, ...]


@output_kind("feeds", AFTER_PAGES)
def plan_feeds(build: BuildContext) -> Iterator[Job]:
    site = build.site
    for language in site.config.languages:
        if site.has_feed(language):
            dated = site.feed_pages[language]
            yield view_job(feed_path(language), feed_view(build, language), write_feed, tuple(sorted(page.source for page in dated)))


def feed_view(build: BuildContext, language: str) -> FeedView:
    site = build.site
    path = feed_path(language)
    absolute = build.linker(path, "absolute")
    section = site.content.pages[language].get(NEWS_SECTION)
    name = conference_view(site, language).name
    return FeedView(
        language_tag=site.languages[language].tag,
        title=f"{name} – {section.title}" if section and not section.is_fallback else name,
        feed_url=absolute(path),
        page_url=absolute(site.routes.path_of(language, NEWS_SECTION) or site.routes.path_of(language, HOME_KEY) or path),
        author=site.config.site_name,
        entries=tuple(_entry(build, page) for page in site.feed_pages[language][:FEED_SIZE]),
    )


def _entry(build: BuildContext, page: Page) -> FeedEntryView:
    site, store = build.site, build.bodies
    page_path = site.routes.path_of(page.language, page.key) or ""
    link = build.linker(page_path, "absolute")
    facts = store.known_facts(page)
    if facts is None:  # a page that failed to render: the build stops before this is written
        facts = store.render(page).facts

    assert page.feed_date is not None
    body = store.view(page, facts, link, site.routes, site.content, site.images)
    return FeedEntryView(page.title, link(page_path), page.date, page.feed_date, page.summary, body)


def write_feed(view: FeedView) -> bytes:
    entries = [FeedEntry(e.title, e.url, e.published, e.updated, e.summary, str(e.body)) for e in view.entries]
    return render_feed(language_tag=view.language_tag, title=view.title, feed_url=view.feed_url, page_url=view.page_url, author=view.author, entries=entries)
