"""Read YAML with positions, and turn pydantic validation errors into located problems.

Every YAML source of Pressroom (issue manifest, article front matter, layout.yaml) goes through
``load_yaml`` and ``validate``, so that a wrong key or value is reported as ``file:line:column``
with the key's path and, for a misspelt key, a "did you mean" hint.
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


def load_yaml(text: str, file: Path, line_offset: int = 0) -> YamlDocument:
    """Parse ``text``; YAML syntax errors become an InputError at file:line:column."""
    try:
        node, data = _parse(text, FAST_LOADER)
    except yaml.YAMLError:  # parsed again by PyYAML itself, for its own words (or its reading)
        try:
            node, data = _parse(text, yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 + line_offset if mark else None
            column = mark.column + 1 if mark else None
            problem = error.problem or str(error)
            raise InputError.single(
                f"this is not valid YAML: {problem}", file, line, column,
                hint="check the indentation and quote text containing ': ' or '#'") from None
        except yaml.YAMLError as error:
            raise InputError.single(f"this is not valid YAML: {error}", file) from None
    positions: dict[tuple, Location] = {}
    if node is not None:
        _collect_positions(node, (), positions)
    return YamlDocument(data, positions, file, line_offset)


def _parse(text: str, loader_class) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for positions) and its data, from one parse."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _collect_positions(node: yaml.Node, path: tuple, positions: dict[tuple, Location]) -> None:
    positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _collect_positions(value_node, path + (key,), positions)  # keeps the key's position
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_positions(item, path + (index,), positions)


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
