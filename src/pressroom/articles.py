"""Articles: Markdown files with YAML front matter, read into validated ``Article`` objects.

The body is CommonMark (markdown-it-py) with typographic replacements: curly quotes,
en and em dashes, ellipses. Raw HTML in a body is shown as text, never passed to the layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.front_matter import front_matter_plugin
from PIL import Image, UnidentifiedImageError
from pydantic import Field

from .errors import InputError, Problem
from .manifest import Strict
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


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """The one Markdown parser: CommonMark, no raw HTML, typographer on, front matter."""
    parser = MarkdownIt("commonmark", {"typographer": True, "html": False})
    parser.enable(["replacements", "smartquotes"])
    parser.use(front_matter_plugin)
    return parser


def typeset_inline(text: str | None) -> Markup | None:
    """Typographic inline Markdown for front-matter strings (headline, caption...)."""
    if text is None:
        return None
    return Markup(markdown().renderInline(text.strip()))


def read_article(issue_dir: Path, slug: str) -> Article:
    """Read ``articles/<slug>.md`` of an issue; problems are reported with file:line."""
    path = issue_dir / ARTICLES_DIR / f"{slug}.md"
    if not path.is_file():
        raise InputError.single(
            f"article '{slug}' is in the plan but {path.name} does not exist", path,
            hint=f"create {ARTICLES_DIR}/{slug}.md or fix the slug in issue.yaml")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError.single(f"cannot read the article: {error}", path,
                                hint="articles are UTF-8 text files") from None
    parser = markdown()
    env: dict = {}
    tokens = parser.parse(text, env)
    if not tokens or tokens[0].type != "front_matter":
        raise InputError.single(
            "the article has no front matter", path, 1,
            hint="start the file with a '---' line, the YAML keys (headline: ...), and '---'")
    front_token, body_tokens = tokens[0], tokens[1:]
    document = load_yaml(front_token.content, path, line_offset=front_token.map[0] + 1)
    front = validate(FrontMatter, document, "front matter")
    if not any(token.type == "paragraph_open" for token in body_tokens):
        raise InputError.single("the article has no body text", path,
                                (front_token.map[1] if front_token.map else 0) + 1,
                                hint="write the story below the closing '---' of the front matter")
    pictures = tuple(_picture(issue_dir, front, index, document) for index in range(len(front.images)))
    blocks = [parser.renderer.render(block, parser.options, env)
              for block in _top_level_blocks(body_tokens)]
    blocks[0] = INITIAL_LETTER.sub(r'<p><span class="initial">\1</span>', blocks[0], count=1)
    return Article(
        slug=slug,
        path=path,
        headline=typeset_inline(front.headline),
        kicker=typeset_inline(front.kicker),
        standfirst=typeset_inline(front.standfirst),
        byline=typeset_inline(front.byline),
        role=typeset_inline(front.role),
        pictures=pictures,
        pullquote=typeset_inline(front.pullquote),
        pullquote_by=typeset_inline(front.pullquote_by),
        factbox_title=typeset_inline(front.factbox.title) if front.factbox else None,
        factbox_items=tuple(typeset_inline(item) for item in front.factbox.items) if front.factbox else (),
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


def _picture(issue_dir: Path, front: FrontMatter, index: int, document: YamlDocument) -> Picture:
    image = front.images[index]
    line, column = document.position(("images", index, "src")) or (None, None)

    def fail(message: str, hint: str) -> InputError:
        return InputError([Problem(message, document.file, line, column, hint)])

    root = issue_dir.resolve()
    path = (issue_dir / image.src).resolve()
    if not path.is_relative_to(root):
        raise fail(f"image '{image.src}' is outside the issue folder",
                   "images live in the issue's images/ folder; write images/NAME.jpg")
    if not path.is_file():
        raise fail(f"image '{image.src}' does not exist", "check the file name under images/")
    try:
        with Image.open(path) as picture:
            picture.verify()
        with Image.open(path) as picture:
            picture.load()
            width, height = picture.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise fail(f"image '{image.src}' cannot be read: {error}",
                   "re-export it as JPEG or PNG") from None
    return Picture(path, typeset_inline(image.caption), typeset_inline(image.credit),
                   image.columns, width, height, line)
