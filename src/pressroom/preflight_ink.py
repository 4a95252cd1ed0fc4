"""Total ink, measured: of CMYK pictures (in cells, and in bands when a picture is too big to
decode whole) and of shadings (their colour functions sampled).

A measurement either gives a figure (the highest total ink, in per cent) or raises
``NotMeasured`` saying why: the picture's data cannot be decoded (``undecodable``: a RIP
would stumble on it too), or it is of a kind or size this code does not measure
(``not measured``). Preflight reports both as findings: a check that was not done is never
silent, and only figures are remembered (``preflight.remembered_ink``).
"""

from __future__ import annotations

import io
import math
import zlib

import numpy as np
from PIL import Image
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from .colour import strictly_decoded
from .preflight_walk import colour_family, colourants, number, resolved

# Total ink of a picture is judged on cells of this many pixels square (averaged), so a
# few stray pixels are not an error: 4 px is about 0.5 mm at 200 ppi.
INK_CELL_PX = 4
INK_MEASURE = 2  # raise when the measurement changes: every remembered figure is measured again
INK_KEYS = ("/Filter", "/DecodeParms", "/Decode", "/ColorSpace", "/BitsPerComponent", "/Width", "/Height")
BAND_BYTES = 8 * 1024 * 1024  # pixels decompressed at a time when a picture is measured in bands
SHADING_SAMPLES = 64
# Errors that mean "this picture's data cannot be decoded" (from pypdf, Pillow, zlib, numpy).
DECODE_ERRORS = (PyPdfError, OSError, ValueError, KeyError, IndexError, TypeError,
                 NotImplementedError, SyntaxError, zlib.error, Image.DecompressionBombError)


class NotMeasured(Exception):
    """The ink could not be measured: ``kind`` is "undecodable" or "not measured"."""

    def __init__(self, kind: str, reason: str):
        super().__init__(reason)
        self.kind, self.reason = kind, reason


def decompression_limit() -> int:
    """pypdf's decompression limit (``preflight.decompression_limit``)."""
    from .preflight import decompression_limit as limit
    return limit()


# -- pictures -------------------------------------------------------------------------------

def measure_total_ink(image, inline_data: bytes | None = None) -> float:
    """The highest total ink (%) of a CMYK image's INK_CELL_PX-pixel cells. NotMeasured when
    it cannot be; LimitReachedError when its stream decompresses past pypdf's limit although
    its pixels need less (a compression bomb in an image: see ``preflight.reading_pdf``)."""
    if inline_data is not None:
        return _cells_max(_inline_pixels(image, inline_data))
    try:
        pixels = cmyk_pixels(image)
    except LimitReachedError:
        if _pixel_bytes(image) <= decompression_limit():
            raise
        return _banded_ink(image)  # a big picture: decompressed a band at a time
    except Image.DecompressionBombError as error:
        raise NotMeasured("not measured", f"{error}".split(" could be")[0]) from None
    except DECODE_ERRORS as error:
        raise NotMeasured("undecodable", _reason(error)) from None
    return _cells_max(pixels)


def _cells_max(pixels: np.ndarray) -> float:
    rows, columns = (pixels.shape[0] // INK_CELL_PX, pixels.shape[1] // INK_CELL_PX)
    if rows and columns:
        cells = pixels[:rows * INK_CELL_PX, :columns * INK_CELL_PX].reshape(
            rows, INK_CELL_PX, columns, INK_CELL_PX, 4).mean(axis=(1, 3))
    else:
        cells = pixels
    if cells.size == 0:
        raise NotMeasured("undecodable", "it has no pixels")
    return float(cells.sum(axis=-1).max()) / 255 * 100


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:120]


