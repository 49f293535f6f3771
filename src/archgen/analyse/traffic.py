"""Load through the architecture: the requests, bytes and connections that reach every component.

A flow names the load actions that drive it (`driven_by`), and takes a `share` of their requests.
Each step multiplies the rate of the call that caused it: `calls` made one after another, a
`fan_out` to N recipients or shards, a `share` of requests, or only the misses of a cache or CDN
(`on_miss`). A step inherits the multiplier of its caller (the open call it was made in) or of the
async hand-off that started its chain, so a fan-out multiplies everything downstream of it.
"""

from __future__ import annotations

import re

from archgen.analyse.calls import call_structure
from archgen.analyse.defaults.storage import DEFAULT_HIT_RATIO, HIT_RATIO_BY_KIND
from archgen.analyse.estimates import ActionEstimate, Estimates
from archgen.analyse.figure import Figure
from archgen.analyse.model import Frozen, Model, ResolvedFlow
from archgen.analyse.verbs import step_access
from archgen.catalog import Role
from archgen.spec import Spec
from archgen.units import format_count, format_rate, two_figures


class StepLoad(Frozen):
    flow: str
    tag: str
    source: str
    target: str
    multiplier: float  # requests at this step per request of the flow
    probability: float  # share of the flow's requests that make this step at all
    factors: str  # how the multiplier arose, e.g. "× 10 fan-out × 5% misses of `cache`"
    access: str  # read, write or call
    size: float  # bytes moved per request at this step
    average_rps: float | None
    peak_rps: float | None
    counted: bool


class FlowLoad(Frozen):
    flow: str
    actions: list[str]
    share: float
    average_rps: float | None
    peak_rps: float | None
    formula: str
    connections: float | None  # concurrent connections the flow's sessions hold at peak
    holders: list[str]  # components that hold those connections (the proxy chain from the client)
    steps: list[StepLoad]


class ComponentLoad(Frozen):
    component: str
    average_rps: Figure
    peak_rps: Figure
    peak_reads: float
    peak_writes: float
    bandwidth: Figure  # at peak
    connections: Figure | None


class Traffic(Frozen):
    flows: list[FlowLoad]
    components: dict[str, ComponentLoad]

    @property
    def traced(self) -> bool:
        return any(f.average_rps is not None for f in self.flows)

    def flow(self, flow_id: str) -> FlowLoad:
        return next(f for f in self.flows if f.flow == flow_id)


def hit_ratio(spec: Spec, model: Model, cid: str) -> tuple[float, str]:
    stated = spec.components[cid].hit_ratio
    if stated is not None:
        return stated, "set in the spec"
    return HIT_RATIO_BY_KIND.get(model.components[cid].kind, DEFAULT_HIT_RATIO)


def trace(model: Model, estimates: Estimates) -> Traffic:
    by_name = {a.name: a for a in estimates.actions}
    flows = [_flow_load(model, flow, by_name) for flow in model.flows]
    return Traffic(flows=flows, components=_component_loads(model, flows))


def _flow_load(model: Model, flow: ResolvedFlow, actions: dict[str, ActionEstimate]) -> FlowLoad:
    spec_flow = model.spec.flows[flow.id]
    driving = [actions[name] for name in spec_flow.driven_by if name in actions]
    share = spec_flow.share
    average = sum(a.average_rps for a in driving) * share if driving else None
    peak = sum(a.peak_rps for a in driving) * share if driving else None
    size = _mean_size(model.spec, driving)
    steps = _step_loads(model, flow, average, peak, size)
    names = " + ".join(f"`{a.name}` {format_count(a.average_rps)}/s" for a in driving)
    formula = f"{names}{f' × share {two_figures(share)}' if share < 1 else ''}" if driving else "no `driven_by`"
    sessions = [a for a in driving if a.connections is not None]
    connections = sum(a.connections or 0 for a in sessions) * share if sessions else None
    holders = _entry_chain(model, flow) if sessions else []
    return FlowLoad(flow=flow.id, actions=[a.name for a in driving], share=share, average_rps=average,
                    peak_rps=peak, formula=formula, connections=connections, holders=holders, steps=steps)


def _mean_size(spec: Spec, driving: list[ActionEstimate]) -> float:
    total = sum(a.average_rps for a in driving)
    if not total:
        return max((spec.load.actions[a.name].size for a in driving), default=0.0)
    return sum(a.average_rps * spec.load.actions[a.name].size for a in driving) / total


def _step_loads(model: Model, flow: ResolvedFlow, average: float | None, peak: float | None,
                size: float) -> list[StepLoad]:
    spec_steps = model.spec.flows[flow.id].steps
    calls = call_structure(flow.steps)
    entry = len(_entry_chain(model, flow))
    multipliers: list[float] = []
    probabilities: list[float] = []
    loads: list[StepLoad] = []
    for index, (step, spec_step) in enumerate(zip(flow.steps, spec_steps, strict=True)):
        anchor = calls[index].parent if calls[index].parent is not None else calls[index].cause
        base, base_probability = (multipliers[anchor], probabilities[anchor]) if anchor is not None else (1.0, 1.0)
        own, chance, factors = _own_factor(model, spec_step)
        access = _access(model, flow.id, step)
        roles = {model.components[step.source].role, model.components[step.target].role}
        carries = index < entry or step.is_async or bool(roles & {Role.CLIENT, Role.STORE, Role.QUEUE, Role.CACHE})
        multipliers.append(base * own)
        probabilities.append(base_probability * chance)
        loads.append(StepLoad(
            flow=flow.id, tag=step.tag, source=step.source, target=step.target, multiplier=base * own,
            probability=base_probability * chance, factors=factors, access=access,
            size=spec_step.size if spec_step.size is not None else size if carries else 0.0,
            average_rps=None if average is None else average * base * own,
            peak_rps=None if peak is None else peak * base * own, counted=spec_step.counted))
    return loads


