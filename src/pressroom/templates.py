"""Templates: every Jinja template Pressroom renders (page, CSS, ad, proof, imposition and
contact-sheet templates) is rendered in a sandbox, because a layout may come from a pack
or an issue folder someone else made (docs/security.md).

``template_environment`` gives a ``LayoutSandbox``: Jinja's ImmutableSandboxedEnvironment
(no attribute that reaches Python's internals, so no code runs, and the data handed to a
template cannot be changed), except that a list, dict or set the template made itself may
be filled, as the signed-off layouts do (``{% set _ = heights.append(h) %}``). When a
template rendered by ``render`` asks to change a container, every object reachable from
its context is found (once per render) and only those are protected; a template rendered
any other way gets the plain immutable sandbox.
"""

from __future__ import annotations

import dataclasses
import traceback
from contextvars import ContextVar
from pathlib import Path, PurePath

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import (ImmutableSandboxedEnvironment, SandboxedEnvironment, _mutable_spec,
                            modifies_known_mutable)
from pydantic import BaseModel

from .errors import InputError

_ATOMS = (str, bytes, int, float, complex, bool, type(None), PurePath)
# Every method name that changes a list, dict, set or deque (the immutable sandbox's list).
_CHANGING = frozenset(name for _, names in _mutable_spec for name in names)


class _Given:
    """What the template being rendered was given, and (once asked) the ids of every object
    reachable from it."""

    def __init__(self, roots: list):
        self.roots = roots
        self._ids: frozenset[int] | None = None

    def holds(self, item) -> bool:
        if self._ids is None:
            self._ids = frozenset(_reachable(self.roots))
        return id(item) in self._ids


_given: ContextVar[_Given | None] = ContextVar("pressroom_template_given", default=None)


class LayoutSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, letting a template fill only the containers it made."""

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        if not SandboxedEnvironment.is_safe_attribute(self, obj, attr, value):
            return False
        if attr not in _CHANGING or not modifies_known_mutable(obj, attr):
            return True
        given = _given.get()
        return given is not None and not given.holds(obj)


def template_environment(folder: Path, **options) -> LayoutSandbox:
    """A sandboxed environment loading templates from ``folder`` (Jinja ``options`` as for
    ``jinja2.Environment``: autoescape, undefined, trim_blocks...)."""
    return LayoutSandbox(loader=jinja2.FileSystemLoader(folder), **options)


def render(environment: jinja2.Environment, name: str, **context) -> str:
    """Render the template ``name`` with ``context``, protecting every object it is given.
    A template that is broken, or tries what the sandbox forbids, is an InputError naming
    the template file and line."""
    token = _given.set(_Given([*context.values(), *environment.globals.values()]))
    try:
        return environment.get_template(name).render(context)
    except jinja2.TemplateError as error:
        raise _located(environment, name, error) from None
    finally:
        _given.reset(token)


def _located(environment: jinja2.Environment, name: str, error: jinja2.TemplateError) -> InputError:
    """The template error as a problem at the template's file and line."""
    folders = getattr(environment.loader, "searchpath", ["."])
    file, line = Path(folders[0]) / name, None
    if isinstance(error, jinja2.TemplateSyntaxError):
        file, line = Path(error.filename or file), error.lineno
    else:  # Jinja names the template's file in the frames of its compiled code
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if frame.filename.endswith((".j2", ".css", ".html")) and Path(frame.filename).is_file():
                file, line = Path(frame.filename), frame.lineno
                break
    if isinstance(error, SecurityError):
        return InputError.single(
            f"the template does what layout templates may not ({error}): it is refused, nothing of it ran",
            file, line, hint="templates only print the data they are given; a layout from elsewhere "
                             "may be hostile (docs/security.md)")
    return InputError.single(f"the template cannot be rendered: {error.message or error}", file, line,
                             hint="fix the layout's template (docs/layout.md)")


def _reachable(roots: list) -> set[int]:
    """The ids of ``roots`` and of every object they hold (containers, dataclasses,
    pydantic models, plain objects), strings and numbers left out."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        item = stack.pop()
        if isinstance(item, _ATOMS) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
        elif isinstance(item, BaseModel):
            stack.extend(item.__dict__.values())
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, field.name) for field in dataclasses.fields(item))
        elif not callable(item) and hasattr(item, "__dict__"):
            stack.extend(vars(item).values())
    return seen
