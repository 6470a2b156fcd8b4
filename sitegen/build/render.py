"""Load a site and render it, without writing: the steps every command shares.

model (config → content, catalogs → freshness, routes) → jobs of every
registered output kind → the scheduler → files. Nothing is written here;
pipeline.py writes, the check command checks, status reads the model.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.build.links import check_links
from sitegen.build.scheduler import run_jobs
from sitegen.core.dates import Phase, build_date
from sitegen.core.digest import forget_shared
from sitegen.core.files import OutputFile
from sitegen.core.incremental import Manifest, MarkdownCache, PageCache
from sitegen.core.problems import Problem, stop_if_errors
from sitegen.core.progress import SILENT, Progress
from sitegen.inputs.images import ImageCache
from sitegen.model.bodies import BodyOutcome, BodyStore, RecordedOutcome
from sitegen.model.site import BuildContext, Site, load_site
from sitegen.outputs import kinds  # noqa: F401  (importing the package registers every kind of output)
from sitegen.outputs.registry import FIRST, Job, Rendered, registered_kinds
from sitegen.templating.rendering import TemplateRenderer
from sitegen.templating.templates import CompiledTemplates


@dataclass(frozen=True)
class RenderedSite:
    site: Site
    files: list[OutputFile]
    warnings: list[Problem]
    languages: int
    signatures: dict[str, str]  # output path → signature, for the next build
    page_records: dict[str, dict[str, Any]]  # what the next build needs of each body
    new_bodies: dict[str, str]  # body hash → HTML of the bodies rendered in this build, for the Markdown cache
    phase: Phase  # the event's phase on the build date: the output holds while it does
    context: BuildContext | None = None  # the model and what the build learnt of it, for a resident preview's quick path


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
    image_cache: ImageCache | None = None,
    on_page: Callable[[OutputFile], None] | None = None,
    today: datetime.date | None = None,
    untouched: Callable[[Site], frozenset[str] | None] | None = None,
    open_for_workers: Callable[[], Path | None] | None = None,
) -> RenderedSite:
    """Load and render the site in site_dir without writing anything.

    With ``previous``, files whose inputs are unchanged come back with no
    content, to be kept as they are. ``today`` is the build date (default:
    dates.build_date()): pages word the conference's dates for it.
    ``untouched(site)`` names the content pages ("es/news/first") that need not be
    signed again (a resident preview, untouched.py). Raises BuildFailed with
    every error found.
    """
    today = today or build_date()
    compiled_templates = compiled_templates or CompiledTemplates()
    site, problems = load_site(site_dir, today=today, page_cache=page_cache, compiled_templates=compiled_templates, image_cache=image_cache, processes=jobs)
    stop_if_errors(problems, strict)
    assert site is not None
    pages = sum(len(by_key) for by_key in site.written.pages.values())
    progress.stage(f"read {pages} pages and {sum(1 for c in site.catalogs.values() if c)} catalogs in {len(site.config.languages)} languages")
    forget_shared()
    bodies = BodyStore(site.config.allow_raw_html, previous, markdown_cache)
    build = BuildContext(site, offline, previous, bodies, TemplateRenderer(site_dir, site.translations, compiled_templates, site.fallbacks), image_cache)
    build.templates.learn_all()
    keep = (untouched(site) if untouched and previous else None) or frozenset()
    bodies.untouched = keep
    results = _run_stages(build, jobs, progress, on_page, keep, open_for_workers)
    problems = list(site.warnings) + [problem for result in results for problem in result.problems]
    stop_if_errors(problems, strict)
    files = [result.file for result in results if result.file is not None]
    html = [file for file in files if file.path.endswith(".html")]
    untouched_pages, new_pages = len(keep), sum(1 for file in html if file.is_new)
    progress.stage(
        f"rendered {new_pages} pages"
        if new_pages == len(html)
        else f"rendered {new_pages} of {len(html)} pages; the rest are unchanged"
        + (f" ({untouched_pages} of them not even signed: only the texts of other pages changed)" if untouched_pages else "")
    )
    return RenderedSite(
        site=site,
        files=files,
        warnings=[problem for problem in problems if problem.is_warning],
        languages=len(site.config.languages),
        signatures={result.file.path: result.signature for result in results if result.file is not None},
        page_records=bodies.records(),
        new_bodies=bodies.new_bodies,
        phase=site.conference.phase,
        context=build,
    )


def _run_stages(
    build: BuildContext,
    processes: int,
    progress: Progress,
    on_page: Callable[[OutputFile], None] | None,
    untouched: frozenset[str],
    open_for_workers: Callable[[], Path | None] | None,
) -> list[Rendered]:
    """Every registered kind's jobs, stage by stage; the links are checked once the pages' bodies are known."""
    results: list[Rendered] = []
    stages = sorted({kind.stage for kind in registered_kinds()})
    made: dict[str, tuple[str, Job]] = {}  # output path → the kind and job that make it
    for stage in stages:
        jobs, clashes = [], []
        for kind in registered_kinds():
            if kind.stage != stage:
                continue
            for job in kind.plan(build):
                if job.path in made:  # the writer would keep one of the two files, and drop the other without a word
                    clashes.append(_clash(build.site, (kind.name, job), made[job.path]))
                else:
                    made[job.path] = (kind.name, job)
                jobs.append(job)
        if clashes:
            return [*results, Rendered(None, "", tuple(clashes))]
        done = run_jobs(
            jobs,
            build.previous,
            processes=processes,
            progress=progress,
            on_file=on_page,
            untouched=untouched,
            open_for_workers=open_for_workers,
            on_result=lambda result: _learnt(build.bodies, result),
            outgoing=lambda result: _sent(build.bodies, result),
        )
        results += done
        if stage == FIRST:
            results.append(Rendered(None, "", tuple(check_links(build.site, build.bodies))))
            if any(not problem.is_warning for result in results for problem in result.problems):
                return results  # feeds would hold the bodies of pages that failed
    return results


def _clash(site: Site, one: tuple[str, Job], other: tuple[str, Job]) -> Problem:
    """Two outputs of one path: named at the page whose address it is, where one is a content page."""
    (kind, job), (other_kind, other_job) = one, other
    path = job.path
    page_job, made_by = (job, other_kind) if job.key else (other_job, kind)
    if page_job.key:
        language, key = page_job.key.split("/", 1)
        page = site.content.pages[language][key]
        return Problem(page.source, page.line_of("slug"), f"its address {path} is the one of the {made_by} the site makes itself: give the page another slug")
    source = next(iter(job.sources), path)
    return Problem(source, None, f"the {kind} and the {other_kind} would both be written to {path}: rename one of them")


def _sent(bodies: BodyStore, result: Rendered) -> Rendered:
    """What a worker sends back of a result: a body's facts the last build recorded, by name only."""
    if not isinstance(result.facts, BodyOutcome):
        return result
    sent = bodies.by_record(result.facts)
    return result if sent is result.facts else dataclasses.replace(result, facts=sent)


def _learnt(bodies: BodyStore, result: Rendered) -> Rendered:
    """A result once its body's facts and HTML are learnt: without the HTML, which is the store's to keep."""
    if isinstance(result.facts, RecordedOutcome):
        result = dataclasses.replace(result, facts=bodies.recorded(result.facts))
    if not isinstance(result.facts, BodyOutcome):
        return result
    kept = bodies.learn(result.facts)
    if result.facts.new_html is None and kept is result.facts.facts:
        return result
    return dataclasses.replace(result, facts=dataclasses.replace(result.facts, facts=kept, new_html=None))
