"""Benchmark: how well the justified body copy of a built newspaper PDF is set.

    .venv/bin/python benchmarks/typography.py PDF [--json] [--pages 2-5]

The measure for a paragraph composer (Knuth-Plass line breaking). It reads only the PDF
(through PDFium, with pypdfium2) and the body font files (for glyph advances and the natural
word space), never Pressroom's layout code, so that builds before and after a change are
measured alike.

Body lines. Each character's origin, baseline, font and size are read from PDFium; its
size is PDFium's font size times the scale of its matrix (WeasyPrint draws in CSS pixels
under a 0.75 scale). Characters are joined into lines in content-stream order, a new line
starting where the baseline moves by SAME_LINE or more or the text steps back to the left. A
line is body copy if at least BODY_SHARE of its glyphs are EB Garamond (any style: italics
and bold occur inside body lines) at BODY_SIZE give or take SIZE_TOLERANCE. Headlines,
standfirsts, captions, bylines and pull quotes are other fonts or sizes and drop out.

Columns are inferred from the lines, page by page: a (left, right) pair that at least
MIN_COLUMN_LINES lines share within COLUMN_PRECISION (justified lines end within hundredths
of a point of each other), at least MIN_COLUMN_WIDTH wide, and not a chance meeting of ragged
lines: of the lines around its full lines (a line pitch above or below, from the same left)
at least half reach its right and none runs past it. Lines beside a drop cap make a column of
their own. A line belongs to a column if it starts at its left, or one em in (a paragraph's
first line), and does not overrun it; it reaches the edge if it ends at the column's right
within EDGE_TOLERANCE. A justified line reaches the edge and has at least two words; a line
that ends short is a paragraph's last line; lines in no column are ragged copy (listings, an
editorial set ragged) and are counted, not measured.

Word space. Each glyph is taken as its advance box: from its origin to its origin plus its
advance, read from the EB Garamond font files (PDFium's "loose" box is the advance box joined
to the ink's, so an f or an italic letter, whose ink overhangs its advance, would look wider
than it is set). Words are split at space characters (those in the PDF and those PDFium
synthesises where the PDF draws none) and, should neither be there, wherever two advance
boxes are more than half a natural space apart. A gap runs from the previous word's last
advance to the next word's origin, so it includes the space's own advance whether or not a
space glyph was drawn. The natural word space is EB Garamond Regular's space advance (from
the font file) at BODY_SIZE; a line's ratio is its mean gap over that. A line set with
natural spaces measures 1.0 (tests/test_typography_benchmark.py).

Reported:
- justified lines: count; shares above 1.5x and 2x and below 0.8x; median ratio; lines above
  3x; the worst line (page, text, number of gaps);
- hyphenated line ends: the share, among body lines that reach the edge (lines that are not a
  paragraph's last), of those whose last glyph is a hyphen after a letter; ladders (LADDER or
  more consecutive hyphenated lines in a column); suspicious hyphenations: a break chosen by
  the hyphenator in a capitalised word (not at a sentence start), an all-capitals word or one
  with digits, and any break inside an e-mail address or URL;
- rivers: word gaps on successive lines of a column whose x-ranges overlap by more than half
  the narrower gap, counted as chains through RIVER_LINES or more lines;
- per page, the empty space at the foot of each column: from the column's lowest baseline
  down to the page's lowest body baseline, for columns with nothing below them (columns that
  stop above a picture, an advertisement, a rule or another story are left out);
- the number of body lines, to compare line counts before and after a change.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import math
import re
import statistics
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
BODY_FONT_FILES = {style: ROOT / "fonts" / f"EBGaramond12-{style.title()}.otf"
                   for style in ("regular", "italic", "bold")}
BODY_FONT_NAME = re.compile(r"garamond", re.IGNORECASE)
BODY_SIZE = 9.6  # pt
SIZE_TOLERANCE = 0.15  # pt
BODY_SHARE = 0.8  # of a line's glyphs in the body font and size, for it to be body copy
SAME_LINE = 4.0  # pt: glyphs whose baselines differ by less share a line (superscripts do)
INDENT = BODY_SIZE  # a paragraph's first line is indented by one em
EDGE_TOLERANCE = 0.6  # pt: a line reaches a column edge within this
# Justified lines end within a few hundredths of a point of each other; ragged lines that
# happen to end together rarely match so closely.
COLUMN_PRECISION = 0.15  # pt
MIN_COLUMN_LINES = 2  # lines on a page that must share a (left, right) pair to make a column
MIN_COLUMN_WIDTH = 6 * BODY_SIZE
SPACES = {" ", "\u00a0"}
# "\x02" is what PDFium reports for a hyphen-minus it finds at the end of a line.
HYPHENS = {"-", "\x02", "\u2010", "\u00ad"}
TEXT_HYPHENS = {"-", "\x02"}  # U+002D: the text's own hyphen, not one the hyphenator added
OPENERS = "“‘\"'(["  # a word starting with one of these opens a quotation or an aside
SENTENCE_ENDS = (".", "!", "?", ".”", "!”", "?”", ".’", "!’", "?’")
LOOSE, VERY_LOOSE, TIGHT, EXTREME = 1.5, 2.0, 0.8, 3.0
LADDER = 3  # consecutive hyphenated line ends
RIVER_LINES = 4  # lines a chain of overlapping gaps must run through to count as a river


# --- reading the PDF -------------------------------------------------------------------------

@dataclass(frozen=True)
class Glyph:
    """One character as drawn, with its advance box in pt (page coordinates, y up)."""

    char: str
    left: float
    right: float
    baseline: float
    font: str  # base font name without the subset prefix, e.g. "EB-Garamond-Italic"
    size: float  # effective size in pt; 0 for characters PDFium synthesised

    @property
    def is_space(self) -> bool:
        return self.char in SPACES

    @property
    def is_body(self) -> bool:
        return bool(BODY_FONT_NAME.search(self.font)) and abs(self.size - BODY_SIZE) <= SIZE_TOLERANCE


def read_glyphs(textpage) -> list[Glyph]:
    """The page's characters in content-stream order, without PDFium's line breaks, each with
    its advance box: from its origin to its origin plus its advance.

    PDFium's loose box is the advance box joined to the ink's, so a glyph whose ink overhangs
    its advance (an f, most italics) would look wider than it is set; the advance is taken
    from the body font files instead (advance_end).
    """
    glyphs = []
    for index in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
        generated = pdfium_c.FPDFText_IsGenerated(textpage, index)
        if generated and char in "\r\n":
            continue
        box = pdfium_c.FS_RECTF()
        pdfium_c.FPDFText_GetLooseCharBox(textpage, index, ctypes.byref(box))
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
        font, size = ("", 0.0) if generated else _font_of(textpage, index)
        right = advance_end(char, font, size, x.value, box.right)
        glyphs.append(Glyph(char, x.value, right, y.value, font, size))
    return glyphs


def advance_end(char: str, font: str, size: float, origin: float, loose_right: float) -> float:
    """Where the glyph's advance ends: its origin plus its advance in the matching body font
    file, or PDFium's loose right, whichever is less. The loose right is right where the ink
    stays inside the advance, and is where PDFium ends the last character of a ligature
    (which it splits into characters of its own: fi, ft), whose own advance would run long."""
    advances = body_font_advances(body_style(font)) if font else {}
    if char not in advances:
        return loose_right
    return min(loose_right, origin + advances[char] * size)


def body_style(font: str) -> str | None:
    """Which body font file a PDF font name stands for ("EB-Garamond-Italic" -> "italic")."""
    if not BODY_FONT_NAME.search(font):
        return None
    words = set(re.split(r"[^a-z]+", font.lower()))
    italic = bool(words & {"italic", "oblique"})
    bold = bool(words & {"bold", "heavy", "black", "semi", "demi", "extra", "ultra"})
    return None if italic and bold else "italic" if italic else "bold" if bold else "regular"


@cache
def body_font_advances(style: str | None) -> dict[str, float]:
    """Character -> advance in em, from the body font file of that style ({} if none)."""
    if style not in BODY_FONT_FILES:
        return {}
    font = TTFont(BODY_FONT_FILES[style])
    widths, units = font["hmtx"], font["head"].unitsPerEm
    return {chr(code): widths[glyph][0] / units for code, glyph in font.getBestCmap().items()}


def _font_of(textpage, index: int) -> tuple[str, float]:
    """Base font name and effective size (font size times the character matrix's scale)."""
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(flags))
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix))
    scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
    size = pdfium_c.FPDFText_GetFontSize(textpage, index) * scale
    return name.value.decode("utf-8", "replace").split("+")[-1], size


