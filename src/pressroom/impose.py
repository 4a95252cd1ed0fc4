"""Impose: place the print PDF's pages on sheets (saddle-stitched printer spreads, reader
spreads, 2-up and 4-up), add marks outside the bleed, and prove the result page by page.

Pages are placed whole as form XObjects (pdfpages.py), so they stay vector with their own
fonts. The marks and slug line are drawn by ``layouts/imposition/`` (a template and its CSS)
through WeasyPrint with the project's fonts. The imposed PDF records how it was imposed
(``/PressroomImposition`` in its catalog); ``verify`` reads every placement back, matches
each placed form's content to a page of the original, and compares with the scheme.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

from . import __version__
from .errors import InputError
from .pdfpages import (PT_PER_MM, add_to_page, check_content, page_as_form, placement_operators,
                       read_placements)
from .preflight import PreflightProfile, open_pdf, preflight, reading_pdf
from .files import write_atomically
from .render import Renderer, Resources
from .templates import render, template_environment

SCHEMES = ("saddle", "spreads", "nup")
MARK_SPACE_MM = 14  # room outside the bleed for crop marks, fold marks and the slug line
MARK_GAP_MM = 2     # marks start this far outside the bleed
MARK_LENGTH_MM = 8
SHEET_SIZES_MM = {"A3": (297, 420), "A2": (420, 594), "A1": (594, 841), "A0": (841, 1189),
                  "SRA2": (450, 640), "SRA1": (640, 900), "B2": (500, 707), "B1": (707, 1000)}
METADATA_KEY = "/PressroomImposition"


@dataclass(frozen=True)
class Cell:
    """One page position on a sheet side: where it is (column, row from the top-left),
    and the page it holds (None: an empty position; ``blank``: a declared padding page)."""

    column: int
    row: int
    page: int | None
    blank: bool = False

    def label(self, columns: int, rows: int) -> str:
        across = {1: [""], 2: ["left", "right"]}.get(columns, [f"column {c + 1}" for c in range(columns)])
        down = {1: [""], 2: ["top", "bottom"]}.get(rows, [f"row {r + 1}" for r in range(rows)])
        return " ".join(part for part in (down[self.row], across[self.column]) if part)


@dataclass(frozen=True)
class Side:
    """One side of one sheet: the unit the press prints, and one page of the imposed PDF."""

    sheet: int
    side: str  # "front", "back", or "" when sheets are printed one side (proofs)
    cells: tuple[Cell, ...]

    @property
    def name(self) -> str:
        return f"sheet {self.sheet} {self.side}".strip()


@dataclass(frozen=True)
class Scheme:
    """How to impose: the scheme, pages per side and their order, creep, page count."""

    name: str
    pages: int           # pages in the original
    padded: int          # pages after padding with declared blanks (saddle)
    up: int = 2
    order: str = "sequential"  # nup: "sequential" or "repeat"
    creep_mm: float = 0.0

    @property
    def columns(self) -> int:
        return 2

    @property
    def rows(self) -> int:
        return 2 if self.name == "nup" and self.up == 4 else 1

    def sides(self) -> list[Side]:
        """The sheet sides in print order, each cell holding the page it must carry."""
        n = self.padded
        if self.name == "saddle":
            sides = []
            for index in range(n // 4):
                outer, inner = n - 2 * index, 1 + 2 * index
                sides.append(Side(index + 1, "front", (self._cell(0, 0, outer), self._cell(1, 0, inner))))
                sides.append(Side(index + 1, "back", (self._cell(0, 0, inner + 1), self._cell(1, 0, outer - 1))))
            return sides
        if self.name == "spreads":
            spreads = [(None, 1)] + [(page, page + 1 if page + 1 <= n else None) for page in range(2, n + 1, 2)]
            return [Side(index + 1, "", (self._cell(0, 0, left), self._cell(1, 0, right)))
                    for index, (left, right) in enumerate(spreads)]
        positions = [(column, row) for row in range(self.rows) for column in range(self.columns)]
        if self.order == "repeat":
            return [Side(page, "", tuple(self._cell(c, r, page) for c, r in positions)) for page in range(1, n + 1)]
        sides = []
        for start in range(1, n + 1, self.up):
            pages = [page if page <= n else None for page in range(start, start + self.up)]
            sides.append(Side(len(sides) + 1, "", tuple(self._cell(c, r, p) for (c, r), p in zip(positions, pages))))
        return sides

    def _cell(self, column: int, row: int, page: int | None) -> Cell:
        return Cell(column, row, page, blank=page is not None and page > self.pages)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Geometry:
    """Sizes in mm: the original's trim and bleed, the sheet, and where each cell's trim
    goes (top-left corner, from the sheet's top-left)."""

    trim: tuple[float, float]
    bleed: float
    sheet: tuple[float, float]
    gap: float  # between neighbouring trims (0 for spreads: pages meet at the spine)
    origin: tuple[float, float]  # top-left of the first cell's trim

    def trim_at(self, cell: Cell) -> tuple[float, float]:
        x = self.origin[0] + cell.column * (self.trim[0] + self.gap)
        y = self.origin[1] + cell.row * (self.trim[1] + self.gap)
        return x, y


@dataclass
class Imposition:
    """What ``impose`` did, for the command's report and the imposed file's record."""

    scheme: Scheme
    geometry: Geometry
    sides: list[Side]
    output: Path
    colour_pages: list[int] = field(default_factory=list)

    def pairing(self) -> list[dict]:
        """Which pages share each sheet side, and which of them print in colour."""
        return [{"side": side.name, "pages": [cell.page for cell in side.cells if cell.page and not cell.blank],
                 "colour": [cell.page for cell in side.cells if cell.page in self.colour_pages]}
                for side in self.sides]


def plan(scheme_name: str, page_count: int, up: int = 2, order: str = "sequential",
         creep_mm: float = 0.0, pad: bool = False) -> Scheme:
    """A checked scheme for ``page_count`` pages; InputError with what to do when it cannot be."""
    if scheme_name not in SCHEMES:
        raise InputError.single(f"unknown scheme '{scheme_name}'", hint="schemes: " + ", ".join(SCHEMES))
    if page_count < 1:
        raise InputError.single("the PDF has no pages")
    padded = page_count
    if scheme_name == "saddle" and page_count % 4:
        if not pad:
            raise InputError.single(
                f"a saddle-stitched section needs a multiple of 4 pages; the PDF has {page_count}",
                hint=f"add pages, or use --pad to end it with {(-page_count) % 4} blank page(s)")
        padded = page_count + (-page_count) % 4
    if scheme_name == "nup" and up not in (2, 4):
        raise InputError.single(f"--up {up}: nup places 2 or 4 pages on a sheet")
    if order not in ("sequential", "repeat"):
        raise InputError.single(f"--order {order}: use sequential or repeat")
    if creep_mm and scheme_name != "saddle":
        raise InputError.single("--creep applies only to the saddle scheme")
    if creep_mm < 0 or creep_mm > 2:
        raise InputError.single(f"--creep {creep_mm:g} mm per sheet is outside 0-2 mm",
                                hint="newsprint creep is a few tenths of a millimetre per sheet")
    return Scheme(scheme_name, page_count, padded, up if scheme_name == "nup" else 2, order, creep_mm)


def sheet_size(name: str | None, needed: tuple[float, float]) -> tuple[float, float]:
    """The sheet in mm: ``needed`` when no size is given; a named size (A1, SRA2...) or
    WIDTHxHEIGHT in mm, turned the way the work is (landscape for spreads) when it fits so."""
    if not name:
        return needed
    if name.upper() in SHEET_SIZES_MM:
        width, height = SHEET_SIZES_MM[name.upper()]
    else:
        try:
            width, height = (float(part) for part in name.lower().split("x"))
        except ValueError:
            raise InputError.single(f"--sheet {name}: give a size name ({', '.join(SHEET_SIZES_MM)}) "
                                    "or WIDTHxHEIGHT in mm, like 900x640") from None
    landscape = needed[0] >= needed[1]
    for candidate in sorted({(width, height), (height, width)}, key=lambda size: (size[0] >= size[1]) != landscape):
        if candidate[0] >= needed[0] - 0.01 and candidate[1] >= needed[1] - 0.01:
            return candidate
    raise InputError.single(f"--sheet {name} ({width:g} x {height:g} mm) is too small: the work needs "
                            f"{needed[0]:.0f} x {needed[1]:.0f} mm with bleed and marks",
                            hint="choose a larger sheet, or leave --sheet out to fit the sheet to the work")


def _geometry(reader: PdfReader, scheme: Scheme, sheet_name: str | None) -> Geometry:
    first = reader.pages[0]
    trim_box = first.trimbox if "/TrimBox" in first else first.mediabox
    bleed_box = first.bleedbox if "/BleedBox" in first else trim_box
    trim = (float(trim_box.width) / PT_PER_MM, float(trim_box.height) / PT_PER_MM)
    bleed = max(0.0, (float(trim_box.left) - float(bleed_box.left)) / PT_PER_MM)
    for number, page in enumerate(reader.pages, start=1):
        box = page.trimbox if "/TrimBox" in page else page.mediabox
        if abs(float(box.width) / PT_PER_MM - trim[0]) > 0.1 or abs(float(box.height) / PT_PER_MM - trim[1]) > 0.1:
            raise InputError.single(f"page {number} is not the size of page 1; imposition needs pages of one size")
    margin = bleed + MARK_SPACE_MM
    gap = 0.0 if scheme.name in ("saddle", "spreads") else 2 * margin
    work = (scheme.columns * trim[0] + (scheme.columns - 1) * gap + 2 * margin,
            scheme.rows * trim[1] + (scheme.rows - 1) * gap + 2 * margin)
    sheet = sheet_size(sheet_name, work)
    origin = ((sheet[0] - work[0]) / 2 + margin, (sheet[1] - work[1]) / 2 + margin)
    return Geometry(trim, bleed, sheet, gap, origin)


def _creep_shift(scheme: Scheme, side: Side, cell: Cell) -> float:
    """Creep compensation, in mm: the content of pages on inner sheets moves towards the
    spine, by creep_mm for each sheet they lie inside the outermost one (their trim, and the
    crop marks, stay where they are: the fore-edge trim takes the difference)."""
    if scheme.name != "saddle" or not scheme.creep_mm:
        return 0.0
    shift = scheme.creep_mm * (side.sheet - 1)
    return shift if cell.column == 0 else -shift


def impose(pdf: Path, output: Path, scheme: Scheme | None = None, *, scheme_name: str = "saddle",
           up: int = 2, order: str = "sequential", creep_mm: float = 0.0, pad: bool = False,
           sheet: str | None = None, project_root: Path, title: str | None = None,
           marks: str = "imposition", note: str = "", on_side=None) -> Imposition:
    """Impose ``pdf`` into ``output`` (written whole or not at all); InputError on bad input,
    a damaged ``pdf`` included (checked by ``open_pdf`` and ``check_content`` before anything
    is written, and read inside ``reading_pdf``). ``marks`` names the folder under ``layouts/`` that draws the marks
    layer (``proof`` for proofs); ``note`` is added to every slug line; ``on_side`` is told
    the pages placed on each sheet side."""
    name = Path(pdf).name
    reader = open_pdf(pdf, name)
    with reading_pdf(name, pdf):
        check_content(reader)
        scheme = scheme or plan(scheme_name, len(reader.pages), up, order, creep_mm, pad)
        geometry = _geometry(reader, scheme, sheet)
        title = title or (str(reader.metadata.title) if reader.metadata and reader.metadata.title
                          else Path(pdf).stem)
        colour = _colour_pages(reader, name)
    sides = scheme.sides()
    marks_layer = _marks_pdf(project_root / "layouts" / marks, scheme, geometry, sides,
                             " · ".join(part for part in (title, note) if part))
    writer = PdfWriter(clone_from=io.BytesIO(marks_layer))
    forms: dict[int, object] = {}
    for side, sheet_page in zip(sides, writer.pages):
        if on_side:
            on_side(sum(1 for cell in side.cells if cell.page and not cell.blank))
        with reading_pdf(name, pdf):
            _place_side(writer, reader, scheme, geometry, side, sheet_page, forms)
    record = {"pressroom": __version__, "scheme": scheme.as_dict(), "sheet_mm": list(geometry.sheet),
              "original_sha256": hashlib.sha256(Path(pdf).read_bytes()).hexdigest()}
    writer._root_object[NameObject(METADATA_KEY)] = TextStringObject(json.dumps(record, sort_keys=True))
    data = io.BytesIO()
    writer.write(data)
    write_atomically(output, data.getvalue())
    return Imposition(scheme, geometry, sides, output, colour)


def _place_side(writer: PdfWriter, reader: PdfReader, scheme: Scheme, geometry: Geometry, side: Side,
                sheet_page, forms: dict[int, object]) -> None:
    """Draw the pages of one sheet side on ``sheet_page``, each clipped to its bleed (to the
    spine where two pages meet), with the sheet's TrimBox and BleedBox round them."""
    sheet_h = geometry.sheet[1]
    bleed = geometry.bleed
    operators, used = [], {}
    trims = []
    for cell in side.cells:
        if cell.page is None or cell.blank:
            continue
        original = reader.pages[cell.page - 1]
        if cell.page not in forms:
            forms[cell.page] = page_as_form(writer, original)
        name = f"/PressroomPage{cell.page}"
        used[name] = forms[cell.page]
        x, y = geometry.trim_at(cell)
        shift = _creep_shift(scheme, side, cell) * PT_PER_MM
        left, bottom = x * PT_PER_MM, (sheet_h - y - geometry.trim[1]) * PT_PER_MM
        right, top = left + geometry.trim[0] * PT_PER_MM, bottom + geometry.trim[1] * PT_PER_MM
        trims.append((left, bottom, right, top))
        # The page's content moves by the creep; its clip moves with it at the fore-edge
        # and stays at the spine, where the two pages meet with no bleed between them.
        clip = [left - bleed * PT_PER_MM + shift, bottom - bleed * PT_PER_MM,
                right + bleed * PT_PER_MM + shift, top + bleed * PT_PER_MM]
        if geometry.gap == 0:
            if cell.column == 0:
                clip[2] = right
            else:
                clip[0] = left
        left += shift
        page_trim = original.trimbox if "/TrimBox" in original else original.mediabox
        operators.append(placement_operators(name, tuple(clip), left - float(page_trim.left),
                                             bottom - float(page_trim.bottom)))
    add_to_page(writer, sheet_page, used, "".join(operators))
    if trims:
        union = [min(t[0] for t in trims), min(t[1] for t in trims),
                 max(t[2] for t in trims), max(t[3] for t in trims)]
        sheet_page[NameObject("/TrimBox")] = ArrayObject([FloatObject(round(v, 4)) for v in union])
        grown = [union[0] - bleed * PT_PER_MM, union[1] - bleed * PT_PER_MM,
                 union[2] + bleed * PT_PER_MM, union[3] + bleed * PT_PER_MM]
        sheet_page[NameObject("/BleedBox")] = ArrayObject([FloatObject(round(v, 4)) for v in grown])


def _colour_pages(reader: PdfReader, name: str) -> list[int]:
    """Pages that print more than black, found by preflight's content walk."""
    anything = PreflightProfile(name="colour scan", images={
        "colour_ppi": {"error": 0, "warning": 0}, "gray_ppi": {"error": 0, "warning": 0},
        "line_art_ppi": {"error": 0, "warning": 0}}, require_output_intent=False, bleed_mm=None,
        colour_spaces=["cmyk", "gray", "rgb", "lab", "spot"], max_ink_percent=400, transparency="ignore")
    return preflight(reader, anything, name).colour_pages


def _marks_pdf(folder: Path, scheme: Scheme, geometry: Geometry, sides: list[Side], title: str) -> bytes:
    """One page per sheet side with the crop marks, fold marks and slug line, drawn by the
    template in ``folder`` (``layouts/imposition/``; positions in mm from the sheet's top-left)."""
    fonts = folder.parent.parent / "fonts"
    environment = template_environment(folder, autoescape=True)
    resources = Resources(fonts=fonts, layout=folder)
    renderer = Renderer("", fonts, resources)
    pages = [_side_marks(scheme, geometry, side, len(sides), title) for side in sides]
    stylesheet = render(environment, "sheet.css", sheet=geometry.sheet, url_for=resources.url, fonts_dir=fonts)
    html = render(environment, "sheet.html.j2", pages=pages)
    return renderer.render_standalone(html, stylesheet)


def _side_marks(scheme: Scheme, geometry: Geometry, side: Side, side_count: int, title: str) -> dict:
    """Lines (x, y, width, height in mm) and the slug text for one sheet side."""
    tw, th = geometry.trim
    reach = geometry.bleed + MARK_GAP_MM  # marks start outside the bleed
    lines, folds = [], []
    for cell in side.cells:
        if cell.page is None:
            continue
        x, y = geometry.trim_at(cell)
        spine_right = geometry.gap == 0 and cell.column == 0
        spine_left = geometry.gap == 0 and cell.column == 1
        for corner_x, outward_x in ((x, -1), (x + tw, 1)):
            at_spine = (outward_x == 1 and spine_right) or (outward_x == -1 and spine_left)
            for corner_y, outward_y in ((y, -1), (y + th, 1)):
                # vertical mark above/below the corner; horizontal mark beside it, unless at the spine
                top = corner_y - reach - MARK_LENGTH_MM if outward_y == -1 else corner_y + reach
                lines.append({"x": corner_x, "y": top, "w": 0, "h": MARK_LENGTH_MM})
                if not at_spine:
                    left = corner_x - reach - MARK_LENGTH_MM if outward_x == -1 else corner_x + reach
                    lines.append({"x": left, "y": corner_y, "w": MARK_LENGTH_MM, "h": 0})
        if spine_right:
            spine = x + tw
            folds.append({"x": spine, "y": y - reach - MARK_LENGTH_MM, "w": 0, "h": MARK_LENGTH_MM})
            folds.append({"x": spine, "y": y + th + reach, "w": 0, "h": MARK_LENGTH_MM})
    columns, rows = scheme.columns, scheme.rows
    placed = " | ".join(
        f"{cell.label(columns, rows)} {'blank' if cell.blank else ('p' + str(cell.page)) if cell.page else '-'}"
        for cell in side.cells)
    bottom = geometry.origin[1] + rows * th + (rows - 1) * geometry.gap + reach + MARK_LENGTH_MM + 1
    slug = f"{title} · {side.name} of {side_count if not side.side else side_count // 2} · {placed} · " \
           f"{scheme.name}{' ' + str(scheme.up) + '-up' if scheme.name == 'nup' else ''}"
    return {"lines": lines, "folds": folds, "slug": slug, "slug_x": geometry.origin[0], "slug_y": bottom}


@dataclass
class Verification:
    problems: list[str]
    sides: int
    pages: int

    @property
    def passed(self) -> bool:
        return not self.problems


def verify(imposed: Path, original: Path) -> Verification:
    """Read every placement back and compare with the scheme recorded in the imposed file:
    page at each position, side, rotation, each page exactly once, and for saddle the
    N+1 rule. Problems come in sheet order, the first wrong position first. Both files come
    from outside: each is checked by ``open_pdf`` and its pages' content by ``check_content``,
    and read inside ``reading_pdf``; the record is checked before it is believed. A damaged
    file or record is an InputError naming the file (exit 2), never a wrong verdict."""
    imposed_name, original_name = Path(imposed).name, Path(original).name
    imposed_reader, original_reader = open_pdf(imposed, imposed_name), open_pdf(original, original_name)
    by_content: dict[str, list[int]] = {}
    with reading_pdf(original_name, original):
        check_content(original_reader, forms=False)
        for number, page in enumerate(original_reader.pages, start=1):
            content = page.get_contents()
            by_content.setdefault(_digest(content.get_data() if content is not None else b""), []).append(number)
        original_pages = len(original_reader.pages)
    with reading_pdf(imposed_name, imposed):
        check_content(imposed_reader, forms=False)  # its forms are the original's pages
        scheme = _recorded_scheme(imposed_reader, imposed, imposed_name)
        if scheme.pages != original_pages:
            return Verification([f"the imposed file was made from {scheme.pages} pages; {original} has "
                                 f"{original_pages}"], len(imposed_reader.pages), scheme.pages)
        problems = _check_sides(imposed_reader, scheme, by_content, original_name)
    return Verification(problems, len(imposed_reader.pages), scheme.pages)


def _recorded_scheme(reader: PdfReader, path: Path, name: str) -> Scheme:
    """The scheme an imposed file records, believed only when it is one ``plan`` makes: a
    file Pressroom did not impose, or whose record is damaged, is an InputError naming it."""
    record = reader.trailer["/Root"].get(METADATA_KEY)
    if record is None:
        raise InputError.single(f"{name} was not imposed by Pressroom (no {METADATA_KEY[1:]} record)", path,
                                hint="impose it with pressroom impose, then verify")
    try:
        scheme = Scheme(**json.loads(str(record.get_object()))["scheme"])
        sound = (scheme.name in SCHEMES and type(scheme.pages) is int and scheme.pages >= 1
                 and scheme == plan(scheme.name, scheme.pages, scheme.up, scheme.order, scheme.creep_mm, pad=True))
    except (ValueError, TypeError, KeyError, InputError):
        sound = False
    if not sound:
        raise InputError.single(f"{name} is not a readable PDF (damaged: its {METADATA_KEY[1:]} record is not "
                                "one Pressroom writes)", path, hint="impose the original again")
    return scheme


def _check_sides(imposed_reader: PdfReader, scheme: Scheme, by_content: dict[str, list[int]],
                 original_name: str) -> list[str]:
    """What is wrong with the imposed sheets, side by side, against ``scheme``."""
    expected = scheme.sides()
    problems: list[str] = []
    if len(imposed_reader.pages) != len(expected):
        problems.append(f"the imposed file has {len(imposed_reader.pages)} sheet sides; {scheme.name} "
                        f"for {scheme.padded} pages needs {len(expected)}")
    seen: dict[int, list[str]] = {}
    for side, sheet_page in zip(expected, imposed_reader.pages):
        found = _found_pages(sheet_page, by_content, scheme)
        for cell in side.cells:
            where = f"{side.name}, {cell.label(scheme.columns, scheme.rows)}"
            placement = found.get((cell.column, cell.row))
            want = None if cell.blank else cell.page
            candidates = placement[0] if placement else []
            got = want if want in candidates else (candidates[0] if candidates else None)
            if placement and not candidates:
                problems.append(f"{where}: holds a page that is not in {original_name}")
            if placement and placement[1]:
                problems.append(f"{where}: page {got} is rotated or scaled")
            if got is not None:
                seen.setdefault(got, []).append(where)
            if want != got:
                wanted = f"page {want}" if want else ("a blank" if cell.blank else "nothing")
                problems.append(f"{where}: expected {wanted}, found {'page ' + str(got) if got else 'nothing'}")
        if scheme.name == "saddle":
            numbers = [(placement[0] or [None])[0] if placement else cell.page
                       for cell in side.cells for placement in [found.get((cell.column, cell.row))]]
            if None not in numbers and sum(numbers) != scheme.padded + 1:
                problems.append(f"{side.name}: pages {numbers[0]} and {numbers[1]} do not add up to "
                                f"{scheme.padded + 1}, as facing pages of a saddle-stitched section must")

    if scheme.order != "repeat":
        for page in range(1, scheme.pages + 1):
            if page not in seen:
                problems.append(f"page {page} is missing from the imposed sheets")
            elif len(seen[page]) > 1:
                problems.append(f"page {page} appears {len(seen[page])} times: {'; '.join(seen[page])}")
    return problems


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _found_pages(sheet_page, by_content: dict[str, list[int]], scheme: Scheme) -> dict:
    """(column, row) -> (the original pages whose content the placed form carries, which
    is more than one only for pages with identical content; rotated_or_scaled)."""
    sheet_w = float(sheet_page.mediabox.width)
    sheet_h = float(sheet_page.mediabox.height)
    xobjects = sheet_page["/Resources"].get("/XObject", {})
    found = {}
    for placement in read_placements(sheet_page):
        form = xobjects[placement.name].get_object() if placement.name in xobjects else None
        candidates = by_content.get(_digest(form.get_data()), []) if form is not None else []
        centre_x = (placement.clip[0] + placement.clip[2]) / 2
        centre_y = (placement.clip[1] + placement.clip[3]) / 2
        column = 0 if centre_x < sheet_w / 2 else 1
        row = 0 if scheme.rows == 1 or centre_y > sheet_h / 2 else 1
        found[(column, row)] = (candidates, placement.rotated_or_scaled)
    return found
