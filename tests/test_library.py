"""The design library's bar, enforced for every file in specs/: a thin spec fails CI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from archgen.analyse import analyse
from archgen.catalog import Role
from archgen.pipeline import SpecSource, check, list_specs
from archgen.spec import Spec
from tests.conftest import shipped_specs, view_dots

SPECS_DIR = Path(__file__).resolve().parents[1] / "specs"
SHIPPED = set(shipped_specs())
SOURCES = [s for s in list_specs(SPECS_DIR) if s.path in SHIPPED] if SPECS_DIR.is_dir() else []
CATEGORIES = {"social", "communication", "media", "search", "storage", "infrastructure", "financial", "marketplace",
              "gaming"}
REQUIRED = ["chat", "url-shortener", "news-feed"]
CATALOGUE_DIR = Path(__file__).parent / "data" / "catalogue"
CATALOGUE = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
             for path in sorted(CATALOGUE_DIR.glob("*.yaml"))}
CATALOGUE_PROBLEMS = 60  # seed 004 lists 60 canonical problems
FIRST_STAGE_BOXES = 5  # "a few boxes": a client, a server, a database and a push provider or two


def _has_interview(source: SpecSource) -> bool:
    return re.search(r"^interview:", source.path.read_text(encoding="utf-8"), re.M) is not None


# The interview bar holds for every design that has a guide so far; it becomes SOURCES once all do.
GUIDED = [s for s in SOURCES if _has_interview(s)]


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


def catalogue_hard_parts(name: str) -> list[str]:
    entry = CATALOGUE[name]
    assert not entry.get("cut"), (f"{name}: seed 004 cuts its catalogue line short; finish `hard_parts` in "
                                  f"tests/data/catalogue/{name}.yaml and drop `cut` before writing the interview guide")
    return entry["hard_parts"]


def interview_problems(spec: Spec, hard_parts: list[str]) -> list[str]:
    """What the interview guide lacks, against the bar and the catalogue entry's hard parts."""
    guide = spec.interview
    if guide is None:
        return ["an `interview:` section"]
    problems: list[str] = []

    def need(ok: bool, what: str) -> None:
        if not ok:
            problems.append(what)

    need(len(guide.questions) >= 3, ">= 3 clarifying questions, each with its assumption")
    need(len(_sentences(guide.key_insight)) >= 2, "a key insight of two or three sentences")
    stages = guide.stages
    need(len(stages) >= 3, ">= 3 stages")
    need(not stages or len(stages[0].components) <= min(FIRST_STAGE_BOXES, len(stages[-1].components) - 1),
         f"a simple first stage: at most {FIRST_STAGE_BOXES} components, fewer than the last stage")
    need(all(re.search(r"\d", stage.numbers) for stage in stages), "figures in every stage's `numbers`")
    need(len(guide.deep_dives) >= 2, ">= 2 deep dives with their trade-offs")
    named = {_plain(part.part) for part in guide.hard_parts}
    missing = [part for part in hard_parts if _plain(part) not in named]
    need(not missing, f"the catalogue's hard parts, each named in a `part`: {missing}")
    silent = [fid for fid, flow in spec.flows.items() if not flow.narrative]
    need(not silent, f"a narrative for every flow: {silent}")
    return problems


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9'\"(])", text.strip()) if s]


def _plain(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")


def test_catalogue_maps_every_shipped_spec_to_its_entry():
    assert sorted(CATALOGUE) == sorted(s.name for s in SOURCES)
    titles = [title for item in CATALOGUE.values() for title in item["entries"]]
    assert len(titles) == len(set(titles)) == CATALOGUE_PROBLEMS
    assert [name for name, item in CATALOGUE.items() if not item["hard_parts"]] == []


@pytest.mark.parametrize("source", GUIDED, ids=lambda s: s.name)
def test_interview_guide_meets_the_bar(source: SpecSource):
    spec = check(source).spec
    assert interview_problems(spec, catalogue_hard_parts(source.name)) == []


def test_the_golden_chat_design_meets_the_interview_bar():
    golden = SPECS_DIR.parent / "tests" / "golden" / "messaging" / "spec.yaml"
    assert interview_problems(check(SpecSource("messaging", golden)).spec, catalogue_hard_parts("chat")) == []


THIN_GUIDE = """\
title: Thin
components:
  phone: {kind: mobile}
  server: {kind: service}
  db: {kind: sql_database}
flows:
  send: {steps: ["phone -> server: SEND"]}
  read: {narrative: The phone asks and the server answers., steps: ["phone -> server: GET"]}
interview:
  questions: [{question: How many users?, assumption: A million}]
  key_insight: One sentence only.
  stages:
    - {title: Everything, components: [phone, server, db], adds: all of it, why: it works, numbers: a few}
  deep_dives:
    storage: {title: Storage, tradeoff: SQL is simple until one primary cannot take the writes}
  hard_parts:
    - {part: Something else, how: somehow, components: [server]}
"""


def test_the_bar_names_everything_a_thin_guide_lacks():
    from archgen.load import load_text
    from archgen.validate import validate

    spec, _ = validate(load_text(THIN_GUIDE, "thin.yaml"))
    assert interview_problems(spec, ["Fan-out to many readers"]) == [
        ">= 3 clarifying questions, each with its assumption",
        "a key insight of two or three sentences",
        ">= 3 stages",
        f"a simple first stage: at most {FIRST_STAGE_BOXES} components, fewer than the last stage",
        "figures in every stage's `numbers`",
        ">= 2 deep dives with their trade-offs",
        "the catalogue's hard parts, each named in a `part`: ['Fan-out to many readers']",
        "a narrative for every flow: ['send']",
    ]
    assert interview_problems(spec.model_copy(update={"interview": None}), []) == ["an `interview:` section"]


def test_the_flagship_design_has_an_interview_guide():
    assert "chat" in {s.name for s in GUIDED}


def test_review_finds_nothing_open(analysed):
    open_findings = [f"{f.rule}: {f.message}" for f in analysed.findings if not f.silenced]
    assert open_findings == []


def test_spec_builds_every_view(analysed):
    dots = view_dots(analysed.model, SPECS_DIR)
    stages = analysed.model.spec.interview.stages if analysed.model.spec.interview else []
    assert len(dots) == 1 + 2 * len(analysed.model.flows) + len(stages)
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
