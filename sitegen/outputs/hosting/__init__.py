"""What a web server must do for the built site, from site.toml: one model, a module per server.

Every server's rules say the same things, made from this model:

- ``/`` (the root of the sub-path ``base_url`` names) redirects (302) to a
  language: the ``lang`` cookie first (the language switcher and the chooser
  set it), then ``Accept-Language`` by its q-values, then the default
  language; the redirect is ``Vary: Accept-Language, Cookie`` and
  ``Cache-Control: private, no-cache``;
- a missing page under ``/xx/`` is answered, 404, with ``/xx/404.html``, and
  anywhere else with the root 404 page;
- content-hashed static files are cached for a year (immutable), the rest
  (HTML, feeds, calendars) for five minutes;
- every response, error pages included, carries the pages' own
  Content-Security-Policy (csp.py), a referrer policy and ``nosniff``;
- feeds are Atom, ``.ics`` files calendars; text is compressed.

apache.py and netlify.py are written into every build (.htaccess, _redirects,
_headers: kinds/server_rules.py); nginx.py and caddy.py are printed by
``build.py server-config``, since they name where the files are on disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sitegen.formats.csp import header_policy
from sitegen.inputs.assets import STATIC_DIR
from sitegen.inputs.config import SiteConfig
from sitegen.model.routes import SEARCH

STATIC_CACHE = "public, max-age=31536000, immutable"  # their names carry a hash of their bytes
SHORT_CACHE = "public, max-age=300"
REDIRECT_CACHE = "private, no-cache"
REDIRECT_VARY = "Accept-Language, Cookie"
REFERRER_POLICY = "strict-origin-when-cross-origin"
COOKIE = "lang"  # set by static/choose-language.js when a visitor picks a language
FEED_TYPE = "application/atom+xml"
CALENDAR_TYPE = "text/calendar"
COMPRESSED_TYPES = (
    "text/html",
    "text/css",
    "text/plain",
    "text/xml",
    "text/calendar",
    "application/javascript",
    "text/javascript",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "image/svg+xml",
)

# One regex per q-value tier, tried in this order: q=1 (or none), 0.9…, …, 0.1…, then
# 0.0… above zero. Within a tier the language listed first in the header wins; a tag
# matches on its primary subtag ("es-PE" gives "es"). PCRE (nginx, Apache) and RE2
# (Caddy) read them alike. q-values count to one decimal: 0.85 and 0.8 tie.
_TAG = r"(?:^|,)\s*({languages})(?:-[A-Za-z0-9]+)*\s*"
_TIERS = (
    r"(?:;\s*q=1(?:\.0*)?\s*)?(?:,|$)",
    *(rf";\s*q=0\.{digit}\d*\s*(?:,|$)" for digit in range(9, 0, -1)),
    r";\s*q=0\.0\d*[1-9]\d*\s*(?:,|$)",
)


@dataclass(frozen=True)
class Hosting:
    """The facts of site.toml the server rules are made from."""

    languages: tuple[str, ...]
    default_language: str
    base_url: str
    policy: str  # the Content-Security-Policy header everywhere…
    search_policy: str  # …but on each language's search page

    @property
    def prefix(self) -> str:
        """The path the site is served at: "/", or a sub-path such as "/conf/"."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def is_sub_path(self) -> bool:
        return self.prefix != "/"

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or "localhost"

    @property
    def root_url(self) -> str:
        """The domain's root, where crawlers look for robots.txt."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}/"

    def url(self, path: str = "") -> str:
        """The URL path of an output file ("es/404.html" → "/conf/es/404.html")."""
        return self.prefix + path

    @property
    def alternation(self) -> str:
        """The languages as a regex alternation: "en|es|de"."""
        return "|".join(re.escape(language) for language in self.languages)

    @property
    def prefix_pattern(self) -> str:
        """The prefix as a regex (a "." in a sub-path is only a dot)."""
        return re.escape(self.prefix)

    def accept_language_patterns(self) -> tuple[str, ...]:
        """The q-value tiers, highest first; group 1 is the language."""
        tag = _TAG.format(languages=self.alternation)
        return tuple(tag + tier for tier in _TIERS)

    def cookie_pattern(self) -> str:
        """Matches a Cookie header holding lang=xx, a language of the site; group 1 is the language."""
        return rf"(?:^|;)\s*{COOKIE}=({self.alternation})\s*(?:;|$)"

    def search_urls(self) -> tuple[str, ...]:
        """Each language's search page folder, "/conf/es/search/"."""
        return tuple(self.url(f"{language}/{SEARCH}/") for language in self.languages)

    @property
    def static_url(self) -> str:
        return self.url(f"{STATIC_DIR}/")


def hosting_of(config: SiteConfig) -> Hosting:
    return Hosting(
        languages=tuple(config.languages),
        default_language=config.default_language,
        base_url=config.base_url,
        policy=header_policy(),
        search_policy=header_policy(search=True),
    )


def robots_note(hosting: Hosting) -> str | None:
    """For a site under a sub-path, what the domain's own robots.txt must say; None at the domain's root."""
    if not hosting.is_sub_path:
        return None
    return f"Sitemap: {hosting.base_url}sitemap.xml"


# Names that are never served (RFC 2606, RFC 6761): a base_url on one is a placeholder still to be set.
RESERVED_TOP_LEVEL = ("example", "test", "invalid", "localhost")
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")


def placeholder_note(hosting: Hosting) -> str | None:
    """For a base_url on a reserved domain, what to do before publishing; None for a real address."""
    host = hosting.host.lower().rstrip(".")
    reserved = host.rsplit(".", 1)[-1] in RESERVED_TOP_LEVEL or any(host == name or host.endswith("." + name) for name in RESERVED_DOMAINS)
    if not reserved:
        return None
    return (
        f"base_url {hosting.base_url} is a placeholder ({host} is a reserved name, never served): set base_url in site.toml "
        f"to the address the site will be published at; canonical links, the sitemap, feeds and calendars are made from it"
    )
