"""The two sides of `archgen diff`: a spec file, a NAME in --specs, or either at a git revision
(`chat@HEAD~3`, `specs/chat.yaml@main`), read with `git show` without touching the work tree."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from archgen.analyse import Analysis
from archgen.errors import Diagnostic, InputError
from archgen.load import Document

_REVISION = re.compile(r"^[A-Za-z0-9_./~^{}@-]{1,200}$")  # what `git rev-parse` takes, minus anything a shell reads


@dataclass(frozen=True)
class Side:
    """One side of a diff: its display name (`chat@HEAD~1`), the loaded document and its analysis."""

    name: str
    document: Document
    analysis: Analysis


def load_side(target: str, specs_dir: Path) -> Side:
    """`PATH`, `NAME`, `PATH@REV` or `NAME@REV` -> the analysed spec, with positions naming where it came from."""
    from archgen.analyse import analyse
    from archgen.load import load_file, load_text
    from archgen.pipeline import resolve
    from archgen.validate import validate

    spec_part, revision = _split(target)
    if revision is None:
        source = resolve(spec_part, specs_dir)
        document = load_file(source.path, str(source.path))
    else:
        path = _path_at_revision(spec_part, specs_dir)
        document = load_text(_git_show(path, revision), f"{path}@{revision}")
    spec, _ = validate(document, None)
    return Side(target, document, analyse(Path(spec_part).stem, spec))


def _split(target: str) -> tuple[str, str | None]:
    spec_part, at, revision = target.rpartition("@")
    if not at or not spec_part:
        return target, None
    if not _REVISION.fullmatch(revision) or revision.startswith("-"):
        raise InputError([Diagnostic(f"`{revision}` is not a git revision", None,
                                     "write NAME@REV or PATH@REV, e.g. `chat@HEAD~1` or `specs/chat.yaml@main`")])
    return spec_part, revision


def _path_at_revision(spec_part: str, specs_dir: Path) -> Path:
    looks_like_path = spec_part.endswith((".yaml", ".yml")) or "/" in spec_part
    return Path(spec_part) if looks_like_path else specs_dir / f"{spec_part}.yaml"


def _git_show(path: Path, revision: str) -> str:
    folder = path.parent if path.parent.is_dir() else Path.cwd()
    try:
        top = _git(["rev-parse", "--show-toplevel"], folder).strip()
        relative = path.resolve().relative_to(Path(top).resolve()).as_posix()
        return _git(["show", f"{revision}:{relative}"], Path(top))
    except (OSError, ValueError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        raise InputError([Diagnostic(f"cannot read `{path}` at `{revision}`: {detail.strip()}", None,
                                     "the file must be committed at that revision, inside a git repository")]) from None


def _git(args: list[str], cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60).stdout
