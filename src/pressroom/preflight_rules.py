"""Preflight's rules: one small object per check, registered by its id (``RULES``).

A rule says what it checks (``what``), which family of checks it belongs to (``check``, as
reports grouped them before rule ids), its severity (fixed, or a key of the preflight
profile that sets it) and the Ghent Workgroup newspaper rule it answers to (``gwg``), and
handles the events it needs: the document, each page's boxes, and what the one content
walk (``preflight_walk``) meets on a page: paint, text shown, images, shadings, graphics
states, PostScript, annotations, and the walk's own problems (a cycle, a bound hit). The
``Engine`` runs the walk and hands each event to the rules that handle it; a rule reports
a ``Finding``: rule id, severity, page, position and size on the page (mm from the trim's
bottom-left), what it is and what is wrong. A profile may change any rule's severity by
its id (``rules:``). docs/printing.md lists every rule.
"""

from __future__ import annotations

import math
import re
import struct
from dataclasses import dataclass

from pypdf.generic import (ArrayObject, ByteStringObject, DictionaryObject, NameObject, StreamObject,
                           TextStringObject)

from .preflight_ink import NotMeasured, measure_total_ink, shading_total_ink
from .preflight_walk import (GState, Limits, Paint, Placed, Visitor, Walker, colour_family, number,
                             object_key, resolve_space, resolved, space_name)

PT_PER_MM = 72 / 25.4
MAX_SAME_FINDINGS = 20  # per rule and page; past that, one finding says how many more


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" or "warning"
    check: str  # the family of checks (colour, fonts, resolution...)
    message: str
    page: int | None = None
    object: str | None = None  # what it is, as a person reads it
    rule: str = ""  # the rule's id (docs/printing.md)
    x_mm: float | None = None  # its bottom-left, from the trim's bottom-left (the MediaBox's without one)
    y_mm: float | None = None
    width_mm: float | None = None  # its size, where it is a placed object
    height_mm: float | None = None

    def __str__(self) -> str:
        return f"{self.severity:<7} {self.described()}"

    def described(self) -> str:
        """Where, what and why, without the severity (for lists that say it already)."""
        where = f"page {self.page}" if self.page is not None else "document"
        what = f" {self.object}" if self.object else ""
        at = ""
        if self.x_mm is not None and self.y_mm is not None:
            at = f" at {self.x_mm:.1f}, {self.y_mm:.1f} mm"
            if self.width_mm is not None and self.height_mm is not None:
                at += f", {self.width_mm:.1f} x {self.height_mm:.1f} mm"
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{where}{what}{at}: {self.message}{rule}"


# -- the registry ---------------------------------------------------------------------------

class Rule:
    """One check. ``severity`` is "error", "warning", or "profile:KEY" (the profile's KEY
    sets it); every event method is optional."""

    id = ""
    check = ""
    severity = "error"
    what = ""
    gwg = ""  # the GWG 2015/2022 newspaper rule it corresponds to, if any

    def document(self, e: Engine) -> None: ...
    def boxes(self, e: Engine, page, number: int) -> None: ...
    def page(self, e: Engine, page, number: int) -> None: ...
    def paint(self, e: Engine, paint: Paint) -> None: ...
    def show(self, e: Engine, state: GState, size: float, where) -> None: ...
    def image(self, e: Engine, image: ImageInfo) -> None: ...
    def shading(self, e: Engine, shading, resources, ctm, state: GState | None) -> None: ...
    def form(self, e: Engine, form, group, state: GState, where) -> None: ...
    def graphics_state(self, e: Engine, gstate, state: GState) -> None: ...
    def postscript(self, e: Engine, what: str, where) -> None: ...
    def problem(self, e: Engine, kind: str, message: str, where) -> None: ...


RULES: dict[str, type[Rule]] = {}
EVENTS = ("document", "boxes", "page", "paint", "show", "image", "shading", "form", "graphics_state",
          "postscript", "problem")


def rule(cls: type[Rule]) -> type[Rule]:
    """Register a rule class by its id."""
    assert cls.id and cls.id not in RULES, cls.id
    RULES[cls.id] = cls
    return cls


# -- the engine -----------------------------------------------------------------------------

@dataclass
class ImageInfo:
    """A placed image as the rules see it."""

    placed: Placed
    width: int
    height: int
    family: str | None
    spots: list
    space: object
    line_art: bool
    ppi: float | None
    label: str
    jpx: bool
    key: tuple


