"""Reading a built site as a visitor's browser would: parse pages, follow links."""

from __future__ import annotations

import hashlib
import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


class BuiltSite:
    """An output folder, its pages parsed with a real HTML parser."""

    def __init__(self, root: Path, base_url: str):
        self.root = root
        self.base_url = base_url

    def pages(self) -> list[str]:
        """Every HTML file, relative to the output folder."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def soup(self, page: str) -> BeautifulSoup:
        return _parse(self.root / page)

    def exists(self, page: str) -> bool:
        return (self.root / page).is_file()

    def follow(self, from_page: str, href: str) -> tuple[str, str] | None:
        """Where a link in from_page leads: (file, fragment), or None for an outside link.

        A link to a folder leads to its index.html, as on any static host.
        """
        url = urlsplit(href)
        if url.scheme or url.netloc:
            if not href.startswith(self.base_url):
                return None
            path = url.path[len(urlsplit(self.base_url).path) :]
        elif url.path == "":
            return from_page, unquote(url.fragment)
        elif url.path.startswith("/"):
            root = urlsplit(self.base_url).path
            assert url.path.startswith(root), f"{href} is outside the site's root {root}"
            path = unquote(url.path[len(root) :])
        else:
            path = posixpath.join(posixpath.dirname(from_page), unquote(url.path))
        if path == "" or path.endswith("/"):
            path += "index.html"
        return posixpath.normpath(path), unquote(url.fragment)

    def broken_links(self) -> tuple[list[str], int]:
        """Every internal link (href of a or link, src of img) that leads nowhere; and how many were followed.

        A link with hreflang must also lead to a page in that language.
        """
        broken, followed = [], 0
        for page in self.pages():
            for element in self.soup(page).find_all(["a", "link", "img"]):
                href = element.get("href") or element.get("src")
                target = self.follow(page, href) if href else None
                if target is None:
                    continue
                file, fragment = target
                followed += 1
                if not self.exists(file):
                    broken.append(f"{page}: {href} (no file {file})")
                elif fragment and fragment not in self.ids(file):
                    broken.append(f"{page}: {href} (no id {fragment!r} in {file})")
                elif element.get("hreflang", "x-default") != "x-default" and self.lang(file) != element["hreflang"]:
                    broken.append(f"{page}: {href} (not in {element['hreflang']})")
        return broken, followed

    def ids(self, page: str) -> set[str]:
        return {str(element["id"]) for element in self.soup(page).find_all(id=True)}

    def lang(self, page: str) -> str:
        return str(self.soup(page).html["lang"])


@cache
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def tree_digest(root: Path) -> str:
    """One hash over every file's path and bytes: equal digests, identical trees."""
    digest = hashlib.sha256()
    if not root.exists():
        return "missing"
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
