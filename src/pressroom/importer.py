"""Copy in: turn what writers send (Word .docx, pasted plain text, Markdown) into a clean
article file, ``articles/SLUG.md`` with front matter.

DOCX goes through mammoth (to HTML, with a style map for quotes), then a small HTML walk
writes Markdown keeping only what the paper uses: subheads, paragraphs, bold, italic, block
quotes and lists. Colours, fonts, empty paragraphs, manual line breaks and double spaces
are dropped; pictures are saved into ``images/`` with their alt text as draft captions.
The first heading (or line) becomes the headline, a "By Jane Doe, Chief Reporter" line at
the head of the body the byline and role, and a paragraph starting "Standfirst:" the
standfirst. A publisher's boilerplate pasted with a web article (appeals, newsletter and
"follow us" lines, "this article first appeared...", picture credits: BOILERPLATE) is left
out and printed in the report. Typography is the house policy (typography.house).

What writers send is untrusted: the slug must be a slug (manifest.SLUG_PATTERN) and every file
written stays inside the issue folder (confine.confined); text must be UTF-8 or UTF-16 with its
byte order mark (other encodings are refused, not guessed at); a .docx whose zip parts would
inflate past the MAX_DOCX_* limits is refused before mammoth reads it, and one holding a
picture over colour.MAX_PIXELS before anything is written.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from .confine import confined
from .errors import InputError, display_path
from .manifest import SLUG_PATTERN
from .typography import house

SUPPORTED = (".docx", ".txt", ".md")
# Limits, far beyond any writer's file; past them the file is refused with what was found.
# An article's text is tens of KB, a whole novel about 1 MB.
MAX_TEXT_BYTES = 10 * 1024 * 1024
# A .docx is a zip whose parts are checked before mammoth inflates them. An article's
# document.xml is tens of KB (a 500-page book's a few MB) and a camera's largest JPEG about
# 30 MB; a zip bomb of 2 MB inflates to gigabytes.
MAX_DOCX_FILE_BYTES = 64 * 1024 * 1024    # the file on disk: mail refuses attachments over 25 MB
MAX_DOCX_PART_BYTES = 64 * 1024 * 1024    # one part inflated: document.xml, or one picture
MAX_DOCX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts inflated
MAX_DOCX_PARTS = 10_000                   # a document has a few dozen parts, one more per picture
SLUG_HINT = ("a slug is lower-case words or numbers joined by hyphens (harbour-wall-repairs); "
             "it names articles/SLUG.md: give one with --slug")
UTF8_HINT = ("save it as UTF-8 (in Word: Save As, Plain Text, then Unicode (UTF-8); in an editor, its "
             "encoding menu): other encodings are not guessed at, a wrong guess prints wrong letters")
RESAVE_HINT = "open it in Word or LibreOffice and save it again as .docx"
BYLINE = re.compile(r"^\s*(?:By|BY|by)\s+(.+?)\s*$")
# Lower-case words a name may hold between its capitalised ones (Jan van Dijk, Ana de la Cruz).
NAME_PARTICLES = frozenset({"al", "bin", "binti", "da", "das", "de", "del", "della", "der", "di", "dos",
                            "du", "el", "ibn", "la", "le", "ten", "ter", "van", "von", "y"})
# A byline's last comma-separated part holding one of these words is the writer's role.
ROLE_WORDS = frozenset({"analyst", "author", "chief", "columnist", "commentator", "contributor",
                        "correspondent", "critic", "desk", "editor", "freelance", "intern", "journalist",
                        "photographer", "presenter", "producer", "reporter", "researcher", "staff", "team",
                        "trainee", "writer"})
STANDFIRST = re.compile(r"^\s*standfirst\s*:\s*(.+)$", re.IGNORECASE)
# A publisher's boilerplate, pasted with an article from a web page: (what it is, pattern,
# at most this many words, must it address the reader). A paragraph matching one is left out
# of the article and printed in the import's report (docs/import.md); an appeal counts only
# when it speaks to the reader (you, your, us, our, or an opening "Support...", "Follow...")
# and quotes nobody: a news story about a charity's appeal stays.
BOILERPLATE = (
    ("a subscription, membership or donation appeal", re.compile(
        r"\bsupport (?:us\b|our (?:journalism|work|reporting|newsroom|journalists)"
        r"|(?:independent|local|quality|public[- ]interest|non-?profit) (?:journalism|news|reporting))"
        r"|\bdonat(?:e|es|ion|ions|ing)\b|\bsubscri(?:be|ption|ber|bing)\b|\bmembership\b|\bchip in\b"
        r"|\bbecome an? (?:member|subscriber|supporter|patron|friend)\b|\bmake a (?:contribution|donation|gift)\b"
        r"|\bpaywall\b|\breader[- ](?:funded|supported)\b", re.IGNORECASE), 80, True),
    ("a newsletter sign-up", re.compile(r"\bnewsletters?\b", re.IGNORECASE), 80, True),
    ("a 'follow us' line", re.compile(
        r"\bfollow (?:us|@\w+)\b|\b(?:follow|like|find|join) (?:\S+ ){0,3}on (?:twitter|x|facebook|instagram|"
        r"tiktok|bluesky|threads|linkedin|youtube|mastodon|whatsapp)\b", re.IGNORECASE), 60, True),
    ("a republication notice", re.compile(
        r"\b(?:this|the) (?:article|story|piece|column|version)\b.{0,60}\b(?:first|originally) "
        r"(?:appeared|published|ran)\b"
        r"|\bthis (?:article|story|piece)\b.{0,40}\b(?:appeared|ran|was (?:produced|published|republished|"
        r"co-published|written|reported|funded|supported))\b"
        r"|\brepublished (?:here )?(?:with|under)\b|\breproduced (?:here )?(?:with|by) (?:kind )?permission\b",
        re.IGNORECASE), 80, False),
    ("a picture credit", re.compile(
        r"^(?:(?:main|top|lead|header|cover|feature|above|below)\s*:?\s*)?(?:photo(?:graph)?s?|images?|"
        r"pictures?|pics?|illustrations?|videos?)(?:\s+credits?)?\s*(?::|©|by\b)|^(?:credits?|source)\s*:|^©",
        re.IGNORECASE), 25, False),
    ("web page furniture", re.compile(
        r"^(?:read more|related(?: stories| articles)?|see also|more on this story)\s*(?::|$)"
        r"|^(?:advertisement|share this (?:article|story)|listen to this article|skip advertisement)\s*$",
        re.IGNORECASE), 25, False),
)
READER = re.compile(r"\b(?:you|your|us|our)\b|^(?:please\s+)?(?:support|donate|subscribe|sign up|follow|"
                    r"become|join|like|chip in|give)\b", re.IGNORECASE)
SPEECH = re.compile(r"[\"“”]|\b(?:said|says|told)\b", re.IGNORECASE)
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
    """A writer's text as the paper prints it: NFC, single spaces (a non-breaking one pasted
    from a web page too), then the house typography (typography.house: curly quotes and
    apostrophes, dashes, en dashes in number ranges, ellipses, non-breaking spaces)."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return house(re.sub(r"[ \t]{2,}", " ", text))


