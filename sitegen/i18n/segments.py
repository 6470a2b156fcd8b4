"""A page cut into segments for translation, and put together again from their translations.

A translator may translate a page paragraph by paragraph in a gettext catalog
instead of copying its Markdown. The segments are what a translator
translates: the front matter's title, summary and menu title, and each
heading, paragraph, list item, table cell and image alt text of the body,
with its inline Markdown (links, emphasis) kept as written. What lies between
them (``##``, ``- ``, ``|``, blank lines, code) is the source's own and is
kept as it is, so the page put together has the source's structure.

A segment with no translation (or only a fuzzy one) is put together in the
source language, its block starting with a mark (language_marks.py) that the
Markdown renderer turns into the block's ``lang`` and ``dir``: the page then
goes through the same Markdown, links and checks as any other.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from babel.messages.catalog import Catalog

from sitegen.core.language_marks import RESERVED, has_marks
from sitegen.inputs.content import Page

TITLE, SUMMARY, MENU_TITLE, CARD = "title", "summary", "menu title", "card line"
HEADING, PARAGRAPH, LIST_ITEM, TABLE_CELL, IMAGE_ALT = "heading", "paragraph", "list item", "table cell", "image alt text"
FIELDS = (("title", TITLE), ("summary", SUMMARY), ("menu_title", MENU_TITLE), ("card", CARD))  # front matter key, what it is
ONE_LINE = {TITLE, SUMMARY, MENU_TITLE, CARD, HEADING, TABLE_CELL, IMAGE_ALT}


@dataclass(frozen=True)
class Segment:
    """One text a translator translates, as the source page has it."""

    text: str
    kind: str  # title, heading, paragraph, list item…
    line: int  # its line in the source page


Part = str | Segment  # literal Markdown of the source, or a segment
Line = tuple[Part, ...]  # one line of the body as the source has it


@dataclass(frozen=True)
class SplitPage:
    """A source page as segments: its front matter's texts and its body's lines."""

    fields: tuple[tuple[str, Segment], ...]  # (front matter key, its segment)
    lines: tuple[Line, ...]
    ambiguous: frozenset[str]  # texts that stand for segments of different kinds: told apart by a context

    def segments(self) -> Iterator[Segment]:
        for _, segment in self.fields:
            yield segment
        for line in self.lines:
            yield from (part for part in line if isinstance(part, Segment))

    def context(self, segment: Segment) -> str | None:
        """The msgctxt of a segment: none unless the same text is also a segment of another kind."""
        return segment.kind if segment.text in self.ambiguous else None


def split_page(page: Page) -> SplitPage:
    """Cut a source page into its segments and the Markdown between them."""
    fields = tuple((key, Segment(getattr(page, key), kind, page.line_of(key))) for key, kind in FIELDS if key in page.key_lines or key == "title")
    lines = tuple(_BodyScanner(page.body, page.body_line).scan())
    split = SplitPage(fields, lines, frozenset())
    kinds: dict[str, set[str]] = collections.defaultdict(set)
    for segment in split.segments():
        kinds[segment.text].add(segment.kind)
    return SplitPage(fields, lines, frozenset(text for text, found in kinds.items() if len(found) > 1))


def page_template(page: Page, split: SplitPage) -> Catalog:
    """The segments of a source page as a catalog template (.pot): each where it is and what it is."""
    template = Catalog(project="sitegen", charset="utf-8", fuzzy=False)
    for segment in split.segments():
        context = split.context(segment)
        known = template.get(segment.text, context=context)
        if known is not None:  # the same text twice: one message, translated once, found at both places
            if (page.source, segment.line) not in known.locations:
                known.locations.append((page.source, segment.line))
            continue
        template.add(segment.text, None, [(page.source, segment.line)], auto_comments=[segment.kind], context=context)
    for message in template:
        # Page text is not a format string: "100% of" must not be checked as one by msgfmt -c.
        message.flags.discard("python-format")
    return template


# --- the body, line by line

_ATX = re.compile(r"^(#{1,6}[ \t]*)(.*?)([ \t]*#*[ \t]*)$")  # as Python-Markdown reads one: no space needed after the hashes
_RULE = re.compile(r"^\s{0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)[ \t]*$")
_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])[ \t]+)(\S.*)$")
_EMPTY_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s*$")
_QUOTE = re.compile(r"^(\s*>[ \t]?)(.*)$")


def _is_table_rule(line: str) -> bool:
    return bool(_TABLE_RULE.match(line)) and "-" in line and "|" in line


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_REFERENCE = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*\S")  # [name]: https://… , a link's address
_FOOTNOTE = re.compile(r"^(\s{0,3}\[\^[^\]]+\]:[ \t]*)(\S.*)$")  # [^1]: its text
_IMAGE_ALONE = re.compile(r"^(!\[)((?:[^\]\\]|\\.)*)(\]\(.*\))$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


class _BodyScanner:
    """Reads a body's lines into segments and literal Markdown, as Python-Markdown's blocks would fall."""

    def __init__(self, body: str, first_line: int):
        self.lines = body.split("\n")
        self.first_line = first_line
        self.out: list[list[Part]] = []
        self.open: tuple[int, str] | None = None  # (index in out, kind) of a paragraph or item that may go on
        self.open_lines = 0  # how many lines the open block has
        self.in_list = False

    def scan(self) -> Iterator[Line]:
        # No fenced code: the site's Markdown does not read it (markup.py), so ``` is text like any other.
        in_table = False
        for index, line in enumerate(self.lines):
            number = self.first_line + index
            if not line.strip():
                self._literal(line)
                in_table = False
            elif in_table or (not self.open and _CELL_SPLIT.search(line) and index + 1 < len(self.lines) and _is_table_rule(self.lines[index + 1])):
                in_table = True  # a table starts a block: after a paragraph's line it is that paragraph's text
                self._row(line, number)
            else:
                self._block_line(line, number)
        for parts in self.out:
            yield self._finish(parts)

    def _block_line(self, line: str, number: int) -> None:
        kind = self.open[1] if self.open else None
        quote = _QUOTE.match(line)
        if self.open and _SETEXT.match(line) and (self.open_lines == 1 or line.strip().startswith("-")):
            if self.open_lines == 1:  # Python-Markdown underlines a block of one line, whatever it starts with ("- a")
                index = self.open[0]
                parts = self.out[index]
                segment = parts[1]
                assert isinstance(segment, Segment)
                self.out[index] = [Segment(str(parts[0]).lstrip() + segment.text, HEADING, segment.line)]
            else:  # a rule under a block of several lines: apart from it, so that a translation on one line is no heading
                self._literal("")
            self._literal(line)
        elif (kind != PARAGRAPH and (_RULE.match(line) or _EMPTY_ITEM.match(line))) or _REFERENCE.match(line):
            self._literal(line)  # a rule, an empty list item, a link's address
        elif not self.open and not self.in_list and line.startswith("    "):
            self._literal(line)  # indented code
        elif match := _ATX.match(line):
            self._add([match[1], Segment(match[2], HEADING, number), match[3]] if match[2] else [line])
        elif match := _FOOTNOTE.match(line):
            self._add([match[1], Segment(match[2], PARAGRAPH, number)], opens=PARAGRAPH)
        elif (item := _ITEM.match(line)) and self._starts_item(item[1]):
            self._add([item[1], Segment(item[2], LIST_ITEM, number)], opens=LIST_ITEM)
            self.in_list = True
        elif quote and not quote[2].strip():
            self._literal(line)  # an empty line of a quotation
        elif self.open and (not quote or str(self.out[self.open[0]][0]).strip().startswith(">")):
            self._go_on(quote[2] if quote else line)
        elif quote:
            self._add([quote[1], Segment(quote[2].strip(), PARAGRAPH, number)], opens=PARAGRAPH)
        else:
            indent = line[: len(line) - len(line.lstrip())]
            self._add([indent, Segment(line.strip(), PARAGRAPH, number)], opens=PARAGRAPH)

    def _starts_item(self, lead: str) -> bool:
        """Whether a line like a list item starts one: not inside a paragraph, nor a list of the other kind (sane_lists)."""
        if not self.open:
            return True
        if self.open[1] == PARAGRAPH:
            return False
        open_lead = str(self.out[self.open[0]][0])
        return open_lead.strip()[:1].isdigit() == lead.strip()[:1].isdigit() or len(lead) - len(lead.lstrip()) >= 4

    def _go_on(self, text: str) -> None:
        """A line that goes on with the open paragraph or item: its segment's text goes on after a space."""
        assert self.open is not None
        parts = self.out[self.open[0]]
        segment = parts[1]
        assert isinstance(segment, Segment)
        joiner = "\n" if segment.text.endswith(("  ", "\\")) else " "  # a hard line break stays one
        parts[1] = Segment(segment.text + joiner + text.strip(), segment.kind, segment.line)
        self.open_lines += 1

    def _row(self, line: str, number: int) -> None:
        self.open = None
        if _TABLE_RULE.match(line):
            self._literal(line)
            return
        parts: list[Part] = []
        cells = _CELL_SPLIT.split(line)
        for position, cell in enumerate(cells):
            if position:
                parts.append("|")
            text = cell.strip()
            if not text:
                parts.append(cell)
                continue
            lead = cell[: len(cell) - len(cell.lstrip())]
            trail = cell[len(cell.rstrip()) :]
            parts += [lead, Segment(text, TABLE_CELL, number), trail]
        self.out.append(parts)

    def _literal(self, line: str) -> None:
        self.out.append([line])
        self.open = None
        if not line.strip():
            return
        if not line.startswith((" ", "\t")):
            self.in_list = False

    def _add(self, parts: list[Part], opens: str | None = None) -> None:
        self.out.append(parts)
        self.open = (len(self.out) - 1, opens) if opens else None
        self.open_lines = 1
        if not (opens == LIST_ITEM or parts[0].startswith((" ", "\t"))):  # type: ignore[union-attr]  # a block's first part is its lead
            self.in_list = False

    @staticmethod
    def _finish(parts: list[Part]) -> Line:
        """A paragraph that is an image alone translates as its alt text."""
        if len(parts) == 2 and isinstance(parts[1], Segment) and parts[1].kind == PARAGRAPH and (match := _IMAGE_ALONE.match(parts[1].text)):
            segment = parts[1]
            return (parts[0], match[1], Segment(match[2], IMAGE_ALT, segment.line), match[3])
        return tuple(part for part in parts if part != "" or len(parts) == 1)


