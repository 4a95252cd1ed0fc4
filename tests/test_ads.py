"""Ads: booked in the manifest, checked, fitted around, placed at their exact size, and read
back from real PDFs."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from pressroom.ads import assess_bookings, slot_rectangle
from pressroom.build import build_issue, copyfit, load_issue
from pressroom.cli import main
from pressroom.colour import OutputProfile
from pressroom.layout import load_layout
from pressroom.manifest import read_manifest
from pressroom.render import PdfXSettings, Renderer, Resources

from conftest import ROOT, ad_placements as placements

PT_PER_MM = 72 / 25.4
PROFILE = ROOT / "profiles" / "icc" / "Pressroom-Newsprint-TR002-TAC240.icc"
AD_HTML = """<html><body><style>
@font-face {{ font-family: Lato; src: url("pressroom://fonts/Lato-Black.ttf"); }}
@page {{ size: {width}mm {height}mm; margin: 0; bleed: {bleed}mm }}
html {{ font-family: Lato; font-size: 20pt; color: device-cmyk(0 0 0 1) }}
body {{ margin: 0 }}
div {{ height: {height}mm; box-sizing: border-box; border: 2mm solid device-cmyk(0 1 1 0); padding: 5mm }}
</style><div>{text}</div></body></html>"""


def make_ad(path: Path, width: float, height: float, text: str = "Acme Hardware, Old Quay",
            bleed: float = 0, pdfx: bool = True) -> Path:
    """A supplied ad as an advertiser would send it: one page, PDF/X-4 unless told otherwise."""
    path.parent.mkdir(exist_ok=True)
    renderer = Renderer("", ROOT / "fonts", Resources(issue=path.parent, fonts=ROOT / "fonts"))
    html = AD_HTML.format(width=width, height=height, bleed=bleed, text=text)
    rendered = renderer.render_group(SimpleNamespace(first_page=1), html)
    settings = PdfXSettings("pdf/x-4", OutputProfile.load(PROFILE, 240), "CGATS TR 002", "Newsprint",
                            "http://www.color.org", "Ad", "2026-11-01T00:00:00+00:00",
                            "00000000-0000-4000-8000-0000000000ad") if pdfx else None
    renderer.write_pdf([rendered], path, settings)
    return path


def book(issue: Path, *bookings: str) -> None:
    text = (issue / "issue.yaml").read_text(encoding="utf-8")
    (issue / "issue.yaml").write_text(text + "ads:\n" + "".join(f"  - {item}\n" for item in bookings),
                                      encoding="utf-8")


def assess(issue: Path):
    manifest, document = read_manifest(issue)
    config = load_layout(ROOT, manifest.layout).config
    return assess_bookings(manifest, document, config, issue)


def test_slot_geometry_follows_the_grid_and_margins(tmp_path):
    config = load_layout(ROOT, "tabloid").config
    half = config.ad_sizes["half-horizontal"]
    assert slot_rectangle(config, half, "bottom", 3) == (13, 430 - 14 - 193, 254, 193)
    assert slot_rectangle(config, config.ad_sizes["full"], "page", 6) == (0, 0, 280, 430)


def test_pdf_ad_lands_in_its_slot_as_vector_with_its_fonts(mini_issue, tmp_path):
    make_ad(mini_issue / "ads" / "acme.pdf", 254, 62)
    book(mini_issue, "{page: 4, size: strip, position: bottom, advertiser: Acme Hardware, file: ads/acme.pdf}")
    result = build_issue(mini_issue, tmp_path / "out")
    assert result.ok, result.failures
    placed, = placements(result.pdf_path, 4)
    x, y, w, h = placed["clip_mm"]
    assert (x, y, w, h) == pytest.approx((13, 430 - 14 - 62, 254, 62), abs=0.5)
    # The ad's own trim, moved by the translation, sits on the slot.
    assert placed["offset_pt"][0] / PT_PER_MM == pytest.approx(13, abs=0.5)
    assert placed["offset_pt"][1] / PT_PER_MM == pytest.approx(14, abs=0.5)
    form = placed["form"]
    assert form["/Subtype"] == "/Form"
    resources = form["/Resources"]
    assert "/Font" in resources  # text, not a picture of text
    assert not [item for item in resources.get("/XObject", {}).values()
                if item.get_object()["/Subtype"] == "/Image"]
    font = list(resources["/Font"].values())[0].get_object()
    assert font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object().get("/FontFile2")
    assert "Acme Hardware" in PdfReader(result.pdf_path).pages[3].extract_text()
    assert result.record["ads"][0]["status"] == "placed"
    assert result.record["preflight"]["passed"]


def test_copyfit_sees_the_space_an_ad_takes_and_says_so(mini_issue):
    before = {fit.slug: fit for fit in copyfit(load_issue(mini_issue))}
    make_ad(mini_issue / "ads" / "acme.pdf", 254, 62)
    book(mini_issue, "{page: 3, size: strip, position: bottom, advertiser: Acme, file: ads/acme.pdf}")
    after = {fit.slug: fit for fit in copyfit(load_issue(mini_issue))}
    assert before["three"].status == "UNDER" and after["three"].status == "OVER"
    assert after["three"].lines < before["three"].lines
    assert after["three"].ads == ["p3 strip (62 mm)"] and before["three"].ads == []
    assert after["one"].ads == []
    result = CliRunner().invoke(main, ["fit", str(mini_issue)])
    assert result.exit_code == 1
    assert "ad space: p3 strip (62 mm)" in next(line for line in result.output.splitlines()
                                                 if line.startswith("three"))


@pytest.mark.parametrize("booking, make, expected", [
    ("{page: 4, size: strip, position: bottom, advertiser: Acme, file: ads/acme.pdf}",
     lambda issue: make_ad(issue / "ads" / "acme.pdf", 250, 170),
     "ad 1 (Acme, page 4, strip): ads/acme.pdf is 250 x 170 mm; a strip is 254 x 62 mm"),
    ("{page: 4, size: strip, position: bottom, advertiser: Acme, file: ads/acme.pdf}",
     lambda issue: None,
     "ad 1 (Acme, page 4, strip): ads/acme.pdf does not exist"),
    ("{page: 4, size: stripe, position: bottom, advertiser: Acme, file: ads/acme.pdf}",
     lambda issue: make_ad(issue / "ads" / "acme.pdf", 254, 62),
     "the layout has no ad size 'stripe'"),
    ("{page: 4, size: strip, position: bottom-left, advertiser: Acme, file: ads/acme.pdf}",
     lambda issue: make_ad(issue / "ads" / "acme.pdf", 254, 62),
     "a strip cannot sit at 'bottom-left'"),
    ("{page: 4, size: strip, position: bottom, advertiser: Acme, file: ads/acme.pdf}",
     lambda issue: make_ad(issue / "ads" / "acme.pdf", 254, 62, pdfx=False),
     "ads/acme.pdf fails preflight: error   document: not a PDF/X file"),
])
def test_bad_bookings_are_bad_input_and_write_nothing(mini_issue, tmp_path, booking, make, expected):
    make(mini_issue)
    book(mini_issue, booking)
    result = CliRunner().invoke(main, ["build", str(mini_issue), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert expected in result.output and "issue.yaml:" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_overlapping_bookings_name_both(mini_issue):
    make_ad(mini_issue / "ads" / "a.pdf", 254, 62)
    make_ad(mini_issue / "ads" / "b.pdf", 254, 193)
    book(mini_issue, "{page: 2, size: strip, position: bottom, advertiser: Acme, file: ads/a.pdf}",
         "{page: 2, size: half-horizontal, position: bottom, advertiser: Bee, file: ads/b.pdf}")
    statuses = assess(mini_issue)
    assert [status.status for status in statuses] == ["ready", "overlap"]
    problem = statuses[1].problems[0]
    assert "ad 2 (Bee, page 2, half-horizontal): overlaps ad 1 (Acme, page 2, strip)" in problem.message
    assert problem.line == (mini_issue / "issue.yaml").read_text().splitlines().index(
        "  - {page: 2, size: half-horizontal, position: bottom, advertiser: Bee, file: ads/b.pdf}") + 1
    result = CliRunner().invoke(main, ["build", str(mini_issue), "--out", str(mini_issue / "out")])
    assert result.exit_code == 2 and "overlaps ad 1 (Acme, page 2, strip)" in result.output
    assert not (mini_issue / "out").exists()


def test_a_multi_page_or_broken_ad_pdf_is_refused(mini_issue):
    (mini_issue / "ads").mkdir()
    make_ad(mini_issue / "ads" / "two.pdf", 254, 62, text="<p style='break-after: page'>one</p>two")
    (mini_issue / "ads" / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    book(mini_issue, "{page: 4, size: strip, position: bottom, advertiser: Two, file: ads/two.pdf}",
         "{page: 2, size: strip, position: bottom, advertiser: Broken, file: ads/broken.pdf}")
    two, broken = assess(mini_issue)
    assert two.status == "unreadable" and "two.pdf has 2 pages; an ad is a single page" in two.problems[0].message
    assert broken.status == "unreadable" and "broken.pdf is not a readable PDF" in broken.problems[0].message


def test_half_page_ad_leaves_the_stories_the_upper_half(mini_issue):
    before = {fit.slug: fit for fit in copyfit(load_issue(mini_issue))}
    make_ad(mini_issue / "ads" / "half.pdf", 254, 193)
    book(mini_issue, "{page: 2, size: half-horizontal, position: bottom, advertiser: Acme, file: ads/half.pdf}")
    issue = load_issue(mini_issue)
    after = {fit.slug: fit for fit in copyfit(issue)}
    for slug in ("one", "two"):
        assert after[slug].ads == ["p2 half-horizontal (193 mm)"]
    # The stories' column lines on page 2 lost about half a page: 193 mm + gutter of 5 columns.
    lost = sum(before[slug].lines + before[slug].lines_under - after[slug].lines - after[slug].lines_under
               for slug in ("one", "two"))
    expected = (193 + 4.5) / (11.6 / 72 * 25.4) * 5
    assert lost == pytest.approx(expected, rel=0.1)


def test_picture_ad_and_house_slot_are_drawn_by_the_layout(mini_issue, tmp_path):
    (mini_issue / "ads").mkdir()
    Image.new("RGB", (3000, 732), (30, 120, 60)).save(mini_issue / "ads" / "garden.jpg", quality=90)
    book(mini_issue, "{page: 4, size: strip, position: bottom, advertiser: Garden, file: ads/garden.jpg}",
         "{page: 2, size: strip, position: bottom, house: true}")
    result = build_issue(mini_issue, tmp_path / "out")
    assert result.ok, result.failures
    garden, = placements(result.pdf_path, 4)
    image = list(garden["form"]["/Resources"]["/XObject"].values())[0].get_object()
    assert image["/Subtype"] == "/Image" and image["/ColorSpace"] == "/DeviceCMYK"
    assert (image["/Width"], image["/Height"]) == (3000, 732)
    assert garden["clip_mm"] == pytest.approx((13, 354, 254, 62), abs=0.5)
    house, = placements(result.pdf_path, 2)
    assert "Nobody owns The Test Ledger but its readers" in PdfReader(result.pdf_path).pages[1].extract_text()
    assert house["clip_mm"] == pytest.approx((13, 354, 254, 62), abs=0.5)


def test_a_low_resolution_picture_ad_is_refused_for_its_advertiser(mini_issue):
    (mini_issue / "ads").mkdir()
    Image.new("RGB", (1000, 244), "white").save(mini_issue / "ads" / "garden.jpg")  # 100 ppi
    book(mini_issue, "{page: 4, size: strip, position: bottom, advertiser: Garden, file: ads/garden.jpg}")
    manifest, document = read_manifest(mini_issue)
    from pressroom.preflight import load_profile
    status, = assess_bookings(manifest, document, load_layout(ROOT, manifest.layout).config, mini_issue,
                              load_profile("newspaper-ad", ROOT))
    assert status.status == "preflight error"
    assert "ads/garden.jpg is 100 ppi at 254 mm wide; at least 150 ppi is needed" in status.problems[0].message


def test_a_picture_ad_of_the_wrong_shape_is_refused(mini_issue):
    (mini_issue / "ads").mkdir()
    Image.new("RGB", (3000, 1500), "white").save(mini_issue / "ads" / "garden.jpg")
    book(mini_issue, "{page: 4, size: strip, position: bottom, advertiser: Garden, file: ads/garden.jpg}")
    status, = assess(mini_issue)
    assert status.status == "wrong size"
    assert "ads/garden.jpg is a picture 127 mm deep at 254 mm wide; a strip is 254 x 62 mm" in \
        status.problems[0].message


FULL_PAGE_PLAN = """\
  - name: News
    page_type: news
    pages: 2-3
    articles:
      - {slug: one, pages: 2}
      - {slug: two, pages: 2}
      - {slug: three, pages: 2}
