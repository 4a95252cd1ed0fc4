"""A supplied ad that is a compression bomb: a PDF of a few hundred kilobytes with a stream
that decompresses to hundreds of megabytes. pypdf stops at its limit (LimitReachedError);
``pressroom build``, ``pressroom ads`` and ``pressroom preflight`` then stop with exit 2 and a
message naming the file, never a traceback, and nothing is written. The same issue with a
real ad in the slot passes all three."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import (DecodedStreamObject, DictionaryObject, EncodedStreamObject, NameObject,
                           NumberObject)

from pressroom.preflight import decompression_limit

from conftest import make_mini_issue, make_project, run_pressroom
from test_ads import book, make_ad

BOMB_MB = 256


@pytest.fixture(scope="module")
def zeros() -> bytes:
    """BOMB_MB megabytes of zero bytes, deflated (fed to zlib a megabyte at a time, so the
    test never holds them): about a quarter of a megabyte."""
    deflate = zlib.compressobj(9)
    megabyte = bytes(1 << 20)
    data = b"".join(deflate.compress(megabyte) for _ in range(BOMB_MB)) + deflate.flush()
    assert len(data) < 1 << 20
    return data


def bomb(ad: Path, zeros: bytes, where: str) -> Path:
    """Turn a real ad into a compression bomb: its page's content stream, or a picture it
    draws (declared 3000 x 732 px CMYK, 8.8 MB), becomes a FlateDecode stream of zeros."""
    writer = PdfWriter(clone_from=ad)
    page = writer.pages[0]
    stream = EncodedStreamObject()
    stream._data = zeros
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    if where == "content stream":  # zero bytes are white space in a content stream
        page[NameObject("/Contents")] = writer._add_object(stream)
    else:
        stream.update({NameObject("/Type"): NameObject("/XObject"),
                       NameObject("/Subtype"): NameObject("/Image"),
                       NameObject("/Width"): NumberObject(3000), NameObject("/Height"): NumberObject(732),
                       NameObject("/ColorSpace"): NameObject("/DeviceCMYK"),
                       NameObject("/BitsPerComponent"): NumberObject(8)})
        picture = writer._add_object(stream)
        resources = page["/Resources"].get_object()
        resources[NameObject("/XObject")] = DictionaryObject({NameObject("/Bomb"): picture})
        content = DecodedStreamObject()
        content.set_data(page.get_contents().get_data() + b"\nq 720 0 0 175.7 0 0 cm /Bomb Do Q\n")
        page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    writer.write(ad)
    assert ad.stat().st_size < 1 << 20
    return ad


def issue_with_ad(tmp_path: Path) -> tuple[Path, Path]:
    """The mini issue with a real PDF/X strip ad booked at the foot of page 4."""
    issue = make_mini_issue(make_project(tmp_path))
    ad = make_ad(issue / "ads" / "acme.pdf", 254, 62)
    book(issue, "{page: 4, size: strip, position: bottom, advertiser: Acme Hardware, file: ads/acme.pdf}")
    return issue, ad


def commands(issue: Path, ad: Path, out: Path) -> dict[str, list]:
    return {"build": ["build", issue, "--out", out, "--quiet"], "ads": ["ads", issue],
            "preflight": ["preflight", ad, "--profile", "newspaper-ad"]}


@pytest.mark.parametrize("where", ["content stream", "image"])
def test_a_compression_bomb_ad_is_refused_by_build_ads_and_preflight(tmp_path, zeros, where):
    issue, ad = issue_with_ad(tmp_path)
    bomb(ad, zeros, where)
    limit = f"past {decompression_limit() / 1_000_000:g} MB"
    out = tmp_path / "out"
    for command, args in commands(issue, ad, out).items():
        result = run_pressroom(*args, cwd=tmp_path)
        output = result.stdout + result.stderr
        assert result.returncode == 2, (command, output)
        assert "Traceback" not in output, (command, output)
        if command == "preflight":  # the file named, as given
            assert f"error: {ad.relative_to(tmp_path)}: acme.pdf decompresses {limit} (a compression bomb)" \
                in result.stderr, result.stderr
        else:  # located at the booking in issue.yaml, the file named as booked
            assert "issues/mini-2026-12/issue.yaml:" in result.stderr
            assert f"ad 1 (Acme Hardware, page 4, strip): ads/acme.pdf decompresses {limit} " \
                   "(a compression bomb)" in result.stderr, (command, result.stderr)
        assert "hint: ask for the file again" in result.stderr
    assert not out.exists()  # the build stopped before writing anything


def test_the_same_issue_with_a_real_ad_passes_build_ads_and_preflight(tmp_path):
    issue, ad = issue_with_ad(tmp_path)
    out = tmp_path / "out"
    for command, args in commands(issue, ad, out).items():
        result = run_pressroom(*args, cwd=tmp_path)
        assert result.returncode == 0, (command, result.stdout + result.stderr)
    assert (out / "mini-2026-12.pdf").is_file()
