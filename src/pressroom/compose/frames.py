"""Frames: a story's copy set through a chain of rectangles, split at the line.

WeasyPrint has no CSS regions, but it paginates: a paragraph that does not fit on a page
breaks at a line and goes on at the top of the next, with no indent and any hyphenated
word carried over. So a story's frames are set as the pages of a *galley*, a document of
its own whose n-th page is exactly the n-th frame's size (``@page :nth(n)``,
``templates/galley.html.j2``), plus one very deep page after them that catches whatever
does not fit (overset). Each galley page's laid-out boxes are then moved onto the page
where its frame is, into the page's own box tree, before the page is drawn: what prints is
what the galley set, line for line, in the same fonts (one font configuration).

A modular page's HTML (``templates/pages/modular.html.j2``) is its chrome (running head,
masthead, rules) with each story's head placed on the grid, the page plan (plan.py) as a
JSON script, and each story's copy in a ``<template class="galley">``: all of it in the
chunk's HTML, so the chunk key covers it. Frames are worked out when the page is laid
out, because they start under the heads, whose depth only layout knows.

It reaches into WeasyPrint's boxes (``page._page_box``, ``Box.translate``), so it runs only
with the WeasyPrint version it was checked against (constraints.txt pins it).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

from ..errors import InputError
from .grid import Grid
from .plan import StoryModule

CHECKED_WITH_WEASYPRINT = ("70.0",)
PX_PER_MM = 96 / 25.4
PLAN_SCRIPT = re.compile(r'<script type="application/json" class="page-plan">(.*?)</script>', re.S)
GALLEY = re.compile(r'<template class="galley" data-slug="([a-z0-9-]+)" data-lang="([A-Za-z-]+)">(.*?)</template>',
                    re.S)
HEAD_GAP_LINES = 0.5  # between a story's head and the first line of its copy


@dataclass(frozen=True)
class Frame:
    """A rectangle of a story's copy, in mm from the trim's top-left corner."""

    slug: str
    page: int
    column: int
    x: float
    y: float
    width: float
    height: float
    rule_before: bool = False  # a column rule between it and the frame before it, beside it


@dataclass
class FrameFill:
    """How much of one frame the copy filled."""

    page: int
    frame: int  # 1-based, in the story's chain
    column: int
    depth_mm: float
    empty_mm: float
    lines: int

    def as_dict(self) -> dict:
        return {**asdict(self), "depth_mm": round(self.depth_mm, 1), "empty_mm": round(self.empty_mm, 1)}


@dataclass
class ThreadedStory:
    """A story set through its frames: each frame's fill, and the copy left over."""

    slug: str
    frames: list[FrameFill] = field(default_factory=list)
    overset_lines: int = 0
    overset_words: int = 0
    words_per_line: float = 0.0
    ended_on: int | None = None  # the page its copy ends on (None: it does not fit)

    def as_dict(self) -> dict:
        return {"slug": self.slug, "frames": [fill.as_dict() for fill in self.frames],
                "overset_lines": self.overset_lines, "overset_words": self.overset_words,
                "words_per_line": round(self.words_per_line, 2), "ended_on": self.ended_on}


def is_modular(html: str) -> bool:
    return 'class="page-plan"' in html


def frames_of(module: StoryModule, grid: Grid, head_bottom: float | None, min_lines: int) -> list[Frame]:
    """The frames of a story on one page: one per column of its module, from under its head
    (or the top of its room) to the foot of its room, in whole body lines on the page's
    baseline grid. A column with less than ``min_lines`` of room gets no frame."""
    frames = []
    for room in module.rooms:
        top = room.top
        if head_bottom is not None and room.column in module.head_columns:
            top = max(top, head_bottom + HEAD_GAP_LINES * grid.leading)
        top = grid.snap_down(top - 1e-6)
        lines = grid.lines_in(room.bottom - top)
        if lines < min_lines:
            continue
        beside = bool(frames) and frames[-1].column == room.column - 1
        frames.append(Frame(module.slug, module.page, room.column, grid.column_x(room.column), top,
                            grid.column_width, lines * grid.leading, beside))
    return frames