"""


def test_full_page_ad_takes_a_page_of_its_own_with_its_bleed(mini_issue, tmp_path):
    text = (mini_issue / "issue.yaml").read_text(encoding="utf-8")
    start = text.index("  - name: News")
    end = text.index("  - name: Back page")
    (mini_issue / "issue.yaml").write_text(text[:start] + FULL_PAGE_PLAN + text[end:], encoding="utf-8")
    from conftest import paragraphs, write_article
    for slug in ("one", "two", "three"):
        write_article(mini_issue, slug, paragraphs(3, seed=len(slug)))
    make_ad(mini_issue / "ads" / "full.pdf", 280, 430, text="Whole page", bleed=3)
    book(mini_issue, "{page: 3, size: full, position: page, advertiser: Acme, file: ads/full.pdf}")
    result = build_issue(mini_issue, tmp_path / "out", allow_overset=True)
    assert not [failure for failure in result.failures if failure.check == "preflight"]
    placed, = placements(result.pdf_path, 3)
    # Clipped to the page's bleed all round: the ad's bleed carries into the page's.
    assert placed["clip_mm"] == pytest.approx((-3, -3, 286, 436), abs=0.05)
    text = PdfReader(result.pdf_path).pages[2].extract_text()
    assert "Whole page" in text and "The Test Ledger" not in text  # no running head under it


def test_full_page_booking_on_a_page_with_stories_is_refused(mini_issue):
    make_ad(mini_issue / "ads" / "full.pdf", 280, 430)
    book(mini_issue, "{page: 3, size: full, position: page, advertiser: Acme, file: ads/full.pdf}")
    result = CliRunner().invoke(main, ["build", str(mini_issue)])
    assert result.exit_code == 2
    assert "page 3 is booked for a full-page ad but also has stories or fillers" in result.output


def test_ads_report_lists_every_booking_with_its_status(mini_issue, tmp_path):
    make_ad(mini_issue / "ads" / "acme.pdf", 254, 62)
    make_ad(mini_issue / "ads" / "small.pdf", 200, 62)
    book(mini_issue, "{page: 4, size: strip, position: bottom, advertiser: Acme, file: ads/acme.pdf}",
         "{page: 2, size: strip, position: bottom, advertiser: Small Co, file: ads/small.pdf}",
         "{page: 3, size: strip, position: bottom, advertiser: Gone Ltd, file: ads/gone.pdf}")
    result = CliRunner().invoke(main, ["ads", str(mini_issue), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [(ad["advertiser"], ad["status"]) for ad in report] == [
        ("Acme", "ready"), ("Small Co", "wrong size"), ("Gone Ltd", "missing file")]
    assert report[0]["slot_mm"] == {"x": 13.0, "y": 354.0, "width": 254.0, "height": 62.0}
    text = CliRunner().invoke(main, ["ads", str(mini_issue)])
    assert "Small Co" in text.output and "wrong size" in text.output
    assert "ads/small.pdf is 200 x 62 mm; a strip is 254 x 62 mm" in text.output
