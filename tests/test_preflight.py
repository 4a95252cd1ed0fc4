"""Preflight: real PDFs made by WeasyPrint (and broken with pypdf where WeasyPrint cannot
break them), each caught by the check it belongs to; a clean one passes."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, NameObject,
                           NumberObject)

from pressroom.cache import read_entry, write_entry
from pressroom.cli import main
from pressroom.colour import OutputProfile
from pressroom.errors import InputError
from pressroom.preflight import load_profile, preflight
from pressroom.render import PdfXSettings, Renderer, Resources

from conftest import ROOT

PROFILE = ROOT / "profiles" / "icc" / "Pressroom-Newsprint-TR002-TAC240.icc"
NEWSPAPER = load_profile("newspaper", ROOT)

STYLE = """
@font-face {{ font-family: Lato; src: url("pressroom://fonts/Lato-Regular.ttf"); }}
@page {{ size: 100mm 150mm; bleed: 3mm; margin: 10mm }}
@page small {{ size: 90mm 140mm; bleed: 3mm }}
html {{ font-family: Lato; font-size: 10pt; color: device-cmyk(0 0 0 1) }}
img {{ display: block }}
.break {{ break-before: page }}
{extra}
"""
FOUR_PAGES = "<p>One</p><p class=break>Two</p><p class=break>Three</p><p class=break>Four</p>"


def make_pdf(folder: Path, body: str = FOUR_PAGES, extra_css: str = "",
             variant: str | None = "pdf/x-4", name: str = "test.pdf") -> Path:
    """A PDF rendered by Pressroom's own renderer (fonts from fonts/, PDF/X finishing)."""
    renderer = Renderer(STYLE.format(extra=extra_css), ROOT / "fonts",
                        Resources(issue=folder, fonts=ROOT / "fonts"))
    rendered = renderer.render_group(SimpleNamespace(first_page=1), f"<html><body>{body}</body></html>")
    settings = None
    if variant:
        settings = PdfXSettings(variant, OutputProfile.load(PROFILE, 240), "CGATS TR 002",
                                "Newsprint", "http://www.color.org", "Test", "2026-12-01T00:00:00+00:00",
                                "00000000-0000-4000-8000-000000000000")
    target = folder / name
    renderer.write_pdf([rendered], target, settings)
    return target


def cmyk_picture(folder: Path, name: str, size: tuple[int, int], cmyk=(40, 20, 10, 30)) -> str:
    Image.new("CMYK", size, cmyk).save(folder / name, quality=90)
    return f"pressroom://issue/{name}"


def rgb_picture(folder: Path, name: str, size: tuple[int, int]) -> str:
    Image.new("RGB", size, (200, 60, 40)).save(folder / name)
    return f"pressroom://issue/{name}"


def edit(path: Path, change) -> Path:
    """Rewrite ``path`` after ``change(writer)`` has broken something."""
    writer = PdfWriter(clone_from=path)
    change(writer)
    broken = path.with_name("broken-" + path.name)
    writer.write(broken)
    return broken


def findings(path: Path, profile=NEWSPAPER):
    report = preflight(path, profile)
    return report, [(item.severity, item.check, item.page) for item in report.findings]


def test_a_clean_pdfx4_file_passes(tmp_path):
    picture = cmyk_picture(tmp_path, "photo.jpg", (945, 630))  # 80 mm wide: 300 ppi
    path = make_pdf(tmp_path, f'<img src="{picture}" style="width: 80mm">' + FOUR_PAGES)
    report, found = findings(path)
    assert found == [], [str(item) for item in report.findings]
    assert report.passed and report.pdfx_version == "PDF/X-4" and report.pages == 4


def test_rgb_image_is_an_error_naming_page_and_image(tmp_path):
    picture = rgb_picture(tmp_path, "photo.png", (945, 630))
    path = make_pdf(tmp_path, FOUR_PAGES.replace("Three", f'<img src="{picture}" style="width: 80mm">'))
    report, found = findings(path)
    assert ("error", "colour", 3) in found
    message = next(item for item in report.errors if item.check == "colour")
    assert "RGB colour is not allowed" in message.message and "image" in message.object
    assert "945 x 630 px, DeviceRGB" in message.object


