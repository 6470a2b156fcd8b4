"""``sitegen new DIR``: start another conference's site, which builds at once and passes ``check``.

The site.toml it writes lists every key the schema declares (config.py), each
with its meaning; what is not known yet stays empty, and the site shows it as
to be announced. Templates and a stylesheet come from sitegen/commands/starter/. A site
in several languages gets each other language's catalog and a home page to
translate. Until the example values it writes are replaced, every build says
which are left (``examples_left``).
"""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Sequence
from pathlib import Path

from sitegen.core.problems import BuildFailed, Problem
from sitegen.core.schema import declared_keys
from sitegen.inputs.config import CONFIG_NAME, Conference, SiteConfig, key_lines, language_problem
from sitegen.templating.template_catalogs import update_catalogs

STARTER = Path(__file__).parent / "starter"
DEFAULT_NAME = "The conference"  # the name a site started without --name has: an example too
# What the comment above a value the starter wrote as an example says; a build reads it back (examples_left).
EXAMPLE_NOTE = "(required: this is an example, put the real value)"
GITIGNORE = (
    "# What a build makes: sitegen build, sitegen build --offline, and the caches (safe to delete).\noutput/\noutput-offline/\noutput-offline.zip\n.cache/\n"
)
BABEL_CFG = (
    "# Where the translatable strings are: `sitegen catalogs` (or pybabel extract -F babel.cfg) reads this.\n[jinja2: templates/**.html]\nencoding = utf-8\n"
)


def site_toml(name: str, languages: Sequence[str]) -> str:
    """A site.toml with every declared key, each under a comment saying what it means; the first language is the source."""
    lines = ["# The site's configuration. Every key is listed, with what it means; an empty text is 'not known yet'.", ""]
    listed = ", ".join(f'"{language}"' for language in languages)
    examples = {"name": f'"{_toml_text(name)}"', "default_language": f'"{languages[0]}"', "languages": f"[{listed}]"}
    for spec in declared_keys(SiteConfig).values():
        if spec.name == "conference":
            continue
        lines += [f"# {spec.meaning}{_marker(spec, name)}", f"{spec.name} = {examples.get(spec.name) or _empty(spec)}", ""]
    lines += [f"# {declared_keys(SiteConfig)['conference'].meaning}", "[conference]"]
    for spec in declared_keys(Conference).values():
        value = examples.get(spec.name) or _empty(spec)
        lines += [f"# {spec.meaning}{_marker(spec, name)}"]
        lines += [f"{spec.name} = {value}" if value else f'# {spec.name} = ""']
    return "\n".join(lines) + "\n"


def _marker(spec, name: str) -> str:
    if spec.name == "name" and name == DEFAULT_NAME:
        return f" {EXAMPLE_NOTE}"
    if spec.required and spec.example and spec.name not in ("default_language", "languages", "name"):
        return f" {EXAMPLE_NOTE}"
    return " (required)" if spec.required else ""


def _empty(spec) -> str:
    if spec.example:
        return spec.example
    if spec.kind is dict:
        return "{}"
    if spec.kind == "localized" and spec.name in ("city",):
        return ""  # left out while unknown: the place is then the country alone
    return '""'


def _toml_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def language_list_problems(languages: Sequence[str]) -> list[str]:
    """What is wrong with the languages given to ``sitegen new`` (the items of "en,fr"), one sentence each."""
    problems = []
    if not any(languages):
        return ["no language given: list codes separated by commas, the source language first, such as en,fr"]
    if any(not language for language in languages):
        problems.append("a language between commas is empty: list codes separated by commas, the source language first, such as en,fr")
    seen = set()
    for language in languages:
        if not language:
            continue
        if language in seen:
            problems.append(f"'{language}' is listed twice")
            continue
        seen.add(language)
        problem = language_problem(language)
        if problem:
            problems.append(problem)
    return problems


def write_new_site(target: Path, *, name: str, languages: Sequence[str]) -> list[str]:
    """Create the site folder, in ``languages`` (the first one the source); return what was written.

    Raises BuildFailed if the languages are wrong or the folder is in use.
    """
    problems = language_list_problems(languages)
    if problems:
        raise BuildFailed([Problem("--languages", None, problem) for problem in problems])
    if target.exists() and not target.is_dir():
        raise BuildFailed([Problem(str(target), None, "is a file: sitegen new starts a site in a new or empty folder")])
    if target.exists() and any(target.iterdir()):
        raise BuildFailed([Problem(str(target), None, "is not empty: sitegen new starts a site in a new or empty folder")])
    source, *others = languages
    target.mkdir(parents=True, exist_ok=True)
    (target / CONFIG_NAME).write_text(site_toml(name, languages), encoding="utf-8")
    (target / "babel.cfg").write_text(BABEL_CFG, encoding="utf-8")
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    # JSON strings are YAML strings: the name goes into the front matter whatever it holds.
    page = (STARTER / "content.md").read_text(encoding="utf-8")
    page = page.replace('"{name}: ', json.dumps(f"{name}: ")[:-1]).replace('"{name}"', json.dumps(name)).replace("{name}", name)
    _write_page(target / "content" / source / "index.md", page)
    for language in others:
        # No copy of the source to translate in place: English text in a page marked lang="fr" would be read to
        # visitors (and screen readers) as French. Until content/fr/index.md exists, the home page is built from the
        # source, marked with its language, and 'status' lists it as missing, with the file to write.
        (target / "content" / language).mkdir(parents=True)
    shutil.copytree(STARTER / "templates", target / "templates")
    shutil.copytree(STARTER / "static", target / "static")
    (target / "data").mkdir()
    from sitegen.inputs.config import load_config  # the file just written: proof that it is a valid site.toml

    update_catalogs(target, load_config(target))  # the .pot, and a catalog for every language but the source
    return sorted(path.relative_to(target).as_posix() for path in target.rglob("*") if path.is_file())


def _write_page(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")


def examples_left(site_dir: Path) -> list[tuple[str, int]]:
    """The keys of site.toml still holding the example ``sitegen new`` wrote there, with their lines.

    Only a value under the starter's comment saying it is an example counts: a site
    that shares a value with the examples by right (the Miners' Conference its dates)
    is not told to change it. A value changed, or a comment taken away, ends it.
    """
    try:
        text = (site_dir / CONFIG_NAME).read_text(encoding="utf-8-sig")
        values = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []  # the build reports what is wrong with the file itself
    examples = {spec.name: spec.example for spec in declared_keys(SiteConfig).values() if spec.example}
    examples |= {f"conference.{spec.name}": spec.example for spec in declared_keys(Conference).values() if spec.example}
    examples["conference.name"] = f'"{DEFAULT_NAME}"'
    lines = text.splitlines()
    left = []
    for key, number in key_lines(text).items():
        if key not in examples or number < 2 or not lines[number - 2].rstrip().endswith(EXAMPLE_NOTE):
            continue
        value: object = values
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value == tomllib.loads(f"value = {examples[key]}")["value"]:
            left.append((key, number))
    return sorted(left, key=lambda item: item[1])
