"""Ads: where each booked advert sits on its page, and whether the booking and the file
supplied for it are right.

The layout names its ad sizes (``ad_sizes`` in layout.yaml: exact width and height in mm,
the positions each may take); the manifest books them (``ads:``). A slot is a rectangle in
millimetres from the top-left corner of the trimmed page. Supplied files must be the
booked size to within ``SIZE_TOLERANCE_MM``: nothing is scaled silently.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                           StreamObject)

from .errors import InputError, Problem
from .layout import AdSize, LayoutConfig
from .manifest import AdBooking, Manifest
from .preflight import PreflightProfile, preflight
from .yamlfile import YamlDocument

SIZE_TOLERANCE_MM = 1.0
PT_PER_MM = 72 / 25.4
PDF_SUFFIXES = {".pdf"}
RASTER_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff"}


@dataclass(frozen=True)
class Slot:
    """A booked advert's rectangle on its page, in mm from the trim's top-left corner."""

    index: int  # the booking's position in the manifest's ``ads`` list
    booking: AdBooking
    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: "Slot") -> bool:
        return (self.x < other.x + other.width and other.x < self.x + self.width
                and self.y < other.y + other.height and other.y < self.y + self.height)

    @property
    def label(self) -> str:
        who = "house ad slot" if self.booking.house else self.booking.advertiser
        return f"ad {self.index + 1} ({who}, page {self.booking.page}, {self.booking.size})"


def slot_rectangle(config: LayoutConfig, size: AdSize, position: str, page: int) -> tuple[float, ...]:
    """(x, y, width, height) in mm of an ad of ``size`` at ``position`` on ``page``.

    Odd pages are right-hand pages: their inside margin is on the left."""
    margins, trim = config.margins_mm, config.trim_mm
    left = margins.inside if page % 2 else margins.outside
    right = margins.outside if page % 2 else margins.inside
    w, h = size.width_mm, size.height_mm
    if position == "page":
        return 0.0, 0.0, trim.width, trim.height
    x = {"left": left, "ear-left": left, "right": trim.width - right - w,
         "ear-right": trim.width - right - w}.get(position, left)
    y = trim.height - margins.bottom - h if position == "bottom" else margins.top
    return x, y, w, h


def booked_slots(manifest: Manifest, document: YamlDocument, config: LayoutConfig,
                 page_types: dict[int, str]) -> list[Slot]:
    """Every booking as a slot; InputError listing every wrong booking (size, position,
    page, page type, overlaps), each at its line in the manifest."""
    problems: list[Problem] = []

    def report(index: int, key: str, message: str, hint: str | None = None) -> None:
        line, column = document.position(("ads", index, key)) or document.position(("ads", index)) \
            or (None, None)
        problems.append(Problem(message, document.file, line, column, hint))

    slots: list[Slot] = []
    for index, booking in enumerate(manifest.ads):
        who = booking.advertiser or "house ad slot"
        size = config.ad_sizes.get(booking.size)
        if size is None:
            close = difflib.get_close_matches(booking.size, list(config.ad_sizes), n=1)
            report(index, "size", f"ad {index + 1} ({who}): the layout has no ad size '{booking.size}'",
                   f"did you mean '{close[0]}'?" if close else
                   "sizes: " + ", ".join(sorted(config.ad_sizes)) if config.ad_sizes else
                   "the layout defines no ad sizes (ad_sizes in layout.yaml)")
            continue
        if booking.position not in size.positions:
            report(index, "position", f"ad {index + 1} ({who}): a {booking.size} cannot sit at "
                   f"'{booking.position}'", "positions: " + ", ".join(size.positions))
            continue
        if booking.page > manifest.pages:
            report(index, "page", f"ad {index + 1} ({who}): page {booking.page} is beyond the "
                   f"issue's {manifest.pages} pages")
            continue
        page_type = page_types.get(booking.page)
        if size.page_types and page_type not in size.page_types:
            report(index, "size", f"ad {index + 1} ({who}): a {booking.size} goes only on "
                   f"{', '.join(size.page_types)} pages; page {booking.page} is a {page_type} page")
            continue
        slots.append(Slot(index, booking, *slot_rectangle(config, size, booking.position, booking.page)))
    for number, slot in enumerate(slots):
        for earlier in slots[:number]:
            if earlier.booking.page == slot.booking.page and earlier.overlaps(slot):
                report(slot.index, "position", f"{slot.label} overlaps {earlier.label}",
                       "move one of them, or book a smaller size")
    if problems:
        raise InputError(problems)
    return slots


def check_ad_files(slots: list[Slot], issue_dir: Path, document: YamlDocument,
                   profile: PreflightProfile | None = None) -> None:
    """Each supplied file exists, is a PDF or a picture, and is the booked size; supplied
    PDFs pass preflight against ``profile``. Problems are reported per advertiser."""
    problems: list[Problem] = []
    for slot in slots:
        booking = slot.booking
        if booking.house:
            continue
        line, column = document.position(("ads", slot.index, "file")) or (None, None)
        path = (issue_dir / booking.file).resolve()
        message = None
        if not path.is_relative_to(issue_dir.resolve()):
            message, hint = f"{booking.file} is outside the issue folder", "keep ads in the issue's ads/ folder"
        elif not path.is_file():
            message, hint = f"{booking.file} does not exist", "check the file name under ads/"
        else:
            try:
                found = supplied_size_mm(path, slot.width)
            except InputError as error:
                message, hint = error.problems[0].message, error.problems[0].hint
            else:
                if (abs(found[0] - slot.width) > SIZE_TOLERANCE_MM
                        or abs(found[1] - slot.height) > SIZE_TOLERANCE_MM):
                    measured = (f"{found[0]:.0f} x {found[1]:.0f} mm" if path.suffix.lower() in PDF_SUFFIXES
                                else f"a picture that is {found[1]:.0f} mm deep at {found[0]:g} mm wide")
                    message = (f"{booking.file} is {measured}; a {booking.size} "
                               f"is {slot.width:g} x {slot.height:g} mm")
                    hint = "ask the advertiser for the booked size, or book the size the ad was made for"
                elif profile is not None and path.suffix.lower() in PDF_SUFFIXES:
                    report = preflight(path, profile, booking.file)
                    for finding in report.errors:
                        problems.append(Problem(f"{slot.label}: {booking.file} fails preflight: {finding}",
                                                document.file, line, column,
                                                "ask the advertiser for a corrected PDF/X file"))
        if message:
            problems.append(Problem(f"{slot.label}: {message}", document.file, line, column, hint))
    if problems:
        raise InputError(problems)


def supplied_size_mm(path: Path, slot_width_mm: float) -> tuple[float, float]:
    """The trimmed size of a supplied PDF ad (TrimBox, else MediaBox) in mm. A picture has
    only pixels: its size is taken at the slot's width (its depth shows a wrong shape)."""
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        try:
            page = PdfReader(path).pages[0]
        except (PdfReadError, OSError, ValueError, KeyError, IndexError) as error:
            raise InputError.single(f"{path.name} is not a readable PDF ({error})",
                                    hint="ask the advertiser to export it again as PDF/X") from None
        box = page.trimbox if "/TrimBox" in page else page.mediabox
        return float(box.width) / PT_PER_MM, float(box.height) / PT_PER_MM
    if suffix in RASTER_SUFFIXES:
        try:
            with Image.open(path) as picture:
                picture.verify()
                width, height = picture.size
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise InputError.single(f"{path.name} cannot be read as a picture ({error})") from None
        return slot_width_mm, slot_width_mm * height / width
    raise InputError.single(f"{path.name} is neither a PDF nor a JPEG/PNG/TIFF picture",
                            hint="supplied ads come as PDF/X, or as high-resolution JPEG or PNG")


