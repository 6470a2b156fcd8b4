"""_redirects and _headers at the output's root, in the format of Netlify (which Cloudflare Pages reads too).

Rules are tried top to bottom: the first redirect that matches is used; for
headers, every matching block applies, and a later, narrower block gives a
header its value there (the search pages' policy, the static files' cache).
"""

from __future__ import annotations

from sitegen.model.routes import NOT_FOUND, calendar_path, feed_path, programme_calendar_path
from sitegen.outputs.hosting import (
    CALENDAR_TYPE,
    COOKIE,
    FEED_TYPE,
    REDIRECT_CACHE,
    REDIRECT_VARY,
    REFERRER_POLICY,
    SHORT_CACHE,
    STATIC_CACHE,
    Hosting,
)


def render_redirects(hosting: Hosting) -> str:
    root = hosting.prefix
    lines = [
        f"# Netlify redirects for the site at {hosting.base_url}, made by the build from site.toml (docs/deploy.md).",
        f"# {root}: a visitor with a '{COOKIE}' cookie gets the chooser page, whose script goes to the language the",
        "# cookie names (Netlify can test whether a cookie is there, not what it holds); the others go by",
        "# Accept-Language, as Netlify matches it, then to the default language.",
        f"{root}  {root}index.html  200!  Cookie={COOKIE}",
    ]
    lines += [f"{root}  {root}{language}/  302!  Language={language}" for language in hosting.languages]
    lines += [f"{root}  {root}{hosting.default_language}/  302!", "", "# Missing pages: each language's own 404 page, the root one elsewhere."]
    lines += [f"{root}{language}/*  {hosting.url(f'{language}/{NOT_FOUND}')}  404" for language in hosting.languages]
    lines += [f"{root}*  {hosting.url(NOT_FOUND)}  404", ""]
    return "\n".join(lines)


def render_headers(hosting: Hosting) -> str:
    root = hosting.prefix
    lines = [
        f"# Netlify headers for the site at {hosting.base_url}, made by the build from site.toml (docs/deploy.md).",
        f"{root}*",
        f"  Content-Security-Policy: {hosting.policy}",
        f"  Referrer-Policy: {REFERRER_POLICY}",
        "  X-Content-Type-Options: nosniff",
        f"  Cache-Control: {SHORT_CACHE}",
        "",
        "# Their names carry a hash of their bytes.",
        f"{hosting.static_url}*",
        f"  Cache-Control: {STATIC_CACHE}",
        "",
        "# Pagefind's search runs as WebAssembly: script-src adds 'wasm-unsafe-eval' on the search pages only.",
    ]
    for url in hosting.search_urls():
        lines += [f"{url}*", f"  Content-Security-Policy: {hosting.search_policy}"]
    lines += ["", "# The language redirect depends on the visitor's headers.", root, f"  Cache-Control: {REDIRECT_CACHE}", f"  Vary: {REDIRECT_VARY}", ""]
    for language in hosting.languages:
        lines += [hosting.url(feed_path(language)), f"  Content-Type: {FEED_TYPE}; charset=utf-8"]
        for calendar in (calendar_path(language), programme_calendar_path(language)):
            lines += [hosting.url(calendar), f"  Content-Type: {CALENDAR_TYPE}; charset=utf-8"]
    lines.append("")
    return "\n".join(lines)
