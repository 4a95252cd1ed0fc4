"""Draw docs/images/imposition-8-pages.png: an 8-page section imposed for saddle stitching.

    .venv/bin/python tools/make_imposition_figure.py

Makes an 8-page PDF whose pages show only their number, imposes it with `pressroom impose
--scheme saddle`, and renders the four sheet sides (two sheets, front and back) side by side
with pypdfium2. Deterministic.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pypdfium2
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pressroom.impose import impose  # noqa: E402
from pressroom.render import Renderer, Resources  # noqa: E402

PAGES = """<html><body><style>
@font-face { font-family: Spartan; src: url("pressroom://fonts/LeagueSpartan-Black.otf"); }
@page { size: 100mm 150mm; bleed: 3mm; margin: 0 }
body { margin: 0; font-family: Spartan; }
.page { height: 150mm; break-after: page; box-sizing: border-box; padding-top: 48mm; text-align: center;
        font-size: 110pt; line-height: 1; color: device-cmyk(0 0 0 0.8); background: device-cmyk(0.08 0.02 0 0) }
.page:last-child { break-after: auto }
</style>%s</body></html>"""


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        renderer = Renderer("", ROOT / "fonts", Resources(issue=folder, fonts=ROOT / "fonts"))
        html = PAGES % "".join(f'<div class="page">{number}</div>' for number in range(1, 9))
        renderer.write_pdf([renderer.render_group(SimpleNamespace(first_page=1), html)], folder / "eight.pdf")
        impose(folder / "eight.pdf", folder / "imposed.pdf", scheme_name="saddle", project_root=ROOT,
               title="8-page section")
        document = pypdfium2.PdfDocument(folder / "imposed.pdf")
        sides = [document[index].render(scale=0.75).to_pil() for index in range(len(document))]
    label_font = ImageFont.truetype(str(ROOT / "fonts" / "Lato-Bold.ttf"), 22)
    labels = ["sheet 1 front", "sheet 1 back", "sheet 2 front", "sheet 2 back"]
    width, height = sides[0].size
    figure = Image.new("RGB", (2 * width + 30, 2 * (height + 40) + 10), "white")
    draw = ImageDraw.Draw(figure)
    for index, (side, label) in enumerate(zip(sides, labels)):
        x, y = (index % 2) * (width + 30), (index // 2) * (height + 40)
        draw.text((x + 4, y + 6), label, font=label_font, fill=(40, 40, 40))
        figure.paste(side, (x, y + 36))
        draw.rectangle([x, y + 36, x + width - 1, y + 36 + height - 1], outline=(170, 170, 170))
    target = ROOT / "docs" / "images" / "imposition-8-pages.png"
    figure.save(target, optimize=True)
    print(target.relative_to(ROOT), figure.size)


if __name__ == "__main__":
    main()
