"""Preflight's rules, one defect per file: every PDF here is made by the test itself (pypdf
writing raw objects and content streams), a clean PDF/X-4 page with exactly one thing wrong,
and each is caught by its rule id; each false alarm that preflight used to raise passes; the
walk is bounded (a form that draws itself finishes at once); the report says where."""

from __future__ import annotations

import io
import json
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageCms
from pypdf import PdfReader, PdfWriter, apply_configuration, get_configuration
from pypdf.generic import (ArrayObject, BooleanObject, ByteStringObject, DecodedStreamObject,
                           DictionaryObject, FloatObject, IndirectObject, NameObject, NumberObject,
                           PdfObject, TextStringObject)

import pressroom.preflight as preflight_module
from pressroom.cli import main
from pressroom.errors import InputError
from pressroom.preflight import RULES, Limits, load_profile, preflight
from pressroom.preflight_rules import font_embedding

from conftest import ROOT

MM = 72 / 25.4
WIDTH, HEIGHT, BLEED = 100 * MM, 150 * MM, 3 * MM
ICC = (ROOT / "profiles" / "icc" / "Pressroom-Newsprint-TR002-TAC240.icc").read_bytes()
LATO = (ROOT / "fonts" / "Lato-Regular.ttf").read_bytes()
# The newspaper rules for a one-page file (the page-count rule has its own test).
NEWSPAPER = load_profile("newspaper", ROOT).model_copy(update={"page_multiple": None})
XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
{version}<pdf:Trapped>False</pdf:Trapped></rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="r"?>"""
VERSION_IN_XMP = "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"


def pdf(value) -> PdfObject:
    """A Python value as a PDF object: '/Name' a name, other text a string, lists arrays."""
    if isinstance(value, PdfObject):
        return value
    if isinstance(value, bool):
        return BooleanObject(value)
    if isinstance(value, int):
        return NumberObject(value)
    if isinstance(value, float):
        return FloatObject(value)
    if isinstance(value, str):
        return NameObject(value) if value.startswith("/") else TextStringObject(value)
    if isinstance(value, bytes):
        return ByteStringObject(value)
    if isinstance(value, (list, tuple)):
        return ArrayObject(pdf(item) for item in value)
    if isinstance(value, dict):
        return DictionaryObject({NameObject(key): pdf(item) for key, item in value.items()})
    raise TypeError(value)


class Doc:
    """A one-page PDF/X-4 file being made: ``stream``, ``add`` and ``font`` make objects,
    ``page`` is the page dictionary, ``info`` and ``catalog`` the document's."""

    def __init__(self, pages: int = 1):
        self.writer = PdfWriter()
        self.writer._ID = ArrayObject([ByteStringObject(b"0123456789abcdef")] * 2)
        self.pages = []
        for _ in range(pages):
            page = self.writer.add_blank_page(WIDTH + 2 * BLEED, HEIGHT + 2 * BLEED)
            page[NameObject("/BleedBox")] = pdf([0, 0, WIDTH + 2 * BLEED, HEIGHT + 2 * BLEED])
            page[NameObject("/TrimBox")] = pdf([BLEED, BLEED, WIDTH + BLEED, HEIGHT + BLEED])
            page[NameObject("/Resources")] = DictionaryObject()
            self.pages.append(page)
        self.page = self.pages[0]
        self.info = self.writer._info.get_object()
        self.info.update(pdf({"/GTS_PDFXVersion": "PDF/X-4", "/Title": "Test", "/Trapped": "/False"}))
        self.catalog = self.writer._root_object
        self.catalog[NameObject("/Metadata")] = self.stream(XMP.format(version=VERSION_IN_XMP).encode(),
                                                            Type="/Metadata", Subtype="/XML")
        self.catalog[NameObject("/OutputIntents")] = pdf([self.intent()])

    def intent(self, identifier: str = "CGATS TR 002", profile: bytes = ICC, components: int = 4) -> IndirectObject:
        return self.add({"/Type": "/OutputIntent", "/S": "/GTS_PDFX", "/OutputConditionIdentifier": identifier,
                         "/RegistryName": "http://www.color.org",
                         "/DestOutputProfile": self.stream(profile, N=components)})

    def add(self, value) -> IndirectObject:
        return self.writer._add_object(pdf(value))

    def stream(self, data: bytes, **entries) -> IndirectObject:
        stream = DecodedStreamObject()
        stream.set_data(data)
        stream.update({NameObject("/" + key): pdf(value) for key, value in entries.items()})
        return self.writer._add_object(stream)

    def font(self, name: str = "/ABCDEF+Lato", embedded: bool = True) -> IndirectObject:
        font = {"/Type": "/Font", "/Subtype": "/TrueType", "/BaseFont": name, "/FirstChar": 32,
                "/LastChar": 126, "/Widths": [500] * 95, "/Encoding": "/WinAnsiEncoding"}
        if embedded:
            font["/FontDescriptor"] = self.add({
                "/Type": "/FontDescriptor", "/FontName": name, "/Flags": 32, "/FontBBox": [0, -200, 1000, 800],
                "/ItalicAngle": 0, "/Ascent": 800, "/Descent": -200, "/CapHeight": 700, "/StemV": 80,
                "/FontFile2": self.stream(LATO)})
        return self.add(font)

    def image(self, size=(20, 20), mode="CMYK", colour=(0, 0, 0, 128), space="/DeviceCMYK") -> IndirectObject:
        data = Image.new(mode, size, colour).tobytes()
        return self.stream(zlib.compress(data), Type="/XObject", Subtype="/Image", Width=size[0],
                           Height=size[1], ColorSpace=space, BitsPerComponent=8, Filter="/FlateDecode")

    def content(self, data: bytes, page=None, **resources) -> None:
        page = self.page if page is None else page
        page[NameObject("/Contents")] = self.stream(data)
        page[NameObject("/Resources")] = pdf({"/" + key: value for key, value in resources.items()})

    def save(self, folder: Path, name: str = "test.pdf") -> Path:
        path = folder / name
        self.writer.write(path)
        return path


