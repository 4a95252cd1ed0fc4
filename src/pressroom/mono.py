"""Black-only pages: rewrite a page that the printer prints with black ink alone so that
everything on it is black (K).

Colours set in the content (CMYK, RGB, ICC-based) become a gray that prints as light as the
colour would have on the press: each colour's lightness (L*) is taken from the output ICC
profile and matched with the black tint that gives the same L* under the same profile.
Pictures become grayscale JPEGs the same way; forms drawn on the page (placed ads) are
rewritten like the page. Pure black stays exactly as it was. What cannot be converted
faithfully (spot colours, Lab, patterns and shadings in colour) is reported, not guessed.

Only the page's own copies are changed: a picture or form shared with a colour page keeps
its colour there.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageCms
from pypdf import PdfWriter
from pypdf.generic import (ArrayObject, ContentStream, DecodedStreamObject, DictionaryObject,
                           FloatObject, IndirectObject, NameObject, NumberObject, StreamObject)

from .colour import OutputProfile
from .preflight import cmyk_pixels, colour_family, lookup_resource, resolve_space

GRAY_JPEG_QUALITY = 85
COLOUR_OPERATORS = {b"sc", b"scn", b"SC", b"SCN"}


class NotConvertible(Exception):
    """Content on a black-only page that cannot be turned into black without guessing."""


class BlackInk:
    """Lightness-preserving conversion of colours and pictures to black ink, under one
    output profile."""

    def __init__(self, profile: OutputProfile):
        lab = ImageCms.createProfile("LAB")
        press = ImageCms.ImageCmsProfile(io.BytesIO(profile.data))
        self._cmyk_to_lab = ImageCms.buildTransform(press, lab, "CMYK", "LAB")
        self._rgb_to_lab = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), lab, "RGB", "LAB")
        # The lightness each black tint prints at (K 0..255).
        ramp = Image.frombytes("CMYK", (256, 1), bytes(v for k in range(256) for v in (0, 0, 0, k)))
        lightness = np.asarray(ImageCms.applyTransform(ramp, self._cmyk_to_lab))[0, :, 0].astype(float)
        # Black alone prints lighter than the press's darkest four-colour black, so the range
        # of colour lightness (paper to rich black) is scaled onto the range black alone can
        # print (black point compensation); otherwise every dark colour would become solid.
        darkest = Image.new("CMYK", (1, 1), (255, 255, 255, 255))
        rich_black = float(np.asarray(ImageCms.applyTransform(darkest, self._cmyk_to_lab))[0, 0, 0])
        paper, solid = float(lightness[0]), float(lightness.min())
        wanted = paper - (paper - np.arange(256, dtype=float)) * (paper - solid) / max(paper - rich_black, 1)
        # Then, for each L* byte, the black tint that prints as light.
        tints = np.arange(256, dtype=float)
        order = np.argsort(lightness, kind="stable")
        black = np.interp(wanted, lightness[order], tints[order])
        self._gray_for_lightness = np.round(255 - black).astype(np.uint8)  # DeviceGray: 255 white

    def gray_pixels(self, image: Image.Image) -> np.ndarray:
        """A CMYK or RGB picture as DeviceGray values (0 black, 255 paper)."""
        if image.mode == "CMYK":
            cmyk = np.asarray(image)
            lightness = np.asarray(ImageCms.applyTransform(image, self._cmyk_to_lab))[..., 0]
            gray = self._gray_for_lightness[lightness]
            black_only = (cmyk[..., :3] == 0).all(axis=-1)  # black stays the same black
            return np.where(black_only, 255 - cmyk[..., 3], gray).astype(np.uint8)
        lightness = np.asarray(ImageCms.applyTransform(image.convert("RGB"), self._rgb_to_lab))[..., 0]
        return self._gray_for_lightness[lightness]

    def gray_value(self, family: str, values: list[float]) -> float:
        """One colour (PDF component values 0..1) as a DeviceGray value."""
        if family == "gray":
            return values[0]
        if family == "cmyk" and not any(values[:3]):
            return round(1 - values[3], 4)
        mode = "CMYK" if family == "cmyk" else "RGB"
        pixel = Image.new(mode, (1, 1), tuple(round(value * 255) for value in values))
        return round(float(self.gray_pixels(pixel)[0, 0]) / 255, 4)


class BlackOnlyConverter:
    """Rewrites pages of one document (a PdfWriter) to black only; pictures and forms are
    converted once however many black-only pages use them."""

    def __init__(self, writer: PdfWriter, ink: BlackInk):
        self.writer = writer
        self.ink = ink
        self._converted: dict[int, IndirectObject] = {}  # original object number -> gray copy
        self.changes: list[str] = []

    def convert_page(self, page, number: int) -> list[str]:
        """Make page ``number`` black only; returns what was changed, in words. Raises
        NotConvertible naming the object that cannot be."""
        self.changes = []
        resources = _own_copy(page["/Resources"].get_object()) if "/Resources" in page else DictionaryObject()
        contents = page.get_contents()
        content = ContentStream(contents, self.writer) if contents is not None else None
        if content is not None:
            self._convert_content(content, resources, f"page {number}", depth=0)
            page.replace_contents(content)
        page[NameObject("/Resources")] = resources
        return sorted(set(self.changes))

    def _convert_content(self, content: ContentStream, resources: DictionaryObject, where: str,
                         depth: int) -> None:
        fill = stroke = "gray"
        for index, (operands, operator) in enumerate(content.operations):
            if operator in (b"k", b"K", b"rg", b"RG"):
                family = "cmyk" if operator in (b"k", b"K") else "rgb"
                values = [float(value) for value in operands]
                if family == "cmyk" and not any(values[:3]):
                    continue
                gray = self.ink.gray_value(family, values)
                content.operations[index] = ([FloatObject(gray)],
                                             b"g" if operator in (b"k", b"rg") else b"G")
                self.changes.append("colours of text and rules")
            elif operator in (b"cs", b"CS"):
                family = self._space_family(operands[0], resources, where)
                if family in ("cmyk", "rgb"):
                    content.operations[index] = ([NameObject("/DeviceGray")], operator)
                if operator == b"cs":
                    fill = family
                else:
                    stroke = family
            elif operator in COLOUR_OPERATORS:
                family = fill if operator in (b"sc", b"scn") else stroke
                if family == "pattern":
                    self._check_pattern(operands[-1], resources, where)
                if family in ("cmyk", "rgb"):
                    values = [float(value) for value in operands]
                    if family == "cmyk" and not any(values[:3]):
                        gray = round(1 - values[3], 4)
                    else:
                        gray = self.ink.gray_value(family, values)
                        self.changes.append("colours of text and rules")
                    content.operations[index] = ([FloatObject(gray)], operator)
            elif operator == b"sh":
                shading = lookup_resource(resources, "/Shading", operands[0])
                family = colour_family(resolve_space(shading.get("/ColorSpace"), resources))[0] \
                    if shading is not None else None
                if family not in (None, "gray"):
                    raise NotConvertible(f"{where}: a {family.upper()} gradient (shading "
                                         f"{operands[0]}) cannot be made black only")
            elif operator == b"Do":
                self._convert_xobject(operands[0], resources, where, depth)
            elif operator == b"INLINE IMAGE":
                settings = operands[0] or {}
                space = str(settings.get("/CS", settings.get("/ColorSpace", "/G")))
                if space not in ("/G", "/DeviceGray"):
                    raise NotConvertible(f"{where}: an inline image in {space[1:]} cannot be made "
                                         "black only")

    def _space_family(self, name, resources, where: str) -> str:
        space = resolve_space(name, resources)
        family = colour_family(space)[0]
        if family in ("cmyk", "rgb", "gray"):
            plain = isinstance(space, NameObject) or (isinstance(space, ArrayObject) and str(space[0]) in (
                "/ICCBased", "/CalRGB", "/CalGray"))
            if plain:
                return family
        if family is None and str(name) == "/Pattern":
            return "pattern"  # checked when a pattern actually paints colour
        described = {"spot": "spot colour", "lab": "Lab colour"}.get(family or "", f"colour space {name}")
        raise NotConvertible(f"{where}: {described} ({name}) cannot be made black only; "
                             "ask for a black-only version or move it to a colour page")

    def _check_pattern(self, name, resources, where: str) -> None:
        pattern = lookup_resource(resources, "/Pattern", name)
        shading = pattern.get("/Shading") if pattern is not None else None
        family = colour_family(resolve_space(shading.get_object().get("/ColorSpace"), resources))[0] \
            if shading is not None else None
        if family != "gray":
            raise NotConvertible(f"{where}: a pattern or gradient ({name}) cannot be made black only")

    def _convert_xobject(self, name, resources: DictionaryObject, where: str, depth: int) -> None:
        table = resources.get("/XObject")
        if table is None or name not in table.get_object():
            return
        reference = table.get_object().raw_get(name)
        xobject = reference.get_object()
        key = reference.idnum if isinstance(reference, IndirectObject) else id(xobject)
        if key not in self._converted:
            subtype = xobject.get("/Subtype")
            if subtype == "/Image":
                converted = self._gray_image(xobject, resources, f"{where}, image {name}")
            elif subtype == "/Form" and depth < 12:
                converted = self._black_form(xobject, f"{where}, form {name}", depth)
            else:
                converted = None
            self._converted[key] = converted
        if self._converted[key] is not None:
            table.get_object()[NameObject(name)] = self._converted[key]

    def _gray_image(self, image, resources, where: str) -> IndirectObject | None:
        if image.get("/ImageMask"):
            return None  # a stencil paints in the fill colour, already converted
        space = resolve_space(image.get("/ColorSpace"), resources)
        family = colour_family(space)[0]
        if family == "gray":
            return None
        if family not in ("cmyk", "rgb"):
            raise NotConvertible(f"{where}: a {family or 'unknown'} picture cannot be made black only")
        if family == "cmyk":
            pixels = cmyk_pixels(image, reduce=1).astype(np.uint8)
            picture = Image.fromarray(pixels, mode="CMYK")
        else:
            picture = image.decode_as_image().convert("RGB")
        gray = Image.fromarray(self.ink.gray_pixels(picture), mode="L")
        buffer = io.BytesIO()
        gray.save(buffer, "JPEG", quality=GRAY_JPEG_QUALITY, optimize=False)
        stream = StreamObject()
        stream._data = buffer.getvalue()
        stream.update({
            NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(gray.width), NameObject("/Height"): NumberObject(gray.height),
            NameObject("/ColorSpace"): NameObject("/DeviceGray"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): NameObject("/DCTDecode"),
        })
        for key in ("/SMask", "/Interpolate", "/Intent"):
            if key in image:
                stream[NameObject(key)] = image.raw_get(key)
        self.changes.append("pictures to grayscale")
        return self.writer._add_object(stream)

    def _black_form(self, form, where: str, depth: int) -> IndirectObject:
        resources = _own_copy(form["/Resources"].get_object()) if "/Resources" in form else DictionaryObject()
        content = ContentStream(form, self.writer)
        self._convert_content(content, resources, where, depth + 1)
        copy = DecodedStreamObject()
        copy.set_data(content.get_data())
        for key, value in form.items():
            if key not in ("/Length", "/Filter", "/DecodeParms", "/Resources"):
                copy[NameObject(key)] = value
        copy[NameObject("/Resources")] = resources
        return self.writer._add_object(copy.flate_encode())


def _own_copy(resources: DictionaryObject) -> DictionaryObject:
    """A resource dictionary whose category tables are this page's own (WeasyPrint shares
    one among all pages), so that replacing an entry changes no other page."""
    copy = DictionaryObject()
    for category, table in resources.items():
        table = table.get_object()
        copy[NameObject(category)] = DictionaryObject(
            {key: table.raw_get(key) for key in table}) if isinstance(table, DictionaryObject) else table
    return copy
