"""A paragraph composer: total-fit line breaking (Knuth and Plass), in plain Python.

A browser breaks a paragraph one line at a time: as many words as fit, then the next line
("first fit"). A line that happens to end just before a long word is left with wide gaps,
and nothing is done about it. The paragraph composer of TeX (Knuth and Plass, "Breaking
Paragraphs into Lines", 1981) looks at the whole paragraph at once and picks, among all the
ways of breaking it, the one whose lines are most even. This module is that algorithm and
nothing else: it knows no fonts, no HTML and no WeasyPrint. The caller measures the words
(in points, CSS px, any unit, as long as it is the same everywhere) and gets the breaks back.

The model
---------
A paragraph is a list of *items*:

- a ``Box`` is something printed whose width is fixed: a word, or a fragment of a word
  where it may be hyphenated;
- a ``Glue`` is a space between words: a natural ``width`` that may grow by up to
  ``stretch`` or shrink by up to ``shrink`` when the line is justified;
- a ``Penalty`` is a place where the line may break, at a ``cost``. A hyphenation point is a
  penalty with the hyphen's width (printed only if the line breaks there) and
  ``flagged=True``; a cost of ``FORCED_BREAK`` (minus infinity) must break, ``NO_BREAK``
  (plus infinity) never does.

A line may break at a penalty (not ``NO_BREAK``) or at a glue that follows a box; the glue
at a break disappears, and so do the glues and penalties at the start of the next line.
``items_for()`` builds the items from a list of words. A paragraph ends as in TeX:
``Penalty(0, NO_BREAK)``, a ``Glue(0, inf, 0)`` that fills the last line, and a forced break.

Judging one line
----------------
- The *adjustment ratio* r says how much the word spaces of a justified line are stretched
  (r > 0, as a multiple of their total stretch) or shrunk (r < 0, of their shrink). With the
  defaults of ``items_for()`` a space is 100% of its width at r = 0, 150% at r = 1 and 80%
  at r = -1. Shrinking beyond r = -1 is never allowed (the line is *overfull*); stretching
  beyond r = 1 is allowed, at a rising price, so that every paragraph can be set.
- The *badness* of a line is 100 * |r|**3: 0 for a perfect line, 12.5 at r = 0.5, 100 at
  r = 1, 800 at r = 2.
- Lines fall into four *fitness classes*: tight (r < -0.5), decent (up to 0.5), loose (up to
  1) and very loose (beyond 1). A tight line next to a loose one looks worse than two loose
  lines, so two neighbouring lines whose classes are not adjacent cost extra.
- Optional *tracking* (letter-spacing) shares every adjustment with the word spaces, as a
  newspaper's composer does: at ratio r each character is spaced by r times ``tracking``
  (in width units; negative r squeezes the letters as it shrinks the spaces). A line's
  letters, 35 of them to 6 spaces in a newspaper column, so take up much of a shortfall
  that the spaces alone would show as wide gaps. Beyond r = +-1 the letters stay at their
  limit and the spaces alone go on stretching (r is then theirs).

Judging a paragraph
-------------------
Each line costs *demerits*: (line_penalty + badness)**2, plus the square of the cost of the
penalty it breaks at (minus it, for a negative cost; a hyphen's cost is ``items_for()``'s
``hyphen_penalty``), plus ``double_hyphen_demerits`` if it
and the line before both end with a hyphen, plus ``fitness_demerits`` if its fitness class is
not next to that of the line before. The best paragraph is the one with the fewest total
demerits, and never more than ``max_consecutive_hyphens`` hyphenated lines in a row.

Finding it
----------
The best way of setting the paragraph up to a break only depends on the best ways up to the
breaks before it, so the algorithm walks the items once, keeping a list of *active nodes*:
breaks already reached from which a line could still end at the current item. At each
possible break it tries a line from every active node; each *feasible* line (ratio within
[-1, ``tolerance``]) gives a candidate node, and for each state that matters later (line
number while line widths still vary, fitness class, hyphenated lines in a row) only the
cheapest candidate is kept. An active node from which the line has become too long (ratio
below -1) can never end a line again and is dropped, so the list stays short and the work
grows linearly with the length of the paragraph. At the end, the cheapest node at the last
(forced) break is followed back to the start.

If no way of setting the paragraph is feasible, it is set again (a second pass, like TeX's
emergency pass) with no limit on stretching; a word wider than the line then gets a line of
its own, reported as overfull. So ``compose()`` always returns breaks.

``first_fit()`` breaks the same items the way a browser does, for comparison.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from functools import lru_cache

FORCED_BREAK = -math.inf  # a penalty with this cost must break the line
NO_BREAK = math.inf  # a penalty with this cost forbids a break
PENALTY_LIMIT = 10_000  # as in TeX, a cost at or beyond +-10000 counts as +-infinity
BADNESS_CAP = 1_000_000  # badness of a line with no spaces to stretch (or beyond ratio 21)
EPSILON = 1e-9  # rounding slack when comparing widths and ratios
EXPLICIT_HYPHENS = ("-", "\u2010")  # a word broken after these gets no added hyphen
URL_MARKS = ("@", "://", "www.", "/")


# --- The items ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Box:
    """Something printed at a fixed width: a word or a fragment of a word."""

    width: float
    text: str = ""


@dataclass(frozen=True, slots=True)
class Glue:
    """A word space: ``width`` at its natural size, ``stretch`` more or ``shrink`` less at
    most (when justified). ``stretch`` may be ``math.inf`` (fills the last line)."""

    width: float
    stretch: float
    shrink: float


@dataclass(frozen=True, slots=True)
class Penalty:
    """A place where a line may break, at ``cost``. ``width`` is printed only if the line
    breaks here (a hyphen); ``flagged`` marks hyphenation points."""

    width: float
    cost: float
    flagged: bool = False

    @property
    def forced(self) -> bool:
        return self.cost <= -PENALTY_LIMIT

    @property
    def allows_break(self) -> bool:
        return self.cost < PENALTY_LIMIT


Item = Box | Glue | Penalty


def items_for(words: Iterable[str], space_width: float, *, measure: Callable[[str], float],
              hyphenate: Callable[[str], Sequence[int]] | None = None, stretch: float = 0.5,
              shrink: float = 0.2, hyphen_penalty: float = 50) -> list[Item]:
    """The items of a paragraph of ``words``, ready for ``compose()``.

    ``measure(text)`` gives a text's width; words are separated by glue of ``space_width``
    that may stretch by ``stretch * space_width`` and shrink by ``shrink * space_width``
    (defaults: to 150% at ratio 1, to 80% at most). ``hyphenate(word)`` gives the positions
    where a word may break ("newspaper" -> [4, 6] is news-pa-per), e.g.
    ``lambda word: hyphenation_points(word, english_dictionary())``; the word becomes boxes
    of its fragments with a flagged penalty of cost ``hyphen_penalty`` between them, as wide
    as ``measure("-")``, or 0 after a hyphen the word already has (well-known). Fragment
    widths are differences of measured prefixes, so an unbroken word keeps its own width.
    """
    hyphen_width = measure("-") if hyphenate else 0.0
    items: list[Item] = []
    for word in words:
        if not word:
            continue
        if items:
            items.append(Glue(space_width, stretch * space_width, shrink * space_width))
        positions = hyphenate(word) if hyphenate else ()
        items.extend(word_items(word, positions, measure, hyphen_width, hyphen_penalty))
    items += [Penalty(0.0, NO_BREAK), Glue(0.0, math.inf, 0.0), Penalty(0.0, FORCED_BREAK)]
    return items


def word_items(word, positions, measure, hyphen_width, hyphen_penalty) -> list[Item]:
    """A word's items: its fragments between the ``positions`` it may break at, as boxes,
    with a flagged penalty between them (a hyphen ``hyphen_width`` wide, none after a
    hyphen the word has)."""
    cuts = [0, *sorted({p for p in positions if 0 < p < len(word)}), len(word)]
    items: list[Item] = []
    width_before = 0.0
    for start, end in zip(cuts, cuts[1:]):
        if start:
            width = 0.0 if word[start - 1] in EXPLICIT_HYPHENS else hyphen_width
            items.append(Penalty(width, hyphen_penalty, flagged=True))
        width_through = measure(word[:end])
        items.append(Box(width_through - width_before, word[start:end]))
        width_before = width_through
    return items


# --- Hyphenation rules -------------------------------------------------------------------

@lru_cache(maxsize=None)
def english_dictionary(lang: str = "en_GB"):
    """pyphen's hyphenation dictionary for ``lang`` (loaded once)."""
    import pyphen

    return pyphen.Pyphen(lang=lang)