def _pixel_bytes(image) -> int:
    """The bytes a CMYK image's pixels take decoded, as its dictionary declares them (with a
    byte a row for PNG predictors)."""
    width, height = int(number(image.get("/Width"))), int(number(image.get("/Height")))
    bits = int(number(image.get("/BitsPerComponent"), 8))
    return ((width * 4 * bits + 7) // 8 + 1) * height


def cmyk_pixels(image, reduce: int = INK_CELL_PX) -> np.ndarray:
    """An image's CMYK pixel values (0-255) as the press would get them. JPEGs are decoded
    at 1/``reduce`` of their size (by default a quarter: libjpeg's DCT scaling, which
    averages cells much like INK_CELL_PX does); ``Decode`` arrays and Adobe's inverted CMYK
    are honoured."""
    with strictly_decoded():  # a truncated picture is undecodable, not partly measured
        return _cmyk_pixels(image, reduce)


def _cmyk_pixels(image, reduce: int) -> np.ndarray:
    filters = image.get("/Filter")
    filters = list(filters) if isinstance(filters, ArrayObject) else [filters]
    if filters == ["/DCTDecode"]:
        picture = Image.open(io.BytesIO(image._data))
        inverted_by_pillow = picture.mode == "CMYK" and "APP14" in getattr(picture, "app", {})
        if reduce > 1:
            picture.draft(picture.mode, (picture.width // reduce, picture.height // reduce))
        pixels = np.asarray(picture.convert("CMYK"), dtype=np.float32)
        decode = [float(x) for x in image.get("/Decode", [])]
        inverted_in_pdf = decode[:2] == [1.0, 0.0]
        if picture.mode == "CMYK" and inverted_by_pillow != inverted_in_pdf:
            pixels = 255 - pixels
        return pixels
    decoded = image.decode_as_image()
    return np.asarray(decoded if decoded.mode == "CMYK" else decoded.convert("CMYK"),
                      dtype=np.float32)


def _banded_ink(image) -> float:
    """The ink of a Flate-compressed 8-bit CMYK picture too big to decompress whole, read a
    band of rows at a time (never more than its declared size)."""
    filters = resolved(image.get("/Filter"))
    filters = list(filters) if isinstance(filters, ArrayObject) else [filters]
    width, height = int(number(image.get("/Width"))), int(number(image.get("/Height")))
    bits = int(number(image.get("/BitsPerComponent"), 8))
    params = resolved(image.get("/DecodeParms"))
    params = params[0] if isinstance(params, ArrayObject) and params else params
    predictor = int(number(params.get("/Predictor"), 1)) if isinstance(params, DictionaryObject) else 1
    if filters != ["/FlateDecode"] or bits != 8 or predictor not in (1, 2) and predictor < 10:
        raise NotMeasured("not measured", f"it is bigger than the {decompression_limit() / 1e6:g} MB "
                          "that are decoded at once, and not a Flate-compressed 8-bit picture that "
                          "can be read in bands")
    if predictor == 2:
        raise NotMeasured("not measured", "TIFF predictors in pictures this big are not measured")
    row = width * 4
    stride = row + (1 if predictor >= 10 else 0)
    band_rows = max(INK_CELL_PX, (BAND_BYTES // max(stride, 1)) // INK_CELL_PX * INK_CELL_PX)
    inflater = zlib.decompressobj()
    source, offset, pending = image._data, 0, b""
    previous = np.zeros(row, dtype=np.uint8)
    decode = [number(x) for x in resolved(image.get("/Decode")) or []]
    invert = decode[:2] == [1.0, 0.0]
    best, rows_done = 0.0, 0
    while rows_done < height:
        wanted = min(band_rows, height - rows_done) * stride
        while len(pending) < wanted:
            if inflater.unconsumed_tail:
                given = inflater.unconsumed_tail
            elif offset < len(source) and not inflater.eof:
                given, offset = source[offset:offset + (1 << 20)], offset + (1 << 20)
            else:
                raise NotMeasured("undecodable", f"its data ends after {rows_done + len(pending) // stride} "
                                  f"of {height} rows")
            pending += inflater.decompress(given, wanted - len(pending))
        band, pending = pending[:wanted], pending[wanted:]
        rows = np.frombuffer(band, dtype=np.uint8).reshape(-1, stride)
        if predictor >= 10:
            rows = _unpredict(rows, previous)
            previous = rows[-1]
        pixels = rows.reshape(rows.shape[0], width, 4).astype(np.float32)
        if invert:
            pixels = 255 - pixels
        best = max(best, _cells_max(pixels))
        rows_done += rows.shape[0]
    return best


def _unpredict(rows: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """PNG-predicted rows (filter byte first) undone; Average and Paeth are not measured."""
    out = np.empty((rows.shape[0], rows.shape[1] - 1), dtype=np.uint8)
    for index in range(rows.shape[0]):
        kind, data = rows[index, 0], rows[index, 1:]
        if kind == 0:
            line = data
        elif kind == 1:  # Sub: each byte plus the same component of the pixel to its left
            line = (np.cumsum(data.reshape(-1, 4).astype(np.uint32), axis=0) % 256).astype(np.uint8).ravel()
        elif kind == 2:  # Up
            line = (data.astype(np.uint16) + previous).astype(np.uint8)
        else:
            raise NotMeasured("not measured", "PNG Average and Paeth predictors in pictures this big "
                              "are not measured")
        out[index] = previous = line
    return out


def _inline_pixels(image, data: bytes) -> np.ndarray:
    """An inline CMYK image's pixels (8 bits, uncompressed, Flate or JPEG)."""
    filters = resolved(image.get("/Filter"))
    filters = [str(item) for item in filters] if isinstance(filters, (list, ArrayObject)) else \
        ([str(filters)] if filters is not None else [])
    width, height = int(number(image.get("/Width"))), int(number(image.get("/Height")))
    try:
        if filters == ["/DCTDecode"]:
            with strictly_decoded():
                picture = Image.open(io.BytesIO(data))
                return np.asarray(picture.convert("CMYK"), dtype=np.float32)
        if filters == ["/FlateDecode"]:
            data = zlib.decompressobj().decompress(data, width * height * 4 + 1)
        elif filters:
            raise NotMeasured("not measured", f"inline images with {', '.join(f[1:] for f in filters)} "
                              "are not measured")
        if int(number(image.get("/BitsPerComponent"), 8)) != 8 or len(data) < width * height * 4:
            raise NotMeasured("undecodable", f"its data is shorter than {width} x {height} CMYK pixels")
        return np.frombuffer(data[:width * height * 4], dtype=np.uint8).reshape(
            height, width, 4).astype(np.float32)
    except DECODE_ERRORS as error:
        raise NotMeasured("undecodable", _reason(error)) from None


# -- shadings -------------------------------------------------------------------------------

def shading_total_ink(shading) -> float | None:
    """The highest total ink (%) a shading paints, sampled along its function; None when its
    colour is not process CMYK (gray, RGB: other rules), NotMeasured when it cannot be told."""
    space = resolved(shading.get("/ColorSpace"))
    family, _ = colour_family(space)
    if family != "cmyk":
        return None
    names = None
    kind = str(resolved(space[0])) if isinstance(space, (list, ArrayObject)) and space else str(space)
    if kind == "/Separation":
        return None  # one process ink: at most 100 %
    if kind == "/DeviceN":
        names = colourants(space)
    shading_type = int(number(shading.get("/ShadingType")))
    function = shading.get("/Function")
    if function is None:
        raise NotMeasured("not measured", f"type {shading_type} shadings without a function (colours "
                          "in the mesh data) are not measured")
    if shading_type == 1:
        raise NotMeasured("not measured", "function-based (type 1) shadings are not measured")
    domain = [number(x) for x in (resolved(shading.get("/Domain")) or [0, 1])][:2]
    if shading_type >= 4:
        domain = [number(x) for x in (resolved(shading.get("/Decode")) or [0, 0, 0, 0, 0, 1])][4:6] or [0, 1]
    if len(domain) != 2:
        domain = [0.0, 1.0]
    best = 0.0
    for t in _samples(domain[0], domain[1], function):
        values = evaluate(function, t)
        if names is not None:
            values = [value for name, value in zip(names, values) if name != "None"]
        best = max(best, sum(min(max(value, 0.0), 1.0) for value in values) * 100)
    return best


def _samples(start: float, end: float, function) -> list[float]:
    points = [start + (end - start) * index / SHADING_SAMPLES for index in range(SHADING_SAMPLES + 1)]
    function = resolved(function)
    if isinstance(function, DictionaryObject) and int(number(function.get("/FunctionType"))) == 3:
        points += [number(x) for x in resolved(function.get("/Bounds")) or []]
    return points


def evaluate(function, t: float) -> list[float]:
    """The outputs of a PDF function (types 0, 2 and 3; an array of one-output functions) at t."""
    function = resolved(function)
    if isinstance(function, (list, ArrayObject)):
        return [value for item in function for value in evaluate(item, t)]
    if not isinstance(function, DictionaryObject):
        raise NotMeasured("not measured", "its colour function is damaged")
    kind = int(number(function.get("/FunctionType"), -1))
    domain = [number(x) for x in resolved(function.get("/Domain")) or [0, 1]]
    if len(domain) >= 2:
        t = min(max(t, domain[0]), domain[1])
    if kind == 2:
        c0 = [number(x) for x in resolved(function.get("/C0")) or [0.0]]
        c1 = [number(x) for x in resolved(function.get("/C1")) or [1.0]]
        exponent = number(function.get("/N"), 1.0)
        try:
            factor = t ** exponent
        except (OverflowError, ZeroDivisionError, ValueError):
            raise NotMeasured("not measured", "its colour function cannot be evaluated") from None
        if isinstance(factor, complex) or not math.isfinite(factor):
            raise NotMeasured("not measured", "its colour function cannot be evaluated")
        return [a + factor * (b - a) for a, b in zip(c0, c1)]
    if kind == 3:
        functions = resolved(function.get("/Functions")) or []
        bounds = [number(x) for x in resolved(function.get("/Bounds")) or []]
        encode = [number(x) for x in resolved(function.get("/Encode")) or []]
        if not functions:
            raise NotMeasured("not measured", "its stitching function has no functions")
        edges = [domain[0], *bounds, domain[1]]
        index = next((i for i, bound in enumerate(bounds) if t < bound), len(bounds))
        index = min(index, len(functions) - 1)
        low, high = edges[index], edges[index + 1] if index + 1 < len(edges) else edges[-1]
        e0, e1 = (encode[2 * index], encode[2 * index + 1]) if len(encode) >= 2 * index + 2 else (0.0, 1.0)
        inner = e0 if high == low else e0 + (t - low) * (e1 - e0) / (high - low)
        return evaluate(functions[index], inner)
    if kind == 0 and isinstance(function, StreamObject):
        return _sampled(function, t)
    raise NotMeasured("not measured", f"type {kind} colour functions (PostScript calculator) are "
                      "not measured" if kind == 4 else f"its colour function (type {kind}) is not measured")


def _sampled(function, t: float) -> list[float]:
    size = [int(number(x)) for x in resolved(function.get("/Size")) or []]
    bits = int(number(function.get("/BitsPerSample"), 8))
    ranges = [number(x) for x in resolved(function.get("/Range")) or []]
    if len(size) != 1 or bits not in (8, 16) or len(ranges) < 2 or size[0] < 1:
        raise NotMeasured("not measured", "sampled colour functions of more than one input, or not "
                          "8 or 16 bits, are not measured")
    outputs = len(ranges) // 2
    domain = [number(x) for x in resolved(function.get("/Domain")) or [0, 1]]
    encode = [number(x) for x in resolved(function.get("/Encode")) or [0, size[0] - 1]]
    decode = [number(x) for x in resolved(function.get("/Decode")) or ranges]
    try:
        data = function.get_data()
    except LimitReachedError:
        raise
    except DECODE_ERRORS as error:
        raise NotMeasured("undecodable", _reason(error)) from None
    samples = np.frombuffer(data[:size[0] * outputs * bits // 8],
                            dtype=np.uint8 if bits == 8 else ">u2").astype(np.float64)
    if samples.size < size[0] * outputs:
        raise NotMeasured("undecodable", "its sampled colour function is shorter than its size")
    samples = samples.reshape(size[0], outputs)
    span = domain[1] - domain[0] if len(domain) > 1 and domain[1] != domain[0] else 1.0
    position = encode[0] + (t - domain[0]) * (encode[1] - encode[0]) / span
    index = int(round(min(max(position, 0), size[0] - 1)))
    top = (1 << bits) - 1
    return [decode[2 * i] + samples[index, i] / top * (decode[2 * i + 1] - decode[2 * i])
            for i in range(outputs)]
