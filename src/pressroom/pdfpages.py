"""Whole PDF pages drawn inside other pages as form XObjects: ads onto issue pages, issue
pages onto imposed sheets. The placed page stays vector: its content, fonts and images are
copied across, never rasterised.

A placement is written as one recognisable run of operators,
``q X Y W H re W n 1 0 0 1 DX DY cm /NAME Do Q`` (clip, then move), which is what the
checks read back to prove where each page landed.

Pages from outside (a supplied ad, a file given to ``pressroom preflight`` or ``impose``)
are checked before they are read further or drawn, by ``preflight.open_pdf`` and
``preflight.reading_pdf`` with the helpers here: what a file that is not a PDF is
(``not_a_pdf``), how an encrypted one is locked (``encryption``), what pypdf had to repair
to read one (``noting_repairs``), whether its pages hold together (``check_structure``) and
whether its content streams give each operator the operands it takes (``check_content``).
Every walk here visits each object once, so a form that draws itself, or resources that
lead back to the page, end.
"""

from __future__ import annotations

import logging
import math
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.errors import PdfReadError, PyPdfError
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, IndirectObject,
                           NameObject, NullObject, StreamObject)

from .contentstream import STRING, operations

PT_PER_MM = 72 / 25.4
PLACEMENT = re.compile(rb"q ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re W n "
                       rb"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) cm (/[\w.-]+) Do Q")


def resource_table(page, category: str):
    """A page's table of resources of one ``category`` ("/Font", "/XObject"...), or None."""
    resources = page.get("/Resources")
    table = resources.get_object().get(category) if resources is not None else None
    return table.get_object() if table is not None else None


def page_as_form(writer: PdfWriter, page) -> object:
    """A form XObject holding ``page`` (from another document): content, resources,
    transparency group and its MediaBox as BBox, copied into ``writer``; returns it added."""
    content = page.get_contents()
    form = DecodedStreamObject()
    form.set_data(content.get_data() if content is not None else b"")
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(float(value)) for value in page.mediabox]),
        NameObject("/Resources"): page["/Resources"].get_object().clone(writer)
        if "/Resources" in page else DictionaryObject(),
    })
    if "/Group" in page:
        form[NameObject("/Group")] = page["/Group"].get_object().clone(writer)
    return writer._add_object(form.flate_encode())


