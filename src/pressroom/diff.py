"""Diff: which pages changed between two builds, decided by looking.

Pages are compared cheaply first (the same content and resources give the same digest and
need no rendering); the others are rendered at proof resolution, cropped to the trim (so a
proof's slug outside the trim is ignored), and compared pixel by pixel. Each changed page
gets a PNG: the old page beside the new one, changed regions outlined in red on both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from pypdf import PdfReader

from .errors import InputError
from .preflight import open_pdf, reading_pdf

PROOF_DPI = 60
PIXEL_THRESHOLD = 24  # grey-level difference that counts as a change (anti-aliasing stays under it)
CELL_PX = 8           # changes are gathered on a grid of cells this size before outlining


@dataclass
class PageChange:
    page: int
    regions: list[tuple[int, int, int, int]]  # x0, y0, x1, y1 in proof pixels of the new page
    image: Path | None = None


@dataclass
class DiffResult:
    old: Path
    new: Path
    changed: list[PageChange] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    compared: int = 0
    rendered: int = 0  # pages that needed rendering (the rest had identical digests)

    @property
    def identical(self) -> bool:
        return not (self.changed or self.added or self.removed)

    def as_dict(self) -> dict:
        return {"old": str(self.old), "new": str(self.new), "identical": self.identical,
                "changed": [{"page": c.page, "regions": c.regions,
                             "image": str(c.image) if c.image else None} for c in self.changed],
                "added": self.added, "removed": self.removed, "compared": self.compared,
                "rendered": self.rendered}


def resolve_pdf(path: Path) -> Path:
    """A PDF, or a build folder holding build.json and its PDF."""
    path = Path(path)
    if path.is_dir():
        record = path / "build.json"
        if record.is_file():
            import json

            try:
                return path / json.loads(record.read_text(encoding="utf-8"))["output"]["file"]
            except (ValueError, KeyError):
                raise InputError.single(f"{record} is not a Pressroom build record") from None
        pdfs = sorted(path.glob("*.pdf"))
        if len(pdfs) == 1:
            return pdfs[0]
        raise InputError.single(f"{path} holds no build.json and not exactly one PDF",
                                hint="give the PDF itself, or a build folder")
    if not path.is_file():
        raise InputError.single(f"{path} does not exist")
    return path


def page_digests(reader: PdfReader) -> list[str]:
    """A digest per page of what decides how it looks: its content stream, its pictures and
    forms (their data), its other resources, and its fonts by name. Fonts count by name
    only because a font's subset grows whenever any page uses a new glyph, which would make
    every page look changed; WeasyPrint's subset tag changes with the font file itself, and
    glyph ids are kept, so equal names and equal content draw the same glyphs."""
    memo: dict[int, str] = {}
    digests = []
    for page in reader.pages:
        content = page.get_contents()
        digest = hashlib.sha256(content.get_data() if content is not None else b"")
        digest.update(_canonical(page.get("/Resources"), memo, fonts_by_name=True).encode())
        digests.append(digest.hexdigest())
    return digests


def _canonical(value, memo: dict[int, str], fonts_by_name: bool = False, depth: int = 0) -> str:
    """A stable text for a PDF object: references resolved (object numbers left out),
    streams by the digest of their data."""
    if depth > 40:
        return "…"
    reference = getattr(value, "idnum", None)
    if reference is not None:
        if reference not in memo:
            memo[reference] = "…"  # a cycle reads as a placeholder
            memo[reference] = hashlib.sha256(
                _canonical(value.get_object(), memo, depth=depth + 1).encode()).hexdigest()
        return memo[reference]
    if hasattr(value, "get_data") and hasattr(value, "items"):  # a stream
        data = hashlib.sha256(value.get_data()).hexdigest()
        return "stream(" + data + _canonical(dict(value.items()), memo, depth=depth + 1) + ")"
    if hasattr(value, "items"):
        parts = []
        for key, item in sorted(value.items()):
            if fonts_by_name and key == "/Font" and hasattr(item.get_object(), "items"):
                names = {name: str(font.get_object().get("/BaseFont")) for name, font in item.get_object().items()}
                parts.append(f"{key}:{sorted(names.items())}")
            elif key not in ("/Parent", "/Length"):
                parts.append(f"{key}:{_canonical(item, memo, depth=depth + 1)}")
        return "{" + ",".join(parts) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_canonical(item, memo, depth=depth + 1) for item in value) + "]"
    return repr(value)


def render_page(document, reader: PdfReader, index: int, dpi: int = PROOF_DPI) -> Image.Image:
    """A page at ``dpi``, cropped to its TrimBox."""
    page = reader.pages[index]
    media, trim = page.mediabox, page.trimbox
    crop = (float(trim.left) - float(media.left), float(trim.bottom) - float(media.bottom),
            float(media.right) - float(trim.right), float(media.top) - float(trim.top))
    return document[index].render(scale=dpi / 72, crop=crop).to_pil().convert("RGB")


def changed_regions(old: Image.Image, new: Image.Image) -> list[tuple[int, int, int, int]]:
    """Rectangles (in ``new``'s pixels) where the pages differ, neighbouring cells merged."""
    if old.size != new.size:
        return [(0, 0, new.width, new.height)]
    a = np.asarray(old.convert("L"), dtype=np.int16)
    b = np.asarray(new.convert("L"), dtype=np.int16)
    mask = np.abs(a - b) > PIXEL_THRESHOLD
    if not mask.any():
        return []
    rows, columns = -(-mask.shape[0] // CELL_PX), -(-mask.shape[1] // CELL_PX)
    padded = np.zeros((rows * CELL_PX, columns * CELL_PX), dtype=bool)
    padded[:mask.shape[0], :mask.shape[1]] = mask
    cells = padded.reshape(rows, CELL_PX, columns, CELL_PX).any(axis=(1, 3))
    regions, seen = [], np.zeros_like(cells)
    for row, column in zip(*np.nonzero(cells)):
        if seen[row, column]:
            continue
        stack, box = [(row, column)], [row, column, row, column]
        seen[row, column] = True
        while stack:  # flood-fill the touching changed cells into one region
            r, c = stack.pop()
            box = [min(box[0], r), min(box[1], c), max(box[2], r), max(box[3], c)]
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    nr, nc = r + dr, c + dc
                    if 0 <= nr < rows and 0 <= nc < columns and cells[nr, nc] and not seen[nr, nc]:
                        seen[nr, nc] = True
                        stack.append((nr, nc))
        regions.append((int(box[1] * CELL_PX), int(box[0] * CELL_PX),
                        int(min((box[3] + 1) * CELL_PX, new.width)), int(min((box[2] + 1) * CELL_PX, new.height))))
    return sorted(regions, key=lambda region: (region[1], region[0]))


def highlight(old: Image.Image, new: Image.Image, regions, page: int, target: Path) -> Path:
    """The old page beside the new, changed regions outlined in red on both."""
    gap = 16
    canvas = Image.new("RGB", (old.width + new.width + gap, max(old.height, new.height)), (200, 200, 200))
    canvas.paste(old, (0, 0))
    canvas.paste(new, (old.width + gap, 0))
    draw = ImageDraw.Draw(canvas)
    for x0, y0, x1, y1 in regions:
        for offset in (0, old.width + gap):
            draw.rectangle([x0 + offset - 2, y0 - 2, x1 + offset + 1, y1 + 1], outline=(230, 0, 0), width=3)
    target.parent.mkdir(parents=True, exist_ok=True)
    canvas.save(target, optimize=True)
    return target


def diff(old: Path, new: Path, out_dir: Path | None = None, on_page=None) -> DiffResult:
    """Compare two PDFs (or build folders) page by page; highlight PNGs go to ``out_dir``.
    Either may come from anywhere: each is opened by ``open_pdf`` and read inside
    ``reading_pdf``, so a damaged one is an InputError naming it (exit 2)."""
    import pypdfium2

    old_pdf, new_pdf = resolve_pdf(old), resolve_pdf(new)
    old_reader, new_reader = open_pdf(old_pdf, old_pdf.name), open_pdf(new_pdf, new_pdf.name)
    old_count, new_count = len(old_reader.pages), len(new_reader.pages)
    result = DiffResult(old_pdf, new_pdf, added=list(range(old_count + 1, new_count + 1)),
                        removed=list(range(new_count + 1, old_count + 1)))
    common = min(old_count, new_count)
    result.compared = common
    if old_pdf.read_bytes() == new_pdf.read_bytes():
        return result
    with reading_pdf(old_pdf.name, old_pdf):
        old_digests = page_digests(old_reader)
    with reading_pdf(new_pdf.name, new_pdf):
        new_digests = page_digests(new_reader)
    out_dir = Path(out_dir) if out_dir else new_pdf.parent / "diff"
    old_document, new_document = _rendered(pypdfium2, old_pdf), _rendered(pypdfium2, new_pdf)
    try:
        for index in range(common):
            if on_page:
                on_page()
            if old_digests[index] == new_digests[index]:
                continue
            result.rendered += 1
            before = render_page(old_document, old_reader, index)
            after = render_page(new_document, new_reader, index)
            regions = changed_regions(before, after)
            if regions:
                image = highlight(before, after, regions, index + 1, out_dir / f"page-{index + 1:02d}.png")
                result.changed.append(PageChange(index + 1, regions, image))
    finally:
        old_document.close()
        new_document.close()
    return result


def _rendered(pypdfium2, pdf: Path):
    """``pdf`` opened by PDFium to be rendered; InputError naming it when PDFium cannot."""
    try:
        return pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as error:
        raise InputError.single(f"{pdf.name} is not a readable PDF (damaged: PDFium cannot render it: {error})",
                                pdf) from None
