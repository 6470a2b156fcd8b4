"""Photographs beside the pages: figures with captions, sizes, resized copies in WebP, alt text required.

Every image here is made by the test with Pillow: a JPEG taken on its side
(EXIF orientation 6, so shown upright it is taller than wide) and a PNG.
"""

from __future__ import annotations

import shutil

import pytest
from built import BuiltSite, tree_digest
from helpers import BASE_URL, copy_repository_site, copy_site, run_cli
from PIL import Image

CAPTION = "Miners at the pit head — photograph © A. Photographer"
PAGE_TEXT = f"""
![Miners at the pit head]({{folder}}mine.jpg "{CAPTION}")

The region is shown on a small map ![a small map of the region]({{folder}}map.png) beside these words.

![The mining region, with its roads](map.png)
"""


def make_jpeg(path, size=(2000, 1200), orientation=6, colour=(120, 60, 30)):
    """A photograph as a camera held on its side saves it: wider than tall, with an EXIF orientation."""
    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 40):  # some detail, so that resizing has work to do
        image.paste((250, 250, 250), (x, 0, x + 3, size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "A camera maker"  # metadata the copies must not carry
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="JPEG", exif=exif.tobytes(), quality=90)


def make_png(path, size=(700, 400)):
    Image.new("RGB", size, (0, 80, 160)).save(path, format="PNG")


def add_photos(site, language="en", page="about.md"):
    """Two photographs beside a page, shown by it: a figure, an image among words, a second figure."""
    folder = site / "content" / language
    make_jpeg(folder / "photos" / "mine.jpg")
    make_png(folder / "photos" / "map.png")
    make_png(folder / "map.png")
    text = (folder / page).read_text(encoding="utf-8")
    (folder / page).write_text(text + PAGE_TEXT.replace("{folder}", "photos/"), encoding="utf-8")


def build(site, out, *options):
    result = run_cli("build", "--site", site, "--out", out, *options)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def photos(tmp_path_factory) -> BuiltSite:
    root = tmp_path_factory.mktemp("photos")
    site = copy_site("multilingual", root)
    add_photos(site)
    build(site, root / "out")
    return BuiltSite(root / "out", base_url="https://example.org/conference/")


PAGE = "en/about/index.html"


def srcset(value: str) -> list[tuple[str, int]]:
    return [(url, int(width[:-1])) for url, width in (item.split() for item in value.split(", "))]


def opened(site: BuiltSite, url: str) -> Image.Image:
    followed = site.follow(PAGE, url)
    assert followed is not None, url
    return Image.open(site.root / followed[0])


def test_a_photograph_alone_in_its_paragraph_is_a_figure_with_its_caption(photos):
    soup = photos.soup(PAGE)
    first, second = soup.select("main figure")
    assert first.figcaption.get_text() == CAPTION
    assert second.figcaption is None, "an image without a title has no caption"
    img = first.select_one("picture > img")
    assert img["alt"] == "Miners at the pit head" and "title" not in img.attrs
    # Taken on its side, 2000 × 1200: shown upright, 1200 × 2000 (EXIF orientation applied).
    assert (img["width"], img["height"]) == ("1200", "2000")
    assert soup.select("p figure, p picture") == [], "a figure cannot sit inside a paragraph"


def test_an_image_among_words_stays_an_image_with_its_size(photos):
    (img,) = photos.soup(PAGE).select("main p > img")
    assert img.find_parent("figure") is None and img["alt"] == "a small map of the region"
    assert (img["width"], img["height"]) == ("700", "400")
    assert [width for _, width in srcset(img["srcset"])] == [480, 700], "never wider than the original"


def test_every_width_in_a_srcset_is_a_file_of_that_width(photos):
    soup = photos.soup(PAGE)
    checked = 0
    for img in soup.select("main img"):
        ratio = int(img["height"]) / int(img["width"])
        for url, width in srcset(img["srcset"]):
            with opened(photos, url) as copy:
                assert copy.width == width and abs(copy.height - width * ratio) <= 1, url
                assert copy.format == ("PNG" if ".png" in url else "JPEG")
            checked += 1
        with opened(photos, img["src"]) as fallback:
            assert fallback.width == int(img["width"])
    assert checked == 3 + 2 + 2


def test_a_figure_offers_webp_first(photos):
    for figure in photos.soup(PAGE).select("main figure"):
        source, img = figure.picture.find_all(["source", "img"])
        assert source["type"] == "image/webp" and source["sizes"] == img["sizes"]
        offered = srcset(source["srcset"])
        assert [width for _, width in offered] == [width for _, width in srcset(img["srcset"])]
        for url, width in offered:
            with opened(photos, url) as copy:
                assert copy.format == "WEBP" and copy.width == width


def test_only_the_first_photograph_loads_at_once(photos):
    images = photos.soup(PAGE).select("main img")
    assert len(images) == 3
    assert "loading" not in images[0].attrs and "decoding" not in images[0].attrs
    assert all(img["loading"] == "lazy" and img["decoding"] == "async" for img in images[1:])


def test_the_copies_carry_no_metadata_and_the_original_is_not_published(photos):
    folder = photos.root / "en" / "photos"
    copies = sorted(folder.glob("mine-*"))
    assert len(copies) == 6
    for copy in copies:
        with Image.open(copy) as image:
            assert not image.getexif(), copy.name
            assert "exif" not in image.info and "xmp" not in image.info
    assert not (folder / "mine.jpg").exists(), "its EXIF may say where and when it was taken"


def test_a_link_to_a_photograph_leads_to_its_largest_copy(sample, tmp_path):
    site = sample("multilingual")
    add_photos(site)
    page = site / "content" / "en" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nThe [photograph at full size](photos/mine.jpg).\n", encoding="utf-8")
    build(site, tmp_path / "out")
    built = BuiltSite(tmp_path / "out", "https://example.org/conference/")
    (link,) = built.soup(PAGE).find_all("a", string="photograph at full size")
    assert built.follow(PAGE, link["href"])[0] == "en/photos/mine-1200w.jpg"


def test_a_translation_has_its_own_alt_text_and_the_original_s_photographs_or_its_own(tmp_path):
    site = copy_site("multilingual", tmp_path)
    add_photos(site)
    make_png(site / "content" / "es" / "map.png", size=(500, 300))  # a map with Spanish names, say
    page = site / "content" / "es" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![Mineros en la bocamina](photos/mine.jpg)\n\n![La región minera](map.png)\n", encoding="utf-8")
    build(site, tmp_path / "out")
    built = BuiltSite(tmp_path / "out", "https://example.org/conference/")
    spanish = "es/acerca-de/index.html"
    mine, region = built.soup(spanish).select("main figure img")
    assert mine["alt"] == "Mineros en la bocamina" and built.follow(spanish, mine["src"])[0] == "en/photos/mine-1200w.jpg"
    assert region["alt"] == "La región minera" and built.follow(spanish, region["src"])[0] == "es/map-500w.png"
    assert not (tmp_path / "out" / "es" / "photos").exists(), "no second copy of the original's photographs"


def test_a_file_neither_beside_the_translation_nor_the_original_is_named(built_once):
    site, out = built_once
    page = site / "content" / "es" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![Una foto](photos/none.jpg)\n", encoding="utf-8")
    result = run_cli("build", "--site", site, "--out", out)
    assert result.returncode == 1
    assert "'photos/none.jpg': no file content/es/photos/none.jpg nor content/en/photos/none.jpg" in result.stderr.splitlines()[0]


# --- what a contributor can get wrong


@pytest.fixture
def built_once(tmp_path):
    """The sample with its photographs, built: a failing build has a site to leave alone."""
    site = copy_site("multilingual", tmp_path)
    add_photos(site)
    build(site, tmp_path / "out")
    return site, tmp_path / "out"


def test_a_photograph_without_alt_text_stops_the_build_at_its_line(built_once):
    site, out = built_once
    page = site / "content" / "en" / "about.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nAnd once more:\n\n![ ](photos/mine.jpg)\n", encoding="utf-8")
    line = len(text.splitlines()) + 4  # the text ends with a new line: a blank line, the words, a blank line, the image
    before = tree_digest(out)

    result = run_cli("build", "--site", site, "--out", out)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"content/en/about.md:{line}: image 'photos/mine.jpg' has no alt text: write what the photograph shows between the brackets, "
        "![…](photos/mine.jpg); every photograph needs one (this site has no decorative images)",
        "Build failed: 1 error; the output folder was not changed.",
    ]
    assert tree_digest(out) == before


