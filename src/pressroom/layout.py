"""Layout: turn the validated issue into paged HTML, one document per page group.

A layout is a folder under ``layouts/``: ``layout.yaml`` (trim, bleed, margins, grid, fonts),
``css/`` (stylesheets, themselves Jinja templates fed with the layout's measures) and
``templates/`` (``base.html.j2`` plus one template per page type in ``templates/pages/``).
Adding a page type is adding a template; no Python changes. A layout may come from a pack:
its name is confined to ``layouts/``, none of its files may lead out of its folder, and its
templates are rendered in a sandbox (templates.py).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import jinja2
from pydantic import Field, field_validator, model_validator

from .articles import TEXT_FIELDS, Article, manifest_texts, typeset_inline, typeset_plain
from .confine import confined, confined_name
from .errors import InputError, Problem
from .glyphs import coverage_problems
from .manifest import Manifest, PageGroup, Strict, planned_pages
from .templates import render, template_environment
from .yamlfile import YamlDocument, load_yaml, validate

LAYOUT_FILE = "layout.yaml"
MM_PER_INCH = 25.4


class TrimSize(Strict):
    width: float = Field(gt=0)
    height: float = Field(gt=0)


class Margins(Strict):
    top: float = Field(ge=0)
    bottom: float = Field(ge=0)
    inside: float = Field(ge=0)
    outside: float = Field(ge=0)


class FontFace(Strict):
    family: str
    file: str
    weight: int = Field(default=400, ge=100, le=900)
    style: str = Field(default="normal", pattern="^(normal|italic)$")


class Limit(Strict):
    min: float
    max: float
    step: float = Field(gt=0)

    def steps_towards_min(self) -> list[float]:
        """0, -step, -2*step ... down to ``min`` (the values that tighten copy)."""
        count = int(round(-self.min / self.step)) if self.min < 0 else 0
        return [round(-index * self.step, 4) for index in range(count + 1)]


class AutofitLimits(Strict):
    """How far ``--autofit`` may tighten a story's copy, set by the designer."""

    tracking_percent: Limit = Limit(min=-1.0, max=1.0, step=0.25)
    leading_pt: Limit = Limit(min=-0.25, max=0.25, step=0.05)
    drop_pullquote: bool = False  # may a story's pull quote go when nothing else fits?


class HoleRules(Strict):
    """What the build says about the type area a page leaves empty (holes.py): a warning
    for a page whose empty column feet are more than ``warn_above_percent`` of its type
    area, a failed check (exit 1) above ``fail_above_percent`` on any page; where that is
    not set, above ``grid_fail_above_percent`` on a page laid out on the grid (compose/),
    whose frames the build fills (none: never)."""

    warn_above_percent: float = Field(default=2.0, ge=0, le=100)
    fail_above_percent: float | None = Field(default=None, ge=0, le=100)
    grid_fail_above_percent: float | None = Field(default=2.0, ge=0, le=100)

    def fail_above(self, on_grid: bool) -> float | None:
        """The share of a page's type area it may leave empty before the check fails."""
        if self.fail_above_percent is not None:
            return self.fail_above_percent
        return self.grid_fail_above_percent if on_grid else None


# Where an ad may sit: the whole trimmed page; across (centred) or at a corner of the foot
# or head of the type area; an ear beside the front page's masthead (the top corners of the
# type area of page 1). Corner, top and ear places need a modular page (compose/), whose
# copy flows around them.
AdPosition = Literal["page", "bottom", "top", "bottom-left", "bottom-right", "top-left", "top-right",
                     "ear-left", "ear-right"]
# Places whose copy must flow around the ad: only a modular page's frames can.
AROUND_POSITIONS = frozenset({"top", "bottom-left", "bottom-right", "top-left", "top-right",
                              "ear-left", "ear-right"})


class AdSize(Strict):
    """A named advert module of the rate card: its exact size (``width_mm``, or ``columns``
    of the grid with their gutters) and depth, and where on a page it may sit."""

    width_mm: float | None = Field(default=None, gt=0)
    columns: int | None = Field(default=None, ge=1, le=12)
    height_mm: float = Field(gt=0)
    positions: list[AdPosition] = Field(min_length=1)

    @model_validator(mode="after")
    def _width_or_columns(self) -> "AdSize":
        if (self.width_mm is None) == (self.columns is None):
            raise ValueError("give an ad size either 'width_mm' or 'columns'")
        return self


