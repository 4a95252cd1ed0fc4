"""Articles: Markdown files with YAML front matter, read into validated ``Article`` objects.

The body is CommonMark (markdown-it-py) with typographic replacements (curly quotes,
en and em dashes, ellipses) by the layout's typography policy (typography.py). Raw HTML in
a body is shown as text, never passed to the layout.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.front_matter import front_matter_plugin
from PIL import ExifTags, Image, UnidentifiedImageError
from pydantic import Field, field_validator

from .colour import MAX_PIXELS
from .confine import confined
from .errors import InputError, Problem
from .manifest import Manifest, Strict
from .typography import LEGACY, POLICIES, typeset_tokens
from .yamlfile import YamlDocument, load_yaml, validate

ARTICLES_DIR = "articles"
LAST_WORDS = 8
# The first letter of the first paragraph (with any opening quote) is wrapped in
# <span class="initial"> so a layout can set it as a drop cap.
INITIAL_LETTER = re.compile(r"^<p>([\u201c\u2018\"']?\w)")
DROP_CAP = re.compile(r"^[\u201c\u2018\"']?\w")  # the same letters, in plain text
# EXIF orientations that turn a picture a quarter (5: transposed, 6: 90° clockwise,
# 7: transversed, 8: 90° anticlockwise): its width and height swap when set upright.
EXIF_SIDEWAYS = (5, 6, 7, 8)
# Placeholders Pressroom itself writes where it found nothing (pressroom import), and what
# to write instead: they must never reach the page.
PLACEHOLDERS = {
    "HEADLINE NEEDED": "write the headline",
    "BYLINE NEEDED": "write the writer's name (byline: Jane Doe), or delete the byline line "
                     "for an unsigned piece",
    "CAPTION NEEDED": "describe the picture in a sentence",
    "CREDIT NEEDED": "name the photographer or the source of the picture",
}
PLACEHOLDER = re.compile("|".join(re.escape(placeholder) for placeholder in PLACEHOLDERS))
FOOTNOTE = re.compile(r"\[\^[^\]\s]*\]")  # [^1] and its definition [^1]: ...
# Every text field that is printed, by where it comes from: the keys of a layout's
# ``field_fonts`` (the family that sets each) and of the text inventory (``Printed``).
ARTICLE_FIELDS = ("headline", "kicker", "standfirst", "byline", "role", "caption", "credit",
                  "pullquote", "pullquote_by", "factbox_title", "factbox_items")
BODY_PARTS = ("body", "emphasis", "subhead", "item_heading", "table", "drop_cap")
MANIFEST_FIELDS = ("title", "tagline", "price", "section", "teaser")
TEXT_FIELDS = ARTICLE_FIELDS + BODY_PARTS + MANIFEST_FIELDS
# How each is named in messages.
FIELD_LABELS = {"factbox_title": "fact box title", "factbox_items": "fact box item",
                "pullquote_by": "pull quote's speaker", "pullquote": "pull quote",
                "body": "body text", "emphasis": "italic body text", "subhead": "subhead (##)",
                "item_heading": "item heading (###)", "table": "table",
                "drop_cap": "drop cap (the first letter of the story)", "section": "section name",
                "teaser": "teaser text"}


class ArticleImage(Strict):
    src: str = Field(min_length=1)
    caption: str = Field(min_length=1)
    credit: str = Field(min_length=1)
    columns: int = Field(ge=1, le=12)
    # The point a cropped picture keeps in view: [x, y] in per cent of its width and height
    # from the top left (default: the centre), for a picture placed on the grid (compose/).
    focus: tuple[float, float] = (50.0, 50.0)

    @field_validator("focus")
    @classmethod
    def _within(cls, value: tuple[float, float]) -> tuple[float, float]:
        if not all(0 <= part <= 100 for part in value):
            raise ValueError("focus is [x, y] in per cent of the picture, each 0 to 100: [50, 30]")
        return value


class Factbox(Strict):
    title: str = Field(min_length=1)
    items: list[str] = Field(min_length=1)


class FrontMatter(Strict):
    headline: str = Field(min_length=1)
    kicker: str | None = None
    standfirst: str | None = None
    byline: str | None = None
    role: str | None = None
    images: list[ArticleImage] = Field(default_factory=list)
    pullquote: str | None = None
    pullquote_by: str | None = None
    factbox: Factbox | None = None


@dataclass(frozen=True)
class Printed:
    """A piece of text as the reader sees it on the page (typography applied, markup gone),
    the field or part of the body it is set in (``TEXT_FIELDS``) and its line in the source."""

    field: str
    text: str
    line: int | None


@dataclass(frozen=True)
class Picture:
    """An article image resolved to a file, with its pixel size."""

    path: Path
    caption: Markup
    credit: Markup
    columns: int
    width_px: int
    height_px: int
    line: int | None = None  # line of the picture's `src` in the article, for messages
    focus: tuple[float, float] = (50.0, 50.0)  # what a crop keeps in view, per cent from top left

    @property
    def aspect(self) -> float:
        return self.height_px / self.width_px


@dataclass(frozen=True)
class Article:
    slug: str
    path: Path
    headline: Markup
    kicker: Markup | None
    standfirst: Markup | None
    byline: Markup | None
    role: Markup | None
    pictures: tuple[Picture, ...]
    pullquote: Markup | None
    pullquote_by: Markup | None
    factbox_title: Markup | None
    factbox_items: tuple[Markup, ...]
    blocks: tuple[Markup, ...]
    headline_text: str
    last_words: str
    word_count: int
    # Set on the parts of a story that jumps (see layout.JumpSplit):
    continued_on: int | None = None    # this part ends with "Continued on page N"
    continued_from: int | None = None  # this part continues the story from page M
    probe_blocks: bool = False         # mark each block's end, to find where to break
    # Everything printed, field by field, with its line (for the glyph and placeholder checks),
    # and the body's blocks a layout must style to print them: ("tables" | "rules", line).
    printed: tuple[Printed, ...] = ()
    extras: tuple[tuple[str, int | None], ...] = ()


@lru_cache(maxsize=None)
def markdown(typography: str = LEGACY) -> MarkdownIt:
    """The Markdown parser of a typography policy (typography.py, named by the layout):
    CommonMark, no raw HTML, front matter; LEGACY typesets with markdown-it's smartquotes
    and replacements, the house policy with its own rules instead. Links print as their
    text: paper has no links (and PDF/X no link annotations)."""
    if typography not in POLICIES:
        raise ValueError(f"unknown typography policy {typography!r}")
    parser = MarkdownIt("commonmark", {"typographer": True, "html": False})
    parser.enable(["replacements", "smartquotes"])
    parser.enable("table")  # GFM tables: printed where the layout styles them (layout.check_copy)
    if typography != LEGACY:
        parser.disable(["replacements", "smartquotes"])
        parser.core.ruler.before("text_join", "house_typography", _house_typography)
    parser.use(front_matter_plugin)
    parser.add_render_rule("link_open", lambda *args: "")
    parser.add_render_rule("link_close", lambda *args: "")
    return parser


def _house_typography(state) -> None:
    """markdown-it core rule: the house policy on every paragraph's and heading's text."""
    for token in state.tokens:
        if token.type == "inline" and token.children:
            typeset_tokens(token.children)


PICTURE_SYNTAX = re.compile(r"!\[[^\]]*\]\(\s*([^)\s]*)")


@lru_cache(maxsize=1)
def _markup_finder() -> MarkdownIt:
    """A parser that recognises raw HTML, only to refuse it with its line number."""
    return MarkdownIt("commonmark", {"html": True}).use(front_matter_plugin)


def refused_markup(text: str, path: Path, line_offset: int = 0, where: str = "articles") -> list[Problem]:
    """Raw HTML and inline pictures in Markdown: neither is printed. Raw HTML could carry
    scripts, styles, @import or remote URLs; pictures belong in the front matter. ``where``
    names the kind of file in the message."""
    problems = []
    for token in _markup_finder().parse(text):
        line = token.map[0] + 1 + line_offset if token.map else None
        found = [token] if token.type == "html_block" else [
            child for child in token.children or [] if child.type in ("html_inline", "image")]
        for child in token.children or []:  # picture syntax markdown-it refused (file:, data:...)
            if child.type == "text" and PICTURE_SYNTAX.search(child.content):
                found.append(Token("image", "img", 0, attrs={"src": PICTURE_SYNTAX.search(child.content).group(1)}))
        for item in found:
            if item.type == "image":
                problems.append(Problem(
                    f"a picture in the text ({item.attrs.get('src', '')}) is not printed", path, line,
                    hint="pictures go in the front matter: images: [{src: images/NAME.jpg, caption: ...}]"))
            else:
                snippet = item.content.strip().splitlines()[0][:60] if item.content.strip() else "<...>"
                problems.append(Problem(
                    f"raw HTML is not allowed in {where}: {snippet}", path, line,
                    hint="write plain text; for emphasis use *italic* and **bold**"))
    return problems


def typeset_inline(text: str | None, typography: str = LEGACY) -> Markup | None:
    """Typographic inline Markdown for front-matter strings (headline, caption...)."""
    if text is None:
        return None
    return Markup(markdown(typography).renderInline(text.strip()))


def typeset_plain(text: str | None, typography: str = LEGACY) -> str | None:
    """Typographic plain text (quotes, dashes, no markup) for fields printed where markup
    cannot go: running heads, the PDF's title."""
    if text is None:
        return None
    return plain_text(markdown(typography).parseInline(text.strip()))


