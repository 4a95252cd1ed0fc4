"""The paragraph composer (compose/paragraph.py): Knuth-Plass line breaking, pure Python.

Every character is 5 units wide and so is a space (it stretches by 2.5 and shrinks by 1),
so the lines' widths, ratios and demerits below can be worked out by hand; an exhaustive
search written here independently checks that the composer finds the cheapest breaks.
"""

from __future__ import annotations

import itertools
import math

import pytest

from pressroom.compose.paragraph import (Box, Glue, Penalty, FORCED_BREAK, adjustment, compose,
                                         english_dictionary, first_fit, hyphenation_points,
                                         items_for)

CHAR = 5.0
SPACE = 5.0
COUNCIL = "The council said the figures would be published in the spring."
RESIDENTS = "Residents in Eastbank told the Ledger they had waited three years for an answer."


def measure(text: str) -> float:
    return CHAR * len(text)


def items_of(text: str, hyphens: dict[str, list[int]] | None = None):
    hyphenate = (lambda word: hyphens.get(word, [])) if hyphens is not None else None
    return items_for(text.split(), SPACE, measure=measure, hyphenate=hyphenate)


def ratios(composition):
    return [round(line.ratio, 3) for line in composition.lines]


def hyphen_runs(composition) -> int:
    """The most hyphenated lines in a row."""
    longest = run = 0
    for line in composition.lines:
        run = run + 1 if line.hyphenated else 0
        longest = max(longest, run)
    return longest


# --- An independent reference: every way of breaking a short paragraph -------------------

def demerits_of(items, breaks, widths, *, tolerance=2.0, line_penalty=10, fitness_demerits=100,
                double_hyphen_demerits=3000, max_hyphens=2):
    """Total demerits of breaking ``items`` at ``breaks`` (None if a line is infeasible),
    straight from the definitions, line by line."""
    total = 0.0
    previous_class, previous_flagged, in_a_row, after = 1, False, 0, -1
    for number, end in enumerate(breaks):
        start = after + 1
        while start < end and not isinstance(items[start], Box):  # dropped after a break
            start += 1
        content = items[start:end]
        if not any(isinstance(item, Box) for item in content):
            return None
        natural = sum(item.width for item in content if not isinstance(item, Penalty))
        breaker = items[end]
        if isinstance(breaker, Penalty):
            natural += breaker.width
        stretch = sum(item.stretch for item in content if isinstance(item, Glue))
        shrink = sum(item.shrink for item in content if isinstance(item, Glue))
        width = widths[min(number, len(widths) - 1)]
        if natural < width:
            if math.isinf(stretch):  # the last line
                ratio = 0.0
            else:
                ratio = (width - natural) / stretch if stretch else math.inf
        elif natural > width:
            ratio = (width - natural) / shrink if shrink else -math.inf
        else:
            ratio = 0.0
        if ratio < -1 - 1e-9 or ratio > tolerance:
            return None
        flagged = isinstance(breaker, Penalty) and breaker.flagged
        in_a_row = in_a_row + 1 if flagged else 0
        if in_a_row > max_hyphens:
            return None
        line_class = 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1 else 3
        demerits = (line_penalty + 100 * abs(ratio) ** 3) ** 2
        if isinstance(breaker, Penalty) and breaker.cost > -10000:
            demerits += breaker.cost ** 2 if breaker.cost >= 0 else -breaker.cost ** 2
        if flagged and previous_flagged:
            demerits += double_hyphen_demerits
        if abs(line_class - previous_class) > 1:
            demerits += fitness_demerits
        total += demerits
        previous_class, previous_flagged, after = line_class, flagged, end
    return total


def cheapest_by_search(items, widths, **rules):
    """The fewest demerits over every subset of the legal breaks (the last one forced)."""
    last = len(items) - 1
    legal = [i for i in range(last)
             if (isinstance(items[i], Glue) and i > 0 and isinstance(items[i - 1], Box))
             or (isinstance(items[i], Penalty) and items[i].cost < 10000)]
    best = None
    for chosen in itertools.product((False, True), repeat=len(legal)):
        breaks = [i for i, take in zip(legal, chosen) if take] + [last]
        total = demerits_of(items, breaks, widths, **rules)
        if total is not None and (best is None or total < best):
            best = total
    return best


