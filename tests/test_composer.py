"""The paragraph composer on the grid's pages (compose/lines.py): the lines it chooses are
the lines printed, they are set more evenly than WeasyPrint's first fit, and the house rules
of hyphenation hold. Read back from the print PDF with poppler (words and their boxes) and
with benchmarks/typography.py (PDFium), which know nothing of the composer."""

from __future__ import annotations

import contextlib
import html
import json
import re
from pathlib import Path

import pytest

from conftest import paragraphs, write_article
from test_compose import JUMPING, column_of, modular_issue, words_on_page
from test_typography_benchmark import typography
from pressroom.build import Composition, build_issue, load_issue, print_output
from pressroom.compose.frames import GALLEY, PX_PER_MM
from pressroom.compose.lines import _allowed_hyphens, has_class, measurer_for, set_body

COMPOSER = "composer: {shrink: 0.2, stretch: 0.5, tolerance: 2, tracking_percent: 1.5}\n"
# Names, places and addresses a paper prints every week: long, capitalised, not to be broken.
NAMES = ("Councillor Wilhelmina Brackenfield-Oyelaran told Northgate Residents' Association that "
         "Kittering, Saltmarshfields and Pembertonshire would be consulted; write to "
         "news@wexmoorledger.example or planning@wexmoor.example before "
         "the Wednesday deadline.")

# Words set with ligatures ("ff", "fi", "fl") unless their line is letter-spaced: Pango then
# sets the letters apart, wider.
LIGATURES = ("Staff at the housing office were baffled that the first five flats on the affluent "
             "cliff road had suffered no flooding, and officials filed a fresh figure.")


def composed_issue(root: Path, composer: bool = True) -> Path:
    """The modular mini issue with real prose in 'four' (page 2, columns 1-5 under two
    stories), its layout (a copy) with the paragraph composer on (these rules), or off."""
    issue = modular_issue(root)
    layout = root / "layouts" / "tabloid" / "layout.yaml"
    text = re.sub(r"(?m)^composer:.*\n", "", layout.read_text())  # the house setting, whatever it is
    layout.write_text(text + (COMPOSER if composer else ""))
    body = "\n\n".join(paragraph + " " + NAMES + " " + LIGATURES for paragraph in paragraphs(5, seed=11).split("\n\n"))
    write_article(issue, "four", body, kicker="Around the town", byline="Test Writer")
    return issue


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    return {name: build_issue(composed_issue(tmp_path_factory.mktemp(name), name == "composed")).pdf_path
            for name in ("composed", "first-fit")}


def printed_lines(pdf: Path, page: int, top_mm: float) -> list[str]:
    """The lines printed on ``page`` below ``top_mm``, column by column, top to bottom."""
    lines: dict[tuple[int, float], list[tuple[float, str]]] = {}
    for word, x, y, right, bottom in words_on_page(pdf, page):
        if y > top_mm and bottom - y < 4.5:  # body type, not the headline
            lines.setdefault((column_of(x), round(bottom, 1)), []).append((x, word))
    return [" ".join(word for _, word in sorted(words)) for _, words in sorted(lines.items())]


def test_the_lines_the_composer_chose_are_the_lines_printed(built):
    """Every line the composer chose for 'four' is a line of the PDF, in the same order:
    WeasyPrint broke none of them again."""
    issue = load_issue(built["composed"].parents[2] / "issues" / "mini-2026-12")
    output, profile = print_output(issue)
    composition = Composition(issue, None, None, profile)
    composition.compose_remaining([])
    group = next(item for item in composition.groups if 2 in item.group.pages)
    lang, body = next((lang, body) for slug, lang, before, body in GALLEY.findall(group.html) if slug == "four")
    rules = issue.layout.config.composer.model_dump()
    setting, report = set_body(body, measurer_for(composition.renderer, lang),
                               issue.layout.config.column_width_mm * PX_PER_MM, rules)
    assert report.composed >= 4
    chosen = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", line)).split())
              for paragraph in re.findall(r'<p class="set">(?:<span class="initial">[^<]*</span>)?(.*?)</p>', setting, re.S)
              for line in paragraph.split("\n")]  # (a drop cap is printed apart from its line)
    assert len(chosen) > 40
    printed = printed_lines(built["composed"], 2, 150)
    at = 0
    for line in chosen:  # each in turn, after the one before (the copy repeats a sentence)
        assert line in printed[at:], (line, printed[at:at + 3])
        at = printed.index(line, at) + 1


