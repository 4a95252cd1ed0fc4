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
out, because they start under the heads, whose depth only layout knows. With the layout's
``composer``, a story's body is set by the paragraph composer first (lines.py, justify.py).

It reaches into WeasyPrint's boxes (``page._page_box``, ``Box.translate``), so it runs only
with the WeasyPrint version it was checked against (constraints.txt pins it).
"""

from __future__ import annotations

import json
import re
import math
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field, replace

from ..errors import InputError
from ..linebreaks import CHECKED_WITH_WEASYPRINT
from .fill import lead_picture, resize_lead_picture
from .justify import LineSpacing, composed_justification
from .lines import HYPHEN, has_class, measurer_for, set_body, squeeze_px, tracking_px
from .grid import Grid
from .plan import StoryModule

PX_PER_MM = 96 / 25.4
PLAN_SCRIPT = re.compile(r'<script type="application/json" class="page-plan">(.*?)</script>', re.S)
GALLEY = re.compile(r'<template class="galley" data-slug="([a-z0-9-]+)" data-lang="([A-Za-z-]+)" '
                    r'data-before="([0-9. ]*)">(.*?)</template>', re.S)
HEAD_GAP_LINES = 0.5  # between a story's head and the first line of its copy
SUBHEAD = re.compile(r"<h[23][ >]")  # a subhead in a story's body (its space may be filled)


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
    filled: list[str] = field(default_factory=list)  # what the build did to fill its frames
    continues_on: int | None = None  # it jumps: the rest of its copy is set on this page
    depths: list[float] = field(default_factory=list)  # the depth of each frame set here (mm)
    loose: list[str] = field(default_factory=list)  # composed lines with wide word spaces, for the editor

    def as_dict(self) -> dict:
        return {"slug": self.slug, "frames": [fill.as_dict() for fill in self.frames],
                "overset_lines": self.overset_lines, "overset_words": self.overset_words,
                "words_per_line": round(self.words_per_line, 2), "ended_on": self.ended_on,
                "filled": self.filled, "continues_on": self.continues_on, "loose": self.loose}


def is_modular(html: str) -> bool:
    return 'class="page-plan"' in html


def frames_of(module: StoryModule, grid: Grid, head_bottom: float | None, min_lines: int) -> list[Frame]:
    """The frames of a story on one page: one per column of its module, from under its head
    (or the top of its room) to the foot of its room, in whole body lines on the page's
    baseline grid. A column with less than ``min_lines`` of room gets no frame. A story
    that jumps to a later page keeps its last frame's last line for the jump line."""
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
    if module.jumps_to and frames:
        frames[-1] = replace(frames[-1], height=frames[-1].height - grid.leading)
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
    galleys = {slug: (lang, [float(depth) for depth in before.split()], body)
               for slug, lang, before, body in GALLEY.findall(html)}
    chrome = GALLEY.sub("", html)
    rendered = renderer.render_group(group, chrome, modular=False)
    document = rendered.document
    stories: dict[str, list[_Part]] = {}
    targets: dict[int, object] = {}  # page number -> its grid-page box
    grids: dict[int, Grid] = {}
    min_lines, rules = 3, {}
    for plan in plans:
        page = plan["page"]
        grid = grids[page] = Grid(**plan["grid"])
        min_lines, rules = plan["min_lines"], plan["fill"]
        page_box = document.pages[page - group.first_page]._page_box
        section = targets[page] = _find(page_box, lambda box: _id(box) == f"grid-page-{page}")
        for data in plan["stories"]:
            module = StoryModule.from_json(data)
            head = head_bottom = None
            if module.has_head:
                wanted = f"{'cont' if module.jumped_from else 'start'}-{module.slug}"
                head = _placed(section, wanted, "module-head")
                if head is not None:
                    head_bottom = grid.top + (head.position_y + head.margin_height()
                                              - section.content_box_y()) / PX_PER_MM
            if head_bottom is not None:
                _head_clear(module, grid, head_bottom, page)
            stories.setdefault(module.slug, []).append(_Part(module, grid, head, head_bottom))
    rendered.threads = {}
    composer = rules.get("composer")
    for slug, parts in stories.items():
        lang, before, body = galleys[slug]
        spacing, recompose, justification = {}, None, None
        if composer:  # the body's paragraphs set line by line by the paragraph composer
            measurer = measurer_for(renderer, lang)
            width = parts[0].grid.column_width * PX_PER_MM

            def recompose(unhyphenated, source=body, measurer=measurer, width=width):
                return set_body(source, measurer, width, composer, unhyphenated)[0]

            body, setting = set_body(body, measurer, width, composer)
            if setting.composed:
                spacing = {"set_word_spacing_px": -squeeze_px(measurer, composer),
                           "set_letter_spacing_px": -tracking_px(measurer, composer)}
                justification = LineSpacing(composer["shrink"], composer["stretch"], tracking_px(measurer, composer),
                                            measurer.width(" ", "regular"))
            if composer.get("hyphen_before_page_turn"):
                recompose = None
        rendered.threads[slug] = _set_story(renderer, slug, parts, lang, body, targets, grids, min_lines, rules,
                                            before, spacing, recompose, justification)
        if rendered.threads[slug].ended_on is not None:
            rendered.ends[slug] = rendered.threads[slug].ended_on
    return rendered