def place_ads(data: bytes, slots: list[Slot], artwork: dict[int, bytes], config: LayoutConfig) -> bytes:
    """Merge each slot's one-page artwork PDF onto its page, as a form XObject at the slot's
    exact position (centred when the file is a fraction of a millimetre off), clipped to the
    slot, or to the page's bleed on sides where the slot meets the trim edge."""
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.pdf_header = PdfReader(io.BytesIO(data)).pdf_header  # PDF/X-4 must stay 1.6
    trim_w, trim_h = config.trim_mm.width, config.trim_mm.height
    for slot in slots:
        page = writer.pages[slot.booking.page - 1]
        ad_page = PdfReader(io.BytesIO(artwork[slot.index])).pages[0]
        name = f"/PressroomAd{slot.index + 1}"
        form = _form_xobject(writer, ad_page)
        resources = page["/Resources"].get_object()
        if "/XObject" not in resources:
            resources[NameObject("/XObject")] = DictionaryObject()
        resources["/XObject"].get_object()[NameObject(name)] = writer._add_object(form)
        ad_trim = ad_page.trimbox if "/TrimBox" in ad_page else ad_page.mediabox
        page_trim = page.trimbox
        # The slot in PDF points: x from the left of the trim, y up from its foot.
        left = float(page_trim.left) + slot.x * PT_PER_MM
        bottom = float(page_trim.bottom) + (trim_h - slot.y - slot.height) * PT_PER_MM
        width, height = slot.width * PT_PER_MM, slot.height * PT_PER_MM
        dx = left + (width - float(ad_trim.width)) / 2 - float(ad_trim.left)
        dy = bottom + (height - float(ad_trim.height)) / 2 - float(ad_trim.bottom)
        bleed = config.bleed_mm * PT_PER_MM
        clip = [left, bottom, left + width, bottom + height]
        if slot.x <= 0.01:
            clip[0] -= bleed
        if slot.y + slot.height >= trim_h - 0.01:
            clip[1] -= bleed
        if slot.x + slot.width >= trim_w - 0.01:
            clip[2] += bleed
        if slot.y <= 0.01:
            clip[3] += bleed
        operations = (f"q {clip[0]:.4f} {clip[1]:.4f} {clip[2] - clip[0]:.4f} {clip[3] - clip[1]:.4f} re W n "
                      f"1 0 0 1 {dx:.4f} {dy:.4f} cm {name} Do Q")
        # The page's own content leaves its matrix changed (WeasyPrint flips y): wrap it in
        # q ... Q so that the ad is drawn in the page's default coordinates.
        save, restore = DecodedStreamObject(), DecodedStreamObject()
        save.set_data(b"q\n")
        restore.set_data(b"\nQ\n" + operations.encode())
        contents = page.raw_get("/Contents")  # the reference: streams must stay indirect
        contents = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) \
            else [contents]
        page[NameObject("/Contents")] = ArrayObject(
            [writer._add_object(save), *contents, writer._add_object(restore.flate_encode())])
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _form_xobject(writer: PdfWriter, ad_page) -> StreamObject:
    """The ad's page as a form XObject: its content, resources and box, copied across."""
    content = ad_page.get_contents()
    form = DecodedStreamObject()
    form.set_data(content.get_data() if content is not None else b"")
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(float(value)) for value in ad_page.mediabox]),
        NameObject("/Resources"): ad_page["/Resources"].get_object().clone(writer)
        if "/Resources" in ad_page else DictionaryObject(),
    })
    if "/Group" in ad_page:
        form[NameObject("/Group")] = ad_page["/Group"].get_object().clone(writer)
    return form.flate_encode()
