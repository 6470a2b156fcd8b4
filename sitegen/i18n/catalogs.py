"""Message catalogs: the translators' .po files, checked and compiled in memory.

``locales/<language>/LC_MESSAGES/messages.po`` holds the interface strings of
one language. The build compiles it itself, so a translator's edit shows on
the next build with no extra step, and no .mo file is ever committed.
"""

from __future__ import annotations

import codecs
import collections
import contextlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from sitegen.core.characters import iter_control_characters, split_lines
from sitegen.core.language_marks import reserved_character_problems
from sitegen.core.memo import per_object
from sitegen.core.problems import Problem, errors_in, unreadable
from sitegen.i18n.plural_forms import CHECKED_NUMBERS, describe_form, difference_from_standard, is_single_number, plural_function, standard_rule
from sitegen.inputs.config import SiteConfig

LOCALES_DIR = "locales"
DOMAIN = "messages"
CatalogCheck = Callable[[Catalog, str, str], list[Problem]]  # (catalog, its text, its path) → its problems

# Babel's reader is lenient: it trims an unterminated string without a word.
# Every line of a .po file is one of these, so a line that is none of them is
# a syntax error, and this says which line.
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(
    rf"""^\s*(?:
        $                                                   # blank
      | \#.*                                                # comment, flag, reference
      | (?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_QUOTED}\s*   # keyword and string
      | {_QUOTED}\s*                                        # continued string
    )$""",
    re.VERBOSE,
)


def catalog_path(language: str) -> str:
    """Where a language's catalog lives, relative to the site folder."""
    return f"{LOCALES_DIR}/{language}/LC_MESSAGES/{DOMAIN}.po"


@dataclass(frozen=True)
class StringCounts:
    """How much of a catalog is translated (fuzzy entries count as not translated)."""

    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated


def load_catalogs(site_dir: Path, config: SiteConfig, known=None) -> tuple[dict[str, Catalog | None], list[Problem]]:
    """Read and check every language's catalog.

    The default language needs no catalog (the templates are written in it);
    any other language without one is an error, since its pages would silently
    show the source language. ``known`` (an incremental.PageCache) holds the
    catalogs of the last build, read and checked, by file size and time.
    """
    catalogs: dict[str, Catalog | None] = {}
    problems: list[Problem] = []
    for language in config.languages:
        relative = catalog_path(language)
        path = site_dir / relative
        catalogs[language] = None
        if path.is_file():
            catalogs[language] = _read_catalog_once(path, relative, language, problems, known)
        elif language != config.default_language:
            problems.append(Problem(relative, None, f"not found: create it with 'python build.py new-language {language}'"))
    return catalogs, problems


def _read_catalog_once(path: Path, relative: str, language: str, problems: list[Problem], known=None) -> Catalog | None:
    """read_catalog, remembered by the file's size and time: a resident preview reads a catalog again only once it changed,
    and a build takes an unchanged one from the last build's cache (reading and checking four catalogs: 0.05 s)."""
    stat = path.stat()
    key = (str(path.absolute()), language, stat.st_size, stat.st_mtime_ns)
    if key not in _CATALOGS:
        for old in [held for held in _CATALOGS if held[:2] == key[:2]]:
            del _CATALOGS[old]
        read = known.get(relative, stat.st_size, stat.st_mtime_ns) if known else None
        if read is None:
            found: list[Problem] = []
            read = (read_catalog(path, relative, language, found), found)
            if known:
                known.remember(relative, stat.st_size, stat.st_mtime_ns, read)
        _CATALOGS[key] = read
    catalog, found = _CATALOGS[key]
    problems += found
    return catalog


_CATALOGS: dict[tuple[str, str, int, int], tuple[Catalog | None, list[Problem]]] = {}


def compile_translations(catalogs: dict[str, Catalog | None]) -> dict[str, NullTranslations]:
    """Each language's catalog compiled in memory; a language without one shows the source strings."""
    return {language: _compiled_once(catalog) if catalog else NullTranslations() for language, catalog in catalogs.items()}


