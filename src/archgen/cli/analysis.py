"""The commands that check and analyse specs: validate, estimate, review and diff."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from archgen.cli.common import (
    JobsOption,
    SpecsOption,
    Targets,
    err,
    escape,
    find_sources,
    for_each,
    out,
    print_diagnostics,
    reporting,
)
from archgen.errors import Diagnostic, ExitCode, InputError


def validate(
    targets: Targets = None,
    specs: SpecsOption = Path("specs"),
    jobs: JobsOption = None,
) -> None:
    """Check specs and report every problem with file:line:column. Default: every spec in --specs."""
    from archgen.workers import checking, parse_jobs

    with reporting():
        sources = find_sources(targets, specs, every=False)
        workers = parse_jobs(jobs)

    with checking(sources, workers) as warnings:

        def one(source) -> None:
            print_diagnostics(warnings(source))
            out.print(f"[green]ok[/] {escape(str(source.path))}")

        raise typer.Exit(for_each(sources, one))


JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document (a stable shape; see README).")]


def _print_json(document: dict) -> None:
    import json

    typer.echo(json.dumps(document, indent=2, sort_keys=False, ensure_ascii=False))


def estimate(
    target: Annotated[str, typer.Argument(help="Spec NAME or path.")],
    specs: SpecsOption = Path("specs"),
    as_json: JsonOption = False,
) -> None:
    """Estimates, load per component, capacity and headroom, percentile latency budgets, availability."""
    from archgen.analyse import analyse
    from archgen.analyse.report import estimate_document
    from archgen.pipeline import check, resolve

    with reporting():
        source = resolve(target, specs)
        analysis = analyse(source.name, check(source).spec)
    if as_json:
        _print_json(estimate_document(analysis))
        return
    from archgen.render.terminal import estimate_tables

    if not analysis.estimates.actions:
        out.print("[yellow]no load actions in the spec: add `load.actions` to get estimates[/]")
    elif not analysis.traffic.traced:
        out.print("[yellow]no flow names its load actions (`driven_by`): load per component, capacity and"
                  " queueing are not computed[/]")
    for table in estimate_tables(analysis):
        out.print(table, "")


def review(
    targets: Targets = None,
    specs: SpecsOption = Path("specs"),
    strict: Annotated[bool, typer.Option("--strict", help="Exit 4 when open findings reach --fail-on.")] = False,
    fail_on: Annotated[str, typer.Option("--fail-on", help="Lowest severity that fails --strict: low, medium, high.")]
    = "medium",
    as_json: JsonOption = False,
) -> None:
    """Design review: capacity, headroom, latency and availability targets, redundancy, caches, DLQs and more."""
    from archgen.analyse import analyse
    from archgen.analyse.report import review_document
    from archgen.analyse.review import SEVERITIES
    from archgen.pipeline import check

    with reporting():
        if fail_on not in SEVERITIES:
            choices = f"choose from {', '.join(SEVERITIES)}"
            raise InputError([Diagnostic(f"unknown severity `{fail_on}`", None, choices)])
        sources = find_sources(targets, specs, every=False)
    failing = 0
    reviewed = []

    def one(source) -> None:
        nonlocal failing
        findings = analyse(source.name, check(source).spec).findings
        reviewed.append((source.name, findings))
        open_findings = [f for f in findings if not f.silenced]
        threshold = SEVERITIES.index(fail_on)
        failing += sum(SEVERITIES.index(f.severity) >= threshold for f in open_findings)
        if not as_json:
            _print_findings(source.name, findings)

    worst = for_each(sources, one)
    if as_json:
        _print_json(review_document(reviewed))
    if worst == ExitCode.OK and strict and failing:
        err.print(f"{failing} finding(s) at or above `{fail_on}`")
        raise typer.Exit(ExitCode.REVIEW_FAILED)
    raise typer.Exit(worst)


def _print_findings(name: str, findings: list) -> None:
    open_findings = [f for f in findings if not f.silenced]
    out.print(f"[bold]{escape(name)}[/]: {len(open_findings)} open, {len(findings) - len(open_findings)} accepted")
    for finding in findings:
        colour = {"high": "red", "medium": "yellow", "low": "cyan"}[finding.severity]
        if finding.silenced:
            out.print(f"  [dim]accepted {finding.rule}: {escape(finding.message)} — {escape(finding.silenced)}[/]")
            continue
        out.print(f"  [{colour}]{finding.severity:<6}[/] {finding.rule}: {escape(finding.message)}")
        out.print(f"         [dim]{escape(finding.why)}[/]")


def diff(
    old: Annotated[str, typer.Argument(help="The earlier version: NAME, PATH, or either at a git revision "
                                       "(NAME@REV, PATH@REV).", show_default=False)],
    new: Annotated[str, typer.Argument(help="The later version, written the same way.", show_default=False)],
    specs: SpecsOption = Path("specs"),
    out_dir: Annotated[Path | None, typer.Option("--out", help="Also write diff.md and the marked overview "
                                                 "diff.svg (and diff.dot) into this folder.")] = None,
) -> None:
    """What changed between two versions of a design, as Markdown; with --out, a marked overview too."""
    from archgen.diff import diff_files
    from archgen.write import write_all

    with reporting():
        _, files = diff_files(old, new, specs, drawn=out_dir is not None)
        if out_dir is not None:
            write_all({out_dir / name: data for name, data in files.items()}, folder_may_be_link=True)
    typer.echo(files["diff.md"].decode("utf-8"), nl=False)
