"""The build: load everything, check everything, render everything, then write.

Each step is a plain function of what the steps before it made:
config → content, catalogs → freshness, routes → rendered files → output folder.
Nothing is written until every input has been read and every page rendered.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from .assets import load_static_files
from .catalogs import catalog_path, compile_translations, load_catalogs
from .config import CONFIG_NAME, SiteConfig, load_config
from .content import Content, load_content
from .data import load_participation
from .freshness import Freshness, assess, with_fallbacks
from .incremental import Manifest, fingerprint_inputs, generator_fingerprint, load_manifest, record_outputs, save_manifest
from .messages import stale_catalog_warnings
from .pages import OutputFile, SiteRenderer
from .problems import BuildFailed, Problem, stop_if_errors
from .progress import SILENT, Progress
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
    written: int  # files whose bytes changed
    unchanged: int  # files kept as they were
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


@dataclass(frozen=True)
class RenderedSite:
    site: LoadedSite
    files: list[OutputFile]
    warnings: list[Problem]
    languages: int
    signatures: dict[str, str]  # page path → signature, for the next build
    page_records: dict[str, dict]  # what the next build needs of each body


def render_site(
    site_dir: Path,
    *,
    strict: bool = False,
    offline: bool = False,
    previous: Manifest | None = None,
    progress: Progress = SILENT,
    jobs: int = 1,
) -> RenderedSite:
    """Load and render the site in site_dir without writing anything.

    With ``previous``, pages whose inputs are unchanged come back with no
    content, to be kept as they are. Raises BuildFailed with every error found.
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
    )
    # A site in one language has no translations to report on.
    report = site.status_report() if len(site.config.languages) > 1 else None
    files = renderer.render_all(report, progress, jobs=jobs)
    problems += renderer.problems
    _stop(problems, strict)
    files += render_site_files(renderer)
    html = [file for file in files if file.path.endswith(".html")]
    progress.stage(f"rendered {sum(1 for file in html if file.content is not None)} of {len(html)} pages; the rest are unchanged")
    warnings = [problem for problem in problems if problem.is_warning]
    return RenderedSite(site, files + static.files, warnings, len(site.config.languages), renderer.signatures, renderer.page_records())


def build_site(
    site_dir: Path,
    out_dir: Path,
    *,
    strict: bool = False,
    offline: bool = False,
    clean: bool = False,
    progress: Progress = SILENT,
    jobs: int = 1,
) -> BuildResult:
    """Build the site in site_dir into out_dir; raise BuildFailed and leave out_dir as it was on errors.

    Only what changed since the last build into out_dir is rendered and
    written, unless ``clean``. ``offline`` makes a copy to open from disk
    (links name index.html), packed as out_dir.zip too.
    """
    started = time.perf_counter()
    generator, options = generator_fingerprint(), "offline" if offline else "online"
    inputs = fingerprint_inputs(site_dir)
    previous = None if clean else load_manifest(site_dir, out_dir, generator, options)
    if previous is not None and previous.inputs == inputs:
        # Not one input file has changed: neither has the output.
        progress.stage("no input changed since the last build")
        warnings = [Problem(path, line, message, is_warning=True) for path, line, message in previous.warnings]
        _stop(warnings, strict)
        pages = sum(1 for path in previous.outputs if path.endswith(".html"))
        return BuildResult(len(previous.outputs), pages, 0, len(previous.outputs), previous.languages, warnings, time.perf_counter() - started)
    progress.stage("full build" if previous is None else "incremental build")
    rendered = render_site(site_dir, strict=strict, offline=offline, previous=previous, progress=progress, jobs=jobs)
    report = write_site(rendered.files, out_dir, progress)
    progress.stage(f"wrote {report.written} files, kept {report.unchanged}")
    if offline:
        write_zip(_with_content(rendered.files, out_dir), out_dir.with_name(out_dir.name + ".zip"), folder=out_dir.name)
    signatures = {file.path: rendered.signatures.get(file.path, "") for file in rendered.files}
    manifest = Manifest(
        generator=generator,
        options=options,
        inputs=inputs,
        languages=rendered.languages,
        outputs=record_outputs(out_dir, signatures, {file.path: file.sources for file in rendered.files}),
        pages=rendered.page_records,
        warnings=[[p.path, p.line, p.message] for p in rendered.warnings],
    )
    save_manifest(site_dir, out_dir, manifest)
    pages = sum(1 for file in rendered.files if file.path.endswith(".html"))
    return BuildResult(len(rendered.files), pages, report.written, report.unchanged, rendered.languages, rendered.warnings, time.perf_counter() - started)


def _with_content(files: list[OutputFile], out_dir: Path) -> list[OutputFile]:
    """The files with the bytes of those kept from the last build read back from out_dir."""
    return [file if file.content is not None else dataclasses.replace(file, content=(out_dir / file.path).read_bytes()) for file in files]


def _hash_files(site_dir: Path, names: list[str]) -> dict[str, str]:
    hashes = {}
    for name in names:
        path = site_dir / name
        hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else ""
    return hashes


def _stop(problems: list[Problem], strict: bool) -> None:
    if strict and any(problem.is_warning for problem in problems):
        raise BuildFailed([dataclasses.replace(problem, is_warning=False) for problem in problems])
    stop_if_errors(problems)
