"""Font merging: one subset per font again after chunks are joined.

Page chunks rendered on their own (chunks.py) each embed their own subset of every font they
use. Joined into one PDF, that would be one copy of each font per chunk. WeasyPrint names a
font after its description, the same in every chunk, and subsets with HarfBuzz keeping the
glyph IDs (RETAIN_GIDS), so the text on the pages needs no change: each font's subsets are
replaced by one subset of the original file in fonts/ holding the glyphs of all of them,
made with the same HarfBuzz calls as WeasyPrint's, and the font's widths (/W), ToUnicode map
and CIDSet become the union of the chunks'.

Fonts inside placed forms (ads) are left as they are: they belong to their artwork.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject, NumberObject

from .pdfpages import resource_table

_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")


class FontFiles:
    """The project's font files by PostScript name, and their HarfBuzz faces."""

    def __init__(self, paths: list[Path]):
        self.paths = {}
        for path in paths:
            with TTFont(path, lazy=True) as font:
                self.paths[font["name"].getDebugName(6)] = path
        self._data: dict[str, bytes] = {}

    def original(self, subset: bytes) -> bytes | None:
        """The file a subset was made from, found by the PostScript name it kept."""
        with TTFont(io.BytesIO(subset), lazy=True) as font:
            name = font["name"].getDebugName(6)
        if name not in self.paths:
            return None
        if name not in self._data:
            self._data[name] = self.paths[name].read_bytes()
        return self._data[name]


def merge_fonts(writer: PdfWriter, font_files: FontFiles) -> int:
    """Give every font used by the pages of ``writer`` one font program and one font
    dictionary; returns how many fonts were merged.

    WeasyPrint rounds a glyph's width at the size it first meets it and positions the text
    after it to match, so two chunks may give a glyph widths one unit apart. The merged font
    keeps the first chunk's width (in page order), and where a later chunk's text relied on
    another width, a position adjustment of the difference is written after that glyph in
    its TJ array: every glyph stays exactly where its chunk put it. The dictionaries
    replaced are left unreferenced, to be dropped when the file is written."""
    uses: dict[str, list] = {}  # font resource name -> [(font reference, resource table, page)]
    for page in writer.pages:
        fonts = resource_table(page, "/Font")
        for name in fonts or ():
            uses.setdefault(name, []).append((fonts.raw_get(name), fonts, page))
    adjustments: dict[int, dict[str, dict[int, float]]] = {}  # page id -> font -> glyph -> TJ
    merged = 0
    for name, found in uses.items():
        variants: dict[int, object] = {}
        for reference, _, _ in found:
            variants.setdefault(reference.idnum, reference)
        if len(variants) < 2:
            continue
        result = _merge(writer, [reference.get_object() for reference in variants.values()],
                        font_files)
        if result is None:
            continue
        replacement, deltas = result
        merged += 1
        for reference, table, page in found:
            table[NameObject(name)] = replacement
            delta = deltas[list(variants).index(reference.idnum)]
            if delta:
                adjustments.setdefault(id(page), {})[name] = delta
    for page in writer.pages:
        if id(page) in adjustments:
            content = page.get_contents()
            stream = DecodedStreamObject()
            stream.set_data(_compensate(content.get_data(), adjustments[id(page)]))
            page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    return merged


_TEXT = re.compile(rb"(?<![^\s])(q|Q)(?=\s)"
                   rb"|(/[^\s/\[\]<>(){}%]+)\s+[-+\d.]+\s+Tf(?=\s)"
                   rb"|\[([^\]]*)\]\s*TJ(?=\s)"
                   rb"|<([0-9A-Fa-f]*)>\s*Tj(?=\s)")
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
_HEX_OR_NUMBER = re.compile(rb"<([0-9A-Fa-f]*)>|([-+]?[\d.]+)")


