"""Files copied as they are: static files under their hashed names, the files beside the pages (documents), the document library's files.

Not the photographs: their originals carry what the camera recorded (the
place, the time, the device), which a reader must not get; their copies
(kinds/images.py) stand for them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from sitegen.core.files import OutputFile
from sitegen.inputs.documents import FILES_DIR, OUTPUT_DIR
from sitegen.model.site import BuildContext
from sitegen.outputs.registry import Job, Rendered, output_kind


@output_kind("copied files")
def plan_copied_files(build: BuildContext) -> Iterator[Job]:
    site = build.site
    for name, path in sorted(site.content.files.items()):
        if name in site.images:
            continue
        yield _copy(name, path.read_bytes(), (path.relative_to(site.site_dir).as_posix(),))
    for file in site.static.files:
        yield _copy(file.path, file.content or b"", file.sources)
    for name in sorted({version.file for document in site.conference.documents for version in document.versions if version.file}):
        source = f"{FILES_DIR}/{name}"
        yield _copy(f"{OUTPUT_DIR}/{name}", (site.site_dir / source).read_bytes(), (source,))


def _copy(path: str, content: bytes, sources: tuple[str, ...]) -> Job:
    signature = hashlib.sha256(content).hexdigest()[:20]
    return Job(path, sources, lambda: signature, lambda: Rendered(OutputFile(path, content, sources), signature))