class Engine(Visitor):
    """One preflight run: the document's and pages' events handed to every rule."""

    def __init__(self, reader, profile, pdfx_version: str | None, ink, limits: Limits | None = None):
        self.reader, self.profile, self.pdfx_version = reader, profile, pdfx_version
        self.ink = ink  # image -> total ink %, or NotMeasured (remembered: preflight.py)
        self.rules = [cls() for cls in RULES.values()]
        self.handlers = {event: [getattr(item, event) for item in self.rules
                                 if getattr(type(item), event) is not getattr(Rule, event)]
                         for event in EVENTS}
        self.findings: dict[tuple, Finding] = {}
        self.more: dict[tuple, int] = {}
        self.colour_pages: set[int] = set()
        self.page_number: int | None = None
        self.origin = (0.0, 0.0)
        self.painted: set = set()
        self.image_ink: dict = {}
        self.walker = Walker(self, limits)
        self.pdfx = None  # the PDF/X identification, read by the first rule that needs it

    @property
    def x1a(self) -> bool:
        return bool(self.pdfx_version and self.pdfx_version.startswith("PDF/X-1"))

    # -- reporting ----------------------------------------------------------------------------

    def severity(self, rule_id: str, given: str | None = None) -> str:
        override = self.profile.rules.get(rule_id)
        if override:
            return override
        if given:
            return given
        severity = RULES[rule_id].severity
        if not severity.startswith("profile:"):
            return severity
        value = self.profile
        for name in severity[8:].split("."):
            value = getattr(value, name, None)
        return value if isinstance(value, str) else "warning"

    def report(self, rule_id: str, message: str, obj: str | None = None, where=None,
               severity: str | None = None, page: int | None | bool = True) -> None:
        severity = self.severity(rule_id, severity)
        if severity == "ignore":
            return
        number = self.page_number if page is True else (page or None)
        box = where() if callable(where) else where
        x = y = w = h = None
        if box is not None and all(math.isfinite(value) for value in box):
            x, y = (round((box[0] - self.origin[0]) / PT_PER_MM, 1), round((box[1] - self.origin[1]) / PT_PER_MM, 1))
            if box[2] - box[0] > 1e-6 or box[3] - box[1] > 1e-6:
                w, h = round((box[2] - box[0]) / PT_PER_MM, 1), round((box[3] - box[1]) / PT_PER_MM, 1)
        key = (rule_id, number, obj, message, x, y)
        if key in self.findings:
            return
        count = (rule_id, number)
        self.more[count] = self.more.get(count, 0) + 1
        if self.more[count] > MAX_SAME_FINDINGS:
            return
        self.findings[key] = Finding(severity, RULES[rule_id].check, message, number, obj, rule_id, x, y, w, h)

    def result(self) -> list[Finding]:
        findings = list(self.findings.values())
        for (rule_id, number), count in self.more.items():
            if count > MAX_SAME_FINDINGS:
                findings.append(Finding(self.severity(rule_id), RULES[rule_id].check,
                                        f"and {count - MAX_SAME_FINDINGS} more findings like the ones "
                                        "above, not listed", number, None, rule_id))
        return findings

    # -- running ------------------------------------------------------------------------------

    def run(self, scope: str, first_page: int) -> None:
        if scope != "pages":
            for handler in self.handlers["document"]:
                handler(self)
        for number, page in enumerate(self.reader.pages, start=first_page):
            self.page_number = number
            self.origin = _origin(page)
            self.painted = set()
            if scope != "pages":
                for handler in self.handlers["boxes"]:
                    handler(self, page, number)
            if scope == "document":
                continue
            for handler in self.handlers["page"]:
                handler(self, page, number)
            self.walker.page(page)
        self.page_number = None

    # -- what the walk tells ------------------------------------------------------------------

    def paint(self, paint: Paint) -> None:
        colour, state = paint.colour, paint.state
        key = (id(colour), paint.what, paint.side, state.fill_overprint if paint.side == "fill"
               else state.stroke_overprint, state.fill_alpha, state.stroke_alpha, state.blend,
               state.soft_mask)
        if key in self.painted:
            return
        self.painted.add(key)
        if colour.prints_colour:
            self.colour_pages.add(self.page_number)
        for handler in self.handlers["paint"]:
            handler(self, paint)

    def show(self, state: GState, size: float, invisible: bool, where) -> None:
        if invisible:  # text render mode 3 or 7 (an OCR layer): nothing printed
            return
        for handler in self.handlers["show"]:
            handler(self, state, size, where)

    def image(self, placed: Placed) -> None:
        info = _image_info(placed)
        if info.family in ("rgb", "lab", "spot", "cmyk"):
            self.colour_pages.add(self.page_number)  # a CMYK picture is taken to be in colour
        for handler in self.handlers["image"]:
            handler(self, info)

    def shading(self, shading, resources, ctm, where, state: GState | None = None) -> None:
        family, _ = colour_family(resolve_space(shading.get("/ColorSpace"), resources))
        if family in ("rgb", "lab", "spot", "cmyk"):
            self.colour_pages.add(self.page_number)
        for handler in self.handlers["shading"]:
            handler(self, shading, resources, ctm, state)

    def form(self, form, group, state: GState, where) -> None:
        for handler in self.handlers["form"]:
            handler(self, form, group, state, where)

    def graphics_state(self, gstate, state: GState) -> None:
        for handler in self.handlers["graphics_state"]:
            handler(self, gstate, state)

    def postscript(self, what: str, where) -> None:
        for handler in self.handlers["postscript"]:
            handler(self, what, where)

    def annotation(self, annotation) -> None:
        pass  # annotations are judged by the page rules (Annotations, JavaScript)

    def problem(self, kind: str, message: str, where=None) -> None:
        for handler in self.handlers["problem"]:
            handler(self, kind, message, where)

    def total_ink(self, info: ImageInfo) -> float:
        """An image's total ink, measured once per run (NotMeasured raised each time)."""
        if info.placed.inline_data is not None:
            return measure_total_ink(info.placed.image, info.placed.inline_data)
        if info.key not in self.image_ink:
            try:
                self.image_ink[info.key] = self.ink(info.placed.image)
            except NotMeasured as problem:
                self.image_ink[info.key] = problem
        result = self.image_ink[info.key]
        if isinstance(result, NotMeasured):
            raise result
        return result


def _origin(page) -> tuple[float, float]:
    """Where positions are measured from: the trim's bottom-left (the MediaBox's without one)."""
    for key in ("/TrimBox", "/MediaBox"):
        box = read_box(page, key)
        if box is not None:
            return box[0], box[1]
    return 0.0, 0.0


def read_box(page, key: str) -> tuple | None:
    """A page box as (left, bottom, right, top), normalised; None when absent or not a box.
    The MediaBox and CropBox are inherited from the page tree."""
    value = page.get(key)
    if value is None and key in ("/MediaBox", "/CropBox"):
        parent, hops = resolved(page.get("/Parent")), 0
        while isinstance(parent, DictionaryObject) and value is None and hops < 64:
            value, parent, hops = parent.get(key), resolved(parent.get("/Parent")), hops + 1
    value = resolved(value)
    if not isinstance(value, (ArrayObject, list)) or len(value) != 4:
        return None
    numbers = [number(item, math.nan) for item in value]
    if any(math.isnan(item) for item in numbers):
        return None
    return (min(numbers[0], numbers[2]), min(numbers[1], numbers[3]),
            max(numbers[0], numbers[2]), max(numbers[1], numbers[3]))


def _image_info(placed: Placed) -> ImageInfo:
    image = placed.image
    mask = resolved(image.get("/ImageMask")) is True
    width, height = int(number(image.get("/Width"))), int(number(image.get("/Height")))
    bits = int(number(image.get("/BitsPerComponent"), 1 if mask else 8))
    filters = resolved(image.get("/Filter"))
    filters = [str(item) for item in filters] if isinstance(filters, (list, ArrayObject)) else [str(filters)]
    jpx = "/JPXDecode" in filters
    space = resolve_space(image.get("/ColorSpace"), placed.resources)
    if mask:
        family, spots, shown = "gray", [], "stencil mask"
    elif space is None and jpx:
        family, spots = _jpx_family(getattr(image, "_data", b"")), []
        shown = f"JPEG 2000 {family.upper() if family else 'colour'}"
    else:
        (family, spots), shown = colour_family(space), space_name(space)
    line_art = mask or bits == 1
    ctm = placed.ctm
    placed_w, placed_h = math.hypot(ctm[0], ctm[1]) / 72, math.hypot(ctm[2], ctm[3]) / 72
    ppi = min(width / placed_w, height / placed_h) if width and height and placed_w > 1e-6 \
        and placed_h > 1e-6 else None
    kind = "inline image" if placed.inline_data is not None else "image"
    label = f"{kind} {width} x {height} px, {shown}" + (f", {ppi:.0f} ppi" if ppi is not None else "")
    return ImageInfo(placed, width, height, family, spots, space, line_art, ppi, label, jpx,
                     object_key(image, image))


def _jpx_family(data: bytes) -> str | None:
    """The colour of a JPEG 2000 picture from its own header: the JP2 'colr' box, or the
    codestream's component count."""
    found = data.find(b"colr")
    if found >= 0 and len(data) >= found + 11 and data[found + 4] == 1:
        enumerated = struct.unpack(">I", data[found + 7:found + 11])[0]
        family = {16: "rgb", 18: "rgb", 20: "rgb", 21: "rgb", 17: "gray", 12: "cmyk", 14: "lab"}.get(enumerated)
        if family:
            return family
    siz = data.find(b"\xff\x51")
    if siz >= 0 and len(data) >= siz + 40:
        count = struct.unpack(">H", data[siz + 38:siz + 40])[0]
        return {1: "gray", 2: "gray", 3: "rgb", 4: "cmyk"}.get(count)
    return None