def check(path: Path, profile=NEWSPAPER, **options):
    report = preflight(path, profile, **options)
    return report, {finding.rule for finding in report.findings}


def caught(tmp_path: Path, doc: Doc, rule_id: str, profile=NEWSPAPER):
    """The file's findings are exactly ``rule_id``'s (one defect, one rule)."""
    report, rules = check(doc.save(tmp_path), profile)
    assert rules == {rule_id}, [str(finding) for finding in report.findings]
    return report


def rect(doc: Doc, colour: bytes = b"0 0 0 1 k") -> Doc:
    doc.content(colour + b" 20 20 100 100 re f")
    return doc


def test_a_clean_file_made_here_passes_with_no_finding(tmp_path):
    doc = rect(Doc())
    doc.content(b"0 0 0 1 k 20 20 100 100 re f BT /F0 12 Tf 20 200 Td (Headline) Tj ET", Font={"/F0": doc.font()})
    report, rules = check(doc.save(tmp_path))
    assert report.findings == [] and report.passed and report.pdfx_version == "PDF/X-4"


def test_every_rule_is_documented_with_its_family():
    text = (ROOT / "docs" / "printing.md").read_text(encoding="utf-8")
    for rule_id, rule in RULES.items():
        assert rule.check and rule.what, rule_id
        assert f"`{rule_id}`" in text, f"{rule_id} is not in docs/printing.md"


# -- inside forms, patterns, Type 3 glyphs and annotation appearances ------------------------

def _inner(doc: Doc, defect: str) -> tuple[bytes, dict]:
    """A drawing of 100 x 100 units with one defect, and the resources it needs."""
    if defect == "colour":
        return b"1 0 0 rg 0 0 100 100 re f", {}
    if defect == "fonts":
        helvetica = doc.add({"/Type": "/Font", "/Subtype": "/Type1", "/BaseFont": "/Helvetica"})
        return b"BT /F9 12 Tf 10 10 Td (x) Tj ET", {"/Font": {"/F9": helvetica}}
    if defect == "resolution":  # 20 px over 100 units (100 pt): 14 ppi
        return b"q 100 0 0 100 0 0 cm /Im9 Do Q", {"/XObject": {"/Im9": doc.image()}}
    if defect == "transparency":
        return b"/G9 gs 0 0 0 1 k 0 0 100 100 re f", {"/ExtGState": {"/G9": {"/ca": 0.5}}}
    raise ValueError(defect)


def _contain(doc: Doc, container: str, inner: bytes, resources: dict) -> None:
    """Put a drawing inside a container on the page."""
    if container == "form at depth 3":
        form = doc.stream(inner, Type="/XObject", Subtype="/Form", BBox=[0, 0, 100, 100], Resources=resources)
        for _ in range(2):
            form = doc.stream(b"/X Do", Type="/XObject", Subtype="/Form", BBox=[0, 0, 100, 100],
                              Resources={"/XObject": {"/X": form}})
        doc.content(b"q 1 0 0 1 50 50 cm /X Do Q", XObject={"/X": form})
    elif container == "tiling pattern":
        pattern = doc.stream(inner, Type="/Pattern", PatternType=1, PaintType=1, TilingType=1,
                             BBox=[0, 0, 100, 100], XStep=100, YStep=100, Resources=resources)
        doc.content(b"/Pattern cs /P0 scn 20 20 200 200 re f", Pattern={"/P0": pattern})
    elif container == "Type 3 glyph":
        glyph = doc.stream(b"1000 0 d0 " + inner)
        font = doc.add({"/Type": "/Font", "/Subtype": "/Type3", "/FontBBox": [0, 0, 100, 100],
                        "/FontMatrix": [0.01, 0, 0, 0.01, 0, 0], "/CharProcs": {"/a": glyph},
                        "/Encoding": {"/Type": "/Encoding", "/Differences": [97, "/a"]},
                        "/FirstChar": 97, "/LastChar": 97, "/Widths": [1000], "/Resources": resources})
        doc.content(b"BT /T3 100 Tf 50 50 Td (a) Tj ET", Font={"/T3": font})
    elif container == "annotation appearance":
        appearance = doc.stream(inner, Type="/XObject", Subtype="/Form", BBox=[0, 0, 100, 100],
                                Resources=resources)
        annotation = doc.add({"/Type": "/Annot", "/Subtype": "/PrinterMark", "/F": 4,
                              "/Rect": [20, 20, 120, 120], "/AP": {"/N": appearance}})
        doc.content(b"0 0 0 1 k 300 300 10 10 re f")
        doc.page[NameObject("/Annots")] = pdf([annotation])


@pytest.mark.parametrize("container", ["form at depth 3", "tiling pattern", "Type 3 glyph",
                                       "annotation appearance"])
