"""The issue manifest (``issue.yaml``): masthead data and the page plan, validated.

The page plan lists the sections in page order; each section allots page ranges to its
articles. From it Pressroom derives the *page groups*: runs of pages that hold the same
articles (one page shared by several stories, or one story over several pages). Each page
group is laid out and rendered on its own, starting at a page number known in advance.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from .confine import confined, valid_name
from .errors import InputError, Problem
from .yamlfile import YamlDocument, load_yaml, validate

MANIFEST_NAME = "issue.yaml"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# The most pages an issue may plan: far beyond any newspaper, and small enough that nothing
# sized by a page number (a plan's checks, its page groups) can run away.
MAX_PAGES = 500
# What the manifest's names pick (confine.valid_name: one plain name, never a path).
NAMES = {"layout": "the layout is the name of a folder in layouts/ (tabloid, or pinned: tabloid@2026-12)",
         "printer": "the printer is the name of a profile in profiles/printers/ (wexside-coldset)"}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True, order=True)
class PageRange:
    first: int
    last: int

    @classmethod
    def parse(cls, value: object) -> "PageRange":
        if isinstance(value, bool):
            raise ValueError("expected a page number like 3 or a range like 4-5")
        if isinstance(value, int):
            return cls(value, value).within_limit()
        if isinstance(value, str):
            match = re.fullmatch(r"\s*(\d{1,9})\s*(?:[-\u2013]\s*(\d{1,9}))?\s*", value)
            if match:
                first = int(match.group(1))
                last = int(match.group(2) or first)
                if last < first:
                    raise ValueError(f"the range {value} runs backwards; write {last}-{first}")
                return cls(first, last).within_limit()
        raise ValueError("expected a page number like 3 or a range like 4-5")

    def within_limit(self) -> "PageRange":
        if self.last > MAX_PAGES:
            raise ValueError(f"page {self.last} is beyond the {MAX_PAGES} pages an issue may have")
        return self

    def __contains__(self, page: int | None) -> bool:
        return isinstance(page, int) and self.first <= page <= self.last  # None: not laid out

    def __iter__(self):
        return iter(range(self.first, self.last + 1))

    def __len__(self) -> int:
        return self.last - self.first + 1

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


COLUMNS_PATTERN = r"^\s*\d{1,2}\s*(?:[-\u2013]\s*\d{1,2}\s*)?$"
DEPTH_PATTERN = r"^\s*(?:rest|\d{1,4}(?:\.\d+)?\s*(?:mm|lines?))\s*$"


class Place(Strict):
    """Where a story sits on its page's grid (compose/): its columns (``1-3``), its depth
    (``180mm``, ``40 lines``, or ``rest``: down to the next item below or the foot of the
    type area, around any ad in the way) and, optionally, its top (``80mm`` or ``12 lines``
    from the top of the type area; default: under whatever is above it in its columns).
    ``module`` names a module of the layout (``modules`` in layout.yaml) instead."""

    columns: str | None = Field(default=None, pattern=COLUMNS_PATTERN)
    depth: str = Field(default="rest", pattern=DEPTH_PATTERN)
    top: str | None = Field(default=None, pattern=DEPTH_PATTERN)
    module: str | None = Field(default=None, pattern=SLUG_PATTERN)
    headline: str | None = Field(default=None, pattern=r"^(xl|l|m|s)$")  # size: default by width

    @field_validator("columns", mode="before")
    @classmethod
    def _columns(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _columns_or_module(self) -> "Place":
        if (self.columns is None) == (self.module is None):
            raise ValueError("give a place either 'columns' (and 'depth') or a layout 'module'")
        if self.top is not None and self.top.strip() == "rest":
            raise ValueError("'top' is a distance (80mm, 12 lines), not 'rest'")
        return self


class PlacedPicture(Strict):
    """One of a story's pictures set as a module of its own on the grid: ``picture`` is its
    number in the article's ``images`` (1 for the first), ``page`` one of the story's pages
    (default: its first), ``place`` its columns, depth and (optionally) top. The picture is
    cropped to fill its box around the article's ``focus`` for it, its caption under it."""

    picture: int = Field(ge=1, le=99)
    page: int | None = Field(default=None, ge=1, le=MAX_PAGES)
    place: Place
    # Across the gutter of a spread: placed on the left-hand page across all its columns, it
    # runs on over the fold onto the facing page, in the same place there.
    across: bool = False


