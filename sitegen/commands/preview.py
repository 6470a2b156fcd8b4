"""The preview server: build, serve on 127.0.0.1, rebuild on every change, reload open tabs.

For maintainers and translators on their own machine, never for production.
Pages are served with a small script that listens to /__sitegen/events
(server-sent events): it reloads the tab after a successful rebuild, and shows
the errors over the page after a failed one, while the last good site stays
served.
"""

from __future__ import annotations

import contextlib
import errno
import http.server
import io
import json
import re
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.core.incremental import INPUT_NAMES, input_stats
from sitegen.core.problems import BuildFailed, SourceChanged

EVENTS_PATH = "/__sitegen/events"
SCRIPT_PATH = "/__sitegen/live.js"
LIVE_SCRIPT = (Path(__file__).parent / "live.js").read_bytes()


class BuildState:
    """The outcome of the latest build, which every open tab is waiting to hear about."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.generation = 0  # counts successful builds
        self.error: str | None = None  # the last build's errors, while it is the last

    def succeeded(self) -> None:
        with self.changed:
            self.generation += 1
            self.error = None
            self.changed.notify_all()

    def failed(self, error: str) -> None:
        with self.changed:
            self.error = error
            self.changed.notify_all()

    def event(self) -> bytes:
        if self.error is not None:
            return f"event: failed\ndata: {json.dumps(self.error)}\n\n".encode()
        return f"event: built\ndata: {self.generation}\n\n".encode()


class Overlay:
    """Pages the quick path rendered (build/quick.py), served instead of their files until a build has caught up with them.

    Each is kept with the number of the change it shows; a build that
    started after that change was seen has written it, or found it wrong.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pages: dict[str, tuple[int, bytes]] = {}  # output path → (change number, bytes)

    def put(self, pages: dict[str, bytes], change: int) -> None:
        with self.lock:
            self.pages.update({path: (change, content) for path, content in pages.items()})

    def get(self, path: str) -> bytes | None:
        with self.lock:
            found = self.pages.get(path)
        return found[1] if found else None

    def caught_up(self, change: int) -> None:
        """A build that saw every change up to ``change`` is over: the pages of those changes are its to serve."""
        with self.lock:
            self.pages = {path: kept for path, kept in self.pages.items() if kept[0] > change}


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder with the live-reload script in every page; make_handler binds it to a folder, a build state and an overlay."""

    out_dir: Path
    state: BuildState
    overlay: Overlay

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(self.out_dir), **kwargs)

    def log_message(self, *args):
        pass  # the terminal is for build messages

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS_PATH:
            return self.send_events()
        if path == SCRIPT_PATH:
            return self.send_bytes(200, "text/javascript; charset=utf-8", LIVE_SCRIPT)
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not path.endswith("/"):
                return super().do_GET()  # the redirect to the folder's address
            file = file / "index.html"
        if file.suffix == ".html" and file.is_relative_to(self.out_dir):
            quick = self.overlay.get(file.relative_to(self.out_dir).as_posix())
            if quick is not None:
                return self.send_bytes(200, "text/html; charset=utf-8", self.with_live_script(quick))
        if file.suffix == ".html" and file.is_file():
            return self.send_bytes(200, "text/html; charset=utf-8", self.with_live_script(file.read_bytes()))
        if not file.exists():
            return self.send_not_found(path)
        return super().do_GET()

    def send_not_found(self, path: str):
        """The language's own 404 page, as the deploy snippets set up, else the root's."""
        language = path.strip("/").split("/", 1)[0]
        candidates = [self.out_dir / language / "404.html"] if language else []
        for page in [*candidates, self.out_dir / "404.html"]:
            if page.is_file():
                return self.send_bytes(404, "text/html; charset=utf-8", self.with_live_script(page.read_bytes()))
        return self.send_error(404)

    def with_live_script(self, html: bytes) -> bytes:
        tag = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
        return html.replace(b"</body>", tag + b"\n</body>", 1)

    def send_bytes(self, status: int, content_type: str, body: bytes):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_events(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 1000\n\n" + self.state.event())
            self.wfile.flush()
            while True:
                with self.state.changed:
                    seen = (self.state.generation, self.state.error)

                    def moved(seen: tuple[int, str | None] = seen) -> bool:
                        return (self.state.generation, self.state.error) != seen

                    self.state.changed.wait_for(moved, timeout=15)
                    message = self.state.event() if (self.state.generation, self.state.error) != seen else b": still here\n\n"
                self.wfile.write(message)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


def make_handler(out_dir: Path, state: BuildState, overlay: Overlay | None = None) -> type[PreviewHandler]:
    return type("BoundPreviewHandler", (PreviewHandler,), {"out_dir": out_dir.absolute(), "state": state, "overlay": overlay or Overlay()})


class Builder:
    """Builds in a thread of its own, as often as changes are asked for, several at once as one build.

    The watcher goes on meanwhile: the quick path answers an edit while the
    last one's build (and its search index) is still running.
    """

    def __init__(self, build, state: BuildState, overlay: Overlay) -> None:
        self.build, self.state, self.overlay = build, state, overlay
        self.asked = 0  # changes seen, numbered
        self.built = 0  # the last change a finished build had seen
        self.changed = threading.Condition()
        threading.Thread(target=self._run, daemon=True).start()

    def ask(self, first=None) -> None:
        """One more change to build; ``first(number)`` is called with its number before any build can see it."""
        with self.changed:
            self.asked += 1
            if first is not None:
                first(self.asked)
            self.changed.notify_all()

    def _run(self) -> None:
        while True:
            with self.changed:
                self.changed.wait_for(lambda: self.asked > self.built)
                seen = self.asked
            rebuild(self.build, self.state)
            self.overlay.caught_up(seen)
            with self.changed:
                self.built = seen
                self.changed.notify_all()


class WholeLines(io.TextIOBase):
    """A stream that two threads can print to without their lines running into each other.

    print() writes its text and its line end in two calls: the preview's
    watcher and its build thread, printing at once, made "incremental buildIn
    place at once". Each thread's text is held until its line is whole, then
    written in one call; flush() lets out a line left open (a progress bar).
    """

    def __init__(self, stream) -> None:
        self.stream = stream
        self.lock = threading.Lock()
        self.held = threading.local()

    def write(self, text: str) -> int:
        held = getattr(self.held, "text", "") + text
        whole, end, rest = held.rpartition("\n")
        self.held.text = rest
        if end:
            with self.lock:
                self.stream.write(whole + end)
        return len(text)

    def flush(self) -> None:
        held, self.held.text = getattr(self.held, "text", ""), ""
        with self.lock:
            if held:
                self.stream.write(held)
            self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self):  # type: ignore[override]  # the stream's, read-only as io's
        return self.stream.encoding


@contextlib.contextmanager
def whole_lines():
    """sys.stdout and sys.stderr as WholeLines, while the preview's threads print."""
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = WholeLines(sys.stdout), WholeLines(sys.stderr)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        sys.stdout, sys.stderr = streams


