"""One step's own time, as named parts: network hop, payload transfer, waits, queueing and the callee's work.

The callee's own calls are steps of their own; budgets.py nests them inside this step's time.
"""

from __future__ import annotations

from dataclasses import dataclass

from archgen.analyse.capacity import CapacityResult
from archgen.analyse.defaults.latency import HOPS, LINK_BANDWIDTH, MOBILE_KINDS, Timing
from archgen.analyse.model import Frozen, Model, ResolvedStep
from archgen.analyse.profile import Profile
from archgen.analyse.quantiles import ZERO, Dist, add, constant, lognormal, repeat, uniform
from archgen.analyse.queueing import queue_for
from archgen.analyse.verbs import label_says_write
from archgen.catalog import Role
from archgen.spec import Step
from archgen.units import format_duration, format_rate, format_size

NEGLIGIBLE = 10e-6  # seconds: a transfer or queueing part below this is counted but not listed


class Part(Frozen):
    name: str  # hop, transfer, wait, batch window, queueing, work, step latency
    detail: str  # which hop or callee, or the formula of a computed part
    p50: float | None
    p99: float | None
    reason: str  # where the figure comes from


@dataclass(frozen=True)
class StepTime:
    hop: str
    parts: list[Part]
    own: Dist  # the step's own time, excluding the calls its callee makes
    before_calls: Dist  # from the caller sending until the callee starts its own calls
    saturated: bool


def hop_name(model: Model, source: str, target: str) -> str:
    first, second = model.components[source], model.components[target]
    if Role.CLIENT in (first.role, second.role):
        client = first if first.role == Role.CLIENT else second
        if {first.kind, second.kind} & {"cdn", "dns"}:
            return "client ↔ edge PoP"
        return "mobile ↔ region" if client.kind in MOBILE_KINDS else "client ↔ region"
    if Role.EXTERNAL in (first.role, second.role):
        return "internet"
    if first.kind == "cdn" and second.kind != "cdn":
        return "edge PoP ↔ region"
    if crosses_regions(model, source, target):
        return "cross-region"
    return "same datacentre"


def crosses_regions(model: Model, first: str, second: str) -> bool:
    regions = (model.spec.components[first].region, model.spec.components[second].region)
    return None not in regions and regions[0] != regions[1]


def step_time(model: Model, step: ResolvedStep, spec_step: Step, size: float, is_reply: bool,
              profile: Profile, capacity: CapacityResult | None) -> StepTime:
    hop = hop_name(model, step.source, step.target)
    network, network_part = _network(hop, spec_step, step.is_async, is_reply)
    work_timing = _work_timing(profile, step)
    work = lognormal(work_timing.p50, work_timing.p99)
    if spec_step.latency is not None:
        network, work, network_part, work_part = _overridden(spec_step, HOPS[hop], work_timing)
    else:
        work_part = _part("work", profile.tech or profile.kind.replace("_", " "), work, work_timing.reason)
    parts = [network_part, work_part]
    transfer = _transfer(hop, size, parts)
    waits = _waits(spec_step, parts)
    queue = _queue(profile, capacity, work_timing.p50, parts)
    half = network if is_reply or step.is_async or spec_step.latency is not None else _outbound(hop, spec_step)
    return StepTime(hop=hop, parts=[p for p in parts if p is not None], own=add(network, transfer, *waits, queue, work),
                    before_calls=add(half, transfer, *waits, queue, work), saturated=queue.unbounded)


def _network(hop: str, step: Step, is_async: bool, is_reply: bool) -> tuple[Dist, Part]:
    timing = HOPS[hop]
    if is_reply:
        return ZERO, Part(name="hop", detail="an answer", p50=0.0, p99=0.0,
                          reason="an answer travels inside the round trip of the call it answers")
    if is_async:  # fire and forget: the message only has to arrive, nobody waits for a reply
        dist = lognormal(timing.p50 / 2, timing.p99 / 2)
        return dist, _part("hop", f"{hop}, one way", dist, timing.reason)
    dist = repeat(lognormal(timing.p50, timing.p99), step.round_trips)
    trips = f"{step.round_trips} round trips" if step.round_trips > 1 else "round trip"
    return dist, _part("hop", f"{hop} {trips}", dist, timing.reason)


def _outbound(hop: str, step: Step) -> Dist:
    """The part of a call's network time before the callee can start: all round trips but the answer's half."""
    timing = HOPS[hop]
    half = lognormal(timing.p50 / 2, timing.p99 / 2)
    if step.round_trips == 1:
        return half
    return add(repeat(lognormal(timing.p50, timing.p99), step.round_trips - 1), half)


def _work_timing(profile: Profile, step: ResolvedStep) -> Timing:
    if profile.append_work is not None and label_says_write(step.label):
        return profile.append_work
    return profile.work


def _overridden(step: Step, hop: Timing, work: Timing) -> tuple[Dist, Dist, Part, None]:
    stated = step.latency
    assert stated is not None
    typical, tail = hop.p50 + work.p50, hop.p99 + work.p99
    ratio = tail / typical if typical else 1.0
    p99 = stated.p99 if stated.p99 is not None else stated.p50 * ratio
    dist = lognormal(stated.p50, p99)
    why = "set in the spec" + ("" if stated.p99 is not None else f"; p99 at the default tail ×{ratio:.2g}")
    return dist, ZERO, _part("step latency", "hop and work", dist, why), None


def _transfer(hop: str, size: float, parts: list) -> Dist:
    if size <= 0:
        return ZERO
    bandwidth, reason = LINK_BANDWIDTH[hop]
    seconds = size / bandwidth
    if seconds >= NEGLIGIBLE:
        parts.append(Part(name="transfer", detail=f"{format_size(size)} ÷ {format_rate(bandwidth)}", p50=seconds,
                          p99=seconds, reason=reason))
    return constant(seconds)


def _waits(step: Step, parts: list) -> list[Dist]:
    waits = []
    if step.wait:
        waits.append(constant(step.wait))
        parts.append(Part(name="wait", detail="fixed", p50=step.wait, p99=step.wait, reason="set in the spec"))
    if step.batch_window:
        window = uniform(step.batch_window)
        waits.append(window)
        parts.append(_part("batch window", f"0 to {format_duration(step.batch_window)}", window,
                           "a request joins the window at a random moment"))
    return waits


def _queue(profile: Profile, capacity: CapacityResult | None, service: float, parts: list) -> Dist:
    busiest = capacity.busiest_throughput if capacity else None
    if busiest is None or service <= 0:
        return ZERO
    queue = queue_for(busiest.per_instance, service, busiest.utilization.value)
    wait = queue.wait
    if wait.at(0.99) >= NEGLIGIBLE:  # a part nobody would notice only clutters the budget
        parts.append(_part("queueing", queue.short, wait, f"at peak: {queue.formula}"))
    return wait


def _part(name: str, detail: str, dist: Dist, reason: str) -> Part:
    return Part(name=name, detail=detail, p50=finite(dist.p50), p99=finite(dist.at(0.99)), reason=reason)


def finite(value: float) -> float | None:
    return None if value == float("inf") else value
