"""The design library's bar, enforced for every file in specs/: a thin spec fails CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.analyse import analyse
from archgen.catalog import Role
from archgen.pipeline import list_specs
from tests.conftest import view_dots

SPECS_DIR = Path(__file__).resolve().parents[1] / "specs"
SOURCES = list_specs(SPECS_DIR) if SPECS_DIR.is_dir() else []
CATEGORIES = {"social", "communication", "media", "search", "storage", "infrastructure", "financial", "marketplace",
              "gaming"}
REQUIRED = ["chat", "url-shortener", "news-feed"]


def test_the_core_designs_ship():
    assert {s.name for s in SOURCES} >= set(REQUIRED)


@pytest.fixture(params=SOURCES, ids=lambda s: s.name)
def analysed(request):
    from archgen.pipeline import check

    checked = check(request.param)
    assert checked.warnings == [], [str(w) for w in checked.warnings]
    return analyse(request.param.name, checked.spec)


def test_spec_meets_the_bar(analysed):
    spec, model = analysed.model.spec, analysed.model
    problems: list[str] = []

    def need(ok: bool, what: str) -> None:
        if not ok:
            problems.append(what)

    need(spec.category in CATEGORIES, f"category `{spec.category}` is not one of {sorted(CATEGORIES)}")
    need(len(spec.summary) >= 80, "a one-paragraph summary")
    need(len(spec.requirements.functional) >= 3, ">= 3 functional requirements")
    need(len(spec.requirements.non_functional) >= 3, ">= 3 non-functional requirements")
    need(sum(any(ch.isdigit() for ch in r) for r in spec.requirements.non_functional) >= 3,
         ">= 3 non-functional requirements with a concrete figure")
    servers = [c for c in model.components.values() if c.role != Role.CLIENT]
    need(len(model.components) >= 8, ">= 8 components")
    need(sum(c.tech is not None for c in servers) >= 0.6 * len(servers), "a real tech for most components")
    need(len(spec.groups) >= 2, ">= 2 groups (tiers)")
    need(sum(c.group is not None for c in servers) >= 0.75 * len(servers), "most components grouped into tiers")
    need(len(spec.flows) >= 2, ">= 2 flows")
    need(all(step.label for flow in spec.flows.values() for step in flow.steps), "every flow step labelled")
    need(len(spec.interfaces.external) >= 3, ">= 3 external APIs")
    need(len(spec.interfaces.internal) >= 1, "internal interfaces")
    load = spec.load
    need(load.users is not None or all(a.per_day for a in load.actions.values()), "users (or absolute rates)")
    need({"peak_factor", "retention"} <= load.model_fields_set, "explicit peak_factor and retention")
    need({a.type for a in load.actions.values()} == {"read", "write"}, "read and write actions")
    need(all(a.size > 0 for a in load.actions.values()), "a size for every action")
    models = spec.storage.models.values()
    need(len(spec.storage.models) >= 2, ">= 2 data models")
    need(all(e.primary_key or e.partition_key for e in models), "keys for every data model")
    need(bool(spec.storage.scaling.sharding and spec.storage.scaling.replication), "sharding and replication")
    need(len(spec.bottlenecks) >= 2, ">= 2 bottlenecks with mitigations")
    need(len(spec.tradeoffs) >= 2, ">= 2 trade-offs")
    need(len(spec.failure_modes) >= 1, "failure modes")
    assert problems == [], f"{model.name} misses: " + "; ".join(problems)


def test_review_finds_nothing_open(analysed):
    open_findings = [f"{f.rule}: {f.message}" for f in analysed.findings if not f.silenced]
    assert open_findings == []


def test_spec_builds_every_view(analysed):
    dots = view_dots(analysed.model, SPECS_DIR)
    assert len(dots) == 1 + 2 * len(analysed.model.flows)
    assert all(dot.startswith("digraph") for dot in dots.values())


def test_readme_links_every_design():
    readme = (SPECS_DIR.parent / "README.md").read_text(encoding="utf-8")
    assert [s.name for s in SOURCES if f"(specs/{s.name}.yaml)" not in readme] == []


def test_docs_copy_of_the_chat_writeup_is_current():
    from archgen.pipeline import RenderOptions, SpecSource, check, writeup_text

    committed = SPECS_DIR.parent / "docs" / "chat" / "chat.md"
    analysis = analyse("chat", check(SpecSource("chat", SPECS_DIR / "chat.yaml")).spec)
    fresh = writeup_text(analysis, RenderOptions(SPECS_DIR.parent / "docs"))
    assert committed.read_text(encoding="utf-8") == fresh, "run `make docs` and commit docs/chat/"
