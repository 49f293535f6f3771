"""`render --all` as a user runs it: the render cache, worker processes, concurrent batches, large designs."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from bench.large_design import large_spec
from typer.testing import CliRunner

from archgen.cli import app
from archgen.render_cache import CACHE_FOLDER
from tests.conftest import MINIMAL, needs_dot, write_spec

runner = CliRunner()
SECOND = MINIMAL.replace("title: Minimal", "title: Second\ncategory: storage")
THIRD = MINIMAL.replace("client -> api: GET /", "client -> api: POST /orders\n      - api -> client: 201")


def render_all(spec_dir: Path, out: Path, *extra: str):
    result = runner.invoke(app, ["render", "--all", "--specs", str(spec_dir), "--out", str(out), "--format", "svg,md",
                                 *extra])
    assert result.exit_code == 0, result.output
    return result


def outputs(out: Path) -> dict[str, bytes]:
    """Every output file under `out` by relative path, leaving the cache out."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and CACHE_FOLDER not in p.parts}


@pytest.fixture
def three_specs(spec_dir: Path) -> Path:
    for name, text in (("one", MINIMAL), ("two", SECOND), ("three", THIRD)):
        write_spec(spec_dir, name, text)
    return spec_dir


@needs_dot
def test_an_unchanged_batch_draws_nothing_and_force_redraws(three_specs, tmp_path):
    out = tmp_path / "out"
    render_all(three_specs, out)
    first = outputs(out)
    stamps = {p: p.stat().st_mtime_ns for p in (out / "one").iterdir()}
    again = render_all(three_specs, out)
    assert again.output.count("up to date") == 3 and "wrote " + str(out / "one") not in again.output
    assert {p: p.stat().st_mtime_ns for p in (out / "one").iterdir()} == stamps
    assert outputs(out) == first and "(3 designs, 0 failed)" in again.output
    forced = render_all(three_specs, out, "--force")
    assert "up to date" not in forced.output and forced.output.count("wrote ") == 3 * 4 + 1
    assert outputs(out) == first


@needs_dot
def test_only_the_edited_spec_is_drawn_again(three_specs, tmp_path):
    out = tmp_path / "out"
    render_all(three_specs, out)
    write_spec(three_specs, "two", SECOND.replace("title: Second", "title: Second, edited"))
    result = render_all(three_specs, out)
    assert result.output.count("up to date") == 2 and f"wrote {out / 'two' / 'two.md'}" in result.output
    assert "Second, edited" in (out / "README.md").read_text()


@needs_dot
def test_a_corrupted_cache_entry_is_ignored_and_rewritten(three_specs, tmp_path):
    out = tmp_path / "out"
    render_all(three_specs, out)
    first = outputs(out)
    entry = out / CACHE_FOLDER / "three.json"
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0x04
    entry.write_bytes(bytes(data))
    result = render_all(three_specs, out)
    assert result.output.count("up to date") == 2 and f"wrote {out / 'three' / 'three.svg'}" in result.output
    assert outputs(out) == first
    assert render_all(three_specs, out).output.count("up to date") == 3  # the rewritten entry is trusted again


@needs_dot
def test_worker_processes_write_the_same_bytes_as_one_process(three_specs, tmp_path):
    render_all(three_specs, tmp_path / "serial", "--jobs", "1")
    render_all(three_specs, tmp_path / "parallel", "--jobs", "3")
    assert outputs(tmp_path / "serial") == outputs(tmp_path / "parallel")


@needs_dot
def test_errors_from_worker_processes_are_reported_as_in_one_process(three_specs, tmp_path):
    write_spec(three_specs, "broken", MINIMAL.replace("client -> api", "client -> apii"))
    reports = []
    for jobs in ("1", "2"):
        result = runner.invoke(app, ["render", "--all", "--specs", str(three_specs), "--out", str(tmp_path / jobs),
                                     "--format", "svg", "--jobs", jobs])
        assert result.exit_code == 2
        reports.append(result.output.replace(str(tmp_path / jobs), "OUT"))
    assert reports[0] == reports[1]
    assert "broken.yaml:8:19: error: unknown component `apii`" in reports[0] and "(3 designs, 1 failed)" in reports[0]


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_below_one_is_bad_input(spec_dir, tmp_path, jobs):
    write_spec(spec_dir, "one", MINIMAL)
    result = runner.invoke(app, ["render", "--all", "--specs", str(spec_dir), "--out", str(tmp_path), "--jobs", jobs])
    assert result.exit_code == 2 and "--jobs must be 1 or more" in result.output
    assert not (tmp_path / "one").exists()


@needs_dot
def test_two_batches_at_once_into_one_folder_leave_complete_outputs(three_specs, tmp_path):
    out = tmp_path / "shared"
    command = [sys.executable, "-c", "from archgen.cli import main; main()", "render", "--all", "--specs",
               str(three_specs), "--out", str(out), "--jobs", "2"]
    batches = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for batch in batches:
        _, stderr = batch.communicate(timeout=300)
        assert batch.returncode == 0, stderr.decode()
    render_all(three_specs, tmp_path / "alone", "--format", "svg,png,md")
    together = outputs(out)
    assert together.keys() == outputs(tmp_path / "alone").keys()
    for name, data in together.items():
        if name.endswith(".svg"):
            ElementTree.fromstring(data)
        elif name.endswith(".png"):
            assert data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")
        else:
            assert data == (tmp_path / "alone" / name).read_bytes()
    assert not [p for p in out.rglob("*.tmp")]


@needs_dot
def test_a_design_of_500_components_draws_its_overview_and_flows(tmp_path):
    """Issue 12's generated design: 500 components in 40 nested groups, 40 flows of 20 steps. CI draws the
    overview and two flows; bench/whole_process.py draws every view and times them."""
    spec = tmp_path / "large.yaml"
    spec.write_text(large_spec(), encoding="utf-8")
    result = runner.invoke(app, ["render", str(spec), "--out", str(tmp_path / "out"), "--format", "svg,png",
                                 "--view", "overview,flow:f0,seq:f0,flow:f39"])
    assert result.exit_code == 0, result.output
    drawn = sorted(p.name for p in (tmp_path / "out" / "large").iterdir())
    assert drawn == sorted(f"large{stem}.{fmt}" for stem in ("", ".flow-f0", ".seq-f0", ".flow-f39")
                           for fmt in ("svg", "png"))
    assert "view `large` misses the width budget" in result.output  # too dense to read, and said so