def boilerplate(text: str) -> str | None:
    """What kind of publisher's boilerplate the paragraph ``text`` is (BOILERPLATE), or None."""
    plain = text.replace("*", "").strip()
    for kind, pattern, most_words, to_reader in BOILERPLATE:
        if len(plain.split()) > most_words or not pattern.search(plain):
            continue
        if to_reader and (not READER.search(plain) or SPEECH.search(plain)):
            continue
        return kind
    return None


def _is_name(text: str) -> bool:
    """A person's name: two to five words, the first and last capitalised, lower-case
    particles between (Jan van Dijk); "the river" is not one."""
    words = text.split()

    def capitalised(word: str) -> bool:
        return bool(re.fullmatch(r"[^\W\d_][\w'’.-]*", word)) and word[0].isupper() and not \
            any(char.isdigit() for char in word)

    return 2 <= len(words) <= 5 and capitalised(words[0]) and capitalised(words[-1]) and \
        all(capitalised(word) or word in NAME_PARTICLES for word in words[1:-1])


def _is_role(text: str) -> bool:
    """A writer's job title: a few words, one of them a ROLE_WORDS word (Chief Reporter)."""
    words = re.split(r"[\s/-]+", text.strip())
    return 1 <= len(words) <= 8 and not re.search(r"[\d.!?;:()\"“”]", text) and \
        any(word.lower() in ROLE_WORDS or word.lower().removesuffix("s") in ROLE_WORDS for word in words)