def read_catalog(path: Path, relative: str, language: str, problems: list[Problem], check: CatalogCheck | None = None) -> Catalog | None:
    """Parse one .po file strictly and check its translations.

    On a syntax error, add it to ``problems`` and return None; translations
    that would break a page (placeholders, plural forms) are problems too.
    ``check`` replaces those checks for catalogs whose texts are not
    interface strings (a page's segments hold no placeholders).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(unreadable(relative, exc))
        return None
    text = _decode(data, relative, problems)
    if text is None:
        return None
    controls = [Problem(relative, line, message) for line, message in iter_control_characters(text)]
    if controls:  # before the syntax check, which would count lines at some of them
        problems += controls
        return None
    found = len(problems)
    problems += reserved_character_problems(text, relative)  # in a msgstr, they would make a mark of their own
    for number, line in enumerate(split_lines(text), start=1):
        if not _PO_LINE.match(line):
            problems.append(Problem(relative, number, f"syntax error: {_describe_bad_line(line)}"))
    if len(problems) > found:
        return None
    header_problems = _plural_header_problems(text, relative, language)
    if header_problems:
        problems += header_problems
        return None
    try:
        # Given text, not bytes: Babel would decode the header's lines as UTF-8 whatever it declares.
        catalog = read_po(split_lines(text, keepends=True), locale=language, domain=DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        if "more translations than num_plurals" in str(exc):
            # Not a syntax error: too many forms, which the check names one by one.
            problems += errors_in(check_catalog(_read_leniently(text, language), text, relative))
            return None
        match = re.search(r"on (\d+)\)?\s*$", str(exc)) or re.search(r"line (\d+)", str(exc))
        reason = re.sub(r" on \d+\)?\s*$", "", str(exc))
        problems.append(Problem(relative, int(match[1]) if match else None, f"syntax error: {reason}"))
        return None
    except ValueError as exc:
        problems.append(Problem(relative, None, f"cannot be read: {exc}"))
        return None
    rule_problem = _plural_rule_problem(catalog, text, relative)
    if rule_problem:
        problems.append(rule_problem)
        return None
    problems += _unusual_rule_warning(catalog, text, relative, language)
    problems += (check or check_catalog)(catalog, text, relative)
    return catalog


def _read_leniently(text: str, language: str) -> Catalog:
    """The catalog as Babel reads it when it does not stop at a problem (it prints each; they are ours to report)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return read_po(split_lines(text, keepends=True), locale=language, domain=DOMAIN)


# The charset a header declares, as msgfmt finds it: in the Content-Type line.
_CHARSET = re.compile(rb"Content-Type:[^\"\n]*?charset=([A-Za-z0-9_.:-]+)")


def _decode(data: bytes, relative: str, problems: list[Problem]) -> str | None:
    """The file's text in the charset its header declares (UTF-8 when it declares none).

    A latin-1 catalog that says so is as good as a UTF-8 one; bytes that are
    not in the declared charset are an error at the line that holds them.
    """
    match = _CHARSET.search(data)
    declared = match[1].decode("ascii") if match and match[1] != b"CHARSET" else "utf-8"
    declared_on = data[: match.start()].count(b"\n") + 1 if match else None
    try:
        codecs.lookup(declared)
    except LookupError:
        problems.append(Problem(relative, declared_on, f"the header declares charset={declared}, which is not a known character set: use UTF-8"))
        return None
    try:
        return data.decode(declared).removeprefix("\ufeff")  # a byte order mark, which Windows editors write
    except UnicodeDecodeError as exc:
        line_number = data[: exc.start].count(b"\n") + 1
        where = f"as its header declares on line {declared_on}" if declared_on else "which a header without a charset means"
        problems.append(
            Problem(relative, line_number, f"is not {declared} text, {where} ({exc.reason}): save it as {declared}, or declare the charset it is in")
        )
        return None