# == the rules ===============================================================================
# -- PDF/X identification -------------------------------------------------------------------

@dataclass
class PdfxIdentity:
    info_version: object
    info_conformance: object
    xmp_version: str | None
    xmp_conformance: str | None
    has_xmp: bool
    version: str | None  # what the file is, as printers name it: PDF/X-1a:2001, PDF/X-4...


def pdfx_identity(reader) -> PdfxIdentity:
    """How a file identifies itself as PDF/X, in its Info dictionary and in its XMP."""
    catalog = resolved(reader.trailer.get("/Root"))
    info = resolved(reader.trailer.get("/Info"))
    info = info if isinstance(info, DictionaryObject) else {}
    catalog = catalog if isinstance(catalog, DictionaryObject) else {}
    xml, has_xmp = "", False
    metadata = resolved(catalog.get("/Metadata"))
    if isinstance(metadata, StreamObject):
        has_xmp = True
        try:
            xml = metadata.get_data().decode("utf-8", "replace")
        except Exception as error:  # noqa: BLE001 - an unreadable XMP is XMP without a version
            if type(error).__name__ == "LimitReachedError":
                raise
            xml = ""
    xmp_version = _xmp_value(xml, "pdfxid:GTS_PDFXVersion") or _xmp_value(xml, "GTS_PDFXVersion")
    xmp_conformance = _xmp_value(xml, "GTS_PDFXConformance")
    info_version, info_conformance = resolved(info.get("/GTS_PDFXVersion")), resolved(info.get("/GTS_PDFXConformance"))
    version = str(info_version) if info_version else xmp_version
    conformance = str(info_conformance) if info_conformance else xmp_conformance
    if version and version.startswith("PDF/X-1:") and conformance and conformance.startswith("PDF/X-1a"):
        version = conformance  # PDF/X-1a:2001 says it is PDF/X-1:2001, conformance level X-1a
    return PdfxIdentity(info_version, info_conformance, xmp_version, xmp_conformance, has_xmp, version)


def _xmp_value(xml: str, key: str) -> str | None:
    found = re.search(re.escape(key) + r"(?:>\s*|=[\"'])([^<\"']+)", xml)
    return found.group(1).strip() if found else None


def identity(e: Engine) -> PdfxIdentity:
    if e.pdfx is None:
        e.pdfx = pdfx_identity(e.reader)
    return e.pdfx


class DocumentRule(Rule):
    """A rule of the whole file, checked when the profile asks for PDF/X."""

    pdfx_only = True

    def document(self, e: Engine) -> None:
        if self.pdfx_only and not e.profile.pdfx_versions:
            return
        self.check_document(e, identity(e))

    def check_document(self, e: Engine, pdfx: PdfxIdentity) -> None: ...


@rule
class PdfxVersion(DocumentRule):
    id, check = "pdfx-version", "pdfx-version"
    what = "the file is PDF/X (GTS_PDFXVersion, with GTS_PDFXConformance for PDF/X-1a:2001) in a version the profile accepts"
    gwg = "ISO Compliancy (GWG asks for PDF/X-4; the profile may accept PDF/X-1a too)"

    def check_document(self, e, pdfx):
        accepted = ", ".join(e.profile.pdfx_versions)
        if isinstance(pdfx.info_version, NameObject):
            e.report(self.id, "GTS_PDFXVersion in the Info dictionary is a name; PDF/X requires a text "
                     "string", page=None)
        if pdfx.version is None:
            e.report(self.id, "not a PDF/X file (no GTS_PDFXVersion key); the printer accepts "
                     f"{accepted}", page=None)
        elif not any(pdfx.version.startswith(version) for version in e.profile.pdfx_versions):
            if pdfx.version.startswith("PDF/X-1:"):
                e.report(self.id, f"{pdfx.version} without a GTS_PDFXConformance of PDF/X-1a:2001 is not "
                         f"accepted; the printer accepts {accepted}", page=None)
            else:
                e.report(self.id, f"{pdfx.version} is not accepted; the printer accepts {accepted}", page=None)


@rule
class PdfxXmp(DocumentRule):
    id, check = "pdfx-xmp", "pdfx-version"
    what = "a PDF/X-4 file has XMP metadata (a /Metadata stream in the catalog)"
    gwg = "ISO Compliancy"

    def check_document(self, e, pdfx):
        if pdfx.version and pdfx.version.startswith("PDF/X-4") and not pdfx.has_xmp:
            e.report(self.id, "PDF/X-4 requires XMP metadata, and the file has none (no /Metadata "
                     "stream in its catalog)", page=None)


@rule
class PdfxVersionXmp(DocumentRule):
    id, check = "pdfx-version-xmp", "pdfx-version"
    what = "the PDF/X version in the Info dictionary and in the XMP metadata agree: a version only in XMP, or a PDF/X-4 version only in Info, is an error"
    gwg = "ISO Compliancy"

    def check_document(self, e, pdfx):
        info = str(pdfx.info_version) if pdfx.info_version else None
        if info and pdfx.xmp_version and info != pdfx.xmp_version:
            e.report(self.id, f"the Info dictionary says {info}, the XMP metadata says {pdfx.xmp_version}",
                     page=None)
        elif info and not pdfx.xmp_version and pdfx.has_xmp and info.startswith("PDF/X-4"):
            e.report(self.id, f"the version ({info}) is in the Info dictionary but not in the XMP "
                     "metadata (pdfxid:GTS_PDFXVersion), where PDF/X-4 requires it", page=None)
        elif info and not pdfx.has_xmp and info.startswith("PDF/X-4"):
            pass  # reported by pdfx-xmp
        elif pdfx.xmp_version and not info:
            e.report(self.id, f"the version ({pdfx.xmp_version}) is in the XMP metadata but not in the "
                     "Info dictionary (GTS_PDFXVersion)", page=None)


def _trapped(e: Engine):
    info = resolved(e.reader.trailer.get("/Info"))
    return resolved(info.get("/Trapped")) if isinstance(info, DictionaryObject) else None


@rule
class PdfxTrapped(DocumentRule):
    id, check = "pdfx-trapped", "pdfx-version"
    what = "the Info dictionary has /Trapped set to /True or /False"
    gwg = "ISO Compliancy"

    def check_document(self, e, pdfx):
        trapped = _trapped(e)
        if trapped is None:
            e.report(self.id, "the Info dictionary has no /Trapped key; PDF/X requires /True or /False",
                     page=None)
        elif str(trapped).lstrip("/") not in ("True", "False"):
            shown = str(trapped) if isinstance(trapped, NameObject) else f"({trapped})"
            e.report(self.id, f"/Trapped is {shown}; PDF/X requires /True or /False", page=None)