def byline(text: str) -> tuple[str, str | None] | None:
    """The names and the role of a byline paragraph ("By Jane Doe, Chief Reporter", "By Jane
    Doe and John Smith"), or None when ``text`` is not one ("by the river")."""
    match = BYLINE.match(text.replace("*", ""))
    if not match:
        return None
    names, role = match.group(1), None
    head, comma, tail = names.rpartition(",")
    if comma and _is_role(tail):
        names, role = head.strip(), tail.strip()
    people = re.split(r"\s*,\s*|\s+(?:and|&)\s+", names)
    if not all(_is_name(person) for person in people):
        return None
    return normalise_typography(names), normalise_typography(role) if role else None


def upright_initial(paragraph: str) -> str:
    """The first paragraph with its first letter (and any opening quote) outside emphasis,
    so that it still takes the drop cap (articles.INITIAL_LETTER): "*Forbidden*, she wrote"
    is written "F*orbidden*, she wrote"; a one-letter emphasis loses its asterisks."""
    match = re.match(r"([\u201c\u2018]?)(\*{1,3})([\u201c\u2018]?[^\W\d_])([^\w*]*)", paragraph)
    if not match:
        return paragraph
    quote, stars, initial, gap = match.groups()
    initial, rest = quote + initial, paragraph[match.end():]
    if rest.startswith(stars):  # the emphasis held the letter alone
        return initial + gap + rest[len(stars):]
    return initial + gap + stars + rest


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


def _from_blocks(blocks: list[tuple[str, str]], source: Path) -> tuple[dict, list[str], list[str]]:
    """Front matter (headline, byline and role, standfirst) taken from the first blocks, the
    body, and what was left out (boilerplate paragraphs, reported with their text)."""
    front: dict = {}
    body: list[str] = []
    left_out: list[str] = []
    for kind, text in blocks:
        found = boilerplate(text) if kind == "p" else None
        if found:
            left_out.append(f"the publisher's boilerplate ({found}), left out of the article (paste it back "
                            f"if it belongs): {text}")
            continue
        names = byline(text) if not body and "byline" not in front else None  # at the head of the body
        if "headline" not in front and kind in ("h1", "h2", "p") and text and not names:
            front["headline"] = normalise_typography(text.strip("*# "))
            continue
        if names:
            front["byline"] = names[0]
            if names[1]:
                front["role"] = names[1]
            continue
        standfirst = STANDFIRST.match(text.strip("*"))
        if "standfirst" not in front and (standfirst or kind == "standfirst"):
            front["standfirst"] = normalise_typography(standfirst.group(1) if standfirst else text)
            continue
        if kind in ("h1", "h2"):  # Word's Heading 1 and 2: the paper's subhead
            body.append(f"## {normalise_typography(text.strip('*'))}")
        elif kind in ("h3", "h4", "h5", "h6"):  # smaller headings: item headings
            body.append(f"### {normalise_typography(text.strip('*'))}")
        elif kind == "p" and not body:  # the first paragraph takes the drop cap
            body.append(upright_initial(normalise_typography(text)))
        else:
            body.append(normalise_typography(text))
    if "headline" not in front:
        raise InputError.single("has no text to make a headline from", source,
                                hint="the first heading or line of the file becomes the headline")
    return front, body, left_out