@pytest.mark.parametrize("text, widths, hyphens", [
    (COUNCIL, [150.0], None),
    (COUNCIL, [205.0], {"council": [4], "figures": [3], "published": [3]}),
    (RESIDENTS, [180.0], None),
    (RESIDENTS, [130.0, 130.0, 190.0], None),  # line widths that vary
    (RESIDENTS, [120.0, 140.0, 200.0], None),  # ... too short for the first pass
    ("A spokesperson for the operator said it was reviewing the report.", [130.0],
     {"spokesperson": [6, 9], "operator": [2, 4], "reviewing": [2, 6]}),
])
def test_total_fit_finds_the_cheapest_breaks(text, widths, hyphens):
    items = items_of(text, hyphens)
    composition = compose(items, widths)
    # The first pass keeps to the tolerance (ratio 2); the second, if needed, has no limit.
    tolerance = {1: 2.0, 2: math.inf}[composition.passes]
    best = cheapest_by_search(items, widths, tolerance=tolerance)
    assert best is not None
    found = demerits_of(items, composition.breaks, widths, tolerance=tolerance)
    assert found == pytest.approx(best)
    assert composition.total_demerits == pytest.approx(best)


def test_known_breaks_worked_by_hand():
    # 36 characters a line. "Residents in Eastbank told the Ledger" is 37 characters
    # (185 units) with five spaces that shrink by 1 each: exactly 180 at ratio -1.
    items = items_of(RESIDENTS)
    composition = compose(items, 180)
    assert composition.texts(items) == ["Residents in Eastbank told the Ledger",
                                        "they had waited three years for an", "answer."]
    first, second, last = composition.lines
    assert (first.natural_width, first.ratio) == (185.0, -1.0)
    assert second.natural_width == 170.0 and second.ratio == pytest.approx(10 / 15)
    assert (last.ratio, last.tracking) == (0.0, 0.0)  # the last line is not stretched
    # Demerits: (10 + 100)^2 + (10 + 100 * (2/3)^3)^2 + (10 + 0)^2, fitness tight-loose-decent
    # (two apart: +100 for the second line).
    expected = 110 ** 2 + (10 + 100 * (2 / 3) ** 3) ** 2 + 100 + 10 ** 2
    assert composition.total_demerits == pytest.approx(expected)
    assert [line.start for line in composition.lines] == [0, composition.breaks[0] + 1,
                                                          composition.breaks[1] + 1]


def test_total_fit_evens_out_what_first_fit_leaves_loose():
    items = items_of(RESIDENTS)
    greedy = first_fit(items, 180)
    assert greedy.texts(items) == ["Residents in Eastbank told the",
                                   "Ledger they had waited three years", "for an answer."]
    assert ratios(greedy)[0] == 3.0  # 30 units short with four spaces of 2.5 stretch
    best = compose(items, 180)
    assert max(ratios(best)) < 1.0 < max(ratios(greedy))


def test_spaces_shrink_to_80_percent_and_no_further():
    items = items_of(RESIDENTS)
    assert compose(items, 180).texts(items)[0] == "Residents in Eastbank told the Ledger"
    # One unit narrower, "Ledger" would need the spaces below 80%: it goes to the next line.
    narrower = compose(items, 179)
    assert narrower.texts(items)[0] == "Residents in Eastbank told the"
    for width in (100, 120, 150, 179, 180, 200, 260):
        for line in compose(items, width).lines:
            assert line.ratio >= -1.0
            assert not line.overfull
    # A line that cannot shrink enough is overfull, not squeezed further.
    aaa = items_of("aaaa aaaa aaaa")
    assert compose(aaa, 68).texts(aaa) == ["aaaa aaaa aaaa"]  # 70 - 2 x 1 = 68
    assert compose(aaa, 67).texts(aaa) == ["aaaa aaaa", "aaaa"]


def test_a_hyphen_where_it_saves_a_loose_line():
    hyphens = {"council": [4], "figures": [3], "published": [3]}
    plain = items_of(COUNCIL)
    without = compose(plain, 210)
    assert without.texts(plain) == ["The council said the figures would be",
                                    "published in the spring."]
    assert ratios(without)[0] == pytest.approx(1.667)
    hyphenated = items_of(COUNCIL, hyphens)
    with_hyphens = compose(hyphenated, 210)
    assert with_hyphens.texts(hyphenated) == ["The council said the figures would be pub-",
                                              "lished in the spring."]
    assert with_hyphens.lines[0].hyphenated and ratios(with_hyphens) == [0.0, 0.0]
    # Where no line would be loose, no hyphen (it costs the hyphen penalty).
    assert not any(line.hyphenated for line in compose(hyphenated, 185).lines)