# issue.yaml's text fields (the manifest policy, docs/articles.md): where each is printed,
# and which may carry *italic* and **bold** when the layout typesets them.
MANIFEST_PLACES = {"title": "the masthead, the running heads and the PDF's title",
                   "tagline": "the masthead", "price": "the masthead",
                   "section": "the running heads, page flags and the front page's contents",
                   "teaser": "the front page's teasers"}
EMPHASIS_FIELDS = ("tagline", "teaser")
MARKUP_NAMES = {"em_open": "*italic*", "strong_open": "**bold**", "code_inline": "`code`",
                "link_open": "a [link](...)"}


def manifest_texts(manifest: Manifest, document: YamlDocument, typography: str = LEGACY,
                   typeset: bool = False) -> tuple[list[Printed], list[Problem]]:
    """The printed text of issue.yaml's text fields, and their refused markup. ``typeset``
    (the layout's ``manifest_text: typeset``): inline Markdown with the articles' typography,
    emphasis only in the tagline and teasers; otherwise printed as written (escaped), so
    Markdown would print as its characters and is refused. Raw HTML is refused either way."""
    items = [("title", ("title",), manifest.title), ("tagline", ("tagline",), manifest.tagline),
             ("price", ("price",), manifest.price)]
    items += [("section", ("sections", index, "name"), section.name)
              for index, section in enumerate(manifest.sections)]
    items += [("teaser", ("teasers", index, "text"), teaser.text)
              for index, teaser in enumerate(manifest.teasers)]
    parser = markdown(typography)
    printed: list[Printed] = []
    problems: list[Problem] = []
    for field, where, value in items:
        if not value:
            continue
        line, column = document.position(where) or (None, None)
        problems += [Problem(problem.message, document.file, line, column, problem.hint)
                     for problem in refused_markup(value, document.file, where="issue.yaml")]
        tokens = parser.parseInline(value.strip())
        allowed = {"em_open", "strong_open"} if typeset and field in EMPHASIS_FIELDS else set()
        label = FIELD_LABELS.get(field, field)
        for child in (tokens[0].children or []) if tokens else []:
            if child.type in MARKUP_NAMES and child.type not in allowed:
                markup = MARKUP_NAMES[child.type]
                if typeset:
                    message = (f"{markup} in the {label}: it is printed in {MANIFEST_PLACES[field]}, "
                               "where no markup can go")
                    hint = "write plain text"
                else:
                    message = (f"{markup} in the {label} would print as its characters: this layout "
                               "prints issue.yaml's text as written")
                    hint = "write plain text (emphasis needs a layout with manifest_text: typeset)"
                problems.append(Problem(message, document.file, line, column, hint))
        printed.append(Printed(field, plain_text(tokens) if typeset else value, line))
    return printed, problems


