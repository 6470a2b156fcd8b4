"""Galleries: the photographs a page shows from a data file, with their alt text and captions by language.

``data/galleries/<page key>.yaml`` lists them in order, each a file beside
the page in the default language's folder (one set of photographs for every
language), its alt text (required) and its caption with credit and copyright:

    - file: photos/pit-head.jpg
      alt: {en: Miners at the pit head, es: Mineros en la bocamina}
      caption: {en: "The pit head at dawn — photograph © A. Photographer"}

A template that reads ``gallery`` (templates/gallery.html) shows them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitegen.core.characters import unwritable_characters
from sitegen.core.problems import Problem, did_you_mean
from sitegen.core.yaml_files import compose, node_mistakes
from sitegen.inputs.config import SiteConfig
from sitegen.inputs.content import Content
from sitegen.inputs.images import ImageFacts
from sitegen.inputs.participation import DATA_DIR

GALLERIES_DIR = f"{DATA_DIR}/galleries"
ENTRY_FIELDS = {"file": "the photograph, beside the page", "alt": "what it shows, by language (required)", "caption": "its caption and credit, by language"}


@dataclass(frozen=True)
class GalleryPhoto:
    name: str  # as Site.images names it: "en/photos/pit-head.jpg"
    alt: dict[str, str]  # by language; the default language's is required
    caption: dict[str, str]


def load_galleries(
    site_dir: Path, config: SiteConfig, written: Content, images: dict[str, ImageFacts]
) -> tuple[dict[str, tuple[GalleryPhoto, ...]], list[Problem]]:
    """Every gallery, by the key of the page that shows it, and the problems of their files."""
    root = site_dir / GALLERIES_DIR
    galleries: dict[str, tuple[GalleryPhoto, ...]] = {}
    problems: list[Problem] = []
    for path in sorted(root.rglob("*.yaml")) if root.is_dir() else []:
        key = path.relative_to(root).with_suffix("").as_posix()
        reader = _GalleryReader(path.relative_to(site_dir).as_posix(), key, config, images)
        if key not in written.pages[config.default_language]:
            reader.report(None, f"no page content/{config.default_language}/{key}.md: a gallery is named after the page that shows it")
        else:
            galleries[key] = reader.read(path)
        problems += reader.problems
    return galleries, problems


class _GalleryReader:
    def __init__(self, source: str, key: str, config: SiteConfig, images: dict[str, ImageFacts]):
        self.source, self.key, self.config, self.images = source, key, config, images
        self.problems: list[Problem] = []

    def report(self, node: yaml.Node | None, message: str) -> None:
        self.problems.append(Problem(self.source, node.start_mark.line + 1 if node is not None else 1, message))

    def read(self, path: Path) -> tuple[GalleryPhoto, ...]:
        try:
            text = path.read_text(encoding="utf-8-sig")
            unwritable = unwritable_characters(text, self.source)
            root = compose(text) if not unwritable else None
        except (UnicodeDecodeError, yaml.YAMLError, RecursionError) as exc:
            mark = getattr(exc, "problem_mark", None)
            self.problems.append(Problem(self.source, mark.line + 1 if mark else None, f"cannot be read as YAML: {getattr(exc, 'problem', None) or exc}"))
            return ()
        if unwritable:
            self.problems += unwritable
            return ()
        mistakes = node_mistakes(root)
        if mistakes:
            self.problems += [Problem(self.source, line, message) for line, message in mistakes]
            return ()
        if not isinstance(root, yaml.SequenceNode):
            self.report(root, "must be a list of photographs, each with file, alt and caption")
            return ()
        return tuple(photo for photo in map(self.photo, root.value) if photo is not None)

    def photo(self, node: yaml.Node) -> GalleryPhoto | None:
        if not isinstance(node, yaml.MappingNode):
            self.report(node, "each photograph has file, alt and caption")
            return None
        fields = {key.value: value for key, value in node.value}
        for unknown in sorted(set(fields) - set(ENTRY_FIELDS)):
            self.report(node, f"unknown field '{unknown}'" + did_you_mean(str(unknown), ENTRY_FIELDS))
        name = self.file(fields.get("file"), node)
        alt = self.texts(fields["alt"], "alt", node) if "alt" in fields else {}
        if alt is not None and not alt.get(self.config.default_language):
            no_alt = f"no alt text in '{self.config.default_language}': say what the photograph shows (this site has no decorative images)"
            self.report(fields.get("alt", node), no_alt)
            return None
        caption = self.texts(fields["caption"], "caption", node) if "caption" in fields else {}
        return GalleryPhoto(name, alt, caption) if name and alt and caption is not None else None

    def file(self, node: yaml.Node | None, entry: yaml.Node) -> str | None:
        written = node.value if isinstance(node, yaml.ScalarNode) else ""
        if not written:
            self.report(node or entry, "'file' names the photograph, beside the page (photos/pit-head.jpg)")
            return None
        name = f"{self.config.default_language}/" + posixpath.normpath(posixpath.join(posixpath.dirname(self.key), written))
        if name not in self.images:
            self.report(node, f"'{written}': no JPEG or PNG content/{name}")
            return None
        return name

    def texts(self, node: yaml.Node | None, what: str, entry: yaml.Node) -> dict[str, str] | None:
        """A text for every language ({default: text} when it is one text), or None with the problem reported."""
        if isinstance(node, yaml.ScalarNode):
            return {self.config.default_language: node.value.strip()}
        if isinstance(node, yaml.MappingNode) and all(isinstance(value, yaml.ScalarNode) for _, value in node.value):
            texts = {key.value: value.value.strip() for key, value in node.value}
            unknown = sorted(set(texts) - set(self.config.languages))
            if unknown:
                self.report(node, f"'{what}': {', '.join(unknown)} not among the languages {list(self.config.languages)}")
                return None
            return texts
        self.report(node or entry, f"'{what}' must be a text, or texts by language")
        return None