@pytest.mark.parametrize("damage", ["truncated", "not an image"])
def test_a_photograph_that_cannot_be_read_is_named(built_once, damage):
    site, out = built_once
    photo = site / "content" / "en" / "photos" / "mine.jpg"
    photo.write_bytes(photo.read_bytes()[:3000] if damage == "truncated" else b"GIF? no: a text file\n")
    before = tree_digest(out)

    result = run_cli("build", "--site", site, "--out", out)

    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("content/en/photos/mine.jpg: cannot be read as an image (") and first.endswith("): save it again as JPEG or PNG")
    assert "0x" not in first, "no memory address in the message"
    assert "Traceback" not in result.stderr
    assert tree_digest(out) == before


# --- the same bytes, every time


def test_two_cold_builds_and_a_build_from_the_cache_are_byte_identical(built_once, tmp_path):
    site, out = built_once
    shutil.rmtree(site / ".cache")
    build(site, tmp_path / "second")
    build(site, tmp_path / "from-cache", "--clean")  # the photographs' copies now come from the cache
    assert (site / ".cache" / "sitegen").glob("images-*/*.webp")
    assert tree_digest(out) == tree_digest(tmp_path / "second") == tree_digest(tmp_path / "from-cache")


def test_copies_made_in_other_processes_are_the_same_bytes(tmp_path):
    from multiprocessing import get_context

    from sitegen.inputs.images import ImageFacts, render_variant, variants

    make_jpeg(tmp_path / "mine.jpg")
    data = (tmp_path / "mine.jpg").read_bytes()
    offered = variants("en/mine.jpg", ImageFacts("x", 1200, 2000, "JPEG"))
    here = [render_variant(data, variant) for variant in offered]
    with get_context("spawn").Pool(2) as pool:
        there = pool.starmap(render_variant, [(data, variant) for variant in offered])
    assert here == there


