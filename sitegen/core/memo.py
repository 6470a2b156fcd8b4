"""Remembering what a function gave for an object, by the object itself.

Pages, catalogs and the manifest's records are never changed once made, and
a resident preview (and the page cache) hands back the same objects from
build to build: what was worked out from one can be kept with it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
_LIMIT = 100_000  # objects a long preview session replaced are let go past this many


class Remembered(Protocol[R_co]):
    """A remembering function, and the way to let go of what it holds."""

    def __call__(self, thing: Any, *args: Any) -> R_co: ...

    def forget(self) -> None: ...


def per_object(function: Callable[..., R]) -> Remembered[R]:
    """``function(thing, *args)``, remembered for that very object (not an equal one) and those arguments."""
    known: dict[tuple, tuple[Any, R]] = {}

    @functools.wraps(function)
    def remembered(thing: Any, *args: Any) -> R:
        key = (id(thing), *args)
        found = known.get(key)
        if found is not None and found[0] is thing:  # held here, so its id cannot be another object's
            return found[1]
        if len(known) > _LIMIT:
            known.clear()
        value = function(thing, *args)
        known[key] = (thing, value)
        return value

    remembered.forget = known.clear  # type: ignore[attr-defined]
    return remembered  # type: ignore[return-value]


def per_latest(function: Callable[..., R]) -> Remembered[R]:
    """``function(thing, *args)``, remembered for the latest ``thing`` only.

    For what is worked out from a whole site: a build has one, and a preview's
    rebuild a new one, which lets the last go (per_object would keep each old
    site, with all its pages, until its limit).
    """
    # The latest thing and what is known of it, replaced together: a preview's quick path may ask of the
    # last site while its next build asks of the new one, and each keeps to the values of its own.
    latest: list[tuple[Any, dict[tuple, R]]] = [(None, {})]

    @functools.wraps(function)
    def remembered(thing: Any, *args: Any) -> R:
        held = latest[0]
        if held[0] is not thing:
            held = (thing, {})
            latest[0] = held
        known = held[1]
        if args not in known:
            known[args] = function(thing, *args)
        return known[args]

    def forget() -> None:
        latest[0] = (None, {})

    remembered.forget = forget  # type: ignore[attr-defined]
    return remembered  # type: ignore[return-value]
