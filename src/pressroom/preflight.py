"""Preflight: check any PDF (ours or a supplied ad) against a printer's rules.

A preflight profile (``profiles/preflight/NAME.yaml``, documented in docs/printing.md)
states the rules: accepted PDF/X versions, output intent, page size, bleed, page count,
fonts, minimum effective image resolution, allowed colour spaces, total ink, transparency.
Every page's content stream is walked with its transformation matrix, so image resolution
is what the press sees (pixels over placed size), not the dpi tag in the file; form
XObjects (placed ads) are walked too. Each finding names the page and the object.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image
from pydantic import Field
from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from .cache import discard, read_entry, source_digest, write_entry
from .confine import confined_name
from .contentstream import operations
from .errors import InputError, display_path
from .manifest import Strict
from .yamlfile import load_yaml, validate

PT_PER_MM = 72 / 25.4
Severity = Literal["error", "warning", "ignore"]
ColourFamily = Literal["cmyk", "gray", "rgb", "lab", "spot"]
# Total ink of a picture is judged on cells of this many pixels square (averaged), so a
# few stray pixels are not an error: 4 px is about 0.5 mm at 200 ppi.
INK_CELL_PX = 4
PROCESS_COLOURANTS = {"Cyan", "Magenta", "Yellow", "Black"}


class PpiLimits(Strict):
    error: float = Field(ge=0)  # below this: an error
    warning: float = Field(ge=0)  # below this: a warning


class SmallTextRule(Strict):
    """Small type printed in several inks blurs when the plates are slightly out of register."""

    below_pt: float = Field(gt=0)
    max_inks: int = Field(ge=1, le=4)
    severity: Severity = "warning"


class ImageRules(Strict):
    colour_ppi: PpiLimits
    gray_ppi: PpiLimits
    line_art_ppi: PpiLimits  # 1-bit images and masks


class PreflightProfile(Strict):
    """A printer's rules, as data. Loaded from ``profiles/preflight/NAME.yaml``."""

    name: str
    description: str = ""
    pdfx_versions: list[str] = Field(default_factory=list)  # accepted; empty: PDF/X not required
    require_output_intent: bool = True
    page_multiple: int | None = Field(default=None, ge=1)
    same_page_size: bool = True
    bleed_mm: float | None = Field(default=3, ge=0)  # None: bleed not required
    fonts_not_subset: Severity = "warning"
    images: ImageRules
    colour_spaces: list[ColourFamily] = Field(default_factory=lambda: ["cmyk", "gray"])
    spot_colours: list[str] = Field(default_factory=list)  # spot colour names allowed
    max_ink_percent: float = Field(default=300, gt=0, le=400)
    small_text: SmallTextRule | None = None
    transparency: Severity = "warning"


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" or "warning"
    check: str
    message: str
    page: int | None = None
    object: str | None = None

    def __str__(self) -> str:
        where = f"page {self.page}" if self.page is not None else "document"
        what = f" {self.object}:" if self.object else ":"
        return f"{self.severity:<7} {where}{what} {self.message}"


