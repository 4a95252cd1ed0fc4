"""Printers: each printer's specification as a validated data file, and what it decides:
the PDF/X variant and output condition, the ink limit and resolution the preflight holds
the files to, which page positions print colour, how the centre spread goes, how files are
named and whether the issue goes as one file or one file per page.

Profiles live in ``profiles/printers/NAME.yaml`` (keys in docs/printing.md); the issue
names its printer in ``issue.yaml`` (``printer:``), and ``pressroom deliver`` and
``pressroom preflight`` take ``--printer NAME``. A printer is always a name, confined to
that folder (confine.confined_name): never a path, nor a link out of it.
"""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from .confine import confined_name
from .errors import InputError, display_path
from .manifest import Manifest, Strict, planned_pages
from .preflight import ImageRules, PpiLimits, PreflightProfile, SmallTextRule
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

    def black_only_positions(self, page_count: int) -> list[int]:
        """The pages that print in black ink only."""
        return sorted(set(range(1, page_count + 1)) - self.colour_positions(page_count))

    def file_for(self, *, date: dt.date, issue_number: int, issue_id: str, page: int | None = None,
                 section: str = "A") -> str:
        """The file name the printer's template gives a page (or the whole issue)."""
        return self.file_name.format(date=date, issue_number=issue_number, issue_id=issue_id,
                                     page=page or 0, section=section)


def printers_dir(project_root: Path) -> Path:
    return project_root / "profiles" / "printers"


def load_printer(name: str, project_root: Path, *, file: Path | None = None, line: int | None = None,
                 column: int | None = None) -> PrinterProfile:
    """The printer profile ``profiles/printers/NAME.yaml``; InputError with file:line: the
    profile's own, or where the name was written (``file``, ``line``, ``column``) when it is
    not the name of a profile there (a path, a link out of the folder, an unknown name)."""
    folder = printers_dir(project_root)
    path = confined_name(name, folder, "printer profile", suffix=".yaml", file=file, line=line, column=column)
    if not path.is_file():
        known = sorted(item.stem for item in folder.glob("*.yaml"))
        raise InputError.single(
            f"printer profile '{name}' does not exist (no {display_path(folder)}/{name}.yaml)",
            file, line, column, hint="known printers: " + ", ".join(known))
    return validate(PrinterProfile, load_yaml(path.read_text(encoding="utf-8"), path), "printer profile")


def issue_printer(manifest: Manifest, manifest_doc, project_root: Path) -> PrinterProfile | None:
    """The printer ``issue.yaml`` names (``printer:``), or None; a name that has no profile
    is reported at its line in the manifest."""
    if not manifest.printer:
        return None
    line, column = manifest_doc.position(("printer",)) or (None, None)
    return load_printer(manifest.printer, project_root, file=manifest_doc.file, line=line, column=column)


def preflight_profile(printer: PrinterProfile, whole_issue: bool) -> PreflightProfile:
    """The preflight rules a printer's profile implies, for the whole issue in one file or
    for one delivered page file. A centre spread joined into one double-width page makes
    the page count one less and one page twice as wide, so those two rules are left to the
    issue's own build."""
    variant = {"pdf/x-4": "PDF/X-4", "pdf/x-1a": "PDF/X-1a"}[printer.pdf_variant]
    joined = printer.centre_spread == "double"
    return PreflightProfile(
        name=printer.name, description=printer.description, pdfx_versions=[variant],
        page_multiple=printer.page_multiple if whole_issue and not joined else None,
        same_page_size=not joined, bleed_mm=printer.bleed_mm,
        images=ImageRules(colour_ppi=printer.min_ppi, gray_ppi=printer.min_ppi,
                          line_art_ppi=PpiLimits(error=550, warning=800)),
        colour_spaces=["cmyk", "gray"], max_ink_percent=printer.ink_limit_percent,
        small_text=SmallTextRule(below_pt=12, max_inks=2), transparency="warning")


def page_list(pages: list[int]) -> str:
    """1, 2, 7-10, 15: consecutive pages written as ranges."""
    runs: list[list[int]] = []
    for page in sorted(pages):
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs) or "none"


def colour_plan(manifest: Manifest, printer: PrinterProfile) -> list[str]:
    """The plan's colour and black-only positions at the printer, and the stories and ads
    that the plan puts on black-only pages (for ``pressroom fit``)."""
    black_only = printer.black_only_positions(manifest.pages)
    lines = [f"printer {printer.name}: colour on pages {page_list(sorted(printer.colour_positions(manifest.pages)))}; "
             f"black only on pages {page_list(black_only)}"]
    for slug, pages in planned_pages(manifest).items():
        mono = [page for page in pages if page in black_only]
        if mono:
            lines.append(f"  black only: {slug} (page{'s' if len(mono) > 1 else ''} {page_list(mono)})")
    for booking in manifest.ads:
        if booking.page in black_only:
            lines.append(f"  black only: ad from {booking.advertiser or 'house'} (page {booking.page})")
    return lines
