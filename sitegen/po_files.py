""".po files written as the gettext tools write them, so that no tool undoes another's work.

Babel's writer is used as it is, with three corrections that make a file
come back byte for byte from ``catalogs``, and unchanged but for dates from
``pybabel update``:

- lines are wrapped at 76 columns, ``pybabel``'s default (msgmerge and
  Poedit wrap at 79: a file they saved is rewrapped once, then stays put);
- ``#| msgid`` (the previous original of a fuzzy entry) is read back as
  what it is: Babel 2.18's reader takes it for a translator comment, which
  its writer turns into ``# | msgid``, one more on every run;
- the header an existing file carries is kept, every field as the
  translator's tool wrote it (Last-Translator, PO-Revision-Date,
  Language-Team, Plural-Forms, X-Generator…), as msgmerge keeps it; only
  POT-Creation-Date follows the template.
"""

from __future__ import annotations

import io
import re

from babel.messages.catalog import Catalog
from babel.messages.pofile import normalize, unescape, write_po

WIDTH = 76  # pybabel's default


def po_bytes(catalog: Catalog, kept_header: str | None = None) -> bytes:
    """The catalog as a .po file; with ``kept_header``, that header text instead of Babel's own."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, sort_output=False, include_previous=True)
    if kept_header is None:
        return buffer.getvalue()
    text = buffer.getvalue().decode(catalog.charset)
    head, blank, rest = text.partition("\n\n")
    start = head.find('msgid ""\n') if head.startswith('msgid ""\n') else head.find('\nmsgid ""\n') + 1
    if start < 0 or not head[start:].startswith('msgid ""\n'):
        return buffer.getvalue()
    pot_date = dict(catalog.mime_headers).get("POT-Creation-Date")
    if pot_date:
        kept_header = re.sub(r"^POT-Creation-Date:.*$", f"POT-Creation-Date: {pot_date}", kept_header, count=1, flags=re.M)
    header = 'msgid ""\nmsgstr ' + normalize(kept_header, width=WIDTH)
    return (head[:start] + header + blank + rest).encode(catalog.charset)


def header_text(text: str) -> str | None:
    """The msgstr of a .po file's header entry (msgid ""), or None when it has none."""
    lines = iter(text.splitlines())
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped != 'msgid ""':
            return None
        break
    else:
        return None
    parts: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not parts and stripped.startswith("msgstr "):
            parts.append(stripped[len("msgstr ") :])
        elif parts and stripped.startswith('"'):
            parts.append(stripped)
        else:
            break
    return "".join(unescape(part) for part in parts) if parts else None


def restore_previous_ids(catalog: Catalog) -> None:
    """Turn the ``#| msgid`` lines Babel read as translator comments back into previous msgids.

    Babel stores ``#| msgid "x"`` (and the ``# | msgid "x"`` its writer made of
    it before) as the comment ``| msgid "x"``. A previous msgctxt has no place
    in Babel's messages, so it is dropped, as it would be after one more merge.
    """
    for message in [*catalog, *catalog.obsolete.values()]:
        previous = [comment for comment in message.user_comments if comment.startswith("|")]
        if previous:
            message.user_comments = [comment for comment in message.user_comments if not comment.startswith("|")]
            message.previous_id = _previous_id(previous)


def _previous_id(comments: list[str]) -> list[str]:
    fields: dict[str, str] = {}
    keyword = None
    for comment in comments:
        body = comment[1:].strip()
        if body.startswith('"') and keyword:
            fields[keyword] += unescape(body)
        elif " " in body:
            keyword, _, quoted = body.partition(" ")
            fields[keyword] = unescape(quoted.strip())
    return [fields[name] for name in ("msgid", "msgid_plural") if name in fields]
