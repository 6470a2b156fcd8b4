"""The fast paths give the same bytes: the process pool, and the cache of the last build."""

from __future__ import annotations

import threading

from built import tree_digest
from corpus import make_corpus
from helpers import run_cli


def test_pool_and_cache_give_byte_identical_sites(tmp_path):
    site = make_corpus(tmp_path / "site", languages=2, pages=150, search=True)  # 304 pages: above the pool's threshold
    runs = {  # the pool first, with no cache at all: its workers write the pages, which the search index then reads
        "pool": ("-j", "2", "--clean"),
        "one process": ("-j", "1", "--clean"),
    }
    for name, options in runs.items():
        result = run_cli("build", "--site", site, "--out", tmp_path / name, *options)
        assert result.returncode == 0, result.stderr
    assert tree_digest(tmp_path / "one process") == tree_digest(tmp_path / "pool")

    page = site / "content" / "es" / "articles" / "article-00007.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    incremental = run_cli("build", "--site", site, "--out", tmp_path / "pool", "-j", "2")
    assert incremental.returncode == 0, incremental.stderr
    # The page, and the four files of the Spanish search index it changes: entry, meta, words, the page's fragment.
    assert ": 5 written, " in incremental.stdout.splitlines()[-1]
    assert run_cli("build", "--site", site, "--out", tmp_path / "clean", "-j", "2", "--clean").returncode == 0
    assert tree_digest(tmp_path / "pool") == tree_digest(tmp_path / "clean")

    # Every page again, beside the last site: the pool's workers hand their pages back to be written here.
    base = site / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", "<p>Printed from the pool.</p></footer>", 1), encoding="utf-8")
    again = run_cli("build", "--site", site, "--out", tmp_path / "pool", "-j", "2")
    assert again.returncode == 0, again.stderr
    assert run_cli("build", "--site", site, "--out", tmp_path / "clean", "-j", "1", "--clean").returncode == 0
    assert tree_digest(tmp_path / "pool") == tree_digest(tmp_path / "clean")


def test_a_template_that_fails_on_every_page_is_reported_the_same_in_the_pool(tmp_path):
    site = make_corpus(tmp_path / "site", languages=2, pages=150)  # above the pool's threshold: the first page is settled before the pool
    base = site / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("<body", "{{ no_such_value.anywhere }}<body", 1), encoding="utf-8")
    reports = {}
    for jobs in ("1", "2"):
        result = run_cli("build", "--site", site, "--out", tmp_path / f"out-{jobs}", "-j", jobs)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and "bug" not in result.stderr, result.stderr
        reports[jobs] = result.stderr
    assert "no_such_value" in reports["2"] and reports["1"] == reports["2"]


def test_more_processes_than_the_pages_fill_still_build_the_same_site(tmp_path):
    """-j as large as a big machine's core count: fewer than eight jobs a worker, and still one job a chunk."""
    site = make_corpus(tmp_path / "site", languages=2, pages=100)  # about 220 jobs: fewer than 8 for each of 32 workers
    for name, jobs in (("many", "32"), ("one", "1")):
        result = run_cli("build", "--site", site, "--out", tmp_path / name, "-j", jobs)
        assert result.returncode == 0, result.stderr
    assert tree_digest(tmp_path / "many") == tree_digest(tmp_path / "one")


def test_two_heavy_jobs_are_drawn_in_the_pool_even_among_few_and_come_back_in_order():
    """Five booklets are too few for a pool by count (PARALLEL_FROM), but each is a second of work."""
    import os

    from sitegen.build.scheduler import PARALLEL_FROM, run_jobs
    from sitegen.core.files import OutputFile
    from sitegen.outputs.registry import Job, Rendered

    def job(name: str, heavy: bool) -> Job:
        return Job(name, (), lambda: None, lambda: Rendered(OutputFile(name, str(os.getpid()).encode(), ()), name), heavy=heavy)

    jobs = [job("a.pdf", True), job("b.xml", False), job("c.pdf", True), job("d.pdf", True)]
    assert len(jobs) < PARALLEL_FROM
    results = run_jobs(jobs, None, processes=2)
    assert [result.file.path for result in results] == ["a.pdf", "b.xml", "c.pdf", "d.pdf"]
    makers = {result.file.path: int(result.file.content) for result in results}
    assert makers["b.xml"] == os.getpid(), "the light job is settled here, first"
    assert all(makers[name] != os.getpid() for name in ("a.pdf", "c.pdf", "d.pdf")), "the heavy ones in the pool"
    light = run_jobs([job("a.xml", False), job("b.xml", False)], None, processes=2)
    assert {int(result.file.content) for result in light} == {os.getpid()}, "a few light jobs stay in this process"


