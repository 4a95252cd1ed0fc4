"""Delivery to the printer: printer profiles, black-only positions, the centre spread, one
PDF/X file per page. Real builds, read back with pypdf, poppler (pdfinfo, pdffonts,
pdfimages, pdftotext) and Ghostscript (separations)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject,
                           NameObject, NumberObject)

from pressroom.cli import main
from pressroom.colour import OutputProfile
from pressroom.delivery import deliver_issue, split_pages
from pressroom.errors import InputError
from pressroom.mono import BlackInk, BlackOnlyConverter, NotConvertible
from pressroom.printers import load_printer, preflight_profile
from pressroom.preflight import preflight

from conftest import PT_PER_MM, ROOT, SAMPLE, make_mini_issue, strict_profile

NEWSPRINT = ROOT / "profiles" / "icc" / "Pressroom-Newsprint-TR002-TAC240.icc"


# -- helpers --------------------------------------------------------------------------

def printer_project(tmp_path: Path, **changes) -> tuple[Path, Path]:
    """A project whose profiles/printers/ holds one test printer (the Wexside profile with
    ``changes``), with the mini issue (4 pages, a colour picture on pages 1, 3 and 4)."""
    (tmp_path / "issues").mkdir()
    for name in ("layouts", "fonts"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "profiles").mkdir()
    for name in ("icc", "preflight"):
        (tmp_path / "profiles" / name).symlink_to(ROOT / "profiles" / name)
    (tmp_path / "profiles" / "printers").mkdir()
    profile = (ROOT / "profiles" / "printers" / "wexside-coldset.yaml").read_text()
    profile = profile.replace("name: wexside-coldset", "name: test-coldset")
    for key, value in changes.items():
        profile = re.sub(rf"^{key}:.*(\n[ ]+.*)*", f"{key}: {value}", profile, flags=re.M)
    (tmp_path / "profiles" / "printers" / "test-coldset.yaml").write_text(profile)
    issue = make_mini_issue(tmp_path)
    manifest = issue / "issue.yaml"
    manifest.write_text(manifest.read_text().replace("layout: tabloid\n",
                                                     "layout: tabloid\nprinter: test-coldset\n"))
    return tmp_path, issue


def separations(pdf: Path, tmp_path: Path) -> dict[str, np.ndarray]:
    """Ghostscript's separations of a one-page PDF: ink coverage 0..255 per plate."""
    out = tmp_path / f"{pdf.stem}-sep.tif"
    run = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=tiffsep", "-r24",
                          f"-sOutputFile={out}", str(pdf)], capture_output=True, text=True)
    assert run.returncode == 0 and not run.stdout.strip() and not run.stderr.strip(), run.stdout + run.stderr
    return {ink: 255 - np.asarray(Image.open(tmp_path / f"{pdf.stem}-sep({ink}).tif"), dtype=np.int16)
            for ink in ("Cyan", "Magenta", "Yellow", "Black")}


def poppler(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


# -- printer profiles -----------------------------------------------------------------

def test_the_two_example_printers_differ_where_printers_do():
    coldset, digital = load_printer("wexside-coldset", ROOT), load_printer("quire-digital", ROOT)
    assert (coldset.pdf_variant, digital.pdf_variant) == ("pdf/x-1a", "pdf/x-4")
    assert (coldset.delivery, digital.delivery) == ("per-page", "single")
    assert (coldset.centre_spread, digital.centre_spread) == ("separate", "double")
    assert coldset.icc_profile is None and digital.icc_profile
    assert coldset.colour_positions(8) == {1, 4, 5, 8} and coldset.black_only_positions(8) == [2, 3, 6, 7]
    assert coldset.black_only_positions(16) == [7, 10]
    assert digital.colour_positions(16) == set(range(1, 17))
    assert coldset.file_for(date=dt.date(2026, 12, 1), issue_number=37, issue_id="ledger-2026-12",
                            page=7) == "LEDGER_20261201_A007.pdf"
    assert digital.file_for(date=dt.date(2026, 12, 1), issue_number=37,
                            issue_id="ledger-2026-12") == "wexmoor-ledger-37.pdf"


def test_a_wrong_profile_is_refused_at_its_line(tmp_path):
    text = (ROOT / "profiles" / "printers" / "wexside-coldset.yaml").read_text()
    broken = tmp_path / "profiles" / "printers" / "broken.yaml"  # a project of its own
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace('file_name: "LEDGER_{date:%Y%m%d}_A{page:03d}.pdf"',
                                   'file_name: "LEDGER_{edition}.pdf"'))
    with pytest.raises(InputError) as error:
        load_printer("broken", tmp_path)
    problem = error.value.problems[0]
    assert "unknown field {edition}" in problem.message and problem.line is not None
    with pytest.raises(InputError, match="known printers: quire-digital, wexside-coldset"):
        load_printer("nobody", ROOT)


