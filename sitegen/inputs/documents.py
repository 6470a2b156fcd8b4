"""The document library: data/documents.yaml, each document's title, kind, date and versions, checked key by key.

A version is one language's text: a file beside the data file
(``data/documents/<file>``, copied to the site as ``documents/<file>``) or an
address elsewhere; one version is the original, the others translations of
it. A document whose text the site does not have says only what is known:
where it can be read (``url``), which of the site's pages describes it
(``described_in``), a sentence by language (``note``).
"""

from __future__ import annotations

import contextlib
import datetime
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from sitegen.core.dates import impossible_day
from sitegen.core.files import iter_site_files
from sitegen.core.problems import Problem, did_you_mean
from sitegen.core.schema import declare, declared_keys
from sitegen.inputs.config import SiteConfig, address_problem
from sitegen.inputs.participation import DATA_DIR, NodeChecker, read_yaml

DOCUMENTS = f"{DATA_DIR}/documents.yaml"
FILES_DIR = f"{DATA_DIR}/documents"
OUTPUT_DIR = "documents"  # in the output, beside the languages' folders: one copy of a file for every language
KINDS = ("letter", "call", "resolution", "report", "statement")  # each named in the reader's language by the documents template
# By suffix, not from the system's MIME database: the output must not depend on the machine that builds it.
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "rtf": "application/rtf",
    "txt": "text/plain",
    "epub": "application/epub+zip",
}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Version:
    """One language's text of a document: a file of the site's, or an address elsewhere."""

    language: str = field(metadata=declare("language", 'the language of this text: a code such as "es" (any language, not only the site\'s)', required=True))
    original: bool = field(default=False, metadata=declare("flag", "true for the original, authentic text; every other version is a translation of it"))
    file: str = field(default="", metadata=declare("file", "a file in data/documents/, copied to the site's documents/ folder"))
    url: str = field(default="", metadata=declare("url", "where this text can be read elsewhere (http or https); a version has a file or a url"))
    size: int = 0  # the file's size in bytes

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[_suffix(self.file)] if self.file else ""

    @property
    def format(self) -> str:
        """What a reader calls the file's format: "PDF", "ODT"."""
        return _suffix(self.file).upper()


@dataclass(frozen=True)
class Document:
    id: str = field(metadata=declare("id", "a short name, unique (a-z, 0-9, hyphens): the document's anchor on the documents page", required=True))
    kind: str = field(metadata=declare("kind", f"what it is: {', '.join(KINDS)}; each language names it from its catalog", required=True))
    title: dict[str, str] = field(
        metadata=declare("localized", "its title: a text, or texts by language (a language without its own shows the default language's)", required=True)
    )
    date: datetime.date | None = field(default=None, metadata=declare("date", "the date it bears (YYYY-MM-DD); leave it out where the documents give none"))
    versions: tuple[Version, ...] = field(
        default=(), metadata=declare("versions", "its texts, one per language (the table below); leave it out where none is known")
    )
    url: str = field(default="", metadata=declare("url", "where it can be read when its versions are not known: the website that holds it"))
    described_in: str = field(
        default="",
        metadata=declare("page", "the page of this site that tells of it: its file name in the default language's folder, without .md (news/ilps-call)"),
    )
    note: dict[str, str] = field(default_factory=dict, metadata=declare("localized", "a sentence on it, by language: what else is known of its versions"))


DOCUMENT_KEYS = declared_keys(Document)
VERSION_KEYS = declared_keys(Version)


def load_documents(site_dir: Path, config: SiteConfig, pages: Collection[str]) -> tuple[tuple[Document, ...], list[Problem]]:
    """Read data/documents.yaml, if the site has one; ``pages`` are the keys ``described_in`` may name."""
    if not (site_dir / DOCUMENTS).is_file():
        return (), []
    root, problems = read_yaml(site_dir, DOCUMENTS)
    if problems:
        return (), problems
    files = {path.relative_to(site_dir / FILES_DIR).as_posix(): path for path in iter_site_files(site_dir / FILES_DIR, site_dir, problems)}
    checker = _DocumentsChecker(config, files, pages)
    documents = checker.documents(root)
    problems += checker.problems
    return (documents if not problems else ()), problems


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix[1:].lower()


