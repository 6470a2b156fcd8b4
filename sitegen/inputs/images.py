"""Photographs beside the pages: their sizes, and the resized copies a page offers of them.

Every JPEG and PNG in content/<language>/ is read once per build, or its size
is taken from the cache by the hash of its bytes: the size it is shown at
(after its EXIF orientation) and the widths it is offered in. The copies
themselves are jobs of the images output kind (kinds/images.py), made here:
orientation applied, metadata dropped, fixed encoder settings, so that the
same photograph always gives the same bytes, in one process or several.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.files import write_atomically
from sitegen.core.incremental import CACHE_DIR
from sitegen.core.problems import Problem

# The formats the pipeline reads, by file suffix; other files beside the pages are copied as they are.
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
WEBP = "WEBP"
# The widths offered: a phone, a laptop column at 2x, a wide screen at 2x. Never more than the original.
WIDTHS = (480, 960, 1600)
# Fixed encoder settings: the same input must give the same bytes on every build.
_SAVE_OPTIONS: dict[str, dict[str, object]] = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True, "subsampling": "4:2:0"},
    "PNG": {"compress_level": 9},
    WEBP: {"quality": 80, "method": 4},
}


@dataclass(frozen=True)
class ImageFacts:
    """What a page needs to know of one photograph beside it."""

    digest: str  # of the file's bytes: every copy is made from them
    width: int  # as shown, after the EXIF orientation
    height: int
    format: str  # "JPEG" or "PNG", from the file's suffix

    @property
    def widths(self) -> tuple[int, ...]:
        """The widths it is offered in, smallest first.

        A width within a tenth of the original's would add a file and save
        almost nothing; the largest is the original's, capped at WIDTHS[-1].
        """
        largest = min(self.width, WIDTHS[-1])
        return (*(width for width in WIDTHS if width < largest * 0.9), largest)

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))


@dataclass(frozen=True)
class Variant:
    """One resized copy of a photograph: its output path, width and format."""

    path: str
    width: int
    format: str


def is_image(name: str) -> bool:
    """Whether a file beside the pages goes through the pipeline (by its suffix)."""
    return Path(name).suffix.lower() in IMAGE_FORMATS


def variants(name: str, facts: ImageFacts) -> tuple[Variant, ...]:
    """Every copy of ``name`` ("en/photos/mine.jpg"): each width in its own format, then in WebP."""
    stem, _, suffix = name.rpartition(".")
    own = tuple(Variant(f"{stem}-{width}w.{suffix}", width, facts.format) for width in facts.widths)
    return own + tuple(Variant(f"{stem}-{width}w.webp", width, WEBP) for width in facts.widths)


def largest_copy(name: str, facts: ImageFacts) -> Variant:
    """The copy that stands for the photograph itself: an image's fallback, where a link to the file leads."""
    return variants(name, facts)[len(facts.widths) - 1]


def load_images(site_dir: Path, files: dict[str, Path], cache: ImageCache | None = None) -> tuple[dict[str, ImageFacts], list[Problem]]:
    """The facts of every photograph among the files beside the pages, and a problem for each that cannot be read."""
    images: dict[str, ImageFacts] = {}
    problems: list[Problem] = []
    for name, path in sorted(files.items()):
        if is_image(name):
            data = path.read_bytes()
            digest = content_digest(data)
            try:
                width, height = _shown_size(data, digest, cache)
            except UnreadableImage as exc:
                problems.append(Problem(path.relative_to(site_dir).as_posix(), None, f"cannot be read as an image ({exc}): save it again as JPEG or PNG"))
                continue
            images[name] = ImageFacts(digest, width, height, IMAGE_FORMATS[path.suffix.lower()])
    return images, problems + _taken_names(site_dir, files, images)


def _taken_names(site_dir: Path, files: dict[str, Path], images: dict[str, ImageFacts]) -> list[Problem]:
    """A file beside the pages with the name of a photograph's copy ("mine-480w.jpg"): one of them would be lost."""
    where = lambda name: files[name].relative_to(site_dir).as_posix()
    return [
        Problem(where(variant.path), None, f"has the name of a resized copy of {where(name)}: rename it")
        for name, facts in sorted(images.items())
        for variant in variants(name, facts)
        if variant.path in files
    ]


