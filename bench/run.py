"""Benchmark the generator on a generated site: cold, no-change, one-page and one-catalog builds.

    python bench/run.py [--langs 5] [--pages 1000] [--runs 3] [--jobs N] [--json] [--preview-only]
    python bench/run.py --site . [--page content/en/invitation.md]   (the preview of a real site)

Each figure is the wall time of `build.py build` as a maintainer runs it,
repeated --runs times (median, min, max), and the peak memory of the whole
process tree (the build and its workers: proportional set size, sampled from /proc). The machine is
noisy: compare medians, and ratios measured in one run.

The preview's figures are from a real `build.py serve` process: the time
from an edited page's save to the reload event its rebuild sends, as a
client of that event stream receives it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from corpus import make_corpus  # noqa: E402

# As a user's machine runs it: Python keeps the generator's compiled modules (a wheel installs them compiled).
# Where PYTHONDONTWRITEBYTECODE is set, as on some CI machines, every build would compile 90 modules again (0.1 s).
AS_INSTALLED = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def tree_rss_kb(pid: int) -> int:
    """Memory of a process and all its descendants, in KB (0 once it is gone).

    Proportional set size (PSS), not RSS: forked workers share most of their
    memory with the build, and RSS would count those pages once per process.
    """
    total, waiting = 0, [pid]
    while waiting:
        current = waiting.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                total += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    waiting += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


def timed_build(site: Path, out: Path, *options: str) -> tuple[float, int]:
    """(seconds, peak KB of the process tree) of one build."""
    command = [sys.executable, str(REPO / "build.py"), "build", "-q", "--site", str(site), "--out", str(out), *options]
    peak = 0
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=AS_INSTALLED)

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss_kb(process.pid))
            time.sleep(0.1)  # reading smaps_rollup is not free: sampling more often slowed a 2-core build by a fifth

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"build failed: {errors.decode()}")
    return seconds, peak


def measure(site: Path, runs: int, jobs: list[str]) -> dict[str, dict]:
    out = site.parent / "out"
    cache = site / ".cache"
    results: dict[str, list[tuple[float, int]]] = {
        "cold full build": [],
        "no-change rebuild": [],
        "one page changed": [],  # the first rebuild after the cold build
        "same page again": [],  # the next edit: what a maintainer editing page after page waits
        "one catalog changed": [],
    }
    page = next((site / "content").glob("*/articles/article-00001.md"))
    languages = sorted(path.name for path in (site / "content").iterdir())
    catalog = next((site / "locales" / language / "LC_MESSAGES" / "messages.po") for language in languages if (site / "locales" / language).is_dir())
    for run in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        results["cold full build"].append(timed_build(site, out, *jobs))
        results["no-change rebuild"].append(timed_build(site, out, *jobs))
        page.write_text(page.read_text(encoding="utf-8") + f"\nEdited in run {run}.\n", encoding="utf-8")
        results["one page changed"].append(timed_build(site, out, *jobs))
        page.write_text(page.read_text(encoding="utf-8") + f"\nEdited again in run {run}.\n", encoding="utf-8")
        results["same page again"].append(timed_build(site, out, *jobs))
        text = catalog.read_text(encoding="utf-8")
        catalog.write_text(text.replace('msgstr "', f'msgstr "{run} ', 1), encoding="utf-8")
        results["one catalog changed"].append(timed_build(site, out, *jobs))
        catalog.write_text(text, encoding="utf-8")
    return {
        name: {
            "median_s": round(statistics.median(s for s, _ in values), 3),
            "min_s": round(min(s for s, _ in values), 3),
            "max_s": round(max(s for s, _ in values), 3),
            "peak_rss_mb": round(max(kb for _, kb in values) / 1024, 1),
        }
        for name, values in results.items()
    }


class Preview:
    """A real `build.py serve` process, and a real client of its reload events."""

    def __init__(self, site: Path, out: Path):
        command = [sys.executable, str(REPO / "build.py"), "serve", "-q", "--site", str(site), "--out", str(out), "--port", "0"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=AS_INSTALLED)
        self.events: list[float] = []  # when each "built" event arrived (time.perf_counter)
        self.arrived = threading.Condition()
        assert self.process.stdout is not None
        for line in self.process.stdout:  # the initial build, then the line that says where it serves
            if line.startswith("Serving "):
                self.url = line.split(" at ", 1)[1].split()[0]
                break
        else:
            raise RuntimeError("serve stopped before serving")
        threading.Thread(target=self._listen, daemon=True).start()
        with self.arrived:
            self.arrived.wait_for(lambda: self.events, timeout=30)  # the event a new client is sent at once
        self.events.clear()

    def _listen(self) -> None:
        import urllib.request

        with urllib.request.urlopen(self.url + "__sitegen/events", timeout=600) as stream:
            for raw in stream:
                if raw.startswith(b"event: built"):
                    with self.arrived:
                        self.events.append(time.perf_counter())
                        self.arrived.notify_all()

    def edit(self, page: Path, text: str, timeout: float = 120) -> float:
        """Seconds from the edited file's save to the reload event that follows it."""
        with self.arrived:
            seen = len(self.events)
        saved = time.perf_counter()
        page.write_text(page.read_text(encoding="utf-8") + text, encoding="utf-8")
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.events) > seen, timeout=timeout):
                raise RuntimeError(f"no reload event {timeout} s after editing {page}")
            return self.events[seen] - saved

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _built_with(out: Path, text: str, page: Path, timeout: float = 600) -> list[Path]:
    """The pages holding ``text`` once the preview's build wrote them (a large site's takes a while), its last caches saved."""
    time.sleep(5)
    started = time.perf_counter()
    name = page.stem
    while time.perf_counter() - started < timeout:
        built = [path for path in out.rglob(f"*{name}*/index.html") if text in path.read_text(encoding="utf-8")]
        if built:
            time.sleep(5)
            return built
        time.sleep(1)
    raise RuntimeError("the last edit is in no page the preview built")


