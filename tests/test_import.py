"""Copy in from the newsroom: a Word document written by python-docx, pasted text and
Markdown become clean articles that build."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Mm
from PIL import Image

from pressroom.build import build_issue
from pressroom.cli import main
from pressroom.errors import InputError
from pressroom.importer import import_article, normalise_typography


def write_docx(path: Path) -> Path:
    """A writer's Word file: heading, byline, italics, a quote, a subhead, a list, a picture
    with alt text, stray formatting (colour, empty paragraphs, double spaces, a line break)."""
    document = docx.Document()
    document.add_heading("Harbour wall repairs to cost £2.4m", level=1)
    document.add_paragraph("By Priya Nandra")
    paragraph = document.add_paragraph("The council said the work on the 120 m wall would start in ")
    paragraph.add_run("early spring").italic = True
    coloured = paragraph.add_run(", weeks after the storm.  It will take 10-12 weeks.")
    coloured.font.color.rgb = docx.shared.RGBColor(0xFF, 0x00, 0x00)
    document.add_paragraph("")
    broken = document.add_paragraph("The harbour master's office")
    broken.add_run().add_break()
    broken.add_run("said the delay was 'regrettable'.")
    document.add_heading("What happens next", level=2)
    document.add_paragraph('"We have no choice," said Cllr Gail Rennard.', style="Quote")
    document.add_paragraph("Scaffolding goes up in January", style="List Bullet")
    document.add_paragraph("Boats move to the east basin", style="List Bullet")
    Image.new("RGB", (2400, 1600), (90, 120, 150)).save(path.parent / "wall.jpg", quality=85)
    document.add_picture(str(path.parent / "wall.jpg"), width=Mm(120))
    document.inline_shapes[0]._inline.docPr.set("descr", "The harbour wall after the October storm")
    document.add_paragraph(" ".join(["The repairs follow a survey that found the wall had moved."] * 12))
    document.save(path)
    return path


def test_docx_imports_into_an_article_that_builds(mini_issue, tmp_path):
    source = write_docx(tmp_path / "harbour.docx")
    imported = import_article(source, mini_issue, slug="three", section="Harbour", force=True)
    text = (mini_issue / "articles" / "three.md").read_text(encoding="utf-8")
    assert "headline: Harbour wall repairs to cost £2.4m" in text
    assert "byline: Priya Nandra" in text and "kicker: Harbour" in text
    assert "caption: The harbour wall after the October storm" in text
    assert "*early spring*" in text and "10\u201312 weeks" in text and "120\u00a0m wall" in text
    assert "storm. It will" in text  # double space gone
    assert "The harbour master\u2019s office said the delay was \u2018regrettable\u2019." in text
    assert "### What happens next" in text
    assert "> \u201cWe have no choice,\u201d said Cllr Gail Rennard." in text
    assert "- Scaffolding goes up in January\n\n- Boats move to the east basin" in text
    assert "\n\n\n" not in text and "RGB" not in text
    picture = mini_issue / "images" / "three-1.jpg"
    assert imported.pictures == [picture] and Image.open(picture).size == (2400, 1600)
    result = build_issue(mini_issue, tmp_path / "out", allow_overset=True)
    assert "Harbour wall repairs to cost" in "".join(page.extract_text() for page in
                                                      __import__("pypdf").PdfReader(result.pdf_path).pages)
    assert not [failure for failure in result.failures if failure.check == "preflight"]


def test_import_never_overwrites_without_force_and_reports_what_it_dropped(mini_issue, tmp_path):
    source = write_docx(tmp_path / "harbour.docx")
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(source), "--issue", str(mini_issue), "--slug", "three"])
    assert result.exit_code == 2 and "already exists" in result.output and "--force" in result.output
    result = runner.invoke(main, ["import", str(source), "--issue", str(mini_issue)])
    assert result.exit_code == 0, result.output
    assert "articles/harbour-wall-repairs-to-cost-2.md" in result.output
    assert "plan it in issue.yaml" in result.output


def test_pasted_text_becomes_paragraphs_with_a_headline_and_byline(mini_issue, tmp_path):
    source = tmp_path / "pasted.txt"
    source.write_text("Ferry back on the Wex by Easter\r\nBy Joe Harker\r\n\r\nThe Sandholme ferry  will "
                      "return by Easter, the operator said.\r\n\r\nStandfirst: not here\r\n\r\n"
                      "\"It has been a hard winter,\" said the skipper.\r\n", encoding="utf-8")
    imported = import_article(source, mini_issue)
    assert imported.slug == "ferry-back-on-the-wex-by"
    assert imported.front["headline"] == "Ferry back on the Wex by Easter"
    assert imported.front["byline"] == "Joe Harker"
    assert imported.front["standfirst"] == "not here"
    assert imported.body.split("\n\n") == ["The Sandholme ferry will return by Easter, the operator said.",
                                           "\u201cIt has been a hard winter,\u201d said the skipper."]


def test_a_markdown_file_is_checked_before_it_is_copied(mini_issue, tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("---\nheadline: [unclosed\n---\nText.\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        import_article(bad, mini_issue)
    assert error.value.problems[0].file == bad
    assert not (mini_issue / "articles" / "bad.md").exists()
    good = tmp_path / "good.md"
    good.write_text("---\nheadline: A good story\n---\n\nText of the story.\n", encoding="utf-8")
    assert import_article(good, mini_issue).slug == "good"


@pytest.mark.parametrize("name, content, expected", [
    ("story.rtf", b"{\\rtf1 hello}", "imports .docx, .txt, .md files"),
    ("broken.docx", b"PK\x03\x04 not a real zip", "cannot read the Word document"),
    ("empty.txt", b"\n\n  \n", "has no text to make a headline from"),
])
def test_unreadable_files_are_bad_input(mini_issue, tmp_path, name, content, expected):
    (tmp_path / name).write_bytes(content)
    result = CliRunner().invoke(main, ["import", str(tmp_path / name), "--issue", str(mini_issue)])
    assert result.exit_code == 2 and expected in result.output and "Traceback" not in result.output


def test_typography_is_normalised():
    assert normalise_typography('He said "it\'s 5-6 km"  away -- honestly') == \
        "He said \u201cit\u2019s 5\u20136\u00a0km\u201d away \u2013 honestly"
