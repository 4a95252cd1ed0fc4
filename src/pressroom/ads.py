"""Ads: where each booked advert sits on its page, and whether the booking and the file
supplied for it are right.

The layout names its ad sizes, its rate card (``ad_sizes`` in layout.yaml: exact width, or
grid columns, and depth in mm, and the positions each may take; ``column_cm_ads``: modules
sold by the column-centimetre, booked as ``3x10``); the manifest books them (``ads:``). A slot is a rectangle in
millimetres from the top-left corner of the trimmed page. Supplied files must be the
booked size to within ``SIZE_TOLERANCE_MM``: nothing is scaled silently.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter

from .errors import InputError, Problem
from .layout import AdSize, LayoutConfig
from .manifest import AdBooking, Manifest
from .pdfpages import PT_PER_MM, add_to_page, check_content, page_as_form, placement_operators
from .preflight import PdfBombError, PreflightProfile, open_pdf, preflight, reading_pdf
from .yamlfile import YamlDocument

SIZE_TOLERANCE_MM = 1.0
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


def slot_rectangle(config: LayoutConfig, size: AdSize, position: str, page: int,
                   columns: str | None = None) -> tuple[float, ...]:
    """(x, y, width, height) in mm of an ad of ``size`` at ``position`` on ``page``: the whole
    trimmed page; centred across the foot (``bottom``) or head (``top``) of the type area, or
    in the booked grid ``columns`` there; at a corner of the type area; or an ear beside the
    masthead (the top corners of the front page's type area). Odd pages are right-hand
    pages, with the inside margin on the left (compose.grid)."""
    from .compose.grid import Grid, parse_columns

    if position == "page":
        return 0.0, 0.0, config.trim_mm.width, config.trim_mm.height
    grid = Grid.of(config, page)
    width, height = config.ad_width_mm(size), size.height_mm
    vertical, _, side = position.replace("ear", "top").partition("-")
    y = grid.top if vertical == "top" else grid.bottom - height
    if columns is not None:
        x = grid.column_x(parse_columns(columns).first)
    elif side == "left":
        x = grid.left
    elif side == "right":
        x = grid.right - width
    else:
        x = grid.left + (grid.width - width) / 2
    return x, y, width, height


def stacked(slot: "Slot", earlier: list["Slot"], gutter: float) -> "Slot":
    """A booking in named grid columns moved clear of the ones booked in the same place
    before it: up from the foot (or down from the head), one gutter apart."""
    if slot.booking.columns is None:
        return slot
    from dataclasses import replace as replaced

    downwards = slot.booking.position.startswith("top")
    for other in earlier:
        if other.booking.page == slot.booking.page and other.booking.columns is not None \
                and other.booking.position == slot.booking.position and other.overlaps(slot):
            y = other.y + other.height + gutter if downwards else other.y - gutter - slot.height
            slot = replaced(slot, y=y)
    return slot


@dataclass
class BookingStatus:
    """One booking as assessed before a build: its slot (when it has one), a status word
    for the ad report, and the problems that stop the build."""

    index: int
    booking: AdBooking
    slot: Slot | None = None
    status: str = "ready"  # ready, unknown size, position, page, overlap, missing file,
    #                        wrong size, unreadable, preflight error (and unsafe: see _assess_file)
    problems: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict:
        booking = self.booking
        return {"ad": self.index + 1, "page": booking.page, "size": booking.size,
                "position": booking.position, "advertiser": booking.advertiser,
                "file": booking.file, "house": booking.house, "status": self.status,
                "slot_mm": None if self.slot is None else {
                    "x": round(self.slot.x, 2), "y": round(self.slot.y, 2),
                    "width": self.slot.width, "height": self.slot.height},
                "problems": [problem.message for problem in self.problems]}


def assess_bookings(manifest: Manifest, document: YamlDocument, config: LayoutConfig,
                    issue_dir: Path, profile: PreflightProfile | None = None) -> list[BookingStatus]:
    """Every booking checked: the size exists in the layout, the position is allowed, the
    page exists, bookings on a page do not overlap, the supplied file exists, is the booked
    size and passes preflight against ``profile``. Each problem is located in the manifest."""
    statuses = [BookingStatus(index, booking) for index, booking in enumerate(manifest.ads)]

    def fail(status: BookingStatus, word: str, key: str, message: str, hint: str | None = None) -> None:
        line, column = (document.position(("ads", status.index, key))
                        or document.position(("ads", status.index)) or (None, None))
        who = status.booking.advertiser or "house ad slot"
        prefix = f"ad {status.index + 1} ({who}, page {status.booking.page}, {status.booking.size})"
        status.problems.append(Problem(f"{prefix}: {message}", document.file, line, column, hint))
        if status.status == "ready":
            status.status = word

    for status in statuses:
        booking = status.booking
        size = config.ad_size(booking.size)
        sizes = sorted(config.ad_sizes) + (["NxM by the column-cm, e.g. 3x10"] if config.column_cm_ads else [])
        if size is None:
            close = difflib.get_close_matches(booking.size, list(config.ad_sizes), n=1)
            fail(status, "unknown size", "size", f"the layout has no ad size '{booking.size}'",
                 f"did you mean '{close[0]}'?" if close else
                 "sizes: " + ", ".join(sizes) if sizes else
                 "the layout defines no ad sizes (ad_sizes in layout.yaml)")
        elif booking.position not in size.positions:
            fail(status, "position", "position", f"a {booking.size} cannot sit at '{booking.position}'",
                 "positions: " + ", ".join(size.positions))
        elif booking.page > manifest.pages:
            fail(status, "page", "page", f"page {booking.page} is beyond the issue's {manifest.pages} pages")
        elif booking.position.startswith("ear") and booking.page != 1:
            fail(status, "position", "position", "ears sit beside the masthead, on page 1 only",
                 "book it on page 1, or at another position")
        elif booking.columns is not None and not _columns_fit(booking.columns, size, config):
            fail(status, "position", "columns",
                 f"columns {booking.columns} are not {config.ad_width_mm(size):.1f} mm wide on the "
                 f"{config.columns}-column grid", "name as many columns as the size has, e.g. "
                 f"{_columns_example(size, config)}")
        else:
            slot = Slot(status.index, booking,
                        *slot_rectangle(config, size, booking.position, booking.page, booking.columns))
            status.slot = stacked(slot, [other.slot for other in statuses[:status.index] if other.slot],
                                  config.gutter_mm)
    placed = [status for status in statuses if status.slot is not None]
    for number, status in enumerate(placed):
        for earlier in placed[:number]:
            if earlier.booking.page == status.booking.page and earlier.slot.overlaps(status.slot):
                fail(status, "overlap", "position", f"overlaps {earlier.slot.label}",
                     "move one of them to another page, or book a smaller size")
    for status in placed:
        if not status.booking.house:
            _assess_file(status, issue_dir, profile, fail)
    return statuses


def _columns_fit(columns: str, size: AdSize, config: LayoutConfig) -> bool:
    from .compose.grid import parse_columns

    span = parse_columns(columns)
    return 1 <= span.first <= span.last <= config.columns \
        and abs(config.span_mm(span.count) - config.ad_width_mm(size)) < 0.05


def _columns_example(size: AdSize, config: LayoutConfig) -> str:
    count = next((n for n in range(1, config.columns + 1)
                  if abs(config.span_mm(n) - config.ad_width_mm(size)) < 0.05), None)
    return f"1-{count}" if count and count > 1 else "1" if count else "(it is not a grid width)"


def _assess_file(status: BookingStatus, issue_dir: Path, profile: PreflightProfile | None, fail) -> None:
    """The supplied file: there, the booked size, passing preflight. A file that is not a
    PDF, is damaged or needs a password is "unreadable" (the reason in one line: "not a
    PDF", "damaged: ...", "encrypted: ..."); a compression bomb (PdfBombError) stops the
    assessment at once, located at the booking (exit 2): nothing more is read of it, or of
    the other ads."""
    try:
        _assess_supplied(status, issue_dir, profile, fail)
    except PdfBombError as error:
        fail(status, "unsafe", "file", error.problems[0].message, error.problems[0].hint)
        raise InputError(status.problems[-1:]) from None
    except InputError as error:  # not readable as a PDF, when opened or when its pages are walked
        fail(status, "unreadable", "file", error.problems[0].message, error.problems[0].hint)


def _assess_supplied(status: BookingStatus, issue_dir: Path, profile: PreflightProfile | None, fail) -> None:
    booking, slot = status.booking, status.slot
    path = (issue_dir / booking.file).resolve()
    if not path.is_relative_to(issue_dir.resolve()):
        fail(status, "missing file", "file", f"{booking.file} is outside the issue folder",
             "keep ads in the issue's ads/ folder")
        return
    if not path.is_file():
        fail(status, "missing file", "file", f"{booking.file} does not exist",
             "check the file name under ads/, or ask the advertiser for it")
        return
    found = supplied_size_mm(path, slot.width, booking.file)
    if abs(found[0] - slot.width) > SIZE_TOLERANCE_MM or abs(found[1] - slot.height) > SIZE_TOLERANCE_MM:
        measured = (f"{found[0]:.0f} x {found[1]:.0f} mm" if path.suffix.lower() in PDF_SUFFIXES
                    else f"a picture {found[1]:.0f} mm deep at {found[0]:g} mm wide")
        fail(status, "wrong size", "file",
             f"{booking.file} is {measured}; a {booking.size} is {slot.width:g} x {slot.height:g} mm",
             "ask the advertiser for the booked size, or book the size the ad was made for; "
             "Pressroom never scales an ad")
        return
    if profile is not None and path.suffix.lower() in PDF_SUFFIXES:
        for finding in preflight(path, profile, booking.file).errors:
            fail(status, "preflight error", "file", f"{booking.file} fails preflight: {finding}",
                 "ask the advertiser for a corrected PDF/X file")
    elif profile is not None:  # a picture: its resolution at the slot's width
        with Image.open(path) as picture:
            ppi = picture.width / (slot.width / 25.4)
        minimum = profile.images.colour_ppi.error
        if ppi < minimum:
            fail(status, "preflight error", "file",
                 f"{booking.file} is {ppi:.0f} ppi at {slot.width:g} mm wide; at least {minimum:g} ppi "
                 "is needed", "ask the advertiser for the picture at print resolution (300 ppi)")


def checked_slots(statuses: list[BookingStatus]) -> list[Slot]:
    """The slots of bookings that passed; InputError with every problem when any did not."""
    problems = [problem for status in statuses for problem in status.problems]
    if problems:
        raise InputError(problems)
    return [status.slot for status in statuses]


def supplied_size_mm(path: Path, slot_width_mm: float, name: str | None = None) -> tuple[float, float]:
    """The trimmed size of a supplied PDF ad (TrimBox, else MediaBox) in mm, once it is
    found to be a sound PDF (``open_pdf``) of one page whose content and forms give every
    operator the operands it takes (``check_content``). A picture has only pixels: its size
    is taken at the slot's width (its depth shows a wrong shape). ``name`` is what messages
    call a PDF (default: its file name)."""
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        name = name or path.name
        reader = open_pdf(path, name)
        pages = reader.pages
        if len(pages) != 1:
            raise InputError.single(f"{name} has {len(pages)} pages; an ad is a single page",
                                    hint="ask the advertiser for the one page that was booked")
        with reading_pdf(name, path):
            check_content(reader)
            page = pages[0]
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


def place_ads(data: bytes, slots: list[Slot], artwork: dict[int, bytes], config: LayoutConfig,
              first_page: int = 1) -> bytes:
    """Merge each slot's one-page artwork PDF onto its page, as a form XObject at the slot's
    exact position (centred when the file is a fraction of a millimetre off), clipped to the
    slot, or to the page's bleed on sides where the slot meets the trim edge. ``data`` holds
    the issue's pages from ``first_page`` on (a chunk)."""
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.pdf_header = PdfReader(io.BytesIO(data)).pdf_header  # PDF/X-4 must stay 1.6
    trim_w, trim_h = config.trim_mm.width, config.trim_mm.height
    bleed = config.bleed_mm * PT_PER_MM
    for slot in slots:
        page = writer.pages[slot.booking.page - first_page]
        with reading_pdf(slot.booking.file or f"the artwork of {slot.label}"):  # a supplied file
            ad_page = PdfReader(io.BytesIO(artwork[slot.index])).pages[0]
            form = page_as_form(writer, ad_page)
            ad_trim = ad_page.trimbox if "/TrimBox" in ad_page else ad_page.mediabox
            ad_trim = [float(ad_trim.left), float(ad_trim.bottom), float(ad_trim.width), float(ad_trim.height)]
        name = f"/PressroomAd{slot.index + 1}"
        page_trim = page.trimbox
        # The slot in PDF points: x from the left of the trim, y up from its foot.
        left = float(page_trim.left) + slot.x * PT_PER_MM
        bottom = float(page_trim.bottom) + (trim_h - slot.y - slot.height) * PT_PER_MM
        width, height = slot.width * PT_PER_MM, slot.height * PT_PER_MM
        dx = left + (width - ad_trim[2]) / 2 - ad_trim[0]
        dy = bottom + (height - ad_trim[3]) / 2 - ad_trim[1]
        clip = [left, bottom, left + width, bottom + height]
        if slot.x <= 0.01:
            clip[0] -= bleed
        if slot.y + slot.height >= trim_h - 0.01:
            clip[1] -= bleed
        if slot.x + slot.width >= trim_w - 0.01:
            clip[2] += bleed
        if slot.y <= 0.01:
            clip[3] += bleed
        add_to_page(writer, page, {name: form}, placement_operators(name, tuple(clip), dx, dy))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
