"""Checks after render: read the written PDF back (pypdf) and compare it with the plan.

Each check returns failures as plain sentences an editor can act on. The build exits 1
when any check fails; the PDF is still written so it can be looked at.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from .articles import Article
from .manifest import Manifest
from .render import RenderedGroup

PT_PER_MM = 72 / 25.4
BOX_TOLERANCE_MM = 0.1


@dataclass(frozen=True)
class Failure:
    check: str
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.message}"


def normalise(text: str) -> str:
    """Letters and digits only, lower case: compares text across hyphenation and spacing."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\W_]+", "", text)


def font_names(font_files: list[Path]) -> set[str]:
    """The family and PostScript names of the fonts in ``font_files``, spaces as hyphens.

    WeasyPrint names an embedded font after its family plus the style words Pango gives it
    ("League-Spartan-Ultra-Bold"), so a PDF font is ours when its name is one of these or
    starts with one of them followed by a hyphen."""
    names: set[str] = set()
    for path in font_files:
        with TTFont(path, lazy=True) as font:
            table = font["name"]
            for name_id in (1, 4, 6, 16):
                value = table.getDebugName(name_id)
                if value:
                    names.add(value.replace(" ", "-"))
                    names.add(value.replace(" ", ""))
    return names


def pdf_fonts(reader: PdfReader) -> dict[str, bool]:
    """Every font the PDF uses (subset tag removed) and whether its program is embedded."""
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            name = re.sub(r"^[A-Z]{6}\+", "", name)
            fonts[name] = fonts.get(name, True) and embedded
    return fonts


def check_issue_pdf(reader: PdfReader, texts: list[str], manifest: Manifest, articles: dict[str, Article],
                    rendered: list[RenderedGroup], trim_mm: tuple[float, float], bleed_mm: float,
                    allowed_fonts: set[str], fallbacks: Sequence = (),
                    mixed: list[Failure] | None = None) -> list[Failure]:
    """Every check of the written PDF (open in ``reader``; ``texts``, each page's text as
    ``page_texts`` gives it) against the plan. ``fallbacks``: the layout's allowed
    substitutions (layout.Fallback), which ``check_fonts`` lets pass; ``mixed``: what
    ``mixed_fonts`` found in this very PDF, when it was read before."""
    failures: list[Failure] = []
    failures += _page_count(reader, manifest, rendered)
    failures += _boxes(reader, trim_mm, bleed_mm)
    failures += check_fonts(reader, allowed_fonts, fallbacks, mixed)
    failures += _placement_and_text(texts, manifest, articles, rendered)
    return failures


