"""A Caddyfile site block for the built site (Caddy 2)."""

from __future__ import annotations

from sitegen.model.routes import NOT_FOUND
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


def render_caddy(hosting: Hosting, root: str, address: str | None = None) -> str:
    """``root``: the absolute path of the uploaded output folder; ``address``: the site address (default: base_url's host)."""
    prefix = hosting.prefix
    strip = prefix.rstrip("/")
    search_paths = " ".join(f"{url}*" for url in hosting.search_urls())
    security = [f'Content-Security-Policy "{hosting.policy}"', f'Referrer-Policy "{REFERRER_POLICY}"', 'X-Content-Type-Options "nosniff"']
    lines = [
        f"# Caddy rules for the site at {hosting.base_url}, made by 'build.py server-config caddy' from site.toml.",
        "# See docs/deploy.md.",
        f"{address or hosting.host} {{",
        "    encode zstd gzip",
        "",
        "    # The language for the redirect: the lang cookie, else Accept-Language, one regex per",
        "    # q-value tier, highest first (the first that matches is used), else the default.",
        "    map {http.request.header.Accept-Language} {sitegen_accept_language} {",
    ]
    lines += [f"        ~{pattern} ${{1}}" for pattern in hosting.accept_language_patterns()]
    lines += [f"        default {hosting.default_language}", "    }", f"    map {{http.request.cookie.{COOKIE}}} {{sitegen_language}} {{"]
    lines += [f"        {language} {language}" for language in hosting.languages]
    lines += [
        "        default {sitegen_accept_language}",
        "    }",
        "",
        "    header {",
        *[f"        {line}" for line in security[1:]],
        "    }",
        "    # Pagefind's search runs as WebAssembly: script-src adds 'wasm-unsafe-eval' on the search pages only.",
        "    # (Matchers that exclude each other: Caddy orders header directives by their matchers.)",
        f"    @search path {search_paths}",
        f'    header @search Content-Security-Policy "{hosting.search_policy}"',
        f"    @not_search not path {search_paths}",
        f"    header @not_search {security[0]}",
        f"    @static path {hosting.static_url}*",
        f'    header @static Cache-Control "{STATIC_CACHE}"',
        f"    @short not path {hosting.static_url}* {prefix}",
        f'    header @short Cache-Control "{SHORT_CACHE}"',
        "    @feed path */feed.xml",
        f'    header @feed Content-Type "{FEED_TYPE}; charset=utf-8"',
        "    @calendar path *.ics",
        f'    header @calendar Content-Type "{CALENDAR_TYPE}; charset=utf-8"',
        "",
        f"    # Exactly {prefix}: to the visitor's language. The chooser page stays reachable as index.html.",
        "    # In a route, in the order written: Caddy would otherwise try the folder's handle first.",
        "    route {",
        *([f"        redir {strip} {prefix} 301"] if hosting.is_sub_path else []),
        f"        handle {prefix} {{",
        f'            header Cache-Control "{REDIRECT_CACHE}"',
        f'            header Vary "{REDIRECT_VARY}"',
        f"            redir * {prefix}{{sitegen_language}}/ 302",
        "        }",
        f"        handle {prefix}* {{",
        *([f"            uri strip_prefix {strip}"] if hosting.is_sub_path else []),
        f"            root * {root.rstrip('/')}",
        "            file_server {",
        "                hide .*",  # hidden files (.htaccess, .git…) answer 404
        "            }",
        "        }",
        "        handle {",
        "            error 404",
        "        }",
        "    }",
        "",
        "    # Missing pages: each language's own 404 page, the root one elsewhere; same headers.",
        "    handle_errors {",
        "        header {",
        *[f"            {line}" for line in security],
        "        }",
    ]
    for language in hosting.languages:
        lines += [
            f"        @{_name(language)} expression {{http.request.orig_uri.path}}.startsWith('{prefix}{language}/')",
            f"        rewrite @{_name(language)} /{language}/{NOT_FOUND}",
        ]
    lines += [
        f"        rewrite * /{NOT_FOUND}",
        f"        root * {root.rstrip('/')}",
        "        file_server",
        "    }",
        "}",
        "",
    ]
    return "\n".join(lines)


def _name(language: str) -> str:
    return "not_found_" + "".join(c if c.isalnum() else "_" for c in language)
