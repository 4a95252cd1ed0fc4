"""Copy in: turn what writers send (Word .docx, pasted plain text, Markdown) into a clean
article file, ``articles/SLUG.md`` with front matter.

DOCX goes through mammoth (to HTML, with a style map for quotes), then a small HTML walk
writes Markdown keeping only what the paper uses: subheads, paragraphs, bold, italic, block
quotes and lists. Colours, fonts, empty paragraphs, manual line breaks and double spaces
are dropped; pictures are saved into ``images/`` with their alt text as draft captions.
The first heading (or line) becomes the headline, a "By Jane Doe" line the byline, and a
paragraph starting "Standfirst:" the standfirst. Typography is normalised on the way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from .errors import InputError

SUPPORTED = (".docx", ".txt", ".md")
BYLINE = re.compile(r"^\s*by\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})\s*$", re.IGNORECASE)
STANDFIRST = re.compile(r"^\s*standfirst\s*:\s*(.+)$", re.IGNORECASE)
# Units that take a non-breaking space after their number, as the style guide has it.
UNITS = r"(?:km|m|cm|mm|kg|g|mph|km/h|ml|l|ha|sq ft|ft|in|per cent|C|°C|kWh|MW|GW)"
QUOTE_STYLES = ("p[style-name='Quote'] => blockquote > p:fresh\n"
                "p[style-name='Intense Quote'] => blockquote > p:fresh\n"
                "p[style-name='Title'] => h1:fresh\n"
                "p[style-name='Subtitle'] => p.standfirst:fresh")


@dataclass
class Imported:
    """The article as it will be written, and what could not be carried over."""

    slug: str
    front: dict
    body: str
    pictures: list[Path] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def text(self) -> str:
        front = yaml.safe_dump(self.front, allow_unicode=True, sort_keys=False, width=100)
        return f"---\n{front}---\n\n{self.body.strip()}\n"


def normalise_typography(text: str) -> str:
    """Curly quotes and apostrophes, en dashes in number ranges, single spaces, and a
    non-breaking space between a number and its unit."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"(\d)\s*-\s*(\d)", "\\1\u2013\\2", text)              # 10-12 -> 10–12
    text = re.sub(r"\s--?\s", " \u2013 ", text)                           # spaced dash
    text = re.sub(r"(^|[\s(\[{\u2014\u2013])\"", "\\1\u201c", text)      # opening double
    text = text.replace('"', "\u201d")
    text = re.sub(r"(^|[\s(\[{\u2014\u2013])'", "\\1\u2018", text)       # opening single
    text = text.replace("'", "\u2019")                                    # apostrophes, closing
    text = re.sub(rf"(\d) ({UNITS})\b", "\\1\u00a0\\2", text)
    return text


class _MarkdownWriter(HTMLParser):
    """mammoth's HTML to the Markdown the paper uses; anything else is noted as dropped."""

    KEPT = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "blockquote",
            "ul", "ol", "li", "br", "a", "img", "sup", "sub", "u", "span"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []  # (kind, markdown text)
        self.current: list[str] | None = None
        self.kind = "p"
        self.quote = 0
        self.lists: list[list] = []  # [tag, counter]
        self.images: list[dict] = []
        self.dropped: set[str] = set()
        self.classes: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in self.KEPT:
            self.dropped.add(f"<{tag}> ({'tables' if tag in ('table', 'tr', 'td', 'th') else tag})")
        if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li"):
            self.current, self.kind = [], tag
            self.classes = (attrs.get("class") or "").split()
        elif tag == "blockquote":
            self.quote += 1
        elif tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag in ("strong", "b") and self.current is not None:
            self.current.append("**")
        elif tag in ("em", "i") and self.current is not None:
            self.current.append("*")
        elif tag == "br" and self.current is not None:
            self.current.append(" ")  # manual line breaks are not kept
        elif tag == "img":
            self.images.append({"src": attrs.get("src", ""), "alt": attrs.get("alt", "")})
            self.blocks.append(("img", str(len(self.images) - 1)))

    def handle_endtag(self, tag):
        if tag in ("strong", "b") and self.current is not None:
            self.current.append("**")
        elif tag in ("em", "i") and self.current is not None:
            self.current.append("*")
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li") and self.current is not None:
            text = _tidy("".join(self.current))
            self.current = None
            if not text:
                return  # empty paragraphs go
            kind = self.kind
            if tag == "li" and self.lists:
                self.lists[-1][1] += 1
                marker = "-" if self.lists[-1][0] == "ul" else f"{self.lists[-1][1]}."
                text, kind = f"{marker} {text}", "li"
            elif self.quote:
                text, kind = f"> {text}", "quote"
            elif "standfirst" in self.classes:
                kind = "standfirst"
            self.blocks.append((kind, text))

    def handle_data(self, data):
        if self.current is not None:
            self.current.append(data.replace("\n", " "))


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\*\*\s*\*\*|\*\s*\*(?!\*)", "", text)  # empty emphasis left by stray runs
    return text


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:6]) or "article"


