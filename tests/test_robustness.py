"""Hostile input: names and paths, text that reaches Graphviz and Markdown, fuzzed specs, failing stages."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from archgen.analyse import analyse
from archgen.errors import InputError
from archgen.load import load_text
from archgen.pipeline import RenderOptions, SpecSource, render, resolve
from archgen.render import writeup as writeup_module
from archgen.render.writeup import render_writeup
from archgen.validate import validate
from tests.conftest import (
    MINIMAL,
    ROOT,
    assert_labels_are_inert,
    html_labels,
    needs_dot,
    snapshot,
    view_dots,
    write_spec,
)

HOSTILE = '''\
title: "Hostile <script>alert(1)</script> & {{ 7*7 }} | pipes"
summary: "Line one\\nline two with <b>bold</b> and `ticks` and {% raw %}"
components:
  client: {kind: browser, label: "Quote \\" back\\\\slash \\\\N \\\\G <i>html</i> {rec|ord}"}
  api: {kind: service, label: "مرحبا — שלום 👋 ${HOME} %s", description: "a | b\\n# heading"}
flows:
  call:
    title: "<img src=x onerror=alert(1)>"
    narrative: "<script>n()</script> {{ 7*7 }}\\n## Not a heading"
    steps:
      - {from: client, to: api, label: "x | y <br> {{ spec }}\\nnext line"}
interfaces:
  external:
    - {method: GET, path: "/a|b", purpose: "pipe | in cell", request: "`code`"}
bottlenecks:
  - {issue: "| leading pipe", mitigation: "trailing pipe |"}
tradeoffs:
  - {decision: "<b>Store</b> | x", chosen: a, why: b}
interview:
  key_insight: "<script>k()</script>\\n# Not a heading. {% raw %} second."
  questions: [{question: "<i>q</i>\\n1. not an item", assumption: "{{ 7*7 }} | a"}]
  stages:
    - {title: "<b>s</b>\\n# x", components: [client, api], adds: "<img src=y>", why: "| w", numbers: "\\n- 1"}
  deep_dives:
    d: {title: "<script>t()</script>", question: "<i>?</i>", answer: "{{ spec }}", tradeoff: "a\\n> quote"}
  hard_parts:
    - {part: "<b>p</b>", how: "<i>h</i>", flows: call, components: api, tradeoffs: "<b>Store</b> | x", deep_dives: d}
'''


def analysed(text: str):
    spec, _ = validate(load_text(text, "s.yaml"))
    return analyse("hostile", spec)


def test_hostile_text_cannot_inject_html_or_break_tables():
    markdown = render_writeup(analysed(HOSTILE), None, {"overview": "hostile.svg"})
    assert "<script>" not in markdown and "<img" not in markdown and "<b>" not in markdown and "<i>" not in markdown
    assert "&lt;script>" in markdown
    title = markdown.splitlines()[0]
    assert "{{ 7\\*7 }}" in title and "49" not in title, "spec text is never evaluated as a template"
    assert_tables_are_rectangular(markdown)
    assert "Not a heading" in markdown and not re.search(r"^#+ Not a heading", markdown, re.M)
    assert_interview_guide_keeps_its_shape(markdown)


GUIDE_LINE = re.compile(r"(## |### |#### |> \*\*Key insight\.\*\* |- \*\*|\d+\. \*\*"
                        r"|How to walk |Ask these first|Start with the smallest |$)")


def assert_interview_guide_keeps_its_shape(markdown: str) -> None:
    """Every line of the guide starts as the template wrote it: spec text never opens a line of its own."""
    guide = markdown.split("## Interview guide\n", 1)[1].split("\n## 1. Requirements", 1)[0]
    assert [line for line in guide.splitlines() if not GUIDE_LINE.match(line)] == []


def assert_tables_are_rectangular(markdown: str) -> None:
    """Every row of every table has as many cells as its separator row: no cell text broke out."""
    lines = markdown.splitlines()
    tables = 0
    for index, line in enumerate(lines):
        if line.startswith("|---") or line.startswith("|--"):
            tables += 1
            width = len(_cells(line))
            rows = [lines[index - 1]]
            rows += [row for row in _following_rows(lines[index + 1:])]
            assert all(len(_cells(row)) == width for row in rows), rows
    assert tables >= 3


def _following_rows(lines: list[str]):
    for line in lines:
        if not line.startswith("|"):
            return
        yield line


def _cells(row: str) -> list[str]:
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_hostile_text_reaches_graphviz_as_escaped_label_text():
    dots = view_dots(analysed(HOSTILE).model, ROOT)
    for dot in dots.values():
        assert_labels_are_inert(dot)
        assert "<b>" not in dot and "<script>" not in dot
    overview = dots["overview"]
    assert "&lt;b&gt;" in overview or "&lt;script&gt;" in overview
    assert "\\\\N" in overview, "backslashes in tooltips are doubled so Graphviz never expands them"


@needs_dot
def test_hostile_spec_renders_every_format(tmp_path, spec_dir):
    write_spec(spec_dir, "hostile", HOSTILE)
    paths = render(SpecSource("hostile", spec_dir / "hostile.yaml"), RenderOptions(tmp_path)).paths
    svg = (tmp_path / "hostile" / "hostile.svg").read_text()
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert {p.suffix for p in paths} == {".svg", ".png", ".md"}


def test_very_long_labels_are_wrapped_and_marked_when_cut():
    text = MINIMAL.replace("kind: service}", "kind: service, label: " + "word " * 60 + "}")
    dot = view_dots(analysed(text).model, ROOT)["overview"]
    label = next(label for label in html_labels(dot) if "word word" in label)
    assert label.count("<BR/>") == 2 and "…" in label, "three lines at most, the last marked as cut"


def test_symlink_out_of_specs_folder_is_refused(tmp_path, spec_dir):
    outside = tmp_path / "secret.yaml"
    outside.write_text(MINIMAL)
    (spec_dir / "sneaky.yaml").symlink_to(outside)
    with pytest.raises(InputError, match="links outside"):
        resolve("sneaky", spec_dir)


@pytest.mark.parametrize("name", ["../escape", "my design", "caf\u00e9 spec", "a/b", ".hidden"])
def test_unusable_names_are_input_errors(name, spec_dir):
    with pytest.raises(InputError):
        resolve(name, spec_dir)


def test_path_with_spaces_in_file_name_is_refused_before_writing(tmp_path):
    path = tmp_path / "my design.yaml"
    path.write_text(MINIMAL)
    with pytest.raises(InputError, match="cannot name an output folder"):
        resolve(str(path), tmp_path)


@needs_dot
def test_outputs_do_not_depend_on_the_current_directory(tmp_path):
    script = ("import sys; from pathlib import Path; from archgen.pipeline import *; "
              "render(resolve(sys.argv[1], Path('specs')), RenderOptions(Path(sys.argv[2]), ('svg', 'md', 'dot')))")
    spec = ROOT / "tests" / "golden" / "messaging" / "spec.yaml"
    for cwd, target in ((ROOT, "tests/golden/messaging/spec.yaml"), (tmp_path, str(spec))):
        subprocess.run([sys.executable, "-c", script, target, str(tmp_path / cwd.name)], check=True, cwd=cwd,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    first, second = tmp_path / ROOT.name / "spec", tmp_path / tmp_path.name / "spec"
    for name in ("spec.svg", "spec.md", "spec.dot"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


@needs_dot
def test_failing_writeup_stage_leaves_previous_outputs(tmp_path, spec_dir, monkeypatch, rendered_once):
    source, options, before = rendered_once

    def broken(*args, **kwargs):
        raise writeup_module.TemplateError("simulated template failure")

    monkeypatch.setattr(writeup_module, "render_template", broken)
    with pytest.raises(writeup_module.TemplateError):
        render(source, options)
    assert snapshot(tmp_path / "m") == before


def test_broken_user_template_is_a_clear_input_error(tmp_path):
    (tmp_path / "writeup.md.j2").write_text("# {{ spec.title }\n")
    with pytest.raises(writeup_module.TemplateError, match="template syntax error"):
        render_writeup(analysed(MINIMAL), tmp_path, {"overview": "x.svg"})
    (tmp_path / "writeup.md.j2").write_text("# {{ spec.no_such_field }}\n")
    with pytest.raises(writeup_module.TemplateError, match="no_such_field"):
        render_writeup(analysed(MINIMAL), tmp_path, {"overview": "x.svg"})


# --- fuzzing the whole pipeline -------------------------------------------------------------

ids = st.sampled_from(["client", "api", "db", "cache", "bus", "apii", "x-1", "9bad", ""])
text = st.text(max_size=30)
amounts = st.sampled_from(["1KB", "5y", "200ms", "1M"])
values = st.one_of(text, st.integers(-5, 10**6), st.booleans(), st.none(), amounts)
step = st.one_of(
    st.builds(lambda a, b, label, arrow: {f"{a} {arrow} {b}": label}, ids, ids, text, st.sampled_from(["->", "~>"])),
    st.builds(lambda a, b: f"{a} -> {b}", ids, ids),
    st.fixed_dictionaries({"from": ids, "to": ids}, optional={"label": values, "async": values, "latency": values}),
    values,
)
component = st.fixed_dictionaries(
    {"kind": st.sampled_from(["service", "browser", "cache", "queue", "sql_database", "servce", "cdn"])},
    optional={"tech": st.sampled_from(["redis", "kafka", "nope"]), "group": st.sampled_from(["g", "h"]),
              "replicas": values, "label": values, "rate_limit": values, "region": st.sampled_from(["us", "eu"])},
)
specs = st.fixed_dictionaries(
    {"title": values, "components": st.dictionaries(ids, component, max_size=5)},
    optional={
        "groups": st.dictionaries(st.sampled_from(["g", "h"]), st.fixed_dictionaries(
            {}, optional={"label": values, "parent": st.sampled_from(["g", "h", "z"])}), max_size=2),
        "flows": st.dictionaries(ids, st.fixed_dictionaries({"steps": st.lists(step, max_size=5)},
                                                           optional={"latency_target": values}), max_size=3),
        "load": st.fixed_dictionaries({}, optional={"users": values, "peak_factor": values, "actions": st.dictionaries(
            ids, st.fixed_dictionaries({"type": st.sampled_from(["read", "write", "x"])},
                                       optional={"per_day": values, "per_user_per_day": values, "size": values}),
            max_size=3)}),
        "summry": values,
    },
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs, st.integers(min_value=0, max_value=2000), st.booleans())
def test_random_and_truncated_specs_render_or_fail_with_positions(data, cut, truncate):
    source = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    source = source[:cut] if truncate else source
    try:
        spec, _ = validate(load_text(source, "s.yaml"))
    except InputError as exc:
        assert exc.diagnostics
        assert all(d.pos is not None and d.pos.line >= 1 and d.pos.column >= 1 for d in exc.diagnostics)
        return
    result = analyse("fuzz", spec)
    for dot in view_dots(result.model, ROOT).values():
        assert_labels_are_inert(dot)
    render_writeup(result, None, {"overview": "fuzz.svg"})
    event("rendered")


@st.composite
def valid_specs(draw) -> dict:
    """Structurally valid specs whose text is arbitrary unicode: they must always render."""
    free = st.text(max_size=40)
    names = draw(st.lists(st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True), min_size=2, max_size=8, unique=True))
    groups = draw(st.lists(st.sampled_from(["tier_a", "tier_b", "tier_c"]), unique=True, max_size=3))
    kinds = st.sampled_from(["service", "browser", "mobile", "cache", "queue", "stream", "sql_database",
                             "object_storage", "cdn", "load_balancer", "api_gateway", "worker", "external"])
    components = {name: {"kind": draw(kinds), "label": draw(free), "replicas": draw(st.integers(1, 10_000)),
                         **({"group": draw(st.sampled_from(groups))} if groups and draw(st.booleans()) else {})}
                  for name in names}
    pairs = st.tuples(st.sampled_from(names), st.sampled_from(names)).filter(lambda p: p[0] != p[1])
    said = free.filter(lambda t: re.sub(r"[\x00-\x1f\x7f-\x9f]", "", t).strip())
    decision = draw(said)
    subset = st.lists(st.sampled_from(names), min_size=1, unique=True)
    flows = {f"flow{i}": {"title": draw(free), "latency_target": draw(st.sampled_from(["50ms", "1s"])),
                          "narrative": draw(free),
                          "steps": [{"from": a, "to": b, "label": draw(free), "async": draw(st.booleans())}
                                    for a, b in draw(st.lists(pairs, min_size=1, max_size=6))]}
             for i in range(draw(st.integers(0, 3)))}
    return {
        "title": draw(said),
        "summary": draw(free),
        "groups": {g: {"label": draw(free)} for g in groups},
        "components": components,
        "flows": flows,
        "load": {"users": "1M", "actions": {"r": {"type": "read", "per_user_per_day": 3, "size": "2KB"},
                                            "w": {"type": "write", "per_day": draw(st.integers(0, 10**9)),
                                                  "size": "1KB"}}},
        "bottlenecks": [{"issue": draw(free), "mitigation": draw(free), "components": [names[0]]}],
        "tradeoffs": [{"decision": decision, "chosen": draw(free), "why": draw(free)}],
        "interview": {
            "key_insight": draw(free),
            "questions": [{"question": draw(said), "assumption": draw(said)} for _ in range(draw(st.integers(0, 3)))],
            "stages": [{"title": draw(said), "components": draw(subset), "adds": draw(said), "why": draw(said),
                        "numbers": draw(said)}
                       for _ in range(draw(st.integers(0, 3)))],
            "deep_dives": {"dive": {"title": draw(said), "question": draw(free), "tradeoff": draw(said)}},
            "hard_parts": [{"part": draw(said), "how": draw(said), "components": names[:1], "tradeoffs": [decision],
                            "deep_dives": ["dive"], "flows": list(flows)[:1]}],
        },
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_specs())
def test_valid_specs_with_arbitrary_text_always_render(data):
    source = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    spec, _ = validate(load_text(source, "s.yaml"))
    result = analyse("fuzz", spec)
    for dot in view_dots(result.model, ROOT).values():
        assert_labels_are_inert(dot)
    markdown = render_writeup(result, None, {"overview": "fuzz.svg"})
    assert_tables_are_rectangular(markdown)
    assert_interview_guide_keeps_its_shape(markdown)


@needs_dot
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(valid_specs())
def test_graphviz_accepts_any_label_text(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    write_spec(folder, "fuzz", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    render(SpecSource("fuzz", folder / "fuzz.yaml"), RenderOptions(folder / "out", ("svg",)))
    assert (folder / "out" / "fuzz" / "fuzz.svg").stat().st_size > 0
