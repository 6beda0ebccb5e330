"""Problems found in a data set, and the small exception hierarchy of the project.

Logging policy: user errors are never logged as tracebacks; they travel as `Problem`s inside a
`DataSetError` and are printed one per line by the CLI. `logging` is used for progress (INFO)
and for details useful when debugging the tool itself (DEBUG).
"""

from __future__ import annotations

from dataclasses import dataclass

from sop.messages import msg


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data: where it is and what was expected."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:" if self.line else f"{self.file}:"
        return f"{where} {self.path}: {self.message}" if self.path else f"{where} {self.message}"


class SopError(Exception):
    """Base of every error the tool reports to a user without a traceback."""


class DataSetError(SopError):
    """The data set has problems; nothing may be rendered from it."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(msg("report.count", n=len(self.problems)))

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        n = len(self.problems)
        lines.append(msg("report.summary", n=n, s="s" if n != 1 else ""))
        return "\n".join(lines)


class BuildError(SopError):
    """Rendering failed for a reason the user can act on (missing tool, unwritable folder)."""
