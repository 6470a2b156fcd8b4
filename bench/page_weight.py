"""Print what each page of a built site weighs: its HTML plus the stylesheets and scripts it loads.

    python bench/page_weight.py [OUTPUT_DIR]      (default: output/, built first if missing)

Visitors on slow phones pay for every byte: the budget is 50 KB per page,
uncompressed, fonts excluded (the site uses the system's).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
BUDGET = 50 * 1024


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.urls.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])


def page_weights(root: Path) -> list[tuple[int, str]]:
    """(bytes, page) for every HTML page: the page itself and the assets it loads."""
    weights = []
    for page in sorted(root.rglob("*.html")):
        parser = _Assets()
        html = page.read_bytes()
        parser.feed(html.decode("utf-8"))
        total = len(html)
        for url in parser.urls:
            path = urlsplit(url).path
            asset = (root / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
            total += asset.resolve().stat().st_size
        weights.append((total, page.relative_to(root).as_posix()))
    return weights


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "output"
    if not root.exists():
        subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--out", str(root)], check=True)
    weights = page_weights(root)
    sizes = [size for size, _ in weights]
    heaviest, page = max(weights)
    print(f"pages: {len(weights)}")
    print(f"median page weight (HTML + CSS + JS): {statistics.median(sizes) / 1024:.1f} KB")
    print(f"heaviest: {page}: {heaviest / 1024:.1f} KB ({100 * heaviest / BUDGET:.0f}% of the 50 KB budget)")
    return 0 if heaviest <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
