"""sitemap.xml with hreflang alternates, and the robots.txt that points to it."""

from __future__ import annotations


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
