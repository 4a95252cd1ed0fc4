"""Real builds: WeasyPrint renders, pypdf reads back pages, boxes, fonts and text."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from pressroom.build import build_issue
from pressroom.checks import check_fonts, font_names, pdf_fonts
from pressroom.cli import main
from pressroom.errors import InputError
from pressroom.render import Renderer, Resources

from conftest import ROOT, paragraphs, write_article

PT_PER_MM = 72 / 25.4


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_mini_issue_builds_with_exit_0_and_a_record(mini_issue, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(mini_issue), "--out", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads((out / "build.json").read_text())
    assert record["issue_id"] == "mini-2026-12"
    assert record["page_count"] == 4
    assert record["articles"]["three"] == {"planned": "3", "first_page": 3, "last_page": 3,
                                           "words": record["articles"]["three"]["words"]}
    assert record["output"]["sha256"] == sha256(out / "mini-2026-12.pdf")
    assert "issues/mini-2026-12/issue.yaml" in record["inputs"]
    assert any(name.endswith("scene.jpg") for name in record["inputs"])
    # No warning but the holes its pages leave (test copy: its stories do not fill their pages).
    assert [warning for warning in record["warnings"] if not warning.startswith("hole: page ")] == []
    assert len(record["warnings"]) == sum(hole["area_percent"] > 2 for hole in record["holes"])
    assert record["failures"] == []


def test_the_pdf_and_record_are_readable_by_colleagues(mini_issue, tmp_path):
    import os

    mask = os.umask(0o022)
    try:
        result = build_issue(mini_issue, tmp_path / "out", processes=1)
    finally:
        os.umask(mask)
    for path in (result.pdf_path, result.record_path):
        assert path.stat().st_mode & 0o777 == 0o644, oct(path.stat().st_mode)


def test_default_output_folder_is_build_issue_id(mini_issue):
    result = build_issue(mini_issue)
    assert result.pdf_path == mini_issue.parents[1] / "build" / "mini-2026-12" / "mini-2026-12.pdf"
    assert result.pdf_path.is_file()


def test_overset_copy_is_refused_and_the_last_good_pdf_kept(mini_issue, tmp_path):
    assert CliRunner().invoke(main, ["build", str(mini_issue), "--out", str(tmp_path)]).exit_code == 0
    good = sha256(tmp_path / "mini-2026-12.pdf")
    write_article(mini_issue, "two", paragraphs(40, seed=3))
    result = CliRunner().invoke(main, ["build", str(mini_issue), "--out", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "overset copy: no print PDF written" in result.output
    row = next(line for line in result.output.splitlines() if line.startswith("two "))
    assert "OVER" in row and "+" in row
    assert sha256(tmp_path / "mini-2026-12.pdf") == good
    assert not (tmp_path / "mini-2026-12.proof.pdf").exists()  # a proof only when asked for


def test_allow_overset_marks_the_proof_and_keeps_the_plan(mini_issue, tmp_path):
    write_article(mini_issue, "two", paragraphs(40, seed=3))
    result = CliRunner().invoke(main, ["build", str(mini_issue), "--out", str(tmp_path),
                                       "--allow-overset"])
    assert result.exit_code == 1, result.output
    assert not (tmp_path / "mini-2026-12.pdf").exists()  # a proof is never the print PDF
    reader = PdfReader(tmp_path / "mini-2026-12.proof.pdf")
    assert len(reader.pages) == 4
    assert "OVERSET two: +" in reader.pages[1].extract_text()
    assert "OVERSET" not in reader.pages[2].extract_text()
    record = json.loads((tmp_path / "build.json").read_text())
    assert [item["slug"] for item in record["overset"]] == ["two"]
    assert record["articles"]["two"]["last_page"] is None  # its end is on no page of the proof
    # The failures name the story's own page, never page 3, where none of it is.
    assert "'two' runs past its page 2 by" in result.output
    assert "page 3" not in "\n".join(line for line in result.output.splitlines() if "'two'" in line)


def test_short_multi_page_story_keeps_its_pages_and_is_refused(mini_issue, tmp_path):
    manifest = mini_issue / "issue.yaml"
    text = manifest.read_text().replace("pages: 4\nsections", "pages: 8\nsections").replace(
        "    pages: 4\n    articles:\n      - {slug: back, pages: 4}",
        "    pages: 4-8\n    articles:\n      - {slug: back, pages: 4-8}")
    manifest.write_text(text)
    result = CliRunner().invoke(main, ["build", str(mini_issue), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "a planned page left empty: no print PDF written" in result.output
    row = next(line for line in result.output.splitlines() if line.startswith("back "))
    assert "UNDER" in row and "pages 5, 6, 7, 8 left empty" in row
    assert not (tmp_path / "mini-2026-12.pdf").exists()
    proof = CliRunner().invoke(main, ["build", str(mini_issue), "--out", str(tmp_path), "--allow-overset"])
    assert proof.exit_code == 1 and "took 1 page(s)" not in proof.output
    assert len(PdfReader(tmp_path / "mini-2026-12.proof.pdf").pages) == 8


def test_font_check_fails_for_fonts_not_in_the_folder(mini_issue):
    reader = PdfReader(build_issue(mini_issue).pdf_path)
    used = pdf_fonts(reader)
    assert used and all(used.values()), "every font is embedded"
    all_fonts = sorted((ROOT / "fonts").glob("*.[ot]tf"))
    assert check_fonts(reader, font_names(all_fonts)) == []
    without_lato = font_names([path for path in all_fonts if "Lato" not in path.name])
    failures = check_fonts(reader, without_lato)
    assert failures and all("Lato" in failure.message for failure in failures)


def test_fetcher_refuses_network_and_outside_files(mini_issue, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the paper")
    renderer = Renderer("", ROOT / "fonts", Resources(issue=mini_issue))
    from pressroom.manifest import page_groups, read_manifest
    group = page_groups(read_manifest(mini_issue)[0])[0]
    for url, expected in [("http://example.com/a.png", "never uses the network"),
                          ("https://example.com/a.png", "never uses the network"),
                          (secret.as_uri(), "refused to read"),
                          ("pressroom://issue/../secret.png", "refused to read"),
                          ("pressroom://elsewhere/secret.png", "refused to read")]:
        with pytest.raises(InputError, match=expected):
            renderer.render_group(group, f'<p>x</p><img src="{url}">')
    assert not renderer.render_group(group, "<p>fine</p>").document.pages == []


def test_same_issue_in_another_folder_gives_the_same_bytes(mini_issue, tmp_path):
    import shutil
    from conftest import make_project
    first = build_issue(mini_issue, tmp_path / "a").pdf_path
    (tmp_path / "elsewhere").mkdir()
    elsewhere = make_project(tmp_path / "elsewhere")
    moved = elsewhere / "issues" / mini_issue.name
    shutil.copytree(mini_issue, moved)
    second = build_issue(moved, tmp_path / "b").pdf_path
    assert sha256(first) == sha256(second)


def test_a_one_sentence_story_passes_the_text_check(mini_issue, tmp_path):
    write_article(mini_issue, "two", "Read [the council's report](https://example.org/report) today.")
    result = build_issue(mini_issue, tmp_path / "out")
    assert result.failures == []
