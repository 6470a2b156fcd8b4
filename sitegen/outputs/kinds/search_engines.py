"""sitemap.xml of every real translation with its alternates (an index of sitemap files, past the protocol's limits), and robots.txt.

Not in a copy opened from disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sitegen.formats.sitemap import render_robots, render_sitemap, render_sitemap_index, split_sitemap
from sitegen.inputs.content import HOME_KEY
from sitegen.model.routes import ROBOTS, SITEMAP
from sitegen.model.site import BuildContext
from sitegen.outputs.hosting import hosting_of
from sitegen.outputs.kinds.templated import view_job
from sitegen.outputs.registry import Job, output_kind


@dataclass(frozen=True)
class SitemapView:
    groups: tuple[tuple[tuple[tuple[str, str], ...], str], ...]  # ((hreflang, URL) of each translation, x-default URL) per page


@dataclass(frozen=True)
class SitemapIndexView:
    sitemaps: tuple[str, ...]  # the URL of each sitemap file


@dataclass(frozen=True)
class RobotsView:
    sitemap_url: str
    domain_robots: str  # the robots.txt crawlers read, when the site is under a sub-path; "" at the domain's root


@output_kind("search engine files")
def plan_search_engine_files(build: BuildContext) -> Iterator[Job]:
    if build.offline:
        return
    site = build.site
    absolute = build.linker(SITEMAP, "absolute")
    default = site.config.default_language
    groups = []
    for key in sorted(site.content.pages[default]):
        versions = tuple((site.languages[code].tag, absolute(path)) for code, path in site.translated_versions(key))
        x_default = site.config.base_url if key == HOME_KEY else absolute(site.routes.path_of(default, key) or "")
        groups.append((versions, x_default))
    parts = split_sitemap(groups)
    if len(parts) == 1:
        yield view_job(SITEMAP, SitemapView(tuple(groups)), write_sitemap)
    else:
        names = [SITEMAP.replace(".xml", f"-{number}.xml") for number in range(1, len(parts) + 1)]
        for name, part in zip(names, parts, strict=True):
            yield view_job(name, SitemapView(tuple(part)), write_sitemap)
        yield view_job(SITEMAP, SitemapIndexView(tuple(absolute(name) for name in names)), write_sitemap_index)
    hosting = hosting_of(site.config)
    domain_robots = f"{hosting.root_url}{ROBOTS}" if hosting.is_sub_path else ""
    yield view_job(ROBOTS, RobotsView(absolute(SITEMAP), domain_robots), write_robots)


def write_sitemap(view: SitemapView) -> bytes:
    return render_sitemap([(list(versions), x_default) for versions, x_default in view.groups])


def write_sitemap_index(view: SitemapIndexView) -> bytes:
    return render_sitemap_index(view.sitemaps)


def write_robots(view: RobotsView) -> bytes:
    return render_robots(view.sitemap_url, view.domain_robots)
