"""Holes: the type area a printed page leaves empty, measured from the PDF itself.

A newspaper page goes to press full. For each page of the print PDF, every object the page
draws (text, pictures, placed ads, tinted boxes; hairlines and rules aside) is read back with
PDFium, and each column of the layout's grid is measured from the lowest thing printed in it
to the foot of the type area. A column whose empty foot is deeper than one body line is a
hole, reported in the editor's terms: where, how deep, and about how many words (or how deep
a picture) would fill it. The layout decides what is refused (``holes.fail_above_percent``
of the type area on any page, or ``grid_fail_above_percent`` on a page laid out on the grid:
2% unless it says otherwise); below that, holes are reported.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

PT_PER_MM = 72 / 25.4
# Rules and hairlines do not fill a column: a path thinner than this in either direction is
# not content (a column rule, a box's border).
THINNEST_CONTENT_MM = 1.5
# Body copy: characters per word (with its space), and the width of an average character
# as a share of the type size (EB Garamond and Lato at text sizes are near 0.45 em).
CHARACTERS_PER_WORD = 6.0
CHARACTER_WIDTH_EM = 0.45


@dataclass
class Hole:
    """One page's empty column feet."""

    page: int
    columns: list[int]           # 1-based grid columns with an empty foot, left to right
    depth_mm: float              # the deepest of them
    area_percent: float          # all of the page's empty feet, as a share of its type area
    words: int                   # about how many words of body copy would fill them
    frames: list[str] = field(default_factory=list)  # on a modular page: each story's empty frames

    def message(self) -> str:
        if self.frames:
            return (f"page {self.page}: " + "; ".join(self.frames)
                    + f" ({self.area_percent:.1f}% of the type area)")
        span = (f"column {self.columns[0]}" if len(self.columns) == 1
                else f"columns {self.columns[0]}-{self.columns[-1]}" if self.columns == list(
                    range(self.columns[0], self.columns[-1] + 1)) else
                "columns " + ", ".join(str(column) for column in self.columns))
        return (f"page {self.page}: {self.depth_mm:.0f} mm empty at the foot of {span} "
                f"({self.area_percent:.1f}% of the type area): add about {self.words} words, or a picture "
                f"{len(self.columns)} column{'s' if len(self.columns) > 1 else ''} x {self.depth_mm:.0f} mm, "
                "or make the page's bottom picture that much deeper")

    def as_dict(self) -> dict:
        return {**asdict(self), "message": self.message()}


