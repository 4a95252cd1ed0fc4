"""Pictures converted for print with the real output profile: CMYK, gray kept gray, ink
limited, cached; and the print settings a build takes from the layout or the command line."""

from __future__ import annotations

import io

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image, ImageCms
from pypdf import PdfReader

from pressroom.build import build_issue
from pressroom.cli import main
from pressroom.colour import OutputProfile, PictureConverter, limit_total_ink
from pressroom.errors import InputError
from pressroom.preflight import INK_CELL_PX

from conftest import ROOT, write_article

PROFILE = ROOT / "profiles" / "icc" / "Pressroom-Newsprint-TR002-TAC240.icc"


@pytest.fixture
def converter(tmp_path):
    return PictureConverter(OutputProfile.load(PROFILE, 240), tmp_path / "cache")


def encoded(image: Image.Image, format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format)
    return buffer.getvalue()


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def saturated_rgb() -> Image.Image:
    """Deep colours and near-black: what a profile separates into heavy ink."""
    image = Image.new("RGB", (64, 64))
    image.putdata([((x * 4) % 256, (y * 4) % 256, 0 if (x + y) % 3 else 30)
                   for y in range(64) for x in range(64)])
    return image


def max_total_ink(image: Image.Image) -> float:
    """Highest total ink over 4 x 4 pixel cells, as preflight measures it (JPEG ringing at
    a hard edge may lift single pixels a little)."""
    pixels = np.asarray(image, dtype=np.float32)
    rows, columns = pixels.shape[0] // INK_CELL_PX, pixels.shape[1] // INK_CELL_PX
    cells = pixels[:rows * INK_CELL_PX, :columns * INK_CELL_PX].reshape(
        rows, INK_CELL_PX, columns, INK_CELL_PX, 4).mean(axis=(1, 3))
    return float(cells.sum(axis=-1).max()) / 255 * 100


def test_colour_picture_becomes_cmyk_within_the_ink_limit(converter):
    result = decoded(converter.convert(encoded(saturated_rgb()), "deep.png"))
    assert result.format == "JPEG" and result.mode == "CMYK"
    assert max_total_ink(result) <= 240
    # Black stays black: plenty of K in the darkest corner, not a CMY mix.
    assert result.getpixel((0, 0))[3] > 150


def test_gray_and_neutral_pictures_stay_gray(converter):
    gray = decoded(converter.convert(encoded(Image.new("L", (32, 32), 90)), "gray.png"))
    assert gray.mode == "L" and gray.format == "PNG"
    neutral = Image.new("RGB", (32, 32), (120, 120, 121))
    assert decoded(converter.convert(encoded(neutral, "JPEG"), "neutral.jpg")).mode == "L"


@pytest.mark.parametrize("mode", ["P", "RGBA", "I;16", "LA", "1"])
def test_palette_alpha_16_bit_and_bitmap_pictures_are_converted(converter, mode):
    source = saturated_rgb().convert("RGBA").convert(mode) if mode != "I;16" else \
        Image.new("I;16", (16, 16), 40000)
    result = decoded(converter.convert(encoded(source), f"{mode}.png"))
    assert result.mode in ("CMYK", "L")


def test_cmyk_picture_keeps_its_separation_but_not_excess_ink(converter):
    heavy = Image.new("CMYK", (16, 16), (255, 255, 255, 0))
    result = decoded(converter.convert(encoded(heavy, "JPEG"), "heavy.jpg"))
    assert result.mode == "CMYK" and max_total_ink(result) <= 240
    light = Image.new("CMYK", (16, 16), (100, 0, 0, 0))
    assert decoded(converter.convert(encoded(light, "JPEG"), "light.jpg")).getpixel((8, 8))[0] == \
        pytest.approx(100, abs=2)


def test_limit_total_ink_keeps_black_and_scales_the_colours():
    image = Image.new("CMYK", (1, 1), (200, 200, 200, 100))  # 274%
    limited = limit_total_ink(image, 240).getpixel((0, 0))
    assert limited[3] == 100 and sum(limited) <= 240 * 255 / 100
    assert limited[0] == limited[1] == limited[2] < 200


def test_conversions_are_cached_and_the_cache_is_keyed_by_the_settings(tmp_path, converter):
    source = encoded(saturated_rgb())
    first = converter.convert(source, "a.png")
    cached = list((tmp_path / "cache").rglob("*"))
    cached_files = [item for item in cached if item.is_file()]
    assert len(cached_files) == 1 and cached_files[0].read_bytes().endswith(first)  # after its header
    assert converter.convert(source, "a.png") == first
    stricter = PictureConverter(OutputProfile.load(PROFILE, 220), tmp_path / "cache")
    second = stricter.convert(source, "a.png")
    assert second != first and max_total_ink(decoded(second)) <= 220
    assert len([item for item in (tmp_path / "cache").rglob("*") if item.is_file()]) == 2


def test_unreadable_picture_is_bad_input(converter):
    with pytest.raises(InputError, match="broken.jpg cannot be read as a picture"):
        converter.convert(b"\xff\xd8\xff\xe0 truncated", "broken.jpg")


def test_an_rgb_profile_is_refused_as_output_profile(tmp_path):
    srgb = tmp_path / "srgb.icc"
    srgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    with pytest.raises(InputError, match="is a RGB profile, not CMYK"):
        OutputProfile.load(srgb, 240)
    (tmp_path / "not.icc").write_text("hello")
    with pytest.raises(InputError, match="is not an ICC profile"):
        OutputProfile.load(tmp_path / "not.icc", 240)


def test_build_with_pdfx1a_has_nothing_rgb_and_passes_preflight(mini_issue, tmp_path):
    result = build_issue(mini_issue, tmp_path / "out", pdf_variant="pdf/x-1a")
    assert result.ok, result.failures
    assert result.record["preflight"]["pdfx_version"] == "PDF/X-1a:2003"
    reader = PdfReader(result.pdf_path)
    assert reader.pdf_header == "%PDF-1.4"
    for page in reader.pages:
        content = page.get_contents().get_data()
        assert b" rg\n" not in content and b" RG\n" not in content
        for image in page.images:
            assert image.image.mode in ("CMYK", "L")


def test_build_fails_when_preflight_finds_a_low_resolution_picture(mini_issue, tmp_path):
    Image.new("RGB", (300, 200), (90, 120, 150)).save(mini_issue / "images" / "tiny.jpg")
    picture = [{"src": "images/tiny.jpg", "caption": "Too small.", "credit": "Test", "columns": 5}]
    article = (mini_issue / "articles" / "back.md").read_text(encoding="utf-8")
    body = article.split("---\n", 2)[2]
    write_article(mini_issue, "back", body, images=picture)
    result = build_issue(mini_issue, tmp_path / "out")
    messages = [failure.message for failure in result.failures if failure.check == "preflight"]
    assert len(messages) == 1 and "ppi effective; colour images need at least 150 ppi" in messages[0]
    assert "page 4" in messages[0]
    assert result.record["preflight"]["passed"] is False


def test_build_icc_option_takes_the_printers_profile_and_rejects_a_wrong_one(mini_issue, tmp_path):
    srgb = tmp_path / "srgb.icc"
    srgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    result = CliRunner().invoke(main, ["build", str(mini_issue), "--out", str(tmp_path / "out"),
                                       "--icc", str(srgb)])
    assert result.exit_code == 2 and "not CMYK" in result.output
    assert not (tmp_path / "out").exists()