@rule
class PdfxTrappedType(DocumentRule):
    id, check = "pdfx-trapped-type", "pdfx-version"
    severity = "profile:trapped_as_string"
    what = "/Trapped is the name /True or /False, not a text string that reads so"
    gwg = "ISO Compliancy"

    def check_document(self, e, pdfx):
        trapped = _trapped(e)
        if isinstance(trapped, (TextStringObject, ByteStringObject, str)) and not isinstance(trapped, NameObject) \
                and str(trapped).lstrip("/") in ("True", "False"):
            e.report(self.id, f"/Trapped is the text string ({trapped}), not the name "
                     f"/{str(trapped).lstrip('/')} that PDF/X requires", page=None)


@rule
class PdfxTrailerId(DocumentRule):
    id, check = "pdfx-trailer-id", "pdfx-version"
    what = "the trailer has an /ID (the file's identifier)"
    gwg = "ISO Compliancy"

    def check_document(self, e, pdfx):
        if "/ID" not in e.reader.trailer:
            e.report(self.id, "the file has no /ID in its trailer, which PDF/X requires (the file's "
                     "identifier)", page=None)


def _output_intents(e: Engine) -> list:
    catalog = resolved(e.reader.trailer.get("/Root"))
    intents = resolved(catalog.get("/OutputIntents")) if isinstance(catalog, DictionaryObject) else None
    intents = [resolved(item) for item in intents] if isinstance(intents, (list, ArrayObject)) else []
    return [item for item in intents if isinstance(item, DictionaryObject) and item.get("/S") == "/GTS_PDFX"]


class IntentRule(DocumentRule):
    pdfx_only = False

    def check_document(self, e, pdfx):
        intents = _output_intents(e)
        if intents:
            self.intent(e, pdfx, intents)

    def intent(self, e: Engine, pdfx: PdfxIdentity, intents: list) -> None: ...


@rule
class OutputIntent(DocumentRule):
    id, check = "output-intent", "output-intent"
    pdfx_only = False
    what = "a PDF/X OutputIntent (GTS_PDFX) says which press condition the colours are for"
    gwg = "ISO Compliancy"

    def check_document(self, e, pdfx):
        if not _output_intents(e) and e.profile.require_output_intent:
            e.report(self.id, "no PDF/X OutputIntent: the printer cannot tell which press condition "
                     "the colours are for", page=None)


@rule
class OutputIntentSeveral(IntentRule):
    id, check = "output-intent-several", "output-intent"
    what = "only one PDF/X OutputIntent (or copies of the same one)"
    gwg = "ISO Compliancy"

    def intent(self, e, pdfx, intents):
        distinct = {(str(item.get("/OutputConditionIdentifier")), _profile_identity(item)) for item in intents}
        if len(distinct) > 1:
            names = ", ".join(sorted(name for name, _ in distinct))
            e.report(self.id, f"{len(intents)} different PDF/X OutputIntents ({names}); PDF/X allows one",
                     page=None)


def _profile_identity(intent) -> object:
    profile = intent.get("/DestOutputProfile")
    reference = getattr(profile, "idnum", None)
    return reference if reference is not None else id(resolved(profile))


@rule
class OutputIntentIdentifier(IntentRule):
    id, check = "output-intent-identifier", "output-intent"
    what = "the OutputIntent names its printing condition (OutputConditionIdentifier, a text string)"
    gwg = "ISO Compliancy"

    def intent(self, e, pdfx, intents):
        for intent in intents:
            identifier = resolved(intent.get("/OutputConditionIdentifier"))
            if identifier is None or not str(identifier).strip():
                e.report(self.id, "the OutputIntent has no OutputConditionIdentifier, which PDF/X "
                         "requires (the printing condition's name)", page=None)
            elif isinstance(identifier, NameObject):
                e.report(self.id, "the OutputIntent's OutputConditionIdentifier is a name; PDF/X requires "
                         "a text string", page=None)


@rule
class OutputIntentProfile(IntentRule):
    id, check = "output-intent-profile", "output-intent"
    what = "the OutputIntent's profile (DestOutputProfile) is an embedded CMYK ICC profile (required in PDF/X-4)"
    gwg = "Output Intent Color Space"

    def intent(self, e, pdfx, intents):
        for intent in intents:
            profile = intent.get("/DestOutputProfile")
            stream = resolved(profile)
            if profile is None or stream is None:
                if pdfx.version and pdfx.version.startswith("PDF/X-4"):
                    missing = "" if profile is None else " (its reference points to no object)"
                    e.report(self.id, "the OutputIntent embeds no ICC profile (DestOutputProfile)"
                             f"{missing}, which PDF/X-4 requires", page=None)
                continue
            if not isinstance(stream, StreamObject):
                e.report(self.id, "the OutputIntent's DestOutputProfile is not an ICC profile stream",
                         page=None)
                continue
            components = resolved(stream.get("/N"))
            try:
                header = stream.get_data()[:20]
            except Exception as error:  # noqa: BLE001 - damaged: reported as such
                if type(error).__name__ == "LimitReachedError":
                    raise
                header = b""
            space = header[16:20].decode("latin-1").strip() if len(header) >= 20 else ""
            if number(components) != 4 or space != "CMYK":
                said = space or ("no readable ICC header" if not header else "not an ICC profile")
                count = f"{int(number(components))} components" if components is not None else "no /N"
                e.report(self.id, f"the OutputIntent profile is {said} ({count}); a print output "
                         "intent must be a CMYK profile", page=None)


@rule
class PageCount(DocumentRule):
    id, check = "page-count", "page-count"
    pdfx_only = False
    what = "the page count is a multiple of the profile's page_multiple"
    gwg = "Number of Pages"

    def check_document(self, e, pdfx):
        count, multiple = len(e.reader.pages), e.profile.page_multiple
        if multiple and count % multiple:
            e.report(self.id, f"{count} pages is not a multiple of {multiple}", page=None)


@rule
class Forms(DocumentRule):
    id, check = "forms", "forms"
    pdfx_only = False
    what = "no interactive form fields"
    gwg = "ISO Compliancy"

    def check_document(self, e, pdfx):
        catalog = resolved(e.reader.trailer.get("/Root"))
        form = resolved(catalog.get("/AcroForm")) if isinstance(catalog, DictionaryObject) else None
        if isinstance(form, DictionaryObject) and resolved(form.get("/Fields")):
            e.report(self.id, "the PDF has interactive form fields; flatten them", page=None)


def _runs_javascript(action, seen: set | None = None, depth: int = 0) -> bool:
    """True when an action (or one it chains to with /Next) is JavaScript."""
    seen = set() if seen is None else seen
    action = resolved(action)
    if isinstance(action, (list, ArrayObject)):
        return any(_runs_javascript(item, seen, depth + 1) for item in action[:1000])
    if not isinstance(action, DictionaryObject) or id(action) in seen or depth > 100:
        return False
    seen.add(id(action))
    if action.get("/S") == "/JavaScript" or "/JS" in action:
        return True
    return _runs_javascript(action.get("/Next"), seen, depth + 1)


def _event_actions(actions) -> list:
    actions = resolved(actions)
    return list(actions.values()) if isinstance(actions, DictionaryObject) else []


