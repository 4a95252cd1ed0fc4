"""The one walk over everything a PDF page draws, for preflight's rules.

A page's content stream is followed with its graphics state (matrix, fill and stroke colour,
text state, opacity, overprint), and so is everything it draws in turn: form XObjects at any
depth, tiling and shading patterns, Type 3 glyph procedures, inline images, and the
appearance streams of the page's printing annotations. The walk itself judges nothing: it
tells a visitor (preflight's rules, ``preflight_rules.Engine``) what is painted, with which
colour, where and how big, and the visitor decides what is wrong with it.

The walk is bounded, whatever the file: a form that draws itself (directly or through
others) is a cycle, caught when it is met; the nesting depth, the operators read on one
page and the time of one document are limited (``Limits``). A bound hit is told to the
visitor (``problem``), which makes it a finding, and the walk goes on with the next thing.

Positions are in the page's default user space (points, before /Rotate); the visitor turns
them into millimetres from the trim.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

from .contentstream import operations

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
PROCESS_COLOURANTS = ("Cyan", "Magenta", "Yellow", "Black")
_DEVICE_SPACES = {"/DeviceRGB": "rgb", "/RGB": "rgb", "/DeviceCMYK": "cmyk", "/CMYK": "cmyk",
                  "/DeviceGray": "gray", "/G": "gray"}
_INLINE_SPACES = {"/RGB": "/DeviceRGB", "/CMYK": "/DeviceCMYK", "/G": "/DeviceGray", "/I": "/Indexed"}
_INLINE_KEYS = {"/W": "/Width", "/H": "/Height", "/CS": "/ColorSpace", "/BPC": "/BitsPerComponent",
                "/IM": "/ImageMask", "/F": "/Filter", "/DP": "/DecodeParms", "/D": "/Decode",
                "/I": "/Interpolate"}
_INLINE_FILTERS = {"/AHx": "/ASCIIHexDecode", "/A85": "/ASCII85Decode", "/LZW": "/LZWDecode",
                   "/Fl": "/FlateDecode", "/RL": "/RunLengthDecode", "/CCF": "/CCITTFaxDecode",
                   "/DCT": "/DCTDecode"}


@dataclass
class Limits:
    """How far one walk may go: nesting of forms, patterns, glyphs and appearances; the
    operators read on one page (all nested streams counted); seconds for one document."""

    depth: int = 24
    operators: int = 2_000_000
    seconds: float = 60.0


class _Stop(Exception):
    """A bound of the walk was hit: stop this page (or document)."""


# -- PDF objects ----------------------------------------------------------------------------

def resolved(item):
    """An object with its indirect reference followed (None for a missing object)."""
    return item.get_object() if isinstance(item, IndirectObject) else item


def object_key(item, fallback) -> tuple:
    """What identifies a PDF object for 'seen before' and cycles: its object number when it
    is an indirect object, else the Python object's identity."""
    reference = getattr(item, "indirect_reference", None)
    if reference is not None and getattr(reference, "idnum", None) is not None:
        return ("obj", reference.idnum, reference.generation)
    return ("py", id(fallback if fallback is not None else item))


def number(value, default: float = 0.0) -> float:
    """A number from a PDF object or operand; ``default`` when it is not one."""
    value = resolved(value)
    if isinstance(value, bool) or value is None:
        return default
    try:
        result = float(value)
    except (TypeError, ValueError):
        return default
    return result if math.isfinite(result) else default


def matrix_of(value) -> tuple:
    """A /Matrix entry as six numbers; the identity when it is not one."""
    value = resolved(value)
    if isinstance(value, (list, ArrayObject)) and len(value) == 6:
        return tuple(number(item) for item in value)
    return IDENTITY


