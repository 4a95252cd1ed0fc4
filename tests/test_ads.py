"""Ad bookings against the real tabloid layout: geometry, wrong bookings, wrong files."""

from __future__ import annotations

import pytest
from PIL import Image
from weasyprint import HTML

from pressroom.ads import booked_slots, check_ad_files
from pressroom.errors import InputError
from pressroom.layout import load_layout
from pressroom.manifest import read_manifest

from conftest import ROOT


def manifest_with_ads(issue, ads_yaml: str):
    text = (issue / "issue.yaml").read_text(encoding="utf-8")
    (issue / "issue.yaml").write_text(text + "ads:\n" + ads_yaml, encoding="utf-8")
    return read_manifest(issue)


def page_types(manifest):
    return {page: section.page_type for section in manifest.sections
            for page in range(section.pages.first, section.pages.last + 1)}


def make_ad_pdf(path, width_mm, height_mm):
    path.parent.mkdir(exist_ok=True)
    HTML(string=f"<style>@page {{ size: {width_mm}mm {height_mm}mm; margin: 0 }}</style><p>Ad</p>"
         ).write_pdf(path)


def slots_for(mini_issue, ads_yaml):
    manifest, document = manifest_with_ads(mini_issue, ads_yaml)
    config = load_layout(ROOT, manifest.layout).config
    return booked_slots(manifest, document, config, page_types(manifest)), document


def test_bottom_half_page_sits_on_the_foot_margin_of_the_type_area(mini_issue):
    slots, _ = slots_for(mini_issue, "  - {page: 3, size: half-horizontal, position: bottom, "
                                     "advertiser: Acme, file: ads/acme.pdf}\n")
    slot = slots[0]
    assert (slot.x, slot.y, slot.width, slot.height) == (13, 430 - 14 - 193, 254, 193)


def test_unknown_size_wrong_position_and_overlap_are_reported_at_their_lines(mini_issue):
    ads = ("  - {page: 2, size: half-horizontl, position: bottom, advertiser: A, file: ads/a.pdf}\n"
           "  - {page: 2, size: strip, position: top, advertiser: B, file: ads/b.pdf}\n"
           "  - {page: 3, size: half-horizontal, position: bottom, advertiser: C, file: ads/c.pdf}\n"
           "  - {page: 3, size: strip, position: bottom, advertiser: D, file: ads/d.pdf}\n")
    with pytest.raises(InputError) as error:
        slots_for(mini_issue, ads)
    messages = [str(problem) for problem in error.value.problems]
    assert len(messages) == 3
    assert "no ad size 'half-horizontl'" in messages[0] and "did you mean 'half-horizontal'" in messages[0]
    assert "a strip cannot sit at 'top'" in messages[1]
    assert "ad 4 (D, page 3, strip) overlaps ad 3 (C, page 3, half-horizontal)" in messages[2]
    lines = [problem.line for problem in error.value.problems]
    assert lines == sorted(lines) and lines[0] is not None


def test_wrong_size_and_missing_files_name_the_booking_and_both_sizes(mini_issue):
    make_ad_pdf(mini_issue / "ads" / "acme.pdf", 250, 170)
    slots, document = slots_for(
        mini_issue, "  - {page: 3, size: half-horizontal, position: bottom, advertiser: Acme, file: ads/acme.pdf}\n"
                    "  - {page: 4, size: strip, position: bottom, advertiser: Bee, file: ads/bee.pdf}\n")
    with pytest.raises(InputError) as error:
        check_ad_files(slots, mini_issue, document)
    first, second = [problem.message for problem in error.value.problems]
    assert first == ("ad 1 (Acme, page 3, half-horizontal): ads/acme.pdf is 250 x 170 mm; "
                     "a half-horizontal is 254 x 193 mm")
    assert second == "ad 2 (Bee, page 4, strip): ads/bee.pdf does not exist"


def test_right_size_pdf_and_a_picture_pass(mini_issue):
    make_ad_pdf(mini_issue / "ads" / "acme.pdf", 254.5, 192.6)
    Image.new("RGB", (2000, 488), "white").save(mini_issue / "ads" / "bee.jpg")
    slots, document = slots_for(
        mini_issue, "  - {page: 3, size: half-horizontal, position: bottom, advertiser: Acme, file: ads/acme.pdf}\n"
                    "  - {page: 4, size: strip, position: bottom, advertiser: Bee, file: ads/bee.jpg}\n"
                    "  - {page: 2, size: strip, position: bottom, house: true}\n")
    check_ad_files(slots, mini_issue, document)
    assert [slot.booking.house for slot in slots] == [False, False, True]
