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

# Each language's search page, <language>/search/: Pagefind's search runs as
# WebAssembly, which a browser compiles only where script-src allows
# 'wasm-unsafe-eval'. That source lets the page compile WebAssembly, nothing
# more (no eval of JavaScript), so it is given to that page alone.
SEARCH_FOLDER = "search"
WASM = "'wasm-unsafe-eval'"


def is_search_page(path: str) -> bool:
    """Whether an output path ("es/search/index.html", "es/search/") is in a language's search page."""
    parts = path.strip("/").split("/")
    return len(parts) >= 2 and parts[1] == SEARCH_FOLDER


def directives(path: str) -> tuple[tuple[str, str], ...]:
    """The policy's directives for the file at ``path`` (relative to the output folder)."""
    if not is_search_page(path):
        return POLICY
    return tuple((name, f"{value} {WASM}" if name == "script-src" else value) for name, value in POLICY)


def meta_policy(path: str) -> str:
    """The value of the <meta http-equiv="Content-Security-Policy"> tag of the page at ``path``."""
    return _join(directives(path))


def header_policy(path: str) -> str:
    """The Content-Security-Policy header for ``path``: the meta tag's policy and the header-only directives."""
    return _join(directives(path) + HEADER_ONLY)


def search_header_policy() -> str:
    """The header for every language's search page."""
    return header_policy(f"xx/{SEARCH_FOLDER}/index.html")


def _join(pairs: tuple[tuple[str, str], ...]) -> str:
    return "; ".join(f"{name} {value}" for name, value in pairs)
