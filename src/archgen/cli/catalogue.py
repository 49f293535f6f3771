"""The commands about the spec language and the library: schema, list, kinds and new."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from archgen.cli.common import SpecsOption, escape, find_sources, out, reporting
from archgen.errors import ArchgenError


def schema() -> None:
    """Print the spec language as JSON Schema (for editor completion and validation)."""
    from archgen.spec import json_schema_text

    typer.echo(json_schema_text(), nl=False)


def list_command(specs: SpecsOption = Path("specs")) -> None:
    """List the specs: name, title and category."""
    from rich.table import Table

    from archgen.pipeline import check

    with reporting():
        sources = find_sources(None, specs, every=True)
    table = Table("name", "title", "category", box=None, header_style="bold")
    for source in sources:
        try:
            spec = check(source).spec
            table.add_row(source.name, escape(spec.title), escape(spec.category))
        except ArchgenError:
            table.add_row(source.name, "[red](invalid: run archgen validate)[/]", "")
    out.print(table)


def kinds() -> None:
    """The catalogue: component kinds and techs, with the icon each draws."""
    from rich.table import Table

    from archgen.catalog import KINDS, TECHS

    kind_table = Table("kind", "role", "icon", "what it is", title="kinds", box=None, header_style="bold")
    for kind in KINDS.values():
        kind_table.add_row(kind.name, kind.role.value, kind.icon, kind.description)
    tech_table = Table("tech", "label", "usual kind", "icon", title="techs", box=None, header_style="bold")
    for tech in TECHS.values():
        tech_table.add_row(tech.name, tech.label, tech.kind, tech.icon)
    out.print(kind_table)
    out.print()
    out.print(tech_table)


def new(
    name: Annotated[str, typer.Argument(help="Name of the new spec (specs/NAME.yaml).")],
    specs: SpecsOption = Path("specs"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing spec.")] = False,
) -> None:
    """Scaffold a commented spec that validates, to edit into your design."""
    from archgen.scaffold import next_steps, scaffold

    with reporting():
        path = scaffold(name, specs, force=force)
        out.print(f"created {escape(str(path))} (and the schema beside it, for editor completion); edit it, then "
                  f"run `{escape(next_steps(name, specs))}`")