def _compensate(content: bytes, deltas: dict[str, dict[int, float]]) -> bytes:
    """Write, after each glyph whose width the merged font changed by ``n`` units, a TJ
    adjustment of ``n``, so that what follows it keeps its place. Fonts are followed through
    Tf and the q/Q stack; only text shown with two-byte glyph codes (WeasyPrint's) is met."""
    stack, font, out, position = [], None, [], 0
    for match in _TEXT.finditer(content):
        operator, font_name, array, single = match.groups()
        if operator == b"q":
            stack.append(font)
        elif operator == b"Q":
            font = stack.pop() if stack else None
        elif font_name is not None:
            font = font_name.decode("latin-1")
        elif font in deltas:
            items = array if array is not None else b"<" + single + b">"
            glyphs = {int(code, 16) for text in _HEX.findall(items)
                      for code in re.findall(rb"[0-9A-Fa-f]{4}", text)}
            if glyphs & deltas[font].keys():
                out += [content[position:match.start()], b"[" + _adjusted(items, deltas[font]) + b"] TJ"]
                position = match.end()
    out.append(content[position:])
    return b"".join(out)


def _adjusted(items: bytes, delta: dict[int, float]) -> bytes:
    parts = []
    for hex_string, number in _HEX_OR_NUMBER.findall(items):
        if number:
            parts.append(number)
            continue
        run = b""
        for index in range(0, len(hex_string), 4):
            code = hex_string[index:index + 4]
            run += code
            shift = delta.get(int(code, 16))
            if shift:
                parts.append(b"<" + run + b">")
                parts.append(f"{shift:g}".encode())
                run = b""
        if run or not hex_string:
            parts.append(b"<" + run + b">")
    return b" ".join(parts)