def test_never_more_than_two_hyphenated_lines_in_a_row():
    words = " ".join(["abcdefghijkl"] * 8)
    items = items_for(words.split(), SPACE, measure=measure, hyphenate=lambda w: [3, 6, 9],
                      hyphen_penalty=0)  # hyphens made cheap
    unlimited = compose(items, 120, max_consecutive_hyphens=99, double_hyphen_demerits=0)
    assert hyphen_runs(unlimited) == 3
    limited = compose(items, 120, double_hyphen_demerits=0)
    assert hyphen_runs(limited) <= 2
    assert not any(line.overfull for line in limited.lines)
    # ... unless nothing else fits: a word that takes four lines.
    long_word = items_for(["a" * 32], SPACE, measure=measure,
                          hyphenate=lambda word: list(range(4, 32, 4)))
    fallback = compose(long_word, 50)
    assert fallback.texts(long_word) == ["aaaaaaaa-", "aaaaaaaa-", "aaaaaaaa-", "aaaaaaaa"]
    assert fallback.passes == 3 and not any(line.overfull for line in fallback.lines)


def test_line_widths_that_vary():
    items = items_of(RESIDENTS)
    # The first two lines beside a drop cap: 26 characters, then 38.
    composition = compose(items, [130.0, 130.0, 190.0])
    assert composition.texts(items) == ["Residents in Eastbank told", "the Ledger they had waited",
                                        "three years for an answer."]
    assert [line.width for line in composition.lines] == [130.0, 130.0, 190.0]
    assert ratios(composition) == [0.0, 0.0, 0.0]
    # The last width repeats.
    longer = items_of(f"{RESIDENTS} {COUNCIL}")
    widths = [line.width for line in compose(longer, [130.0, 130.0, 190.0]).lines]
    assert widths[:2] == [130.0, 130.0] and set(widths[2:]) == {190.0} and len(widths) > 3


def test_a_word_wider_than_the_line_gets_a_line_of_its_own():
    word = "x" * 40  # 200 units in a 100-unit line
    items = items_of(f"a {word} b c")
    composition = compose(items, 100)
    assert composition.texts(items) == ["a", word, "b c"]
    overfull = [line for line in composition.lines if line.overfull]
    assert len(overfull) == 1 and overfull[0].ratio == -1.0
    assert first_fit(items, 100).texts(items) == ["a", word, "b c"]
    alone = items_of(word)
    assert compose(alone, 100).texts(alone) == [word]
    mixed = items_of(f"{RESIDENTS} {word} {COUNCIL}")
    lines = compose(mixed, 150).texts(mixed)
    assert word in lines


def test_letters_share_the_adjustment_with_the_spaces():
    items = items_of(COUNCIL)
    # "The council said the figures would be": 31 letters, 6 spaces, 30 units short at 215.
    without = compose(items, 215)
    assert ratios(without) == [2.0, 0.0]
    limited = compose(items, 215, tracking=0.25)  # the letters give 7.75 at most
    first = limited.lines[0]
    assert first.tracking == 0.25 and first.ratio == pytest.approx((30 - 31 * 0.25) / 15)
    enough = compose(items, 215, tracking=1.0)  # with letters that give this much, no line is loose
    assert all(abs(line.ratio) <= 1 for line in enough.lines)
    assert enough.lines[-1].tracking == 0.0  # the last line is not stretched


@pytest.mark.parametrize("shortfall, expected", [
    (10.0, (10 / 37.5, 0.75 * 10 / 37.5)),  # spaces (15) and letters (30 x 0.75) in proportion
    (-4.0, (-4 / 28.5, -0.75 * 4 / 28.5)),  # shrinking alike: spaces 6, letters 22.5
    (30.0, (0.8, 0.6)),
    (45.0, ((45 - 30 * 0.75) / 15, 0.75)),  # letters at their limit, spaces the rest
    (-40.0, (-(40 - 22.5) / 6, -0.75)),  # too tight even so: overfull
])
def test_adjustment_splits_between_spaces_and_letters(shortfall, expected):
    ratio, tracking = adjustment(shortfall, stretch=15.0, shrink=6.0, fills=0, chars=30,
                                 tracking=0.75)
    assert (ratio, tracking) == pytest.approx(expected)


