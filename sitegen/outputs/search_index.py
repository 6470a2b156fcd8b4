"""The search index: Pagefind's files for every page that marks its own text with data-pagefind-body.

Pagefind (``pagefind[extended]`` from PyPI) indexes each ``<html lang>`` apart,
so a reader searching in Russian is given Russian pages only. A page shown in
a language as a fallback (the source language's text in another language's
site) does not carry the mark (templates/page.html), and parts of a page in
another language are left out (OTHER_LANGUAGE), so each text is indexed once,
in its own language; pages without the mark (the status page, the 404
pages, the search pages themselves) are not indexed at all. A site whose
templates mark no page has no index.

The index is made from the files that will be published, before the swap.
Pagefind has no incremental mode and takes seconds for a thousand pages, so
each language's files are kept in the cache with a digest of the pages they
were made from: only the languages whose indexed pages changed are indexed
again. Pagefind writes the same bytes for the same pages, except the order of
languages in ``pagefind-entry.json``, which is written here, sorted.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.files import OutputFile, write_atomically
from sitegen.core.problems import BuildFailed, Problem
from sitegen.model.routes import SEARCH_INDEX_ENTRY as ENTRY
from sitegen.model.routes import search_index_path

MARK = b"data-pagefind-body"
_LANG = re.compile(rb"<html[^>]*?\slang=\"([^\"]+)\"")
# Inside the marked text, an element with its own lang is in another language than the page: the
# untranslated parts of a page translated by segments, a title linked in its own language. Each
# language's index holds only its own words; a heading stays, as the result's title.
OTHER_LANGUAGE = "[data-pagefind-body] [lang]:not(h1)"
# Pagefind's ready-made interfaces: the search page has its own small script instead (static/search.js).
PAGEFIND_AT_ONCE = 2  # Pagefind processes running at once, each indexing one language
_NOT_PUBLISHED = re.compile(r"pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$|^playground/")


@dataclass(frozen=True)
class LanguageIndex:
    """One language's part of the index: its files and its entry in pagefind-entry.json."""

    digest: str  # of the pages it was made from
    entry: dict
    files: dict[str, bytes]  # path below SEARCH_DIR → bytes


def index_site(
    files: list[OutputFile], out_dir: Path, cache_dir: Path | None = None, signatures: dict[str, str] | None = None, staging: Path | None = None
) -> list[OutputFile]:
    """The index files (under pagefind/) for the HTML among ``files``; [] when no page is marked.

    A file without content is read from ``staging`` if a worker placed it
    there (writer.place), else, kept from the last build, from out_dir,
    unless ``signatures`` (output path → the signature of what it is made
    from) show it is the file the cache in ``cache_dir`` already knows; the
    cache keeps each language's index for the next build too.
    """
    known = _load(cache_dir / PAGES_CACHE) if cache_dir else None
    facts, contents = _page_facts(files, out_dir, signatures or {}, known if isinstance(known, dict) else {}, staging)
    if cache_dir and facts != known:
        _save(cache_dir, {PAGES_CACHE: facts})
    pages: dict[str, dict[str, str]] = {}  # language → path → sha256 of the page
    for path, (_, language, sha) in facts.items():
        if language is not None:
            pages.setdefault(language, {})[path] = sha
    if not pages:
        return []
    version = _pagefind_version()
    # By Pagefind's version and this module's code (how it calls Pagefind): an index made otherwise is never used.
    cache = cache_dir / f"search-{version}-{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]}" if cache_dir else None
    digests = {language: _digest(by_path) for language, by_path in pages.items()}
    indexes = {language: _cached(cache, language, digest) for language, digest in digests.items()}
    shared = _cached_shared(cache)
    stale = sorted(language for language, index in indexes.items() if index is None)
    if stale or shared is None:
        stale = stale if shared is not None else sorted(pages)
        read = lambda path: contents[path] if path in contents else (out_dir / path).read_bytes()  # kept: the same bytes as out_dir's
        made = {}
        # A language at a time in each Pagefind process: it holds the whole of what it is given in memory, and each
        # language's index is its own. Two at once: a run keeps a core and a half busy, and two keep the build's
        # memory to two languages' worth; the last language's shared files are kept, as when they ran one by one.
        with ThreadPoolExecutor(max_workers=PAGEFIND_AT_ONCE) as runs:
            results = list(runs.map(lambda language: _run_pagefind({path: read(path) for path in pages[language]}, digests), stale))
        for one, _ in results:
            made.update(one)
        shared = results[-1][1]
        indexes.update(made)
        if cache:
            for old in cache.parent.glob("search-*"):  # made by another version or other code: never used again
                if old.is_dir() and old != cache:
                    shutil.rmtree(old, ignore_errors=True)
            _save(cache, {**{f"{language}.pickle": index for language, index in made.items()}, "shared.pickle": shared})
    assert shared is not None
    return _output_files(version, {language: index for language, index in indexes.items() if index is not None}, shared)


PAGES_CACHE = "search-pages.pickle"


