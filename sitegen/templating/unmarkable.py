"""Where a template shows an interface string that no mark can follow: in an attribute value or a <title>.

A string shown in the source language is marked with its lang and dir where
it stands in a page's text (fallbacks.py); in an attribute (og:image:alt, an
aria-label) or in <title>, <option>, <textarea>, <script> or <style>, no element
can hold it, and it stays unmarked. ``status LANG`` lists each of those a
language has not translated, at the template's line, found by reading the
templates' source as Jinja's lexer cuts it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.templating.templates import TEMPLATES_DIR

_CALLS = {"_": 0, "gettext": 0, "ngettext": 0, "pgettext": 1, "npgettext": 1}  # the call → where its msgid is among its strings
_TEXT_ONLY = ("title", "option", "textarea", "script", "style")  # elements whose content is text: no element goes in
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")


@dataclass(frozen=True)
class Unmarkable:
    """One interface string a template shows where no mark can go."""

    template: str  # templates/NAME
    line: int
    context: str | None  # msgctxt
    msgid: str
    where: str  # "the attribute content of <meta>", "<title>"


def iter_unmarkable(site_dir: Path) -> list[Unmarkable]:
    """Every gettext call of the site's templates that stands in an attribute value or a text-only element."""
    environment = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    templates = {}
    for path in sorted((site_dir / TEMPLATES_DIR).rglob("*.html")):
        try:
            templates[f"{TEMPLATES_DIR}/{path.relative_to(site_dir / TEMPLATES_DIR).as_posix()}"] = list(environment.lex(path.read_text(encoding="utf-8")))
        except (jinja2.TemplateSyntaxError, UnicodeDecodeError, OSError):
            continue  # the build reports it
    # A block a child template fills stands where its parent opens it ({% block title %} in <title>): two rounds.
    blocks: dict[str, str] = {}
    for name, tokens in templates.items():
        _in_template(name, tokens, blocks)
    return [found for name, tokens in templates.items() for found in _in_template(name, tokens, blocks)]


def _in_template(name: str, tokens: list[tuple[int, str, str]], blocks: dict[str, str]) -> list[Unmarkable]:
    """The calls of one template that stand where no mark can go; ``blocks`` learns where each block opens, and tells."""
    state = _HtmlState()
    found = []
    meaningful = [token for token in tokens if token[1] != "whitespace"]
    open_blocks: list[str] = []  # where each block being written stands, as its parent has it
    for index, (line, kind, value) in enumerate(meaningful):
        if kind == "name" and value == "block" and meaningful[index - 1][1] == "block_begin" and index + 1 < len(meaningful):
            block = meaningful[index + 1][2]
            if state.where():
                blocks[block] = state.where()
            open_blocks.append(state.where() or blocks.get(block, ""))
        elif kind == "name" and value == "endblock" and open_blocks:
            open_blocks.pop()
        where = state.where() or (open_blocks[-1] if open_blocks else "")
        if kind == "data":
            state.read(value)
        elif kind == "name" and value in _CALLS and where and index + 2 < len(meaningful) and meaningful[index + 1][2] == "(":
            strings = []
            for _, next_kind, next_value in meaningful[index + 2 :]:
                if next_kind != "string" and next_value != ",":
                    break
                if next_kind == "string":
                    strings.append(ast.literal_eval(next_value))
            position = _CALLS[value]
            if len(strings) > position:
                context = strings[0] if position else None
                found.append(Unmarkable(name, line, context, strings[position], where))
    return found


class _HtmlState:
    """Where the HTML a template writes stands, as its literal text goes by: in text, in a tag, in a text-only element."""

    def __init__(self) -> None:
        self.tag: str | None = None  # the tag being written, while its '>' has not come
        self.attribute = ""  # the attribute whose value is being written
        self.quote = ""  # the quote that opened that value
        self.inside: str | None = None  # the text-only element being written

    def where(self) -> str:
        if self.quote:
            return f"the attribute {self.attribute} of <{self.tag}>"
        if self.inside and self.tag is None:
            return f"<{self.inside}>"
        return ""

    def read(self, text: str) -> None:
        position = 0
        while position < len(text):
            if self.quote:
                end = text.find(self.quote, position)
                if end < 0:
                    return
                self.quote, position = "", end + 1
            elif self.tag is not None:
                match = re.compile(r"\s*(?:([^\s=>\"']+)\s*=\s*([\"']?)|(>)|(\S))").match(text, position)
                if match is None:
                    return
                if match[1]:
                    self.attribute, self.quote = match[1], match[2]
                elif match[3]:
                    if self.tag.lower() in _TEXT_ONLY:
                        self.inside = self.tag.lower()
                    self.tag = None
                position = match.end()
            else:
                found = _TAG.search(text, position)
                if found is None:
                    return
                if found[1]:  # an end tag
                    if self.inside == found[2].lower():
                        self.inside = None
                    end = text.find(">", found.end())
                    position = len(text) if end < 0 else end + 1
                else:
                    self.tag, position = found[2], found.end()
