"""The conference site in a real browser: Debian's chromium driven by Playwright."""

from __future__ import annotations

import itertools

import pytest
from helpers import REPO, copy_repository_site, run_cli

LANGUAGES = ["en", "es", "de", "ru", "hi"]
# The pages of the main menu: those whose front matter gives them a place in it.
# Every page with a menu position, but the programme page while the site has no programme (base.html leaves it out).
MENU_PAGES = sum(1 for path in (REPO / "content" / "en").rglob("*.md") if "\nmenu:" in path.read_text(encoding="utf-8") and path.stem != "programme")
HISTORY = {"en": "solidarity", "es": "solidaridad", "de": "solidaritaet", "ru": "solidarnost", "hi": "ekjutta"}


@pytest.fixture
def page(browser):
    """A tab with JavaScript off: everything must work without it."""
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
    title = next(line for line in (REPO / "content" / "de" / "invitation.md").read_text(encoding="utf-8").splitlines() if line.startswith("title: "))
    assert page.get_by_role("heading", level=1).inner_text() == title.removeprefix("title: ").strip('"')


def test_chooser_leads_to_each_language_home_without_javascript(page, server):
    page.goto(server)
    page.get_by_role("link", name="Русский").click()
    page.wait_for_load_state()
    assert page.url == server + "ru/"
    assert page.locator("html").get_attribute("lang") == "ru"


def test_menu_reaches_every_page_of_a_language(page, server):
    page.goto(server + "hi/")
    names = page.get_by_role("navigation", name="मुख्य मेनू").get_by_role("link").all_inner_texts()
    assert len(names) == MENU_PAGES
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


@pytest.mark.parametrize(
    "browser_language, expected",
    [("ru-RU", "ru"), ("es-PE", "es"), ("fr-FR", None)],
    ids=["exact match", "primary subtag", "no match: the list stays"],
)
def test_root_sends_a_visitor_to_their_browser_language_when_javascript_runs(browser, server, browser_language, expected):
    context = browser.new_context(locale=browser_language)
    page = context.new_page()
    page.goto(server)
    if expected:
        page.wait_for_url(server + f"{expected}/")
        assert page.locator("html").get_attribute("lang") == expected
    else:
        # The script has run and found no match (it marks the chooser), and nothing navigated since.
        chooser = page.wait_for_selector("[data-language-chooser][data-language-match]", state="attached")
        assert chooser.get_attribute("data-language-match") == "none"
        page.wait_for_load_state("networkidle")
        assert page.url == server
    context.close()


def test_root_shows_the_list_without_javascript(page, server):
    page.goto(server)
    assert page.url == server
    links = page.get_by_role("list", name="Choose your language").get_by_role("link")
    assert links.count() == 5


def test_an_explicit_choice_in_the_switcher_is_remembered(browser, server):
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    page.goto(server + "es/")
    page.get_by_role("navigation", name="Idiomas").get_by_role("link", name="Deutsch").click()
    page.wait_for_url(server + "de/")
    page.goto(server)
    page.wait_for_url(server + "de/")
    assert {cookie["name"]: cookie["value"] for cookie in context.cookies()}["lang"] == "de"
    page.goto(server + "index.html#choose-language")
    assert page.get_by_role("list", name="Choose your language").get_by_role("link").count() == 5, "the footer's link shows the list"
    context.close()


def test_offline_copy_works_from_disk(browser, tmp_path):
    site = copy_repository_site(tmp_path)
    out = tmp_path / "offline"
    assert run_cli("build", "--offline", "--site", site, "--out", out).returncode == 0
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((out / "index.html").as_uri())
    page.get_by_role("link", name="Español").click()
    assert page.url == (out / "es" / "index.html").as_uri()
    menu = page.get_by_role("navigation", name="Menú principal").get_by_role("link")
    for name in menu.all_inner_texts():
        page.get_by_role("navigation", name="Menú principal").get_by_role("link", name=name, exact=True).click()
        assert page.url.startswith(out.as_uri()) and page.url.endswith("/index.html"), page.url
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("link[rel=stylesheet]").evaluate("link => link.sheet !== null"), "the stylesheet loads from disk"
    page.get_by_role("navigation", name="Idiomas").get_by_role("link", name="Русский").click()
    assert page.locator("html").get_attribute("lang") == "ru" and page.url.endswith("/index.html")
    context.close()


