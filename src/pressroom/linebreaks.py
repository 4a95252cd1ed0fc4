"""Line breaks remembered while one document is laid out.

WeasyPrint breaks a paragraph into lines by asking Pango for the first line of the text
still to place, again and again. Balancing a story's columns lays the same paragraphs out
several times at the same width, so most of those questions have been asked before: on the
benchmark's 32-page issue, 31,000 questions were 10,800 different ones. While a document is
laid out inside ``remembered_line_breaks()``, a question asked before (the same text, the
same style object, the same width and options) gets the answer Pango gave the first time,
copied. Pango's answer depends on nothing else, so the PDF is the same bytes with or without
it (tests/test_chunks.py renders both ways and compares); layout takes about a third less
time.

It reaches into WeasyPrint (``split_first_line`` in its layout modules), so it is used only
with the WeasyPrint version it was checked against (constraints.txt pins it); with any
other version documents are laid out exactly as WeasyPrint does on its own.
"""

from __future__ import annotations

import copy
from contextlib import contextmanager
from dataclasses import dataclass

CHECKED_WITH_WEASYPRINT = ("70.0",)


@dataclass
class LineBreakMemory:
    """How many line-breaking questions a layout asked, and how many came from memory."""

    used: bool = False  # False: not this WeasyPrint version, every question went to Pango
    questions: int = 0
    from_memory: int = 0


@contextmanager
def remembered_line_breaks():
    """Within this block, WeasyPrint's line breaking answers repeated questions from memory;
    the memory is dropped at the end of the block (one document's layout). Yields a
    LineBreakMemory counting the questions."""
    import weasyprint
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    memory = LineBreakMemory()
    if weasyprint.__version__ not in CHECKED_WITH_WEASYPRINT:
        yield memory
        return
    memory.used = True
    ask_pango = line_break.split_first_line
    answers: dict[tuple, tuple] = {}

    def split_first_line(text, style, context, max_width, justification_spacing,
                         is_line_start=True, minimum=False):
        # The style object is kept with its answer, so its id() is not reused while the
        # memory lasts. (``context`` only caches hyphenation dictionaries.)
        question = (text, id(style), max_width, justification_spacing, is_line_start, minimum)
        known = answers.get(question)
        memory.questions += 1
        if known is not None:
            memory.from_memory += 1
        else:
            known = answers[question] = (style, ask_pango(
                text, style, context, max_width, justification_spacing, is_line_start, minimum))
        layout, *metrics = known[1]
        # The layout (deactivated: text and metrics only) goes onto a text box, which may
        # change it while drawing: each box gets its own copy.
        return (copy.copy(layout), *metrics)

    modules = (inline, preferred)
    before = [module.split_first_line for module in modules]
    for module in modules:
        module.split_first_line = split_first_line
    try:
        yield memory
    finally:
        for module, function in zip(modules, before):
            module.split_first_line = function
        answers.clear()