def test_rgb_text_colour_is_an_error(tmp_path):
    path = make_pdf(tmp_path, extra_css="p { color: rgb(0, 0, 255) }")
    report, found = findings(path)
    assert [page for severity, check, page in found if check == "colour"] == [1, 2, 3, 4]
    assert "DeviceRGB" in report.errors[0].object


def test_unembedded_font_is_an_error(tmp_path):
    path = make_pdf(tmp_path)

    def add_helvetica(writer):
        page = writer.pages[1]
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                 NameObject("/Subtype"): NameObject("/Type1"),
                                 NameObject("/BaseFont"): NameObject("/Helvetica")})
        page["/Resources"].get_object()["/Font"][NameObject("/F99")] = writer._add_object(font)
        text = DecodedStreamObject()
        text.set_data(b"BT /F99 12 Tf 20 20 Td (Helvetica) Tj ET")
        contents = page.get_contents()
        contents.set_data(contents.get_data() + b"\n" + text.get_data())
        page.replace_contents(contents)

    report, found = findings(edit(path, add_helvetica))
    assert ("error", "fonts", 2) in found
    error = next(item for item in report.errors if item.check == "fonts")
    assert error.object == "font Helvetica" and "not embedded" in error.message
    # The project's own fonts are embedded and subset: no finding about them.
    assert [item for item in report.findings if item.check == "fonts"] == [error]


def test_low_resolution_photo_is_an_error_with_its_effective_ppi(tmp_path):
    picture = cmyk_picture(tmp_path, "small.jpg", (227, 151))  # 80 mm wide: 72 ppi
    path = make_pdf(tmp_path, FOUR_PAGES.replace("Two", f'<img src="{picture}" style="width: 80mm">'))
    report, found = findings(path)
    assert ("error", "resolution", 2) in found
    error = report.errors[0]
    assert error.message.startswith("72 ppi effective") and "227 x 151 px" in error.object


def test_resolution_comes_from_the_placed_size_not_the_dpi_tag(tmp_path):
    # 600 px tagged 600 dpi but placed 80 mm wide is 190 ppi: a warning, not a pass.
    Image.new("CMYK", (600, 400), (0, 0, 0, 60)).save(tmp_path / "tagged.jpg", dpi=(600, 600))
    path = make_pdf(tmp_path, '<img src="pressroom://issue/tagged.jpg" style="width: 80mm">' + FOUR_PAGES)
    report, found = findings(path)
    assert found == [("warning", "resolution", 1)]
    assert report.passed and report.warnings[0].message.startswith("190 ppi effective")


def test_missing_trimbox_is_an_error(tmp_path):
    path = make_pdf(tmp_path)

    def drop_trim(writer):
        del writer.pages[2][NameObject("/TrimBox")]

    report, found = findings(edit(path, drop_trim))
    assert found == [("error", "trim-box", 3)]
    assert "no TrimBox" in report.errors[0].message


def test_mixed_page_sizes_are_an_error(tmp_path):
    path = make_pdf(tmp_path, FOUR_PAGES.replace("<p class=break>Four</p>",
                                                 '<p class=break style="page: small">Four</p>'))
    report, found = findings(path)
    assert ("error", "page-size", 4) in found
    error = next(item for item in report.errors if item.check == "page-size")
    assert "90.0 x 140.0 mm" in error.message and "100.0 x 150.0 mm" in error.message


def test_missing_output_intent_is_an_error(tmp_path):
    path = make_pdf(tmp_path)

    def drop_intent(writer):
        del writer._root_object[NameObject("/OutputIntents")]

    report, found = findings(edit(path, drop_intent))
    assert found == [("error", "output-intent", None)]
    assert "no PDF/X OutputIntent" in report.errors[0].message


def test_a_pdfx_file_without_an_id_is_an_error(tmp_path):
    path = make_pdf(tmp_path)

    def drop_id(writer):
        writer._ID = None

    report, found = findings(edit(path, drop_id))
    assert found == [("error", "pdfx-version", None)]
    assert "no /ID in its trailer" in report.errors[0].message


def test_a_plain_pdf_is_not_pdfx(tmp_path):
    report, found = findings(make_pdf(tmp_path, variant=None))
    assert ("error", "pdfx-version", None) in found and ("error", "output-intent", None) in found


