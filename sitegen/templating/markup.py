"""Markdown to HTML, for text written by contributors we do not vet.

Raw HTML in Markdown is shown as text, not passed through, and links may only
use web, mail and telephone schemes: a translator's page can never carry a
script into the site. Links to other Markdown files (``[x](invitation.md)``,
as on GitHub) become markers that the page renderer turns into relative URLs
in the page's language, so the HTML made here depends on the page's text alone
and can be cached by it.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html import unescape as html_unescape
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import markdown
from markdown import util
from markdown.extensions.toc import remove_fnrefs, render_inner_html, strip_tags
from markdown.inlinepatterns import DelimiterProcessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from sitegen.core.comments import without_comments
from sitegen.core.language_marks import OPENING

# The href a link to another page, or to a file beside the pages, gets until
# the page renderer resolves it.
LINK_MARKER = "sitegen-link:"
FILE_MARKER = "sitegen-file:"
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_MARKER_SCHEMES = {LINK_MARKER.rstrip(":"), FILE_MARKER.rstrip(":")}  # the build's own, for links it resolves


class PageLink(NamedTuple):
    """A link from a page's Markdown to another page (or to a place in itself).

    A named tuple: the next build makes sixty thousand of them from its manifest.
    """

    key: str  # the target page's translation key; for a file, its path below content/<language>/
    fragment: str  # the anchor, without '#', or ''
    written: str  # the link as written, to find its line and quote it
    is_file: bool = False  # an image or document beside the pages, not a page


@dataclass(frozen=True)
class RenderedBody:
    """A page body turned into HTML, with what the renderer must check and resolve."""

    html: str
    ids: frozenset[str]  # the ids of the body's headings, which links may point at
    links: tuple[PageLink, ...]
    unsafe: tuple[str, ...]  # links removed because of their scheme (javascript: …)
    missing_alt: tuple[str, ...] = ()  # images beside the pages without alt text, as written


def heading_id(text: str, separator: str = "-") -> str:
    """The id of a heading: its words, lower-cased, in any script, joined by hyphens.

    Unlike Python-Markdown's slugify_unicode this keeps combining marks, so
    Devanagari vowel signs survive ("हमारा उद्देश्य" stays readable).
    """
    text = unicodedata.normalize("NFC", text).lower()
    kept = "".join(char for char in text if char.isalnum() or char in " -_" or unicodedata.category(char).startswith("M"))
    return re.sub(r"[\s" + re.escape(separator) + r"]+", separator, kept).strip(separator)


class _PageLinks(Treeprocessor):
    """Turns links to Markdown files into markers; removes links with unsafe schemes."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.page_key = ""
        self.links: list[PageLink] = []
        self.unsafe: list[str] = []
        self.missing_alt: list[str] = []

    def run(self, root: etree.Element) -> None:
        # With raw HTML off and no attribute syntax enabled, Markdown can only make
        # href and src attributes: those are the ones to check.
        for tag, attribute in (("a", "href"), ("img", "src")):
            for element in root.iter(tag):
                if attribute in element.attrib:
                    written = element.attrib[attribute]
                    element.set(attribute, self._resolve(written))
                    if tag == "img" and element.attrib[attribute].startswith(FILE_MARKER) and not element.get("alt", "").strip():
                        self.missing_alt.append(written)

    def _resolve(self, written: str) -> str:
        try:
            url = urlsplit(written.strip())
        except ValueError:  # "http://[x": not an address at all; the link check says so
            self.unsafe.append(written)
            return "#"
        if url.scheme:
            if url.scheme.lower() in SAFE_SCHEMES:
                return written
            self.unsafe.append(written)
            return "#"
        if written.startswith("#"):
            self.links.append(PageLink(self.page_key, unquote(url.fragment), written))
            return written
        if url.netloc or url.path.startswith("/"):
            return written
        folder = posixpath.dirname(self.page_key)
        target = posixpath.normpath(posixpath.join(folder, unquote(url.path)))
        if url.path.endswith(".md"):
            self.links.append(PageLink(target[: -len(".md")], unquote(url.fragment), written))
            return LINK_MARKER + target[: -len(".md")] + (f"#{url.fragment}" if url.fragment else "")
        # An image or a document, next to the pages in content/<language>/.
        self.links.append(PageLink(target, "", written, is_file=True))
        return FILE_MARKER + target


