"""Nothing wrong goes to press (issue 18): every page prints what the editor wrote, in the
house fonts. Each refusal through the installed command, with the case that passes beside it:
characters a house font cannot set, placeholders Pressroom wrote, markup in text fields,
Markdown the house style has no place for, and sideways phone pictures."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader

from pressroom.build import load_issue
from pressroom.checks import check_fonts, font_names
from pressroom.layout import Fallback, load_layout

from conftest import (ROOT, make_mini_issue, make_project, make_project_with_layout_copy, paragraphs, passed, refused,
                      run_pressroom, write_article)

FONTS = sorted((ROOT / "fonts").glob("*.[ot]tf"))
TABLE = """| In numbers | |
|:---|---:|
| Visits last year | 61,400 |
| Hours open now | 48 |
| Saving a year | £62,000 |"""


def build(issue: Path, out: Path):
    return run_pressroom("build", issue, "--out", out, cwd=issue.parent.parent)


def line_of(path: Path, words: str) -> int:
    """The line of ``path`` holding ``words``."""
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if words in line)


def page_text(pdf: Path, number: int) -> str:
    """The text a reader copies out of a page, its lines joined by spaces."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return " ".join(document[number - 1].get_textpage().get_text_range().split())
    finally:
        document.close()


def with_layout(issue: Path, layout: str) -> None:
    manifest = issue / "issue.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("layout: tabloid\n", f"layout: {layout}\n"),
                        encoding="utf-8")


def project_with_tabloid_copy(tmp_path: Path, change) -> Path:
    """A mini issue in a project whose layouts/tabloid is a real copy, changed by ``change``
    (a function of its layout.yaml text)."""
    project = make_project_with_layout_copy(tmp_path / "project")
    config = project / "layouts" / "tabloid" / "layout.yaml"
    config.write_text(change(config.read_text(encoding="utf-8")), encoding="utf-8")
    return make_mini_issue(project)


# 1. Glyphs: every character in a font that has it.

