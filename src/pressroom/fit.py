"""Copyfit: how each article fits its allotted pages, measured on the rendered pages.

For every article Pressroom counts the lines of body copy that landed on its allotted pages.
When a page group runs long (or its copy was clipped), the group is laid out once more on one
endless page in the same column widths, which gives every line the copy needs; the difference
is the overset. Space left is measured at the foot of the group's last page and given to the
stories that end there. Editors get lines and words over or under and a fill percentage.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from .manifest import PageGroup
from .render import RenderedGroup

OVER, UNDER, FIT = "OVER", "UNDER", "FIT"


@dataclass
class ArticleFit:
    slug: str
    pages: str
    status: str
    lines: int            # body lines set on the allotted pages
    lines_over: int = 0
    words_over: int = 0
    lines_under: int = 0
    words_under: int = 0
    fill_percent: float = 100.0
    ads: list[str] = field(default_factory=list)  # ads sharing its pages: the copy fits above them

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class CopyCount:
    """Body lines and words of one article on given pages, and where its boxes end."""

    lines: int = 0
    words: int = 0
    columns: int = 1
    bottoms: dict[int, float] = field(default_factory=dict)  # page index -> lowest box bottom


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
                counts[slug].lines += 1
                counts[slug].words += sum(len(text.text.split()) for text in box.descendants()
                                          if isinstance(text, TextBox))
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


def measure_group(rendered: RenderedGroup, measured: RenderedGroup | None,
                  leading_px: float, under_share: float) -> list[ArticleFit]:
    """Fit of every article of one page group.

    ``measured`` is the same group laid out on one endless page (needed only when the
    group ran long or lost copy)."""
    group: PageGroup = rendered.group
    planned = len(group.pages)
    allotted = range(min(planned, rendered.page_count))
    inside = count_copy(rendered.document, allotted)
    full = count_copy(measured.document, range(len(measured.document.pages))) if measured else {}
    last = allotted[-1] if allotted else 0
    lowest = max((c.bottoms.get(last, 0) for c in inside.values()), default=0)
    bottom = content_bottom(rendered.document, last)
    slack = max(0.0, bottom - lowest)
    page_height = bottom - rendered.document.pages[last]._page_box.content_box_y()
    fits = []
    for slug in group.slugs + group.continued:
        copy = inside.get(slug, CopyCount())
        total = full.get(slug, copy)
        words_per_line = (total.words / total.lines) if total.lines else 0
        ended_inside = rendered.ends.get(slug) in group.pages
        lines_over = max(0, total.lines - copy.lines) if measured else 0
        if lines_over or not ended_inside:
            lines_over = max(lines_over, 1)
            fits.append(ArticleFit(
                slug, str(group.pages), OVER, copy.lines, lines_over,
                math.ceil(lines_over * words_per_line),
                fill_percent=round(100 * total.lines / max(copy.lines, 1), 1)))
            continue
        at_foot = copy.bottoms.get(last, -1e9) >= lowest - leading_px
        lines_under = int(slack // leading_px) * copy.columns if at_foot else 0
        status = UNDER if at_foot and page_height and slack / page_height > under_share else FIT
        fits.append(ArticleFit(
            slug, str(group.pages), status, copy.lines, 0, 0, lines_under,
            math.floor(lines_under * words_per_line),
            round(100 * copy.lines / max(copy.lines + lines_under, 1), 1)))
    return fits


def group_ran_long(rendered: RenderedGroup) -> bool:
    """True when the group took more pages than planned or an article's end went missing."""
    return (rendered.page_count > len(rendered.group.pages)
            or any(rendered.ends.get(slug) not in rendered.group.pages for slug in rendered.group.slugs))


STATUS_COLOURS = {OVER: "red", UNDER: "blue", FIT: "green"}


def fit_table(fits: list[ArticleFit]) -> list[str]:
    """The copyfit table as lines of text, statuses coloured (click strips colour off a terminal)."""
    import click

    header = f"{'article':32} {'pages':>5}  {'status':6} {'lines':>6} {'words':>6} {'fill':>7}"
    lines = [header, "-" * len(header)]
    for fit in fits:
        if fit.status == OVER:
            lines_text, words_text = f"+{fit.lines_over}", f"+{fit.words_over}"
        elif fit.lines_under:
            lines_text, words_text = f"-{fit.lines_under}", f"-{fit.words_under}"
        else:
            lines_text, words_text = "0", "0"
        status = click.style(f"{fit.status:6}", fg=STATUS_COLOURS[fit.status], bold=fit.status == OVER)
        ads = ("  ad space: " + ", ".join(fit.ads)) if fit.ads else ""
        lines.append(f"{fit.slug:32} {fit.pages:>5}  {status} {lines_text:>6} {words_text:>6} "
                     f"{fit.fill_percent:>6.1f}%{ads}")
    over = sum(fit.status == OVER for fit in fits)
    lines.append(f"{len(fits)} articles: {over} over, "
                 f"{sum(fit.status == UNDER for fit in fits)} under, "
                 f"{sum(fit.status == FIT for fit in fits)} fit "
                 "(lines are column lines; + to cut, - to fill)")
    return lines
