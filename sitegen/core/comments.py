"""HTML comments in Markdown: notes for whoever edits the file, never for the reader.

A translator's ``<!-- TODO: check this name -->`` is left out of the page
(with raw HTML off, Python-Markdown would show it as text), and the build
names each one as a warning at its line, so that a note left for later is
seen, and ``--strict`` stops on it. A comment inside code (an indented
block, or between backticks) is code, shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_COMMENT = re.compile(r"<!--.*?-->", re.S)


def comments(body: str) -> Iterator[re.Match[str]]:
    """Each comment of a Markdown text that is not code."""
    if "<!--" not in body:
        return
    for match in _COMMENT.finditer(body):
        line_start = body.rfind("\n", 0, match.start()) + 1
        before = body[line_start : match.start()]
        if before.startswith(("    ", "\t")) or before.count("`") % 2:
            continue
        yield match


def without_comments(body: str) -> str:
    """The text with its comments taken out."""
    found = list(comments(body))
    for match in reversed(found):
        body = body[: match.start()] + body[match.end() :]
    return body


def comment_lines(body: str) -> list[tuple[int, str]]:
    """(line within the text, counted from 0; the comment's first line) of each comment, for the warnings."""
    return [(body.count("\n", 0, match.start()), " ".join(match[0][4:-3].split())[:60]) for match in comments(body)]
