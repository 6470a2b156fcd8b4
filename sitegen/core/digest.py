"""Digests of views: a stable hash of exactly what a template or formatter is given.

A view's digest is computed from the view itself, never from a second,
hand-kept list of what it is made of: whatever a view holds is in its digest,
so a value added to a view changes the signature of every file that shows it.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from typing import Any

from markupsafe import Markup

from sitegen.core.memo import per_object


def digest(*parts: Any) -> str:
    """A stable hash of plain data, dataclasses and views (see ``plain``)."""
    # Not sort_keys: every mapping in a view is built in a fixed order, and sorting is a third of the time.
    text = json.dumps(parts, default=plain, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def plain(value: Any) -> Any:
    """What a value stands for in a digest.

    A value may say so itself with ``__digest__()`` (a body stands for its
    source's hash and where its links lead, not for its HTML). Functions a
    template calls are methods of views, and stand for the view they belong to.
    A shared view (``@shared``) is digested once and stands for its digest.
    """
    own = getattr(type(value), "__digest__", None)
    if own is not None:
        return own(value)
    names = _FIELD_NAMES.get(type(value))
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        if getattr(type(value), "__shared_view__", False):
            return _shared_digest(value)
        return [type(value).__name__, [getattr(value, name) for name in names]]  # the class names its fields
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "__self__") and hasattr(value, "__func__"):  # a bound method of a view
        return ["method", value.__func__.__qualname__, value.__self__]
    if hasattr(value, "items"):  # a read-only mapping (MappingProxyType)
        return dict(value.items())
    raise TypeError(f"a view holds {type(value).__name__}, which has no digest: make it a dataclass or give it __digest__")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # dataclasses.fields() is slow, and a build digests thousands of views


def shared(cls: type) -> type:
    """Mark a frozen view class whose instances are shared by many files: each is digested once."""
    cls.__shared_view__ = True  # type: ignore[attr-defined]
    return cls


@per_object
def _shared_digest(value: Any) -> str:
    return digest(type(value).__name__, {f.name: getattr(value, f.name) for f in dataclasses.fields(value)})


def forget_shared() -> None:
    """Drop the digests of shared views (a resident process, between builds)."""
    _shared_digest.forget()