def measure_holes(pdf, layout) -> list[Hole]:
    """The holes of every page of ``pdf`` (a path, or the PDF's bytes) on the grid of
    ``layout`` (a LayoutConfig: trim, margins, columns, gutter, body size and leading),
    pages without one left out."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    margins = layout.margins_mm
    type_width = layout.trim_mm.width - margins.inside - margins.outside
    column_width = (type_width - layout.gutter_mm * (layout.columns - 1)) / layout.columns
    line_mm = layout.leading_pt / PT_PER_MM
    foot_mm = margins.bottom  # from the foot of the trim, PDF coordinates run upwards
    type_height = layout.trim_mm.height - margins.top - margins.bottom
    words_per_mm = (column_width * PT_PER_MM / (layout.body_size_pt * CHARACTER_WIDTH_EM)
                    / CHARACTERS_PER_WORD) / line_mm
    holes = []
    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        for index in range(len(document)):
            page = document[index]
            left_margin = margins.inside if (index + 1) % 2 else margins.outside  # odd pages: inside left
            trim_left, trim_bottom, _, _ = page.get_trimbox()
            columns = [(left_margin + column * (column_width + layout.gutter_mm),
                        left_margin + column * (column_width + layout.gutter_mm) + column_width)
                       for column in range(layout.columns)]
            lowest = [None] * layout.columns  # the lowest printed point in each column, mm from the trim foot
            # Text by its lines as PDFium reads them (a text object may run across columns),
            # pictures, ads and boxes by their bounds.
            textpage = page.get_textpage()
            boxes = [(False, textpage.get_rect(number)) for number in range(textpage.count_rects())]
            textpage.close()
            boxes += [(item.type == raw.FPDF_PAGEOBJ_PATH, item.get_bounds()) for item in page.get_objects(max_depth=1)
                      if item.type in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM)]
            for is_path, bounds in boxes:
                left, bottom, right, top = ((value - origin) / PT_PER_MM for value, origin in zip(
                    bounds, (trim_left, trim_bottom, trim_left, trim_bottom)))
                if is_path and min(right - left, top - bottom) < THINNEST_CONTENT_MM:
                    continue
                if top <= foot_mm or bottom >= foot_mm + type_height:
                    continue  # in the margins: folio, running head
                for number, (start, end) in enumerate(columns):
                    if min(right, end) - max(left, start) > 1:  # it overlaps the column
                        low = max(bottom, foot_mm)
                        lowest[number] = low if lowest[number] is None else min(lowest[number], low)
            depths = [type_height if low is None else low - foot_mm for low in lowest]
            empty = [number + 1 for number, depth in enumerate(depths) if depth > line_mm * 1.5]
            page.close()
            if not empty:
                continue
            empty_depth = sum(depths[number - 1] for number in empty)  # mm of column, all columns
            holes.append(Hole(index + 1, empty, round(max(depths[number - 1] for number in empty), 1),
                              round(100 * empty_depth * column_width / (type_width * type_height), 1),
                              int(round(empty_depth * words_per_mm, -1))))
    finally:
        document.close()
    return holes


def with_frames(holes: list[Hole], fits: list, layout) -> list[Hole]:
    """``holes`` with what the stories of modular pages left empty in their frames (their
    copyfit, compose/frames.py), said story by story: a frame can end short in the middle of
    a page, above another module, where the PDF's column feet do not show it. A page's share
    of empty type area is the larger of the two measures."""
    leading = layout.leading_pt / PT_PER_MM
    type_area = layout.text_width_mm * layout.text_height_mm
    words_per_mm = _words_per_mm(layout)
    by_page = {hole.page: hole for hole in holes}
    notes: dict[int, list[str]] = {}
    area: dict[int, float] = {}
    for fit in fits:
        pages = sorted({frame["page"] for frame in fit.frames})
        for page in pages:
            empty = [frame for frame in fit.frames if frame["page"] == page
                     and frame["empty_mm"] > 1.5 * leading]
            if not empty:
                continue
            deepest = max(frame["empty_mm"] for frame in empty)
            total = sum(frame["empty_mm"] for frame in empty)
            numbers = [frame["frame"] for frame in empty]
            which = (f"frame {numbers[0]}" if len(numbers) == 1 else f"frames {numbers[0]}-{numbers[-1]}"
                     if numbers == list(range(numbers[0], numbers[-1] + 1)) else
                     "frames " + ", ".join(str(number) for number in numbers))
            notes.setdefault(page, []).append(
                f"{which} ({fit.slug}): {deepest:.0f} mm empty: add about {int(round(total * words_per_mm, -1))} "
                f"words, or a picture {len(empty)} column{'s' if len(empty) > 1 else ''} x {deepest:.0f} mm, "
                f"or make its lead picture {total / len(fit.frames):.0f} mm deeper")
            area[page] = area.get(page, 0.0) + total * layout.column_width_mm
    for page, messages in notes.items():
        share = round(100 * area[page] / type_area, 1)
        hole = by_page.get(page)
        if hole is None:
            by_page[page] = Hole(page, [], 0.0, share, 0, messages)
        else:
            hole.frames = messages
            hole.area_percent = max(hole.area_percent, share)
    return [by_page[page] for page in sorted(by_page)]


def _words_per_mm(layout) -> float:
    """Words of body copy a millimetre of one column holds."""
    line_mm = layout.leading_pt / PT_PER_MM
    characters = layout.column_width_mm * PT_PER_MM / (CHARACTER_WIDTH_EM * layout.body_size_pt)
    return characters / CHARACTERS_PER_WORD / line_mm


def judge_holes(holes: list[Hole], rules, grid_pages: frozenset[int] = frozenset()) -> tuple[list[str], list[str]]:
    """The warnings and the failures ``rules`` (a layout's HoleRules) make of ``holes``;
    ``grid_pages`` are the pages laid out on the grid (their own limit)."""
    limits = {hole.page: rules.fail_above(hole.page in grid_pages) for hole in holes}
    failing = [hole for hole in holes if limits[hole.page] is not None and hole.area_percent > limits[hole.page]]
    warned = [hole for hole in holes if hole not in failing and hole.area_percent > rules.warn_above_percent]
    return ([f"hole: {hole.message()}" for hole in warned],
            [f"{hole.message()} (the layout allows {limits[hole.page]:g}%)" for hole in failing])
