"""The commands that write outputs: render, site and watch, and the options they parse."""

from __future__ import annotations

import math
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
from archgen.errors import Diagnostic, InputError

TemplatesOption = Annotated[
    Path | None, typer.Option("--templates", help="Folder of templates overriding the shipped ones.")]
TimeoutOption = Annotated[float, typer.Option("--timeout", help="Seconds Graphviz may take per diagram.")]


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
    jobs: JobsOption = None,
    force: Annotated[bool, typer.Option("--force", help="With --all, redraw specs whose outputs are up to date "
                                        "(OUT/.archgen-cache).")] = False,
) -> None:
    """Render specs to OUT/NAME/: the overview NAME.{svg,png}, a view and a sequence diagram per flow
    (NAME.flow-ID.*, NAME.seq-ID.*) and the write-up NAME.md. A failed render leaves earlier outputs untouched.
    With --all, a spec whose outputs are up to date is not drawn again."""
    from archgen.batch import Batch
    from archgen.pipeline import RenderOptions
    from archgen.progress import progress_bar
    from archgen.views.select import parse_view_option
    from archgen.workers import parse_jobs

    with reporting():
        if not targets and not every:
            raise InputError([Diagnostic("name a spec to render, or pass --all", None, "e.g. `archgen render chat`")])
        options = RenderOptions(out_dir, _parse_formats(formats), _templates_folder(templates),
                                _checked_timeout(timeout), parse_view_option(view), _parse_theme(theme),
                                diagrams=_parse_diagrams(diagrams))
        sources = find_sources(targets, specs, every)
        batch = Batch(sources, options, parse_jobs(jobs), use_cache=every and not force)

    rendered = []
    with batch, progress_bar(lambda: err.console, len(sources)) as (starting, finished):

        def one(pending) -> None:
            starting(f"{'up to date' if pending.cached else 'drawing'} {pending.source.name}")
            try:
                report = pending.result()
            finally:
                finished()
            print_diagnostics(report.warnings)
            if report.cached:
                typer.echo(f"up to date {out_dir / pending.source.name} ({len(report.paths)} files)")
            for path in [] if report.cached else report.paths:
                typer.echo(f"wrote {path}")  # plain: a render that went well never loads rich
            rendered.append(report.entry)

        worst = for_each(list(batch), one)
    if every:
        with reporting():
            from archgen.gallery import write_gallery

            done = {entry.name for entry in rendered}
            failed = [s for s in sources if s.name not in done]
            index = write_gallery(rendered, failed, out_dir, options.formats, templates)
            out.print(f"wrote {escape(str(index))} ({len(rendered)} designs, {len(failed)} failed)")
    raise typer.Exit(worst)


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

    with reporting():
        options = site_options(out_dir, _templates_folder(templates), _checked_timeout(timeout))
        sources = find_sources(targets, specs, every=False)
    pages = []

    def one(source) -> None:
        page = write_design(source, options)
        print_diagnostics([*page.checked.warnings, *page.warnings])
        pages.append(page.checked)

    worst = for_each(sources, one)
    with reporting():
        done = {checked.source for checked in pages}
        failed = [source for source in sources if source not in done]
        index = write_index(pages, failed, out_dir, options.templates_dir)
        out.print(f"wrote {escape(str(index))} ({len(pages)} designs, {len(failed)} failed)")
    raise typer.Exit(worst)


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

    with reporting():
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