@pytest.mark.parametrize("defect", ["colour", "fonts", "resolution", "transparency"])
def test_defects_inside_containers_are_caught(tmp_path, container, defect):
    doc = Doc()
    _contain(doc, container, *_inner(doc, defect))
    report = caught(tmp_path, doc, defect)
    assert all(finding.page == 1 for finding in report.findings)


def test_an_rgb_shading_pattern_is_a_colour_error(tmp_path):
    doc = Doc()
    shading = doc.add({"/ShadingType": 2, "/ColorSpace": "/DeviceRGB", "/Coords": [0, 0, 100, 0],
                       "/Function": {"/FunctionType": 2, "/Domain": [0, 1], "/C0": [1, 0, 0], "/C1": [0, 0, 1], "/N": 1}})
    pattern = doc.add({"/Type": "/Pattern", "/PatternType": 2, "/Shading": shading})
    doc.content(b"/Pattern cs /P0 scn 20 20 200 200 re f", Pattern={"/P0": pattern})
    report = caught(tmp_path, doc, "colour")
    assert "axial shading in DeviceRGB" == report.findings[0].object


# -- images -----------------------------------------------------------------------------------

def test_an_rgb_jpeg2000_picture_is_a_colour_error(tmp_path):
    doc = Doc()
    data = io.BytesIO()
    Image.new("RGB", (400, 400), (200, 30, 30)).save(data, format="JPEG2000", no_jp2=False)
    picture = doc.stream(data.getvalue(), Type="/XObject", Subtype="/Image", Width=400, Height=400,
                         Filter="/JPXDecode")  # no /ColorSpace: the colour is in the JPEG 2000 data
    doc.content(b"q 144 0 0 144 50 50 cm /Im0 Do Q", XObject={"/Im0": picture})
    report = caught(tmp_path, doc, "colour")
    assert report.findings[0].object == "image 400 x 400 px, JPEG 2000 RGB, 200 ppi"


def test_a_low_resolution_inline_image_is_an_error(tmp_path):
    doc = Doc()
    pixels = bytes([0x20, 0x10, 0x10, 0x30]) * 25 * 25  # CMYK, 25 px over half an inch: 50 ppi
    doc.content(b"q 36 0 0 36 100 100 cm BI /W 25 /H 25 /CS /CMYK /BPC 8 ID " + pixels + b" EI Q")
    report = caught(tmp_path, doc, "resolution")
    assert report.findings[0].object == "inline image 25 x 25 px, DeviceCMYK, 50 ppi"
    assert report.findings[0].severity == "error"


def test_an_rgb_inline_image_is_a_colour_error(tmp_path):
    doc = Doc()
    pixels = bytes([0x80, 0x20, 0x20]) * 100 * 100  # 100 px over a third of an inch: 300 ppi
    doc.content(b"q 24 0 0 24 100 100 cm BI /W 100 /H 100 /CS /RGB /BPC 8 ID " + pixels + b" EI Q")
    caught(tmp_path, doc, "colour")


def test_an_image_placed_twice_is_judged_at_every_placement(tmp_path):
    doc = Doc()
    picture = doc.image((300, 300))
    # 300 px over 1 inch (300 ppi, fine), then over 3 inches (100 ppi, an error) and
    # over 1.75 inches (171 ppi, a warning): each placement is reported for itself.
    doc.content(b"q 72 0 0 72 20 20 cm /Im0 Do Q q 216 0 0 216 20 100 cm /Im0 Do Q "
                b"q 126 0 0 126 150 20 cm /Im0 Do Q", XObject={"/Im0": picture})
    report = caught(tmp_path, doc, "resolution")
    found = sorted((finding.severity, finding.object) for finding in report.findings)
    assert found == [("error", "image 300 x 300 px, DeviceCMYK, 100 ppi"),
                     ("warning", "image 300 x 300 px, DeviceCMYK, 171 ppi")]