def _plural_rule_problem(catalog: Catalog, text: str, relative: str) -> Problem | None:
    """What msgfmt would say of the header's plural rule: it cannot be evaluated, or gives a form there is not."""
    line = _plural_forms_line(text)
    count, expression = catalog.num_plurals, catalog.plural_expr
    try:
        rule = plural_function(expression)
        largest = max(rule(number) for number in CHECKED_NUMBERS)
    except (ValueError, SyntaxError, RecursionError, ArithmeticError) as exc:
        return Problem(relative, line, f"Plural-Forms: the rule {expression!r} cannot be evaluated ({exc})")
    if largest >= count:
        return Problem(relative, line, f"Plural-Forms: the rule gives msgstr[{largest}], but nplurals={count} (msgstr[0] to msgstr[{count - 1}])")
    return None


def _unusual_rule_warning(catalog: Catalog, text: str, relative: str, language: str) -> list[Problem]:
    """A warning when the header's rule sorts numbers otherwise than Poedit's, Weblate's and msginit's.

    The build follows the file's rule all the same (as msgfmt does); but a
    rule Babel wrote (its Arabic one swaps forms 4 and 5) under translations
    made in the standard order shows the wrong forms.
    """
    difference = difference_from_standard(language, catalog.num_plurals, catalog.plural_expr)
    if difference is None:
        return []
    count, expression = standard_rule(language)
    return [
        Problem(
            relative,
            _plural_forms_line(text),
            f"Plural-Forms sorts numbers otherwise than the rule Poedit, Weblate and msginit write for {language} ({difference}); "
            f"if the translations follow that rule's order, make the header 'nplurals={count}; plural={expression};'",
            is_warning=True,
        )
    ]


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def _plural_header_problems(text: str, relative: str, language: str) -> list[Problem]:
    """What msgfmt -c says of the header before any entry: plural entries without a Plural-Forms,
    or an nplurals that every plural entry disagrees with (the header is wrong, not the entries)."""
    plural = [entry for entry in _scan_entries(text) if entry.is_plural and entry.forms]
    if not plural:
        return []
    forms_line = _plural_forms_line(text)
    count, expression = standard_rule(language)
    advice = f'"Plural-Forms: nplurals={count}; plural={expression};\\n", the rule msginit, Poedit and Weblate write for {language}'
    first = plural[0]
    if forms_line is None:
        entries = (
            f"{len(plural)} entries have plural forms (the first, {first.msgid!r}, on line {first.line})"
            if len(plural) > 1
            else f"the entry {first.msgid!r} on line {first.line} has plural forms"
        )
        return [Problem(relative, _header_line(text), f"the header has no Plural-Forms, but {entries}: without it no number finds its form; add {advice}")]
    declared = _NPLURALS.search(split_lines(text)[forms_line - 1])
    sizes = {max(entry.forms) + 1 for entry in plural}
    if declared is None or len(sizes) != 1:
        return []  # a rule that cannot be read, or entries that disagree among themselves: named entry by entry
    (size,) = sizes
    if size == int(declared[1]) or size != count:
        return []  # entries off the language's own rule are what is wrong: named entry by entry
    every = "every plural entry has" if len(plural) > 1 else f"the plural entry {first.msgid!r} (line {first.line}) has"
    return [
        Problem(
            relative,
            forms_line,
            f"Plural-Forms says nplurals={declared[1]}, but {every} {plural_count(size)} (msgstr[0] to msgstr[{size - 1}]): make the header {advice}",
        )
    ]


def plural_count(count: int) -> str:
    return f"{count} plural form{'s' if count != 1 else ''}"


def _header_line(text: str) -> int:
    """The line of the header entry's msgid "" (1 if the file has none)."""
    return next((number for number, content in enumerate(split_lines(text), start=1) if content.strip() == 'msgid ""'), 1)


