"""The page grid: the type area of a page divided into the layout's columns, in millimetres
from the top-left corner of the trimmed page.

Odd pages are right-hand pages (the inside margin on the left), even pages left-hand. A
rectangle on the grid (``Rect``) is what every placed thing is: a story's module, a frame
of its copy, a picture, an ad. Depths given in body lines are whole multiples of the
layout's leading, so copy in every column of a page sits on one baseline grid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..layout import LayoutConfig

MM_PER_PT = 25.4 / 72
EPSILON_MM = 0.01  # closer than this is touching, not overlapping


@dataclass(frozen=True)
class Rect:
    """A rectangle on the page, in mm from the trim's top-left corner."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: "Rect") -> bool:
        return (self.x < other.right - EPSILON_MM and other.x < self.right - EPSILON_MM
                and self.y < other.bottom - EPSILON_MM and other.y < self.bottom - EPSILON_MM)

    def rounded(self) -> dict:
        return {"x": round(self.x, 2), "y": round(self.y, 2), "width": round(self.width, 2),
                "height": round(self.height, 2)}


@dataclass(frozen=True)
class ColumnSpan:
    """Grid columns ``first`` to ``last``, counted from 1 at the left of the page."""

    first: int
    last: int

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    def __iter__(self):
        return iter(range(self.first, self.last + 1))

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


def parse_columns(text: str) -> ColumnSpan:
    """``"1-3"`` or ``"4"`` (the pattern was checked when the plan was read)."""
    numbers = [int(part) for part in re.split(r"\s*[-\u2013]\s*", text.strip())]
    return ColumnSpan(numbers[0], numbers[-1])


@dataclass(frozen=True)
class Grid:
    """One page's type area and columns."""

    page: int
    left: float  # the type area, mm from the trim's top-left corner
    top: float
    width: float
    height: float
    columns: int
    column_width: float
    gutter: float
    leading: float  # the body leading, in mm

    @classmethod
    def of(cls, config: LayoutConfig, page: int) -> "Grid":
        margins = config.margins_mm
        left = margins.inside if page % 2 else margins.outside
        return cls(page, left, margins.top, config.text_width_mm, config.text_height_mm,
                   config.columns, config.column_width_mm, config.gutter_mm,
                   config.leading_pt * MM_PER_PT)

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def right(self) -> float:
        return self.left + self.width

    def column_x(self, column: int) -> float:
        return self.left + (column - 1) * (self.column_width + self.gutter)

    def span_width(self, span: ColumnSpan) -> float:
        return span.count * self.column_width + (span.count - 1) * self.gutter

    def span_rect(self, span: ColumnSpan, top: float, height: float) -> Rect:
        return Rect(self.column_x(span.first), top, self.span_width(span), height)

    def columns_under(self, rect: Rect) -> ColumnSpan | None:
        """The grid columns a rectangle covers (any part of), or None beside the type area."""
        covered = [column for column in range(1, self.columns + 1)
                   if self.column_x(column) < rect.right - EPSILON_MM
                   and rect.x < self.column_x(column) + self.column_width - EPSILON_MM]
        return ColumnSpan(covered[0], covered[-1]) if covered else None

    def snap_down(self, y: float) -> float:
        """The first baseline-grid line (a whole number of leadings below the top of the
        type area) at or below ``y``."""
        lines = (y - self.top) / self.leading
        whole = round(lines)
        if abs(lines - whole) > 1e-6:
            whole = int(lines) + 1 if lines > 0 else int(lines)
        return self.top + whole * self.leading

    def lines_in(self, depth: float) -> int:
        """Whole body lines that fit in ``depth`` mm."""
        return int(depth / self.leading + 1e-6)


def parse_depth(text: str, grid: Grid) -> float | None:
    """A depth in mm from ``"180mm"`` or ``"40 lines"``; None for ``"rest"``."""
    text = text.strip()
    if text == "rest":
        return None
    number = float(re.match(r"[\d.]+", text).group(0))
    return number * grid.leading if "line" in text else number
