"""Content: the Markdown pages of every language, with their YAML front matter.

``content/<language>/<name>.md`` holds one page; ``<name>`` (with its folders)
is the page's translation key, shared by all its translations.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml
import yaml.reader

from sitegen.core.characters import unwritable_characters
from sitegen.core.comments import comment_lines
from sitegen.core.dates import impossible_day
from sitegen.core.files import site_files
from sitegen.core.parallel import map_in_order
from sitegen.core.problems import Problem, SourceChanged, did_you_mean, unreadable
from sitegen.core.schema import declare, declared_keys
from sitegen.core.yaml_files import LOADER as YAML_LOADER
from sitegen.core.yaml_files import node_mistakes
from sitegen.inputs.config import SiteConfig

CONTENT_DIR = "content"
HOME_KEY = "index"

# A slug is one URL path segment: letters, digits, hyphens and underscores, in any script.
SLUG_PATTERN = re.compile(r"^[^\W_][\w-]*$")
# A title heads the page, names it in menus, lists, feeds and the browser's tab, and is laid out whole in the booklet,
# where a title of a thousand words took minutes (of a hundred, 5 s; the hostile titles of test_poison are 505 characters).
LONGEST_TITLE = 1000
# It names a folder of the output: file systems hold 255 bytes a name, and the standby folder's temporary files add to it.
LONGEST_SLUG = 200
# What a page's file name (its address, unless a slug says otherwise) cannot hold for its links to work as written.
UNSAFE_IN_ADDRESS = re.compile(r'[\s?#%"<>\\^`{|}]')

TYPE_NAMES = {str: "a string", int: "a whole number", datetime.date: "a date (YYYY-MM-DD)"}


@dataclass(frozen=True)
class BodyInFile:
    """Where a page's body is in its file, read again where it is rendered instead of held.

    Held, the bodies were most of the building process: 320 MB of 443 MB
    at 50,000 pages, a share of it in every forked worker, and 335 MB of
    the page cache that a one-page build unpickled.
    """

    path: str  # the file, absolute: a worker reads it whatever its working folder
    start: int  # where the body starts in the file's text, as read_page reads it
    digest: str  # the body's sha256: a file changed since it was read is never taken for it

    def read(self, source: str) -> str:
        """The body; SourceChanged naming ``source`` if the file no longer holds it."""
        try:
            body = _file_text(Path(self.path).read_bytes())[self.start :]
        except (OSError, UnicodeDecodeError):
            body = None
        if body is None or _digest(body) != self.digest:
            raise SourceChanged([Problem(source, None, "changed while the site was being built: build again")])
        return body


@dataclass(frozen=True)
class Page:
    """One page in one language, as read from its Markdown file."""

    language: str
    key: str  # the translation key: the path below content/<language>/, without ".md"
    source: str  # the file, relative to the site folder, e.g. "content/es/invitation.md"
    title: str = field(metadata=declare(str, f"the page's title, at most {LONGEST_TITLE} characters", required=True))
    summary: str = field(metadata=declare(str, "one sentence: the page's description for search engines and lists"))
    slug: str = field(
        metadata=declare(
            str,
            f"the last part of the page's URL in this language (default: the file name), at most {LONGEST_SLUG} bytes; a section's index.md names the section's folder",
        )
    )
    menu_title: str = field(metadata=declare(str, "a short name for the main menu (default: the title)"))
    date: datetime.date | None = field(
        metadata=declare(datetime.date, "publication date (YYYY-MM-DD), for news; leave it out where the documents give none, and no date is shown")
    )
    updated: datetime.date | None = field(
        metadata=declare(datetime.date, "when the page last changed (YYYY-MM-DD): the feed entry's 'updated', never shown as the date of the text")
    )
    weight: int = field(
        metadata=declare(int, "order in its section's list, lower first (default 0); then dated pages newest first, then undated ones by title")
    )
    menu: int | None = field(metadata=declare(int, "position in the main menu; a page without it is not in the menu"))
    template: str = field(metadata=declare(str, "the template that renders the page (default: page.html)"))
    source_hash: str = field(metadata=declare(str, "in a translation: which version of the source it translates (written by 'build.py translated')"))
    key_lines: dict[str, int]  # the line each front matter key is set on
    stored_body: str | BodyInFile  # the Markdown text after the front matter, or where it is (body)
    body_line: int  # the line of the source file where the body starts
    card: str = field(
        default="", metadata=declare(str, "one short line on what the page holds, for lists of pages such as the home page's cards (default: none)")
    )
    text_language: str = ""  # the language the text is in, when not the page's own (a fallback)
    # A page put together from a catalog of segments (segment_pages.py): where each line of
    # its body was written (the catalog's line, or the source page's where untranslated), and
    # which of title, summary and menu_title are still the source's.
    body_places: tuple[tuple[str, int], ...] = ()
    source_fields: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        """The Markdown text after the front matter."""
        stored = self.stored_body
        return stored if isinstance(stored, str) else stored.read(self.source)

    @functools.cached_property
    def body_digest(self) -> str:
        """The body's sha256, kept with the page: what is made of the body is known by it without reading it."""
        stored = self.stored_body
        return _digest(stored) if isinstance(stored, str) else stored.digest

    @functools.cached_property
    def text_hash(self) -> str:
        """The short hash a translation of this page records as its ``source_hash``: a hash of what a translator
        translates of it, white space at the ends ignored.

        The texts are joined as JSON, so that no text can run into the next
        (a summary that ends where the menu title begins). Kept with the page,
        so that the page cache keeps it too: a one-page build hashed every
        source page again (0.03 s at 1,000 pages).
        """
        body = "\n".join(line.rstrip() for line in self.body.strip().split("\n"))
        texts = [self.title.strip(), self.summary.strip(), self.menu_title.strip(), body]
        if self.card:  # after the others, and only where set: pages without a card keep the hashes they had
            texts.append(self.card.strip())
        text = json.dumps(texts, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]

    @functools.cached_property
    def comments(self) -> tuple[tuple[int, str], ...]:
        """Each HTML comment of the body (comments.comment_lines), kept with the page as text_hash is."""
        return tuple(comment_lines(self.body))

    @property
    def feed_date(self) -> datetime.date | None:
        """When this page last changed as a feed entry: 'updated', else its publication date."""
        return self.updated or self.date

    @property
    def is_fallback(self) -> bool:
        return bool(self.text_language) and self.text_language != self.language

    def line_of(self, key: str) -> int:
        """The line a front matter key is set on (1, the file's start, if it is not set)."""
        return self.key_lines.get(key, 1)

    @property
    def section(self) -> str:
        """The key of the section index this page belongs to ('' for top-level pages)."""
        folder = self.key.rpartition("/")[0]
        if self.key.endswith("/" + HOME_KEY):
            folder = folder.rpartition("/")[0]
        return f"{folder}/{HOME_KEY}" if folder else ""