def _head_clear(module: StoryModule, grid: Grid, head_bottom: float, page: int) -> None:
    """A story's head must end above whatever is placed under it in its columns (an ad, a
    picture): InputError naming them, as the plan's refusals do."""
    for room in module.rooms:
        if room.column in module.head_columns and room.top <= module.top + 0.01 \
                and room.bottom < grid.bottom - 0.01 and head_bottom > room.bottom + grid.gutter - 0.5:
            raise InputError.single(
                f"page {page}: '{module.slug}': its head (headline, picture, standfirst) ends "
                f"{head_bottom - grid.top:.0f} mm down the type area, into what is placed "
                f"{room.bottom + grid.gutter - grid.top:.0f} mm down column {room.column}",
                hint="give the story more columns or a smaller headline (place: headline: s), or "
                     "move what is under it")


@dataclass
class _Part:
    """A story's module on one page, as laid out: its head box and where the head ends."""

    module: StoryModule
    grid: Grid
    head: object | None  # the head's box in the page's box tree
    head_bottom: float | None  # mm from the trim's top

    def frames(self, min_lines: int, shorter_by: int = 0, columns: frozenset = frozenset()) -> list[Frame]:
        """Its frames; those in ``columns`` ``shorter_by`` lines short of their foot."""
        chain = frames_of(self.module, self.grid, self.head_bottom, min_lines)
        return [replace(frame, height=max(frame.height - shorter_by * self.grid.leading,
                                          min_lines * self.grid.leading))
                if shorter_by and frame.column in columns else frame for frame in chain]


