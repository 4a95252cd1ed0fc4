"""Ads: where each booked advert sits on its page, and whether the booking and the file
supplied for it are right.

The layout names its ad sizes (``ad_sizes`` in layout.yaml: exact width and height in mm,
the positions each may take); the manifest books them (``ads:``). A slot is a rectangle in
millimetres from the top-left corner of the trimmed page. Supplied files must be the
booked size to within ``SIZE_TOLERANCE_MM``: nothing is scaled silently.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .errors import InputError, Problem
from .layout import AdSize, LayoutConfig
from .manifest import AdBooking, Manifest
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


def check_ad_files(slots: list[Slot], issue_dir: Path, document: YamlDocument) -> None:
    """Each supplied file exists, is a PDF or a picture, and is the booked size."""
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
                found = supplied_size_mm(path)
            except InputError as error:
                message, hint = error.problems[0].message, error.problems[0].hint
            else:
                if found is not None and (abs(found[0] - slot.width) > SIZE_TOLERANCE_MM
                                          or abs(found[1] - slot.height) > SIZE_TOLERANCE_MM):
                    message = (f"{booking.file} is {found[0]:.0f} x {found[1]:.0f} mm; a {booking.size} "
                               f"is {slot.width:g} x {slot.height:g} mm")
                    hint = "ask the advertiser for the booked size, or book the size the ad was made for"
        if message:
            problems.append(Problem(f"{slot.label}: {message}", document.file, line, column, hint))
    if problems:
        raise InputError(problems)


def supplied_size_mm(path: Path) -> tuple[float, float] | None:
    """The trimmed size of a supplied PDF ad (TrimBox, else MediaBox) in mm. Pictures have
    no size of their own, only pixels: None (they are checked for resolution instead)."""
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
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise InputError.single(f"{path.name} cannot be read as a picture ({error})") from None
        return None
    raise InputError.single(f"{path.name} is neither a PDF nor a JPEG/PNG/TIFF picture",
                            hint="supplied ads come as PDF/X, or as high-resolution JPEG or PNG")