def _plural_forms_line(text: str) -> int | None:
    return next((number for number, content in enumerate(split_lines(text), start=1) if "Plural-Forms:" in content), None)


def check_catalog(catalog: Catalog, text: str, relative: str) -> list[Problem]:
    """Translations that would show wrong: duplicates, plural forms, placeholders.

    Plurals are judged by the rule the file's own Plural-Forms header gives,
    as msgfmt judges them. Broken placeholders in a fuzzy entry are a warning:
    it is not used, but will be once its fuzzy mark is removed.
    """
    problems = _duplicates_and_form_counts(catalog, text, relative)
    miscounted = {problem.line for problem in problems}  # Babel pads a short entry with empty forms: those are told as missing
    for message in catalog:
        if not message.id:
            continue
        markup = _template_syntax_problem(message) or _tag_problem(message)
        if markup:
            # As pofilter's xmltags: a warning (an error with --strict). The entry is not used (it counts as fuzzy),
            # so neither tags nor template syntax ever show on a page as text; its placeholders are not judged ('{% if' is no '% i').
            problems.append(Problem(relative, message.lineno, markup, is_warning=True))
            message.flags.add("fuzzy")
            continue
        empty_form = None if message.lineno in miscounted else _empty_form_problem(catalog, message)
        reason = empty_form or _placeholder_problem(catalog, message)
        if reason:
            problems.append(Problem(relative, message.lineno, reason + (" (in a fuzzy entry)" if message.fuzzy else ""), is_warning=message.fuzzy))
    return problems


def _empty_form_problem(catalog: Catalog, message) -> str | None:
    """A plural entry translated in some forms but not all: gettext would show nothing for the numbers of the empty one."""
    if not isinstance(message.string, (list, tuple)) or not any(message.string) or all(message.string):
        return None
    index = next(index for index, form in enumerate(message.string) if not form)
    sources = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    form = describe_form(catalog.num_plurals, catalog.plural_expr, index)
    return f"{form} of {sources[0]!r} is empty: those numbers would show no text; fill it in, or empty every form to leave the entry untranslated"


def _in_order(tags: list[str], wanted: collections.Counter) -> list[str]:
    """The tags of ``wanted``, as many of each as it counts, in the order they come in ``tags``."""
    left = collections.Counter(wanted)
    chosen = []
    for tag in tags:
        if left[tag] > 0:
            left[tag] -= 1
            chosen.append(tag)
    return chosen


# Jinja's statements, expressions and comments: a translation is shown as written, never run as a template.
_TEMPLATE_SYNTAX = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)


def _template_syntax_problem(message) -> str | None:
    sources = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    for form in forms:
        found = next((match[0] for match in _TEMPLATE_SYNTAX.finditer(form or "") if match[0] not in sources[-1]), None)
        if found:
            return (
                f"template syntax {found!r} in the translation of {sources[0]!r}: a translation is shown as written, not run as a template; "
                f"translate the words only (it is not used until then: shown in the source language meanwhile)"
            )
    return None


# An HTML tag: what pofilter's xmltags check compares between an original and its translation.
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def _tag_problem(message) -> str | None:
    sources = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    expected = collections.Counter(_TAG.findall(sources[-1]))
    forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    for form in forms:
        if not form:
            continue
        tags = _TAG.findall(form)
        found = collections.Counter(tags)
        if found != expected:
            parts = []
            if found - expected:
                parts.append(f"has {' '.join(_in_order(tags, found - expected))}, which the original does not")
            if expected - found:
                parts.append(f"lacks {' '.join(sorted((expected - found).elements()))}")
            return (
                f"HTML tags differ: the translation of {sources[0]!r} {' and '.join(parts)}; a translation is escaped, so its tags would show "
                f"as text: it is not used until they match (shown in the source language meanwhile)"
            )
    return None


