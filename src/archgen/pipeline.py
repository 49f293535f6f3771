"""The pipeline: load -> validate -> analyse -> render -> write. Nothing else lives here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archgen.errors import Diagnostic, InputError

if TYPE_CHECKING:
    from archgen.analyse import Analysis
    from archgen.spec import Spec
    from archgen.views.model import DesignViews, View

SPEC_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")
SPEC_SUFFIXES = (".yaml", ".yml")
ALL_FORMATS = ("svg", "png", "md", "dot", "html", "mermaid", "d2", "puml")
DEFAULT_FORMATS = ("svg", "png", "md")  # html draws every view twice more (both themes): asked for, not default
GRAPHVIZ_FORMATS = ("svg", "png", "dot")
DIAGRAM_MODES = ("image", "mermaid", "both")  # how the write-up shows diagrams: --diagrams


@dataclass(frozen=True)
class SpecSource:
    name: str
    path: Path


@dataclass
class Checked:
    source: SpecSource
    spec: Spec
    warnings: list[Diagnostic] = field(default_factory=list)


def resolve(target: str, specs_dir: Path) -> SpecSource:
    """A NAME means specs_dir/NAME.yaml (never outside specs_dir); anything path-like is a path."""
    looks_like_path = target.endswith(SPEC_SUFFIXES) or "/" in target or "\\" in target
    if looks_like_path:
        path = Path(target)
        if not path.is_file():
            raise _missing(f"no spec file at `{target}`", None)
        return SpecSource(_checked_name(path.stem, target), path)
    if not SPEC_NAME.fullmatch(target) or ".." in target:
        raise _missing(f"`{target}` is not a spec name",
                       "a name uses letters, digits, `-`, `_` and `.`; or give a path to a .yaml file")
    for suffix in SPEC_SUFFIXES:
        path = specs_dir / f"{target}{suffix}"
        if path.is_file():
            if not path.resolve().is_relative_to(specs_dir.resolve()):
                raise _missing(f"`{path}` links outside `{specs_dir}`", "specs must live in the specs folder")
            return SpecSource(target, path)
    names = [s.name for s in list_specs(specs_dir)] if specs_dir.is_dir() else []
    from archgen.validate import did_you_mean

    raise _missing(f"no spec named `{target}` in `{specs_dir}/`",
                   did_you_mean(target, names) or "run `archgen list`, or `archgen new NAME` to start one")


def list_specs(specs_dir: Path) -> list[SpecSource]:
    if not specs_dir.is_dir():
        raise _missing(f"no specs folder at `{specs_dir}`",
                       "pass --specs DIR or set ARCHGEN_SPECS=DIR, or give the spec's path")
    skipped = set(skipped_spec_files(specs_dir))
    found = [p for p in specs_dir.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file() and p not in skipped]
    return [SpecSource(p.stem, p) for p in sorted(found)]


def skipped_spec_files(specs_dir: Path) -> list[Path]:
    """YAML files in the specs folder that cannot be specs: unusable names, or links out of the folder."""
    candidates = [p for p in specs_dir.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file()]
    return sorted(p for p in candidates
                  if not SPEC_NAME.fullmatch(p.stem) or not p.resolve().is_relative_to(specs_dir.resolve()))


def check(source: SpecSource) -> Checked:
    """Load and validate one spec; raise InputError with every problem."""
    from archgen.load import load_file
    from archgen.validate import validate

    document = load_file(source.path, str(source.path))
    spec, sink = validate(document, source.path.parent)
    return Checked(source, spec, sink.warnings)


def _checked_name(stem: str, target: str) -> str:
    if not SPEC_NAME.fullmatch(stem):
        raise _missing(f"the spec file name `{stem}` cannot name an output folder",
                       "rename it with letters, digits, `-` and `_`, e.g. `my-design.yaml`")
    return stem


def _missing(message: str, hint: str | None) -> InputError:
    return InputError([Diagnostic(message, None, hint)])


@dataclass(frozen=True)
class RenderOptions:
    out_dir: Path
    formats: tuple[str, ...] = DEFAULT_FORMATS
    templates_dir: Path | None = None
    timeout: float = 60.0  # seconds Graphviz may take per view; --timeout
    views: tuple[str, ...] = ("all",)  # --view
    theme: str = "light"  # --theme
    page_home: str | None = None  # the html page links back here (the site's index)
    live_version: int | None = None  # `archgen watch`: the page reloads itself when a newer render is ready
    diagrams: str = "image"  # --diagrams: image links, Mermaid blocks, or both


@dataclass(frozen=True)
class Rendered:
    checked: Checked
    paths: list[Path]
    warnings: list[Diagnostic] = field(default_factory=list)  # views that miss the width budget


def render(source: SpecSource, options: RenderOptions) -> Rendered:
    """load -> validate -> analyse -> render -> write; outputs appear together or not at all."""
    from archgen.write import write_all

    checked = check(source)
    files, warnings = render_files(checked, options)
    target = options.out_dir / source.name
    outputs = {target / name: data for name, data in files.items()}
    write_all(outputs)
    return Rendered(checked, sorted(outputs), warnings)


def render_files(checked: Checked, options: RenderOptions) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """File name -> bytes for every chosen view and format, and a warning per view over the width budget.

    The views need only the resolved model, so Graphviz starts on them first, side by side, and the
    analysis and the write-up run (and their modules load) while it lays them out.
    """
    from concurrent.futures import ThreadPoolExecutor

    from archgen import waiting
    from archgen.analyse.model import build_model
    from archgen.render.draw import start_drawing, workers
    from archgen.render.theme import THEMES
    from archgen.views import build_views
    from archgen.views.select import file_stem, select

    name, spec_dir = checked.source.name, checked.source.path.parent
    model = build_model(name, checked.spec)
    views = build_views(model)
    chosen = select(views, options.views)
    drawn = chosen if set(GRAPHVIZ_FORMATS) & set(options.formats) else []
    with ThreadPoolExecutor(max_workers=workers()) as pool:
        pending = start_drawing(pool, drawn, THEMES[options.theme], spec_dir, options.formats, options.timeout)
        from archgen.analyse import analyse
        from archgen.render.exports import export_files

        analysis = analyse(name, checked.spec, model)
        files = export_files(name, chosen, options.formats, file_stem)
        page = None
        if "html" in options.formats:  # the page's modules (markdown-it among them) load only for it
            from archgen.render.design_page import PAGE_FILE, design_page, reusable, start_page_drawings

            page = start_page_drawings(pool, views, spec_dir, options.timeout,
                                       reusable(drawn, pending, options.theme, options.formats))
        if "md" in options.formats:
            files[f"{name}.md"] = writeup_text(analysis, options, views).encode("utf-8")
        drawings = [waiting.result(future) for future in pending]
        if page is not None:
            files[PAGE_FILE] = design_page(analysis, views, page, options).encode("utf-8")
    warnings = []
    for drawing in drawings:
        stem = file_stem(name, drawing.view)
        if "dot" in options.formats:
            files[f"{stem}.dot"] = drawing.dot.encode("utf-8")
        files.update({f"{stem}.{fmt}": data for fmt, data in drawing.files.items()})
        if drawing.problem:
            warnings.append(Diagnostic(f"view `{stem}` misses the width budget: {drawing.problem}", None,
                                       "it is drawn anyway; split the design into smaller groups or flows",
                                       severity="warning"))
    return files, warnings


def writeup_text(analysis: Analysis, options: RenderOptions, views: DesignViews | None = None) -> str:
    """The write-up as `render` writes it, embedding the views it draws (SVG when drawn, else PNG)."""
    from archgen.render.writeup import render_writeup
    from archgen.views import build_views
    from archgen.views.select import file_stem, select

    views = views or build_views(analysis.model)
    chosen = select(views, options.views)
    suffix = "svg" if "svg" in options.formats else "png" if "png" in options.formats else None
    images = {view.id: f"{file_stem(analysis.model.name, view)}.{suffix}" for view in chosen
              if suffix and options.diagrams != "mermaid"}
    blocks = mermaid_blocks(chosen) if options.diagrams != "image" else {}
    return render_writeup(analysis, options.templates_dir, images, views, blocks)


def mermaid_blocks(chosen: list[View]) -> dict[str, str]:
    """View id -> Mermaid source for a fenced block; the overview and flow views are flowcharts, sequences
    sequenceDiagrams. The source never holds a backtick (render/escape.py), so no fence can close early."""
    from archgen.render import mermaid

    return {view.id: mermaid.view(view).rstrip("\n") for view in chosen}