def obstacles(page) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of everything drawn at the page's top level (text, paths,
    pictures, embedded advertisements)."""
    return [tuple(item.get_bounds()) for item in page.get_objects(max_depth=0)]


# --- lines and words -------------------------------------------------------------------------

@dataclass
class Line:
    """A run of glyphs on one baseline, in stream order, without leading or trailing spaces."""

    page: int  # 1-based
    glyphs: list[Glyph]

    @cached_property
    def ink(self) -> list[Glyph]:
        return [glyph for glyph in self.glyphs if not glyph.is_space]

    @property
    def left(self) -> float:
        return self.glyphs[0].left

    @property
    def right(self) -> float:
        return self.glyphs[-1].right

    @cached_property
    def baseline(self) -> float:
        return statistics.median(glyph.baseline for glyph in self.ink)

    @cached_property
    def text(self) -> str:
        return "".join(" " if glyph.is_space else "-" if glyph.char == "\x02" else glyph.char
                       for glyph in self.glyphs)

    @property
    def is_body(self) -> bool:
        return sum(glyph.is_body for glyph in self.ink) >= BODY_SHARE * len(self.ink)


def group_lines(glyphs: list[Glyph], page: int) -> list[Line]:
    """Join glyphs into lines: a new line where the baseline moves or the text steps back."""
    runs: list[list[Glyph]] = []
    for glyph in glyphs:
        if runs and _continues(runs[-1], glyph):
            runs[-1].append(glyph)
        else:
            runs.append([glyph])
    trimmed = [_strip_spaces(run) for run in runs]
    return [Line(page, run) for run in trimmed if run]


def _continues(run: list[Glyph], glyph: Glyph) -> bool:
    ink = [previous for previous in run if not previous.is_space] or run
    if abs(ink[0].baseline - glyph.baseline) >= SAME_LINE:
        return False
    return glyph.is_space or glyph.left >= ink[-1].right - INDENT


def _strip_spaces(run: list[Glyph]) -> list[Glyph]:
    ink = [index for index, glyph in enumerate(run) if not glyph.is_space]
    return run[ink[0]:ink[-1] + 1] if ink else []


def words(line: Line, natural_space: float) -> list[list[Glyph]]:
    """The line's words: glyphs between spaces, or between advance boxes half a space apart."""
    result: list[list[Glyph]] = [[]]
    for glyph in line.glyphs:
        if glyph.is_space:
            result.append([])
        elif result[-1] and glyph.left - result[-1][-1].right > natural_space / 2:
            result.append([glyph])
        else:
            result[-1].append(glyph)
    return [word for word in result if word]


