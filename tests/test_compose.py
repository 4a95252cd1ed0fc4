"""Modular pages (pressroom.compose): stories placed on the grid, their copy threaded through
frames around the ads of the rate card. Every check reads the print PDF back with tools
that know nothing of our layout code: poppler's ``pdftotext -bbox`` for where each word
landed, PDFium for where each ad's artwork sits."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_mini_issue, make_project, make_project_with_layout_copy, paragraphs, write_article
from pressroom.build import OversetError, build_issue, load_issue
from pressroom.cli import main
from pressroom.errors import InputError

PT_PER_MM = 72 / 25.4
BLEED_MM = 3.0
GUTTER_MM = 4.5
COLUMN_MM = 47.2
BASES = ["harbour", "council", "resident", "ferry", "market", "budget", "library", "station", "bridge",
         "tenant", "school", "river"]
PAGE_TWO = """\
      - {slug: one, pages: 2, place: {columns: 1-3, depth: 120mm}}
      - {slug: two, pages: 2, place: {columns: 4-5, depth: 120mm}}
      - {slug: four, pages: 2, place: {columns: 1-5, depth: rest}}"""


def numbered_copy(count: int, per_paragraph: int = 40, start: int = 0) -> tuple[str, list[str]]:
    """Body copy whose every word is different (``harbour0 council1 ...``, numbered from
    ``start``), in paragraphs."""
    words = [f"{BASES[index % len(BASES)]}{index}" for index in range(start, start + count)]
    paragraphs_ = [" ".join(words[at:at + per_paragraph]) + "." for at in range(0, count, per_paragraph)]
    return "\n\n".join(paragraphs_), words


def modular_issue(root: Path, plan: str = PAGE_TWO, ads: str = "", words: int = 470,
                  holes: str | None = "{grid_fail_above_percent: 40}", frames: str = "") -> Path:
    """The mini issue with page 2 laid out on the grid: two stories side by side over a
    third that runs down to the foot around whatever ``ads`` book there. Its layout (a copy)
    lets a grid page leave ``holes`` (layout.yaml's key): these pages test where the copy
    goes, not that they are full (None: the layout's own limit, 2%); ``frames`` adds to its
    ``frames`` rules (``drop_pull_quotes: false``)."""
    if holes is None:
        root.mkdir(parents=True, exist_ok=True)
        issue = make_mini_issue(make_project(root))
    else:
        issue = make_mini_issue(make_project_with_layout_copy(root))
        layout = root / "layouts" / "tabloid" / "layout.yaml"
        text = layout.read_text()
        if frames:
            assert "\nframes: {" in text
            text = text.replace("\nframes: {", "\nframes: {" + frames + ", ")
        layout.write_text(text + f"holes: {holes}\n")
    manifest = (issue / "issue.yaml").read_text()
    manifest = manifest.replace("      - {slug: one, pages: 2}\n      - {slug: two, pages: 2}", plan)
    (issue / "issue.yaml").write_text(manifest + ("ads:\n" + ads if ads else ""))
    write_article(issue, "four", numbered_copy(words)[0], kicker="Around the ad", byline="Test Writer")
    write_article(issue, "one", paragraphs(6, seed=2), byline="Priya Nandra")
    write_article(issue, "two", paragraphs(4, seed=3))
    return issue


QUARTER = "  - {page: 2, size: quarter, position: bottom-right, house: true}\n"


@pytest.fixture(scope="module")
def around_quarter(tmp_path_factory) -> Path:
    """Built once: page 2 with a quarter-page ad at its bottom right and a story in an L
    around it. Returns the print PDF."""
    issue = modular_issue(tmp_path_factory.mktemp("quarter"), ads=QUARTER)
    result = build_issue(issue)
    assert result.ok, result.failures
    return result.pdf_path


def words_on_page(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, x, y, right, bottom) in mm from the trim's top-left corner, by pdftotext."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    found = []
    for x1, y1, x2, y2, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out):
        found.append((word, float(x1) / PT_PER_MM - BLEED_MM, float(y1) / PT_PER_MM - BLEED_MM,
                      float(x2) / PT_PER_MM - BLEED_MM, float(y2) / PT_PER_MM - BLEED_MM))
    return found


LEFT_MM = 13.0  # the type area's left edge: inside and outside margins are both 13 mm
AD_MM = (116.4, 251.0, 267.0, 416.0)  # the quarter at page 2's bottom right: x, y, right, bottom


def column_of(x: float) -> int:
    return int((x - LEFT_MM + GUTTER_MM / 2) / (COLUMN_MM + GUTTER_MM)) + 1


def story_words(pdf: Path, page: int, join: bool = True) -> list[tuple[str, float, float, float, float]]:
    """The numbered words of story 'four' on ``page`` (under its head, beside and above the
    ad), in reading order: column by column, top to bottom; a word broken at a line's end
    joined again (unless ``join`` is False)."""
    found = [item for item in words_on_page(pdf, page)
             if item[2] > 170 and re.fullmatch(r"[a-z]*\d*[\u2010-]?\.?", item[0])
             and re.search(r"\d|[\u2010-]$", item[0])
             and not (item[1] > AD_MM[0] - GUTTER_MM and item[2] > AD_MM[1] - GUTTER_MM)]
    found.sort(key=lambda item: (column_of(item[1]), round(item[2], 1), item[1]))
    joined: list[list] = []
    for word, *box in found:
        if join and joined and joined[-1][0].endswith(("\u2010", "-")):
            joined[-1][0] = joined[-1][0][:-1] + word
        else:
            joined.append([word, *box])
    return [(word.rstrip("."), *box) for word, *box in joined]


def test_copy_around_a_corner_ad_never_enters_the_ad_or_its_gutter(around_quarter):
    # Page 2 is a left-hand page: outside margin 13 mm on the left; the quarter is 3
    # columns (150.6 mm) by 165 mm at the bottom right of the type area (x 116.4-267, y 251-416).
    ad = (AD_MM[0] - GUTTER_MM, AD_MM[1] - GUTTER_MM, AD_MM[2], AD_MM[3])
    words = words_on_page(around_quarter, 2)
    assert len(words) > 600
    # (poppler measures a letter-spaced line's last letter from the font's advance, not as
    # Pango placed it: up to about 0.1 mm past the column, which no reader sees in a 4.5 mm gutter)
    in_zone = [(word, x, y, right, bottom) for word, x, y, right, bottom in words
               if x < ad[2] and right > ad[0] + 0.15 and y < ad[3] and bottom > ad[1] + 0.05]
    assert in_zone, "the house ad's own words should be found there"
    # what is there is the ad's artwork, inside the ad itself, never in the gutter around it
    assert all(x >= AD_MM[0] - 0.05 and y >= AD_MM[1] - 0.05 for word, x, y, right, bottom in in_zone)
    assert not [word for word, *_ in in_zone if re.fullmatch(r"[a-z]+\d+\.?", word)]  # no word of the story
    # and the L is real: copy beside the ad in columns 1-2, and above it in columns 3-5
    assert any(bottom > 300 and right < ad[0] for word, x, y, right, bottom in words)
    assert any(x > ad[0] + GUTTER_MM and 200 < bottom < ad[1] for word, x, y, right, bottom in words)


def test_every_word_of_an_l_shaped_story_prints_once_in_order(around_quarter):
    printed = [word for word, *_ in story_words(around_quarter, 2)]
    source = numbered_copy(470)[1]
    assert source[0].endswith(printed[0])  # its first letter is the drop cap, apart
    assert printed[1:] == source[1:]


def test_a_story_split_between_frames_mid_paragraph_goes_on_without_an_indent(around_quarter):
    words = story_words(around_quarter, 2, join=False)
    source = numbered_copy(470)[1]
    paragraph_starts = set(source[::40])
    column_x = [LEFT_MM + index * (COLUMN_MM + GUTTER_MM) for index in range(5)]
    tops = [min((item for item in words if column_of(item[1]) == column), key=lambda item: item[2])
            for column in range(2, 6)]  # the first word of each frame after the first
    mid_paragraph = [item for item in tops if item[0] not in paragraph_starts]
    assert mid_paragraph, "no frame starts mid-paragraph: the test copy must be changed"
    for word, x, *_ in mid_paragraph:
        assert abs(x - column_x[column_of(x) - 1]) < 0.3, f"{word} is indented at the top of its frame"
    starts = [item for item in words if item[0] in paragraph_starts and item[0] != source[0]]
    assert starts and all(abs(x - column_x[column_of(x) - 1]) > 2 for word, x, *_ in starts
                          if (word, x) not in {(top[0], top[1]) for top in tops})  # paragraphs still indent


def test_a_rate_card_ad_sits_at_its_place_to_half_a_millimetre(tmp_path):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    ads = QUARTER + "  - {page: 3, size: eighth, position: bottom-left, house: true}\n"
    plan = PAGE_TWO + "\n      - {slug: three, pages: 3, place: {columns: 1-5, depth: rest}}"
    issue = modular_issue(tmp_path, plan.replace("      - {slug: three, pages: 3}\n", ""), ads)
    manifest = (issue / "issue.yaml").read_text().replace("      - {slug: three, pages: 3}\n", "")
    (issue / "issue.yaml").write_text(manifest)
    result = build_issue(issue, allow_overset=True)
    pdf = pdfium.PdfDocument(str(result.pdf_path))
    expected = {2: (116.4, 251.0, 150.6, 165.0), 3: (13.0, 291.0, 98.9, 125.0)}  # page 3: inside margin left
    for number, (x, y, width, height) in expected.items():
        page = pdf[number - 1]
        trim_left, _, _, trim_top = page.get_trimbox()
        forms = [item.get_bounds() for item in page.get_objects(max_depth=1) if item.type == raw.FPDF_PAGEOBJ_FORM]
        boxes = [((left - trim_left) / PT_PER_MM, (trim_top - upper) / PT_PER_MM,
                  (right - left) / PT_PER_MM, (upper - lower) / PT_PER_MM) for left, lower, right, upper in forms]
        assert any(all(abs(a - b) <= 0.5 for a, b in zip(box, (x, y, width, height))) for box in boxes), boxes


def test_a_picture_that_runs_into_an_ad_is_refused_naming_both(tmp_path):
    plan = PAGE_TWO.replace("{slug: four, pages: 2, place: {columns: 1-5, depth: rest}}",
                            "{slug: four, pages: 2, place: {columns: 1-5, depth: rest}, pictures: "
                            "[{picture: 1, place: {columns: 3-4, top: 200mm, depth: 80mm}}]}")
    issue = modular_issue(tmp_path, plan, QUARTER)
    image = [{"src": "images/scene.jpg", "caption": "A placed scene.", "credit": "Test", "columns": 2}]
    write_article(issue, "four", numbered_copy(300)[0], images=image)
    with pytest.raises(InputError) as error:
        load_issue(issue)
    message = str(error.value)
    assert "page 2: picture 1 of 'four': its module (3-4 columns, 200-280 mm down the type area) overlaps " \
           "ad 1 (house ad slot, page 2, quarter)" in message
    assert "issue.yaml:" in message


def test_a_story_given_a_depth_flows_around_an_ad_in_its_way(tmp_path):
    """A story 200 mm deep across the page, with the quarter's top 231 mm down the type
    area: it is not refused; its columns over the ad stop a gutter above it."""
    plan = PAGE_TWO.replace("{columns: 1-5, depth: rest}", "{columns: 1-5, depth: 250mm}")
    plans = load_issue(modular_issue(tmp_path, plan, QUARTER)).plans
    four = next(story for story in plans[2].stories if story.slug == "four")
    assert [round(room.bottom, 1) for room in four.rooms] == [round(four.top + 250, 1)] * 2 + [246.5] * 3


def test_a_corner_ad_on_a_page_its_type_stacks_is_refused(tmp_path):
    issue = modular_issue(tmp_path, ads="  - {page: 3, size: quarter, position: top-left, house: true}\n")
    result = CliRunner().invoke(main, ["build", str(issue)])
    assert result.exit_code == 2
    assert "cannot flow copy around an ad at 'top-left'" in result.output
    assert "Traceback" not in result.output


def test_nothing_can_be_placed_under_a_story_that_takes_the_rest(tmp_path):
    plan = PAGE_TWO.replace("depth: 120mm}}\n      - {slug: two", "depth: rest}}\n      - {slug: two")
    plan += "\n      - {slug: five, pages: 2, place: {columns: 1, depth: 30 lines}}"
    issue = modular_issue(tmp_path, plan)
    write_article(issue, "five", paragraphs(2))
    with pytest.raises(InputError) as error:
        load_issue(issue)
    assert "column 1 is taken to the foot by 'one' (depth: rest)" in str(error.value)


def test_overset_frames_are_reported_as_words_to_cut(tmp_path):
    issue = modular_issue(tmp_path, words=900)
    result = CliRunner().invoke(main, ["fit", str(issue)])
    assert result.exit_code == 1
    row = next(line for line in result.output.splitlines() if line.startswith("four"))
    assert "OVER" in row and "cut" in row


def test_fit_reports_every_frame(tmp_path):
    issue = modular_issue(tmp_path, ads=QUARTER)
    result = CliRunner().invoke(main, ["fit", str(issue), "--json"])
    assert result.exit_code == 0, result.output
    import json

    fits = {fit["slug"]: fit for fit in json.loads(result.output)}
    frames = fits["four"]["frames"]
    assert [frame["column"] for frame in frames] == [1, 2, 3, 4, 5]
    # columns 1-2 run to the foot beside the ad; 3-5 stop a gutter above it
    assert frames[0]["depth_mm"] > frames[2]["depth_mm"] + 150
    assert all(frame["depth_mm"] > 0 for frame in frames)


@pytest.mark.parametrize("booking, expected", [
    ("{page: 2, size: 3x10, position: bottom, columns: 1-3, house: true}", None),
    ("{page: 2, size: 7x10, position: bottom, house: true}", "the layout has no ad size '7x10'"),
    ("{page: 2, size: 3x10, position: bottom, columns: 1-2, house: true}", "columns 1-2 are not 150.6 mm wide"),
    ("{page: 2, size: ear, position: ear-left, house: true}", "ears sit beside the masthead, on page 1 only"),
    ("{page: 2, size: quarter, position: bottom, house: true}", "a quarter cannot sit at 'bottom'"),
])
def test_rate_card_bookings(tmp_path, booking, expected):
    issue = modular_issue(tmp_path, ads=f"  - {booking}\n")
    if expected is None:
        slots = load_issue(issue).ad_slots
        assert [(round(slot.x, 1), round(slot.y, 1), round(slot.width, 1), slot.height) for slot in slots] \
            == [(13.0, 316.0, 150.6, 100.0)]
        return
    with pytest.raises(InputError) as error:
        load_issue(issue)
    assert expected in str(error.value)


def test_column_centimetre_ads_in_the_same_columns_stack_up_from_the_foot(tmp_path):
    ads = ("  - {page: 2, size: 2x5, position: bottom, columns: 4-5, house: true}\n"
           "  - {page: 2, size: 2x5, position: bottom, columns: 4-5, house: true}\n")
    slots = load_issue(modular_issue(tmp_path, ads=ads)).ad_slots
    assert [round(slot.y, 1) for slot in slots] == [366.0, 311.5]  # 50 mm each, a 4.5 mm gutter apart


def column_feet(pdf: Path, page: int, columns: range, top: float, bottom: float) -> list[float]:
    """The foot (mm) of the lowest word in each grid column of ``columns``, among the words
    between ``top`` and ``bottom`` mm down the page (one module's copy)."""
    words = [item for item in words_on_page(pdf, page) if item[2] > top and item[4] < bottom]
    return [max(item[4] for item in words if column_of(item[1]) == column) for column in columns]


def test_a_story_short_of_its_module_gets_a_deeper_picture_and_ends_at_the_foot(tmp_path):
    """The copy of 'one' is a dozen lines short of its 3-column, 150 mm module: the build
    makes its lead picture deeper (cropped to fill) until the copy ends at the foot, says
    so, and its three columns end within a line of each other and of the module's foot."""
    plan = PAGE_TWO.replace("{columns: 1-3, depth: 120mm}", "{columns: 1-3, depth: 250mm}").replace(
        "{columns: 4-5, depth: 120mm}", "{columns: 4-5, depth: 250mm}")
    issue = modular_issue(tmp_path, plan, words=250)
    write_article(issue, "two", paragraphs(9, seed=3))
    image = [{"src": "images/scene.jpg", "caption": "A test scene.", "credit": "Test", "columns": 3}]
    write_article(issue, "one", paragraphs(5, seed=2), byline="Priya Nandra", images=image)
    result = build_issue(issue)
    assert result.ok, result.failures
    filled = result.record["filled"]
    assert any(line.startswith("page 2: 'one': lead picture") and "deeper" in line for line in filled), filled
    leading = 11.6 / PT_PER_MM
    feet = column_feet(result.pdf_path, 2, range(1, 4), top=60, bottom=20 + 250 + 1)
    assert max(feet) - min(feet) <= leading + 0.5, feet
    assert 20 + 250 - max(feet) <= 2 * leading  # the last line's foot within a line of the module's


def test_a_story_without_a_picture_balances_its_last_columns(tmp_path):
    """'two' (no picture) is short of its module: its two columns end within a line of each
    other; the space left is the module's, and copyfit says how much to fill."""
    issue = modular_issue(tmp_path)
    result = build_issue(issue)
    assert result.ok, result.failures
    assert any(line.startswith("page 2: 'two': columns balanced") for line in result.record["filled"])
    feet = column_feet(result.pdf_path, 2, range(4, 6), top=30, bottom=141)
    assert abs(feet[0] - feet[1]) <= 11.6 / PT_PER_MM + 0.5, feet
    two = next(fit for fit in result.record["copyfit"] if fit["slug"] == "two")
    assert two["status"] == "UNDER" and two["words_under"] > 0


def test_a_picture_is_never_made_deeper_than_its_pixels_allow(tmp_path):
    """A picture of 600 x 400 pixels over 3 columns (150.6 mm: about 100 ppi already, a
    warning) cannot be made deeper: the ppi minimum of 200 holds it, and the copy's
    columns are balanced instead."""
    plan = PAGE_TWO.replace("{columns: 1-3, depth: 120mm}", "{columns: 1-3, depth: 150mm}")
    issue = modular_issue(tmp_path, plan)
    from PIL import Image

    Image.new("RGB", (600, 400), (90, 110, 130)).save(issue / "images" / "small.jpg", quality=80)
    image = [{"src": "images/small.jpg", "caption": "A small picture.", "credit": "Test", "columns": 3}]
    write_article(issue, "one", paragraphs(3, seed=2), byline="Priya Nandra", images=image)
    result = build_issue(issue)
    assert not any("'one': lead picture" in line and "deeper" in line for line in result.record["filled"])
    assert any("small.jpg" in warning and "ppi" in warning for warning in result.warnings)


def test_a_placed_picture_fills_its_box_on_the_grid(tmp_path):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    plan = PAGE_TWO.replace("{slug: four, pages: 2, place: {columns: 1-5, depth: rest}}",
                            "{slug: four, pages: 2, place: {columns: 1-5, depth: rest}, pictures: "
                            "[{picture: 1, place: {columns: 4-5, top: 250mm, depth: 120mm}}]}")
    issue = modular_issue(tmp_path, plan)
    image = [{"src": "images/scene.jpg", "caption": "A placed scene.", "credit": "Test", "columns": 2,
              "focus": [30, 40]}]
    write_article(issue, "four", numbered_copy(470)[0], kicker="Around the picture", images=image)
    result = build_issue(issue, allow_overset=True)
    page = pdfium.PdfDocument(str(result.pdf_path))[1]
    trim_left, _, _, trim_top = page.get_trimbox()
    images = []
    for item in page.get_objects(max_depth=2):
        if item.type == raw.FPDF_PAGEOBJ_IMAGE:
            left, lower, right, upper = item.get_bounds()
            images.append(((left - trim_left) / PT_PER_MM, (trim_top - upper) / PT_PER_MM,
                           (right - left) / PT_PER_MM, (upper - lower) / PT_PER_MM))
    # Its box: columns 4-5 (168.1 mm from the trim's left, 98.9 mm wide), 250 mm down the
    # type area (270 mm down the page). The 3:2 picture is scaled to the box's depth and
    # cropped at the sides around its focus, 30% across: 30% of what is cut is on the left.
    placed = [image for image in images if abs(image[1] - 270.0) < 0.5]
    assert len(placed) == 1 and len(images) == 1, images  # placed, so not also in the head or the copy
    x, y, width, height = placed[0]
    assert width > 98.9 + 10 and abs(width / height - 1.5) < 0.01
    assert abs(x - (168.1 - 0.30 * (width - 98.9))) < 0.5
    words = story_words(result.pdf_path, 2)
    assert not [word for word, x, y, right, bottom in words
                if right > 168.1 - GUTTER_MM + 0.05 and bottom > 270 - GUTTER_MM + 0.05]


def test_a_head_set_low_on_a_page_with_a_tall_ad_prints_whole(tmp_path):
    """A stacked page's ads shrink its page area (base.html.j2's margins); a modular page's
    must not, or WeasyPrint cuts a head set below the ad's top short (it did: the headline
    and picture of a story under another, beside a half-page upright, went missing)."""
    plan = ("      - {slug: one, pages: 2, place: {columns: 1-2, depth: 100mm}}\n"
            "      - {slug: two, pages: 2, place: {columns: 1-2}}\n"
            "      - {slug: four, pages: 2, place: {columns: 3-5}}")
    ads = "  - {page: 2, size: half-upright, position: bottom-right, house: true}\n"
    issue = modular_issue(tmp_path, plan, ads, words=60)
    image = [{"src": "images/scene.jpg", "caption": "A scene under the first story.", "credit": "Test",
              "columns": 2}]
    write_article(issue, "two", paragraphs(4, seed=3), kicker="Low on the page", images=image)
    result = build_issue(issue, allow_overset=True)
    text = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(result.pdf_path), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Low on the page".upper() in text.upper()
    assert "Headline for two" in " ".join(text.split())
    assert "A scene under the first story." in " ".join(text.split())


def test_frames_left_empty_are_holes_in_the_editors_terms(tmp_path):
    """'two' ends short of its module, above the story under it: the PDF's column feet do
    not show that, its frames do. On a grid page a hole over 2% of the type area fails the
    check by default (exit 1: the PDF written is a proof); a layout may allow more."""
    issue = modular_issue(tmp_path / "default", holes=None)
    result = CliRunner().invoke(main, ["build", str(issue)])
    assert result.exit_code == 1
    assert re.search(r"check failed: \[holes\] page 2: .*frames 1-2 \(two\): \d+ mm empty: add about \d+ words, "
                     r"or a picture 2 columns x \d+ mm", result.output), result.output
    assert "the layout allows 2%" in result.output
    assert (issue.parent.parent / "build" / issue.name / f"{issue.name}.proof.pdf").is_file()

    relaxed = modular_issue(tmp_path / "relaxed", holes="{grid_fail_above_percent: 40}")
    result = build_issue(relaxed)
    assert result.ok
    message = next(warning for warning in result.warnings if warning.startswith("hole: page 2:"))
    assert re.search(r"frames 1-2 \(two\): \d+ mm empty", message), message


def test_a_picture_across_the_spread_runs_on_over_the_fold(tmp_path):
    """Pages 2-3 as a spread: one story over both, its picture across all five columns of
    page 2 and on over the fold onto page 3. Read back with PDFium, each page draws the
    whole picture at the same size, page 2 from its type area's left edge (13 mm), page 3
    shifted left by exactly the half on page 2 (267 mm, the type area's edge to the fold), so
    the halves meet at the fold."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    issue = make_mini_issue(make_project(tmp_path))
    manifest = (issue / "issue.yaml").read_text().replace(
        "      - {slug: one, pages: 2}\n      - {slug: two, pages: 2}\n      - {slug: three, pages: 3}\n",
        "      - slug: three\n        pages: 2-3\n        place: {columns: 1-5}\n        pictures:\n"
        "          - {picture: 1, page: 2, place: {columns: 1-5, top: 60mm, depth: 150mm}, across: true}\n")
    (issue / "issue.yaml").write_text(manifest.replace("teasers:\n  - {slug: three}\n", ""))
    write_article(issue, "three", paragraphs(40, seed=4), images=[
        {"src": "images/scene.jpg", "caption": "Across the spread.", "credit": "Test", "columns": 5}])
    result = build_issue(issue, allow_overset=True)
    pdf = pdfium.PdfDocument(str(result.pdf_path))
    drawn = {}
    for number in (2, 3):
        page = pdf[number - 1]
        trim_left, _, _, trim_top = page.get_trimbox()
        images = [item.get_bounds() for item in page.get_objects(max_depth=3) if item.type == raw.FPDF_PAGEOBJ_IMAGE]
        drawn[number] = [((left - trim_left) / PT_PER_MM, (trim_top - upper) / PT_PER_MM, (right - left) / PT_PER_MM)
                         for left, lower, right, upper in images]
    (x2, y2, w2), = drawn[2]
    (x3, y3, w3), = drawn[3]
    assert abs(x2 - 13.0) < 0.5 and abs(x3 - (13.0 - 280.0)) < 0.5  # 267 mm to the left: the half on page 2
    assert abs(w2 - w3) < 0.01 and abs(y2 - y3) < 0.01 and w2 >= 2 * 267 - 0.5
    text = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(result.pdf_path), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Across the spread." in text  # the caption under the right-hand half


def test_a_picture_across_pages_that_are_not_the_centre_spread_is_refused(tmp_path):
    """Pages 2-3 of an 8-page issue face each other but print on different sheets: a
    picture across their gutter would not meet at the fold."""
    issue = make_mini_issue(make_project(tmp_path))
    manifest = (issue / "issue.yaml").read_text().replace("\npages: 4\nsections:", "\npages: 8\nsections:").replace(
        "      - {slug: one, pages: 2}\n      - {slug: two, pages: 2}\n      - {slug: three, pages: 3}\n",
        "      - slug: three\n        pages: 2-3\n        place: {columns: 1-5}\n        pictures:\n"
        "          - {picture: 1, page: 2, place: {columns: 1-5, top: 60mm, depth: 150mm}, across: true}\n")
    manifest = manifest.replace("    pages: 4\n    articles:\n      - {slug: back, pages: 4}",
                                "    pages: 4-8\n    articles:\n      - {slug: back, pages: 4-8}")
    (issue / "issue.yaml").write_text(manifest.replace("teasers:\n  - {slug: three}\n", ""))
    write_article(issue, "three", paragraphs(40, seed=4), images=[
        {"src": "images/scene.jpg", "caption": "Across the gutter.", "credit": "Test", "columns": 5}])
    with pytest.raises(InputError) as error:
        load_issue(issue)
    assert "the centre spread's left-hand page (page 4 of 8" in str(error.value)
    assert "place the story on pages 4-5 and the picture on page 4" in str(error.value)


def test_a_picture_across_a_page_with_no_facing_page_of_its_story_is_refused(tmp_path):
    issue = modular_issue(tmp_path, PAGE_TWO.replace(
        "{slug: four, pages: 2, place: {columns: 1-5, depth: rest}}",
        "{slug: four, pages: 2, place: {columns: 1-5, depth: rest}, pictures: "
        "[{picture: 1, place: {columns: 1-5, top: 200mm, depth: 80mm}, across: true}]}"))
    write_article(issue, "four", numbered_copy(300)[0], images=[
        {"src": "images/scene.jpg", "caption": "A scene.", "credit": "Test", "columns": 5}])
    with pytest.raises(InputError) as error:
        load_issue(issue)
    assert "picture 1 of 'four' goes across the gutter, so it must span all 5 columns of the centre spread's " \
           "left-hand page (page 2 of 4, the one pair of facing pages printed on one sheet), and the story must " \
           "be on both its pages" in str(error.value)


def test_a_named_module_of_the_layout_places_a_story(tmp_path):
    from conftest import make_project_with_layout_copy

    project = make_project_with_layout_copy(tmp_path / "project")
    layout = project / "layouts" / "tabloid" / "layout.yaml"
    layout.write_text(layout.read_text() + "modules:\n  top-left: {columns: 1-3, depth: 120mm, headline: l}\n")
    issue = make_mini_issue(project)
    manifest = (issue / "issue.yaml").read_text().replace(
        "      - {slug: one, pages: 2}\n      - {slug: two, pages: 2}",
        "      - {slug: one, pages: 2, place: {module: top-left}}\n"
        "      - {slug: two, pages: 2, place: {columns: 4-5, depth: 120mm}}")
    (issue / "issue.yaml").write_text(manifest)
    one = next(story for story in load_issue(issue).plans[2].stories if story.slug == "one")
    assert (str(one.columns), round(one.bottom - one.top, 1), one.headline) == ("1-3", 120.0, "l")

    (issue / "issue.yaml").write_text(manifest.replace("module: top-left", "module: top-lef"))
    with pytest.raises(InputError) as error:
        load_issue(issue)
    assert "the layout has no module 'top-lef'" in str(error.value) and "did you mean 'top-left'?" in str(error.value)


def test_a_head_that_would_run_into_an_ad_under_it_is_refused(tmp_path):
    """'four' takes columns 3-5 from the top, over a half-page upright ad 330 mm deep: its
    room there is the 61 mm above the ad, and its head (a headline and a 3-column picture)
    is deeper than that. The build stops and says so, rather than print the head over the ad."""
    plan = ("      - {slug: one, pages: 2, place: {columns: 1-2}}\n"
            "      - {slug: four, pages: 2, place: {columns: 3-5}}")
    issue = modular_issue(tmp_path, plan, "  - {page: 2, size: half-upright, position: bottom-right, house: true}\n")
    manifest = (issue / "issue.yaml").read_text()  # 'two' goes to page 3
    (issue / "issue.yaml").write_text(manifest.replace("      - {slug: three, pages: 3}\n",
                                                       "      - {slug: three, pages: 3}\n      - {slug: two, pages: 3}\n"))
    image = [{"src": "images/scene.jpg", "caption": "A wide scene.", "credit": "Test", "columns": 3}]
    write_article(issue, "four", paragraphs(2, seed=5), images=image)
    result = CliRunner().invoke(main, ["build", str(issue)])
    assert result.exit_code == 2, result.output
    assert re.search(r"page 2: 'four': its head \(headline, picture, standfirst\) ends \d+ mm down the type area, "
                     r"into what is placed 66 mm down column 3", result.output), result.output
    assert "Traceback" not in result.output


JUMPING = """\
      - {slug: one, pages: 2, place: {columns: 1-3, depth: 150mm}, continues_on: 3,
         continued_place: {columns: 1-2, depth: rest}}
      - {slug: two, pages: 2, place: {columns: 4-5, depth: 150mm}}
      - {slug: four, pages: 2, place: {columns: 1-5, depth: rest}}"""


def numbered_words(pdf: Path, pages: dict[int, tuple[range, float]], lowest: int) -> list[tuple[int, str]]:
    """(page, word) for the numbered words from ``lowest`` up printed on ``pages`` in the
    columns and above the depth given for each (mm from the trim's top), in reading order
    (page by page, column by column, top to bottom), a word broken at a line's end joined
    again, also over a page turn (on the page where it starts)."""
    joined: list[list] = []
    for page, (columns, above) in pages.items():
        found = [item for item in words_on_page(pdf, page) if item[4] < above and column_of(item[1]) in columns
                 and re.fullmatch(r"[a-z]*\d*[\u2010-]?\.?", item[0]) and re.search(r"\d|[\u2010-]$", item[0])]
        found.sort(key=lambda item: (column_of(item[1]), round(item[2], 1), item[1]))
        for word, *_ in found:
            if re.fullmatch(r"\d{1,3}|\d{5,}", word):  # a page number, a date: not the story's
                continue
            if joined and joined[-1][1].endswith(("\u2010", "-")):
                joined[-1][1] = joined[-1][1][:-1] + word
            elif re.match(r"[a-z]", word):
                joined.append([page, word])
    return [(page, word.rstrip(".")) for page, word in joined
            if re.fullmatch(r"[a-z]+\d+\.?", word) and int(re.sub(r"\D", "", word)) >= lowest
            and word.rstrip(".0123456789") in BASES + [base[1:] for base in BASES]]


def test_a_story_jumping_to_a_later_grid_page_goes_on_at_the_line(tmp_path):
    """'one' fills its three columns on page 2 and goes on on page 3 in columns 1-2, under
    "Continued from page 2": every word once, in order, over both pages; the first word on
    page 3 follows the last on page 2 mid-paragraph; the jump lines say where."""
    issue = modular_issue(tmp_path, plan=JUMPING)
    manifest = (issue / "issue.yaml").read_text()
    (issue / "issue.yaml").write_text(manifest.replace(
        "      - {slug: three, pages: 3}", "      - {slug: three, pages: 3, place: {columns: 3-5, depth: rest}}"))
    copy, source = numbered_copy(750, start=1000)
    # Two subheads on page 2: the continuation, short of its frames, must not space them out
    # (its galley sets page 2's frames again, and they must hold the same lines).
    parts = copy.split("\n\n")
    copy = "\n\n".join(parts[:1] + ["## First subhead"] + parts[1:3] + ["## Second subhead"] + parts[3:])
    write_article(issue, "one", copy, byline="Priya Nandra")
    result = build_issue(issue)
    assert result.ok, result.failures
    assert not [line for line in json.loads(result.record_path.read_text())["filled"]
                if "'one'" in line and ("subhead" in line or "pull quote" in line)]
    printed = numbered_words(result.pdf_path, {2: (range(1, 4), 20 + 150), 3: (range(1, 3), 420)}, 1000)
    assert source[0].endswith(printed[0][1])  # its first letter is the drop cap, apart
    assert [word for _, word in printed[1:]] == source[1:]
    second = [word for page, word in printed if page == 3]
    assert len(second) > 200 and len(printed) - len(second) > 200
    assert source.index(second[0]) % 40, "the break should fall mid-paragraph: change the test copy"
    page_two = " ".join(word for word, *_ in words_on_page(result.pdf_path, 2))
    page_three = " ".join(word for word, *_ in words_on_page(result.pdf_path, 3))
    assert "Continued on page 3" in page_two and "Continued from page 2" in page_three
    assert "Headline for one" in page_three
    record = json.loads(result.record_path.read_text())
    parts = [fit for fit in record["copyfit"] if fit["slug"] == "one"]
    assert [fit["pages"] for fit in parts] == ["2", "3"]
    assert parts[0]["status"] == "FIT" and parts[0]["frames"][-1]["empty_mm"] < 4.1  # full: the rest jumps
    assert parts[1]["status"] == "UNDER" and [frame["page"] for frame in parts[1]["frames"]] == [3, 3]
    # built again, the break comes from the cache (its frames' depths): the same bytes
    printed_bytes = result.pdf_path.read_bytes()
    assert build_issue(issue, processes=1).pdf_path.read_bytes() == printed_bytes


def test_a_jump_from_a_grid_page_needs_a_place_on_the_page_it_lands_on(tmp_path):
    issue = modular_issue(tmp_path, plan=JUMPING.replace(",\n         continued_place: {columns: 1-2, depth: rest}", ""))
    manifest = (issue / "issue.yaml").read_text()
    (issue / "issue.yaml").write_text(manifest.replace(
        "      - {slug: three, pages: 3}", "      - {slug: three, pages: 3, place: {columns: 3-5, depth: rest}}"))
    with pytest.raises(InputError) as caught:
        load_issue(issue)
    problem, = caught.value.problems
    assert "'one' continues on page 3, laid out on the grid, but has no place there" in problem.message
    assert problem.line == 18 and "continued_place" in problem.hint  # its continues_on
    # and a jump from a grid page to a stacked one is refused too
    (issue / "issue.yaml").write_text(manifest)
    with pytest.raises(InputError) as caught:
        load_issue(issue)
    assert "which is stacked by its page type, but its own page is laid out on the grid" in str(caught.value)


def test_a_story_over_by_a_few_lines_drops_its_pull_quote_when_it_then_fits(tmp_path):
    """'two' (columns 4-5, 120 mm, no picture) is four lines over with its pull quote: the
    build sets it without, says so, and every word prints; a layout that keeps pull quotes
    (frames: drop_pull_quotes: false) leaves it over, and the build refuses it."""
    quote = "A pull quote that takes a few lines of the column."
    copy, source = numbered_copy(135, start=3000)
    issue = modular_issue(tmp_path / "drops")
    write_article(issue, "two", copy, pullquote=quote)
    result = build_issue(issue)
    assert result.ok, result.failures
    record = json.loads(result.record_path.read_text())
    assert any(re.fullmatch(r"page 2: 'two': pull quote dropped \(\d+ line\(s\) over with it\)", line)
               for line in record["filled"]), record["filled"]
    printed = numbered_words(result.pdf_path, {2: (range(4, 6), 20 + 120)}, 3000)  # above "four"
    assert [word for _, word in printed][1:] == source[1:]
    text = " ".join(word for word, *_ in words_on_page(result.pdf_path, 2))
    assert "pull quote that takes" not in text

    kept = modular_issue(tmp_path / "keeps", frames="drop_pull_quotes: false")
    write_article(kept, "two", copy, pullquote=quote)
    with pytest.raises(OversetError) as caught:
        build_issue(kept)
    assert [fit.status for fit in caught.value.fits if fit.slug == "two"] == ["OVER"]


def test_a_short_story_gets_more_space_above_its_subheads_within_a_line(tmp_path):
    """'two' with two subheads ends a few lines short: each subhead is set lower by the
    space the build adds (0.75 of a line at most, the tabloid's limit), read back from
    the PDF against the same story built with that fill turned off."""
    paragraphs_ = numbered_copy(118, per_paragraph=30, start=3000)[0].split("\n\n")
    body = "\n\n".join(text + (f"\n\n## Subhead {index}" if index in (1, 2) else "")
                       for index, text in enumerate(paragraphs_))
    tops = {}
    for name, frames in (("spaced", ""), ("plain", "subhead_space_lines: 0")):
        issue = modular_issue(tmp_path / name, frames=frames)
        write_article(issue, "two", body)
        result = build_issue(issue)
        assert result.ok, result.failures
        filled = json.loads(result.record_path.read_text())["filled"]
        spaced = [line for line in filled if "space above each of its 2 subhead(s)" in line]
        assert len(spaced) == (1 if name == "spaced" else 0), filled
        tops[name] = [(column_of(x), y) for word, x, y, *_ in words_on_page(result.pdf_path, 2)
                      if word.upper() == "SUBHEAD"]
    assert len(tops["spaced"]) == len(tops["plain"]) == 2
    line_mm = 11.6 / PT_PER_MM
    for spaced, plain in zip(tops["spaced"], tops["plain"]):
        assert spaced[0] > plain[0] or 0.2 * line_mm < spaced[1] - plain[1] < 1.6 * line_mm, (spaced, plain)


PRESET_PAGE_TWO = """\
      - {slug: one, pages: 2}
      - {slug: two, pages: 2}
      - {slug: four, pages: 2}"""
EXPLICIT_PAGE_TWO = """\
      - {slug: one, pages: 2, place: {columns: 1-3, depth: 230mm}}
      - {slug: two, pages: 2, place: {columns: 4-5, depth: 230mm}}
      - {slug: four, pages: 2, place: {columns: 1-2}}"""


def test_a_page_type_preset_places_the_stories_as_their_own_places_would(tmp_path):
    """'grid-news' (layout.yaml's page_presets) is the grid model as a page type: page 2's
    stories take its modules in the order listed, and print word for word where the same
    places written out in issue.yaml put them; page 3's story takes the first module."""
    printed = {}
    for name, plan in (("preset", PRESET_PAGE_TWO), ("explicit", EXPLICIT_PAGE_TWO)):
        issue = modular_issue(tmp_path / name, plan=plan, words=200, holes="{grid_fail_above_percent: null}")
        write_article(issue, "three", paragraphs(5, seed=4))
        manifest = (issue / "issue.yaml").read_text()
        manifest = manifest.replace("    page_type: news\n", "    page_type: grid-news\n")
        if name == "explicit":
            manifest = manifest.replace("      - {slug: three, pages: 3}",
                                        "      - {slug: three, pages: 3, place: {columns: 1-3, depth: 230mm}}")
        (issue / "issue.yaml").write_text(manifest)
        result = build_issue(issue)
        assert result.ok, result.failures
        printed[name] = [words_on_page(result.pdf_path, page) for page in (2, 3)]
    assert printed["preset"] == printed["explicit"]
    assert any(word == "Headline" and x > 100 for word, x, *_ in printed["preset"][0])  # 'two' in columns 4-5


def test_a_page_with_more_stories_than_its_preset_has_modules_is_refused(tmp_path):
    issue = modular_issue(tmp_path, plan=PRESET_PAGE_TWO + "\n      - {slug: lead-two, pages: 2}"
                                                          "\n      - {slug: lead-three, pages: 2}")
    manifest = (issue / "issue.yaml").read_text()
    (issue / "issue.yaml").write_text(manifest.replace("    page_type: news\n", "    page_type: grid-news\n"))
    for slug in ("lead-two", "lead-three"):
        write_article(issue, slug, paragraphs(2, seed=7))
    with pytest.raises(InputError) as caught:
        load_issue(issue)
    problem, = caught.value.problems
    assert problem.message == ("page 2: 'lead-three' is story 5 of the page, but the page type 'grid-news' "
                               "has 4 module(s)")
    assert problem.line == 22 and "place of its own" in problem.hint


def test_a_jump_record_in_the_cache_with_nonsense_frames_is_replaced(tmp_path, monkeypatch):
    """The depths of a jumping story's frames come back from the chunk cache: an entry that
    is whole but says nonsense is discarded and laid out again, to the same bytes."""
    from pressroom.cache import cache_root, write_entry

    monkeypatch.setenv("PRESSROOM_CACHE", str(tmp_path / "cache"))  # its own cache, none shared

    issue = modular_issue(tmp_path, plan=JUMPING)
    manifest = (issue / "issue.yaml").read_text()
    (issue / "issue.yaml").write_text(manifest.replace(
        "      - {slug: three, pages: 3}", "      - {slug: three, pages: 3, place: {columns: 3-5, depth: rest}}"))
    write_article(issue, "one", numbered_copy(750, start=1000)[0], byline="Priya Nandra")
    clean = build_issue(issue).pdf_path.read_bytes()
    chunks = cache_root(tmp_path) / "chunks"
    entries = sorted(chunks.glob("jump-lines-*"))
    assert len(entries) == 1
    for path in entries:
        write_entry(path, "jump", path.name.removeprefix("jump-lines-"),
                    {"value": json.dumps({"slug": "one", "frames": [-5.0, 1e9]}).encode()})
    for chunk in chunks.glob("*.chunk"):
        chunk.unlink()  # lay the pages out again, from the frames the cache gives
    again = build_issue(issue)
    assert any("was damaged" in warning for warning in again.warnings), again.warnings
    assert again.pdf_path.read_bytes() == clean
