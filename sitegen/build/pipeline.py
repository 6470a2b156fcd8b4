"""The build: render what changed, then write it all at once.

A build whose inputs are all as the last build left them stops here, before
the rendering machinery is even imported: that is most of a no-change build's
time. Otherwise render.py loads and renders, and writer.py swaps the new site
in whole.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sitegen.build.lock import build_lock
from sitegen.core.dates import build_date
from sitegen.core.files import OutputFile, scan_files
from sitegen.core.folders import OutputRefused, refuse_output
from sitegen.core.incremental import (
    CACHE_DIR,
    Manifest,
    MarkdownCache,
    PageCache,
    fingerprint_inputs,
    forget_other_generators,
    generator_fingerprint,
    input_stats,
    load_manifest,
    manifest_path,
    outputs_intact,
    record_outputs,
    save_manifest,
    standby_path,
    summary_stat,
    unchanged_since_last_build,
)
from sitegen.core.problems import Problem, stop_if_errors
from sitegen.core.progress import SILENT, Progress
from sitegen.model.routes import SEARCH_INDEX, SEARCH_INDEX_ENTRY

if TYPE_CHECKING:
    from sitegen.build.render import RenderedSite
    from sitegen.build.untouched import Outline
    from sitegen.build.writer import WriteReport
    from sitegen.model.site import BuildContext, Site


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


class Resident:
    """What a process that builds again and again (the preview server) keeps between its builds.

    The caches stay in memory instead of being read back from disk, and the
    last manifest stays as an object. Every build is still the same build, on
    the same path as the command line's, and writes the same caches: only
    the reading back is saved.
    """

    def __init__(self) -> None:
        self.generator = generator_fingerprint()
        self.caches: dict[str, object] = {}
        self.manifest: Manifest | None = None
        self.manifest_stat: tuple[int, int] | None = None  # (size, mtime_ns) of the summary this process wrote with it
        self.outline: Outline | None = None  # what the last build's pages show of each other (untouched.py)
        self.context: BuildContext | None = None  # the last build's model, for the quick path (quick.py)

    def cache(self, name: str, make: Callable[[], T]) -> T:
        if name not in self.caches:
            self.caches[name] = make()
        return self.caches[name]  # type: ignore[return-value]  # what make() gave for this name


T = TypeVar("T")


def build_site(
    site_dir: Path,
    out_dir: Path,
    *,
    strict: bool = False,
    offline: bool = False,
    clean: bool = False,
    progress: Progress = SILENT,
    jobs: int = 1,
    resident: Resident | None = None,
    on_swapped: Callable[[bool], None] | None = None,
) -> BuildResult:
    """Build the site in site_dir into out_dir; raise BuildFailed and leave out_dir as it was on errors.

    Only what changed since the last build into out_dir is rendered and
    written, unless ``clean``. ``offline`` makes a copy to open from disk
    (links name index.html), packed as out_dir.zip too. ``resident`` keeps
    what a long-running process needs not read again; ``on_swapped`` is
    called as soon as the new site is in place, before the caches are saved,
    with whether any file changed.
    """
    if not (site_dir.is_absolute() and out_dir.is_absolute()):
        raise ValueError(f"build_site takes absolute paths (folders.absolute), not {site_dir} and {out_dir}")
    refused = refuse_output(site_dir, out_dir)
    if refused:
        raise OutputRefused(refused)
    with build_lock(site_dir, out_dir, progress.notice):
        return _build_locked(
            site_dir, out_dir, strict=strict, offline=offline, clean=clean, progress=progress, jobs=jobs, resident=resident, on_swapped=on_swapped
        )


def _build_locked(
    site_dir: Path,
    out_dir: Path,
    *,
    strict: bool,
    offline: bool,
    clean: bool,
    progress: Progress,
    jobs: int,
    resident: Resident | None,
    on_swapped: Callable[[bool], None] | None,
) -> BuildResult:
    started = time.perf_counter()
    generator, options = resident.generator if resident else generator_fingerprint(), "offline" if offline else "online"
    stats = input_stats(site_dir)
    inputs = fingerprint_inputs(site_dir, stats)
    today = build_date()
    found = scan_files(out_dir)  # looked at once: to trust the last build's record, then to write
    # A preview without the model in memory yet reads it, even when nothing changed: its quick path renders from it.
    model_wanted = resident is not None and resident.context is None
    unchanged = None if clean or model_wanted else unchanged_since_last_build(site_dir, out_dir, generator, options, inputs, today, found)
    if unchanged is not None:
        # Not one input file has changed, nor the conference's phase: neither has the output.
        progress.stage("no input changed since the last build")
        warnings = [Problem(path, line, message, is_warning=True) for path, line, message in unchanged.warnings]
        stop_if_errors(warnings, strict)
        return BuildResult(unchanged.files, unchanged.pages, 0, unchanged.files, unchanged.languages, warnings, time.perf_counter() - started)
    previous = None if clean else _previous_manifest(site_dir, out_dir, generator, options, found, resident)
    progress.stage("full build" if previous is None else "incremental build")
    from sitegen.build.render import render_site  # Jinja2, Babel, Markdown and Pillow: needed only from here on
    from sitegen.build.untouched import outline, save_outline
    from sitegen.build.writer import SiteWriter, write_zip
    from sitegen.inputs.images import ImageCache
    from sitegen.templating.templates import CompiledTemplates
    from sitegen.views.pages import SEARCH_TEMPLATE

    kept = resident.cache if resident else lambda name, make: make()  # a command-line build keeps nothing
    markdown_cache = kept("markdown", lambda: MarkdownCache(site_dir, generator))
    forget_other_generators(site_dir, generator)
    if clean:
        markdown_cache.clear()  # --clean renders everything afresh (and fills the cache again)
    page_cache = kept("pages", lambda: PageCache(site_dir, generator)) if not clean else None
    compiled_templates = kept("templates", lambda: CompiledTemplates(site_dir / CACHE_DIR / f"templates-{generator}"))
    image_cache = kept("images", lambda: ImageCache(site_dir, generator))
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
            open_for_workers=writer.open_for_workers,
            today=today,
            untouched=_untouched(site_dir, out_dir, generator, resident, previous, stats),
        )
        # Only for a site with search pages; a copy opened from disk cannot fetch an index: its search pages list the pages instead.
        searched = not offline and rendered.site.has_template(SEARCH_TEMPLATE)
        # The preview puts the changed pages in place with the last index and reloads the tabs; the index follows (below).
        index_later = searched and resident is not None and on_swapped is not None and _has_index(found)
        if index_later:
            index: list[OutputFile] = [OutputFile(path, None) for path in found if path.startswith(f"{SEARCH_INDEX}/")]
        elif searched:
            index = _index(rendered, out_dir, site_dir, writer.staging)
        else:
            index = []
        rendered = dataclasses.replace(rendered, files=[*rendered.files, *index])
        for file in rendered.files:
            writer.add(file)
        report = writer.commit()
    if on_swapped is not None:
        on_swapped(report.written > 0 or report.found.keys() != found.keys())
    progress.stage(f"wrote {report.written} files, kept {report.unchanged}")
    if index_later:
        rendered, report = _index_after_swap(rendered, out_dir, site_dir, report, progress)
    if offline:
        write_zip(_with_content(rendered.files, out_dir), out_dir.with_name(out_dir.name + ".zip"), folder=out_dir.name)
    manifest = _manifest(rendered, report.found, generator, options, inputs)
    save_manifest(site_dir, out_dir, manifest)
    kept_outline = outline(rendered.site, stats)
    if resident is not None:
        resident.manifest, resident.manifest_stat, resident.outline = manifest, summary_stat(site_dir, out_dir), kept_outline
        resident.context = rendered.context
    else:
        save_outline(_outline_path(site_dir, out_dir), generator, kept_outline)
    markdown_cache.save(rendered.new_bodies, keep={record["body"] for record in rendered.page_records.values()})
    image_cache.keep_only({facts.digest for facts in rendered.site.images.values()})
    if page_cache:
        page_cache.save()
    pages = sum(1 for file in rendered.files if file.path.endswith(".html"))
    return BuildResult(len(rendered.files), pages, report.written, report.unchanged, rendered.languages, rendered.warnings, time.perf_counter() - started)


def quick_build(site_dir: Path, resident: Resident, changed: list[str]) -> dict[str, bytes]:
    """The preview's quick path (quick.py): the pages these changed inputs alone make anew, by output path; {} where it does not apply."""
    from sitegen.build.quick import quick_pages

    if resident.context is None:
        return {}
    return {page.path: page.content for page in quick_pages(resident.context, site_dir, changed) or ()}


