"""Make the sample issue's supplied ads, as an advertiser would send them.

    .venv/bin/python tools/make_sample_ads.py

Writes into issues/ledger-2026-12/ads/:
- wexmoor-building-society.pdf: half-horizontal, 254 x 193 mm, PDF/X-4, from
  tools/sample-ads/building-society.html;
- harbour-lights-cinema.pdf: strip, 254 x 62 mm, PDF/X-4, from tools/sample-ads/cinema.html;
- kittering-garden-centre.jpg: strip, 3000 x 732 px (254 x 62 mm at 300 ppi), RGB, drawn here
  with Pillow and the project's fonts.
The advertisers are fictional; the artwork is the project's own. Output is deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pressroom.colour import OutputProfile  # noqa: E402
from pressroom.render import PdfXSettings, Renderer, Resources  # noqa: E402

ADS = ROOT / "issues" / "ledger-2026-12" / "ads"
SOURCES = ROOT / "tools" / "sample-ads"
FONTS = ROOT / "fonts"
PROFILE = ROOT / "profiles" / "icc" / "Pressroom-Newsprint-TR002-TAC240.icc"


def pdf_ad(source: str, target: str, title: str) -> None:
    renderer = Renderer("", FONTS, Resources(issue=SOURCES, fonts=FONTS))
    html = (SOURCES / source).read_text(encoding="utf-8")
    rendered = renderer.render_group(SimpleNamespace(first_page=1), html)
    settings = PdfXSettings("pdf/x-4", OutputProfile.load(PROFILE, 240), "CGATS TR 002",
                            "Coldset offset on newsprint", "http://www.color.org", title,
                            "2026-11-20T00:00:00+00:00", "5a3b1c2d-0000-4000-8000-00000000ad01")
    renderer.write_pdf([rendered], ADS / target, settings)


def garden_centre(target: str) -> None:
    """A raster strip ad: 3000 x 732 px, 254 x 62 mm at 300 ppi."""
    width, height = 3000, 732
    image = Image.new("RGB", (width, height), (238, 244, 230))
    draw = ImageDraw.Draw(image)
    green, dark, cream = (46, 110, 52), (24, 40, 26), (250, 246, 232)
    draw.rectangle([0, 0, 900, height], fill=green)
    for index in range(7):  # a row of stylised fir trees on the green panel
        x = 90 + index * 115
        draw.polygon([(x, 600), (x + 50, 380 - (index % 3) * 40), (x + 100, 600)], fill=(30, 80, 36))
        draw.rectangle([x + 42, 600, x + 58, 650], fill=(90, 60, 30))
    heading = ImageFont.truetype(str(FONTS / "LeagueSpartan-ExtraBold.otf"), 150)
    body = ImageFont.truetype(str(FONTS / "Lato-Regular.ttf"), 62)
    label = ImageFont.truetype(str(FONTS / "Lato-Black.ttf"), 66)
    draw.text((70, 80), "Kittering", font=heading, fill=cream)
    draw.text((70, 230), "GARDEN CENTRE", font=label, fill=cream)
    draw.text((990, 90), "Christmas trees from £25", font=heading, fill=dark)
    draw.text((990, 300), "Nordmann and Norway spruce, cut on the farm this week.", font=body, fill=dark)
    draw.text((990, 390), "Wreath-making mornings every Saturday in December, £18 with tea.", font=body,
              fill=dark)
    small_label = ImageFont.truetype(str(FONTS / "Lato-Black.ttf"), 54)
    line = "OPEN DAILY 9-5  ·  FENWICK ROAD, KITTERING  ·  FREE PARKING"
    assert draw.textlength(line, font=small_label) < width - 990 - 60, "the address line must fit"
    draw.text((990, 548), line, font=small_label, fill=green)
    draw.rectangle([0, 0, width - 1, height - 1], outline=dark, width=6)
    image.save(ADS / target, quality=92, dpi=(300, 300))


def main() -> None:
    ADS.mkdir(parents=True, exist_ok=True)
    pdf_ad("building-society.html", "wexmoor-building-society.pdf", "Wexmoor & District Building Society")
    pdf_ad("cinema.html", "harbour-lights-cinema.pdf", "Harbour Lights Cinema")
    garden_centre("kittering-garden-centre.jpg")
    for path in sorted(ADS.iterdir()):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
