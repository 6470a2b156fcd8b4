"""The server rules the build makes from site.toml, served by real nginx, Apache and Caddy.

The conference site, with a sixth language added by 'new-language fr', is
built twice: at the domain's root and under a sub-path (base_url
https://example.org/conf/). Each server runs as a plain process on a free
loopback port, with a configuration written here around the generated rules,
and answers real HTTP requests. Netlify's _redirects and _headers cannot be
served here: they are read line by line.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import BASE_URL, copy_repository_site, run_cli

from sitegen.formats.csp import header_policy, meta_policy
from sitegen.outputs.hosting import Hosting, placeholder_note

LANGUAGES = ["en", "es", "de", "ru", "hi", "fr"]
SUB_PATH_URL = "https://example.org/conf/"
SHORT = "public, max-age=300"
IMMUTABLE = "public, max-age=31536000, immutable"
MODULES = Path("/usr/lib/apache2/modules")
META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


@dataclass(frozen=True)
class Layout:
    site: Path  # the site folder it was built from
    out: Path  # the output folder
    prefix: str  # where it is served: "/" or "/conf/"
    docroot: Path  # for Apache: the folder served at "/" (out itself, or out's parent for /conf/)
    stderr: str  # what the build printed there


@pytest.fixture(scope="module")
def layouts():
    """The six-language site built at the root and under /conf/, in a folder every server's user can read."""
    place = Path(tempfile.mkdtemp(prefix="sitegen-hosting-"))
    place.chmod(0o755)  # Apache, started as root, reads as another user
    try:
        (place / "source").mkdir()
        source = copy_repository_site(place / "source")
        added = run_cli("new-language", "fr", "--site", source)
        assert added.returncode == 0, added.stderr
        built = {}
        for name, base_url, out in (("root", None, place / "root"), ("sub", SUB_PATH_URL, place / "docroot" / "conf")):
            site = place / f"site-{name}"
            shutil.copytree(source, site)
            if base_url:
                config = site / "site.toml"
                config.write_text(re.sub(r'(?m)^base_url = ".*"$', f'base_url = "{base_url}"', config.read_text(encoding="utf-8")), encoding="utf-8")
            result = run_cli("build", "--site", site, "--out", out)
            assert result.returncode == 0, result.stderr
            assert (out / "fr" / "search" / "index.html").is_file(), "the sixth language has its search page"
            for folder in [place, *out.parents]:
                if folder.is_relative_to(place):
                    folder.chmod(0o755)
            built[name] = Layout(site, out, "/conf/" if base_url else "/", out.parent if base_url else out, result.stderr)
        yield built
    finally:
        shutil.rmtree(place, ignore_errors=True)


# --- Running a server ---------------------------------------------------------


def require_program(name: str) -> str:
    found = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").is_file() else None)
    if found is None:
        if os.environ.get("SITEGEN_REQUIRE_CHECKERS"):
            raise RuntimeError(f"{name} is required here (apt-get install {name})")
        pytest.skip(f"{name} is not installed (apt-get install {name})")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped (exit {process.returncode}):\n{log.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port} after {seconds} s:\n{log.read_text(errors='replace')}")


@contextlib.contextmanager
def running(command: list[str], port: int, folder: Path):
    log = folder / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=folder)
    try:
        wait_for_port(port, process, log)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def server_config(layout: Layout, server: str, listen: str) -> str:
    result = run_cli("server-config", server, "--site", layout.site, "--root", layout.out, "--listen", listen)
    assert result.returncode == 0, result.stderr
    return result.stdout


