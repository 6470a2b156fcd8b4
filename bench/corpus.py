"""Make a deterministic test site for benchmarks: N languages × P pages of about 800 words.

    python bench/corpus.py DIR [--langs 5] [--pages 1000] [--seed 1]

The site uses the project's real templates, stylesheet, catalogs and data
file; each page has front matter, headings, lists, a table and links to
other pages. The same seed always gives the same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sitegen.i18n.freshness import source_hash  # noqa: E402
from sitegen.inputs.content import read_page  # noqa: E402

# The site's own languages first, then others Babel knows, for --langs above 5.
LANGUAGES = ["en", "es", "de", "ru", "hi", "fr", "pt", "it", "tr", "sw", "ar", "zh"]
SECTION = "articles"
WORDS = [
    "miners",
    "union",
    "solidarity",
    "conference",
    "coal",
    "copper",
    "gold",
    "shaft",
    "safety",
    "wages",
    "workers",
    "struggle",
    "international",
    "delegation",
    "strike",
    "pit",
    "village",
    "community",
    "organisation",
    "cooperation",
    "history",
    "report",
    "meeting",
    "committee",
    "regional",
    "national",
    "health",
    "rights",
    "women",
    "youth",
    "future",
    "energy",
    "mountain",
    "valley",
    "tunnel",
    "ventilation",
    "shift",
    "agreement",
    "conditions",
    "pension",
    "training",
    "equipment",
    "transport",
    "water",
    "land",
    "company",
    "monopoly",
    "government",
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def page_body(rng: random.Random, number: int, pages: int) -> str:
    """About 800 words: four sections of paragraphs, a list, a table and links."""
    parts = []
    for section in range(4):
        parts.append(f"## {sentence(rng, 4)[:-1]} {section + 1}\n")
        for _ in range(3):
            link = rng.randrange(pages)
            parts.append(f"{sentence(rng, 18)} See [article {link}](article-{link:05d}.md). {sentence(rng, 22)} {sentence(rng, 16)}\n")
        if section == 1:
            parts.append("\n".join(f"- {sentence(rng, 7)}" for _ in range(5)) + "\n")
        if section == 2:
            rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randrange(1000)} | {rng.choice(WORDS)} |" for _ in range(4))
            parts.append(f"| Item | Number | Note |\n|---|---|---|\n{rows}\n")
    return "\n".join(parts)


def make_corpus(target: Path, languages: int, pages: int, seed: int = 1, search: bool = False) -> Path:
    """Write the site into target (emptied first); return it.

    Without ``search`` the site has no search page (no templates/search.html), as the
    generators it is compared with build none: with it, Pagefind indexes every page. It never
    has the booklet (templates/booklet.html): they draw no PDF.
    """
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("booklet.html", *(() if search else ("search.html",))))
    shutil.copy2(REPO / "babel.cfg", target / "babel.cfg")
    codes = LANGUAGES[:languages]
    config = (REPO / "site.toml").read_text(encoding="utf-8")
    config = re.sub(r"^languages = .*$", "languages = [" + ", ".join(f'"{c}"' for c in codes) + "]", config, flags=re.M)
    for table in ("name", "organizer", "city"):  # keep only the languages of the corpus
        config = re.sub(
            rf"(\[conference\.{table}\]\n)((?:\w+ = .*\n)+)",
            lambda m: m[1] + "".join(line + "\n" for line in m[2].splitlines() if line.split(" = ")[0] in codes),
            config,
        )
    (target / "site.toml").write_text(config, encoding="utf-8")
    for code in codes:
        source = REPO / "locales" / code
        if source.is_dir():
            shutil.copytree(source, target / "locales" / code)
    if any(not (REPO / "locales" / code).is_dir() for code in codes[1:]):
        from sitegen.inputs.config import load_config
        from sitegen.templating.template_catalogs import update_catalogs

        update_catalogs(target, load_config(target))
    rng = random.Random(seed)
    default = codes[0]
    for code in codes:
        folder = target / "content" / code
        (folder / SECTION).mkdir(parents=True)
        sources = target / "content" / default
        home = f"---\ntitle: Benchmark home {code}\nsummary: A generated site for benchmarks.\nmenu: 1\ntemplate: home.html\n---\n\n{sentence(rng, 30)}\n\nRead the [articles]({SECTION}/index.md).\n"
        section = f"---\ntitle: Articles {code}\nsummary: Every article.\nmenu: 2\ntemplate: news-index.html\n---\n\n{sentence(rng, 20)}\n"
        (folder / "index.md").write_text(home, encoding="utf-8")
        (folder / SECTION / "index.md").write_text(section, encoding="utf-8")
        for number in range(pages):
            title = f"{sentence(rng, 5)[:-1]} {number}"
            text = f"---\ntitle: {title}\nsummary: {sentence(rng, 12)}\n---\n\n{page_body(rng, number, pages)}"
            path = folder / SECTION / f"article-{number:05d}.md"
            path.write_text(text, encoding="utf-8")
        if code != default:  # translations that are current with their source
            for path in sorted(folder.rglob("*.md")):
                problems: list = []
                source_page = read_page(sources / path.relative_to(folder), target, default, problems)
                assert source_page is not None, problems  # the corpus writes only pages the generator reads
                text = path.read_text(encoding="utf-8")
                path.write_text(text.replace("\n---\n", f'\nsource_hash: "{source_hash(source_page)}"\n---\n', 1), encoding="utf-8")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--langs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--search", action="store_true", help="with the search page (Pagefind indexes every page)")
    args = parser.parse_args()
    make_corpus(args.target, args.langs, args.pages, args.seed, args.search)
    print(f"{args.target}: {args.langs} languages × {args.pages + 2} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
