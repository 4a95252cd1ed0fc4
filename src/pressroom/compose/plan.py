"""Page plans: where each story of a modular page sits on the grid, and what is in its way.

The items of a page are placed in the order the issue lists them. A story's ``place``
gives its columns and depth (``compose.grid``); its top is under whatever stories are
already above it in those columns (or the ``top`` it names). Booked ads are fixed first
(ads.py gives their rectangles): a story whose depth is ``rest`` runs down to the foot of
the type area around them, one gutter clear, and so does a story given a depth that
reaches them: its module is not always a rectangle (an L around a corner ad, a narrow leg
beside an upright half page). A placed picture that would overlap an ad or another fixed
item, a story under one that takes the rest of its columns, or a module past the foot is
refused with both named, before anything is laid out.

The plan of a page says, for each of its stories, the columns, the top, and for each
column the depth the copy may take; the head (kicker, headline, lead picture, standfirst)
spans the columns free at the top, and the copy is set in frames under it (frames.py).
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field

from ..errors import InputError, Problem
from ..layout import AROUND_POSITIONS, LayoutConfig
from ..manifest import Manifest, Place
from ..yamlfile import YamlDocument
from .grid import EPSILON_MM, ColumnSpan, Grid, Rect, parse_columns, parse_depth

HEADLINE_BY_WIDTH = {5: "l", 4: "m", 3: "m", 2: "s", 1: "s"}


@dataclass(frozen=True)
class ColumnRoom:
    """The room a story's copy has in one grid column: from ``top`` to ``bottom`` (mm)."""

    column: int
    top: float
    bottom: float


@dataclass(frozen=True)
class StoryModule:
    """One story on one page: its columns, its top, the columns its head spans, and the
    room in each of its columns (around the ads in the way)."""

    slug: str
    page: int
    columns: ColumnSpan
    top: float
    bottom: float  # the lowest foot of any of its columns
    head_columns: ColumnSpan
    rooms: tuple[ColumnRoom, ...]
    headline: str  # size class: xl, l, m, s
    continued: bool = False  # a later page of a story over several pages: no head
    jumps_to: int | None = None  # its copy goes on on this later page ("Continued on page N")
    jumped_from: int | None = None  # a continuation from this earlier page, under a head of its own

    @property
    def has_head(self) -> bool:
        return not self.continued or self.jumped_from is not None

    def as_json(self) -> dict:
        data = asdict(self)
        data["columns"] = str(self.columns)
        data["head_columns"] = str(self.head_columns)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "StoryModule":
        return cls(**{**data, "columns": parse_columns(data["columns"]),
                      "head_columns": parse_columns(data["head_columns"]),
                      "rooms": tuple(ColumnRoom(**room) for room in data["rooms"])})


@dataclass(frozen=True)
class PictureModule:
    """One of a story's pictures placed on the grid: ``index`` counts from 0 in the
    article's images; ``rect`` is the whole module, caption included."""

    slug: str
    index: int
    page: int
    columns: ColumnSpan
    rect: Rect
    across: str | None = None  # "left" or "right": its half of a picture across the spread's gutter


@dataclass
class PagePlan:
    """A modular page: its grid, its stories' modules, its placed pictures and its ads."""

    page: int
    grid: Grid
    min_lines: int = 3
    stories: list[StoryModule] = field(default_factory=list)
    pictures: list[PictureModule] = field(default_factory=list)
    ads: list[Rect] = field(default_factory=list)
    ears: bool = False  # ads beside the masthead (page 1)
    fill: dict = field(default_factory=dict)  # how far the build may fill (layout's frames, min_ppi)

    def as_json(self) -> dict:
        """What the page's HTML carries for its layout (frames.py reads it back)."""
        return {"page": self.page, "grid": asdict(self.grid), "min_lines": self.min_lines, "fill": self.fill,
                "stories": [story.as_json() for story in self.stories],
                "ads": [asdict(rect) for rect in self.ads]}

    def head_rect(self, story: StoryModule) -> Rect:
        """Where a story's head goes: the columns free at its top."""
        return self.grid.span_rect(story.head_columns, story.top, story.bottom - story.top)

    def rules(self) -> list[Rect]:
        """A hairline across each story set under something else, in the gap above it."""
        found = []
        gap = self.grid.leading / 2
        for story in self.stories:
            if story.top > self.grid.top + 1 and story.has_head:
                found.append(Rect(self.grid.column_x(story.columns.first), story.top - gap,
                                  self.grid.span_width(story.columns), 0))
        return found


