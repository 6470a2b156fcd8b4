"""Where each page goes: output paths, and the links between them.

Every page is written as ``<language>/<section slugs>/<slug>/index.html``;
the links inside the site are relative, so that the site works from any folder
of any host, while canonical and alternate links use the configured base URL.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from .content import HOME_KEY, Content, Page
from .problems import Problem


@dataclass(frozen=True)
class Routes:
    """The output path of every page, by (language, translation key)."""

    paths: dict[tuple[str, str], str]

    def path_of(self, language: str, key: str) -> str | None:
        return self.paths.get((language, key))


def plan_routes(content: Content) -> tuple[Routes, list[Problem]]:
    """Give every page its output path; report two pages that would share one."""
    paths: dict[tuple[str, str], str] = {}
    owners: dict[str, Page] = {}
    problems: list[Problem] = []
    for language, pages in content.pages.items():
        for key, page in sorted(pages.items()):
            path = output_path(page, pages)
            if path in owners:
                other = owners[path]
                problems.append(
                    Problem(page.source, page.line_of("slug"), f"has the same URL '{path}' as {other.source}: give one of them another slug")
                )
                continue
            owners[path] = page
            paths[(language, key)] = path
    return Routes(paths), problems


def output_path(page: Page, pages: dict[str, Page]) -> str:
    """The file a page is written to, relative to the output folder.

    A section's folder takes the slug of the section's own index page in that
    language, so a translator can localise the URL of the whole section.
    """
    parts = page.key.split("/")
    folders = []
    for depth in range(1, len(parts)):
        section_key = "/".join(parts[:depth] + [HOME_KEY])
        section_page = pages.get(section_key)
        folders.append(section_page.slug if section_page else parts[depth - 1])
    if parts[-1] != HOME_KEY:
        folders.append(page.slug)
    return posixpath.join(page.language, *folders, "index.html")


def relative_url(from_file: str, to_file: str, *, explicit_index: bool = False) -> str:
    """The link from one output file to another, both relative to the output folder.

    ``explicit_index`` keeps "index.html" in the link, for copies of the site
    opened straight from disk, where a browser does not look for index.html.
    """
    target = to_file
    fragment = ""
    if "#" in target:
        target, fragment = target.split("#", 1)
        fragment = "#" + fragment
    if not explicit_index and posixpath.basename(target) == "index.html":
        target = posixpath.dirname(target)
        link = posixpath.relpath(target or ".", posixpath.dirname(from_file) or ".")
        link = "./" if link == "." else link + "/"
    else:
        link = posixpath.relpath(target, posixpath.dirname(from_file) or ".")
    return link + fragment


def absolute_url(base_url: str, file: str) -> str:
    """The public address of an output file, with a directory's index.html left off."""
    if posixpath.basename(file) == "index.html":
        file = posixpath.dirname(file)
        file = file + "/" if file else ""
    return base_url + file
