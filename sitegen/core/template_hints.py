"""A "did you mean" for a name or attribute a template reads and its view does not have.

Jinja's StrictUndefined says only what is missing: ``'pgae' is undefined``,
``'sitegen.views.pages.PageView object' has no attribute 'titel'``. The nearest of
what was there to read is named with it: the names the template's context
offers and those the template sets itself, or the fields of the view.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Iterable
from pathlib import Path

import jinja2
from jinja2 import nodes

from sitegen.core.problems import did_you_mean

_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined")
_NO_ATTRIBUTE = re.compile(r"'([\w.]+) object' has no attribute '([^']+)'")


def undefined_hint(exc: Exception, names: Iterable[str], template_file: str | None) -> str:
    """ " (did you mean 'page'?)" for an undefined name or attribute with a near one, else ""."""
    if not isinstance(exc, jinja2.UndefinedError):
        return ""
    text = str(exc)
    if match := _UNDEFINED_NAME.fullmatch(text):
        known = {*names, *_names_set_in(template_file)} - {match[1]}
        return did_you_mean(match[1], sorted(name for name in known if not name.startswith("_")))
    if match := _NO_ATTRIBUTE.fullmatch(text):
        return did_you_mean(match[2], _attributes(match[1]))
    return ""


def _names_set_in(template_file: str | None) -> set[str]:
    """The names a template gives values itself: {% set %}, loop variables, macros and their parameters, imports."""
    if not template_file:
        return set()
    try:
        tree = jinja2.Environment(extensions=["jinja2.ext.i18n"]).parse(Path(template_file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
        return set()
    names = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
    names |= {node.name for node in tree.find_all(nodes.Macro)}
    names |= {node.target for node in tree.find_all(nodes.Import)}
    return names


def _attributes(type_name: str) -> list[str]:
    """The public fields, properties and methods of one of the generator's views, by its qualified name."""
    module_name, _, class_name = type_name.rpartition(".")
    if not module_name.startswith(f"{__package__.partition('.')[0]}."):  # the generator's own classes, in any of its subpackages
        return []  # a dict, a string: Jinja does not say which keys it had
    try:
        view = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError):
        return []
    fields = [field.name for field in dataclasses.fields(view)] if dataclasses.is_dataclass(view) else []
    return fields + sorted(name for name in dir(view) if not name.startswith("_") and name not in fields)
