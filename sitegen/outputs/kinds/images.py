"""Resized copies of the photographs beside the pages, each width in its own format and in WebP.

Written beside the original ("en/photos/mine.jpg" → "en/photos/mine-480w.jpg",
"en/photos/mine-480w.webp"). Signed by the hash of the original's bytes and
the copy's width and format, which are all it is made from.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sitegen.core.digest import digest
from sitegen.core.files import OutputFile
from sitegen.inputs.images import ImageCache, ImageFacts, Variant, content_digest, render_variant, variants
from sitegen.model.site import BuildContext
from sitegen.outputs.registry import Job, Rendered, output_kind


@output_kind("images")
def plan_images(build: BuildContext) -> Iterator[Job]:
    site = build.site
    for name, facts in sorted(site.images.items()):
        path = site.content.files[name]
        for variant in variants(name, facts):
            yield _variant_job(path, path.relative_to(site.site_dir).as_posix(), facts, variant, build.image_cache)


def _variant_job(path: Path, source: str, facts: ImageFacts, variant: Variant, cache: ImageCache | None) -> Job:
    signature = digest("image", facts.digest, variant.width, variant.format)

    def render() -> Rendered:
        data = cache.variant(facts.digest, variant) if cache else None
        if data is None:
            original = path.read_bytes()
            data = render_variant(original, variant)
            if cache and content_digest(original) == facts.digest:  # not a file replaced since it was read
                cache.remember_variant(facts.digest, variant, data)
        return Rendered(OutputFile(variant.path, data, (source,)), signature)

    return Job(variant.path, (source,), lambda: signature, render)