def test_replacing_a_photograph_renders_its_pages_again_and_equals_a_clean_build(built_once, tmp_path):
    site, out = built_once
    make_jpeg(site / "content" / "en" / "photos" / "mine.jpg", size=(1000, 800), orientation=1, colour=(30, 90, 60))
    build(site, out)
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(out) == tree_digest(tmp_path / "clean")
    img = BuiltSite(out, "https://example.org/conference/").soup(PAGE).select_one("main figure img")
    assert (img["width"], img["height"]) == ("1000", "800")
    names = sorted(path.name for path in (out / "en" / "photos").glob("mine-*"))
    assert names == ["mine-1000w.jpg", "mine-1000w.webp", "mine-480w.jpg", "mine-480w.webp"], "the copies of the old photograph are gone"


def test_an_unchanged_photograph_is_not_made_again(built_once):
    site, out = built_once
    page = site / "content" / "en" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    before = {path.name: path.stat().st_ino for path in (out / "en" / "photos").iterdir()}
    build(site, out)
    assert {path.name: path.stat().st_ino for path in (out / "en" / "photos").iterdir()} == before


# --- the sanitizer, when raw HTML is allowed


def test_raw_html_keeps_a_figure_but_no_srcset_or_source_of_its_own():
    from sitegen.templating.markup import MarkdownRenderer

    text = (
        '![A photograph](mine.jpg "Its caption")\n\n'
        '<picture><source srcset="javascript:alert(1) 1x" type="image/webp">'
        '<img src="x.jpg" srcset="https://elsewhere.example/a.jpg 2x" alt="x" onerror="alert(1)" loading="lazy"></picture>\n'
    )
    html = MarkdownRenderer(allow_raw_html=True).render(text, "about").html
    assert '<figure><picture><img alt="A photograph" src="sitegen-file:mine.jpg"></picture><figcaption>Its caption</figcaption></figure>' in html
    assert "<source" not in html and "srcset" not in html and "onerror" not in html and "javascript" not in html
    assert 'loading="lazy"' in html


# --- on the conference site: accessible, valid, light


