"""Printer profiles (delivery, work in progress): the shipped profiles load, their rules
answer for colour positions and file names, and a wrong profile is located."""

from __future__ import annotations

import datetime as dt

import pytest

from pressroom.printers import colour_on_mono_pages, load_printer
from pressroom.errors import InputError

from conftest import ROOT


def test_the_two_example_printers_differ_where_printers_do():
    coldset, digital = load_printer("wexside-coldset", ROOT), load_printer("quire-digital", ROOT)
    assert (coldset.pdf_variant, digital.pdf_variant) == ("pdf/x-1a", "pdf/x-4")
    assert (coldset.delivery, digital.delivery) == ("per-page", "single")
    assert coldset.colour_positions(8) == {1, 4, 5, 8}
    assert digital.colour_positions(16) == set(range(1, 17))
    assert coldset.file_for(date=dt.date(2026, 12, 1), issue_number=37, issue_id="ledger-2026-12",
                            page=7) == "LEDGER_20261201_A007.pdf"
    assert digital.file_for(date=dt.date(2026, 12, 1), issue_number=37,
                            issue_id="ledger-2026-12") == "wexmoor-ledger-37.pdf"


def test_colour_content_on_a_mono_position_is_found():
    coldset = load_printer("wexside-coldset", ROOT)
    assert colour_on_mono_pages([1, 2, 3, 8], coldset, 8) == [2, 3]


def test_a_wrong_profile_is_refused_at_its_line(tmp_path):
    text = (ROOT / "profiles" / "printers" / "wexside-coldset.yaml").read_text()
    broken = tmp_path / "printer.yaml"
    broken.write_text(text.replace('file_name: "LEDGER_{date:%Y%m%d}_A{page:03d}.pdf"',
                                   'file_name: "LEDGER_{edition}.pdf"'))
    with pytest.raises(InputError) as error:
        load_printer(str(broken), ROOT)
    problem = error.value.problems[0]
    assert "unknown field {edition}" in problem.message and problem.line is not None
    with pytest.raises(InputError, match="known printers: quire-digital, wexside-coldset"):
        load_printer("nobody", ROOT)


def test_each_page_splits_into_a_pdfx_file_of_its_own(mini_issue, tmp_path):
    import io

    from pypdf import PdfReader

    from pressroom.build import build_issue
    from pressroom.delivery import split_pages
    from pressroom.printers import preflight_profile
    from pressroom.preflight import preflight

    result = build_issue(mini_issue, tmp_path / "out")
    whole = result.pdf_path.read_bytes()
    files = split_pages(whole)
    assert len(files) == 4
    # Page 2 holds no picture: its file carries none of the pictures of pages 1, 3 and 4.
    assert b"/Image" not in files[1] and b"/Image" in files[0]
    profile = preflight_profile(load_printer("quire-digital", ROOT), per_page=True)
    for data in files:
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) == 1 and reader.metadata["/GTS_PDFXVersion"] == "PDF/X-4"
        assert reader.metadata["/Trapped"] == "/False"
        assert "/OutputIntents" in reader.trailer["/Root"]
        report = preflight(reader, profile)
        assert report.passed, [str(item) for item in report.errors]
    assert split_pages(whole) == files  # the same bytes every time
