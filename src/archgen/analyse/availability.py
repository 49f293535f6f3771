"""Availability: per component (defaults/availability.py), then in series along each flow's synchronous path
(for a flow with no synchronous step, its delivery path to the receiving clients).

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
from archgen.analyse.model import Frozen, Model, ResolvedComponent
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
    needed = _needed(model, budget, traffic)
    delivery = needed is None
    needs = _delivered_through(model, budget) if needed is None else needed
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


def _delivered_through(model: Model, budget: FlowBudget) -> dict[str, float]:
    """For a flow with no synchronous step (a cursor frame or a media packet relayed over open sockets):
    the components its messages pass through on their way to the receiving clients. Nothing there
    keeps a message for later, so each must be up for it to arrive, whatever share of the flow's rate
    a step carries (a conflated publish still needs its cache). The path is followed by the steps'
    endpoints, not their order; it stops at a broker that keeps messages (a queue, a stream), past
    which an outage delays work instead of losing it. Side writes that lead to no client (an archive
    copy, an audit log) are not on it; a flow that reaches no client keeps everything it reaches."""
    if not budget.steps:
        return {}
    edges: dict[str, set[str]] = {}
    for step in budget.steps:
        if not step.error_path:
            edges.setdefault(step.source, set()).add(step.target)
    start = budget.steps[0].source
    reached, frontier = {start}, [start]
    while frontier:
        node = frontier.pop()
        if node != start and _keeps_messages(model.components[node]):
            continue
        for target in sorted(edges.get(node, ())):
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    receivers = {step.target for step in budget.steps if not step.error_path and step.target in reached
                 and model.components[step.target].role == Role.CLIENT}  # the sender may receive too
    on_path = reached & _leading_to(receivers, edges) if receivers else reached
    # In the order the steps name them; an internal component that starts the flow is on it too.
    order = [start, *(step.target for step in budget.steps)]
    return {cid: 1.0 for cid in dict.fromkeys(order) if cid in on_path
            and model.components[cid].role not in (Role.CLIENT, Role.EXTERNAL)}


# Brokers that keep nothing for a subscriber that is down or slow: Core NATS and Redis pub/sub drop
# the message, ZeroMQ has no broker at all. Through them a message is lost, not delayed.
AT_MOST_ONCE_TECHS = frozenset({"nats", "redis", "zeromq"})


def _keeps_messages(component: ResolvedComponent) -> bool:
    return component.role == Role.QUEUE and component.tech not in AT_MOST_ONCE_TECHS


def _leading_to(receivers: set[str], edges: dict[str, set[str]]) -> set[str]:
    """Every component from which a step chain reaches one of `receivers` (they included)."""
    backwards: dict[str, set[str]] = {}
    for source, targets in edges.items():
        for target in targets:
            backwards.setdefault(target, set()).add(source)
    found, frontier = set(receivers), list(receivers)
    while frontier:
        for source in backwards.get(frontier.pop(), ()):
            if source not in found:
                found.add(source)
                frontier.append(source)
    return found


def _needed(model: Model, budget: FlowBudget, traffic: Traffic) -> dict[str, float] | None:
    """Each component the caller waits on, with the share of requests that need it; None when the flow
    has no synchronous step at all."""
    load = traffic.flow(budget.flow)
    on_path = [(s, load.steps[i]) for i, s in enumerate(budget.steps)
               if not s.is_async and not s.error_path and (s.in_response or budget.background)]
    if not on_path:
        return None
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