def measure_preview(site: Path, page: Path, edits: int) -> dict[str, dict]:
    """The preview's latency: an edit of a page's text saved, to its new file in place and the reload event sent.

    The first edit of a page after the initial build, then the same page
    edited again and again, as someone writing it does.
    """
    preview = Preview(site, site.parent / "preview-out")
    try:
        first = [preview.edit(page, "\nEdited in the preview.\n")]
        again = []
        for number in range(edits):
            time.sleep(0.3)  # as after a keystroke and a save: the last rebuild's caches are saved by then
            again.append(preview.edit(page, f"\nEdited again ({number}).\n"))
        # The reload may come from the quick path (served from memory); the build writes the file after it.
        built = _built_with(site.parent / "preview-out", f"Edited again ({edits - 1}).", page)
        caught_up = []
        for number in range(3):
            time.sleep(3)
            saved = time.perf_counter()
            page.write_text(page.read_text(encoding="utf-8") + f"\nEdited and built ({number}).\n", encoding="utf-8")
            while f"Edited and built ({number})." not in built[0].read_text(encoding="utf-8"):
                if time.perf_counter() - saved > 120:
                    raise RuntimeError("the edit is in no page the preview built")
                time.sleep(0.005)
            caught_up.append(time.perf_counter() - saved)
    finally:
        preview.stop()

    def figure(values: list[float]) -> dict:
        return {"median_s": round(statistics.median(values), 3), "min_s": round(min(values), 3), "max_s": round(max(values), 3), "runs": len(values)}

    return {
        "preview: first edit of a page": figure(first),
        "preview: the same page again": figure(again),
        "preview: the build's file in place": figure(caught_up),
    }


def machine() -> dict[str, str]:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.machine()
    )
    return {"cores": str(os.cpu_count()), "cpu": model, "python": platform.python_version()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--langs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=1000, help="pages per language (plus a home page and a section index)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="passed to build.py -j (default: its own, one per core)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--edits", type=int, default=9, help="edits of the same page in the preview (default: %(default)s)")
    parser.add_argument("--preview-only", action="store_true", help="measure only the preview")
    parser.add_argument("--search", action="store_true", help="give the corpus its search page: Pagefind indexes every page")
    parser.add_argument("--site", type=Path, default=None, help="measure the preview of a copy of this site folder (default: the generated corpus)")
    parser.add_argument("--page", default="content/en/invitation.md", help="with --site: the page to edit (default: %(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as temporary:
        if args.site:
            site = Path(temporary) / "site"
            shutil.copytree(args.site, site, ignore=shutil.ignore_patterns(".cache", "output*", ".venv", "node_modules", ".git"))
            page = site / args.page
            corpus = {"site": str(args.site), "page": args.page}
        else:
            site = make_corpus(Path(temporary) / "site", args.langs, args.pages, search=args.search)
            page = next((site / "content").glob("*/articles/article-00002.md"))
            corpus = {"languages": args.langs, "pages": args.langs * (args.pages + 2), "runs": args.runs, "search": args.search}
        figures = {} if args.preview_only or args.site else measure(site, args.runs, ["-j", str(args.jobs)] if args.jobs else [])
        print(json.dumps(figures), file=sys.stderr, flush=True)  # kept should the preview's part fail
        figures |= measure_preview(site, page, args.edits)
    report = {"corpus": corpus, "machine": machine(), "figures": figures}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    what = f"{args.site} (edits of {args.page})" if args.site else f"{corpus['pages']} pages ({args.langs} languages × {args.pages + 2}), {args.runs} runs"
    what += ", with search" if args.search else ""
    print(f"{what}; {report['machine']['cores']} cores, {report['machine']['cpu']}, Python {report['machine']['python']}")
    print(f"{'build':<32}{'median s':>10}{'min s':>8}{'max s':>8}{'peak MB':>9}")
    for name, figure in figures.items():
        peak = f"{figure['peak_rss_mb']:>9.0f}" if "peak_rss_mb" in figure else f"{'':>9}"
        print(f"{name:<32}{figure['median_s']:>10.3f}{figure['min_s']:>8.3f}{figure['max_s']:>8.3f}{peak}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
