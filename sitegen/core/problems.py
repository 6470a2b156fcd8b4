"""Problems found in a site's input: each one names a file and, where it can, a line."""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass

_NEW_LINES = re.compile(r"\s*\n\s*")


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in one input file.

    ``path`` is relative to the site folder, with forward slashes, so that the
    message reads the same on every machine; ``line`` counts from 1, or is None
    when the problem concerns the whole file.
    """

    path: str
    line: int | None
    message: str
    is_warning: bool = False
    # The pages whose rendering met it, for a problem in a template they share: each by its source, or by its
    # file for a page the generator adds (the chooser, rendered from the home page's source too, is a second entry).
    pages: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        kind = "warning: " if self.is_warning else ""
        # One problem, one line: messages quoted from libraries may span several.
        return f"{where}: {kind}{_NEW_LINES.sub(' ', self.message)}{_in_pages(self.pages)}"


def _in_pages(pages: tuple[str, ...]) -> str:
    if not pages:
        return ""
    return f" (rendering {pages[0]})" if len(pages) == 1 else f" (in {len(pages)} pages)"


def collapse_pages(problems) -> list[Problem]:
    """One problem for each mistake: the same one met while rendering several pages (a template they share) once, with all of them."""
    pages: dict[Problem, list[str]] = {}
    for problem in problems:
        pages.setdefault(dataclasses.replace(problem, pages=()), []).extend(problem.pages)
    return [dataclasses.replace(problem, pages=tuple(sorted(found))) for problem, found in pages.items()]


def unreadable(path: str, exc: OSError) -> Problem:
    """An input the system would not read (its permissions, a link to nothing, a folder in its place), with the system's reason."""
    return Problem(path, None, f"cannot be read: {exc.strerror or exc}")


class BuildFailed(Exception):
    """The input has errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(collapse_pages(problems), key=_reading_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # raised in a worker of the pool, it is pickled back with its problems, not its message
        return (type(self), (self.problems,))


class SourceChanged(BuildFailed):
    """An input file was saved while the build read it: nothing is wrong with it, but this build cannot be made of it.

    The preview builds again, as for any save; the command line asks for it.
    """


def _reading_order(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.message)


def errors_in(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a build (warnings do not, unless --strict)."""
    return [p for p in problems if not p.is_warning]


def stop_if_errors(problems: list[Problem], strict: bool = False) -> None:
    """Raise BuildFailed with every error found so far, if there is one.

    With ``strict``, warnings count as errors too (build --strict).
    """
    if strict and any(problem.is_warning for problem in problems):
        raise BuildFailed([dataclasses.replace(problem, is_warning=False) for problem in problems])
    errors = errors_in(problems)
    if errors:
        raise BuildFailed(errors)


def did_you_mean(word: str, choices) -> str:
    """ " (did you mean 'title'?)" for the nearest of choices, or "" when none is near."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
