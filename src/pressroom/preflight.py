"""Preflight: check any PDF (ours or a supplied ad) against a printer's rules.

A preflight profile (``profiles/preflight/NAME.yaml``, documented in docs/printing.md)
states the rules: accepted PDF/X versions, output intent, page size, bleed, page count,
fonts, minimum effective image resolution, allowed colour spaces, total ink, transparency,
and the severity of any rule by its id. The checks themselves are small rule objects
registered by id (``preflight_rules.RULES``), fed by one walk of everything each page draws
(``preflight_walk``: forms at any depth, patterns, Type 3 glyphs, annotation appearances,
inline images, with cycles caught and the walk bounded), so image resolution is what the
press sees (pixels over placed size, at every placement). Total ink is measured by
``preflight_ink``. Each finding names its rule, the page, where on the page (mm from the
trim's bottom-left) and what the object is; a check that could not be done is a finding too.

This module is the entry point: ``preflight``, the profile and the report, and the reading
of PDFs from outside (``open_pdf``, ``reading_pdf``).
"""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PyPdfError

from .cache import discard, read_entry, source_digest, write_entry
from .confine import confined_name
from .errors import InputError, display_path
from .manifest import Strict
from .preflight_ink import (INK_CELL_PX, INK_KEYS, INK_MEASURE, NotMeasured, cmyk_pixels,  # noqa: F401
                            measure_total_ink)
from .preflight_rules import RULES, Engine, Finding, pdfx_identity  # noqa: F401
from .preflight_walk import (PROCESS_COLOURANTS, Limits, colour_family, lookup_resource,  # noqa: F401
                             resolve_space)
from .yamlfile import load_yaml, validate

PT_PER_MM = 72 / 25.4
Severity = Literal["error", "warning", "ignore"]
ColourFamily = Literal["cmyk", "gray", "rgb", "lab", "spot"]
LIMITS = Limits()  # how far the content walk goes (depth, operators a page, seconds a document)


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
    # Info /Trapped written as the text string (/False) rather than the name PDF/X requires:
    # refused, as a printer's preflight refuses it (Pressroom writes the name since 0.3.0).
    trapped_as_string: Severity = "error"
    rules: dict[str, Severity] = Field(default_factory=dict)  # rule id -> severity, overriding the rule's

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(RULES))
        if unknown:
            raise ValueError(f"unknown rule id {', '.join(unknown)} (known: {', '.join(sorted(RULES))})")
        return value


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


# Content that cannot be decoded, or operators without the operands they need: a file given
# by path (a supplied ad, `pressroom preflight FILE`) with either is damaged (exit 2), while
# Pressroom's own pages checked from a reader get them as findings.
DAMAGE_RULES = {"content", "content-syntax"}


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
                                           "need it unprotected: export it again without a password",
                                           rule="encryption"))
            return report
        version = pdfx_version if scope == "pages" else pdfx_identity(reader).version
        engine = Engine(reader, profile, version, lambda image: remembered_ink(image, ink_memory), LIMITS)
        engine.run(scope, first_page)
        findings = engine.result()
        damaged = [finding for finding in findings if finding.rule in DAMAGE_RULES]
        if damaged and not isinstance(pdf, PdfReader):  # a file from outside: not a PDF to check
            raise InputError.single(f"{name} is not a readable PDF (damaged: {damaged[0].message})", Path(pdf),
                                    hint="ask for the file again, exported as PDF/X")
        return PreflightReport(name, profile.name, len(reader.pages), version, findings,
                               sorted(engine.colour_pages))


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
    """The one place where what goes wrong reading a PDF from outside (a supplied ad, a file
    given to ``pressroom preflight`` or ``impose``) becomes the located InputError (exit 2)
    naming it, ``name``, instead of a traceback: opening it (``open_pdf``), walking its pages
    (``preflight``), placing it (``ads.place_ads``) and imposing or verifying it
    (``impose``) read it inside this. Inside it a damaged file is bad input, not a bug:
    pypdf's errors, what pypdf had to repair to read on (``pdfpages.noting_repairs``: a
    broken cross-reference table, a missing object) and what a value of the wrong type in
    the file raises from the code reading it (``pdfpages.READ_ERRORS``: TypeError, KeyError,
    ValueError, RecursionError...) are "NAME is not a readable PDF (damaged: ...)"; the same
    errors raised anywhere else stay bugs (exit 3). A stream past pypdf's limit raises
    PdfBombError."""
    from .pdfpages import READ_ERRORS, noting_repairs

    repairs: list = []
    try:
        with noting_repairs() as repairs:
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
    except (PyPdfError, *READ_ERRORS) as error:
        raise _unreadable(name, file, repairs[0] if repairs else error) from None
    if repairs:  # read to the end, but only as pypdf repaired it
        raise _unreadable(name, file, repairs[0])


