"""Articles: front matter validation with lines, and Markdown typography."""

from __future__ import annotations

import pytest

from pressroom.articles import read_article
from pressroom.errors import InputError

from conftest import dedent


def article(issue, text: str, slug: str = "story"):
    (issue / "articles" / f"{slug}.md").write_text(dedent(text), encoding="utf-8")
    return read_article(issue, slug)


def test_typographic_quotes_dashes_and_ellipses(mini_issue):
    result = article(mini_issue, """
        ---
        headline: "Council's \\"plan\\" -- revealed"
        ---
        Intro.

        "It's a scandal," she said -- and 'worse'... Prices rose 2019--2026 --- sharply.
        """)
    body = "".join(result.blocks)
    assert "\u201cIt\u2019s a scandal,\u201d she said \u2013 and \u2018worse\u2019\u2026" in body
    assert "2019\u20132026 \u2014 sharply" in body
    assert str(result.headline) == "Council\u2019s \u201cplan\u201d \u2013 revealed"


def test_subheads_quotes_and_lists(mini_issue):
    result = article(mini_issue, """
        ---
        headline: Test
        ---
        First paragraph.

        ## A subhead

        > A quoted passage.

        - one
        - two
        """)
    body = "".join(result.blocks)
    assert "<h2>A subhead</h2>" in body
    assert "<blockquote>" in body and "<ul>" in body
    assert result.blocks[0].startswith('<p><span class="initial">F</span>irst')


def test_raw_html_is_refused_at_its_line(mini_issue):
    with pytest.raises(InputError) as error:
        article(mini_issue, """
            ---
            headline: Test
            ---
            First paragraph.

            <script>alert(1)</script>
            """)
    problem = error.value.problems[0]
    assert problem.line == 6 and "raw HTML is not allowed in articles: <script>alert(1)</script>" in problem.message


def test_last_words_and_word_count(mini_issue):
    result = article(mini_issue, """
        ---
        headline: Test
        ---
        One two three.

        Four five six seven eight nine ten eleven twelve.
        """)
    assert result.last_words == "five six seven eight nine ten eleven twelve."
    assert result.word_count == 12


def test_unknown_front_matter_key_has_line_and_hint(mini_issue):
    with pytest.raises(InputError) as caught:
        article(mini_issue, """
            ---
            headline: Test
            standfrist: Oops
            ---
            Body.
            """)
    message = str(caught.value)
    assert "story.md:3:1" in message and "did you mean 'standfirst'?" in message


def test_front_matter_yaml_error_line_is_in_the_file(mini_issue):
    with pytest.raises(InputError) as caught:
        article(mini_issue, """
            ---
            headline: Test
            byline: [unclosed
            ---
            Body.
            """)
    assert "story.md:3:18" in str(caught.value)


def test_missing_headline(mini_issue):
    with pytest.raises(InputError, match="missing required key 'headline'"):
        article(mini_issue, """
            ---
            byline: Someone
            ---
            Body.
            """)


def test_empty_body(mini_issue):
    with pytest.raises(InputError, match="no body text"):
        article(mini_issue, """
            ---
            headline: Test
            ---
            """)


def test_no_front_matter(mini_issue):
    with pytest.raises(InputError, match="no front matter"):
        article(mini_issue, "Just text.\n")


def test_missing_image_names_the_line(mini_issue):
    with pytest.raises(InputError) as caught:
        article(mini_issue, """
            ---
            headline: Test
            images:
              - src: images/nowhere.jpg
                caption: A caption.
                credit: Someone
                columns: 2
            ---
            Body.
            """)
    assert "story.md:4:5" in str(caught.value) and "does not exist" in str(caught.value)


def test_image_outside_the_issue_is_refused(mini_issue):
    with pytest.raises(InputError, match="outside the issue folder"):
        article(mini_issue, """
            ---
            headline: Test
            images:
              - {src: ../../../etc/passwd, caption: x, credit: y, columns: 1}
            ---
            Body.
            """)


def test_corrupt_image(mini_issue):
    (mini_issue / "images" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(InputError, match="cannot be read"):
        article(mini_issue, """
            ---
            headline: Test
            images:
              - {src: images/broken.jpg, caption: x, credit: y, columns: 1}
            ---
            Body.
            """)


def test_picture_wider_than_the_grid_is_refused(mini_issue):
    from click.testing import CliRunner
    from pressroom.cli import main
    text = (mini_issue / "articles" / "two.md").read_text().replace(
        "---\n\n", "images:\n- {src: images/scene.jpg, caption: x, credit: y, columns: 7}\n---\n\n", 1)
    (mini_issue / "articles" / "two.md").write_text(text)
    result = CliRunner().invoke(main, ["build", str(mini_issue)])
    assert result.exit_code == 2
    assert "two.md:4: picture scene.jpg is 7 columns wide; layout 'tabloid' has 5" in result.output


def test_every_printed_text_is_inventoried_with_its_field_and_line(mini_issue):
    result = article(mini_issue, """
        ---
        headline: "It's *here*"
        factbox: {title: The deal, items: [One, Two]}
        ---
        "First" paragraph
        and its second line with *italics*.

        ## A subhead

        | Ward | Votes |
        |---|--:|
        | Eastbank | 1,204 |
        """)
    printed = [(item.field, item.text, item.line) for item in result.printed]
    assert ("headline", "It\u2019s here", 2) in printed
    assert ("factbox_title", "The deal", 3) in printed and ("factbox_items", "Two", 3) in printed
    assert ("drop_cap", "\u201cF", 5) in printed
    assert ("emphasis", "italics", 6) in printed and ("subhead", "A subhead", 8) in printed
    assert ("table", "Eastbank", 12) in printed and ("table", "Votes", 10) in printed
    assert result.extras == (("tables", 10),)


def test_placeholders_and_footnotes_are_refused_at_their_lines(mini_issue):
    with pytest.raises(InputError) as caught:
        article(mini_issue, """
            ---
            headline: Test
            byline: BYLINE NEEDED
            ---
            A claim.[^1]

            [^1]: A source.
            """)
    assert [(problem.line, problem.message.split(":")[0]) for problem in caught.value.problems] == [
        (3, "'BYLINE NEEDED' in the byline is a placeholder Pressroom wrote on import"),
        (5, "a footnote ([^1]) is not printed as one"), (7, "a footnote ([^1]) is not printed as one")]


def test_a_sideways_picture_has_its_upright_size(mini_issue):
    from PIL import Image
    exif = Image.Exif()
    exif[0x0112] = 8  # on its side: turn 90 degrees anticlockwise to view
    Image.new("RGB", (300, 200)).save(mini_issue / "images" / "side.jpg", exif=exif.tobytes())
    result = article(mini_issue, """
        ---
        headline: Test
        images:
          - {src: images/side.jpg, caption: A caption., credit: Someone, columns: 2}
        ---
        Body.
        """)
    assert (result.pictures[0].width_px, result.pictures[0].height_px) == (200, 300)