@rule
class JavaScript(Rule):
    id, check = "javascript", "javascript"
    what = "no JavaScript anywhere: document Names tree, open action, bookmarks, form fields, annotation actions"
    gwg = "ISO Compliancy"

    def document(self, e):
        catalog = resolved(e.reader.trailer.get("/Root"))
        if not isinstance(catalog, DictionaryObject):
            return
        names = resolved(catalog.get("/Names"))
        if isinstance(names, DictionaryObject) and "/JavaScript" in names:
            e.report(self.id, "the PDF carries JavaScript (in its Names tree); printers refuse it", page=None)
        if _runs_javascript(catalog.get("/OpenAction")):
            e.report(self.id, "the PDF runs JavaScript when opened (OpenAction)", page=None)
        if any(_runs_javascript(action) for action in _event_actions(catalog.get("/AA"))):
            e.report(self.id, "the PDF runs JavaScript on document events (/AA)", page=None)
        for title in self.outline_scripts(catalog.get("/Outlines")):
            e.report(self.id, f"the bookmark '{title}' runs JavaScript", page=None)
        form = resolved(catalog.get("/AcroForm"))
        if isinstance(form, DictionaryObject) and self.field_scripts(form.get("/Fields"), set(), 0):
            e.report(self.id, "a form field runs JavaScript", page=None)

    @staticmethod
    def outline_scripts(outlines) -> list[str]:
        outlines = resolved(outlines)
        found, seen, stack = [], set(), [resolved(outlines.get("/First"))] if isinstance(outlines, DictionaryObject) else []
        while stack and len(seen) < 100_000:
            item = stack.pop()
            if not isinstance(item, DictionaryObject) or id(item) in seen:
                continue
            seen.add(id(item))
            if _runs_javascript(item.get("/A")):
                found.append(str(resolved(item.get("/Title", "(untitled)")))[:80])
            stack += [resolved(item.get("/Next")), resolved(item.get("/First"))]
        return found

    def field_scripts(self, fields, seen: set, depth: int) -> bool:
        fields = resolved(fields)
        if not isinstance(fields, (list, ArrayObject)) or depth > 50:
            return False
        for field in fields[:10_000]:
            field = resolved(field)
            if not isinstance(field, DictionaryObject) or id(field) in seen:
                continue
            seen.add(id(field))
            if _runs_javascript(field.get("/A")) or any(_runs_javascript(action) for action
                                                        in _event_actions(field.get("/AA"))):
                return True
            if self.field_scripts(field.get("/Kids"), seen, depth + 1):
                return True
        return False

    def page(self, e, page, number):
        if any(_runs_javascript(action) for action in _event_actions(page.get("/AA"))):
            e.report(self.id, "the page runs JavaScript when opened or closed (/AA)")
        for annotation in _annotations(page):
            if _runs_javascript(annotation.get("/A")) or any(
                    _runs_javascript(action) for action in _event_actions(annotation.get("/AA"))):
                e.report(self.id, "runs JavaScript when clicked or shown", _annotation_label(annotation),
                         _rect(annotation))


@rule
class AutomaticActions(Rule):
    id, check = "actions", "javascript"
    what = "no automatic actions (/AA) on the document or a page"
    gwg = "ISO Compliancy"

    def document(self, e):
        catalog = resolved(e.reader.trailer.get("/Root"))
        if isinstance(catalog, DictionaryObject) and "/AA" in catalog:
            e.report(self.id, "the PDF has document actions (/AA)", page=None)

    def page(self, e, page, number):
        if "/AA" in page:
            e.report(self.id, "the page has actions (/AA)")


def _annotations(page) -> list:
    annotations = resolved(page.get("/Annots"))
    if not isinstance(annotations, (list, ArrayObject)):
        return []
    return [item for item in (resolved(entry) for entry in annotations[:10_000]) if isinstance(item, DictionaryObject)]


def _annotation_label(annotation) -> str:
    return f"{str(annotation.get('/Subtype', '/Unknown'))[1:] or 'Unknown'} annotation"


def _rect(annotation):
    rect = resolved(annotation.get("/Rect"))
    if isinstance(rect, (list, ArrayObject)) and len(rect) == 4:
        x0, y0, x1, y1 = (number(value) for value in rect)
        return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    return None


@rule
class Annotations(Rule):
    id, check = "annotations", "annotations"
    what = "no annotations on the page (printer's marks and trap networks excepted)"
    gwg = "ISO Compliancy"

    def page(self, e, page, number):
        for annotation in _annotations(page):
            subtype = str(annotation.get("/Subtype", "/Unknown"))[1:]
            if subtype not in {"PrinterMark", "TrapNet"}:
                e.report(self.id, "annotations do not print reliably and PDF/X forbids them on the "
                         "page; flatten or remove it", f"{subtype or 'Unknown'} annotation", _rect(annotation))


# -- boxes ----------------------------------------------------------------------------------

def _mm(points: float) -> str:
    return f"{points / PT_PER_MM:.1f} mm"


def _beyond(inner: tuple, outer: tuple) -> list[tuple[str, float]]:
    """How far each side of ``inner`` reaches outside ``outer`` (points, sides that do)."""
    sides = (("left", outer[0] - inner[0]), ("bottom", outer[1] - inner[1]),
             ("right", inner[2] - outer[2]), ("top", inner[3] - outer[3]))
    return [(side, amount) for side, amount in sides if amount > 0.05]


def _sides(beyond: list[tuple[str, float]]) -> str:
    return ", ".join(f"{_mm(amount)} on the {side}" for side, amount in beyond)


@rule
class TrimBox(Rule):
    id, check = "trim-box", "trim-box"
    what = "every page has a TrimBox"
    gwg = "ISO Compliancy"

    def boxes(self, e, page, number):
        if read_box(page, "/TrimBox") is None:
            bad = "/TrimBox" in page
            e.report(self.id, ("the TrimBox is not a box of four numbers" if bad else "no TrimBox") +
                     ": the printer cannot tell where the page is cut, and its size cannot be compared "
                     "with the other pages'")


@rule
class TrimAndArtBox(Rule):
    id, check = "trim-and-art-box", "trim-box"
    what = "a page has a TrimBox or an ArtBox, not both"
    gwg = "ISO Compliancy"

    def boxes(self, e, page, number):
        if "/TrimBox" in page and "/ArtBox" in page:
            e.report(self.id, "the page has both a TrimBox and an ArtBox; PDF/X allows one of them")


def _bleed_area(page) -> tuple[tuple | None, str]:
    bleed = read_box(page, "/BleedBox")
    if bleed is not None:
        return bleed, "BleedBox"
    crop = read_box(page, "/CropBox")
    return (crop, "page (CropBox)") if crop is not None else (read_box(page, "/MediaBox"), "page (MediaBox)")


@rule
class TrimBeyondBleed(Rule):
    id, check = "trim-beyond-bleed", "bleed"
    what = "the TrimBox lies within the BleedBox (or, without one, within the page)"
    gwg = "ISO Compliancy"

    def boxes(self, e, page, number):
        trim = read_box(page, "/TrimBox")
        bleed, name = _bleed_area(page)
        if trim is None or bleed is None:
            return
        beyond = _beyond(trim, bleed)
        if beyond:
            e.report(self.id, f"the trim reaches beyond the {name} ({_sides(beyond)}): the page has no "
                     "bleed there, and part of the page itself is missing")


