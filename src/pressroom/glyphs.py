"""Glyph coverage: every character that is printed must be in the font that sets it.

Which font sets which field comes from the layout: ``field_fonts`` in layout.yaml (validated
by ``layout.LayoutConfig``) maps each text field (``articles.TEXT_FIELDS``: headline, kicker,
standfirst, byline, role, caption, credit, pull quote, fact box, body, italic body text,
subheads, item headings, tables, drop cap, title, tagline, price, section names, teasers) to
the family its stylesheet gives it, or to several when it may be set in any of them. A layout
that does not declare it (the pinned ones) has every field checked against every family of its
font list. A family has a character when one of its faces in the layout's font list has it in
its cmap (fontTools ``getBestCmap``).

The check runs before layout (exit 2, bad input), on the text as it is printed (typography
applied, markup gone): a character no font of the field's families has is refused, naming the
file, the line, the character (U+ code and Unicode name) and the families that lack it. Without
it WeasyPrint draws nothing (CJK or emoji: no house font has them), or Pango takes the glyph
from another font in fonts/ without a word (Greek in League Spartan from Lato). A substitution
the layout allows (``allowed_fallbacks``: a family, its fallback among the layout's fonts and
the characters it may set) passes. Left out on purpose, because they print no glyph of their
own: spaces (HarfBuzz makes any width of space from the font's space), control and format
characters (soft hyphen, zero-width space and joiners, word joiner, direction marks, byte-order
mark) and variation selectors. A soft hyphen prints a hyphen (U+2010) where the line breaks at
it, so that hyphen must be in the font. After rendering, ``checks.check_fonts`` fails a line set
in two families (one stood in for the other).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from fontTools.ttLib import TTFont

from .articles import FIELD_LABELS, Printed
from .errors import Problem

if TYPE_CHECKING:
    from .layout import Layout

HYPHEN = "\u2010"       # what WeasyPrint prints where a line breaks at a soft hyphen
SOFT_HYPHEN = "\u00ad"
HYPHENS = {HYPHEN, "\u2011"}  # and the non-breaking hyphen
OGHAM_SPACE = "\u1680"  # a space separator with a visible glyph
SHOWN = 6               # characters named in one message; the rest are counted


def prints_a_glyph(character: str) -> bool:
    """Whether a character is drawn with a glyph of its own (see the module's docstring)."""
    category = unicodedata.category(character)
    if category in ("Cc", "Cf", "Zl", "Zp") or (category == "Zs" and character != OGHAM_SPACE):
        return False
    code = ord(character)
    return not (0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)  # variation selectors


@lru_cache(maxsize=64)
def _cmap(path: str, size: int, mtime_ns: int) -> frozenset[int]:
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def cmap(path: Path) -> frozenset[int]:
    """The code points a font file maps to glyphs (remembered while the file is unchanged)."""
    status = path.stat()
    return _cmap(str(path), status.st_size, status.st_mtime_ns)


def family_coverage(layout: Layout) -> dict[str, frozenset[int]]:
    """The code points each family of the layout has (any of its faces)."""
    return {family: frozenset().union(*(cmap(path) for path in files))
            for family, files in layout.families().items()}


def house_coverage(layout: Layout) -> dict[str, frozenset[int]]:
    """Every font of fonts/ (all of them can stand in for a glyph), by the layout's family
    name, or by file name for a font the layout does not list."""
    fonts = dict(family_coverage(layout))
    listed = {path.resolve() for files in layout.families().values() for path in files}
    for path in sorted(layout.fonts_dir.glob("*.[ot]tf")):
        if path.resolve() not in listed:
            fonts[path.name] = cmap(path)
    return fonts


def describe(character: str) -> str:
    """'Α' U+0391 GREEK CAPITAL LETTER ALPHA"""
    name = unicodedata.name(character, f"<unnamed, category {unicodedata.category(character)}>")
    shown = f"'{character}' " if unicodedata.category(character)[0] not in "CMZ" else ""
    return f"{shown}U+{ord(character):04X} {name}"


def _and(names: Iterable[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def coverage_problems(layout: Layout, texts: Iterable[tuple[Path, Printed]]) -> list[Problem]:
    """Every printed character the fonts of its field cannot set, one problem per field and
    line (see the module's docstring). ``texts``: each printed text with its file."""
    families = family_coverage(layout)
    house = house_coverage(layout)
    rules = layout.config.allowed_fallbacks
    problems = []
    wanted_by_field: dict[str, tuple[str, ...]] = {}
    for path, item in texts:
        if item.field not in wanted_by_field:
            wanted_by_field[item.field] = layout.field_families(item.field)
        wanted = wanted_by_field[item.field]
        # Each character once, in the order it first appears (most copy repeats a few dozen).
        characters = {character: None for character in dict.fromkeys(item.text) if prints_a_glyph(character)}
        if SOFT_HYPHEN in item.text:
            characters[HYPHEN] = None
        # Each refused character, grouped by (families lacking it, house fonts having it).
        refused: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
        for character in characters:
            code = ord(character)
            lacking = tuple(family for family in wanted if code not in families[family]
                            and not any(rule.family == family and code in families[rule.fallback]
                                        and rule.allows(character) for rule in rules))
            if lacking:
                having = tuple(name for name, codes in house.items() if code in codes)
                refused.setdefault((lacking, having), []).append(character)
        if not refused:
            continue
        clauses = []
        shown = 0
        for (lacking, having), found in refused.items():
            named = [describe(character) + (", printed where a soft hyphen breaks the line"
                                            if character == HYPHEN and SOFT_HYPHEN in item.text else "")
                     for character in found[:max(0, SHOWN - shown)]]
            shown += len(named)
            more = len(found) - len(named)
            listed = _and(named + ([f"{more} more"] if more else [])) if named else f"{more} more"
            them = "it" if len(found) == 1 else "them"
            if having:
                clauses.append(f"{listed} ({_and(lacking)} {'lacks' if len(lacking) == 1 else 'lack'} "
                               f"{them}; only {_and(having)} {'has' if len(having) == 1 else 'have'} {them}, "
                               "and the layout allows no substitute font for "
                               f"{them})")
            else:
                clauses.append(f"{listed} (no font in fonts/ has {them}: "
                               f"{'it' if len(found) == 1 else 'they'} would print as nothing)")
        found = [character for characters in refused.values() for character in characters]
        if not all(having for _, having in refused):
            hint = ("leave them out or write the words they stand for: emoji and scripts no house "
                    "font has cannot be printed")
        elif set(found) <= HYPHENS:
            hint = ("write a plain hyphen (-) and no soft or non-breaking hyphens here: the font has "
                    "no other hyphen")
        else:
            hint = ("write them in the Latin alphabet (or the words they stand for), or ask for a "
                    "substitute font the layout allows (allowed_fallbacks, docs/layout.md)")
        problems.append(Problem(
            f"the {FIELD_LABELS.get(item.field, item.field)} has characters the house fonts cannot set: "
            + "; ".join(clauses), path, item.line, hint=hint))
    return problems
