"""Views: exactly what a template sees, built from the site model.

Every context is a frozen dataclass. A template is given the fields it
reads (rendering.TemplateReads) and nothing else; the same mapping is what
its output is signed by (``signed_context``), so a field added here can
never leave a page stale. The conference's data views (DATA_VIEWS below)
are given the same way, to the templates that read them.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from markupsafe import Markup

from sitegen.core.dates import format_day
from sitegen.core.digest import digest, shared
from sitegen.formats.csp import meta_policy
from sitegen.formats.metadata import og_locale
from sitegen.i18n.freshness import MISSING
from sitegen.inputs.content import HOME_KEY, Page
from sitegen.inputs.languages import Language, name_in_sentence
from sitegen.model.bodies import Body, Heading
from sitegen.model.routes import booklet_path, calendar_path, feed_path, light_path, programme_calendar_path, search_path, status_path
from sitegen.model.site import SHARE_IMAGE, BuildContext, Site
from sitegen.model.urls import ON_DISK, RELATIVE, Linker
from sitegen.templating.figures import image_html
from sitegen.templating.rendering import TemplateReads
from sitegen.views.conference import conference_event, conference_view, participation_view
from sitegen.views.documents import documents_view
from sitegen.views.programme import programme_for

STATUS_TEMPLATE = "translation-status.html"
SEARCH_TEMPLATE = "search.html"
BOOKLET_TEMPLATE = "booklet.html"  # a site with it gets a booklet of each language, as a PDF (kinds/booklet.py)
LIGHT_TEMPLATE = "light.html"  # a site with it gets a text-only version of each language (kinds/light_version.py)


# What templates may read of the conference, by name: (build, language, the file's path) → its view.
DATA_VIEWS: dict[str, Callable[[BuildContext, str, str], Any]] = {
    "conference": lambda build, language, path: conference_view(build.site, language),
    "participation": lambda build, language, path: participation_view(build.site, language),
    "programme": programme_for,
    "documents": lambda build, language, path: documents_view(build.site, language),
}

C = TypeVar("C", bound="PageContext")
NO_BODY = Markup("")  # a page listed, not shown
FALLBACK = "fallback"  # what a page's translation status is called in templates and data-translation-status


@dataclass(frozen=True)
class Link:
    """A link in a menu or switcher; ``language`` is set where its text is not in the page's language."""

    title: str
    url: str
    is_current: bool = False
    language: Language | None = None
    key: str = ""  # in the main menu: the page's translation key
    card: str = ""  # in the main menu: the page's card line (front matter 'card'), for a list of the pages
    card_language: Language | None = None  # the same as ``language``, of the card line


@shared
@dataclass(frozen=True)
class Menu:
    """The main menu of one page: its links, in order."""

    items: tuple[Link, ...]

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def link(self, key: str) -> Link | None:
        """A page of the main menu by its key, for a template's own links ("take part")."""
        return next((item for item in self.items if item.key == key), None)


@shared
@dataclass(frozen=True)
class StaticLinks:
    """The links to the static files (by logical name, under their hashed names) from one folder of the site."""

    urls: Mapping[str, str]  # logical name → link

    def url(self, name: str) -> str:
        return self.urls[name]


@dataclass(frozen=True)
class PageView:
    """A page as templates see it."""

    key: str
    title: str
    summary: str
    url: str  # relative to the page being rendered
    date: str  # formatted for the page's language, or ''
    iso_date: str  # YYYY-MM-DD, or ''
    status: str  # source, current, outdated or fallback
    text_language: Language | None  # the language of title and body where it is not the page's (fallbacks)
    body: Body | Markup = NO_BODY
    title_language: Language | None = None  # the language of the title where it is not the page's (a fallback, an untranslated segment)
    summary_language: Language | None = None  # the same, of the summary

    @property
    def toc(self) -> tuple[Heading, ...]:
        """The body's h2 headings, each with its h3s: for a table of contents."""
        return self.body.toc if isinstance(self.body, Body) else ()

    @property
    def heading_count(self) -> int:
        """How many headings the table of contents holds: how long the page is, to a reader looking for a part of it."""
        return sum(1 + len(heading.children) for heading in self.toc)


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class OpenGraph:
    """A page's link preview (og:…)."""

    title: str
    description: str
    url: str
    locale: str
    alternate_locales: tuple[str, ...]
    site_name: str
    image: ShareImage | None


