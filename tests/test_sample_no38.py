"""The sample issue No. 38 (issues/ledger-2027-01/), the first laid out on the grid: built once
here, as the README builds it, and read back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT
from pressroom.build import build_issue

NO38 = ROOT / "issues" / "ledger-2027-01"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result = build_issue(NO38, tmp_path_factory.mktemp("no38"))
    return result


def test_the_sample_builds_a_print_pdf_with_every_story_fitting(built):
    assert built.ok, built.failures
    assert not built.proof and built.page_count == 20
    assert all(fit["status"] in ("FIT", "UNDER") for fit in built.record["copyfit"])
    assert not [warning for warning in built.warnings if not warning.startswith("hole:")]


def test_every_page_of_the_sample_is_within_the_hole_threshold(built):
    limit = 2.0  # the tabloid layout's holes.warn_above_percent
    assert [hole for hole in built.record["holes"] if hole["area_percent"] > limit] == []
    assert not [warning for warning in built.warnings if warning.startswith("hole:")]


def test_the_sample_books_the_rate_card(built):
    ads = built.record["ads"]
    booked = {(ad["page"], ad["size"], ad["position"]) for ad in ads}
    assert len([ad for ad in ads if not ad["house"]]) >= 6
    for wanted in [(1, "ear", "ear-left"), (1, "ear", "ear-right"), (3, "quarter", "bottom-right"),
                   (6, "half-upright", "bottom-right"), (17, "3x10", "bottom"), (17, "2x5", "bottom")]:
        assert wanted in booked
    assert all(ad["status"] == "placed" for ad in ads)


def test_the_sample_is_laid_out_on_the_grid(built):
    """Every story of No. 38 has its frames; the news page holds four stories; the centre
    spread's panorama is one picture across both pages."""
    frames = {fit["slug"]: fit["frames"] for fit in built.record["copyfit"]}
    assert all(frames.values())
    on_page_two = [fit["slug"] for fit in built.record["copyfit"] if fit["pages"] == "2"]
    assert len(on_page_two) >= 4
    reader = PdfReader(built.pdf_path)
    text = reader.pages[0].extract_text()
    assert "Wexmoor Credit Union" in text or "Credit Union" in text  # the ears are placed
    spread = subprocess.run(["pdfimages", "-list", "-f", "10", "-l", "11", str(built.pdf_path)],
                            capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    widths = [line.split()[3] for line in spread]
    assert widths.count("4800") == 2  # the panorama, drawn on both pages of the spread