def test_an_unknown_printer_in_the_manifest_is_reported_at_its_line(tmp_path):
    _, issue = printer_project(tmp_path)
    manifest = issue / "issue.yaml"
    manifest.write_text(manifest.read_text().replace("printer: test-coldset", "printer: wexsde"))
    result = CliRunner().invoke(main, ["deliver", str(issue)])
    assert result.exit_code == 2, result.output
    line = manifest.read_text().splitlines().index("printer: wexsde") + 1
    assert f"issue.yaml:{line}" in result.output and "printer profile 'wexsde' does not exist" in result.output
    assert not (tmp_path / "build" / "mini-2026-12" / "delivery").exists()


# -- black only -----------------------------------------------------------------------

def test_black_ink_keeps_black_and_orders_colours_by_lightness():
    ink = BlackInk(OutputProfile.load(NEWSPRINT, 240))
    assert ink.gray_value("cmyk", [0, 0, 0, 1]) == 0 and ink.gray_value("cmyk", [0, 0, 0, 0.35]) == 0.65
    red, blue, yellow = (ink.gray_value("cmyk", values) for values in
                         ([0, 0.95, 0.9, 0], [1, 0.8, 0, 0], [0, 0, 1, 0]))
    assert 0.15 < red < 0.75 and blue < red < yellow < 0.98, (red, blue, yellow)
    # Pictures: a black-only region keeps its exact tint, colour follows lightness.
    picture = Image.fromarray(np.array([[[0, 0, 0, 128], [0, 242, 230, 0], [0, 0, 255, 0]]], np.uint8),
                              mode="CMYK")
    gray = ink.gray_pixels(picture)[0]
    assert gray[0] == 127 and gray[1] < gray[2]


def test_a_spot_colour_on_a_black_only_page_is_not_guessed():
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    tint = DictionaryObject({NameObject("/FunctionType"): NumberObject(2),
                             NameObject("/Domain"): ArrayObject([FloatObject(0), FloatObject(1)]),
                             NameObject("/C0"): ArrayObject([FloatObject(0)] * 4),
                             NameObject("/C1"): ArrayObject([FloatObject(0), FloatObject(0.9),
                                                             FloatObject(0.8), FloatObject(0)]),
                             NameObject("/N"): NumberObject(1)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/ColorSpace"): DictionaryObject({
        NameObject("/CS0"): ArrayObject([NameObject("/Separation"), NameObject("/PANTONE#20185#20C"),
                                         NameObject("/DeviceCMYK"), tint])})})
    content = DecodedStreamObject()
    content.set_data(b"/CS0 cs 1 scn 10 10 100 100 re f")
    page[NameObject("/Contents")] = writer._add_object(content)
    converter = BlackOnlyConverter(writer, BlackInk(OutputProfile.load(NEWSPRINT, 240)))
    with pytest.raises(NotConvertible, match=r"page 3: spot colour \(/CS0\) cannot be made black only"):
        converter.convert_page(page, 3)


def test_a_colour_photo_on_a_black_only_page_is_reported_and_delivered_in_black(tmp_path):
    # Pages 2 and 3 print black only; page 3 carries article 'three' with a colour photo.
    project, issue = printer_project(tmp_path, colour_pages='{"4": [1, 4]}')
    build = CliRunner().invoke(main, ["build", str(issue), "-q"])
    assert build.exit_code == 0, build.output
    assert ("page 3 prints in black only at test-coldset, but the plan puts colour on it: "
            "colour picture scene.jpg in 'three'") in build.output
    assert "page 2 prints in black only" not in build.output  # only the layout's own colour there

    delivery = deliver_issue(issue)
    folder = project / "build" / "mini-2026-12" / "delivery" / "test-coldset"
    assert delivery.folder == folder
    assert [item.name for item in delivery.files] == [f"LEDGER_20261201_A00{n}.pdf" for n in range(1, 5)]
    page3 = folder / "LEDGER_20261201_A003.pdf"
    plates = separations(page3, tmp_path)
    assert all(plates[ink].max() == 0 for ink in ("Cyan", "Magenta", "Yellow")), "colour left on page 3"
    assert plates["Black"].max() > 200  # the text and the photo are there, in black
    photo = separations(folder / "LEDGER_20261201_A001.pdf", tmp_path)
    assert photo["Cyan"].max() > 50 and photo["Yellow"].max() > 0  # the colour page keeps its colour
    images = poppler("pdfimages", "-list", str(page3)).splitlines()[2:]
    assert len(images) == 1 and images[0].split()[5] == "gray"  # the photo, made grayscale
    record = json.loads((folder / "delivery.json").read_text())
    by_page = {item["pages"][0]: item for item in record["files"]}
    assert [by_page[n]["colour"] for n in (1, 2, 3, 4)] == ["colour", "mono", "mono", "colour"]
    assert by_page[3]["made_black_only"] == ["colours of text and rules", "pictures to grayscale"]
    assert any("colour picture scene.jpg in 'three'" in warning for warning in record["warnings"])


