"""The progress bar of a batch render, naming the spec being drawn."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape


@contextmanager
def progress_bar(console: Console, total: int) -> Iterator[tuple[Callable[[str], None], Callable[[], None]]]:
    """(starting(label), finished()) for each of `total` steps; silent off a terminal or for one step, so
    logs and tests see only what the CLI prints."""
    if total < 2 or not console.is_terminal:
        yield (lambda label: None), (lambda: None)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description:<32}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("", total=total)
        yield (lambda label: progress.update(task, description=escape(label))), (lambda: progress.advance(task))