@dataclass(frozen=True)
class _Item:
    """A story or a picture waiting for its place, with where the plan names it."""

    slug: str
    place: Place
    where: tuple
    picture: int | None = None  # the picture's index (from 0), for a placed picture
    continued: bool = False
    across: str | None = None  # a picture across the spread: "left" or "right" half
    jumps_to: int | None = None
    jumped_from: int | None = None

    @property
    def name(self) -> str:
        return f"'{self.slug}'" if self.picture is None else f"picture {self.picture + 1} of '{self.slug}'"


@dataclass(frozen=True)
class _Obstacle:
    rect: Rect
    label: str


def modular_pages(manifest: Manifest, presets: dict[str, Place] | None = None) -> set[int]:
    """The pages laid out on the grid: every page of a story that has a place (its own, or
    its page type's: ``presets``)."""
    presets = presets or {}
    return {page for section in manifest.sections for slot in section.articles
            if slot.place or slot.slug in presets
            for page in [*slot.pages, *([slot.continues_on] if slot.continued_place else [])]}


def preset_places(manifest: Manifest, document: YamlDocument, config: LayoutConfig) -> dict[str, Place]:
    """The place each story of a preset page type takes (``page_presets`` in layout.yaml):
    the n-th story starting on a page gets the preset's n-th module, unless it has a place
    of its own. InputError for a page with more stories than its preset has modules."""
    places: dict[str, Place] = {}
    problems: list[Problem] = []
    for s_index, section in enumerate(manifest.sections):
        preset = config.page_presets.get(section.page_type)
        if preset is None:
            continue
        on_page: dict[int, int] = {}
        for a_index, article in enumerate(section.articles):
            index = on_page[article.pages.first] = on_page.get(article.pages.first, -1) + 1
            if article.place is not None:
                continue
            if index >= len(preset):
                line, column = document.position(("sections", s_index, "articles", a_index)) or (None, None)
                problems.append(Problem(
                    f"page {article.pages.first}: '{article.slug}' is story {index + 1} of the page, but the page "
                    f"type '{section.page_type}' has {len(preset)} module(s)", document.file, line, column,
                    "give it a place of its own (place: {columns: 1-2, depth: rest}), or move it to another page"))
                continue
            shape = preset[index]
            places[article.slug] = Place(columns=shape.columns, depth=shape.depth, headline=shape.headline)
    if problems:
        raise InputError(problems)
    return places