def import_article(source: Path, issue_dir: Path, slug: str | None = None, section: str | None = None,
                   force: bool = False) -> Imported:
    """Import ``source`` into ``issue_dir``: writes ``articles/SLUG.md`` (and pictures) unless
    the article exists and ``force`` is not given. InputError for anything unreadable."""
    from .files import write_atomically

    source, issue_dir = Path(source), Path(issue_dir)
    if not source.is_file():
        raise InputError.single(f"{source} does not exist")
    if source.suffix.lower() not in SUPPORTED:
        raise InputError.single(f"{source.name}: Pressroom imports {', '.join(SUPPORTED)} files",
                                hint="save it from the word processor as .docx or plain text")
    if not (issue_dir / "issue.yaml").is_file():
        raise InputError.single(f"{issue_dir} is not an issue folder (no issue.yaml)")
    if slug is not None:
        _check_slug(slug, "--slug")
    dropped: list[str] = []
    images: list[dict] = []
    if source.suffix.lower() == ".docx":
        blocks, images, dropped = _read_docx(source)
    elif source.suffix.lower() == ".txt":
        blocks = _read_text(source)
    else:
        return _import_markdown(source, issue_dir, slug, force)
    front, body, left_out = _from_blocks(blocks, source)
    dropped += left_out
    slug = slug or _slugify(front["headline"])
    if section:
        front["kicker"] = section
    target = confined(Path("articles") / f"{slug}.md", issue_dir, "article")
    if target.exists() and not force:
        raise InputError.single(f"{display_path(target)} already exists",
                                hint="use --force to replace it, or --slug NAME")
    pictures, picture_front = [], []
    for number, image in enumerate(images, start=1):
        data, suffix = image["data"], image["suffix"]
        path = issue_dir / "images" / f"{slug}-{number}{suffix}"
        write_atomically(confined(path.relative_to(issue_dir), issue_dir, "picture"), data)
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


def _check_slug(slug: str, what: str, file: Path | None = None) -> None:
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise InputError.single(f"{what} '{slug}' is not a slug", file, hint=SLUG_HINT)


def _check_docx(source: Path) -> None:
    """Refuse a .docx that is too large, or whose zip parts would inflate past the limits,
    from the sizes its zip directory declares (zipfile never inflates a part past them)."""
    def refuse(message: str) -> InputError:
        return InputError.single(message, source, hint="a writer's document is far smaller: this one is "
                                 "damaged or made to fill the memory; " + RESAVE_HINT)

    megabytes = 1024 * 1024
    if source.stat().st_size > MAX_DOCX_FILE_BYTES:
        raise refuse(f"this Word document is over {MAX_DOCX_FILE_BYTES // megabytes} MB")
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise InputError.single(f"cannot read the Word document ({error})", source, hint=RESAVE_HINT) from None
    if len(parts) > MAX_DOCX_PARTS:
        raise refuse(f"this Word document has {len(parts):,} parts; Pressroom reads up to {MAX_DOCX_PARTS:,}")
    for part in parts:
        if part.file_size > MAX_DOCX_PART_BYTES:
            raise refuse(f"part '{part.filename}' inflates to {part.file_size // megabytes:,} MB; Pressroom "
                         f"reads parts up to {MAX_DOCX_PART_BYTES // megabytes} MB")
    total = sum(part.file_size for part in parts)
    if total > MAX_DOCX_TOTAL_BYTES:
        raise refuse(f"this Word document inflates to {total // megabytes:,} MB; Pressroom reads up to "
                     f"{MAX_DOCX_TOTAL_BYTES // megabytes} MB")


def _check_picture(data: bytes, number: int, alt: str, source: Path) -> None:
    """Refuse a picture over colour.MAX_PIXELS (Pillow's decompression-bomb guard too)."""
    from PIL import Image, UnidentifiedImageError

    from .colour import MAX_PIXELS

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:  # the header only
                pixels = picture.width * picture.height
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        pixels = None  # over MAX_PIXELS, by Pillow's count
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return  # not a picture Pillow opens (a Word drawing): saved as it is, the build checks it
    if pixels is None or pixels > MAX_PIXELS:
        named = f" ('{alt}')" if alt else ""
        raise InputError.single(f"picture {number}{named} is over {MAX_PIXELS:,} pixels: too large to open",
                                source, hint="resize it to the size it is printed at, 300 ppi at most, "
                                "and put it in the document again")


