"""Errors a user can act on: each names the file, the line and what to do.

``InputError`` means the sources (manifest, articles, layout, fonts, images) are wrong: the
command stops with exit code 2 and prints the message without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    message: str
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(display_path(self.file))
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


@dataclass
class InputError(Exception):
    """The user's sources are wrong; carries one or more located problems."""

    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def single(cls, message: str, file: Path | None = None, line: int | None = None,
               column: int | None = None, hint: str | None = None) -> "InputError":
        return cls([Problem(message, file, line, column, hint)])

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def display_path(path: Path) -> Path:
    """Show paths relative to the working directory when they are inside it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return Path(path)
