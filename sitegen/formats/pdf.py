"""HTML to PDF, through WeasyPrint: the booklet of a language (outputs/kinds/booklet.py).

The fonts come with the generator (fonts/: Noto Sans for Latin, Greek and
Cyrillic, Noto Sans Devanagari, Noto Sans Arabic; SIL Open Font License), so
a booklet is the same bytes on every machine, whatever fonts it has. A
template's stylesheet names them as "Booklet Sans", "Booklet Devanagari" and
"Booklet Arabic". Nothing is fetched from the network: a link stays a link,
an image that is not a data: URI is left out. The PDF's dates are the ones
given (``created``), never the time of the build, so rebuilds are identical.

WeasyPrint draws text with Pango, a system library pip cannot install:
``pango_missing()`` tells, cheaply, before a build starts, what to install.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime
import functools
import re
from pathlib import Path
from typing import Any

FONTS = Path(__file__).parent / "fonts"
# family → (file, weight, style)
FONT_FILES = {
    "Booklet Sans": (("NotoSans-Regular.ttf", 400, "normal"), ("NotoSans-Bold.ttf", 700, "normal"), ("NotoSans-Italic.ttf", 400, "italic")),
    "Booklet Devanagari": (("NotoSansDevanagari-Regular.ttf", 400, "normal"), ("NotoSansDevanagari-Bold.ttf", 700, "normal")),
    "Booklet Arabic": (("NotoSansArabic-Regular.ttf", 400, "normal"), ("NotoSansArabic-Bold.ttf", 700, "normal")),
}
PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"  # Debian's and Ubuntu's names


class PdfUnavailable(Exception):
    """WeasyPrint cannot run here: a system library is missing."""


def pango_missing() -> str | None:
    """What to install for WeasyPrint to run, or None when Pango is there (a look-up, not an import of WeasyPrint)."""
    for library in ("pango-1.0", "pangoft2-1.0"):
        if not _loads(library):
            return PANGO_PACKAGES
    return None


@functools.cache
def _loads(library: str) -> bool:
    # The names WeasyPrint opens, tried directly: ctypes.util.find_library runs ldconfig, 20 ms a build.
    for name in (f"lib{library}.so.0", f"lib{library}-0.dll", f"lib{library}.0.dylib"):
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return True
    found = ctypes.util.find_library(library)
    if found:
        try:
            ctypes.CDLL(found)
        except OSError:
            return False
        return True
    return False


def fonts_css() -> str:
    """The @font-face rules of the fonts that come with the generator."""
    rules = []
    for family, faces in FONT_FILES.items():
        for file, weight, style in faces:
            url = (FONTS / file).resolve().as_uri()
            rules.append(f'@font-face {{ font-family: "{family}"; src: url("{url}"); font-weight: {weight}; font-style: {style}; }}')
    return "\n".join(rules)


def html_to_pdf(html: str, *, base_url: str, title: str, language_tag: str, created: datetime.datetime) -> bytes:
    """The PDF of one HTML document; relative links are made absolute from ``base_url``."""
    try:
        import weasyprint
    except OSError as exc:  # cffi could not open Pango
        raise PdfUnavailable(f"WeasyPrint cannot load a system library ({exc}): install {PANGO_PACKAGES}") from exc
    _with_actual_text()
    stamp = created.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    fetcher = _local_only()
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=[weasyprint.CSS(string=fonts_css(), url_fetcher=fetcher)], pdf_tags=True
    )
    metadata = document.metadata
    metadata.title, metadata.lang, metadata.created, metadata.modified = title, language_tag, stamp, stamp
    metadata.generator = "sitegen"
    # The file's identifier, drawn from what it holds rather than at random.
    return document.write_pdf(pdf_identifier=f"{language_tag}:{title}:{stamp}".encode(), pdf_tags=True)


# Scripts whose glyphs are drawn in another order than their characters within a line: the Indic scripts (a vowel
# sign drawn before its consonant, a reph above the next), Tibetan, Myanmar, Khmer. Not Arabic or Hebrew: their
# glyphs are drawn right to left as a whole, which text extraction turns back itself.
_REORDERED = re.compile("[\u0900-\u0dff\u0f00-\u109f\u1780-\u17ff\ua8e0-\ua8ff]")


@functools.cache
def _with_actual_text() -> None:
    """Give each line of a reordered script its text as PDF's ActualText, which copy and paste, pdftotext and
    screen readers read instead of the glyphs.

    A PDF maps each glyph to characters once, for the whole file; WeasyPrint 70 maps the first glyph of a
    cluster to the cluster and the others to nothing, so "नि" (drawn ि then न) reads as "न", or as "िन" where
    the glyphs were first met apart. A line's ActualText is its characters, in their order.
    """
    import pydyf
    from weasyprint.draw import text

    drawn = text.draw_first_line

    def draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        if not _REORDERED.search(textbox.text):
            return drawn(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(textbox.text)}))
        try:
            return drawn(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    text.draw_first_line = draw_first_line


@functools.cache
def _local_only() -> Any:
    """A fetcher of the generator's own fonts and data: URIs; nothing else, never the network (an image is left out)."""
    import logging

    from weasyprint.urls import URLFetcher

    # What is not fetched is left out by design, not worth a line on the terminal at every build.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fonts = FONTS.resolve()

    class LocalOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:") or (url.startswith("file://") and Path(url.removeprefix("file://")).resolve().is_relative_to(fonts)):
                return super().fetch(url, headers)
            raise ValueError(f"not fetched for a booklet: {url}")

    return LocalOnly(allowed_protocols=("data", "file"))