@rule
class BleedBeyondMedia(Rule):
    id, check = "bleed-beyond-media", "bleed"
    what = "the BleedBox lies within the MediaBox"
    gwg = "ISO Compliancy"

    def boxes(self, e, page, number):
        bleed, media = read_box(page, "/BleedBox"), read_box(page, "/MediaBox")
        if bleed is not None and media is not None:
            beyond = _beyond(bleed, media)
            if beyond:
                e.report(self.id, f"the BleedBox reaches beyond the MediaBox ({_sides(beyond)}): "
                         "the bleed it promises is not on the page")


@rule
class Bleed(Rule):
    id, check = "bleed", "bleed"
    what = "the bleed (BleedBox, or the page without one) reaches bleed_mm beyond the trim on every side"
    gwg = ""  # the printer's own figure: GWG's newspaper variants set none

    def boxes(self, e, page, number):
        wanted = e.profile.bleed_mm
        trim = read_box(page, "/TrimBox")
        bleed, _ = _bleed_area(page)
        if not wanted or trim is None or bleed is None or _beyond(trim, bleed):
            return  # no trim, or a trim outside the page: other rules say so
        margins = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
        least = min(margins) / PT_PER_MM
        if least < wanted - 0.01:
            e.report(self.id, f"bleed is {max(least, 0):.1f} mm beyond the trim; the printer wants "
                     f"{wanted:g} mm on every side")


@rule
class PageSize(Rule):
    id, check = "page-size", "page-size"
    what = "every page's trim is the size of the first page's (within 0.1 mm)"
    gwg = "Page Size and Orientation"

    def __init__(self):
        self.first = None

    def boxes(self, e, page, number):
        trim = read_box(page, "/TrimBox")
        if trim is None or not e.profile.same_page_size:
            return
        size = ((trim[2] - trim[0]) / PT_PER_MM, (trim[3] - trim[1]) / PT_PER_MM)
        if self.first is None:
            self.first = (number, size)
        elif abs(size[0] - self.first[1][0]) > 0.1 or abs(size[1] - self.first[1][1]) > 0.1:
            e.report(self.id, f"trim is {size[0]:.1f} x {size[1]:.1f} mm; page {self.first[0]} is "
                     f"{self.first[1][0]:.1f} x {self.first[1][1]:.1f} mm")


@rule
class PageRotate(Rule):
    id, check = "page-rotate", "page-size"
    what = "no page is rotated (/Rotate)"
    gwg = "Page Size and Orientation"

    def boxes(self, e, page, number):
        try:
            rotation = int(page.rotation) % 360
        except (TypeError, ValueError, AttributeError):
            rotation = 0
        if rotation:
            e.report(self.id, f"the page is rotated by {rotation}° (/Rotate): it would be imposed and "
                     "printed turned; rotate its content instead")


# -- colour ---------------------------------------------------------------------------------

def _painted(paint: Paint) -> str:
    what = paint.what if paint.side == "fill" or paint.what != "path" else "path stroke"
    return f"{what} in {paint.colour.label}"


def _space_allowed(e: Engine, rule_id: str, family: str | None, spots: list, space, label: str, where) -> None:
    """The colour-space rules shared by paint, images and shadings."""
    if family is None:
        return
    if family == "spot":
        if rule_id == "spot-colour":
            for spot in spots:
                if spot not in e.profile.spot_colours and spot not in ("All", "None"):
                    e.report(rule_id, f"uses the spot colour '{spot}', which the printer does not "
                             "expect; convert it to CMYK", label, where,
                             severity=None if "spot" not in e.profile.colour_spaces else "warning")
        return
    if rule_id == "colour" and family not in e.profile.colour_spaces:
        e.report(rule_id, f"{family.upper()} colour is not allowed by this printer (allowed: "
                 f"{', '.join(e.profile.colour_spaces)}); convert it to CMYK", label, where)
    elif rule_id == "colour-pdfx1a" and e.x1a and family in e.profile.colour_spaces:
        icc = isinstance(space, (list, ArrayObject)) and space and str(resolved(space[0])) == "/ICCBased"
        if family in ("rgb", "lab") or icc:
            e.report(rule_id, f"{'ICC-based' if icc else family.upper()} colour is not allowed in PDF/X-1a",
                     label, where)


class SpaceRule(Rule):
    def paint(self, e, paint):
        colour = paint.colour
        _space_allowed(e, self.id, colour.family, colour.spots, colour.space, _painted(paint), paint.where)

    def image(self, e, image):
        if image.family is None and image.jpx:
            if self.id == "colour":
                e.report(self.id, "the colour of this JPEG 2000 picture cannot be told", image.label,
                         image.placed.where)
            return
        _space_allowed(e, self.id, image.family, image.spots, image.space, image.label, image.placed.where)

    def shading(self, e, shading, resources, ctm, state):
        space = resolve_space(shading.get("/ColorSpace"), resources)
        family, spots = colour_family(space)
        _space_allowed(e, self.id, family, spots, space, _shading_label(shading, space), _shading_box(shading, ctm))


def _shading_label(shading, space) -> str:
    kind = {1: "function-based", 2: "axial", 3: "radial", 4: "mesh", 5: "mesh", 6: "mesh",
            7: "mesh"}.get(int(number(shading.get("/ShadingType"))), "")
    return f"{kind} shading in {space_name(space)}".strip()


def _shading_box(shading, ctm):
    from .preflight_walk import transform_box
    box = resolved(shading.get("/BBox"))
    if isinstance(box, (list, ArrayObject)) and len(box) == 4:
        x0, y0, x1, y1 = (number(value) for value in box)
        return transform_box(((x0, y0), (x1, y0), (x0, y1), (x1, y1)), ctm)
    return None


@rule
class Colour(SpaceRule):
    id, check = "colour", "colour"
    what = "everything painted (text, paths, images, shadings, inside forms, patterns, Type 3 glyphs and printing annotations) uses a colour space the profile allows"
    gwg = "the CMYK variants' colour space rules (no RGB, Lab or ICC-based colour)"


@rule
class ColourPdfx1a(SpaceRule):
    id, check = "colour-pdfx1a", "colour"
    what = "a PDF/X-1a file paints no RGB, Lab or ICC-based colour"
    gwg = "ISO Compliancy"


@rule
class SpotColour(SpaceRule):
    id, check = "spot-colour", "colour"
    what = "spot colours are only those named in the profile's spot_colours (an error where the profile allows no spot colour, else a warning)"
    gwg = "Use of Spot Colors; Spot Color Naming"


