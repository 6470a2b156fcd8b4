""".po files written as the gettext tools write them, so that no tool undoes another's work.

Babel's writer is used as it is, with three corrections that make a file
come back byte for byte from ``catalogs``, and unchanged but for dates from
``pybabel update``:

- lines are wrapped at 76 columns, ``pybabel``'s default; a file whose
  meaning is unchanged is not written at all (same_meaning), so one that
  msgmerge or Poedit wrapped at 79 stays as they saved it;
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

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import normalize, read_po, unescape, write_po

from sitegen.core.characters import split_lines

WIDTH = 76  # pybabel's default


def po_bytes(catalog: Catalog, kept_header: str | None = None) -> bytes:
    """The catalog as a .po file; with ``kept_header``, that header text instead of Babel's own."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, sort_output=False, include_previous=True)
    text = mend_previous_ids(buffer.getvalue().decode(catalog.charset), catalog)
    if kept_header is None:
        return text.encode(catalog.charset)
    head, blank, rest = text.partition("\n\n")
    start = head.find('msgid ""\n') if head.startswith('msgid ""\n') else head.find('\nmsgid ""\n') + 1
    if start < 0 or not head[start:].startswith('msgid ""\n'):
        return text.encode(catalog.charset)
    pot_date = dict(catalog.mime_headers).get("POT-Creation-Date")
    if pot_date:
        kept_header = re.sub(r"^POT-Creation-Date:.*$", f"POT-Creation-Date: {pot_date}", kept_header, count=1, flags=re.M)
    header = 'msgid ""\nmsgstr ' + normalize(kept_header, width=WIDTH)
    return (head[:start] + header + blank + rest).encode(catalog.charset)


DATE_FIELDS = ("POT-Creation-Date", "PO-Revision-Date")  # when, not what: a file that differs in these alone is the same
# Nor which Babel wrote it: an installed wheel may bring a newer one than requirements.txt pins.
NOT_WHAT_IT_SAYS = (*DATE_FIELDS, "Generated-By")


def same_meaning(old: bytes, new: bytes) -> bool:
    """Whether two .po or .pot files say the same, however each was wrapped or ordered.

    What counts is what a translator's tool reads: the header's fields but
    its dates, and for each entry, current or obsolete, its context, original,
    translation, flags, comments, references and previous original. Lines
    rewrapped at 79 columns (Poedit, msgcat, msgmerge) or at 76 (pybabel) are
    the same file.
    """
    if old == new:
        return True
    theirs, ours = _meaning(old), _meaning(new)
    return theirs is not None and theirs == ours


def _meaning(data: bytes) -> tuple | None:
    try:
        catalog = read_po(io.BytesIO(data))
        text = data.decode(catalog.charset or "utf-8")
    except Exception:  # a file that does not read says nothing the same as another
        return None
    restore_previous_ids(catalog)
    fields = {}
    for line in split_lines(header_text(text) or ""):
        name, colon, value = line.partition(":")
        name = name.strip()
        if colon and name not in NOT_WHAT_IT_SAYS:
            # msgmerge writes the charset upper-case ("charset=UTF-8") and may move a field: the same header.
            fields[name] = value.strip().lower() if name == "Content-Type" else value.strip()

    def entry(message: Message) -> tuple:
        return (
            message.string,
            frozenset(message.flags),
            _words(message.auto_comments),
            _words(message.user_comments),
            tuple(message.previous_id),
            tuple(sorted(message.locations, key=str)),
        )

    current = {(message.id, message.context): entry(message) for message in catalog if message.id}
    obsolete = {(message.id, message.context): entry(message) for message in catalog.obsolete.values()}
    return fields, current, obsolete


def _words(comments: list[str]) -> str:
    """Comments as words: a tool that wraps a long comment onto two lines does not change it."""
    return " ".join(" ".join(comments).split())


def mend_previous_ids(text: str, catalog: Catalog) -> str:
    """Babel wraps an old original (``#| msgid``) as comment text, which breaks a long one
    into lines msgfmt cannot read: each such block written again as msgmerge writes it."""
    previous = iter([message.previous_id[0] for message in catalog if message.id and message.previous_id])
    lines, out, index = text.split("\n"), [], 0
    while index < len(lines):
        if not lines[index].startswith("#| "):
            out.append(lines[index])
            index += 1
            continue
        while index < len(lines) and lines[index].startswith("#| "):
            index += 1
        # normalize() with a prefix wraps short of the width: wrap, then prefix each line.
        out.append("#| msgid " + normalize(next(previous), width=WIDTH - 3).replace("\n", "\n#| "))
    return "\n".join(out)


def header_text(text: str) -> str | None:
    """The msgstr of a .po file's header entry (msgid ""), or None when it has none."""
    lines = iter(split_lines(text))
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


def merge(catalog: Catalog, template: Catalog) -> None:
    """Bring ``catalog`` up to date with ``template`` as msgmerge does, for every kind of catalog (interface, programme, page segments).

    New originals are added; a changed one is matched fuzzily and flagged fuzzy with its old original (``#| msgid``);
    a gone one is made obsolete. An entry that stays fuzzy keeps the old original it had, and only such an entry keeps one.
    """
    restore_previous_ids(catalog)
    before = {_key(message): message.previous_id for message in catalog if message.previous_id}
    catalog.update(template, update_header_comment=False)
    for message in catalog:
        message.previous_id = (message.previous_id or before.get(_key(message), [])) if message.fuzzy else []


def _key(message: Message) -> tuple[str, str | None]:
    return (message.id if isinstance(message.id, str) else message.id[0], message.context)


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
