"""Source positions, diagnostics and the exceptions that carry them to the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import NamedTuple


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1
    BAD_INPUT = 2
    TOOL_FAILED = 3
    REVIEW_FAILED = 4
    INTERRUPTED = 130  # 128 + SIGINT, the shells' convention
    TERMINATED = 143  # 128 + SIGTERM


class SourcePos(NamedTuple):
    """A 1-based line and column in a named file. A named tuple, not a dataclass: the loader makes one
    for every YAML node (~90,000 over the library), and a frozen dataclass costs three times as much."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    message: str
    pos: SourcePos | None = None
    hint: str | None = None
    severity: str = "error"

    def sort_key(self) -> tuple[str, int, int, str]:
        if self.pos is None:
            return ("", 0, 0, self.message)
        return (self.pos.file, self.pos.line, self.pos.column, self.message)

    def __str__(self) -> str:
        where = f"{self.pos}: " if self.pos else ""
        hint = f" — {self.hint}" if self.hint else ""
        return f"{where}{self.severity}: {self.message}{hint}"


class ArchgenError(Exception):
    """Root of every error archgen reports to a user instead of a traceback."""

    exit_code: ExitCode = ExitCode.INTERNAL


class InputError(ArchgenError):
    """The user's input is wrong; carries every problem found, with positions."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, diagnostics: list[Diagnostic], source_text: str | None = None) -> None:
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        self.source_text = source_text
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Diagnostic], str | None]]:
        # `render --jobs` brings errors back from worker processes by pickling them.
        return type(self), (self.diagnostics, self.source_text)


class Stopped(BaseException):
    """Ctrl-C or SIGTERM arrived. A BaseException, so no `except Exception` swallows it and click
    does not turn it into "Aborted!" and exit 1; every `finally` on the way out still runs, so temp
    files are removed and Graphviz is stopped."""

    def __init__(self, exit_code: ExitCode, message: str) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.message = message

    def __reduce__(self) -> tuple[type[Stopped], tuple[ExitCode, str]]:
        return Stopped, (self.exit_code, self.message)  # a batch worker's stop reaches the parent intact


class ToolError(ArchgenError):
    """An external tool (Graphviz) is missing, crashed or timed out."""

    exit_code = ExitCode.TOOL_FAILED


@dataclass
class DiagnosticSink:
    """Collects diagnostics so a stage can report all problems at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, pos: SourcePos | None = None, hint: str | None = None) -> None:
        self.items.append(Diagnostic(message, pos, hint))

    def warning(self, message: str, pos: SourcePos | None = None, hint: str | None = None) -> None:
        self.items.append(Diagnostic(message, pos, hint, severity="warning"))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]