def test_characters_the_house_fonts_cannot_set_are_refused_before_layout(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    write_article(issue, "one", paragraphs(3, seed=2), headline="Αθήνα talks resume")
    write_article(issue, "two", paragraphs(3, seed=3), headline="The postman 東京 😀")
    three = write_article(issue, "three", paragraphs(3, seed=4) + "\n\nҚазақстан әуежайы.\n\n" + paragraphs(2))
    write_article(issue, "back", paragraphs(4, seed=5), headline="Extra\u00adordinary scenes")
    output = refused(build(issue, tmp_path / "out"),
                     "one.md:2: the headline has characters the house fonts cannot set",
                     "'Α' U+0391 GREEK CAPITAL LETTER ALPHA", "League Spartan lacks them",
                     "two.md:2:", "'東' U+6771 CJK UNIFIED IDEOGRAPH-6771", "U+1F600 GRINNING FACE",
                     "no font in fonts/ has them",
                     f"three.md:{line_of(three, 'Қазақстан')}: the body text",
                     "'қ' U+049B CYRILLIC SMALL LETTER KA WITH DESCENDER", "EB Garamond lacks them",
                     "back.md:2:", "U+2010 HYPHEN, printed where a soft hyphen breaks the line")
    assert "U+0430" not in output  # EB Garamond has the rest of the Cyrillic alphabet
    assert not (tmp_path / "out" / "mini-2026-12.pdf").exists()  # refused before any layout


def test_text_the_fonts_of_its_fields_have_builds_and_each_line_is_in_one_font(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    picture = [{"src": "images/scene.jpg", "caption": "Αθήνα: the harbour at dawn.", "credit": "Test",
                "columns": 5}]
    write_article(issue, "lead", "Na\u00efve caf\u00e9 own\u00ader\u200bs and a fa\u00e7ade\u00a0at £2.50. "
                  + paragraphs(10, seed=1), headline="Café owner’s “naïve” crêpe – £2.50 façade",
                  images=picture)
    out = tmp_path / "out"
    passed(build(issue, out))
    pdf = out / "mini-2026-12.pdf"
    assert "Café owner’s “naïve” crêpe – £2.50 façade" in page_text(pdf, 1)
    assert "Αθήνα: the harbour at dawn." in page_text(pdf, 1)  # Greek in Lato: a caption may have it
    assert check_fonts(PdfReader(pdf), font_names(FONTS)) == []


def test_a_line_set_in_two_fonts_fails_the_build_after_rendering(tmp_path):
    """layout.yaml out of step with the stylesheet (headlines said to be Lato, which has
    Greek): the check before layout lets a Greek headline through, League Spartan lacks it
    and Lato stands in: the font check of the PDF finds the line set in two fonts."""
    issue = project_with_tabloid_copy(
        tmp_path, lambda text: text.replace("  headline: League Spartan\n", "  headline: Lato\n"))
    write_article(issue, "one", paragraphs(3, seed=2), headline="Αθήνα talks resume")
    out = tmp_path / "out"
    result = build(issue, out)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"\[fonts\] page 2: 1 line\(s\) set in two fonts, e\.g\. Lato \('Αθήνα'\) and "
                     r"League-Spartan \('talks resume'\)", result.stderr), result.stderr
    pdf = out / "mini-2026-12.proof.pdf"  # written to look at, as a proof: never the print file
    assert pdf.exists() and not (out / "mini-2026-12.pdf").exists()
    assert "/OutputIntents" not in PdfReader(pdf).trailer["/Root"]
    allowed = font_names(FONTS)
    greek = Fallback(family="League Spartan", fallback="Lato", characters="U+0370-03FF")
    assert check_fonts(PdfReader(pdf), allowed, [greek]) == []  # a substitution the layout allows
    cyrillic = Fallback(family="League Spartan", fallback="Lato", characters="U+0400-04FF")
    assert check_fonts(PdfReader(pdf), allowed, [cyrillic])  # ... only for its characters


def test_a_substitution_the_layout_allows_passes_the_check_before_layout(tmp_path):
    issue = project_with_tabloid_copy(tmp_path, lambda text: text.replace(
        "allowed_fallbacks: []", 'allowed_fallbacks:\n  - {family: League Spartan, fallback: Lato, '
        'characters: "U+0370-03FF"}'))
    write_article(issue, "one", paragraphs(3, seed=2), headline="Αθήνα talks resume")
    assert load_issue(issue).articles["one"].headline == "Αθήνα talks resume"
    write_article(issue, "one", paragraphs(3, seed=2), headline="Москва talks resume")
    refused(build(issue, tmp_path / "out"), "one.md:2:", "U+041C CYRILLIC CAPITAL LETTER EM",
            "League Spartan lacks them")


# 2. Placeholders Pressroom wrote never print.

def test_placeholders_pressroom_wrote_are_refused_at_their_lines(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    source = tmp_path / "pasted.txt"
    source.write_text("Ferry back on the Wex by Easter\n\n" + paragraphs(4, seed=3) + "\n", encoding="utf-8")
    passed(run_pressroom("import", source, "--issue", issue, "--slug", "two", "--force", cwd=tmp_path))
    two = issue / "articles" / "two.md"
    assert "byline: BYLINE NEEDED" in two.read_text(encoding="utf-8")
    picture = [{"src": "images/scene.jpg", "caption": "CAPTION NEEDED", "credit": "CREDIT NEEDED", "columns": 5}]
    three = write_article(issue, "three", paragraphs(12, seed=4), images=picture)
    out = tmp_path / "out"
    refused(build(issue, out),
            f"two.md:{line_of(two, 'BYLINE NEEDED')}: 'BYLINE NEEDED' in the byline is a placeholder",
            "write the writer's name",
            f"three.md:{line_of(three, 'CAPTION NEEDED')}: 'CAPTION NEEDED' in the caption",
            f"three.md:{line_of(three, 'CREDIT NEEDED')}: 'CREDIT NEEDED' in the credit")
    assert not (out / "mini-2026-12.pdf").exists()
    two.write_text(two.read_text(encoding="utf-8").replace("BYLINE NEEDED", "Joe Harker"), encoding="utf-8")
    write_article(issue, "three", paragraphs(12, seed=4), images=[{**picture[0], "caption": "The quay.",
                                                                 "credit": "Martin Oakes"}])
    passed(build(issue, out))
    assert "NEEDED" not in "".join(page_text(out / "mini-2026-12.pdf", page) for page in (1, 2, 3, 4))


# 5. Markup in text fields: one policy for every field.

def test_html_in_a_fact_box_title_is_refused(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    two = write_article(issue, "two", paragraphs(4, seed=3), factbox={
        "title": "<style>@import url(http://evil.example/x.css);</style>", "items": ["One", "Two"]})
    refused(build(issue, tmp_path / "out"), f"two.md:{line_of(two, '<style>')}: raw HTML is not allowed")


def test_the_current_layout_typesets_issue_fields_and_refuses_emphasis_where_none_can_go(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    manifest = issue / "issue.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("issue_number:", "tagline: \"The town's **own** paper -- since 2023\"\n"
                                                      "issue_number:", 1)
                        .replace("{slug: three}", "{slug: three, text: \"Why the library's hours *matter*\"}"),
                        encoding="utf-8")
    out = tmp_path / "out"
    passed(build(issue, out))
    front = page_text(out / "mini-2026-12.pdf", 1)
    assert "The town\u2019s own paper \u2013 since 2023" in front and "Why the library\u2019s hours matter" in front
    assert "*" not in front
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("name: News", "name: '*News*'"), encoding="utf-8")
    refused(build(issue, out), f"issue.yaml:{line_of(manifest, '*News*')}:5: ",
            "*italic* in the section name: it is printed in the running heads", "where no markup can go")
    manifest.write_text(text.replace("name: News", "name: <b>News</b>"), encoding="utf-8")
    refused(build(issue, out), f"issue.yaml:{line_of(manifest, '<b>News')}:5: raw HTML is not allowed in "
                               "issue.yaml: <b>")


def test_a_pinned_layout_prints_issue_fields_as_written_and_refuses_markdown_in_them(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    with_layout(issue, "tabloid@2026-12")
    manifest = issue / "issue.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("issue_number:", "tagline: \"The town's **own** paper\"\nissue_number:", 1),
                        encoding="utf-8")
    out = tmp_path / "out"
    refused(build(issue, out), "issue.yaml:2:1: **bold** in the tagline would print as its characters")
    manifest.write_text(text.replace("issue_number:", "tagline: \"The town's own paper\"\nissue_number:", 1),
                        encoding="utf-8")
    passed(build(issue, out))
    assert "The town's own paper" in page_text(out / "mini-2026-12.pdf", 1)  # as before: straight


