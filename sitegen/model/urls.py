"""The links between output files (routes.py says where each file is).

The links inside the site are relative, so that the site works from any folder
of any host, while canonical and alternate links use the configured base URL.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass


def relative_url(from_file: str, to_file: str, *, explicit_index: bool = False) -> str:
    """The link from one output file to another, both relative to the output folder.

    ``explicit_index`` keeps "index.html" in the link, for copies of the site
    opened straight from disk, where a browser does not look for index.html.
    """
    return _relative_from_folder(from_file.rpartition("/")[0], to_file, explicit_index)


# A page links to some places twice (its home page, its own address): each link is made once.
@functools.lru_cache(maxsize=1 << 13)
def _relative_from_folder(from_folder: str, to_file: str, explicit_index: bool) -> str:
    target, _, fragment = to_file.partition("#")
    if not explicit_index and (target == "index.html" or target.endswith("/index.html")):
        target = target[: -len("index.html")]  # "es/caracter/": the folder
    from_parts = from_folder.split("/") if from_folder else []
    to_parts = target.split("/")
    common = 0
    while common < len(from_parts) and common < len(to_parts) - 1 and from_parts[common] == to_parts[common]:
        common += 1
    link = "../" * (len(from_parts) - common) + "/".join(to_parts[common:])
    return (link or "./") + (f"#{fragment}" if fragment else "")


@functools.lru_cache(maxsize=1 << 13)
def absolute_url(base_url: str, file: str) -> str:
    """The public address of an output file, with a directory's index.html left off."""
    if posixpath.basename(file) == "index.html":
        file = posixpath.dirname(file)
        file = file + "/" if file else ""
    return base_url + file


# How a page links to the rest of the site.
RELATIVE, ON_DISK, FROM_ROOT, ABSOLUTE = "relative", "on-disk", "from-root", "absolute"


@dataclass(frozen=True)
class Linker:
    """Makes the links of one output file, in one of four styles.

    relative   "../caracter/": works under any folder of any host (the default)
    on-disk    "../caracter/index.html": for a copy opened from disk (file://)
    from-root  "/es/caracter/": for pages served at any address, such as 404 pages
    absolute   "https://…/es/caracter/": for feeds and other files read elsewhere
    """

    from_file: str
    base_url: str
    style: str = RELATIVE

    def __call__(self, to_file: str) -> str:
        if self.style == RELATIVE:
            return relative_url(self.from_file, to_file)
        if self.style == ON_DISK:
            return relative_url(self.from_file, to_file, explicit_index=True)
        target, _, fragment = to_file.partition("#")
        url = absolute_url(self.base_url, target) + (f"#{fragment}" if fragment else "")
        if self.style == FROM_ROOT:
            return _path_of(self.base_url) + url[len(self.base_url) :]
        return url

    def to_file(self, to_file: str) -> str:
        """A link that names the file itself, even an index.html.

        For the language chooser: a server that sends "/" on to the visitor's
        language still serves "/index.html" as it is.
        """
        if self.style in (RELATIVE, ON_DISK):
            return relative_url(self.from_file, to_file, explicit_index=True)
        return _path_of(self.base_url) + to_file if self.style == FROM_ROOT else self.base_url + to_file

    def at(self, from_file: str) -> Linker:
        """The same style of links, from another file."""
        return Linker(from_file, self.base_url, self.style)


def _path_of(url: str) -> str:
    """The path part of an address: "https://example.org/site/" → "/site/"."""
    after_scheme = url.split("://", 1)[-1]
    slash = after_scheme.find("/")
    return after_scheme[slash:] if slash >= 0 else "/"
