"""`render --all` skips a spec whose outputs are already what a render would write.

An entry in OUT/.archgen-cache/NAME.json is keyed by a SHA-256 over everything that decides the
bytes of a render: the spec file, archgen's own code (catalogue and icon index included) and
version, the write-up templates, the catalogue's icon files, the Graphviz binary, and every
option that changes outputs (all of RenderOptions but the output folder and the timeout). It
records the files the render wrote with their size and modification time, the custom icons the
spec reads with their SHA-256, and what the CLI printed (warnings, gallery entry). A hit needs
all of it to match, so a deleted or edited output is drawn again. The entry carries a SHA-256 of
its own body: a torn, corrupted or foreign file is a miss, and the render that follows rewrites
it. Entries are written whole (temp file, then rename), so two batches sharing an output folder
see either the old entry or the new one.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from archgen import __version__
from archgen.errors import Diagnostic, InputError, SourcePos
from archgen.gallery import GalleryEntry
from archgen.pipeline import RenderOptions, SpecSource
from archgen.resources import templates_dir
from archgen.write import write_all

CACHE_FOLDER = ".archgen-cache"
ENTRY_FORMAT = 1  # bump when the entry's fields change


@dataclass(frozen=True)
class SpecReport:
    """One spec's render as the CLI reports it; small and picklable, so it crosses from `--jobs` workers."""

    source: SpecSource
    paths: list[Path]
    warnings: list[Diagnostic]
    entry: GalleryEntry
    inputs: dict[str, str]  # custom icon, relative to the spec's folder -> SHA-256 of its bytes
    cached: bool = False


def digest_files(files: list[Path], root: Path) -> str:
    """SHA-256 over relative names and bytes, in name order."""
    hasher = hashlib.sha256()
    for file in sorted(files):
        hasher.update(file.relative_to(root).as_posix().encode() + b"\0")
        hasher.update(hashlib.sha256(file.read_bytes()).digest())
    return hasher.hexdigest()


@cache
def code_digest() -> str:
    """archgen's modules (catalogue and icon index included), and the icon files the catalogue names."""
    from archgen.render.icon_index import ICON_FILES
    from archgen.render.icons import resources_root

    package = Path(__file__).parent
    root = resources_root()
    icons = sorted(file for file in {root / relative for relative in ICON_FILES.values()} if file.is_file())
    return hashlib.sha256(f"{__version__}\0{digest_files(sorted(package.rglob('*.py')), package)}\0"
                          f"{digest_files(icons, root)}".encode()).hexdigest()


def _graphviz_identity() -> str:
    """Which `dot` draws: its path, size and modification time (cheaper than running `dot -V`)."""
    dot = shutil.which("dot")
    if dot is None:
        return "no dot"
    status = Path(dot).resolve().stat()
    return f"{Path(dot).resolve()}:{status.st_size}:{status.st_mtime_ns}"


def environment_key(options: RenderOptions) -> str:
    """Everything but the spec that decides a render's bytes."""
    folders = [templates_dir(), *([options.templates_dir] if options.templates_dir else [])]
    templates = [digest_files([f for f in folder.rglob("*") if f.is_file()], folder) for folder in folders]
    parts = [str(ENTRY_FORMAT), code_digest(), *templates, _graphviz_identity(), ",".join(options.formats),
             ",".join(options.views), options.theme, options.diagrams, str(options.page_home),
             str(options.live_version)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def spec_key(source: SpecSource, environment: str) -> str:
    return hashlib.sha256(f"{environment}\0{source.name}\0{source.path}\0".encode()
                          + source.path.read_bytes()).hexdigest()


def input_digests(spec_dir: Path, relatives: list[str]) -> dict[str, str]:
    return {relative: hashlib.sha256((spec_dir / relative).read_bytes()).hexdigest() for relative in sorted(relatives)}


def _entry_path(out_dir: Path, name: str) -> Path:
    return out_dir / CACHE_FOLDER / f"{name}.json"


def lookup(out_dir: Path, source: SpecSource, key: str) -> SpecReport | None:
    """The cached report when the outputs on disk are exactly what this render would write, else None."""
    try:
        body = _read_body(_entry_path(out_dir, source.name))
        if body is None or body["key"] != key:
            return None
        report = _report(source, out_dir, body)
        unchanged = all(_stamp(out_dir / relative) == tuple(stamp) for relative, stamp in body["outputs"].items())
        if unchanged and input_digests(source.path.parent, list(report.inputs)) == report.inputs:
            return report
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # a foreign or damaged entry is never trusted: draw again
    return None


def store(out_dir: Path, key: str, report: SpecReport) -> None:
    """Record a finished render; a folder that cannot take the entry only costs the next run a redraw."""
    body = {
        "key": key,
        "outputs": {path.relative_to(out_dir).as_posix(): list(_stamp(path)) for path in report.paths},
        "inputs": report.inputs,
        "warnings": [_diagnostic_fields(d) for d in report.warnings],
        "entry": [report.entry.title, report.entry.category, report.entry.summary],
    }
    text = json.dumps(body, sort_keys=True)
    document = json.dumps({"sha256": hashlib.sha256(text.encode()).hexdigest(), "body": text})
    try:  # write_all: atomic, and never through a link planted at OUT/.archgen-cache
        write_all({_entry_path(out_dir, report.source.name): document.encode("utf-8")})
    except (OSError, InputError):
        return


def _read_body(path: Path) -> dict[str, Any] | None:
    document = json.loads(path.read_text(encoding="utf-8"))
    text = document["body"]
    if hashlib.sha256(text.encode()).hexdigest() != document["sha256"]:
        return None
    body = json.loads(text)
    return body if isinstance(body, dict) else None


def _report(source: SpecSource, out_dir: Path, body: dict[str, Any]) -> SpecReport:
    title, category, summary = body["entry"]
    warnings = [_diagnostic(fields) for fields in body["warnings"]]
    return SpecReport(source, sorted(out_dir / relative for relative in body["outputs"]), warnings,
                      GalleryEntry(source.name, title, category, summary), dict(body["inputs"]), cached=True)


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def _diagnostic_fields(diagnostic: Diagnostic) -> list[Any]:
    pos = diagnostic.pos
    return [diagnostic.message, [pos.file, pos.line, pos.column] if pos else None, diagnostic.hint,
            diagnostic.severity]


def _diagnostic(fields: list[Any]) -> Diagnostic:
    message, pos, hint, severity = fields
    return Diagnostic(message, SourcePos(*pos) if pos else None, hint, severity)
