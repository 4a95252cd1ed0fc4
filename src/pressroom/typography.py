"""House typography: what writers type (straight quotes, hyphens, three dots) turned into
what a British newspaper prints, on plain text or the text of Markdown source.

One policy, ``house``, made of small named rules applied in order (RULES): ellipses, dashes,
number ranges (but not dates, phone numbers or ISO dates), quotes and apostrophes (nested and
elided ones too) and non-breaking spaces between a number and its unit. The importer applies
it to everything it writes; the build's Markdown path applies it when the layout names it
(``typography: house-2026-12`` in layout.yaml). Layouts that name no policy keep
markdown-it's own smartquotes and replacements (LEGACY), so signed-off issues rebuild byte
for byte. A named policy never changes: a changed rule is a new name.

Markdown passes through as text: ``*`` and ``_`` (emphasis in the importer's output) and the
MARK/SEP characters (markup between text tokens in the build) are invisible to the quote
rules, which look through them to the letters either side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

LEGACY = "markdown-it"       # markdown-it-py's smartquotes and replacements, as before
HOUSE = "house-2026-12"      # the rules below
POLICIES = (LEGACY, HOUSE)

# Stand-ins for what sits between the text tokens of a Markdown paragraph (typeset_tokens).
MARK = "\ue000"    # markup (emphasis, a link): the quote rules look through it
BREAK = "\ue001"   # a line break: a space to the rules
WORD = "\ue002"    # text the rules must not change (code, an escaped character): a letter to them
SEP = "\ue003"     # the boundary between two tokens: the rules look through it
TRANSPARENT = frozenset("*_" + MARK + SEP)
NBSP = "\u00a0"

# Quotes open after these (or at the start, or after a space); otherwise they close.
OPENS_AFTER = frozenset("([{/\u2014\u2013\u201c\u2018")
# Words that lose their first letters to an apostrophe: 'tis, 'twas, rock 'n' roll, 'em.
ELIDED_WORDS = re.compile(r"(?:tis|twas|twere|twill|twould|n'|em|cos|til)(?![\w'\u2019])", re.IGNORECASE)
DECADE = re.compile(r"\d0s(?!\w)")        # the '90s
SHORT_YEAR = re.compile(r"\d\d(?!\w)")    # the class of '26 (unless a closing quote follows)
# A number as a range's end: £2.4m, 10.30, 1,000, 10am, 12%, 1960s.
_NUMBER = r"[£$€]?\d+(?:[.,:]\d+)*(?:[a-z]{1,2}|%)?"
NUMBER_CHAIN = re.compile(rf"(?<![\w.,:/+\-]){_NUMBER}(?:-{_NUMBER})+(?!\w|\.\d|-[£$€]?\d)")
# Units joined to their number by a non-breaking space. "in" only as inches at the end of a
# phrase: "2019 in May" keeps its space.
UNITS = r"(?:km/h|sq ft|per cent|°C|kWh|km|cm|mm|kg|mph|ml|ha|ft|MW|GW|m|g|l|C)"
UNIT_SPACE = re.compile(rf"(\d) (?={UNITS}(?![\w/°]))")
INCH_SPACE = re.compile(r"(\d) (?=in(?=[.,;:!?)]|$))", re.MULTILINE)


def ellipses(text: str) -> str:
    """Three dots, spaced or not, are an ellipsis; a fourth is the full stop after it."""
    text = re.sub(r"(?<!\.)\.\.\.(?!\.)", "\u2026", text)
    text = re.sub(r"(?<!\.)\.\.\.\.(?!\.)", "\u2026.", text)
    return re.sub(r"(?<![.\w])\. \. \.(?!\.)", "\u2026", text)


def dashes(text: str) -> str:
    """``---`` an em dash; ``--`` an en dash; a hyphen with a space either side a spaced en
    dash (a list's ``- `` at the start of a line is left alone)."""
    text = re.sub(r"(?<!-)---(?!-)", "\u2014", text)
    text = re.sub(r"(?<!-)--(?!-)", "\u2013", text)
    return re.sub(rf"(?<=[ \t{BREAK}])-(?=[ \t{BREAK}])", "\u2013", text)


def number_ranges(text: str) -> str:
    """A range of numbers takes an en dash: 10-12, 1914-18, 10am-6pm, £2m-£3m, a 4-1 win.
    Not a date or phone number: three or more numbers hyphenated (2026-12-01, 0161-496-0000)
    are left alone, and so is a pair starting with a 0 of three digits or more (01632-960000)."""
    def replace(match: re.Match) -> str:
        parts = match.group(0).split("-")
        if len(parts) > 2 or any(re.match(r"0\d\d", part.lstrip("£$€")) for part in parts):
            return match.group(0)
        return "\u2013".join(parts)

    return NUMBER_CHAIN.sub(replace, text)


def _neighbour(chars: Sequence[str], index: int, step: int) -> str | None:
    """The character next to ``index`` (before it with step -1), looking through markup;
    None at the start or end."""
    index += step
    while 0 <= index < len(chars):
        if chars[index] not in TRANSPARENT:
            return chars[index]
        index += step
    return None


def _is_space(char: str | None) -> bool:
    return char is None or char.isspace() or char == BREAK


def _closing_single_follows(chars: Sequence[str], start: int) -> bool:
    """Does a closing single quote come before the next opening one? (Then a quote before a
    year opens a quotation: '50 per cent,' she said.)"""
    for index in range(start, len(chars)):
        if chars[index] == "'":
            before, after = _neighbour(chars, index, -1), _neighbour(chars, index, 1)
            if not _is_space(before) and (after is None or not after.isalnum()):
                return True
            if _is_space(before) or before in OPENS_AFTER:
                return False
    return False


def _elided(chars: Sequence[str], index: int) -> bool:
    """Is the ' at ``index`` (at a word's start) an apostrophe for missing letters?"""
    rest = "".join(chars[index + 1:index + 8])
    if ELIDED_WORDS.match(rest) or DECADE.match(rest):
        return True
    return bool(SHORT_YEAR.match(rest)) and not _closing_single_follows(chars, index + 1)


def quotes(text: str) -> str:
    """Straight quotes to curly ones. A quote opens after a space, the start, an opening
    bracket, a dash, a slash or another opening quote ("'Forbidden' -> “‘Forbidden’), when
    a letter follows; otherwise it closes. A single quote inside a word, or for missing
    letters at a word's start ('tis, '90s, rock 'n' roll), is an apostrophe."""
    chars = list(text)
    for index, char in enumerate(chars):
        if char not in "'\"":
            continue
        before, after = _neighbour(chars, index, -1), _neighbour(chars, index, 1)
        opens = (_is_space(before) or before in OPENS_AFTER) and not _is_space(after)
        if char == "'" and opens and _elided(chars, index):
            opens = False
        chars[index] = ("\u201c" if opens else "\u201d") if char == '"' else ("\u2018" if opens else "\u2019")
    return "".join(chars)


def unit_spaces(text: str) -> str:
    """A non-breaking space between a number and its unit: 120 m, 5 km, 40 per cent."""
    return INCH_SPACE.sub("\\1" + NBSP, UNIT_SPACE.sub("\\1" + NBSP, text))


RULES: tuple[Callable[[str], str], ...] = (ellipses, dashes, number_ranges, quotes, unit_spaces)


def house(text: str) -> str:
    """The house policy on ``text`` (a paragraph, a headline, a caption); running it again
    changes nothing."""
    for rule in RULES:
        text = rule(text)
    return text


def typeset_tokens(children: list) -> None:
    """The house policy on one Markdown paragraph's inline tokens (markdown-it's), in place:
    the text tokens are typeset as one text, so quotes pair across emphasis; code, escapes
    and markup are stood in for and left as they are."""
    pieces = []
    for child in children:
        if child.type == "text":
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(BREAK)
        elif child.type in ("code_inline", "text_special", "html_inline", "image"):
            pieces.append(WORD)
        else:
            pieces.append(MARK)
    typeset = house(SEP.join(pieces)).split(SEP)
    if len(typeset) != len(children):  # no rule removes a stand-in; kept as written if one did
        return
    for child, text in zip(children, typeset):
        if child.type == "text":
            child.content = text