@dataclass(frozen=True)
class PageContext:
    """What every page template sees: its language, its links, the menus, its head."""

    language: Language
    languages: tuple[Link, ...]  # the same page in every language
    alternates: tuple[tuple[str, str], ...]  # (hreflang, absolute URL) of its real translations, then x-default
    canonical: str
    noindex: bool
    menu: Menu
    menu_link: Any  # Menu.link of ``menu``
    home_url: str
    chooser_url: str
    status_url: str
    original_url: str
    feed_url: str
    calendar_url: str
    programme_calendar_url: str  # the programme's sessions as a calendar, where the site has a programme
    source_language: Language
    source_language_name: str  # the source language's name in this language
    static_url: Any  # StaticLinks.url
    url_for: Linker  # the link from this page to any file of the output ("documents/x.pdf"), for paths a data view gives
    section_pages: tuple[PageView, ...]  # on a section's index page: the section's pages
    og: OpenGraph | None
    structured_data: dict[str, Any] | None
    content_security_policy: Markup  # the <meta> tag's policy for this page (csp.py: the servers send the same)
    is_root: bool = False
    page: PageView | None = None
    gallery: tuple[GalleryFigure, ...] = ()  # the photographs of data/galleries/<page key>.yaml
    search_url: str = ""  # the language's search page, where the site has one
    light_url: str = ""  # the language's text-only version, where the site has one
    booklet_url: str = ""  # the language's booklet (PDF), where the site has one


@dataclass(frozen=True)
class GalleryFigure:
    """One photograph of a gallery: its <source> and <img>, and its caption."""

    image: Markup  # the alt text (with its lang where it is not in the page's language) is in it
    caption: str
    caption_language: Language | None  # where the caption is not in the page's language


@dataclass(frozen=True)
class ChooserContext(PageContext):
    conference_names: Mapping[str, str] = field(default_factory=dict)  # language → the conference's name in it


@dataclass(frozen=True)
class StatusContext(PageContext):
    report: Any = None  # status.StatusReport
    source_url: Any = None  # SourceLinks.url
    changes: Mapping[str, Any] = field(default_factory=dict)  # "language/key" of an outdated page → source_diff.SourceDiff
    files_url: str = ""  # site.toml's source_url: where a file of the site is edited, its path added


@dataclass(frozen=True)
class LightContext(PageContext):
    text_url: str = ""  # the same page as plain text
    full_url: str = ""  # the language's home page, styled


@dataclass(frozen=True)
class BookletContext(PageContext):
    sections: tuple[PageView, ...] = ()  # the menu's pages, in its order, each with its body (links absolute: a PDF is read away from the site)
    articles: Mapping[str, tuple[PageView, ...]] = field(default_factory=dict)  # a section index's pages, with their bodies, by its key
    site_url: str = ""  # the language's home page on the web


@dataclass(frozen=True)
class SearchContext(PageContext):
    pages: tuple[PageView, ...] = ()  # every page of the language, for the list shown until a search is made
    index_url: str = ""  # Pagefind's script, over the index; '' in a copy opened from disk, which has no index


@dataclass(frozen=True)
class SessionContext(PageContext):
    session: Any = None  # programme.SessionView
    programme_url: str = ""
    timezone: str = ""  # the zone its times are in, named in the page's language ("hora de Perú")


@dataclass(frozen=True)
class PeopleContext(PageContext):
    people: Any = None  # programme.PeopleView


@dataclass(frozen=True)
class ChangesContext(PageContext):
    changes: Any = None  # programme.ChangesView


@dataclass(frozen=True)
class YourLanguageContext(PageContext):
    followable: Any = None  # programme.ProgrammeView of the sessions held in the page's language or interpreted into it
    programme_url: str = ""


@shared
@dataclass(frozen=True)
class OutputPaths:
    """Where every page of every language is written: one for a build, shared by its status pages, and so digested once."""

    by_page: Mapping[str, str]  # "language/key" → output path


@dataclass(frozen=True)
class SourceLinks:
    """Links to every page of every language, from the status page."""

    paths: OutputPaths
    linker: Linker

    def url(self, language: str, key: str) -> str:
        return self.linker(self.paths.by_page[f"{language}/{key}"])


def generated_page(build: BuildContext, language: str, path_in: Callable[[str], str]) -> tuple[PageContext, Linker, dict[str, Any]]:
    """A page the generator adds in every language (the status page, the search page) at ``path_in(language)``:
    the home page's context moved there, the link to it from there, and the changes every such page makes
    (it offers itself in the other languages, and is kept from search engines and link previews)."""
    site, path = build.site, path_in(language)
    home = site.home(language)
    assert home is not None  # its planner makes it only in a language with a home page
    link = build.linker(path)
    languages = tuple(Link(site.languages[code].name, link(path_in(code)), code == language, site.languages[code]) for code in site.config.languages)
    changes = {"languages": languages, "alternates": (), "noindex": True, "og": None, "structured_data": None}
    return page_context(build, home, path, is_page=False), link, changes


