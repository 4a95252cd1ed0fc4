"""Checks after render: read the written PDF back (pypdf) and compare it with the plan.

Each check returns failures as plain sentences an editor can act on. The build exits 1
when any check fails; the PDF is still written so it can be looked at.
"""

from __future__ import annotations

import re
import unicodedata
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
                    allowed_fonts: set[str]) -> list[Failure]:
    """Every check of the written PDF (open in ``reader``; ``texts``, each page's text as
    ``page_texts`` gives it) against the plan."""
    failures: list[Failure] = []
    failures += _page_count(reader, manifest, rendered)
    failures += _boxes(reader, trim_mm, bleed_mm)
    failures += check_fonts(reader, allowed_fonts)
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


def check_fonts(reader: PdfReader, allowed: set[str]) -> list[Failure]:
    failures = []
    for name, embedded in sorted(pdf_fonts(reader).items()):
        if not embedded:
            failures.append(Failure("fonts", f"font {name} is not embedded"))
        if not any(name == known or name.startswith(known + "-") for known in allowed):
            failures.append(Failure("fonts", f"font {name} is not one of the fonts in fonts/ "
                                             "(a system font stood in for a missing glyph?)"))
    return failures


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