class _Figures(Treeprocessor):
    """Photographs beside the page: alone in a paragraph, a figure captioned by the image's title.

    A figure cannot sit inside a paragraph, so the paragraph itself becomes
    the figure; an image among words stays an image. Every photograph after
    the first is loaded lazily: the first is likely on the first screen.
    Runs after _PageLinks, whose markers say which images are beside the page.
    """

    def run(self, root: etree.Element) -> None:
        for paragraph in list(root.iter("p")):
            if _is_lone_photograph(paragraph):
                _make_figure(paragraph)
        photographs = [image for image in root.iter("img") if image.get("src", "").startswith(FILE_MARKER)]
        for image in photographs[1:]:
            image.set("loading", "lazy")
            image.set("decoding", "async")


def _is_lone_photograph(paragraph: etree.Element) -> bool:
    if len(paragraph) != 1 or (paragraph.text or "").strip() or (paragraph[0].tail or "").strip():
        return False
    return paragraph[0].tag == "img" and paragraph[0].get("src", "").startswith(FILE_MARKER)


def _make_figure(paragraph: etree.Element) -> None:
    """<p><img title="Caption — credit"></p> → <figure><picture><img></picture><figcaption>Caption — credit</figcaption></figure>."""
    image = paragraph[0]
    paragraph.remove(image)
    paragraph.tag, paragraph.text, image.tail = "figure", None, None
    etree.SubElement(paragraph, "picture").append(image)  # figures.py puts the WebP source beside the image
    title = image.attrib.pop("title", "").strip()
    if title:
        etree.SubElement(paragraph, "figcaption").text = title


# A block of a page put together from segments (segments.py) that is still in the
# source language starts with this mark; it becomes the block's lang and dir.
_SOURCE_MARK = OPENING  # language_marks.py: the one way a text says its language


class _SourceMarks(Treeprocessor):
    """Moves each block's source-language mark to the block element's lang and dir attributes."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.active = False  # only a text holding a mark is walked

    def run(self, root: etree.Element) -> None:
        if not self.active:
            return
        for element in root.iter():
            match = _SOURCE_MARK.match(element.text or "")
            if match:
                element.text = element.text[match.end() :]  # type: ignore[index]  # matched: it is a string
                element.set("lang", match[1])
                element.set("dir", match[2])
            # A mark Markdown ran into the block before it (a line carrying on a list item
            # without its indent) has no block of its own to mark: it is dropped, never shown.
            if element.text and "\ue000" in element.text:
                element.text = _SOURCE_MARK.sub("", element.text)
            if element.tail and "\ue000" in element.tail:
                element.tail = _SOURCE_MARK.sub("", element.tail)


class _HeadingIds(Treeprocessor):
    """Give each heading an id made from its text, unique in the page.

    What the toc extension does for ids, without building a table of
    contents the site never shows: a sixth of a page's Markdown time.
    """

    # A heading of plain text is read as the toc extension would read it, without serializing it: tests/test_markdown.py
    # compares with this off.
    plain_text_directly = True

    def run(self, root: etree.Element) -> None:
        used: set[str] = set()
        for element in root.iter():
            if element.tag in _HEADINGS and "id" not in element.attrib:
                text = element.text
                if self.plain_text_directly and text and not len(element) and not any(character in text for character in _NOT_PLAIN):
                    # Serializing, the postprocessors, strip_tags and unescaping change nothing here but the white space.
                    text = " ".join(text.split())
                else:
                    # As the toc extension reads a heading's text, so that ids stay what they were.
                    text = html_unescape(strip_tags(render_inner_html(remove_fnrefs(element), self.md)))
                element.set("id", _unique(heading_id(text), used))


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# What serializing escapes, and what starts Python-Markdown's placeholders (stashed HTML, escapes, footnotes).
_NOT_PLAIN = ("&", "<", ">", util.STX, util.ETX)


def _unique(candidate: str, used: set[str]) -> str:
    """ "aims", then "aims_1", "aims_2"…, as Python-Markdown's toc numbers repeated headings."""
    base, number = candidate, 0
    while candidate in used or not candidate:
        number += 1
        candidate = f"{base}_{number}"
    used.add(candidate)
    return candidate


