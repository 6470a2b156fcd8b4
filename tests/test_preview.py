"""The preview server: serves every language, rebuilds on change, keeps the last good site on failure."""

from __future__ import annotations

import concurrent.futures
import io
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from helpers import REPO, copy_repository_site, run_cli


class Preview:
    """build.py serve, running on a free loopback port, with what it prints collected."""

    def __init__(self, site, out, cwd=None):
        self.out = out
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "--site", str(site), "--out", str(out), "--port", "0"],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        for stream, lines in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr)):
            threading.Thread(target=lambda s=stream, kept=lines: [kept.append(line.rstrip("\n")) for line in s], daemon=True).start()
        self.url = self.wait_for(lambda: next((m[1] for line in self.stdout if (m := re.search(r"at (http://127\.0\.0\.1:\d+/)", line))), None))

    def wait_for(self, condition, timeout=15.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            assert self.process.poll() is None, "\n".join(self.stderr)
            time.sleep(0.1)
        raise AssertionError(f"timed out; stdout: {self.stdout}; stderr: {self.stderr}")

    def get(self, path: str, timeout: float = 5) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def preview(tmp_path):
    site = copy_repository_site(tmp_path)
    server = Preview(site, tmp_path / "out")
    yield site, server
    server.stop()


def test_serves_every_language_with_the_live_script(preview):
    _, server = preview
    for path in ("", "en/", "es/invitacion/", "ru/", "hi/ekjutta/"):
        status, html = server.get(path)
        assert status == 200 and '<script src="/__sitegen/live.js" defer></script>' in html, path
    status, html = server.get("es/no-such-page/")
    assert status == 404 and "Página no encontrada" in html


def test_the_preview_builds_once_as_it_starts_when_nothing_changes(preview):
    """A second build right after 'Serving' reads as a duplicate: the one after the watcher starts is for files saved meanwhile."""
    _, server = preview
    time.sleep(1.5)  # a second build, were there one, is under way and has printed by now
    assert sum(line.startswith("Built ") for line in server.stdout) == 1, server.stdout
    assert not any("no input changed" in line for line in server.stdout), server.stdout


def test_a_changed_page_is_served_within_seconds(preview):
    site, server = preview
    page = site / "content" / "es" / "invitation.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: ", "title: Nueva ", 1), encoding="utf-8")
    started = time.monotonic()
    server.wait_for(lambda: "<h1>Nueva " in server.get("es/invitacion/")[1], timeout=10)
    assert time.monotonic() - started < 10
    assert not any(line.startswith("In place at once") for line in server.stdout), "a title feeds menus and lists: the whole build's"


def test_a_page_whose_text_alone_changed_is_put_in_place_before_the_build_which_keeps_it(preview, tmp_path):
    site, server = preview
    page = site / "content" / "es" / "invitation.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUn párrafo *nuevo*.\n", encoding="utf-8")
    server.wait_for(lambda: "In place at once: es/invitacion/index.html; the build follows" in server.stdout)
    assert "Un párrafo <em>nuevo</em>." in server.get("es/invitacion/")[1], "served from memory until the build has caught up"
    page.write_text(page.read_text(encoding="utf-8") + "\nOtro más.\n", encoding="utf-8")

    def built_after_second_quick_edit() -> bool:
        quick_lines = [number for number, line in enumerate(server.stdout) if line.startswith("In place at once")]
        return len(quick_lines) == 2 and any(line.startswith("Built ") for line in server.stdout[quick_lines[1] :])

    server.wait_for(built_after_second_quick_edit)
    clean = tmp_path / "clean"
    assert run_cli("build", "--clean", "--site", site, "--out", clean).returncode == 0
    served = (tmp_path / "out" / "es" / "invitacion" / "index.html").read_bytes()
    assert served == (clean / "es" / "invitacion" / "index.html").read_bytes(), "the quick path writes what the build writes"
    assert b"Otro m\xc3\xa1s." in served and "Otro más." in server.get("es/invitacion/")[1]


