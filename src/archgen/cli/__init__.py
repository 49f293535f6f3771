"""The command line. Thin: parse options, call the pipeline, report. Each module holds commands of one
job; they are registered here, in the order `archgen --help` lists them."""

from __future__ import annotations

from archgen.cli.analysis import diff, estimate, review, validate
from archgen.cli.catalogue import kinds, list_command, new, schema
from archgen.cli.common import app
from archgen.cli.outputs import render, site, watch

for command in (validate, render, site, watch, estimate, review, diff, schema):
    app.command()(command)
app.command(name="list")(list_command)
app.command()(kinds)
app.command()(new)

__all__ = ["app", "main"]


def main() -> None:
    """For callers of `archgen.cli:main`: the entry point is archgen.__main__ (signals and the terminal
    are set up there, before the CLI is imported)."""
    from archgen.__main__ import main as entry

    entry()
