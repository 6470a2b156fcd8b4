"""The build: load everything, check everything, render everything, then write.

Each step is a plain function of what the steps before it made:
config → content, catalogs → routes → rendered files → output folder.
Nothing is written until every input has been read and every page rendered.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .assets import load_static_files
from .catalogs import load_translations
from .config import load_config
from .content import load_content
from .pages import OutputFile, SiteRenderer
from .problems import Problem, stop_if_errors
from .templates import check_templates
from .urls import plan_routes
from .writer import write_site


@dataclass(frozen=True)
class BuildResult:
    """What a finished build did."""

    files: int
    pages: int
    languages: int
    warnings: list[Problem]
    seconds: float


def render_site(site_dir: Path) -> tuple[list[OutputFile], list[Problem], int]:
    """Load and render the site in site_dir without writing anything.

    Returns the files, the warnings, and the number of languages; raises
    BuildFailed with every error found.
    """
    config = load_config(site_dir)
    content, problems = load_content(site_dir, config)
    translations, catalog_problems = load_translations(site_dir, config)
    problems += catalog_problems
    problems += check_templates(site_dir)
    static_files, static_problems = load_static_files(site_dir)
    problems += static_problems
    routes, route_problems = plan_routes(content)
    problems += route_problems
    stop_if_errors(problems)

    renderer = SiteRenderer(site_dir, config, content, routes, translations)
    files = renderer.render_all()
    problems += renderer.problems
    stop_if_errors(problems)
    return files + static_files, problems, len(config.languages)


def build_site(site_dir: Path, out_dir: Path) -> BuildResult:
    """Build the site in site_dir into out_dir; raise BuildFailed and leave out_dir as it was on errors."""
    started = time.perf_counter()
    files, warnings, languages = render_site(site_dir)
    write_site(files, out_dir)
    pages = sum(1 for file in files if file.path.endswith(".html"))
    return BuildResult(len(files), pages, languages, warnings, time.perf_counter() - started)
