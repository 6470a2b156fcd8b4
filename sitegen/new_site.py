"""``sitegen new DIR``: start another conference's site, which builds at once and passes ``check``.

The site.toml it writes lists every key the schema declares (config.py), each
with its meaning; what is not known yet stays empty, and the site shows it as
to be announced. Templates and a stylesheet come from sitegen/starter/.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .config import Conference, SiteConfig, language_problem
from .messages import update_catalogs
from .problems import BuildFailed, Problem
from .schema import declared_keys

STARTER = Path(__file__).parent / "starter"
BABEL_CFG = (
    "# Where the translatable strings are: `sitegen catalogs` (or pybabel extract -F babel.cfg) reads this.\n[jinja2: templates/**.html]\nencoding = utf-8\n"
)


def site_toml(name: str, language: str) -> str:
    """A site.toml with every declared key, each under a comment saying what it means."""
    lines = ["# The site's configuration. Every key is listed, with what it means; an empty text is 'not known yet'.", ""]
    examples = {"name": f'"{_toml_text(name)}"', "default_language": f'"{language}"', "languages": f'["{language}"]'}
    for spec in declared_keys(SiteConfig).values():
        if spec.name == "conference":
            continue
        lines += [f"# {spec.meaning}{_marker(spec)}", f"{spec.name} = {examples.get(spec.name) or _empty(spec)}", ""]
    lines += [f"# {declared_keys(SiteConfig)['conference'].meaning}", "[conference]"]
    for spec in declared_keys(Conference).values():
        value = examples.get(spec.name) or _empty(spec)
        lines += [f"# {spec.meaning}{_marker(spec)}"]
        lines += [f"{spec.name} = {value}" if value else f'# {spec.name} = ""']
    return "\n".join(lines) + "\n"


def _marker(spec) -> str:
    if spec.required and spec.example and spec.name not in ("default_language", "languages", "name"):
        return " (required: this is an example, put the real value)"
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


def write_new_site(target: Path, *, name: str, language: str) -> list[str]:
    """Create the site folder; return what was written. Raises BuildFailed if the folder is in use."""
    problem = language_problem(language)
    if problem:
        raise BuildFailed([Problem("--language", None, problem)])
    if target.exists() and not target.is_dir():
        raise BuildFailed([Problem(str(target), None, "is a file: sitegen new starts a site in a new or empty folder")])
    if target.exists() and any(target.iterdir()):
        raise BuildFailed([Problem(str(target), None, "is not empty: sitegen new starts a site in a new or empty folder")])
    target.mkdir(parents=True, exist_ok=True)
    (target / "site.toml").write_text(site_toml(name, language), encoding="utf-8")
    (target / "babel.cfg").write_text(BABEL_CFG, encoding="utf-8")
    home = target / "content" / language / "index.md"
    home.parent.mkdir(parents=True)
    # JSON strings are YAML strings: the name goes into the front matter whatever it holds.
    page = (STARTER / "content.md").read_text(encoding="utf-8")
    page = page.replace('"{name}: ', json.dumps(f"{name}: ")[:-1]).replace('"{name}"', json.dumps(name)).replace("{name}", name)
    home.write_text(page, encoding="utf-8")
    shutil.copytree(STARTER / "templates", target / "templates")
    shutil.copytree(STARTER / "static", target / "static")
    (target / "data").mkdir()
    from .config import load_config  # the file just written: proof that it is a valid site.toml

    update_catalogs(target, load_config(target))
    return sorted(path.relative_to(target).as_posix() for path in target.rglob("*") if path.is_file())