def _set_story(renderer, slug: str, parts: list[_Part], lang: str, body: str, targets: dict,
               grids: dict[int, Grid], min_lines: int, rules: dict, before: list[float] = (),
               spacing: dict | None = None, recompose=None,
               justification: LineSpacing | None = None) -> "ThreadedStory":
    """Set a story's copy through its frames, filling what it can: its lead picture made
    deeper or shallower (cropped around its focus, within the layout's limits and never
    below the ppi minimum) so the copy ends at the foot of its frames; still over, its pull
    quote dropped if it then fits; still short, more space above its subheads (within a
    line); then the last page's frames shortened alike so its columns end together. Each
    change is said in ``filled``.

    A story that jumps to a later page fills its frames and goes on there: nothing to fill.
    Its continuation's galley sets the frames of its first part first (``before``: their
    depths), then its own, so its copy goes on at the line where the first part stopped.

    ``justification`` (the composer's spacing) spreads the composed lines as the composer did
    (justify.py). ``recompose`` (the composer's, given the lines that may not end in a hyphen) sets the
    body again when the last line of a column before a page turn is hyphenated. Both parts
    of a jump find the same line in the frames they share, so they set it alike."""
    filled: list[str] = []
    shorter, run = 0, frozenset()  # the last frames of equal depth, to be balanced
    first = parts[0]
    leading = first.grid.leading
    earlier = [Frame(slug, 0, 0, 0.0, 0.0, first.grid.column_width, depth) for depth in before]
    jumps_to = parts[-1].module.jumps_to

    fill: dict = dict(spacing or {})  # what the galley changes: drop_pull_quote, subhead_space_mm

    def chain_of() -> list[Frame]:
        return earlier + [frame for index, part in enumerate(parts)
                          for frame in part.frames(min_lines, shorter if index == len(parts) - 1 else 0, run)]

    def set_galley(frames: list[Frame], changes: dict | None = None, body: str = body):
        with composed_justification(justification) if justification else nullcontext():
            galley = renderer.render_galley(frames, body, lang, first.grid.column_width, {**fill, **(changes or {})})
        return galley, _measure(galley, frames, leading)

    picture = lead_picture(first.head) if first.head is not None and not jumps_to else None
    chain = chain_of()
    if not chain and picture is not None and rules.get("fill_pictures", True):  # no room under the head
        change = resize_lead_picture(picture, first, -picture.height / PX_PER_MM, rules)
        if change:
            first.head_bottom += change
            filled.append(f"page {first.module.page}: '{slug}': lead picture {abs(change):.1f} mm shallower "
                          "to leave room for copy")
            chain = chain_of()
    galley, measured = set_galley(chain)
    resized, may_grow = 0.0, True
    for _ in range(5 if picture is not None and chain and rules.get("fill_pictures", True) else 0):
        under_head = [frame for frame in chain if frame.page == first.module.page
                      and frame.column in first.module.head_columns] or chain[:1]
        if measured.overset_lines:  # shallower until it fits, and no deeper after that
            lines, may_grow = -math.ceil(measured.overset_lines / len(under_head)), False
        elif may_grow:
            lines = measured.empty_lines // len(under_head)
        else:
            break
        change = resize_lead_picture(picture, first, lines * leading, rules) if lines else 0.0
        if not change:
            break
        resized += change
        first.head_bottom += change
        chain = chain_of()
        galley, measured = set_galley(chain)
    if resized:
        filled.append(f"page {first.module.page}: '{slug}': lead picture {abs(resized):.1f} mm "
                      f"{'deeper' if resized > 0 else 'shallower'} ({abs(round(resized / leading))} "
                      f"line(s) a column)")
    # The copy itself (its pull quote, its subheads' space) changes only in a story set whole
    # here: a jump's two parts must set the same lines in the frames they share.
    whole = not jumps_to and not before
    if measured.overset_lines and whole and rules.get("drop_pull_quotes", True) \
            and 'class="pullquote"' in body:  # over: without its pull quote, if it then fits
        trial = set_galley(chain, {"drop_pull_quote": True})
        if not trial[1].overset_lines:
            fill["drop_pull_quote"] = True
            filled.append(f"page {first.module.page}: '{slug}': pull quote dropped "
                          f"({measured.overset_lines} line(s) over with it)")
            galley, measured = trial
    subheads = len(SUBHEAD.findall(body))
    empty_here = measured.empty[len(earlier):]
    space = rules.get("subhead_space_lines", 0.0)
    if subheads and space and whole and not measured.overset_lines and max(empty_here, default=0) > 1:
        # short: more space above each subhead, within a line, if the copy then still fits
        extra = min(space, sum(empty_here) / subheads)
        for lines in (extra, extra / 2):
            trial = set_galley(chain, {"subhead_space_mm": lines * leading})
            if not trial[1].overset_lines:
                fill["subhead_space_mm"] = lines * leading
                filled.append(f"page {parts[-1].module.page}: '{slug}': {lines:.2f} line(s) more space above "
                              f"each of its {subheads} subhead(s)")
                galley, measured = trial
                break
    last = [frame for frame in chain if frame.page == parts[-1].module.page]
    while len(last) > 1 and abs(last[0].height - last[-1].height) > 0.01:  # an L: balance its last leg
        last = last[1:]
    empty_in_run = sum(measured.empty[len(chain) - len(last):])
    if not jumps_to and not measured.overset_lines and len(last) > 1 and empty_in_run >= max(2, len(last) - 1):
        # Each frame of the run k lines short of its foot, or all but the last (the copy then
        # ends in it within a line of the others): the first of these that sets without
        # overset, k from the even share down (at least 1: two lines short in the last of
        # three frames become one in each of the first two). Widows and orphans decide which can.
        share = max(1, empty_in_run // len(last))
        columns = [frame.column for frame in last]
        trials = [(k, frozenset(columns[:cut])) for k in range(share, 0, -1)
                  for cut in (len(columns), len(columns) - 1)][:4]
        for shorter, run in trials:
            trial = chain_of()
            trial_galley, trial_measured = set_galley(trial)
            if not trial_measured.overset_lines:
                chain, galley, measured = trial, trial_galley, trial_measured
                filled.append(f"page {parts[-1].module.page}: '{slug}': columns balanced, "
                              f"{len(run)} of them {shorter} line(s) short of the foot")
                break
        else:
            shorter, run = 0, frozenset()
    turns = _page_turns(chain, len(earlier), bool(jumps_to))
    kept: dict[int, frozenset[int]] = {}  # no hyphen where the reader turns the page
    for _ in range(3 if recompose is not None and turns else 0):
        found = _hyphens_at(galley, turns)
        if not found:
            break
        kept = {paragraph: kept.get(paragraph, frozenset()) | found.get(paragraph, frozenset())
                for paragraph in kept.keys() | found.keys()}
        trial = set_galley(chain, body=recompose(kept))
        if whole and trial[1].overset_lines > measured.overset_lines:
            break  # (a jump's parts always take it, so that both set the frames they share alike)
        galley, measured = trial
    rooms = {(part.module.page, frame.column): frame.height
             for part in parts for frame in part.frames(min_lines)}
    loose = _loose_lines(slug, chain, galley, targets)
    story = _thread(slug, chain, galley, targets, grids, rooms)
    story.filled, story.loose = filled, loose
    if jumps_to:  # what did not fit here is not overset: it goes on on the later page
        story.overset_lines = story.overset_words = 0
        story.ended_on, story.continues_on = parts[-1].module.page, jumps_to
        _place_jump_line(slug, chain[-1] if chain else None, targets, grids)
    return story


LOOSE_LINE = 3.0  # word spaces this many times natural: a line the editor should reword (issue 21)


def _loose_lines(slug: str, chain: list[Frame], galley, targets: dict) -> list[str]:
    """The composed lines set on these pages whose word spaces are above LOOSE_LINE times
    natural (justify.py measured them): the composer could do no better with the house rules
    (names are never hyphenated), and a reworded sentence can."""
    from weasyprint.formatting_structure.boxes import LineBox, TextBox

    found = []
    for frame, page in zip(chain, galley.pages):
        if frame.page not in targets:
            continue
        for line in page._page_box.descendants():
            ratio = getattr(line, "word_space_ratio", 0.0) if isinstance(line, LineBox) else 0.0
            if ratio > LOOSE_LINE:
                text = "".join(box.text for box in line.descendants() if isinstance(box, TextBox))
                found.append(f"page {frame.page}: '{slug}': \u201c{text}\u201d: word spaces {ratio:.1f}x natural")
    return found


def _page_turns(chain: list[Frame], shared: int, jumps: bool) -> list[int]:
    """The frames of ``chain`` whose last line is read before a page turn: the last before
    the copy goes on on a later page that does not face it (a jump's first part: its last
    frame; a continuation: the last of the ``shared`` frames it sets again)."""
    turns = [index for index in range(len(chain) - 1) if chain[index].page != chain[index + 1].page
             and not (chain[index].page % 2 == 0 and chain[index + 1].page == chain[index].page + 1)]
    if shared and shared - 1 not in turns:
        turns.append(shared - 1)
    if jumps and chain:
        turns.append(len(chain) - 1)
    return sorted(set(turns))


def _hyphens_at(galley, frames: list[int]) -> dict[int, frozenset[int]]:
    """The composed lines that end the given frames (galley pages) with a hyphen, as
    {paragraph: line numbers}: paragraphs numbered as compose/lines.py's set_body numbers
    them, lines from 0."""
    from weasyprint.formatting_structure.boxes import BlockBox, LineBox, TextBox

    numbers: dict[int, int] = {}  # id(element) -> paragraph number
    counted: dict[int, int] = {}  # id(element) -> its lines so far
    found: dict[int, set[int]] = {}
    for index, page in enumerate(galley.pages[:max(frames, default=-1) + 1]):
        where: dict[int, tuple[int, int] | None] = {}  # id(line box) -> (paragraph, line) if composed
        last = None
        for box in page._page_box.descendants():
            if isinstance(box, BlockBox) and box.element_tag == "p" and (
                    has_class(box, "set") or has_class(box, "hyphenated")):
                key = id(box.element)
                numbers.setdefault(key, len(numbers))
                for line in box.children:
                    if isinstance(line, LineBox):
                        where[id(line)] = (numbers[key], counted.get(key, 0)) if has_class(box, "set") else None
                        counted[key] = counted.get(key, 0) + 1
            if isinstance(box, LineBox):
                last = box
        if index in frames and last is not None and where.get(id(last)):
            text = "".join(box.text for box in last.descendants() if isinstance(box, TextBox))
            if text.rstrip().endswith(HYPHEN):
                paragraph, line = where[id(last)]
                found.setdefault(paragraph, set()).add(line)
    return {paragraph: frozenset(lines) for paragraph, lines in found.items()}


def _place_jump_line(slug: str, frame: Frame | None, targets: dict, grids: dict[int, Grid]) -> None:
    """Move the story's jump line ("Continued on page N") up under its last frame."""
    if frame is None:
        return
    section = targets[frame.page]
    line = _placed(section, f"jump-{slug}")
    if line is not None:
        y = section.content_box_y() + (frame.y + frame.height - grids[frame.page].top) * PX_PER_MM
        line.translate(0, y - line.position_y)


@dataclass
class _Measured:
    lines: list[int]  # lines set in each frame
    empty_lines: int  # whole body lines left empty in the frames
    empty: list[int]  # ... in each frame
    overset_lines: int  # lines set after the last frame


def _measure(galley, chain: list[Frame], leading: float) -> _Measured:
    """How the galley filled the frames of ``chain`` (``leading``: the body leading, mm)."""
    from weasyprint.formatting_structure.boxes import MarginBox

    lines, empty = [], []
    for index, frame in enumerate(chain):
        used = 0.0
        if index < len(galley.pages):
            root = next(child for child in galley.pages[index]._page_box.children
                        if not isinstance(child, MarginBox))
            count, _, bottom = _count(root)
            lines.append(count)
            used = (bottom - root.position_y) / PX_PER_MM if count else 0.0
        else:
            lines.append(0)
        empty.append(int(max(0.0, frame.height - used) / leading + 0.02))  # (mm rounded from px: a hair under a line is a line)
    overset = 0
    for page in galley.pages[len(chain):]:
        root = next(child for child in page._page_box.children if not isinstance(child, MarginBox))
        overset += _count(root)[0]
    return _Measured(lines, sum(empty), empty, overset)


def _thread(slug: str, chain: list[Frame], galley, targets: dict, grids: dict[int, Grid],
            rooms: dict[tuple[int, int], float]) -> ThreadedStory:
    """Move the galley's pages onto their frames; measure each frame's fill (against the
    room its column had, ``rooms`` by page and column) and the overset."""
    from weasyprint.formatting_structure.boxes import MarginBox

    story = ThreadedStory(slug)
    lines_set = words_set = 0
    for index, frame in enumerate(chain):
        if frame.page not in targets:  # set on an earlier page: only where the copy goes on from
            continue
        story.depths.append(frame.height)
        room = rooms.get((frame.page, frame.column), frame.height)
        fill = FrameFill(frame.page, index + 1, frame.column, room, room, 0)
        story.frames.append(fill)
        if index >= len(galley.pages):
            continue
        page_box = galley.pages[index]._page_box
        root = next(child for child in page_box.children if not isinstance(child, MarginBox))
        lines, words, bottom = _count(root)
        fill.lines = lines
        lines_set += lines
        words_set += words
        fill.empty_mm = max(0.0, room - (bottom - root.position_y) / PX_PER_MM) if lines else room
        section = targets[frame.page]
        grid = grids[frame.page]
        x = section.content_box_x() + (frame.x - grid.left) * PX_PER_MM
        y = section.content_box_y() + (frame.y - grid.top) * PX_PER_MM
        root.translate(x - root.content_box_x(), y - root.content_box_y())
        section.children = [*section.children, root]
        if frame.rule_before:  # the page's column rule, as deep as this frame
            rule = _placed(section, f"rule-{slug}-{frame.page}-{frame.column}")
            if rule is not None:
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
        texts = ""
        if isinstance(child, LineBox):
            texts = "".join(text.text for text in child.descendants() if isinstance(text, TextBox))
            if texts.strip():
                lines += 1
                words += len(texts.split())
        if child is not box and hasattr(child, "margin_height") and getattr(child, "height", None) not in (None, "auto"):
            # (a line with no text, the story's end marker, sets nothing)
            if (isinstance(child, LineBox) and texts.strip()) \
                    or getattr(child, "element_tag", None) in ("img", "figure", "aside", "blockquote"):
                bottom = max(bottom, child.position_y + child.margin_height())
    return lines, words, bottom


def _id(box) -> str:
    element = getattr(box, "element", None)
    return (element.get("id") or "") if element is not None else ""


def _classes(box) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _placed(section, element_id: str, css_class: str | None = None):
    """The laid-out box of the absolutely placed element ``element_id`` (of ``css_class``)
    in a grid page's box tree (through its placeholder), or None."""
    found = _find(section, lambda box: _id(box) == element_id and (css_class is None or css_class in _classes(box)))
    return getattr(found, "_box", found)


def _find(box, wanted):
    if wanted(box):
        return box
    for child in getattr(box, "children", ()):
        found = _find(child, wanted)
        if found is not None:
            return found
    return None