@dataclass
class PreflightReport:
    file: str
    profile: str
    pages: int
    pdfx_version: str | None
    findings: list[Finding] = field(default_factory=list)
    colour_pages: list[int] = field(default_factory=list)  # pages printing more than black

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "warning"]

    @property
    def passed(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {"file": self.file, "profile": self.profile, "pages": self.pages,
                "pdfx_version": self.pdfx_version, "passed": self.passed,
                "colour_pages": self.colour_pages,
                "errors": len(self.errors), "warnings": len(self.warnings),
                "findings": [asdict(finding) for finding in self.findings]}

    def summary(self) -> str:
        verdict = "passed" if self.passed else "FAILED"
        return (f"preflight {verdict}: {self.file} against '{self.profile}': "
                f"{self.pages} pages, {len(self.errors)} errors, {len(self.warnings)} warnings")


def profiles_dir(project_root: Path | None = None) -> Path:
    """``profiles/preflight`` of the project (by default the one this package belongs to,
    found from the working folder upwards or beside the installed source)."""
    if project_root is None:
        here = Path.cwd().resolve()
        candidates = [here, *here.parents, Path(__file__).resolve().parents[2]]
        project_root = next((folder for folder in candidates
                             if (folder / "profiles" / "preflight").is_dir()), candidates[-1])
    return project_root / "profiles" / "preflight"


def load_profile(name: str, project_root: Path | None = None) -> PreflightProfile:
    """The profile ``profiles/preflight/NAME.yaml``: a name, never a path (confined to that
    folder, links out of it refused)."""
    folder = profiles_dir(project_root)
    path = confined_name(name, folder, "preflight profile", suffix=".yaml")
    if not path.is_file():
        known = sorted(item.stem for item in folder.glob("*.yaml"))
        raise InputError.single(
            f"preflight profile '{name}' does not exist (no {display_path(folder)}/{name}.yaml)",
            hint="known profiles: " + ", ".join(known))
    document = load_yaml(path.read_text(encoding="utf-8"), path)
    return validate(PreflightProfile, document, "preflight profile")


def preflight(pdf: Path | PdfReader, profile: PreflightProfile, name: str | None = None,
              scope: Literal["all", "document", "pages"] = "all", first_page: int = 1,
              pdfx_version: str | None = None, ink_memory: Path | None = None) -> PreflightReport:
    """Check a PDF file (or an open reader) against ``profile``; InputError if unreadable.

    A build checks its chunks' pages as they are rendered (``scope="pages"``: what each page
    draws, numbered from ``first_page``, as part of a ``pdfx_version`` file) and the joined
    file once for what belongs to the whole document (``scope="document"``: version keys,
    output intent, page count and boxes). ``ink_memory`` is a folder where the total ink of
    every picture measured is remembered by its content, so that a picture is decoded once
    however many builds and pages show it."""
    reader = pdf if isinstance(pdf, PdfReader) else open_pdf(Path(pdf), name)
    name = name or (Path(pdf).name if not isinstance(pdf, PdfReader) else "PDF")
    with reading_pdf(name, None if isinstance(pdf, PdfReader) else Path(pdf)):
        if reader.is_encrypted:
            report = PreflightReport(name, profile.name, 0, None)
            report.findings.append(Finding("error", "encryption", "the PDF is encrypted; printers "
                                           "need it unprotected: export it again without a password"))
            return report
        return _Preflight(reader, profile, name, ink_memory).run(scope, first_page, pdfx_version)


class PdfBombError(InputError):
    """A PDF that pypdf stops reading at one of its limits (pypdf's LimitReachedError): a
    stream that decompresses past its limit, a compression bomb, or structures deeper or
    longer than any real file has. Not merely broken but hostile: nothing more is read of
    it, and an issue's ads are not assessed any further (exit 2)."""


def decompression_limit() -> int:
    """The most bytes pypdf decompresses from one stream before it stops."""
    try:
        from pypdf import get_configuration
    except ImportError:  # an older pypdf: the limit is a module constant
        from pypdf.filters import ZLIB_MAX_OUTPUT_LENGTH
        return ZLIB_MAX_OUTPUT_LENGTH
    return get_configuration().zlib_maximum_output_length


@contextmanager
def reading_pdf(name: str, file: Path | None = None):
    """The one place where pypdf's errors on a PDF from outside (a supplied ad, a file given
    to ``pressroom preflight``) become the located InputError (exit 2) naming it, ``name``,
    instead of a traceback: opening it (``open_pdf``), walking its pages (``preflight``) and
    placing it (``ads.place_ads``) read it inside this. A stream past pypdf's limit raises
    PdfBombError."""
    try:
        yield
    except LimitReachedError as error:
        if "decompress" in str(error).lower():
            limit = decompression_limit() / 1_000_000
            message = (f"{name} decompresses past {limit:g} MB (a compression bomb): not a PDF an "
                       "advertiser or a printer would send")
        else:
            message = f"{name} goes past what a PDF may hold ({error}): not a PDF a printer would send"
        raise PdfBombError.single(message, file, hint="ask for the file again, exported as PDF/X by "
                                  "the application that made it") from None
    except PyPdfError as error:
        raise _unreadable(name, file, error) from None


def open_pdf(path: Path, name: str | None = None) -> PdfReader:
    """A PDF opened with pypdf, its pages readable; InputError (exit 2) when it is not one,
    PdfBombError when it is a compression bomb (see ``reading_pdf``). ``name`` is what the
    messages call it (default: the path)."""
    name = name or str(path)
    try:
        with reading_pdf(name, path):
            reader = PdfReader(path)
            len(reader.pages)
            return reader
    except FileNotFoundError:
        raise InputError.single(f"{path} does not exist") from None
    except (OSError, ValueError, KeyError, IndexError) as error:  # what pypdf's parser also raises
        raise _unreadable(name, path, error) from None


def _unreadable(name: str, file: Path | None, error: Exception) -> InputError:
    return InputError.single(f"{name} is not a readable PDF ({error})", file,
                             hint="ask for the file again, exported as PDF/X")


@dataclass
class _State:
    ctm: tuple = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    fill: object = None  # current colour space (as in the content stream)
    stroke: object = None
    inks: tuple | None = None  # current fill colour as C, M, Y, K (None: not CMYK or gray)


class _Preflight:
    """One preflight run: walks the document and every page, collecting findings."""

    def __init__(self, reader: PdfReader, profile: PreflightProfile, name: str,
                 ink_memory: Path | None = None):
        self.reader = reader
        self.ink_memory = ink_memory
        self.profile = profile
        self.name = name
        self.findings: dict[tuple, Finding] = {}
        self.fonts_seen: set = set()
        self.image_ink: dict = {}  # image object id -> max total ink %
        self.colour_pages: set[int] = set()  # pages using cyan, magenta, yellow, RGB or spot
        self.pdfx_version: str | None = None

    def run(self, scope: str = "all", first_page: int = 1, pdfx_version: str | None = None) -> PreflightReport:
        if scope == "pages":
            self.pdfx_version = pdfx_version
        else:
            self.check_document()
        first_trim = None
        for number, page in enumerate(self.reader.pages, start=first_page):
            if scope != "pages":
                first_trim = self.check_boxes(number, page, first_trim)
            if scope == "document":
                continue
            self.check_page_objects(number, page)
            resources = page.get("/Resources")
            resources = resources.get_object() if resources is not None else DictionaryObject()
            contents = page.get_contents()
            if contents is not None:
                self.walk(contents.get_data(), resources, _State(), number, 0)
        return PreflightReport(self.name, self.profile.name, len(self.reader.pages),
                               self.pdfx_version, list(self.findings.values()),
                               sorted(self.colour_pages))

    def add(self, severity: str, check: str, message: str, page: int | None = None,
            obj: str | None = None) -> None:
        if severity == "ignore":
            return
        key = (check, page, obj, message if obj is None else None)
        self.findings.setdefault(key, Finding(severity, check, message, page, obj))

    # -- document ---------------------------------------------------------------------

    def check_document(self) -> None:
        reader, profile = self.reader, self.profile
        catalog = reader.trailer["/Root"]
        info = reader.trailer.get("/Info")
        info = info.get_object() if info is not None else {}
        self.pdfx_version = _pdfx_version(catalog, info)
        if profile.pdfx_versions:
            if self.pdfx_version is None:
                self.add("error", "pdfx-version", "not a PDF/X file (no GTS_PDFXVersion key); the "
                         f"printer accepts {', '.join(profile.pdfx_versions)}")
            elif not any(self.pdfx_version.startswith(v) for v in profile.pdfx_versions):
                self.add("error", "pdfx-version", f"{self.pdfx_version} is not accepted; the printer "
                         f"accepts {', '.join(profile.pdfx_versions)}")
            if info.get("/Trapped") not in ("/True", "/False"):
                self.add("error", "pdfx-version", "the Info dictionary has no /Trapped True or False, "
                         "which PDF/X requires")
            if "/ID" not in reader.trailer:
                self.add("error", "pdfx-version", "the file has no /ID in its trailer, which PDF/X "
                         "requires (the file's identifier)")
        self.check_output_intent(catalog)
        count = len(reader.pages)
        if profile.page_multiple and count % profile.page_multiple:
            self.add("error", "page-count", f"{count} pages is not a multiple of "
                     f"{profile.page_multiple}")
        if "/AcroForm" in catalog and catalog["/AcroForm"].get_object().get("/Fields"):
            self.add("error", "forms", "the PDF has interactive form fields; flatten them")
        names = catalog.get("/Names")
        if names is not None and "/JavaScript" in names.get_object():
            self.add("error", "javascript", "the PDF carries JavaScript; printers refuse it")
        action = catalog.get("/OpenAction")
        if isinstance(action, (DictionaryObject, IndirectObject)):
            action = action.get_object()
            if isinstance(action, DictionaryObject) and action.get("/S") == "/JavaScript":
                self.add("error", "javascript", "the PDF runs JavaScript when opened")
        if "/AA" in catalog:
            self.add("error", "javascript", "the PDF has document actions (/AA)")

    def check_output_intent(self, catalog) -> None:
        intents = catalog.get("/OutputIntents")
        intents = [item.get_object() for item in intents.get_object()] if intents is not None else []
        pdfx = [item for item in intents if item.get("/S") == "/GTS_PDFX"]
        if not pdfx:
            if self.profile.require_output_intent:
                self.add("error", "output-intent", "no PDF/X OutputIntent: the printer cannot tell "
                         "which press condition the colours are for")
            return
        intent = pdfx[0]
        profile = intent.get("/DestOutputProfile")
        if profile is None:
            if self.pdfx_version and self.pdfx_version.startswith("PDF/X-4"):
                self.add("error", "output-intent", "the OutputIntent embeds no ICC profile "
                         "(DestOutputProfile), which PDF/X-4 requires")
            elif not intent.get("/OutputConditionIdentifier"):
                self.add("error", "output-intent", "the OutputIntent names no output condition")
            return
        components = profile.get_object().get("/N")
        if components != 4:
            self.add("error", "output-intent", f"the OutputIntent profile has {components} "
                     "components; a print output intent must be a CMYK profile")

    # -- pages ------------------------------------------------------------------------

    def check_boxes(self, number: int, page, first_trim):
        if "/TrimBox" not in page:
            self.add("error", "trim-box", "no TrimBox: the printer cannot tell where the page "
                     "is cut", number)
            return first_trim
        trim = page.trimbox
        size = (float(trim.width) / PT_PER_MM, float(trim.height) / PT_PER_MM)
        if first_trim is None:
            first_trim = (number, size)
        elif self.profile.same_page_size and (abs(size[0] - first_trim[1][0]) > 0.1
                                              or abs(size[1] - first_trim[1][1]) > 0.1):
            self.add("error", "page-size", f"trim is {size[0]:.1f} x {size[1]:.1f} mm; page "
                     f"{first_trim[0]} is {first_trim[1][0]:.1f} x {first_trim[1][1]:.1f} mm", number)
        if self.profile.bleed_mm:
            bleed = page.bleedbox if "/BleedBox" in page else page.cropbox
            margins = (float(trim.left) - float(bleed.left), float(trim.bottom) - float(bleed.bottom),
                       float(bleed.right) - float(trim.right), float(bleed.top) - float(trim.top))
            least = min(margins) / PT_PER_MM
            if least < self.profile.bleed_mm - 0.01:
                self.add("error", "bleed", f"bleed is {max(least, 0):.1f} mm beyond the trim; the "
                         f"printer wants {self.profile.bleed_mm:g} mm on every side", number)
        return first_trim

    def check_page_objects(self, number: int, page) -> None:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            subtype = str(annotation.get("/Subtype", "/Unknown"))[1:]
            if subtype not in {"PrinterMark", "TrapNet"}:
                self.add("error", "annotations", "annotations do not print reliably and PDF/X "
                         "forbids them on the page; flatten or remove it", number,
                         f"{subtype} annotation")
        if "/AA" in page:
            self.add("error", "javascript", "the page has actions (/AA)", number)
        self.check_group(page.get("/Group"), number, "page")

    def check_group(self, group, number: int, what: str) -> None:
        if group is not None and group.get_object().get("/S") == "/Transparency":
            self.transparency(number, what, "is a transparency group")

    def transparency(self, number: int, obj: str, message: str) -> None:
        severity = self.profile.transparency
        if self.pdfx_version and self.pdfx_version.startswith("PDF/X-1"):
            severity, message = "error", message + "; PDF/X-1a forbids transparency"
        self.add(severity, "transparency", message, number, obj)

    # -- content ----------------------------------------------------------------------

    def walk(self, content: bytes, resources, state: _State, number: int, depth: int) -> None:
        """Follow one content stream: fonts and colours set, images and forms placed,
        graphics states."""
        stack: list[_State] = []
        font_size, text_scale = 0.0, 1.0
        for operands, operator in operations(content):
            if operator == b"q":
                stack.append(_State(state.ctm, state.fill, state.stroke, state.inks))
            elif operator == b"Q" and stack:
                state = stack.pop()
            elif operator == b"cm":
                state.ctm = _multiply(tuple(float(x) for x in operands), state.ctm)
            elif operator in (b"rg", b"RG"):
                self.colour("rgb", number, f"{'fill' if operator == b'rg' else 'stroke'} colour "
                            "DeviceRGB")
            elif operator in (b"g", b"G"):
                self.colour("gray", number, "DeviceGray colour")
                if operator == b"g":
                    state.inks = (0.0, 0.0, 0.0, 1 - float(operands[0]))
            elif operator in (b"k", b"K"):
                self.colour("cmyk", number, "DeviceCMYK colour")
                self.vector_ink([float(x) for x in operands], number)
                if operator == b"k":
                    state.inks = tuple(float(x) for x in operands)
            elif operator in (b"cs", b"CS"):
                space = resolve_space(operands[0], resources)
                if operator == b"cs":
                    state.fill = space
                    state.inks = {"cmyk": (0.0, 0.0, 0.0, 1.0), "gray": (0.0, 0.0, 0.0, 1.0)}.get(
                        colour_family(space)[0])
                else:
                    state.stroke = space
                self.space_used(space, number, "colour space " + str(operands[0]))
            elif operator in (b"sc", b"scn", b"SC", b"SCN"):
                space = state.fill if operator in (b"sc", b"scn") else state.stroke
                family = colour_family(space)[0]
                if family == "cmyk" and len(operands) == 4:
                    self.vector_ink([float(x) for x in operands], number)
                if operator in (b"sc", b"scn"):
                    state.inks = (tuple(float(x) for x in operands) if family == "cmyk" and len(operands) == 4
                                  else (0.0, 0.0, 0.0, 1 - float(operands[0])) if family == "gray" and operands
                                  else None)
            elif operator == b"Tf" and operands:
                self.check_font(operands[0], resources, number)
                font_size = float(operands[1])
            elif operator == b"Tm":
                a, b, c, d = (float(x) for x in operands[:4])
                text_scale = math.sqrt(abs(a * d - b * c))
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                self.text_inks(font_size * text_scale * _scale(state.ctm), state.inks, number)
            elif operator == b"gs":
                self.graphics_state(operands[0], resources, number)
            elif operator == b"sh":
                shadings = lookup_resource(resources, "/Shading", operands[0])
                if shadings is not None:
                    self.space_used(resolve_space(shadings.get("/ColorSpace"), resources),
                                    number, f"shading {operands[0]}")
            elif operator == b"Do":
                self.place(operands[0], resources, state, number, depth)
            elif operator == b"INLINE IMAGE":
                self.inline_image(operands[0], resources, state, number)

    def place(self, name, resources, state: _State, number: int, depth: int) -> None:
        xobject = lookup_resource(resources, "/XObject", name)
        if xobject is None:
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self.image(str(name), xobject, state.ctm, number, resources)
        elif subtype == "/Form" and depth < 12:
            matrix = tuple(float(x) for x in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
            inner = xobject.get("/Resources")
            inner = inner.get_object() if inner is not None else resources
            self.check_group(xobject.get("/Group"), number, f"form {name}")
            self.walk(xobject.get_data(), inner,
                      _State(_multiply(matrix, state.ctm)), number, depth + 1)

    def image(self, name: str, image, ctm: tuple, number: int, resources) -> None:
        width, height = int(image.get("/Width", 0)), int(image.get("/Height", 0))
        line_art = bool(image.get("/ImageMask")) or image.get("/BitsPerComponent") == 1
        family, spots = ("gray", []) if image.get("/ImageMask") else colour_family(
            resolve_space(image.get("/ColorSpace"), resources))
        label = f"image {name} ({width} x {height} px, {family})"
        self.space_used(resolve_space(image.get("/ColorSpace"), resources), number, label)
        if "/SMask" in image or image.get("/SMaskInData", 0):
            self.transparency(number, label, "has a soft mask (alpha channel)")
        placed_w = math.hypot(ctm[0], ctm[1]) / 72
        placed_h = math.hypot(ctm[2], ctm[3]) / 72
        if width and height and placed_w > 1e-6 and placed_h > 1e-6:
            ppi = min(width / placed_w, height / placed_h)
            rules = self.profile.images
            limits = rules.line_art_ppi if line_art else (
                rules.gray_ppi if family == "gray" else rules.colour_ppi)
            kind = "line art" if line_art else ("grayscale" if family == "gray" else "colour")
            if ppi < limits.error:
                self.add("error", "resolution", f"{ppi:.0f} ppi effective; {kind} images need at "
                         f"least {limits.error:g} ppi ({limits.warning:g} wanted)", number, label)
            elif ppi < limits.warning:
                self.add("warning", "resolution", f"{ppi:.0f} ppi effective; {limits.warning:g} ppi "
                         f"wanted for {kind} images", number, label)
        if family == "cmyk" and not line_art:
            ink = self.image_total_ink(image)
            if ink is not None and ink > self.profile.max_ink_percent + 0.5:
                self.add("error", "total-ink", f"total ink reaches {ink:.0f}%; the limit is "
                         f"{self.profile.max_ink_percent:g}%", number, label)

    def image_total_ink(self, image) -> float | None:
        key = image.indirect_reference.idnum if image.indirect_reference else id(image)
        if key not in self.image_ink:
            self.image_ink[key] = self.remembered_ink(image)
        return self.image_ink[key]

    def remembered_ink(self, image) -> float | None:
        """``measure_total_ink``, remembered in ``ink_memory`` under the sha256 of everything
        the measurement reads: the image's bytes and the keys that say how to decode them."""
        if self.ink_memory is None:
            return measure_total_ink(image)
        keys = {name: str(image.get(name)) for name in INK_KEYS}
        content = hashlib.sha256(json.dumps([INK_MEASURE, source_digest("preflight"), INK_CELL_PX, keys]).encode()
                                 + image._data).hexdigest()
        path = self.ink_memory / content
        remembered = read_entry(path, "ink", content, ["ink"])
        if remembered is not None:
            try:
                ink = json.loads(remembered["ink"])["ink"]
                if ink is None or (isinstance(ink, (int, float)) and 0 <= ink <= 400):
                    return ink
            except (ValueError, KeyError, TypeError):
                pass
            discard(path, "ink", "its figure is not a total ink")
        ink = measure_total_ink(image)
        try:
            write_entry(path, "ink", content, {"ink": json.dumps({"ink": ink}).encode()})
        except OSError:
            pass  # only a memory: measured again next time
        return ink

    def inline_image(self, settings, resources, state: _State, number: int) -> None:
        settings = settings or {}
        space = settings.get("/CS", settings.get("/ColorSpace"))
        abbreviations = {"/RGB": "/DeviceRGB", "/CMYK": "/DeviceCMYK", "/G": "/DeviceGray"}
        space = NameObject(abbreviations.get(str(space), str(space))) if space is not None else None
        if space is not None:
            self.space_used(resolve_space(space, resources), number, "inline image")

    def graphics_state(self, name, resources, number: int) -> None:
        state = lookup_resource(resources, "/ExtGState", name)
        if state is None:
            return
        label = f"graphics state {name}"
        if state.get("/SMask", "/None") != "/None":
            self.transparency(number, label, "applies a soft mask")
        for key in ("/CA", "/ca"):
            if key in state and float(state[key]) < 1:
                self.transparency(number, label, f"sets opacity {float(state[key]):g}")
        if state.get("/BM", "/Normal") not in ("/Normal", "/Compatible"):
            self.transparency(number, label, f"uses blend mode {str(state['/BM'])[1:]}")

    def colour(self, family: str, number: int, label: str) -> None:
        self.space_used(NameObject({"rgb": "/DeviceRGB", "gray": "/DeviceGray",
                                    "cmyk": "/DeviceCMYK"}[family]), number, label)

    def space_used(self, space, number: int, label: str) -> None:
        family, spots = colour_family(space)
        if family is None:
            return
        if family in ("rgb", "lab", "spot") or (family == "cmyk" and label.startswith("image")):
            self.colour_pages.add(number)  # a CMYK picture is taken to be in colour
        x1a = bool(self.pdfx_version and self.pdfx_version.startswith("PDF/X-1"))
        if family == "spot":
            for spot in spots:
                if spot not in self.profile.spot_colours and spot not in ("All", "None"):
                    self.add("error" if "spot" not in self.profile.colour_spaces else "warning",
                             "colour", f"uses the spot colour '{spot}', which the printer does not "
                             "expect; convert it to CMYK", number, label)
            return
        if family not in self.profile.colour_spaces:
            self.add("error", "colour", f"{family.upper()} colour is not allowed by this printer "
                     f"(allowed: {', '.join(self.profile.colour_spaces)}); convert it to CMYK",
                     number, label)
        elif x1a and (family in ("rgb", "lab") or _is_icc(space)):
            self.add("error", "colour", f"{'ICC-based' if _is_icc(space) else family.upper()} "
                     "colour is not allowed in PDF/X-1a", number, label)

    def text_inks(self, size_pt: float, inks: tuple | None, number: int) -> None:
        rule = self.profile.small_text
        if rule is None or inks is None or not 0 < size_pt < rule.below_pt:
            return
        used = sum(1 for value in inks if value > 0.005)
        if used > rule.max_inks:
            cmyk = " ".join(f"{value * 100:.0f}" for value in inks)
            self.add(rule.severity, "small-text", f"text of {size_pt:.1f} pt is printed in {used} inks; "
                     f"type under {rule.below_pt:g} pt should use at most {rule.max_inks}, or it blurs "
                     "when the plates are out of register", number, f"text in CMYK {cmyk}")

    def vector_ink(self, values: list[float], number: int) -> None:
        if any(value > 0 for value in values[:3]):
            self.colour_pages.add(number)
        total = sum(values) * 100
        if total > self.profile.max_ink_percent + 0.5:
            cmyk = " ".join(f"{value * 100:.0f}" for value in values)
            self.add("error", "total-ink", f"a CMYK colour ({cmyk}) totals {total:.0f}% ink; the "
                     f"limit is {self.profile.max_ink_percent:g}%", number, "text or vector colour")

    def check_font(self, name, resources, number: int) -> None:
        """A font selected on ``number``: embedded, and subset (reported where first used)."""
        fonts = resources.get("/Font") if resources is not None else None
        font_ref = fonts.get_object().get(name) if fonts is not None else None
        if font_ref is None:
            return
        key = font_ref.idnum if isinstance(font_ref, IndirectObject) else id(font_ref)
        if key in self.fonts_seen:
            return
        self.fonts_seen.add(key)
        font = font_ref.get_object()
        label = f"font {str(font.get('/BaseFont', '/(unnamed)'))[1:] or '(unnamed)'}"
        embedded, subset = _font_embedding(font)
        if not embedded:
            self.add("error", "fonts", "not embedded: the printer's RIP would substitute "
                     "another font; embed all fonts when exporting", number, label)
        elif not subset:
            self.add(self.profile.fonts_not_subset, "fonts", "embedded whole, not subset",
                     number, label)


INK_MEASURE = 1  # raise when measure_total_ink changes: every remembered figure is measured again
INK_KEYS = ("/Filter", "/DecodeParms", "/Decode", "/ColorSpace", "/BitsPerComponent", "/Width", "/Height")


def measure_total_ink(image) -> float | None:
    """The highest total ink (%) of an image's INK_CELL_PX-pixel cells; None when it
    cannot be decoded (not the ink check's to report), or is too large for pypdf to decode.
    LimitReachedError when its stream decompresses past pypdf's limit although its pixels
    need less: a compression bomb in an image (see ``reading_pdf``)."""
    try:
        pixels = cmyk_pixels(image)
    except LimitReachedError:
        if _pixel_bytes(image) <= decompression_limit():
            raise
        return None
    except Exception:
        return None
    rows, columns = (pixels.shape[0] // INK_CELL_PX, pixels.shape[1] // INK_CELL_PX)
    if rows and columns:
        cells = pixels[:rows * INK_CELL_PX, :columns * INK_CELL_PX].reshape(
            rows, INK_CELL_PX, columns, INK_CELL_PX, 4).mean(axis=(1, 3))
    else:
        cells = pixels
    return float(cells.sum(axis=-1).max()) / 255 * 100


def _pixel_bytes(image) -> int:
    """The bytes a CMYK image's pixels take decoded, as its dictionary declares them (with a
    byte a row for PNG predictors)."""
    width, height = int(image.get("/Width", 0)), int(image.get("/Height", 0))
    bits = int(image.get("/BitsPerComponent", 8))
    return ((width * 4 * bits + 7) // 8 + 1) * height


def cmyk_pixels(image, reduce: int = INK_CELL_PX) -> np.ndarray:
    """An image's CMYK pixel values (0-255) as the press would get them. JPEGs are decoded
    at 1/``reduce`` of their size (by default a quarter: libjpeg's DCT scaling, which
    averages cells much like INK_CELL_PX does); ``Decode`` arrays and Adobe's inverted CMYK
    are honoured."""
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


def _pdfx_version(catalog, info) -> str | None:
    version = info.get("/GTS_PDFXVersion")
    if version:
        return str(version)
    metadata = catalog.get("/Metadata")
    if metadata is None:
        return None
    try:
        xml = metadata.get_object().get_data().decode("utf-8", "replace")
    except Exception:
        return None
    found = re.search(r"GTS_PDFXVersion(?:>\s*|=\")([^<\"]+)", xml)
    return found.group(1).strip() if found else None


def _multiply(m: tuple, n: tuple) -> tuple:
    """The matrix product m x n (PDF order: m is applied first)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _scale(matrix: tuple) -> float:
    """How much a matrix enlarges lengths (the square root of its area scale)."""
    return math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))


def lookup_resource(resources, category: str, name):
    """A named resource of one category from a resource dictionary, resolved; None if absent."""
    if resources is None or category not in resources:
        return None
    table = resources[category].get_object()
    item = table.get(name)
    return item.get_object() if item is not None else None


def resolve_space(space, resources):
    """A colour space operand or entry resolved to its definition (name or array)."""
    if space is None:
        return None
    space = space.get_object() if isinstance(space, IndirectObject) else space
    if isinstance(space, NameObject) and space not in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray",
                                                       "/Pattern", "/RGB", "/CMYK", "/G"):
        named = lookup_resource(resources, "/ColorSpace", space)
        return named if named is not None else space
    return space


def colour_family(space) -> tuple[str | None, list[str]]:
    """The colour family of a resolved colour space, and spot colour names if any."""
    if space is None:
        return None, []
    space = space.get_object() if isinstance(space, IndirectObject) else space
    if isinstance(space, NameObject):
        return {"/DeviceRGB": "rgb", "/RGB": "rgb", "/DeviceCMYK": "cmyk", "/CMYK": "cmyk",
                "/DeviceGray": "gray", "/G": "gray"}.get(str(space)), []
    if not isinstance(space, ArrayObject) or not space:
        return None, []
    kind = str(space[0])
    if kind == "/ICCBased":
        components = space[1].get_object().get("/N")
        return {1: "gray", 3: "rgb", 4: "cmyk"}.get(components), []
    if kind in ("/CalRGB",):
        return "rgb", []
    if kind in ("/CalGray",):
        return "gray", []
    if kind == "/Lab":
        return "lab", []
    if kind == "/Indexed":
        return colour_family(space[1])
    if kind == "/Separation":
        name = str(space[1])[1:]
        if name in PROCESS_COLOURANTS:
            return "cmyk", []
        return "spot", [name]
    if kind == "/DeviceN":
        names = [str(item)[1:] for item in space[1].get_object()]
        spots = [item for item in names if item not in PROCESS_COLOURANTS | {"None"}]
        return ("spot", spots) if spots else ("cmyk", [])
    if kind == "/Pattern" and len(space) > 1:
        return colour_family(space[1])
    return None, []


def _is_icc(space) -> bool:
    space = space.get_object() if isinstance(space, IndirectObject) else space
    return isinstance(space, ArrayObject) and bool(space) and space[0] == "/ICCBased"


def _font_embedding(font) -> tuple[bool, bool]:
    """(embedded, subset) for a font dictionary; Type 3 fonts are drawn, so embedded."""
    name = str(font.get("/BaseFont", ""))[1:]
    subset = bool(re.match(r"^[A-Z]{6}\+", name))
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True, True
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not descendants:
            return False, subset
        descriptor = descendants.get_object()[0].get_object().get("/FontDescriptor")
    else:
        descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False, subset
    descriptor = descriptor.get_object()
    embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return embedded, subset
