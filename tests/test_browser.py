"""The conference site in a real browser: Debian's chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    if os.environ.get("SITEGEN_REQUIRE_BROWSER"):
        raise RuntimeError("chromium is required here (SITEGEN_REQUIRE_BROWSER is set) but not installed")
    pytest.skip("Debian's chromium is not installed: apt-get install chromium", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(conference_site):
    """The built site over HTTP on a free loopback port, as a static host serves it."""
    handler = functools.partial(_QuietHandler, directory=str(conference_site.root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_switcher_leads_to_the_same_page_in_another_language(page, server):
    page.goto(server + "es/invitacion/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("navigation", name="Idiomas").get_by_role("link", name="Deutsch").click()
    page.wait_for_load_state()
    assert page.url == server + "de/einladung/"
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).inner_text() == "Einladung zur 1. Internationalen Bergarbeiterkonferenz"


def test_chooser_leads_to_each_language_home_without_javascript(page, server):
    page.goto(server)
    page.get_by_role("link", name="Русский").click()
    page.wait_for_load_state()
    assert page.url == server + "ru/"
    assert page.locator("html").get_attribute("lang") == "ru"


def test_menu_reaches_every_page_of_a_language(page, server):
    page.goto(server + "hi/")
    names = page.get_by_role("navigation", name="मुख्य मेनू").get_by_role("link").all_inner_texts()
    assert len(names) == 7
    for name in names:
        page.get_by_role("navigation", name="मुख्य मेनू").get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "hi"
        assert page.get_by_role("link", name=name, exact=True).get_attribute("aria-current") == "page"


@pytest.mark.parametrize("language", ["en", "es", "de", "ru", "hi"])
def test_home_has_no_horizontal_scroll_at_320_pixels(browser, server, language):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(server + f"{language}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