def _from_blocks(blocks: list[tuple[str, str]], source: Path) -> tuple[dict, list[str]]:
    """Front matter (headline, byline, standfirst) taken from the first blocks, and the body."""
    front: dict = {}
    body: list[str] = []
    for kind, text in blocks:
        if "headline" not in front and kind in ("h1", "h2", "p") and text and not BYLINE.match(text):
            front["headline"] = normalise_typography(text.strip("*# "))
            continue
        if "byline" not in front and BYLINE.match(text.strip("*")):
            front["byline"] = BYLINE.match(text.strip("*")).group(1)
            continue
        standfirst = STANDFIRST.match(text.strip("*"))
        if "standfirst" not in front and (standfirst or kind == "standfirst"):
            front["standfirst"] = normalise_typography(standfirst.group(1) if standfirst else text)
            continue
        if kind in ("h1", "h2", "h3", "h4", "h5", "h6"):
            body.append(f"### {normalise_typography(text.strip('*'))}")
        else:
            body.append(normalise_typography(text))
    if "headline" not in front:
        raise InputError.single("has no text to make a headline from", source,
                                hint="the first heading or line of the file becomes the headline")
    return front, body


def import_article(source: Path, issue_dir: Path, slug: str | None = None, section: str | None = None,
                   force: bool = False) -> Imported:
    """Import ``source`` into ``issue_dir``: writes ``articles/SLUG.md`` (and pictures) unless
    the article exists and ``force`` is not given. InputError for anything unreadable."""
    from .render import write_atomically

    source, issue_dir = Path(source), Path(issue_dir)
    if not source.is_file():
        raise InputError.single(f"{source} does not exist")
    if source.suffix.lower() not in SUPPORTED:
        raise InputError.single(f"{source.name}: Pressroom imports {', '.join(SUPPORTED)} files",
                                hint="save it from the word processor as .docx or plain text")
    if not (issue_dir / "issue.yaml").is_file():
        raise InputError.single(f"{issue_dir} is not an issue folder (no issue.yaml)")
    dropped: list[str] = []
    images: list[dict] = []
    if source.suffix.lower() == ".docx":
        blocks, images, dropped = _read_docx(source)
    elif source.suffix.lower() == ".txt":
        blocks = _read_text(source)
    else:
        return _import_markdown(source, issue_dir, slug, force)
    front, body = _from_blocks(blocks, source)
    slug = slug or _slugify(front["headline"])
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise InputError.single(f"'{slug}' is not a slug", hint="use lower-case words joined by hyphens")
    if section:
        front["kicker"] = section
    target = issue_dir / "articles" / f"{slug}.md"
    if target.exists() and not force:
        raise InputError.single(f"{target} already exists", hint="use --force to replace it, or --slug NAME")
    pictures, picture_front = [], []
    for number, image in enumerate(images, start=1):
        data, suffix = image["data"], image["suffix"]
        path = issue_dir / "images" / f"{slug}-{number}{suffix}"
        path.parent.mkdir(exist_ok=True)
        write_atomically(path, data)
        pictures.append(path)
        picture_front.append({"src": f"images/{path.name}", "caption": normalise_typography(image["alt"]) or
                              "CAPTION NEEDED", "credit": "CREDIT NEEDED", "columns": 3})
        if not image["alt"]:
            dropped.append(f"picture {number} has no alt text: its caption says CAPTION NEEDED")
    if picture_front:
        front["images"] = picture_front
    front.setdefault("byline", "BYLINE NEEDED")
    if front["byline"] == "BYLINE NEEDED":
        dropped.append("no 'By ...' line found: the byline says BYLINE NEEDED")
    imported = Imported(slug, front, "\n\n".join(body), pictures, dropped)
    target.parent.mkdir(exist_ok=True)
    write_atomically(target, imported.text().encode("utf-8"))
    return imported


