"""The progress bar of a batch render, naming the spec being drawn."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@contextmanager
def progress_bar(console_of: Callable[[], Console],
                 total: int) -> Iterator[tuple[Callable[[str], None], Callable[[], None]]]:
    """(starting(label), finished()) for each of `total` steps; silent off a terminal or for one step, so
    logs and tests see only what the CLI prints. The console is asked for only for a bar: one spec's
    render does not wait for rich to load."""
    if total < 2 or not (console := console_of()).is_terminal:
        yield (lambda label: None), (lambda: None)
        return
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description:<32}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("", total=total)
        yield (lambda label: progress.update(task, description=escape(label))), (lambda: progress.advance(task))