@rule
class TotalInk(Rule):
    id, check = "total-ink", "total-ink"
    what = "CMYK colours, pictures (averaged over 4 x 4 pixel cells) and shadings stay within max_ink_percent"
    gwg = "Total Ink Area Coverage"

    def paint(self, e, paint):
        total = paint.colour.total
        if total is not None and paint.colour.family == "cmyk" and total > e.profile.max_ink_percent + 0.5:
            cmyk = " ".join(f"{value * 100:.0f}" for value in paint.colour.inks)
            e.report(self.id, f"a CMYK colour ({cmyk}) totals {total:.0f}% ink; the limit is "
                     f"{e.profile.max_ink_percent:g}%", _painted(paint), paint.where)

    def image(self, e, image):
        if image.family != "cmyk" or image.line_art:
            return
        try:
            ink = e.total_ink(image)
        except NotMeasured as problem:
            rule_id = "image-undecodable" if problem.kind == "undecodable" else "ink-not-measured"
            message = (f"cannot be decoded ({problem.reason}): a RIP may fail on it too, and its ink "
                       "was not measured") if rule_id == "image-undecodable" else \
                f"ink not measured: {problem.reason}; check its total ink in another tool"
            e.report(rule_id, message, image.label, image.placed.where)
            return
        if ink > e.profile.max_ink_percent + 0.5:
            e.report(self.id, f"total ink reaches {ink:.0f}%; the limit is {e.profile.max_ink_percent:g}%",
                     image.label, image.placed.where)

    def shading(self, e, shading, resources, ctm, state):
        label = _shading_label(shading, resolve_space(shading.get("/ColorSpace"), resources))
        try:
            ink = shading_total_ink(shading)
        except NotMeasured as problem:
            e.report("ink-not-measured", f"ink not measured: {problem.reason}; check its total ink in "
                     "another tool", label, _shading_box(shading, ctm))
            return
        if ink is not None and ink > e.profile.max_ink_percent + 0.5:
            e.report(self.id, f"total ink reaches {ink:.0f}% along the shading; the limit is "
                     f"{e.profile.max_ink_percent:g}%", label, _shading_box(shading, ctm))


@rule
class Registration(Rule):
    id, check = "registration-colour", "colour"
    what = "nothing is painted in registration colour (Separation All), and no text in C=M=Y=K=100"
    gwg = "Separation Color All"

    def paint(self, e, paint):
        kind = paint.colour.registration
        if kind and kind != "C=M=Y=K=100":
            e.report(self.id, f"is painted in registration colour ({kind}): it prints on every plate",
                     _painted(paint), paint.where)
        elif kind and paint.what == "text":
            e.report(self.id, "is in registration black (C=M=Y=K=100): 400 % ink that misregisters; "
                     "set text in 100 % K", _painted(paint), paint.where)


@rule
class InkNotMeasured(Rule):
    id, check = "ink-not-measured", "total-ink"
    severity = "warning"
    what = "reported when the total ink of a CMYK picture or shading could not be measured (too big, a kind not measured): the check was not done"
    gwg = "Total Ink Area Coverage"


@rule
class ImageUndecodable(Rule):
    id, check = "image-undecodable", "images"
    what = "every CMYK picture measured for ink can be decoded (a truncated or damaged picture is reported, not skipped)"


@rule
class Resolution(Rule):
    id, check = "resolution", "resolution"
    what = "each placement of each image has the effective resolution the profile wants (pixels over placed size)"
    gwg = "Image Resolution for Grayscale and Color Images; Image Resolution for 1-bit Images"

    def image(self, e, image):
        if image.ppi is None:
            return
        rules = e.profile.images
        limits = rules.line_art_ppi if image.line_art else (
            rules.gray_ppi if image.family == "gray" else rules.colour_ppi)
        kind = "line art" if image.line_art else ("grayscale" if image.family == "gray" else "colour")
        if image.ppi < limits.error:
            e.report(self.id, f"{image.ppi:.0f} ppi effective; {kind} images need at least "
                     f"{limits.error:g} ppi ({limits.warning:g} wanted)", image.label, image.placed.where,
                     severity="error")
        elif image.ppi < limits.warning:
            e.report(self.id, f"{image.ppi:.0f} ppi effective; {limits.warning:g} ppi wanted for {kind} "
                     "images", image.label, image.placed.where, severity="warning")


@rule
class Jpeg2000(Rule):
    id, check = "image-jpeg2000", "images"
    what = "no JPEG 2000 pictures in a PDF/X-1a file (PDF 1.3/1.4 has none)"
    gwg = "ISO Compliancy"

    def image(self, e, image):
        if image.jpx and e.x1a:
            e.report(self.id, "JPEG 2000 compression is not allowed in PDF/X-1a", image.label,
                     image.placed.where)


@rule
class SmallText(Rule):
    id, check = "small-text", "small-text"
    severity = "profile:small_text.severity"
    what = "text under small_text.below_pt is printed in at most small_text.max_inks inks"
    gwg = "Small Text; Rich Black Text"

    def __init__(self):
        self.seen: set = set()

    def show(self, e, state, size, where):
        rule, inks = e.profile.small_text, state.fill.inks
        if rule is None or inks is None or not 0 < size < rule.below_pt or state.render not in (0, 2, 4, 6):
            return
        used = sum(1 for value in inks if value > 0.005)
        key = (e.page_number, id(state.fill), round(size, 1))
        if used > rule.max_inks and key not in self.seen:
            self.seen.add(key)
            cmyk = " ".join(f"{value * 100:.0f}" for value in inks)
            e.report(self.id, f"text of {size:.1f} pt is printed in {used} inks; type under "
                     f"{rule.below_pt:g} pt should use at most {rule.max_inks}, or it blurs when the "
                     "plates are out of register", f"text in CMYK {cmyk}", where, severity=rule.severity)


@rule
class WhiteOverprint(Rule):
    id, check = "overprint-white", "overprint"
    what = "no white text or paths set to overprint (they vanish on press)"
    gwg = "Overprint White Text; Overprint White Paths"

    def paint(self, e, paint):
        overprint = paint.state.fill_overprint if paint.side == "fill" else paint.state.stroke_overprint
        if overprint and paint.colour.white and paint.what in ("text", "path", "glyph"):
            e.report(self.id, f"white {paint.what} is set to overprint: it will not show on press",
                     _painted(paint), paint.where)


# -- transparency and the graphics state ----------------------------------------------------

@rule
class Transparency(Rule):
    id, check = "transparency", "transparency"
    severity = "profile:transparency"
    what = "what is painted with transparency (opacity under 1, a blend mode, a soft mask, pictures with alpha): at the profile's severity, always an error in PDF/X-1a"
    gwg = ""  # GWG2015 allows live transparency (PDF/X-4); its blend space: transparency-blend-space

    def report(self, e: Engine, message: str, label: str, where) -> None:
        severity = None
        if e.x1a:
            severity, message = "error", message + "; PDF/X-1a forbids transparency"
        e.report(self.id, message, label, where, severity=severity)

    def paint(self, e, paint):
        for message in _transparent(paint.state, paint.side):
            self.report(e, message, _painted(paint), paint.where)

    def form(self, e, form, group, state, where):
        if group is None:
            return  # no group: what it paints is judged one by one
        for message in _transparent(state, "fill"):
            self.report(e, message, "group of objects (form XObject)", where)

    def shading(self, e, shading, resources, ctm, state):
        if state is not None:
            label = _shading_label(shading, resolve_space(shading.get("/ColorSpace"), resources))
            for message in _transparent(state, "fill"):
                self.report(e, message, label, _shading_box(shading, ctm))

    def image(self, e, image):
        picture = image.placed.image
        if "/SMask" in picture or number(picture.get("/SMaskInData")):
            self.report(e, "has a soft mask (alpha channel)", image.label, image.placed.where)
        if image.placed.state is not None:
            for message in _transparent(image.placed.state, "fill"):
                self.report(e, message, image.label, image.placed.where)


