"""The checks after render (checks.py), each seen failing on a real PDF.

Every guard gets a project whose layout is a real copy of layouts/tabloid (not the symlink
conftest.make_project makes) with one deliberate fault in its stylesheets or templates; the
installed ``pressroom build`` must stop it with exit 1 and the guard's own message, without a
traceback, and the same project without the fault must build with exit 0. Each of these
tests was seen failing with its guard disabled (the one line of checks.py named in the
fault's ``guard``), so a guard that stops looking cannot go unnoticed.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from pressroom.checks import check_fonts, font_names, pdf_fonts

from conftest import (ROOT, make_mini_issue, make_project_with_layout_copy, paragraphs, run_pressroom,
                      write_article)

# The last paragraph of story 'two': words found nowhere else in the mini issue, whose
# other copy is made of six sentences over and over (the check looks for the last words in
# the text of the story's pages, so they must be the story's own to prove anything).
LAST_SENTENCE = "The ferry to Holm Island will run twice a day from the first of March."
BITMAP_FONT = "PressroomPixel-Regular.ttf"  # a bitmap-only font, made by make_bitmap_font


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


# -- the issue each fault is shown on ------------------------------------------------------

def mini_with_own_last_words(issue: Path) -> None:
    write_article(issue, "two", paragraphs(5, seed=3) + "\n\n" + LAST_SENTENCE)


def make_bitmap_font(path: Path, family: str = "Pressroom Pixel") -> Path:
    """A TrueType font with bitmaps only (EBLC/EBDT, one 16 ppem strike, no outlines) for
    the printable ASCII characters, each drawn as a bar. WeasyPrint embeds such a font as a
    Type 3 font: glyph procedures drawing the bitmaps, no font program."""
    from fontTools.fontBuilder import FontBuilder

    upem, ppem, advance = 1024, 16, 10
    characters = {code: f"uni{code:04X}" for code in range(0x20, 0x7F)}
    names = [".notdef", *characters.values()]
    builder = FontBuilder(upem, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap(characters)
    builder.setupHorizontalMetrics({name: (advance * upem // ppem, 0) for name in names})
    builder.setupHorizontalHeader(ascent=12 * upem // ppem, descent=-4 * upem // ppem)
    builder.setupNameTable({"familyName": family, "styleName": "Regular",
                            "psName": family.replace(" ", "") + "-Regular"})
    builder.setupOS2(sTypoAscender=12 * upem // ppem, sTypoDescender=-4 * upem // ppem,
                     usWinAscent=12 * upem // ppem, usWinDescent=4 * upem // ppem)
    builder.setupPost()
    builder.setupMaxp()
    builder.font["maxp"].tableVersion = 0x00005000  # no outlines
    line_metrics = "".join(f'<{name} value="{value}"/>' for name, value in [
        ("ascender", 12), ("descender", -4), ("widthMax", advance), ("caretSlopeNumerator", 1),
        ("caretSlopeDenominator", 0), ("caretOffset", 0), ("minOriginSB", 1), ("minAdvanceSB", 1),
        ("maxBeforeBL", 10), ("minAfterBL", 0), ("pad1", 0), ("pad2", 0)])
    glyphs = "".join(
        f'<ebdt_bitmap_format_1 name="{name}"><SmallGlyphMetrics><height value="10"/>'
        f'<width value="8"/><BearingX value="1"/><BearingY value="10"/><Advance value="{advance}"/>'
        f'</SmallGlyphMetrics><rawimagedata>{("00" if name == "uni0020" else "7e") * 10}</rawimagedata>'
        f'</ebdt_bitmap_format_1>' for name in names[1:])
    locations = "".join(f'<glyphLoc name="{name}"/>' for name in names[1:])
    last = len(names) - 1
    builder.font.importXML(io.StringIO(f"""<?xml version="1.0" encoding="UTF-8"?>