COLUMN_CM_SIZE = re.compile(r"(\d{1,2})x(\d{1,2})")  # "3x10": 3 columns x 10 cm


class ColumnCentimetres(Strict):
    """Ads sold by the column-centimetre, booked as ``NxM`` (N columns by M cm): the widths
    and depths the paper sells, and where they may sit (stacked at the foot of the columns
    a booking names, or of the page's left or right columns)."""

    max_columns: int = Field(ge=1, le=12)
    min_cm: int = Field(default=2, ge=1)
    max_cm: int = Field(ge=1, le=99)
    positions: list[AdPosition] = Field(default=["bottom", "bottom-left", "bottom-right"], min_length=1)


class ModuleShape(Strict):
    """A named story module of the layout: columns and depth as in an issue's ``place``."""

    columns: str = Field(pattern=r"^\s*\d{1,2}\s*(?:[-\u2013]\s*\d{1,2}\s*)?$")
    depth: str = Field(default="rest", pattern=r"^\s*(?:rest|\d{1,4}(?:\.\d+)?\s*(?:mm|lines?))\s*$")
    headline: Literal["xl", "l", "m", "s"] | None = None


class FrameRules(Strict):
    """How a modular page's stories are set in frames (compose/): the least depth of body
    copy a frame may have (in body lines; a shallower one is left out) and the space
    between a story's head and its copy, and between modules stacked in a column."""

    min_lines: int = Field(default=3, ge=1)
    module_gap_lines: float = Field(default=1.0, ge=0)
    masthead_mm: float = Field(default=0, ge=0)  # the front page's masthead band, above the grid's items
    # Filling: a story's lead picture may be made deeper or shallower (height/width within
    # picture_aspect, never below min_image_ppi) so that its copy ends at the foot.
    fill_pictures: bool = True
    picture_aspect: tuple[float, float] = (0.4, 1.0)
    # A story still over after that sets without its pull quote if it then fits; a story
    # still short gets up to subhead_space_lines more space above each subhead.
    drop_pull_quotes: bool = True
    subhead_space_lines: float = Field(default=0.75, ge=0, le=1)


class ComposerRules(Strict):
    """Body copy set by the paragraph composer (compose/lines.py, docs/typography.md): each
    paragraph's line breaks chosen together. Word spaces may shrink by ``shrink`` of their
    width and stretch by ``stretch`` at an adjustment ratio of 1 (more, at a price, up to
    ``tolerance``); its letters are spaced out or squeezed with them, in proportion, by up
    to ``tracking_percent`` of the type size a character. A hyphen costs
    ``hyphen_penalty``; capitalised words (names) are hyphenated only with
    ``hyphenate_capitalised``, and the last line of a column before a page turn only with
    ``hyphen_before_page_turn``."""

    shrink: float = Field(default=0.2, ge=0, le=0.5)
    stretch: float = Field(default=0.5, gt=0, le=2)
    tolerance: float = Field(default=2.0, gt=0, le=10)
    tracking_percent: float = Field(default=1.5, ge=0, le=5)
    hyphen_penalty: float = Field(default=100, ge=0, le=1000)
    hyphenate_capitalised: bool = False
    hyphen_before_page_turn: bool = False


class PrintOutput(Strict):
    """What the print PDF is: its PDF/X variant and the press condition it is separated for."""

    pdf_variant: Literal["pdf/x-4", "pdf/x-1a"] = "pdf/x-4"
    # The CMYK ICC profile for the OutputIntent and picture conversion: a path relative
    # to the project folder, or absolute (the printer's own profile).
    icc_profile: str = "profiles/icc/Pressroom-Newsprint-TR002-TAC240.icc"
    output_condition_identifier: str = "CGATS TR 002"
    output_condition: str = "Coldset offset on newsprint (CGATS/SNAP TR 002-2007 data)"
    registry_name: str = "http://www.color.org"
    ink_limit_percent: float = Field(default=240, ge=100, le=400)
    rendering_intent: Literal["perceptual", "relative-colorimetric", "saturation",
                              "absolute-colorimetric"] = "perceptual"
    preflight: str = "newspaper"  # profile in profiles/preflight/ the build checks against
    ad_preflight: str = "newspaper-ad"  # the profile supplied ad PDFs are checked against


