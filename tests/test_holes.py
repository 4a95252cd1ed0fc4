"""Holes (issue 20): the type area a printed page leaves empty, measured from the print PDF
with PDFium (text lines, pictures, ads, boxes), reported in the editor's terms, and refused
above the layout's threshold."""

from __future__ import annotations

import shutil

import pytest

from pressroom.build import build_issue
from pressroom.holes import judge_holes, measure_holes
from pressroom.layout import HoleRules, load_layout

from conftest import ROOT, SAMPLE


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    return build_issue(SAMPLE, tmp_path_factory.mktemp("holes"))


def test_the_sample_s_feature_pages_show_their_holes_and_full_pages_none(sample_build):
    """Pages 5 and 9 (features) end with 10-12 cm of the type area empty below their last
    picture row, across all five columns; the comment page (4) and the letters page are full."""
    holes = {hole["page"]: hole for hole in sample_build.record["holes"]}
    for page in (5, 9):
        assert holes[page]["columns"] == [1, 2, 3, 4, 5]
        assert 100 <= holes[page]["depth_mm"] <= 125 and 20 <= holes[page]["area_percent"] <= 30
        assert 500 <= holes[page]["words"] <= 900
        assert holes[page]["message"].startswith(f"page {page}: {holes[page]['depth_mm']:.0f} mm empty at the foot "
                                                 "of columns 1-5")
    assert 4 not in holes and 11 not in holes
    # Measured again from the PDF on disk: the same figures.
    layout = load_layout(ROOT, "tabloid@2026-12").config
    assert [hole.as_dict() for hole in measure_holes(sample_build.pdf_path, layout)] == sample_build.record["holes"]


def test_holes_are_warnings_above_two_percent_and_failures_above_the_layouts_limit(sample_build):
    layout = load_layout(ROOT, "tabloid@2026-12").config
    holes = measure_holes(sample_build.pdf_path, layout)
    warnings, failures = judge_holes(holes, HoleRules())  # the default: report, never refuse
    assert failures == [] and len(warnings) == sum(hole.area_percent > 2 for hole in holes) >= 2
    assert warnings == [warning for warning in sample_build.warnings if warning.startswith("hole: ")]
    warnings, failures = judge_holes(holes, HoleRules(fail_above_percent=30))
    assert failures == []
    warnings, failures = judge_holes(holes, HoleRules(fail_above_percent=20))
    assert [failure.split(":")[0] for failure in failures] == ["page 5", "page 9"]
    assert failures[0].endswith("(the layout allows 20%)") and "add about" in failures[0]
    # The same holes on pages laid out on the grid (compose/): refused above 2% by default,
    # which the layout may change; its fail_above_percent, when set, is for every page.
    grid = frozenset({5})
    warnings, failures = judge_holes(holes, HoleRules(), grid)
    assert [failure.split(":")[0] for failure in failures] == ["page 5"]
    assert failures[0].endswith("(the layout allows 2%)")
    assert judge_holes(holes, HoleRules(grid_fail_above_percent=30), grid)[1] == []
    assert judge_holes(holes, HoleRules(grid_fail_above_percent=None), grid)[1] == []
    assert len(judge_holes(holes, HoleRules(fail_above_percent=20), grid)[1]) == 2


def test_a_layout_that_refuses_holes_gets_a_proof_not_a_print_file(tmp_path):
    project = tmp_path / "project"
    for name in ("fonts", "profiles"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "layouts" / "tabloid@2026-12", project / "layouts" / "tabloid@2026-12")
    settings = project / "layouts" / "tabloid@2026-12" / "layout.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "holes: {fail_above_percent: 20}\n", encoding="utf-8")
    shutil.copytree(SAMPLE, project / "issues" / SAMPLE.name)
    result = build_issue(project / "issues" / SAMPLE.name, tmp_path / "out")
    assert [failure.check for failure in result.failures] == ["holes", "holes"]
    assert result.failures[0].message.startswith("page 5: ") and result.failures[1].message.startswith("page 9: ")
    assert result.pdf_path.name.endswith(".proof.pdf")
    assert not (tmp_path / "out" / f"{SAMPLE.name}.pdf").exists()


def test_a_hole_limit_past_a_hundred_percent_is_refused_at_its_line(tmp_path):
    from pressroom.errors import InputError

    shutil.copytree(ROOT / "layouts" / "tabloid", tmp_path / "layouts" / "tabloid")
    settings = tmp_path / "layouts" / "tabloid" / "layout.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "holes: {fail_above_percent: 120}\n", encoding="utf-8")
    with pytest.raises(InputError, match="fail_above_percent"):
        load_layout(tmp_path, "tabloid")
