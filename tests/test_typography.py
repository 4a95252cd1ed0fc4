"""The house typography policy (typography.py) as a table of what writers type and what the
paper prints, checked on both paths that use it: the importer's plain text and the build's
Markdown (a layout naming `typography: house-2026-12`). Layouts naming no policy keep
markdown-it's, as the signed-off issues were built with."""

from __future__ import annotations

import html
from pathlib import Path
from typing import get_args

import pytest

from pressroom.articles import markdown, read_article
from pressroom.build import load_issue
from pressroom.layout import LayoutConfig
from pressroom.typography import HOUSE, LEGACY, POLICIES, house

from conftest import (ROOT, dedent, make_mini_issue, make_project_with_layout_copy, refused, run_pressroom,
                      write_article)

NB = "\u00a0"  # non-breaking space

# (what the writer typed, what the paper prints)
CASES = [
    # Double and single quotes, and quotes inside quotes
    ('"It was a hard winter," said the skipper.', "\u201cIt was a hard winter,\u201d said the skipper."),
    ("She called it 'regrettable'.", "She called it \u2018regrettable\u2019."),
    ('"\'Forbidden\' was the word," she said.', "\u201c\u2018Forbidden\u2019 was the word,\u201d she said."),
    ('"\'Forbidden\'', "\u201c\u2018Forbidden\u2019"),
    ("'\"Yes\" is not an answer,' he wrote.", "\u2018\u201cYes\u201d is not an answer,\u2019 he wrote."),
    ('He said: "They told us \'wait\'."', "He said: \u201cThey told us \u2018wait\u2019.\u201d"),
    ('Tick "yes"/"no" on the form.', "Tick \u201cyes\u201d/\u201cno\u201d on the form."),
    ('("Not today")', "(\u201cNot today\u201d)"),
    ('["Sic"]', "[\u201cSic\u201d]"),
    ('The reply \u2013 "never" \u2013 came at once.', "The reply \u2013 \u201cnever\u201d \u2013 came at once."),
    ('He paused \u2014"enough."', "He paused \u2014\u201cenough.\u201d"),
    ('"Well," she said, "we\'ll see."', "\u201cWell,\u201d she said, \u201cwe\u2019ll see.\u201d"),
    ('"Ready?"', "\u201cReady?\u201d"),
    ('"Stop!" they shouted.', "\u201cStop!\u201d they shouted."),
    ("'50 per cent,' she said.", f"\u201850{NB}per cent,\u2019 she said."),
    ('"90 per cent of it"', f"\u201c90{NB}per cent of it\u201d"),
    # Apostrophes: in words, after plurals, and for missing letters at a word's start
    ("It's the harbour master's office.", "It\u2019s the harbour master\u2019s office."),
    ("The writers' room", "The writers\u2019 room"),
    ("Sean O'Brien", "Sean O\u2019Brien"),
    ("the '90s", "the \u201990s"),
    ("back in the '60s and '70s", "back in the \u201960s and \u201970s"),
    ("'tis the season", "\u2019tis the season"),
    ("'Tis true.", "\u2019Tis true."),
    ("'Twas ever thus.", "\u2019Twas ever thus."),
    ("rock 'n' roll", "rock \u2019n\u2019 roll"),
    ("fish 'n' chips", "fish \u2019n\u2019 chips"),
    ("let 'em in", "let \u2019em in"),
    ("the summer of '76, when the reservoir dried up", "the summer of \u201976, when the reservoir dried up"),
    ("the class of '26 met again", "the class of \u201926 met again"),
    ('"\'Tis done," she said.', "\u201c\u2019Tis done,\u201d she said."),
    ("'Emma' is on at the Lyric.", "\u2018Emma\u2019 is on at the Lyric."),
    ("I'd've gone", "I\u2019d\u2019ve gone"),
    # Dashes
    ("The wall -- all 120 yards of it -- moved.", "The wall \u2013 all 120 yards of it \u2013 moved."),
    ("The wall - all of it - moved.", "The wall \u2013 all of it \u2013 moved."),
    ("A ruling---at last.", "A ruling\u2014at last."),
    ("A ruling --- at last.", "A ruling \u2014 at last."),
    ("2019--2026", "2019\u20132026"),
    ("a well-known face", "a well-known face"),
    ("a 24-hour strike", "a 24-hour strike"),
    ("five-a-side", "five-a-side"),
    ("Covid-19 rules", "Covid-19 rules"),
    ("the M6-M1 link", "the M6-M1 link"),
    # Number ranges take an en dash
    ("It will take 10-12 weeks.", "It will take 10\u201312 weeks."),
    ("on 3-4 June", "on 3\u20134 June"),
    ("the 1914-18 war", "the 1914\u201318 war"),
    ("fees rose 2019-2026", "fees rose 2019\u20132026"),
    ("the 2025-26 season", "the 2025\u201326 season"),
    ("a 4-1 win at Wharf Street", "a 4\u20131 win at Wharf Street"),
    ("a 0-0 draw", "a 0\u20130 draw"),
    ("open 10am-6pm daily", "open 10am\u20136pm daily"),
    ("from 10.30-11.30", "from 10.30\u201311.30"),
    ("a bill of \u00a32m-\u00a33m", "a bill of \u00a32m\u2013\u00a33m"),
    ("between 1,000-2,000 homes", "between 1,000\u20132,000 homes"),
    ("a rise of 5%-7%", "a rise of 5%\u20137%"),
    ("the 1960s-70s", "the 1960s\u201370s"),
    ("for 10-12-year-olds", "for 10\u201312-year-olds"),
    ("pages 4-5.", "pages 4\u20135."),
    # Dates and phone numbers keep their hyphens
    ("on 2026-12-01", "on 2026-12-01"),
    ("due 01-12-2026", "due 01-12-2026"),
    ("call 0161-496-0000 today", "call 0161-496-0000 today"),
    ("ring 01632-960000", "ring 01632-960000"),
    ("on +44-7700900123", "on +44-7700900123"),
    ("ref 2026-12-01T09:30", "ref 2026-12-01T09:30"),
    # Ellipses
    ("Wait... what?", "Wait\u2026 what?"),
    ("And then . . . nothing.", "And then \u2026 nothing."),
    ("It ended....", "It ended\u2026."),
    ("See p. 2.", "See p. 2."),
    # Non-breaking spaces between a number and its unit, not before "in" as a word
    ("the 120 m wall", f"the 120{NB}m wall"),
    ("5 km away", f"5{NB}km away"),
    ("40 per cent", f"40{NB}per cent"),
    ("at 30 mph", f"at 30{NB}mph"),
    ("a 2 kg bag", f"a 2{NB}kg bag"),
    ("it reached 31 \u00b0C", f"it reached 31{NB}\u00b0C"),
    ("a 12 in.", f"a 12{NB}in."),
    ("2019 in May", "2019 in May"),
    ("They scored 3 in the first half.", "They scored 3 in the first half."),
    ("5 miles", "5 miles"),
    ("5 metres", "5 metres"),
    ("2 million", "2 million"),
    # Already typeset: left as it is
    ("\u201cIt\u2019s 5\u20136\u00a0km\u201d \u2013 honestly\u2026", "\u201cIt\u2019s 5\u20136\u00a0km\u201d \u2013 honestly\u2026"),
    ("Plain words stay plain.", "Plain words stay plain."),
]


