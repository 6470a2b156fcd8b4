"""Check a built site as a visitor's browser and a search engine would read it.

Every internal link, anchor, image (each width of a srcset), stylesheet and script must lead to a file
that exists; every page needs a title, a language and a description; every
image alternative text; hreflang alternates must be reciprocal; and, where
Java and the Nu Html Checker are installed, the HTML must be valid.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.core.problems import Problem

VNU_JAR = Path("node_modules") / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass
class _Reference:
    line: int
    tag: str
    url: str
    hreflang: str | None = None


@dataclass
class PageFacts:
    """What the checker reads from one HTML file."""

    lang: str | None = None
    title: str = ""
    description: str | None = None
    noindex: bool = False
    ids: set[str] = field(default_factory=set)
    references: list[_Reference] = field(default_factory=list)
    alternates: dict[str, str] = field(default_factory=dict)  # hreflang → href
    images_without_alt: list[int] = field(default_factory=list)
    texts: list[tuple[int, str, str | None]] = field(default_factory=list)  # (line, text, the language its nearest lang says) of the text shown


# Elements with no end tag, which never hold text; and those whose text is not shown as the page's.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_NOT_SHOWN = frozenset({"title", "script", "style", "template"})


class _PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self._in_title = False
        self._open: list[tuple[str, str | None]] = []  # the elements the parser is in, each with its lang, if it has one

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        line = self.getpos()[0]
        if tag not in _VOID:
            self._open.append((tag, attributes.get("lang")))
        if "id" in attributes:
            self.facts.ids.add(attributes["id"])
        if tag == "html":
            self.facts.lang = attributes.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "meta" and attributes.get("name") == "description":
            self.facts.description = attributes.get("content", "")
        elif tag == "meta" and attributes.get("name") == "robots":
            self.facts.noindex = "noindex" in (attributes.get("content") or "")
        elif tag == "a" and attributes.get("name"):
            self.facts.ids.add(attributes["name"])
        if tag == "img":
            if attributes.get("alt") is None:
                self.facts.images_without_alt.append(line)
        url = attributes.get("href") if tag in ("a", "link", "area") else attributes.get("src") if tag in ("img", "script", "source", "iframe") else None
        if url is not None:
            self.facts.references.append(_Reference(line, tag, url, attributes.get("hreflang")))
            if tag == "link" and attributes.get("rel") == "alternate" and attributes.get("hreflang"):
                self.facts.alternates[attributes["hreflang"]] = url
        if tag in ("img", "source"):  # each resized copy a srcset offers must be there too
            for candidate in (attributes.get("srcset") or "").split(","):
                if candidate.strip():
                    self.facts.references.append(_Reference(line, tag, candidate.split()[0]))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if any(name == tag for name, _ in self._open):  # an element left open inside it (<p>, <li>) ends with it
            while self._open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if self._in_title:
            self.facts.title += data
        if data.strip() and not any(name in _NOT_SHOWN for name, _ in self._open):
            language = next((lang for _, lang in reversed(self._open) if lang is not None), None)
            self.facts.texts.append((self.getpos()[0], data, language))


def read_page(path: Path) -> PageFacts:
    reader = _PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.facts


def check_site(out_dir: Path, base_url: str, source: str = "", source_texts: Mapping[str, tuple[str, ...]] | None = None) -> list[Problem]:
    """Every problem in the built site at out_dir, one per line, named by output file and line.

    ``source_texts`` are, by language tag, the texts its pages show in the
    ``source`` language (fallbacks.source_language_texts): each must stand in an
    element whose lang says so.
    """
    pages = {path.relative_to(out_dir).as_posix(): read_page(path) for path in sorted(out_dir.rglob("*.html"))}
    base_path = urlsplit(base_url).path or "/"
    problems: list[Problem] = []
    for name, facts in pages.items():
        where = lambda line, message, name=name: problems.append(Problem(name, line, message))
        if not facts.lang:
            where(1, "the <html> element has no lang")
        if not facts.title.strip():
            where(1, "no <title>")
        if not (facts.description or "").strip():
            where(1, 'no <meta name="description">')
        for line in facts.images_without_alt:
            where(line, 'an image has no alt text (alt="" if it is decoration)')
        for reference in facts.references:
            target = resolve(name, reference.url, base_url, base_path)
            if target is None:
                continue
            file, fragment = target
            if not (out_dir / file).is_file():
                where(reference.line, f"{reference.tag} {reference.url!r} leads nowhere: no file {file}")
            elif fragment and file.endswith(".html") and fragment not in pages[file].ids:
                where(reference.line, f"{reference.tag} {reference.url!r}: {file} has no id {fragment!r}")
        if not facts.noindex:
            for hreflang, href in facts.alternates.items():
                target = resolve(name, href, base_url, base_path)
                if hreflang == "x-default" or target is None or target[0] not in pages:
                    continue
                back = pages[target[0]].alternates
                if not any(resolve(target[0], url, base_url, base_path) == (name, "") for url in back.values()):
                    where(1, f"alternate {hreflang} {href} does not list this page among its own alternates")
                if pages[target[0]].lang != hreflang:
                    where(1, f"alternate {href} is marked hreflang {hreflang} but is in {pages[target[0]].lang}")
        for line, text in unmarked_texts(facts, source, (source_texts or {}).get(facts.lang or "", ())):
            where(line, f'{text!r} is in the source language ({source}) but not marked so: no element around it has lang="{source}"')
    return sorted(problems, key=lambda problem: (problem.path, problem.line or 0))


def unmarked_texts(facts: PageFacts, source: str, texts: tuple[str, ...]) -> list[tuple[int, str]]:
    """Each text of the source language a page shows outside an element of that language: (line, the text)."""
    if not texts or facts.lang == source:
        return []
    pattern = _any_of(texts)
    found = []
    for line, data, language in facts.texts:
        if language != source and (language or "").partition("-")[0] != source:
            found += [(line, match[0]) for match in pattern.finditer(" ".join(data.split()))]
    return found


@functools.lru_cache(maxsize=64)
def _any_of(texts: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the texts as a whole: not a word of a longer one ("Menu" is not found in "Menus")."""
    alternatives = sorted((re.escape(" ".join(text.split())) for text in texts), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def resolve(from_file: str, url: str, base_url: str, base_path: str) -> tuple[str, str] | None:
    """The output file (and fragment) a link leads to, or None if it leads out of the site."""
    parts = urlsplit(url)
    if parts.scheme == "webcal":  # a calendar subscription: the file it fetches is the site's own, checked as any link to it
        url = urlsplit(base_url).scheme + url[len("webcal") :]
        parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if not url.startswith(base_url):
            return None
        path = parts.path[len(base_path) :]
    elif not parts.path:
        return from_file, unquote(parts.fragment)
    elif parts.path.startswith("/"):
        if not parts.path.startswith(base_path):
            return None
        path = parts.path[len(base_path) :]
    else:
        path = posixpath.join(posixpath.dirname(from_file), parts.path)
    path = unquote(path)
    if path == "" or path.endswith("/"):
        path += "index.html"
    return posixpath.normpath(path), unquote(parts.fragment)


def find_html_checker(site_dir: Path) -> tuple[str, Path] | None:
    """Java and vnu.jar, if both are here: from $VNU_JAR, or node_modules in the site folder or above."""
    java = shutil.which("java")
    candidates = [Path(os.environ["VNU_JAR"])] if os.environ.get("VNU_JAR") else []
    candidates += [folder / VNU_JAR for folder in (site_dir.absolute(), *site_dir.absolute().parents)]
    candidates.append(Path(__file__).resolve().parents[2] / VNU_JAR)  # beside the generator's package
    jar = next((candidate for candidate in candidates if candidate.is_file()), None)
    return (java, jar) if java and jar else None


def validate_html(out_dir: Path, checker: tuple[str, Path]) -> list[Problem]:
    """The Nu Html Checker's errors, one per line."""
    java, jar = checker
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--skip-non-html", "--format", "gnu", str(out_dir)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    problems = []
    for line in result.stderr.splitlines():
        match = re.match(r'^"?(?:file:)?(?P<file>[^":]+)"?:(?P<line>\d+)[.\d-]*: (?:error|fatal): (?P<message>.*)$', line)
        if match:
            file = Path(match["file"])
            relative = file.relative_to(out_dir.absolute()).as_posix() if file.is_absolute() and file.is_relative_to(out_dir.absolute()) else match["file"]
            problems.append(Problem(relative, int(match["line"]), f"invalid HTML: {match['message']}"))
        elif line.strip():
            problems.append(Problem(".", None, f"Nu Html Checker: {line.strip()}"))
    if result.returncode != 0 and not problems:
        problems.append(Problem(".", None, f"Nu Html Checker failed (exit {result.returncode})"))
    return problems
