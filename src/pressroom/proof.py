"""Proof: what editors look at, made from the current build.

- a proof PDF: reader spreads, pictures downsampled and soft-proofed to RGB for e-mail, a
  PROOF stamp and a slug on each spread (issue, pages, build time, the build's short hash);
- page thumbnails (PNG, pypdfium2), cropped to the trim;
- a flatplan contact sheet: every page as spreads on one PNG and on a standalone HTML page
  (``layouts/proof/contact.html.j2``), labelled with page number, section and stories,
  tinted by copyfit status (over, under, fit) and with booked ads outlined.
"""

from __future__ import annotations

import io
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

from .errors import InputError
from .templates import render, template_environment

THUMB_WIDTH_PX = 170
PROOF_PICTURE_SCALE = 1 / 3     # proof pictures keep a third of their pixels across
PROOF_JPEG_QUALITY = 70
STATUS_TINTS = {"OVER": (220, 40, 40), "UNDER": (40, 110, 220), "FIT": (40, 160, 80)}
STATUS_ORDER = {"FIT": 0, "UNDER": 1, "OVER": 2}


@dataclass
class PageInfo:
    """One page of the flatplan: what is on it and how it fits."""

    number: int
    section: str
    stories: list[str] = field(default_factory=list)
    status: str = "FIT"  # the worst copyfit status of its stories
    ads: list[dict] = field(default_factory=list)  # {x, y, width, height (mm), label}


@dataclass
class ProofResult:
    folder: Path
    proof_pdf: Path | None
    thumbnails: list[Path]
    contact_png: Path
    contact_html: Path
    pages: list[PageInfo]


def find_build(issue_dir: Path, out_dir: Path | None, project_root: Path) -> tuple[Path, dict]:
    """The current build of the issue: its PDF and its record; InputError when there is none."""
    issue_id = Path(issue_dir).resolve().name
    build_dir = Path(out_dir) if out_dir else project_root / "build" / issue_id
    record_path = build_dir / "build.json"
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise InputError.single(f"no build of {issue_id} in {build_dir} (build.json missing or unreadable)",
                                hint=f"run pressroom build {issue_dir} first") from None
    pdf = build_dir / record["output"]["file"]
    if not pdf.is_file():
        raise InputError.single(f"{pdf} is missing", hint=f"run pressroom build {issue_dir} again")
    return pdf, record


def page_infos(manifest, record: dict) -> list[PageInfo]:
    """Each page's section, stories, copyfit status and ads, from the plan and the record."""
    pages = {number: PageInfo(number, section.name) for section in manifest.sections
             for number in section.pages}
    fits = {fit["slug"]: fit["status"] for fit in record.get("copyfit", [])}
    for section in manifest.sections:
        for slot in section.articles:
            for number in slot.pages:
                info = pages[number]
                info.stories.append(slot.slug)
                status = fits.get(slot.slug, "FIT")
                if STATUS_ORDER[status] > STATUS_ORDER[info.status]:
                    info.status = status
            if slot.continues_on:
                pages[slot.continues_on].stories.append(f"{slot.slug} (cont.)")
    for ad in record.get("ads", []):
        label = ad.get("advertiser") or "house ad"
        pages[ad["page"]].ads.append({**ad["slot_mm"], "label": f"{ad['size']}: {label}"})
    return [pages[number] for number in sorted(pages)]


def thumbnails(pdf: Path, folder: Path, width_px: int = THUMB_WIDTH_PX, on_page=None) -> list[Path]:
    """One PNG per page, cropped to the trim, ``width_px`` wide."""
    import pypdfium2

    folder.mkdir(parents=True, exist_ok=True)
    reader = PdfReader(pdf)
    document = pypdfium2.PdfDocument(pdf)
    paths = []
    for index, page in enumerate(reader.pages):
        if on_page:
            on_page()
        media, trim = page.mediabox, page.trimbox
        crop = (float(trim.left) - float(media.left), float(trim.bottom) - float(media.bottom),
                float(media.right) - float(trim.right), float(media.top) - float(trim.top))
        scale = width_px / float(trim.width)
        image = document[index].render(scale=scale, crop=crop).to_pil().convert("RGB")
        path = folder / f"page-{index + 1:02d}.png"
        image.save(path, optimize=True)
        paths.append(path)
    document.close()
    return paths