def test_print_turns_the_invitation_into_a_plain_document(page, server):
    page.goto(server + "en/invitation/")
    page.emulate_media(media="print")
    for hidden in ("nav.languages", "nav.menu-wide", "details.menu-compact", "footer", ".skip-link", ".call-to-action", ".site-search"):
        assert page.locator(hidden).evaluate_all("all => all.every(e => getComputedStyle(e).display === 'none')"), hidden
    margins = page.evaluate("() => [...document.styleSheets].flatMap(s => [...s.cssRules]).filter(r => r instanceof CSSPageRule).map(r => r.style.margin)")
    assert margins and all(margins), "paper gets margins of its own (@page)"
    outside = page.locator('main a[href^="http"]:not(.address)').first
    shown = outside.evaluate("a => getComputedStyle(a, '::after').content")
    assert outside.get_attribute("href") in shown, f"on paper a link to another site shows its address: {shown}"
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator("article").evaluate("e => getComputedStyle(e).fontFamily").startswith("Georgia")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_on_paper_an_address_that_is_already_the_links_text_is_not_printed_twice(page, server):
    page.goto(server + "en/take-part/")
    page.emulate_media(media="print")
    addresses = page.locator("main a.address")
    assert addresses.count() >= 1
    for index in range(addresses.count()):
        link = addresses.nth(index)
        assert link.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal"), link.inner_text()
        assert link.inner_text() in link.get_attribute("href"), "its text is its address"