# --- putting a page together


@dataclass(frozen=True)
class Translation:
    """What a catalog gives for one segment: its text, or None where the source's is shown."""

    text: str | None
    place: tuple[str, int]  # where it is written: the catalog and line, or the source page and line


def assemble_body(split: SplitPage, translate: Callable[[Segment], Translation], mark: str) -> tuple[str, tuple[tuple[str, int], ...]]:
    """The body in the translation's language where it is translated, and where each of its lines was written.

    An untranslated segment keeps the source's text and starts its block with
    ``mark``; before an image alone, so that the paragraph holding it is marked.
    """
    lines: list[str] = []
    places: list[tuple[str, int]] = []
    for line in split.lines:
        text, place = _assemble_line(line, translate, mark)
        for piece in text.split("\n"):
            lines.append(piece)
            places.append(place)
    return "\n".join(lines), tuple(places)


def _assemble_line(line: Line, translate: Callable[[Segment], Translation], mark: str) -> tuple[str, tuple[str, int]]:
    out: list[str] = []
    place = ("", 0)
    for part in line:
        if isinstance(part, str):
            out.append(part)
            continue
        found = translate(part)
        place = place if place[0] else found.place
        if found.text is not None:
            out.append(found.text)
        elif part.kind == IMAGE_ALT:  # the mark goes before "![": on the paragraph, not inside the alt text
            out[-1:] = [mark + out[-1]] if out else [mark]
            out.append(part.text)
        else:
            out += [mark, part.text]
    return "".join(out), place