def placement_operators(name: str, clip: tuple[float, float, float, float], dx: float, dy: float) -> str:
    """Draw form ``name`` moved by (dx, dy) points, clipped to ``clip`` (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = clip
    return (f"q {x0:.4f} {y0:.4f} {x1 - x0:.4f} {y1 - y0:.4f} re W n "
            f"1 0 0 1 {dx:.4f} {dy:.4f} cm {name} Do Q\n")


def add_to_page(writer: PdfWriter, page, forms: dict[str, object], operators: str) -> None:
    """Register ``forms`` (name -> reference) in the page's resources and draw
    ``operators`` over the page's own content, which is wrapped in q/Q first so that any
    matrix it leaves set (WeasyPrint flips y) does not move what is added."""
    resources = page["/Resources"].get_object()
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    xobjects = resources["/XObject"].get_object()
    for name, reference in forms.items():
        xobjects[NameObject(name)] = reference
    save, added = DecodedStreamObject(), DecodedStreamObject()
    save.set_data(b"q\n")
    added.set_data(b"\nQ\n" + operators.encode())
    contents = page.raw_get("/Contents") if "/Contents" in page else None  # references: streams stay indirect
    if contents is None:
        contents = []
    elif isinstance(contents.get_object(), ArrayObject):
        contents = list(contents.get_object())
    else:
        contents = [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(save), *contents, writer._add_object(added.flate_encode())])


@dataclass(frozen=True)
class Placement:
    """A form drawn on a page, as read back: its name, clip (x0, y0, x1, y1) and matrix."""

    name: str
    clip: tuple[float, float, float, float]
    matrix: tuple[float, ...]

    @property
    def rotated_or_scaled(self) -> bool:
        a, b, c, d = self.matrix[:4]
        return abs(a - 1) > 1e-6 or abs(d - 1) > 1e-6 or abs(b) > 1e-6 or abs(c) > 1e-6


def read_placements(page) -> list[Placement]:
    """Every placement drawn on ``page`` by ``placement_operators``, in drawing order."""
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    found = []
    for match in PLACEMENT.finditer(data):
        x, y, w, h = (float(value) for value in match.groups()[:4])
        matrix = tuple(float(value) for value in match.groups()[4:10])
        found.append(Placement(match.group(11).decode(), (x, y, x + w, y + h), matrix))
    return found


# -- PDFs from outside: what they are, what pypdf repaired, whether their pages hold together --

# What a damaged PDF raises from the code that reads it (pypdf's, or ours taking a value of
# the wrong type from it): inside ``preflight.reading_pdf`` these are "damaged: ...".
READ_ERRORS = (TypeError, AttributeError, KeyError, ValueError, IndexError, RecursionError,
               ArithmeticError, zlib.error, struct.error)

# pypdf tells of each repair it makes to read a damaged file on as a logging warning. Inside
# ``noting_repairs`` they are damage; elsewhere they would only print lines such as
# "Object 3 0 found" that nobody can act on.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

_FILE_KINDS = ((b"\xff\xd8\xff", "a JPEG picture"), (b"\x89PNG", "a PNG picture"), (b"GIF8", "a GIF picture"),
               (b"II*\x00", "a TIFF picture"), (b"MM\x00*", "a TIFF picture"), (b"8BPS", "a Photoshop file"),
               (b"%!PS", "a PostScript file: distil it to PDF/X first"), (b"\xc5\xd0\xd3\xc6", "an EPS file"),
               (b"PK\x03\x04", "a ZIP archive (a Word file, or a packaged folder?)"),
               (b"{\\rtf", "an RTF document"), (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"))


def not_a_pdf(head: bytes) -> str | None:
    """What a file is, from its first 1024 bytes, when it is not a PDF ("it is a JPEG
    picture"); None when it is one (``%PDF-`` within those bytes, as PDF readers accept)."""
    if not head:
        return "the file is empty"
    if b"%PDF-" in head[:1024]:
        return None
    for signature, what in _FILE_KINDS:
        if head.startswith(signature):
            return f"it is {what}"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta")):
        return "it is an HTML page (a web page saved under a .pdf name?)"
    if text.startswith((b"<?xml", b"<svg")):
        return "it is an XML or SVG file"
    return "it does not begin with %PDF-"


def encryption(reader) -> str:
    """How an encrypted PDF is locked, in words: "AES-256", "RC4 40-bit", "AES-128"..."""
    try:
        encrypt = _resolved(reader.trailer.get("/Encrypt"))
        handler, version = encrypt.get("/Filter"), int(encrypt.get("/V", 0))
        if handler != "/Standard":
            return f"the {str(handler).lstrip('/')} security handler"
        if version >= 5:
            return "AES-256"
        if version == 4:
            method = _resolved(_resolved(encrypt.get("/CF", {})).get("/StdCF", {})).get("/CFM")
            return {"/AESV2": "AES-128", "/AESV3": "AES-256", "/V2": "RC4 128-bit"}.get(method, "a crypt filter")
        return f"RC4 {int(encrypt.get('/Length', 40))}-bit"
    except (PyPdfError, *READ_ERRORS):
        return "an encryption that cannot be read"


@contextmanager
def noting_repairs():
    """While inside: every repair pypdf makes to the structure of the file it reads in this
    thread (a broken cross-reference table rebuilt, a missing object read as null, a number
    that is not one read as 0, a page tree entry that is not a page skipped), as a
    PdfReadError with pypdf's words, in the list yielded. Warnings about what a page draws
    (a picture that does not decode) are left to preflight's checks."""
    found: list[PdfReadError] = []
    thread = threading.get_ident()

    class Noter(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.thread == thread and record.levelno >= logging.WARNING and _is_repair(record):
                found.append(PdfReadError(record.getMessage()))

    logger, noter = logging.getLogger("pypdf"), Noter()
    logger.addHandler(noter)
    try:
        yield found
    finally:
        logger.removeHandler(noter)


def _is_repair(record: logging.LogRecord) -> bool:
    message = record.getMessage()
    if record.name == "pypdf._reader":  # the file's structure: header, end, xref, trailer, objects
        return not any(harmless in message for harmless in (
            "Duplicate %%EOF", "EOF marker not at start of line", "startxref on same line", "/ID entry"))
    if record.name == "pypdf._doc_common":  # the page tree
        return message.startswith(("Ignoring page tree entry", "IndirectObject is not referencing a page"))
    if record.name == "pypdf.generic._base":
        return "FloatObject" in message or "NumberObject" in message
    return record.name == "pypdf.generic._data_structures" and message.startswith("Stream length not defined")


class Damage(PdfReadError):
    """Damage the checks here found, said in a printer's words already (where, and what)."""


# pypdf's words for what is wrong, and the same in a printer's.
_PLAIN = ((("Cannot read an empty file",), "the file is empty"),
          (("EOF marker", "might be truncated", "has ended unexpectedly", "Unexpected EOF", "startxref not found"),
           "it is cut short: its end, with the table of where its objects are, is missing"),
          (("Root", "Catalog"), "its catalog (/Root) is missing or broken"),
          (("xref", "Xref", "XRef", "Object Streams", "ref repaired", "wrong pointing object", "trailer",
            "startxref"), "its cross-reference table is broken: its objects are not where it says"),
          (("cyclic page references", "page tree"), "its page tree loops back on itself or lists what is not a page"),
          (("invalid pdf header", "PDF starts with"), "it does not begin with %PDF-"),
          (("FloatObject", "NumberObject"), "a number in it is not a number"),
          (("Stream length not defined",), "a stream in it has no /Length"))
_MISSING_OBJECT = re.compile(r"Object (\d+) (\d+) not defined")
_FOUND_OBJECT = re.compile(r"^Object (\d+) (\d+) found")


def damage(error: BaseException) -> str:
    """What is wrong with a damaged PDF, in one line, from what reading it raised (or what
    pypdf repaired): plain words first, then what the reader said."""
    said = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, Damage):
        plain = said
    elif isinstance(error, PyPdfError):
        missing = _MISSING_OBJECT.search(said)
        if missing:
            plain = f"object {missing[1]} {missing[2]}, which it refers to, is missing"
        elif _FOUND_OBJECT.search(said):
            plain = _PLAIN[3][1]
        else:
            plain = next((words for keys, words in _PLAIN if any(key in said for key in keys)), said)
    elif isinstance(error, RecursionError):
        plain, said = "its objects refer to each other without end, or nest too deep", ""
    elif isinstance(error, KeyError):
        plain, said = "an entry it needs is missing", f"KeyError: {said}"
    elif isinstance(error, IndexError):
        plain, said = "an array in it is too short", f"IndexError: {said}"
    elif isinstance(error, ArithmeticError):
        plain, said = "a number in it is impossible", f"{type(error).__name__}: {said}"
    else:
        plain, said = "a value in it has the wrong type", f"{type(error).__name__}: {said}"
    text = plain if not said or said == plain else f"{plain} ({said})"
    return text if len(text) <= 200 else text[:199] + "…"


# -- structure: pages, boxes, resources, and everything they lead to, each object once --

BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")
_RESOURCE_TABLES = ("/Font", "/XObject", "/ExtGState", "/ColorSpace", "/Pattern", "/Shading", "/Properties")


def check_structure(reader) -> None:
    """Refuse a PDF whose pages do not hold together, with a Damage error saying where
    (``reading_pdf`` reports it as damage): a page with no MediaBox, a box that is not four
    numbers around an area, contents that are not content streams, resources that are not
    dictionaries, a font that is not a dictionary, an XObject that is not an image or form
    stream, an image with no pixels, a form with no BBox (a MediaBox or a form's BBox that
    encloses no area too; other boxes are preflight's to judge). Forms, tiling patterns and
    Type 3 fonts are followed into their own resources, each object once."""
    seen: set = set()
    for number, page in enumerate(reader.pages, start=1):
        where = f"page {number}"
        if "/MediaBox" not in page:
            raise Damage(f"{where} has no /MediaBox")
        for key in BOXES:
            if key in page:
                _rectangle(page.get(key), f"{where}: its {key}", area=key == "/MediaBox")
        _content_streams(page.get("/Contents"), where)
        for _ in _reachable(page.get("/Resources"), where, seen):
            pass


def _resolved(value):
    """``value`` with an indirect reference followed; None for null or a missing object."""
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return None if isinstance(value, NullObject) else value


def _show(value) -> str:
    """A PDF value as it would be written, briefly: ``[0 0 (x) 10]``, ``42``, ``/Name``."""
    value = _resolved(value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (int, float)):
        text = f"{value:g}"
    elif isinstance(value, NameObject):
        text = str(value)
    elif isinstance(value, (str, bytes)):
        text = "(…)" if value == STRING else f"({value if isinstance(value, str) else value.decode('latin-1')})"
    elif isinstance(value, StreamObject):
        text = "a stream"
    elif isinstance(value, dict):
        text = "<< … >>"
    elif isinstance(value, list):
        text = "[" + " ".join(_show(item) for item in value[:8]) + (" …" if len(value) > 8 else "") + "]"
    elif value is None:
        text = "null (a missing object)"
    else:
        text = type(value).__name__
    return text if len(text) <= 60 else text[:59] + "…"


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _rectangle(value, where: str, area: bool = True) -> None:
    box = _resolved(value)
    items = [_resolved(item) for item in box] if isinstance(box, list) else []
    if len(items) != 4 or not all(_number(item) for item in items):
        raise Damage(f"{where} is {_show(box)}, not four numbers")
    if area and (items[0] == items[2] or items[1] == items[3]):
        raise Damage(f"{where} is {_show(box)}, which encloses no area")


def _content_streams(value, where: str) -> None:
    contents = _resolved(value)
    if contents is None and not isinstance(value, IndirectObject):
        return  # a page with nothing on it
    parts = [_resolved(item) for item in contents] if isinstance(contents, list) else [contents]
    for part in parts:
        if not isinstance(part, StreamObject):
            raise Damage(f"{where}: its /Contents holds {_show(part)}, not a content stream")


def _reachable(resources, where: str, seen: set) -> Iterator[tuple[str, StreamObject]]:
    """Check ``resources`` and everything they lead to; yield (where, stream) for each form
    XObject and tiling pattern reached, each once."""
    pending = [(resources, where)]
    while pending:
        value, where = pending.pop()
        key = value.idnum if isinstance(value, IndirectObject) else id(value)
        if value is None or key in seen:
            continue
        seen.add(key)
        table = _resolved(value)
        if table is None:
            continue
        if not isinstance(table, DictionaryObject):
            raise Damage(f"{where}: its /Resources is {_show(table)}, not a dictionary")
        for category in _RESOURCE_TABLES:
            if category not in table:
                continue
            entries = _resolved(table.get(category))
            if not isinstance(entries, DictionaryObject):
                raise Damage(f"{where}: its {category} resources are {_show(entries)}, not a dictionary")
            for name, item in entries.items():
                pending += _check_resource(category, name, item, where, seen)
                obj = _resolved(item)
                if isinstance(obj, StreamObject) and _draws(category, obj):
                    key = item.idnum if isinstance(item, IndirectObject) else id(obj)
                    if ("stream", key) not in seen:
                        seen.add(("stream", key))
                        yield f"{where}: {_kind(category, obj)} {name}", obj


def _draws(category: str, obj) -> bool:
    return (category == "/XObject" and obj.get("/Subtype") == "/Form") or (
        category == "/Pattern" and obj.get("/PatternType") == 1)


def _kind(category: str, obj) -> str:
    return "form" if category == "/XObject" else "pattern"


def _check_resource(category: str, name: str, item, where: str, seen: set) -> list:
    """Check one named resource; the resources it has of its own, to be checked in turn."""
    obj = _resolved(item)
    if category == "/Font":
        if not isinstance(obj, DictionaryObject):
            raise Damage(f"{where}: font {name} is {_show(obj)}, not a font dictionary")
        inner = [(obj.get("/Resources"), f"{where}: font {name}")] if "/Resources" in obj else []
        procedures = _resolved(obj.get("/CharProcs"))
        if obj.get("/Subtype") == "/Type3" and isinstance(procedures, DictionaryObject):
            for glyph, procedure in procedures.items():
                if not isinstance(_resolved(procedure), StreamObject):
                    raise Damage(f"{where}: font {name} glyph {glyph} is {_show(procedure)}, not a stream")
        return inner
    if category == "/XObject":
        if not isinstance(obj, StreamObject):
            raise Damage(f"{where}: XObject {name} is {_show(obj)}, not a stream")
        subtype = obj.get("/Subtype")
        if subtype == "/Image":
            _image(obj, f"{where}: image {name}")
        elif subtype == "/Form":
            _rectangle(obj.get("/BBox"), f"{where}: form {name}: its /BBox")
            return [(obj.get("/Resources"), f"{where}: form {name}")]
        elif subtype != "/PS":
            raise Damage(f"{where}: XObject {name} is neither an image nor a form (/Subtype {_show(subtype)})")
        return []
    if category in ("/ExtGState", "/Properties") and not isinstance(obj, DictionaryObject):
        raise Damage(f"{where}: {category[1:]} {name} is {_show(obj)}, not a dictionary")
    if category in ("/Pattern", "/Shading") and not isinstance(obj, DictionaryObject):
        raise Damage(f"{where}: {category[1:].lower()} {name} is {_show(obj)}, not a dictionary or stream")
    if category == "/ColorSpace" and not isinstance(obj, (NameObject, list)):
        raise Damage(f"{where}: colour space {name} is {_show(obj)}, not a name or an array")
    if category == "/Pattern" and obj.get("/PatternType") == 1:
        return [(obj.get("/Resources"), f"{where}: pattern {name}")]
    return []


def _image(image, where: str) -> None:
    for key in ("/Width", "/Height"):
        value = _resolved(image.get(key))
        if not _number(value) or value < 1 or value != int(value):
            raise Damage(f"{where}: its {key} is {_show(value)}, not a number of pixels")
    bits = _resolved(image.get("/BitsPerComponent"))
    if bits is not None and not image.get("/ImageMask") and bits not in (1, 2, 4, 8, 16):
        raise Damage(f"{where}: its /BitsPerComponent is {_show(bits)}, not 1, 2, 4, 8 or 16")


# -- content: each operator given the operands it takes --

# The operands of each operator that takes a fixed number: n a number, N a name, s a string,
# a an array, * anything (a property list, as a dictionary or a name).
_OPERANDS = {
    b"cm": "nnnnnn", b"w": "n", b"J": "n", b"j": "n", b"M": "n", b"d": "an", b"ri": "N", b"i": "n",
    b"gs": "N", b"m": "nn", b"l": "nn", b"c": "nnnnnn", b"v": "nnnn", b"y": "nnnn", b"re": "nnnn",
    b"g": "n", b"G": "n", b"rg": "nnn", b"RG": "nnn", b"k": "nnnn", b"K": "nnnn", b"cs": "N", b"CS": "N",
    b"Tc": "n", b"Tw": "n", b"Tz": "n", b"TL": "n", b"Tf": "Nn", b"Tr": "n", b"Ts": "n", b"Td": "nn",
    b"TD": "nn", b"Tm": "nnnnnn", b"Tj": "s", b"'": "s", b'"': "nns", b"TJ": "a", b"Do": "N", b"sh": "N",
    b"BMC": "N", b"BDC": "N*", b"MP": "N", b"DP": "N*", b"d0": "nn", b"d1": "nnnnnn",
}
# What ``contentstream.operations`` gives for each: numbers as floats, names as NameObjects,
# strings as bytes, arrays as lists.
_TYPES = {"n": float, "N": NameObject, "s": bytes, "a": list, "*": object}
_SIGNATURES = {operator: tuple(_TYPES[kind] for kind in kinds) for operator, kinds in _OPERANDS.items()}
_COLOUR_VALUES = {b"sc", b"SC", b"scn", b"SCN"}
_KIND = {"n": ("a number", "numbers"), "N": ("a name", "names"), "s": ("a string", "strings"),
         "a": ("an array", "arrays"), "*": ("a property list", "property lists")}


def check_content(reader, forms: bool = True) -> None:
    """Refuse a PDF whose content streams give an operator operands it does not take
    (``1 0 0 1 (x) /y cm``), or too few, with a Damage error naming the page, the form and
    the operator. With ``forms``, the forms and tiling patterns its pages use are read too,
    each once (a form that draws itself is read once)."""
    seen: set = set()
    for number, page in enumerate(reader.pages, start=1):
        contents = page.get_contents()
        if contents is not None:
            _check_operators(contents.get_data(), f"page {number}")
        if forms:
            for where, stream in _reachable(page.get("/Resources"), f"page {number}", seen):
                _check_operators(stream.get_data(), where)


def _check_operators(data: bytes, where: str) -> None:
    signatures = _SIGNATURES
    for operands, operator in operations(data):
        types = signatures.get(operator)
        if types is None:
            if operator in _COLOUR_VALUES:
                numbers = operands[:-1] if operator in (b"scn", b"SCN") and operands and isinstance(
                    operands[-1], NameObject) else operands
                if not operands or not all(type(item) is float for item in numbers):
                    raise Damage(f"{where}: the operator {operator.decode()} takes colour values, "
                                       f"not {_operands(operands)}")
            continue
        count = len(types)
        sound = len(operands) >= count
        if sound:
            for item, kind in zip(operands[-count:], types):
                if not isinstance(item, kind):
                    sound = False
                    break
        if not sound:
            raise Damage(f"{where}: the operator {operator.decode('latin-1')} takes "
                               f"{_describe(_OPERANDS[operator])}, not {_operands(operands)}")


def _describe(signature: str) -> str:
    runs = [(kind, len(run.group())) for run in re.finditer(r"(.)\1*", signature) for kind in [run.group()[0]]]
    parts = [_KIND[kind][0] if count == 1 else f"{count} {_KIND[kind][1]}" for kind, count in runs]
    return " and ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _operands(operands: list) -> str:
    return " ".join(_show(item) for item in operands) if operands else "none"
