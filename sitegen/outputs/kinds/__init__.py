"""The output kinds of a site, one module each; importing this package registers them all.

Their order does not matter: each job is one file, and the stage a kind
registers with (outputs.FIRST, outputs.AFTER_PAGES) is what orders the build.
"""

from . import (  # noqa: F401
    booklet,
    calendars,
    chooser,
    content_pages,
    copied_files,
    feeds,
    images,
    light_version,
    marker,
    not_found,
    programme_calendars,
    search_engines,
    search_page,
    server_rules,
    session_pages,
    status_page,
)