def test_a_truncated_cmyk_jpeg_is_reported_and_never_remembered(tmp_path):
    doc = Doc()
    data = io.BytesIO()
    Image.effect_noise((400, 400), 60).convert("CMYK").save(data, format="JPEG", quality=90)
    cut = data.getvalue()[:len(data.getvalue()) // 3]
    picture = doc.stream(cut, Type="/XObject", Subtype="/Image", Width=400, Height=400,
                         ColorSpace="/DeviceCMYK", BitsPerComponent=8, Filter="/DCTDecode")
    doc.content(b"q 96 0 0 96 50 50 cm /Im0 Do Q", XObject={"/Im0": picture})
    path = doc.save(tmp_path)
    memory = tmp_path / "picture-ink"
    for run in range(2):
        report, rules = check(path, ink_memory=memory)
        assert rules == {"image-undecodable"}, [str(finding) for finding in report.findings]
        assert "cannot be decoded" in report.errors[0].message
        assert not memory.exists() or list(memory.iterdir()) == []  # a failure is not a figure


@pytest.fixture
def small_decompression_limit():
    with apply_configuration(zlib_maximum_output_length=2_000_000):
        assert get_configuration().zlib_maximum_output_length == 2_000_000
        yield


def _big_cmyk(doc: Doc, filter_byte: int | None) -> IndirectObject:
    width, height = 1000, 800  # 3.2 MB of pixels: over the (lowered) decompression limit
    row = bytes([255, 255, 255, 0]) * width  # 300 % ink
    parms = {"DecodeParms": {"/Predictor": 15, "/Colors": 4, "/Columns": width, "/BitsPerComponent": 8}}
    if filter_byte is None:
        data, parms = row * height, {}
    elif filter_byte == 1:  # Sub: each pixel the same as the one to its left, so zeros after the first
        data = (bytes([1]) + row[:4] + bytes(len(row) - 4)) * height
    elif filter_byte == 2:  # Up: each row the same as the one above, so zeros after the first
        data = bytes([0]) + row + (bytes([2]) + bytes(len(row))) * (height - 1)
    else:
        data = (bytes([filter_byte]) + row) * height
    return doc.stream(zlib.compress(data, 9), Type="/XObject", Subtype="/Image", Width=width, Height=height,
                      ColorSpace="/DeviceCMYK", BitsPerComponent=8, Filter="/FlateDecode", **parms)


@pytest.mark.parametrize("filter_byte", [None, 0, 1, 2])
def test_ink_of_a_picture_too_big_to_decode_whole_is_measured_in_bands(tmp_path, small_decompression_limit,
                                                                       filter_byte):
    doc = Doc()
    doc.content(b"q 200 0 0 160 20 20 cm /Im0 Do Q", XObject={"/Im0": _big_cmyk(doc, filter_byte)})
    report = caught(tmp_path, doc, "total-ink")
    assert "total ink reaches 300%" in report.errors[0].message


def test_ink_that_cannot_be_measured_is_a_finding_not_silence(tmp_path, small_decompression_limit):
    doc = Doc()  # Paeth-predicted rows are not measured in bands: said so
    doc.content(b"q 200 0 0 160 20 20 cm /Im0 Do Q", XObject={"/Im0": _big_cmyk(doc, 4)})
    report = caught(tmp_path, doc, "ink-not-measured")
    assert report.warnings[0].message.startswith("ink not measured: ")


# -- ink and colour on press -----------------------------------------------------------------

def _cmyk_function(c1=(1, 1, 1, 1)) -> dict:
    return {"/FunctionType": 2, "/Domain": [0, 1], "/C0": [0, 0, 0, 0], "/C1": list(c1), "/N": 1}


def test_an_axial_shading_over_the_ink_limit_is_an_error(tmp_path):
    doc = Doc()
    shading = doc.add({"/ShadingType": 2, "/ColorSpace": "/DeviceCMYK", "/Coords": [0, 0, 200, 0],
                       "/Function": _cmyk_function()})
    doc.content(b"q 20 20 200 200 re W n /Sh0 sh Q", Shading={"/Sh0": shading})
    report = caught(tmp_path, doc, "total-ink")
    assert "total ink reaches 400% along the shading" in report.errors[0].message


def test_a_radial_shading_with_stitched_stops_over_the_ink_limit_is_an_error(tmp_path):
    doc = Doc()
    stitched = {"/FunctionType": 3, "/Domain": [0, 1], "/Bounds": [0.5], "/Encode": [0, 1, 0, 1],
                "/Functions": [_cmyk_function((0.8, 0.8, 0.8, 0.6)),
                               {"/FunctionType": 2, "/Domain": [0, 1], "/C0": [0.8, 0.8, 0.8, 0.6],
                                "/C1": [0, 0, 0, 0.2], "/N": 1}]}
    shading = doc.add({"/ShadingType": 3, "/ColorSpace": "/DeviceCMYK", "/Coords": [100, 100, 0, 100, 100, 80],
                       "/Function": stitched})
    pattern = doc.add({"/Type": "/Pattern", "/PatternType": 2, "/Shading": shading})
    doc.content(b"/Pattern cs /P0 scn 20 20 200 200 re f", Pattern={"/P0": pattern})
    report = caught(tmp_path, doc, "total-ink")
    assert "reaches 300%" in report.errors[0].message


def test_white_set_to_overprint_is_an_error(tmp_path):
    doc = Doc()
    doc.content(b"0 0 0 1 k 20 20 200 200 re f /GS0 gs 0 0 0 0 k 40 40 50 50 re f",
                ExtGState={"/GS0": {"/Type": "/ExtGState", "/OP": True, "/op": True, "/OPM": 1}})
    report = caught(tmp_path, doc, "overprint-white")
    assert report.findings[0].object == "path in DeviceCMYK 0 0 0 0"


def test_registration_colour_is_an_error(tmp_path):
    doc = Doc()
    all_plates = ["/Separation", "/All", "/DeviceCMYK", _cmyk_function()]
    doc.content(b"/CS0 cs 1 scn 20 20 10 10 re f", ColorSpace={"/CS0": all_plates})
    report = caught(tmp_path, doc, "registration-colour")
    assert "Separation All" in report.findings[0].message


def test_text_in_four_hundred_percent_is_registration_colour(tmp_path):
    doc = Doc()
    doc.content(b"BT /F0 12 Tf 1 1 1 1 k 20 20 Td (Registration) Tj ET", Font={"/F0": doc.font()})
    report, rules = check(doc.save(tmp_path))
    assert rules == {"registration-colour", "total-ink"}  # one object, both true of it
    assert "C=M=Y=K=100" in next(f for f in report.findings if f.rule == "registration-colour").message


@pytest.mark.parametrize("entry, rule_id", [
    ({"/TR": "/Identity"}, "transfer-function"),
    ({"/TR2": {"/FunctionType": 2, "/Domain": [0, 1], "/C0": [0], "/C1": [1], "/N": 0.8}}, "transfer-function"),
    ({"/HT": {"/Type": "/Halftone", "/HalftoneType": 1, "/Frequency": 120, "/Angle": 45,
              "/SpotFunction": "/Round"}}, "halftone"),
    ({"/BG": {"/FunctionType": 2, "/Domain": [0, 1], "/C0": [0], "/C1": [1], "/N": 1}}, "black-generation"),
    ({"/UCR2": {"/FunctionType": 2, "/Domain": [0, 1], "/C0": [0], "/C1": [0.5], "/N": 1}}, "black-generation"),
])
def test_graphics_state_functions_are_caught(tmp_path, entry, rule_id):
    doc = Doc()
    doc.content(b"/GS0 gs 0 0 0 1 k 20 20 50 50 re f", ExtGState={"/GS0": {"/Type": "/ExtGState", **entry}})
    caught(tmp_path, doc, rule_id)


def test_a_default_transfer_function_is_not_a_finding(tmp_path):
    doc = Doc()
    doc.content(b"/GS0 gs 0 0 0 1 k 20 20 50 50 re f", ExtGState={"/GS0": {"/TR2": "/Default"}})
    assert check(doc.save(tmp_path))[1] == set()


def test_a_postscript_xobject_is_an_error(tmp_path):
    doc = Doc()
    postscript = doc.stream(b"0 0 moveto 100 100 lineto stroke", Type="/XObject", Subtype="/PS")
    doc.content(b"/PS0 Do", XObject={"/PS0": postscript})
    caught(tmp_path, doc, "postscript")


def test_the_ps_operator_is_an_error(tmp_path):
    doc = Doc()
    doc.content(b"(0 0 moveto) PS 0 0 0 1 k 20 20 50 50 re f")
    caught(tmp_path, doc, "postscript")


def _script() -> dict:
    return {"/S": "/JavaScript", "/JS": "app.alert('hello')"}


@pytest.mark.parametrize("where", ["bookmark", "names tree", "open action", "annotation action",
                                   "chained action"])
def test_javascript_is_caught_wherever_it_is(tmp_path, where):
    doc = rect(Doc())
    if where == "bookmark":
        outlines = doc.add({"/Type": "/Outlines", "/Count": 1})
        item = doc.add({"/Title": "Front page", "/Parent": outlines, "/A": _script()})
        outlines.get_object().update(pdf({"/First": item, "/Last": item}))
        doc.catalog[NameObject("/Outlines")] = outlines
    elif where == "names tree":
        doc.catalog[NameObject("/Names")] = pdf({"/JavaScript": {"/Names": ["hello", doc.add(_script())]}})
    elif where == "open action":
        doc.catalog[NameObject("/OpenAction")] = doc.add(_script())
    elif where == "chained action":
        doc.catalog[NameObject("/OpenAction")] = pdf({"/S": "/GoTo", "/D": [doc.page.indirect_reference, "/Fit"],
                                                      "/Next": [_script()]})
    else:
        annotation = doc.add({"/Type": "/Annot", "/Subtype": "/PrinterMark", "/F": 4, "/Rect": [0, 0, 5, 5],
                              "/A": _script()})
        doc.page[NameObject("/Annots")] = pdf([annotation])
    report = caught(tmp_path, doc, "javascript")
    if where == "bookmark":
        assert "the bookmark 'Front page' runs JavaScript" in report.errors[0].message


# -- boxes -----------------------------------------------------------------------------------

def test_a_bleed_box_beyond_the_media_box_is_an_error(tmp_path):
    doc = rect(Doc())
    doc.page[NameObject("/BleedBox")] = pdf([-5, -5, WIDTH + 2 * BLEED, HEIGHT + 2 * BLEED])
    report = caught(tmp_path, doc, "bleed-beyond-media")
    assert "1.8 mm on the left, 1.8 mm on the bottom" in report.errors[0].message


def test_a_trim_box_beyond_the_bleed_box_is_an_error(tmp_path):
    doc = rect(Doc())
    doc.page[NameObject("/BleedBox")] = pdf([BLEED, BLEED, WIDTH + 2 * BLEED, HEIGHT + 2 * BLEED])
    doc.page[NameObject("/TrimBox")] = pdf([BLEED - MM, BLEED, WIDTH + BLEED, HEIGHT + BLEED])
    report = caught(tmp_path, doc, "trim-beyond-bleed")
    assert "beyond the BleedBox (1.0 mm on the left)" in report.errors[0].message


def test_a_trim_outside_the_page_is_said_plainly(tmp_path):
    doc = rect(Doc())
    del doc.page[NameObject("/BleedBox")]
    doc.page[NameObject("/TrimBox")] = pdf([-2 * MM, BLEED, WIDTH + BLEED, HEIGHT + BLEED])
    report = caught(tmp_path, doc, "trim-beyond-bleed")
    message = report.errors[0].message
    assert "the trim reaches beyond the page (MediaBox) (2.0 mm on the left)" in message
    assert "bleed is 0.0 mm" not in message


def test_trim_and_art_box_together_are_an_error(tmp_path):
    doc = rect(Doc())
    doc.page[NameObject("/ArtBox")] = pdf([BLEED, BLEED, WIDTH + BLEED, HEIGHT + BLEED])
    caught(tmp_path, doc, "trim-and-art-box")


def test_a_missing_trim_box_says_sizes_cannot_be_compared(tmp_path):
    doc = Doc(pages=2)
    for page in doc.pages:
        doc.content(b"0 0 0 1 k 20 20 10 10 re f", page=page)
    del doc.pages[0][NameObject("/TrimBox")]
    report = caught(tmp_path, doc, "trim-box")
    assert report.errors[0].page == 1
    assert "its size cannot be compared with the other pages'" in report.errors[0].message


def test_pages_of_different_trim_sizes_are_an_error(tmp_path):
    doc = Doc(pages=2)
    for page in doc.pages:
        doc.content(b"0 0 0 1 k 20 20 10 10 re f", page=page)
    doc.pages[1][NameObject("/TrimBox")] = pdf([BLEED, BLEED, WIDTH, HEIGHT + BLEED])
    report = caught(tmp_path, doc, "page-size")
    assert report.errors[0].page == 2 and "trim is 97.0 x 150.0 mm; page 1 is 100.0 x 150.0 mm" in \
        report.errors[0].message


def test_a_rotated_page_is_an_error(tmp_path):
    doc = rect(Doc())
    doc.page[NameObject("/Rotate")] = NumberObject(90)
    report = caught(tmp_path, doc, "page-rotate")
    assert "rotated by 90°" in report.errors[0].message


# -- PDF/X structure -------------------------------------------------------------------------

def test_pdfx4_without_xmp_is_an_error(tmp_path):
    doc = rect(Doc())
    del doc.catalog[NameObject("/Metadata")]
    caught(tmp_path, doc, "pdfx-xmp")


def test_the_version_in_info_but_not_xmp_is_an_error(tmp_path):
    doc = rect(Doc())
    doc.catalog[NameObject("/Metadata")] = doc.stream(XMP.format(version="").encode(), Type="/Metadata",
                                                      Subtype="/XML")
    report = caught(tmp_path, doc, "pdfx-version-xmp")
    assert "in the Info dictionary but not in the XMP metadata" in report.errors[0].message


def test_the_version_in_xmp_but_not_info_is_an_error(tmp_path):
    doc = rect(Doc())
    del doc.info[NameObject("/GTS_PDFXVersion")]
    report = caught(tmp_path, doc, "pdfx-version-xmp")
    assert report.pdfx_version == "PDF/X-4"
    assert "in the XMP metadata but not in the Info dictionary" in report.errors[0].message


def test_an_output_intent_without_its_condition_identifier_is_an_error(tmp_path):
    doc = rect(Doc())
    intent = doc.catalog["/OutputIntents"][0].get_object()
    del intent[NameObject("/OutputConditionIdentifier")]
    caught(tmp_path, doc, "output-intent-identifier")


def test_two_different_output_intents_are_an_error(tmp_path):
    doc = rect(Doc())
    doc.catalog[NameObject("/OutputIntents")] = pdf([doc.intent(), doc.intent("FOGRA39")])
    report = caught(tmp_path, doc, "output-intent-several")
    assert "2 different PDF/X OutputIntents (CGATS TR 002, FOGRA39)" in report.errors[0].message


def test_the_same_output_intent_twice_is_not_an_error(tmp_path):
    doc = rect(Doc())
    intent = doc.catalog["/OutputIntents"][0]
    doc.catalog[NameObject("/OutputIntents")] = pdf([intent, intent])
    assert check(doc.save(tmp_path))[1] == set()


def test_an_rgb_output_intent_profile_is_an_error(tmp_path):
    doc = rect(Doc())
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    doc.catalog[NameObject("/OutputIntents")] = pdf([doc.intent(profile=srgb, components=3)])
    report = caught(tmp_path, doc, "output-intent-profile")
    assert "the OutputIntent profile is RGB (3 components); a print output intent must be a CMYK profile" \
        == report.errors[0].message


def test_an_output_intent_profile_that_is_not_a_stream_is_an_error(tmp_path):
    doc = rect(Doc())
    intent = doc.catalog["/OutputIntents"][0].get_object()
    intent[NameObject("/DestOutputProfile")] = doc.add({"/N": 4})
    report = caught(tmp_path, doc, "output-intent-profile")
    assert "not an ICC profile stream" in report.errors[0].message


def test_a_missing_trailer_id_is_an_error(tmp_path):
    doc = rect(Doc())
    doc.writer._ID = None
    caught(tmp_path, doc, "pdfx-trailer-id")


def test_a_font_file_pointing_to_a_missing_object_is_not_embedded(tmp_path):
    doc = Doc()
    font = doc.font()
    descriptor = font.get_object()["/FontDescriptor"].get_object()
    descriptor[NameObject("/FontFile2")] = IndirectObject(9999, 0, doc.writer)
    doc.content(b"BT /F0 12 Tf 20 20 Td (Ghost) Tj ET", Font={"/F0": font})
    path = doc.save(tmp_path)
    # The rule: a FontFile that leads nowhere is no font file.
    reader = PdfReader(path)
    font = reader.pages[0]["/Resources"]["/Font"]["/F0"].get_object()
    assert font_embedding(font) == (False, True)
    # A file with a dangling reference is refused whole as damaged (``reading_pdf``: pypdf
    # had to repair it to read it), which is no pass either.
    with pytest.raises(InputError, match="object 9999 0, which it refers to, is missing"):
        preflight(PdfReader(path), NEWSPAPER)


# -- /Trapped, by type -----------------------------------------------------------------------

def test_trapped_as_the_name_passes_and_as_a_string_is_its_own_rule(tmp_path):
    doc = rect(Doc())
    assert check(doc.save(tmp_path, "name.pdf"))[1] == set()
    doc.info[NameObject("/Trapped")] = TextStringObject("/False")  # what WeasyPrint 70 writes
    path = doc.save(tmp_path, "string.pdf")
    report, rules = check(path)
    assert rules == {"pdfx-trapped-type"} and not report.passed  # refused, as a printer refuses it
    assert report.errors[0].message == ("/Trapped is the text string (/False), not the name /False "
                                        "that PDF/X requires")
    lenient = NEWSPAPER.model_copy(update={"rules": {"pdfx-trapped-type": "warning"}})
    assert [finding.severity for finding in preflight(path, lenient).findings] == ["warning"]
    doc.info[NameObject("/Trapped")] = NameObject("/Unknown")
    assert check(doc.save(tmp_path, "unknown.pdf"))[1] == {"pdfx-trapped"}
    del doc.info[NameObject("/Trapped")]
    assert check(doc.save(tmp_path, "none.pdf"))[1] == {"pdfx-trapped"}


def test_the_shipped_profiles_refuse_trapped_as_a_string():
    for name in ("newspaper", "newspaper-ad", "magazine"):
        assert load_profile(name, ROOT).trapped_as_string == "error"


def test_a_profile_naming_an_unknown_rule_is_refused(tmp_path):
    text = (ROOT / "profiles" / "preflight" / "newspaper.yaml").read_text()
    broken = tmp_path / "profiles" / "preflight" / "broken.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text(text + "rules: {no-such-rule: error}\n")
    with pytest.raises(InputError) as error:
        load_profile("broken", tmp_path)
    assert "unknown rule id no-such-rule" in error.value.problems[0].message


# -- false alarms that are gone --------------------------------------------------------------

def _x1a(doc: Doc, version: str, conformance: str | None) -> Doc:
    doc.info[NameObject("/GTS_PDFXVersion")] = TextStringObject(version)
    if conformance:
        doc.info[NameObject("/GTS_PDFXConformance")] = TextStringObject(conformance)
    del doc.catalog[NameObject("/Metadata")]  # PDF/X-1a needs no XMP
    intent = doc.add({"/Type": "/OutputIntent", "/S": "/GTS_PDFX", "/OutputConditionIdentifier": "FOGRA39",
                      "/RegistryName": "http://www.color.org", "/Info": "Coated FOGRA39"})
    doc.catalog[NameObject("/OutputIntents")] = pdf([intent])
    return doc


@pytest.mark.parametrize("version, conformance, called", [
    ("PDF/X-1:2001", "PDF/X-1a:2001", "PDF/X-1a:2001"),  # as Quark and InDesign write it
    ("PDF/X-1a:2003", None, "PDF/X-1a:2003"),
])
def test_pdfx1a_2001_and_2003_files_pass(tmp_path, version, conformance, called):
    report, rules = check(_x1a(rect(Doc()), version, conformance).save(tmp_path))
    assert rules == set() and report.pdfx_version == called, [str(f) for f in report.findings]


def test_pdfx1_2001_without_the_x1a_conformance_is_named_as_such(tmp_path):
    report = caught(tmp_path, _x1a(rect(Doc()), "PDF/X-1:2001", None), "pdfx-version")
    assert report.errors[0].message.startswith("PDF/X-1:2001 without a GTS_PDFXConformance of PDF/X-1a:2001")


def test_invisible_text_needs_no_embedded_font(tmp_path):
    doc = Doc()  # an OCR layer over a scan: text render mode 3
    helvetica = doc.add({"/Type": "/Font", "/Subtype": "/Type1", "/BaseFont": "/Helvetica"})
    doc.content(b"0 0 0 1 k 20 20 100 100 re f BT 3 Tr /F1 10 Tf 30 30 Td (scanned words) Tj ET",
                Font={"/F1": helvetica})
    assert check(doc.save(tmp_path, "ocr.pdf"))[1] == set()
    doc.content(b"BT /F1 10 Tf 30 30 Td (scanned words) Tj ET", Font={"/F1": helvetica})
    assert check(doc.save(tmp_path, "visible.pdf"))[1] == {"fonts"}


def test_a_colour_set_but_never_painted_is_not_a_finding(tmp_path):
    doc = Doc()
    doc.content(b"1 0 0 rg /Lab0 cs 50 0 0 sc 1 0 0 1 k 0 0 0 1 k 20 20 100 100 re f 0 0 1 RG 10 10 m 50 50 l n",
                ColorSpace={"/Lab0": ["/Lab", {"/WhitePoint": [0.9505, 1, 1.089]}]})
    report, rules = check(doc.save(tmp_path))
    assert rules == set() and report.colour_pages == []


def test_a_transparency_group_with_nothing_transparent_is_not_a_finding(tmp_path):
    doc = Doc()
    group = {"/Type": "/Group", "/S": "/Transparency", "/CS": "/DeviceRGB", "/I": True}
    form = doc.stream(b"/GS1 gs 0 0 0 1 k 0 0 50 50 re f", Type="/XObject", Subtype="/Form", BBox=[0, 0, 50, 50],
                      Group=group, Resources={"/ExtGState": {"/GS1": {"/ca": 1, "/CA": 1, "/BM": "/Normal"}}})
    doc.content(b"q 1 0 0 1 20 20 cm /X0 Do Q", XObject={"/X0": form})
    doc.page[NameObject("/Group")] = pdf(group)
    report, rules = check(doc.save(tmp_path), NEWSPAPER.model_copy(update={"transparency": "error"}))
    assert rules == set()


# -- the walk is bounded ---------------------------------------------------------------------

def _self_drawing(doc: Doc, through: int) -> None:
    forms = [doc.stream(b"", Type="/XObject", Subtype="/Form", BBox=[0, 0, 10, 10]) for _ in range(through)]
    for index, form in enumerate(forms):
        form.get_object().set_data(b"0 0 0 1 k 0 0 5 5 re f /Next Do")
        form.get_object()[NameObject("/Resources")] = pdf({"/XObject": {"/Next": forms[(index + 1) % through]}})
    doc.content(b"/X0 Do", XObject={"/X0": forms[0]})


@pytest.mark.parametrize("through", [1, 3])
def test_a_form_that_draws_itself_is_a_finding_and_finishes_at_once(tmp_path, through):
    doc = Doc()
    _self_drawing(doc, through)
    started = time.monotonic()
    report = caught(tmp_path, doc, "content-limit")
    assert time.monotonic() - started < 5
    assert "draws itself" in report.errors[0].message


def test_nesting_deeper_than_the_bound_is_a_finding(tmp_path):
    doc = Doc()
    form = doc.stream(b"0 0 0 1 k 0 0 5 5 re f", Type="/XObject", Subtype="/Form", BBox=[0, 0, 10, 10])
    for _ in range(40):
        form = doc.stream(b"/X Do", Type="/XObject", Subtype="/Form", BBox=[0, 0, 10, 10],
                          Resources={"/XObject": {"/X": form}})
    doc.content(b"/X Do", XObject={"/X": form})
    report = caught(tmp_path, doc, "content-limit")
    assert "nest deeper than 24 levels" in report.errors[0].message


def test_a_walk_past_its_operator_bound_stops_with_a_finding(tmp_path, monkeypatch):
    doc = Doc()  # ten forms each drawing the next ten times: 10^10 operators unbounded
    form = doc.stream(b"0 0 0 1 k 0 0 1 1 re f", Type="/XObject", Subtype="/Form", BBox=[0, 0, 10, 10])
    for _ in range(10):
        form = doc.stream(b"/X Do " * 10, Type="/XObject", Subtype="/Form", BBox=[0, 0, 10, 10],
                          Resources={"/XObject": {"/X": form}})
    doc.content(b"/X Do", XObject={"/X": form})
    monkeypatch.setattr(preflight_module, "LIMITS", Limits(operators=50_000))
    started = time.monotonic()
    report = caught(tmp_path, doc, "content-limit")
    assert time.monotonic() - started < 5
    assert "more than 50,000 drawing operators" in report.errors[0].message


def test_a_walk_past_its_time_bound_stops_with_a_finding(tmp_path, monkeypatch):
    doc = Doc()
    doc.content(b"0 0 0 1 k 0 0 1 1 re f\n" * 20_000)
    monkeypatch.setattr(preflight_module, "LIMITS", Limits(seconds=0))
    report = caught(tmp_path, doc, "content-limit")
    assert "checking took longer than 0 s" in report.errors[0].message


# -- reports a printer reads -----------------------------------------------------------------

def test_a_finding_says_what_and_where_in_mm_from_the_trim(tmp_path):
    doc = Doc()
    picture = doc.image((640, 480), "RGB", (200, 30, 30), "/DeviceRGB")
    x, y = BLEED + 10 * MM, BLEED + 20 * MM
    doc.content(f"q 640 0 0 480 {x:.4f} {y:.4f} cm /i873af3ad4307700f2fda22ab59e5e1011 Do Q".encode(),
                XObject={"/i873af3ad4307700f2fda22ab59e5e1011": picture})
    report, rules = check(doc.save(tmp_path))
    assert rules == {"colour", "resolution"}
    for finding in report.findings:
        assert finding.object == "image 640 x 480 px, DeviceRGB, 72 ppi" and finding.page == 1
        assert (finding.x_mm, finding.y_mm, finding.width_mm, finding.height_mm) == (10.0, 20.0, 225.8, 169.3)
        text = str(finding)
        assert "page 1 image 640 x 480 px, DeviceRGB, 72 ppi at 10.0, 20.0 mm, 225.8 x 169.3 mm: " in text
        assert "None" not in text and "i873af3" not in text and text.endswith(f"[{finding.rule}]")


def test_json_carries_the_same_fields(tmp_path):
    doc = Doc()
    doc.content(b"q 36 0 0 36 100 100 cm /Im0 Do Q", XObject={"/Im0": doc.image()})
    path = doc.save(tmp_path)
    result = CliRunner().invoke(main, ["preflight", str(path), "--profile", "newspaper-ad", "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    finding, = report["findings"]
    assert finding == {"severity": "error", "check": "resolution", "rule": "resolution",
                       "message": "40 ppi effective; colour images need at least 150 ppi (200 wanted)",
                       "page": 1, "object": "image 20 x 20 px, DeviceCMYK, 40 ppi",
                       "x_mm": pytest.approx(32.3), "y_mm": pytest.approx(32.3),
                       "width_mm": 12.7, "height_mm": 12.7}
    text = CliRunner().invoke(main, ["preflight", str(path), "--profile", "newspaper-ad"]).output
    assert text.count(str(path.name)) == 1  # the file named once, in the summary


def test_more_than_twenty_of_the_same_finding_on_a_page_are_counted_not_listed(tmp_path):
    doc = Doc()
    picture = doc.image()
    doc.content(b"".join(f"q 36 0 0 36 {10 + 3 * n} 100 cm /Im0 Do Q ".encode() for n in range(30)),
                XObject={"/Im0": picture})
    report = caught(tmp_path, doc, "resolution")
    assert len(report.findings) == 21
    assert report.findings[-1].message == "and 10 more findings like the ones above, not listed"
