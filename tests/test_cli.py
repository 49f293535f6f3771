from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from archgen import __version__
from archgen.cli import app
from tests.conftest import MINIMAL, needs_dot, write_spec

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.output.strip() == f"archgen {__version__}"


def test_validate_reports_position_and_suggestion_and_exits_2(spec_dir):
    write_spec(spec_dir, "bad", MINIMAL.replace("client -> api", "client -> apii"))
    result = run("validate", "bad", "--specs", str(spec_dir))
    assert result.exit_code == 2
    assert "bad.yaml:8:19: error: unknown component `apii` in flow `call`, step 1" in result.output
    assert "did you mean `api`?" in result.output
    assert "Traceback" not in result.output


def test_validate_all_by_default_and_ok(spec_dir):
    write_spec(spec_dir, "one", MINIMAL)
    write_spec(spec_dir, "two", MINIMAL)
    result = run("validate", "--specs", str(spec_dir))
    assert result.exit_code == 0
    assert result.output.count("ok ") == 2



def test_validate_with_workers_reports_exactly_what_one_process_does(spec_dir):
    for index in range(9):  # enough specs for workers (MIN_SPECS_FOR_WORKERS)
        write_spec(spec_dir, f"spec{index}", MINIMAL)
    write_spec(spec_dir, "spec4", MINIMAL.replace("client -> api", "client -> apii"))
    serial = run("validate", "--jobs", "1", "--specs", str(spec_dir))
    side_by_side = run("validate", "--jobs", "2", "--specs", str(spec_dir))
    assert serial.exit_code == side_by_side.exit_code == 2
    assert side_by_side.output == serial.output
    assert serial.output.count("ok ") == 8 and "spec4.yaml:8:19: error: unknown component `apii`" in serial.output


def test_validate_refuses_jobs_below_one(spec_dir):
    write_spec(spec_dir, "one", MINIMAL)
    result = run("validate", "--jobs", "0", "--specs", str(spec_dir))
    assert result.exit_code == 2 and "--jobs must be 1 or more" in result.output

def test_unknown_spec_name_suggests_a_close_one(spec_dir):
    write_spec(spec_dir, "chat", MINIMAL)
    result = run("validate", "caht", "--specs", str(spec_dir))
    assert result.exit_code == 2
    assert "no spec named `caht`" in result.output and "did you mean `chat`?" in result.output


def test_names_cannot_escape_the_specs_folder(spec_dir):
    result = run("validate", "..", "--specs", str(spec_dir))
    assert result.exit_code == 2 and "is not a spec name" in result.output


@needs_dot
def test_render_writes_outputs_and_all_writes_gallery(spec_dir, tmp_path):
    write_spec(spec_dir, "one", MINIMAL)
    write_spec(spec_dir, "two", MINIMAL.replace("title: Minimal", "title: Second\ncategory: storage"))
    out = tmp_path / "out"
    result = run("render", "one", "--specs", str(spec_dir), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "one").iterdir()) == [
        "one.flow-call.png", "one.flow-call.svg", "one.md", "one.png", "one.seq-call.png", "one.seq-call.svg",
        "one.svg"]
    result = run("render", "--all", "--specs", str(spec_dir), "--out", str(out), "--format", "svg,md")
    assert result.exit_code == 0, result.output
    gallery = (out / "README.md").read_text()
    assert "## Storage" in gallery and "[Second](two/two.md)" in gallery


@needs_dot
def test_render_all_continues_past_a_broken_spec_and_exits_2(spec_dir, tmp_path):
    write_spec(spec_dir, "good", MINIMAL)
    write_spec(spec_dir, "broken", "title: [\n")
    result = run("render", "--all", "--specs", str(spec_dir), "--out", str(tmp_path))
    assert result.exit_code == 2
    assert (tmp_path / "good" / "good.svg").exists()
    assert "1 designs, 1 failed" in result.output


def test_render_rejects_unknown_format(spec_dir):
    write_spec(spec_dir, "one", MINIMAL)
    result = run("render", "one", "--specs", str(spec_dir), "--format", "gif")
    assert result.exit_code == 2 and "unknown format `gif`" in result.output


def test_new_scaffolds_a_valid_spec_and_refuses_to_overwrite(spec_dir):
    result = run("new", "my-design", "--specs", str(spec_dir))
    assert result.exit_code == 0
    assert run("validate", "my-design", "--specs", str(spec_dir)).exit_code == 0
    (spec_dir / "my-design.yaml").write_text("title: edited\ncomponents: {a: {kind: client}}\n")
    result = run("new", "my-design", "--specs", str(spec_dir))
    assert result.exit_code == 2 and "already exists" in result.output
    assert (spec_dir / "my-design.yaml").read_text().startswith("title: edited")
    assert run("new", "my-design", "--specs", str(spec_dir), "--force").exit_code == 0


def test_new_refuses_path_like_names(spec_dir):
    result = run("new", "../evil", "--specs", str(spec_dir))
    assert result.exit_code == 2
    assert not (spec_dir.parent / "evil.yaml").exists()