def spreads(count: int) -> list[tuple[int | None, int | None]]:
    """Reader spreads: page 1 alone on the right, then 2|3, ..., the last page alone if even."""
    result = [(None, 1)]
    for left in range(2, count + 1, 2):
        result.append((left, left + 1 if left + 1 <= count else None))
    return result


def contact_sheet_png(infos: list[PageInfo], thumbs: list[Path], target: Path, title: str,
                      fonts_dir: Path, trim_mm: tuple[float, float], per_row: int = 4) -> Path:
    """All pages as spreads on one PNG, each labelled and tinted, ads outlined."""
    page_w = THUMB_WIDTH_PX
    page_h = round(page_w * trim_mm[1] / trim_mm[0])
    label_h, gap, margin, header = 44, 28, 24, 48
    spread_list = spreads(len(infos))
    rows = (len(spread_list) + per_row - 1) // per_row
    width = margin * 2 + per_row * 2 * page_w + (per_row - 1) * gap
    height = header + margin + rows * (page_h + label_h + gap)
    sheet = Image.new("RGB", (width, height), (236, 236, 232))
    draw = ImageDraw.Draw(sheet)
    bold = ImageFont.truetype(str(fonts_dir / "Lato-Bold.ttf"), 13)
    small = ImageFont.truetype(str(fonts_dir / "Lato-Regular.ttf"), 10)
    heading = ImageFont.truetype(str(fonts_dir / "Lato-Black.ttf"), 20)
    draw.text((margin, 14), title, font=heading, fill=(30, 30, 30))
    legend_x = width - margin - 360
    for offset, (status, tint) in enumerate(STATUS_TINTS.items()):
        draw.rectangle([legend_x + offset * 90, 20, legend_x + offset * 90 + 12, 32], fill=tint)
        draw.text((legend_x + offset * 90 + 17, 19), status.lower(), font=bold, fill=(30, 30, 30))
    draw.rectangle([legend_x + 270, 20, legend_x + 282, 32], outline=(230, 120, 0), width=2)
    draw.text((legend_x + 287, 19), "booked ad", font=bold, fill=(230, 120, 0))
    by_number = {info.number: info for info in infos}
    mm_to_px = page_w / trim_mm[0]
    for index, pair in enumerate(spread_list):
        row, column = divmod(index, per_row)
        x0 = margin + column * (2 * page_w + gap)
        y0 = header + margin + row * (page_h + label_h + gap)
        for side, number in enumerate(pair):
            if number is None:
                continue
            info = by_number[number]
            x = x0 + side * page_w
            page = Image.open(thumbs[number - 1]).convert("RGB").resize((page_w, page_h))
            tint = Image.new("RGB", page.size, STATUS_TINTS[info.status])
            sheet.paste(Image.blend(page, tint, 0.10 if info.status == "FIT" else 0.22), (x, y0))
            draw.rectangle([x, y0, x + page_w - 1, y0 + page_h - 1], outline=(90, 90, 90))
            for ad in info.ads:
                box = [x + ad["x"] * mm_to_px, y0 + ad["y"] * mm_to_px,
                       x + (ad["x"] + ad["width"]) * mm_to_px, y0 + (ad["y"] + ad["height"]) * mm_to_px]
                draw.rectangle(box, outline=(230, 120, 0), width=3)
                draw.text((box[0] + 4, box[1] + 3), ad["label"][:28], font=small, fill=(230, 120, 0))
            draw.rectangle([x, y0 + page_h, x + page_w - 1, y0 + page_h + 5], fill=STATUS_TINTS[info.status])
            draw.text((x + 2, y0 + page_h + 8), f"{number}  {info.section}", font=bold, fill=(20, 20, 20))
            stories = ", ".join(info.stories) or ("ad" if info.ads else "-")
            draw.text((x + 2, y0 + page_h + 26), _fit_text(draw, stories, small, page_w - 4),
                      font=small, fill=(60, 60, 60))
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(target, optimize=True)
    return target