# A text field of the page (articles.TEXT_FIELDS), for ``field_fonts``.
TextField = Literal[TEXT_FIELDS]  # type: ignore[valid-type]
UNICODE_RANGE = re.compile(r"U\+([0-9A-Fa-f]{4,6})(?:-(?:U\+)?([0-9A-Fa-f]{4,6}))?")


class Fallback(Strict):
    """A substitution the designer allows: characters ``family`` lacks may be set in
    ``fallback``, another family of the layout's fonts (so shipped in fonts/), and only
    those in ``characters`` (Unicode ranges such as "U+0370-03FF U+1F00-1FFF"; empty: any)."""

    family: str = Field(min_length=1)
    fallback: str = Field(min_length=1)
    characters: str = ""

    @field_validator("characters")
    @classmethod
    def _ranges(cls, value: str) -> str:
        for part in value.replace(",", " ").split():
            if not UNICODE_RANGE.fullmatch(part):
                raise ValueError(f"'{part}' is not a Unicode range: write U+0370-03FF or U+00E9")
        return value

    def allows(self, character: str) -> bool:
        if not self.characters.strip():
            return True
        code = ord(character)
        for part in self.characters.replace(",", " ").split():
            first, last = UNICODE_RANGE.fullmatch(part).groups()
            if int(first, 16) <= code <= int(last or first, 16):
                return True
        return False


@dataclass(frozen=True)
class Adjustment:
    """An auto-fit change to one story's body copy."""

    tracking_percent: float = 0.0
    leading_pt: float = 0.0
    drop_pullquote: bool = False

    def as_dict(self) -> dict:
        return {"tracking_percent": self.tracking_percent, "leading_pt": self.leading_pt,
                "drop_pullquote": self.drop_pullquote}


class LayoutConfig(Strict):
    name: str
    description: str = ""
    trim_mm: TrimSize
    bleed_mm: float = Field(ge=0, le=10)
    margins_mm: Margins
    columns: int = Field(ge=1, le=12)
    gutter_mm: float = Field(ge=0)
    body_size_pt: float = Field(gt=0)
    leading_pt: float = Field(gt=0)
    min_image_ppi: int = Field(default=200, ge=1)
    stylesheets: list[str] = Field(min_length=1)
    fonts: list[FontFace] = Field(min_length=1)
    colours: dict[str, str] = Field(default_factory=dict)
    # Copyfit: a story ending with more than this share of its last page empty is UNDER.
    under_share: float = Field(default=0.05, ge=0, le=1)
    autofit: AutofitLimits = AutofitLimits()
    holes: HoleRules = HoleRules()
    output: PrintOutput = PrintOutput()
    ad_sizes: dict[str, AdSize] = Field(default_factory=dict)
    column_cm_ads: ColumnCentimetres | None = None  # "3x10" bookings; none: not sold
    # Story modules an issue may name in a place (``module: lead``), and how modular pages
    # set their stories (compose/).
    modules: dict[str, "ModuleShape"] = Field(default_factory=dict)
    # Page types made of modules on the grid (compose/): a section whose page_type names one
    # gives each of its pages' stories the preset's modules, in the order the plan lists them.
    page_presets: dict[str, list["ModuleShape"]] = Field(default_factory=dict)
    # The paragraph composer for body copy on the grid's pages (none: WeasyPrint's first fit).
    composer: ComposerRules | None = None
    frames: "FrameRules" = Field(default_factory=lambda: FrameRules())
    # The typography policy of the articles' Markdown (typography.py): a layout naming none
    # keeps markdown-it's, as the signed-off layouts were built with.
    typography: Literal["markdown-it", "house-2026-12"] = "markdown-it"
    # Which family sets each text field (glyphs.py checks every character against it): a
    # family or a list of families (the text may be set in any of them). Fields left out,
    # and every field of a layout without the key (the pinned ones), are checked against
    # every family of ``fonts``.
    field_fonts: dict[TextField, str | list[str]] = Field(default_factory=dict)
    allowed_fallbacks: list[Fallback] = Field(default_factory=list)
    # issue.yaml's text fields (title, tagline, price, section names, teaser texts):
    # "as-written" prints them escaped as they are (the pinned layouts); "typeset" gives them
    # the articles' typography and inline Markdown (docs/articles.md).
    manifest_text: Literal["as-written", "typeset"] = "as-written"
    # Markdown blocks beyond paragraphs, subheads, quotes and lists that the stylesheets
    # style: GFM "tables" and "rules" (---). Without them each is refused at its line.
    body_extras: list[Literal["tables", "rules"]] = Field(default_factory=list)

    def ad_size(self, name: str) -> AdSize | None:
        """The rate card's size ``name``: a named size, or ``NxM`` sold by the column-cm."""
        if name in self.ad_sizes:
            return self.ad_sizes[name]
        match = COLUMN_CM_SIZE.fullmatch(name)
        sold = self.column_cm_ads
        if match and sold and 1 <= int(match[1]) <= min(sold.max_columns, self.columns) \
                and sold.min_cm <= int(match[2]) <= sold.max_cm:
            return AdSize(columns=int(match[1]), height_mm=int(match[2]) * 10.0,
                          positions=list(sold.positions))
        return None

    def ad_width_mm(self, size: AdSize) -> float:
        return size.width_mm if size.width_mm is not None else self.span_mm(size.columns)

    @property
    def text_height_mm(self) -> float:
        return self.trim_mm.height - self.margins_mm.top - self.margins_mm.bottom

    @property
    def text_width_mm(self) -> float:
        return self.trim_mm.width - self.margins_mm.inside - self.margins_mm.outside

    @property
    def column_width_mm(self) -> float:
        return (self.text_width_mm - (self.columns - 1) * self.gutter_mm) / self.columns

    def span_mm(self, columns: int) -> float:
        """Width of ``columns`` grid columns including the gutters between them."""
        columns = max(1, min(columns, self.columns))
        return columns * self.column_width_mm + (columns - 1) * self.gutter_mm


