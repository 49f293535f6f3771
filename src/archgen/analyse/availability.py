"""Availability: per component (defaults/availability.py), then in series along each flow's synchronous path
(for a flow with no synchronous step, its delivery path up to the first queue).

A self-run component of n instances: its kind's fleet ceiling × (1 − (1 − a)ⁿ), with a = one instance's
availability (INSTANCE). Managed products and third parties count at their provider's figure.

Every component a caller waits on must be up, so the path's availability is the product of theirs. A
component only some requests need (a store behind a cache, reached on a miss) costs only those:
1 − q × (1 − A) for a share q. Async hops are left out: a queue that is down delays work, it does not
fail the request. The target is the flow's `availability_target`, else the first availability figure
in the requirements, which applies to flows a client starts.
"""

from __future__ import annotations

import math
import re

from archgen.analyse.budgets import FlowBudget
from archgen.analyse.defaults.availability import (
    BY_KIND_MANAGED,
    BY_TECH,
    DEFAULT_CEILING,
    FLEET_CEILING,
    INSTANCE,
)
from archgen.analyse.figure import Figure
from archgen.analyse.model import Frozen, Model
from archgen.analyse.profile import SPEC_SOURCE, Profile
from archgen.analyse.traffic import Traffic
from archgen.catalog import Role
from archgen.units import format_percent

INSTANCE_NOTE = f"{format_percent(INSTANCE.value)}: {INSTANCE.reason}"
_STATED = re.compile(r"(?P<number>\d{2}(?:\.\d+)?)\s*%")


class ComponentAvailability(Frozen):
    component: str
    value: float
    display: str
    formula: str
    reason: str


class FlowAvailability(Frozen):
    flow: str
    path: list[str]
    value: Figure
    target: float | None
    target_source: str | None
    meets: bool | None


def component_availability(model: Model, profiles: dict[str, Profile]) -> dict[str, ComponentAvailability]:
    result = {}
    for cid, profile in profiles.items():
        if profile.role == Role.CLIENT:
            continue
        value, formula, reason = _availability(model, profile)
        result[cid] = ComponentAvailability(component=cid, value=value, display=format_percent(value),
                                            formula=formula, reason=reason)
    return result


def _availability(model: Model, profile: Profile) -> tuple[float, str, str]:
    """The value, its formula and the reason for the figures in it."""
    stated = model.spec.components[profile.id].availability
    if stated is not None:
        return stated, "given", SPEC_SOURCE
    if profile.tech in BY_TECH:
        return BY_TECH[profile.tech].value, "the provider's figure", BY_TECH[profile.tech].reason
    if not profile.sized_by_us and profile.kind in BY_KIND_MANAGED:
        return BY_KIND_MANAGED[profile.kind].value, "the provider's figure", BY_KIND_MANAGED[profile.kind].reason
    ceiling = FLEET_CEILING.get(profile.kind, DEFAULT_CEILING)
    n = profile.instances
    value = ceiling.value * (1 - (1 - INSTANCE.value) ** n)
    formula = f"ceiling {format_percent(ceiling.value)} × (1 − (1 − {format_percent(INSTANCE.value)})^{n})"
    return value, formula, ceiling.reason


def flow_availability(model: Model, budgets: list[FlowBudget], traffic: Traffic,
                      components: dict[str, ComponentAvailability]) -> list[FlowAvailability]:
    stated = stated_target(model.spec.requirements.non_functional)
    return [_flow(model, budget, traffic, components, stated) for budget in budgets]


def _flow(model: Model, budget: FlowBudget, traffic: Traffic, components: dict[str, ComponentAvailability],
          stated: tuple[float, str] | None) -> FlowAvailability:
    needs = _needed(model, budget, traffic)
    delivery = not needs
    if delivery:
        needs = _delivered_through(model, budget, traffic)
    factors = {cid: 1 - share * (1 - components[cid].value) for cid, share in needs.items()}
    value = math.prod(factors.values())
    terms = " × ".join(f"{cid} {format_percent(components[cid].value)}"
                       + (f" (needed by {needs[cid]:.0%})" if needs[cid] < 1 else "") for cid in needs)
    if delivery and terms:
        terms = f"every step async, delivered through: {terms}"
    label = "Availability of the delivery path" if delivery else "Availability of the synchronous path"
    target, source = _target(model, budget.flow, stated)
    return FlowAvailability(flow=budget.flow, path=list(needs), target=target, target_source=source,
                            value=Figure(name="availability", label=label,
                                         value=value, display=format_percent(value), formula=terms or "no path"),
                            meets=None if target is None else value >= target)


def _delivered_through(model: Model, budget: FlowBudget, traffic: Traffic) -> dict[str, float]:
    """For a flow with no synchronous path (a cursor frame or a media packet relayed over open sockets):
    every component its messages pass through, up to and including the first queue. Nothing there holds
    the message for later, so each must be up for it to arrive; past a queue, an outage delays the work
    instead of losing it, as the synchronous model assumes of async hops."""
    load = traffic.flow(budget.flow)
    needs: dict[str, float] = {}
    for index, step in enumerate(budget.steps):
        if step.error_path:
            continue
        role = model.components[step.target].role
        if role not in (Role.CLIENT, Role.EXTERNAL):
            needs[step.target] = max(needs.get(step.target, 0.0), load.steps[index].probability)
        if role == Role.QUEUE:
            break
    return needs


def _needed(model: Model, budget: FlowBudget, traffic: Traffic) -> dict[str, float]:
    """Each component the caller waits on, with the share of requests that need it."""
    load = traffic.flow(budget.flow)
    on_path = [(s, load.steps[i]) for i, s in enumerate(budget.steps)
               if not s.is_async and not s.error_path and (s.in_response or budget.background)]
    needs: dict[str, float] = {}
    first = budget.steps[0].source if budget.steps else None
    # Whoever starts the flow is not on its path: a client, or an outside system calling in (a sending
    # mail server); an internal component starting it (a scheduler) is.
    if first is not None and model.components[first].role not in (Role.CLIENT, Role.EXTERNAL):
        needs[first] = 1.0
    for cost, step_load in on_path:
        if model.components[cost.target].role != Role.CLIENT:
            needs[cost.target] = max(needs.get(cost.target, 0.0), step_load.probability)
    return needs


def _target(model: Model, flow_id: str, stated: tuple[float, str] | None) -> tuple[float | None, str | None]:
    explicit = model.spec.flows[flow_id].availability_target
    if explicit is not None:
        return explicit, "the flow's `availability_target`"
    flow = next(f for f in model.flows if f.id == flow_id)
    starts_at_client = bool(flow.steps) and model.components[flow.steps[0].source].role == Role.CLIENT
    if stated is None or not starts_at_client:
        return None, None
    return stated


def stated_target(requirements: list[str]) -> tuple[float, str] | None:
    """The first availability figure in the requirements, e.g. "Availability 99.99% for sending"."""
    for line in requirements:
        lowered = line.lower()
        if "availab" not in lowered and "uptime" not in lowered:
            continue
        for match in _STATED.finditer(line):
            value = float(match["number"]) / 100
            if 0.9 <= value < 1:
                excerpt = line if len(line) <= 80 else line[:77] + "…"
                return value, f"the requirement “{excerpt}”"
    return None