def extended(base: PageContext, kind: type[C], **values: Any) -> C:
    """A page's context as a larger kind of context (the chooser's, the status page's), with some values changed or added."""
    return kind(**{**{f.name: getattr(base, f.name) for f in dataclasses.fields(base)}, **values})


def offered_names(context: PageContext | type[PageContext]) -> tuple[str, ...]:
    """Every name a template given this context could read: the context's fields and the data views."""
    return (*(f.name for f in dataclasses.fields(context)), *DATA_VIEWS)


def signed_context(context: PageContext, reads: TemplateReads, build: BuildContext, language: str, path: str) -> tuple[dict[str, Any], str]:
    """The mapping a template is given (the fields and data views it reads) for the file at ``path``, and its
    signature: a digest of that mapping, of every template source it loads, and of the language's catalog."""
    given = {f.name: getattr(context, f.name) for f in dataclasses.fields(context) if f.name in reads.names}
    for name, view in DATA_VIEWS.items():
        if name in reads.names:
            given[name] = view(build, language, path)
    return given, digest(reads.sources, build.site.catalog_digests.get(language, ""), given)


def page_view(site: Site, page: Page, link: Linker, body: Body | Markup = NO_BODY) -> PageView:
    state = site.state(page.language, page.key)
    return PageView(
        key=page.key,
        title=page.title,
        summary=page.summary,
        url=link(site.routes.path_of(page.language, page.key) or ""),
        date=format_day(page.date, site.config.date_locale(page.language)) if page.date else "",
        iso_date=page.date.isoformat() if page.date else "",
        status=FALLBACK if state == MISSING else state,
        text_language=site.languages[page.text_language] if page.is_fallback else None,
        body=body,
        title_language=_language_of(site, page, "title"),
        summary_language=_language_of(site, page, "summary"),
    )


def _language_of(site: Site, page: Page, name: str) -> Language | None:
    """The language a front matter text of a page is shown in, where it is not the page's own."""
    if page.is_fallback:
        return site.languages[page.text_language]
    return site.languages[site.config.default_language] if name in page.source_fields else None


def page_context(build: BuildContext, page: Page, path: str, style: str | None = None, body: Body | None = None, is_page: bool = True) -> PageContext:
    """What every template sees for one page: the language, its links, its head.

    ``is_page`` false: ``page`` only lends its context to a page of the generator's own (search, status, 404),
    which is not that page, so the menu marks no link as the current page."""
    site, language = build.site, page.language
    link, absolute = build.linker(path, style), build.linker(path, "absolute")
    versions = site.versions(page.key)
    # Search engines hear only of real translations; visitors are offered every version.
    translated = site.translated_versions(page.key)
    default_path = site.routes.path_of(site.config.default_language, page.key)
    home_path = site.routes.path_of(language, HOME_KEY)
    chooser_url, status_url, feed_url, calendar_url, programme_calendar_url, search_url, light_url, booklet_url = _site_links(build, language, link)
    menu = _menu(build, language, link, page.key if is_page else "")
    return PageContext(
        language=site.languages[language],
        languages=tuple(Link(site.languages[code].name, link(target), code == language, site.languages[code]) for code, target in versions if target),
        alternates=tuple((site.languages[code].tag, absolute(target)) for code, target in translated)
        + (("x-default", site.config.base_url if page.key == HOME_KEY else absolute(default_path or path)),),
        canonical=absolute(path),
        noindex=page.is_fallback,
        menu=menu,
        menu_link=menu.link,
        home_url=link(home_path or path),
        chooser_url=chooser_url,
        status_url=status_url,
        original_url=link(default_path) if default_path else "",
        feed_url=feed_url,
        calendar_url=calendar_url,
        programme_calendar_url=programme_calendar_url,
        source_language=site.languages[site.config.default_language],
        source_language_name=name_in_sentence(site.config.default_language, language, site.config.default_language),
        static_url=_static_links(build, link).url,
        url_for=link,
        section_pages=tuple(page_view(site, member, link) for member in site.section_members(page)),
        og=_open_graph(site, page, path, absolute, translated),
        structured_data=_event(site, page, path, absolute),
        content_security_policy=Markup(meta_policy(search=path == search_path(language))),  # csp.py's own constant: written as it is
        page=page_view(site, page, link, body) if body is not None else None,
        gallery=_gallery(site, page, link) if body is not None else (),
        search_url=search_url,
        light_url=light_url,
        booklet_url=booklet_url,
    )


