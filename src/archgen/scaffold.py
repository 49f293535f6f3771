"""`archgen new`: write a commented starter spec that validates, and the JSON Schema beside it.

The schema goes next to the spec (`spec.schema.json`, refreshed on every `new`) so the spec's
`$schema` line resolves wherever the folder is: in this repo, in another project, or after a
`pipx install` with no checkout at all.
"""

from __future__ import annotations

import json
from pathlib import Path

from archgen.errors import Diagnostic, InputError
from archgen.pipeline import SPEC_NAME
from archgen.resources import templates_dir
from archgen.write import write_all

SCAFFOLD = "new-spec.yaml"
SCHEMA_FILE = "spec.schema.json"


def scaffold(name: str, specs_dir: Path, *, force: bool = False) -> Path:
    if not SPEC_NAME.fullmatch(name) or ".." in name:
        raise InputError([Diagnostic(f"`{name}` is not a usable spec name", None,
                                     "use letters, digits, `-` and `_`, e.g. `payment-gateway`")])
    path = specs_dir / f"{name}.yaml"
    if path.exists() and not force:
        raise InputError([Diagnostic(f"`{path}` already exists", None, "pass --force to overwrite it")])
    title = name.replace("-", " ").replace("_", " ").strip().capitalize()
    from archgen.spec import json_schema_text

    # The title is quoted, so YAML reads `yes`, `null` or `0777` as the text they are (JSON strings are YAML).
    text = (templates_dir() / SCAFFOLD).read_text(encoding="utf-8")
    text = text.replace("__TITLE__", json.dumps(title)).replace("__SCHEMA__", SCHEMA_FILE)
    write_all({path: text.encode("utf-8"), specs_dir / SCHEMA_FILE: json_schema_text().encode("utf-8")},
              folder_may_be_link=True)
    return path


def next_steps(name: str, specs_dir: Path) -> str:
    """The command to run next, with `--specs` when the folder is not the default one."""
    specs = "" if specs_dir == Path("specs") else f" --specs {specs_dir}"
    return f"archgen render {name}{specs}"
