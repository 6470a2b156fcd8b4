"""Marks that say a text is in another language than the page around it, and the pass that turns them into lang and dir.

A text shown in a language other than its page's is wrapped, where it is made,
in private-use characters: ``language_mark(tag, direction)`` before it and
``MARK_CLOSE`` after it. Pages put together from segments (segments.py) start
a block still in the source language with the opening mark alone, which
markup.py moves onto the block's own element. Interface strings and
site.toml texts shown in the source language (fallbacks.py) are closed too, and
once a template has rendered, ``apply_marks`` makes each pair in text content a
``<span lang dir>``; where no element can go (inside a tag, which is an
attribute value, and in <title>, <option>, <textarea>, <script>, <style>) it
drops the pair and keeps the text. No input may hold these characters
(``reserved_character_problems``), so every mark is the build's own.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from markupsafe import Markup, escape

from sitegen.core.problems import Problem

# Private-use characters, which no text of a site needs: U+E000 tag dir U+E001 opens a mark, U+E002 closes it.
MARK_START, MARK_END, MARK_CLOSE = "\ue000", "\ue001", "\ue002"
RESERVED = MARK_START + MARK_END + MARK_CLOSE
OPENING = re.compile("\ue000([A-Za-z0-9-]{1,35}) (ltr|rtl)\ue001")


def language_mark(tag: str, direction: str) -> str:
    """The mark that opens a text in the language ``tag`` written in ``direction`` (ltr or rtl)."""
    return f"{MARK_START}{tag} {direction}{MARK_END}"


def marked(text: str, tag: str, direction: str) -> str:
    """A text wrapped in the marks of its language (plain text stays plain: escaping leaves the marks alone)."""
    return f"{language_mark(tag, direction)}{text}{MARK_CLOSE}"


class InLanguage(str):
    """A text in another language than the page's (a site.toml text shown in the default language).

    It is a plain ``str`` to everything but a template's escaping, which asks
    it for its HTML (``__html__``) and gets it marked with its language: a
    feed, a calendar or JSON takes the text alone, and a template's
    comparisons and filters see the text as it is.
    """

    tag: str
    direction: str

    def __new__(cls, text: str, tag: str, direction: str) -> InLanguage:
        made = super().__new__(cls, text)
        made.tag, made.direction = tag, direction
        return made

    def __getnewargs__(self) -> tuple[str, str, str]:  # type: ignore[override]
        return str(self), self.tag, self.direction

    def __html__(self) -> Markup:
        return Markup(marked(str(escape(str(self))), self.tag, self.direction))


class TwoWordings(str):
    """A text in the page's language that the source language words its own way: a language's name.

    It is the page's wording ("anglais" on a French page) to everything but a
    message shown in the source language for want of a translation
    (fallbacks.py), which puts in the source's wording instead ("English"), so
    that the sentence stays in one language: "shown in English", not "shown in
    anglais".
    """

    source: str

    def __new__(cls, text: str, source: str) -> TwoWordings:
        made = super().__new__(cls, text)
        made.source = source
        return made

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return str(self), self.source


def has_marks(text: str) -> bool:
    # Three `in` tests, not any() over RESERVED: a template's every value passes here, half a million times a 5,000-page build.
    return MARK_START in text or MARK_END in text or MARK_CLOSE in text


def strip_marks(text: str) -> str:
    """The text without any mark: for where a mark cannot go (an attribute, a feed, a calendar)."""
    if not has_marks(text):
        return text
    return OPENING.sub("", text).translate(_DROP_RESERVED)


_DROP_RESERVED = {ord(character): None for character in RESERVED}

# What text content is not: comments, elements whose content is text a span cannot enter, and tags
# (a tag's attribute values are text too, but no element can go in them). Values in tags are escaped
# by Jinja, so a '>' ends a tag.
_NOT_TEXT = re.compile(r"<!--.*?-->|<(script|style|title|textarea|option)\b[^>]*>.*?</\1\s*>|<[^>]*>", re.DOTALL | re.IGNORECASE)
_MARK = re.compile("\ue000([A-Za-z0-9-]{1,35}) (ltr|rtl)\ue001|\ue002|[\ue000\ue001]")


def apply_marks(html: str) -> str:
    """A rendered page with each mark pair in its text content made a ``<span lang dir>``, and every other mark dropped.

    Only pairs that open and close in the right order become elements, so a
    span is never left open or closed twice; a pair right inside one of the
    same language (a site.toml name in an interface string, both in the
    source language) says nothing new, and is dropped too.
    """
    if not has_marks(html):
        return html
    parts: list[tuple[bool, str]] = []  # (is text content, the part)
    position = 0
    for found in _NOT_TEXT.finditer(html):
        parts += [(True, html[position : found.start()]), (False, strip_marks(found[0]))]
        position = found.end()
    parts.append((True, html[position:]))
    marks = [(index, match) for index, (is_text, part) in enumerate(parts) if is_text for match in _MARK.finditer(part)]
    kept = _balanced(marks)
    out = []
    for index, (is_text, part) in enumerate(parts):
        if not is_text or not has_marks(part):
            out.append(part)
            continue
        out.append(_MARK.sub(functools.partial(_kept_or_dropped, kept, index), part))
    return "".join(out)


def _kept_or_dropped(kept: dict[tuple[int, int], str], index: int, match: re.Match[str]) -> str:
    return kept.get((index, match.start()), "")


def _balanced(marks: list[tuple[int, re.Match[str]]]) -> dict[tuple[int, int], str]:
    """The markup of each mark that opens or closes a pair (by part and place); the others become nothing.

    A pair that follows one of the same language with only white space between
    (two sentences of a footer) continues it: one span keeps them in their
    order, where two would each be placed right to left on a page that is.
    """
    kept: dict[tuple[int, int], str] = {}
    open_marks: list[tuple[tuple[int, int], re.Match[str]]] = []  # each pair opened and not yet closed: where, its mark
    closed: tuple[tuple[int, int], tuple[int, int], re.Match[str], int] | None = None  # the last pair closed: where it opened and closed, its mark, its depth
    for index, match in marks:
        where = (index, match.start())
        if match[1]:
            follows = closed is not None and closed[1][0] == index and closed[3] == len(open_marks) and closed[2][1] == match[1]
            if closed is not None and follows and kept.get(closed[1]) and not match.string[closed[1][1] + 1 : match.start()].strip():
                del kept[closed[1]]
                open_marks.append((closed[0], closed[2]))
                closed = None
                continue
            open_marks.append((where, match))
        elif match[0] == MARK_CLOSE and open_marks:
            opened, opening = open_marks.pop()
            closed = (opened, where, opening, len(open_marks))
            if not open_marks or open_marks[-1][1][1] != opening[1]:
                kept[opened] = f'<span lang="{opening[1]}" dir="{opening[2]}">'
                kept[where] = "</span>"
    return kept


def without_stray_marks(value: Any) -> Any:
    """A value a template writes, without a mark it did not get from the build (a "\\ue002" escape in TOML, YAML or JSON).

    The input files are refused with the characters themselves
    (``reserved_character_problems``), but an escape makes them unseen. HTML
    the build made (Markup) keeps its marks, and an InLanguage its own.
    """
    if not isinstance(value, str) or isinstance(value, Markup) or not has_marks(value):
        return value
    return InLanguage(strip_marks(value), value.tag, value.direction) if isinstance(value, InLanguage) else strip_marks(value)


def reserved_character_problems(text: str, file: str) -> list[Problem]:
    """An error at each line of an input file that holds a character the build keeps for its marks."""
    if not has_marks(text):
        return []
    return [
        Problem(
            file,
            number,
            f"has the private-use character U+{ord(next(c for c in line if c in RESERVED)):04X}, which the build keeps for its own marks: remove it",
        )
        for number, line in enumerate(text.splitlines(), start=1)
        if has_marks(line)
    ]
