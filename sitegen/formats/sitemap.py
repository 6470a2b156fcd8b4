"""sitemap.xml with hreflang alternates, and the robots.txt that points to it.

A search engine reads at most 50,000 URLs and 50 MB of one sitemap file
(sitemaps.org); a larger site's sitemap.xml is an index of sitemap files
within those limits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

MOST_URLS = 50_000
MOST_BYTES = 52_428_800  # 50 MiB, before compression

Group = tuple[Sequence[tuple[str, str]], str]  # the (hreflang, URL) of each translation of a page, and its x-default URL
G = TypeVar("G", bound=Group)

_URLSET_START = (
    '<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
_URLSET_END = "</urlset>\n"
_ALTERNATE = len('<xhtml:link rel="alternate" hreflang= href=/>\n')
_URL = len("<url>\n<loc></loc>\n</url>\n")
_ESCAPED = ("&", "<", ">", '"', "\n", "\r", "\t")


def split_sitemap(groups: Sequence[G]) -> list[Sequence[G]]:
    """The groups, in order, in as few files as the protocol's limits allow: one for most sites.

    A page's group stays in one file. Each file's size is bounded from the
    lengths of its URLs, without writing it (a 50,000-page sitemap takes 0.2 s
    to write, and this is worked out on every build).
    """
    parts: list[Sequence[G]] = []
    start, urls, size = 0, 0, len(_URLSET_START) + len(_URLSET_END)
    for index, (versions, x_default) in enumerate(groups):
        alternates = sum(_ALTERNATE + _quoted_length(tag) + _quoted_length(url) for tag, url in versions)
        alternates += _ALTERNATE + _quoted_length("x-default") + _quoted_length(x_default)
        group_size = sum(_URL + _quoted_length(url) + alternates for _, url in versions)  # quoted: more than <loc> escapes
        if index > start and (urls + len(versions) > MOST_URLS or size + group_size > MOST_BYTES):
            parts.append(groups[start:index])
            start, urls, size = index, 0, len(_URLSET_START) + len(_URLSET_END)
        urls += len(versions)
        size += group_size
    parts.append(groups[start:])
    return parts


def _quoted_length(text: str) -> int:
    """The bytes of quoteattr(text) in UTF-8, or more."""
    if text.isascii() and not any(character in text for character in _ESCAPED):
        return len(text) + 2
    return 2 + 6 * len(text.encode("utf-8"))  # each byte at most an entity such as &quot;


def render_sitemap_index(urls: Sequence[str]) -> bytes:
    """sitemap.xml of a site too large for one sitemap: the URL of each of its sitemap files."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"<sitemap><loc>{_escape(url)}</loc></sitemap>" for url in urls]
    lines.append("</sitemapindex>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_sitemap(groups: list[tuple[list[tuple[str, str]], str]]) -> bytes:
    """One <url> per translated page, each listing all its translations.

    ``groups`` holds, per translation key, the (hreflang, absolute URL) of every
    real translation, and the x-default URL. Fallback pages are never passed in.
    """
    from xml.sax.saxutils import quoteattr  # it imports urllib.request (10 ms): only where this is written

    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for versions, x_default in groups:
        alternates = [f'<xhtml:link rel="alternate" hreflang={quoteattr(tag)} href={quoteattr(url)}/>' for tag, url in [*versions, ("x-default", x_default)]]
        for _, url in versions:
            lines += ["<url>", f"<loc>{_escape(url)}</loc>", *alternates, "</url>"]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_robots(sitemap_url: str, domain_robots: str = "") -> bytes:
    """robots.txt; ``domain_robots`` is the URL of the one crawlers read, when the site is under a sub-path.

    Crawlers read only the robots.txt at the domain's root: a site under a
    sub-path has its file say so, and what that one must hold.
    """
    if not domain_robots:
        return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()
    return (
        f"# Crawlers do not read this file: they read only {domain_robots}.\n"
        "# Add this line to that file, so that they find the site's pages:\n"
        f"Sitemap: {sitemap_url}\n"
    ).encode()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
