"""Copyfit: OVER and UNDER figures an editor can act on, checked by cutting and adding copy."""

from __future__ import annotations

import json
import math
import re

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from pressroom.build import copyfit, load_issue
from pressroom.cli import main
from pressroom.fit import FIT, OVER, UNDER

from conftest import SENTENCES, paragraphs, passed, run_pressroom, write_article

MORE_COPY = paragraphs(60, seed=4).split(" ")
EVEN_MORE_COPY = paragraphs(150, seed=4).split(" ")

# The mini issue with eight pages: a feature allotted pages 4-5, a group of two pages.
TWO_PAGE_PLAN = """\
title: The Test Ledger
issue_number: 1
date: 2026-12-01
price: "£1"
language: en-GB
layout: tabloid
pages: 8
sections:
  - name: Front
    page_type: front
    pages: 1
    articles:
      - {slug: lead, pages: 1}
  - name: News
    page_type: news
    pages: 2-3
    articles:
      - {slug: one, pages: 2}
      - {slug: two, pages: 2}
      - {slug: three, pages: 3}
  - name: Feature
    page_type: feature
    pages: 4-5
    articles:
      - {slug: feature, pages: 4-5}
  - name: More news
    page_type: news
    pages: 6-7
    articles:
      - {slug: six, pages: 6}
      - {slug: seven, pages: 7}
  - name: Back page
    page_type: back
    pages: 8
    articles:
      - {slug: back, pages: 8}
"""


def fit_of(issue, slug="two"):
    return {fit.slug: fit for fit in copyfit(load_issue(issue))}[slug]


def set_body(issue, body):
    write_article(issue, "two", body)


@pytest.fixture
def long_body():
    return paragraphs(30, seed=3)


def test_too_long_story_is_over_and_cutting_the_words_over_makes_it_fit(mini_issue, long_body):
    set_body(mini_issue, long_body)
    over = fit_of(mini_issue)
    assert over.status == OVER and over.lines_over > 0 and over.words_over > 0
    assert over.fill_percent > 100
    words = long_body.split(" ")
    set_body(mini_issue, " ".join(words[:len(words) - over.words_over]))
    assert fit_of(mini_issue).status == FIT
    # The figure is not padded: cutting 15% fewer words leaves the story over.
    set_body(mini_issue, " ".join(words[:len(words) - int(over.words_over * 0.85)]))
    assert fit_of(mini_issue).status == OVER


def test_too_short_story_is_under_and_adding_the_words_under_makes_it_fit(mini_issue):
    body = paragraphs(16, seed=3)
    set_body(mini_issue, body)
    under = fit_of(mini_issue)
    assert under.status == UNDER and under.words_under > 0 and under.fill_percent < 100
    set_body(mini_issue, body + "\n\n" + " ".join(MORE_COPY[:under.words_under]))
    assert fit_of(mini_issue).status == FIT


def test_fit_command_table_json_and_exit_code(mini_issue, long_body):
    runner = CliRunner()
    result = runner.invoke(main, ["fit", str(mini_issue)])
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output, "no colour codes when not on a terminal"
    set_body(mini_issue, long_body)
    result = runner.invoke(main, ["fit", str(mini_issue), "--json"])
    assert result.exit_code == 1
    figures = {item["slug"]: item for item in json.loads(result.output)}
    assert figures["two"]["status"] == OVER and figures["two"]["words_over"] > 0
    assert set(figures) == {"lead", "one", "two", "three", "back"}


def test_fit_table_is_coloured_on_a_terminal(mini_issue):
    result = CliRunner().invoke(main, ["fit", str(mini_issue)], color=True)
    assert "\x1b[32m" in result.output or "\x1b[34m" in result.output