@dataclass(frozen=True)
class Content:
    """Every page of every language, by language, then by translation key."""

    pages: dict[str, dict[str, Page]]
    files: dict[str, Path] = dataclasses.field(default_factory=dict)  # "en/photos/x.jpg" → its file: images, documents
    default_language: str = ""

    def file_beside(self, language: str, key: str) -> str | None:
        """The file a page in ``language`` names ``key`` (its path below content/<language>/): its own
        language's, else the default language's, so that a translation shows the original's photographs
        without a copy of each."""
        for folder in (language, self.default_language):
            if f"{folder}/{key}" in self.files:
                return f"{folder}/{key}"
        return None

    def iter_pages(self):
        for language in self.pages:
            yield from self.pages[language].values()

    def keys(self) -> list[str]:
        """Every translation key, in a stable order."""
        return sorted({key for pages in self.pages.values() for key in pages})


# The keys front matter may hold, as Page declares them: (type, meaning).
FRONT_MATTER_KEYS = {name: (spec.kind, spec.meaning) for name, spec in declared_keys(Page).items()}


def load_content(site_dir: Path, config: SiteConfig, known=None, processes: int = 1) -> tuple[Content, list[Problem]]:
    """Read every page of every language; return the content and the problems found.

    ``known`` (an incremental.PageCache) holds the pages of the last build: a
    file with the same size and modification time is not parsed again. The
    files left to parse are parsed in ``processes`` forked processes when
    there are many (a cold build: 0.9 s for 5,000 pages in one).
    """
    problems: list[Problem] = []
    pages: dict[str, dict[str, Page]] = {language: {} for language in config.languages}
    files: dict[str, Path] = {}
    found: list[Page | _Unread | Problem] = []  # the pages, files to parse and problems, in the order the walk found them
    unread: list[tuple[Path, str]] = []
    root = site_dir / CONTENT_DIR
    if not root.is_dir():
        return Content(pages, default_language=config.default_language), [Problem(CONTENT_DIR, None, "folder not found: create content/<language>/index.md")]
    for folder in sorted(root.iterdir()):
        if folder.name.startswith("."):
            continue
        if not folder.is_dir():
            problems.append(Problem(_relative(folder, site_dir), None, "stray file: content/ holds one folder per language"))
        elif folder.name not in pages:
            problems.append(
                Problem(
                    _relative(folder, site_dir),
                    None,
                    f"'{folder.name}' is not one of the languages in site.toml {list(config.languages)}" + did_you_mean(folder.name, config.languages),
                )
            )
    for language in config.languages:
        folder = root / language
        if not folder.is_dir():
            if language == config.default_language:
                problems.append(Problem(f"{CONTENT_DIR}/{language}", None, "folder not found: the default language's pages are the source of all others"))
            continue  # a language with no pages yet: every page is a fallback
        walking: list[Problem] = []
        for location, name, stat in site_files(folder, site_dir, walking):
            found += walking  # told where the walk found them, among the pages' own problems
            walking.clear()
            if not name.endswith(".md"):
                if name.lower().endswith(".md"):  # copied as it is, it would publish the page's source
                    found.append(
                        Problem(f"{CONTENT_DIR}/{language}/{name}", None, f"a page's file name ends in '.md', in small letters: rename it {name[:-3]}.md")
                    )
                    continue
                files[f"{language}/{name}"] = Path(location)
                continue
            source = f"{CONTENT_DIR}/{language}/{name}"
            page = known.get(source, stat.st_size, stat.st_mtime_ns) if known else None
            if page is None:
                found.append(_Unread(source, stat.st_size, stat.st_mtime_ns, len(unread)))
                unread.append((Path(location), language))
            else:
                found.append(page)
        found += walking
    read = map_in_order(functools.partial(_read_alone, site_dir), unread, min(processes, len(unread) // FILES_PER_READER))
    for item in found:
        if isinstance(item, Problem):
            problems.append(item)
            continue
        if isinstance(item, _Unread):
            page, page_problems = read[item.number]
            problems += page_problems
            if page is None:
                continue
            if known:
                known.remember(item.source, item.size, item.mtime_ns, page)
        else:
            page = item
        pages[page.language][page.key] = page
    return Content(pages, files, config.default_language), problems


# A process forked to parse fewer files costs more than it saves (0.18 ms a file; a fork, 5 to 10 ms): 300 files
# are parsed by two (test_speed_paths builds 304 pages), and a machine of 64 cores forks 64 readers only for 9,600.
FILES_PER_READER = 150


class _Unread(NamedTuple):
    """A page file to parse, in its place among the pages found."""

    source: str
    size: int
    mtime_ns: int
    number: int  # its place among the files to parse


def _read_alone(site_dir: Path, file: tuple[Path, str]) -> tuple[Page | None, list[Problem]]:
    """One file parsed, with its own problems: read_page as a forked worker does it."""
    path, language = file
    problems: list[Problem] = []
    return read_page(path, site_dir, language, problems, leave_body_in_file=True), problems


def read_page(path: Path, site_dir: Path, language: str, problems: list[Problem], *, leave_body_in_file: bool = False) -> Page | None:
    """Read one Markdown file; on a problem, add it to ``problems`` and return None.

    With ``leave_body_in_file``, the page holds where its body is, not the body
    (BodyInFile): for the files of the site, which stay where they are.
    """
    source = _relative(path, site_dir)
    key = path.relative_to(site_dir / CONTENT_DIR / language).with_suffix("").as_posix()
    unsafe = UNSAFE_IN_ADDRESS.search(key)
    if unsafe:
        shown = "a space" if unsafe[0].isspace() else f"'{unsafe[0]}'"
        problems.append(Problem(source, None, f"its name holds {shown}, which a web address cannot hold as it is: rename the file, with hyphens for spaces"))
        return None
    try:
        raw = path.read_bytes()
    except FileNotFoundError:  # removed since the folder was walked: a branch switched, a file moved
        problems.append(Problem(source, None, "removed while the site was being built: build again"))
        return None
    except OSError as exc:
        problems.append(unreadable(source, exc))
        return None
    try:
        text = _file_text(raw)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(source, line, f"is not UTF-8 text ({exc.reason}): save it as UTF-8"))
        return None
    controls = unwritable_characters(text, source)
    if controls:
        problems += controls
        return None
    split = split_front_matter(text)
    if isinstance(split, str):
        problems.append(Problem(source, 1, split))
        return None
    front_text, body, body_line = split
    data = _parse_front_matter(front_text, source, problems)
    if data is _UNREADABLE:
        return None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.append(Problem(source, 2, f"front matter must be 'key: value' lines, not {type(data).__name__}"))
        return None
    found = len(problems)
    lines = front_matter_lines(front_text)
    values = _check_front_matter(data, lines, source, problems)
    if len(problems) > found:
        return None
    folder, _, name = key.rpartition("/")
    # A section's index page names the section's folder unless it sets a slug.
    default_slug = folder.rpartition("/")[2] if name == HOME_KEY and folder else name
    stored_body: str | BodyInFile = body
    if leave_body_in_file:
        stored_body = BodyInFile(os.path.abspath(path), len(text) - len(body), _digest(body))
    page = Page(
        language=language,
        key=key,
        source=source,
        title=values["title"],
        summary=values.get("summary", ""),
        slug=values.get("slug", default_slug),
        menu_title=values.get("menu_title", values["title"]),
        card=values.get("card", ""),
        date=values.get("date"),
        updated=values.get("updated"),
        weight=values.get("weight", 0),
        menu=values.get("menu"),
        template=values.get("template", "page.html"),
        source_hash=values.get("source_hash", ""),
        key_lines={str(key): lines.get(str(key), 1) for key in data},
        stored_body=stored_body,
        body_line=body_line,
    )
    page.__dict__["comments"] = tuple(comment_lines(body))  # each build asks for them (cached_property's own place)
    return page


def _file_text(data: bytes) -> str:
    """A page file's text as read_page reads it, and BodyInFile again: the body's start is counted in it."""
    text = data.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


_UNREADABLE = object()  # front matter YAML could not read (the problem says why)


def _parse_front_matter(front_text: str, source: str, problems: list[Problem]) -> Any:
    """The front matter's YAML value, or _UNREADABLE with the problem added at its line."""
    loader = YAML_LOADER(front_text)
    node = None
    try:
        node = loader.get_single_node()
        mistakes = node_mistakes(node, first_line=2)
        if mistakes:
            problems += [Problem(source, line, message) for line, message in mistakes]
            return _UNREADABLE
        return loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as a control character
        line = front_text[: exc.position].count("\n") + 2
        problems.append(Problem(source, line, f"front matter has a character YAML does not allow: U+{exc.character:04X} ({exc.reason})"))
        return _UNREADABLE
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc)
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None and context_mark.line + 2 != line:
            reason += f" ({context} that starts on line {context_mark.line + 2})"
        problems.append(Problem(source, line, f"front matter is not valid YAML: {reason}"))
        return _UNREADABLE
    except (ValueError, OverflowError) as exc:  # a well-formed value YAML cannot make, such as 2013-02-30
        impossible = _impossible_days(node) if node is not None else []
        if impossible:
            problems += [Problem(source, line, message) for line, message in impossible]
        else:
            problems.append(Problem(source, _impossible_value_line(front_text), f"front matter has a value that cannot be: {exc}"))
        return _UNREADABLE
    except RecursionError:
        problems.append(Problem(source, 1, "front matter is nested too deeply"))
        return _UNREADABLE
    finally:
        loader.dispose()


