"""The .htaccess at the output's root, for Apache 2.4."""

from __future__ import annotations

import re

from sitegen.inputs.assets import STATIC_DIR
from sitegen.model.routes import FEED, NOT_FOUND, SEARCH
from sitegen.outputs.hosting import (
    CALENDAR_TYPE,
    COMPRESSED_TYPES,
    COOKIE,
    FEED_TYPE,
    REDIRECT_CACHE,
    REDIRECT_VARY,
    REFERRER_POLICY,
    SHORT_CACHE,
    STATIC_CACHE,
    Hosting,
)

HTACCESS_NAME = ".htaccess"


def render_htaccess(hosting: Hosting) -> str:
    """The whole file: it names no host and no folder, so it is uploaded as it is."""
    root = hosting.prefix
    types = " ".join(COMPRESSED_TYPES)
    pattern = hosting.prefix_pattern
    lines = [
        f"# Apache 2.4 rules for the site at {hosting.base_url}, made by the build from site.toml:",
        "# do not edit (the next build writes it again); see docs/deploy.md.",
        "# Needs mod_rewrite, mod_headers, mod_mime and mod_filter with mod_deflate (mod_brotli is",
        "# used where it is loaded), and for this folder AllowOverride FileInfo Indexes (or All)",
        "# and Options FollowSymLinks (or SymLinksIfOwnerMatch).",
        "",
        "# --- Types",
        f"AddType {CALENDAR_TYPE} .ics",
        "AddCharset utf-8 .html .css .js .json .xml .ics .svg .txt",
        f'<Files "{FEED}">',
        f'    ForceType "{FEED_TYPE}; charset=utf-8"',
        "</Files>",
        "DirectoryIndex index.html",
        "",
        "# --- Compression: brotli where the module is loaded, gzip otherwise",
        "<IfModule mod_filter.c>",
        "    <IfModule mod_brotli.c>",
        f"        AddOutputFilterByType BROTLI_COMPRESS {types}",
        "    </IfModule>",
        "    <IfModule mod_deflate.c>",
        f"        AddOutputFilterByType DEFLATE {types}",
        "    </IfModule>",
        "</IfModule>",
        "",
        '# --- Headers on every response, error pages included ("always")',
        f'<If "%{{REQUEST_URI}} =~ m#^{pattern}(?:{hosting.alternation})/{SEARCH}/#">',
        "    # Pagefind's search runs as WebAssembly: script-src adds 'wasm-unsafe-eval' here only.",
        f'    Header always set Content-Security-Policy "{hosting.search_policy}"',
        "</If>",
        "<Else>",
        f'    Header always set Content-Security-Policy "{hosting.policy}"',
        "</Else>",
        f'Header always set Referrer-Policy "{REFERRER_POLICY}"',
        'Header always set X-Content-Type-Options "nosniff"',
        "",
        "# --- Caching: static file names carry a hash of their bytes",
        f"<If \"%{{REQUEST_URI}} == '{root}'\">",
        "    # The language redirect depends on the visitor's headers.",
        f'    Header always set Cache-Control "{REDIRECT_CACHE}"',
        f'    Header always merge Vary "{REDIRECT_VARY}"',
        "</If>",
        f'<ElseIf "%{{REQUEST_URI}} =~ m#^{pattern}{STATIC_DIR}/#">',
        f'    Header set Cache-Control "{STATIC_CACHE}"',
        "</ElseIf>",
        "<Else>",
        f'    Header set Cache-Control "{SHORT_CACHE}"',
        "</Else>",
        "",
        "# --- Not-found pages: each language's own, the root one elsewhere",
    ]
    for index, language in enumerate(hosting.languages):
        keyword = "If" if index == 0 else "ElseIf"
        lines += [
            f'<{keyword} "%{{REQUEST_URI}} =~ m#^{pattern}{re.escape(language)}/#">',
            f"    ErrorDocument 404 {hosting.url(f'{language}/{NOT_FOUND}')}",
            f"</{keyword}>",
        ]
    lines += [
        "<Else>",
        f"    ErrorDocument 404 {hosting.url(NOT_FOUND)}",
        "</Else>",
        "",
        "RewriteEngine On",
        "# Never serve hidden files (.htaccess, .git…), should any be uploaded.",
        r'RewriteRule "(?:^|/)\.(?!well-known(?:/|$))" - [R=404,L]',
        "",
        f'# --- The language redirect for exactly "{root}" ("^$" here: a folder\'s rules see paths without it).',
        "# The chooser page itself stays reachable as index.html.",
        f"# 1. The {COOKIE} cookie, set when the visitor picks a language.",
        f'RewriteCond "%{{HTTP_COOKIE}}" "{hosting.cookie_pattern()}"',
        f'RewriteRule "^$" {root}%1/ [R=302,L]',
        "# 2. Accept-Language: one condition per q-value tier, highest first (docs/deploy.md).",
    ]
    for pattern in hosting.accept_language_patterns():
        lines += [f'RewriteCond "%{{HTTP:Accept-Language}}" "{pattern}"', f'RewriteRule "^$" {root}%1/ [R=302,L]']
    lines += ["# 3. Nothing matched: the default language.", f'RewriteRule "^$" {root}{hosting.default_language}/ [R=302,L]', ""]
    return "\n".join(lines)