def test_the_table_is_long_enough_and_each_case_once():
    assert len(CASES) >= 60
    assert len({typed for typed, _ in CASES}) == len(CASES)


@pytest.mark.parametrize("typed, printed", CASES)
def test_house_typography(typed, printed):
    assert house(typed) == printed
    assert house(printed) == printed  # a second pass changes nothing (imported text is built again)


@pytest.mark.parametrize("typed, printed", CASES)
def test_the_markdown_path_prints_the_same(typed, printed):
    """An article's Markdown under a layout naming the house policy: the same as the table."""
    assert html.unescape(markdown(HOUSE).renderInline(typed)) == printed


@pytest.mark.parametrize("typed, printed", [
    ('"*Forbidden*"', "\u201c<em>Forbidden</em>\u201d"),
    ("*'90s* pop", "<em>\u201990s</em> pop"),
    ('**"Yes,"** she said', "<strong>\u201cYes,\u201d</strong> she said"),
    ('"See `a-1`," he said', "\u201cSee <code>a-1</code>,\u201d he said"),
    ("3-4 June\nand 5-6 July", "3\u20134 June\nand 5\u20136 July"),
    ('a "[link](https://example.org)" here', "a \u201clink\u201d here"),
    ('the \\"raw\\" quotes', "the &quot;raw&quot; quotes"),
])
def test_quotes_pair_across_markdown_and_leave_code_and_escapes_alone(typed, printed):
    assert markdown(HOUSE).renderInline(typed) == printed