def word_gaps(line: Line, natural_space: float) -> list[tuple[float, float]]:
    """(left, right) of each space between words: previous word's last glyph to next's first."""
    line_words = words(line, natural_space)
    return [(before[-1].right, after[0].left) for before, after in zip(line_words, line_words[1:])]


def line_pitch(lines: list[Line]) -> float:
    """The commonest distance between successive baselines of lines starting at one left edge."""
    by_left: dict[int, list[float]] = {}
    for line in lines:
        by_left.setdefault(round(line.left), []).append(line.baseline)
    steps = []
    for baselines in by_left.values():
        baselines.sort()
        steps += [round(upper - lower, 1) for lower, upper in zip(baselines, baselines[1:])
                  if upper - lower > SAME_LINE]
    return statistics.mode(steps) if steps else 1.2 * BODY_SIZE


# --- columns ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    left: float
    right: float

    def starts(self, line: Line) -> bool:
        """The line starts at the column's left, or one em in."""
        return (abs(line.left - self.left) <= EDGE_TOLERANCE
                or abs(line.left - self.left - INDENT) <= EDGE_TOLERANCE)

    def holds(self, line: Line) -> bool:
        return self.starts(line) and line.right <= self.right + EDGE_TOLERANCE

    def reaches_right(self, line: Line) -> bool:
        return abs(line.right - self.right) <= EDGE_TOLERANCE

    def inset_in(self, other: Column) -> bool:
        """Shares the other's right edge but starts further in (lines beside a drop cap)."""
        return other.left < self.left - EDGE_TOLERANCE and abs(self.right - other.right) <= EDGE_TOLERANCE

    def under(self, box: tuple[float, float, float, float]) -> bool:
        """The box spans more than half the column's width."""
        shared = min(box[2], self.right) - max(box[0], self.left)
        return shared > 0.5 * (self.right - self.left)