# What each of Python-Markdown's inline patterns cannot match without: a link
# needs "[", an entity "&", a line break two spaces and a newline.
# Patterns not named here (another extension's) are always tried.
_NEEDS = {
    "backtick": "`",
    "escape": "\\",
    "footnote": "[^",
    "reference": "[",
    "link": "[",
    "short_reference": "[",
    "image_link": "![",
    "image_reference": "![",
    "short_image_ref": "![",
    "autolink": "<",
    "automail": "<",
    "html": "<",
    "linebreak": "  \n",
    "entity": "&",
}


class _InlineWhereNeeded(InlineProcessor):
    """Python-Markdown's inline processor, passing over the patterns a text cannot match.

    Python-Markdown tries each of its fourteen inline patterns on every piece
    of text in turn, and most text has none of the characters they start
    with: two fifths of a page's Markdown time went to patterns that could
    not match. The loop is Python-Markdown's own (3.11), with one test added;
    tests/test_markdown.py checks the HTML is the same as without it.
    """

    def run(self, tree, ancestors=None):
        patterns = self.inlinePatterns
        self._patterns = list(patterns)  # a list: the registry's len() and [] are Python functions, called half a million times
        # What each pattern needs, as texts any one of which must be there: `in` is a tenth of a regular expression's search.
        self._needed: list[tuple[str, ...] | None] = [tuple(p.tokens) if isinstance(p, DelimiterProcessor) else None for p in patterns]
        for name, needs in _NEEDS.items():
            if name in patterns:
                self._needed[patterns.get_index_for_name(name)] = (needs,)
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        start = 0
        patterns = self._patterns
        while patternIndex < len(patterns):
            needed = self._needed[patternIndex]
            if needed is not None and not (needed[0] in data or (len(needed) > 1 and any(text in data for text in needed[1:]))):
                patternIndex, start = patternIndex + 1, 0
                continue
            # Python-Markdown's private method: its stubs leave out private members
            data, matched, start = self._InlineProcessor__applyPattern(patterns[patternIndex], data, patternIndex, start)  # type: ignore[attr-defined]
            if not matched:
                patternIndex += 1
        return data


def _no_hr_line(block: str) -> bool:
    """No line of the block starts (after its spaces) with a character a horizontal rule is made of."""
    for line in block.split("\n"):
        first = line.lstrip(" ")[:1]
        if first and first in "-_*":
            return False
    return True


def _no_table_head(block: str) -> bool:
    """A table's first row holds a pipe, and a separator row follows it."""
    newline = block.find("\n")
    return newline == -1 or "|" not in block[:newline]


def _no_setext_underline(block: str) -> bool:
    """A Setext heading's second line starts with = or -."""
    newline = block.find("\n")
    return newline == -1 or block[newline + 1 : newline + 2] not in ("=", "-")


# For some of Python-Markdown's block processors: a test a block cannot pass if the
# function says so, on what its regular expression cannot match without. Each of these
# searched every block of every page: a fifth of a page's Markdown time.
# (processor, method, cannot match); a run() that finds nothing puts the block back.
_BLOCK_GUARDS = {
    "hashheader": ("test", lambda block: "#" not in block),
    "quote": ("test", lambda block: ">" not in block),
    "setextheader": ("test", _no_setext_underline),
    "hr": ("test", _no_hr_line),
    "table": ("test", _no_table_head),
    "footnote": ("run", lambda block: "[^" not in block),
    "reference": ("run", lambda block: "]:" not in block),
}


def _guard_blocks(md: markdown.Markdown) -> None:
    """Give each guarded block processor its guard (an attribute of the instance: removing it gives back Python-Markdown's own)."""
    for name, (method, cannot) in _BLOCK_GUARDS.items():
        if name not in md.parser.blockprocessors:
            continue
        processor = md.parser.blockprocessors[name]
        original = getattr(processor, method)
        if method == "test":
            setattr(processor, method, lambda parent, block, original=original, cannot=cannot: False if cannot(block) else original(parent, block))
        else:
            setattr(processor, method, lambda parent, blocks, original=original, cannot=cannot: False if cannot(blocks[0]) else original(parent, blocks))