def test_a_pool_made_anew_for_each_batch_of_jobs_builds_the_same_site(tmp_path, monkeypatch):
    """The pool is made again (its workers forked anew, to let go of the model's pages they copied) after a number of jobs each."""
    from sitegen.build import scheduler
    from sitegen.build.pipeline import build_site

    site = make_corpus(tmp_path / "site", languages=2, pages=150)
    build_site(site, tmp_path / "one", jobs=1, clean=True)
    monkeypatch.setattr(scheduler, "JOBS_PER_WORKER", 20)  # 40 jobs a pool of two
    made = []
    real_pool = scheduler.multiprocessing.get_context("fork").Pool

    def counted_pool(*args, **options):
        made.append(threading.active_count())  # forked from this thread alone: no pool's threads still running
        return real_pool(*args, **options)

    monkeypatch.setattr(scheduler.multiprocessing.get_context("fork"), "Pool", counted_pool)
    build_site(site, tmp_path / "pool", jobs=2, clean=True)
    assert len(made) >= 300 // 40, "a pool for each batch"
    assert made == [made[0]] * len(made), "each pool's threads are gone before the next is made"
    assert tree_digest(tmp_path / "pool") == tree_digest(tmp_path / "one")


def test_a_body_the_pool_names_from_the_last_record_is_learnt_as_the_record_holds_it(tmp_path):
    """A worker sends back a kept body's facts by name; the building process reads them from its own copy of the record."""
    import marshal

    from sitegen.core.incremental import manifest_path

    site = make_corpus(tmp_path / "site", languages=2, pages=150)
    # A warning the link check finds from the facts: it must be found again from the facts named.
    (site / "content" / "es" / "articles" / "article-00005.md").unlink()
    (site / "content" / "es" / "articles" / "article-00003.md").write_text(
        "---\ntitle: Enlace\n---\n\nVéase [otra página](article-00005.md#no-such-heading).\n", encoding="utf-8"
    )
    records = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        first = run_cli("build", "--site", site, "--out", out, "-j", jobs)
        base = site / "templates" / "base.html"
        text = base.read_text(encoding="utf-8")
        base.write_text(text.replace("</footer>", f"<p>Again with {jobs}.</p></footer>", 1), encoding="utf-8")
        again = run_cli("build", "--site", site, "--out", out, "-j", jobs)  # every page rendered, every body as recorded
        base.write_text(text, encoding="utf-8")
        assert again.returncode == first.returncode == 0, again.stderr
        warnings = [line for line in first.stderr.splitlines() if "article-00005.md" in line]
        assert warnings and [line for line in again.stderr.splitlines() if "article-00005.md" in line] == warnings
        records[jobs] = marshal.loads(manifest_path(site, out).read_bytes())["pages"]
    assert records["1"] == records["2"]


def test_pages_read_in_two_processes_are_the_pages_and_problems_read_in_one(tmp_path, monkeypatch):
    """A cold build parses its page files in the pool: the same pages, in the same order, and the same problems,
    told in the order the files are found, whether a page's own (bad front matter) or the walk's (a link out)."""
    from sitegen.inputs import content
    from sitegen.inputs.config import load_config

    site = make_corpus(tmp_path / "site", languages=2, pages=150)
    articles = site / "content" / "es" / "articles"
    (articles / "article-00020.md").write_text("---\ntitle: [no closing bracket\n---\nBody.\n", encoding="utf-8")
    (articles / "article-00090.md").write_text("No front matter at all.\n", encoding="utf-8")
    (tmp_path / "outside.md").write_text("---\ntitle: Outside\n---\n", encoding="utf-8")
    (articles / "article-00050-link.md").symlink_to(tmp_path / "outside.md")
    config = load_config(site)
    spied = []
    map_in_order = content.map_in_order

    def spy(function, items, processes):
        spied.append(processes)
        return map_in_order(function, items, processes)

    monkeypatch.setattr(content, "map_in_order", spy)

    one, one_problems = content.load_content(site, config, processes=1)
    two, two_problems = content.load_content(site, config, processes=2)

    assert spied == [1, 2], "the second reading went through the pool"
    assert [list(pages.items()) for pages in two.pages.values()] == [list(pages.items()) for pages in one.pages.values()]
    assert two.files == one.files
    assert [str(problem) for problem in two_problems] == [str(problem) for problem in one_problems]
    told = [problem.path for problem in one_problems]
    assert told == ["content/es/articles/article-00020.md", "content/es/articles/article-00050-link.md", "content/es/articles/article-00090.md"]
