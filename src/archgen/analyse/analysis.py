"""Analyse stage: pure functions from a validated Spec to what renderers consume.

Order: the resolved model; estimates per load action; load traced through the flows to every
component; capacity and headroom; percentile latency budgets (queueing uses the utilization);
storage per store and cache sizing; availability; the review, which sees all of it; and the
per-component and per-flow summaries.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from archgen.analyse.availability import (
    ComponentAvailability,
    FlowAvailability,
    component_availability,
    flow_availability,
)
from archgen.analyse.budgets import FlowBudget, latency_budgets
from archgen.analyse.capacity import CapacityResult, capacities
from archgen.analyse.estimates import Estimates, estimate, with_traced_servers
from archgen.analyse.model import Model, build_model
from archgen.analyse.profile import profiles
from archgen.analyse.report import ComponentReport, FlowReport, component_reports, flow_reports
from archgen.analyse.review import Finding, review
from archgen.analyse.review_context import Context
from archgen.analyse.stores import CacheSize, StoreSize, cache_sizes, store_sizes
from archgen.analyse.traffic import Traffic, trace
from archgen.spec import Spec


class Analysis(BaseModel):
    """The resolved model plus everything computed from it. JSON-dumpable: `model_dump(mode="json")`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: Model
    estimates: Estimates
    traffic: Traffic
    capacities: dict[str, CapacityResult]
    budgets: list[FlowBudget]
    stores: list[StoreSize]
    caches: list[CacheSize]
    availability: dict[str, ComponentAvailability]
    flow_availability: list[FlowAvailability]
    findings: list[Finding]
    components: dict[str, ComponentReport]
    flows: list[FlowReport]


def analyse(name: str, spec: Spec, model: Model | None = None) -> Analysis:
    """Everything computed from `spec`; `model` is its resolved model when the caller has built it already
    (render builds it first, to start Graphviz on the views while the analysis runs)."""
    model = model or build_model(name, spec)
    facts = profiles(model)
    caches = cache_sizes(model, facts)
    estimates = estimate(spec.load, caches_sized=bool(caches))
    traffic = trace(model, estimates)
    estimates = with_traced_servers(estimates, model, traffic)
    capacity = capacities(model, traffic, facts)
    budgets = latency_budgets(model, traffic, facts, capacity)
    stores = store_sizes(model, estimates, facts)
    per_component = component_availability(model, facts)
    per_flow = flow_availability(model, budgets, traffic, per_component)
    findings = review(Context(model=model, estimates=estimates, profiles=facts, traffic=traffic,
                              capacities=capacity, budgets=budgets, stores=stores, caches=caches,
                              availability=per_flow))
    return Analysis(
        model=model, estimates=estimates, traffic=traffic, capacities=capacity, budgets=budgets, stores=stores,
        caches=caches, availability=per_component, flow_availability=per_flow, findings=findings,
        components=component_reports(model, facts, traffic.components, capacity, stores, caches, per_component,
                                     findings),
        flows=flow_reports(model, traffic.flows, budgets, per_flow))