def infer_columns(lines: list[Line], pitch: float) -> list[Column]:
    """The (left, right) pairs of full lines, less chance coincidences of ragged lines."""
    candidates = [Column(statistics.median(line.left for line in cluster),
                         statistics.median(line.right for line in cluster))
                  for cluster in _edge_clusters(lines) if len(cluster) >= MIN_COLUMN_LINES]
    return [column for column in candidates
            if column.right - column.left >= MIN_COLUMN_WIDTH
            and not _is_indent_of_another(column, candidates)
            and not _looks_ragged(column, lines, pitch)]


def _edge_clusters(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped by (left, right), each within COLUMN_PRECISION of its group's first."""
    clusters: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: (line.left, line.right)):
        for cluster in clusters:
            if (abs(cluster[0].left - line.left) <= COLUMN_PRECISION
                    and abs(cluster[0].right - line.right) <= COLUMN_PRECISION):
                cluster.append(line)
                break
        else:
            clusters.append([line])
    return clusters


def _is_indent_of_another(column: Column, columns: list[Column]) -> bool:
    return any(abs(column.left - other.left - INDENT) <= EDGE_TOLERANCE
               and abs(column.right - other.right) <= EDGE_TOLERANCE for other in columns)


def _looks_ragged(column: Column, lines: list[Line], pitch: float) -> bool:
    """The column's full lines are ragged lines that happened to end together: of the lines
    around them (a pitch above or below, from the same left) fewer than half reach its right,
    or one runs past it."""
    starting = [line for line in lines if column.starts(line)]
    full = [line.baseline for line in starting if column.reaches_right(line)]
    around = [line for line in starting
              if any(abs(line.baseline - baseline) < 1.5 * pitch for baseline in full)]
    overrun = any(line.right > column.right + EDGE_TOLERANCE for line in around)
    return overrun or len(full) < 0.5 * len(around)


def column_of(line: Line, columns: list[Column]) -> Column | None:
    """The column whose right edge the line reaches, else the narrowest one that holds it."""
    holding = [column for column in columns if column.holds(line)]
    reached = [column for column in holding if column.reaches_right(line)]
    candidates = reached or holding
    return min(candidates, key=lambda column: column.right - column.left) if candidates else None


# --- a measured page -------------------------------------------------------------------------

