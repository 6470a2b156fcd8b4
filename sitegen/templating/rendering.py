"""Templates at work: one environment per language, what each template reads, and rendering.

What a template reads is learnt from the templates themselves, as Jinja
loads them: the names of the context it uses and the source of every
template it extends, includes or imports. A page is given only those names,
and signed by their values and those sources.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from babel.support import NullTranslations
from jinja2 import meta

from sitegen.core.language_marks import apply_marks
from sitegen.core.problems import Problem
from sitegen.i18n.fallbacks import Fallbacks
from sitegen.templating.templates import CompiledTemplates, make_environment, template_problem


@dataclass(frozen=True)
class TemplateReads:
    """What rendering one template reads: context names, and the templates it loads."""

    names: frozenset[str]  # the context variables any of its templates uses
    sources: tuple[tuple[str, str], ...]  # (template, hash of its source) of every template it loads


class TemplateRenderer:
    """Renders templates in each language; learns once what each template reads."""

    def __init__(
        self, site_dir: Path, translations: Mapping[str, NullTranslations], compiled: CompiledTemplates, fallbacks: Mapping[str, Fallbacks | None] | None = None
    ):
        self.site_dir = site_dir
        self.translations = translations
        self.fallbacks = fallbacks or {}  # by language: how its untranslated strings are marked (fallbacks.py)
        self.compiled = compiled
        self.environments: dict[str, jinja2.Environment] = {}
        self._reads: dict[str, TemplateReads] = {}

    def environment(self, language: str) -> jinja2.Environment:
        if language not in self.environments:
            self.environments[language] = make_environment(self.site_dir, self.translations[language], self.compiled, language, self.fallbacks.get(language))
        return self.environments[language]

    def reads(self, name: str) -> TemplateReads:
        """The names a template and every template it loads read from the context, and their sources.

        A template chosen at run time (``{% include variable %}``) may be any
        of them, so it counts all of them.
        """
        if name not in self._reads:
            sources: dict[str, str] = {}
            names: set[str] = set()
            waiting = [name]
            while waiting:
                current = waiting.pop()
                if current not in sources:
                    sources[current], own_names, referenced = self._one_template(current)
                    names |= own_names
                    waiting += referenced
            self._reads[name] = TemplateReads(frozenset(names), tuple(sorted(sources.items())))
        return self._reads[name]

    def learn_all(self) -> None:
        """What every template reads, learnt now: forked workers then inherit it instead of parsing each template again."""
        for name in self.environment(next(iter(self.translations))).list_templates():
            self.reads(name)

    @functools.cache  # noqa: B019 (one renderer per build: it lives as long as its cache should)
    def _one_template(self, name: str) -> tuple[str, frozenset[str], tuple[str, ...]]:
        """A template's source hash ('?' if it cannot be read: rendering reports it), the names it reads, the templates it loads."""
        environment = self.environment(next(iter(self.translations)))
        try:
            source, _, _ = environment.loader.get_source(environment, name)  # type: ignore[union-attr]
        except (jinja2.TemplateError, OSError, UnicodeDecodeError):
            return "?", frozenset(), ()
        checksum = hashlib.sha256(source.encode("utf-8")).hexdigest()[:20]

        def learn() -> tuple[frozenset[str], tuple[str, ...] | None] | None:
            try:
                tree = environment.parse(source)
            except jinja2.TemplateError:
                return None  # rendering reports it
            referenced = list(meta.find_referenced_templates(tree))
            return frozenset(meta.find_undeclared_variables(tree)), None if None in referenced else tuple(ref for ref in referenced if ref)

        learnt = self.compiled.reads(checksum, learn)
        if learnt is None:
            return "?", frozenset(), ()
        names, referenced = learnt
        if referenced is None:  # a template chosen at run time: any of them
            referenced = tuple(environment.list_templates())
        return checksum, names, referenced

    def render(
        self,
        name: str,
        context: Mapping[str, Any],
        language: str,
        page_source: str | None = None,
        page_line: int | None = None,
        offered: Iterable[str] = (),
    ) -> tuple[bytes | None, list[Problem]]:
        """The template's output in UTF-8, or None and the problem, at the template's line.

        ``offered`` are the names its view has (``context`` holds only those it reads): an
        undefined name is told the nearest of them.
        """
        environment = self.environment(language)
        try:
            # The marks of texts in another language become spans, or go where none can be (language_marks.py).
            text = apply_marks(environment.get_template(name).render(context))
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, LookupError) as exc:
            where: dict[str, Any] = {"page_source": page_source, "page_line": page_line} if page_source else {}
            return None, [template_problem(exc, self.site_dir, names=(*offered, *context, *environment.globals), **where)]
        return text.encode("utf-8"), []