def hyphenation_points(word: str, dictionary, *, capitalised: bool = False,
                       min_left: int = 2, min_right: int = 3) -> list[int]:
    """Where ``word`` may be hyphenated, as positions in ``word`` (for ``items_for()``).

    None ([]) in e-mail addresses and URLs, in anything with a digit, in words in capitals
    and, unless ``capitalised``, in words with a capital initial (names). A word that has
    hyphens breaks only after them. Otherwise ``dictionary`` (a ``pyphen.Pyphen``) is asked
    about the word without its surrounding punctuation, keeping ``min_left`` letters before
    the first break and ``min_right`` after the last (pyphen's own limits also apply).
    """
    if any(mark in word for mark in URL_MARKS) or any(c.isdigit() for c in word):
        return []
    lead = 0
    while lead < len(word) and not word[lead].isalpha():
        lead += 1
    end = len(word)
    while end > lead and not word[end - 1].isalpha():
        end -= 1
    core = word[lead:end]
    if not core or core.isupper() or (core[0].isupper() and not capitalised):
        return []
    if any(hyphen in core for hyphen in EXPLICIT_HYPHENS):
        return [lead + i + 1 for i, c in enumerate(core[:-1]) if c in EXPLICIT_HYPHENS and i > 0]
    return [lead + p for p in dictionary.positions(core)
            if p >= min_left and len(core) - p >= min_right]