@dataclass
class BodyLine:
    """A body line placed in its column (None if no column holds it), its word gaps measured."""

    line: Line
    column: Column | None
    gaps: list[tuple[float, float]]
    natural_space: float

    @property
    def page(self) -> int:
        return self.line.page

    @property
    def full(self) -> bool:
        """Reaches the column's right edge: not a paragraph's last line."""
        return self.column is not None and self.column.reaches_right(self.line)

    @property
    def justified(self) -> bool:
        return self.full and len(self.gaps) >= 1

    @property
    def ratio(self) -> float:
        return statistics.fmean(right - left for left, right in self.gaps) / self.natural_space

    @property
    def hyphen(self) -> str | None:
        """The hyphen character the line ends in, if it follows a letter."""
        ink = self.line.ink
        if len(ink) >= 2 and ink[-1].char in HYPHENS and ink[-2].char.isalpha():
            return ink[-1].char
        return None


@dataclass
class Page:
    number: int  # 1-based
    lines: list[BodyLine]
    columns: list[Column]
    pitch: float
    obstacles: list[tuple[float, float, float, float]]

    def column_runs(self) -> list[list[BodyLine]]:
        """Runs of successive lines (one pitch apart, give or take half) in each column."""
        runs = []
        for column in self.columns:
            members = sorted((line for line in self.lines if line.column == column),
                             key=lambda line: -line.line.baseline)
            run: list[BodyLine] = []
            for line in members:
                step = run[-1].line.baseline - line.line.baseline if run else self.pitch
                if not 0.5 * self.pitch < step < 1.5 * self.pitch:
                    runs.append(run)
                    run = []
                run.append(line)
            runs.append(run)
        return [run for run in runs if run]


def measure_page(page, number: int, natural_space: float) -> Page:
    """Read one page: its body lines, columns, line pitch and top-level objects."""
    textpage = page.get_textpage()
    try:
        lines = [line for line in group_lines(read_glyphs(textpage), number) if line.is_body]
    finally:
        textpage.close()
    pitch = line_pitch(lines)
    columns = infer_columns(lines, pitch)
    body = [BodyLine(line, column_of(line, columns), word_gaps(line, natural_space), natural_space)
            for line in lines]
    return Page(number, body, columns, pitch, obstacles(page))


def natural_word_space() -> float:
    """EB Garamond Regular's space advance at the body size, in pt."""
    return body_font_advances("regular")[" "] * BODY_SIZE


def read_pages(pdf_path: Path | str, pages: list[int] | None = None) -> list[Page]:
    """The chosen pages (1-based numbers; all if None), measured."""
    space = natural_word_space()
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        numbers = pages or range(1, len(document) + 1)
        missing = [number for number in numbers if not 1 <= number <= len(document)]
        if missing:
            raise ValueError(f"{pdf_path} has {len(document)} pages, not page {missing[0]}")
        measured = []
        for number in numbers:
            page = document[number - 1]
            measured.append(measure_page(page, number, space))
            page.close()
        return measured
    finally:
        document.close()


# --- the figures -----------------------------------------------------------------------------

def line_counts(lines: list[BodyLine]) -> dict:
    return {
        "total": len(lines),
        "justified": sum(line.justified for line in lines),
        "full_single_word": sum(line.full and not line.gaps for line in lines),
        "short": sum(line.column is not None and not line.full for line in lines),
        "outside_columns": sum(line.column is None for line in lines),
    }


def spacing_figures(lines: list[BodyLine]) -> dict:
    """Word space of the justified lines against the natural space."""
    justified = sorted((line for line in lines if line.justified), key=lambda line: -line.ratio)
    if not justified:
        return {"count": 0}
    ratios = [line.ratio for line in justified]
    return {
        "count": len(justified),
        "share_above_1_5": _share(ratios, lambda ratio: ratio > LOOSE),
        "share_above_2_0": _share(ratios, lambda ratio: ratio > VERY_LOOSE),
        "share_below_0_8": _share(ratios, lambda ratio: ratio < TIGHT),
        "median_ratio": round(statistics.median(ratios), 3),
        "mean_ratio": round(statistics.fmean(ratios), 3),
        "lines_above_3_0": sum(ratio > EXTREME for ratio in ratios),
        "worst": _describe(justified[0]),
        "loosest": [_describe(line) for line in justified[:10]],
        "above_3_0": [_describe(line) for line in justified if line.ratio > EXTREME],  # for the editor
    }