def _read_docx(source: Path) -> tuple[list, list, list[str]]:
    import mammoth

    images: list[dict] = []

    def keep_image(image):
        with image.open() as stream:
            data = stream.read()
        suffix = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif",
                  "image/tiff": ".tif"}.get(image.content_type, "")
        images.append({"data": data, "suffix": suffix or ".bin", "alt": (image.alt_text or "").strip()})
        return {"src": f"image-{len(images)}", "alt": image.alt_text or ""}

    try:
        with source.open("rb") as stream:
            result = mammoth.convert_to_html(stream, style_map=QUOTE_STYLES,
                                             convert_image=mammoth.images.img_element(keep_image))
    except Exception as error:  # mammoth raises many kinds for a damaged file
        raise InputError.single(f"cannot read the Word document ({type(error).__name__}: {error})", source,
                                hint="open it in Word or LibreOffice and save it again as .docx") from None
    writer = _MarkdownWriter()
    writer.feed(result.value)
    dropped = sorted(writer.dropped) + [message.message for message in result.messages]
    ordered = [writer.images[int(index)] for kind, index in writer.blocks if kind == "img"]
    images_in_order = [images[int(image["src"].split("-")[1]) - 1] for image in ordered if image["src"].startswith("image-")]
    blocks = [(kind, text) for kind, text in writer.blocks if kind != "img"]
    return blocks, images_in_order, dropped


def _read_text(source: Path) -> list[tuple[str, str]]:
    """Pasted text: paragraphs at blank lines or line breaks (hard-wrapped lines joined)."""
    raw = source.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Word's "plain text" on Windows
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not re.search(r"\n\s*\n", text):
        return [("p", _tidy(line)) for line in text.split("\n") if line.strip()]
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        # Lines that end a sentence or are short (headline, byline) are paragraphs of their
        # own; long lines running on are a hard-wrapped paragraph (e-mail) and are joined.
        if all(len(line) < 70 or line.rstrip()[-1:] in ".!?:\"”’'" for line in lines[:-1]):
            paragraphs += lines
        else:
            paragraphs.append(" ".join(lines))
    return [("p", _tidy(part)) for part in paragraphs if part.strip()]


def _import_markdown(source: Path, issue_dir: Path, slug: str | None, force: bool) -> Imported:
    """A Markdown file is copied as it is, once it reads as an article (front matter and
    pictures checked); a file that does not is refused and nothing is left behind."""
    from .articles import read_article
    from .render import write_atomically

    text = source.read_text(encoding="utf-8")
    slug = slug or source.stem
    target = issue_dir / "articles" / f"{slug}.md"
    if target.exists() and not force:
        raise InputError.single(f"{target} already exists", hint="use --force to replace it, or --slug NAME")
    previous = target.read_bytes() if target.exists() else None
    target.parent.mkdir(exist_ok=True)
    write_atomically(target, text.encode("utf-8"))
    try:
        read_article(issue_dir, slug)
    except InputError as error:
        if previous is None:
            target.unlink()
        else:
            write_atomically(target, previous)
        raise InputError([type(problem)(problem.message, source, problem.line, problem.column, problem.hint)
                          for problem in error.problems]) from None
    return Imported(slug, {}, text)