def _duplicates_and_form_counts(catalog: Catalog, text: str, relative: str) -> list[Problem]:
    problems = []
    seen: dict[tuple[str | None, str], int] = {}
    count, expression = catalog.num_plurals, catalog.plural_expr
    for entry in _scan_entries(text):
        identity = (entry.context, entry.msgid)
        if identity in seen:
            problems.append(Problem(relative, entry.line, f"duplicate msgid {entry.msgid!r}: it is already on line {seen[identity]}"))
        else:
            seen[identity] = entry.line
        extra = [index for index in entry.forms if index >= count]
        if entry.is_plural and extra:
            rule = ", ".join(describe_form(count, expression, index) for index in range(count))
            problems.append(Problem(relative, entry.line, f"msgstr[{extra[0]}] of {entry.msgid!r} is not a form of this language: its rule has {rule}"))
            continue
        missing = [index for index in range(count) if index not in entry.forms]
        if entry.is_plural and entry.forms and missing:
            problems.append(
                Problem(
                    relative,
                    entry.line,
                    f"{plural_count(len(entry.forms))} for {entry.msgid!r}, but {catalog.locale_identifier or 'this language'} "
                    f"has {count} (msgstr[0] to msgstr[{count - 1}]): missing " + ", ".join(describe_form(count, expression, index) for index in missing),
                )
            )
    return problems


def _placeholder_problem(catalog: Catalog, message) -> str | None:
    """What is wrong with a message's placeholders, or None.

    A plural form that the rule gives to one number only may leave the number
    out (Arabic msgstr[1] "خبر واحد"), as msgfmt -c allows; it may not add one.
    """
    sources = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    expected = placeholders(sources[-1])
    if not isinstance(message.string, (list, tuple)):
        if message.string and placeholders(message.string) != expected:
            return _placeholder_message(repr(sources[0]), message.string, expected)
        return None
    count, expression = catalog.num_plurals, catalog.plural_expr
    for index, form in enumerate(message.string):
        if not form:
            continue
        found = placeholders(form)
        single = is_single_number(count, expression, index)
        if (single and found - expected) or (not single and found != expected):
            where = f"{describe_form(count, expression, index)} of {sources[0]!r}"
            return _placeholder_message(where, form, expected, allow_missing=single)
    return None


TRANSLATED, FUZZY, UNTRANSLATED = "translated", "fuzzy", "untranslated"


def message_state(message: Message | None) -> str:
    """Where a catalog entry stands, decided here for every catalog and every report (status, status LANG, the status page,
    programme texts, pages translated by segments).

    Fuzzy: it holds a guess a translator has to check, which the site does not show. A fuzzy flag on an entry without
    text is nothing to check: untranslated, as msgfmt --statistics counts it. Translated: not fuzzy, and every plural
    form has its text. An entry the catalog does not have (None) is untranslated.
    """
    if message is None:
        return UNTRANSLATED
    forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    if message.fuzzy and any(forms):
        return FUZZY
    return TRANSLATED if all(forms) and not message.fuzzy else UNTRANSLATED


def count_strings(catalog: Catalog | None) -> StringCounts:
    """Translated, fuzzy and untranslated messages of a catalog (header excluded)."""
    states = collections.Counter(message_state(message) for message in catalog or () if message.id)
    return StringCounts(states[TRANSLATED], states[FUZZY], states[UNTRANSLATED])


# %(name)s, %s, %d and {name}: what Python fills in when a page is rendered.
_PLACEHOLDER = re.compile(r"%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|\{(\w*)\}")


def placeholders(text: str) -> collections.Counter:
    """The placeholders in a message, as a multiset ("%%" is a literal percent sign).

    A named one counts once however often it is written: a translation may need its value twice (Hindi repeats
    the language's name where English says "it"), and Python's formatting and msgfmt -c both allow it.
    """
    found = collections.Counter(match[0] for match in _PLACEHOLDER.finditer(text.replace("%%", "")))
    return collections.Counter({placeholder: 1 if placeholder.startswith("%(") else count for placeholder, count in found.items()})


_NAMED = re.compile(r"%\((\w+)\)")


