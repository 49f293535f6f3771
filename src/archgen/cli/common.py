"""What every command shares: the Typer app, the consoles, common options, and how errors,
diagnostics and batches of specs are reported. Heavy imports stay lazy."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from archgen import __version__
from archgen.errors import ArchgenError, Diagnostic, ExitCode, InputError

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    help="Turn system-design specs (YAML) into architecture diagrams and R.A.I.L.S write-ups.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion; Typer imports its completion code only when asked
    pretty_exceptions_enable=False,
    # Plain help: Typer's boxed help imports rich's Markdown and Pygments, 60 ms of a 150 ms `--help`.
    rich_markup_mode=None,
)


def _flags_without_types() -> None:
    """Typer prints `<bool>` after flags (`--strict <bool>`), as if they took a value, and has no setting for it."""
    original = typer.core.TyperOption.display_type_rich
    typer.core.TyperOption.display_type_rich = lambda self, ctx: None if self.is_flag else original(self, ctx)


_flags_without_types()


class LazyConsole:
    """A rich Console made on first use: `--help`, `--version` and the start of a render do not import
    rich (~20 ms of a ~100 ms `--version`)."""

    def __init__(self, *, stderr: bool) -> None:
        self.stderr = stderr

    @cached_property
    def console(self) -> Console:
        from rich.console import Console

        return Console(stderr=self.stderr, highlight=False, soft_wrap=True)

    def print(self, *objects: Any, **options: Any) -> None:
        self.console.print(*objects, **options)


out = LazyConsole(stderr=False)
err = LazyConsole(stderr=True)


def escape(text: str) -> str:
    """Text shown as typed inside rich markup."""
    from rich.markup import escape as markup_escape

    return markup_escape(text)

SpecsOption = Annotated[Path, typer.Option("--specs", envvar="ARCHGEN_SPECS", metavar="DIR",
                                           help="Folder that NAMEs resolve in (or set ARCHGEN_SPECS).")]
JobsOption = Annotated[int | None, typer.Option("--jobs", "-j", help="Specs handled at once, each in its own "
                                                "process [default: every core].", show_default=False)]
Targets = Annotated[list[str] | None, typer.Argument(help="Spec NAMEs (specs/NAME.yaml) or paths.", show_default=False)]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"archgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """archgen: diagrams and write-ups from design specs."""


@contextmanager
def reporting() -> Iterator[None]:
    """Every ArchgenError becomes a clear message and its exit code; anything else is a bug (1)."""
    try:
        yield
    except typer.Exit:
        raise
    except InputError as exc:
        print_diagnostics(exc.diagnostics)
        raise typer.Exit(exc.exit_code) from None
    except ArchgenError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:
        where = f" `{exc.filename}`" if exc.filename else ""
        err.print(f"[bold red]error:[/] cannot read or write{escape(where)}: {escape(exc.strerror or str(exc))}; "
                  "earlier outputs are left as they were")
        raise typer.Exit(ExitCode.INTERNAL) from None
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    except Exception as exc:
        if os.environ.get("ARCHGEN_DEBUG"):
            traceback.print_exc()
        err.print(f"[bold red]internal error:[/] {escape(type(exc).__name__)}: {escape(str(exc))}\n"
                  "This is a bug in archgen; set ARCHGEN_DEBUG=1 for the traceback and please report it.")
        raise typer.Exit(ExitCode.INTERNAL) from None


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    from archgen.render.escape import terminal_text

    def shown(text: str) -> str:  # spec text in a message is inert: no markup, no escape sequences
        return escape(terminal_text(text))

    sources: dict[tuple[str, int], str | None] = {}
    for diagnostic in diagnostics:
        colour = "red" if diagnostic.severity == "error" else "yellow"
        where = f"{diagnostic.pos}: " if diagnostic.pos else ""
        err.print(f"[bold]{shown(where)}[/][bold {colour}]{diagnostic.severity}:[/] {shown(diagnostic.message)}")
        if diagnostic.pos and diagnostic.pos.line > 0:
            line = _source_line(sources, diagnostic.pos.file, diagnostic.pos.line)
            if line is not None:
                err.print(f"  {diagnostic.pos.line:>4} | {shown(line)}")
                err.print(f"       | {' ' * (diagnostic.pos.column - 1)}[bold {colour}]^[/]")
        if diagnostic.hint:
            err.print(f"       [cyan]hint:[/] {shown(diagnostic.hint)}")


def _source_line(cache: dict[tuple[str, int], str | None], file: str, line: int) -> str | None:
    from archgen.load import source_line

    if (file, line) not in cache:
        text = source_line(Path(file), line)
        cache[file, line] = None if text is None else text.replace("\t", " ")[:200]
    return cache[file, line]


def find_sources(targets: list[str] | None, specs: Path, every: bool) -> list:
    from archgen.pipeline import list_specs, resolve, skipped_spec_files

    if every or not targets:
        found = list_specs(specs)
        print_diagnostics([Diagnostic(f"skipped `{path}`: its name cannot name a design, or it links outside "
                                      f"`{specs}`", None, "rename it with letters, digits, `-` and `_`",
                                      severity="warning") for path in skipped_spec_files(specs)])
        if not found:
            raise InputError([Diagnostic(f"no specs in `{specs}/`", None, "create one with `archgen new NAME`")])
        return found
    return [resolve(target, specs) for target in targets]


def for_each(sources: list, action: Callable[..., None]) -> int:
    """Run `action` on every source, reporting failures, and return the worst exit code."""
    worst = ExitCode.OK
    for source in sources:
        try:
            with reporting():
                action(source)
        except typer.Exit as exc:
            if exc.exit_code == ExitCode.INTERRUPTED:
                raise  # Ctrl-C stops the whole run, not just this spec
            worst = max(worst, ExitCode(exc.exit_code) if exc.exit_code in iter(ExitCode) else ExitCode.INTERNAL)
    return worst
