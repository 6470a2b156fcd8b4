"""Draw static/share.png, the picture link previews show (og:image): the same for every language.

It holds no words, so no language is favoured and nothing needs translating:
a pick and a hammer crossed, the year, and the website the documents name.
No photograph: the site has none. Run once after changing it (needs Pillow):

    python scripts/make_share_image.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630  # what Open Graph and summary_large_image cards expect
BAND, INK, ACCENT, LIGHT = "#1f2a33", "#ffffff", "#c8553d", "#d9d4cc"


def tool(draw: ImageDraw.ImageDraw, angle_left: bool, centre: tuple[int, int]) -> None:
    """A handle and a head, drawn as polygons rotated about the centre."""
    import math

    cx, cy = centre
    sign = -1 if angle_left else 1
    theta = math.radians(45 * sign)

    def rotate(points):
        return [(cx + x * math.cos(theta) - y * math.sin(theta), cy + x * math.sin(theta) + y * math.cos(theta)) for x, y in points]

    draw.polygon(rotate([(-12, -150), (12, -150), (12, 170), (-12, 170)]), fill=LIGHT)  # handle
    if angle_left:  # a pick: a curved head, pointed at both ends
        draw.polygon(rotate([(-120, -140), (-20, -175), (20, -175), (120, -140), (20, -150), (-20, -150)]), fill=ACCENT)
    else:  # a hammer: a block
        draw.polygon(rotate([(-60, -190), (60, -190), (60, -135), (-60, -135)]), fill=ACCENT)


def main() -> None:
    image = Image.new("RGB", (WIDTH, HEIGHT), BAND)
    draw = ImageDraw.Draw(image)
    tool(draw, True, (330, 330))
    tool(draw, False, (330, 330))
    draw.text((620, 190), "2013", font=ImageFont.load_default(size=190), fill=INK)
    out = Path(__file__).resolve().parent.parent / "static" / "share.png"
    image.save(out, optimize=True)  # no metadata: the same bytes every time
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
