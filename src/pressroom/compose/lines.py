"""Body copy set line by line by the paragraph composer, so that WeasyPrint prints exactly
the lines it chose.

WeasyPrint breaks lines first fit: as many words as fit, then the next line, and it only
ever stretches spaces. For a modular page's story (frames.py) each paragraph of its body is
instead measured in the layout's fonts with Pango, as WeasyPrint measures it (a probe galley
gives the styles of the body's regular, italic, bold and bold italic text, its first-line
indent and the size of a drop cap), broken by the Knuth-Plass composer (paragraph.py), and
written back with a line feed after each chosen line, in a ``p.set`` that the layout's
stylesheet sets ``white-space: pre-line`` and justifies, lines ending at a line feed too:

- WeasyPrint breaks at the line feeds and nowhere else: every line fits (every space and
  letter of a composed paragraph is first set as narrow as the composer may squeeze it, the
  galley's ``p.set`` word-spacing and letter-spacing), so it has no reason to break sooner;
- each line is then spread to the column as the composer did, its letters spaced out or
  squeezed and the rest over its spaces (justify.py, in place of WeasyPrint's justification:
  no element per line);
- the last line, which is not spread, is a ``set-last`` span (an inline block, so
  justification leaves it alone) with natural spacing;
- a hyphenated line ends with U+2010, the character WeasyPrint prints for a hyphen;
- italics and bold that run into a span are closed before it and opened again inside; a
  drop cap floats beside the first lines, which are composed that much shorter;
- the first line is indented as the stylesheet says, and composed one indent shorter after
  another paragraph; orphans and widows are the paragraph's, as for any other.

A paragraph costs about what any paragraph costs WeasyPrint to lay out; earlier ways (a
block per line, no-break spaces, a letter-spacing span per line) cost up to twice as much
(docs/typography.md).

Only the plain paragraphs of a body are set so (``<p>`` with text, ``em``/``i``,
``strong``/``b``, a drop cap): a paragraph with a link, a line break or anything else, or
one with a word wider than the column, is left to WeasyPrint. Words are measured once per
renderer, paragraphs composed once; the lines are chosen in the chunk that lays the page
out, so the chunk cache keeps them. frames.py may ask for a paragraph again with lines that
must not end in a hyphen (the last line of a column before a page turn).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby

from .paragraph import (FORCED_BREAK, NO_BREAK, Box, Glue, Penalty, compose, english_dictionary,
                        hyphenation_points, word_items)

HYPHEN = "\u2010"  # what WeasyPrint prints where it hyphenates (hyphenate-character)
NBSP = "\u00a0"
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
DROP_CAP = re.compile(r'<span class="initial">([^<]{1,8})</span>')
TOKEN = re.compile(r"<(/?)([a-z]+)>|([^<]+)")
KINDS = {"em": "italic", "i": "italic", "strong": "bold", "b": "bold"}
NESTING = re.compile(r"<(/?)(blockquote|aside|figure|ul|ol|table)\b")
LEAST_LETTER_SPACING = 1 / 1024  # CSS px: one Pango unit, enough to set a text as a letter-spaced line
SAFETY_PX = 0.25  # composed a hair narrower than the column: Pango's sums may differ by that


@dataclass
class Measurer:
    """Widths of text as WeasyPrint sets it in a galley's body, by kind of text (regular,
    italic, bold, bold-italic), in CSS px; and the first-line indent of a paragraph."""

    styles: dict
    indent: float
    initial: Callable[[str], tuple[float, int]]  # a drop cap's letter -> (width, lines beside it)
    widths: dict = field(default_factory=dict)  # by text and kind
    paragraphs: dict = field(default_factory=dict)  # composed paragraphs, by what decides them
    hyphenation: dict = field(default_factory=dict)  # hyphenation points, by word

    def width(self, text: str, kind: str) -> float:
        key = (text, kind)
        found = self.widths.get(key)
        if found is None:
            from weasyprint.text.line_break import split_first_line

            found = self.widths[key] = split_first_line(text, self.styles[kind], _NoHyphenation, None, 0)[3]
        return found


class _NoHyphenation:
    """The layout context split_first_line asks for hyphenation dictionaries (never, here)."""

    dictionaries: dict = {}


PROBE = ('<div class="story__body"><p>regular</p><p>text <em>italic</em> <strong>bold</strong> '
         '<strong><em>bolditalic</em></strong></p></div>')


def measurer_for(renderer, lang: str) -> Measurer:
    """The renderer's measurer (made once, from a probe galley in the layout's stylesheet)."""
    found = getattr(renderer, "_line_measurer", None)
    if found is None:
        from weasyprint.formatting_structure.boxes import LineBox, TextBox

        galley = renderer.render_galley([], PROBE, lang, 100.0)
        styles, indent = {}, 0.0
        for box in galley.pages[0]._page_box.descendants():
            if isinstance(box, TextBox) and box.text.strip() in ("regular", "italic", "bold", "bolditalic"):
                styles[{"bolditalic": "bold-italic"}.get(box.text.strip(), box.text.strip())] = box.style
            if isinstance(box, LineBox) and not indent:
                indent = float(box.text_indent or 0.0)
        styles.setdefault("bold-italic", styles.get("bold"))
        for kind, style in styles.items():  # measured as a composed (letter-spaced) line is
            styles[kind] = style = style.copy()  # set: Pango then makes no ligatures ("ff", "fi")
            style["letter_spacing"] = LEAST_LETTER_SPACING
        found = renderer._line_measurer = Measurer(styles, indent, _drop_caps(renderer, lang))
    return found


def _drop_caps(renderer, lang: str):
    """A function giving, for a drop cap's letter, the width it takes from the lines beside
    it (margin included, CSS px) and how many lines it stands beside, measured on a probe."""
    from weasyprint.formatting_structure.boxes import LineBox

    known: dict[str, tuple[float, int]] = {}

    def measure(letter: str) -> tuple[float, int]:
        if letter not in known:
            probe = (f'<div class="story__body cols-1 drop-cap"><p><span class="initial">{html.escape(letter)}</span>'
                     + "word " * 60 + "</p></div>")
            page = renderer.render_galley([], probe, lang, 100.0).pages[0]._page_box
            initial = next(box for box in page.descendants() if has_class(box, "initial"))
            inside = {id(box) for box in initial.descendants()}  # the letter's own line is not beside it
            lines = [box for box in page.descendants() if isinstance(box, LineBox) and id(box) not in inside]
            bottom = initial.position_y + initial.margin_height()
            beside = sum(1 for line in lines if line.position_y < bottom - 0.01)
            known[letter] = (initial.margin_width(), beside)
        return known[letter]

    return measure


def has_class(box, name: str) -> bool:
    element = getattr(box, "element", None)
    return element is not None and name in (element.get("class") or "").split()


@dataclass
class BodySetting:
    """What setting a body did: paragraphs composed, and left to WeasyPrint."""

    composed: int = 0
    left: int = 0


def set_body(body: str, measurer: Measurer, width_px: float, rules: dict,
             unhyphenated: dict[int, frozenset[int]] | None = None) -> tuple[str, BodySetting]:
    """``body`` (a story body's HTML) with its top-level plain paragraphs set line by line
    for a column ``width_px`` wide, by the layout's ``composer`` ``rules``: each becomes a
    ``p.set`` (composed) or a ``p.hyphenated`` (left to WeasyPrint). ``unhyphenated`` gives,
    by paragraph (numbered from 0 in that order), the lines that may not end in a hyphen."""
    setting = BodySetting()
    out, position, number = [], 0, -1
    for match in PARAGRAPH.finditer(body):
        before = body[:match.start()]
        depth = sum(1 if opening == "" else -1 for opening, _ in NESTING.findall(before))
        if depth:
            continue  # a pull quote's or a box's paragraph: not body copy
        number += 1
        inner, initial = match.group(1), ""
        widths = [width_px - (measurer.indent if before.rstrip().endswith("</p>") else 0.0), width_px]
        drop_cap = DROP_CAP.match(inner)
        if drop_cap:  # the lines beside a drop cap are set that much shorter
            initial, inner = drop_cap.group(0), inner[drop_cap.end():]
            taken, beside = measurer.initial(html.unescape(drop_cap.group(1)))
            widths = [width_px - taken] * beside + [width_px]
        lines = set_paragraph(inner, measurer, widths, rules, (unhyphenated or {}).get(number, frozenset()))
        if lines is None:  # WeasyPrint sets it, hyphenating only where the house rules allow
            setting.left += 1
            out += [body[position:match.start()], '<p class="hyphenated">',
                    _allowed_hyphens(match.group(1), rules), "</p>"]
            position = match.end()
            continue
        setting.composed += 1
        out += [body[position:match.start()], '<p class="set">', initial, lines, "</p>"]
        position = match.end()
    out.append(body[position:])
    return "".join(out), setting


@dataclass
class _Char:
    char: str
    kind: str
    tags: tuple[str, ...]  # the inline elements open around it, outermost first


def set_paragraph(inner: str, measurer: Measurer, widths: list[float], rules: dict,
                  unhyphenated: frozenset[int] = frozenset()) -> str | None:
    """The HTML inside one ``<p>`` set as the composer's lines (a line feed after each), for
    lines ``widths`` wide (CSS px; the last repeats), the lines numbered in ``unhyphenated``
    not ending in a hyphen; None to leave it to WeasyPrint. Remembered by the measurer."""
    key = (inner, tuple(widths), tuple(sorted(rules.items())), unhyphenated)
    if key not in measurer.paragraphs:
        measurer.paragraphs[key] = _set_paragraph(inner, measurer, widths, rules, unhyphenated)
    return measurer.paragraphs[key]


def _set_paragraph(inner: str, measurer: Measurer, widths: list[float], rules: dict,
                   unhyphenated: frozenset[int]) -> str | None:
    chars = _characters(inner)
    if chars is None or not chars:
        return None
    items, places = _items(chars, measurer, rules)
    available = [width - SAFETY_PX for width in widths]
    composition = compose(items, available, tolerance=rules.get("tolerance", 2.0),
                          tracking=tracking_px(measurer, rules),
                          unhyphenated=unhyphenated)
    if any(line.overfull for line in composition.lines):
        return None
    # Every space and letter of a composed paragraph is set as narrow as the composer may
    # squeeze it (the galley's ``p.set``), so that every line fits; compose/justify.py then
    # spreads each line to the column as the composer did. The last line, which is not
    # spread, keeps natural spaces and letters, unless it had to be shrunk to fit.
    squeeze, tracking = squeeze_px(measurer, rules), tracking_px(measurer, rules)
    last = len(composition.lines) - 1
    lines, start = [], 0
    for number, line in enumerate(composition.lines):
        kind, at = places[line.end]
        end = at if kind in ("space", "hyphen") else len(chars)
        text = chars[start:end]
        if kind == "hyphen":
            kind = "joined" if chars[at - 1].char in "-\u2010" else "hyphen"
        ending = number == last and line.ratio >= 0
        gaps = sum(char.char in (" ", NBSP) for char in text)
        width = line.natural_width if ending else \
            line.natural_width - squeeze * gaps - tracking * (len(text) + (kind == "hyphen") - 1)
        if width > available[min(number, len(available) - 1)] + SAFETY_PX:
            return None  # it would stick out: leave the paragraph to WeasyPrint
        lines.append((text, kind == "hyphen", "set-last" if ending else ""))
        start = at + 1 if kind == "space" else at
    return _serialise(lines)


def _allowed_hyphens(inner: str, rules: dict) -> str:
    """A paragraph's HTML with a soft hyphen wherever the house rules allow a word to break
    (paragraph.hyphenation_points: never in an e-mail address, a URL, a number, capitals or,
    unless the layout says so, a name); the stylesheet's ``p.hyphenated`` breaks only there."""
    dictionary = english_dictionary()
    capitalised = rules.get("hyphenate_capitalised", False)

    def hyphenate(text: str) -> str:
        def word(match: re.Match) -> str:
            letters = match.group(0)
            points = [0, *(point for point in hyphenation_points(letters, dictionary, capitalised=capitalised)
                           if letters[point - 1] not in "-\u2010"), len(letters)]  # a hyphen breaks already
            return "\u00ad".join(letters[start:end] for start, end in zip(points, points[1:]))
        return re.sub(r"[^\s<>&;]+", word, text)

    return "".join(hyphenate(part) if not part.startswith("<") else part for part in re.split(r"(<[^>]*>)", inner))


def squeeze_px(measurer: Measurer, rules: dict) -> float:
    """How much narrower every space of a composed paragraph is set (CSS px): the most the
    composer may shrink a space."""
    return rules.get("shrink", 0.2) * measurer.width(" ", "regular")


def tracking_px(measurer: Measurer, rules: dict) -> float:
    """The most a composed line's letters are spaced out or squeezed (CSS px)."""
    return rules.get("tracking_percent", 0.0) / 100 * measurer.styles["regular"]["font_size"]


def _characters(inner: str) -> list[_Char] | None:
    """The paragraph's characters with their kind and open inline elements, white space
    collapsed as HTML does; None for markup other than em/i/strong/b."""
    chars: list[_Char] = []
    open_tags: list[str] = []
    matched = 0
    for match in TOKEN.finditer(inner):
        if match.start() != matched:
            return None
        matched = match.end()
        closing, tag, text = match.groups()
        if tag is not None:
            if tag not in KINDS:
                return None
            if closing:
                if not open_tags or open_tags[-1] != tag:
                    return None
                open_tags.pop()
            else:
                open_tags.append(tag)
            continue
        kinds = {KINDS[name] for name in open_tags}
        kind = "bold-italic" if kinds == {"bold", "italic"} else kinds.pop() if kinds else "regular"
        for char in html.unescape(text):
            if char in " \t\r\n":
                if not chars or chars[-1].char == " ":
                    continue
                char = " "
            chars.append(_Char(char, kind, tuple(open_tags)))
    if matched != len(inner) or open_tags:
        return None
    while chars and chars[-1].char == " ":
        chars.pop()
    return chars


def _items(chars: list[_Char], measurer: Measurer, rules: dict) -> tuple[list, dict[int, tuple[str, int]]]:
    """The composer's items for the characters, and for each item index that may end a
    line, what it is: ("space", index of the space), ("hyphen", index of the character
    after the break) or ("end", len)."""
    items: list = []
    places: dict[int, tuple[str, int]] = {}
    stretch, shrink = rules.get("stretch", 0.5), rules.get("shrink", 0.2)
    penalty = rules.get("hyphen_penalty", 50)
    capitalised = rules.get("hyphenate_capitalised", False)
    dictionary = english_dictionary()
    hyphen_width = measurer.width(HYPHEN, "regular")
    index = 0
    while index < len(chars):
        if chars[index].char == " ":
            width = measurer.width(" ", chars[index].kind)
            places[len(items)] = ("space", index)
            items.append(Glue(width, stretch * width, shrink * width))
            index += 1
            continue
        end = index
        while end < len(chars) and chars[end].char != " ":
            end += 1
        for part_start, part_end, joined in _parts(chars, index, end):
            if joined:  # a no-break space inside the word: it stretches, never breaks
                width = measurer.width(NBSP, chars[part_start - 1].kind)
                items += [Penalty(0.0, NO_BREAK), Glue(width, stretch * width, shrink * width)]
            word = "".join(char.char for char in chars[part_start:part_end])
            kinds = {char.kind for char in chars[part_start:part_end]}
            if len(kinds) == 1:
                kind = kinds.pop()
                positions = measurer.hyphenation.get((word, capitalised))
                if positions is None:
                    positions = measurer.hyphenation[word, capitalised] = hyphenation_points(
                        word, dictionary, capitalised=capitalised)
                pieces = word_items(word, positions, lambda text: measurer.width(text, kind), hyphen_width, penalty)
            else:  # italic and roman in one word: measured run by run, never hyphenated
                pieces = [Box(sum(measurer.width(run, kind) for run, kind in _runs(chars[part_start:part_end])), word)]
            offset = part_start
            for piece in pieces:
                if isinstance(piece, Penalty):
                    places[len(items)] = ("hyphen", offset)
                elif isinstance(piece, Box):
                    offset += len(piece.text)
                items.append(piece)
        index = end
    places[len(items) + 2] = ("end", len(chars))
    items += [Penalty(0.0, NO_BREAK), Glue(0.0, math.inf, 0.0), Penalty(0.0, FORCED_BREAK)]
    return items, places


def _parts(chars: list[_Char], start: int, end: int):
    """A word's parts between no-break spaces: (start, end, after a no-break space)."""
    part = start
    for index in range(start, end + 1):
        if index == end or chars[index].char == NBSP:
            if index > part:
                yield part, index, part > start
            part = index + 1


def _runs(chars: list[_Char]):
    """(text, kind) runs of one kind."""
    run, kind = "", None
    for char in chars:
        if char.kind != kind and run:
            yield run, kind
            run = ""
        run, kind = run + char.char, char.kind
    if run:
        yield run, kind


def _serialise(lines: list[tuple[list[_Char], bool, str]]) -> str:
    """The chosen lines, each ending in a line feed (the paragraph's ``white-space:
    pre-line`` breaks there and nowhere else) and a hyphen if it is hyphenated there; a line
    with a class (the last line's natural spacing) is a span of it, with the inline elements
    around it closed before it and opened again inside."""
    out: list[str] = []
    current: tuple[str, ...] = ()

    def reopen(tags: tuple[str, ...]) -> None:
        nonlocal current
        common = 0
        while common < min(len(current), len(tags)) and current[common] == tags[common]:
            common += 1
        out.extend(f"</{tag}>" for tag in reversed(current[common:]))
        out.extend(f"<{tag}>" for tag in tags[common:])
        current = tags

    def write(chars: list[_Char]) -> None:
        for tags, run in groupby(chars, key=lambda char: char.tags):
            reopen(tags)
            out.append(html.escape("".join(char.char for char in run), quote=False))

    for number, (text, hyphen, wrapper) in enumerate(lines):
        if number:
            out.append("\n")
        if wrapper:
            reopen(())
            out.append(f'<span class="{wrapper}">')
        write(text + [_Char(HYPHEN, text[-1].kind, text[-1].tags)] if hyphen else text)
        if wrapper:
            reopen(())
            out.append("</span>")
    reopen(())
    return "".join(out)
