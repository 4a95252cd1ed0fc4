"""Malformed PDFs, made here from sound ones (no downloaded files): truncated at several
points, a broken cross-reference table, zero bytes, a JPEG and an HTML page renamed .pdf,
random bytes after a PDF header, a page tree that loops, a missing page object, wrong types
in a MediaBox, in a content stream operator, in an image and in a font, and files locked
with a password (AES-256 and RC4 40-bit). Each is run through the installed command as a
supplied ad (``pressroom preflight``, ``pressroom ads``, ``pressroom build``), as the
original to impose (``pressroom impose``, ``pressroom impose --verify``) and as the imposed
file (``impose --verify``): exit 2, no traceback, one line naming the file and saying what
is wrong ("not a PDF", "damaged: ...", "encrypted: ..."), nothing written, within 10 s.
Forms that draw themselves and resources that lead back to their page end, in the library
and in the commands."""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, IndirectObject, NameObject,
                           NumberObject, TextStringObject)

from pressroom.ads import Slot, place_ads
from pressroom.errors import InputError
from pressroom.impose import impose
from pressroom.layout import load_layout
from pressroom.manifest import AdBooking
from pressroom.pdfpages import check_content, check_structure, page_as_form, read_placements
from pressroom.preflight import open_pdf

from conftest import ROOT, make_mini_issue, make_project, run_pressroom
from test_ads import book, make_ad
from test_impose import make_issue_pdf

SECONDS = 10  # each command, on each file; longer is a hang


# -- damage: each takes a sound PDF and gives the bytes of a damaged one --------------------

