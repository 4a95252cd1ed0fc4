"""benchmarks/typography.py measures what it says: small PDFs set by WeasyPrint with the
project's EB Garamond, where the word spaces, the loose lines and the hyphenations are known."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "fonts"
SOFT = "\u00ad"


def load_benchmark():
    """benchmarks/typography.py as a module (benchmarks/ is no package)."""
    name = "typography_benchmark"
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "typography.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


typography = load_benchmark()

STYLESHEET = f"""
@font-face {{ font-family: "EB Garamond"; src: url("{(FONTS / 'EBGaramond12-Regular.otf').as_uri()}"); }}
@font-face {{ font-family: "EB Garamond"; font-style: italic;
              src: url("{(FONTS / 'EBGaramond12-Italic.otf').as_uri()}"); }}
@page {{ size: 150mm 200mm; margin: 10mm; }}
body {{ font-family: "EB Garamond"; font-size: 9.6pt; line-height: 11.6pt; margin: 0; }}
p {{ margin: 0 0 11.6pt 0; }}
.column {{ width: 32mm; text-align: justify; }}
.ragged {{ width: 32mm; text-align: left; }}
/* One line, as wide as its words: it reaches both edges of its box, set with known spaces. */
.fitted {{ width: max-content; white-space: nowrap; margin: 0; }}
"""

# "of" and "staff" end in glyphs whose ink overhangs their advance (f, an ff ligature), and
# "Ledger" is italic: the measure must still see natural spaces as natural.
FITTED_LINE = "The chief of staff said the <i>Ledger</i> would publish the figures"
RAGGED = ("The council said the figures would be published in the spring. Residents in Eastbank "
          "told the Ledger they had waited three years for an answer.")
LONG_WORDS = ("The internationalisation of telecommunications responsibilities was, notwithstanding "
              "extraordinarily counterproductive misunderstandings, straightforwardly uncontroversial.")
CITY = SOFT.join(["Con", "stan", "ti", "no", "ple"])
PROPER_NOUNS = (f"The ship sailed from Venice to {CITY} and on from {CITY} to the sea, then back to "
                f"{CITY} again, for the fleet kept to {CITY} all winter.")


def render(tmp_path: Path, name: str, body: str) -> Path:
    from weasyprint import HTML

    pdf = tmp_path / f"{name}.pdf"
    HTML(string=f"<html><head><style>{STYLESHEET}</style></head><body>{body}</body></html>").write_pdf(pdf)
    return pdf


def fitted_lines(word_spacing: str, copies: int = 3) -> str:
    """The same line set ``copies`` times one under another, so that its edges make a column."""
    return "".join(f'<p class="fitted" style="word-spacing: {word_spacing}">{FITTED_LINE}</p>'
                   for _ in range(copies))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("typography")
    return {
        "natural": render(folder, "natural", fitted_lines("normal")),
        "spaced": render(folder, "spaced", fitted_lines("0.2em")),
        "wide": render(folder, "wide", fitted_lines("0.5em")),
        "ragged": render(folder, "ragged", f'<p class="ragged">{RAGGED} {RAGGED}</p>'),
        "long_words": render(folder, "long_words",
                             f'<p class="column" style="hyphens: none">{LONG_WORDS}</p>'),
        "proper_nouns": render(folder, "proper_nouns",
                               f'<p class="column" style="hyphens: manual">{PROPER_NOUNS}</p>'),
    }


def test_the_natural_space_is_garamonds_space_at_body_size():
    assert typography.natural_word_space() == pytest.approx(0.2 * 9.6)


@pytest.mark.parametrize("name, expected", [
    ("natural", 1.0),
    ("spaced", 2.0),  # natural 0.2 em, plus 0.2 em of word-spacing
    ("wide", 3.5),  # plus 0.5 em
])
def test_a_line_set_with_known_word_spacing_measures_as_set(pdfs, name, expected):
    figures = typography.measure(pdfs[name])
    assert figures["body_lines"]["total"] == 3
    assert figures["spacing"]["count"] == 3
    assert figures["spacing"]["median_ratio"] == pytest.approx(expected, rel=0.05)
    assert figures["spacing"]["worst"]["ratio"] == pytest.approx(expected, rel=0.05)
    # every line above 3x is listed for the editor, with its page and text
    above = figures["spacing"]["above_3_0"]
    assert len(above) == figures["spacing"]["lines_above_3_0"] == (3 if expected > 3 else 0)
    assert all(line["page"] == 1 and line["ratio"] > 3 and line["text"] for line in above)


def test_ragged_lines_are_not_taken_for_justified_ones(pdfs):
    figures = typography.measure(pdfs["ragged"])
    assert figures["body_lines"]["total"] >= 8
    assert figures["body_lines"]["justified"] <= 1


def test_long_words_in_a_narrow_justified_column_make_loose_lines(pdfs):
    figures = typography.measure(pdfs["long_words"])
    spacing = figures["spacing"]
    assert spacing["count"] >= 2
    assert spacing["share_above_1_5"] > 0
    assert spacing["worst"]["ratio"] > 2.0
    assert figures["hyphenation"]["hyphenated"] == 0


def test_a_hyphenated_proper_noun_is_suspicious(pdfs):
    figures = typography.measure(pdfs["proper_nouns"])
    hyphenation = figures["hyphenation"]
    assert hyphenation["hyphenated"] >= 1
    assert hyphenation["suspicious"]
    for entry in hyphenation["suspicious"]:
        assert entry["reasons"] == ["capitalised"]
        assert entry["word"].replace("-", "").rstrip(".,") == "Constantinople"
    assert len(hyphenation["suspicious"]) == hyphenation["hyphenated"]


def test_pages_can_be_chosen():
    assert typography.parse_pages("2-4,7") == [2, 3, 4, 7]
