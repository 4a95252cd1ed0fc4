"""Make the January 2027 sample issue's supplied ads, as fictional advertisers would send them.

    .venv/bin/python tools/make_sample_ads_2027_01.py

Writes into issues/ledger-2027-01/ads/, each exactly its booked size (no bleed, no marks):
- nine PDF/X-4 ads, each rendered from an HTML file in tools/sample-ads/2027-01/ (named after
  the ad) by the project's Renderer with the project's fonts, colours in device-cmyk() only:
  two front-page ears (47.2 x 30 mm), two quarter pages (150.6 x 165 mm), a half page upright
  (150.6 x 330 mm), an eighth page (98.9 x 125 mm), 3 columns x 10 cm (150.6 x 100 mm) and
  two 2 columns x 5 cm (98.9 x 50 mm);
- theatre-royal-season.jpg: half page horizontal, 3000 x 2279 px (254 x 193 mm at 300 ppi),
  RGB, drawn here with Pillow and the project's fonts.
The advertisers are fictional; the artwork is the project's own. Output is deterministic: fixed
dates and document IDs, as tools/make_sample_ads.py (the December 2026 issue's ads) does.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from types import SimpleNamespace

from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pressroom.colour import OutputProfile  # noqa: E402
from pressroom.render import PdfXSettings, Renderer, Resources  # noqa: E402

ADS = ROOT / "issues" / "ledger-2027-01" / "ads"
SOURCES = ROOT / "tools" / "sample-ads" / "2027-01"
FONTS = ROOT / "fonts"
PROFILE = ROOT / "profiles" / "icc" / "Pressroom-Newsprint-TR002-TAC240.icc"
DATE = "2026-12-18T00:00:00+00:00"
MM_PER_CSS_PX = 25.4 / 96

# (file stem: source HTML and target PDF, title, width mm, height mm)
PDF_ADS = [
    ("wexmoor-credit-union", "Wexmoor Credit Union", 47.2, 30),
    ("pennocks-bakery", "Pennock\u2019s Bakery", 47.2, 30),
    ("coastline-estate-agents", "Coastline Estate Agents", 150.6, 165),
    ("wexmoor-college", "Wexmoor College", 150.6, 330),
    ("harbour-lights-cinema-eighth", "Harbour Lights Cinema", 98.9, 125),
    ("gull-point-motors", "Gull Point Motors", 150.6, 100),
    ("marsh-lane-plumbing", "Marsh Lane Plumbing & Heating", 98.9, 50),
    ("wex-valley-tree-surgeons", "Wex Valley Tree Surgeons", 98.9, 50),
    ("wexmoor-leisure-centre", "Wexmoor Leisure Centre", 150.6, 165),
]


def pdf_ad(stem: str, title: str, width_mm: float, height_mm: float, number: int) -> None:
    """tools/make_sample_ads.py's pdf_ad, for this issue's folders, with a document ID of its
    own for each ad; refuses an ad that is not one page of its size or that WeasyPrint warned
    about (a font or a colour it could not use)."""
    renderer = Renderer("", FONTS, Resources(issue=SOURCES, fonts=FONTS))
    try:
        html = (SOURCES / f"{stem}.html").read_text(encoding="utf-8")
        rendered = renderer.render_group(SimpleNamespace(first_page=1), html)
        assert not renderer.warnings, f"{stem}: {renderer.warnings}"
        assert rendered.page_count == 1, f"{stem}: {rendered.page_count} pages, not 1"
        page = rendered.pages[0]
        size = (page.width * MM_PER_CSS_PX, page.height * MM_PER_CSS_PX)
        assert abs(size[0] - width_mm) < 0.01 and abs(size[1] - height_mm) < 0.01, f"{stem}: {size}"
        settings = PdfXSettings("pdf/x-4", OutputProfile.load(PROFILE, 240), "CGATS TR 002",
                                "Coldset offset on newsprint", "http://www.color.org", title, DATE,
                                f"5a3b1c2d-0000-4000-8000-2027010000{number:02d}")
        renderer.write_pdf([rendered], ADS / f"{stem}.pdf", settings)
    finally:
        renderer.close()


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size)


@cache
def _characters(path: str) -> frozenset[int]:
    return frozenset(TTFont(path).getBestCmap())


def _text(draw: ImageDraw.ImageDraw, xy, text: str, font: ImageFont.FreeTypeFont, fill,
          right: int | None = None, anchor: str = "la") -> None:
    """Draw ``text``, refusing a glyph the font lacks (Pillow would draw a box) or a line that
    would run past ``right``."""
    missing = sorted(char for char in set(text) if ord(char) not in _characters(font.path))
    assert not missing, f"{font.getname()} has no {missing}"
    if right is not None:
        assert draw.textbbox(xy, text, font=font, anchor=anchor)[2] <= right, f"too long: {text!r}"
    draw.text(xy, text, font=font, fill=fill, anchor=anchor)


def theatre_royal(target: str) -> None:
    """The raster half page: 3000 x 2279 px, 254 x 193 mm at 300 ppi, RGB."""
    width, height = 3000, 2279
    crimson, dark, gold, cream = (128, 20, 34), (72, 8, 18), (214, 170, 72), (250, 242, 222)
    image = Image.new("RGB", (width, height), crimson)
    draw = ImageDraw.Draw(image)

    # Left: a stage, its curtains drawn back under a swagged pelmet.
    stage = 1050
    draw.rectangle([0, 0, stage, height], fill=dark)
    draw.rectangle([120, 330, stage - 120, 1850], fill=(24, 10, 14))  # the dark stage
    draw.ellipse([330, 1440, stage - 330, 1560], fill=(70, 52, 30))  # a pool of light
    for side in (0, 1):  # curtains, folds as stripes, gathered in at the tie-back
        for fold in range(7):
            x0 = 120 + fold * 52
            shade = (150, 26, 40) if fold % 2 else (112, 16, 30)
            points = [(x0, 330), (x0 + 52, 330), (x0 + 52 - fold * 22, 1200), (x0 + 60 - fold * 28, 1850),
                      (x0 - fold * 28, 1850), (x0 - fold * 22, 1200)]
            if side:
                points = [(stage - x, y) for x, y in points]
            draw.polygon(points, fill=shade)
    for x in (150, stage - 150 - 120):
        draw.rounded_rectangle([x, 1180, x + 120, 1225], radius=20, fill=gold)  # tie-backs
    draw.rectangle([90, 250, stage - 90, 340], fill=gold)  # the pelmet and its swags
    for swag in range(5):
        x0 = 90 + swag * (stage - 180) // 5
        draw.chord([x0, 200, x0 + (stage - 180) // 5, 460], 0, 180, fill=(150, 26, 40), outline=gold, width=10)
    draw.rectangle([60, 1850, stage - 60, 1900], fill=gold)  # the stage's edge
    draw.rectangle([60, 200, 90, 1900], fill=gold)
    draw.rectangle([stage - 90, 200, stage - 60, 1900], fill=gold)

    label = _font("Lato-Black.ttf", 58)
    _text(draw, (stage // 2, 110), "T H E A T R E   R O Y A L", label, gold, anchor="mm")
    _text(draw, (stage // 2, 1990), "CASTLE STREET", _font("Lato-Black.ttf", 50), gold, anchor="mm")
    _text(draw, (stage // 2, 2080), "WEXMOOR  ·  SINCE 1887", _font("Lato-Black.ttf", 50), gold, anchor="mm")

    # Right: the season.
    left, right = stage + 110, width - 110
    _text(draw, (left, 90), "THE THEATRE ROYAL, WEXMOOR, PRESENTS", _font("Lato-Black.ttf", 54), gold, right)
    _text(draw, (left - 8, 150), "The Spring Season", _font("EBGaramond12-Italic.otf", 236), cream, right)
    _text(draw, (left, 450), "February to May 2027: five productions, one season ticket", _font("Lato-Regular.ttf", 64),
          cream, right)
    draw.rectangle([left, 570, left + 260, 580], fill=gold)

    shows = [
        ("10–13 FEB", "Twelfth Night", "Shakespeare’s comedy of shipwreck and disguise"),
        ("3–6 MAR", "The Importance of Being Earnest", "Oscar Wilde, by the Castle Street Players"),
        ("WED 24 MAR", "Harbour Voices", "The Wexmoor Community Choir in concert"),
        ("14–17 APR", "The Keeper", "A new play by Wexmoor writer Ruth Abernethy"),
        ("12–15 MAY", "The Pirates of Penzance", "Gilbert and Sullivan by Wexmoor Operatic Society"),
    ]
    when, what, note = _font("Lato-Black.ttf", 54), _font("EBGaramond12-Regular.otf", 96), _font("Lato-Regular.ttf", 50)
    top = 630
    for index, (date, title, detail) in enumerate(shows):
        y = top + index * 232
        _text(draw, (left, y + 34), date, when, gold, left + 420)
        _text(draw, (left + 440, y), title, what, cream, right)
        _text(draw, (left + 440, y + 118), detail, note, (240, 214, 200), right)
        if index < len(shows) - 1:
            draw.line([left, y + 208, right, y + 208], fill=(168, 60, 70), width=3)

    # The offer, then the box office.
    draw.rectangle([left - 30, 1810, right + 30, 2010], fill=gold)
    _text(draw, (left + 20, 1846), "Season ticket: all five for £75", _font("LeagueSpartan-ExtraBold.otf", 78), dark,
          right)
    _text(draw, (left + 20, 1940), "Save £30 on single seats. Book by Sunday 31 January 2027.",
          _font("Lato-Black.ttf", 46), dark, right)
    _text(draw, (left, 2080), "Box office 01632 960 733", _font("LeagueSpartan-ExtraBold.otf", 70), cream, right)
    _text(draw, (left, 2180), "theatreroyal-wexmoor.example  ·  Castle Street, Wexmoor WX1 2CS",
          _font("Lato-Regular.ttf", 48), cream, right)
    image.save(ADS / target, quality=92, dpi=(300, 300))


def main() -> None:
    ADS.mkdir(parents=True, exist_ok=True)
    for number, (stem, title, width_mm, height_mm) in enumerate(PDF_ADS, start=1):
        pdf_ad(stem, title, width_mm, height_mm, number)
    theatre_royal("theatre-royal-season.jpg")
    for path in sorted(ADS.iterdir()):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
