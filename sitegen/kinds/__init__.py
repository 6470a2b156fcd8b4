"""The output kinds of a site, one module each; importing this package registers them all.

The order here is the order of the build's plan: content pages first, then
the pages around them, the files for machines, and the files copied as they are.
"""

from . import calendars, chooser, content_pages, copied_files, feeds, not_found, search_engines, status_page  # noqa: F401