# --- The result --------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Line:
    """One line of a composed paragraph.

    Its content is ``items[start:end]``; ``items[end]`` is the break: a glue (dropped) or a
    penalty (whose width, a hyphen, ends the line). ``ratio`` is the word spaces' adjustment
    ratio and ``tracking`` the letter-spacing added to each character (negative when
    tightened), both to be applied so the line is exactly ``width``; ``ratio`` is infinite
    for a line short of its width with no word space to stretch (set it flush left). An
    ``overfull`` line is too long even at ratio -1 and the most tracking: it is set at that
    and sticks out.
    """

    start: int
    end: int
    width: float
    natural_width: float
    ratio: float
    tracking: float
    hyphenated: bool
    overfull: bool
    badness: float


@dataclass(frozen=True)
class Composition:
    """The lines a paragraph was broken into. ``passes``: 1 if every line was within the
    tolerance, 2 if the emergency pass was needed, 3 if it also had to allow more hyphenated
    lines in a row. ``total_demerits`` is None for ``first_fit()``."""

    lines: tuple[Line, ...]
    total_demerits: float | None
    passes: int

    @property
    def breaks(self) -> list[int]:
        """The index of the item each line breaks at."""
        return [line.end for line in self.lines]

    def texts(self, items: Sequence[Item]) -> list[str]:
        """Each line as text (a space for each glue, a hyphen where a word is broken)."""
        def shown(item: Item) -> str:
            if isinstance(item, Box):
                return item.text
            return " " if isinstance(item, Glue) and item.width > 0 else ""

        texts = []
        for line in self.lines:
            text = "".join(shown(item) for item in items[line.start:line.end])
            end = items[line.end]
            if isinstance(end, Penalty) and end.flagged and end.width > 0:
                text += "-"
            texts.append(text)
        return texts