def split_front_matter(text: str) -> tuple[str, str, int] | str:
    """Split a page into (front matter, body, line of the body), or say what is wrong."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return "no front matter: start the file with a line '---', then 'title: …', then '---'"
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return "front matter is not closed: add a line '---' after it"


def _check_front_matter(data: dict, lines: dict[str, int], source: str, problems: list[Problem]) -> dict[str, Any]:
    values = {}
    for key, value in data.items():
        line = lines.get(str(key), 1)
        if key not in FRONT_MATTER_KEYS:
            problems.append(Problem(source, line, f"unknown front matter key '{key}'" + did_you_mean(str(key), FRONT_MATTER_KEYS)))
            continue
        expected = FRONT_MATTER_KEYS[key][0]
        if isinstance(value, bool) or not isinstance(value, expected) or (isinstance(value, datetime.datetime) and expected is datetime.date):
            problems.append(Problem(source, line, f"'{key}' must be {TYPE_NAMES[expected]}, not {_describe(value)}"))
            continue
        if expected is str and not value.strip():
            problems.append(Problem(source, line, f"'{key}' is empty"))
            continue
        values[key] = value.strip() if isinstance(value, str) else value
    if "title" not in data:
        problems.append(Problem(source, 1, "front matter has no 'title'"))
    title = values.get("title")
    if isinstance(title, str) and len(title) > LONGEST_TITLE:
        problems.append(
            Problem(
                source, lines.get("title", 1), f"the title is {len(title)} characters long, at most {LONGEST_TITLE}: say the rest in the summary or the text"
            )
        )
    slug = values.get("slug")
    if slug is not None and not SLUG_PATTERN.match(slug):
        problems.append(
            Problem(
                source,
                lines.get("slug", 1),
                f"slug '{slug}' must be one URL segment of letters, digits and hyphens (no '/', '.', spaces)",
            )
        )
    elif slug is not None and len(slug.encode("utf-8")) > LONGEST_SLUG:
        problems.append(
            Problem(source, lines.get("slug", 1), f"slug is {len(slug.encode('utf-8'))} bytes long: it names a folder, which holds at most {LONGEST_SLUG}")
        )
    template = values.get("template")
    if template is not None and (template.startswith(("/", "\\")) or ".." in template.split("/")):
        problems.append(Problem(source, lines.get("template", 1), f"template '{template}' must be a name inside templates/"))
    return values


_KEY_AT_LINE_START = re.compile(r"^['\"]?([^'\":\s][^'\":]*?)['\"]?\s*:", re.MULTILINE)


def front_matter_lines(front_text: str) -> dict[str, int]:
    """The line of the source file where each top-level key is set (front matter starts on line 2)."""
    lines: dict[str, int] = {}
    for match in _KEY_AT_LINE_START.finditer(front_text):
        lines.setdefault(match[1], front_text.count("\n", 0, match.start()) + 2)
    return lines


def _impossible_value_line(front_text: str) -> int:
    """The line whose value alone YAML cannot make (only asked after the whole failed)."""
    for number, line in enumerate(front_text.split("\n"), start=2):
        try:
            yaml.load(line, Loader=YAML_LOADER)
        except (ValueError, OverflowError):
            return number
        except yaml.YAMLError:
            continue
    return 1


def _impossible_days(root: yaml.Node) -> list[tuple[int, str]]:
    """(line, message) for each day YAML read as a date that the calendar does not have, named by its key."""
    found = []
    pairs = root.value if isinstance(root, yaml.MappingNode) else [(None, root)]
    for key, value in pairs:
        waiting = [value]
        while waiting:
            node = waiting.pop()
            if isinstance(node, yaml.ScalarNode) and node.tag == _TIMESTAMP and (reason := impossible_day(node.value)):
                named = f"key '{key.value}': " if isinstance(key, yaml.ScalarNode) else ""
                found.append((node.start_mark.line + 2, f"{named}{node.value} is not a date: {reason}"))
            elif isinstance(node, yaml.SequenceNode):
                waiting += node.value
            elif isinstance(node, yaml.MappingNode):
                waiting += [item for pair in node.value for item in pair]
    return sorted(found)


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, datetime.datetime):
        return "a date with a time"
    return {str: "a string", int: "a number", float: "a number", list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__) + (
        f" ({value!r})" if isinstance(value, (str, int, float)) else ""
    )


def _relative(path: Path, site_dir: Path) -> str:
    return path.relative_to(site_dir).as_posix()
