from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archgen.analyse import build_model
from archgen.errors import InputError, ToolError
from archgen.pipeline import RenderOptions, SpecSource, check, render
from archgen.render import dot_run as dot_run_module
from tests.conftest import MINIMAL, ROOT, assert_labels_are_inert, needs_dot, snapshot, view_dots, write_spec

GOLDEN_SPEC = ROOT / "tests" / "golden" / "messaging" / "spec.yaml"


def render_golden(out: Path, formats=("svg", "png", "md", "dot")) -> list[Path]:
    return render(SpecSource("messaging", GOLDEN_SPEC), RenderOptions(out, formats)).paths


@needs_dot
def test_render_writes_every_format(tmp_path):
    paths = render_golden(tmp_path)
    names = [p.name for p in paths]
    assert {"messaging.dot", "messaging.md", "messaging.png", "messaging.svg"} <= set(names)
    flows = ["send", "history", "connect"]
    for flow in flows:
        expected = {f"messaging.{kind}-{flow}.{fmt}" for kind in ("flow", "seq") for fmt in ("dot", "png", "svg")}
        assert expected <= set(names)
    stages = {p.name for p in paths if ".stage-" in p.name}
    assert len(stages) == 3 * 3, "the golden spec's three interview stages, in every drawn format"
    assert len(names) == 4 + 2 * 3 * len(flows) + len(stages)
    assert (tmp_path / "messaging" / "messaging.png").read_bytes().startswith(b"\x89PNG")
    markdown = (tmp_path / "messaging" / "messaging.md").read_text()
    assert "![Messaging (golden test): architecture overview](messaging.svg)" in markdown
    assert "![A. Send a message: flow view](messaging.flow-send.svg)" in markdown
    assert "![B. Read history: sequence diagram](messaging.seq-history.svg)" in markdown
    assert not list((tmp_path / "messaging").glob(".*tmp"))


@needs_dot
def test_svg_is_self_contained_with_embedded_icons_and_no_paths(tmp_path):
    render_golden(tmp_path, ("svg",))
    svg = (tmp_path / "messaging" / "messaging.svg").read_text()
    hrefs = re.findall(r'xlink:href="([^"]*)"', svg)
    assert len(hrefs) == len(check(SpecSource("messaging", GOLDEN_SPEC)).spec.components), "one image per component"
    assert all(h.startswith("data:image/png;base64,") for h in hrefs)
    assert "site-packages" not in svg and "/tmp" not in svg and str(ROOT) not in svg
    assert re.search(r"(?<![\w.])/(usr|home|root|work|var)/", svg) is None


