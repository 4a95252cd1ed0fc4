"""Manifest validation: every mistake is reported with the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pressroom.cli import main
from pressroom.errors import InputError
from pressroom.manifest import PageRange, page_groups, read_manifest

from conftest import MINI_MANIFEST


def build(issue: Path):
    return CliRunner().invoke(main, ["build", str(issue)])


def write_manifest(issue: Path, text: str) -> None:
    (issue / "issue.yaml").write_text(text, encoding="utf-8")


def assert_bad_input(result, *expected: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output, result.output


def test_sample_manifest_is_valid_and_groups_pages():
    manifest, _ = read_manifest(Path(__file__).parents[1] / "issues" / "ledger-2026-12")
    groups = page_groups(manifest)
    pages = [page for group in groups for page in group.pages]
    assert pages == list(range(1, manifest.pages + 1))


def test_yaml_syntax_error_gives_line_and_column(mini_issue):
    write_manifest(mini_issue, MINI_MANIFEST.replace("price: \"£1\"", "price: [£1"))
    result = build(mini_issue)
    assert_bad_input(result, "issue.yaml:5:", "not valid YAML")


def test_unknown_key_suggests_the_right_one(mini_issue):
    write_manifest(mini_issue, MINI_MANIFEST.replace("issue_number: 1", "isue_number: 1"))
    result = build(mini_issue)
    assert_bad_input(result, "issue.yaml:2:1", "unknown key 'isue_number'", "did you mean 'issue_number'?")


def test_unknown_key_inside_a_section(mini_issue):
    write_manifest(mini_issue, MINI_MANIFEST.replace("    page_type: news", "    page_typ: news"))
    result = build(mini_issue)
    assert_bad_input(result, "issue.yaml:15:5", "sections.1.page_typ", "did you mean 'page_type'?")


def test_wrong_type_names_key_and_value(mini_issue):
    write_manifest(mini_issue, MINI_MANIFEST.replace("issue_number: 1", "issue_number: first"))
    result = build(mini_issue)
    assert_bad_input(result, "issue.yaml:2:", "'issue_number'", "'first'")


def test_missing_article_file_points_at_the_plan(mini_issue):
    (mini_issue / "articles" / "two.md").unlink()
    result = build(mini_issue)
    assert_bad_input(result, "issue.yaml:19:10", "articles/two.md does not exist")


def test_page_range_outside_the_plan(mini_issue):
    write_manifest(mini_issue, MINI_MANIFEST.replace("      - {slug: back, pages: 4}",
                                                     "      - {slug: back, pages: 4-5}"))
    result = build(mini_issue)
    assert_bad_input(result, "issue.yaml:25:22", "'back' is allotted pages 4-5, outside its section")


def test_section_running_past_the_last_page(mini_issue):
    text = MINI_MANIFEST.replace("    pages: 4\n    articles:\n      - {slug: back, pages: 4}",
                                 "    pages: 4-5\n    articles:\n      - {slug: back, pages: 4-5}")
    write_manifest(mini_issue, text)
    result = build(mini_issue)
    assert_bad_input(result, "issue.yaml:23:5", "runs to page 5, outside the 4-page plan")


def test_overlapping_ranges_are_refused(mini_issue):
    write_manifest(mini_issue, MINI_MANIFEST.replace("      - {slug: three, pages: 3}",
                                                     "      - {slug: three, pages: 2-3}"))
    result = build(mini_issue)
    assert_bad_input(result, "'three' (pages 2-3) overlaps 'one' (pages 2)")


def test_page_count_must_be_a_multiple_of_four(mini_issue):
    write_manifest(mini_issue, MINI_MANIFEST.replace("pages: 4\nsections", "pages: 6\nsections"))
    result = build(mini_issue)
    assert_bad_input(result, "issue.yaml:7:", "multiple of 4", "plan 8 pages")


def test_unknown_page_type_suggests_a_template(mini_issue):
    write_manifest(mini_issue, MINI_MANIFEST.replace("page_type: news", "page_type: nwes"))
    result = build(mini_issue)
    assert_bad_input(result, "issue.yaml:15:5", "page type 'nwes'", "did you mean 'news'?")


def test_unknown_layout(mini_issue):
    write_manifest(mini_issue, MINI_MANIFEST.replace("layout: tabloid", "layout: tabliod"))
    result = build(mini_issue)
    assert_bad_input(result, "issue.yaml:6:", "layout 'tabliod' does not exist", "did you mean 'tabloid'?")


def test_bad_input_writes_nothing_over_the_last_good_pdf(mini_issue):
    assert build(mini_issue).exit_code == 0
    pdf = mini_issue.parents[1] / "build" / mini_issue.name / f"{mini_issue.name}.pdf"
    before = pdf.read_bytes()
    write_manifest(mini_issue, "title: [")
    assert build(mini_issue).exit_code == 2
    assert pdf.read_bytes() == before


@pytest.mark.parametrize("text, expected", [(3, (3, 3)), ("4-5", (4, 5)), ("4\u20136", (4, 6))])
def test_page_range_forms(text, expected):
    page_range = PageRange.parse(text)
    assert (page_range.first, page_range.last) == expected


@pytest.mark.parametrize("text", ["5-4", "four", "", True])
def test_page_range_rejects_nonsense(text):
    with pytest.raises(ValueError):
        PageRange.parse(text)


def test_missing_manifest(project):
    folder = project / "issues" / "empty"
    folder.mkdir()
    with pytest.raises(InputError, match="no issue.yaml"):
        read_manifest(folder)


def test_a_story_can_only_continue_on_a_later_shared_page(mini_issue):
    write_manifest(mini_issue, MINI_MANIFEST.replace("      - {slug: lead, pages: 1}",
                                                     "      - {slug: lead, pages: 1, continues_on: 9}"))
    assert_bad_input(build(mini_issue), "issue.yaml:13:", "continues on page 9, which is not a later page")


def test_a_jumping_story_breaks_where_its_page_is_full(mini_issue):
    from conftest import paragraphs, write_article
    write_manifest(mini_issue, MINI_MANIFEST.replace("      - {slug: lead, pages: 1}",
                                                     "      - {slug: lead, pages: 1, continues_on: 4}"))
    image = [{"src": "images/scene.jpg", "caption": "A test scene.", "credit": "Test", "columns": 5}]
    write_article(mini_issue, "lead", paragraphs(24, seed=1) + "\n\nThe very last words here.",
                  images=image)
    write_article(mini_issue, "back", paragraphs(4, seed=5))
    result = build(mini_issue)
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader
    reader = PdfReader(mini_issue.parents[1] / "build" / mini_issue.name / f"{mini_issue.name}.pdf")
    assert "Continued on page 4" in reader.pages[0].extract_text()
    assert "Continued from page 1" in reader.pages[3].extract_text()
    assert "very last words here" in reader.pages[3].extract_text()
    assert "very last words here" not in reader.pages[0].extract_text()


FILLER_ONLY_PAGE = MINI_MANIFEST.replace(
    "      - {slug: three, pages: 3}\n", "    fillers:\n      - {name: membership, page: 3}\n")


def test_a_page_filled_only_by_a_declared_filler_builds(mini_issue):
    write_manifest(mini_issue, FILLER_ONLY_PAGE.replace("teasers:\n  - {slug: three}\n", ""))
    result = build(mini_issue)
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader
    reader = PdfReader(mini_issue.parents[1] / "build" / mini_issue.name / f"{mini_issue.name}.pdf")
    assert len(reader.pages) == 4
    assert "owned by nobody but its readers" in reader.pages[2].extract_text()


def test_unknown_filler_suggests_one(mini_issue):
    text = FILLER_ONLY_PAGE.replace("name: membership", "name: membershp")
    write_manifest(mini_issue, text.replace("teasers:\n  - {slug: three}\n", ""))
    assert_bad_input(build(mini_issue), "filler 'membershp' is not a template", "did you mean 'membership'?")


def test_a_page_with_nothing_on_it_is_an_error(mini_issue):
    text = MINI_MANIFEST.replace("      - {slug: three, pages: 3}\n", "")
    write_manifest(mini_issue, text.replace("teasers:\n  - {slug: three}\n", ""))
    assert_bad_input(build(mini_issue), "page 3 of section 'News' has no article allotted", "declare a filler")
