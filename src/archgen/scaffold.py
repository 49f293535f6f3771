"""`archgen new`: write a commented starter spec that validates."""

from __future__ import annotations

import json
from pathlib import Path

from archgen.errors import Diagnostic, InputError
from archgen.pipeline import SPEC_NAME
from archgen.resources import templates_dir
from archgen.write import write_atomic

SCAFFOLD = "new-spec.yaml"


def scaffold(name: str, specs_dir: Path, *, force: bool = False) -> Path:
    if not SPEC_NAME.fullmatch(name) or ".." in name:
        raise InputError([Diagnostic(f"`{name}` is not a usable spec name", None,
                                     "use letters, digits, `-` and `_`, e.g. `payment-gateway`")])
    path = specs_dir / f"{name}.yaml"
    if path.exists() and not force:
        raise InputError([Diagnostic(f"`{path}` already exists", None, "pass --force to overwrite it")])
    title = name.replace("-", " ").replace("_", " ").strip().capitalize()
    # Quoted, so YAML reads `yes`, `null`, `0777` or `12:30` as the text they are (JSON strings are YAML).
    text = (templates_dir() / SCAFFOLD).read_text(encoding="utf-8").replace("__TITLE__", json.dumps(title))
    specs_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))
    return path
