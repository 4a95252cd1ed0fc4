"""Imposition on real PDFs: sheet order read back with poppler's text positions (not our
code), verification catching a swapped page, padding, creep, nup, marks outside the bleed."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pypdfium2
import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from pressroom.cli import main
from pressroom.impose import impose, verify
from pressroom.pdfpages import PT_PER_MM, read_placements
from pressroom.render import Renderer, Resources

from conftest import ROOT

PAGES_HTML = """<html><body><style>
@font-face {{ font-family: Lato; src: url("pressroom://fonts/Lato-Black.ttf"); }}
@page {{ size: 100mm 150mm; bleed: 3mm; margin: 0 }}
html {{ font-family: Lato; color: device-cmyk(0 0 0 1) }}
body {{ margin: 0 }}
.page {{ height: 150mm; break-after: page; padding-top: 60mm; box-sizing: border-box; text-align: center;
         font-size: 20pt }}
.page:last-child {{ break-after: auto }}
.colour {{ color: device-cmyk(0 1 1 0) }}
</style>{pages}</body></html>"""


def make_issue_pdf(folder: Path, count: int, colour: tuple[int, ...] = ()) -> Path:
    """``count`` pages of 100 x 150 mm with 3 mm bleed, each saying PAGE-NN in its middle."""
    renderer = Renderer("", ROOT / "fonts", Resources(issue=folder, fonts=ROOT / "fonts"))
    pages = "".join(f'<div class="page{" colour" if number in colour else ""}">PAGE-{number:02d}</div>'
                    for number in range(1, count + 1))
    rendered = renderer.render_group(SimpleNamespace(first_page=1), PAGES_HTML.format(pages=pages))
    path = folder / f"pages-{count}.pdf"
    renderer.write_pdf([rendered], path)
    return path


def halves(pdf: Path) -> list[tuple[int | None, int | None]]:
    """For each page of ``pdf``, the PAGE-NN numbers on its left and right halves, read
    from poppler's word positions."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    result = []
    for match in re.finditer(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', html, flags=re.S):
        width = float(match.group(1))
        left = right = None
        for x, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>PAGE-(\d+)</word>', match.group(2)):
            if float(x) < width / 2:
                left = int(word)
            else:
                right = int(word)
        result.append((left, right))
    return result


def saddle_order(count: int) -> list[tuple[int, int]]:
    """Printer spreads of one saddle-stitched section, written out plainly."""
    order = []
    for sheet in range(count // 4):
        order.append((count - 2 * sheet, 1 + 2 * sheet))      # front
        order.append((2 + 2 * sheet, count - 1 - 2 * sheet))  # back
    return order


@pytest.mark.parametrize("count", [4, 8, 16, 24, 48])
def test_saddle_sheets_follow_the_saddle_order_read_back_by_poppler(tmp_path, count):
    original = make_issue_pdf(tmp_path, count)
    imposed = tmp_path / "imposed.pdf"
    result = impose(original, imposed, scheme_name="saddle", project_root=ROOT)
    assert len(result.sides) == count // 2
    assert halves(imposed) == saddle_order(count)
    assert all(left + right == count + 1 for left, right in halves(imposed))
    check = verify(imposed, original)
    assert check.passed, check.problems


def test_24_pages_start_24_1_then_2_23_then_22_3(tmp_path):
    original = make_issue_pdf(tmp_path, 24)
    impose(original, tmp_path / "imposed.pdf", scheme_name="saddle", project_root=ROOT)
    assert halves(tmp_path / "imposed.pdf")[:3] == [(24, 1), (2, 23), (22, 3)]


def test_two_swapped_pages_fail_verification_naming_sheet_and_position(tmp_path):
    original = make_issue_pdf(tmp_path, 24)
    imposed = tmp_path / "imposed.pdf"
    impose(original, imposed, scheme_name="saddle", project_root=ROOT)
    writer = PdfWriter(clone_from=imposed)
    sheet_side = writer.pages[3]  # sheet 2 back: pages 4 | 21
    xobjects = sheet_side["/Resources"]["/XObject"]
    four, twenty_one = xobjects.raw_get("/PressroomPage4"), xobjects.raw_get("/PressroomPage21")
    xobjects[NameObject("/PressroomPage4")], xobjects[NameObject("/PressroomPage21")] = twenty_one, four
    swapped = tmp_path / "swapped.pdf"
    writer.write(swapped)
    assert halves(swapped)[3] == (21, 4)
    check = verify(swapped, original)
    assert not check.passed
    assert check.problems[0] == "sheet 2 back, left: expected page 4, found page 21"
    assert "sheet 2 back, right: expected page 21, found page 4" in check.problems
    result = CliRunner().invoke(main, ["impose", "--verify", str(swapped), str(original)])
    assert result.exit_code == 1
    assert "verify: sheet 2 back, left: expected page 4, found page 21" in result.output


def test_page_count_not_a_multiple_of_four_needs_pad(tmp_path):
    original = make_issue_pdf(tmp_path, 6)
    result = CliRunner().invoke(main, ["impose", str(original), "-o", str(tmp_path / "out.pdf")])
    assert result.exit_code == 2
    assert "needs a multiple of 4 pages; the PDF has 6" in result.output and "--pad" in result.output
    assert not (tmp_path / "out.pdf").exists()
    result = CliRunner().invoke(main, ["impose", str(original), "-o", str(tmp_path / "out.pdf"), "--pad"])
    assert result.exit_code == 0, result.output
    assert "padded with 2 blank page(s): pages 7-8" in result.output
    assert halves(tmp_path / "out.pdf") == [(None, 1), (2, None), (6, 3), (4, 5)]


def test_reader_spreads_and_nup(tmp_path):
    original = make_issue_pdf(tmp_path, 8)
    impose(original, tmp_path / "spreads.pdf", scheme_name="spreads", project_root=ROOT)
    assert halves(tmp_path / "spreads.pdf") == [(None, 1), (2, 3), (4, 5), (6, 7), (8, None)]
    assert verify(tmp_path / "spreads.pdf", original).passed
    impose(original, tmp_path / "two.pdf", scheme_name="nup", up=2, project_root=ROOT)
    assert halves(tmp_path / "two.pdf") == [(1, 2), (3, 4), (5, 6), (7, 8)]
    impose(original, tmp_path / "four.pdf", scheme_name="nup", up=4, project_root=ROOT)
    reader = PdfReader(tmp_path / "four.pdf")
    assert len(reader.pages) == 2 and verify(tmp_path / "four.pdf", original).passed
    impose(original, tmp_path / "repeat.pdf", scheme_name="nup", up=4, order="repeat", project_root=ROOT)
    repeat = PdfReader(tmp_path / "repeat.pdf")
    assert len(repeat.pages) == 8
    assert [p.name for p in read_placements(repeat.pages[2])] == ["/PressroomPage3"] * 4
    assert verify(tmp_path / "repeat.pdf", original).passed


def test_creep_moves_inner_sheets_towards_the_spine(tmp_path):
    original = make_issue_pdf(tmp_path, 16)
    result = impose(original, tmp_path / "creep.pdf", scheme_name="saddle", creep_mm=0.5, project_root=ROOT)
    reader = PdfReader(tmp_path / "creep.pdf")
    spine = result.geometry.sheet[0] / 2 * PT_PER_MM
    trim_w = result.geometry.trim[0] * PT_PER_MM
    for index, page in enumerate(reader.pages):
        left, right = read_placements(page)
        shift = 0.5 * (index // 2)  # sheet 1 none, sheet 4 1.5 mm
        # Content moves towards the spine; the clip stays at the spine.
        assert (left.matrix[4] + trim_w - spine) / PT_PER_MM == pytest.approx(shift, abs=0.01)
        assert (spine - right.matrix[4]) / PT_PER_MM == pytest.approx(shift, abs=0.01)
        assert left.clip[2] == pytest.approx(spine, abs=0.01) and right.clip[0] == pytest.approx(spine, abs=0.01)
    assert verify(tmp_path / "creep.pdf", original).passed


def test_pages_stay_vector_with_their_fonts_and_marks_sit_outside_the_bleed(tmp_path):
    original = make_issue_pdf(tmp_path, 8)
    imposed = tmp_path / "imposed.pdf"
    result = impose(original, imposed, scheme_name="nup", up=2, project_root=ROOT)
    fonts = subprocess.run(["pdffonts", str(imposed)], capture_output=True, text=True, check=True).stdout
    assert "Lato" in fonts and all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])
    images = subprocess.run(["pdfimages", "-list", str(imposed)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert images == []  # nothing was rasterised
    # Render the first sheet: inside each page's bleed box, ink may only be the page's own
    # PAGE-NN text in its middle band; marks must all fall outside.
    scale = 4
    bitmap = pypdfium2.PdfDocument(imposed)[0].render(scale=scale).to_pil().convert("L")
    sheet_h = result.geometry.sheet[1] * PT_PER_MM
    bleed = result.geometry.bleed * PT_PER_MM
    dark_in_bleed_band = 0
    for placement in read_placements(PdfReader(imposed).pages[0]):
        x0, y0, x1, y1 = placement.clip  # trim + bleed, PDF points
        assert (x1 - x0) == pytest.approx((100 + 6) * PT_PER_MM, abs=0.01)
        top, bottom = (sheet_h - y1) * scale, (sheet_h - y0) * scale
        text_top, text_bottom = top + (bleed + 55 * PT_PER_MM) * scale, top + (bleed + 75 * PT_PER_MM) * scale
        for y in range(int(top), int(bottom), 2):
            if text_top <= y <= text_bottom:
                continue
            for x in range(int(x0 * scale), int(x1 * scale), 2):
                dark_in_bleed_band += bitmap.getpixel((x, y)) < 128
    assert dark_in_bleed_band == 0
    # ...and the marks are there, just outside: some ink in the strip above the first page.
    x0, _, x1, y1 = read_placements(PdfReader(imposed).pages[0])[0].clip
    above = bitmap.crop((int(x0 * scale), int((sheet_h - y1 - 12 * PT_PER_MM) * scale),
                         int(x1 * scale), int((sheet_h - y1) * scale)))
    assert above.getextrema()[0] < 128


def test_colour_pairing_reports_which_pages_share_a_sheet_side(tmp_path):
    original = make_issue_pdf(tmp_path, 8, colour=(1, 4))
    result = CliRunner().invoke(main, ["impose", str(original), "-o", str(tmp_path / "out.pdf"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["verified"] and report["colour_pages"] == [1, 4]
    assert report["sides"] == [
        {"side": "sheet 1 front", "pages": [8, 1], "colour": [1]},
        {"side": "sheet 1 back", "pages": [2, 7], "colour": []},
        {"side": "sheet 2 front", "pages": [6, 3], "colour": []},
        {"side": "sheet 2 back", "pages": [4, 5], "colour": [4]},
    ]


def test_a_sheet_too_small_is_refused_and_a_named_sheet_centres_the_work(tmp_path):
    original = make_issue_pdf(tmp_path, 4)
    result = CliRunner().invoke(main, ["impose", str(original), "--sheet", "A4", "-o", str(tmp_path / "o.pdf")])
    assert result.exit_code == 2
    result = CliRunner().invoke(main, ["impose", str(original), "--sheet", "200x100", "-o", str(tmp_path / "o.pdf")])
    assert result.exit_code == 2 and "is too small" in result.output
    imposition = impose(original, tmp_path / "a3.pdf", scheme_name="saddle", sheet="A3", project_root=ROOT)
    assert imposition.geometry.sheet == (420, 297)  # turned to landscape to fit
    page = PdfReader(tmp_path / "a3.pdf").pages[0]
    trim = page.trimbox
    assert float(page.mediabox.width) / PT_PER_MM == pytest.approx(420, abs=0.01)
    assert (float(trim.left) + float(trim.right)) / 2 == pytest.approx(float(page.mediabox.width) / 2, abs=0.01)
    assert float(trim.width) / PT_PER_MM == pytest.approx(200, abs=0.01)


def test_verify_refuses_a_file_it_did_not_impose(tmp_path):
    original = make_issue_pdf(tmp_path, 4)
    result = CliRunner().invoke(main, ["impose", "--verify", str(original), str(original)])
    assert result.exit_code == 2 and "was not imposed by Pressroom" in result.output