def test_tracking_stays_within_its_limit():
    text = f"{RESIDENTS} {COUNCIL} A spokesperson for the operator said it was reviewing it."
    items = items_of(text)
    signs = set()
    for width in (110, 150, 190, 230):
        for line in compose(items, width, tracking=0.3).lines:
            assert abs(line.tracking) <= 0.3 + 1e-12 and line.ratio >= -1
            # in proportion to the spaces up to +-1, at the limit beyond
            assert line.tracking == pytest.approx(0.3 * max(-1.0, min(1.0, line.ratio)))
            signs.add(math.copysign(1, line.tracking) if line.tracking else 0)
    assert signs == {-1, 0, 1}  # letters spaced out and squeezed, and lines left alone


def test_a_line_may_be_kept_from_ending_in_a_hyphen():
    """The last line of a column before a page turn: told not to end in a hyphen, the
    composer sets the paragraph another way (every word kept, in order)."""
    hyphens = {"Residents": [3], "Eastbank": [4], "answer.": [2], "council": [4], "figures": [3],
               "published": [3, 6], "waited": [4], "spring.": [3]}
    items = items_of(f"{RESIDENTS} {COUNCIL}", hyphens)
    free = compose(items, 130)
    assert [line.hyphenated for line in free.lines].index(True) == 3  # "The council said the fig-"
    kept = compose(items, 130, unhyphenated=frozenset({3}))
    assert not kept.lines[3].hyphenated and any(line.hyphenated for line in kept.lines)
    assert " ".join(kept.texts(items)).replace("- ", "") == " ".join(free.texts(items)).replace("- ", "")


def test_looseness_asks_for_another_line():
    text = f"{COUNCIL} {RESIDENTS}"
    items = items_of(text)
    assert len(compose(items, 240).lines) == 3
    assert len(compose(items, 240, looseness=1).lines) == 4


def test_items_for_a_paragraph():
    items = items_for(["well-known", "newspaper"], SPACE, measure=measure,
                      hyphenate=lambda word: {"well-known": [5], "newspaper": [4, 6]}[word])
    assert items[:3] == [Box(25.0, "well-"), Penalty(0.0, 50, True), Box(25.0, "known")]
    assert items[3] == Glue(5.0, 2.5, 1.0)
    assert items[4:9] == [Box(20.0, "news"), Penalty(5.0, 50, True), Box(10.0, "pa"),
                          Penalty(5.0, 50, True), Box(15.0, "per")]
    assert items[-3:] == [Penalty(0.0, math.inf), Glue(0.0, math.inf, 0.0),
                          Penalty(0.0, FORCED_BREAK)]
    with pytest.raises(ValueError):
        compose(items[:-1], 100)  # no forced break at the end


def test_hyphenation_points_refuses_what_should_not_break():
    dictionary = english_dictionary()
    for word in ("editor@ledger.example", "https://ledger.example/news", "www.ledger.example",
                 "and/or", "2026", "£4.2m", "A4", "covid19", "NATO", "COUNCIL", "Eastbank"):
        assert hyphenation_points(word, dictionary) == [], word
    expected = [p for p in dictionary.positions("Eastbank") if p >= 2 and len("Eastbank") - p >= 3]
    assert hyphenation_points("Eastbank", dictionary, capitalised=True) == expected


def test_hyphenation_points_as_pyphen_has_them():
    dictionary = english_dictionary()
    for word in ("newspaper", "photographers", "responsibility", "operator", "council"):
        expected = [p for p in dictionary.positions(word) if p >= 2 and len(word) - p >= 3]
        assert hyphenation_points(word, dictionary) == expected
    assert hyphenation_points("newspaper", dictionary)  # it does break
    points = hyphenation_points("newspaper", dictionary)
    assert hyphenation_points("(newspaper),", dictionary) == [p + 1 for p in points]
    assert all(len("operator") - p >= 3 for p in hyphenation_points("operator", dictionary))
    assert hyphenation_points("well-known", dictionary) == [5]  # only at its own hyphen
    assert hyphenation_points("re-examination", dictionary) == [3]
