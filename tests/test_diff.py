"""`archgen diff`: goldens for the report and the marked overview, git revisions, and bad input."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archgen.cli import app
from archgen.diff import diff_files
from tests.conftest import MINIMAL, needs_dot, write_spec

CASE = Path(__file__).parent / "golden" / "diff"
runner = CliRunner()


def test_diff_report_and_marked_overview_match_goldens(check_golden, monkeypatch):
    monkeypatch.chdir(CASE)  # relative names in the report, as a user would type them
    diff, files = diff_files("old.yaml", "new.yaml", Path("specs"), drawn=False)
    check_golden(CASE / "expected.md", files["diff.md"].decode("utf-8"))
    statuses = {change.key: change.status for change in diff.components}
    assert statuses == {"cache": "added", "lb": "changed", "api": "changed", "legacy": "removed"}
    from archgen.diff.report import marked_overview
    from archgen.diff.sources import load_side
    from archgen.render.draw import diagram
    from archgen.render.theme import THEMES

    old, new = load_side("old.yaml", Path("specs")), load_side("new.yaml", Path("specs"))
    view = marked_overview(old, new, diff)
    assert {node.id: node.mark for node in view.nodes if node.mark} == statuses
    check_golden(CASE / "expected.dot", diagram(view, THEMES["light"], CASE).dot)


def test_same_spec_twice_has_no_changes():
    _, files = diff_files(str(CASE / "new.yaml"), str(CASE / "new.yaml"), Path("specs"), drawn=False)
    assert files["diff.md"].decode("utf-8").endswith("No changes.\n")


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=folder, check=True,
                   capture_output=True)


@needs_dot
def test_diff_against_a_git_revision_by_name(tmp_path: Path, monkeypatch):
    specs = tmp_path / "specs"
    specs.mkdir()
    write_spec(specs, "shop", (CASE / "old.yaml").read_text(encoding="utf-8"))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "old")
    write_spec(specs, "shop", (CASE / "new.yaml").read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["diff", "shop@HEAD", "shop", "--out", "review"])
    assert result.exit_code == 0, result.output
    assert "| removed | `legacy` |" in result.output and "| added | `cache` |" in result.output
    assert sorted(p.name for p in (tmp_path / "review").iterdir()) == ["diff.dot", "diff.md", "diff.svg"]
    assert b"changed" in (tmp_path / "review" / "diff.svg").read_bytes()


def test_broken_side_reports_positioned_errors(spec_dir: Path):
    write_spec(spec_dir, "ok", MINIMAL)
    write_spec(spec_dir, "bad", MINIMAL.replace("client -> api", "client -> apii"))
    result = runner.invoke(app, ["diff", "ok", "bad", "--specs", str(spec_dir)])
    assert result.exit_code == 2
    assert f"{spec_dir / 'bad.yaml'}:8:19: error:" in result.output and "unknown component `apii`" in result.output


def test_unrelated_specs_are_an_error_at_the_components_key(spec_dir: Path):
    write_spec(spec_dir, "one", MINIMAL)
    write_spec(spec_dir, "other", "title: Other\ncomponents:\n  x: {kind: service}\n")
    result = runner.invoke(app, ["diff", "one", "other", "--specs", str(spec_dir)])
    assert result.exit_code == 2
    assert f"{spec_dir / 'other.yaml'}:2:1: error: `other` shares no component id with `one`" in result.output


@pytest.mark.parametrize("target", ["ok@--output=x", "ok@HEAD;rm"])
def test_a_bad_revision_is_refused_before_git_runs(spec_dir: Path, target: str):
    write_spec(spec_dir, "ok", MINIMAL)
    result = runner.invoke(app, ["diff", target, "ok", "--specs", str(spec_dir)])
    assert result.exit_code == 2 and "is not a git revision" in result.output