def page_texts(data: bytes) -> list[str]:
    """Each page's text, normalised (see ``normalise``), as PDFium extracts it: the same
    text a reader copies out of the page, and quick (pypdf's extraction is pure Python)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            texts.append(normalise(text_page.get_text_range()))
            text_page.close()
            page.close()
        return texts
    finally:
        document.close()


def _page_count(reader: PdfReader, manifest: Manifest, rendered: list[RenderedGroup]) -> list[Failure]:
    failures = []
    count = len(reader.pages)
    if count != manifest.pages:
        failures.append(Failure("pages", f"the PDF has {count} pages; the plan has {manifest.pages}"))
    if count % 4:
        failures.append(Failure("pages", f"{count} pages is not a multiple of 4"))
    for group in rendered:
        planned = len(group.group.pages)
        if group.page_count != planned:
            failures.append(Failure(
                "pages", f"pages {group.group.pages} ({', '.join(group.group.slugs)}) took "
                f"{group.page_count} page(s) instead of {planned}"))
    return failures


def _boxes(reader: PdfReader, trim_mm: tuple[float, float], bleed_mm: float) -> list[Failure]:
    failures = []
    for number, page in enumerate(reader.pages, start=1):
        if "/TrimBox" not in page or "/BleedBox" not in page:
            failures.append(Failure("boxes", f"page {number} has no TrimBox or BleedBox"))
            continue
        trim, bleed = page.trimbox, page.bleedbox
        size = (float(trim.width) / PT_PER_MM, float(trim.height) / PT_PER_MM)
        if any(abs(a - b) > BOX_TOLERANCE_MM for a, b in zip(size, trim_mm)):
            failures.append(Failure("boxes", f"page {number} TrimBox is {size[0]:.1f} x {size[1]:.1f} mm, "
                                             f"not {trim_mm[0]:g} x {trim_mm[1]:g} mm"))
        offsets = [
            float(trim.left) - float(bleed.left), float(trim.bottom) - float(bleed.bottom),
            float(bleed.right) - float(trim.right), float(bleed.top) - float(trim.top),
        ]
        if any(abs(offset / PT_PER_MM - bleed_mm) > BOX_TOLERANCE_MM for offset in offsets):
            shown = ", ".join(f"{offset / PT_PER_MM:.2f}" for offset in offsets)
            failures.append(Failure("boxes", f"page {number} BleedBox is {shown} mm outside the trim, "
                                             f"not {bleed_mm:g} mm on every side"))
    return failures


def check_fonts(reader: PdfReader, allowed: set[str], fallbacks: Sequence = (),
                mixed: list[Failure] | None = None) -> list[Failure]:
    """Every font is embedded and one of ``allowed`` (``font_names`` of fonts/), and no line
    is set in two families unless the layout allows it (``fallbacks``, layout.Fallback;
    ``mixed``: ``mixed_fonts`` of this reader, when it was found before)."""
    failures = []
    for name, embedded in sorted(pdf_fonts(reader).items()):
        if not embedded:
            failures.append(Failure("fonts", f"font {name} is not embedded"))
        if not any(name == known or name.startswith(known + "-") for known in allowed):
            failures.append(Failure("fonts", f"font {name} is not one of the fonts in fonts/ "
                                             "(a system font stood in for a missing glyph?)"))
    return failures + (mixed if mixed is not None else mixed_fonts(reader, allowed, fallbacks))


# What a page's content stream says about its text: text objects (BT ... ET), text boxes
# (each begins with a Tm), font changes (/F size Tf) and the glyphs shown (<hex> in TJ).
_TEXT_OPERATIONS = re.compile(
    rb"\bBT\b|\bET\b|\bTm\b|/([^\s/\[\]<>(){}%]+)\s+[-+]?[\d.]+\s+Tf\b|<([0-9A-Fa-f]*)>")


def mixed_fonts(reader: PdfReader, allowed: set[str], fallbacks: Sequence = ()) -> list[Failure]:
    """Lines set in two font families: one font stood in for glyphs the other lacks.

    WeasyPrint draws each text box (one element's text on one line, in one computed style)
    from one text matrix (Tm) to the next, switching fonts only where Pango found a glyph
    missing; the stylesheets give every element one family, so a second family in a box is
    a fallback. A layout's allowed substitution passes (``fallbacks``). A box set wholly in
    a fallback family is not seen here: the glyph check before layout (glyphs.py) guards it."""
    failures = []
    for number, page in enumerate(reader.pages, start=1):
        resources = page.get("/Resources") or {}
        fonts = {str(key): font.get_object() for key, font in (resources.get("/Font") or {}).items()}
        if not fonts:
            continue
        decoders = {key: _glyph_decoder(font) for key, font in fonts.items()}
        families = {key: _family(_font_name(font), allowed) for key, font in fonts.items()}
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        mixed: dict[tuple[str, ...], list[list[tuple[str, str]]]] = {}
        box: list[tuple[str, str]] = []
        font = None
        for match in _TEXT_OPERATIONS.finditer(data):
            operation = match.group()
            if operation in (b"BT", b"ET", b"Tm"):
                if len({family for family, _ in box}) > 1 and not _allowed(box, fallbacks):
                    mixed.setdefault(tuple(dict.fromkeys(family for family, _ in box)), []).append(box)
                box = []
            elif match.group(1) is not None:
                font = "/" + match.group(1).decode("latin-1")
            elif font in decoders and match.group(2):
                text = decoders[font](match.group(2).decode("ascii"))
                if box and box[-1][0] == families[font]:
                    box[-1] = (box[-1][0], box[-1][1] + text)
                else:
                    box.append((families[font], text))
        for names, boxes in mixed.items():
            example = " and ".join(f"{family} ('{_snippet(text)}')" for family, text in boxes[0])
            found = "".join(dict.fromkeys(character for line in boxes for _, text in line
                                          for character in text if not character.isascii()))
            failures.append(Failure("fonts", (
                f"page {number}: {len(boxes)} line(s) set in two fonts, e.g. {example}: one font "
                "stood in for glyphs the other lacks, where the stylesheet asks for one family"
                + (f" (characters: {' '.join(found[:12])}{' ...' if len(found) > 12 else ''})"
                   if found else ""))))
    return failures


def _font_name(font) -> str:
    return re.sub(r"^[A-Z]{6}\+", "", str(font.get("/BaseFont", "?")).lstrip("/"))


def _family(name: str, allowed: set[str]) -> str:
    """The family of a PDF font name ("League-Spartan-Ultra-Bold": "League-Spartan"): the
    shortest of ``allowed`` it is or starts with, or the name itself."""
    known = [known for known in allowed if name == known or name.startswith(known + "-")]
    return min(known, key=len) if known else name


def _glyph_decoder(font):
    """A function from a hex string of glyph codes to their text, by the font's ToUnicode
    map (two-byte codes for the Type 0 fonts WeasyPrint writes, one byte otherwise)."""
    width = 4 if font.get("/Subtype") == "/Type0" else 2
    mapping: dict[int, str] = {}
    to_unicode = font.get("/ToUnicode")
    if to_unicode is not None:
        cmap = to_unicode.get_object().get_data()
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
            for first, last, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                    mapping[code] = chr(int(start, 16) + offset)

    def decode(glyphs: str) -> str:
        return "".join(mapping.get(int(glyphs[index:index + width], 16), "\ufffd")
                       for index in range(0, len(glyphs) - width + 1, width))
    return decode


def _allowed(box: list[tuple[str, str]], fallbacks: Sequence) -> bool:
    """Whether every run of a line set in a second family is a substitution the layout
    allows: its family is some run's family's fallback and each of its letters allowed
    (spaces, digits and punctuation go with the letters next to them, as Pango sets them)."""
    families = {family for family, _ in box}
    for family, text in box:
        rules = [rule for rule in fallbacks if rule.fallback.replace(" ", "-") == family
                 and rule.family.replace(" ", "-") in families - {family}]
        if rules and all(any(rule.allows(character) for rule in rules)
                         for character in text if character.isalpha()):
            families.discard(family)
    return len(families) <= 1


def _snippet(text: str, length: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1] + "\u2026"


def _placement_and_text(page_text: list[str], manifest: Manifest, articles: dict[str, Article],
                        rendered: list[RenderedGroup]) -> list[Failure]:
    """Each story starts and ends where planned, and its headline and last words are printed.

    Text is looked for in the pages each page group actually produced (not the planned page
    numbers), so a group that runs long is reported once and not blamed on the groups after it.
    """
    failures = []
    jumping = {slug for group in rendered for slug in group.group.continued}
    offset = 0
    for group in rendered:
        group_text = page_text[offset:offset + min(group.page_count, len(group.group.pages))]
        offset += group.page_count
        pages = group.group.pages
        for slug in group.group.slugs + group.group.continued:
            article = articles[slug]
            continuation = slug in group.group.continued
            start = group.anchors.get(f"cont-{slug}") if continuation else group.starts.get(slug)
            if start != pages.first:
                where = "continues" if continuation else "starts"
                failures.append(Failure("placement", f"'{slug}' {where} on page {start}, "
                                                     f"planned for page {pages.first}"))
            end = group.ends.get(slug)
            if end is None:
                failures.append(Failure("placement", f"'{slug}': the end of the copy was not laid "
                                                     "out (copy lost or pushed off the page)"))
            elif end not in pages:
                failures.append(Failure("placement", f"'{slug}' ends on page {end}, outside its "
                                                     f"allotted pages {pages}"))
            if not continuation:
                headline = normalise(article.headline_text)
                if not group_text or headline not in group_text[0]:
                    failures.append(Failure("text", f"'{slug}': the headline \"{article.headline_text}\" "
                                                    f"is not in the text of page {pages.first}"))
            if continuation or slug not in jumping:
                # The first letter is left out: when a story is so short that its last words
                # are its first, that letter is the drop cap, which the PDF's text puts apart.
                if normalise(article.last_words)[1:] not in "".join(group_text):
                    failures.append(Failure("text", f"'{slug}': the last words \"{article.last_words}\" "
                                                    f"are not in the text of pages {pages}: copy was lost"))
    return failures
