"""The site's Content-Security-Policy: one source for the pages' <meta> tag and every server's rules.

The pages carry no inline script or style, so the policy allows only the
site's own files. A page's <meta http-equiv> tag and the header a server
sends are made here from the same directives, so they cannot differ; the
header adds only what a <meta> tag cannot carry (``frame-ancestors``, which
browsers ignore there, with a console warning).
"""

from __future__ import annotations

# (directive, value), in the order written.
POLICY: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("form-action", "'none'"),
)

# Only a response header can forbid other sites to frame the pages.
HEADER_ONLY: tuple[tuple[str, str], ...] = (("frame-ancestors", "'none'"),)

# Each language's search page: Pagefind's search runs as WebAssembly, which a
# browser compiles only where script-src allows 'wasm-unsafe-eval'. That source
# lets the page compile WebAssembly, nothing more (no eval of JavaScript), so it
# is given to that page alone.
WASM = "'wasm-unsafe-eval'"


def directives(*, search: bool = False) -> tuple[tuple[str, str], ...]:
    """The policy's directives for a page; ``search`` for a search page."""
    if not search:
        return POLICY
    return tuple((name, f"{value} {WASM}" if name == "script-src" else value) for name, value in POLICY)


def meta_policy(*, search: bool = False) -> str:
    """The value of a page's <meta http-equiv="Content-Security-Policy"> tag."""
    return _join(directives(search=search))


def header_policy(*, search: bool = False) -> str:
    """The Content-Security-Policy header: the meta tag's policy and the header-only directives."""
    return _join(directives(search=search) + HEADER_ONLY)


def _join(pairs: tuple[tuple[str, str], ...]) -> str:
    return "; ".join(f"{name} {value}" for name, value in pairs)