@dataclass(frozen=True)
class Layout:
    """A loaded layout folder."""

    directory: Path
    config: LayoutConfig
    fonts_dir: Path
    environment: jinja2.Environment

    @property
    def page_types(self) -> list[str]:
        """Its page types: a template each (stacked), or a preset of grid modules."""
        pages = self.directory / "templates" / "pages"
        return sorted([path.name.removesuffix(".html.j2") for path in pages.glob("*.html.j2")]
                      + list(self.config.page_presets))

    def stylesheet(self, url_for: Callable[[Path], str]) -> str:
        """All stylesheets of the layout, rendered with its measures, in order."""
        context = {"layout": self.config, "colours": self.config.colours,
                   "fonts_dir": self.fonts_dir, "url_for": url_for}
        return "\n".join(render(self.environment, f"css/{name}", **context)
                          for name in self.config.stylesheets)

    def ad_stylesheet(self, url_for: Callable[[Path], str], slot) -> str:
        """The stylesheet of an ad the layout draws (house or picture ad) at ``slot``'s size."""
        context = {"layout": self.config, "colours": self.config.colours,
                   "fonts_dir": self.fonts_dir, "url_for": url_for, "slot": slot}
        return "\n".join(render(self.environment, f"css/{name}", **context)
                          for name in ("fonts.css", "ads.css"))

    def font_files(self) -> list[Path]:
        return [self.fonts_dir / face.file for face in self.config.fonts]

    def families(self) -> dict[str, list[Path]]:
        """Each font family of the layout with the files of its faces."""
        families: dict[str, list[Path]] = {}
        for face in self.config.fonts:
            families.setdefault(face.family, []).append(self.fonts_dir / face.file)
        return families

    def field_families(self, field: str) -> tuple[str, ...]:
        """The families that may set a text field (``field_fonts``; every family by default)."""
        declared = self.config.field_fonts.get(field)
        if declared is None:
            return tuple(self.families())
        return (declared,) if isinstance(declared, str) else tuple(declared)


@dataclass(frozen=True)
class JumpSplit:
    """Where a jumping story breaks: blocks before ``at`` on its first page, the rest on
    ``to_page``. ``at=None`` asks for a probe: all the copy, each block's end marked.

    Between modular pages (``modular``) a story breaks at the line, not the block: both
    parts carry all its copy, set through the same frames; ``frames`` are the depths (mm)
    of the frames its first part fills, which the continuation's galley sets first and
    leaves out (compose/frames.py)."""

    from_page: int
    to_page: int
    at: int | None = None
    modular: bool = False
    frames: tuple[float, ...] = ()

    def first_part(self, article: Article) -> Article:
        if self.modular:
            return article
        if self.at is None:
            return replace(article, probe_blocks=True)
        return replace(article, blocks=article.blocks[:self.at], continued_on=self.to_page)

    def continuation(self, article: Article) -> Article:
        if self.modular:
            return replace(article, continued_from=self.from_page)
        return replace(article, blocks=article.blocks[self.at:], continued_from=self.from_page)

    @property
    def continues(self) -> bool:
        """Known enough to set the continuation."""
        return self.at is not None or bool(self.frames)