def _fit_text(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def contact_sheet_html(infos: list[PageInfo], thumbs: list[Path], target: Path, title: str,
                       templates: Path, trim_mm: tuple[float, float]) -> Path:
    """The contact sheet as a standalone HTML page (thumbnails beside it in thumbs/)."""
    environment = template_environment(templates, autoescape=True)
    by_number = {info.number: info for info in infos}
    rows = [(by_number.get(left), by_number.get(right)) for left, right in spreads(len(infos))]
    html = render(
        environment, "contact.html.j2", title=title, spreads=rows, trim=trim_mm, stylesheet=(templates / "contact.css").read_text(encoding="utf-8"),
        thumb=lambda number: thumbs[number - 1].relative_to(target.parent).as_posix())
    target.write_text(html, encoding="utf-8")
    return target


def proof_pdf(pdf: Path, target: Path, project_root: Path, title: str, note: str, profile_path: Path) -> Path:
    """Reader spreads for mark-up and e-mail: pictures downsampled and converted to RGB
    through the output profile (a soft proof), each spread stamped PROOF with a slug."""
    from .impose import impose

    writer = PdfWriter(clone_from=pdf)
    to_screen = ImageCms.buildTransform(ImageCms.getOpenProfile(str(profile_path)),
                                        ImageCms.createProfile("sRGB"), "CMYK", "RGB")
    done = set()
    for page in writer.pages:
        for image in page.images:
            key = image.indirect_reference.idnum if image.indirect_reference else id(image)
            if key in done:
                continue
            done.add(key)
            picture = image.image
            size = (max(1, round(picture.width * PROOF_PICTURE_SCALE)),
                    max(1, round(picture.height * PROOF_PICTURE_SCALE)))
            picture = picture.resize(size, Image.Resampling.LANCZOS)
            picture = ImageCms.applyTransform(picture, to_screen) if picture.mode == "CMYK" else picture.convert("RGB")
            image.replace(picture, quality=PROOF_JPEG_QUALITY)
    with tempfile.TemporaryDirectory() as scratch:
        small = Path(scratch) / "small.pdf"
        data = io.BytesIO()
        writer.write(data)
        small.write_bytes(data.getvalue())
        impose(small, target, scheme_name="spreads", project_root=project_root, title=title,
               marks="proof", note=note)
    return target


def make_proof(issue_dir: Path, out_dir: Path | None = None, build_dir: Path | None = None,
               with_pdf: bool = True, on_page=None) -> ProofResult:
    """Proof PDF (unless ``with_pdf`` is false), thumbnails and contact sheet of the current
    build of ``issue_dir``, into ``out_dir`` (default ``proof/`` beside the build)."""
    from .build import read_plan

    issue_dir = Path(issue_dir)
    root, manifest, _, layout = read_plan(issue_dir)
    pdf, record = find_build(issue_dir, build_dir, root)
    folder = Path(out_dir) if out_dir else pdf.parent / "proof"
    folder.mkdir(parents=True, exist_ok=True)
    infos = page_infos(manifest, record)
    if len(infos) != record["page_count"]:
        raise InputError.single(f"the build has {record['page_count']} pages but the plan has {len(infos)}",
                                hint=f"run pressroom build {issue_dir} again")
    trim = (layout.config.trim_mm.width, layout.config.trim_mm.height)
    thumbs = thumbnails(pdf, folder / "thumbs", on_page=on_page)
    short_hash = record["output"]["sha256"][:10]
    title = f"{manifest.title} No. {manifest.issue_number}, {manifest.date.strftime('%B %Y')}"
    heading = f"{title} · built {record.get('built_at', '?')} · {short_hash}"
    png = contact_sheet_png(infos, thumbs, folder / "contact-sheet.png", heading, root / "fonts", trim)
    html = contact_sheet_html(infos, thumbs, folder / "contact-sheet.html", heading, root / "layouts" / "proof", trim)
    if not with_pdf:
        return ProofResult(folder, None, thumbs, png, html, infos)
    # Named after the issue: the spreads of a print build and of an overset proof
    # (<issue-id>.proof.pdf) alike, never after the print PDF's own name.
    proof = proof_pdf(pdf, folder / f"{record.get('issue_id') or pdf.stem}-proof.pdf", root, title,
                      f"built {record.get('built_at', '?')} · {short_hash}",
                      root / record["print"]["icc_profile"] if "print" in record else
                      root / layout.config.output.icc_profile)
    return ProofResult(folder, proof, thumbs, png, html, infos)