def test_a_text_with_a_broken_link_waits_for_the_build_which_reports_it(preview):
    site, server = preview
    page = site / "content" / "de" / "invitation.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSiehe [hier](nirgendwo.md).\n", encoding="utf-8")
    server.wait_for(lambda: "Build failed: still serving the last good site." in server.stderr)
    assert not any(line.startswith("In place at once") for line in server.stdout)
    assert "nirgendwo" not in server.get("de/einladung/")[1], "the last good page is served"


def test_a_page_saved_again_and_again_while_the_preview_builds_is_built_again_never_shown_as_an_error(preview):
    """A body is read again where it is rendered, and a file saved since fails that build (SourceChanged): in the
    preview, where someone types and saves, the build the save asked for follows, and the tabs are told nothing."""
    site, server = preview
    page = site / "content" / "es" / "invitation.md"
    text = page.read_text(encoding="utf-8")
    saving = page.with_name(".invitation.md.saving")  # saved whole, as most editors do: a file read half-written is another matter
    for number in range(40):  # faster than a build: some saves land while one reads the pages
        saving.write_text(text + f"\nGuardado {number}.\n", encoding="utf-8")
        saving.replace(page)
        time.sleep(0.05)
    server.wait_for(lambda: "Guardado 39." in server.get("es/invitacion/")[1], timeout=30)
    server.wait_for(lambda: "Guardado 39." in (server.out / "es" / "invitacion" / "index.html").read_text(encoding="utf-8"), timeout=30)
    assert not any("Build failed" in line for line in server.stderr), "\n".join(server.stderr)
    events = urllib.request.urlopen(server.url + "__sitegen/events", timeout=10)
    assert next(line for line in events if line.startswith(b"event:")) == b"event: built\n"
    events.close()