def read_article(issue_dir: Path, slug: str, typography: str = LEGACY) -> Article:
    """Read ``articles/<slug>.md`` of an issue; problems are reported with file:line. The
    file (and ``articles/``) must not lead out of the issue folder. ``typography`` is the
    layout's typography policy (typography.py)."""
    path = issue_dir / ARTICLES_DIR / f"{slug}.md"
    confined(path.relative_to(issue_dir), issue_dir, "article", file=path, inside="the issue folder",
             hint="an article is a file of the issue's articles/ folder, not a link to one elsewhere")
    if not path.is_file():
        raise InputError.single(
            f"article '{slug}' is in the plan but {path.name} does not exist", path,
            hint=f"create {ARTICLES_DIR}/{slug}.md or fix the slug in issue.yaml")
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is allowed, not printed
    except OSError as error:
        raise InputError.single(f"cannot read the article: {error}", path,
                                hint="articles are UTF-8 text files") from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[:error.start].count(b"\n") + 1
        raise InputError.single(
            f"the article is not UTF-8 text: byte 0x{error.object[error.start]:02x} cannot be read",
            path, line, hint="save it as UTF-8 (or bring it in with pressroom import)") from None
    parser = markdown(typography)
    env: dict = {}
    tokens = parser.parse(text, env)
    if not tokens or tokens[0].type != "front_matter":
        raise InputError.single(
            "the article has no front matter", path, 1,
            hint="start the file with a '---' line, the YAML keys (headline: ...), and '---'")
    front_token, body_tokens = tokens[0], tokens[1:]
    document = load_yaml(front_token.content, path, line_offset=front_token.map[0] + 1)
    front = validate(FrontMatter, document, "front matter")
    problems = refused_markup(text, path)
    strings = [((key,), getattr(front, key)) for key in ("headline", "kicker", "standfirst", "byline",
                                                         "role", "pullquote", "pullquote_by")]
    strings += [(("images", index, key), getattr(picture, key)) for index, picture in enumerate(front.images)
                for key in ("caption", "credit")]
    if front.factbox:
        strings += [(("factbox", "title"), front.factbox.title)]
        strings += [(("factbox", "items", index), item) for index, item in enumerate(front.factbox.items)]
    printed: list[Printed] = []
    for where, value in strings:
        if value:
            line = (document.position(where) or (None, None))[0]
            problems += [Problem(problem.message, path, line, hint=problem.hint)
                         for problem in refused_markup(value, path)]
            field = where[-1] if where[0] == "images" else \
                f"factbox_{where[1]}" if where[0] == "factbox" else where[0]
            printed.append(Printed(field, plain_text(parser.parseInline(value.strip())), line))
    body_printed, extras, body_problems = _read_body(body_tokens, path)
    printed += body_printed
    problems += body_problems + _footnotes(text, path) + placeholders(printed, path)
    if problems:
        raise InputError(sorted(problems, key=lambda problem: problem.line or 0))
    if not any(token.type == "paragraph_open" for token in body_tokens):
        raise InputError.single("the article has no body text", path,
                                (front_token.map[1] if front_token.map else 0) + 1,
                                hint="write the story below the closing '---' of the front matter")
    pictures = tuple(_picture(issue_dir, front, index, document, typography)
                     for index in range(len(front.images)))
    blocks = [parser.renderer.render(block, parser.options, env)
              for block in _top_level_blocks(body_tokens)]
    blocks[0] = INITIAL_LETTER.sub(r'<p><span class="initial">\1</span>', blocks[0], count=1)
    inline = partial(typeset_inline, typography=typography)
    return Article(
        slug=slug,
        path=path,
        headline=inline(front.headline),
        kicker=inline(front.kicker),
        standfirst=inline(front.standfirst),
        byline=inline(front.byline),
        role=inline(front.role),
        pictures=pictures,
        pullquote=inline(front.pullquote),
        pullquote_by=inline(front.pullquote_by),
        factbox_title=inline(front.factbox.title) if front.factbox else None,
        factbox_items=tuple(inline(item) for item in front.factbox.items) if front.factbox else (),
        blocks=tuple(Markup(block) for block in blocks),
        headline_text=plain_text(parser.parseInline(front.headline.strip())),
        last_words=_last_words(body_tokens),
        word_count=len(plain_text(body_tokens).split()),
        printed=tuple(printed),
        extras=tuple(extras),
    )


