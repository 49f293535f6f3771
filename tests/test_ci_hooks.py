"""The pre-commit hooks other repositories use: each entry is an archgen command that takes spec paths."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from archgen.cli import app
from tests.conftest import MINIMAL, ROOT, write_spec

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h["id"])
def test_hook_runs_archgen_on_the_files_pre_commit_passes(hook: dict, spec_dir: Path):
    assert hook["language"] == "python" and re.search(hook["files"], "specs/chat.yaml")
    assert not re.search(hook["files"], "specs/spec.schema.json")
    program, *args = shlex.split(hook["entry"])
    assert program == "archgen"
    good = write_spec(spec_dir, "good", (ROOT / "specs" / "chat.yaml").read_text(encoding="utf-8"))
    bad = write_spec(spec_dir, "bad", MINIMAL.replace("client -> api", "client -> apii"))
    assert CliRunner().invoke(app, [*args, str(good)]).exit_code == 0
    assert CliRunner().invoke(app, [*args, str(good), str(bad)]).exit_code == 2


def test_review_hook_fails_on_open_findings(spec_dir: Path):
    (review,) = [h for h in HOOKS if h["id"] == "archgen-review"]
    thin = write_spec(spec_dir, "thin", MINIMAL)
    assert CliRunner().invoke(app, [*shlex.split(review["entry"])[1:], str(thin)]).exit_code == 4
