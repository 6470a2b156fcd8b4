"""The HTML of a photograph beside a page, once its size is known: width, height, srcset, sizes, WebP.

markup.py decides from the text alone what an image is (a figure with its
caption, or an image among words; lazy or not) and leaves a marker for its
file; the attributes that depend on the file itself are written here, when a
page's links are resolved, so a body's cached HTML never holds a stale size.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import quote

from sitegen.inputs.images import WEBP, ImageFacts, largest_copy, variants

# The column a body is shown in: .wrap is 44rem wide, with 1rem of padding on each side.
SIZES = "(min-width: 44rem) 42rem, 100vw"
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
# srcset lists URLs separated by spaces and commas: those characters must be escaped in each URL.
_SRCSET_SAFE = "/:#?&=%~+@!$'()*;"


def image_html(tag_attributes: str, name: str, facts: ImageFacts, link: Callable[[str], str], *, in_picture: bool) -> str:
    """An ``<img>`` (with a WebP ``<source>`` before it, in a ``<picture>``) for the photograph ``name``.

    ``tag_attributes`` are those markup.py wrote (already escaped): alt,
    title, loading and decoding are kept; src is replaced.
    """
    kept = {key: value for key, value in _ATTRIBUTE.findall(tag_attributes) if key != "src"}
    offered = variants(name, facts)
    own = [variant for variant in offered if variant.format != WEBP]
    largest = largest_copy(name, facts)
    attributes = {
        "src": html.escape(link(largest.path)),
        "srcset": _srcset(own, link),
        "sizes": SIZES,
        "width": str(largest.width),
        "height": str(facts.height_at(largest.width)),
        **kept,
    }
    img = "<img " + " ".join(f'{key}="{value}"' for key, value in attributes.items()) + ">"
    if not in_picture:
        return img
    webp = [variant for variant in offered if variant.format == WEBP]
    return f'<source type="image/webp" srcset="{_srcset(webp, link)}" sizes="{SIZES}">{img}'


def _srcset(offered, link: Callable[[str], str]) -> str:
    return html.escape(", ".join(f"{quote(link(variant.path), safe=_SRCSET_SAFE)} {variant.width}w" for variant in offered))
