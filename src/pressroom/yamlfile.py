"""Read YAML with positions, and turn pydantic validation errors into located problems.

Every YAML source of Pressroom (issue manifest, article front matter, layout.yaml, printer and
preflight profiles) goes through ``load_yaml`` and ``validate``, so that a wrong key or value is
reported as ``file:line:column`` with the key's path and, for a misspelt key, a "did you mean"
hint. These files are untrusted input: before any Python object is made, ``load_yaml`` refuses,
at their line, aliases (``*name``: a 2 KB file of them can stand for gigabytes), nesting deeper
than MAX_DEPTH levels, values that cannot be made (an impossible date: 2026-02-30), and a key
given twice in one mapping (YAML would silently keep the last: a wrong title, a story lost).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import InputError, Problem

Model = TypeVar("Model", bound=BaseModel)
Location = tuple[int, int]  # 1-based line and column


class YamlDocument:
    """Parsed YAML data plus the line/column of every mapping key and value."""

    def __init__(self, data: Any, positions: dict[tuple, Location], file: Path, line_offset: int = 0):
        self.data = data
        self.positions = positions
        self.file = file
        self.line_offset = line_offset

    def position(self, loc: tuple) -> Location | None:
        """Position of the deepest known node along a pydantic ``loc`` path."""
        path = tuple(loc)
        while path:
            if path in self.positions:
                line, column = self.positions[path]
                return line + self.line_offset, column
            path = path[:-1]
        return (1 + self.line_offset, 1) if self.positions else None


# libyaml's parser when PyYAML has it (its wheels do): the same documents, five times faster.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Deepest nesting read: real files nest 6 levels; libyaml stops at 1000, PyYAML's composer
# recurses and would end in a RecursionError at about 500.
MAX_DEPTH = 50
# Scalars whose value Python makes and may fail to make (2026-02-30, !!int abc, 5000 digits).
CHECKED_TAGS = {f"tag:yaml.org,2002:{kind}": what for kind, what in
                [("timestamp", "a date"), ("int", "a whole number"), ("float", "a number"),
                 ("bool", "true or false")]}


class _Refused(Exception):
    """YAML that Pressroom does not read, with where it is (a PyYAML mark, when known)."""

    def __init__(self, message: str, mark=None, hint: str | None = None):
        super().__init__(message)
        self.message, self.mark, self.hint = message, mark, hint


class _PyYamlLoader(yaml.SafeLoader):
    """PyYAML's own safe loader (read again with it for its wording of errors), refusing
    nesting deeper than MAX_DEPTH while it composes, before its recursion runs out."""

    depth = 0

    def compose_node(self, parent, index):
        if self.depth >= MAX_DEPTH:
            raise _too_deep(self.peek_event().start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def load_yaml(text: str, file: Path, line_offset: int = 0) -> YamlDocument:
    """Parse ``text``; YAML syntax errors, and what ``_screen`` refuses, become an InputError
    at file:line:column."""
    try:
        try:
            positions, data = _parse(text, FAST_LOADER, line_offset)
        except yaml.YAMLError:  # parsed again by PyYAML itself, for its own words (or its reading)
            positions, data = _parse(text, _PyYamlLoader, line_offset)
    except _Refused as refused:
        line, column = _place(refused.mark, line_offset)
        raise InputError.single(refused.message, file, line, column, refused.hint) from None
    except yaml.MarkedYAMLError as error:
        line, column = _place(error.problem_mark or error.context_mark, line_offset)
        problem = error.problem or str(error)
        raise InputError.single(
            f"this is not valid YAML: {problem}", file, line, column,
            hint="check the indentation and quote text containing ': ' or '#'") from None
    except yaml.YAMLError as error:
        raise InputError.single(f"this is not valid YAML: {error}", file) from None
    return YamlDocument(data, positions, file, line_offset)


def _place(mark, line_offset: int) -> tuple[int | None, int | None]:
    return (mark.line + 1 + line_offset, mark.column + 1) if mark else (None, None)


def _parse(text: str, loader_class, line_offset: int = 0) -> tuple[dict[tuple, Location], Any]:
    """The positions of the document's keys and values and its data, from one parse; the
    node tree is screened before any of its data is made."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, None
        positions = _screen(node, loader, text, line_offset)
        return positions, loader.construct_document(node)
    finally:
        loader.dispose()