@dataclass(frozen=True)
class ComposedGroup:
    """The HTML of one page group, ready to render."""

    group: PageGroup
    html: str


def load_layout(project_root: Path, name: str, manifest_document: YamlDocument | None = None) -> Layout:
    """Load ``layouts/<name>``; an unknown name, or one that is a path or leads out of
    ``layouts/``, is reported against the manifest's key."""
    layouts_dir = project_root / "layouts"
    line, column = (manifest_document.position(("layout",)) if manifest_document else None) or (None, None)
    where = manifest_document.file if manifest_document else None
    directory = confined_name(name, layouts_dir, "layout", file=where, line=line, column=column)
    config_path = directory / LAYOUT_FILE
    if not config_path.is_file():
        known = sorted(p.name for p in layouts_dir.glob("*") if (p / LAYOUT_FILE).is_file())
        close = difflib.get_close_matches(name, known, n=1)
        raise InputError([Problem(
            f"layout '{name}' does not exist (no {config_path})", where or config_path, line, column,
            f"did you mean '{close[0]}'?" if close else "known layouts: " + ", ".join(known))])
    for path in sorted(directory.rglob("*")):  # a link in a layout may not lead out of it
        if path.is_symlink():
            confined(path.relative_to(directory), directory, "layout file", file=path)
    document = load_yaml(config_path.read_text(encoding="utf-8"), config_path)
    config = validate(LayoutConfig, document, "layout")
    fonts_dir = project_root / "fonts"
    problems = []
    for index, face in enumerate(config.fonts):
        line, column = document.position(("fonts", index, "file")) or (None, None)
        try:
            font = confined(face.file, fonts_dir, "font file", file=config_path, line=line, column=column)
        except InputError as error:
            problems += error.problems
            continue
        if not font.is_file():
            problems.append(Problem(f"font file '{face.file}' is not in {fonts_dir}", config_path,
                                    line, column, "layouts use only fonts shipped in fonts/"))
    families = sorted({face.family for face in config.fonts})
    named = [(("field_fonts", field), family) for field, value in config.field_fonts.items()
             for family in ([value] if isinstance(value, str) else value)]
    named += [(("allowed_fallbacks", index, key), getattr(rule, key))
              for index, rule in enumerate(config.allowed_fallbacks) for key in ("family", "fallback")]
    for where, family in named:
        if family not in families:
            line, column = document.position(where) or (None, None)
            problems.append(Problem(f"font family '{family}' is not one of the layout's fonts",
                                    config_path, line, column, "families: " + ", ".join(families)))
    for index, sheet in enumerate(config.stylesheets):
        line, column = document.position(("stylesheets", index)) or (None, None)
        try:
            stylesheet = confined(Path("css") / sheet, directory, "stylesheet", file=config_path,
                                  line=line, column=column)
        except InputError as error:
            problems += error.problems
            continue
        if not stylesheet.is_file():
            problems.append(Problem(f"stylesheet css/{sheet} does not exist", config_path, line, column))
    if problems:
        raise InputError(problems)
    return Layout(directory, config, fonts_dir, layout_environment(directory))