def start_nginx(layout: Layout, folder: Path, port: int):
    nginx = require_program("nginx")
    rules = server_config(layout, "nginx", f"127.0.0.1:{port}")
    temporary = "\n".join(f"    {kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (folder / "nginx.conf").write_text(
        f"worker_processes 1;\nerror_log {folder}/error.log;\npid {folder}/nginx.pid;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n    access_log off;\n{temporary}\n{rules}\n}}\n",
        encoding="utf-8",
    )
    return running([nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"], port, folder)


APACHE_MODULES = ("mpm_event", "authz_core", "mime", "dir", "alias", "rewrite", "headers", "filter", "deflate", "brotli")


def start_apache(layout: Layout, folder: Path, port: int):
    apache = require_program("apache2")
    modules = [f"LoadModule {name}_module {MODULES}/mod_{name}.so" for name in APACHE_MODULES if (MODULES / f"mod_{name}.so").is_file()]
    user = []
    if os.geteuid() == 0:  # Apache serves as another user; the build folder is readable by all
        name = next((candidate for candidate in ("www-data", "nobody") if _user_exists(candidate)), None)
        user = [f"User {name}", f"Group #{pwd.getpwnam(name).pw_gid}"] if name else []
    (folder / "httpd.conf").write_text(
        "\n".join(
            [
                f"ServerRoot {folder}",
                f"PidFile {folder}/httpd.pid",
                f"ErrorLog {folder}/error.log",
                f"Listen 127.0.0.1:{port}",
                "ServerName 127.0.0.1",
                *user,
                *modules,
                "TypesConfig /etc/mime.types",
                f"DocumentRoot {layout.docroot}",
                "<Directory />\n    AllowOverride None\n    Require all denied\n</Directory>",
                # The generated .htaccess needs FileInfo (rewrites, headers, types) and Indexes (DirectoryIndex).
                f"<Directory {layout.docroot}>\n    AllowOverride FileInfo Indexes\n    Options FollowSymLinks\n    Require all granted\n</Directory>",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return running([apache, "-X", "-f", str(folder / "httpd.conf")], port, folder)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def start_caddy(layout: Layout, folder: Path, port: int):
    caddy = require_program("caddy")
    rules = server_config(layout, "caddy", f"http://127.0.0.1:{port}")
    # The rules are one site block, closed, that a Caddyfile holds beside others: one more follows it here.
    another = f'http://another.invalid:{port} {{\n\trespond "another site"\n}}\n'
    (folder / "Caddyfile").write_text("{\n\tadmin off\n\tauto_https off\n\tlog {\n\t\toutput discard\n\t}\n}\n" + rules + another, encoding="utf-8")
    environment = {**os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder), "XDG_CONFIG_HOME": str(folder)}
    command = [caddy, "run", "--config", str(folder / "Caddyfile"), "--adapter", "caddyfile"]
    log = folder / "server.log"

    @contextlib.contextmanager
    def caddy_running():
        with log.open("wb") as output:
            process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=folder, env=environment)
        try:
            wait_for_port(port, process, log)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)

    return caddy_running()


STARTERS = {"nginx": start_nginx, "apache": start_apache, "caddy": start_caddy}


@dataclass(frozen=True)
class Server:
    name: str
    port: int
    layout: Layout

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
        """One request, redirects not followed; ``path`` is relative to the site's prefix."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", self.layout.prefix + path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def redirect(self, **headers: str) -> str:
        """Where the site's root sends a visitor with these headers: the language, from the Location's path."""
        status, answer, _ = self.get("", {name.replace("_", "-"): value for name, value in headers.items()})
        assert status == 302, (self.name, status)
        location = answer["Location"]
        path = re.sub(r"^https?://[^/]+", "", location)
        assert path.startswith(self.layout.prefix) and path.endswith("/"), location
        return path[len(self.layout.prefix) : -1]


@pytest.fixture(scope="module", params=[(name, layout) for name in STARTERS for layout in ("root", "sub")], ids=lambda p: f"{p[0]}-{p[1]}")
def server(request, layouts, tmp_path_factory):
    name, layout_name = request.param
    layout = layouts[layout_name]
    folder = tmp_path_factory.mktemp(f"{name}-{layout_name}")
    port = free_port()
    with STARTERS[name](layout, folder, port):
        yield Server(name, port, layout)


# --- What every server does -----------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "language"),
    [
        ("de;q=0.5, ru;q=0.9", "ru"),  # not in order: the higher q wins
        ("es-PE,es;q=0.9,en;q=0.5", "es"),  # a regional tag goes to its language
        ("it, fr-CA;q=0.8, de;q=0.7", "fr"),  # the sixth language, added by new-language
        ("pt-BR, it;q=0.8", "en"),  # nothing the site has: the default
        ("en-GB, de;q=0.9", "en"),  # the default language asked for first
        ("de;q=0.5, en;q=0.8, ru;q=0.3", "en"),  # the default language ranked highest
    ],
)
def test_the_root_redirects_by_accept_language_and_its_quality_values(server, accept_language, language):
    assert server.redirect(Accept_Language=accept_language) == language


def test_the_root_redirect_varies_by_language_and_cookie_and_is_not_cached_publicly(server):
    status, headers, _ = server.get("", {"Accept-Language": "hi"})
    assert status == 302
    assert {"accept-language", "cookie"} <= {value.strip().lower() for value in ",".join(headers.get_all("Vary") or []).split(",")}
    assert headers["Cache-Control"] == "private, no-cache"
    assert (headers["Content-Security-Policy"], headers["X-Content-Type-Options"]) == (header_policy(), "nosniff")
    assert server.redirect() == "en"  # no header at all: the default language


def test_the_lang_cookie_wins_over_accept_language(server):
    assert server.redirect(Accept_Language="ru", Cookie="theme=dark; lang=hi") == "hi"
    assert server.redirect(Accept_Language="de", Cookie="lang=fr") == "fr"
    assert server.redirect(Accept_Language="ru;q=0.8", Cookie="lang=xx") == "ru"  # not a language of the site: ignored
    # The default language chosen by the visitor stays chosen, whatever their browser prefers.
    assert server.redirect(Accept_Language="de-DE,de;q=0.9", Cookie="lang=en") == "en"
    assert server.redirect(Accept_Language="hi", Cookie="theme=dark; lang=en") == "en"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_page_answers_404_with_its_languages_own_404_page(server, language):
    status, headers, body = server.get(f"{language}/no-such-page/")
    assert status == 404
    assert body == (server.layout.out / language / "404.html").read_bytes()
    assert f'<html lang="{language}"' in body.decode()
    assert headers["Content-Security-Policy"] == header_policy()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_a_missing_file_outside_the_languages_gets_the_root_404_page(server):
    status, headers, body = server.get("no-such-file.txt")
    assert status == 404
    assert body == (server.layout.out / "404.html").read_bytes()
    assert headers["Content-Security-Policy"] == header_policy()


def test_every_answer_sends_the_pages_own_policy_and_the_security_headers(server):
    for path in ("es/", "fr/", "index.html", "ru/feed.xml"):
        status, headers, body = server.get(path)
        assert status == 200, path
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["X-Content-Type-Options"] == "nosniff"
        policy = headers["Content-Security-Policy"]
        assert policy == header_policy() and "frame-ancestors 'none'" in policy
        if path.endswith("/") or path.endswith(".html"):
            meta = META_CSP.search(body.decode()).group(1)
            # The same policy as the page's own tag, and what only a header can say.
            assert policy == meta + "; frame-ancestors 'none'"


def test_the_search_page_alone_may_run_webassembly(server):
    status, headers, _ = server.get("fr/search/")
    assert status == 200
    assert headers["Content-Security-Policy"] == header_policy(search=True)
    assert "script-src 'self' 'wasm-unsafe-eval';" in headers["Content-Security-Policy"]
    assert "wasm-unsafe-eval" not in server.get("fr/")[1]["Content-Security-Policy"]


def test_hashed_static_files_are_cached_for_a_year_and_the_rest_for_minutes(server):
    css = next((server.layout.out / "static").glob("site.*.css")).name
    assert server.get(f"static/{css}")[1]["Cache-Control"] == IMMUTABLE
    for path in ("de/", "de/feed.xml", "de/conference.ics", "sitemap.xml"):
        status, headers, _ = server.get(path)
        assert (status, headers["Cache-Control"]) == (200, SHORT), path


def test_feeds_and_calendars_have_their_types(server):
    assert server.get("hi/feed.xml")[1]["Content-Type"].replace(" ", "") == "application/atom+xml;charset=utf-8"
    assert server.get("hi/conference.ics")[1]["Content-Type"].replace(" ", "") == "text/calendar;charset=utf-8"
    assert server.get("hi/")[1]["Content-Type"].replace(" ", "").lower() == "text/html;charset=utf-8"


def test_html_and_css_are_sent_compressed_to_who_accepts_gzip(server):
    css = next((server.layout.out / "static").glob("site.*.css")).name
    for path, file in (("es/", "es/index.html"), (f"static/{css}", f"static/{css}")):
        status, headers, body = server.get(path, {"Accept-Encoding": "gzip"})
        assert (status, headers["Content-Encoding"]) == (200, "gzip"), path
        assert gzip.decompress(body) == (server.layout.out / file).read_bytes()
        assert "accept-encoding" in ",".join(headers.get_all("Vary") or []).lower()
    status, headers, body = server.get("es/")
    assert headers["Content-Encoding"] is None and body == (server.layout.out / "es" / "index.html").read_bytes()


# The best each server has here: mod_brotli (loaded when Apache has it), Caddy's "encode zstd gzip", nginx's gzip.
BEST_ENCODING = {"apache": "br", "caddy": "zstd", "nginx": "gzip"}


def test_each_server_picks_the_best_encoding_it_has(server):
    encoding = BEST_ENCODING[server.name]
    if server.name == "apache" and not (MODULES / "mod_brotli.so").is_file():
        encoding = "gzip"
    status, headers, body = server.get("es/", {"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert (status, headers["Content-Encoding"]) == (200, encoding)
    assert len(body) < len((server.layout.out / "es" / "index.html").read_bytes()) / 2


def test_hidden_files_are_not_served(server):
    status, _, body = server.get(".htaccess")
    assert status == 404 and b"RewriteEngine" not in body


# --- Netlify, the build's notices, the pages' own policy -------------------------


def read_redirects(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def read_headers(text: str) -> dict[str, dict[str, str]]:
    blocks: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith(" "):
            name, value = line.strip().split(": ", 1)
            current[name] = value
        else:
            current = blocks.setdefault(line.strip(), {})
    return blocks


@pytest.mark.parametrize("layout_name", ["root", "sub"])
def test_netlify_redirects_send_the_root_to_each_language_and_missing_pages_to_its_404(layouts, layout_name):
    layout = layouts[layout_name]
    rules = read_redirects((layout.out / "_redirects").read_text(encoding="utf-8"))
    root = layout.prefix
    assert all(rule[0].startswith(root) for rule in rules)
    at_root = [rule for rule in rules if rule[0] == root]
    # The cookie first (the chooser's script follows it), then each language, then the default.
    assert at_root[0] == [root, f"{root}index.html", "200!", "Cookie=lang"]
    assert at_root[1:-1] == [[root, f"{root}{language}/", "302!", f"Language={language}"] for language in LANGUAGES]
    assert at_root[-1] == [root, f"{root}en/", "302!"]
    not_found = [rule for rule in rules if rule[2] == "404"]
    assert not_found == [[f"{root}{language}/*", f"{root}{language}/404.html", "404"] for language in LANGUAGES] + [[f"{root}*", f"{root}404.html", "404"]]
    for _, target, _ in not_found:
        assert (layout.out / target[len(root) :]).is_file()


@pytest.mark.parametrize("layout_name", ["root", "sub"])
def test_netlify_headers_give_every_path_the_policy_and_its_cache_lifetime(layouts, layout_name):
    layout = layouts[layout_name]
    text = (layout.out / "_headers").read_text(encoding="utf-8")
    assert text.endswith("\n") and (layout.out / "_redirects").read_text(encoding="utf-8").endswith("\n"), "each line ends, the last one too"
    blocks = read_headers(text)
    root = layout.prefix
    everything = blocks[f"{root}*"]
    assert everything["Content-Security-Policy"] == header_policy()
    assert everything["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert everything["X-Content-Type-Options"] == "nosniff"
    assert everything["Cache-Control"] == SHORT
    assert blocks[f"{root}static/*"] == {"Cache-Control": IMMUTABLE}
    for language in LANGUAGES:
        assert blocks[f"{root}{language}/search/*"] == {"Content-Security-Policy": header_policy(search=True)}
        assert blocks[f"{root}{language}/feed.xml"] == {"Content-Type": "application/atom+xml; charset=utf-8"}
        assert blocks[f"{root}{language}/conference.ics"] == {"Content-Type": "text/calendar; charset=utf-8"}
    assert blocks[root] == {"Cache-Control": "private, no-cache", "Vary": "Accept-Language, Cookie"}
    assert list(blocks).index(f"{root}*") < list(blocks).index(f"{root}static/*")  # the narrower block comes later, and wins
    per_language = [f"{root}{language}/{name}" for language in LANGUAGES for name in ("search/*", "feed.xml", "conference.ics", "programme.ics")]
    assert sorted(blocks) == sorted([f"{root}*", f"{root}static/*", root, *per_language]), "no rule for any other path"


def test_a_site_under_a_sub_path_says_what_the_domains_robots_txt_must_hold(layouts):
    sub = layouts["sub"]
    line = "Sitemap: https://example.org/conf/sitemap.xml"
    assert f"crawlers read only https://example.org/robots.txt: add this line to that file: {line}" in sub.stderr
    robots = (sub.out / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert robots[0] == "# Crawlers do not read this file: they read only https://example.org/robots.txt."
    assert line in robots
    assert "https://example.org/conf/en/" in (sub.out / "sitemap.xml").read_text(encoding="utf-8")
    root = layouts["root"]
    assert "robots.txt" not in root.stderr
    assert (root.out / "robots.txt").read_text(encoding="utf-8") == f"User-agent: *\nAllow: /\n\nSitemap: {BASE_URL}sitemap.xml\n"


@pytest.mark.parametrize(
    ("base_url", "reserved"),
    [
        ("https://example.org/conf/", "example.org"),
        ("https://www.example.com/", "www.example.com"),
        ("https://miners-conference.example/", "miners-conference.example"),
        ("http://site.test/", "site.test"),
        ("https://Example.NET./", "example.net"),
        ("https://minersconference.org/", None),
        ("https://myexample.org/", None),
        ("https://example.org.pe/", None),
    ],
)
def test_a_base_url_on_a_name_that_is_never_served_is_called_a_placeholder(base_url, reserved):
    note = placeholder_note(Hosting(("en",), "en", base_url, "", ""))
    if reserved is None:
        assert note is None
    else:
        assert note == (
            f"base_url {base_url} is a placeholder ({reserved} is a reserved name, never served): set base_url in site.toml "
            "to the address the site will be published at; canonical links, the sitemap, feeds and calendars are made from it"
        )


def test_the_nginx_server_block_answers_to_the_host_of_base_url(layouts):
    assert f"    server_name {urlsplit(BASE_URL).hostname};" in server_config(layouts["root"], "nginx", "8080").splitlines()
    assert "    server_name example.org;" in server_config(layouts["sub"], "nginx", "8080").splitlines()


def test_every_page_carries_the_policy_csp_py_gives_its_path(layouts):
    out = layouts["sub"].out
    pages = list(out.rglob("*.html"))
    assert len(pages) > 70
    for page in pages:
        found = META_CSP.search(page.read_text(encoding="utf-8"))
        path = page.relative_to(out).as_posix()
        assert found and found.group(1) == meta_policy(search=path.endswith("/search/index.html")), path
    assert meta_policy(search=True) == meta_policy().replace("script-src 'self';", "script-src 'self' 'wasm-unsafe-eval';")


def test_the_starter_site_takes_its_policy_from_csp_py(tmp_path):
    assert run_cli("new", tmp_path / "new", "--name", "A conference").returncode == 0
    result = run_cli("build", "--site", tmp_path / "new", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert META_CSP.search(page).group(1) == meta_policy()
    assert (tmp_path / "out" / ".htaccess").is_file()


def test_server_config_names_an_unknown_server_as_a_usage_error(layouts):
    result = run_cli("server-config", "iis", "--site", layouts["root"].site)
    assert result.returncode == 2
    assert "invalid choice: 'iis'" in result.stderr


# --- A site whose default language is not English ---------------------------------


@pytest.fixture(scope="module", params=list(STARTERS))
def spanish_first(request, tmp_path_factory):
    """The multilingual sample with Spanish as its source and default language (tests/sites/spanish-first), served."""
    from helpers import copy_site

    place = Path(tempfile.mkdtemp(prefix="sitegen-spanish-first-"))
    place.chmod(0o755)
    try:
        site = copy_site("multilingual", place, overlay="spanish-first")
        out = place / "docroot" / "conference"
        result = run_cli("build", "--site", site, "--out", out)
        assert result.returncode == 0, result.stderr
        for folder in [place, *out.parents]:
            if folder.is_relative_to(place):
                folder.chmod(0o755)
        layout = Layout(site, out, "/conference/", out.parent, result.stderr)
        port = free_port()
        with STARTERS[request.param](layout, tmp_path_factory.mktemp(f"{request.param}-spanish-first"), port):
            yield Server(request.param, port, layout)
    finally:
        shutil.rmtree(place, ignore_errors=True)


@pytest.mark.parametrize(
    ("headers", "language"),
    [
        ({}, "es"),  # nothing said: the default
        ({"Accept-Language": "pt-BR, it;q=0.8"}, "es"),  # nothing the site has: the default
        ({"Accept-Language": "en-GB, es;q=0.5"}, "en"),
        ({"Accept-Language": "ru;q=0.5, es;q=0.9"}, "es"),  # the default ranked highest
        ({"Accept-Language": "en", "Cookie": "lang=es"}, "es"),  # the default chosen, against the browser
        ({"Accept-Language": "es", "Cookie": "theme=dark; lang=en"}, "en"),
        ({"Accept-Language": "ru", "Cookie": "lang=xx"}, "ru"),
    ],
)
def test_a_site_whose_default_is_spanish_redirects_by_cookie_then_accept_language_then_to_spanish(spanish_first, headers, language):
    assert spanish_first.redirect(**{name.replace("-", "_"): value for name, value in headers.items()}) == language


# --- A site in one language --------------------------------------------------------


@pytest.fixture(scope="module", params=list(STARTERS))
def one_language(request, tmp_path_factory):
    """The conference site in English only (test_one_language), served at the domain's root."""
    from test_one_language import one_language_site

    place = Path(tempfile.mkdtemp(prefix="sitegen-one-language-"))
    place.chmod(0o755)
    try:
        site = one_language_site(place)
        out = place / "out"
        result = run_cli("build", "--site", site, "--out", out)
        assert result.returncode == 0, result.stderr
        out.chmod(0o755)
        layout = Layout(site, out, "/", out, result.stderr)
        port = free_port()
        with STARTERS[request.param](layout, tmp_path_factory.mktemp(f"{request.param}-one-language"), port):
            yield Server(request.param, port, layout)
    finally:
        shutil.rmtree(place, ignore_errors=True)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Accept-Language": "de-DE,de;q=0.9"},  # a language the site does not have
        {"Accept-Language": "en-GB"},
        {"Accept-Language": "ru", "Cookie": "lang=es"},  # a cookie from when the site had Spanish
        {"Accept-Language": "de", "Cookie": "theme=dark; lang=en"},
    ],
)
def test_a_site_in_one_language_sends_everyone_to_it(one_language, headers):
    assert one_language.redirect(**{name.replace("-", "_"): value for name, value in headers.items()}) == "en"


def test_a_site_in_one_language_answers_a_missing_page_with_its_404_page(one_language):
    status, _, body = one_language.get("en/no-such-page/")
    assert (status, body) == (404, (one_language.layout.out / "en" / "404.html").read_bytes())
    assert one_language.get("es/")[0] == 404
