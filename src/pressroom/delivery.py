"""Delivery (work in progress): printer profiles as data, and what they decide: the PDF/X
variant and output condition, the ink limit, which page positions print colour, how files
are named and whether the issue goes as one file or one file per page.

Profiles live in ``profiles/printers/NAME.yaml`` and are validated like the manifest.
"""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from .errors import InputError
from .manifest import Strict
from .preflight import PpiLimits
from .yamlfile import load_yaml, validate


class PrinterProfile(Strict):
    """One printer's specification."""

    name: str
    description: str = ""
    pdf_variant: Literal["pdf/x-4", "pdf/x-1a"]
    output_condition_identifier: str
    output_condition: str
    registry_name: str = "http://www.color.org"
    icc_profile: str | None = None  # None: a registered condition, named only (X-1a)
    ink_limit_percent: float = Field(ge=100, le=400)
    min_ppi: PpiLimits
    bleed_mm: float | None = Field(default=3, ge=0)
    page_multiple: int = Field(default=4, ge=1)
    colour_pages: dict[str, list[int] | Literal["all"]] = Field(default_factory=lambda: {"default": "all"})
    mono_pages: Literal["convert", "refuse"] = "convert"
    centre_spread: Literal["separate", "double"] = "separate"
    file_name: str
    delivery: Literal["per-page", "single"] = "per-page"

    @field_validator("file_name")
    @classmethod
    def _known_fields(cls, value: str) -> str:
        known = {"date", "page", "issue_number", "issue_id", "section"}
        for _, name, _, _ in string.Formatter().parse(value):
            if name is not None and name not in known:
                raise ValueError(f"unknown field {{{name}}} in the file name; known: "
                                 + ", ".join(sorted(known)))
        return value

    @field_validator("colour_pages")
    @classmethod
    def _page_counts(cls, value: dict) -> dict:
        for key in value:
            if key != "default" and not key.isdigit():
                raise ValueError(f"'{key}' is not a page count (or 'default')")
        return value

    def colour_positions(self, page_count: int) -> set[int]:
        """The pages that can print colour in an issue of ``page_count`` pages."""
        positions = self.colour_pages.get(str(page_count), self.colour_pages.get("default", "all"))
        return set(range(1, page_count + 1)) if positions == "all" else set(positions)

    def file_for(self, *, date: dt.date, issue_number: int, issue_id: str, page: int | None = None,
                 section: str = "A") -> str:
        """The file name the printer's template gives a page (or the whole issue)."""
        return self.file_name.format(date=date, issue_number=issue_number, issue_id=issue_id,
                                     page=page or 0, section=section)


def printers_dir(project_root: Path) -> Path:
    return project_root / "profiles" / "printers"


def load_printer(name: str, project_root: Path) -> PrinterProfile:
    """A printer profile by name, or by path to a YAML file; InputError with file:line."""
    path = Path(name)
    if path.suffix not in (".yaml", ".yml"):
        path = printers_dir(project_root) / f"{name}.yaml"
    if not path.is_file():
        known = sorted(item.stem for item in printers_dir(project_root).glob("*.yaml"))
        raise InputError.single(f"printer profile '{name}' does not exist ({path})",
                                hint="known printers: " + ", ".join(known))
    return validate(PrinterProfile, load_yaml(path.read_text(encoding="utf-8"), path), "printer profile")


def colour_on_mono_pages(colour_pages: list[int], profile: PrinterProfile, page_count: int) -> list[int]:
    """Pages that carry colour content but sit where the printer prints black only."""
    allowed = profile.colour_positions(page_count)
    return [page for page in colour_pages if page not in allowed]


def preflight_profile(printer: PrinterProfile, per_page: bool):
    """The preflight rules a printer's profile implies, for one page file or the whole issue."""
    from .preflight import ImageRules, PreflightProfile, SmallTextRule

    variant = {"pdf/x-4": "PDF/X-4", "pdf/x-1a": "PDF/X-1a"}[printer.pdf_variant]
    return PreflightProfile(
        name=printer.name, description=printer.description, pdfx_versions=[variant],
        page_multiple=None if per_page else printer.page_multiple, bleed_mm=printer.bleed_mm,
        images=ImageRules(colour_ppi=printer.min_ppi, gray_ppi=printer.min_ppi,
                          line_art_ppi=PpiLimits(error=550, warning=800)),
        colour_spaces=["cmyk", "gray"], max_ink_percent=printer.ink_limit_percent,
        small_text=SmallTextRule(below_pt=12, max_inks=2), transparency="warning")


def split_pages(data: bytes) -> list[bytes]:
    """Each page of a PDF/X file as a PDF/X file of its own: the document's OutputIntent,
    XMP and Info (version keys, /Trapped) carried over, and of the shared resources only
    those the page's content (and the forms it draws) use."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(io.BytesIO(data))
    files = []
    for index in range(len(reader.pages)):
        writer = PdfWriter()
        writer.pdf_header = reader.pdf_header
        source = reader.pages[index]
        _prune_resources(source)  # before copying: what is not referenced is not copied
        writer.add_page(source)
        root = reader.trailer["/Root"]
        for key in ("/OutputIntents", "/Metadata"):
            if key in root:
                writer._root_object[NameObject(key)] = root[key].clone(writer)
        info = reader.metadata or {}
        writer.add_metadata({key: value for key, value in info.items()})
        writer._info.get_object()[NameObject("/Producer")] = info.get("/Producer", "Pressroom")
        output = io.BytesIO()
        writer.write(output)
        files.append(output.getvalue())
    return files


def _prune_resources(page) -> None:
    """Keep only the resources the page's content names (fonts, XObjects, graphics states,
    colour spaces, patterns, shadings); WeasyPrint shares one dictionary across pages."""
    import re

    from pypdf.generic import DictionaryObject, NameObject

    content = page.get_contents()
    data = content.get_data() if content is not None else b""
    used = {name.decode() for name in re.findall(rb"/([^\s/\[\]<>(){}%]+)", data)}
    resources = page["/Resources"].get_object()
    pruned = DictionaryObject()
    for category, table in resources.items():
        table = table.get_object()
        if isinstance(table, DictionaryObject):
            pruned[NameObject(category)] = DictionaryObject(
                {key: value for key, value in table.items() if key[1:] in used})
        else:
            pruned[NameObject(category)] = table
    page[NameObject("/Resources")] = pruned
