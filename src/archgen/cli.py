"""The command line. Thin: parse options, call the pipeline, report. Heavy imports stay lazy."""

from __future__ import annotations

import math
import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from archgen import __version__
from archgen.errors import ArchgenError, Diagnostic, ExitCode, InputError

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
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

SpecsOption = Annotated[Path, typer.Option("--specs", envvar="ARCHGEN_SPECS", metavar="DIR",
                                           help="Folder that NAMEs resolve in (or set ARCHGEN_SPECS).")]
TemplatesOption = Annotated[
    Path | None, typer.Option("--templates", help="Folder of templates overriding the shipped ones.")]
TimeoutOption = Annotated[float, typer.Option("--timeout", help="Seconds Graphviz may take per diagram.")]
Targets = Annotated[list[str] | None, typer.Argument(help="Spec NAMEs (specs/NAME.yaml) or paths.", show_default=False)]


def _version(value: bool) -> None:
    if value:
        out.print(f"archgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """archgen: diagrams and write-ups from design specs."""


@contextmanager
def _reporting() -> Iterator[None]:
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


def _sources(targets: list[str] | None, specs: Path, every: bool) -> list:
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


def _for_each(sources: list, action: Callable[..., None]) -> int:
    """Run `action` on every source, reporting failures, and return the worst exit code."""
    worst = ExitCode.OK
    for source in sources:
        try:
            with _reporting():
                action(source)
        except typer.Exit as exc:
            if exc.exit_code == ExitCode.INTERRUPTED:
                raise  # Ctrl-C stops the whole run, not just this spec
            worst = max(worst, ExitCode(exc.exit_code) if exc.exit_code in iter(ExitCode) else ExitCode.INTERNAL)
    return worst


@app.command()
def validate(targets: Targets = None, specs: SpecsOption = Path("specs")) -> None:
    """Check specs and report every problem with file:line:column. Default: every spec in --specs."""
    from archgen.pipeline import check

    with _reporting():
        sources = _sources(targets, specs, every=False)

    def one(source) -> None:
        checked = check(source)
        print_diagnostics(checked.warnings)
        out.print(f"[green]ok[/] {escape(str(source.path))}")

    raise typer.Exit(_for_each(sources, one))


@app.command()
def render(
    targets: Targets = None,
    every: Annotated[bool, typer.Option("--all", help="Render every spec in --specs and the gallery index.")] = False,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder; each spec gets OUT/NAME/.")] = Path("output"),
    formats: Annotated[str, typer.Option("--format", help="Comma-separated: svg, png, md, dot, html (the "
                                         "interactive page OUT/NAME/index.html), and the text exports "
                                         "mermaid (.mmd), d2 (.d2), puml (.puml).")] = "svg,png,md",
    specs: SpecsOption = Path("specs"),
    templates: TemplatesOption = None,
    timeout: TimeoutOption = 60.0,
    view: Annotated[str, typer.Option("--view", help="Views to draw, comma-separated: all, overview, flows, "
                                      "sequences, or one flow as flow:ID, seq:ID or ID.")] = "all",
    theme: Annotated[str, typer.Option("--theme", help="Diagram colours: light or dark.")] = "light",
    diagrams: Annotated[str, typer.Option("--diagrams", help="How the write-up shows diagrams: image (links to the "
                                          "SVG/PNG), mermaid (Mermaid blocks GitHub and Obsidian draw), or both.")]
    = "image",
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Specs drawn at once, each in its own process "
                                             "[default: every core].", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="With --all, redraw specs whose outputs are up to date "
                                        "(OUT/.archgen-cache).")] = False,
) -> None:
    """Render specs to OUT/NAME/: the overview NAME.{svg,png}, a view and a sequence diagram per flow
    (NAME.flow-ID.*, NAME.seq-ID.*) and the write-up NAME.md. A failed render leaves earlier outputs untouched.
    With --all, a spec whose outputs are up to date is not drawn again."""
    from archgen.batch import Batch, parse_jobs
    from archgen.pipeline import RenderOptions
    from archgen.progress import progress_bar
    from archgen.views.select import parse_view_option

    with _reporting():
        if not targets and not every:
            raise InputError([Diagnostic("name a spec to render, or pass --all", None, "e.g. `archgen render chat`")])
        options = RenderOptions(out_dir, _parse_formats(formats), _templates_folder(templates),
                                _checked_timeout(timeout), parse_view_option(view), _parse_theme(theme),
                                diagrams=_parse_diagrams(diagrams))
        sources = _sources(targets, specs, every)
        batch = Batch(sources, options, parse_jobs(jobs), use_cache=every and not force)

    rendered = []
    with batch, progress_bar(err, len(sources)) as (starting, finished):

        def one(pending) -> None:
            starting(f"{'up to date' if pending.cached else 'drawing'} {pending.source.name}")
            try:
                report = pending.result()
            finally:
                finished()
            print_diagnostics(report.warnings)
            if report.cached:
                out.print(f"up to date {escape(str(out_dir / pending.source.name))} ({len(report.paths)} files)")
            for path in [] if report.cached else report.paths:
                out.print(f"wrote {escape(str(path))}")
            rendered.append(report.entry)

        worst = _for_each(list(batch), one)
    if every:
        with _reporting():
            from archgen.gallery import write_gallery

            done = {entry.name for entry in rendered}
            failed = [s for s in sources if s.name not in done]
            index = write_gallery(rendered, failed, out_dir, options.formats, templates)
            out.print(f"wrote {escape(str(index))} ({len(rendered)} designs, {len(failed)} failed)")
    raise typer.Exit(worst)


MAX_TIMEOUT = 3600.0  # an hour; each design in the library lays out in under a second


def _checked_timeout(seconds: float) -> float:
    if not (math.isfinite(seconds) and 0 < seconds <= MAX_TIMEOUT):
        raise InputError([Diagnostic(
            f"--timeout must be more than 0 and at most {MAX_TIMEOUT:g} seconds, not `{seconds:g}`", None,
            "the default of 60 s is ample for the library's designs")])
    return seconds


def _templates_folder(templates: Path | None) -> Path | None:
    if templates is not None and not templates.is_dir():
        raise InputError([Diagnostic(f"no templates folder at `{templates}`", None)])
    return templates


@app.command()
def site(
    targets: Targets = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder of the site: OUT/index.html, OUT/NAME/index.html.")]
    = Path("site"),
    specs: SpecsOption = Path("specs"),
    templates: TemplatesOption = None,
    timeout: TimeoutOption = 60.0,
) -> None:
    """Write a static site: an interactive page per design (default: every spec in --specs) and an index with a
    thumbnail per design, search by title and tag and a category filter. Publish the folder as it is."""
    from archgen.site import site_options, write_design, write_index

    with _reporting():
        options = site_options(out_dir, _templates_folder(templates), _checked_timeout(timeout))
        sources = _sources(targets, specs, every=False)
    pages = []

    def one(source) -> None:
        page = write_design(source, options)
        print_diagnostics([*page.checked.warnings, *page.warnings])
        pages.append(page.checked)

    worst = _for_each(sources, one)
    with _reporting():
        done = {checked.source for checked in pages}
        failed = [source for source in sources if source not in done]
        index = write_index(pages, failed, out_dir, options.templates_dir)
        out.print(f"wrote {escape(str(index))} ({len(pages)} designs, {len(failed)} failed)")
    raise typer.Exit(worst)


@app.command()
def watch(
    target: Annotated[str, typer.Argument(help="Spec NAME or path.")],
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1; 0 picks a free one.", min=0, max=65535)]
    = 8000,
    specs: SpecsOption = Path("specs"),
    templates: TemplatesOption = None,
    timeout: TimeoutOption = 60.0,
) -> None:
    """Serve the design page on 127.0.0.1, re-render it on every save and reload the browser; a broken spec shows
    its errors on the page and keeps the last good render."""
    from archgen.pipeline import RenderOptions, resolve
    from archgen.watch import watch as serve

    def report(what: str, diagnostics: list[Diagnostic]) -> None:
        out.print(escape(what))
        print_diagnostics(diagnostics)

    with _reporting():
        source = resolve(target, specs)
        options = RenderOptions(Path("."), templates_dir=_templates_folder(templates),
                                timeout=_checked_timeout(timeout))
        serve(source, port, options, announce=lambda line: out.print(escape(line)), report=report)
        out.print("stopped")


def _parse_theme(name: str) -> str:
    from archgen.render.theme import THEMES
    from archgen.validate import did_you_mean

    if name not in THEMES:
        raise InputError([Diagnostic(f"unknown theme `{name}`", None,
                                     did_you_mean(name, THEMES) or f"choose from {', '.join(THEMES)}")])
    return name


def _parse_diagrams(mode: str) -> str:
    from archgen.pipeline import DIAGRAM_MODES

    if mode not in DIAGRAM_MODES:
        allowed = ", ".join(DIAGRAM_MODES)
        raise InputError([Diagnostic(f"unknown diagram mode `{mode}`", None, f"choose from {allowed}")])
    return mode


def _parse_formats(text: str) -> tuple[str, ...]:
    from archgen.pipeline import ALL_FORMATS

    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [fmt for fmt in chosen if fmt not in ALL_FORMATS]
    if unknown or not chosen:
        raise InputError([Diagnostic(f"unknown format `{unknown[0] if unknown else text}`", None,
                                     f"choose from {', '.join(ALL_FORMATS)}")])
    return chosen


JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document (a stable shape; see README).")]


def _print_json(document: dict) -> None:
    import json

    typer.echo(json.dumps(document, indent=2, sort_keys=False, ensure_ascii=False))


@app.command()
def estimate(
    target: Annotated[str, typer.Argument(help="Spec NAME or path.")],
    specs: SpecsOption = Path("specs"),
    as_json: JsonOption = False,
) -> None:
    """Estimates, load per component, capacity and headroom, percentile latency budgets, availability."""
    from archgen.analyse import analyse
    from archgen.analyse.report import estimate_document
    from archgen.pipeline import check, resolve

    with _reporting():
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


@app.command()
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

    with _reporting():
        if fail_on not in SEVERITIES:
            choices = f"choose from {', '.join(SEVERITIES)}"
            raise InputError([Diagnostic(f"unknown severity `{fail_on}`", None, choices)])
        sources = _sources(targets, specs, every=False)
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

    worst = _for_each(sources, one)
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


@app.command()
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

    with _reporting():
        _, files = diff_files(old, new, specs, drawn=out_dir is not None)
        if out_dir is not None:
            write_all({out_dir / name: data for name, data in files.items()}, folder_may_be_link=True)
    typer.echo(files["diff.md"].decode("utf-8"), nl=False)


@app.command()
def schema() -> None:
    """Print the spec language as JSON Schema (for editor completion and validation)."""
    from archgen.spec import json_schema_text

    typer.echo(json_schema_text(), nl=False)


@app.command(name="list")
def list_command(specs: SpecsOption = Path("specs")) -> None:
    """List the specs: name, title and category."""
    from rich.table import Table

    from archgen.pipeline import check

    with _reporting():
        sources = _sources(None, specs, every=True)
    table = Table("name", "title", "category", box=None, header_style="bold")
    for source in sources:
        try:
            spec = check(source).spec
            table.add_row(source.name, escape(spec.title), escape(spec.category))
        except ArchgenError:
            table.add_row(source.name, "[red](invalid: run archgen validate)[/]", "")
    out.print(table)


@app.command()
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


@app.command()
def new(
    name: Annotated[str, typer.Argument(help="Name of the new spec (specs/NAME.yaml).")],
    specs: SpecsOption = Path("specs"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing spec.")] = False,
) -> None:
    """Scaffold a commented spec that validates, to edit into your design."""
    from archgen.scaffold import next_steps, scaffold

    with _reporting():
        path = scaffold(name, specs, force=force)
        out.print(f"created {escape(str(path))} (and the schema beside it, for editor completion); edit it, then "
                  f"run `{escape(next_steps(name, specs))}`")


def main() -> None:
    """For callers of `archgen.cli:main`: the entry point is archgen.__main__ (signals and the terminal
    are set up there, before the CLI is imported)."""
    from archgen.__main__ import main as entry

    entry()