def test_ink_over_the_limit_is_an_error(tmp_path):
    picture = cmyk_picture(tmp_path, "heavy.jpg", (945, 630), cmyk=(255, 255, 255, 0))  # 300%
    path = make_pdf(tmp_path, f'<img src="{picture}" style="width: 80mm">' + FOUR_PAGES)
    report, found = findings(path)
    assert found == [("error", "total-ink", 1)]
    assert "total ink reaches 300%; the limit is 240%" in report.errors[0].message


def test_heavy_vector_colour_is_an_error(tmp_path):
    path = make_pdf(tmp_path, extra_css="p { color: device-cmyk(1 1 1 1) }")
    report, found = findings(path)
    assert ("error", "total-ink", 1) in found
    assert "totals 400% ink" in report.errors[0].message


def test_annotation_is_an_error(tmp_path):
    path = make_pdf(tmp_path, FOUR_PAGES.replace("Two", '<a href="https://example.org/">Two</a>'),
                    extra_css="a { color: inherit; text-decoration: none }")
    report, found = findings(path)
    assert found == [("error", "annotations", 2)]
    assert report.errors[0].object == "Link annotation"


def test_bleed_narrower_than_the_profile_wants_is_an_error(tmp_path):
    path = make_pdf(tmp_path)

    def shrink_bleed(writer):
        trim = writer.pages[0].trimbox
        box = ArrayObject([NumberObject(int(trim.left) - 2), NumberObject(int(trim.bottom) - 2),
                           NumberObject(int(trim.right) + 2), NumberObject(int(trim.top) + 2)])
        writer.pages[0][NameObject("/BleedBox")] = box

    report, found = findings(edit(path, shrink_bleed))
    assert found == [("error", "bleed", 1)]
    assert report.errors[0].message.startswith("bleed is 0.") and "wants 3 mm" in report.errors[0].message


def test_page_count_must_be_a_multiple_of_four(tmp_path):
    path = make_pdf(tmp_path, "<p>One</p><p class=break>Two</p><p class=break>Three</p>")
    report, found = findings(path)
    assert found == [("error", "page-count", None)]
    assert report.errors[0].message == "3 pages is not a multiple of 4"


def test_transparency_is_refused_in_pdfx1a_and_only_warned_in_pdfx4(tmp_path):
    body = FOUR_PAGES.replace("One", '<span style="opacity: 0.5">One</span>')
    report, found = findings(make_pdf(tmp_path, body, name="x4.pdf"))
    assert set(found) == {("warning", "transparency", 1)} and report.passed
    assert "group of objects (form XObject): is painted at 50% opacity" in [
        f"{item.object}: {item.message}" for item in report.warnings]
    report, found = findings(make_pdf(tmp_path, body, variant="pdf/x-1a", name="x1a.pdf"))
    assert report.pdfx_version == "PDF/X-1a:2003"
    assert set(found) == {("error", "transparency", 1)}
    assert "PDF/X-1a forbids transparency" in report.errors[0].message


def test_a_file_that_is_not_a_pdf_is_bad_input(tmp_path):
    (tmp_path / "ad.pdf").write_bytes(b"%PDF-1.4\nthis is not really a PDF")
    result = CliRunner().invoke(main, ["preflight", str(tmp_path / "ad.pdf")])
    assert result.exit_code == 2
    assert "is not a readable PDF" in result.output and "Traceback" not in result.output


