"""Problems found in user input, and the exception that carries them to the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .escape import for_terminal


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, at a line and column (1-based; 0 when unknown)."""

    path: str
    line: int
    column: int
    severity: Literal["error", "warning"]
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return for_terminal(f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}{hint}")

    def as_dict(self) -> dict:
        return {
            "path": self.path, "line": self.line, "column": self.column,
            "severity": self.severity, "message": self.message, "hint": self.hint,
        }


class QuanzeError(Exception):
    """A user error: bad input or a refused request. The CLI prints it without a traceback."""


class ContentError(QuanzeError):
    """Content that cannot be used, with every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
