"""Copy in from the newsroom: a Word document written by python-docx, pasted text and
Markdown become clean articles that build; a pasted web article leaves its publisher's
boilerplate out (and says so), keeps its byline and role out of the body, its drop cap and
the house typography (the rules themselves: tests/test_typography.py)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Mm
from PIL import Image

from pressroom.articles import read_article
from pressroom.build import build_issue, load_issue
from pressroom.cli import main
from pressroom.errors import InputError
from pressroom.importer import import_article, normalise_typography
from pressroom.typography import HOUSE

from conftest import passed, run_pressroom, write_article


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
    assert "\n## What happens next\n" in text  # Word's Heading 2 is the house subhead
    assert "> \u201cWe have no choice,\u201d said Cllr Gail Rennard." in text
    assert "- Scaffolding goes up in January\n\n- Boats move to the east basin" in text
    assert "\n\n\n" not in text and "RGB" not in text
    picture = mini_issue / "images" / "three-1.jpg"
    assert imported.pictures == [picture] and Image.open(picture).size == (2400, 1600)
    # The picture came without a credit: the import says so in the article, and the build
    # refuses the placeholder until the editor writes one.
    assert "credit: CREDIT NEEDED" in text
    with pytest.raises(InputError, match="CREDIT NEEDED"):
        build_issue(mini_issue, tmp_path / "out", allow_overset=True)
    (mini_issue / "articles" / "three.md").write_text(text.replace("CREDIT NEEDED", "Ledger photographer"),
                                                      encoding="utf-8")
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


# A news article pasted from a publisher's web page, as an editor receives it: the headline,
# the publisher's promotion above and below the story, a byline with a role, a picture credit.
WEB_ARTICLE = """\
Harbour trust wins its fight for the Sandholme ferry

This article was produced by the Wexmoor Free Press, a non-profit newsroom. Support our journalism: \
become a member today at freepress.example.

By Jane Doe, Chief Reporter

Photograph: Tom Ashby/Wexmoor Free Press

The Sandholme ferry will run again from 3-4 June, the harbour trust said on Tuesday.

The charity Friends of the Wex urged residents to donate to its winter appeal, which closes on 2026-12-01.

Fans could follow the regatta on X, the trust said, and the timetable was first published in 2019.

Sign up to our free weekly newsletter for the best of Wexmoor's news, delivered to your inbox.

Follow us on Instagram and Bluesky.

