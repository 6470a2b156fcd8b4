"""What a build works out from its site is kept with that site only: a preview's rebuild lets the old site go."""

import gc
import weakref

from sitegen.core.memo import per_latest


class Site:
    """A stand-in for the model: any object a view is worked out from."""


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
