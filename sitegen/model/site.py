"""The site model: everything read from a site folder, checked and frozen, and its queries.

Read once per build (or kept by a resident preview): configuration, content
with fallbacks, routes, freshness, catalogs, static files and the conference.
Each question templates and output kinds ask of the site (a page's
translation state, its translated versions, the menu, a section's members)
is answered here, in one place.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from babel.messages.catalog import Catalog
from babel.support import NullTranslations

from sitegen.core.dates import event_phase
from sitegen.core.files import large_file_warning
from sitegen.core.incremental import Manifest, PageCache
from sitegen.core.problems import Problem
from sitegen.i18n.catalogs import catalog_path, compile_translations, load_catalogs
from sitegen.i18n.fallbacks import Fallbacks, language_fallbacks
from sitegen.i18n.freshness import MISSING, Freshness, assess, with_fallbacks
from sitegen.i18n.glossary import load_glossary, missing_terms
from sitegen.i18n.segment_pages import SegmentedPages, load_segment_pages
from sitegen.i18n.session_texts import load_session_texts
from sitegen.i18n.status import StatusReport, make_report
from sitegen.inputs.assets import StaticFiles, load_static_files
from sitegen.inputs.config import SiteConfig, load_config
from sitegen.inputs.content import CONTENT_DIR, HOME_KEY, Content, Page, load_content
from sitegen.inputs.documents import FILES_DIR as DOCUMENT_FILES
from sitegen.inputs.documents import Document, load_documents
from sitegen.inputs.galleries import GalleryPhoto, load_galleries
from sitegen.inputs.images import ImageCache, ImageFacts, load_images
from sitegen.inputs.interpretation import load_interpretation
from sitegen.inputs.languages import Language, collation_key, site_language
from sitegen.inputs.participation import load_participation
from sitegen.inputs.schedule import SCHEDULE, Schedule, load_schedule
from sitegen.model.bodies import BodyStore
from sitegen.model.conference import ConferenceModel
from sitegen.model.programme import required_templates
from sitegen.model.routes import Routes, plan_routes
from sitegen.model.schedule_changes import schedule_history
from sitegen.model.urls import ON_DISK, RELATIVE, Linker
from sitegen.templating.rendering import TemplateRenderer
from sitegen.templating.template_catalogs import stale_catalog_warnings
from sitegen.templating.templates import TEMPLATES_DIR, CompiledTemplates, check_templates

T = TypeVar("T")
SHARE_IMAGE = "share.png"  # in static/: the image of every page's link preview (og:image)


@dataclass(frozen=True, eq=False)
class Site:
    """A loaded site. Frozen: nothing changes it once it is read."""

    site_dir: Path
    config: SiteConfig
    written: Content  # the pages as written: translations that exist
    content: Content  # with a fallback for each missing translation
    routes: Routes
    images: dict[str, ImageFacts]  # the photographs among content.files, by the same names
    galleries: dict[str, tuple[GalleryPhoto, ...]]  # by the key of the page that shows them
    freshness: Freshness
    catalogs: dict[str, Catalog | None]
    translations: dict[str, NullTranslations]
    catalog_digests: dict[str, str]  # language → hash of its catalog file ('' without one)
    static: StaticFiles
    conference: ConferenceModel
    warnings: tuple[Problem, ...]
    segments: SegmentedPages  # the pages translated by segments, and how far each catalog has come
    glossary_gaps: dict[str, list[Problem]] = field(default_factory=dict)  # by language: translations without an agreed term (glossary.py)

    # --- languages and translations

    @functools.cached_property
    def languages(self) -> dict[str, Language]:
        return {code: site_language(code, self.config.default_language) for code in self.config.languages}

    def state(self, language: str, key: str) -> str:
        """source, current, outdated or missing; a page with no source page counts as current."""
        return self.freshness.states.get((language, key), "current")

    def versions(self, key: str) -> list[tuple[str, str | None]]:
        """(language, output path or None) of a page in every language, fallbacks included: what visitors are offered."""
        return self._versions[key]

    def translated_versions(self, key: str) -> list[tuple[str, str]]:
        """(language, output path) of every real translation of a page: fallbacks left out."""
        return self._translated_versions[key]

    @functools.cached_property
    def _versions(self) -> dict[str, list[tuple[str, str | None]]]:
        return {key: [(code, self.routes.path_of(code, key)) for code in self.config.languages] for key in self.content.keys()}  # noqa: SIM118 (Content.keys(), not a dict)

    @functools.cached_property
    def _translated_versions(self) -> dict[str, list[tuple[str, str]]]:
        return {key: [(code, path) for code, path in versions if path and self.state(code, key) != MISSING] for key, versions in self._versions.items()}

    def status_report(self) -> StatusReport:
        texts = self.conference.session_texts if self.conference.schedule else None
        programme = {language: text.counts for language, text in texts.items()} if texts is not None else None
        return make_report(self.config, self.written, self.freshness, self.catalogs, programme, self.segments.counts)

    # --- what pages list

    @functools.cached_property
    def menus(self) -> dict[str, tuple[Page, ...]]:
        """Each language's main menu: its pages with a menu position, in order."""
        return {
            language: tuple(sorted((p for p in pages.values() if p.menu is not None), key=lambda p: (p.menu, p.key)))
            for language, pages in self.content.pages.items()
        }

    @staticmethod
    def is_section_index(key: str) -> bool:
        return key.rpartition("/")[2] == HOME_KEY and key != HOME_KEY

    @functools.cached_property
    def sections(self) -> dict[tuple[str, str], tuple[Page, ...]]:
        """The pages of each section, by (language, section index key): by weight, then dated
        ones newest first, then undated ones (the documents give no date for them) by title."""
        members: dict[tuple[str, str], list[Page]] = {}
        for page in self.content.iter_pages():
            if page.section:
                members.setdefault((page.language, page.section), []).append(page)
        order = lambda p: (p.weight, p.date is None, -(p.date.toordinal() if p.date else 0), collation_key(p.title), p.key)
        return {where: tuple(sorted(pages, key=order)) for where, pages in members.items()}

    def section_members(self, page: Page) -> tuple[Page, ...]:
        return self.sections.get((page.language, page.key), ()) if self.is_section_index(page.key) else ()

    @functools.cached_property
    def feed_pages(self) -> dict[str, tuple[Page, ...]]:
        """Each language's pages with a date or an 'updated' date, most recently changed first."""
        return {
            language: tuple(sorted((p for p in pages.values() if p.feed_date and not p.is_fallback), key=lambda p: (p.feed_date, p.key), reverse=True))
            for language, pages in self.content.pages.items()
        }

    def has_feed(self, language: str) -> bool:
        return bool(self.feed_pages[language])

    def home(self, language: str) -> Page | None:
        return self.content.pages[language].get(HOME_KEY)

    @functools.cached_property
    def fallbacks(self) -> dict[str, Fallbacks | None]:
        """How each language's pages mark the interface strings its catalog does not translate."""
        source = self.languages[self.config.default_language]
        return {code: language_fallbacks(self.catalogs[code], source, language) for code, language in self.languages.items()}

    # --- the conference

    @property
    def has_programme(self) -> bool:
        return bool(self.conference.schedule and self.conference.schedule.sessions)

    # --- files

    def has_template(self, name: str) -> bool:
        """Whether the site's own templates/ holds this template (an optional page, such as search.html, is made only then)."""
        return name in self._template_names

    @functools.cached_property
    def _template_names(self) -> frozenset[str]:
        root = self.site_dir / TEMPLATES_DIR
        return frozenset(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()) if root.is_dir() else frozenset()

    @functools.cached_property
    def share_image_size(self) -> tuple[int, int] | None:
        """static/share.png's width and height, from its header (RFC 2083: IHDR comes first)."""
        data = self.static.contents.get(SHARE_IMAGE)
        if data is None:
            return None
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@dataclass(frozen=True, eq=False)
class BuildContext:
    """One build of a site: the model, and what this build brings to it."""

    site: Site
    offline: bool  # links name index.html, for a copy opened from disk
    previous: Manifest | None  # the last build's record: outputs signed as then are kept
    bodies: BodyStore
    templates: TemplateRenderer
    image_cache: ImageCache | None = None  # resized photographs made by earlier builds
    # Views shared by many files (a section's menu), made once: by what they depend on.
    memo: dict[tuple, object] = field(default_factory=dict)

    def shared(self, key: tuple, make: Callable[[], T]) -> T:
        """The view ``make()`` gives, made once for every file whose view it is: ``key`` says what it depends on."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]  # type: ignore[return-value]  # what make() gave for this key

    def linker(self, path: str, style: str | None = None) -> Linker:
        """The links of one output file, in the style this build uses."""
        return Linker(path, self.site.config.base_url, style or (ON_DISK if self.offline else RELATIVE))


def load_site(
    site_dir: Path,
    *,
    today: datetime.date,
    page_cache: PageCache | None = None,
    compiled_templates: CompiledTemplates | None = None,
    image_cache: ImageCache | None = None,
    processes: int = 1,
) -> tuple[Site | None, list[Problem]]:
    """Read and check every input; the site, or None, with every problem found (warnings too).

    The pages not in ``page_cache`` are parsed in ``processes`` processes when there are many.
    """
    config = load_config(site_dir)  # raises BuildFailed: nothing else can be read without it
    written, problems = load_content(site_dir, config, page_cache, processes)
    problems += _comment_warnings(written)
    segmented, segment_problems = load_segment_pages(site_dir, config, written)
    problems += segment_problems
    written = segmented.added_to(written, config.default_language)
    catalogs, catalog_problems = load_catalogs(site_dir, config, page_cache)
    problems += catalog_problems
    glossary, glossary_problems = load_glossary(site_dir, config)
    glossary_gaps = missing_terms(glossary, written.pages, catalogs) if glossary else {}
    problems += glossary_problems + [gap for gaps in glossary_gaps.values() for gap in gaps]
    problems += stale_catalog_warnings(site_dir, config, catalogs)
    problems += check_templates(site_dir, compiled_templates)
    content = with_fallbacks(written, config)
    static, static_problems = load_static_files(site_dir)
    participation, data_problems = load_participation(site_dir, config)
    schedule, schedule_problems = load_schedule(site_dir, config)
    history = schedule_history(schedule.earlier, schedule) if schedule else None
    interpretation, interpretation_problems = load_interpretation(site_dir, config, schedule)
    schedule_problems += interpretation_problems
    session_texts, text_problems = load_session_texts(site_dir, config, schedule)
    # A page whose file is there but has errors of its own is no missing page: named once, at its own lines.
    folder = f"{CONTENT_DIR}/{config.default_language}/"
    refused = {p.path[len(folder) : -len(".md")] for p in problems if not p.is_warning and p.path.startswith(folder) and p.path.endswith(".md")}
    documents, document_problems = load_documents(site_dir, config, written.pages.get(config.default_language, {}).keys() | refused)
    data_problems += (
        schedule_problems
        + text_problems
        + _missing_programme_templates(site_dir, schedule, history is not None, interpretation is not None)
        + document_problems
    )
    routes, route_problems = plan_routes(content)
    images, image_problems = load_images(site_dir, written.files, image_cache)
    galleries, gallery_problems = load_galleries(site_dir, config, written, images)
    problems += static_problems + data_problems + route_problems + image_problems + gallery_problems
    problems += _large_file_warnings(site_dir, static, written.files, images, documents)
    if any(not problem.is_warning for problem in problems):
        return None, problems
    phase = event_phase(config.conference.start, config.conference.end, today)
    site = Site(
        site_dir=site_dir,
        config=config,
        written=written,
        content=content,
        routes=routes,
        images=images,
        galleries=galleries,
        freshness=assess(written, config, segmented.states()),
        catalogs=catalogs,
        translations=compile_translations(catalogs),
        catalog_digests={code: _file_digest(site_dir / catalog_path(code)) for code in config.languages},
        static=static,
        conference=ConferenceModel(
            config.conference, participation, phase, schedule, session_texts=session_texts, documents=documents, history=history, interpretation=interpretation
        ),
        warnings=tuple(problem for problem in problems if problem.is_warning),
        segments=segmented,
        glossary_gaps=glossary_gaps,
    )
    return site, problems


def _comment_warnings(content: Content) -> list[Problem]:
    """A warning at each HTML comment of the pages as written: it is left out of the page, and a note left for later should be seen."""
    return [
        Problem(page.source, page.body_line + offset, f"HTML comment not published: <!-- {text} -->; remove it once the note is dealt with", is_warning=True)
        for page in content.iter_pages()
        for offset, text in page.comments
    ]


def _large_file_warnings(
    site_dir: Path, static: StaticFiles, beside_pages: dict[str, Path], images: dict[str, ImageFacts], documents: tuple[Document, ...]
) -> list[Problem]:
    """A warning for each large file published as it is, as kinds/copied_files.py publishes them: not the photographs,
    whose resized copies stand for them."""
    sizes = {file.sources[0]: len(file.content or b"") for file in static.files}
    sizes |= {path.relative_to(site_dir).as_posix(): path.stat().st_size for name, path in beside_pages.items() if name not in images}
    sizes |= {f"{DOCUMENT_FILES}/{version.file}": version.size for document in documents for version in document.versions if version.file}
    return [warning for source, size in sorted(sizes.items()) if (warning := large_file_warning(source, size))]


def _missing_programme_templates(site_dir: Path, schedule: Schedule | None, has_history: bool, has_interpretation: bool) -> list[Problem]:
    if schedule is None or not schedule.sessions:
        return []
    missing = [name for name in required_templates(schedule, has_history, has_interpretation) if not (site_dir / TEMPLATES_DIR / name).is_file()]
    return [
        Problem(SCHEDULE, None, f"the programme's pages need {TEMPLATES_DIR}/{name}, which is missing (see docs/site-folder.md: The programme)")
        for name in missing
    ]


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else ""