def _has_index(found: dict[str, os.stat_result]) -> bool:
    return f"{SEARCH_INDEX}/{SEARCH_INDEX_ENTRY}" in found


def _index(rendered: RenderedSite, out_dir: Path, site_dir: Path, staging: Path | None) -> list[OutputFile]:
    from sitegen.outputs.search_index import index_site

    return index_site(
        [file for file in rendered.files if not file.path.startswith(f"{SEARCH_INDEX}/")], out_dir, site_dir / CACHE_DIR, rendered.signatures, staging
    )


def _index_after_swap(rendered: RenderedSite, out_dir: Path, site_dir: Path, report: WriteReport, progress: Progress) -> tuple[RenderedSite, WriteReport]:
    """The search index of the site now in place, put in with a second swap if it changed.

    Meanwhile a search answers from the last index, which the new site kept.
    """
    from sitegen.build.writer import SiteWriter

    index = _index(rendered, out_dir, site_dir, out_dir)
    pages = [file for file in rendered.files if not file.path.startswith(f"{SEARCH_INDEX}/")]
    rendered = dataclasses.replace(rendered, files=[*pages, *index])
    if {file.path for file in index} == {file.path for file in rendered.files if file.path.startswith(f"{SEARCH_INDEX}/")} and all(
        file.content is None or _same_bytes(out_dir / file.path, file.content) for file in index
    ):
        return rendered, report
    with SiteWriter(out_dir, progress, report.found, standby_path(site_dir, out_dir)) as writer:
        for file in pages:
            writer.add(OutputFile(file.path, None))  # in place since the first swap
        for file in index:
            writer.add(file)
        second = writer.commit()
    progress.stage(f"then the search index: wrote {second.written} files")
    return rendered, dataclasses.replace(second, written=report.written + second.written)


