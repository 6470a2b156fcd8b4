"""Control characters in what a person writes: an error at their line, never a character on a page.

A NUL, an escape sequence or a stray form feed copied from a terminal, a PDF
or a word processor shows as nothing, or as a box, and some browsers and
feed readers refuse a page that holds one. Tab, line feed and carriage return
are the only control characters a text may hold; DEL and the C1 controls
(U+0080 to U+009F, most often Windows-1252 quotation marks read as Latin-1)
are refused too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sitegen.core.language_marks import reserved_character_problems
from sitegen.core.problems import Problem

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NAMES = "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US".split()  # noqa: SIM905 (the C0 names in order)


# A line ends where a file's lines end: str.splitlines() also breaks at U+2028, U+2029 and U+0085,
# which a text may hold (a line separator pasted from a word processor) and gettext reads as text.
_LINE = re.compile(r".*?(?:\r\n|\r|\n)|.+\Z", re.S)


def split_lines(text: str, keepends: bool = False) -> list[str]:
    """The lines of a file's text as gettext, TOML and YAML count them: broken at line feeds and carriage returns only."""
    lines = _LINE.findall(text)
    return lines if keepends else [line.rstrip("\r\n") for line in lines]


def describe_control(character: str) -> str:
    """How a message names one: "control character U+001B (ESC)" (a C1 control has no short name)."""
    code = ord(character)
    name = _NAMES[code] if code < 0x20 else "DEL" if code == 0x7F else ""
    return f"control character U+{code:04X}" + (f" ({name})" if name else "")


def iter_control_characters(text: str) -> Iterator[tuple[int, str]]:
    """(line, message) for the first control character on each line that holds one; lines count from 1."""
    if not CONTROL.search(text):  # the usual case, at the speed of one regular expression
        return
    for number, line in enumerate(text.split("\n"), start=1):
        found = CONTROL.search(line.rstrip("\r"))
        if found:
            yield number, f"{describe_control(found[0])} at column {found.start() + 1}: delete it (it cannot be shown on a page)"


def unwritable_characters(text: str, file: str) -> list[Problem]:
    """Each character a person's text may not hold, at its line: control characters, and the
    private-use ones the build keeps for its language marks (language_marks.py)."""
    return [Problem(file, line, message) for line, message in iter_control_characters(text)] + reserved_character_problems(text, file)
