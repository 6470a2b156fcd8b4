"""Languages as visitors see them: tag, own name and writing direction, from Babel's CLDR data."""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from dataclasses import dataclass
from functools import cache

from babel import Locale

from sitegen.core.digest import shared
from sitegen.core.language_marks import TwoWordings


@shared
@dataclass(frozen=True)
class Language:
    """A language as templates show it."""

    code: str  # as in site.toml: "es", "pt_BR"
    tag: str  # as HTML and HTTP write it: "es", "pt-BR"
    name: str  # its own name, in itself, capitalised for menus: "Español"
    direction: str  # "ltr" or "rtl"
    name_in_text: str  # its own name as it stands in a sentence: "español"


@cache
def describe_language(code: str) -> Language:
    """A language's tag, own name and direction."""
    locale = Locale.parse(code)
    name = locale.get_display_name(code) or code
    return Language(code, code.replace("_", "-"), name[:1].upper() + name[1:], locale.text_direction, name)


@cache
def language_name_in(code: str, in_language: str) -> str:
    """A language's name as written in another language's sentences ("inglés" in Spanish)."""
    return Locale.parse(code).get_display_name(in_language) or code


def name_in_sentence(code: str, in_language: str, source: str) -> TwoWordings:
    """A language's name in a sentence of ``in_language``, which a message shown in the ``source`` language words as the source does."""
    return TwoWordings(language_name_in(code, in_language), language_name_in(code, source))


@cache
def site_language(code: str, source: str) -> Language:
    """A language of a site written in ``source``: its name in a sentence is worded the source's way in a message the site shows in the source."""
    return dataclasses.replace(describe_language(code), name_in_text=name_in_sentence(code, code, source))


@functools.lru_cache(maxsize=65536)  # every section's list sorts its titles at every build: 0.1 s at 5,000 pages
def collation_key(text: str) -> tuple[str, str]:
    """A sort key close to CLDR's root collation, with Python's standard library only.

    Letters sort with their accented forms (é with e, Ä with A, ё with е), case
    is ignored, then the exact text breaks ties, so the order is deterministic.
    PyICU would add each language's tailorings, but needs a compiler and ICU to
    install; for the country names of our languages both give the same order.
    """
    if text.isascii():  # nothing to decompose: a tenth of the time, for most titles of a Latin-script site
        return text.casefold(), text
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return base, text
