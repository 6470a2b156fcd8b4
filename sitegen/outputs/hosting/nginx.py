"""An nginx server block for the built site: `map`s and one `server`, to include inside `http { }`.

No location has an ``add_header`` of its own, on purpose: nginx drops every
inherited ``add_header`` in a location that has one, so the per-URL values
come from maps on ``$uri`` (evaluated for the URI answered, an error page's too).
"""

from __future__ import annotations

from sitegen.inputs.assets import STATIC_DIR
from sitegen.model.routes import NOT_FOUND, SEARCH
from sitegen.outputs.hosting import (
    CALENDAR_TYPE,
    COMPRESSED_TYPES,
    FEED_TYPE,
    REDIRECT_CACHE,
    REDIRECT_VARY,
    REFERRER_POLICY,
    SHORT_CACHE,
    STATIC_CACHE,
    Hosting,
)


def render_nginx(hosting: Hosting, root: str, listen: str = "80", server_name: str | None = None) -> str:
    """``root``: the absolute path of the uploaded output folder; ``listen``: nginx's listen value."""
    prefix = hosting.prefix
    languages = hosting.alternation
    root = root.rstrip("/") + "/"
    pattern = hosting.prefix_pattern
    compressed = " ".join(t for t in COMPRESSED_TYPES if t != "text/html")  # text/html always is
    lines = [
        f"# nginx rules for the site at {hosting.base_url}, made by 'build.py server-config nginx' from site.toml.",
        "# Include inside http { } (Debian: /etc/nginx/conf.d/conference.conf); see docs/deploy.md.",
        "",
        "# The language for the redirect: Accept-Language, one regex per q-value tier, highest first",
        "# (nginx takes the first regex that matches)…",
        "map $http_accept_language $sitegen_accept_language {",
        f"    default {hosting.default_language};",
    ]
    lines += [f'    "~{pattern}" $1;' for pattern in hosting.accept_language_patterns()]
    lines += ["}", "# …unless the lang cookie names one of the site's languages.", "map $cookie_lang $sitegen_language {"]
    lines += [f"    {language} {language};" for language in hosting.languages]
    lines += [
        "    default $sitegen_accept_language;",
        "}",
        "map $uri $sitegen_not_found {",
        f"    default {hosting.url(NOT_FOUND)};",
        f'    "~^{pattern}({languages})/" {prefix}$1/{NOT_FOUND};',
        "}",
        "# Cache-Control: add_header without 'always' sends it on 2xx and 3xx answers only.",
        "map $uri $sitegen_cache_control {",
        f'    default "{SHORT_CACHE}";',
        f'    {prefix} "{REDIRECT_CACHE}";',
        f'    "~^{pattern}{STATIC_DIR}/" "{STATIC_CACHE}";',
        "}",
        "map $uri $sitegen_vary {",
        '    default "";',
        f'    {prefix} "{REDIRECT_VARY}";',
        "}",
        "# Pagefind's search runs as WebAssembly: script-src adds 'wasm-unsafe-eval' on the search pages only.",
        "map $uri $sitegen_csp {",
        f'    default "{hosting.policy}";',
        f'    "~^{pattern}(?:{languages})/{SEARCH}/" "{hosting.search_policy}";',
        "}",
        "",
        "server {",
        "    # For HTTPS add 'listen 443 ssl;', ssl_certificate and ssl_certificate_key.",
        f"    listen {listen};",
        f"    server_name {server_name or hosting.host};",
        "    server_tokens off;",
        "    absolute_redirect off;  # Location: /es/, right behind a TLS-terminating proxy too",
        "    charset utf-8;",
        f"    charset_types {compressed};",
        "    gzip on;",
        "    gzip_vary on;",
        f"    gzip_types {compressed};",
        "    # With the ngx_brotli module loaded: brotli on; brotli_types (the same list).",
        "",
        "    add_header Content-Security-Policy $sitegen_csp always;",
        f'    add_header Referrer-Policy "{REFERRER_POLICY}" always;',
        '    add_header X-Content-Type-Options "nosniff" always;',
        "    add_header Cache-Control $sitegen_cache_control;",
        "    add_header Vary $sitegen_vary;  # an empty value sends nothing",
        "    error_page 404 $sitegen_not_found;",
        "",
        f"    # Exactly {prefix}: to the visitor's language. The chooser page stays reachable as index.html.",
        f"    location = {prefix} {{",
        f"        return 302 {prefix}$sitegen_language/;",
        "    }",
    ]
    if hosting.is_sub_path:
        lines += [f"    location = {prefix.rstrip('/')} {{", f"        return 301 {prefix};", "    }"]
    lines += [
        f"    location {prefix} {{",
        f"        {'root ' + root.rstrip('/') if not hosting.is_sub_path else 'alias ' + root};",
        "        index index.html;",
        "        # Never serve hidden files (.htaccess, .git…), should any be uploaded.",
        r"        location ~ /\.(?!well-known/) {",
        "            return 404;",
        "        }",
        "        # An empty types block leaves default_type alone for these files; sitemap.xml keeps text/xml.",
        r"        location ~ /feed\.xml$ {",
        "            types { }",
        f"            default_type {FEED_TYPE};",
        "        }",
        r"        location ~ \.ics$ {",
        "            types { }",
        f"            default_type {CALENDAR_TYPE};",
        "        }",
        "    }",
        "}",
        "",
    ]
    return "\n".join(lines)