class ArticleSlot(Strict):
    """One article of a section and the pages it is allotted."""

    slug: str = Field(pattern=SLUG_PATTERN)
    pages: PageRange
    # Its place on the page's grid (a modular page, compose/); without one the page type
    # stacks the page's stories as it always has.
    place: Place | None = None
    pictures: list[PlacedPicture] = Field(default_factory=list)  # its pictures placed on the grid
    # The page on which the story continues ("Continued on page N"): the copy breaks where
    # its own page is full and the rest is set on this later page, among that page's stories.
    continues_on: int | None = Field(default=None, ge=2, le=MAX_PAGES)
    # Where the continuation sits on that page's grid, when the pages are modular: its copy
    # goes on there at the line where its own frames filled, under "Continued from page N".
    continued_place: Place | None = None

    @field_validator("pages", mode="before")
    @classmethod
    def _pages(cls, value: object) -> PageRange:
        return PageRange.parse(value)


class FillerSlot(Strict):
    """A declared filler (house ad, notice) set at the foot of a page, after its stories."""

    name: str = Field(pattern=SLUG_PATTERN)
    page: int = Field(ge=1, le=MAX_PAGES)


class Section(Strict):
    """A run of pages with one running head and one page type (a layout template)."""

    name: str = Field(min_length=1)
    page_type: str = Field(min_length=1)
    pages: PageRange
    articles: list[ArticleSlot] = Field(default_factory=list)
    fillers: list[FillerSlot] = Field(default_factory=list)

    @field_validator("pages", mode="before")
    @classmethod
    def _pages(cls, value: object) -> PageRange:
        return PageRange.parse(value)


class Teaser(Strict):
    """A front-page pointer to a story inside; the page number comes from the plan."""

    slug: str = Field(pattern=SLUG_PATTERN)
    text: str | None = None


class AdBooking(Strict):
    """An advert booked onto a page: a size the layout defines, at one of its positions.
    A booking with ``house: true`` is a free slot that the layout's house ad fills."""

    page: int = Field(ge=1, le=MAX_PAGES)
    size: str = Field(min_length=1)
    position: str = Field(min_length=1)
    # The grid columns a module sold by the column width sits in (``4-5``): at ``position``
    # bottom or top of those columns, stacked on any booked there before it.
    columns: str | None = Field(default=None, pattern=COLUMNS_PATTERN)
    advertiser: str | None = None
    file: str | None = None  # the supplied ad, relative to the issue folder: ads/NAME.pdf
    house: bool = False

    @model_validator(mode="after")
    def _advertiser_and_file_or_house(self) -> "AdBooking":
        if self.house and self.file:
            raise ValueError("a house slot takes no file: remove 'file', or 'house: true'")
        if not self.house and not (self.file and self.advertiser):
            raise ValueError("a booking needs 'advertiser' and 'file' (or 'house: true' for a free slot)")
        return self