def _page_facts(
    files: list[OutputFile], out_dir: Path, signatures: dict[str, str], known: dict[str, tuple[str, str | None, str]], staging: Path | None
) -> tuple[dict[str, tuple[str, str | None, str]], dict[str, bytes]]:
    """For each HTML file: its signature, the language of its <html lang> if it is marked for search
    (None if not), and a hash of its bytes; and the bytes of the files read to learn it."""
    facts, contents = {}, {}
    for file in files:
        if not file.path.endswith(".html"):
            continue
        signature = signatures.get(file.path, "")
        before = known.get(file.path)
        if file.content is None and not file.placed and signature and before and before[0] == signature:
            facts[file.path] = before  # the very file the last build saw: made from the same inputs
            continue
        if file.content is not None:
            content = file.content
        elif file.placed:
            assert staging is not None  # a worker writes only into the folder the writer opened for it
            content = (staging / file.path).read_bytes()
        else:
            content = (out_dir / file.path).read_bytes()
        language = None
        if MARK in content:
            found = _LANG.search(content, 0, 2000)
            language = found.group(1).decode().lower() if found else ""
        facts[file.path] = (signature, language, hashlib.sha256(content).hexdigest())
        contents[file.path] = content
    return facts, contents


def _digest(by_path: dict[str, str]) -> str:
    return hashlib.sha256("".join(f"{path}\0{by_path[path]}\n" for path in sorted(by_path)).encode()).hexdigest()


def _run_pagefind(pages: dict[str, bytes], digests: dict[str, str]) -> tuple[dict[str, LanguageIndex], dict[str, bytes]]:
    """Index these pages with Pagefind: each language's index, and the files every language shares
    (its script, its WebAssembly for languages without their own, and the entry it wrote, for its settings)."""
    with tempfile.TemporaryDirectory(prefix="sitegen-search-") as temporary:
        site, bundle = Path(temporary) / "site", Path(temporary) / "bundle"
        for path, content in pages.items():
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_searchable_part(content))
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle), "--exclude-selectors", OTHER_LANGUAGE, "--silent"]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0 or not (bundle / ENTRY).is_file():
            raise BuildFailed([Problem("requirements.txt", None, f"Pagefind could not index the site: {(result.stderr or result.stdout).strip()}")])
        made = {path.relative_to(bundle).as_posix(): path.read_bytes() for path in bundle.rglob("*") if path.is_file()}
    entries = json.loads(made[ENTRY])["languages"]
    indexes = {}
    for language, entry in entries.items():
        mine = _belongs_to(entry)
        indexes[language] = LanguageIndex(digests.get(language, ""), entry, {path: content for path, content in made.items() if mine(path)})
    owned = {path for index in indexes.values() for path in index.files}
    shared = {path: content for path, content in made.items() if path not in owned and not _NOT_PUBLISHED.search(path)}
    return indexes, shared


def _searchable_part(page: bytes) -> bytes:
    """The page cut down to what Pagefind reads of it: its language and the element marked for search.

    Pagefind makes the same files of it (the title is the first heading in the
    element), a fifth faster for a thousand pages. A page whose element cannot
    be cut out plainly (marked twice, or its end not found) is given whole.
    """
    starts = list(_MARKED_START.finditer(page))
    language = _LANG.search(page, 0, 2000)
    if len(starts) != 1 or language is None:
        return page
    start, tag = starts[0].start(), starts[0].group(1)
    opening, closing = re.compile(rb"<" + tag + rb"[\s>]"), b"</" + tag + b">"
    depth, at = 0, start
    while True:
        end = page.find(closing, at)
        if end < 0:
            return page
        depth += len(opening.findall(page, at, end)) - 1
        at = end + len(closing)
        if depth <= 0:
            return b'<!DOCTYPE html><html lang="' + language.group(1) + b'"><body>' + page[start:at] + b"</body></html>"


_MARKED_START = re.compile(rb"<([a-z][a-z0-9]*)\b[^>]*\sdata-pagefind-body[\s>=]")


def _belongs_to(entry: dict):
    """Whether a file of Pagefind's output is one language's: its meta, WebAssembly, index and fragments."""
    prefix = entry["hash"].rpartition("_")[0] + "_"
    own = {f"pagefind.{entry['hash']}.pf_meta", f"wasm.{entry['wasm']}.pagefind"}
    return lambda path: path in own or (path.rpartition("/")[2].startswith(prefix) and "/" in path)


def _output_files(version: str, indexes: dict[str, LanguageIndex], shared: dict[str, bytes]) -> list[OutputFile]:
    files = dict(shared)
    entry = {**json.loads(shared[ENTRY]), "version": version, "languages": {language: indexes[language].entry for language in sorted(indexes)}}
    files[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    for index in indexes.values():
        files.update(index.files)
    return [OutputFile(search_index_path(path), files[path]) for path in sorted(files)]


def _pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:
        message = "the site's templates mark pages for search (data-pagefind-body), but Pagefind is not installed: pip install -r requirements.txt"
        raise BuildFailed([Problem("requirements.txt", None, message)]) from None


def _cached(cache: Path | None, language: str, digest: str) -> LanguageIndex | None:
    index = _load(cache / f"{language}.pickle") if cache else None
    return index if isinstance(index, LanguageIndex) and index.digest == digest else None


def _cached_shared(cache: Path | None) -> dict[str, bytes] | None:
    shared = _load(cache / "shared.pickle") if cache else None
    return shared if isinstance(shared, dict) else None


def _load(path: Path):
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        return None


def _save(folder: Path, values: dict[str, object]) -> None:
    """Each value into its file in folder, each in one rename."""
    for name, value in values.items():
        write_atomically(folder / name, functools.partial(pickle.dump, value, protocol=pickle.HIGHEST_PROTOCOL))