# What raw HTML may keep when site.toml allows it: the tags and attributes
# Markdown itself makes (a photograph's figure and picture, its lazy loading),
# and a few for figures; never scripts, styles or handlers. Not srcset or
# <source>: nh3 does not check the addresses in a srcset, so only figures.py
# writes them, after the sanitizer, for the site's own photographs.
EXTRA_TAGS = {"picture"}  # figure and figcaption are among nh3's own
ALLOWED_ATTRIBUTES = {
    "*": {"id", "lang", "dir", "title", "class"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "time": {"datetime"},
}


# An address in raw HTML: href or src, quoted either way or not at all.
_RAW_ADDRESS = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


def _unsafe_raw_links(html: str) -> list[str]:
    """The addresses of raw HTML whose scheme is not a safe one, read as a browser reads them (entities decoded, tabs and
    newlines ignored: "java&#9;script:" is javascript:); Markdown's own links are checked, and made safe, before."""
    unsafe = []
    for match in _RAW_ADDRESS.finditer(html):
        written = next(group for group in match.groups() if group is not None)
        address = re.sub(r"[\x00-\x20]", "", html_unescape(written))
        scheme, colon, _ = address.partition(":")
        if colon and scheme and not re.search(r"[/?#]", scheme) and scheme.lower() not in SAFE_SCHEMES | _MARKER_SCHEMES:
            unsafe.append(written)
    return unsafe


def sanitize(html: str) -> str:
    """Keep only safe tags, attributes and link schemes (nh3, the Ammonia sanitizer)."""
    import nh3

    return nh3.clean(
        html,
        tags=(nh3.ALLOWED_TAGS - {"area", "map"}) | EXTRA_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=SAFE_SCHEMES | {LINK_MARKER.rstrip(":"), FILE_MARKER.rstrip(":")},
        link_rel=None,
    )


class MarkdownRenderer:
    """One Python-Markdown instance, reset between pages (building one is slow).

    Raw HTML is shown as text unless ``allow_raw_html``; then it is kept, and
    the page's HTML goes through an allow-list sanitizer.
    """

    def __init__(self, allow_raw_html: bool = False) -> None:
        self.allow_raw_html = allow_raw_html
        self._md = markdown.Markdown(
            extensions=[
                "tables",
                # not fenced_code: it costs a third of the time of a page, for code the site never shows
                "footnotes",
                "sane_lists",
            ],
            output_format="html",
        )
        if not allow_raw_html:
            # Raw HTML is escaped and shown as text instead of being passed through.
            self._md.preprocessors.deregister("html_block")
            self._md.inlinePatterns.deregister("html")
        self._md.treeprocessors.register(_InlineWhereNeeded(self._md), "inline", 20)
        _guard_blocks(self._md)
        self._links = _PageLinks(self._md)
        self._md.treeprocessors.register(self._links, "sitegen_page_links", 1)
        self._md.treeprocessors.register(_Figures(self._md), "sitegen_figures", 0.5)  # after the links' markers are there
        # After inline processing (20), before the tree is made pretty (10).
        self._md.treeprocessors.register(_HeadingIds(self._md), "sitegen_heading_ids", 6)
        # Before inline processing (20), while a block's text is still the text it starts with.
        self._marks = _SourceMarks(self._md)
        self._md.treeprocessors.register(self._marks, "sitegen_source_marks", 25)

    def render(self, body: str, page_key: str) -> RenderedBody:
        """Turn one page's Markdown into HTML; ``page_key`` anchors its relative links."""
        self._md.reset()
        self._links.page_key = page_key
        self._links.links = []
        self._links.unsafe = []
        self._links.missing_alt = []
        self._marks.active = "\ue000" in body
        body = without_comments(body)
        html = self._md.convert(body)
        if self.allow_raw_html:
            self._links.unsafe += _unsafe_raw_links(html)  # the sanitizer drops them without a word
            html = sanitize(html)
        ids = frozenset(re.findall(r'\bid="([^"]+)"', html))
        return RenderedBody(html, ids, tuple(self._links.links), tuple(self._links.unsafe), tuple(self._links.missing_alt))
