"""Per-component and per-flow summaries of every model, for the write-up, `--json` and an HTML panel.

A figure that cannot be computed (no load reaches the component, no target is set) is None, never 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archgen.analyse.availability import ComponentAvailability, FlowAvailability
from archgen.analyse.budgets import FlowBudget, Percentiles
from archgen.analyse.capacity import CapacityResult
from archgen.analyse.model import Frozen, Model
from archgen.analyse.profile import Profile
from archgen.analyse.review import Finding
from archgen.analyse.stores import CacheSize, StoreSize
from archgen.analyse.traffic import ComponentLoad, FlowLoad
from archgen.catalog import Role

if TYPE_CHECKING:
    from archgen.analyse import Analysis


class ComponentReport(Frozen):
    id: str
    label: str
    kind: str
    tech: str | None
    instances: int
    zones: int | None
    copies: int
    managed: str | None  # who sizes it instead of us, and why
    load: ComponentLoad | None
    capacity: CapacityResult | None
    storage: StoreSize | None
    cache: CacheSize | None
    work_p50: float | None
    work_p99: float | None
    work_source: str | None
    availability: ComponentAvailability | None
    findings: list[str]  # "rule: message" for every finding naming it, open or accepted


class FlowReport(Frozen):
    id: str
    letter: str
    title: str
    actions: list[str]
    average_rps: float | None
    peak_rps: float | None
    response: Percentiles | None
    end_to_end: Percentiles
    target_seconds: float | None
    target_percentile: str | None
    judged: str  # "response" or "end to end"
    compared_seconds: float | None
    latency_verdict: str | None  # "within" or "over"; None without a target
    availability: float | None
    availability_target: float | None
    availability_verdict: str | None


def component_reports(model: Model, profiles: dict[str, Profile], loads: dict[str, ComponentLoad],
                      capacities: dict[str, CapacityResult], stores: list[StoreSize], caches: list[CacheSize],
                      availability: dict[str, ComponentAvailability],
                      findings: list[Finding]) -> dict[str, ComponentReport]:
    by_store = {s.store: s for s in stores}
    by_cache = {c.cache: c for c in caches}
    reports = {}
    for cid, component in model.components.items():
        if component.role == Role.CLIENT:
            continue
        profile = profiles[cid]
        reports[cid] = ComponentReport(
            id=cid, label=component.label, kind=component.kind, tech=profile.tech, instances=profile.instances,
            zones=profile.zones, copies=profile.copies, managed=profile.managed or profile.third_party,
            load=loads.get(cid), capacity=capacities.get(cid), storage=by_store.get(cid), cache=by_cache.get(cid),
            work_p50=profile.work.p50, work_p99=profile.work.p99, work_source=profile.work.reason,
            availability=availability.get(cid),
            findings=[f"{f.rule}: {detail}" for f in findings
                      for subject, detail in zip(f.subjects, f.details, strict=True) if subject == cid])
    return reports


def flow_reports(model: Model, loads: list[FlowLoad], budgets: list[FlowBudget],
                 availability: list[FlowAvailability]) -> list[FlowReport]:
    reports = []
    for flow, load, budget, avail in zip(model.flows, loads, budgets, availability, strict=True):
        reports.append(FlowReport(
            id=flow.id, letter=flow.letter, title=flow.title, actions=load.actions, average_rps=load.average_rps,
            peak_rps=load.peak_rps, response=budget.response, end_to_end=budget.end_to_end,
            target_seconds=budget.target_seconds, target_percentile=budget.target_percentile,
            judged="end to end" if budget.judged_end_to_end else "response",
            compared_seconds=budget.compared_seconds,
            latency_verdict=None if budget.within_target is None else "within" if budget.within_target else "over",
            availability=avail.value.value if avail.path else None, availability_target=avail.target,
            availability_verdict=None if avail.meets is None else "meets" if avail.meets else "below"))
    return reports


JSON_FORMAT = 1  # bumped when a key is renamed or removed; new keys may appear without a bump
ESTIMATE_KEYS = ("format", "name", "title", "load", "flows", "budgets", "components")
REVIEW_KEYS = ("format", "specs")


def estimate_document(analysis: Analysis) -> dict[str, Any]:
    """`archgen estimate --json`: the estimates, per-flow summaries and budgets, per-component panels."""
    dump = analysis.model_dump(mode="json")
    document = {
        "format": JSON_FORMAT, "name": analysis.model.name, "title": analysis.model.spec.title,
        "load": {"actions": dump["estimates"]["actions"], "totals": dump["estimates"]["totals"]},
        "flows": dump["flows"], "budgets": dump["budgets"], "components": list(dump["components"].values()),
    }
    assert tuple(document) == ESTIMATE_KEYS
    return document


def review_document(reviews: list[tuple[str, list[Finding]]]) -> dict[str, Any]:
    """`archgen review --json`: every spec's findings, open and accepted."""
    specs = [{"name": name, "open": sum(not f.silenced for f in findings),
              "accepted": sum(bool(f.silenced) for f in findings),
              "findings": [f.model_dump(mode="json") for f in findings]} for name, findings in reviews]
    return {"format": JSON_FORMAT, "specs": specs}