def _merge(writer: PdfWriter, fonts: list, font_files: FontFiles) -> tuple | None:
    """One program and one dictionary for all ``fonts`` (Type0 fonts from WeasyPrint, same
    name): returns the font that replaces them all and, for each, the width differences
    (merged minus its own, by glyph) its text must be adjusted by; None when they are not
    WeasyPrint's CID fonts or the original file is unknown."""
    parts = []
    for font in fonts:
        if font.get("/Subtype") != "/Type0" or "/DescendantFonts" not in font or "/ToUnicode" not in font:
            return None
        cid_font = font["/DescendantFonts"][0].get_object()
        descriptor = cid_font["/FontDescriptor"].get_object()
        key = "/FontFile3" if "/FontFile3" in descriptor else "/FontFile2"
        if key not in descriptor:
            return None
        parts.append((font, cid_font, _widths(cid_font.get("/W", []))))
    first_cid = parts[0][1]
    descriptor = first_cid["/FontDescriptor"].get_object()
    original = font_files.original(descriptor[key].get_object().get_data())
    if original is None:
        return None

    # The one program, ToUnicode map and descriptor, for the union of the glyphs.
    to_unicode: dict[int, bytes] = {}
    every_width: dict[int, float] = {}
    for font, _, widths in parts:
        to_unicode.update(_to_unicode(font["/ToUnicode"].get_object().get_data()))
        every_width.update(widths)
    subset = harfbuzz_subset(original, sorted(to_unicode))
    program = DecodedStreamObject()
    program.set_data(subset)
    if key == "/FontFile2":
        program[NameObject("/Length1")] = NumberObject(len(subset))
    else:
        program[NameObject("/Subtype")] = NameObject("/OpenType")
    descriptor[NameObject(key)] = writer._add_object(program.flate_encode())
    bbox = list(descriptor["/FontBBox"])
    bbox[2] = _number(max(every_width.values(), default=0))
    descriptor[NameObject("/FontBBox")] = ArrayObject(bbox)
    if "/CIDSet" in descriptor:
        cids = sorted(every_width)
        bits = bytearray((cids[-1] + 8) // 8 if cids else 0)
        for cid in cids:
            bits[cid // 8] |= 0x80 >> (cid % 8)
        cid_set = DecodedStreamObject()
        cid_set.set_data(bytes(bits))
        descriptor[NameObject("/CIDSet")] = writer._add_object(cid_set.flate_encode())
    cmap = DecodedStreamObject()
    cmap.set_data(_cmap(parts[0][0]["/ToUnicode"].get_object().get_data(), to_unicode))
    cmap_reference = writer._add_object(cmap.flate_encode())

    # One dictionary: the first font's, with each glyph's first width; the others' text is
    # adjusted where their widths differ.
    first_widths: dict[int, float] = {}
    for _, _, widths in parts:
        for cid, width in widths.items():
            first_widths.setdefault(cid, width)
    first_font = parts[0][0]
    first_cid[NameObject("/W")] = _width_array(first_widths)
    first_font[NameObject("/ToUnicode")] = cmap_reference
    deltas = [{cid: first_widths[cid] - width for cid, width in widths.items()
               if first_widths[cid] != width} for _, _, widths in parts]
    return first_font.indirect_reference, deltas


_HARFBUZZ = """
    typedef struct hb_blob_t hb_blob_t;
    typedef struct hb_face_t hb_face_t;
    typedef struct hb_set_t hb_set_t;
    typedef struct hb_subset_input_t hb_subset_input_t;
    typedef uint32_t hb_codepoint_t;
    typedef uint32_t hb_tag_t;
    hb_blob_t *hb_blob_create (const char *data, unsigned int length, int mode,
                               void *user_data, void *destroy);
    void hb_blob_destroy (hb_blob_t *blob);
    const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
    hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
    void hb_face_destroy (hb_face_t *face);
    hb_blob_t *hb_face_reference_blob (hb_face_t *face);
    hb_tag_t hb_tag_from_string (const char *str, int len);
    void hb_set_add_sorted_array (hb_set_t *set, const hb_codepoint_t *sorted, unsigned int length);
"""
_HARFBUZZ_SUBSET = """
    hb_subset_input_t *hb_subset_input_create_or_fail (void);
    void hb_subset_input_destroy (hb_subset_input_t *input);
    hb_set_t *hb_subset_input_glyph_set (hb_subset_input_t *input);
    hb_set_t *hb_subset_input_set (hb_subset_input_t *input, int set_type);
    void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned int value);
    hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
"""
NO_HINTING, RETAIN_GIDS, DESUBROUTINIZE, PASSTHROUGH_UNRECOGNIZED = 0x01, 0x02, 0x04, 0x20
DROP_TABLE_TAG = 3
DROPPED_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF",
                  b"LTSH", b"PCLT", b"SVG ")
_libraries: dict = {}


def _harfbuzz():
    """The HarfBuzz and HarfBuzz-subset libraries WeasyPrint itself uses (cffi, ABI mode)."""
    if not _libraries:
        import cffi

        ffi = cffi.FFI()
        ffi.cdef(_HARFBUZZ + _HARFBUZZ_SUBSET)
        _libraries.update(ffi=ffi, hb=ffi.dlopen("libharfbuzz.so.0"),
                          subset=ffi.dlopen("libharfbuzz-subset.so.0"))
    return _libraries["ffi"], _libraries["hb"], _libraries["subset"]


def harfbuzz_subset(font_data: bytes, glyphs: list[int]) -> bytes:
    """Subset a font file to ``glyphs`` keeping glyph IDs, exactly as WeasyPrint 70 does it
    (weasyprint/pdf/fonts.py, Font._harfbuzz_subset, hinting off): the same library, calls,
    flags and dropped tables, so the subset is the one WeasyPrint would have embedded."""
    ffi, hb, hb_subset = _harfbuzz()
    source = ffi.new("char[]", font_data)
    blob = ffi.gc(hb.hb_blob_create(source, len(font_data), 1, ffi.NULL, ffi.NULL), hb.hb_blob_destroy)
    face = ffi.gc(hb.hb_face_create(blob, 0), hb.hb_face_destroy)

    def run(source_face, keep: list[int], flags: int, drop: bool):
        subset_input = ffi.gc(hb_subset.hb_subset_input_create_or_fail(),
                              hb_subset.hb_subset_input_destroy)
        glyph_set = hb_subset.hb_subset_input_glyph_set(subset_input)
        hb.hb_set_add_sorted_array(glyph_set, ffi.new(f"hb_codepoint_t[{len(keep)}]", keep), len(keep))
        hb_subset.hb_subset_input_set_flags(subset_input, flags)
        if drop:
            tags = [hb.hb_tag_from_string(name, -1) for name in DROPPED_TABLES]
            drop_set = hb_subset.hb_subset_input_set(subset_input, DROP_TABLE_TAG)
            hb.hb_set_add_sorted_array(drop_set, ffi.new(f"hb_codepoint_t[{len(tags)}]", tags), len(tags))
        result = hb_subset.hb_subset_or_fail(source_face, subset_input)
        if result == ffi.NULL:
            raise RuntimeError("HarfBuzz could not subset a font")
        return ffi.gc(result, hb.hb_face_destroy)

    first = run(face, glyphs, RETAIN_GIDS | PASSTHROUGH_UNRECOGNIZED | DESUBROUTINIZE, drop=True)
    final = run(first, list(range(max(glyphs) + 1)),
                PASSTHROUGH_UNRECOGNIZED | DESUBROUTINIZE | NO_HINTING, drop=False)
    data_blob = ffi.gc(hb.hb_face_reference_blob(final), hb.hb_blob_destroy)
    length = ffi.new("unsigned int *")
    pointer = hb.hb_blob_get_data(data_blob, length)
    return bytes(ffi.buffer(pointer, length[0]))


def _number(value: float):
    return NumberObject(int(value)) if float(value).is_integer() else FloatObject(value)


def _widths(array) -> dict[int, float]:
    """A /W array (``c [w1 w2 ...]`` and ``c1 c2 w`` forms) as CID -> width."""
    widths, items, index = {}, list(array), 0
    while index < len(items):
        start = int(items[index])
        following = items[index + 1].get_object() if index + 1 < len(items) else None
        if isinstance(following, ArrayObject):
            for offset, width in enumerate(following):
                widths[start + offset] = float(width)
            index += 2
        else:
            for cid in range(start, int(following) + 1):
                widths[cid] = float(items[index + 2])
            index += 3
    return widths


def _width_array(widths: dict[int, float]) -> ArrayObject:
    """CID -> width as a /W array in WeasyPrint's form: runs of consecutive CIDs."""
    array, run = ArrayObject(), None
    for cid in sorted(widths):
        if cid - 1 not in widths:
            run = ArrayObject()
            array += [NumberObject(cid), run]
        run.append(_number(widths[cid]))
    return array


def _to_unicode(data: bytes) -> dict[int, bytes]:
    """The ``<glyph> <text>`` pairs of a ToUnicode CMap's bfchar blocks."""
    pairs = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for glyph, text in _BFCHAR.findall(block):
            pairs[int(glyph, 16)] = text
    return pairs


def _cmap(template: bytes, to_unicode: dict[int, bytes]) -> bytes:
    """A ToUnicode CMap like WeasyPrint's (its header and trailer from ``template``) for
    ``to_unicode``, in blocks of 100."""
    head = template[:template.find(b"beginbfchar")]
    head = head[:head.rfind(b"\n") + 1] if b"\n" in head else head
    tail = template[template.rfind(b"endbfchar") + len(b"endbfchar"):]
    items = sorted(to_unicode.items())
    lines = []
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [f"<{glyph:04x}> <".encode() + text + b">" for glyph, text in batch]
        lines.append(b"endbfchar")
    return head + b"\n".join(lines) + tail