@pytest.fixture(scope="module")
def conference_with_photos(tmp_path_factory) -> BuiltSite:
    """A copy of the conference site whose English news item shows photographs (the real site has none)."""
    root = tmp_path_factory.mktemp("conference-photos")
    site = copy_repository_site(root)
    add_photos(site, "en", "news/ilps-call.md")
    shutil.move(site / "content" / "en" / "map.png", site / "content" / "en" / "news" / "map.png")
    shutil.move(site / "content" / "en" / "photos", site / "content" / "en" / "news" / "photos")
    build(site, root / "out")
    return BuiltSite(root / "out", base_url=BASE_URL)


NEWS = "en/news/ilps-call/index.html"


def test_a_page_with_photographs_stays_within_the_weight_budget(conference_with_photos):
    from page_weight import BUDGET, page_weights

    weights = dict((page, size) for size, page in page_weights(conference_with_photos.root))
    assert len(conference_with_photos.soup(NEWS).select("main figure")) == 2
    assert weights[NEWS] <= BUDGET


def test_a_page_with_photographs_has_no_axe_violations(browser, conference_with_photos):
    from browsing import serve
    from test_accessibility import AXE, axe_violations, require

    require(AXE, "axe-core")
    context = browser.new_context(bypass_csp=True)
    try:
        with serve(conference_with_photos.root) as url:
            assert axe_violations(context.new_page(), url + NEWS) == []
    finally:
        context.close()


def test_a_page_with_photographs_is_valid_for_the_nu_html_checker(conference_with_photos):
    from test_accessibility import nu_check

    result = nu_check(conference_with_photos.root / NEWS, timeout=120)
    assert result.returncode == 0, result.stderr


def test_the_feed_shows_the_photographs_with_absolute_links(conference_with_photos):
    feed = (conference_with_photos.root / "en" / "feed.xml").read_text(encoding="utf-8")
    assert f"{BASE_URL}en/news/photos/mine-480w.webp 480w" in feed


def test_the_check_command_follows_every_width_of_a_srcset(photos, tmp_path):
    from sitegen.commands.checker import check_site

    copy = tmp_path / "out"
    shutil.copytree(photos.root, copy)
    assert [problem for problem in check_site(copy, photos.base_url) if "leads nowhere" in problem.message] == []
    (copy / "en" / "photos" / "mine-480w.webp").unlink()
    (problem,) = [problem for problem in check_site(copy, photos.base_url) if "leads nowhere" in problem.message]
    assert problem.path == PAGE and "source '../photos/mine-480w.webp'" in problem.message


def test_a_file_with_the_name_of_a_resized_copy_is_an_error(built_once):
    site, out = built_once
    make_png(site / "content" / "en" / "photos" / "mine-480w.jpg")
    result = run_cli("build", "--site", site, "--out", out)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "content/en/photos/mine-480w.jpg: has the name of a resized copy of content/en/photos/mine.jpg: rename it"


# --- a gallery: the photographs of a data file, on a page whose template is gallery.html

GALLERY = """\
# The photographs of content/en/gallery.md, in order.
- file: photos/mine.jpg
  alt:
    en: Miners at the pit head
    es: Mineros en la bocamina
  caption:
    en: "Miners at the pit head — photograph © A. Photographer"
- file: photos/map.png
  alt: The mining region
"""


def gallery_site(root, gallery=GALLERY):
    site = copy_repository_site(root)
    make_jpeg(site / "content" / "en" / "photos" / "mine.jpg")
    make_png(site / "content" / "en" / "photos" / "map.png")
    for language, title in (("en", "Gallery"), ("es", "Galería")):
        (site / "content" / language / "gallery.md").write_text(f"---\ntitle: {title}\ntemplate: gallery.html\n---\n\nText.\n", encoding="utf-8")
    (site / "data" / "galleries").mkdir()
    (site / "data" / "galleries" / "gallery.yaml").write_text(gallery, encoding="utf-8")
    return site