# --- Measuring lines ---------------------------------------------------------------------

class Fitness(IntEnum):
    """How tight or loose a line is; neighbouring lines two classes apart cost extra."""

    TIGHT = 0  # ratio below -0.5
    DECENT = 1  # -0.5 to 0.5
    LOOSE = 2  # 0.5 to 1
    VERY_LOOSE = 3  # beyond 1


def fitness_class(ratio: float) -> Fitness:
    if ratio < -0.5:
        return Fitness.TIGHT
    if ratio <= 0.5:
        return Fitness.DECENT
    if ratio <= 1:
        return Fitness.LOOSE
    return Fitness.VERY_LOOSE


def badness(ratio: float) -> float:
    """100 |r|^3: how bad a line with adjustment ratio ``ratio`` looks (capped)."""
    return min(100 * abs(ratio) ** 3, BADNESS_CAP)


def adjustment(shortfall: float, stretch: float, shrink: float, fills: int, chars: int,
               tracking: float) -> tuple[float, float]:
    """(ratio, tracking per character) that make up a line's ``shortfall`` (its width minus
    its natural width; negative when too long).

    The word spaces and the letters share it in proportion: at ratio r the spaces are
    stretched by r times their stretch (or shrunk by r times their shrink) and each of the
    line's ``chars`` characters is spaced by r times ``tracking``, so a line takes a little
    letter-spacing long before its spaces are wide. Beyond +-1 the letters stay at their
    limit and the spaces alone go on stretching (the ratio returned is then theirs); a line
    that would shrink beyond -1 is overfull. A line with infinite stretch (``fills`` > 0,
    the last line) is never stretched. With no word spaces and no tracking the ratio is
    infinite.
    """
    if -EPSILON <= shortfall <= EPSILON or (shortfall > 0 and fills):
        return 0.0, 0.0
    sign, need, room = (1.0, shortfall, stretch) if shortfall > 0 else (-1.0, -shortfall, shrink)
    letters = chars * tracking if tracking > 0 else 0.0
    if need <= room + letters:
        ratio = need / (room + letters)
        return sign * ratio, sign * ratio * tracking if letters else 0.0
    ratio = (need - letters) / room if room > 0 else math.inf
    return sign * ratio, sign * tracking if letters else 0.0


