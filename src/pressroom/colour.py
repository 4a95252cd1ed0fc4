"""Print colour: the CMYK output profile, and pictures converted into it for the press.

Every picture an article uses is converted at build time, before WeasyPrint sees it
(WeasyPrint passes image bytes through untouched): RGB and palette pictures go through
the output profile (Pillow ImageCms, from the picture's embedded profile or sRGB) into
CMYK; grayscale pictures, and colour pictures whose pixels are all neutral, stay gray;
CMYK pictures keep their separation. Then total ink is capped at the limit. Results are
cached on disk under a key made of the source bytes and every setting that shapes them.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageFile, ImageOps

from .cache import read_entry, source_digest, write_entry
from .errors import InputError

# Bump when the conversion changes, so cached results made the old way are not reused.
CONVERTER_VERSION = "3"
JPEG_QUALITY = 85  # 4:4:4, never chroma-subsampled: K must stay sharp
RENDERING_INTENTS = {
    "perceptual": ImageCms.Intent.PERCEPTUAL,
    "relative-colorimetric": ImageCms.Intent.RELATIVE_COLORIMETRIC,
    "saturation": ImageCms.Intent.SATURATION,
    "absolute-colorimetric": ImageCms.Intent.ABSOLUTE_COLORIMETRIC,
}
# Pictures are capped this far below the ink limit: JPEG compression moves pixel values
# by a few percent, and the file must still be under the limit after it.
INK_HEADROOM_PERCENT = 4
# Pillow refuses to open pictures above this many pixels (a decompression bomb guard);
# Pressroom treats Pillow's warning band above it as an error too.
MAX_PIXELS = 120_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class OutputProfile:
    """The press condition pictures are separated for: an ICC profile and an ink limit."""

    path: Path
    data: bytes
    description: str
    ink_limit_percent: float
    rendering_intent: str = "perceptual"

    @classmethod
    def load(cls, path: Path, ink_limit_percent: float,
             rendering_intent: str = "perceptual") -> "OutputProfile":
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError.single(f"cannot read the output profile ({error.strerror})", path,
                                    hint="give the path of the printer's CMYK .icc file") from None
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
        except (OSError, ImageCms.PyCMSError):
            raise InputError.single("is not an ICC profile", path,
                                    hint="give the path of the printer's CMYK .icc file") from None
        if profile.profile.xcolor_space.strip() != "CMYK":
            raise InputError.single(
                f"is a {profile.profile.xcolor_space.strip()} profile, not CMYK", path,
                hint="a print output intent needs the printer's CMYK profile")
        description = (profile.profile.profile_description or path.stem).strip()
        return cls(path, data, description, ink_limit_percent, rendering_intent)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def cache_key(self, source: bytes) -> str:
        settings = (f"{CONVERTER_VERSION}|{source_digest('colour')}|{self.sha256}|{self.rendering_intent}|"
                    f"{self.ink_limit_percent}")
        return hashlib.sha256(settings.encode() + b"|" + source).hexdigest()


class PictureConverter:
    """Converts pictures for print once per build and keeps the results in a disk cache."""

    def __init__(self, profile: OutputProfile, cache_dir: Path):
        self.profile = profile
        self.cache_dir = Path(cache_dir)
        self._transforms: dict = {}

    def convert(self, source: bytes, name: str) -> bytes:
        """The print version of a picture (CMYK or gray JPEG/PNG bytes); cached on disk (a
        damaged cached picture is converted again, never printed)."""
        key = self.profile.cache_key(source)
        entry = self.cache_dir / key[:2] / key
        cached = read_entry(entry, "picture", key, ["picture"])
        if cached is not None:
            return cached["picture"]
        data = self._convert(source, name)
        write_entry(entry, "picture", key, {"picture": data})
        return data

    def ensure(self, source: bytes, name: str) -> None:
        """Convert the picture now unless the cache holds an entry for it (whose bytes are
        checked when it is used): a picture that cannot be converted fails here, early."""
        key = self.profile.cache_key(source)
        if read_entry(self.cache_dir / key[:2] / key, "picture", key, []) is None:
            self.convert(source, name)

    def in_colour(self, source: bytes, name: str) -> bool:
        """Whether the picture prints in colour (CMYK) rather than black alone (gray)."""
        return Image.open(io.BytesIO(self.convert(source, name))).mode == "CMYK"

    def _convert(self, source: bytes, name: str) -> bytes:
        image = open_picture(source, name)
        source_format = image.format
        image = ImageOps.exif_transpose(image)
        image = _flatten(image)
        if image.mode not in ("L", "CMYK"):
            image = image.convert("RGB")
            if _is_neutral(image):
                image = image.convert("L")
            else:
                image = self._to_cmyk(image)
        if image.mode == "CMYK":
            image = limit_total_ink(image, self.profile.ink_limit_percent - INK_HEADROOM_PERCENT)
        buffer = io.BytesIO()
        if image.mode == "L" and source_format == "PNG":
            image.save(buffer, format="PNG", optimize=False)
        else:  # CMYK can only travel as JPEG through WeasyPrint
            image.save(buffer, format="JPEG", quality=JPEG_QUALITY, subsampling=0)
        return buffer.getvalue()

    def _to_cmyk(self, image: Image.Image) -> Image.Image:
        embedded = image.info.get("icc_profile")
        key = hashlib.sha256(embedded).hexdigest() if embedded else "sRGB"
        if key not in self._transforms:
            try:
                source = (ImageCms.ImageCmsProfile(io.BytesIO(embedded)) if embedded
                          else ImageCms.createProfile("sRGB"))
                self._transforms[key] = ImageCms.buildTransform(
                    source, ImageCms.ImageCmsProfile(io.BytesIO(self.profile.data)), "RGB", "CMYK",
                    renderingIntent=RENDERING_INTENTS[self.profile.rendering_intent])
            except ImageCms.PyCMSError:  # a broken embedded profile: assume sRGB
                return self._to_cmyk(_without_profile(image))
        return ImageCms.applyTransform(image, self._transforms[key])


@contextmanager
def strictly_decoded():
    """Pillow then decodes a truncated picture as an error, not silently (the missing part
    grey): WeasyPrint switches ``ImageFile.LOAD_TRUNCATED_IMAGES`` on for the whole process
    when it is imported, and a damaged photo must never print."""
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def open_picture(source: bytes, name: str) -> Image.Image:
    """Open and fully decode a picture; InputError when it is not one Pillow can read (a
    truncated one included)."""
    try:
        with warnings.catch_warnings(), strictly_decoded():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(source))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError.single(f"{name} is too large to open (over {MAX_PIXELS:,} pixels)",
                                hint="resize it to the size it is printed at, 300 ppi at most")
    except (OSError, SyntaxError, ValueError) as error:
        raise InputError.single(f"{name} cannot be read as a picture ({error})",
                                hint="re-export it as JPEG or PNG") from None
    return image


def limit_total_ink(image: Image.Image, limit_percent: float) -> Image.Image:
    """Cap C+M+Y+K at ``limit_percent`` by scaling C, M and Y down where it is over; K stays."""
    pixels = np.asarray(image, dtype=np.float32)
    limit = limit_percent / 100 * 255
    total = pixels.sum(axis=2)
    over = total > limit
    if not over.any():
        return image
    colour = pixels[..., :3].sum(axis=2)
    black = pixels[..., 3]
    scale = np.ones_like(total)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale[over] = np.clip((limit - black[over]) / colour[over], 0, 1)
    pixels[..., :3] *= scale[..., None]
    # Floor, so that rounding never lifts a pixel back over the limit.
    limited = Image.fromarray(np.floor(pixels).astype(np.uint8), mode="CMYK")
    limited.info = dict(image.info)
    return limited


def _flatten(image: Image.Image) -> Image.Image:
    """Pictures with transparency are set on white paper: print has no alpha."""
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "RGB" and "transparency" in image.info):
        image = image.convert("RGBA")
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        flattened = Image.alpha_composite(paper, image).convert("RGB")
        flattened.info = {key: value for key, value in image.info.items() if key != "transparency"}
        return flattened
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        return image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode == "1":
        return image.convert("L")
    return image


def _is_neutral(image: Image.Image) -> bool:
    pixels = np.asarray(image, dtype=np.int16)
    return bool((np.abs(pixels[..., 0] - pixels[..., 1]) <= 2).all()
                and (np.abs(pixels[..., 1] - pixels[..., 2]) <= 2).all())


def _without_profile(image: Image.Image) -> Image.Image:
    copy = image.copy()
    copy.info.pop("icc_profile", None)
    return copy