def _share(values: list[float], test) -> float:
    return round(sum(1 for value in values if test(value)) / len(values), 4) if values else 0.0


def _describe(line: BodyLine) -> dict:
    return {"page": line.page, "ratio": round(line.ratio, 3), "gaps": len(line.gaps),
            "single_gap": len(line.gaps) == 1, "text": line.line.text,
            "left": round(line.line.left, 1), "baseline": round(line.line.baseline, 1)}


def hyphenation_figures(pages: list[Page]) -> dict:
    """Hyphenated ends among lines that reach the edge; ladders; doubtful breaks."""
    every_line = [line for page in pages for line in page.lines]
    full = [line for line in every_line if line.full]
    hyphenated = [line for line in full if line.hyphen]
    ladders, suspicious = [], []
    for page in pages:
        for run in page.column_runs():
            ladders += _ladders(run)
            suspicious += _suspicious_breaks(run)
    return {
        "lines_reaching_edge": len(full),
        "hyphenated": len(hyphenated),
        "share": round(len(hyphenated) / len(full), 4) if full else 0.0,
        "share_of_all_body_lines": round(len(hyphenated) / len(every_line), 4) if every_line else 0.0,
        "at_text_hyphen": sum(line.hyphen in TEXT_HYPHENS for line in hyphenated),
        "ladders": len(ladders),
        "longest_ladder": max((len(ladder) for ladder in ladders), default=0),
        "ladder_places": [{"page": ladder[0].page, "lines": len(ladder),
                           "first": ladder[0].line.text} for ladder in ladders],
        "suspicious": suspicious,
    }


def _ladders(run: list[BodyLine]) -> list[list[BodyLine]]:
    ladders, current = [], []
    for line in run + [None]:
        if line is not None and line.full and line.hyphen:
            current.append(line)
            continue
        if len(current) >= LADDER:
            ladders.append(current)
        current = []
    return ladders


def _suspicious_breaks(run: list[BodyLine]) -> list[dict]:
    found = []
    for index, line in enumerate(run):
        if not (line.full and line.hyphen):
            continue
        previous_line = run[index - 1].line.text if index else ""
        next_line = run[index + 1].line.text if index + 1 < len(run) else ""
        head = line.line.text.rsplit(" ", 1)[-1][:-1]
        tail = next_line.split(" ", 1)[0]
        reasons = _doubts(line, head, tail, previous_line)
        if reasons:
            found.append({"page": line.page, "word": f"{head}-{tail}", "reasons": reasons,
                          "line": line.line.text})
    return found


def _doubts(line: BodyLine, head: str, tail: str, previous_line: str) -> list[str]:
    """Why breaking the line's last word (head-tail) is doubtful: an address, or, for a break
    the hyphenator chose, a proper noun, capitals or figures in the part it broke."""
    word = head + tail
    reasons = []
    if re.search(r"[@/]|www\.", word, re.IGNORECASE):
        reasons.append("e-mail or URL")
    if line.hyphen in TEXT_HYPHENS:
        return reasons
    broken = re.split(r"[-\u2010]", head)[-1].lstrip(OPENERS) + tail  # "2,500-sig" -> "signature"
    letters = [char for char in broken if char.isalpha()]
    if len(letters) >= 2 and all(char.isupper() for char in letters):
        reasons.append("all capitals")
    elif broken[:1].isupper() and not _starts_sentence(line.line.text, previous_line):
        reasons.append("capitalised")
    if any(char.isdigit() for char in broken):
        reasons.append("number")
    return reasons


def _starts_sentence(line_text: str, previous_line: str) -> bool:
    """The line's last word opens a sentence (or a quotation), so a capital says nothing."""
    line_words = line_text.split(" ")
    if line_words[-1][:1] in OPENERS:
        return True
    preceding = line_words[-2] if len(line_words) > 1 else previous_line.rsplit(" ", 1)[-1]
    return not preceding or preceding.endswith(SENTENCE_ENDS)


