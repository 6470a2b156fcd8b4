"""Load a site and render it, without writing: the steps every command shares.

config → content, catalogs → freshness, routes → rendered files. Nothing is
written here; pipeline.py writes, check.py checks, status uses the loaded site.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from babel.messages.catalog import Catalog

from .assets import load_static_files
from .catalogs import catalog_path, compile_translations, load_catalogs
from .config import CONFIG_NAME, SiteConfig, load_config
from .content import Content, load_content
from .data import load_participation
from .dates import Phase, build_date, event_phase
from .freshness import Freshness, assess, with_fallbacks
from .incremental import Manifest, MarkdownCache, PageCache
from .messages import stale_catalog_warnings
from .pages import OutputFile, SiteRenderer
from .problems import Problem, stop_if_errors
from .progress import SILENT, Progress
from .site_files import render_site_files
from .status import StatusReport, make_report
from .templates import CompiledTemplates, check_templates
from .urls import plan_routes


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


def load_site(
    site_dir: Path, *, strict: bool = False, more_checks=None, page_cache: PageCache | None = None, compiled_templates: CompiledTemplates | None = None
) -> LoadedSite:
    """Read and check every input; raise BuildFailed with every error found.

    With ``strict``, warnings (a stale catalog, say) are errors too.
    ``more_checks(config, content)`` may add the problems of other inputs, so
    that all of them are reported in one run.
    """
    config = load_config(site_dir)
    content, problems = load_content(site_dir, config, page_cache)
    catalogs, catalog_problems = load_catalogs(site_dir, config)
    problems += catalog_problems
    problems += stale_catalog_warnings(site_dir, config, catalogs)
    problems += check_templates(site_dir, compiled_templates)
    if more_checks is not None:
        problems += more_checks(config, content)
    stop_if_errors(problems, strict)
    return LoadedSite(config, content, catalogs, assess(content, config), [p for p in problems if p.is_warning])


@dataclass(frozen=True)
class RenderedSite:
    site: LoadedSite
    files: list[OutputFile]
    warnings: list[Problem]
    languages: int
    signatures: dict[str, str]  # page path → signature, for the next build
    page_records: dict[str, dict]  # what the next build needs of each body
    new_bodies: dict[str, str]  # body hash → HTML of the bodies rendered in this build, for the Markdown cache
    phase: Phase  # the event's phase on the build date: the output holds while it does


def render_site(
    site_dir: Path,
    *,
    strict: bool = False,
    offline: bool = False,
    previous: Manifest | None = None,
    progress: Progress = SILENT,
    jobs: int = 1,
    markdown_cache: MarkdownCache | None = None,
    page_cache: PageCache | None = None,
    compiled_templates: CompiledTemplates | None = None,
    on_page: Callable[[OutputFile], None] | None = None,
    today: datetime.date | None = None,
) -> RenderedSite:
    """Load and render the site in site_dir without writing anything.

    With ``previous``, pages whose inputs are unchanged come back with no
    content, to be kept as they are. ``today`` is the build date (default:
    dates.build_date()): pages word the conference's dates for it. Raises
    BuildFailed with every error found.
    """
    today = today or build_date()
    loaded: dict = {}

    def load_the_rest(config: SiteConfig, content: Content) -> list[Problem]:
        loaded["content"] = with_fallbacks(content, config)
        loaded["static"], static_problems = load_static_files(site_dir)
        loaded["participation"], data_problems = load_participation(site_dir, config)
        loaded["routes"], route_problems = plan_routes(loaded["content"])
        return static_problems + data_problems + route_problems

    compiled_templates = compiled_templates or CompiledTemplates()
    site = load_site(site_dir, strict=strict, more_checks=load_the_rest, page_cache=page_cache, compiled_templates=compiled_templates)
    phase = event_phase(site.config.conference.start, site.config.conference.end, today)
    problems = list(site.warnings)
    content, static, participation, routes = loaded["content"], loaded["static"], loaded["participation"], loaded["routes"]
    pages = sum(len(by_key) for by_key in site.content.pages.values())
    progress.stage(f"read {pages} pages and {sum(1 for c in site.catalogs.values() if c)} catalogs in {len(site.config.languages)} languages")

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
        previous=previous,
        input_hashes=_hash_files(site_dir, [CONFIG_NAME, *(catalog_path(code) for code in site.config.languages)]),
        markdown_cache=markdown_cache,
        compiled_templates=compiled_templates,
        phase=phase.name,
    )
    # A site in one language has no translations to report on.
    report = site.status_report() if len(site.config.languages) > 1 else None
    files = renderer.render_all(report, progress, jobs=jobs, on_page=on_page)
    problems += renderer.problems
    stop_if_errors(problems, strict)
    files += render_site_files(renderer)
    files += [OutputFile(name, path.read_bytes(), (path.relative_to(site_dir).as_posix(),)) for name, path in sorted(content.files.items())]
    html = [file for file in files if file.path.endswith(".html")]
    progress.stage(f"rendered {sum(1 for file in html if file.content is not None)} of {len(html)} pages; the rest are unchanged")
    warnings = [problem for problem in problems if problem.is_warning]
    return RenderedSite(site, files + static.files, warnings, len(site.config.languages), renderer.signatures, renderer.page_records(), renderer.new_bodies, phase)


def _hash_files(site_dir: Path, names: list[str]) -> dict[str, str]:
    hashes = {}
    for name in names:
        path = site_dir / name
        hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else ""
    return hashes