def _shown_size(data: bytes, digest: str, cache: ImageCache | None) -> tuple[int, int]:
    """Width and height after the EXIF orientation: decoding the whole file is the only way to know it is whole."""
    size = cache.size(digest) if cache else None
    if size is None:
        size = read_image(data).size
        if cache:
            cache.remember_size(digest, size)
    return size


def content_digest(data: bytes) -> str:
    """What names a photograph in the cache and in signatures: the hash of its bytes."""
    return hashlib.sha256(data).hexdigest()[:24]


class UnreadableImage(Exception):
    """An image file Pillow cannot decode: corrupt, truncated, or not an image at all."""


def read_image(data: bytes):
    """The decoded image, turned as its EXIF orientation says; UnreadableImage if it cannot be."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
        return ImageOps.exif_transpose(image)
    except UnidentifiedImageError as exc:  # its message names the in-memory buffer, which says nothing to a contributor
        raise UnreadableImage("its bytes are not an image Pillow knows") from exc
    # Any exception: a decoder fed arbitrary bytes fails in many ways (OSError, SyntaxError,
    # ValueError, struct.error, a decompression bomb…), and each means the same to a contributor.
    except Exception as exc:
        raise UnreadableImage(str(exc) or type(exc).__name__) from exc


def render_variant(data: bytes, variant: Variant) -> bytes:
    """One resized copy of the photograph ``data``, encoded as ``variant`` says, without metadata."""
    from PIL import Image

    image = _upright(data).copy()  # a copy: the memo's image is shared by the next copies
    icc_profile = image.info.get("icc_profile")  # kept: without it the colours of a wide-gamut photograph shift
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode.endswith("A") else "RGB")
    if variant.width < image.width:
        image = image.resize((variant.width, max(1, round(image.height * variant.width / image.width))), Image.Resampling.LANCZOS)
    if variant.format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.info = {}  # EXIF, XMP, comments, the camera's and the place's data: none is passed on
    options = dict(_SAVE_OPTIONS[variant.format])
    if icc_profile:
        options["icc_profile"] = icc_profile
    out = io.BytesIO()
    image.save(out, format=variant.format, **options)
    return out.getvalue()


_LAST_DECODED: list = []  # [(digest, image)]: a photograph's copies are made one after another


def _upright(data: bytes):
    """The photograph decoded and turned upright, decoded once for all its copies made in a row."""
    digest = content_digest(data)
    if not _LAST_DECODED or _LAST_DECODED[0][0] != digest:
        _LAST_DECODED[:] = [(digest, read_image(data))]
    return _LAST_DECODED[0][1]


class ImageCache:
    """Sizes and resized copies of photographs, by the hash of the original's bytes.

    One folder per generator version (whose fingerprint includes Pillow's
    version), so a copy made by other code or another encoder is never used;
    a file is written under a temporary name and renamed, so a killed build or
    a worker process never leaves half a file behind.
    """

    def __init__(self, site_dir: Path, generator: str):
        self.folder = site_dir / CACHE_DIR / f"images-{generator}"

    def size(self, digest: str) -> tuple[int, int] | None:
        try:
            width, height = (self.folder / f"{digest}.size").read_text(encoding="ascii").split()
            return int(width), int(height)
        except (OSError, ValueError):
            return None

    def remember_size(self, digest: str, size: tuple[int, int]) -> None:
        self._write(f"{digest}.size", f"{size[0]} {size[1]}".encode("ascii"))

    def variant(self, digest: str, variant: Variant) -> bytes | None:
        try:
            return (self.folder / _variant_name(digest, variant)).read_bytes()
        except OSError:
            return None

    def remember_variant(self, digest: str, variant: Variant, data: bytes) -> None:
        self._write(_variant_name(digest, variant), data)

    def keep_only(self, digests: set[str]) -> None:
        """Remove what belongs to photographs the site no longer has."""
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name.split(".")[0].split("-")[0] not in digests:
                    path.unlink(missing_ok=True)

    def _write(self, name: str, data: bytes) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            write_atomically(self.folder / name, data)


def _variant_name(digest: str, variant: Variant) -> str:
    return f"{digest}-{variant.width}.{variant.format.lower()}"