@pytest.mark.parametrize("typed, printed", [
    ("on 3-4 June", "on 3-4 June"),
    ("the 1914-18 war", "the 1914-18 war"),
    ("a 4-1 win", "a 4-1 win"),
    ("2019--2026", "2019\u20132026"),
    ("the '90s", "the '90s"),  # an unpaired quote is left straight
    ("2019 in May", "2019 in May"),
])
def test_the_legacy_policy_is_markdown_its_own(typed, printed):
    """What layouts naming no policy get (the signed-off ones): markdown-it's typographer,
    unchanged, so their issues rebuild byte for byte."""
    assert markdown(LEGACY).renderInline(typed) == printed
    assert markdown().renderInline(typed) == printed


def test_the_layout_key_names_the_known_policies():
    assert set(get_args(LayoutConfig.model_fields["typography"].annotation)) == set(POLICIES)
    assert LayoutConfig.model_fields["typography"].default == LEGACY
    with pytest.raises(ValueError):
        markdown("house-1999-01")


def test_every_paragraph_of_the_sample_issues_typesets_once_and_for_all():
    """The house policy over real copy: no straight quote left, and a second pass changes
    nothing."""
    for article in sorted((ROOT / "issues").glob("*/articles/*.md")):
        body = article.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        for paragraph in filter(None, (part.strip() for part in body.split("\n\n"))):
            typeset = house(paragraph)
            assert "'" not in typeset and '"' not in typeset, (article.name, typeset)
            assert house(typeset) == typeset


def layout_project(tmp_path: Path, typography: str | None) -> Path:
    """A project whose tabloid layout is a copy, with ``typography: VALUE`` (or no key)."""
    project = make_project_with_layout_copy(tmp_path / "project")
    config = project / "layouts" / "tabloid" / "layout.yaml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("typography:")]
    if typography is not None:
        lines.append(f"typography: {typography}")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project


@pytest.mark.parametrize("typography, printed", [
    ("house-2026-12", "<p><span class=\"initial\">\u201cT</span>he 1914\u201318 names,\u201d she said, "
                      "\u201cgo on 3\u20134 June.\u201d</p>"),
    (None, "<p><span class=\"initial\">\u201cT</span>he 1914-18 names,\u201d she said, "
           "\u201cgo on 3-4 June.\u201d</p>"),
])
def test_the_build_typesets_articles_by_the_layouts_policy(tmp_path, typography, printed):
    project = layout_project(tmp_path, typography)
    issue = make_mini_issue(project)
    write_article(issue, "two", '"The 1914-18 names," she said, "go on 3-4 June."')
    assert load_issue(issue).articles["two"].blocks[0].strip() == printed


def test_the_current_design_names_the_house_policy_and_the_signed_off_ones_none():
    assert "\ntypography: house-2026-12\n" in (ROOT / "layouts" / "tabloid" / "layout.yaml").read_text()
    for pinned in ("tabloid@2026-11", "tabloid@2026-12"):
        assert "typography" not in (ROOT / "layouts" / pinned / "layout.yaml").read_text()


def test_an_unknown_policy_is_refused_at_its_line(tmp_path):
    project = layout_project(tmp_path, "house-1999-01")
    issue = make_mini_issue(project)
    lines = (project / "layouts" / "tabloid" / "layout.yaml").read_text(encoding="utf-8").splitlines()
    result = run_pressroom("build", issue, "--out", tmp_path / "out", cwd=project)
    refused(result, f"layout.yaml:{len(lines)}", "typography", "house-2026-12")
    assert not (tmp_path / "out").exists()


def test_a_front_matter_string_takes_the_same_policy(mini_issue):
    (mini_issue / "articles" / "two.md").write_text(dedent("""
        ---
        headline: "Ferry runs 3-4 June in the '90s style"
        standfirst: "Call 0161-496-0000 by 2019 in May"
        ---
        Text.
        """), encoding="utf-8")
    article = read_article(mini_issue, "two", HOUSE)
    assert str(article.headline) == "Ferry runs 3\u20134 June in the \u201990s style"
    assert str(article.standfirst) == "Call 0161-496-0000 by 2019 in May"
    assert str(read_article(mini_issue, "two").headline) == "Ferry runs 3-4 June in the '90s style"
