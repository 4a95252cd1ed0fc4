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
from PIL import Image, UnidentifiedImageError
from pydantic import Field

from .colour import MAX_PIXELS
from .confine import confined
from .errors import InputError, Problem
from .manifest import Strict
from .typography import LEGACY, POLICIES, typeset_tokens
from .yamlfile import YamlDocument, load_yaml, validate

ARTICLES_DIR = "articles"
LAST_WORDS = 8
# The first letter of the first paragraph (with any opening quote) is wrapped in
# <span class="initial"> so a layout can set it as a drop cap.
INITIAL_LETTER = re.compile(r"^<p>([\u201c\u2018\"']?\w)")


class ArticleImage(Strict):
    src: str = Field(min_length=1)
    caption: str = Field(min_length=1)
    credit: str = Field(min_length=1)
    columns: int = Field(ge=1, le=12)


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
class Picture:
    """An article image resolved to a file, with its pixel size."""

    path: Path
    caption: Markup
    credit: Markup
    columns: int
    width_px: int
    height_px: int
    line: int | None = None  # line of the picture's `src` in the article, for messages

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


def refused_markup(text: str, path: Path, line_offset: int = 0) -> list[Problem]:
    """Raw HTML and inline pictures in Markdown: neither is printed. Raw HTML could carry
    scripts, styles, @import or remote URLs; pictures belong in the front matter."""
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
                    f"raw HTML is not allowed in articles: {snippet}", path, line,
                    hint="write plain text; for emphasis use *italic* and **bold**"))
    return problems


def typeset_inline(text: str | None, typography: str = LEGACY) -> Markup | None:
    """Typographic inline Markdown for front-matter strings (headline, caption...)."""
    if text is None:
        return None
    return Markup(markdown(typography).renderInline(text.strip()))


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
        strings += [(("factbox", "items", index), item) for index, item in enumerate(front.factbox.items)]
    for where, value in strings:
        if value:
            line = (document.position(where) or (None, None))[0]
            problems += [Problem(problem.message, path, line, hint=problem.hint)
                         for problem in refused_markup(value, path)]
    if problems:
        raise InputError(problems)
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
    )


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
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise fail(f"image '{image.src}' is too large to open (over {MAX_PIXELS:,} pixels): "
                   "a decompression bomb, or a picture far bigger than print needs",
                   "resize it to the size it is printed at, 300 ppi at most") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise fail(f"image '{image.src}' cannot be read: {error}",
                   "re-export it as JPEG or PNG") from None
    return Picture(path, typeset_inline(image.caption, typography), typeset_inline(image.credit, typography),
                   image.columns, width, height, line)
