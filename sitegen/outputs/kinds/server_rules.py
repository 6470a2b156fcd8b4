"""The web servers' rules for the site (.htaccess for Apache, _redirects and _headers for Netlify), made from site.toml.

Not in a copy opened from disk. Each is signed by the hosting view it is
made from, so an incremental build writes them again only when the languages,
base_url or the policy change.
"""

from __future__ import annotations

from collections.abc import Iterator

from sitegen.inputs.config import CONFIG_NAME
from sitegen.model.routes import NETLIFY_HEADERS, NETLIFY_REDIRECTS
from sitegen.model.site import BuildContext
from sitegen.outputs.hosting import Hosting, hosting_of
from sitegen.outputs.hosting.apache import HTACCESS_NAME, render_htaccess
from sitegen.outputs.hosting.netlify import render_headers, render_redirects
from sitegen.outputs.kinds.templated import view_job
from sitegen.outputs.registry import Job, output_kind


@output_kind("server rules")
def plan_server_rules(build: BuildContext) -> Iterator[Job]:
    if build.offline:
        return
    hosting = hosting_of(build.site.config)
    yield view_job(HTACCESS_NAME, hosting, write_htaccess, (CONFIG_NAME,))
    yield view_job(NETLIFY_REDIRECTS, hosting, write_redirects, (CONFIG_NAME,))
    yield view_job(NETLIFY_HEADERS, hosting, write_headers, (CONFIG_NAME,))


def write_htaccess(hosting: Hosting) -> bytes:
    return render_htaccess(hosting).encode()


def write_redirects(hosting: Hosting) -> bytes:
    return render_redirects(hosting).encode()


def write_headers(hosting: Hosting) -> bytes:
    return render_headers(hosting).encode()
