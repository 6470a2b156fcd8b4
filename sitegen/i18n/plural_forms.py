"""Plural forms as GNU gettext and CLDR give them, and what a catalog's own rule does with numbers.

A catalog's ``Plural-Forms`` header decides which ``msgstr[N]`` a number
takes, for msgfmt and for the build alike. New catalogs get the standard
header: the one msginit, Poedit and Weblate write. Babel's table agrees for
most languages, but not all: its Arabic rule swaps forms 4 and 5 (20 would
take the form written for 100), and its Hindi rule puts 0 with 2, where CLDR
puts it with 1.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import cache

from babel.messages.plurals import get_plural

# Where Babel's header differs from CLDR's rule for whole numbers and from
# GNU gettext's table. Each is tested against CLDR (babel.plural) for 0–1000.
# Languages where gettext and CLDR disagree on the number of forms (he, lv,
# cy, br, mt) keep Babel's rule, which is gettext's.
STANDARD_RULES: dict[str, tuple[int, str]] = {
    "ar": (6, "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)"),
    "hi": (2, "(n > 1)"),  # CLDR: one is 0 and 1
    "bn": (2, "(n > 1)"),
    "fa": (2, "(n > 1)"),
    "pa": (2, "(n > 1)"),
    "hu": (2, "(n != 1)"),  # Babel has one form; gettext's table and CLDR two
    "tr": (2, "(n != 1)"),
    "ka": (2, "(n != 1)"),
}

# msgfmt -c looks at these numbers to tell which form covers a single one.
CHECKED_NUMBERS = range(0, 1001)


def standard_rule(language: str) -> tuple[int, str]:
    """How many forms a language has and its plural expression, as msginit and Poedit write them."""
    base = language.replace("-", "_").split("_")[0]
    if base in STANDARD_RULES:
        return STANDARD_RULES[base]
    rule = get_plural(language)
    return rule.num_plurals, rule.plural_expr


def standard_header(language: str) -> str:
    """The Plural-Forms header value for a language."""
    count, expression = standard_rule(language)
    return f"nplurals={count}; plural={expression};"


@cache
def plural_function(expression: str) -> Callable[[int], int]:
    """The rule as Python's gettext evaluates it (raises ValueError if it is not a C expression)."""
    return gettext.c2py(expression)


@cache
def numbers_by_form(count: int, expression: str) -> tuple[tuple[int, ...], ...]:
    """For each form, the numbers of 0–1000 that take it."""
    rule = plural_function(expression)
    forms: list[list[int]] = [[] for _ in range(count)]
    for number in CHECKED_NUMBERS:
        index = rule(number)
        if 0 <= index < count:
            forms[index].append(number)
    return tuple(tuple(numbers) for numbers in forms)


def is_single_number(count: int, expression: str, index: int) -> bool:
    """Whether a form is used for one number only (Arabic msgstr[1]: 1), so it may leave the number out."""
    forms = numbers_by_form(count, expression)
    return index < len(forms) and len(forms[index]) == 1


def describe_form(count: int, expression: str, index: int) -> str:
    """A form with the numbers that take it: "msgstr[4] (11–99, 111–199, …)"."""
    forms = numbers_by_form(count, expression)
    numbers = forms[index] if index < len(forms) else ()
    return f"msgstr[{index}] ({_runs(numbers) or 'no number'})"


def _runs(numbers: tuple[int, ...], shown: int = 3) -> str:
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [_run(run) for run in runs[:shown]]
    return ", ".join(parts) + (", …" if len(runs) > shown else "")


def _run(run: list[int]) -> str:
    if run[-1] == CHECKED_NUMBERS[-1] and len(run) > 1:
        return f"{run[0]} and above"  # the rule goes on past what was checked
    if len(run) <= 2:
        return ", ".join(map(str, run))
    return f"{run[0]}–{run[-1]}"


def difference_from_standard(language: str, count: int, expression: str) -> str | None:
    """How a rule with the standard number of forms gives numbers other forms: "11 takes msgstr[5] here, msgstr[4] there".

    None when they agree, or when the counts differ (a deliberate choice, such
    as CLDR's third form for a million in Spanish, and caught form by form).
    """
    standard_count, standard_expression = standard_rule(language)
    if count != standard_count or expression == standard_expression:
        return None
    ours, theirs = plural_function(expression), plural_function(standard_expression)
    examples: dict[tuple[int, int], int] = {}
    for number in CHECKED_NUMBERS:
        pair = (ours(number), theirs(number))
        if pair[0] != pair[1]:
            examples.setdefault(pair, number)
    if not examples:
        return None
    shown = sorted(examples.items(), key=lambda item: item[1])[:2]
    return "; ".join(f"{number} takes msgstr[{here}] here, msgstr[{there}] there" for (here, there), number in shown)