This article first appeared in the Wexmoor Free Press and is republished here with permission.
"""
BOILERPLATE = [
    ("a subscription, membership or donation appeal", "This article was produced by the Wexmoor Free Press"),
    ("a picture credit", "Photograph: Tom Ashby/Wexmoor Free Press"),
    ("a newsletter sign-up", "Sign up to our free weekly newsletter"),
    ("a 'follow us' line", "Follow us on Instagram and Bluesky."),
    ("a republication notice", "This article first appeared in the Wexmoor Free Press"),
]


def import_text(tmp_path: Path, issue: Path, text: str, slug: str = "two", name: str = "pasted.txt"):
    """Import ``text`` as a pasted .txt with the installed command; (its output, the article)."""
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    output = passed(run_pressroom("import", source, "--issue", issue, "--slug", slug, "--force",
                                  cwd=issue.parent.parent))
    return output, (issue / "articles" / f"{slug}.md").read_text(encoding="utf-8")


def test_a_pasted_web_article_leaves_the_publishers_boilerplate_out_and_prints_it(mini_issue, tmp_path):
    output, text = import_text(tmp_path, mini_issue, WEB_ARTICLE)
    for kind, words in BOILERPLATE:
        line = next(line for line in output.splitlines() if words in line)
        assert line.startswith("not carried over: the publisher's boilerplate") and f"({kind})" in line
        assert words not in text
    assert "become a member today at freepress.example." in output  # the whole paragraph, nothing lost
    # News that only sounds like it stays: an appeal reported, a regatta followed, a date published.
    assert "urged residents to donate to its winter appeal" in text
    assert "Fans could follow the regatta on X" in text and "first published in 2019" in text
    assert "byline: Jane Doe\nrole: Chief Reporter\n" in text
    article = read_article(mini_issue, "two", HOUSE)
    assert article.blocks[0].startswith('<p><span class="initial">T</span>he Sandholme ferry will run again '
                                        'from 3\u20134 June')


@pytest.mark.parametrize("typed, printed", [
    ('"\'Forbidden\' was the word," she said.', "\u201c\u2018Forbidden\u2019 was the word,\u201d she said."),
    ("Pop from the '90s, 'tis said, and rock 'n' roll.",
     "Pop from the \u201990s, \u2019tis said, and rock \u2019n\u2019 roll."),
    ('Voters ticked "yes"/"no" on 2026-12-01.', "Voters ticked \u201cyes\u201d/\u201cno\u201d on 2026-12-01."),
    ("Call 0161-496-0000 about the 1914-18 roll.", "Call 0161-496-0000 about the 1914\u201318 roll."),
    ("It opened in 2019 in May, 120 m from the quay.", "It opened in 2019 in May, 120\u00a0m from the quay."),
])
def test_a_pasted_article_takes_the_house_typography(mini_issue, tmp_path, typed, printed):
    _, text = import_text(tmp_path, mini_issue, f"Quay notes\n\nBy Joe Harker\n\n{typed}\n")
    assert text.endswith(f"\n\n{printed}\n")


@pytest.mark.parametrize("line, front, body", [
    ("By Jane Doe", "byline: Jane Doe\n", None),
    ("By Jane Doe, Chief Reporter", "byline: Jane Doe\nrole: Chief Reporter\n", None),
    ("By Jan van Dijk, Political Editor", "byline: Jan van Dijk\nrole: Political Editor\n", None),
    ("By Jane Doe and John Smith", "byline: Jane Doe and John Smith\n", None),
    ("**By Sean O'Brien**", "byline: Sean O\u2019Brien\n", None),
    ("by the river", "byline: BYLINE NEEDED\n", "by the river"),
    ("By the river", "byline: BYLINE NEEDED\n", "By the river"),
    ("By Tuesday, the chief executive had resigned.", "byline: BYLINE NEEDED\n",
     "By Tuesday, the chief executive had resigned."),
])
def test_a_byline_at_the_head_of_the_body(mini_issue, tmp_path, line, front, body):
    output, text = import_text(tmp_path, mini_issue, f"Ferry back by Easter\n\n{line}\n\nThe ferry returns.\n")
    assert front in text
    if body is None:  # a byline: out of the body
        assert line.strip("*")[:6] not in text.split("---", 2)[2]
        assert "BYLINE NEEDED" not in output
    else:  # not a byline: the first paragraph, and the byline is asked for
        assert text.split("---", 2)[2].strip().startswith(body)
        assert "not carried over: no 'By ...' line found" in output


def test_a_by_line_in_the_middle_of_the_story_is_copy(mini_issue, tmp_path):
    _, text = import_text(tmp_path, mini_issue, "Ferry back by Easter\n\nBy Jane Doe\n\nThe ferry returns.\n\n"
                                                "By Joe Harker\n")
    assert "byline: Jane Doe\n" in text and text.endswith("\n\nBy Joe Harker\n")


def write_styled_docx(path: Path, first_runs: list[tuple[str, bool]]) -> Path:
    """A Word file whose first paragraph is made of (text, italic) runs, with subheads of
    Heading 1, 2 and 3."""
    document = docx.Document()
    document.add_heading("Lifeboat crew answer a record year of calls", level=1)
    document.add_paragraph("By Priya Nandra")
    paragraph = document.add_paragraph()
    for text, italic in first_runs:
        paragraph.add_run(text).italic = italic
    document.add_heading("The busiest summer", level=2)
    document.add_paragraph("The crew launched 61 times between June and August.")
    document.add_heading("Where the calls came from", level=1)
    document.add_paragraph("Most calls came from the estuary.")
    document.add_heading("Sandholme", level=3)
    document.add_paragraph("Eleven calls, most of them to paddleboarders.")
    document.save(path)
    return path


@pytest.mark.parametrize("runs, initial", [
    ([("Forbidden", True), (" was how the coxswain described the sandbank.", False)],
     '<p><span class="initial">F</span><em>orbidden</em> was how'),
    ([('"Never again,"', True), (" said the coxswain.", False)],
     '<p><span class="initial">\u201cN</span><em>ever again,\u201d</em> said'),
    ([('"', False), ("Never again", True), ('," said the coxswain.', False)],
     '<p><span class="initial">\u201cN</span><em>ever again</em>,\u201d said'),
    ([("A", True), (" record year, said the coxswain.", False)],
     '<p><span class="initial">A</span> record year'),
    ([("I, for one,", True), (" was surprised, said the coxswain.", False)],
     '<p><span class="initial">I</span>, <em>for one,</em> was surprised'),
    ([("The crew", False), (" launched 212 times.", False)], '<p><span class="initial">T</span>he crew launched'),
])
def test_a_docx_keeps_its_drop_cap_and_its_subheads_are_the_house_ones(mini_issue, tmp_path, runs, initial):
    source = write_styled_docx(tmp_path / "lifeboat.docx", runs)
    passed(run_pressroom("import", source, "--issue", mini_issue, "--slug", "two", "--force", cwd=tmp_path))
    text = (mini_issue / "articles" / "two.md").read_text(encoding="utf-8")
    assert "\n## The busiest summer\n" in text and "\n## Where the calls came from\n" in text
    assert "\n### Sandholme\n" in text
    article = read_article(mini_issue, "two", HOUSE)
    assert article.blocks[0].startswith(initial), article.blocks[0]
    assert "<h2>The busiest summer</h2>" in "".join(article.blocks)


def test_an_import_and_a_markdown_article_print_the_same_typography(mini_issue, tmp_path):
    """One policy for both paths: the build's Markdown (the current layout names the house
    policy) prints what the importer writes."""
    copy = "\"'Forbidden' is the word,\" she said of the 3-4 June sailings in the '90s... Call 0161-496-0000."
    write_article(mini_issue, "one", copy)
    import_text(tmp_path, mini_issue, f"Ferry notes\n\nBy Joe Harker\n\n{copy}\n")
    articles = load_issue(mini_issue).articles
    assert articles["one"].blocks == articles["two"].blocks
    assert "3\u20134 June" in articles["one"].blocks[0] and "0161-496-0000" in articles["one"].blocks[0]