def test_keyboard_users_get_a_visible_skip_link_and_focus_ring(page, server):
    page.goto(server + "de/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("e => e === document.activeElement")
    assert skip.bounding_box()["y"] >= 0, "the skip link comes into view when focused"
    page.keyboard.press("Enter")
    page.wait_for_url("**#main", timeout=5000)  # a busy machine may take a moment to scroll
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.fixture
def phone(browser):
    """A 320 × 640 screen with JavaScript off."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_the_header_takes_at_most_a_quarter_of_the_screen(phone, server, language):
    for path in (f"{language}/", f"{language}/{HISTORY[language]}/", f"{language}/translation-status/"):
        phone.goto(server + path)
        header = phone.locator("header.site-header").bounding_box()
        assert header["y"] + header["height"] <= 640 * 0.25, (path, header)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 320, path


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_first_screen_of_a_phone_shows_name_dates_place_and_what_to_do(phone, server, language):
    phone.goto(server + f"{language}/")
    for part in (".intro h1", ".intro .intro-facts", ".intro .call-to-action"):
        box = phone.locator(part).bounding_box()
        assert box and box["y"] + box["height"] <= 640, (part, box)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_skip_link_is_out_of_sight_until_it_has_the_focus(phone, server, language):
    phone.goto(server + f"{language}/")
    skip = phone.locator(".skip-link")
    box = skip.bounding_box()
    assert box["y"] + box["height"] <= 0, f"visible before focus: {box}"
    phone.keyboard.press("Tab")
    assert skip.evaluate("e => e === document.activeElement")
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 640


def test_on_a_phone_the_menu_opens_from_the_keyboard_without_javascript(phone, server):
    phone.goto(server + "ru/")
    assert phone.locator("nav.menu-wide").evaluate("e => getComputedStyle(e).display") == "none"
    menu = phone.get_by_role("navigation", name="Главное меню")
    assert not menu.is_visible()
    summary = phone.locator("details.menu-compact summary")
    summary.focus()
    phone.keyboard.press("Enter")
    assert menu.is_visible()
    links = menu.get_by_role("link")
    assert links.count() == MENU_PAGES
    menu.get_by_role("link", name="История солидарности").click()
    phone.wait_for_load_state()
    assert phone.url == server + "ru/solidarnost/"


def test_on_a_wide_screen_the_menu_is_a_plain_row(page, server):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server + "es/")
    assert page.locator("details.menu-compact").evaluate("e => getComputedStyle(e).display") == "none"
    assert page.get_by_role("navigation", name="Menú principal").get_by_role("link").count() == MENU_PAGES


def header_tab_stops(tab) -> list[dict]:
    """The header's elements in the order Tab reaches them, each with its box: Tab from the skip link until the focus leaves the header."""
    tab.keyboard.press("Tab")  # the skip link
    stops: list = []
    for _ in range(40):
        tab.keyboard.press("Tab")
        stop = tab.evaluate(
            """() => { const e = document.activeElement; if (!e.closest("header.site-header")) return null;
                const r = e.getBoundingClientRect(); return {text: e.textContent.trim(), top: r.top, bottom: r.bottom, left: r.left}; }"""
        )
        if stop is None:
            return stops
        stops.append(stop)
    raise AssertionError("Tab never left the header")


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("language", LANGUAGES)
def test_tab_goes_through_the_header_in_the_order_the_eye_reads_it(browser, server, language, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False)
    tab = context.new_page()
    for path in (f"{language}/", f"{language}/{HISTORY[language]}/"):
        tab.goto(server + path)
        stops = header_tab_stops(tab)
        assert len(stops) >= 6, stops
        for before, after in itertools.pairwise(stops):
            same_row = after["top"] < before["bottom"] and before["top"] < after["bottom"]
            assert after["top"] >= before["bottom"] - 1 or (same_row and after["left"] > before["left"]), (path, before, after)
    context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_the_home_page_s_facts_box_keeps_its_distance_from_the_footer(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False)
    tab = context.new_page()
    for language in LANGUAGES:
        tab.goto(server + f"{language}/")
        box = tab.locator(".facts-box").bounding_box()
        footer = tab.locator("footer.site-footer").bounding_box()
        assert footer["y"] - (box["y"] + box["height"]) >= 24, (language, box, footer)
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_at_1280_pixels_the_menu_is_one_row_in_every_language(page, server, language):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server + f"{language}/")
    tops = page.locator("nav.menu-wide li").evaluate_all("items => items.map(li => Math.round(li.getBoundingClientRect().top))")
    assert len(tops) == MENU_PAGES and len(set(tops)) == 1, tops


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_the_status_table_is_named_in_full_and_its_figures_stay_whole(phone, server, language):
    phone.goto(server + f"{language}/translation-status/")
    name = phone.locator("#status-caption")
    box = name.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    assert name.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert phone.get_by_role("table", name=name.inner_text()).count() == 1, "the heading names the table"
    broken = phone.locator("table.status td").evaluate_all(
        """cells => cells.filter(td => { const range = document.createRange(); range.selectNodeContents(td);
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1; }).map(td => td.textContent)"""
    )
    assert broken == [], "a figure broken over two lines"


@pytest.mark.parametrize("width", [320, 1280])
def test_the_home_page_opens_with_the_conference_then_a_card_for_each_main_page(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False)
    tab = context.new_page()
    for language in LANGUAGES:
        tab.goto(server + f"{language}/")
        intro = tab.locator(".intro").bounding_box()
        cards = tab.locator(".cards li")
        assert cards.count() == MENU_PAGES - 1, "every page of the menu but the home page itself"
        assert intro["y"] + intro["height"] <= cards.first.bounding_box()["y"]
        for index in range(cards.count()):
            card = cards.nth(index)
            assert card.locator("p").inner_text().strip(), "each card says in a line what its page holds"
        first = cards.first
        href = first.locator("a").get_attribute("href")
        first.scroll_into_view_if_needed()
        box = first.bounding_box()
        with tab.expect_navigation():
            tab.mouse.click(box["x"] + box["width"] - 5, box["y"] + box["height"] - 5)  # a corner of the card, away from its link's text
        assert tab.url == server + f"{language}/" + href, "the whole card is the link"
    context.close()