def open_pdf(path: Path, name: str | None = None) -> PdfReader:
    """A PDF opened with pypdf, its pages readable and sound: their boxes, resources and
    all these lead to (``pdfpages.check_structure``; what a page draws is left to the reader
    of its content: ``preflight``'s walk, or ``pdfpages.check_content``). InputError (exit 2)
    naming it when it is not a PDF at all ("NAME is not a PDF (it is a JPEG picture)"), is
    damaged ("NAME is not a readable PDF (damaged: ...)") or needs a password ("...
    (encrypted: ...)"); PdfBombError when it is a compression bomb (see ``reading_pdf``). An
    encrypted file that opens without a password is returned (preflight reports its
    encryption). ``name`` is what the messages call it (default: the path)."""
    from pypdf import PasswordType

    from .pdfpages import check_structure, encryption, not_a_pdf

    name = name or str(path)
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(1024)
    except FileNotFoundError:
        raise InputError.single(f"{path} does not exist") from None
    except OSError as error:
        raise InputError.single(f"{path} cannot be read ({error.strerror or error})") from None
    what = not_a_pdf(head)
    if what:
        raise InputError.single(f"{name} is not a PDF ({what})", path,
                                hint="ask for the file again, exported as PDF/X")
    locked = "ask for the file again, exported as PDF/X without a password or other protection"
    with reading_pdf(name, path):
        try:
            reader = PdfReader(path)
        except NotImplementedError as error:  # pypdf raises it opening only for an encryption it lacks
            raise InputError.single(f"{name} is not a readable PDF (encrypted: {error})", path,
                                    hint=locked) from None
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise InputError.single(f"{name} is not a readable PDF (encrypted: {encryption(reader)}, "
                                    "with a password to open it)", path, hint=locked)
        len(reader.pages)
        check_structure(reader)
        return reader


def _unreadable(name: str, file: Path | None, error: Exception) -> InputError:
    """The one-line InputError for a PDF that cannot be read: "NAME is not a readable PDF
    (damaged: what is wrong)", or "(encrypted: ...)" when it needs a password."""
    from pypdf.errors import FileNotDecryptedError

    from .pdfpages import damage

    if isinstance(error, FileNotDecryptedError):
        return InputError.single(f"{name} is not a readable PDF (encrypted: it needs a password to open)",
                                 file, hint="ask for the file again, exported as PDF/X without a password")
    return InputError.single(f"{name} is not a readable PDF (damaged: {damage(error)})", file,
                             hint="ask for the file again, exported as PDF/X")


def remembered_ink(image, ink_memory: Path | None) -> float:
    """``measure_total_ink``, remembered in ``ink_memory`` under the sha256 of everything
    the measurement reads: the image's bytes, the keys that say how to decode them, and the
    measuring code. Only figures are remembered: a picture that could not be measured
    (NotMeasured) is reported each time, never stored as a result."""
    if ink_memory is None:
        return measure_total_ink(image)
    keys = {name: str(image.get(name)) for name in INK_KEYS}
    content = hashlib.sha256(json.dumps([INK_MEASURE, source_digest("preflight_ink"), INK_CELL_PX, keys]).encode()
                             + image._data).hexdigest()
    path = ink_memory / content
    remembered = read_entry(path, "ink", content, ["ink"])
    if remembered is not None:
        try:
            ink = json.loads(remembered["ink"])["ink"]
            if isinstance(ink, (int, float)) and not isinstance(ink, bool) and 0 <= ink <= 400:
                return float(ink)
        except (ValueError, KeyError, TypeError):
            pass
        discard(path, "ink", "its figure is not a total ink")
    ink = measure_total_ink(image)
    try:
        write_entry(path, "ink", content, {"ink": json.dumps({"ink": ink}).encode()})
    except OSError:
        pass  # only a memory: measured again next time
    return ink
