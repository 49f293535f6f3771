"""Mermaid, D2 and PlantUML exports: escaping, goldens, and the real tools on every shipped spec and on
hostile text. Tests marked `exports` run the tools; they batch a spec's files into one invocation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archgen.analyse import analyse
from archgen.pipeline import RenderOptions, SpecSource, check, render_files, writeup_text
from archgen.render import d2, mermaid, plantuml
from archgen.render.escape import d2_string, fold_whitespace, mermaid_text, plantuml_text
from archgen.views import build_views
from archgen.views.model import GraphView, SequenceView, View
from tests import export_tools as tools
from tests.conftest import ROOT, shipped_specs

GOLDEN = ROOT / "tests" / "golden" / "messaging"
LIBRARY = [SpecSource(path.stem, path) for path in shipped_specs()]
HOSTILE_PIECES = ['"', "'", "\n", "]", "[", "}", "{", ";", "-->", "->>", "%%", "%%{init}%%", "@enduml", "@startuml",
                  "`", "```", "#", "#quot;", "#35;", "|", "|md", "$", "${x}", "%date()", "\\", "\\n", "<b>", "</div>",
                  "&amp;", "**", "//", "--", "__", "~~", "[[x]]", "<U+0041>", "end", "subgraph", "é", "中", "😀", "·"]
HOSTILE = ('He said "hi" ]} ; --> %% @enduml `x` # #quot; |md $x ${y} %date() \\n <b>b</b> [[l]] ~ é 中 😀'
           "\nend")


def _views(case: Path | SpecSource) -> list[View]:
    source = case if isinstance(case, SpecSource) else SpecSource(case.name, case / "spec.yaml")
    return build_views(analyse(source.name, check(source).spec).model).all()


# ---- escaping: round trips, and nothing outside the language's plain text ----

@given(st.text())
def test_mermaid_text_is_plain_and_round_trips(text: str):
    escaped = mermaid_text(text)
    assert re.fullmatch(r"([A-Za-z0-9 .,]|#\d+;|[^\x00-\x7f])*", escaped)
    assert re.sub(r"#(\d+);", lambda m: chr(int(m[1])), escaped) == fold_whitespace(text)


@given(st.text())
def test_d2_string_keeps_quotes_backslashes_and_dollars_literal(text: str):
    quoted = d2_string(text)
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"' and not re.search(r'(?<!\\)(\\\\)*["$]', inner.replace('\\"', "").replace(
        "\\$", ""))
    assert re.sub(r"\\(.)", r"\1", inner) == fold_whitespace(text)


@given(st.text())
def test_plantuml_text_is_plain_and_round_trips(text: str):
    escaped = plantuml_text(text)
    assert all(c.isalnum() or c in " .,<>+" for c in escaped)
    assert re.fullmatch(r"([A-Za-z0-9 .,]|<U\+[0-9A-F]{4,6}>|[^\x00-\x7f])*", escaped)
    assert re.sub(r"<U\+([0-9A-F]+)>", lambda m: chr(int(m[1], 16)), escaped) == fold_whitespace(text)


# ---- goldens ----

def test_exports_match_goldens(check_golden):
    views = {view.id: view for view in _views(GOLDEN)}
    first = next(view.flow for view in views.values() if view.kind == "flow")
    check_golden(GOLDEN / "expected.overview.mmd", mermaid.view(views["overview"]))
    check_golden(GOLDEN / "expected.flow.mmd", mermaid.view(views[f"flow-{first}"]))
    check_golden(GOLDEN / "expected.seq.mmd", mermaid.view(views[f"seq-{first}"]))
    check_golden(GOLDEN / "expected.d2", d2.design(list(views.values())))
    check_golden(GOLDEN / "expected.overview.puml", plantuml.view(views["overview"]))
    check_golden(GOLDEN / "expected.seq.puml", plantuml.view(views[f"seq-{first}"]))


def test_writeup_carries_mermaid_blocks_instead_of_or_beside_images():
    analysis = analyse("messaging", check(SpecSource("messaging", GOLDEN / "spec.yaml")).spec)
    views = len(_views(GOLDEN))
    only = writeup_text(analysis, RenderOptions(Path("out"), diagrams="mermaid"))
    both = writeup_text(analysis, RenderOptions(Path("out"), diagrams="both"))
    images = writeup_text(analysis, RenderOptions(Path("out")))
    assert only.count("```mermaid\n") == both.count("```mermaid\n") == views
    assert "](messaging.svg)" not in only and "](messaging.svg)" in both and "](messaging.svg)" in images
    assert "```mermaid" not in images
    assert "\nflowchart " in only and "```mermaid\nsequenceDiagram" in only


def test_render_writes_one_file_per_view_and_format(tmp_path: Path):
    checked = check(SpecSource("messaging", GOLDEN / "spec.yaml"))
    options = RenderOptions(tmp_path, formats=("mermaid", "d2", "puml"))
    files, _ = render_files(checked, options)
    views = _views(GOLDEN)
    stems = {"messaging" if v.kind == "overview" else f"messaging.{v.id}" for v in views}
    assert set(files) == {f"{s}.mmd" for s in stems} | {f"{s}.puml" for s in stems} | {"messaging.d2"}
    again, _ = render_files(checked, options)
    assert again == files


# ---- the real tools ----

def _texts(view: View) -> list[str]:
    """Every piece of spec-derived text the view shows."""
    if isinstance(view, SequenceView):
        return ([view.title] + [p.label for p in view.participants] + [p.detail for p in view.participants]
                + [f"{m.tag} {m.label}" for m in view.messages] + [n.text for n in view.notes])
    from archgen.render.exports import edge_text

    return ([n.label for n in view.nodes] + [n.detail for n in view.nodes] + [g.label for g in view.groups]
            + [edge_text(e) for e in view.edges])


def _check_shown(svg: str, view: View, tool: str) -> None:
    seen = tools.svg_text(svg)
    missing = [text for text in _texts(view) if tools.shown(text) not in seen]
    assert missing == [], f"{tool} does not show this text of {view.id}: {missing}"


def check_with_mermaid(views: list[View], work: Path) -> None:
    svgs = tools.mermaid_svgs({view.id: mermaid.view(view) for view in views}, work)
    for view in views:
        svg = svgs[view.id]
        _check_shown(svg, view, "mmdc")
        if isinstance(view, GraphView):
            assert tools.mermaid_counts(svg) == (len(view.nodes), len(view.edges)), view.id
        else:
            assert tools.mermaid_messages(svg) == len(view.messages), view.id


def check_with_d2(views: list[View], work: Path) -> None:
    svgs = tools.d2_svgs(d2.design(views), work)
    boards = {("index" if view.kind == "overview" else view.id): view for view in views}
    assert set(svgs) == set(boards)
    for name, view in boards.items():
        _check_shown(svgs[name], view, "d2")
        if isinstance(view, GraphView):
            assert tools.d2_counts(svgs[name]) == (len(view.nodes), len(view.edges)), name


def check_with_plantuml(views: list[View], work: Path) -> None:
    svgs = tools.plantuml_svgs({view.id: plantuml.view(view) for view in views}, work)
    for view in views:
        _check_shown(svgs[view.id], view, "plantuml")
        if isinstance(view, GraphView):
            assert tools.plantuml_counts(svgs[view.id]) == (len(view.nodes), len(view.edges)), view.id
        else:
            tags = {m.tag for m in view.messages}
            found = [tag for tag in re.findall(r">([A-Z]+\d+)(?: |<)", svgs[view.id]) if tag in tags]
            assert sorted(found) == sorted(tags), view.id


CHECKS = {"mermaid": check_with_mermaid, "d2": check_with_d2, "plantuml": check_with_plantuml}


@pytest.mark.exports
@pytest.mark.parametrize("tool", sorted(CHECKS))
@pytest.mark.parametrize("source", LIBRARY, ids=lambda s: s.name)
def test_real_tools_render_every_shipped_export(source: SpecSource, tool: str, tmp_path: Path):
    CHECKS[tool](_views(source), tmp_path)


HOSTILE_TEXT = (st.lists(st.sampled_from(HOSTILE_PIECES) | st.text(st.characters(
    categories=("L", "N", "P", "S", "Zs")), max_size=4), min_size=1, max_size=6)
    .map(lambda parts: "x" + "".join(parts)))


def hostile_spec(texts: list[str]) -> str:
    """A small design whose every label, title and tier name is hostile text."""
    t = (texts * 8)[:8]
    return yaml.safe_dump({
        "title": t[0],
        "groups": {"edge": {"label": t[1]}, "core": {"label": t[2], "parent": "edge"}},
        "components": {
            "client": {"kind": "browser", "label": t[3]},
            "api": {"kind": "service", "label": t[4], "group": "edge", "replicas": 3},
            "db": {"kind": "sql_database", "label": t[5], "group": "core", "tech": "postgres"},
            "queue": {"kind": "queue", "label": "end", "group": "core", "dead_letter": "dlq"},
            "dlq": {"kind": "queue", "label": "graph"},
        },
        "flows": {"end": {"title": t[6], "latency_target": "200ms", "steps": [
            {"from": "client", "to": "api", "label": t[7]},
            {"from": "api", "to": "db", "label": t[0]},
            {"from": "db", "to": "api", "label": t[1]},
            {"from": "api", "to": "queue", "label": t[2], "async": True},
            {"from": "queue", "to": "dlq", "label": t[3], "async": True},
        ]}},
    }, allow_unicode=True)


@pytest.mark.exports
@pytest.mark.parametrize("tool", sorted(CHECKS))
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(texts=st.lists(HOSTILE_TEXT, min_size=1, max_size=8))
@example(texts=[HOSTILE, *HOSTILE_PIECES])
def test_hostile_text_stays_text_in_every_tool(tool: str, texts: list[str], tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.yaml").write_text(hostile_spec(texts), encoding="utf-8")
    views = _views(SpecSource("hostile", folder / "hostile.yaml"))
    CHECKS[tool](views, folder / "out")


def test_a_missing_tool_skips_locally_and_fails_in_ci(monkeypatch):
    monkeypatch.setattr(tools, "MMDC", Path("/nonexistent/mmdc"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        tools.require("mmdc")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run every export check"):
        tools.require("mmdc")
