"""Deliver: the issue as its printer wants it, in a folder ready to send.

1. Build the issue for the printer (profiles/printers/NAME.yaml, see printers.py): its PDF/X
   variant, output condition and ink limit, preflighted with its thresholds.
2. Pages at positions the printer prints in black only: whatever colour the plan put there
   is converted to black (mono.py), or the delivery is refused, as the profile says.
3. The centre spread joined into one double-width page, when the profile asks.
4. One PDF/X file per page named by the printer's template (or one file for the issue):
   each a complete PDF/X file with the OutputIntent, version keys, /Trapped, trim and
   bleed boxes, and only the fonts and pictures its own page uses.
5. Every file preflighted with the printer's rules, black-only pages proven black.
6. The folder written whole: the files, ``delivery.json`` (file, pages, sha256, colour or
   mono, preflight), ``preflight.txt`` and ``SHA256SUMS``. Anything wrong: nothing written.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject, RectangleObject

from . import __version__
from .build import BuildResult, _build_issue, build_lock, read_plan
from .cache import cache_root
from .chunks import INK_MEMORY, trapped_as_a_name
from .colour import OutputProfile
from .errors import InputError
from .mono import BlackInk, BlackOnlyConverter, NotConvertible
from .pdfpages import PT_PER_MM, add_to_page, page_as_form, placement_operators
from .preflight import PreflightReport, preflight
from .printers import PrinterProfile, issue_printer, load_printer, preflight_profile, printers_dir

DELIVERY_RECORD = "delivery.json"
PREFLIGHT_REPORT = "preflight.txt"
CHECKSUMS = "SHA256SUMS"


class DeliveryRefused(Exception):
    """The issue cannot go to this printer as it stands; nothing was written."""

    def __init__(self, reasons: list[str], warnings: list[str] | None = None):
        super().__init__("; ".join(reasons))
        self.reasons = reasons
        self.warnings = warnings or []


@dataclass
class DeliveredFile:
    """One file of the delivery: which pages of the issue it holds and how it checked."""

    name: str
    pages: list[int]
    data: bytes
    colour: bool  # whether what it prints uses more than black
    black_only_position: bool  # whether the printer prints its page(s) in black only
    made_black: list[str]  # what was converted to black on its black-only page
    report: PreflightReport

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def as_dict(self) -> dict:
        return {"file": self.name, "pages": self.pages, "sha256": self.sha256,
                "bytes": len(self.data), "colour": "colour" if self.colour else "mono",
                "position": "black only" if self.black_only_position else "colour",
                "made_black_only": self.made_black, "preflight": self.report.as_dict()}


@dataclass
class Delivery:
    printer: PrinterProfile
    folder: Path
    files: list[DeliveredFile]
    warnings: list[str] = field(default_factory=list)
    record: dict = field(default_factory=dict)


def deliver_issue(issue_dir: Path, printer_name: str | None = None, out_dir: Path | None = None,
                  progress: Callable[[int], None] | None = None,
                  processes: int | None = None) -> Delivery:
    """Build ``issue_dir`` for its printer (``printer:`` in issue.yaml, or ``printer_name``)
    and write the delivery folder (default ``build/<issue-id>/delivery/<printer>/``).
    InputError for bad input, DeliveryRefused when the result would not pass; in both
    cases nothing is written and an earlier delivery stays as it was."""
    issue_dir = Path(issue_dir)
    root, manifest, manifest_doc, layout = read_plan(issue_dir)
    printer = load_printer(printer_name, root) if printer_name else \
        issue_printer(manifest, manifest_doc, root)
    if printer is None:
        known = ", ".join(sorted(path.stem for path in printers_dir(root).glob("*.yaml")))
        raise InputError.single("no printer is named for this issue", manifest_doc.file,
                                hint=f"add 'printer: NAME' to issue.yaml or give --printer NAME "
                                f"(printers: {known})")
    folder = Path(out_dir) if out_dir else root / "build" / issue_dir.resolve().name / "delivery" / printer.name
    _check_folder_is_ours(folder)
    with build_lock(folder):
        result = _build_issue(issue_dir, printer=printer, write=False, progress=progress,
                              processes=processes)
        if result.failures:
            raise DeliveryRefused([f"the build fails its checks: {failure}" for failure in result.failures],
                                  result.warnings)
        profile = OutputProfile.load(root / (printer.icc_profile or layout.config.output.icc_profile),
                                     printer.ink_limit_percent)
        files = _delivery_files(result, printer, manifest, profile, cache_root(root) / INK_MEMORY)
        record = _delivery_record(result, printer, files, root)
        _write_folder(folder, files, record)
    return Delivery(printer, folder, files, result.warnings, record)


def _delivery_files(result: BuildResult, printer: PrinterProfile, manifest,
                    profile: OutputProfile, ink_memory: Path | None = None) -> list[DeliveredFile]:
    page_count = result.page_count
    black_only = set(printer.black_only_positions(page_count))
    in_colour = set(result.record["preflight"]["colour_pages"])
    to_convert = sorted(black_only & in_colour)
    if to_convert and printer.mono_pages == "refuse":
        raise DeliveryRefused([warning for warning in result.warnings
                               if re.match(rf"page ({'|'.join(map(str, to_convert))}) prints in black only",
                                           warning)], result.warnings)

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(result.data)))
    converter = BlackOnlyConverter(writer, BlackInk(profile))
    made_black: dict[int, list[str]] = {}
    for number in to_convert:
        try:
            made_black[number] = converter.convert_page(writer.pages[number - 1], number)
        except NotConvertible as error:
            raise DeliveryRefused([f"{error} (page {number} prints in black only at {printer.name})"],
                                  result.warnings) from None
    buffer = io.BytesIO()
    writer.write(buffer)
    reader = PdfReader(io.BytesIO(buffer.getvalue()))

    units = [[number] for number in range(1, page_count + 1)]
    if printer.centre_spread == "double" and page_count % 2 == 0:
        middle = page_count // 2
        units[middle - 1:middle + 1] = [[middle, middle + 1]]
    bleed_pt = (printer.bleed_mm or 0) * PT_PER_MM
    names = {number: printer.file_for(date=manifest.date, issue_number=manifest.issue_number,
                                      issue_id=result.issue_id, page=number) for number in range(1, page_count + 1)}
    if printer.delivery == "single":
        parts = [(names[1], units, assemble(reader, units, bleed_pt))]
    else:
        parts = [(names[unit[0]], [unit], assemble(reader, [unit], bleed_pt)) for unit in units]
    if len({name for name, _, _ in parts}) != len(parts):
        raise InputError.single(f"the printer's file names repeat ('{printer.file_name}' gives "
                                f"'{parts[0][0]}' more than once)",
                                hint="put {page} in file_name for a per-page delivery")

    # Which pages print colour now, read from the converted pages themselves.
    colour_pages = set(preflight(reader, preflight_profile(printer, whole_issue=False),
                                 ink_memory=ink_memory).colour_pages)
    problems = [f"page {page} prints in black only at {printer.name} but still carries colour"
                for page in sorted(colour_pages & black_only)]
    checker = preflight_profile(printer, whole_issue=printer.delivery == "single")
    files = []
    for name, file_units, data in parts:
        pages = [number for unit in file_units for number in unit]
        report = preflight(PdfReader(io.BytesIO(data)), checker, name, ink_memory=ink_memory)
        problems += [f"{name}: {finding}" for finding in report.errors]
        made = sorted({item for page in pages for item in made_black.get(page, [])})
        files.append(DeliveredFile(name, pages, data, bool(colour_pages & set(pages)),
                                   set(pages) <= black_only, made, report))
    if problems:
        raise DeliveryRefused(problems, result.warnings)
    return files


def assemble(reader: PdfReader, units: list[list[int]], bleed_pt: float) -> bytes:
    """A PDF/X file of the given pages of ``reader`` (a unit of two pages becomes one
    double-width spread page), carrying the document's OutputIntent, XMP metadata and Info
    (version keys, /Trapped), and of the shared resources only those its pages use."""
    writer = PdfWriter()
    writer.pdf_header = reader.pdf_header
    for unit in units:
        sources = [reader.pages[number - 1] for number in unit]
        for source in sources:
            _prune_resources(source)  # before copying: what is not used is not copied
        if len(sources) == 1:
            writer.add_page(sources[0])
        else:
            _add_spread(writer, *sources, bleed_pt)
    root = reader.trailer["/Root"]
    for key in ("/OutputIntents", "/Metadata"):
        if key in root:  # raw: the XMP stream must stay an indirect object
            writer._root_object[NameObject(key)] = root.raw_get(key).clone(writer)
    if "/ID" in reader.trailer:  # PDF/X needs one: this file's own, derived from the issue's
        original = bytes(reader.trailer["/ID"][0].original_bytes)
        identifier = ByteStringObject(hashlib.md5(original + repr(units).encode()).digest())
        writer._ID = ArrayObject([identifier, identifier])
    info = reader.metadata or {}
    writer.add_metadata(dict(info.items()))
    trapped_as_a_name(writer)
    writer._info.get_object()[NameObject("/Producer")] = info.get("/Producer", "Pressroom")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def split_pages(data: bytes) -> list[bytes]:
    """Each page of a PDF/X file as a PDF/X file of its own."""
    reader = PdfReader(io.BytesIO(data))
    return [assemble(reader, [[number]], 0) for number in range(1, len(reader.pages) + 1)]


def _add_spread(writer: PdfWriter, left, right, bleed_pt: float) -> None:
    """One double-width page: ``left`` and ``right`` placed trim to trim at the spine, each
    clipped there (their inner bleeds are cut), outer bleeds kept."""
    left_trim, right_trim = left.trimbox, right.trimbox
    width, height = float(left_trim.width), float(left_trim.height)
    page = writer.add_blank_page(2 * width + 2 * bleed_pt, height + 2 * bleed_pt)
    page[NameObject("/Resources")] = DictionaryObject()
    spine = bleed_pt + width
    full_width, full_height = 2 * width + 2 * bleed_pt, height + 2 * bleed_pt
    forms = {"/PressroomSpreadLeft": page_as_form(writer, left),
             "/PressroomSpreadRight": page_as_form(writer, right)}
    operators = (placement_operators("/PressroomSpreadLeft", (0, 0, spine, full_height),
                                     bleed_pt - float(left_trim.left), bleed_pt - float(left_trim.bottom))
                 + placement_operators("/PressroomSpreadRight", (spine, 0, full_width, full_height),
                                       spine - float(right_trim.left), bleed_pt - float(right_trim.bottom)))
    add_to_page(writer, page, forms, operators)
    page.trimbox = RectangleObject([bleed_pt, bleed_pt, bleed_pt + 2 * width, bleed_pt + height])
    page.bleedbox = RectangleObject([0, 0, full_width, full_height])


def _prune_resources(page) -> None:
    """Keep only the resources the page's content names (fonts, XObjects, graphics states,
    colour spaces, patterns, shadings); WeasyPrint shares one dictionary across pages."""
    if "/Resources" not in page:
        return
    content = page.get_contents()
    data = content.get_data() if content is not None else b""
    used = {name.decode() for name in re.findall(rb"/([^\s/\[\]<>(){}%]+)", data)}
    resources = page["/Resources"].get_object()
    pruned = DictionaryObject()
    for category, table in resources.items():
        table = table.get_object()
        if isinstance(table, DictionaryObject):
            pruned[NameObject(category)] = DictionaryObject(
                {key: table.raw_get(key) for key in table if key[1:] in used})
        else:
            pruned[NameObject(category)] = table
    page[NameObject("/Resources")] = pruned


def _delivery_record(result: BuildResult, printer: PrinterProfile, files: list[DeliveredFile],
                     root: Path) -> dict:
    """What ``delivery.json`` says; nothing in it depends on when or where it was made."""
    record = result.record
    printer_file = printers_dir(root) / f"{printer.name}.yaml"
    return {
        "pressroom": __version__,
        "issue_id": result.issue_id, "title": record["title"],
        "issue_number": record["issue_number"], "date": record["date"],
        "pages": result.page_count,
        "printer": printer.model_dump(),
        "printer_profile_sha256": hashlib.sha256(printer_file.read_bytes()).hexdigest()
        if printer_file.is_file() else None,
        "colour_positions": sorted(printer.colour_positions(result.page_count)),
        "black_only_positions": printer.black_only_positions(result.page_count),
        "files": [item.as_dict() for item in files],
        "warnings": result.warnings,
        "build": {"sha256": record["output"]["sha256"], "inputs": record["inputs"],
                  "print": record["print"]},
    }


def _preflight_text(files: list[DeliveredFile]) -> str:
    lines = []
    for item in files:
        lines.append(item.report.summary())
        lines += [f"  {finding}" for finding in item.report.findings]
    return "\n".join(lines) + "\n"


def _check_folder_is_ours(folder: Path) -> None:
    """A delivery replaces its folder whole, so it must be empty or an earlier delivery."""
    if folder.exists() and (not folder.is_dir() or (any(folder.iterdir())
                                                     and not (folder / DELIVERY_RECORD).is_file())):
        raise InputError.single(f"{folder} exists and is not a Pressroom delivery folder",
                                hint="deliver into a new or empty folder (--out), so nothing in it is lost")


def _write_folder(folder: Path, files: list[DeliveredFile], record: dict) -> None:
    """Write the delivery into a staging folder beside ``folder``, then swap it in."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    try:
        os.chmod(staging, 0o755)
        for item in files:
            (staging / item.name).write_bytes(item.data)
        (staging / DELIVERY_RECORD).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
        (staging / PREFLIGHT_REPORT).write_text(_preflight_text(files), encoding="utf-8")
        (staging / CHECKSUMS).write_text("".join(f"{item.sha256}  {item.name}\n" for item in files),
                                         encoding="utf-8")
        previous = None
        if folder.exists():
            previous = folder.parent / f".{folder.name}.previous"
            shutil.rmtree(previous, ignore_errors=True)
            os.replace(folder, previous)
        os.replace(staging, folder)
        if previous is not None:
            shutil.rmtree(previous)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