def river_figures(pages: list[Page]) -> dict:
    """Chains of word gaps overlapping by more than half on successive lines of a column."""
    rivers = []
    for page in pages:
        for run in page.column_runs():
            rivers += [{"page": page.number, "lines": length, "x": round(x, 1), "top": round(top, 1)}
                       for length, x, top in _rivers_in(run)]
    return {"count": len(rivers), "min_lines": RIVER_LINES, "places": rivers}


def _rivers_in(run: list[BodyLine]) -> list[tuple[int, float, float]]:
    """(lines, x, top baseline) of each chain through RIVER_LINES lines or more, counted once,
    at the gap where it ends."""
    chains: list[list[tuple[int, float, float]]] = []  # per line, per gap: longest chain to it
    for row, line in enumerate(run):
        above = list(zip(run[row - 1].gaps, chains[row - 1])) if row else []
        chains.append([_longest_chain_to(gap, line, above) for gap in line.gaps])
    ends = []
    for row, line in enumerate(run):
        below = list(zip(run[row + 1].gaps, chains[row + 1])) if row + 1 < len(run) else []
        for gap, chain in zip(line.gaps, chains[row]):
            continued = any(_overlap(gap, other) and later[0] > chain[0] for other, later in below)
            if chain[0] >= RIVER_LINES and not continued:
                ends.append(chain)
    return ends


def _longest_chain_to(gap, line: BodyLine, above: list) -> tuple[int, float, float]:
    length, x, top = max((chain for other, chain in above if _overlap(gap, other)),
                         default=(0, gap[0], line.line.baseline))
    return length + 1, x, top


def _overlap(gap: tuple[float, float], other: tuple[float, float]) -> bool:
    shared = min(gap[1], other[1]) - max(gap[0], other[0])
    return shared > 0.5 * min(gap[1] - gap[0], other[1] - other[0])


def foot_space(page: Page) -> dict:
    """How far each open column's lowest baseline sits above the page's lowest body baseline
    (pt). A column is open if nothing is drawn below it down to that baseline; columns set
    inside another (beside a drop cap) are part of it."""
    placed = [line for line in page.lines if line.column is not None]
    columns = [column for column in page.columns
               if not any(column.inset_in(other) for other in page.columns)]
    floor = min((line.line.baseline for line in placed), default=0.0)
    feet = []
    for column in columns:
        baselines = [line.line.baseline for line in placed if line.column == column]
        if not baselines:  # its lines all belong to a column set inside it
            continue
        foot = min(baselines)
        if not any(column.under(box) and floor < box[3] < foot - SAME_LINE for box in page.obstacles):
            feet.append(foot - floor)
    figures = {"columns": len(columns), "open": len(feet)}
    if feet:
        figures |= {"median": round(statistics.median(feet), 1), "max": round(max(feet), 1)}
    return figures


def measure(pdf_path: Path | str, pages: list[int] | None = None) -> dict:
    """All the figures for a PDF (pages: 1-based numbers, all if None), as a JSON-ready dict."""
    read = read_pages(pdf_path, pages)
    every_line = [line for page in read for line in page.lines]
    return {
        "pdf": str(pdf_path),
        "pages": [page.number for page in read],
        "natural_space_pt": round(natural_word_space(), 3),
        "line_pitch_pt": statistics.mode([page.pitch for page in read]) if read else None,
        "body_lines": line_counts(every_line),
        "spacing": spacing_figures(every_line),
        "hyphenation": hyphenation_figures(read),
        "rivers": river_figures(read),
        "foot_space": {page.number: foot_space(page) for page in read},
    }


# --- the command -----------------------------------------------------------------------------