def _gallery(site: Site, page: Page, link: Linker) -> tuple[GalleryFigure, ...]:
    """A page's gallery in its language; a text not translated yet is the default language's, marked as such."""
    default = site.config.default_language

    def text(texts: dict[str, str]) -> tuple[str, Language | None]:
        if texts.get(page.language):
            return texts[page.language], None
        return texts.get(default, ""), site.languages[default] if texts.get(default) else None

    figures = []
    for index, photo in enumerate(site.galleries.get(page.key, ())):
        alt, alt_language = text(photo.alt)
        attributes = f'alt="{html.escape(alt)}"' + (f' lang="{alt_language.tag}" dir="{alt_language.direction}"' if alt_language else "")
        attributes += ' loading="lazy" decoding="async"' if index else ""  # as markup.py does: the first may be on the first screen
        caption, caption_language = text(photo.caption)
        figures.append(GalleryFigure(Markup(image_html(attributes, photo.name, site.images[photo.name], link, in_picture=True)), caption, caption_language))
    return tuple(figures)


def _menu(build: BuildContext, language: str, link: Linker, current_key: str) -> Menu:
    """The menu of a page: one object for every page with the same menu (all those of a section that are not in it), digested once."""
    site = build.site
    pages = site.menus[language]
    paths = [site.routes.path_of(language, p.key) or "" for p in pages]
    current = current_key if any(p.key == current_key for p in pages) else ""

    def make() -> Menu:
        other = lambda p: _language_of(site, p, "menu_title")
        return Menu(
            tuple(
                Link(p.menu_title, link(path), p.key == current_key, other(p), p.key, p.card, _language_of(site, p, "card"))
                for p, path in zip(pages, paths, strict=True)
            )
        )

    return build.shared(("menu", language, current, _links_alike(link, paths)), make)


def _site_links(build: BuildContext, language: str, link: Linker) -> tuple[str, str, str, str, str, str, str, str]:
    """The links every page of a language has: the chooser, the status page, the feed, the calendars, the search page,
    the text-only version, the booklet."""
    site = build.site
    targets = (
        "index.html",
        status_path(language),
        feed_path(language),
        calendar_path(language),
        programme_calendar_path(language),
        search_path(language),
        light_path(language),
        booklet_path(language),
    )
    return build.shared(
        ("site links", language, _links_alike(link, targets)),
        lambda: (
            link.to_file("index.html"),
            link(status_path(language)) if len(site.config.languages) > 1 else "",
            link(feed_path(language)) if site.has_feed(language) else "",
            link(calendar_path(language)),
            link(programme_calendar_path(language)) if site.has_programme else "",
            link(search_path(language)) if site.has_template(SEARCH_TEMPLATE) else "",
            link(light_path(language)) if site.has_template(LIGHT_TEMPLATE) else "",
            link(booklet_path(language)) if site.has_template(BOOKLET_TEMPLATE) else "",
        ),
    )


def _static_links(build: BuildContext, link: Linker) -> StaticLinks:
    paths = build.site.static.paths
    return build.shared(("static", _links_alike(link, paths.values())), lambda: StaticLinks({name: link(path) for name, path in paths.items()}))


def _links_alike(link: Linker, targets: Iterable[str]) -> tuple[str, str]:
    """What links to ``targets`` from ``link``'s file depend on, so that files with the same links share one view.

    Relative links depend on the file's folder; when no target is inside it,
    only on the folder above (every link is "../" and the link from there),
    which the pages of a section share. Other styles do not depend on the file.
    """
    if link.style not in (RELATIVE, ON_DISK):
        return (link.style, "")
    folder = link.from_file.rpartition("/")[0]
    if folder and not any(target.startswith(folder + "/") for target in targets):
        return (link.style, "above " + folder.rpartition("/")[0])
    return (link.style, folder)


def _open_graph(site: Site, page: Page, path: str, absolute: Linker, translated: list[tuple[str, str]]) -> OpenGraph:
    size = site.share_image_size
    image = ShareImage(absolute(site.static.paths[SHARE_IMAGE]), *size) if size else None
    return OpenGraph(
        title=page.title,
        description=page.summary,
        url=absolute(path),
        locale=og_locale(site.config.date_locale(page.language)),
        alternate_locales=tuple(og_locale(site.config.date_locale(code)) for code, _ in translated if code != page.language),
        site_name=site.config.site_name,
        image=image,
    )


def _event(site: Site, page: Page, path: str, absolute: Linker) -> dict[str, Any] | None:
    """The conference as a schema.org Event, on each language's own home page."""
    is_home = page.key == HOME_KEY and path == site.routes.path_of(page.language, HOME_KEY)
    return conference_event(site, page.language, absolute(path), page.summary) if is_home and not page.is_fallback else None
