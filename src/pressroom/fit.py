"""Copyfit: how each article fits its allotted pages, measured on the rendered pages.

For every article Pressroom counts the lines of body copy that landed on its allotted pages.
When a page group runs long (or its copy was clipped), the group is laid out once more on one
endless page in the same column widths, which gives every line the copy needs; the difference
is the overset. When a group runs short (a story allotted pages 8-9 that ends on page 8), it
is laid out again with its missing pages as blank pages under their running heads, so that
the room on each of them is measured too. Space left is given to the stories that end at the
foot of the group's last page with copy. Editors get lines and words over or under, page by
page, and a fill percentage.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from .manifest import PageGroup
from .render import RenderedGroup

OVER, UNDER, FIT = "OVER", "UNDER", "FIT"
BROKEN_WORD_ENDS = ("\u2010", "-", "\u00ad")  # hyphenation's hyphen, a hyphen, a soft hyphen


@dataclass
class ArticleFit:
    slug: str
    pages: str
    status: str
    lines: int            # body lines set on the allotted pages
    lines_over: int = 0   # column lines to cut: the last lines of the copy
    words_over: int = 0   # the words on those lines: cutting them from the end makes it fit
    lines_under: int = 0  # column lines to fill, all pages together (FIT: room within the tolerance)
    words_under: int = 0
    fill_percent: float = 100.0
    ads: list[str] = field(default_factory=list)  # ads sharing its pages: the copy fits above them
    # Lines and words to fill on each page of the range that has room:
    # [{"page": 8, "lines": 12, "words": 70}, {"page": 9, "lines": 450, "words": 2610}]
    under_by_page: list[dict] = field(default_factory=list)
    empty_pages: list[int] = field(default_factory=list)  # planned pages none of its copy reaches
    # A story set through frames (a modular page, compose/): each frame's fill,
    # [{"page": 3, "frame": 2, "column": 4, "depth_mm": 210.2, "empty_mm": 40.9, "lines": 62}]
    frames: list[dict] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)  # what the build did to fill them
    loose: list[str] = field(default_factory=list)  # composed lines with wide word spaces: reword them

    @property
    def unfit(self) -> bool:
        """Copy that cannot go to press as it is: OVER, or a planned page left empty. The
        build refuses it (a proof shows it) and ``pressroom fit`` exits 1."""
        return self.status == OVER or bool(self.empty_pages)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class CopyCount:
    """Body lines and words of one article on given pages, and where its boxes end."""

    lines: int = 0
    words: int = 0
    columns: int = 1
    bottoms: dict[int, float] = field(default_factory=dict)  # page index -> lowest box bottom
    line_words: list[int] = field(default_factory=list)  # words on each body line, in order


def count_copy(document, page_indexes) -> dict[str, CopyCount]:
    """Walk the laid-out boxes of the given pages and count each article's body lines."""
    from weasyprint.formatting_structure.boxes import LineBox, TextBox

    counts: dict[str, CopyCount] = {}

    def walk(box, slug: str | None, in_body: bool, page_index: int) -> None:
        element = getattr(box, "element", None)
        element_id = element.get("id", "") if element is not None else ""
        if element_id.startswith(("start-", "cont-")) and getattr(box, "element_tag", "") != "span":
            slug = element_id.split("-", 1)[1]
            count = counts.setdefault(slug, CopyCount())
            bottom = box.position_y + box.margin_height()
            count.bottoms[page_index] = max(count.bottoms.get(page_index, 0), bottom)
        classes = (element.get("class", "") if element is not None else "").split()
        if "story__body" in classes and slug:
            in_body = True
            columns = box.style["column_count"]
            if isinstance(columns, int):  # the column boxes inside say "auto"
                counts[slug].columns = max(counts[slug].columns, columns)
        if isinstance(box, LineBox):
            if in_body and slug:
                texts = [text.text for text in box.descendants() if isinstance(text, TextBox)]
                words = sum(len(text.split()) for text in texts)
                if words and "".join(texts).rstrip().endswith(BROKEN_WORD_ENDS):
                    words -= 1  # a word broken at the line's end counts on the line it ends on
                counts[slug].lines += 1
                counts[slug].words += words
                counts[slug].line_words.append(words)
            return
        for child in getattr(box, "children", ()):
            walk(child, slug, in_body, page_index)

    for index in page_indexes:
        walk(document.pages[index]._page_box, None, False, index)
    return counts


def content_bottom(document, page_index: int) -> float:
    """Bottom of the page's content area (CSS px)."""
    page_box = document.pages[page_index]._page_box
    return page_box.content_box_y() + page_box.height


def content_height(document, page_index: int) -> float:
    """Height of the page's content area (CSS px): the room on a blank page of the group."""
    return document.pages[page_index]._page_box.height