def _read_docx(source: Path) -> tuple[list, list, list[str]]:
    import mammoth

    _check_docx(source)
    images: list[dict] = []

    def keep_image(image):
        with image.open() as stream:
            data = stream.read(MAX_DOCX_PART_BYTES + 1)
        alt = (image.alt_text or "").strip()
        if len(data) > MAX_DOCX_PART_BYTES:
            raise InputError.single(f"picture {len(images) + 1} is over {MAX_DOCX_PART_BYTES // 1024 ** 2} MB",
                                    source, hint=RESAVE_HINT)
        _check_picture(data, len(images) + 1, alt, source)
        suffix = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif",
                  "image/tiff": ".tif"}.get(image.content_type, "")
        images.append({"data": data, "suffix": suffix or ".bin", "alt": alt})
        return {"src": f"image-{len(images)}", "alt": image.alt_text or ""}

    try:
        with source.open("rb") as stream:
            # mammoth (1.13) fetches no picture linked to a file or URL: external_file_access is off.
            result = mammoth.convert_to_html(stream, style_map=QUOTE_STYLES,
                                             convert_image=mammoth.images.img_element(keep_image))
    except InputError:
        raise
    except Exception as error:  # mammoth raises many kinds for a damaged file
        raise InputError.single(f"cannot read the Word document ({type(error).__name__}: {error})", source,
                                hint=RESAVE_HINT) from None
    writer = _MarkdownWriter()
    writer.feed(result.value)
    dropped = sorted(writer.dropped) + [message.message for message in result.messages]
    ordered = [writer.images[int(index)] for kind, index in writer.blocks if kind == "img"]
    images_in_order = [images[int(image["src"].split("-")[1]) - 1] for image in ordered if image["src"].startswith("image-")]
    blocks = [(kind, text) for kind, text in writer.blocks if kind != "img"]
    return blocks, images_in_order, dropped


def _read_source_text(source: Path) -> str:
    """The text of a .txt or .md file, with Unix line ends: UTF-8 (with or without a byte
    order mark) or UTF-16 starting with its byte order mark. Anything else is refused at its
    first bad byte, not guessed at: Word's "plain text" on Windows is Windows-1252 unless
    saved as UTF-8, but so many 8-bit encodings share those bytes (Latin-1, Latin-2, Mac
    Roman...) that a guess can print wrong letters nobody sees before the paper is out."""
    if source.stat().st_size > MAX_TEXT_BYTES:
        raise InputError.single(f"this file is over {MAX_TEXT_BYTES // 1024 ** 2} MB: an article is tens of KB",
                                source, hint="import one article at a time")
    raw = source.read_bytes()
    encoding, name = ("utf-16", "UTF-16") if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
        else ("utf-8-sig", "UTF-8")
    if encoding == "utf-8-sig" and b"\x00" in raw:  # UTF-16 without its mark: ASCII in it is UTF-8 and NULs
        line, column = _line_and_column(raw[:raw.index(b"\x00")].decode(encoding, errors="replace"))
        raise InputError.single("this text holds NUL characters: is it UTF-16 saved without its byte order "
                                "mark?", source, line, column, hint=UTF8_HINT)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        line, column = _line_and_column(raw[:error.start].decode(encoding, errors="replace"))
        raise InputError.single(f"this is not {name} text: byte 0x{raw[error.start]:02X} cannot be read as "
                                f"{name} ({error.reason})", source, line, column, hint=UTF8_HINT) from None
    if "\x00" in text:  # UTF-32 starts with UTF-16's mark, then a NUL
        line, column = _line_and_column(text[:text.index("\x00")])
        raise InputError.single("this text holds NUL characters: is it UTF-32, or not text?", source, line,
                                column, hint=UTF8_HINT)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_and_column(before: str) -> tuple[int, int]:
    """Where the character after ``before`` (the text up to it) is, from 1."""
    lines = before.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return len(lines), len(lines[-1]) + 1


def _read_text(source: Path) -> list[tuple[str, str]]:
    """Pasted text: paragraphs at blank lines or line breaks (hard-wrapped lines joined)."""
    text = _read_source_text(source)
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
    from .files import write_atomically

    if slug is None:
        slug = source.stem
        _check_slug(slug, "the file's name", source)
    text = _read_source_text(source)
    target = confined(Path("articles") / f"{slug}.md", issue_dir, "article")
    if target.exists() and not force:
        raise InputError.single(f"{display_path(target)} already exists",
                                hint="use --force to replace it, or --slug NAME")
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