def _own_factor(model: Model, step) -> tuple[float, float, str]:
    """The step's own multiplier, the chance a request makes it, and the words for both."""
    factor, chance, words = step.calls * step.fan_out, step.share, []
    if step.calls != 1:
        words.append(f"× {two_figures(step.calls)} calls")
    if step.fan_out != 1:
        words.append(f"× {two_figures(step.fan_out)} fan-out")
    if step.share < 1:
        words.append(f"× share {two_figures(step.share)}")
    if step.on_miss is not None:
        ratio, _ = hit_ratio(model.spec, model, step.on_miss)
        chance *= 1 - ratio
        words.append(f"× {two_figures((1 - ratio) * 100)}% misses of `{step.on_miss}`")
    return factor * chance, chance, " ".join(words)


def _access(model: Model, flow_id: str, step) -> str:
    role = model.components[step.target].role
    if role == Role.QUEUE:
        return "write"
    if role == Role.STORE:
        return "read" if step_access(model.spec, flow_id, step.label) == {"read"} else "write"
    return "call"


def _entry_chain(model: Model, flow: ResolvedFlow) -> list[str]:
    """The proxy chain a request enters through (and a client's socket runs through): from the first
    step's target onwards, while each step continues from the previous target to an edge or compute
    component. The driving action's payload crosses this chain, the stores, queues and caches the flow
    reads or writes, and every async message; other service-to-service calls carry only a step's `size`."""
    chain: list[str] = []
    previous = flow.steps[0].source
    for step in flow.steps:
        role = model.components[step.target].role
        if step.is_async or step.source != previous or role not in (Role.EDGE, Role.COMPUTE):
            break
        chain.append(step.target)
        previous = step.target
    return chain


def _component_loads(model: Model, flows: list[FlowLoad]) -> dict[str, ComponentLoad]:
    result: dict[str, ComponentLoad] = {}
    entries = [entry for f in flows if (entry := _entry_load(model, f)) is not None]
    for cid, component in model.components.items():
        if component.role == Role.CLIENT:
            continue
        steps = [s for f in flows for s in f.steps if s.target == cid and s.counted and s.average_rps is not None]
        steps += [entry for entry in entries if entry.target == cid]
        sessions = [f for f in flows if cid in f.holders and f.connections is not None]
        if not steps and not sessions:
            continue
        result[cid] = _component_load(cid, steps, sessions)
    return result


def _entry_load(model: Model, flow: FlowLoad) -> StepLoad | None:
    """A flow that starts at one of our edge components (a server-side target measured from the load
    balancer or gateway) brings its requests there as step `A0`. A flow started by a client already
    charges the edge through its first step; one started by a service or worker describes what that
    component sends, whose cause another flow counts, so it brings nothing."""
    if not flow.steps or flow.average_rps is None:
        return None
    first = flow.steps[0]
    if model.components[first.source].role != Role.EDGE:
        return None
    return StepLoad(flow=flow.flow, tag=re.sub(r"\d+$", "", first.tag) + "0", source=first.source,
                    target=first.source, multiplier=1.0, probability=1.0, factors="the flow's own rate",
                    access="call", size=first.size, average_rps=flow.average_rps, peak_rps=flow.peak_rps,
                    counted=all(step.counted for step in flow.steps[:1]))


def _component_load(cid: str, steps: list[StepLoad], sessions: list[FlowLoad]) -> ComponentLoad:
    average = sum(s.average_rps or 0 for s in steps)
    peak = sum(s.peak_rps or 0 for s in steps)
    terms = " + ".join(f"{s.tag} {format_count(s.peak_rps or 0)}/s" for s in steps) or "no counted steps"
    bandwidth = sum((s.peak_rps or 0) * s.size for s in steps)
    bytes_terms = " + ".join(f"{s.tag} {format_count(s.peak_rps or 0)}/s × {two_figures(s.size)} B"
                             for s in steps if s.size) or "no payload sizes"
    connections = None
    if sessions:
        held = sum(f.connections or 0 for f in sessions)
        connections = Figure(name="connections", label="Connections at peak", value=held,
                             display=format_count(held), formula=" + ".join(
                                 f"flow `{f.flow}` peak session rate × duration {format_count(f.connections or 0)}"
                                 for f in sessions))
    return ComponentLoad(
        component=cid,
        average_rps=Figure(name="average_rps", label="Requests/s (average)", value=average,
                           display=f"{format_count(average)}/s",
                           formula=" + ".join(f"{s.tag} {format_count(s.average_rps or 0)}/s" for s in steps)
                           or "no counted steps"),
        peak_rps=Figure(name="peak_rps", label="Requests/s (peak)", value=peak, display=f"{format_count(peak)}/s",
                        formula=terms),
        peak_reads=sum(s.peak_rps or 0 for s in steps if s.access == "read"),
        peak_writes=sum(s.peak_rps or 0 for s in steps if s.access == "write"),
        bandwidth=Figure(name="bandwidth", label="Bandwidth (peak)", value=bandwidth,
                         display=format_rate(bandwidth), formula=bytes_terms),
        connections=connections)
