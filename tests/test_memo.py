"""What a build works out from its site is kept with that site only: a preview's rebuild lets the old site go."""

import gc
import weakref
from dataclasses import dataclass

from sitegen.core.memo import per_latest, per_object


class Site:
    """A stand-in for the model: any object a view is worked out from."""


@dataclass(frozen=True)
class Page:
    """A stand-in for a page: equal to another with the same name."""

    name: str


def test_a_view_of_the_latest_site_is_worked_out_once_and_an_old_site_is_let_go():
    calls = []

    @per_latest
    def view(site, language):
        calls.append(language)
        return (id(site), language)

    old = Site()
    assert view(old, "es") == view(old, "es")
    assert calls == ["es"]
    gone = weakref.ref(old)
    new = Site()
    view(new, "es")
    del old
    gc.collect()
    assert gone() is None, "the previous site is not held by the memo"
    assert calls == ["es", "es"]


def test_a_value_is_remembered_for_that_very_object_until_forgotten():
    calls = []

    @per_object
    def view(thing, language):
        calls.append(language)
        return [language]

    first, equal = Page("invitation"), Page("invitation")
    assert view(first, "es") is view(first, "es")
    view(equal, "es")
    assert calls == ["es", "es"], "an equal object is another object"
    gone = weakref.ref(first)
    view.forget()
    del first
    gc.collect()
    assert gone() is None, "forget lets go of what the memo held"
    view(equal, "es")
    assert calls == ["es", "es", "es"]