class PortBusy(Exception):
    """The port asked for is taken by another program."""

    def __init__(self, port: int):
        super().__init__(port)
        self.port = port


# What editors and tools leave beside a file while saving it: vim's swap files and its
# write test (4913), backups (~), Emacs' lock and autosave files, sed -i's temporary file.
_EDITOR_LEFTOVERS = re.compile(r"(.*~|.*\.sw[a-p]|.*\.swx|4913|\.#.*|#.*#|sed[A-Za-z0-9]{6}|.*\.tmp|\..*)")


def is_input_change(_change: object, path: str) -> bool:
    """Whether a file event can change the site: not an editor's temporary file (the loaders pass over those too)."""
    return _EDITOR_LEFTOVERS.fullmatch(Path(path).name) is None


def serve(site_dir: Path, out_dir: Path, port: int, build, quick=None) -> None:
    """Serve out_dir on 127.0.0.1:port and rebuild with ``build(on_swapped)`` whenever an input changes.

    ``quick(names)``, given the changed files' paths below site_dir, renders
    at once what it can of the change (build/quick.py): output path → bytes,
    served from memory while the build (in a thread of its own) catches up;
    the tabs reload then, before the build. The port is taken first,
    so that a busy one is said at once (PortBusy), not after a build.
    """
    import watchfiles

    state, overlay = BuildState(), Overlay()
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(out_dir, state, overlay))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise PortBusy(port) from error
        raise
    server.daemon_threads = True
    with whole_lines():  # the watcher and the build thread both print
        before = input_stats(site_dir)  # what the first build reads, at the latest
        rebuild(build, state)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        watched = [site_dir / name for name in INPUT_NAMES if (site_dir / name).exists()]
        watching = False
        builder = Builder(build, state, overlay)
        try:
            # step: how long to wait for more events once one came; the default (50 ms) is a third of the time a rebuild is
            # allowed. yield_on_timeout: the first (empty) answer says the watcher is running.
            for changes in watchfiles.watch(
                *watched, watch_filter=is_input_change, debounce=200, step=10, rust_timeout=200, yield_on_timeout=True, raise_interrupt=True
            ):
                if not watching:
                    watching = True
                    if input_stats(site_dir) != before:  # saved while the first build ran or the watcher started
                        builder.ask()
                    print(f"Serving {out_dir} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
                if not changes:
                    continue
                names = sorted(
                    {Path(path).relative_to(site_dir.absolute()).as_posix() for _, path in changes if Path(path).is_relative_to(site_dir.absolute())}
                )
                print(f"Changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}", flush=True)
                pages = quick(names) if quick is not None and state.error is None else {}
                builder.ask(lambda change, pages=pages: overlay.put(pages, change))
                if pages:
                    print(f"In place at once: {', '.join(sorted(pages)[:5])}{' …' if len(pages) > 5 else ''}; the build follows", flush=True)
                    state.succeeded()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()


def rebuild(build, state: BuildState) -> None:
    """Build once; tell the open tabs how it went.

    ``build(on_swapped)`` calls on_swapped the moment the new site is in
    place, with whether any file changed: the tabs reload then, while the
    build still saves its caches. A build that changed nothing reloads none.
    """
    swapped = []

    def on_swapped(changed: bool) -> None:
        if changed:
            swapped.append(True)
            state.succeeded()

    try:
        build(on_swapped)
    except SourceChanged as changed:
        # Saved while this build read it: the watcher saw the save, and the build it asked for follows. The tabs keep
        # the last good site meanwhile, and the quick path stays open (it is closed while the site has errors).
        saved = ", ".join(sorted({problem.path for problem in changed.problems}))
        print(f"{saved}: saved while the site was being built; building again.", file=sys.stderr, flush=True)
    except BuildFailed as failure:
        text = "\n".join(str(problem) for problem in failure.problems)
        print(text, file=sys.stderr)
        print("Build failed: still serving the last good site.", file=sys.stderr, flush=True)
        state.failed(text)
    else:
        if not swapped and state.error is not None:
            state.succeeded()  # back to the last good site's inputs: nothing to write, but the errors are gone