def plan_pages(manifest: Manifest, document: YamlDocument, config: LayoutConfig, slots: list,
               picture_counts: dict[str, int] | None = None) -> dict[int, PagePlan]:
    """Every modular page's plan, from the issue's places and the booked ``slots``
    (ads.Slot). ``picture_counts`` (images per article) checks placed pictures' numbers.
    InputError naming every item that does not fit, before any layout."""
    problems: list[Problem] = []
    plans: dict[int, PagePlan] = {}
    presets = preset_places(manifest, document, config)
    pages = modular_pages(manifest, presets)

    def refuse(item: _Item, page: int, refused: "_Refused") -> None:
        line, column = document.position(item.where + (refused.key,)) or document.position(item.where) \
            or (None, None)
        problems.append(Problem(f"page {page}: {item.name}: {refused.message}", document.file, line, column,
                                refused.hint))

    for page in sorted(pages):
        grid = Grid.of(config, page)
        plan = plans[page] = PagePlan(page, grid, config.frames.min_lines, fill={
            "fill_pictures": config.frames.fill_pictures, "min_aspect": config.frames.picture_aspect[0],
            "max_aspect": config.frames.picture_aspect[1], "min_ppi": config.min_image_ppi,
            "drop_pull_quotes": config.frames.drop_pull_quotes,
            "subhead_space_lines": config.frames.subhead_space_lines,
            "composer": config.composer.model_dump() if config.composer else None})
        on_page = [slot for slot in slots if slot.booking.page == page and slot.booking.position != "page"]
        plan.ads = [Rect(slot.x, slot.y, slot.width, slot.height) for slot in on_page]
        plan.ears = any(slot.booking.position.startswith("ear") for slot in on_page)
        obstacles = [_Obstacle(Rect(slot.x, slot.y, slot.width, slot.height), slot.label) for slot in on_page]
        items: list[_Item] = []
        jumped: list[_Item] = []
        for s_index, section in enumerate(manifest.sections):
            for a_index, article in enumerate(section.articles):
                where = ("sections", s_index, "articles", a_index)
                for p_index, placed in enumerate(article.pictures):
                    on = placed.page or article.pages.first
                    if placed.across and page == on + 1:  # the right-hand half of a picture across the spread
                        items.append(_Item(article.slug, placed.place, where + ("pictures", p_index, "place"),
                                           placed.picture - 1, across="right"))
                        continue
                    centre = manifest.pages // 2  # the centre spread's left-hand page: one sheet
                    if placed.across and page == on and (on != centre or on + 1 not in article.pages
                                                         or parse_columns(placed.place.columns or "1").count
                                                         != grid.columns):
                        line, column = document.position(where + ("pictures", p_index)) or (None, None)
                        problems.append(Problem(
                            f"picture {placed.picture} of '{article.slug}' goes across the gutter, so it must "
                            f"span all {grid.columns} columns of the centre spread's left-hand page (page "
                            f"{centre} of {manifest.pages}, the one pair of facing pages printed on one sheet), "
                            "and the story must be on both its pages", document.file, line, column,
                            f"place the story on pages {centre}-{centre + 1} and the picture on page {centre}, "
                            f"columns 1-{grid.columns}; elsewhere its halves would print on different sheets"))
                        continue
                    if placed.page is not None and placed.page not in article.pages and page == article.pages.first:
                        line, column = document.position(where + ("pictures", p_index, "page")) or (None, None)
                        problems.append(Problem(
                            f"picture {placed.picture} of '{article.slug}' is placed on page {placed.page}, "
                            f"which is not one of the story's pages ({article.pages})", document.file, line, column))
                    if (placed.page or article.pages.first) != page:
                        continue
                    count = (picture_counts or {}).get(article.slug)
                    item = _Item(article.slug, placed.place, where + ("pictures", p_index, "place"),
                                 placed.picture - 1, across="left" if placed.across else None)
                    if count is not None and placed.picture > count:
                        refuse(item, page, _Refused(f"the article has {count} picture(s)", "picture",
                                                    f"number its images from 1 to {count}"))
                        continue
                    items.append(item)
                if page in article.pages:
                    own = article.place is not None
                    if not own and article.slug in presets:  # its page type's module
                        article = article.model_copy(update={"place": presets[article.slug]})
                    if article.place is None:
                        line, column = document.position(where) or (None, None)
                        problems.append(Problem(
                            f"page {page} is laid out on the grid, but '{article.slug}' has no place on it",
                            document.file, line, column, "give it one: place: {columns: 1-5, depth: rest}"))
                        continue
                    items.append(_Item(article.slug, article.place, where + ("place",) if own else where,
                                       continued=page != article.pages.first,
                                       jumps_to=article.continues_on if page == article.pages.last else None))
                if page == article.continues_on and article.continued_place is not None:
                    jumped.append(_Item(article.slug, article.continued_place, where + ("continued_place",),
                                        continued=True, jumped_from=article.pages.last))
        items += jumped  # a story jumping here goes on under the page's own stories
        top_of_page = grid.top + (config.frames.masthead_mm if page == 1 else 0.0)
        floor = {column: top_of_page for column in range(1, grid.columns + 1)}
        open_rest: dict[int, str] = {}  # column -> the story that takes the rest of it
        fixed = [item for item in items if item.place.top is not None]
        for item in fixed + [item for item in items if item.place.top is None]:
            try:
                placed = _place(item, config, grid, page, floor=floor, obstacles=obstacles,
                                open_rest=open_rest, top_of_page=top_of_page)
            except _Refused as refused:
                refuse(item, page, refused)
                continue
            if isinstance(placed, PictureModule):
                plan.pictures.append(placed)
                rect = placed.rect
            else:
                plan.stories.append(placed)
                rect = grid.span_rect(placed.columns, placed.top, placed.bottom - placed.top)
            if item.place.top is not None:  # fixed: in the way of what is stacked
                obstacles.append(_Obstacle(rect, item.name))
            else:
                for column in placed.columns:
                    floor[column] = max(floor[column], rect.bottom)
    for s_index, section in enumerate(manifest.sections):
        for a_index, article in enumerate(section.articles):
            if article.pictures and article.place is None and article.slug not in presets:
                line, column = document.position(("sections", s_index, "articles", a_index, "pictures")) \
                    or (None, None)
                problems.append(Problem(
                    f"'{article.slug}' places pictures on the grid, but has no place itself", document.file,
                    line, column, "give the story a place too: place: {columns: 1-5, depth: rest}"))
    for slot in slots:  # only a modular page's copy can flow around an ad in a corner
        if slot.booking.position in AROUND_POSITIONS and slot.booking.page not in pages:
            line, column = document.position(("ads", slot.index, "position")) or (None, None)
            problems.append(Problem(
                f"{slot.label}: page {slot.booking.page}'s stories are stacked by its page type, "
                f"which cannot flow copy around an ad at '{slot.booking.position}'", document.file,
                line, column, "place the page's stories on the grid (place: {columns: 1-5, depth: rest}), "
                "or book the ad at the bottom"))
    if problems:
        raise InputError(problems)
    return plans


class _Refused(Exception):
    def __init__(self, message: str, key: str = "columns", hint: str | None = None):
        super().__init__(message)
        self.message, self.key, self.hint = message, key, hint


