"""Changes the command line makes to a site's own files, for translators.

Each edit touches as little of the file as it can (one front matter line, one
array in site.toml), keeps everything else byte for byte, and checks the
result before writing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.files import write_atomically
from sitegen.core.problems import BuildFailed, Problem
from sitegen.i18n.catalogs import catalog_path
from sitegen.i18n.freshness import source_hash
from sitegen.inputs.config import CONFIG_NAME, SiteConfig, language_problem, load_config
from sitegen.inputs.content import CONTENT_DIR, read_page, split_front_matter
from sitegen.templating.template_catalogs import dated_template, extract_messages, new_catalog, write_catalog


def mark_translated(site_dir: Path, config: SiteConfig, language: str, keys: list[str]) -> list[str]:
    """Record in each translation that it translates the current version of its source.

    ``keys`` are translation keys ("invitation", "news/ilps-call"); a key may
    also be written as a file name ("invitation.md"). Returns the files changed.
    """
    if language not in config.languages:
        raise BuildFailed([Problem(CONFIG_NAME, None, f"'{language}' is not one of the languages {list(config.languages)}")])
    if language == config.default_language:
        raise BuildFailed([Problem(CONFIG_NAME, None, f"'{language}' is the source language: its pages are not translations")])
    problems: list[Problem] = []
    changed = []
    for key in keys:
        key = key.removesuffix(".md").removeprefix(f"{CONTENT_DIR}/{language}/")
        source_path = site_dir / CONTENT_DIR / config.default_language / f"{key}.md"
        path = site_dir / CONTENT_DIR / language / f"{key}.md"
        if not source_path.is_file():
            problems.append(Problem(f"{CONTENT_DIR}/{config.default_language}/{key}.md", None, "not found: no source page by that name"))
            continue
        if not path.is_file():
            problems.append(Problem(f"{CONTENT_DIR}/{language}/{key}.md", None, "not found: translate the page first, then mark it"))
            continue
        source = read_page(source_path, site_dir, config.default_language, problems)
        translation = read_page(path, site_dir, language, problems)
        if source is None or translation is None:
            continue
        if _set_front_matter(path, "source_hash", source_hash(source)):
            changed.append(translation.source)
    if problems:
        raise BuildFailed(problems)
    return changed


def _set_front_matter(path: Path, key: str, value: str) -> bool:
    """Set one plain front matter value in place; return whether the file changed."""
    raw = path.read_bytes()
    newline = "\r\n" if b"\r\n" in raw else "\n"
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    split = split_front_matter(text)
    assert not isinstance(split, str), "read_page checked the front matter"
    front, body, _ = split
    # Quoted: a hash of digits alone would otherwise be read as a number.
    line = f'{key}: "{value}"'
    pattern = re.compile(rf"^{re.escape(key)}\s*:.*$", re.MULTILINE)
    new_front = pattern.sub(line, front, count=1) if pattern.search(front) else (front + "\n" + line if front else line)
    new_text = "---\n" + new_front + "\n---\n" + body
    if new_text == text:
        return False
    encoded = ("\ufeff" if bom else "") + new_text.replace("\n", newline)
    write_atomically(path, encoded.encode("utf-8"))
    return True


@dataclass(frozen=True)
class LanguageAdded:
    """What ``new-language`` did: whether the language was listed already, and the files it wrote."""

    listed_before: bool  # site.toml named it already (added by hand): only what was missing was made
    written: list[str]
    catalog: str  # its catalog, relative to the site folder; "" for the source language, which needs none


def add_language(site_dir: Path, code: str) -> LanguageAdded:
    """Add a language, or complete one already listed: list it in site.toml and create its catalog from the templates' strings.

    A language someone listed in site.toml by hand gets whatever it lacks (the
    build names this command for it), and nothing it has is touched. Its pages
    need nothing: until they are translated, each is built from the source page
    and marked as such.
    """
    config = load_config(site_dir)
    problem = language_problem(code)
    if problem:
        raise BuildFailed([Problem(CONFIG_NAME, None, problem)])
    listed_before = code in config.languages
    written = []
    catalog = site_dir / catalog_path(code)
    # The default language needs no catalog: the templates are written in it. Made before
    # site.toml is touched, so that strings that cannot be extracted change nothing.
    made = new_catalog(dated_template(site_dir, extract_messages(site_dir)), code) if code != config.default_language and not catalog.exists() else None
    if not listed_before:
        _list_language(site_dir, code)
    if made is not None:
        write_catalog(catalog, made)
        written.append(catalog_path(code))
    if not listed_before:
        written.append(CONFIG_NAME)
    return LanguageAdded(listed_before, written, catalog_path(code) if code != config.default_language else "")


def _list_language(site_dir: Path, code: str) -> None:
    """Add ``code`` at the end of site.toml's languages, keeping the rest of the file byte for byte; undone if the result does not load."""
    path = site_dir / CONFIG_NAME
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^(languages\s*=\s*\[)(.*?)(\s*\])", text, re.MULTILINE | re.DOTALL)
    if not match:
        raise BuildFailed([Problem(CONFIG_NAME, None, "has no 'languages = [...]' line to add the language to")])
    items = match[2].rstrip().rstrip(",")
    write_atomically(path, (text[: match.start(2)] + items + f', "{code}"' + text[match.end(2) :]).encode("utf-8"))
    try:
        added = load_config(site_dir)
    except BuildFailed:
        write_atomically(path, text.encode("utf-8"))
        raise
    assert code in added.languages