# Markdown that has no place on the page, and what to write instead.
CODE_HINT = ("write it as plain text: four spaces at the start of a line (or ``` fences) make code; "
             "for a quotation start the line with > ")
HEADING_HINTS = {
    "h1": "use ## for a subhead (### for an item heading): the story's headline is the "
          "front matter's headline",
    "h4": "use ### for an item heading, or ## for a subhead",
}


def _read_body(tokens: list[Token], path: Path) -> tuple[list[Printed], list[tuple[str, int | None]],
                                                      list[Problem]]:
    """The body's printed text, part by part (body, italics, subheads, item headings, table
    cells, the drop cap) with lines; the blocks a layout must style (tables, rules); and the
    Markdown that is refused at its line: headings other than ## and ###, code."""
    printed: list[Printed] = []
    extras: list[tuple[str, int | None]] = []
    problems: list[Problem] = []
    part = "body"
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else None
        if token.type == "heading_open":
            part = {"h2": "subhead", "h3": "item_heading"}.get(token.tag, "body")
            if token.tag not in ("h2", "h3"):
                level = int(token.tag[1:])
                written = "#" * level + " Heading" if token.markup.startswith("#") else \
                    f"a line underlined with {token.markup * 3}"
                problems.append(Problem(
                    f"a level-{level} heading ({written}) in the body is not part of the house style",
                    path, line, hint=HEADING_HINTS["h1" if level == 1 else "h4"]))
        elif token.type in ("th_open", "td_open"):
            part = "table"
        elif token.type in ("heading_close", "th_close", "td_close"):
            part = "body"
        elif token.type == "table_open":
            extras.append(("tables", line))
        elif token.type == "hr":
            extras.append(("rules", line))
        elif token.type in ("fence", "code_block"):
            problems.append(Problem("a code block prints in a typewriter face the paper does not have",
                                    path, line, hint=CODE_HINT))
        elif token.type == "paragraph_open" and index == 0 and len(tokens) > 1:
            # The story's first letter, set as a drop cap where the page type has one.
            if letter := DROP_CAP.match(plain_text(tokens[1:2])):
                printed.append(Printed("drop_cap", letter.group(), line))
        elif token.type == "inline":
            italic = 0
            for child in token.children or []:
                if child.type in ("softbreak", "hardbreak") and line is not None:
                    line += 1
                elif child.type == "em_open":
                    italic += 1
                elif child.type == "em_close":
                    italic -= 1
                elif child.type == "code_inline":
                    problems.append(Problem(
                        f"`{child.content[:40]}` is code: it prints in a typewriter face the paper "
                        "does not have", path, line, hint=CODE_HINT))
                elif child.type == "text" and child.content:
                    printed.append(Printed("emphasis" if italic and part == "body" else part,
                                           child.content, line))
    return printed, extras, problems