def _same_bytes(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def _untouched(
    site_dir: Path, out_dir: Path, generator: str, resident: Resident | None, previous: Manifest | None, stats: dict[str, tuple[int, int]]
) -> Callable[[Site], frozenset[str] | None] | None:
    """What untouched.py can tell of the new model against the last build's outline, given the input files now."""
    from sitegen.build.untouched import load_outline, untouched_pages

    if previous is None:
        return None
    if resident is not None:
        before = resident.outline if previous is resident.manifest else None
    else:
        before = load_outline(_outline_path(site_dir, out_dir), generator)
        before = before if before is not None and fingerprint_inputs(site_dir, before.inputs) == previous.inputs else None  # the same build's
    if before is None:
        return None
    return lambda after: untouched_pages(before, after, stats)


def _outline_path(site_dir: Path, out_dir: Path) -> Path:
    return manifest_path(site_dir, out_dir).with_name(manifest_path(site_dir, out_dir).stem + ".outline.pickle")


def _previous_manifest(site_dir: Path, out_dir: Path, generator: str, options: str, found: dict, resident: Resident | None) -> Manifest | None:
    """The last build's manifest: the one this process wrote, while it is still the one on disk; else read back."""
    if resident is not None and resident.manifest is not None and resident.manifest_stat == summary_stat(site_dir, out_dir):
        return resident.manifest if outputs_intact(found, resident.manifest) and resident.manifest.options == options else None
    return load_manifest(site_dir, out_dir, generator, options, found)


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
