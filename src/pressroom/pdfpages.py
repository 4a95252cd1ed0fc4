"""Whole PDF pages drawn inside other pages as form XObjects: ads onto issue pages, issue
pages onto imposed sheets. The placed page stays vector: its content, fonts and images are
copied across, never rasterised.

A placement is written as one recognisable run of operators,
``q X Y W H re W n 1 0 0 1 DX DY cm /NAME Do Q`` (clip, then move), which is what the
checks read back to prove where each page landed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

PT_PER_MM = 72 / 25.4
PLACEMENT = re.compile(rb"q ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re W n "
                       rb"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) cm (/[\w.-]+) Do Q")


def resource_table(page, category: str):
    """A page's table of resources of one ``category`` ("/Font", "/XObject"...), or None."""
    resources = page.get("/Resources")
    table = resources.get_object().get(category) if resources is not None else None
    return table.get_object() if table is not None else None


def page_as_form(writer: PdfWriter, page) -> object:
    """A form XObject holding ``page`` (from another document): content, resources,
    transparency group and its MediaBox as BBox, copied into ``writer``; returns it added."""
    content = page.get_contents()
    form = DecodedStreamObject()
    form.set_data(content.get_data() if content is not None else b"")
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(float(value)) for value in page.mediabox]),
        NameObject("/Resources"): page["/Resources"].get_object().clone(writer)
        if "/Resources" in page else DictionaryObject(),
    })
    if "/Group" in page:
        form[NameObject("/Group")] = page["/Group"].get_object().clone(writer)
    return writer._add_object(form.flate_encode())


def placement_operators(name: str, clip: tuple[float, float, float, float], dx: float, dy: float) -> str:
    """Draw form ``name`` moved by (dx, dy) points, clipped to ``clip`` (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = clip
    return (f"q {x0:.4f} {y0:.4f} {x1 - x0:.4f} {y1 - y0:.4f} re W n "
            f"1 0 0 1 {dx:.4f} {dy:.4f} cm {name} Do Q\n")


def add_to_page(writer: PdfWriter, page, forms: dict[str, object], operators: str) -> None:
    """Register ``forms`` (name -> reference) in the page's resources and draw
    ``operators`` over the page's own content, which is wrapped in q/Q first so that any
    matrix it leaves set (WeasyPrint flips y) does not move what is added."""
    resources = page["/Resources"].get_object()
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    xobjects = resources["/XObject"].get_object()
    for name, reference in forms.items():
        xobjects[NameObject(name)] = reference
    save, added = DecodedStreamObject(), DecodedStreamObject()
    save.set_data(b"q\n")
    added.set_data(b"\nQ\n" + operators.encode())
    contents = page.raw_get("/Contents") if "/Contents" in page else None  # references: streams stay indirect
    if contents is None:
        contents = []
    elif isinstance(contents.get_object(), ArrayObject):
        contents = list(contents.get_object())
    else:
        contents = [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(save), *contents, writer._add_object(added.flate_encode())])


@dataclass(frozen=True)
class Placement:
    """A form drawn on a page, as read back: its name, clip (x0, y0, x1, y1) and matrix."""

    name: str
    clip: tuple[float, float, float, float]
    matrix: tuple[float, ...]

    @property
    def rotated_or_scaled(self) -> bool:
        a, b, c, d = self.matrix[:4]
        return abs(a - 1) > 1e-6 or abs(d - 1) > 1e-6 or abs(b) > 1e-6 or abs(c) > 1e-6


def read_placements(page) -> list[Placement]:
    """Every placement drawn on ``page`` by ``placement_operators``, in drawing order."""
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    found = []
    for match in PLACEMENT.finditer(data):
        x, y, w, h = (float(value) for value in match.groups()[:4])
        matrix = tuple(float(value) for value in match.groups()[4:10])
        found.append(Placement(match.group(11).decode(), (x, y, x + w, y + h), matrix))
    return found