def lay_out_modular(renderer, group, html: str):
    """Lay out a modular page group: its chrome, then each story's galley through its
    frames, moved onto the pages. Returns the RenderedGroup, with ``threads`` (by slug)."""
    import weasyprint

    if weasyprint.__version__ not in CHECKED_WITH_WEASYPRINT:
        raise InputError.single(
            f"modular pages are set with WeasyPrint {CHECKED_WITH_WEASYPRINT[0]}; this is "
            f"{weasyprint.__version__}", hint="install the pinned versions: pip install -c constraints.txt -e .")
    plans = [json.loads(text) for text in PLAN_SCRIPT.findall(html)]
    galleys = {slug: (lang, body) for slug, lang, body in GALLEY.findall(html)}
    chrome = GALLEY.sub("", html)
    rendered = renderer.render_group(group, chrome, modular=False)
    document = rendered.document
    frames: dict[str, list[Frame]] = {}
    targets: dict[int, object] = {}  # page number -> its grid-page box
    grids: dict[int, Grid] = {}
    min_lines = 3
    for plan in plans:
        page = plan["page"]
        grid = grids[page] = Grid(**plan["grid"])
        min_lines = plan["min_lines"]
        page_box = document.pages[page - group.first_page]._page_box
        targets[page] = _find(page_box, lambda box: _id(box) == f"grid-page-{page}")

        for data in plan["stories"]:
            module = StoryModule.from_json(data)
            head_bottom = None
            if not module.continued:
                head = _find(page_box, lambda box: _id(box) == f"start-{module.slug}"
                             and "module-head" in _classes(box))
                if head is not None:
                    section = targets[page]
                    head_bottom = grid.top + (head.position_y + head.margin_height()
                                              - section.content_box_y()) / PX_PER_MM
            frames.setdefault(module.slug, []).extend(frames_of(module, grid, head_bottom, min_lines))
    rendered.threads = {}
    for slug, chain in frames.items():
        lang, body = galleys[slug]
        galley = renderer.render_galley(chain, body, lang)
        rendered.threads[slug] = _thread(slug, chain, galley, targets, grids)
        if rendered.threads[slug].ended_on is not None:
            rendered.ends[slug] = rendered.threads[slug].ended_on
    return rendered


def _thread(slug: str, chain: list[Frame], galley, targets: dict, grids: dict[int, Grid]) -> ThreadedStory:
    """Move the galley's pages onto their frames; measure each frame's fill and the overset."""
    from weasyprint.formatting_structure.boxes import MarginBox

    story = ThreadedStory(slug)
    lines_set = words_set = 0
    for index, frame in enumerate(chain):
        fill = FrameFill(frame.page, index + 1, frame.column, frame.height, frame.height, 0)
        story.frames.append(fill)
        if index >= len(galley.pages):
            continue
        page_box = galley.pages[index]._page_box
        root = next(child for child in page_box.children if not isinstance(child, MarginBox))
        lines, words, bottom = _count(root)
        fill.lines = lines
        lines_set += lines
        words_set += words
        fill.empty_mm = max(0.0, frame.height - (bottom - root.position_y) / PX_PER_MM) if lines else frame.height
        section = targets[frame.page]
        grid = grids[frame.page]
        x = section.content_box_x() + (frame.x - grid.left) * PX_PER_MM
        y = section.content_box_y() + (frame.y - grid.top) * PX_PER_MM
        root.translate(x - root.content_box_x(), y - root.content_box_y())
        section.children = [*section.children, root]
        if frame.rule_before:  # the page's column rule, as deep as this frame
            rule = _find(section, lambda box: _id(box) == f"rule-{slug}-{frame.page}-{frame.column}")
            if rule is not None:
                rule = getattr(rule, "_box", rule)  # an absolutely placed box's placeholder
                rule.height = frame.height * PX_PER_MM
                rule.translate(0, y - rule.position_y)
        if f"end-{slug}" in galley.pages[index].anchors:
            story.ended_on = frame.page
    for page in galley.pages[len(chain):]:
        root = next(child for child in page._page_box.children if not isinstance(child, MarginBox))
        lines, words, _ = _count(root)
        story.overset_lines += lines
        story.overset_words += words
    story.words_per_line = words_set / lines_set if lines_set else 0.0
    return story


def _count(box) -> tuple[int, int, float]:
    """Body lines, their words, and the lowest bottom of anything laid out under ``box``."""
    from weasyprint.formatting_structure.boxes import LineBox, TextBox

    lines = words = 0
    bottom = box.position_y
    for child in box.descendants():
        if isinstance(child, LineBox):
            texts = "".join(text.text for text in child.descendants() if isinstance(text, TextBox))
            if texts.strip():
                lines += 1
                words += len(texts.split())
        if child is not box and hasattr(child, "margin_height") and getattr(child, "height", None) not in (None, "auto"):
            if isinstance(child, LineBox) or getattr(child, "element_tag", None) in ("img", "figure", "aside", "blockquote"):
                bottom = max(bottom, child.position_y + child.margin_height())
    return lines, words, bottom


def _id(box) -> str:
    element = getattr(box, "element", None)
    return (element.get("id") or "") if element is not None else ""


def _classes(box) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _find(box, wanted):
    if wanted(box):
        return box
    for child in getattr(box, "children", ()):
        found = _find(child, wanted)
        if found is not None:
            return found
    return None