def multiply(m: tuple, n: tuple) -> tuple:
    """The matrix product m x n (PDF order: m is applied first)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def scale_of(matrix: tuple) -> float:
    """How much a matrix enlarges lengths (the square root of its area scale)."""
    return math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))


def transform_box(points, matrix: tuple) -> tuple | None:
    """The bounding box (x0, y0, x1, y1) of points under a matrix."""
    a, b, c, d, e, f = matrix
    xs, ys = [], []
    for x, y in points:
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def unit_square(matrix: tuple) -> tuple | None:
    return transform_box(((0, 0), (1, 0), (0, 1), (1, 1)), matrix)


def lookup_resource(resources, category: str, name):
    """A named resource of one category from a resource dictionary, resolved; None if absent
    (or when the dictionary is not one)."""
    resources = resolved(resources)
    if not isinstance(resources, DictionaryObject) or category not in resources:
        return None
    table = resolved(resources[category])
    if not isinstance(table, DictionaryObject):
        return None
    item = table.get(name)
    return resolved(item) if item is not None else None


def resolve_space(space, resources):
    """A colour space operand or entry resolved to its definition (name or array)."""
    if space is None:
        return None
    space = resolved(space)
    if isinstance(space, NameObject) and space not in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray",
                                                       "/Pattern", "/RGB", "/CMYK", "/G"):
        named = lookup_resource(resources, "/ColorSpace", space)
        return named if named is not None else space
    return space


def colour_family(space) -> tuple[str | None, list[str]]:
    """The colour family of a resolved colour space, and spot colour names if any."""
    space = resolved(space)
    if space is None:
        return None, []
    if isinstance(space, NameObject):
        return _DEVICE_SPACES.get(str(space)), []
    if not isinstance(space, (ArrayObject, list)) or not space:
        return None, []
    kind = str(resolved(space[0]))
    if kind == "/ICCBased" and len(space) > 1:
        stream = resolved(space[1])
        components = stream.get("/N") if isinstance(stream, DictionaryObject) else None
        return {1: "gray", 3: "rgb", 4: "cmyk"}.get(int(number(components))), []
    if kind == "/CalRGB":
        return "rgb", []
    if kind == "/CalGray":
        return "gray", []
    if kind == "/Lab":
        return "lab", []
    if kind == "/Indexed" and len(space) > 1:
        return colour_family(space[1])
    if kind == "/Separation" and len(space) > 1:
        name = str(resolved(space[1]))[1:]
        return ("cmyk", []) if name in PROCESS_COLOURANTS else ("spot", [name])
    if kind == "/DeviceN" and len(space) > 1:
        names = colourants(space)
        spots = [item for item in names if item not in PROCESS_COLOURANTS and item != "None"]
        return ("spot", spots) if spots else ("cmyk", [])
    if kind == "/Pattern" and len(space) > 1:
        return colour_family(space[1])
    return None, []


def colourants(space) -> list[str]:
    """The colourant names of a DeviceN space."""
    names = resolved(space[1])
    return [str(resolved(item))[1:] for item in names] if isinstance(names, (ArrayObject, list)) else []


def space_name(space) -> str:
    """A colour space as a person reads it: DeviceRGB, ICCBased CMYK, Separation Gold..."""
    space = resolved(space)
    if space is None:
        return "DeviceGray"
    if isinstance(space, NameObject):
        return {"/RGB": "DeviceRGB", "/CMYK": "DeviceCMYK", "/G": "DeviceGray"}.get(str(space), str(space)[1:])
    if isinstance(space, (ArrayObject, list)) and space:
        kind = str(resolved(space[0]))[1:]
        if kind == "ICCBased":
            family = colour_family(space)[0]
            return f"ICCBased {family.upper() if family else '?'}"
        if kind == "Separation" and len(space) > 1:
            return f"Separation {str(resolved(space[1]))[1:]}"
        if kind == "DeviceN":
            return f"DeviceN ({', '.join(colourants(space))})"
        if kind in ("Indexed", "Pattern") and len(space) > 1:
            return f"{kind} {space_name(space[1])}"
        return kind
    return "unknown colour space"


def components(space) -> int:
    """How many colour components a resolved colour space takes."""
    space = resolved(space)
    family = colour_family(space)[0]
    if isinstance(space, (ArrayObject, list)) and space:
        kind = str(resolved(space[0]))
        if kind in ("/Indexed", "/Separation"):
            return 1
        if kind == "/DeviceN":
            return len(colourants(space))
        if kind == "/Lab":
            return 3
    return {"gray": 1, "rgb": 3, "cmyk": 4}.get(family, 1)


# -- colours --------------------------------------------------------------------------------

class Colour:
    """A colour as set in a content stream, with what painting it means on press: its
    family, spot colour names, its inks as C, M, Y, K (None when it is not process colour),
    whether it is white (no ink) or registration (every plate), and the pattern it names."""

    __slots__ = ("space", "values", "family", "spots", "inks", "total", "label", "white",
                 "registration", "pattern")

    def __init__(self, space, values: tuple, pattern=None):
        self.space = space
        self.values = values
        self.pattern = pattern
        family, spots = colour_family(space)
        self.family, self.spots = family, spots
        kind = str(resolved(space[0])) if isinstance(space, (ArrayObject, list)) and space else str(space)
        inks = None
        self.registration = None
        if family == "cmyk" and kind == "/Separation":
            name = str(resolved(space[1]))[1:]
            tint = values[0] if values else 1.0
            inks = tuple(tint if colourant == name else 0.0 for colourant in PROCESS_COLOURANTS)
        elif family == "cmyk" and kind == "/DeviceN":
            names = colourants(space)
            inks = tuple(sum(value for name, value in zip(names, values) if name == colourant)
                         for colourant in PROCESS_COLOURANTS)
        elif family == "cmyk" and len(values) == 4:
            inks = tuple(values)
        elif family == "gray" and len(values) == 1 and kind != "/Indexed":
            inks = (0.0, 0.0, 0.0, 1.0 - values[0])
        if kind == "/Separation" and "All" in spots and (values[0] if values else 1.0) > 0.0005:
            self.registration = "Separation All"
        elif kind == "/DeviceN" and "All" in spots and any(value > 0.0005 for name, value
                                                           in zip(colourants(space), values) if name == "All"):
            self.registration = "DeviceN All"
        elif inks is not None and min(inks) >= 0.995:
            self.registration = "C=M=Y=K=100"
        self.inks = inks
        self.total = sum(inks) * 100 if inks is not None else None
        self.white = inks is not None and max(inks) <= 0.0005
        shown = " ".join(f"{value * 100:.0f}" for value in inks) if inks is not None and family == "cmyk" \
            else " ".join(f"{value:g}" for value in values)
        self.label = f"{space_name(space)} {shown}".strip() if pattern is None else \
            f"pattern in {space_name(space)}"

    @property
    def prints_colour(self) -> bool:
        """True when it puts more than black ink on the page."""
        if self.family in ("rgb", "lab", "spot"):
            return True
        return self.inks is not None and any(value > 0.0005 for value in self.inks[:3])


BLACK = Colour(NameObject("/DeviceGray"), (0.0,))


def initial_values(space) -> tuple:
    """The colour a space starts with after cs/CS (black, or full tint)."""
    family = colour_family(space)[0]
    if isinstance(space, (ArrayObject, list)) and space and str(resolved(space[0])) in ("/Separation", "/DeviceN"):
        return tuple(1.0 for _ in range(components(space)))
    if family == "cmyk":
        return (0.0, 0.0, 0.0, 1.0)
    if family == "rgb":
        return (0.0, 0.0, 0.0)
    return (0.0,) * components(space)


# -- what the walk tells its visitor ---------------------------------------------------------

class GState:
    """The parts of the graphics state preflight cares about."""

    __slots__ = ("ctm", "fill", "stroke", "fill_space", "stroke_space", "font", "font_key",
                 "font_size", "render", "scale_h", "rise", "leading", "fill_alpha", "stroke_alpha",
                 "blend", "soft_mask", "fill_overprint", "stroke_overprint", "overprint_mode",
                 "locked")

    def __init__(self, ctm: tuple = IDENTITY):
        self.ctm = ctm
        self.fill = self.stroke = BLACK
        self.fill_space = self.stroke_space = NameObject("/DeviceGray")
        self.font = self.font_key = None
        self.font_size, self.render, self.scale_h, self.rise, self.leading = 0.0, 0, 1.0, 0.0, 0.0
        self.fill_alpha = self.stroke_alpha = 1.0
        self.blend = "Normal"
        self.soft_mask = False
        self.fill_overprint = self.stroke_overprint = False
        self.overprint_mode = 0
        self.locked = False  # colours come from outside (uncoloured pattern, d1 glyph)

    def copy(self) -> GState:
        other = GState.__new__(GState)
        for name in GState.__slots__:
            setattr(other, name, getattr(self, name))
        return other


@dataclass
class Paint:
    """Something painted with a colour: ``what`` (text, path, image mask, glyph), ``side``
    (fill or stroke), the colour, the graphics state it was painted in, and ``where()``:
    its bounding box in page space (x0, y0, x1, y1), or None when unknown."""

    what: str
    side: str
    colour: Colour
    state: GState
    where: object  # callable -> tuple | None


@dataclass
class Placed:
    """An image placed on the page (an image XObject or an inline image): its dictionary
    (inline keys spelled out), resources, matrix and, for inline images, its data."""

    image: object
    resources: object
    ctm: tuple
    inline_data: bytes | None = None
    state: GState | None = None

    def where(self):
        return unit_square(self.ctm)


class Visitor:
    """What the walk tells (every method optional)."""

    def paint(self, paint: Paint) -> None: ...
    def show(self, state: GState, size_pt: float, invisible: bool, where) -> None: ...
    def image(self, placed: Placed) -> None: ...
    def shading(self, shading, resources, ctm: tuple, where, state: GState | None = None) -> None: ...
    def form(self, form, group, state: GState, where) -> None: ...
    def graphics_state(self, gstate, state: GState) -> None: ...
    def postscript(self, what: str, where) -> None: ...
    def annotation(self, annotation) -> None: ...
    def problem(self, kind: str, message: str, where=None) -> None: ...


class Walker:
    """Walks pages for one visitor, within ``limits``."""

    def __init__(self, visitor: Visitor, limits: Limits | None = None):
        self.visitor = visitor
        self.limits = limits or Limits()
        self.deadline = time.monotonic() + self.limits.seconds
        self.active: set = set()  # streams being walked: meeting one again is a cycle
        self.operators = 0
        self.seen_patterns: set = set()
        self.seen_glyphs: set = set()
        self.colours: dict = {}

    # -- pages ------------------------------------------------------------------------------

    def page(self, page) -> None:
        """Everything one page draws: its content, then its printing annotations."""
        self.operators = 0
        self.seen_patterns, self.seen_glyphs = set(), set()
        resources = resolved(page.get("/Resources"))
        contents = page.get_contents()
        try:
            if contents is not None:
                self.run(contents.get_data(), resources, GState(), 0, ("page",), IDENTITY)
            for annotation in _array(page.get("/Annots")):
                annotation = resolved(annotation)
                if isinstance(annotation, DictionaryObject):
                    self.visitor.annotation(annotation)
                    self.appearance(annotation, resources)
        except _Stop:
            pass

    def appearance(self, annotation, resources) -> None:
        """The normal appearance of an annotation that prints, placed in its /Rect."""
        flags = int(number(annotation.get("/F")))
        if not flags & 4 or flags & 2:  # not printed, or hidden
            return
        appearances = resolved(annotation.get("/AP"))
        normal = resolved(appearances.get("/N")) if isinstance(appearances, DictionaryObject) else None
        if isinstance(normal, DictionaryObject) and not isinstance(normal, StreamObject):
            normal = resolved(normal.get(annotation.get("/AS")))
        if not isinstance(normal, StreamObject):
            return
        rect = _array(resolved(annotation.get("/Rect")))
        bbox = _array(resolved(normal.get("/BBox")))
        if len(rect) != 4 or len(bbox) != 4:
            return
        x0, y0, x1, y1 = (number(value) for value in rect)
        matrix = matrix_of(normal.get("/Matrix"))
        box = transform_box(((number(bbox[0]), number(bbox[1])), (number(bbox[2]), number(bbox[1])),
                             (number(bbox[0]), number(bbox[3])), (number(bbox[2]), number(bbox[3]))), matrix)
        width, height = box[2] - box[0], box[3] - box[1]
        if abs(width) < 1e-9 or abs(height) < 1e-9:
            return
        sx, sy = (max(x0, x1) - min(x0, x1)) / width, (max(y0, y1) - min(y0, y1)) / height
        fit = (sx, 0.0, 0.0, sy, min(x0, x1) - box[0] * sx, min(y0, y1) - box[1] * sy)
        ctm = multiply(matrix, fit)
        inner = resolved(normal.get("/Resources"))
        self.form_stream(normal, inner if inner is not None else resources, GState(ctm), 1, ctm,
                         "annotation appearance")

    # -- content streams ----------------------------------------------------------------------

    def form_stream(self, stream, resources, state: GState, depth: int, base: tuple, what: str) -> None:
        key = object_key(stream, stream)
        if key in self.active:
            self.visitor.problem("cycle", f"a {what} draws itself (directly or through others): it "
                                 "was drawn once and not again, as a RIP may loop on it", None)
            return
        try:
            data = stream.get_data()
        except Exception as error:  # noqa: BLE001 - a damaged stream is reported, not raised
            if type(error).__name__ == "LimitReachedError":
                raise
            self.visitor.problem("unreadable", f"a {what} cannot be decoded ({error}); what it draws "
                                 "was not checked", None)
            return
        self.active.add(key)
        try:
            self.run(data, resources, state, depth, key, base)
        finally:
            self.active.discard(key)

    def run(self, content: bytes, resources, state: GState, depth: int, key, base: tuple) -> None:
        """Follow one content stream: ``base`` is the matrix its own default space has on the
        page (where the patterns it names are anchored)."""
        if depth > self.limits.depth:
            self.visitor.problem("depth", f"drawings nest deeper than {self.limits.depth} levels; "
                                 "what lies deeper was not checked", None)
            return
        visitor = self.visitor
        stack: list[GState] = []
        path: list = []
        tm = tlm = IDENTITY
        wrong = 0
        limit = self.limits.operators
        for operands, operator in operations(content):
            self.operators += 1
            if self.operators & 4095 == 0:
                if self.operators > limit:
                    visitor.problem("operators", f"the page has more than {limit:,} drawing operators; "
                                    "the rest of it was not checked", None)
                    raise _Stop
                if time.monotonic() > self.deadline:
                    visitor.problem("time", f"checking took longer than {self.limits.seconds:g} s; the "
                                    "rest of the document was not checked", None)
                    raise _Stop
            try:
                if operator in (b"Tj", b"TJ", b"'", b'"'):
                    if operator != b"Tj" and operator != b"TJ":
                        tlm = multiply((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), tlm)
                        tm = tlm
                    self.show(state, tm, resources, depth)
                elif operator == b"Td" or operator == b"TD":
                    tx, ty = float(operands[0]), float(operands[1])
                    if operator == b"TD":
                        state.leading = -ty
                    tlm = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
                    tm = tlm
                elif operator == b"Tm":
                    tm = tlm = tuple(float(x) for x in operands[:6])
                    if len(tm) != 6:
                        raise ValueError
                elif operator == b"T*":
                    tlm = multiply((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), tlm)
                    tm = tlm
                elif operator == b"Tf":
                    state.font_key = operands[0]
                    state.font = lookup_resource(resources, "/Font", operands[0])
                    state.font_size = float(operands[1])
                elif operator == b"BT":
                    tm = tlm = IDENTITY
                elif operator == b"q":
                    stack.append(state.copy())
                elif operator == b"Q":
                    if stack:
                        state = stack.pop()
                elif operator == b"cm":
                    matrix = tuple(float(x) for x in operands)
                    if len(matrix) != 6:
                        raise ValueError
                    state.ctm = multiply(matrix, state.ctm)
                elif operator in (b"m", b"l", b"c", b"v", b"y", b"re"):
                    path.append((operator, operands))
                elif operator in (b"f", b"F", b"f*"):
                    self.paint("path", "fill", state, path, resources, depth)
                    path = []
                elif operator in (b"S", b"s"):
                    self.paint("path", "stroke", state, path, resources, depth)
                    path = []
                elif operator in (b"B", b"B*", b"b", b"b*"):
                    self.paint("path", "fill", state, path, resources, depth)
                    self.paint("path", "stroke", state, path, resources, depth)
                    path = []
                elif operator == b"n":
                    path = []
                elif operator in (b"k", b"K", b"g", b"G", b"rg", b"RG", b"sc", b"scn", b"SC", b"SCN", b"cs", b"CS"):
                    if not state.locked:
                        self.set_colour(operator, operands, resources, state)
                elif operator == b"Tr":
                    state.render = int(float(operands[0]))
                elif operator == b"Tz":
                    state.scale_h = float(operands[0]) / 100
                elif operator == b"TL":
                    state.leading = float(operands[0])
                elif operator == b"Ts":
                    state.rise = float(operands[0])
                elif operator == b"gs":
                    self.graphics_state(operands[0], resources, state)
                elif operator == b"Do":
                    self.place(operands[0], resources, state, depth)
                elif operator == b"sh":
                    shading = lookup_resource(resources, "/Shading", operands[0])
                    if shading is not None:
                        visitor.shading(shading, resources, state.ctm, None, state)
                elif operator == b"INLINE IMAGE":
                    self.inline_image(operands[0], operands[1] if len(operands) > 1 else b"",
                                      resources, state)
                elif operator == b"d1":
                    state.locked = True
                elif operator == b"PS":
                    visitor.postscript("the PS operator (PostScript in the page content)", None)
            except (ValueError, TypeError, IndexError, AttributeError, OverflowError):
                wrong += 1
        if wrong:
            visitor.problem("syntax", f"{wrong} operator{'s' if wrong > 1 else ''} with missing or "
                            "wrong operands (skipped, as a RIP might not)", None)

    def set_colour(self, operator: bytes, operands: list, resources, state: GState) -> None:
        fill = operator in (b"k", b"g", b"rg", b"sc", b"scn", b"cs")
        if operator in (b"cs", b"CS"):
            space = resolve_space(operands[0], resources)
            colour = self.colour(space, initial_values(space))
        elif operator in (b"k", b"K"):
            colour = self.colour(NameObject("/DeviceCMYK"), tuple(float(x) for x in operands[:4]))
        elif operator in (b"g", b"G"):
            colour = self.colour(NameObject("/DeviceGray"), (float(operands[0]),))
        elif operator in (b"rg", b"RG"):
            colour = self.colour(NameObject("/DeviceRGB"), tuple(float(x) for x in operands[:3]))
        else:
            space = state.fill_space if fill else state.stroke_space
            values = tuple(float(x) for x in operands if isinstance(x, float))
            pattern = operands[-1] if operands and isinstance(operands[-1], NameObject) else None
            if pattern is not None and isinstance(resolved(space), (ArrayObject, list)) \
                    and str(resolved(space)[0]) == "/Pattern" and len(space) > 1:
                space = resolved(space[1])  # an uncoloured pattern: painted in this colour
            colour = self.colour(space, values, pattern)
        keeps_space = operator in (b"sc", b"scn", b"SC", b"SCN")
        if fill:
            state.fill = colour
            if not keeps_space:
                state.fill_space = colour.space
        else:
            state.stroke = colour
            if not keeps_space:
                state.stroke_space = colour.space

    def colour(self, space, values: tuple, pattern=None) -> Colour:
        key = (id(space), str(space) if isinstance(space, NameObject) else None, values, pattern)
        colour = self.colours.get(key)
        if colour is None:
            colour = self.colours[key] = Colour(space, values, pattern)
        return colour

    def paint(self, what: str, side: str, state: GState, path: list, resources, depth: int) -> None:
        colour = state.fill if side == "fill" else state.stroke
        ctm = state.ctm

        def where():
            return transform_box(_path_points(path), ctm)

        self.visitor.paint(Paint(what, side, colour, state, where))
        if colour.pattern is not None:
            self.pattern(colour.pattern, resources, state, depth, colour)

    def show(self, state: GState, tm: tuple, resources, depth: int) -> None:
        render = state.render
        invisible = render in (3, 7)
        ctm = state.ctm
        size = abs(state.font_size) * scale_of(tm) * scale_of(ctm)

        def where():
            return transform_box(((0.0, state.rise),), multiply(tm, ctm))

        self.visitor.show(state, size, invisible, where)
        if invisible:
            return
        if render in (0, 2, 4, 6):
            self.visitor.paint(Paint("text", "fill", state.fill, state, where))
        if render in (1, 2, 5, 6):
            self.visitor.paint(Paint("text", "stroke", state.stroke, state, where))
        font = state.font
        if isinstance(font, DictionaryObject) and font.get("/Subtype") == "/Type3":
            self.type3(font, state, tm, resources, depth)
        for colour in (state.fill, state.stroke):
            if colour.pattern is not None:
                self.pattern(colour.pattern, resources, state, depth, colour)

    def type3(self, font, state: GState, tm: tuple, resources, depth: int) -> None:
        """A Type 3 font's glyph procedures, once per page and font, at the size first shown."""
        key = object_key(font, font)
        if key in self.seen_glyphs:
            return
        self.seen_glyphs.add(key)
        if key in self.active:
            self.visitor.problem("cycle", "a Type 3 glyph draws text in its own font: it was drawn "
                                 "once and not again, as a RIP may loop on it", None)
            return
        procs = resolved(font.get("/CharProcs"))
        if not isinstance(procs, DictionaryObject):
            return
        size = (state.font_size * state.scale_h, 0.0, 0.0, state.font_size, 0.0, state.rise)
        glyph_ctm = multiply(multiply(matrix_of(font.get("/FontMatrix") or [0.001, 0, 0, 0.001, 0, 0]),
                                      size), multiply(tm, state.ctm))
        inner = resolved(font.get("/Resources"))
        inner = inner if isinstance(inner, DictionaryObject) else resources
        self.active.add(key)
        try:
            for proc in procs.values():
                proc = resolved(proc)
                if isinstance(proc, StreamObject):
                    glyph = state.copy()
                    glyph.ctm = glyph_ctm
                    self.form_stream(proc, inner, glyph, depth + 1, glyph_ctm, "Type 3 glyph")
        finally:
            self.active.discard(key)

    def pattern(self, name, resources, state: GState, depth: int, colour: Colour) -> None:
        """A pattern painted: its tiles (or its shading), once per page and pattern."""
        pattern = lookup_resource(resources, "/Pattern", name)
        if not isinstance(pattern, DictionaryObject):
            return
        key = object_key(pattern, pattern)
        if key in self.seen_patterns:
            return
        self.seen_patterns.add(key)
        # Patterns are anchored to the default space of the stream whose resources name them:
        # the page's, for what the page draws (a form's own patterns: its space on the page).
        ctm = multiply(matrix_of(pattern.get("/Matrix")), state.ctm if depth else IDENTITY)
        if int(number(pattern.get("/PatternType"))) == 2:
            gstate = resolved(pattern.get("/ExtGState"))
            if isinstance(gstate, DictionaryObject):
                self.visitor.graphics_state(gstate, state)
            shading = resolved(pattern.get("/Shading"))
            if isinstance(shading, DictionaryObject):
                self.visitor.shading(shading, resources, ctm, None, state)
            return
        if not isinstance(pattern, StreamObject):
            return
        tile = GState(ctm)
        if int(number(pattern.get("/PaintType"), 1)) == 2:  # uncoloured: painted in the colour set
            tile.fill = tile.stroke = self.colour(colour.space, colour.values, None)
            tile.locked = True
        inner = resolved(pattern.get("/Resources"))
        self.form_stream(pattern, inner if isinstance(inner, DictionaryObject) else resources, tile,
                         depth + 1, ctm, "tiling pattern")

    def graphics_state(self, name, resources, state: GState) -> None:
        gstate = lookup_resource(resources, "/ExtGState", name)
        if not isinstance(gstate, DictionaryObject):
            return
        if "/CA" in gstate:
            state.stroke_alpha = number(gstate["/CA"], 1.0)
        if "/ca" in gstate:
            state.fill_alpha = number(gstate["/ca"], 1.0)
        if "/BM" in gstate:
            blend = resolved(gstate["/BM"])
            if isinstance(blend, (ArrayObject, list)):
                blend = blend[0] if blend else "/Normal"
            state.blend = str(blend)[1:] or "Normal"
        if "/SMask" in gstate:
            state.soft_mask = str(resolved(gstate["/SMask"])) != "/None"
        if "/OP" in gstate:
            state.stroke_overprint = bool(resolved(gstate["/OP"]))
            if "/op" not in gstate:
                state.fill_overprint = state.stroke_overprint
        if "/op" in gstate:
            state.fill_overprint = bool(resolved(gstate["/op"]))
        if "/OPM" in gstate:
            state.overprint_mode = int(number(gstate["/OPM"]))
        font = resolved(gstate.get("/Font"))
        if isinstance(font, (ArrayObject, list)) and len(font) == 2:
            state.font, state.font_key, state.font_size = resolved(font[0]), None, number(font[1])
        self.visitor.graphics_state(gstate, state)

    def place(self, name, resources, state: GState, depth: int) -> None:
        xobject = lookup_resource(resources, "/XObject", name)
        if not isinstance(xobject, StreamObject):
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            placed = Placed(xobject, resources, state.ctm, None, state)
            self.visitor.image(placed)
            if resolved(xobject.get("/ImageMask")):
                self.visitor.paint(Paint("image mask", "fill", state.fill, state, placed.where))
        elif subtype == "/PS":
            self.visitor.postscript("a PostScript XObject", lambda: unit_square(state.ctm))
        elif subtype == "/Form":
            matrix = matrix_of(xobject.get("/Matrix"))
            ctm = multiply(matrix, state.ctm)
            if xobject.get("/Subtype2") == "/PS" or "/PS" in xobject:
                self.visitor.postscript("a form XObject carrying PostScript", None)
            inner = resolved(xobject.get("/Resources"))
            inner = inner if isinstance(inner, DictionaryObject) else resources
            group = resolved(xobject.get("/Group"))
            group = group if isinstance(group, DictionaryObject) and group.get("/S") == "/Transparency" else None
            self.visitor.form(xobject, group, state, lambda: _bbox(xobject, ctm))
            form = state.copy()
            form.ctm = ctm
            if group is not None:  # the group is composited as a whole, with the state's alpha
                form.fill_alpha = form.stroke_alpha = 1.0
                form.blend, form.soft_mask = "Normal", False
            self.form_stream(xobject, inner, form, depth + 1, ctm, "form XObject")

    def inline_image(self, settings, data: bytes, resources, state: GState) -> None:
        image: dict = {}  # a plain dictionary: inline values are not all PDF objects
        for key, value in (settings or {}).items():
            key = _INLINE_KEYS.get(str(key), str(key))
            if key == "/ColorSpace" and isinstance(value, NameObject):
                value = NameObject(_INLINE_SPACES.get(str(value), str(value)))
            elif key == "/ColorSpace" and isinstance(value, list) and value:
                value = [NameObject(_INLINE_SPACES.get(str(item), str(item)))
                         if isinstance(item, NameObject) else item for item in value]
            elif key == "/Filter":
                names = value if isinstance(value, list) else [value]
                names = [NameObject(_INLINE_FILTERS.get(str(item), str(item))) for item in names]
                value = names[0] if len(names) == 1 else names
            image[key] = value
        image["/Subtype"] = NameObject("/Image")
        placed = Placed(image, resources, state.ctm, data, state)
        self.visitor.image(placed)
        if image.get("/ImageMask") is True:
            self.visitor.paint(Paint("image mask", "fill", state.fill, state, placed.where))


def _array(value) -> list:
    value = resolved(value)
    return list(value) if isinstance(value, (ArrayObject, list)) else []


def _bbox(stream, ctm: tuple):
    box = _array(stream.get("/BBox"))
    if len(box) != 4:
        return None
    x0, y0, x1, y1 = (number(value) for value in box)
    return transform_box(((x0, y0), (x1, y0), (x0, y1), (x1, y1)), ctm)


def _path_points(path: list) -> list:
    points = []
    for operator, operands in path:
        numbers = [value for value in operands if isinstance(value, float)]
        if operator == b"re" and len(numbers) == 4:
            x, y, w, h = numbers
            points += [(x, y), (x + w, y + h)]
        else:
            points += list(zip(numbers[::2], numbers[1::2]))
    return points