def test_autofit_tightens_a_story_a_few_lines_over_reproducibly(mini_issue, long_body, tmp_path):
    words = long_body.split(" ")
    set_body(mini_issue, " ".join(words[:len(words) - 80]))
    over = fit_of(mini_issue)
    assert over.status == OVER and over.lines_over <= 5, "a story a few lines over"
    runner = CliRunner()
    plain = runner.invoke(main, ["build", str(mini_issue), "--out", str(tmp_path / "plain")])
    assert plain.exit_code == 1 and not (tmp_path / "plain" / "mini-2026-12.pdf").exists()
    first = runner.invoke(main, ["build", str(mini_issue), "--autofit", "--out", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    assert "autofit: two: tracking" in first.output
    record = json.loads((tmp_path / "a" / "build.json").read_text())
    change = record["autofit"]["two"]
    assert -1.0 <= change["tracking_percent"] <= 0 and -0.25 <= change["leading_pt"] <= 0
    assert change["tracking_percent"] or change["leading_pt"]
    second = runner.invoke(main, ["build", str(mini_issue), "--autofit", "--out", str(tmp_path / "b")])
    assert second.exit_code == 0
    assert (tmp_path / "a" / "mini-2026-12.pdf").read_bytes() == \
        (tmp_path / "b" / "mini-2026-12.pdf").read_bytes()


def test_autofit_that_cannot_fit_says_what_it_tried_and_what_is_still_over(mini_issue, tmp_path):
    body = paragraphs(40, seed=3)
    set_body(mini_issue, body)
    result = run_pressroom("build", mini_issue, "--autofit", "--out", tmp_path / "a", "--quiet")
    assert result.returncode == 1 and not (tmp_path / "a" / "mini-2026-12.pdf").exists()
    row = next(line for line in result.stdout.splitlines() if line.startswith("two "))
    assert "OVER" in row  # never past its limits: still over
    report = next(line for line in result.stdout.splitlines() if line.startswith("autofit: two:"))
    assert re.search(r"still over after trying \d+ adjustments within the layout's limits \(tracking "
                     r"to -1%, leading to -0.25 pt, then without the pull quote\)", report), report
    tightest = re.search(r"even at the tightest \(tracking -1%, leading -0.25 pt, pull quote dropped\) "
                         r"it is ([\d,]+) lines over: cut at least ([\d,]+) words", report)
    assert tightest, report
    lines_at_tightest, words_at_tightest = (int(value.replace(",", "")) for value in tightest.groups())
    over = re.search(r"cut ([\d,]+) words \(or the last ([\d,]+) lines\) to fit as set", report)
    assert over and 0 < lines_at_tightest < int(over.group(2)), report
    # The figure is what it says: cut that much, and auto-fit fits the story.
    words = body.split(" ")
    set_body(mini_issue, " ".join(words[:len(words) - words_at_tightest]))
    fitted = run_pressroom("build", mini_issue, "--autofit", "--out", tmp_path / "b", "--quiet")
    assert fitted.returncode == 0, fitted.stdout + fitted.stderr
    assert "autofit: two: tracking -" in fitted.stdout


def test_autofit_order_is_least_change_first_and_pull_quote_last():
    from pressroom.autofit import candidates
    from pressroom.layout import AutofitLimits, Limit
    limits = AutofitLimits(tracking_percent=Limit(min=-1, max=1, step=0.5),
                           leading_pt=Limit(min=-0.2, max=0.2, step=0.1), drop_pullquote=True)
    order = candidates(limits)
    assert (order[0].tracking_percent, order[0].leading_pt) == (-0.5, 0)
    assert all(-1 <= c.tracking_percent <= 0 and -0.2 <= c.leading_pt <= 0 for c in order)
    first_drop = next(i for i, c in enumerate(order) if c.drop_pullquote)
    assert not any(c.drop_pullquote for c in order[:first_drop])
    assert all(c.drop_pullquote for c in order[first_drop:])
    assert len({(c.tracking_percent, c.leading_pt, c.drop_pullquote) for c in order}) == len(order)


def table_statuses(output: str) -> dict[str, str]:
    """Each story's status in a copyfit table printed by ``fit`` or ``build``."""
    return {match.group(1): match.group(2) for match in
            re.finditer(r"^([a-z][a-z0-9-]*) +[\d-]+  (OVER|UNDER|FIT)\b", output, re.MULTILINE)}


def fit_json(issue) -> tuple[int, dict[str, dict]]:
    result = run_pressroom("fit", issue, "--json")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, {item["slug"]: item for item in json.loads(result.stdout)}


def two_page_issue(issue, feature_body):
    (issue / "issue.yaml").write_text(TWO_PAGE_PLAN, encoding="utf-8")
    for slug, seed in (("six", 1), ("seven", 2)):
        write_article(issue, slug, paragraphs(20, seed=seed))
    write_article(issue, "feature", feature_body, byline="Ada Feature")


def test_a_two_page_story_that_stops_short_keeps_both_pages_and_is_under_by_the_true_figure(mini_issue, tmp_path):
    body = paragraphs(20, seed=6)
    two_page_issue(mini_issue, body)
    code, fits = fit_json(mini_issue)
    feature = fits["feature"]
    assert code == 1 and feature["status"] == UNDER and feature["empty_pages"] == [5]
    page4, page5 = feature["under_by_page"]
    assert (page4["page"], page5["page"]) == (4, 5)
    assert page5["lines"] > 2 * page4["lines"]  # a whole page of five columns, not page 4's foot alone
    assert feature["lines_under"] == page4["lines"] + page5["lines"]
    assert feature["words_under"] == page4["words"] + page5["words"]
    table = run_pressroom("fit", mini_issue).stdout
    row = next(line for line in table.splitlines() if line.startswith("feature "))
    assert f"p4 {page4['lines']} lines" in row and "page 5 left empty" in row

    # build agrees with fit: the same statuses, the same exit code, and no page dropped.
    refused = run_pressroom("build", mini_issue, "--out", tmp_path / "out", "--quiet")
    assert refused.returncode == code == 1
    assert "a planned page left empty: no print PDF written" in refused.stderr
    assert not (tmp_path / "out" / "mini-2026-12.pdf").exists()
    assert table_statuses(refused.stdout) == {slug: fit["status"] for slug, fit in fits.items()}
    proof = run_pressroom("build", mini_issue, "--out", tmp_path / "out", "--quiet", "--allow-overset")
    assert proof.returncode == 1 and "took 1 page(s)" not in proof.stderr
    assert "check failed: [copyfit] 'feature' does not reach the end of its pages 4-5" in proof.stderr
    reader = PdfReader(tmp_path / "out" / "mini-2026-12.proof.pdf")
    assert len(reader.pages) == 8
    blank = reader.pages[4].extract_text()  # page 5: its running head and folio, no copy
    assert "FEATURE" in blank.upper() and "5" in blank and "Residents" not in blank
    record = json.loads((tmp_path / "out" / "build.json").read_text())
    assert {fit["slug"]: fit["status"] for fit in record["copyfit"]} == \
        {slug: fit["status"] for slug, fit in fits.items()}

    # Page 4's figure alone, what fit used to ask for, leaves page 5 empty: still refused.
    write_article(mini_issue, "feature", body + "\n\n" + " ".join(EVEN_MORE_COPY[:page4["words"]]),
                  byline="Ada Feature")
    code, fits = fit_json(mini_issue)
    assert code == 1 and fits["feature"]["status"] == UNDER and fits["feature"]["empty_pages"] == [5]
    assert run_pressroom("build", mini_issue, "--out", tmp_path / "out", "--quiet").returncode == 1
    # The whole figure fills both pages: FIT, exit 0 from fit and build, eight pages printed.
    write_article(mini_issue, "feature", body + "\n\n" + " ".join(EVEN_MORE_COPY[:feature["words_under"]]),
                  byline="Ada Feature")
    code, fits = fit_json(mini_issue)
    assert code == 0 and fits["feature"]["status"] == FIT, fits["feature"]
    built = run_pressroom("build", mini_issue, "--out", tmp_path / "out", "--quiet")
    passed(built)
    assert len(PdfReader(tmp_path / "out" / "mini-2026-12.pdf").pages) == 8
    record = json.loads((tmp_path / "out" / "build.json").read_text())
    assert {fit["slug"]: fit["status"] for fit in record["copyfit"]} == \
        {slug: fit["status"] for slug, fit in fits.items()}


def test_fit_and_build_agree_on_every_story_fitting_or_overset(mini_issue, tmp_path):
    code, fits = fit_json(mini_issue)
    built = run_pressroom("build", mini_issue, "--out", tmp_path / "fits", "--quiet")
    assert code == built.returncode == 0, built.stderr
    record = json.loads((tmp_path / "fits" / "build.json").read_text())
    assert {fit["slug"]: fit["status"] for fit in record["copyfit"]} == \
        {slug: fit["status"] for slug, fit in fits.items()}
    set_body(mini_issue, paragraphs(40, seed=3))
    code, fits = fit_json(mini_issue)
    refused = run_pressroom("build", mini_issue, "--out", tmp_path / "over", "--quiet")
    assert code == refused.returncode == 1 and fits["two"]["status"] == OVER
    assert table_statuses(refused.stdout) == {slug: fit["status"] for slug, fit in fits.items()}


def test_fit_rows_read_at_a_glance_and_the_help_explains_the_figures(mini_issue):
    set_body(mini_issue, paragraphs(16, seed=3))
    table = passed(run_pressroom("fit", mini_issue))
    rows = {line.split()[0]: line for line in table.splitlines()[2:-1]}
    fit_rows = [row for row in rows.values() if "  FIT " in row]
    assert fit_rows
    for row in fit_rows:  # no figures to misread as under-filled: nothing to do
        columns = row.split("FIT", 1)[1]
        assert "fits" in columns and not re.search(r"-\d|\d%", columns), row
    assert re.search(r"UNDER +-\d+ +-\d+ +\d+\.\d%  fill \d+ lines, about [\d,]+ words", rows["two"])
    helped = " ".join(passed(run_pressroom("fit", "--help")).split())
    for words in ("OVER", "UNDER", "FIT", "column lines", "room for N more lines",
                  "cutting that many words from the end of the story, or its last N lines, is enough",
                  "Exit 1 when a story is OVER or leaves a planned page empty"):
        assert words in helped, words
    build_help = " ".join(passed(run_pressroom("build", "--help")).split())
    assert "Exit 1: not ready for press" in build_help and "no print PDF is written" in build_help


def test_cut_n_words_or_the_last_m_lines_is_enough_when_followed_literally(mini_issue):
    """Many one-sentence paragraphs, then one long one: the last lines are fuller than the
    story's average, so the average's figure leaves a stub on a line of its own."""
    body = "\n\n".join(SENTENCES[i % 6] for i in range(110)) + "\n\n" + \
        " ".join(SENTENCES[i % 6] for i in range(30))
    set_body(mini_issue, body)
    code, fits = fit_json(mini_issue)
    two = fits["two"]
    assert code == 1 and two["status"] == OVER
    row = next(line for line in run_pressroom("fit", mini_issue).stdout.splitlines() if line.startswith("two "))
    assert f"cut {two['words_over']:,} words (or the last {two['lines_over']:,} lines)" in row
    words = body.split(" ")
    set_body(mini_issue, " ".join(words[:len(words) - two["words_over"]]))
    assert fit_json(mini_issue)[1]["two"]["status"] == FIT
    # One word fewer leaves a one-word stub that still takes a line: over again.
    set_body(mini_issue, " ".join(words[:len(words) - two["words_over"] + 1]))
    assert fit_json(mini_issue)[1]["two"]["status"] == OVER
    # The old figure, lines over x average words per line, falls short the same way.
    average = len(body.split()) / (two["lines"] + two["lines_over"])
    old = math.ceil(two["lines_over"] * average)
    assert old < two["words_over"]
    set_body(mini_issue, " ".join(words[:len(words) - old]))
    assert fit_json(mini_issue)[1]["two"]["status"] == OVER
