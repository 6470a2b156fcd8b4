"""The files around the pages: Atom feeds, sitemap, robots.txt and calendars.

Each is made from what the page renderer already knows (routes, translation
states, rendered bodies) by the pure formatters in feeds.py, sitemap.py and
ical.py.
"""

from __future__ import annotations


from .content import HOME_KEY
from .feeds import FeedEntry, feed_path, render_feed
from .pages import OutputFile, SiteRenderer
from .sitemap import SITEMAP_NAME, render_robots, render_sitemap
from .ical import calendar_path, render_calendar

NEWS_SECTION = "news/index"


def render_site_files(renderer: SiteRenderer) -> list[OutputFile]:
    files = [*render_feeds(renderer), *render_calendars(renderer)]
    if not renderer.offline:
        files += render_search_engine_files(renderer)
    return files


def render_feeds(renderer: SiteRenderer) -> list[OutputFile]:
    """One feed per language of its pages with a date or an 'updated' date, most recently changed first."""
    files = []
    for language in renderer.config.languages:
        if not renderer.has_feed(language):
            continue
        pages = renderer.content.pages[language]
        dated = sorted((p for p in pages.values() if p.feed_date and not p.is_fallback), key=lambda p: (p.feed_date, p.key), reverse=True)
        path = feed_path(language)
        absolute = renderer.linker(path, "absolute")
        entries = [
            FeedEntry(
                title=page.title,
                url=absolute(renderer.routes.path_of(language, page.key)),
                published=page.date,
                updated=page.feed_date,
                summary=page.summary,
                content_html=renderer.resolve_links(renderer.body_html(page)[0], page, absolute.at(renderer.routes.path_of(language, page.key))),
            )
            for page in dated
        ]
        section = pages.get(NEWS_SECTION)
        conference = renderer.conference_view(language)
        title = f"{conference['name']} – {section.title}" if section and not section.is_fallback else conference["name"]
        content = render_feed(
            language_tag=renderer.languages[language].tag,
            title=title,
            feed_url=absolute(path),
            page_url=absolute(renderer.routes.path_of(language, NEWS_SECTION) or renderer.routes.path_of(language, HOME_KEY)),
            author=conference["name"],  # the site, not the IPG: the feed is this site's retelling, not one of its documents
            entries=entries,
        )
        files.append(OutputFile(path, content, tuple(sorted(page.source for page in dated))))
    return files


def render_calendars(renderer: SiteRenderer) -> list[OutputFile]:
    """The conference as an all-day event, one calendar per language."""
    conference = renderer.config.conference
    files = []
    for language in renderer.config.languages:
        view = renderer.conference_view(language)
        path = calendar_path(language)
        home = renderer.routes.path_of(language, HOME_KEY)
        home_page = renderer.content.pages[language].get(HOME_KEY)
        place = ", ".join(part for part in (view["venue"], view["city"], view["country"]) if part)
        content = render_calendar(
            uid=f"{conference.start.isoformat()}@{renderer.config.base_url.split('://', 1)[-1].strip('/')}",
            start=conference.start,
            end=conference.end,
            summary=view["name"],
            location=place,
            description=home_page.summary if home_page and not home_page.is_fallback else view["name"],
            url=renderer.linker(path, "absolute")(home or path),
            language_tag=renderer.languages[language].tag,
        )
        files.append(OutputFile(path, content, ("site.toml",)))
    return files


def render_search_engine_files(renderer: SiteRenderer) -> list[OutputFile]:
    """sitemap.xml of every real translation with its alternates, and robots.txt."""
    absolute = renderer.linker(SITEMAP_NAME, "absolute")
    default = renderer.config.default_language
    groups = []
    for key in sorted(renderer.content.pages[default]):
        versions = [(renderer.languages[code].tag, absolute(path)) for code, path in renderer.translated_versions(key)]
        x_default = renderer.config.base_url if key == HOME_KEY else absolute(renderer.routes.path_of(default, key))
        groups.append((versions, x_default))
    return [
        OutputFile(SITEMAP_NAME, render_sitemap(groups), ()),
        OutputFile("robots.txt", render_robots(absolute(SITEMAP_NAME)), ()),
    ]