# --- what a translation must keep

_LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)|<((?:https?|mailto|tel):[^>\s]+)>")
_STARTS_BLOCK = re.compile(r"^\s*(#|[-*+]\s|\d+[.)]\s|>|\||```|~~~|[-*_]([ \t]*[-*_]){2,}\s*$|=+\s*$)")


def link_targets(text: str) -> collections.Counter:
    """Where a text's links lead, without their anchors: a translation names headings in its own language."""
    return collections.Counter((match[1] or match[2] or "").partition("#")[0] or "#" for match in _LINK.finditer(text))


def translation_problems(segment: Segment, translation: str) -> list[str]:
    """What is wrong with a segment's translation: links it drops or adds, Markdown structure it breaks."""
    problems = []
    if has_marks(translation):
        problems.append(f"has a private-use character ({', '.join(f'U+{ord(c):04X}' for c in RESERVED)}), which marks text in another language: remove it")
    if "\n\n" in translation.strip():
        problems.append("has an empty line, which would split it into blocks: keep it one block")
    elif segment.kind in ONE_LINE and "\n" in translation.strip():
        problems.append(f"has a line break, which a {segment.kind} cannot hold: keep it on one line")
    if segment.kind not in (TITLE, SUMMARY, MENU_TITLE, CARD):
        starting = next((line for line in translation.strip().split("\n") if _STARTS_BLOCK.match(line)), None)
        if starting is not None:
            problems.append(f"has a line that starts a new Markdown block ({starting.strip()[:20]!r}): a {segment.kind} stays one")
        if segment.kind == TABLE_CELL and _CELL_SPLIT.search(translation):
            problems.append("has a '|', which would split the table cell: write it as '\\|'")
        if segment.kind == IMAGE_ALT and re.search(r"(?<!\\)[\[\]]", translation):
            problems.append("has a '[' or ']', which would end the image's alt text: write it as '\\[' or '\\]'")
    expected, found = link_targets(segment.text), link_targets(translation)
    if expected != found:
        missing, extra = sorted((expected - found).elements()), sorted((found - expected).elements())
        what = [f"drops the link to {', '.join(missing)}"] if missing else []
        what += [f"adds a link to {', '.join(extra)}, which the original does not have"] if extra else []
        problems.append(" and ".join(what) + ": keep the original's links, their text translated")
    return problems
