"""The build: render what changed, then write it all at once.

A build whose inputs are all as the last build left them stops here, before
the rendering machinery is even imported: that is most of a no-change build's
time. Otherwise render.py loads and renders, and writer.py swaps the new site
in whole.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .dates import build_date
from .files import scan_files
from .incremental import (
    CACHE_DIR,
    Manifest,
    MarkdownCache,
    PageCache,
    fingerprint_inputs,
    forget_other_generators,
    generator_fingerprint,
    load_manifest,
    record_outputs,
    save_manifest,
    standby_path,
)
from .lock import build_lock
from .problems import Problem, stop_if_errors
from .progress import SILENT, Progress

if TYPE_CHECKING:
    from .outputs import OutputFile
    from .render import RenderedSite


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
    with build_lock(site_dir, out_dir, progress.notice):
        return _build_locked(site_dir, out_dir, strict=strict, offline=offline, clean=clean, progress=progress, jobs=jobs)


def _build_locked(site_dir: Path, out_dir: Path, *, strict: bool, offline: bool, clean: bool, progress: Progress, jobs: int) -> BuildResult:
    started = time.perf_counter()
    generator, options = generator_fingerprint(), "offline" if offline else "online"
    inputs = fingerprint_inputs(site_dir)
    today = build_date()
    found = scan_files(out_dir)  # looked at once: to trust the last build's record, then to write
    previous = None if clean else load_manifest(site_dir, out_dir, generator, options, found)
    if previous is not None and previous.inputs == inputs and previous.holds_on(today):
        # Not one input file has changed, nor the conference's phase: neither has the output.
        progress.stage("no input changed since the last build")
        warnings = [Problem(path, line, message, is_warning=True) for path, line, message in previous.warnings]
        stop_if_errors(warnings, strict)
        pages = sum(1 for path in previous.outputs if path.endswith(".html"))
        return BuildResult(len(previous.outputs), pages, 0, len(previous.outputs), previous.languages, warnings, time.perf_counter() - started)
    progress.stage("full build" if previous is None else "incremental build")
    from .images import ImageCache
    from .render import render_site  # Jinja2, Babel, Markdown and Pillow: needed only from here on
    from .templates import CompiledTemplates
    from .writer import SiteWriter, write_zip

    markdown_cache = MarkdownCache(site_dir, generator)
    forget_other_generators(site_dir, generator)
    if clean:
        markdown_cache.clear()  # --clean renders everything afresh (and fills the cache again)
    page_cache = PageCache(site_dir, generator) if not clean else None
    compiled_templates = CompiledTemplates(site_dir / CACHE_DIR / f"templates-{generator}")
    image_cache = ImageCache(site_dir, generator)
    with SiteWriter(out_dir, progress, found, standby_path(site_dir, out_dir)) as writer:
        # The writer puts pages in place as they are rendered, out of sight until commit().
        rendered = render_site(
            site_dir,
            strict=strict,
            offline=offline,
            previous=previous,
            progress=progress,
            jobs=jobs,
            markdown_cache=markdown_cache,
            page_cache=page_cache,
            compiled_templates=compiled_templates,
            image_cache=image_cache,
            on_page=writer.add,
            today=today,
        )
        if not offline:  # a copy opened from disk cannot fetch an index: its search pages list the pages instead
            from .search_index import index_site

            rendered = dataclasses.replace(rendered, files=[*rendered.files, *index_site(rendered.files, out_dir, site_dir / CACHE_DIR, rendered.signatures)])
        for file in rendered.files:
            writer.add(file)
        report = writer.commit()
    progress.stage(f"wrote {report.written} files, kept {report.unchanged}")
    if offline:
        write_zip(_with_content(rendered.files, out_dir), out_dir.with_name(out_dir.name + ".zip"), folder=out_dir.name)
    save_manifest(site_dir, out_dir, _manifest(rendered, report.found, generator, options, inputs))
    markdown_cache.save(rendered.new_bodies, keep={record["body"] for record in rendered.page_records.values()})
    image_cache.keep_only({facts.digest for facts in rendered.site.images.values()})
    if page_cache:
        page_cache.save()
    pages = sum(1 for file in rendered.files if file.path.endswith(".html"))
    return BuildResult(len(rendered.files), pages, report.written, report.unchanged, rendered.languages, rendered.warnings, time.perf_counter() - started)


def _manifest(rendered: RenderedSite, found: dict, generator: str, options: str, inputs: str) -> Manifest:
    """What the next build needs to know of this one."""
    signatures = {file.path: rendered.signatures.get(file.path, "") for file in rendered.files}
    return Manifest(
        generator=generator,
        options=options,
        inputs=inputs,
        languages=rendered.languages,
        outputs=record_outputs(found, signatures, {file.path: file.sources for file in rendered.files}),
        pages=rendered.page_records,
        warnings=[[p.path, p.line, p.message] for p in rendered.warnings],
        holds=[day.isoformat() if day else "" for day in (rendered.phase.first, rendered.phase.last)],
    )


def _with_content(files: list[OutputFile], out_dir: Path) -> list[OutputFile]:
    """The files with the bytes of those kept from the last build read back from out_dir."""
    return [file if file.content is not None else dataclasses.replace(file, content=(out_dir / file.path).read_bytes()) for file in files]
