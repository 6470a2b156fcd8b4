"""The document library as templates see it, in the reader's language.

Each document with its versions: the languages named in the reader's
language by Babel, the reader's own first and then the original, each
file's format and size ("PDF, 240 kB", the size in the language's CLDR
units). Paths, not links: the template makes each link from its page with
``url_for``, so one view serves every page of a language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from babel.units import format_unit

from sitegen.core.dates import format_day
from sitegen.core.digest import shared
from sitegen.core.memo import per_latest
from sitegen.inputs.documents import OUTPUT_DIR, Document, Version
from sitegen.inputs.languages import Language, collation_key, describe_language, language_name_in

if TYPE_CHECKING:
    from sitegen.model.site import Site

# CLDR's digital units are decimal: a kilobyte is 1000 bytes.
_SIZE_UNITS = ((1_000_000, "digital-megabyte", "#,##0.#"), (1000, "digital-kilobyte", "#,##0"))


@dataclass(frozen=True)
class VersionView:
    language: Language  # the text's language: its tag for hreflang, its own name
    name: str  # the language named in the reader's: "Spanish", "Spanisch"
    is_original: bool
    path: str  # the copied file in the output ('' for a version elsewhere)
    url: str  # the address elsewhere ('' for a file)
    host: str  # where that address leads: "www.minersconference.org"
    media_type: str  # the file's MIME type, for the link's type
    format: str  # "PDF"
    size: str  # "240 kB", in the reader's language ('' for a version elsewhere)


@dataclass(frozen=True)
class PageLink:
    title: str
    path: str  # the page's output path in the reader's language
    text_language: Language | None  # where the title is not in the reader's language (an untranslated page)


@dataclass(frozen=True)
class DocumentView:
    id: str
    kind: str  # one of documents.KINDS: the template names it
    title: str
    title_language: Language | None  # where the title is the default language's, for want of the reader's
    date: str  # as the language writes a day, or ''
    iso_date: str
    versions: tuple[VersionView, ...]
    url: str  # where it can be read, when its versions are not known
    host: str
    described_in: PageLink | None
    note: str
    note_language: Language | None


@shared
@dataclass(frozen=True)
class DocumentsView:
    documents: tuple[DocumentView, ...]  # in the order of data/documents.yaml

    def __iter__(self):
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)


@per_latest
def documents_view(site: Site, language: str) -> DocumentsView:
    """The library for readers of ``language``."""
    return DocumentsView(tuple(_document(site, document, language) for document in site.conference.documents))


def _document(site: Site, document: Document, language: str) -> DocumentView:
    default, locale = site.config.default_language, site.config.date_locale(language)
    title, title_language = _text(document.title, language, default)
    note, note_language = _text(document.note, language, default)
    return DocumentView(
        id=document.id,
        kind=document.kind,
        title=title,
        title_language=title_language,
        date=format_day(document.date, locale) if document.date else "",
        iso_date=document.date.isoformat() if document.date else "",
        versions=tuple(_version(version, language, locale) for version in _reading_order(document.versions, language)),
        url=document.url,
        host=urlsplit(document.url).netloc,
        described_in=_page_link(site, document.described_in, language) if document.described_in else None,
        note=note,
        note_language=note_language,
    )


def _text(texts: dict[str, str], language: str, default: str) -> tuple[str, Language | None]:
    """A text in the reader's language, or the default language's marked as such."""
    if texts.get(language) or not texts:
        return texts.get(language, ""), None
    return texts[default], describe_language(default)


def _reading_order(versions: tuple[Version, ...], language: str) -> list[Version]:
    """The reader's own language first, then the original, then the others by their names in the reader's language."""
    return sorted(versions, key=lambda v: (v.language != language, not v.original, collation_key(language_name_in(v.language, language))))


def _version(version: Version, language: str, locale: str) -> VersionView:
    name = language_name_in(version.language, language)
    return VersionView(
        language=describe_language(version.language),
        name=name[:1].upper() + name[1:],  # it begins a list item
        is_original=version.original,
        path=f"{OUTPUT_DIR}/{version.file}" if version.file else "",
        url=version.url,
        host=urlsplit(version.url).netloc,
        media_type=version.media_type,
        format=version.format,
        size=format_size(version.size, locale) if version.file else "",
    )


def format_size(size: int, locale: str) -> str:
    """A file's size as the language writes it, in CLDR's short units: "240 kB", "1,5 MB", "512 Б"."""
    for scale, unit, pattern in _SIZE_UNITS:
        if size >= scale:
            return format_unit(size / scale, unit, "short", format=pattern, locale=locale)
    return format_unit(size, "digital-byte", "short", locale=locale)


def _page_link(site: Site, key: str, language: str) -> PageLink | None:
    page, path = site.content.pages[language].get(key), site.routes.path_of(language, key)
    if page is None or path is None:
        return None
    return PageLink(page.title, path, site.languages[page.text_language] if page.is_fallback else None)