def _screen(root: yaml.Node, loader, text: str, line_offset: int = 0) -> dict[tuple, Location]:
    """Refuse (_Refused) an alias, nesting deeper than MAX_DEPTH, or a scalar whose value
    cannot be made, walking the composed tree in document order without recursion, and
    return the line and column of every key and value by its path (a mapping's value keeps
    its key's position). The scalars checked here are made once: ``loader`` keeps them for
    ``construct_document``."""
    positions: dict[tuple, Location] = {}
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple, int]] = [(root, (), 1)]
    while stack:
        node, path, depth = stack.pop()
        positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if id(node) in seen:  # the composer gives an alias its anchor's node: met twice
            alias = next((event for event in yaml.parse(text, Loader=type(loader))
                          if isinstance(event, yaml.AliasEvent)), None)
            raise _Refused(
                f"'{_key(path)}': Pressroom does not read YAML aliases"
                + (f" (*{alias.anchor})" if alias else ""), alias.start_mark if alias else None,
                "write the value out in full: an alias repeats an anchored value (&name), "
                "and a few of them can stand for gigabytes")
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _too_deep(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            children = [(child, path + (key.value,)) for key, value in node.value for child in (key, value)]
            for key, _ in node.value:
                where = path + (key.value,)
                if where in positions and isinstance(key, yaml.ScalarNode):  # the last would win
                    raise _Refused(
                        f"'{_key(where)}' is given twice, at line {positions[where][0] + line_offset} and here: "
                        "YAML keeps only the last", key.start_mark,
                        "keep one of them: with two, one value is silently lost (a title, a story)")
                positions[where] = (key.start_mark.line + 1, key.start_mark.column + 1)
        elif isinstance(node, yaml.SequenceNode):
            children = [(child, path + (index,)) for index, child in enumerate(node.value)]
        else:
            children = []
            if node.tag in CHECKED_TAGS:
                _make_scalar(node, path, loader)
        stack.extend((child, child_path, depth + 1) for child, child_path in reversed(children))
    return positions


def _make_scalar(node: yaml.ScalarNode, path: tuple, loader) -> None:
    try:
        loader.construct_object(node)
    except (ValueError, LookupError, AttributeError) as error:
        what = CHECKED_TAGS[node.tag]
        value = node.value if len(node.value) <= 40 else f"{node.value[:30]}... ({len(node.value)} characters)"
        if what == "a date":
            reason = f" ({error})" if isinstance(error, ValueError) else ""
            raise _Refused(f"'{_key(path)}': {value} is not a real date{reason}", node.start_mark,
                          "write a date that exists, as YYYY-MM-DD (2026-02-28)") from None
        raise _Refused(f"'{_key(path)}': {value} cannot be read as {what}", node.start_mark,
                      "if it is text, put it in quotes") from None


def _too_deep(mark) -> _Refused:
    return _Refused(f"the data here is nested more than {MAX_DEPTH} levels deep", mark,
                   "no Pressroom file nests more than a few levels: look for brackets that are not closed")


def _key(path: tuple) -> str:
    return ".".join(str(part) for part in path) or "(top level)"


def validate(model: type[Model], document: YamlDocument, what: str) -> Model:
    """Validate ``document.data`` against ``model``; all problems are reported at once."""
    if not isinstance(document.data, dict):
        raise InputError.single(
            f"the {what} must be a mapping of keys to values, not {type(document.data).__name__}",
            document.file, 1 + document.line_offset)
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        raise InputError(problems_from_validation(error, document, model)) from None


def problems_from_validation(error: ValidationError, document: YamlDocument,
                             model: type[BaseModel]) -> list[Problem]:
    problems = []
    for item in error.errors():
        loc = tuple(part for part in item["loc"] if not _is_union_tag(part))
        key_path = ".".join(str(part) for part in loc) or "(top level)"
        line, column = document.position(loc) or (None, None)
        hint = None
        if item["type"] == "extra_forbidden":
            message = f"unknown key '{key_path}'"
            allowed = _allowed_keys(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            if close:
                hint = f"did you mean '{close[0]}'?"
            elif allowed:
                hint = "allowed keys here: " + ", ".join(sorted(allowed))
        elif item["type"] == "missing":
            message = f"missing required key '{key_path}'"
        else:
            message = f"'{key_path}': {_clean_message(item['msg'])}"
            if "input" in item and not isinstance(item["input"], (dict, list)):
                message += f" (got {item['input']!r})"
        problems.append(Problem(message, document.file, line, column, hint))
    return problems


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and ("[" in part or part in {"int", "str"})


def _clean_message(message: str) -> str:
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _allowed_keys(model: type[BaseModel], parent: tuple) -> list[str]:
    """Field names (aliases) of the model found at ``parent`` inside ``model``."""
    current: Any = model
    for part in parent:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [info.alias or name for name, info in fields.items()]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(argument)
        if found is not None:
            return found
    return None