def test_a_printer_that_refuses_colour_on_black_pages_gets_nothing(tmp_path):
    project, issue = printer_project(tmp_path, colour_pages='{"4": [1, 4]}')
    folder = tmp_path / "delivered"
    deliver_issue(issue, out_dir=folder)  # a good earlier delivery (converted)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    profile = project / "profiles" / "printers" / "test-coldset.yaml"
    profile.write_text(profile.read_text().replace("mono_pages: convert", "mono_pages: refuse"))
    result = CliRunner().invoke(main, ["deliver", str(issue), "--out", str(folder), "-q"])
    assert result.exit_code == 1
    assert ("refused: page 3 prints in black only at test-coldset, but the plan puts colour on it: "
            "colour picture scene.jpg in 'three'") in result.output
    assert "nothing delivered" in result.output
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


def test_a_folder_that_is_not_a_delivery_is_never_replaced(tmp_path):
    _, issue = printer_project(tmp_path)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    result = CliRunner().invoke(main, ["deliver", str(issue), "--out", str(folder), "-q"])
    assert result.exit_code == 2 and "is not a Pressroom delivery folder" in result.output
    assert (folder / "notes.txt").read_text() == "keep me"


# -- files and spreads ----------------------------------------------------------------

def test_each_page_splits_into_a_pdfx_file_of_its_own(mini_issue, tmp_path):
    from pressroom.build import build_issue

    whole = build_issue(mini_issue, tmp_path / "out").pdf_path.read_bytes()
    files = split_pages(whole)
    assert len(files) == 4
    # Page 2 holds no picture: its file carries none of the pictures of pages 1, 3 and 4.
    assert b"/Image" not in files[1] and b"/Image" in files[0]
    profile = preflight_profile(load_printer("quire-digital", ROOT), whole_issue=False)
    for data in files:
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) == 1 and reader.metadata["/GTS_PDFXVersion"] == "PDF/X-4"
        assert reader.metadata["/Trapped"] == "/False"
        assert "/OutputIntents" in reader.trailer["/Root"]
        report = preflight(reader, profile)
        assert report.passed, [str(item) for item in report.errors]
    assert split_pages(whole) == files  # the same bytes every time