class Manifest(Strict):
    """The whole of ``issue.yaml``."""

    title: str = Field(min_length=1)
    tagline: str | None = None
    issue_number: int = Field(ge=1)
    date: dt.date
    price: str = Field(min_length=1)
    language: str = Field(default="en-GB", pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")
    layout: str = Field(min_length=1)  # a folder in layouts/
    printer: str | None = None  # a profile in profiles/printers/ (pressroom deliver)
    pages: int = Field(ge=4)
    sections: list[Section] = Field(min_length=1)
    teasers: list[Teaser] = Field(default_factory=list)
    ads: list[AdBooking] = Field(default_factory=list)

    @field_validator("layout", "printer")
    @classmethod
    def _a_name(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and not valid_name(value):
            raise ValueError(f"{NAMES[info.field_name]}, not a path: write it without folders, "
                             "'..' or an absolute path")
        return value

    @field_validator("pages")
    @classmethod
    def _not_too_many(cls, value: int) -> int:
        if value > MAX_PAGES:
            raise ValueError(f"more than the {MAX_PAGES} pages an issue may have")
        return value


@dataclass(frozen=True)
class PageGroup:
    """Consecutive pages holding the same articles: the unit of layout and rendering."""

    pages: PageRange
    section: Section
    slugs: tuple[str, ...]
    continued: tuple[str, ...] = ()  # stories that started earlier and continue here
    fillers: tuple[str, ...] = ()    # declared fillers set after the stories

    @property
    def first_page(self) -> int:
        return self.pages.first


def read_manifest(issue_dir: Path) -> tuple[Manifest, YamlDocument]:
    """Load and validate ``issue_dir/issue.yaml``, plan checks included."""
    path = issue_dir / MANIFEST_NAME
    if not path.is_file():
        raise InputError.single(
            f"no {MANIFEST_NAME} in {issue_dir}", path,
            hint="an issue folder holds issue.yaml, articles/ and images/; see docs/manifest.md")
    confined(MANIFEST_NAME, issue_dir, "the manifest", file=path, inside="the issue folder",
             hint="issue.yaml is a file of the issue folder, not a link to one elsewhere")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError.single(f"cannot read the manifest: {error}", path) from None
    document = load_yaml(text, path)
    manifest = validate(Manifest, document, "manifest")
    problems = plan_problems(manifest, document)
    if problems:
        raise InputError(problems)
    return manifest, document


def plan_problems(manifest: Manifest, document: YamlDocument) -> list[Problem]:
    """Everything wrong with the page plan as a whole (ranges, order, coverage)."""
    problems: list[Problem] = []

    def report(message: str, loc: tuple, hint: str | None = None) -> None:
        line, column = document.position(loc) or (None, None)
        problems.append(Problem(message, document.file, line, column, hint))

    total = manifest.pages
    if total % 4:
        report(f"the plan has {total} pages; a newspaper's page count must be a multiple of 4",
               ("pages",), hint=f"plan {total + (-total) % 4} pages, or {total - total % 4}")
    expected_first = 1
    seen: dict[str, tuple] = {}
    for s_index, section in enumerate(manifest.sections):
        where = ("sections", s_index, "pages")
        if section.pages.first != expected_first:
            report(f"section '{section.name}' starts on page {section.pages.first}, but the "
                   f"previous section ends on page {expected_first - 1}",
                   where, hint="sections are listed in page order with no gaps or overlaps")
        if section.pages.last > total:
            report(f"section '{section.name}' runs to page {section.pages.last}, outside the "
                   f"{total}-page plan", where, hint="change the range or the planned 'pages'")
        expected_first = section.pages.last + 1
        covered: set[int] = set()
        for a_index, slot in enumerate(section.articles):
            loc = ("sections", s_index, "articles", a_index)
            if slot.slug in seen:
                report(f"article '{slot.slug}' is planned twice", loc + ("slug",),
                       hint="each article appears once in the plan")
            seen[slot.slug] = loc
            if slot.pages.first not in section.pages or slot.pages.last not in section.pages:
                report(f"article '{slot.slug}' is allotted pages {slot.pages}, outside its "
                       f"section '{section.name}' (pages {section.pages})", loc + ("pages",))
                covered.update(page for page in slot.pages if page in section.pages)
                continue
            for other in section.articles[:a_index]:
                overlap = set(slot.pages) & set(other.pages)
                if overlap and (len(slot.pages) > 1 or len(other.pages) > 1):
                    report(f"article '{slot.slug}' (pages {slot.pages}) overlaps "
                           f"'{other.slug}' (pages {other.pages})", loc + ("pages",),
                           hint="stories may share a single page; a story over several pages "
                                "has them to itself")
            covered.update(slot.pages)
        for f_index, filler in enumerate(section.fillers):
            if filler.page not in section.pages:
                report(f"filler '{filler.name}' is on page {filler.page}, outside section "
                       f"'{section.name}' (pages {section.pages})",
                       ("sections", s_index, "fillers", f_index, "page"))
            covered.add(filler.page)
        full_page_ads = {ad.page for ad in manifest.ads if ad.position == "page"}
        for page in sorted(covered & full_page_ads):
            report(f"page {page} is booked for a full-page ad but also has stories or fillers",
                   ("sections", s_index, "articles"),
                   hint="move the stories, or book a smaller ad size")
        covered |= full_page_ads
        for page in section.pages:
            if page not in covered and page <= total:
                report(f"page {page} of section '{section.name}' has no article allotted",
                       ("sections", s_index, "articles"),
                       hint="allot an article to it, declare a filler "
                            "(fillers: [{name: membership, page: N}]), or book a full-page ad")
    if expected_first - 1 != total and not any("outside the" in p.message for p in problems):
        report(f"the sections cover pages 1-{expected_first - 1} but the plan has {total} pages",
               ("pages",), hint="make the last section end on the last planned page")
    single_pages = {slot.pages.first for section in manifest.sections for slot in section.articles
                    if len(slot.pages) == 1}
    placed_pages = {page for section in manifest.sections for slot in section.articles if slot.place
                    for page in slot.pages}
    for s_index, section in enumerate(manifest.sections):
        for a_index, slot in enumerate(section.articles):
            if slot.continued_place is not None and (slot.continues_on is None or slot.place is None):
                report(f"'{slot.slug}' has a continued_place, but does not jump from a grid page",
                       ("sections", s_index, "articles", a_index, "continued_place"),
                       hint="it goes with 'place' and 'continues_on: N'; remove it, or add them")
            target = slot.continues_on
            if target is None:
                continue
            loc = ("sections", s_index, "articles", a_index, "continues_on")
            if target <= slot.pages.last or target > total:
                report(f"'{slot.slug}' continues on page {target}, which is not a later page "
                       f"of the {total}-page plan", loc)
            elif target not in single_pages:
                report(f"'{slot.slug}' continues on page {target}, which holds no single-page "
                       "stories", loc, hint="a story continues on a page shared by other stories")
            elif (slot.place is None) == (target in placed_pages):
                lands = "is laid out on the grid" if target in placed_pages else "is stacked by its page type"
                own = "is laid out on the grid" if slot.place else "is stacked"
                report(f"'{slot.slug}' continues on page {target}, which {lands}, but its own page {own}",
                       loc, hint="a story jumps between two grid pages or two stacked pages")
            elif slot.place is not None and slot.continued_place is None:
                report(f"'{slot.slug}' continues on page {target}, laid out on the grid, but has no "
                       "place there", loc, hint="give it one: continued_place: {columns: 4-5, depth: rest}")
    for t_index, teaser in enumerate(manifest.teasers):
        if teaser.slug not in seen:
            report(f"teaser for '{teaser.slug}', which is not in the plan",
                   ("teasers", t_index, "slug"))
    return problems


def page_groups(manifest: Manifest) -> list[PageGroup]:
    """The plan's page groups in page order (assumes a plan that passed ``plan_problems``)."""
    continued: dict[int, list[str]] = {}
    for section in manifest.sections:
        for slot in section.articles:
            if slot.continues_on:
                continued.setdefault(slot.continues_on, []).append(slot.slug)
    groups: list[PageGroup] = []
    for section in manifest.sections:
        by_range: dict[PageRange, list[str]] = {}
        for slot in section.articles:
            by_range.setdefault(slot.pages, []).append(slot.slug)
        fillers: dict[int, list[str]] = {}
        for filler in section.fillers:
            fillers.setdefault(filler.page, []).append(filler.name)
            if not any(filler.page in pages for pages in by_range):
                by_range[PageRange(filler.page, filler.page)] = []
        for ad in manifest.ads:  # a page holding only a full-page ad is a group of its own
            if ad.position == "page" and ad.page in section.pages:
                by_range.setdefault(PageRange(ad.page, ad.page), [])
        for pages in sorted(by_range):
            jumps = tuple(continued.get(pages.first, ())) if len(pages) == 1 else ()
            groups.append(PageGroup(pages, section, tuple(by_range[pages]), jumps,
                                    tuple(fillers.get(pages.last, ()))))
    return groups


def continuations(manifest: Manifest) -> dict[str, int]:
    """The page each jumping story continues on, by slug."""
    return {slot.slug: slot.continues_on for section in manifest.sections
            for slot in section.articles if slot.continues_on}


def planned_pages(manifest: Manifest) -> dict[str, PageRange]:
    """Each article's allotted pages, by slug."""
    return {slot.slug: slot.pages for section in manifest.sections for slot in section.articles}
