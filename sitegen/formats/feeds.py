"""Atom feeds (RFC 4287): one per language, of its dated pages, most recently changed first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

FEED_SIZE = 20


@dataclass(frozen=True)
class FeedEntry:
    title: str
    url: str  # absolute
    published: datetime.date | None  # None where the documents give no date: no <published>
    updated: datetime.date  # when the entry last changed (RFC 4287 requires it)
    summary: str
    content_html: str  # with absolute links, as feed readers need


def render_feed(*, language_tag: str, title: str, feed_url: str, page_url: str, author: str, entries: list[FeedEntry]) -> bytes:
    """The Atom document; ``entries`` most recently changed first. Its time is the newest entry's, so rebuilds are identical."""
    from xml.sax.saxutils import escape, quoteattr  # it imports urllib.request (10 ms): only where this is written

    entries = entries[:FEED_SIZE]
    updated = max(entry.updated for entry in entries)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(language_tag)}>',
        f"<title>{escape(title)}</title>",
        f"<id>{escape(feed_url)}</id>",
        f'<link rel="self" type="application/atom+xml" href={quoteattr(feed_url)}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(page_url)}/>',
        f"<updated>{_timestamp(updated)}</updated>",
        f"<author><name>{escape(author)}</name></author>",
    ]
    for entry in entries:
        lines += [
            "<entry>",
            f"<title>{escape(entry.title)}</title>",
            f"<id>{escape(entry.url)}</id>",
            f'<link rel="alternate" type="text/html" href={quoteattr(entry.url)}/>',
            *([f"<published>{_timestamp(entry.published)}</published>"] if entry.published else []),
            f"<updated>{_timestamp(entry.updated)}</updated>",
            *([f"<summary>{escape(entry.summary)}</summary>"] if entry.summary else []),
            f'<content type="html">{escape(entry.content_html)}</content>',
            "</entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _timestamp(date: datetime.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"