def test_the_centre_spread_goes_as_one_double_width_page(tmp_path):
    project, issue = printer_project(tmp_path)
    shutil.copy(ROOT / "profiles" / "printers" / "quire-digital.yaml", project / "profiles" / "printers")
    delivery = deliver_issue(issue, "quire-digital", tmp_path / "quire")
    item, = delivery.files
    assert item.name == "wexmoor-ledger-1.pdf" and item.pages == [1, 2, 3, 4]
    pdf = tmp_path / "quire" / item.name
    reader = PdfReader(pdf)
    assert len(reader.pages) == 3  # 1, 2|3, 4
    spread, single = reader.pages[1], reader.pages[0]
    trim_w = float(single.trimbox.width)
    assert float(spread.trimbox.width) == pytest.approx(2 * trim_w, abs=0.01)
    assert float(spread.mediabox.width) == pytest.approx(2 * trim_w + 6 * PT_PER_MM, abs=0.05)
    assert poppler("pdfinfo", str(pdf)).count("PDF/X-4") >= 1
    # Every word of the built pages 2 and 3 sits on the spread where it stood on its page,
    # page 3 moved right by exactly one trim width (poppler's word boxes, from the trim).
    from pressroom.build import build_issue

    built = build_issue(issue, tmp_path / "plain").pdf_path

    def words(path: Path, page: int) -> list[tuple[str, float, float]]:
        html = poppler("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
        return [(word, float(x), float(y)) for x, y, word in
                re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', html)]

    left, right, joined = words(built, 2), words(built, 3), words(pdf, 2)
    # pdftotext measures from the page's top-left corner, bleed included on the built pages
    # as on the spread: left-page words keep their place, right-page words move by a trim.
    expected = sorted([(w, round(x, 0), round(y, 0)) for w, x, y in left]
                      + [(w, round(x + trim_w, 0), round(y, 0)) for w, x, y in right])
    assert sorted((w, round(x, 0), round(y, 0)) for w, x, y in joined) == expected
    report = preflight(reader, preflight_profile(load_printer("quire-digital", ROOT), whole_issue=True))
    assert report.passed, [str(finding) for finding in report.errors]


# -- the sample issue -----------------------------------------------------------------

def test_the_sample_issue_delivers_to_its_printer(tmp_path):
    runner = CliRunner()
    first, second = tmp_path / "first", tmp_path / "second"
    result = runner.invoke(main, ["deliver", str(SAMPLE), "--out", str(first), "-q"])
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in first.glob("*.pdf"))
    assert names == [f"LEDGER_20261201_A{page:03d}.pdf" for page in range(1, 17)]

    record = json.loads((first / "delivery.json").read_text())
    assert record["printer"]["name"] == "wexside-coldset" and record["black_only_positions"] == [7, 10]
    sums = dict(reversed(line.split("  ")) for line in (first / "SHA256SUMS").read_text().splitlines())
    for item in record["files"]:
        data = (first / item["file"]).read_bytes()
        assert item["sha256"] == sums[item["file"]] == hashlib.sha256(data).hexdigest()
        black_only = item["pages"] in ([7], [10])
        assert item["colour"] == ("mono" if black_only else "colour")
        assert item["position"] == ("black only" if black_only else "colour")
        assert item["preflight"]["passed"] and item["preflight"]["errors"] == 0

    identifiers = set()
    for name in names:
        pdf = first / name
        check = runner.invoke(main, ["preflight", str(pdf), "--printer", "wexside-coldset"])
        assert check.exit_code == 0 and "0 errors" in check.output, check.output
        info = poppler("pdfinfo", "-box", str(pdf))
        assert "Pages:           1" in info and "PDF subtype:    PDF/X-1a" in info
        assert "TrimBox:" in info and "BleedBox:" in info
        fonts = poppler("pdffonts", str(pdf)).splitlines()[2:]
        assert fonts and all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in fonts), fonts
        for image in poppler("pdfimages", "-list", str(pdf)).splitlines()[2:]:
            assert image.split()[5] in ("cmyk", "gray")
        # Each file stands alone: no object from a neighbour's page rides along.
        reader = PdfReader(pdf)
        assert "/OutputIntents" in reader.trailer["/Root"] and reader.metadata["/Trapped"] == "/False"
        assert isinstance(reader.trailer["/Info"]["/Trapped"], NameObject)  # the name PDF/X requires
        # The printer's own rules for one page, every rule an error.
        strict = preflight(reader, strict_profile(preflight_profile(load_printer("wexside-coldset", ROOT),
                                                                    whole_issue=False)))
        assert strict.findings == [], (name, [str(finding) for finding in strict.findings])
        identifiers.add(bytes(reader.trailer["/ID"][0].original_bytes))
    assert len(identifiers) == 16  # each file has its own /ID
    # Ghostscript opens every file without repairing it, and the black-only pages have no
    # cyan, magenta or yellow on their plates.
    for page in (7, 10):
        plates = separations(first / f"LEDGER_20261201_A{page:03d}.pdf", tmp_path)
        assert max(plates[ink].max() for ink in ("Cyan", "Magenta", "Yellow")) == 0
    assert max(separations(first / "LEDGER_20261201_A006.pdf", tmp_path)["Cyan"].ravel()) > 0

    again = runner.invoke(main, ["deliver", str(SAMPLE), "--out", str(second), "-q"])
    assert again.exit_code == 0, again.output
    assert {path.name: path.read_bytes() for path in first.iterdir()} == \
        {path.name: path.read_bytes() for path in second.iterdir()}


def test_fit_shows_the_printer_s_colour_positions():
    result = CliRunner().invoke(main, ["fit", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert ("printer wexside-coldset: colour on pages 1-6, 8-9, 11-16; black only on pages 7, 10"
            in result.output)
    assert "black only: housing-waiting-list (page 7)" in result.output
    assert "black only: comment-allotments (page 10)" in result.output