def _place(item: _Item, config: LayoutConfig, grid: Grid, page: int, *, floor: dict[int, float],
           obstacles: list[_Obstacle], open_rest: dict[int, str], top_of_page: float):
    """The item's module: a StoryModule, or a PictureModule. _Refused when it does not fit."""
    place = item.place
    shape = place
    if place.module is not None:
        shape = config.modules.get(place.module)
        if shape is None:
            close = difflib.get_close_matches(place.module, list(config.modules), n=1)
            raise _Refused(f"the layout has no module '{place.module}'", "module",
                           f"did you mean '{close[0]}'?" if close else
                           "modules: " + ", ".join(sorted(config.modules)) if config.modules else
                           "the layout names no modules: give columns and depth instead")
    span = parse_columns(shape.columns)
    if not 1 <= span.first <= span.last <= grid.columns:
        raise _Refused(f"columns {shape.columns} are not on the {grid.columns}-column grid", "columns",
                       f"columns run from 1 to {grid.columns}, e.g. 1-{grid.columns}")
    for column in span:
        if column in open_rest:
            raise _Refused(f"column {column} is taken to the foot by '{open_rest[column]}' (depth: rest)",
                           "columns", f"give '{open_rest[column]}' a depth (180mm, 40 lines) to leave room below it")
    if place.top is not None:
        top = grid.top + parse_depth(place.top, grid)
        for column in span:
            if floor[column] > top + EPSILON_MM:
                raise _Refused(f"its top ({place.top}) is above the foot of what is already in column {column}",
                               "top", "leave 'top' out to set it under what is above it")
    else:
        top = max(floor[column] for column in span)
        if top > top_of_page + EPSILON_MM:
            top += config.frames.module_gap_lines * grid.leading
    depth = parse_depth(shape.depth, grid)
    if depth is None and item.picture is not None:
        raise _Refused("a picture needs a depth (120mm, 30 lines), not 'rest'", "depth")
    bottom = grid.bottom if depth is None else top + depth
    if bottom > grid.bottom + EPSILON_MM:
        raise _Refused(f"{shape.depth} from its top at {top - grid.top:.0f} mm runs {bottom - grid.bottom:.0f} mm "
                       "past the foot of the type area", "depth", "make it shallower, or 'rest'")
    if item.picture is not None:  # a picture is a rectangle: nothing may be in its way
        module = grid.span_rect(span, top, depth)
        for obstacle in obstacles:
            if obstacle.rect.overlaps(module):
                raise _Refused(f"its module ({span} columns, {top - grid.top:.0f}-{bottom - grid.top:.0f} mm "
                               f"down the type area) overlaps {obstacle.label}", "depth",
                               "make it shallower, or move it")
        return PictureModule(item.slug, item.picture, page, span, module, item.across)
    rooms = []
    for column in span:  # the room in each column: one stretch, or more where something is in the middle
        column_rect = grid.span_rect(ColumnSpan(column, column), top, bottom - top)
        in_the_way = sorted((obstacle.rect for obstacle in obstacles if obstacle.rect.overlaps(column_rect)),
                            key=lambda rect: rect.y)
        room_top = top
        for rect in in_the_way:
            if rect.y > room_top + EPSILON_MM:
                rooms.append(ColumnRoom(column, room_top, rect.y - grid.gutter))
            room_top = max(room_top, rect.bottom + grid.gutter)
        if room_top < bottom - EPSILON_MM:
            rooms.append(ColumnRoom(column, room_top, bottom))
    if not rooms:
        raise _Refused(f"there is no room for it in columns {span}: ads or pictures fill them", "columns")
    free_at_top = [room.column for room in rooms if room.top <= top + EPSILON_MM and room.bottom > top]
    if not free_at_top and (not item.continued or item.jumped_from is not None):
        raise _Refused(f"every one of its columns ({span}) is under an ad or a picture at its top", "columns",
                       "place it in other columns, or under what is there")
    head = _longest_run(free_at_top) if free_at_top else span
    if depth is None:
        for column in span:
            open_rest[column] = item.slug
    size = place.headline or getattr(shape, "headline", None) or HEADLINE_BY_WIDTH.get(head.count, "l")
    if item.jumped_from is not None:
        size = place.headline or "s"
    return StoryModule(item.slug, page, span, top, max(room.bottom for room in rooms), head, tuple(rooms), size,
                       item.continued, item.jumps_to, item.jumped_from)


def _longest_run(columns: list[int]) -> ColumnSpan:
    runs: list[list[int]] = []
    for column in columns:
        if runs and runs[-1][-1] == column - 1:
            runs[-1].append(column)
        else:
            runs.append([column])
    best = max(runs, key=len)
    return ColumnSpan(best[0], best[-1])