def test_list_and_kinds(spec_dir):
    write_spec(spec_dir, "one", MINIMAL.replace("title: Minimal", "title: First\ncategory: social"))
    result = run("list", "--specs", str(spec_dir))
    assert result.exit_code == 0 and "one" in result.output and "First" in result.output and "social" in result.output
    result = run("kinds")
    assert result.exit_code == 0 and "load_balancer" in result.output and "redis" in result.output


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_do_not_import_heavy_modules(flag):
    import subprocess
    import sys

    code = (f"import sys; from typer.testing import CliRunner; from archgen.cli import app; "
            f"CliRunner().invoke(app, ['{flag}']); "
            "print(sorted(m for m in ('diagrams', 'jinja2', 'graphviz', 'pydantic', 'rich') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).parents[1])
    assert result.stdout.strip() == "[]"


def test_unwritable_output_folder_is_a_clear_error_not_a_bug_report(spec_dir, tmp_path):
    write_spec(spec_dir, "one", MINIMAL)
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be")
    result = run("render", "one", "--specs", str(spec_dir), "--out", str(blocker), "--format", "md")
    assert result.exit_code == 1
    assert "cannot read or write" in result.output and "bug" not in result.output and "Traceback" not in result.output


@needs_dot
def test_render_shows_warnings(spec_dir, tmp_path):
    write_spec(spec_dir, "w", MINIMAL.replace("kind: service}", "kind: service, tech: kafak}"))
    result = run("render", "w", "--specs", str(spec_dir), "--out", str(tmp_path), "--format", "svg")
    assert result.exit_code == 0 and "did you mean `kafka`?" in result.output


def test_validating_all_warns_about_files_it_cannot_use(spec_dir):
    write_spec(spec_dir, "good", MINIMAL)
    (spec_dir / "my design.yaml").write_text(MINIMAL)
    result = run("validate", "--specs", str(spec_dir))
    assert result.exit_code == 0
    assert "warning: skipped" in result.output and "my design.yaml" in result.output


LOADED = MINIMAL.replace("title: Minimal", "title: Loaded\nload:\n  actions:\n"
                         "    get: {type: read, per_second: 100, size: 1KB}").replace(
    "  call:\n", "  call:\n    driven_by: get\n    latency_target: p99 300ms\n").replace(
    "api: {kind: service}", "api: {kind: service, replicas: 2}")


def test_estimate_json_has_a_stable_shape_with_utilization_and_percentiles(spec_dir):
    import json

    from archgen.analyse.report import ESTIMATE_KEYS

    write_spec(spec_dir, "loaded", LOADED)
    result = run("estimate", "loaded", "--specs", str(spec_dir), "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert tuple(document) == ESTIMATE_KEYS
    assert document["format"] == 1 and document["name"] == "loaded"
    (api,) = [c for c in document["components"] if c["id"] == "api"]
    requests = next(d for d in api["capacity"]["dimensions"] if d["name"] == "requests")
    assert requests["utilization"]["value"] == pytest.approx(300 / (2 * 5000))
    (flow,) = document["flows"]
    assert flow["response"]["p50"] < flow["response"]["p99"] and flow["latency_verdict"] == "within"


def test_estimate_prints_the_capacity_and_latency_tables(spec_dir):
    write_spec(spec_dir, "loaded", LOADED)
    result = run("estimate", "loaded", "--specs", str(spec_dir))
    assert result.exit_code == 0, result.output
    assert "capacity and headroom" in result.output and "latency budgets" in result.output
    assert "p99 300 ms" in result.output


def test_review_json_lists_findings_and_still_fails_strict(spec_dir):
    import json

    write_spec(spec_dir, "one", MINIMAL)
    result = run("review", "one", "--specs", str(spec_dir), "--json", "--strict", "--fail-on", "low")
    assert result.exit_code == 4
    document = json.loads(result.stdout)
    assert list(document) == ["format", "specs"]
    (spec,) = document["specs"]
    assert spec["name"] == "one" and spec["open"] == len(spec["findings"]) > 0
    assert {"rule", "severity", "subjects", "message", "details", "why", "silenced"} <= set(spec["findings"][0])


def test_unknown_format_or_diagram_mode_lists_the_allowed_ones(spec_dir):
    write_spec(spec_dir, "one", MINIMAL)
    result = run("render", "one", "--specs", str(spec_dir), "--format", "svg,mmd")
    assert result.exit_code == 2 and "svg, png, md, dot, html, mermaid, d2, puml" in result.output
    result = run("render", "one", "--specs", str(spec_dir), "--diagrams", "inline")
    assert result.exit_code == 2 and "unknown diagram mode `inline`" in result.output
    assert "image, mermaid, both" in result.output


def test_render_exports_text_formats(spec_dir, tmp_path):
    write_spec(spec_dir, "one", MINIMAL)
    out = tmp_path / "out"
    result = run("render", "one", "--specs", str(spec_dir), "--out", str(out), "--format", "mermaid,d2,puml,md",
                 "--diagrams", "mermaid")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "one").iterdir()) == [
        "one.d2", "one.flow-call.mmd", "one.flow-call.puml", "one.md", "one.mmd", "one.puml", "one.seq-call.mmd",
        "one.seq-call.puml"]
    assert "```mermaid" in (out / "one" / "one.md").read_text(encoding="utf-8")


def test_new_writes_a_schema_the_spec_points_at_and_says_how_to_render(tmp_path, monkeypatch):
    import json

    folder = tmp_path / "anywhere"
    result = run("new", "scratch", "--specs", str(folder))
    assert result.exit_code == 0, result.output
    first = (folder / "scratch.yaml").read_text(encoding="utf-8").splitlines()[0]
    target = first.split("$schema=", 1)[1]
    assert json.loads((folder / target).read_text(encoding="utf-8"))["title"] == "archgen design spec"
    assert f"archgen render scratch --specs {folder}" in " ".join(result.output.split())
    monkeypatch.setenv("ARCHGEN_SPECS", str(folder))
    assert run("validate", "scratch").exit_code == 0


def test_help_shows_flags_without_a_type_and_offers_completion():
    root, review = run("--help"), run("review", "--help")
    assert "<bool>" not in root.output + review.output
    assert "--install-completion" in root.output and "--strict" in review.output