def _footnotes(text: str, path: Path) -> list[Problem]:
    """Footnote references and definitions ([^1], [^1]: ...), by the line of the file: the
    reference would print as written, a definition with a link-like target not at all."""
    return [Problem(f"a footnote ({match.group()}) is not printed as one: paper has no footnotes",
                    path, number, hint="give the source in the sentence (\"..., the council's report "
                    "said\"), or as a line in *italic* at the end of the story")
            for number, line in enumerate(text.splitlines(), start=1)
            for match in [FOOTNOTE.search(line)] if match]


def placeholders(printed: list[Printed], path: Path) -> list[Problem]:
    """Placeholders Pressroom wrote (``PLACEHOLDERS``) that would print, at their lines."""
    return [Problem(f"'{found}' in the {FIELD_LABELS.get(item.field, item.field)} is a placeholder "
                    "Pressroom wrote on import: it would be printed", path, item.line,
                    hint=PLACEHOLDERS[found])
            for item in printed for found in dict.fromkeys(PLACEHOLDER.findall(item.text))]


def plain_text(tokens: list[Token]) -> str:
    """The reader-visible text of a token stream (typographic replacements applied)."""
    parts: list[str] = []
    for token in tokens:
        if token.children:
            parts.append(plain_text(token.children))
        elif token.type in {"text", "code_inline"}:
            parts.append(token.content)
        elif token.type in {"softbreak", "hardbreak"} or token.type.endswith("_close"):
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _top_level_blocks(tokens: list[Token]) -> list[list[Token]]:
    """Split a body into its top-level blocks (paragraphs, subheads, quotes, lists)."""
    blocks: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        current.append(token)
        if token.level == 0 and token.nesting <= 0:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _last_words(tokens: list[Token]) -> str:
    inline = [token for token in tokens if token.type == "inline"]
    text = plain_text(inline[-1:]) if inline else ""
    return " ".join(text.split()[-LAST_WORDS:])