class _DocumentsChecker(NodeChecker):
    def __init__(self, config: SiteConfig, files: dict[str, Path], pages: Collection[str]):
        super().__init__(config, DOCUMENTS)
        self.files = files
        self.pages = pages

    def documents(self, root: yaml.Node | None) -> tuple[Document, ...]:
        if not isinstance(root, yaml.SequenceNode):
            self.report(root, "must be a list of documents, each with " + ", ".join(key for key, spec in DOCUMENT_KEYS.items() if spec.required))
            return ()
        seen: set[str] = set()
        for node in root.value:
            given = [v for k, v in node.value if k.value == "id" and isinstance(v, yaml.ScalarNode)] if isinstance(node, yaml.MappingNode) else []
            for id_node in given:
                if id_node.value in seen:
                    self.report(id_node, f"id '{id_node.value}' is used twice: each document needs its own")
                seen.add(id_node.value)
        return tuple(document for document in map(self.document, root.value) if document)

    def document(self, node: yaml.Node) -> Document | None:
        values = self.fields(node, DOCUMENT_KEYS, "a document")
        return Document(**values) if values is not None else None

    def version(self, node: yaml.Node) -> Version | None:
        keys = {key.value for key, _ in node.value} if isinstance(node, yaml.MappingNode) else set()
        if ("file" in keys) == ("url" in keys):
            self.report(node, f"a version has either a 'file' (in {FILES_DIR}/) or a 'url', not both and not neither")
        values = self.fields(node, VERSION_KEYS, "a version")
        if values is None or ("file" in keys) == ("url" in keys):
            return None
        size = self.files[values["file"]].stat().st_size if values.get("file") else 0
        return Version(**values, size=size)

    def fields(self, node: yaml.Node, keys: dict, what: str) -> dict[str, Any] | None:
        """The values of a mapping's declared keys, each checked by its kind; None if any is wrong."""
        if not isinstance(node, yaml.MappingNode):
            self.report(node, f"{what} must be a mapping of " + ", ".join(keys))
            return None
        before = len(self.problems)
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in keys:
                self.report(key_node, f"unknown key '{key}' in {what}" + did_you_mean(key, keys))
                continue
            values[key] = getattr(self, f"read_{keys[key].kind}")(value_node, key)
        for key, spec in keys.items():
            if spec.required and key not in values:
                self.report(node, f"{what} has no '{key}': {spec.meaning}")
        return values if len(self.problems) == before else None

    def text(self, node: yaml.Node, key: str) -> str:
        if isinstance(node, yaml.ScalarNode) and node.value.strip():
            return node.value.strip()
        self.report(node, f"'{key}' must be a text")
        return ""

    def read_id(self, node: yaml.Node, key: str) -> str:
        value = self.text(node, key)
        if value and not _ID.match(value):
            self.report(node, f"id '{value}' may hold only a-z, 0-9 and hyphens: it is the document's anchor")
        return value

    def read_kind(self, node: yaml.Node, key: str) -> str:
        value = self.text(node, key)
        if value and value not in KINDS:
            self.report(node, f"kind '{value}' is not one of {', '.join(KINDS)}" + did_you_mean(value, KINDS))
        return value

    def read_localized(self, node: yaml.Node, key: str) -> dict[str, str]:
        return self.localized(node, f"'{key}'") or {}

    def read_date(self, node: yaml.Node, key: str) -> datetime.date | None:
        with contextlib.suppress(ValueError):
            if isinstance(node, yaml.ScalarNode):
                return datetime.date.fromisoformat(node.value)
        impossible = impossible_day(node.value) if isinstance(node, yaml.ScalarNode) else None
        self.report(node, f"'{key}': {node.value} is not a date: {impossible}" if impossible else f"'{key}' must be a date, YYYY-MM-DD")
        return None

    def read_flag(self, node: yaml.Node, key: str) -> bool:
        if isinstance(node, yaml.ScalarNode) and node.value in ("true", "false"):
            return node.value == "true"
        self.report(node, f"'{key}' must be true or false")
        return False

    def read_language(self, node: yaml.Node, key: str) -> str:
        code = self.text(node, key)
        try:
            Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            self.report(node, f"'{code}' is not a language code Babel knows, such as es or en")
        return code

    def read_file(self, node: yaml.Node, key: str) -> str:
        name = self.text(node, key)
        if name and name not in self.files:
            self.report(node, f"there is no file '{name}' in {FILES_DIR}/" + did_you_mean(name, self.files))
        elif name and _suffix(name) not in MEDIA_TYPES:
            self.report(node, f"'{name}' is not a kind of file the library knows: {', '.join(MEDIA_TYPES)}")
        return name

    def read_url(self, node: yaml.Node, key: str) -> str:
        url = self.text(node, key)
        if url and not url.startswith(("http://", "https://")):
            self.report(node, f"'{key}' must be an http:// or https:// address")
        elif url and address_problem(url):
            self.report(node, f"'{key}': {address_problem(url)}")
        return url

    def read_page(self, node: yaml.Node, key: str) -> str:
        name = self.text(node, key)
        if name and name not in self.pages:
            self.report(node, f"there is no page '{name}' (content/{self.config.default_language}/{name}.md)" + did_you_mean(name, self.pages))
        return name

    def read_versions(self, node: yaml.Node, key: str) -> tuple[Version, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"'{key}' must be a list of versions, each with a language and a file or url")
            return ()
        versions = tuple(version for version in map(self.version, node.value) if version)
        languages = [version.language for version in versions]
        for twice in sorted({code for code in languages if languages.count(code) > 1}):
            self.report(node, f"two versions in '{twice}': give each language one")
        if versions and len(versions) == len(node.value) and sum(version.original for version in versions) != 1:
            self.report(node, "exactly one version is the original ('original: true'); the others are its translations")
        return versions