def test_the_lines_beside_a_drop_cap_are_composed_as_many_as_print_beside_it(built):
    """The measurer's count of the lines a drop cap stands beside (composed that much
    shorter) is the count WeasyPrint prints beside it: 'four' opens with one in column 1."""
    issue = load_issue(built["composed"].parents[2] / "issues" / "mini-2026-12")
    output, profile = print_output(issue)
    taken, beside = measurer_for(Composition(issue, None, None, profile).renderer, "en-GB").initial("F")
    starts: dict[float, float] = {}  # baseline -> left of the line's first word, column 1 of 'four'
    for word, x, y, right, bottom in words_on_page(built["composed"], 2):
        if y > 150 and bottom - y < 4.5 and column_of(x) == 1:
            starts[round(bottom, 1)] = min(x, starts.get(round(bottom, 1), x))
    lefts = [starts[baseline] for baseline in sorted(starts)]
    assert len(lefts) > 10
    first = next(number for number, left in enumerate(lefts) if left > min(lefts) + 0.5)  # (the byline is not)
    shifted = next(number for number, left in enumerate(lefts[first:]) if left < min(lefts) + 0.5)
    assert shifted == beside >= 2, lefts[:6]


def test_the_composer_sets_the_columns_more_evenly_than_first_fit(built):
    """The same copy in the same frames: fewer loose lines and a smaller worst word space."""
    composed = typography.measure(built["composed"], [2])["spacing"]
    first_fit = typography.measure(built["first-fit"], [2])["spacing"]
    assert composed["count"] > 40 and first_fit["count"] > 40
    assert composed["share_above_2_0"] < first_fit["share_above_2_0"]
    assert composed["median_ratio"] < first_fit["median_ratio"]
    assert composed["worst"]["ratio"] < first_fit["worst"]["ratio"]


def test_the_build_names_the_lines_the_composer_left_loose(built, capsys):
    """Lines whose word spaces stay above 3x natural (the test copy's e-mail addresses leave
    some) are listed with their page and story, for the editor to reword; the benchmark,
    reading the PDF, finds each of them above 3x too. First fit reports none (the composer
    is off)."""
    record = json.loads((built["composed"].parent / "build.json").read_text())
    assert record["loose"], "the test copy should leave a loose line"
    measured = [line["text"] for line in typography.measure(built["composed"], [2])["spacing"]["above_3_0"]]
    for line in record["loose"]:
        page, story, text = re.fullmatch(r"page (\d+): '([a-z-]+)': \u201c(.*)\u201d: word spaces [\d.]+x natural",
                                         line).groups()
        assert page == "2" and story in ("one", "two", "four")
        assert any(" ".join(text.split()) in found or found in text for found in measured), (text, measured)
    assert json.loads((built["first-fit"].parent / "build.json").read_text())["loose"] == []


def test_names_and_addresses_are_never_hyphenated(built):
    """With the composer (and in the paragraphs it leaves to WeasyPrint) no name, e-mail
    address or number is broken at a line's end; WeasyPrint's own hyphenation, in the same
    copy, breaks names: the check can fail."""
    composed = typography.measure(built["composed"], [2])["hyphenation"]
    first_fit = typography.measure(built["first-fit"], [2])["hyphenation"]
    assert composed["hyphenated"] > 0 and composed["suspicious"] == []
    assert first_fit["suspicious"], "first fit should break a name here: change the test copy"


def test_only_the_house_rules_hyphenation_points_are_offered_to_weasyprint():
    text = _allowed_hyphens('Write to <a href="mailto:x@y.example">letters@wexmoorledger.example</a>: '
                            "Wexmoor's newspaper is reader-funded &amp; independent, 2026-27.", {})
    assert "news\u00adpa\u00adper" in text and "in\u00adde\u00adpend\u00adent" in text
    for untouched in ("letters@wexmoorledger.example", "Wexmoor's", "reader-funded", "2026-27", "&amp;",
                      'href="mailto:x@y.example"'):
        assert untouched in text
    assert "Wex\u00admoor" in _allowed_hyphens("Wexmoor", {"hyphenate_capitalised": True})


def jumping_issue(root: Path, turn_hyphen: bool) -> Path:
    """'one' (prose, a drop cap) fills columns 1-3 of page 2 and goes on on page 3 in
    columns 1-2, the composer on; with ``turn_hyphen`` its last line on page 2 may end in a
    hyphen."""
    issue = modular_issue(root, plan=JUMPING)
    layout = root / "layouts" / "tabloid" / "layout.yaml"
    text = re.sub(r"(?m)^composer:.*\n", "", layout.read_text())
    layout.write_text(text + f"composer: {{hyphen_before_page_turn: {str(turn_hyphen).lower()}}}\n")
    manifest = (issue / "issue.yaml").read_text()
    (issue / "issue.yaml").write_text(manifest.replace(
        "      - {slug: three, pages: 3}", "      - {slug: three, pages: 3, place: {columns: 3-5, depth: rest}}"))
    write_article(issue, "one", paragraphs(10, sentences=8, seed=0), byline="Priya Nandra")
    return issue