def test_a_relative_site_folder_is_rebuilt_after_each_edit(tmp_path):
    """serve --site given relative to another folder: it used to die on the first rebuild, and not start again."""
    site = copy_repository_site(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for attempt in range(2):
        server = Preview("../site", "../out", cwd=elsewhere)
        try:
            page = site / "content" / "es" / "invitation.md"
            page.write_text(page.read_text(encoding="utf-8").replace("title: ", f"title: Nueva{attempt} ", 1), encoding="utf-8")
            server.wait_for(lambda server=server, attempt=attempt: f">Nueva{attempt} " in server.get("es/invitacion/")[1], timeout=15)
            template = site / "templates" / "page.html"
            template.write_text(template.read_text(encoding="utf-8").replace("<h1", f'<h1 data-edit="{attempt}"'), encoding="utf-8")
            server.wait_for(lambda server=server, attempt=attempt: f'data-edit="{attempt}"' in server.get("es/invitacion/")[1], timeout=15)
        finally:
            server.stop()
        assert not any("bug" in line or "Traceback" in line for line in server.stderr), server.stderr


def test_a_broken_template_is_reported_and_the_last_good_site_still_served(preview):
    site, server = preview
    before = server.get("de/einladung/")[1]
    (site / "templates" / "page.html").write_text("{% block main %}{% if %}{% endblock %}", encoding="utf-8")
    server.wait_for(lambda: "Build failed: still serving the last good site." in server.stderr)
    assert any(line.startswith("templates/page.html:1: template syntax error") for line in server.stderr)
    status, after = server.get("de/einladung/")
    assert status == 200 and after == before


def test_open_tabs_show_the_error_then_reload_when_it_is_fixed(preview, browser):
    site, server = preview
    template = site / "templates" / "page.html"
    good = template.read_text(encoding="utf-8")
    tab = browser.new_page()
    tab.goto(server.url + "en/invitation/")
    tab.wait_for_timeout(300)  # the page's event stream connects
    template.write_text(good.replace("{% block main %}", "{% block main %}{% if %}", 1), encoding="utf-8")
    overlay = tab.locator("#sitegen-build-error")
    overlay.wait_for(timeout=10_000)
    assert "templates/page.html:" in overlay.inner_text()
    template.write_text(good.replace("<h1", '<h1 class="fixed"', 1), encoding="utf-8")
    tab.locator("h1.fixed").wait_for(timeout=10_000)
    assert tab.locator("#sitegen-build-error").count() == 0
    tab.close()


def test_a_busy_port_is_named_with_the_way_out(tmp_path):
    site = copy_repository_site(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--site", site, "--out", tmp_path / "out", "--port", str(port))
    assert result.returncode == 4
    assert f"error: port {port} on 127.0.0.1 is in use by another program" in result.stderr
    assert f"--port {port + 1}" in result.stderr and "bug in the generator" not in result.stderr
    assert not (tmp_path / "out").exists()  # said before building, not after


def test_editors_temporary_files_neither_rebuild_nor_log(preview):
    site, server = preview
    folder = site / "content" / "en"
    for name in (".invitation.md.swp", "invitation.md~", "4913", "sedAb12Cd", ".#invitation.md", "#invitation.md#"):
        (folder / name).write_text("scratch", encoding="utf-8")
    (folder / "4913").unlink()
    time.sleep(1.5)  # several times what the watcher takes to report a change (a real one, below, shows up)
    assert not any(line.startswith("Changed:") for line in server.stdout), server.stdout
    page = folder / "invitation.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    server.wait_for(lambda: any(line == "Changed: content/en/invitation.md" for line in server.stdout))


def test_pages_stay_whole_under_load_while_the_site_is_rebuilt(preview):
    site, server = preview
    paths = ["en/", "es/invitacion/", "de/einladung/", "ru/", "hi/", "en/invitation/", "es/", "de/"] * 25  # 200 requests
    catalog = site / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    built = len([line for line in server.stdout if line.startswith("Built ")])
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgstr "', 'msgstr "Nuevo ', 1), encoding="utf-8")  # every Spanish page again
    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:  # 50 at a time, each with a timeout: bounded
        deadline = time.monotonic() + 20
        answers = []
        while time.monotonic() < deadline and len([line for line in server.stdout if line.startswith("Built ")]) == built:
            # A generous timeout each: on a busy machine the rebuild and fifty requests share two cores.
            answers += list(pool.map(lambda path: server.get(path, timeout=60), paths))
    assert len([line for line in server.stdout if line.startswith("Built ")]) > built, "the rebuild never finished"
    assert len(answers) >= len(paths)
    for status, html in answers:
        assert status == 200 and html.rstrip().endswith("</html>"), html[-200:]


def test_the_preview_builds_what_the_command_line_builds(preview, tmp_path):
    site, server = preview
    page, catalog = site / "content" / "en" / "invitation.md", site / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    news = site / "content" / "en" / "news" / "ilps-call.md"
    translated_news = site / "content" / "es" / "news" / news.name

    def append(path, text):
        return lambda: path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    untouched = []
    for edit in (
        append(page, "\nA new paragraph.\n"),  # its translations are outdated now: every page is signed
        append(page, "\nAnother one.\n"),  # only its text changed: the pages of other keys are kept unsigned
        append(news, "\nNews.\n"),  # a page outside the menu: its translations outdated, its section's list too
        append(translated_news, "\nNoticias.\n"),  # a translation's text
        lambda: page.write_text(page.read_text(encoding="utf-8").replace("title: ", "title: Our ", 1), encoding="utf-8"),
        lambda: catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgstr "', 'msgstr "Neu ', 1), encoding="utf-8"),
    ):
        built = len([line for line in server.stdout if line.startswith("Built ")])
        edit()
        server.wait_for(lambda built=built: len([line for line in server.stdout if line.startswith("Built ")]) > built)
        untouched.append(any("not even signed" in line for line in server.stdout[-4:]))
    assert untouched == [False, True, True, True, False, False]
    clean = tmp_path / "clean"
    result = run_cli("build", "--site", site, "--out", clean, "--clean")
    assert result.returncode == 0, result.stderr
    served, fresh = scan(tmp_path / "out"), scan(clean)
    assert served.keys() == fresh.keys()
    assert [name for name in served if served[name] != fresh[name]] == []


def scan(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def served(server: Preview, path: str) -> bool:
    """Whether the preview serves a file, whatever its bytes."""
    try:
        with urllib.request.urlopen(server.url + path, timeout=5) as response:
            return response.status == 200 and len(response.read()) > 0
    except urllib.error.HTTPError:
        return False


def test_the_tabs_reload_before_the_search_index_is_made_again_and_the_last_index_stays_whole(preview):
    """The reload goes out once the changed page is in place; the language's index follows, and meanwhile a search
    answers from the last one, every file of which is still served."""
    site, server = preview
    entry_before = json.loads(server.get("pagefind/pagefind-entry.json")[1])
    events = urllib.request.urlopen(server.url + "__sitegen/events", timeout=30)
    generation = lambda line: int(line.split(b":", 1)[1]) if line.startswith(b"data:") else None
    first = next(filter(None, map(generation, events)))
    page = site / "content" / "es" / "invitation.md"
    printed = len(server.stdout)
    page.write_text(page.read_text(encoding="utf-8") + "\nPalabra recién añadida: zarzamora.\n", encoding="utf-8")
    assert next(filter(None, map(generation, events))) == first + 1
    # At the reload: the new page, and the last index with every file it names.
    assert "zarzamora" in server.get("es/invitacion/")[1]
    entry_at_reload = json.loads(server.get("pagefind/pagefind-entry.json")[1])
    for language in entry_at_reload["languages"].values():
        assert served(server, f"pagefind/pagefind.{language['hash']}.pf_meta"), language
    events.close()
    server.wait_for(lambda: any(line.startswith("Built ") for line in server.stdout[printed:]))
    entry_after = json.loads(server.get("pagefind/pagefind-entry.json")[1])
    changed = {code for code in entry_after["languages"] if entry_after["languages"][code] != entry_before["languages"][code]}
    assert changed == {"es"}, "only the Spanish index is made again"
    for language in entry_after["languages"].values():
        assert served(server, f"pagefind/pagefind.{language['hash']}.pf_meta"), language
    stages = [re.sub(r"^\[[ \d.]+ s\] ", "", line).split(":")[0] for line in server.stdout[printed:] if line.startswith("[")]
    assert stages[-2].startswith("wrote ") and stages[-1] == "then the search index", server.stdout[printed:]


def test_ctrl_c_while_the_build_runs_in_its_thread_stops_at_once_and_leaves_the_site_whole(tmp_path):
    import signal

    site = copy_repository_site(tmp_path)
    server = Preview(site, tmp_path / "out")
    page = site / "content" / "ru" / "invitation.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nЕщё абзац.\n", encoding="utf-8")
    server.wait_for(lambda: any(line.startswith("In place at once") for line in server.stdout))
    server.process.send_signal(signal.SIGINT)  # the build that follows the quick path is running, or about to
    assert server.process.wait(timeout=10) == 0
    assert not any("Traceback" in line for line in server.stderr), server.stderr
    clean = tmp_path / "clean"
    assert run_cli("build", "--site", site, "--out", tmp_path / "out").returncode == 0
    assert run_cli("build", "--clean", "--site", site, "--out", clean).returncode == 0
    built = sorted(path.relative_to(tmp_path / "out") for path in (tmp_path / "out").rglob("*") if path.is_file())
    assert built == sorted(path.relative_to(clean) for path in clean.rglob("*") if path.is_file())
    assert all((tmp_path / "out" / path).read_bytes() == (clean / path).read_bytes() for path in built)


class _SlowStream(io.StringIO):
    """A stream whose every write lets other threads run, as a terminal or a pipe does."""

    def write(self, text: str) -> int:
        time.sleep(0)
        return super().write(text)


def test_the_watcher_and_the_build_thread_printing_at_once_never_run_their_lines_together():
    from sitegen.commands.preview import WholeLines

    terminal = _SlowStream()
    stream = WholeLines(terminal)

    def say(word: str) -> None:
        for _ in range(1000):
            print(word * 20, file=stream, flush=True)

    threads = [threading.Thread(target=say, args=(word,)) for word in ("watcher ", "build ")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(terminal.getvalue().splitlines())) == ["build " * 20, "watcher " * 20]
    assert terminal.getvalue().count("\n") == 2000


def test_a_line_left_open_goes_out_when_flushed():
    from sitegen.commands.preview import WholeLines

    terminal = io.StringIO()
    stream = WholeLines(terminal)
    stream.write("\rpages [####......] 4/10")
    assert terminal.getvalue() == ""
    stream.flush()
    assert terminal.getvalue() == "\rpages [####......] 4/10"