<ttFont sfntVersion="\\x00\\x01\\x00\\x00" ttLibVersion="4.0">
<EBLC><header version="2.0"/><strike index="0"><bitmapSizeTable>
<sbitLineMetrics direction="hori">{line_metrics}</sbitLineMetrics>
<sbitLineMetrics direction="vert">{line_metrics}</sbitLineMetrics>
<colorRef value="0"/><startGlyphIndex value="1"/><endGlyphIndex value="{last}"/>
<ppemX value="{ppem}"/><ppemY value="{ppem}"/><bitDepth value="1"/><flags value="1"/>
</bitmapSizeTable>
<eblc_index_sub_table_1 imageFormat="1" firstGlyphIndex="1" lastGlyphIndex="{last}">
{locations}</eblc_index_sub_table_1>
</strike></EBLC>
<EBDT><header version="2.0"/><strikedata index="0">{glyphs}</strikedata></EBDT>
</ttFont>"""))
    builder.font.save(path)
    return path


def with_bitmap_font(project: Path) -> None:
    """fonts/ a real copy, with the bitmap-only font added (checksum and all) and the layout
    listing it: a font the layout may use, as any other in fonts/."""
    fonts = project / "fonts"
    fonts.unlink()
    shutil.copytree(ROOT / "fonts", fonts)
    font = make_bitmap_font(fonts / BITMAP_FONT)
    with open(fonts / "SHA256SUMS", "a", encoding="utf-8") as sums:
        sums.write(f"{hashlib.sha256(font.read_bytes()).hexdigest()}  {BITMAP_FONT}\n")
    face = f'{{family: "Pressroom Pixel", file: {BITMAP_FONT}, weight: 400, style: normal}}'
    replace_once(project / "layouts" / "tabloid" / "layout.yaml", "\nfonts:\n", f"\nfonts:\n  - {face}\n")


# -- the faults ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Fault:
    name: str
    guard: str  # the line of checks.py that catches it
    fault: Callable[[Path], None]  # breaks the layout folder (a real copy)
    messages: tuple[str, ...]  # the guard's own messages, as the build prints them
    issue: Callable[[Path], None] = mini_with_own_last_words  # the issue, with or without the fault
    project: Callable[[Path], None] = lambda project: None  # the rest of the project, likewise


FAULTS = [
    Fault("last paragraph hidden", 'if normalise(article.last_words)[1:] not in "".join(group_text):',
          lambda layout: append(layout / "css" / "story.css",
                                "#start-two .story__body > p:last-of-type { visibility: hidden; }"),
          ("[text] 'two': the last words \"twice a day from the first of March.\" are not in the "
           "text of pages 2: copy was lost",)),
    Fault("headline hidden", "if not group_text or headline not in group_text[0]:",
          lambda layout: append(layout / "css" / "story.css",
                                "#start-three .headline { visibility: hidden; }"),
          ("[text] 'three': the headline \"Headline for three\" is not in the text of page 3",)),
    Fault("no bleed", "failures += _boxes(reader, trim_mm, bleed_mm)",
          lambda layout: replace_once(layout / "css" / "page.css", "bleed: {{ layout.bleed_mm }}mm;",
                                      "bleed: 0;"),
          tuple(f"[boxes] page {page} BleedBox is 0.00, 0.00, 0.00, 0.00 mm outside the trim, "
                "not 3 mm on every side" for page in range(1, 5))),
    # Preflight (3 mm at least) passes this one: only the boxes check sees that the pages do
    # not have the bleed layout.yaml gives.
    Fault("wrong bleed", "failures += _boxes(reader, trim_mm, bleed_mm)",
          lambda layout: replace_once(layout / "css" / "page.css", "bleed: {{ layout.bleed_mm }}mm;",
                                      "bleed: 3.5mm;"),
          tuple(f"[boxes] page {page} BleedBox is 3.50, 3.50, 3.50, 3.50 mm outside the trim, "
                "not 3 mm on every side" for page in range(1, 5))),
    # WeasyPrint can write a bitmap-only font only as a Type 3 font: glyph procedures drawing
    # its bitmaps, no font program (FontFile*) to embed; the check reports it not embedded.
    Fault("bitmap font for the kickers", "if not embedded:",
          lambda layout: append(layout / "css" / "story.css", '.kicker { font-family: "Pressroom Pixel"; }'),
          ("[fonts] font Pressroom-Pixel is not embedded",), project=with_bitmap_font),
    # (A story set too small for its two pages no longer drops a page: the group keeps its
    # planned pages and copyfit refuses it, tests/test_fit.py. A page group that runs long
    # with no story overset is what the page-count check alone catches.)
    Fault("colophon pushed onto a page of its own", "failures += _page_count(reader, manifest, rendered)",
          lambda layout: append(layout / "css" / "pages.css", ".colophon { break-before: page; }"),
          ("[pages] the PDF has 5 pages; the plan has 4", "[pages] 5 pages is not a multiple of 4",
           "[pages] pages 4 (back) took 2 page(s) instead of 1")),
    Fault("story anchors dropped from the template", "if start != pages.first:",
          lambda layout: replace_once(
              layout / "templates" / "partials" / "story.html.j2",
              "id=\"{{ 'cont' if article.continued_from else 'start' }}-{{ article.slug }}\"",
              "data-slug=\"{{ article.slug }}\""),
          tuple(f"[placement] '{slug}' starts on page None, planned for page {page}"
                for slug, page in [("lead", 1), ("one", 2), ("two", 2), ("three", 3), ("back", 4)])),
]


def project_with_layout_copy(tmp_path: Path, fault: Fault, faulty: bool) -> Path:
    """A project with the real fonts/ and profiles/ (symlinked) and a real copy of
    layouts/tabloid, broken by ``fault`` when ``faulty``; returns its issue folder."""
    project = make_project_with_layout_copy(tmp_path / ("faulty" if faulty else "sound"))
    fault.project(project)
    if faulty:
        fault.fault(project / "layouts" / "tabloid")
    issue = make_mini_issue(project)
    fault.issue(issue)
    return issue


def build(issue: Path, out: Path):
    result = run_pressroom("build", issue, "--out", out, "--quiet")
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.name for fault in FAULTS])
def test_the_guard_stops_a_build_with_the_fault(tmp_path, fault):
    issue = project_with_layout_copy(tmp_path, fault, faulty=True)
    result = build(issue, tmp_path / "out")
    assert result.returncode == 1, result.stdout + result.stderr
    printed = [line.removeprefix("check failed: ") for line in result.stderr.splitlines()
               if line.startswith("check failed: ")]
    for message in fault.messages:
        assert message in printed, f"{message!r} not in {printed}"
    record = json.loads((tmp_path / "out" / "build.json").read_text(encoding="utf-8"))
    assert set(fault.messages) <= set(record["failures"])


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.name for fault in FAULTS])
def test_the_same_project_without_the_fault_builds(tmp_path, fault):
    issue = project_with_layout_copy(tmp_path, fault, faulty=False)
    result = build(issue, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "check failed" not in result.stderr
    assert json.loads((tmp_path / "out" / "build.json").read_text(encoding="utf-8"))["failures"] == []


def test_the_font_check_reads_the_font_programs_of_a_real_build(tmp_path):
    """The font check on the Type 0 fonts WeasyPrint writes for every font in fonts/ (the
    build test above shows it on a Type 3 font). A font program is not lost that way in a
    real build, so here the program of one font is removed with pypdf from the PDF the
    installed command built from the mini issue, and ``check_fonts``, which the build runs
    on its joined PDF, is called on that file: it names the font, while the untouched file
    passes."""
    issue = project_with_layout_copy(tmp_path, FAULTS[0], faulty=False)  # the mini issue, sound
    result = build(issue, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    built = tmp_path / "out" / "mini-2026-12.pdf"
    allowed = font_names(sorted((ROOT / "fonts").glob("*.[ot]tf")))
    assert check_fonts(PdfReader(built), allowed) == []

    writer = PdfWriter(clone_from=built)
    font = next(font.get_object() for page in writer.pages for font in page["/Resources"]["/Font"].values()
                if "Lato" in str(font.get_object()["/BaseFont"]))
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert "/FontFile2" in descriptor  # Lato is TrueType
    del descriptor[NameObject("/FontFile2")]
    victim = str(font["/BaseFont"]).split("+", 1)[1]
    stripped = tmp_path / "stripped.pdf"
    writer.write(stripped)
    reader = PdfReader(stripped)
    assert pdf_fonts(reader)[victim] is False
    assert [str(failure) for failure in check_fonts(reader, allowed)] == [
        f"[fonts] font {victim} is not embedded"]


def test_a_story_whose_end_is_never_laid_out_is_refused_and_proofed_with_the_placement_guard(tmp_path):
    """The end marker of story 'two' is not laid out (display: none): the build refuses it as
    overset (it used to crash on the missing page), and a proof names it with the guard."""
    fault = Fault("end marker dropped", "if end is None:",
                  lambda layout: append(layout / "css" / "story.css", "#end-two { display: none; }"), ())
    issue = project_with_layout_copy(tmp_path, fault, faulty=True)
    refused = build(issue, tmp_path / "out")
    assert refused.returncode == 1 and "overset copy" in refused.stderr
    proof = run_pressroom("build", issue, "--out", tmp_path / "proof", "--quiet", "--allow-overset")
    assert proof.returncode == 1 and "Traceback" not in proof.stdout + proof.stderr
    assert ("check failed: [placement] 'two': the end of the copy was not laid out (copy lost or pushed off "
            "the page)") in proof.stderr
    sound = build(project_with_layout_copy(tmp_path, fault, faulty=False), tmp_path / "sound-out")
    assert sound.returncode == 0, sound.stderr