def layout_environment(directory: Path) -> jinja2.Environment:
    """The sandboxed Jinja environment of a layout folder's templates and stylesheets."""
    return template_environment(
        directory,
        autoescape=jinja2.select_autoescape(["html", "html.j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def check_page_types(layout: Layout, manifest: Manifest, document: YamlDocument) -> None:
    """Every section's page type, and every filler, must be a template of the layout."""
    known = layout.page_types
    fillers = sorted(path.name.removesuffix(".html.j2")
                     for path in (layout.directory / "templates" / "fillers").glob("*.html.j2"))
    problems = []
    for s_index, section in enumerate(manifest.sections):
        for f_index, filler in enumerate(section.fillers):
            if filler.name not in fillers:
                close = difflib.get_close_matches(filler.name, fillers, n=1)
                line, column = document.position(
                    ("sections", s_index, "fillers", f_index, "name")) or (None, None)
                problems.append(Problem(
                    f"filler '{filler.name}' is not a template of layout '{layout.config.name}'",
                    document.file, line, column,
                    f"did you mean '{close[0]}'?" if close else "fillers: " + ", ".join(fillers)))
    for index, section in enumerate(manifest.sections):
        if section.page_type not in known:
            close = difflib.get_close_matches(section.page_type, known, n=1)
            line, column = document.position(("sections", index, "page_type")) or (None, None)
            problems.append(Problem(
                f"page type '{section.page_type}' is not a template of layout '{layout.config.name}'",
                document.file, line, column,
                f"did you mean '{close[0]}'?" if close else "page types: " + ", ".join(known)))
    if problems:
        raise InputError(problems)


def check_pictures(layout: Layout, articles: dict[str, Article]) -> None:
    """Pictures must fit the layout's grid."""
    problems = [
        Problem(f"picture {picture.path.name} is {picture.columns} columns wide; layout "
                f"'{layout.config.name}' has {layout.config.columns}", article.path, picture.line,
                hint=f"set columns to 1-{layout.config.columns}")
        for article in articles.values() for picture in article.pictures
        if picture.columns > layout.config.columns
    ]
    if problems:
        raise InputError(problems)


EXTRA_REFUSALS = {
    "tables": ("a table: layout '{layout}' has no table style, so it would print unstyled",
               "write the figures as a list (- 2.1 hectares at Harrow Lane) or in the fact box"),
    "rules": ("a rule (---, *** or ___ on a line of its own): layout '{layout}' draws no rules",
              "break the story with a ## subhead (a --- right under a line of text makes that "
              "line a subhead)"),
}


def check_copy(layout: Layout, manifest: Manifest, document: YamlDocument,
               articles: dict[str, Article]) -> None:
    """Before layout, what the layout must be able to print: issue.yaml's text fields by its
    ``manifest_text`` policy, the bodies' tables and rules by its ``body_extras``, and every
    printed character against the fonts that set it (glyphs.py). InputError on any."""
    printed, problems = manifest_texts(manifest, document, layout.config.typography,
                                       typeset=layout.config.manifest_text == "typeset")
    texts = [(document.file, item) for item in printed]
    for article in articles.values():
        texts += [(article.path, item) for item in article.printed]
        for kind, line in article.extras:
            if kind not in layout.config.body_extras:
                message, hint = EXTRA_REFUSALS[kind]
                problems.append(Problem(message.format(layout=layout.directory.name), article.path, line,
                                        hint=hint))
    problems += coverage_problems(layout, texts)
    if problems:
        raise InputError(problems)


def image_warnings(layout: Layout, articles: dict[str, Article]) -> list[str]:
    """Pictures whose effective resolution at their set width is below the layout minimum."""
    warnings = []
    for article in articles.values():
        for picture in article.pictures:
            width_in = layout.config.span_mm(picture.columns) / MM_PER_INCH
            ppi = picture.width_px / width_in
            if ppi < layout.config.min_image_ppi:
                warnings.append(
                    f"{picture.path.name} in '{article.slug}' is {ppi:.0f} ppi at {picture.columns} "
                    f"columns; the layout wants at least {layout.config.min_image_ppi} ppi")
    return warnings


def compose(layout: Layout, manifest: Manifest, articles: dict[str, Article],
            groups: list[PageGroup], url_for: Callable[[Path], str],
            measuring: bool = False, overset: dict | None = None,
            jumps: dict[str, JumpSplit] | None = None,
            adjustments: dict[str, Adjustment] | None = None,
            ads: Sequence = (), plans: dict | None = None) -> list[ComposedGroup]:
    """Render each page group's page-type template to an HTML document.

    ``url_for`` turns a file path into the URL the renderer serves it under; ``measuring``
    asks for one endless page, on which copyfit counts every line of the copy; ``overset``
    (copyfit figures by slug) asks for red overset markers on a proof; ``jumps`` says where
    jumping stories break (their continuations follow the stories of the page they land on);
    ``adjustments`` are auto-fit changes to stories' body copy; ``ads`` are the booked
    slots (ads.Slot): their pages give the copy that much less room; ``plans`` are the
    modular pages' plans (compose.plan.PagePlan by page): a group on them is set by the
    layout's ``modular`` template, its stories on the grid."""
    jumps = jumps or {}
    allotted = planned_pages(manifest)
    planned = manifest
    if layout.config.manifest_text == "typeset":
        manifest = _typeset_manifest(manifest, layout.config.typography)
    teasers = [
        {"article": articles[teaser.slug], "page": allotted[teaser.slug].first,
         "text": teaser.text}
        for teaser in manifest.teasers
    ]
    contents: dict[str, int] = {}  # "Inside": each section name at its first page
    for section in manifest.sections[1:]:
        contents.setdefault(section.name, section.pages.first)
    composed = []
    for group in groups:
        modular = [plans[page] for page in group.pages if page in (plans or {})]
        template = "modular" if modular and (not measuring or group.section.page_type in layout.config.page_presets) \
            else group.section.page_type
        html = render(
            layout.environment, f"templates/pages/{template}.html.j2",
            plans=modular,
            by_slug=articles,
            # Each story's pictures not placed on the grid, in order: its lead picture, then
            # the ones set in among its copy.
            loose_pictures={slug: _loose_pictures(article, plans) for slug, article in articles.items()},
            issue=manifest,
            layout=layout.config,
            group=group,
            section=_section(group, planned, manifest),
            first_page=group.first_page,
            page_count=len(group.pages),
            articles=[jumps[slug].first_part(articles[slug]) if slug in jumps else articles[slug]
                      for slug in group.slugs]
                     + [jumps[slug].continuation(articles[slug]) for slug in group.continued
                        if slug in jumps and jumps[slug].continues],
            # a story jumping onto a modular page: the depths of the frames it filled before
            jumped_frames={slug: jumps[slug].frames for slug in group.continued if slug in jumps},
            teasers=teasers,
            contents=list(contents.items()),
            span_mm=layout.config.span_mm,
            url_for=url_for,
            measuring=measuring,
            adjustments=adjustments or {},
            overset=[overset[slug] for slug in group.slugs if slug in (overset or {})],
            # A stacked page's copy is kept clear of its ads by its page margins (base.html.j2);
            # a modular page's plan keeps its modules clear of them.
            ads=[] if template == "modular" else
                [{"nth": slot.booking.page - group.first_page + 1, "slot": slot,
                  "full_page": slot.booking.position == "page"}
                 for slot in ads if slot.booking.page in group.pages],
        )
        composed.append(ComposedGroup(group, html))
    return composed


def _loose_pictures(article: Article, plans: dict | None) -> list:
    """The article's pictures that no page plan places on the grid (compose.plan)."""
    placed = {picture.index for plan in (plans or {}).values() for picture in plan.pictures
              if picture.slug == article.slug}
    return [picture for index, picture in enumerate(article.pictures) if index not in placed]


def _section(group: PageGroup, planned: Manifest, manifest: Manifest):
    """The group's section as ``manifest`` has it (its name typeset, or as planned)."""
    if manifest is planned or group.section not in planned.sections:
        return group.section
    return manifest.sections[planned.sections.index(group.section)]


def _typeset_manifest(manifest: Manifest, typography: str) -> Manifest:
    """The manifest with its text fields typeset (``manifest_text: typeset``, docs/articles.md):
    the tagline and teaser texts as inline Markdown, the title, price and section names as
    plain typeset text (they also print where no markup can go: running heads, the PDF's
    title). Its sections stay in the plan's order."""
    return manifest.model_copy(update={
        "title": typeset_plain(manifest.title, typography),
        "tagline": typeset_inline(manifest.tagline, typography),
        "price": typeset_plain(manifest.price, typography),
        "sections": [section.model_copy(update={"name": typeset_plain(section.name, typography)})
                     for section in manifest.sections],
        "teasers": [teaser.model_copy(update={"text": typeset_inline(teaser.text, typography)})
                    for teaser in manifest.teasers],
    })


def compose_ad(layout: Layout, manifest: Manifest, slot, url_for: Callable[[Path], str],
               issue_dir: Path) -> str:
    """The HTML of an ad the layout draws itself at the slot's size: the house ad for a
    free slot (``templates/ads/house.html.j2``), or a supplied picture ad placed whole
    (``templates/ads/picture.html.j2``)."""
    booking = slot.booking
    kind = "house" if booking.house else "picture"
    picture = None if booking.house else url_for(issue_dir / booking.file)
    return render(layout.environment, f"templates/ads/{kind}.html.j2", issue=manifest,
                  layout=layout.config, colours=layout.config.colours, slot=slot, booking=booking,
                  picture_url=picture)
