"""The preview's quick path: a page whose Markdown body alone changed, rendered from the last build's model.

A save in the editor most often changes one page's text and nothing else.
Such a page is read again, rendered with the model the last build left in
memory (its menus, routes and templates are the same: only the body
differs) and checked as a build checks it; the preview serves it from
memory and reloads the tabs. The full incremental build follows, as after
any change, and settles what else the text feeds (the page's fallback copies
in other languages, the status pages, the feed, the search index); its bytes
for the page are the quick path's (tests/test_quick.py), and the preview
serves its file again once it is in place.

Anything else (front matter, a new or removed file, a template, a catalog,
a problem in the page) goes the full build's way alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from sitegen.build.links import AllFacts, page_link_problems
from sitegen.core.problems import Problem
from sitegen.inputs.content import CONTENT_DIR, read_page
from sitegen.model.bodies import BodyOutcome
from sitegen.model.site import BuildContext
from sitegen.outputs.kinds.content_pages import page_job


@dataclasses.dataclass(frozen=True)
class QuickPage:
    path: str  # the output file, below the output folder
    content: bytes


def quick_pages(context: BuildContext, site_dir: Path, changed: Iterable[str]) -> list[QuickPage] | None:
    """The pages of ``changed`` (paths below the site folder) rendered anew, when their bodies are all that changed; else None."""
    site, pages = context.site, []
    for name in sorted(set(changed)):
        parts = name.split("/")
        if len(parts) < 3 or parts[0] != CONTENT_DIR or not name.endswith(".md") or parts[1] not in site.written.pages:
            return None
        language, key = parts[1], "/".join(parts[2:])[: -len(".md")]
        old = site.written.pages[language].get(key)
        if old is None or old.source != name or site.content.pages[language].get(key) is not old:
            return None  # a new page, or one a model step made into something else (segments): the build decides
        problems: list[Problem] = []
        try:
            new = read_page(site_dir / name, site_dir, language, problems)
        except OSError:  # removed, or being saved: the build says what it finds
            return None
        if new is None or problems or dataclasses.replace(new, stored_body=old.stored_body) != old:
            return None
        pages.append(new)
    rendered = []
    for page in pages:
        result = page_job(context, page).render()
        if result.file is None or result.file.content is None or any(not problem.is_warning for problem in result.problems):
            return None
        assert isinstance(result.facts, BodyOutcome)  # a content page's job learns its body's facts
        facts = AllFacts(site, context.bodies, now={(page.language, page.key): result.facts.facts})
        if any(not problem.is_warning for problem in page_link_problems(site, page, facts)):
            return None
        rendered.append(QuickPage(result.file.path, result.file.content))
    return rendered
