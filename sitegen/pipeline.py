"""The build: load everything, check everything, render everything, then write.

Each step is a plain function of what the steps before it made:
config → content, catalogs → freshness, routes → rendered files → output folder.
Nothing is written until every input has been read and every page rendered.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from .assets import load_static_files
from .catalogs import compile_translations, load_catalogs
from .config import SiteConfig, load_config
from .content import Content, load_content
from .data import load_participation
from .freshness import Freshness, assess, with_fallbacks
from .messages import stale_catalog_warnings
from .pages import OutputFile, SiteRenderer
from .problems import BuildFailed, Problem, stop_if_errors
from .site_files import render_site_files
from .status import StatusReport, make_report
from .templates import check_templates
from .urls import plan_routes
from .writer import write_site, write_zip


@dataclass(frozen=True)
class LoadedSite:
    """Everything read from a site folder, checked, before any rendering."""

    config: SiteConfig
    content: Content  # as written: translations that exist
    catalogs: dict[str, Catalog | None]
    freshness: Freshness
    warnings: list[Problem]

    def status_report(self) -> StatusReport:
        return make_report(self.config, self.content, self.freshness, self.catalogs)


@dataclass(frozen=True)
class BuildResult:
    """What a finished build did."""

    files: int
    pages: int
    languages: int
    warnings: list[Problem]
    seconds: float


def load_site(site_dir: Path, *, strict: bool = False) -> LoadedSite:
    """Read and check every input; raise BuildFailed with every error found.

    With ``strict``, warnings (a stale catalog, say) are errors too.
    """
    config = load_config(site_dir)
    content, problems = load_content(site_dir, config)
    catalogs, catalog_problems = load_catalogs(site_dir, config)
    problems += catalog_problems
    problems += stale_catalog_warnings(site_dir, config, catalogs)
    problems += check_templates(site_dir)
    _stop(problems, strict)
    return LoadedSite(config, content, catalogs, assess(content, config), [p for p in problems if p.is_warning])


def render_site(site_dir: Path, *, strict: bool = False, offline: bool = False) -> tuple[list[OutputFile], list[Problem], int]:
    """Load and render the site in site_dir without writing anything.

    Returns the files, the warnings, and the number of languages; raises
    BuildFailed with every error found.
    """
    site = load_site(site_dir, strict=strict)
    problems = list(site.warnings)
    content = with_fallbacks(site.content, site.config)
    static, static_problems = load_static_files(site_dir)
    problems += static_problems
    participation, data_problems = load_participation(site_dir, site.config)
    problems += data_problems
    routes, route_problems = plan_routes(content)
    problems += route_problems
    _stop(problems, strict)

    renderer = SiteRenderer(
        site_dir,
        site.config,
        content,
        routes,
        compile_translations(site.catalogs),
        site.freshness,
        static_paths=static.paths,
        participation=participation,
        offline=offline,
    )
    # A site in one language has no translations to report on.
    report = site.status_report() if len(site.config.languages) > 1 else None
    files = renderer.render_all(report)
    problems += renderer.problems
    _stop(problems, strict)
    files += render_site_files(renderer)
    return files + static.files, problems, len(site.config.languages)


def build_site(site_dir: Path, out_dir: Path, *, strict: bool = False, offline: bool = False) -> BuildResult:
    """Build the site in site_dir into out_dir; raise BuildFailed and leave out_dir as it was on errors.

    ``offline`` makes a copy to open from disk (links name index.html), and
    packs it as out_dir.zip too, to hand around on a USB stick.
    """
    started = time.perf_counter()
    files, warnings, languages = render_site(site_dir, strict=strict, offline=offline)
    write_site(files, out_dir)
    if offline:
        write_zip(files, out_dir.with_name(out_dir.name + ".zip"), folder=out_dir.name)
    pages = sum(1 for file in files if file.path.endswith(".html"))
    return BuildResult(len(files), pages, languages, warnings, time.perf_counter() - started)


def _stop(problems: list[Problem], strict: bool) -> None:
    if strict and any(problem.is_warning for problem in problems):
        raise BuildFailed([dataclasses.replace(problem, is_warning=False) for problem in problems])
    stop_if_errors(problems)