def test_cli_exit_codes_and_json(tmp_path):
    clean = make_pdf(tmp_path, name="clean.pdf")
    result = CliRunner().invoke(main, ["preflight", str(clean)])
    assert result.exit_code == 0, result.output
    assert "preflight passed" in result.output
    small = cmyk_picture(tmp_path, "small.jpg", (227, 151))
    broken = make_pdf(tmp_path, f'<img src="{small}" style="width: 80mm">' + FOUR_PAGES, name="low.pdf")
    result = CliRunner().invoke(main, ["preflight", str(broken), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["errors"] == 1 and report["findings"][0]["check"] == "resolution"
    assert report["findings"][0]["page"] == 1


def test_magazine_profile_is_stricter_about_resolution(tmp_path):
    picture = cmyk_picture(tmp_path, "photo.jpg", (787, 525))  # 80 mm wide: 250 ppi
    path = make_pdf(tmp_path, f'<img src="{picture}" style="width: 80mm">' + FOUR_PAGES)
    assert findings(path)[1] == []
    assert findings(path, load_profile("magazine", ROOT))[1] == [("warning", "resolution", 1)]


def test_unknown_profile_names_the_known_ones(tmp_path):
    result = CliRunner().invoke(main, ["preflight", str(make_pdf(tmp_path)), "--profile", "newsprint"])
    assert result.exit_code == 2
    assert "known profiles: magazine, newspaper" in result.output


def test_a_profile_with_a_wrong_value_is_refused_with_its_line(tmp_path):
    text = (ROOT / "profiles" / "preflight" / "newspaper.yaml").read_text()
    broken = tmp_path / "profiles" / "preflight" / "broken.yaml"  # a project of its own
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace("max_ink_percent: 240", "max_ink_percent: lots"))
    with pytest.raises(InputError) as error:
        load_profile("broken", tmp_path)
    problem = error.value.problems[0]
    assert problem.file == broken.resolve() and "max_ink_percent" in problem.message
    assert problem.line == text.splitlines().index("max_ink_percent: 240") + 1


def test_small_text_in_rich_black_is_a_warning_but_black_text_is_not(tmp_path):
    rich = make_pdf(tmp_path, extra_css="p { color: device-cmyk(0.6 0.4 0.4 1); font-size: 9pt }",
                    name="rich.pdf")
    report = preflight(rich, NEWSPAPER)
    assert report.passed and {(item.check, item.page) for item in report.warnings} == {
        ("small-text", page) for page in (1, 2, 3, 4)}
    warning = report.warnings[0]
    assert warning.object == "text in CMYK 60 40 40 100"
    assert warning.message.startswith("text of 9.0 pt is printed in 4 inks")
    # Large type in the same colour is fine, and so is small type in black only.
    large = make_pdf(tmp_path, extra_css="p { color: device-cmyk(0.6 0.4 0.4 1); font-size: 14pt }",
                     name="large.pdf")
    assert preflight(large, NEWSPAPER).findings == []
    assert preflight(make_pdf(tmp_path, extra_css="p { font-size: 7pt }"), NEWSPAPER).findings == []


def test_picture_ink_is_remembered_by_the_pictures_content(tmp_path):
    memory = tmp_path / "picture-ink"
    picture = cmyk_picture(tmp_path, "heavy.jpg", (945, 630), cmyk=(255, 255, 255, 0))  # 300%
    path = make_pdf(tmp_path, f'<img src="{picture}" style="width: 80mm">' + FOUR_PAGES)
    first = preflight(path, NEWSPAPER, ink_memory=memory)
    remembered, = memory.iterdir()

    def figure() -> dict:
        return json.loads(read_entry(remembered, "ink", remembered.name, ["ink"])["ink"])

    assert figure() == {"ink": pytest.approx(300, abs=0.5)}
    assert [finding.message for finding in preflight(path, NEWSPAPER, ink_memory=memory).findings] == \
        [finding.message for finding in first.findings] == [finding.message for finding in preflight(path, NEWSPAPER).findings]

    # The memory is what the next run reads: a damaged entry is measured again, and an
    # undamaged figure found there is taken as it is (it is keyed by the picture's bytes).
    good = remembered.read_bytes()
    remembered.write_text("{not json")
    assert "total ink reaches 300%" in preflight(path, NEWSPAPER, ink_memory=memory).errors[0].message
    assert figure() == {"ink": pytest.approx(300, abs=0.5)}
    remembered.write_bytes(good.replace(b'{"ink"', b'{"INK"', 1))  # a flipped byte: measured again
    assert "total ink reaches 300%" in preflight(path, NEWSPAPER, ink_memory=memory).errors[0].message
    write_entry(remembered, "ink", remembered.name, {"ink": json.dumps({"ink": 250.0}).encode()})
    assert "total ink reaches 250%" in preflight(path, NEWSPAPER, ink_memory=memory).errors[0].message

    # Another picture (other bytes) is another entry, measured for itself.
    light = cmyk_picture(tmp_path, "light.jpg", (945, 630), cmyk=(40, 20, 10, 30))
    other = make_pdf(tmp_path, f'<img src="{light}" style="width: 80mm">' + FOUR_PAGES, name="other.pdf")
    assert preflight(other, NEWSPAPER, ink_memory=memory).errors == []
    assert len(list(memory.iterdir())) == 2