def format_report(figures: dict) -> str:
    """The figures as a short text report."""
    return "\n".join([*_summary_lines(figures), *_spacing_lines(figures["spacing"]),
                      *_hyphenation_lines(figures["hyphenation"]),
                      f"rivers ({RIVER_LINES}+ lines): {figures['rivers']['count']}",
                      *_foot_lines(figures["foot_space"])])


def _summary_lines(figures: dict) -> list[str]:
    counts = figures["body_lines"]
    return [f"{figures['pdf']}: pages {_page_span(figures['pages'])}",
            f"natural word space {figures['natural_space_pt']} pt, line pitch {figures['line_pitch_pt']} pt",
            f"body lines: {counts['total']} (justified {counts['justified']}, one word to the edge "
            f"{counts['full_single_word']}, ending short {counts['short']}, "
            f"in no column {counts['outside_columns']})"]


def _spacing_lines(spacing: dict) -> list[str]:
    if not spacing["count"]:
        return ["justified lines: none"]
    worst = spacing["worst"]
    gaps = "one gap" if worst["single_gap"] else f"{worst['gaps']} gaps"
    shares = (f"> 1.5x {_pct(spacing['share_above_1_5'])}   > 2.0x {_pct(spacing['share_above_2_0'])}"
              f"   < 0.8x {_pct(spacing['share_below_0_8'])}")
    return [f"justified lines: {spacing['count']}",
            f"  word space / natural: median {spacing['median_ratio']:.2f}x,"
            f" mean {spacing['mean_ratio']:.2f}x",
            f"  {shares}   > 3.0x: {spacing['lines_above_3_0']} lines",
            f"  worst {worst['ratio']:.2f}x on page {worst['page']} ({gaps}): {worst['text']!r}"]


def _hyphenation_lines(hyphens: dict) -> list[str]:
    out = [f"hyphenated line ends: {_pct(hyphens['share'])} of the {hyphens['lines_reaching_edge']}"
           f" lines reaching the edge ({_pct(hyphens['share_of_all_body_lines'])} of all body lines);"
           f" {hyphens['at_text_hyphen']} of the {hyphens['hyphenated']} at a hyphen in the text",
           f"  ladders of {LADDER}+: {hyphens['ladders']} (longest {hyphens['longest_ladder']})",
           f"  suspicious: {len(hyphens['suspicious'])}"]
    by_page: dict[int, list[str]] = {}
    for entry in hyphens["suspicious"]:
        by_page.setdefault(entry["page"], []).append(f"{entry['word']} ({', '.join(entry['reasons'])})")
    return out + [f"    p{page}: " + "; ".join(entries) for page, entries in by_page.items()]


def _foot_lines(feet: dict) -> list[str]:
    out = ["empty foot of open columns, above the page's lowest body baseline (pt):",
           "  page  columns  open  median     max"]
    for page, foot in feet.items():
        if foot["columns"]:
            median, most = (foot["median"], foot["max"]) if foot["open"] else ("-", "-")
            out.append(f"  {page:>4} {foot['columns']:>8} {foot['open']:>5} {median:>7} {most:>7}")
    return out


def _pct(share: float) -> str:
    return f"{100 * share:.1f}%"


def _page_span(pages: list[int]) -> str:
    if len(pages) > 1 and pages == list(range(pages[0], pages[-1] + 1)):
        return f"{pages[0]}-{pages[-1]}"
    return ",".join(map(str, pages)) or "none"


def parse_pages(spec: str) -> list[int]:
    """'2-5,8' -> [2, 3, 4, 5, 8] (1-based page numbers)."""
    pages = []
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        pages += range(int(first), int(last or first) + 1)
    return pages


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--pages", type=parse_pages, help="1-based pages, e.g. 2-5 or 1,3,5-7")
    arguments = parser.parse_args(argv)
    try:
        figures = measure(arguments.pdf, arguments.pages)
    except ValueError as error:
        parser.error(str(error))
    print(json.dumps(figures, indent=2, ensure_ascii=False) if arguments.json else format_report(figures))


if __name__ == "__main__":
    main()