def _transparent(state: GState, side: str) -> list[str]:
    """What makes painting in this state transparent."""
    found = []
    alpha = state.fill_alpha if side == "fill" else state.stroke_alpha
    if alpha < 1:
        found.append(f"is painted at {alpha * 100:.0f}% opacity")
    if state.blend not in ("Normal", "Compatible"):
        found.append(f"is painted in blend mode {state.blend}")
    if state.soft_mask:
        found.append("is painted through a soft mask")
    return found


@rule
class BlendSpace(Rule):
    id, check = "transparency-blend-space", "transparency"
    severity = "profile:transparency"
    what = "a transparency group that is composited with transparency blends in CMYK or gray (not RGB or Lab)"
    gwg = "Transparency Blend Color Space"

    def form(self, e, form, group, state, where):
        if group is None or not _transparent(state, "fill"):
            return
        space = resolve_space(group.get("/CS"), resolved(form.get("/Resources")))
        family, _ = colour_family(space)
        if family in ("rgb", "lab"):
            e.report(self.id, f"is blended in {space_name(space)}; a CMYK press wants transparency "
                     "blended in CMYK", "group of objects (form XObject)", where,
                     severity="error" if e.x1a else None)


class GraphicsStateRule(Rule):
    keys: tuple = ()
    allowed: tuple = ()

    def __init__(self):
        self.seen: set = set()

    def graphics_state(self, e, gstate, state):
        found = [key for key in self.keys if key in gstate and str(resolved(gstate[key])) not in self.allowed]
        key = (e.page_number, id(gstate))
        if found and key not in self.seen:
            self.seen.add(key)
            e.report(self.id, self.message(", ".join(item[1:] for item in found)), "graphics state (ExtGState)")

    def message(self, keys: str) -> str:
        return keys


@rule
class TransferFunction(GraphicsStateRule):
    id, check = "transfer-function", "graphics-state"
    keys, allowed = ("/TR", "/TR2"), ("/Default",)
    what = "no transfer functions in graphics states (TR, or TR2 other than /Default)"
    gwg = "ISO Compliancy"

    def message(self, keys):
        return f"sets a transfer function ({keys}), which PDF/X forbids: it changes the tones on press"


@rule
class Halftone(GraphicsStateRule):
    id, check = "halftone", "graphics-state"
    severity = "warning"
    keys, allowed = ("/HT",), ("/Default",)
    what = "no halftone screens in graphics states (the printer's RIP screens the pages)"
    gwg = ""  # PDF/X allows halftones; the printer's RIP screens the pages

    def message(self, keys):
        return "sets a halftone screen (HT); the printer's RIP screens the pages, so remove it"


@rule
class BlackGeneration(GraphicsStateRule):
    id, check = "black-generation", "graphics-state"
    severity = "warning"
    keys, allowed = ("/BG", "/BG2", "/UCR", "/UCR2"), ("/Default",)
    what = "no black generation or undercolour removal functions in graphics states"

    def message(self, keys):
        return f"sets black generation or undercolour removal ({keys}); separation is the output profile's"


@rule
class PostScript(Rule):
    id, check = "postscript", "postscript"
    what = "no PostScript: no PostScript XObjects, no PS operator, no PostScript in forms"
    gwg = "ISO Compliancy"

    def postscript(self, e, what, where):
        e.report(self.id, f"the page carries {what}, which PDF/X forbids (a RIP may run or ignore it)",
                 None, where)


# -- fonts ----------------------------------------------------------------------------------

def font_embedding(font) -> tuple[bool, bool]:
    """(embedded, subset) for a font dictionary. Type 3 fonts are drawn (their glyphs are
    walked), so embedded; a FontFile that points to a missing object is not embedded."""
    name = str(font.get("/BaseFont", ""))[1:]
    subset = bool(re.match(r"^[A-Z]{6}\+", name))
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True, True
    if subtype == "/Type0":
        descendants = resolved(font.get("/DescendantFonts"))
        first = resolved(descendants[0]) if isinstance(descendants, (list, ArrayObject)) and descendants else None
        descriptor = first.get("/FontDescriptor") if isinstance(first, DictionaryObject) else None
    else:
        descriptor = font.get("/FontDescriptor")
    descriptor = resolved(descriptor)
    if not isinstance(descriptor, DictionaryObject):
        return False, subset
    embedded = any(isinstance(resolved(descriptor.get(key)), StreamObject)
                   for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return embedded, subset


@rule
class Fonts(Rule):
    id, check = "fonts", "fonts"
    what = "every font used for visible text is embedded (invisible text, render mode 3, needs none)"
    gwg = "ISO Compliancy"

    def __init__(self):
        self.seen: set = set()

    def show(self, e, state, size, where):
        font = state.font
        if not isinstance(font, DictionaryObject):
            return
        key = object_key(font, font)
        if key in self.seen:
            return
        self.seen.add(key)
        label = f"font {str(font.get('/BaseFont', '/(unnamed)'))[1:] or '(unnamed)'}"
        embedded, subset = font_embedding(font)
        if not embedded:
            e.report(self.id, "not embedded: the printer's RIP would substitute another font; embed all "
                     "fonts when exporting", label)
        elif not subset:
            e.report("fonts-subset", "embedded whole, not subset", label)


@rule
class FontsSubset(Rule):
    id, check = "fonts-subset", "fonts"
    severity = "profile:fonts_not_subset"
    what = "embedded fonts are subset (reported with the Fonts rule, at fonts_not_subset)"


@rule
class Encryption(Rule):
    id, check = "encryption", "encryption"
    what = "the file is not encrypted"
    gwg = "ISO Compliancy"


# -- the walk's own problems ----------------------------------------------------------------

@rule
class ContentLimit(Rule):
    id, check = "content-limit", "content"
    what = "the page can be walked: no form, pattern or glyph that draws itself, nesting, operator count and time within bounds; what lies past a bound is reported unchecked"

    def problem(self, e, kind, message, where):
        if kind in ("cycle", "depth", "operators", "time"):
            e.report(self.id, message, None, where)


@rule
class ContentUnreadable(Rule):
    id, check = "content", "content"
    what = "every content stream drawn (forms, patterns, glyphs, appearances) can be decoded"

    def problem(self, e, kind, message, where):
        if kind == "unreadable":
            e.report(self.id, message, None, where)


@rule
class ContentSyntax(Rule):
    id, check = "content-syntax", "content"
    severity = "warning"
    what = "operators in content streams have the operands they need"

    def problem(self, e, kind, message, where):
        if kind == "syntax":
            e.report(self.id, message, None, where)