def test_a_gallery_shows_its_photographs_in_the_page_s_language(tmp_path):
    build(gallery_site(tmp_path), tmp_path / "out")
    built = BuiltSite(tmp_path / "out", BASE_URL)
    english, spanish = (built.soup(f"{language}/gallery/index.html").select("main figure") for language in ("en", "es"))
    assert [figure.img["alt"] for figure in english] == ["Miners at the pit head", "The mining region"]
    assert english[0].figcaption.get_text() == "Miners at the pit head — photograph © A. Photographer"
    assert english[0].source["type"] == "image/webp" and (english[0].img["width"], english[0].img["height"]) == ("1200", "2000")
    assert "loading" not in english[0].img.attrs and english[1].img["loading"] == "lazy"
    # Spanish: its own alt text; the caption not translated yet is marked as English.
    assert spanish[0].img["alt"] == "Mineros en la bocamina" and "lang" not in spanish[0].img.attrs
    assert spanish[0].figcaption["lang"] == "en"
    assert spanish[1].img["lang"] == "en"
    assert built.follow("es/gallery/index.html", spanish[0].img["src"])[0] == "en/photos/mine-1200w.jpg"


def test_a_gallery_photograph_without_alt_text_is_an_error_at_its_line(tmp_path):
    site = gallery_site(tmp_path, GALLERY.replace("  alt: The mining region\n", "  caption: A map\n"))
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "data/galleries/gallery.yaml:8: no alt text in 'en': say what the photograph shows (this site has no decorative images)"
    )


def test_a_gallery_key_written_twice_is_an_error_naming_both_lines(tmp_path):
    site = gallery_site(tmp_path, GALLERY.replace("    es: Mineros en la bocamina\n", "    es: Mineros en la bocamina\n    en: Miners\n"))
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "data/galleries/gallery.yaml:6: key 'en' is written twice, on lines 4 and 6: YAML would keep only the last; keep one"
    )


@pytest.mark.parametrize("character, named", [("\x1b", "U+001B (ESC)"), ("\ue001", "U+E001")])
def test_a_character_no_text_may_hold_is_an_error_at_its_line_in_a_gallery(tmp_path, character, named):
    """A control character, or one the build keeps for its language marks: refused at its line, the gallery not built."""
    site = gallery_site(tmp_path, GALLERY.replace("    es: Mineros en la bocamina\n", f"    es: Mineros en la{character} bocamina\n"))
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0].startswith("data/galleries/gallery.yaml:5: ") and named in result.stderr.splitlines()[0]
    assert not (tmp_path / "out").exists()


def test_an_edited_gallery_builds_as_a_clean_build_does(tmp_path):
    site = gallery_site(tmp_path)
    build(site, tmp_path / "out")
    gallery = site / "data" / "galleries" / "gallery.yaml"
    gallery.write_text(gallery.read_text(encoding="utf-8").replace("The mining region", "The mining region, with its roads"), encoding="utf-8")
    make_png(site / "content" / "en" / "photos" / "map.png", size=(1800, 900))
    build(site, tmp_path / "out")
    build(site, tmp_path / "clean", "--clean")
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "clean")
    img = BuiltSite(tmp_path / "out", BASE_URL).soup("en/gallery/index.html").select("main figure img")[1]
    assert img["alt"] == "The mining region, with its roads" and img["width"] == "1600"


def test_a_build_in_several_processes_makes_the_same_bytes_as_one(tmp_path):
    """Enough photographs that the scheduler's pool takes over (scheduler.PARALLEL_FROM jobs)."""
    site = copy_site("multilingual", tmp_path)
    lines = []
    for number in range(60):  # 480 and 600 wide, or (turned upright by orientations 5 to 8) 400: 184 copies
        make_jpeg(site / "content" / "en" / "many" / f"photo-{number}.jpg", size=(600, 400), orientation=1 + number % 8, colour=(number * 4, 90, 60))
        lines.append(f"![Photograph {number}](many/photo-{number}.jpg)\n")
    page = site / "content" / "en" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + "\n".join(lines), encoding="utf-8")
    build(site, tmp_path / "one", "-j", "1")
    shutil.rmtree(site / ".cache")
    build(site, tmp_path / "two", "-j", "2")
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")
    assert len(list((tmp_path / "two" / "en" / "many").glob("*.webp"))) == sum(2 if number % 8 < 4 else 1 for number in range(60))
