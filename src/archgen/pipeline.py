"""The pipeline: load -> validate -> analyse -> render -> write. Nothing else lives here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archgen.errors import Diagnostic, InputError
from archgen.spec import Spec

if TYPE_CHECKING:
    from archgen.analyse import Analysis

SPEC_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")
SPEC_SUFFIXES = (".yaml", ".yml")
ALL_FORMATS = ("svg", "png", "md", "dot")
DEFAULT_FORMATS = ("svg", "png", "md")


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
                       "pass --specs DIR, or run from the repo root")
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
    timeout: float = 60.0  # seconds Graphviz may take; --timeout


@dataclass(frozen=True)
class Rendered:
    checked: Checked
    paths: list[Path]


def render(source: SpecSource, options: RenderOptions) -> Rendered:
    """load -> validate -> analyse -> render -> write; outputs appear together or not at all."""
    from archgen.analyse import analyse
    from archgen.write import write_all

    checked = check(source)
    files = render_files(analyse(source.name, checked.spec), source.path.parent, options)
    target = options.out_dir / source.name
    outputs = {target / f"{source.name}.{fmt}": data for fmt, data in files.items()}
    write_all(outputs)
    return Rendered(checked, sorted(outputs))


def render_files(analysis: Analysis, spec_dir: Path, options: RenderOptions) -> dict[str, bytes]:
    from archgen.render.diagram import build_dot
    from archgen.render.dot_run import run_dot

    model = analysis.model
    files: dict[str, bytes] = {}
    diagram = build_dot(model, spec_dir)
    if "dot" in options.formats:
        files["dot"] = diagram.dot.encode("utf-8")
    files.update(run_dot(diagram, [f for f in options.formats if f in ("svg", "png")], options.timeout))
    if "md" in options.formats:
        from archgen.render.writeup import render_writeup

        image = f"{model.name}.svg" if "svg" in options.formats else f"{model.name}.png"
        files["md"] = render_writeup(analysis, options.templates_dir, image).encode("utf-8")
    return files