class _Paragraph:
    """The items with running totals, so any line's widths are two subtractions away."""

    def __init__(self, items: Sequence[Item], line_widths: float | Sequence[float]):
        if not items or not (isinstance(items[-1], Penalty) and items[-1].forced):
            raise ValueError("a paragraph's items must end with a forced break "
                             "(Penalty(0, FORCED_BREAK)); items_for() adds one")
        self.items = items
        self.widths = _widths(line_widths)
        n = len(items)
        self.width = [0.0] * (n + 1)  # totals of items[:i] (penalties count only at a break)
        self.stretch = [0.0] * (n + 1)
        self.shrink = [0.0] * (n + 1)
        self.fills = [0] * (n + 1)  # glues with infinite stretch
        self.chars = [0] * (n + 1)  # characters in boxes, for tracking
        self.breakpoints: list[int] = []
        width = stretch = shrink = 0.0
        fills = chars = 0
        for i, item in enumerate(items):
            if isinstance(item, Box):
                width += item.width
                chars += len(item.text)
            elif isinstance(item, Glue):
                if i > 0 and isinstance(items[i - 1], Box):
                    self.breakpoints.append(i)
                width += item.width
                if math.isinf(item.stretch):
                    fills += 1
                else:
                    stretch += item.stretch
                shrink += item.shrink
            elif item.allows_break:
                self.breakpoints.append(i)
            self.width[i + 1], self.stretch[i + 1], self.shrink[i + 1] = width, stretch, shrink
            self.fills[i + 1], self.chars[i + 1] = fills, chars
        # next_start[i]: where a line starts after a break at i - 1 (the first box or
        # forced break from i on: glues and penalties after a break are dropped).
        self.next_start = [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            item = items[i]
            keep = isinstance(item, Box) or (isinstance(item, Penalty) and item.forced)
            self.next_start[i] = i if keep else self.next_start[i + 1]

    def line_width(self, number: int) -> float:
        return self.widths[min(number, len(self.widths) - 1)]

    def natural_width(self, start: int, end: int) -> float:
        item = self.items[end]
        hyphen = item.width if isinstance(item, Penalty) else 0.0
        return self.width[end] - self.width[start] + hyphen

    def fit(self, start: int, end: int, width: float,
            tracking: float) -> tuple[float, float, float]:
        """(natural width, ratio, tracking) of a line from ``start`` breaking at ``end``."""
        natural = self.natural_width(start, end)
        ratio, letter = adjustment(width - natural, self.stretch[end] - self.stretch[start],
                                   self.shrink[end] - self.shrink[start],
                                   self.fills[end] - self.fills[start],
                                   self.chars[end] - self.chars[start], tracking)
        return natural, ratio, letter

    def line(self, start: int, end: int, number: int, tracking: float) -> Line:
        width = self.line_width(number)
        natural, ratio, letter = self.fit(start, end, width, tracking)
        overfull = ratio < -1 - EPSILON
        if overfull:  # set as tight as allowed; it sticks out
            ratio, letter = -1.0, -tracking
        item = self.items[end]
        return Line(start, end, width, natural, ratio, letter,
                    hyphenated=isinstance(item, Penalty) and item.flagged, overfull=overfull,
                    badness=badness(ratio))


def _widths(line_widths: float | Sequence[float]) -> tuple[float, ...]:
    if isinstance(line_widths, (int, float)):
        return (float(line_widths),)
    widths = tuple(float(width) for width in line_widths)
    if not widths:
        raise ValueError("line_widths: give a width, or a list of at least one")
    return widths


# --- Total fit ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Rules:
    tolerance: float
    tracking: float
    double_hyphen_demerits: float
    fitness_demerits: float
    line_penalty: float
    max_consecutive_hyphens: int | None  # None: no limit
    looseness: int
    emergency: bool  # a line may be overfull when nothing else can be set
    unhyphenated: frozenset[int] = frozenset()  # lines (numbered from 0) that may not end in a hyphen


@dataclass(slots=True, eq=False)
class _Node:
    """A break reached by the best way of setting the paragraph up to it (for its state)."""

    position: int  # index of the break item; -1 for the start of the paragraph
    lines: int  # lines set up to here (the next line's number, from 0)
    fitness: Fitness  # of the line ending here
    hyphens_in_a_row: int  # hyphenated lines in a row ending here
    total_demerits: float
    previous: _Node | None


def compose(items: Sequence[Item], line_widths: float | Sequence[float], *,
            tolerance: float = 2.0, tracking: float = 0.0,
            double_hyphen_demerits: float = 3000, fitness_demerits: float = 100,
            line_penalty: float = 10, max_consecutive_hyphens: int | None = 2,
            looseness: int = 0, unhyphenated: frozenset[int] = frozenset()) -> Composition:
    """Break a paragraph's ``items`` into lines with the fewest total demerits.

    ``line_widths`` is one width for every line, or a list: line n gets ``line_widths[n]``,
    the last one repeating (shorter first lines beside a drop cap). ``tolerance`` is the
    largest adjustment ratio of a line in the first pass (2: spaces twice their width with
    ``items_for()``'s stretch); ``tracking`` the most letter-spacing per character, either
    way (width units, 0: none). ``looseness`` asks for that many lines more (or fewer, negative) than
    the best setting, where possible (TeX's \\looseness). The cost of a hyphen is in the
    items (``items_for(hyphen_penalty=...)``); the lines numbered in ``unhyphenated`` (from
    0) never end in one (the last line of a column before a page turn). Always returns breaks.
    """
    paragraph = _Paragraph(items, line_widths)
    if not any(isinstance(item, Box) for item in items):
        return Composition((), 0.0, 1)
    rules = _Rules(tolerance, tracking, double_hyphen_demerits, fitness_demerits, line_penalty,
                   max_consecutive_hyphens, looseness, emergency=False, unhyphenated=frozenset(unhyphenated))
    end = _total_fit(paragraph, rules)
    if end is not None:
        return _composition(paragraph, end, rules, passes=1)
    emergency = replace(rules, tolerance=math.inf, emergency=True)
    end = _total_fit(paragraph, emergency)
    assert end is not None  # with no limit on stretching, and overfull lines allowed
    composition = _composition(paragraph, end, emergency, passes=2)
    if max_consecutive_hyphens is not None and any(line.overfull for line in composition.lines):
        # Fall back: perhaps more hyphens in a row would avoid an overfull line.
        unlimited = replace(emergency, max_consecutive_hyphens=None)
        other = _composition(paragraph, _total_fit(paragraph, unlimited), unlimited, passes=3)
        if _overfull(other) < _overfull(composition):
            return other
    return composition


def _overfull(composition: Composition) -> int:
    return sum(line.overfull for line in composition.lines)


def _total_fit(paragraph: _Paragraph, rules: _Rules) -> _Node | None:
    """One pass of the algorithm: the best node at the paragraph's end, or None if no
    setting is feasible under ``rules``."""
    items = paragraph.items
    # Nodes past the last distinct line width have the same future whatever their line
    # number, so they share a state (unless looseness needs line counts).
    last_distinct_line = max(len(paragraph.widths) - 1, max(rules.unhyphenated, default=-1) + 1) \
        if rules.looseness == 0 else math.inf
    active = [_Node(-1, 0, Fitness.DECENT, 0, 0.0, None)]
    for end in paragraph.breakpoints:
        item = items[end]
        forced = isinstance(item, Penalty) and item.forced
        candidates: dict[tuple, _Node] = {}
        still_active: list[_Node] = []
        too_long: list[_Node] = []
        for node in active:
            start = paragraph.next_start[node.position + 1]
            if end < start:  # only glue and penalties since that break: no line yet
                still_active.append(node)
                continue
            width = paragraph.line_width(node.lines)
            _, ratio, _ = paragraph.fit(start, end, width, rules.tracking)
            if ratio < -1 - EPSILON:  # too long now, and longer from here on: drop the node
                too_long.append(node)
                continue
            if not forced:
                still_active.append(node)
            if ratio <= rules.tolerance:
                _offer(candidates, _next_node(node, end, item, ratio, rules), last_distinct_line)
        if not candidates and not still_active and too_long and rules.emergency:
            # Nothing fits: break anyway, after the latest break reached, so that the line
            # that sticks out holds as little as possible (a word wider than the line, alone).
            node = max(too_long, key=lambda dropped: (dropped.position, -dropped.total_demerits))
            _offer(candidates, _next_node(node, end, item, -1.0, rules, check_hyphens=False),
                   last_distinct_line)
        active = still_active + _not_outclassed(candidates, rules.fitness_demerits)
        if not active:
            return None
    return _best_end(active, rules.looseness)


def _next_node(node: _Node, end: int, item: Item, ratio: float, rules: _Rules,
               check_hyphens: bool = True) -> _Node | None:
    """The node for a line from ``node`` breaking at ``end``; None if it would make too many
    hyphenated lines in a row, or a hyphen where the rules allow none."""
    flagged = isinstance(item, Penalty) and item.flagged
    in_a_row = node.hyphens_in_a_row + 1 if flagged else 0
    limit = rules.max_consecutive_hyphens
    if check_hyphens and ((limit is not None and in_a_row > limit) or (flagged and node.lines in rules.unhyphenated)):
        return None
    fitness = fitness_class(ratio)
    demerits = (rules.line_penalty + badness(ratio)) ** 2
    if isinstance(item, Penalty) and not item.forced:
        demerits += math.copysign(item.cost ** 2, item.cost)
    if flagged and node.hyphens_in_a_row:
        demerits += rules.double_hyphen_demerits
    if abs(fitness - node.fitness) > 1:
        demerits += rules.fitness_demerits
    return _Node(end, node.lines + 1, fitness, in_a_row, node.total_demerits + demerits, node)


def _offer(candidates: dict, node: _Node | None, last_distinct_line: float) -> None:
    """Keep ``node`` if it is the cheapest so far for its state."""
    if node is None:
        return
    state = (min(node.lines, last_distinct_line), node.fitness, node.hyphens_in_a_row)
    best = candidates.get(state)
    if best is None or node.total_demerits < best.total_demerits:
        candidates[state] = node


def _not_outclassed(candidates: dict, fitness_demerits: float) -> list[_Node]:
    """The candidate nodes at one break that may still lead to the best paragraph.

    Of two nodes in the same state as far as line widths go, one that costs at least
    ``fitness_demerits`` less and has no more hyphenated lines in a row outclasses the
    other: whatever follows the other could follow it, dearer only by the fitness demerits
    of the next line. (TeX prunes the same way, with adj_demerits.)"""
    kept: list[tuple] = []
    for (line_key, _, _), node in sorted(candidates.items(), key=lambda kv: kv[1].total_demerits):
        if not any(key == line_key and other.hyphens_in_a_row <= node.hyphens_in_a_row
                   and other.total_demerits + fitness_demerits <= node.total_demerits
                   for key, other in kept):
            kept.append((line_key, node))
    return [node for _, node in kept]


def _best_end(nodes: list[_Node], looseness: int) -> _Node:
    best = min(nodes, key=lambda node: node.total_demerits)
    if looseness == 0:
        return best
    wanted = best.lines + looseness
    return min(nodes, key=lambda node: (abs(node.lines - wanted), node.total_demerits))


def _composition(paragraph: _Paragraph, end: _Node, rules: _Rules, passes: int) -> Composition:
    breaks = []
    node = end
    while node.previous is not None:
        breaks.append(node.position)
        node = node.previous
    breaks.reverse()
    lines = []
    position = -1
    for number, position_end in enumerate(breaks):
        start = paragraph.next_start[position + 1]
        lines.append(paragraph.line(start, position_end, number, rules.tracking))
        position = position_end
    return Composition(tuple(lines), end.total_demerits, passes)


# --- First fit ---------------------------------------------------------------------------

def first_fit(items: Sequence[Item], line_widths: float | Sequence[float], *,
              tracking: float = 0.0) -> Composition:
    """Break the items as a browser does: as many words as fit at their natural width, then
    the next line (a word wider than the line goes alone). For comparison with ``compose()``."""
    paragraph = _Paragraph(items, line_widths)
    if not any(isinstance(item, Box) for item in items):
        return Composition((), None, 1)
    lines: list[Line] = []
    start = paragraph.next_start[0]
    fitting: int | None = None  # the last break at which the line still fits

    def break_at(position: int) -> int:
        lines.append(paragraph.line(start, position, len(lines), tracking))
        return paragraph.next_start[position + 1]

    for end in paragraph.breakpoints:
        if end < start:
            continue
        if fitting is not None and (paragraph.natural_width(start, end)
                                    > paragraph.line_width(len(lines)) + EPSILON):
            start = break_at(fitting)
        fitting = end  # fits, or goes alone on a new line, too long as it is
        item = items[end]
        if isinstance(item, Penalty) and item.forced:
            start, fitting = break_at(end), None
    return Composition(tuple(lines), None, 1)