def jump_lines(pdf: Path) -> dict[int, list[str]]:
    """The body lines of 'one' by page: page 2, columns 1-3 above 170 mm; page 3, columns 1-2
    (the jump lines and the byline left out)."""
    lines = {}
    for page, columns, above in ((2, (1, 2, 3), 170), (3, (1, 2), 420)):
        found: dict[tuple[int, float], list[tuple[float, str]]] = {}
        for word, x, y, right, bottom in words_on_page(pdf, page):
            if 20 < y and bottom < above and bottom - y < 4.5 and column_of(x) in columns:
                found.setdefault((column_of(x), round(bottom, 1)), []).append((x, word))
        lines[page] = [text for text in (" ".join(word for _, word in sorted(words)) for _, words in sorted(found.items()))
                       if "Continued" not in text and text != "PRIYA NANDRA"]
    return lines


def joined(lines: list[str]) -> list[str]:
    """The words of ``lines``, a word broken at a line's end joined again."""
    return " ".join(lines).replace("\u2010 ", "").split()


def test_no_hyphen_ends_the_column_before_a_page_turn(tmp_path):
    """Allowed to, the composer ends 'one' on page 2 with a hyphenated word ("peti-"); by
    the house rule the paragraph is set another way, in the first part and again in the
    continuation (which sets page 2's frames first): page 2 ends on a whole word, and every
    word is printed once, in order, over both pages."""
    lines = {}
    for allowed in (True, False):
        result = build_issue(jumping_issue(tmp_path / str(allowed), allowed))
        assert result.ok, result.failures
        lines[allowed] = jump_lines(result.pdf_path)
    assert lines[True][2][-1].endswith("\u2010"), "the copy should hyphenate at the turn: change it"
    assert not lines[False][2][-1].endswith("\u2010"), lines[False][2][-3:]
    assert joined(lines[False][2] + lines[False][3]) == joined(lines[True][2] + lines[True][3])
    assert len(lines[False][3]) > 20


def composed_lines(built, justified: bool) -> list:
    """A paragraph of the test copy composed for one column and laid out in a galley, with
    the composer's justification or WeasyPrint's: its line boxes."""
    from weasyprint.formatting_structure.boxes import LineBox

    from pressroom.compose.justify import LineSpacing, composed_justification
    from pressroom.compose.lines import squeeze_px, tracking_px

    issue = load_issue(built["composed"].parents[2] / "issues" / "mini-2026-12")
    output, profile = print_output(issue)
    renderer = Composition(issue, None, None, profile).renderer
    rules = issue.layout.config.composer.model_dump()
    measurer = measurer_for(renderer, "en-GB")
    width_mm = issue.layout.config.column_width_mm
    body, setting = set_body(f'<div class="story__body cols-1"><p>{paragraphs(1, sentences=6, seed=4)} {NAMES}</p></div>',
                             measurer, width_mm * PX_PER_MM, rules)
    assert setting.composed == 1
    fill = {"set_word_spacing_px": -squeeze_px(measurer, rules), "set_letter_spacing_px": -tracking_px(measurer, rules)}
    spacing = LineSpacing(rules["shrink"], rules["stretch"], tracking_px(measurer, rules), measurer.width(" ", "regular"))
    with composed_justification(spacing) if justified else contextlib.nullcontext():
        galley = renderer.render_galley([], body, "en-GB", width_mm, fill)
    page = galley.pages[0]._page_box
    return [box for box in page.descendants() if isinstance(box, LineBox) and has_class(box, "set")], \
        tracking_px(measurer, rules), width_mm * PX_PER_MM


def test_each_composed_line_is_spread_letters_and_spaces_as_the_composer_did(built):
    """compose/justify.py gives each line of a composed paragraph its own letter-spacing
    (within the layout's limit, some spaced out, some squeezed) and fills the column exactly;
    WeasyPrint's own justification leaves every letter at the paragraph's most squeezed."""
    from weasyprint.formatting_structure.boxes import TextBox

    def spacing_of(line):
        return {round(box.style["letter_spacing"], 4) for box in line.descendants() if isinstance(box, TextBox)}

    lines, tracking, column = composed_lines(built, justified=True)
    spread = lines[:-1]  # the last line is not spread
    assert len(spread) >= 8
    letters = [spacing_of(line) for line in spread]
    assert all(len(found) == 1 for found in letters)  # one letter-spacing a line
    values = [min(found) for found in letters]
    assert all(abs(value) <= tracking + 1e-6 for value in values) and min(values) < 0 < max(values)
    for line in spread:  # each line as wide as the column
        right = max(box.position_x + box.width for box in line.descendants() if isinstance(box, TextBox))
        assert abs(right - (line.position_x + column)) < 0.05
    weasyprint_lines, _, _ = composed_lines(built, justified=False)
    assert {value for line in weasyprint_lines[:-1] for value in spacing_of(line)} == {round(-tracking, 4)}