def rewritten(base: Path, change) -> bytes:
    """``base`` with its first page (and whatever else) changed by ``change(writer, page)``."""
    writer = PdfWriter(clone_from=base)
    change(writer, writer.pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stream(data: bytes, **entries) -> DecodedStreamObject:
    made = DecodedStreamObject()
    made.set_data(data)
    made.update({NameObject(f"/{key}"): value for key, value in entries.items()})
    return made


def draw(writer: PdfWriter, page, data: bytes) -> None:
    """Add a content stream drawing ``data`` after the page's own."""
    contents = page.raw_get("/Contents")
    existing = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([*existing, writer._add_object(stream(data))])


def add_xobject(writer: PdfWriter, page, name: str, xobject) -> IndirectObject:
    reference = writer._add_object(xobject)
    resources = page["/Resources"].get_object()
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    resources["/XObject"].get_object()[NameObject(name)] = reference
    return reference


def truncated(fraction: float):
    def damage(base: Path) -> bytes:
        data = base.read_bytes()
        return data[:int(len(data) * fraction)]
    return damage


def without_trailer(base: Path) -> bytes:
    """Cut just before ``startxref``: every object there, the way to find them gone."""
    data = base.read_bytes()
    return data[:data.rindex(b"startxref")]


def xref_offsets_wrong(base: Path) -> bytes:
    """Every offset in the cross-reference table 7 bytes off."""
    data = base.read_bytes()
    start = data.rindex(b"\nxref\n")
    table = re.sub(rb"(?m)^(\d{10}) (\d{5}) n", lambda m: b"%010d %s n" % (int(m[1]) + 7, m[2]), data[start:])
    assert table != data[start:]
    return data[:start] + table


def startxref_wrong(base: Path) -> bytes:
    """``startxref`` pointing into the middle of the file."""
    data = base.read_bytes()
    return re.sub(rb"startxref\s+\d+", b"startxref\n%d" % (len(data) // 2), data)


def page_tree_cycle(writer: PdfWriter, page) -> None:
    """The page tree's /Kids lists the page tree node itself: back to the parent."""
    pages = writer.root_object["/Pages"]
    pages["/Kids"].append(writer.root_object.raw_get("/Pages"))


def missing_page_object(writer: PdfWriter, page) -> None:
    pages = writer.root_object["/Pages"]
    pages["/Kids"][0] = IndirectObject(9999, 0, writer)


def mediabox_wrong_types(writer: PdfWriter, page) -> None:
    page[NameObject("/MediaBox")] = ArrayObject([NumberObject(0), NumberObject(0), TextStringObject("x"),
                                                 NumberObject(10)])


def operator_wrong_operands(writer: PdfWriter, page) -> None:
    draw(writer, page, b"\nq 1 0 0 1 (x) /y cm Q\n")


def image_negative_width(writer: PdfWriter, page) -> None:
    image = stream(bytes(50), Type=NameObject("/XObject"), Subtype=NameObject("/Image"), Width=NumberObject(-5),
                   Height=NumberObject(10), ColorSpace=NameObject("/DeviceGray"), BitsPerComponent=NumberObject(8))
    add_xobject(writer, page, "/Broken", image)
    draw(writer, page, b"\nq 10 0 0 10 0 0 cm /Broken Do Q\n")


def font_is_an_integer(writer: PdfWriter, page) -> None:
    """The first font the page uses (by name) becomes the integer 42."""
    fonts = page["/Resources"]["/Font"]
    fonts[NameObject(sorted(fonts)[0])] = NumberObject(42)


def locked(algorithm: str, password: str = "secret"):
    def change(writer: PdfWriter, page) -> None:
        writer.encrypt(user_password=password, owner_password="owner", algorithm=algorithm)
    return change


def jpeg(base: Path) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


HTML = b"<!DOCTYPE html>\n<html><head><title>Acme</title></head><body><p>Our advert</p></body></html>\n"

# name: (damage, what the message says, words it must hold)
CASES = {
    "zero-bytes": (lambda base: b"", "not a PDF", "the file is empty"),
    "jpeg-renamed": (jpeg, "not a PDF", "JPEG picture"),
    "html-renamed": (lambda base: HTML, "not a PDF", "HTML page"),
    "random-after-header": (lambda base: b"%PDF-1.7\n" + random.Random(19).randbytes(4096), "damaged", ""),
    "truncated-quarter": (truncated(0.25), "damaged", "cut short"),
    "truncated-half": (truncated(0.5), "damaged", "cut short"),
    "truncated-three-quarters": (truncated(0.75), "damaged", "cut short"),
    "truncated-before-trailer": (without_trailer, "damaged", "cut short"),
    "xref-offsets-wrong": (xref_offsets_wrong, "damaged", "cross-reference table is broken"),
    "startxref-wrong": (startxref_wrong, "damaged", "cross-reference table is broken"),
    "page-tree-cycle": (lambda base: rewritten(base, page_tree_cycle), "damaged", "page tree"),
    "missing-page-object": (lambda base: rewritten(base, missing_page_object), "damaged",
                            "object 9999 0, which it refers to, is missing"),
    "mediabox-wrong-types": (lambda base: rewritten(base, mediabox_wrong_types), "damaged",
                             "page 1: its /MediaBox is [0 0 (x) 10], not four numbers"),
    "operator-wrong-operands": (lambda base: rewritten(base, operator_wrong_operands), "damaged",
                                "page 1: the operator cm takes 6 numbers, not 1 0 0 1 (…) /y"),
    "image-negative-width": (lambda base: rewritten(base, image_negative_width), "damaged",
                             "page 1: image /Broken: its /Width is -5, not a number of pixels"),
    "font-is-an-integer": (lambda base: rewritten(base, font_is_an_integer), "damaged",
                           "is 42, not a font dictionary"),
    "aes-256-password": (lambda base: rewritten(base, locked("AES-256")), "encrypted", "AES-256"),
    "rc4-40-password": (lambda base: rewritten(base, locked("RC4-40")), "encrypted", "RC4 40-bit"),
}
REASON = {"not a PDF": "is not a PDF (", "damaged": "is not a readable PDF (damaged: ",
          "encrypted": "is not a readable PDF (encrypted: "}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """Sound files (a one-page PDF/X ad, a 4-page original, that original imposed saddle),
    each case's damaged ad, original and imposed file, and a mini issue with the ad booked
    at the foot of page 4 (a test puts its case's ad there)."""
    folder = tmp_path_factory.mktemp("corpus")
    sound = folder / "sound"
    sound.mkdir()
    # Written again by pypdf first: one classic cross-reference table to break.
    ad = sound / "ad.pdf"
    PdfWriter(clone_from=make_ad(folder / "made" / "ad.pdf", 254, 62)).write(ad)
    original = sound / "original.pdf"
    PdfWriter(clone_from=make_issue_pdf(folder / "made", 4)).write(original)
    imposed = sound / "imposed.pdf"
    impose(original, imposed, scheme_name="saddle", project_root=ROOT)
    files = {}
    for case, (damage, _, _) in CASES.items():
        files[case] = {}
        for kind, base in (("ad", ad), ("original", original), ("imposed", imposed)):
            files[case][kind] = folder / kind / f"{case}-{kind}.pdf"
            files[case][kind].parent.mkdir(exist_ok=True)
            files[case][kind].write_bytes(damage(base))
    (folder / "project").mkdir()
    project = make_project(folder / "project")
    issue = make_mini_issue(project)
    (issue / "ads").mkdir()
    shutil.copy(ad, issue / "ads" / "acme.pdf")
    book(issue, "{page: 4, size: strip, position: bottom, advertiser: Acme Hardware, file: ads/acme.pdf}")
    return {"folder": folder, "ad": ad, "original": original, "imposed": imposed, "files": files,
            "issue": issue, "project": project}


def run(*args, cwd: Path) -> subprocess.CompletedProcess:
    """The installed command, stopped (and the test failed) after SECONDS: a hang."""
    start = time.monotonic()
    try:
        result = run_pressroom(*args, cwd=cwd, timeout=SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"pressroom {' '.join(map(str, args))} did not finish in {SECONDS} s (a hang)")
    assert time.monotonic() - start < SECONDS
    return result


COMMANDS = ["preflight", "ads", "build", "impose", "verify-original", "verify-imposed"]
# Every case through every command, but one: preflight reads content with its own walk
# (test_preflight_of_content_with_wrong_operands_is_bad_input).
MATRIX = [(case, command) for case in CASES for command in COMMANDS
          if (case, command) != ("operator-wrong-operands", "preflight")]


@pytest.mark.parametrize("case, command", MATRIX, ids=[f"{case}-{command}" for case, command in MATRIX])
def test_a_malformed_pdf_is_bad_input_in_one_line_naming_it(corpus, tmp_path, case, command):
    files, issue = corpus["files"][case], corpus["issue"]
    out = tmp_path / "out"
    shutil.copy(files["ad"], issue / "ads" / "acme.pdf")
    args, named = {
        "preflight": (["preflight", files["ad"], "--profile", "newspaper-ad"], files["ad"].name),
        "ads": (["ads", issue], "ads/acme.pdf"),
        "build": (["build", issue, "--out", out, "--quiet"], "ads/acme.pdf"),
        "impose": (["impose", files["original"], "-o", out / "imposed.pdf", "--quiet"], files["original"].name),
        "verify-original": (["impose", "--verify", corpus["imposed"], files["original"]], files["original"].name),
        "verify-imposed": (["impose", "--verify", files["imposed"], corpus["original"]], files["imposed"].name),
    }[command]
    result = run(*args, cwd=tmp_path)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    _, kind, words = CASES[case]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, output
    assert f"{named} {REASON[kind]}" in errors[0] and words in errors[0], output
    assert all(line.startswith(("error: ", "  hint: ")) for line in result.stderr.splitlines()), output
    assert not out.exists()  # nothing built, nothing imposed
    if command == "ads":
        assert re.search(r"ads/acme\.pdf\s+unreadable$", result.stdout, re.M), output
    assert result.returncode == 2, output


def test_preflight_of_content_with_wrong_operands_is_bad_input(corpus, tmp_path):
    """The case the matrix above leaves out: ``pressroom preflight`` reads content streams
    with its own walk (not ``pdfpages.check_content``, which would read every page twice),
    and a file given by path with operators it cannot read is damaged."""
    result = run("preflight", corpus["files"]["operator-wrong-operands"]["ad"], "--profile", "newspaper-ad",
                 cwd=tmp_path)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 2, output
    assert "operator-wrong-operands-ad.pdf is not a readable PDF (damaged: " in result.stderr, output


def test_the_sound_files_the_damage_is_made_from_pass(corpus, tmp_path):
    """The same commands on the files before they were damaged: what is refused above is
    the damage."""
    issue = corpus["issue"]
    shutil.copy(corpus["ad"], issue / "ads" / "acme.pdf")
    for args in (["preflight", corpus["ad"], "--profile", "newspaper-ad"], ["ads", issue],
                 ["impose", corpus["original"], "-o", tmp_path / "imposed.pdf", "--quiet"],
                 ["impose", "--verify", corpus["imposed"], corpus["original"]]):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert not result.stderr.strip(), result.stderr  # not even a warning from pypdf


@pytest.mark.parametrize("algorithm", ["AES-256", "RC4-40"])
def test_an_encrypted_pdf_that_opens_without_a_password_fails_preflight_for_its_encryption(
        corpus, tmp_path, algorithm):
    """PDF/X forbids encryption: a file that opens without a password is read and reported
    (exit 1, the "encryption" finding); as a supplied ad its booking fails (ads exit 1,
    build exit 2 naming the booking)."""
    ad = tmp_path / "locked.pdf"
    ad.write_bytes(rewritten(corpus["ad"], locked(algorithm, password="")))
    assert PdfReader(ad).is_encrypted
    result = run("preflight", ad, "--profile", "newspaper-ad", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert "encrypted" in result.stdout and "preflight FAILED" in result.stdout, output
    issue = corpus["issue"]
    shutil.copy(ad, issue / "ads" / "acme.pdf")
    result = run("ads", issue, cwd=tmp_path)
    assert result.returncode == 1 and "preflight error" in result.stdout, result.stdout + result.stderr
    result = run("build", issue, "--out", tmp_path / "out", "--quiet", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 2 and "Traceback" not in output and "ads/acme.pdf fails preflight" in output, output
    assert "encrypt" in output, output


@pytest.mark.parametrize("record", ['{"scheme": {"name": "saddle", "pages": 4, "padded": 1000000000}}', "[1, 2]",
                                    "not json at all", '{"scheme": {"name": "saddle", "pages": "4", "padded": 4}}'])
def test_a_damaged_imposition_record_is_bad_input_not_believed(corpus, tmp_path, record):
    writer = PdfWriter(clone_from=corpus["imposed"])
    writer.root_object[NameObject("/PressroomImposition")] = TextStringObject(record)
    forged = tmp_path / "forged.pdf"
    writer.write(forged)
    result = run("impose", "--verify", forged, corpus["original"], cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 2 and "Traceback" not in output, output
    assert "forged.pdf is not a readable PDF (damaged: its PressroomImposition record is not one Pressroom " \
           "writes)" in result.stderr, output


# -- forms that draw themselves, resources that lead back to their page -----------------------

def loops(writer: PdfWriter, page) -> None:
    """A form that draws itself twice and another form that draws it and itself, whose
    resources also hold the page itself; the page draws the first."""
    box = ArrayObject([NumberObject(0), NumberObject(0), NumberObject(10), NumberObject(10)])
    loop = stream(b"0 0 0 1 k 0 0 5 5 re f /Loop Do /Loop Do /Other Do", Type=NameObject("/XObject"),
                  Subtype=NameObject("/Form"), BBox=box)
    other = stream(b"/Loop Do /Other Do", Type=NameObject("/XObject"), Subtype=NameObject("/Form"), BBox=box)
    loop_ref = add_xobject(writer, page, "/Loop", loop)
    table = DictionaryObject({NameObject("/Loop"): loop_ref, NameObject("/Other"): writer._add_object(other)})
    for form in (loop, other):
        form[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): table,
                                                          NameObject("/Properties"): DictionaryObject(
                                                              {NameObject("/Page"): page.indirect_reference})})
    draw(writer, page, b"\nq /Loop Do Q\n")


@pytest.fixture(scope="module")
def looping(corpus) -> dict:
    folder = corpus["folder"] / "loops"
    folder.mkdir()
    files = {}
    for kind in ("ad", "original"):
        files[kind] = folder / f"loops-{kind}.pdf"
        files[kind].write_bytes(rewritten(corpus[kind], loops))
    return files


def test_the_library_reads_and_places_a_self_drawing_form_once(corpus, looping):
    start = time.monotonic()
    reader = open_pdf(looping["ad"])  # its structure checked, each object once
    check_structure(reader)
    check_content(reader)
    writer = PdfWriter(clone_from=corpus["original"])
    form = page_as_form(writer, reader.pages[0])
    assert form.get_object()["/Resources"]["/XObject"]["/Loop"].get_object()["/Resources"]["/XObject"]["/Loop"]
    config = load_layout(ROOT, "tabloid").config
    booking = AdBooking(page=1, size="strip", position="bottom", advertiser="Loops", file="ads/loops.pdf")
    placed = place_ads(corpus["original"].read_bytes(), [Slot(0, booking, 13, 30, 254, 62)],
                       {0: looping["ad"].read_bytes()}, config)
    page = PdfReader(io.BytesIO(placed)).pages[0]
    assert [placement.name for placement in read_placements(page)] == ["/PressroomAd1"]
    assert time.monotonic() - start < 5


def test_the_commands_finish_on_a_self_drawing_form(corpus, looping, tmp_path):
    """preflight reports the loop (the walk's bound: its own tests say how); impose places
    the page and verifies it; ads and build assess the ad: each ends, without a traceback."""
    issue = corpus["issue"]
    shutil.copy(looping["ad"], issue / "ads" / "acme.pdf")
    imposed = tmp_path / "imposed.pdf"
    for args, codes in ((["preflight", looping["ad"], "--profile", "newspaper-ad"], (0, 1)),
                        (["ads", issue], (0, 1)), (["build", issue, "--out", tmp_path / "out", "--quiet"], (0, 1, 2)),
                        (["impose", looping["original"], "-o", imposed, "--quiet"], (0,)),
                        (["impose", "--verify", imposed, looping["original"]], (0,))):
        result = run(*args, cwd=tmp_path)
        output = result.stdout + result.stderr
        assert result.returncode in codes and "Traceback" not in output, (args[0], output)


def test_resources_that_are_not_dictionaries_are_damage_named_where(corpus, tmp_path):
    """A few more wrong types, read by the library as the commands read them."""
    def resources_an_array(writer, page):
        page[NameObject("/Resources")] = ArrayObject([NumberObject(1)])

    def xobject_the_page_itself(writer, page):
        add_xobject(writer, page, "/Me", DictionaryObject())  # a dictionary, not a stream
        page["/Resources"]["/XObject"][NameObject("/Me")] = page.indirect_reference

    def contents_a_number(writer, page):
        page[NameObject("/Contents")] = NumberObject(7)

    for change, words in ((resources_an_array, "page 1: its /Resources is [1], not a dictionary"),
                          (xobject_the_page_itself, "page 1: XObject /Me is << … >>, not a stream"),
                          (contents_a_number, "page 1: its /Contents holds 7, not a content stream")):
        damaged = tmp_path / f"{change.__name__}.pdf"
        damaged.write_bytes(rewritten(corpus["ad"], change))
        with pytest.raises(InputError) as refused:
            open_pdf(damaged, damaged.name)
        assert f"{damaged.name} is not a readable PDF (damaged: {words})" in str(refused.value)