# 6. Markdown the house style has no place for.

def test_headings_footnotes_and_code_are_refused_at_their_lines_with_what_to_write(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    body = ("The council said so.[^1]\n\n# A big heading\n\n" + paragraphs(2, seed=2)
            + "\n\n#### A small heading\n\nRun `make all` tonight.\n\n    indented by four\n\n"
            + "[^1]: The council's report.\n")
    two = write_article(issue, "two", body)
    refused(build(issue, tmp_path / "out"),
            f"two.md:{line_of(two, 'A big heading')}: a level-1 heading (# Heading)", "use ## for a subhead",
            f"two.md:{line_of(two, 'A small heading')}: a level-4 heading", "use ### for an item heading",
            f"two.md:{line_of(two, 'said so')}: a footnote ([^1])",
            f"two.md:{line_of(two, '[^1]:')}: a footnote ([^1])", "paper has no footnotes",
            f"two.md:{line_of(two, 'make all')}: `make all` is code",
            f"two.md:{line_of(two, 'indented by four')}: a code block")


def test_tables_and_rules_print_in_the_house_style(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    write_article(issue, "three", paragraphs(3, seed=4) + "\n\n" + TABLE + "\n\n" + paragraphs(3, seed=5)
                  + "\n\n---\n\n" + paragraphs(3, seed=6), pullquote="A pull quote from the copy.")
    out = tmp_path / "out"
    passed(build(issue, out))  # preflight too: the rule is drawn in CMYK, never the browser's RGB grey
    page = page_text(out / "mini-2026-12.pdf", 3)
    assert "Visits last year" in page and "61,400" in page and "£62,000" in page
    assert "|" not in page and "---" not in page


def test_a_layout_without_table_and_rule_styles_refuses_them_at_their_lines(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    with_layout(issue, "tabloid@2026-12")
    three = write_article(issue, "three", paragraphs(3, seed=4) + "\n\n" + TABLE + "\n\n" + paragraphs(3, seed=5)
                          + "\n\n---\n\n" + paragraphs(3, seed=6))
    rule = [number for number, line in enumerate(three.read_text(encoding="utf-8").splitlines(), start=1)
            if line == "---"][-1]  # the first two close the front matter
    refused(build(issue, tmp_path / "out"),
            f"three.md:{line_of(three, 'In numbers')}: a table: layout 'tabloid@2026-12' has no table style",
            "write the figures as a list", f"three.md:{rule}: a rule", "draws no rules")


# 7. Sideways phone pictures.

def drawn_pictures(pdf: Path, number: int) -> list[tuple[tuple[int, int], tuple[float, float], tuple[float, float]]]:
    """Each picture on a page: its pixels (width, height), the box it is clipped to and the
    size it is drawn at, in points (WeasyPrint: clip rectangle, then the image's matrix)."""
    page = PdfReader(pdf).pages[number - 1]
    images = {name: xobject.get_object() for name, xobject in page["/Resources"]["/XObject"].items()
              if xobject.get_object()["/Subtype"] == "/Image"}
    data = page.get_contents().get_data().decode("latin-1")
    found = []
    for match in re.finditer(r"([\d.]+) 0 0 -([\d.]+) [\d.-]+ [\d.-]+ cm\s+(/\S+) Do", data):
        clip = re.findall(r"[\d.-]+ [\d.-]+ ([\d.]+) ([\d.]+) re\s+W", data[:match.start()])[-1]
        image = images[match.group(3)]
        found.append(((int(image["/Width"]), int(image["/Height"])), tuple(map(float, clip)),
                      (float(match.group(1)), float(match.group(2)))))
    return found


def test_a_sideways_phone_picture_is_placed_upright_and_its_ppi_measured_across(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    exif = Image.Exif()
    exif[0x0112] = 6  # stored on its side: turn 90° clockwise to view
    Image.new("RGB", (1050, 700), (200, 60, 60)).save(issue / "images" / "phone.jpg", exif=exif.tobytes())
    picture = [{"src": "images/phone.jpg", "caption": "A reader's picture.", "credit": "Reader", "columns": 2}]
    write_article(issue, "three", paragraphs(10, seed=4), images=picture)
    out = tmp_path / "out"
    output = passed(build(issue, out))
    inches = load_layout(ROOT, "tabloid").config.span_mm(2) / 25.4
    assert f"phone.jpg in 'three' is {700 / inches:.0f} ppi at 2 columns" in output  # across: 700 px
    [(pixels, clip, drawn)] = drawn_pictures(out / "mini-2026-12.pdf", 3)
    assert pixels == (700, 1050)  # converted upright
    assert abs(clip[1] / clip[0] - 1.5) < 0.01  # placed upright, at its own aspect
    assert abs(drawn[0] - clip[0]) < 0.5 and abs(drawn[1] - clip[1]) < 0.5  # nothing cropped


def test_an_upright_picture_keeps_its_shape(tmp_path):
    issue = make_mini_issue(make_project(tmp_path))
    Image.new("RGB", (1050, 700), (200, 60, 60)).save(issue / "images" / "phone.jpg")
    picture = [{"src": "images/phone.jpg", "caption": "A reader's picture.", "credit": "Reader", "columns": 2}]
    write_article(issue, "three", paragraphs(10, seed=4), images=picture)
    out = tmp_path / "out"
    output = passed(build(issue, out))
    assert "phone.jpg" not in output  # 1050 px across two columns: no warning
    [(pixels, clip, drawn)] = drawn_pictures(out / "mini-2026-12.pdf", 3)
    assert pixels == (1050, 700) and abs(clip[1] / clip[0] - 700 / 1050) < 0.01
    assert abs(drawn[0] - clip[0]) < 0.5 and abs(drawn[1] - clip[1]) < 0.5


def test_a_truncated_photo_is_refused_in_a_process_that_has_imported_weasyprint(tmp_path):
    """WeasyPrint switches Pillow's LOAD_TRUNCATED_IMAGES on when it is imported: in a process
    that has it (``pressroom watch`` after its first build), a photo cut short used to be
    converted without a word, its missing part printed grey."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    from pressroom.build import build_issue
    from pressroom.errors import InputError

    assert ImageFile.LOAD_TRUNCATED_IMAGES  # as WeasyPrint leaves it
    issue = make_mini_issue(make_project(tmp_path))
    noise = Image.effect_noise((2400, 1600), 40).convert("RGB")
    noise.save(issue / "images" / "cut.jpg", quality=90)
    whole = (issue / "images" / "cut.jpg").read_bytes()
    (issue / "images" / "cut.jpg").write_bytes(whole[: len(whole) * 3 // 5])  # the header is whole
    for slug in ("lead", "three", "back"):
        article = issue / "articles" / f"{slug}.md"
        article.write_text(article.read_text().replace("images/scene.jpg", "images/cut.jpg"))
    with pytest.raises(InputError, match="cut.jpg cannot be read as a picture"):
        build_issue(issue, tmp_path / "out")
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint's own setting is left as it was