def _orientation(picture: Image.Image) -> int:
    """The EXIF orientation ``ImageOps.exif_transpose`` will apply, from the header: a PNG
    whose eXIf chunk comes after its data would have to be decoded to find it, and is taken
    as upright (as good as never made)."""
    if picture.format == "PNG" and "exif" not in picture.info:
        return 1
    return picture.getexif().get(ExifTags.Base.Orientation, 1)


def _picture(issue_dir: Path, front: FrontMatter, index: int, document: YamlDocument,
             typography: str = LEGACY) -> Picture:
    image = front.images[index]
    line, column = document.position(("images", index, "src")) or (None, None)

    def fail(message: str, hint: str) -> InputError:
        return InputError([Problem(message, document.file, line, column, hint)])

    path = confined(image.src, issue_dir, "image", file=document.file, line=line, column=column,
                    inside="the issue folder", hint="images live in the issue's images/ folder; write images/NAME.jpg")
    if not path.is_file():
        raise fail(f"image '{image.src}' does not exist", "check the file name under images/")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as picture:  # the header only: conversion decodes it
                picture.verify()
                width, height = picture.size
            with Image.open(path) as picture:  # again: a verified picture cannot be read on
                orientation = _orientation(picture)
        # A phone's portrait photo is stored on its side with an EXIF orientation; conversion
        # turns it upright (colour.py, ImageOps.exif_transpose), so the layout and the ppi
        # check take its size upright too.
        if orientation in EXIF_SIDEWAYS:
            width, height = height, width
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise fail(f"image '{image.src}' is too large to open (over {MAX_PIXELS:,} pixels): "
                   "a decompression bomb, or a picture far bigger than print needs",
                   "resize it to the size it is printed at, 300 ppi at most") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise fail(f"image '{image.src}' cannot be read: {error}",
                   "re-export it as JPEG or PNG") from None
    return Picture(path, typeset_inline(image.caption, typography), typeset_inline(image.credit, typography),
                   image.columns, width, height, line, image.focus)
