"""Confinement: the one check every reader of untrusted paths goes through.

Issue folders, packs, supplied ads and pictures, and the cache are data from strangers
(docs/security.md). A path read from them, or a name that picks a file (a layout, a
profile, a slug), must stay inside its folder once every symlink is followed. ``confined``
resolves a path and refuses it with a located InputError when it leaves its folder;
``confined_name`` does the same for a name that must be one plain file or folder name.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError, display_path

# A name that picks a file or folder: letters, digits, '.', '_', '-' and '@' (a pinned
# layout: tabloid@2026-12), starting with a letter or digit; never a path.
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@-]*$"


def confined(path: Path | str, folder: Path, what: str, *, file: Path | None = None,
             line: int | None = None, column: int | None = None, hint: str | None = None,
             inside: str | None = None) -> Path:
    """``path`` (relative to ``folder``, or absolute) resolved, symlinks followed; an
    InputError naming ``what`` when it resolves outside ``folder`` (called ``inside`` in
    the message, e.g. "the issue folder"). ``file``/``line`` say where the path was
    written (default: the path itself)."""
    root = Path(folder).resolve()
    resolved = (root / path).resolve()
    if not resolved.is_relative_to(root):
        raise InputError.single(
            f"{what} '{path}' is outside {inside or display_path(root)}"
            + (f" (it leads to {resolved})" if Path(path) != resolved and not Path(path).is_absolute() else ""),
            file if file is not None else Path(folder) / path, line, column,
            hint or f"keep it inside {display_path(root)}; links that lead out of it are refused")
    return resolved


def valid_name(name: str) -> bool:
    """Whether ``name`` is a plain file or folder name (see NAME_PATTERN), not a path."""
    return bool(re.fullmatch(NAME_PATTERN, name)) and ".." not in name


def confined_name(name: str, folder: Path, what: str, *, suffix: str = "", file: Path | None = None,
                  line: int | None = None, column: int | None = None) -> Path:
    """``folder/name+suffix``, resolved and confined to ``folder``; an InputError when
    ``name`` is a path rather than a name, or leads out of ``folder``."""
    if not valid_name(name):
        raise InputError.single(
            f"{what} '{name}' is not a name: write the name of one under {display_path(Path(folder))}/, "
            "without folders, '..' or an absolute path", file, line, column)
    return confined(f"{name}{suffix}", folder, what, file=file, line=line, column=column)
