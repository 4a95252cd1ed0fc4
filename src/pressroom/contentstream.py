"""A fast reader of PDF content streams, for the checks that only need to know what is
drawn with which colour, font and matrix.

pypdf's ContentStream builds a Python object for every operand, and decodes every string
shown on the page: on a dense newspaper page that is most of the time preflight takes.
This reader yields the same (operands, operator) pairs for everything the checks look at,
but leaves strings as an opaque placeholder. Names come back
as pypdf NameObjects and numbers as floats, so the results can be looked up in a page's
resources as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pypdf.generic import NameObject

STRING = b"(string)"  # what every string operand becomes
_WHITESPACE = b" \t\r\n\f\x00"
_DELIMITERS = b"()<>[]{}/%"
_TOKEN = re.compile(
    rb"[ \t\r\n\f\x00]+|%[^\r\n]*"         # whitespace, comments
    rb"|/[^ \t\r\n\f\x00()<>\[\]{}/%]*"    # name
    rb"|[+-]?(?:\d+\.?\d*|\.\d+)"           # number
    rb"|<<|>>|\[|\]|\{|\}"                 # dictionary, array, procedure delimiters
    rb"|<[0-9A-Fa-f \t\r\n\f]*>"            # hex string
    rb"|\("                                # literal string: read by _skip_literal
    rb"|[^ \t\r\n\f\x00()<>\[\]{}/%]+")     # operator or keyword
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_KEYWORDS = {b"true": True, b"false": False, b"null": None}
# An array of hex strings and numbers only: the argument of TJ (text with kerning), read whole.
_TEXT_ARRAY = re.compile(rb"\[[0-9A-Fa-f<> \t\r\n.+-]*\]")
_END_OF_INLINE_IMAGE = re.compile(rb"[ \t\r\n\f\x00]EI(?=[ \t\r\n\f\x00]|$)")


def operations(data: bytes) -> Iterator[tuple[list, bytes]]:
    """Every operator of a content stream with its operands. Inline images come back as
    ``([settings, data], b"INLINE IMAGE")``: the image's dictionary, as pypdf gives it, and
    its data as written between ``ID`` and ``EI``."""
    stack: list[list] = [[]]  # operand list, then any open arrays and dictionaries
    position, end = 0, len(data)
    while position < end:
        match = _TOKEN.match(data, position)
        if match is None:  # a stray delimiter such as ')': step over it
            position += 1
            continue
        token = match.group()
        position = match.end()
        first = token[:1]
        if first in _WHITESPACE or first == b"%":
            continue
        if first == b"/":
            stack[-1].append(NameObject(_NAME_ESCAPE.sub(
                lambda m: bytes([int(m.group(1), 16)]), token).decode("latin-1")))
        elif first in b"+-.0123456789":
            stack[-1].append(float(token))
        elif token == b"(":
            position = _skip_literal(data, position)
            stack[-1].append(STRING)
        elif first == b"<" and token != b"<<":
            stack[-1].append(STRING)
        elif token == b"[" and (text := _TEXT_ARRAY.match(data, position - 1)):
            position = text.end()
            stack[-1].append([STRING])
        elif token in (b"[", b"<<", b"{"):
            stack.append([])
        elif token in (b"]", b">>", b"}"):
            if len(stack) > 1:
                items = stack.pop()
                stack[-1].append(dict(zip(items[::2], items[1::2])) if token == b">>" else items)
        elif token in _KEYWORDS:
            stack[-1].append(_KEYWORDS[token])
        elif token == b"BI":
            position, settings, pixels = _inline_image(data, position)
            yield [settings, pixels], b"INLINE IMAGE"
            stack = [[]]
        else:
            operands = stack[0] if len(stack) == 1 else []
            yield operands, token
            stack = [[]]


def _skip_literal(data: bytes, position: int) -> int:
    """The position after a literal string whose opening parenthesis was just read."""
    depth = 1
    while depth and position < len(data):
        char = data[position]
        if char == 0x5C:  # backslash: the next byte is escaped
            position += 2
            continue
        if char == 0x28:
            depth += 1
        elif char == 0x29:
            depth -= 1
        position += 1
    return position


def _inline_image(data: bytes, position: int) -> tuple[int, dict, bytes]:
    """Read an inline image's dictionary after ``BI`` and its data; the position after ``EI``."""
    stack: list[list] = [[]]
    while True:
        match = _TOKEN.match(data, position)
        if match is None:
            return len(data), {}, b""
        token, position = match.group(), match.end()
        if token[:1] in _WHITESPACE:
            continue
        if token == b"ID":
            break
        if token[:1] == b"/":
            stack[-1].append(NameObject(token.decode("latin-1")))
        elif token[:1] in b"+-.0123456789":
            stack[-1].append(float(token))
        elif token == b"[":
            stack.append([])
        elif token == b"]" and len(stack) > 1:
            items = stack.pop()
            stack[-1].append(items)
        elif token in _KEYWORDS:
            stack[-1].append(_KEYWORDS[token])
        else:
            stack[-1].append(token)
    entries = stack[0]
    start = position + 1  # the single white-space character after ID
    found = _END_OF_INLINE_IMAGE.search(data, start)
    end = found.start() if found else len(data)
    return (found.end() if found else len(data)), dict(zip(entries[::2], entries[1::2])), data[start:end]
