"""A page's HTML as plain text, fit to paste into a message: headings, paragraphs, lists, and links with their addresses.

Links are written out in full (a message has no page to be relative to);
a link whose text is its address is written once. Markup a text-only page
does not use is read as its text.
"""

from __future__ import annotations

import html.parser
import re
from urllib.parse import urljoin

_BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "tr", "div", "section", "ul", "ol", "dl", "nav", "header", "footer", "main"}
_SKIPPED = {"head", "script", "style", "template"}


def html_to_text(page: str, page_url: str) -> str:
    """The text of ``page`` (HTML), its links made absolute from ``page_url``."""
    reader = _Reader(page_url)
    reader.feed(page)
    reader.close()
    return reader.text()


def _is_address(text: str) -> bool:
    """Whether a link's text is itself an address (www.example.org, someone@example.org): written once."""
    return bool(re.fullmatch(r"(https?://|mailto:)?[\w.+-]+@[\w.-]+|(https?://)?(www\.)?[\w-]+(\.[\w-]+)+(/\S*)?", text))


class _Reader(html.parser.HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.blocks: list[tuple[str, str]] = []  # (tag, text) in order
        self.current: list[str] = []
        self.tag = ""
        self.links: list[tuple[str, int]] = []  # open links: address, where their text starts
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self._end_block()
            self.tag = tag
        elif tag == "br":
            self.current.append("\n")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append((urljoin(self.page_url, href) if href else "", len("".join(self.current))))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self._end_block()
        elif tag == "a" and self.links:
            address, start = self.links.pop()
            shown = "".join(self.current)[start:].strip()
            if address and "#" not in address.replace(self.page_url, "", 1)[:1] and not _is_address(shown):
                self.current.append(f" ({address})")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data)

    def _end_block(self) -> None:
        text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*", "\n", re.sub(r"[^\S\n]+", " ", "".join(self.current))).strip()
        if text:
            self.blocks.append((self.tag, text))
        self.current = []

    def text(self) -> str:
        self._end_block()
        lines: list[str] = []
        for tag, text in self.blocks:
            if tag in ("h1", "h2", "h3", "h4"):
                if lines:
                    lines.append("")
                lines += [text, ("=" if tag == "h1" else "-") * min(len(text), 72)]
            elif tag == "li":
                lines.append(f"- {text}")
            elif tag == "dt":
                lines.append(f"{text}:")
            elif tag == "dd":
                lines.append(f"  {text}")
            else:
                lines += ["", text] if lines and lines[-1] != "" else [text]
        return "\n".join(lines).strip() + "\n"