@needs_dot
def test_two_renders_are_byte_identical_even_across_hash_seeds(tmp_path):
    render_golden(tmp_path / "a", ("svg", "md", "dot"))
    script = ("import sys; from pathlib import Path; from tests.test_render import render_golden; "
              "render_golden(Path(sys.argv[1]), ('svg', 'md', 'dot'))")
    for seed in ("1", "12345"):
        subprocess.run([sys.executable, "-c", script, str(tmp_path / seed)], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": seed})
    names = sorted(p.name for p in (tmp_path / "a" / "messaging").iterdir())
    assert len(names) == 21, "every view's SVG and DOT (overview, 3 flows twice, 3 stages), and the write-up"
    for name in names:
        first = (tmp_path / "a" / "messaging" / name).read_bytes()
        assert first == (tmp_path / "1" / "messaging" / name).read_bytes()
        assert first == (tmp_path / "12345" / "messaging" / name).read_bytes()


def test_node_ids_come_from_spec_ids_and_spec_text_is_never_html():
    text = MINIMAL.replace("GET /", '"<b>bold</b> & \\\\N {x|y}"')
    text = text.replace("kind: browser}", "kind: browser, label: '<i>x</i>'}")
    spec_path = ROOT / "tests" / "golden" / "messaging"  # any folder works: no custom icons
    from archgen.load import load_text
    from archgen.validate import validate

    spec, _ = validate(load_text(text, "s.yaml"), spec_path)
    dots = view_dots(build_model("m", spec), spec_path)
    overview, flow = dots["overview"], dots["flow-call"]
    assert re.search(r"^\s*client \[label=<", overview, re.M) and re.search(r"^\s*api \[label=<", overview, re.M)
    for dot in dots.values():
        assert_labels_are_inert(dot)
    assert "&lt;i&gt;x&lt;/i&gt;" in overview
    assert "&lt;b&gt;bold&lt;/b&gt;" in flow and "&amp;" in flow and "\\N" in flow and "{x|y}" in flow


@needs_dot
def test_generated_spec_of_200_components_in_groups_renders(tmp_path, spec_dir):
    lines = ["title: Large generated design", "groups:"]
    lines += [f"  g{g}: {{label: Tier {g}}}" for g in range(10)]
    lines += [f"  sub{g}: {{label: Sub {g}, parent: g{g}}}" for g in range(10)]
    lines.append("components:")
    kinds = ["service", "cache", "queue", "sql_database", "worker"]
    lines += [f"  c{i}: {{kind: {kinds[i % 5]}, group: {'sub' if i % 3 == 0 else 'g'}{i % 10}}}" for i in range(200)]
    lines.append("flows:")
    for f in range(20):
        lines += [f"  f{f}:", "    steps:"]
        lines += [f"      - c{(f * 7 + s * 13) % 200} -> c{(f * 11 + s * 17 + 1) % 200}: step {s}" for s in range(15)]
    write_spec(spec_dir, "large", "\n".join(lines) + "\n")
    try:
        paths = render(SpecSource("large", spec_dir / "large.yaml"), RenderOptions(tmp_path, ("svg", "png"))).paths
    except InputError as exc:  # a self-loop from the generator would be the spec's fault, not Graphviz's
        pytest.fail(str(exc))
    assert all(p.stat().st_size > 0 for p in paths)


@needs_dot
def test_failed_render_leaves_previous_outputs_intact(tmp_path, spec_dir, monkeypatch, rendered_once):
    source, options, before = rendered_once

    def failing_run(*args, **kwargs):
        raise ToolError("Graphviz failed (signal 11): simulated crash")

    monkeypatch.setattr(dot_run_module, "_run", failing_run)
    with pytest.raises(ToolError):
        render(source, options)
    monkeypatch.undo()
    write_spec(spec_dir, "m", MINIMAL.replace("title: Minimal", "title: [broken"))
    with pytest.raises(InputError):
        render(source, options)
    after = snapshot(tmp_path / "m")
    assert after == before


def test_missing_graphviz_is_one_clear_sentence(monkeypatch, tmp_path, spec_dir):
    monkeypatch.setattr(dot_run_module.shutil, "which", lambda name: None)
    write_spec(spec_dir, "m", MINIMAL)
    with pytest.raises(ToolError, match=r"Graphviz is not installed .*apt-get install graphviz"):
        render(SpecSource("m", spec_dir / "m.yaml"), RenderOptions(tmp_path, ("svg",)))


@needs_dot
def test_graphviz_timeout_is_reported(monkeypatch, tmp_path, spec_dir):
    write_spec(spec_dir, "m", MINIMAL)
    with pytest.raises(ToolError, match="did not finish within"):
        render(SpecSource("m", spec_dir / "m.yaml"), RenderOptions(tmp_path, ("svg",), timeout=0.000001))


def test_check_returns_warnings_without_failing(spec_dir):
    write_spec(spec_dir, "w", MINIMAL.replace("kind: service}", "kind: service, tech: nginxx}"))
    checked = check(SpecSource("w", spec_dir / "w.yaml"))
    assert [w.message for w in checked.warnings] == [
        "unknown tech `nginxx` in component `api`, drawn with the `service` icon"]


@needs_dot
def test_custom_icon_next_to_the_spec_is_drawn_and_embedded(tmp_path, spec_dir):
    from archgen.render.icons import icon_file

    (spec_dir / "icons").mkdir()
    icon = (spec_dir / "icons" / "legacy.png")
    icon.write_bytes(icon_file("onprem.inmemory.Redis")[1].read_bytes())
    write_spec(spec_dir, "custom", MINIMAL.replace("kind: service}", "kind: service, icon: icons/legacy.png}"))
    render(SpecSource("custom", spec_dir / "custom.yaml"), RenderOptions(tmp_path, ("svg", "dot")))
    assert '<IMG SRC="icons/legacy.png"' in (tmp_path / "custom" / "custom.dot").read_text()
    svg = (tmp_path / "custom" / "custom.svg").read_text()
    assert svg.count("data:image/png;base64,") == 2 and "legacy.png" not in svg


def test_a_graphviz_that_crashes_on_a_signal_is_reported(tmp_path, spec_dir, monkeypatch):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "dot").write_text("#!/bin/sh\nkill -SEGV $$\n")
    (fake_bin / "dot").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake_bin}:{os.environ['PATH']}")
    write_spec(spec_dir, "m", MINIMAL)
    with pytest.raises(ToolError, match=r"Graphviz failed \(signal 11\)"):
        render(SpecSource("m", spec_dir / "m.yaml"), RenderOptions(tmp_path / "out", ("svg",)))
    assert not (tmp_path / "out" / "m").exists()


@needs_dot
def test_failing_write_stage_leaves_previous_outputs_and_no_temp_files(tmp_path, spec_dir, monkeypatch,
                                                                       rendered_once):
    from archgen import write as write_module

    source, options, before = rendered_once
    write_spec(spec_dir, "m", MINIMAL.replace("title: Minimal", "title: Changed"))
    real_stage, calls = write_module._stage, []

    def disk_full_on_second_file(folder, name, data):
        calls.append(name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_stage(folder, name, data)

    monkeypatch.setattr(write_module, "_stage", disk_full_on_second_file)
    with pytest.raises(OSError):
        render(source, options)
    after = snapshot(tmp_path / "m")
    assert after == before, "no output replaced, no temp file left behind"
