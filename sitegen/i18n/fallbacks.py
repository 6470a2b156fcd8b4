"""Interface strings a language shows in the source language, and the gettext that marks them so.

An interface string shows in the source language where its catalog does not
translate it: no msgstr, an empty plural form, a fuzzy entry (msgfmt and
catalogs.compile_catalog leave those out) or no entry at all (a stale
catalog). Such a string is wrapped in the source language's marks
(language_marks.py) as gettext returns it, so that the rendered page holds it
in a ``<span lang dir>`` of its own: a right-to-left page would otherwise
reorder its words and punctuation. The values put into it (a date, a place)
are the page's own, and are marked back into the page's language, but for a
name the source language words its own way (a language's: TwoWordings), which
is put in as the source words it. A string
with no words outside its placeholders ("%(organisation)s, %(country)s") is
in no language, and is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from babel.messages.catalog import Catalog
from babel.support import NullTranslations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from sitegen.core.language_marks import MARK_CLOSE, TwoWordings, language_mark, strip_marks, without_stray_marks
from sitegen.i18n.catalogs import translated_forms
from sitegen.inputs.languages import Language

Form = tuple[str | None, str, int | None]  # (msgctxt, msgid, plural form or None)


@dataclass(frozen=True)
class Fallbacks:
    """What one language's catalog translates, and the languages to mark the rest with."""

    source: Language  # the language the templates are written in
    page: Language  # the language of the pages
    translated: frozenset[Form]  # the forms the catalog translates

    def shows_source(self, context: str | None, msgid: str, form: int | None = None) -> bool:
        return (context, msgid, form) not in self.translated


def language_fallbacks(catalog: Catalog | None, source: Language, page: Language) -> Fallbacks | None:
    """How a language's pages mark its untranslated strings: None in the source language, which has nothing to mark."""
    if page.code == source.code or catalog is None:
        return None
    return Fallbacks(source, page, translated_forms(catalog))


def source_language_texts(catalog: Catalog | None, in_default_language: Iterable[str]) -> tuple[str, ...]:
    """The words a language's pages show in the source language: each untranslated string's parts between its
    placeholders, and the site.toml texts it has none of its own for. ``check`` looks for them outside a mark."""
    texts = [text for text in in_default_language if text]
    if catalog is not None:
        translated = translated_forms(catalog)
        for message in catalog:
            ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
            if not message.id or not has_words(ids[0]):
                continue
            forms = range(len(message.string)) if isinstance(message.string, (list, tuple)) else (None,)
            if any((message.context, ids[0], form) not in translated for form in forms):
                texts += [part.strip() for source in ids for part in _PLACEHOLDER.split(source) if sum(map(str.isalpha, part)) >= 4]
    return tuple(dict.fromkeys(texts))


def has_words(message: str) -> bool:
    """Whether a message says something in a language: a letter outside its placeholders."""
    return any(character.isalpha() for character in _PLACEHOLDER.sub("", message))


_PLACEHOLDER = re.compile(r"%\(\w+\)[#0\- +]*\d*(?:\.\d+)?[a-zA-Z]|%%")


def gettext_callables(translations: NullTranslations, fallbacks: Fallbacks | None) -> dict[str, Callable[..., Markup]]:
    """gettext, ngettext, pgettext and npgettext as Jinja's new-style gettext calls them (``_("…", name=value)``).

    They do what Jinja's own do (jinja2.ext._make_new_gettext: the result is a
    format string, even without values), but escape what the catalog gives,
    since a translator's text is untrusted, and mark a string shown in the
    source language.
    """
    plural = getattr(translations, "plural", lambda n: int(n != 1))

    def finish(text: str, shown_source: bool, variables: Mapping[str, Any]) -> Markup:
        message = escape(strip_marks(text))  # no mark but the build's own (catalogs.py refuses them, this makes sure)
        if fallbacks is None or not shown_source or not has_words(text):
            return message % {name: without_stray_marks(value) for name, value in variables.items()}
        page = fallbacks.page
        values = {name: _value_in_source(value, page) for name, value in variables.items()}
        return Markup(language_mark(fallbacks.source.tag, fallbacks.source.direction)) + message % values + Markup(MARK_CLOSE)

    def shows(context: str | None, msgid: str, form: int | None = None) -> bool:
        return fallbacks is not None and fallbacks.shows_source(context, msgid, form)

    @pass_context
    def gettext(__context: Context, __string: str, **variables: Any) -> Markup:
        return finish(translations.gettext(__string), shows(None, __string), variables)

    @pass_context
    def ngettext(__context: Context, __singular: str, __plural: str, __num: int, **variables: Any) -> Markup:
        variables.setdefault("num", __num)
        text = translations.ngettext(__singular, __plural, __num)
        return finish(text, shows(None, __singular, plural(__num)), variables)

    @pass_context
    def pgettext(__context: Context, __string_ctx: str, __string: str, **variables: Any) -> Markup:
        variables.setdefault("context", __string_ctx)
        return finish(str(translations.pgettext(__string_ctx, __string)), shows(__string_ctx, __string), variables)

    @pass_context
    def npgettext(__context: Context, __string_ctx: str, __singular: str, __plural: str, __num: int, **variables: Any) -> Markup:
        variables.setdefault("context", __string_ctx)
        variables.setdefault("num", __num)
        text = str(translations.npgettext(__string_ctx, __singular, __plural, __num))
        return finish(text, shows(__string_ctx, __singular, plural(__num)), variables)

    return {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}


def _value_in_source(value: Any, page: Language) -> Any:
    """A value put into a string shown in the source language: in the source's wording where it has one (a
    language's name), else marked as the page's own (a number needs no mark)."""
    if isinstance(value, TwoWordings):
        return value.source
    value = without_stray_marks(value)
    if not isinstance(value, str) or not any(character.isalpha() for character in strip_marks(str(value))):
        return value
    return Markup(language_mark(page.tag, page.direction)) + escape(value) + Markup(MARK_CLOSE)
