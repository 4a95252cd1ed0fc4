"""Copyfit: OVER and UNDER figures an editor can act on, checked by cutting and adding copy."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pressroom.build import copyfit, load_issue
from pressroom.cli import main
from pressroom.fit import FIT, OVER, UNDER

from conftest import paragraphs, write_article

MORE_COPY = paragraphs(60, seed=4).split(" ")


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


def test_autofit_never_goes_past_its_limits(mini_issue, tmp_path):
    set_body(mini_issue, paragraphs(40, seed=3))
    result = CliRunner().invoke(main, ["build", str(mini_issue), "--autofit", "--out", str(tmp_path)])
    assert result.exit_code == 1
    row = next(line for line in result.output.splitlines() if line.startswith("two "))
    assert "OVER" in row
    assert "autofit:" not in result.output


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