def words_on_last_lines(count: CopyCount, lines: int) -> int:
    """The words on the last ``lines`` body lines: cutting that many words from the end
    takes those lines away whole, so no stub of a word or two is left on a line of its
    own. (A word broken at a line's end counts on the line it ends on: cutting the lines
    after the break takes the whole word.)"""
    return sum(count.line_words[-lines:]) if lines > 0 else 0


def measure_group(rendered: RenderedGroup, measured: RenderedGroup | None,
                  leading_px: float, under_share: float) -> list[ArticleFit]:
    """Fit of every article of one page group.

    ``measured`` is the same group laid out on one endless page (needed only when the
    group ran long or lost copy). A group that ran short is best measured laid out with
    its missing pages added blank (``build.padded``); without them, each missing page is
    taken to hold as much as the last page laid out."""
    if rendered.threads:
        return threaded_fits(rendered, leading_px)
    group: PageGroup = rendered.group
    document = rendered.document
    planned = len(group.pages)
    allotted = range(min(planned, rendered.page_count))
    inside = count_copy(document, allotted)
    full = count_copy(measured.document, range(len(measured.document.pages))) if measured else {}
    # The last page holding any story's copy; the planned pages after it hold none.
    last = max((index for count in inside.values() for index in count.bottoms if index in allotted),
               default=allotted[-1] if allotted else 0)
    lowest = max((c.bottoms.get(last, 0) for c in inside.values()), default=0)
    bottom = content_bottom(document, last)
    slack = max(0.0, bottom - lowest)
    page_height = bottom - document.pages[last]._page_box.content_box_y()
    empty = range(last + 1, planned)
    fits = []
    for slug in group.slugs + group.continued:
        copy = inside.get(slug, CopyCount())
        total = full.get(slug, copy)
        words_per_line = (total.words / total.lines) if total.lines else 0
        ended_inside = rendered.ends.get(slug) in group.pages
        lines_over = max(0, total.lines - copy.lines) if measured else 0
        if lines_over or not ended_inside:
            lines_over = max(lines_over, 1)
            # The words on the lines to cut when every line was counted; else an estimate.
            words_over = words_on_last_lines(total, lines_over) if measured and total.line_words \
                else math.ceil(lines_over * words_per_line)
            fits.append(ArticleFit(
                slug, str(group.pages), OVER, copy.lines, lines_over, words_over,
                fill_percent=round(100 * total.lines / max(copy.lines, 1), 1)))
            continue
        at_foot = copy.bottoms.get(last, -1e9) >= lowest - leading_px
        by_page: list[tuple[int, int, float]] = []  # (page number, column lines to fill, page height)
        if at_foot:
            by_page.append((group.pages.first + last, int(slack // leading_px) * copy.columns, page_height))
            for index in empty:  # blank pages of the plan: the story's to fill
                room = content_height(document, index) if index < rendered.page_count else page_height
                by_page.append((group.pages.first + index, int(room // leading_px) * copy.columns, room))
        by_page = [item for item in by_page if item[1] > 0]
        empty_pages = [group.pages.first + index for index in empty] if at_foot else []
        lines_under = sum(lines for _, lines, _ in by_page)
        short = at_foot and page_height and slack / page_height > under_share
        status = UNDER if short or empty_pages else FIT
        under_by_page = []
        for number, (page, lines, height) in enumerate(by_page, start=1):
            # The words are aimed half the tolerance short of the foot of the page where the
            # copy will end: within the tolerance, not at its edge where a word or two more
            # (or a line broken differently) goes over.
            margin = int(under_share * height / 2 // leading_px) * copy.columns \
                if number == len(by_page) and status == UNDER else 0
            under_by_page.append({"page": page, "lines": lines,
                                  "words": math.floor(max(0, lines - margin) * words_per_line)})
        fits.append(ArticleFit(
            slug, str(group.pages), status, copy.lines, 0, 0, lines_under,
            sum(item["words"] for item in under_by_page),
            round(100 * copy.lines / max(copy.lines + lines_under, 1), 1),
            under_by_page=under_by_page, empty_pages=empty_pages))
    return fits


def threaded_fits(rendered: RenderedGroup, leading_px: float) -> list[ArticleFit]:
    """Fit of the stories of a modular page group, from their frames (compose/frames.py):
    OVER by the lines the galley set after the last frame; UNDER when a frame's copy ends
    more than a body line above its foot (lines and words to add, page by page)."""
    leading_mm = leading_px * 25.4 / 96
    fits = []
    for slug, story in rendered.threads.items():
        lines = sum(fill.lines for fill in story.frames)
        frames = [fill.as_dict() for fill in story.frames]
        pages = str(rendered.group.pages)
        if story.overset_lines or story.ended_on is None:
            over = max(story.overset_lines, 1)
            fits.append(ArticleFit(slug, pages, OVER, lines, over, max(story.overset_words, 1),
                                   fill_percent=round(100 * (lines + over) / max(lines, 1), 1), frames=frames,
                                   filled=story.filled, loose=story.loose))
            continue
        by_page: dict[int, int] = {}
        for fill in story.frames:
            empty_lines = int(fill.empty_mm / leading_mm + 1e-6)
            if empty_lines > 1:  # within a line of the foot is full
                by_page[fill.page] = by_page.get(fill.page, 0) + empty_lines
        under = sum(by_page.values())
        under_by_page = [{"page": page, "lines": count, "words": math.floor(count * story.words_per_line)}
                         for page, count in sorted(by_page.items())]
        fits.append(ArticleFit(slug, pages, UNDER if under else FIT, lines, 0, 0, under,
                               sum(item["words"] for item in under_by_page),
                               round(100 * lines / max(lines + under, 1), 1),
                               under_by_page=under_by_page, frames=frames, filled=story.filled,
                               loose=story.loose))
    return fits


def group_ran_long(rendered: RenderedGroup) -> bool:
    """True when the group took more pages than planned or an article's end went missing
    (a modular group's stories measure their own overset: only its pages count)."""
    if rendered.threads:
        return rendered.page_count > len(rendered.group.pages)
    return (rendered.page_count > len(rendered.group.pages)
            or any(rendered.ends.get(slug) not in rendered.group.pages for slug in rendered.group.slugs))


def group_ran_short(rendered) -> bool:
    """True when the group (a RenderedGroup or a chunk) made fewer pages than planned: its
    copy ends before its last planned page, which WeasyPrint then never makes."""
    return rendered.page_count < len(rendered.group.pages)


STATUS_COLOURS = {OVER: "red", UNDER: "blue", FIT: "green"}


def pages_text(pages: list[int]) -> str:
    return f"page{'s' if len(pages) > 1 else ''} {', '.join(str(page) for page in pages)}"


def what_to_do(fit: ArticleFit) -> str:
    """The action a row asks for, in words: enough when followed literally."""
    if fit.status == OVER:
        return f"cut {fit.words_over:,} words (or the last {fit.lines_over:,} lines)"
    if fit.status == UNDER:
        text = f"fill {fit.lines_under:,} lines, about {fit.words_under:,} words"
        if len(fit.under_by_page) > 1 or fit.empty_pages:
            text += ": " + ", ".join(f"p{item['page']} {item['lines']:,} lines ({item['words']:,} words)"
                                     for item in fit.under_by_page)
        if fit.empty_pages:
            text += f"; {pages_text(fit.empty_pages)} left empty"
        return text
    # A FIT story's room at its foot is within the tolerance: nothing to do.
    return f"fits (room for {fit.lines_under:,} more lines)" if fit.lines_under else "fits"


def fit_table(fits: list[ArticleFit]) -> list[str]:
    """The copyfit table as lines of text, statuses coloured (click strips colour off a terminal):
    a header, a rule, one row per story, a summary."""
    import click

    header = (f"{'article':32} {'pages':>5}  {'status':6} {'lines':>6} {'words':>6} {'fill':>7}"
              "  to do")
    lines = [header, "-" * (len(header) + 30)]
    for fit in fits:
        if fit.status == OVER:
            lines_text, words_text, fill = f"+{fit.lines_over}", f"+{fit.words_over}", f"{fit.fill_percent:.1f}%"
        elif fit.status == UNDER:
            lines_text, words_text, fill = f"-{fit.lines_under}", f"-{fit.words_under}", f"{fit.fill_percent:.1f}%"
        else:  # nothing to do: no figures to misread
            lines_text, words_text, fill = "", "", ""
        status = click.style(f"{fit.status:6}", fg=STATUS_COLOURS[fit.status], bold=fit.unfit)
        ads = ("  ad space: " + ", ".join(fit.ads)) if fit.ads else ""
        lines.append(f"{fit.slug:32} {fit.pages:>5}  {status} {lines_text:>6} {words_text:>6} "
                     f"{fill:>7}  {what_to_do(fit)}{ads}")
    over = sum(fit.status == OVER for fit in fits)
    empty = sum(bool(fit.empty_pages) for fit in fits)
    lines.append(f"{len(fits)} articles: {over} over, "
                 f"{sum(fit.status == UNDER for fit in fits)} under"
                 + (f" ({empty} leaving a planned page empty)" if empty else "")
                 + f", {sum(fit.status == FIT for fit in fits)} fit "
                 "(lines are column lines: + to cut, - to fill; pressroom fit --help explains)")
    return lines
