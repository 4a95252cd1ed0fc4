"""The composer's lines justified as it set them: letters and word spaces together.

WeasyPrint justifies a line by widening its word spaces only. A line the paragraph composer
(paragraph.py) set also spaces its letters out, or squeezes them, in proportion to its
spaces. Giving each such line a span with its own letter-spacing works, but WeasyPrint then
styles and lays out an element per line, which doubles the layout of a galley
(docs/typography.md). Instead, a composed paragraph (``p.set``, compose/lines.py) is laid out
with every letter and space at the most the composer may squeeze them (the galley's
``letter-spacing`` and ``word-spacing`` for ``p.set``), so that each chosen line fits before
its line feed; while a galley is laid out inside ``composed_justification()``, WeasyPrint's
``justify_line`` gives such a line the letter-spacing the composer gave it (the same
adjustment, ``paragraph.adjustment``, on the line's natural width measured with Pango) and
spreads what is left over its spaces, as WeasyPrint does. A line's text boxes take a copy of
their style with that letter-spacing, which WeasyPrint uses again when it draws them.

Other lines (any paragraph not set by the composer, a composed paragraph's last line, which
is not spread) are justified by WeasyPrint as before. Like linebreaks.py this reaches into
WeasyPrint (``weasyprint.layout.inline``), so it is used only with the version it was
checked against; modular pages refuse any other (frames.py).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from ..linebreaks import CHECKED_WITH_WEASYPRINT
from .lines import has_class
from .paragraph import adjustment


@dataclass(frozen=True)
class LineSpacing:
    """The composer's rules in a galley's terms: spaces (``space_px`` wide) shrink and stretch
    by these shares of their width; letters take up to ``tracking_px`` either way."""

    shrink: float
    stretch: float
    tracking_px: float
    space_px: float


@contextmanager
def composed_justification(spacing: LineSpacing):
    """Within this block, lines of composed paragraphs are justified with the composer's
    letter-spacing (see the module's docstring); others as WeasyPrint does."""
    import weasyprint
    from weasyprint.layout import inline

    if weasyprint.__version__ not in CHECKED_WITH_WEASYPRINT:
        raise RuntimeError(f"compose/justify.py was checked with WeasyPrint {CHECKED_WITH_WEASYPRINT[0]}")
    weasyprint_justify = inline.justify_line

    def justify_line(context, line, extra_width):
        if not has_class(line, "set") or not _respace(context, line, extra_width, spacing):
            weasyprint_justify(context, line, extra_width)

    inline.justify_line = justify_line
    try:
        yield
    finally:
        inline.justify_line = weasyprint_justify


def _respace(context, line, extra_width: float, spacing: LineSpacing) -> bool:
    """Justify ``line`` (short of its box by ``extra_width``) with the composer's letter-spacing;
    False (nothing changed) for a line that holds anything but text, or no space."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.inline import count_expandable_spaces

    texts = []
    for box in line.descendants():
        if isinstance(box, boxes.TextBox):
            texts.append(box)
        elif box is not line and not isinstance(box, boxes.InlineBox):
            return False  # an inline block (the last line's span), a picture: WeasyPrint's
    spaces = count_expandable_spaces(line)
    if not texts or not spaces:
        return False
    available = line.width + extra_width
    # the line's natural width: every letter and space as the paragraph's style squeezed it
    # (``tracking_px`` and the shrink of a space less), given back
    squeezed = spacing.shrink * spacing.space_px
    natural = line.width + sum(spacing.tracking_px * len(box.text) for box in texts) + squeezed * spaces
    letters = sum(len(box.text) for box in texts) - spaces
    _, letter = adjustment(available - natural, spaces * spacing.stretch * spacing.space_px,
                           spaces * squeezed, 0, letters, spacing.tracking_px)
    laid = [_laid_out(context, box, letter) for box in texts]
    per_space = (available - (line.width + sum(width - box.width for (_, _, width), box in zip(laid, texts)))) / spaces
    _apply(line, {id(box): found for box, found in zip(texts, laid)}, per_space, 0.0)
    # the gap between two words, against a natural space: the space as set, with the
    # letter-spacing of the letter before it (as benchmarks/typography.py measures it)
    line.word_space_ratio = (spacing.space_px - squeezed + per_space + 2 * letter) / spacing.space_px
    return True


def _laid_out(context, box, letter: float):
    """``box``'s text in a copy of its style with this letter-spacing: (style, Pango layout,
    width as WeasyPrint measures a line)."""
    from weasyprint.text.line_break import create_layout, line_size

    style = box.style.copy()
    style["letter_spacing"] = letter
    layout = create_layout(box.text, style, context, None, 0)
    first_line, _ = layout.get_first_line()
    width = line_size(first_line, style)[0]
    layout.deactivate()
    return style, layout, width


def _apply(box, laid: dict, per_space: float, x_advance: float) -> float:
    """Give each text box its style, layout and width (``laid``, by id) and ``per_space``
    more at each space, moving the boxes after it along, as WeasyPrint's add_word_spacing
    does (its layout is drawn again from its style, with the spaces justified)."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.inline import count_expandable_spaces

    if isinstance(box, boxes.TextBox):
        style, layout, width = laid[id(box)]
        layout.justification_spacing = per_space
        box.style, box.pango_layout, box.justification_spacing = style, layout, per_space
        box.position_x += x_advance
        grown = width + per_space * count_expandable_spaces(box) - box.width
        box.width += grown
        return x_advance + grown
    box.position_x += x_advance
    before = x_advance
    for child in box.children:
        if child.is_in_normal_flow():
            x_advance = _apply(child, laid, per_space, x_advance)
    box.width += x_advance - before
    return x_advance