def _placeholder_message(what: str, form: str, expected: collections.Counter, allow_missing: bool = False) -> str:
    found = placeholders(form)
    missing = [] if allow_missing else sorted((expected - found).elements())
    extra = sorted((found - expected).elements())
    by_name = {match[1]: placeholder for placeholder in expected if (match := _NAMED.match(placeholder))}
    for placeholder in extra:
        # '%(place) du' reads as the placeholder '%(place) d' and a 'u': a mistyped %(place)s, not a new placeholder.
        named = _NAMED.match(placeholder)
        if named and named[1] in by_name and by_name[named[1]] in missing:
            return f"{placeholder!r} in the translation of {what} is not a placeholder of the original: did you mean {by_name[named[1]]!r}?"
    parts = []
    if missing:
        parts.append(f"lacks {', '.join(missing)}")
    if extra:
        parts.append(f"has {', '.join(extra)}, which the original does not")
    return f"placeholders differ: the translation of {what} {' and '.join(parts)}"


@dataclass(frozen=True)
class _RawEntry:
    line: int  # the line of its msgid
    context: str | None
    msgid: str
    is_plural: bool
    forms: tuple[int, ...]  # the N of its msgstr[N] lines


def _scan_entries(text: str) -> list[_RawEntry]:
    """The entries of a .po file as written, before Babel merges duplicates and pads plural forms."""
    entries = []
    current: dict | None = None
    context: str | None = None
    field = None
    for number, line in enumerate(split_lines(text), start=1):
        stripped = line.strip()
        keyword = stripped.split(" ", 1)[0] if stripped else ""
        if keyword == "msgctxt":
            context, field = _unquote(stripped[len("msgctxt") :]), "msgctxt"
        elif keyword == "msgid":
            if current:
                entries.append(_RawEntry(**current))
            current = {"line": number, "context": context, "msgid": _unquote(stripped[len("msgid") :]), "is_plural": False, "forms": ()}
            context, field = None, "msgid"
        elif keyword == "msgid_plural" and current:
            current["is_plural"], field = True, None
        elif keyword.startswith("msgstr[") and current:
            current["forms"] += (int(keyword[len("msgstr[") : -1]),)
            field = None
        elif keyword.startswith('"') and current and field == "msgid":
            current["msgid"] += _unquote(stripped)
        elif keyword.startswith('"') and field == "msgctxt":
            context = (context or "") + _unquote(stripped)
        elif keyword:
            field = None
    if current:
        entries.append(_RawEntry(**current))
    return [entry for entry in entries if entry.msgid]


def _unquote(quoted: str) -> str:
    return quoted.strip()[1:-1]


def compile_catalog(catalog: Catalog) -> Translations:
    """The catalog as gettext translations; fuzzy entries are left out, as msgfmt does."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


# A catalog read by _read_catalog_once is the same object until its file changes: compiled once too.
_compiled_once = per_object(compile_catalog)


def _translated_forms(catalog: Catalog) -> frozenset[tuple[str | None, str, int | None]]:
    """(msgctxt, msgid, plural form or None) of every text the compiled catalog translates.

    As compile_catalog: a fuzzy entry translates nothing, and a plural entry
    each of its forms that is not empty (msgfmt fills the others with the
    original). Everything else shows in the source language.
    """
    forms: set[tuple[str | None, str, int | None]] = set()
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (list, tuple)):
            strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
            forms.update((message.context, message.id[0], index) for index, string in enumerate(strings) if string)
        elif message.string:
            forms.add((message.context, message.id, None))
    return frozenset(forms)


translated_forms = per_object(_translated_forms)


def _describe_bad_line(line: str) -> str:
    stripped = line.strip()
    if stripped.count('"') % 2 == 1 or not stripped.endswith('"'):
        return f"unterminated string: {stripped[:60]!r} (every string ends with a '\"' on the same line)"
    return f"not a comment, keyword or quoted string: {stripped[:60]!r}"
