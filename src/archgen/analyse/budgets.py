"""Latency budget per flow, at percentiles: nested calls scheduled as they happen, judged at peak load.

A synchronous step A -> B lasts B's whole call: the hop there and back, the payload transfer, waits,
queueing at B and B's work, plus every call B makes before it answers (calls.py reads the nesting from
the step order). B's calls run one after another, except `parallel: true` ones, which start with the
previous call and are waited for together. An async step costs its caller nothing; the message arrives
one way later and starts a chain of its own. A `fan_out` waits for the slowest of N, `calls` repeat,
and a step only some requests make (`share`, `on_miss`) counts only for them (quantiles.py).

The response is what the flow's first caller waits for; end to end adds the async tail. A target is
judged at the percentile it states (p99 when it states none), with queueing at peak utilization.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archgen.analyse.calls import Call, call_structure
from archgen.analyse.capacity import CapacityResult
from archgen.analyse.model import Frozen, Model, ResolvedFlow
from archgen.analyse.profile import Profile
from archgen.analyse.quantiles import (
    ZERO,
    Dist,
    add,
    later_of,
    latest_on_one_timeline,
    repeat,
    slowest_of,
    sometimes,
)
from archgen.analyse.step_time import Part, StepTime, finite, step_time
from archgen.analyse.traffic import FlowLoad, Traffic
from archgen.spec_sizing import PERCENTILES


class Percentiles(Frozen):
    """A time at the percentiles targets are judged at; absent (None) when a queue never drains."""

    p50: float | None
    p90: float | None
    p95: float | None
    p99: float | None
    p99_9: float | None

    def at(self, percentile: str) -> float | None:
        return getattr(self, percentile.replace(".", "_"))


def percentiles(dist: Dist) -> Percentiles:
    values = {name.replace(".", "_"): finite(dist.at(level)) for name, level in PERCENTILES.items()}
    return Percentiles(**values)


class StepCost(Frozen):
    tag: str
    source: str
    target: str
    label: str
    is_async: bool
    in_response: bool
    error_path: bool
    depth: int
    caller: str | None  # tag of the open call this step is made in
    hop: str
    parts: list[Part]
    own_p50: float | None  # the step's own time (with its fan-out and repeats), not the calls nested in it
    own_p99: float | None
    call_p50: float | None  # a synchronous call's whole time, nested calls included
    call_p99: float | None
    done_p50: float | None  # since the flow started, when it answers (sync) or arrives (async)
    done_p99: float | None
    probability: float


class FlowBudget(Frozen):
    flow: str
    title: str
    target_seconds: float | None
    target_percentile: str | None
    target_stated: bool
    target_covers: str
    steps: list[StepCost]
    response: Percentiles | None  # None for a background flow, which nobody waits on
    end_to_end: Percentiles
    background: bool
    judged_end_to_end: bool
    compared_seconds: float | None  # the judged time at the target's percentile
    within_target: bool | None
    saturated: list[str]  # components over capacity on the flow: their queues never drain
    dominant: str | None

    @property
    def tail(self) -> list[str]:
        return [s.tag for s in self.steps if not s.in_response and not s.error_path]


def latency_budgets(model: Model, traffic: Traffic, profiles: dict[str, Profile],
                    capacities: dict[str, CapacityResult]) -> list[FlowBudget]:
    return [_Schedule(model, flow, traffic.flow(flow.id), profiles, capacities).budget() for flow in model.flows]


@dataclass
class _Schedule:
    model: Model
    flow: ResolvedFlow
    load: FlowLoad
    profiles: dict[str, Profile]
    capacities: dict[str, CapacityResult]
    calls: list[Call] = field(init=False)
    times: list[StepTime] = field(init=False)
    call_time: dict[int, Dist] = field(init=False, default_factory=dict)  # a sync call, nested calls included
    start: dict[int, Dist] = field(init=False, default_factory=dict)
    done: dict[int, Dist] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.spec_steps = self.model.spec.flows[self.flow.id].steps
        self.calls = call_structure(self.flow.steps)
        self.times = [self._time(i) for i in range(len(self.flow.steps))]
        dead_letters = {c.dead_letter for c in self.model.spec.components.values() if c.dead_letter}
        self.error = [bool({s.source, s.target} & dead_letters) for s in self.flow.steps]
        self.children = {i: [c.index for c in self.calls if c.parent == i] for i in range(len(self.calls))}

    def _time(self, index: int) -> StepTime:
        step = self.flow.steps[index]
        return step_time(self.model, step, self.spec_steps[index], self.load.steps[index].size,
                         self.calls[index].reply_to is not None, self.profiles[step.target],
                         self.capacities.get(step.target))

    # --- durations, innermost first --------------------------------------------------------------

    def _groups(self, members: list[int]) -> list[list[int]]:
        """Calls in order; a `parallel: true` call joins the group of the call before it."""
        groups: list[list[int]] = []
        for index in members:
            if groups and self.spec_steps[index].parallel:
                groups[-1].append(index)
            else:
                groups.append([index])
        return groups

    def _waited(self, index: int) -> Dist:
        """What the caller waits for: nothing for an async step; a share of requests make rare calls."""
        if self.flow.steps[index].is_async or self.error[index]:
            return ZERO
        return sometimes(self.call_time[index], self._chance(index))

    def _chance(self, index: int) -> float:
        step = self.spec_steps[index]
        parent_chance = 1.0
        anchor = self.calls[index].parent
        if anchor is not None:
            parent_chance = self.load.steps[anchor].probability
        return self.load.steps[index].probability / parent_chance if parent_chance else step.share

    def _repeated(self, index: int, dist: Dist) -> Dist:
        step = self.spec_steps[index]
        return repeat(slowest_of(dist, step.fan_out), step.calls)

    def _durations(self) -> None:
        for index in reversed(range(len(self.flow.steps))):
            nested = [later_of(*(self._waited(i) for i in group)) for group in self._groups(self.children[index])]
            self.call_time[index] = self._repeated(index, add(self.times[index].own, *nested))

    # --- absolute times, in step order ---------------------------------------------------------

    def _starts(self) -> None:
        last_top: dict[str, int] = {}
        for index, step in enumerate(self.flow.steps):
            call = self.calls[index]
            if call.parent is not None:
                self.start[index] = self._nested_start(call.parent, index)
            else:
                self.start[index] = self._chain_start(index, call, last_top.get(step.source))
                last_top[step.source] = index
            own = self.call_time[index] if not step.is_async else self._repeated(index, self.times[index].own)
            self.done[index] = add(self.start[index], own)

    def _nested_start(self, parent: int, index: int) -> Dist:
        before = [self.start[parent], self.times[parent].before_calls]
        for group in self._groups(self.children[parent]):
            if index in group:
                break
            before.append(later_of(*(self._waited(i) for i in group)))
        return add(*before)

    def _chain_start(self, index: int, call: Call, previous: int | None) -> Dist:
        candidates = []
        if call.cause is not None:
            candidates.append(self.done[call.cause])
        if previous is not None:
            parallel = self.spec_steps[index].parallel or self.flow.steps[previous].is_async
            candidates.append(self.start[previous] if parallel else self.done[previous])
        return latest_on_one_timeline(*candidates) if candidates else ZERO

    # --- the response and the whole flow --------------------------------------------------------

    def _response_roots(self) -> list[int]:
        origin = self.flow.steps[0].source
        roots: list[int] = []
        for call in self.calls:
            step = self.flow.steps[call.index]
            top = call.parent is None and step.source == origin and not step.is_async
            answered = call.cause is None or call.cause in self._subtree(roots)
            if top and answered and not self.error[call.index]:
                roots.append(call.index)
        return roots

    def _subtree(self, roots: list[int]) -> set[int]:
        members = set(roots)
        for call in self.calls:
            if call.parent in members:
                members.add(call.index)
        return members

    def budget(self) -> FlowBudget:
        self._durations()
        self._starts()
        background = self.flow.steps[0].is_async
        roots = [] if background else self._response_roots()
        in_response = {i for i in self._subtree(roots) if not self.flow.steps[i].is_async and not self.error[i]}
        response = add(*(later_of(*(self._waited(i) for i in g)) for g in self._groups(roots))) if roots else None
        ends = [sometimes(self.done[i], self.load.steps[i].probability)
                for i in range(len(self.flow.steps)) if not self.error[i]]
        end_to_end = latest_on_one_timeline(*(ends + ([response] if response else [])))
        return self._result(response, end_to_end, in_response, background)

    def _result(self, response: Dist | None, end_to_end: Dist, in_response: set[int], background: bool) -> FlowBudget:
        spec_flow = self.model.spec.flows[self.flow.id]
        whole = spec_flow.target_covers == "end_to_end" or background
        judged = end_to_end if whole or response is None else response
        target, percentile = self.flow.latency_target, self.flow.target_percentile
        compared = finite(judged.at(PERCENTILES[percentile])) if percentile else None
        steps = [self._cost(i, i in in_response) for i in range(len(self.flow.steps))]
        counted = [s for s in steps if (s.in_response or whole) and not s.error_path and s.own_p99 is not None]
        saturated = sorted({self.flow.steps[i].target for i, t in enumerate(self.times) if t.saturated})
        within = None if target is None else (compared is not None and compared <= target)
        return FlowBudget(
            flow=self.flow.id, title=self.flow.title, target_seconds=target, target_percentile=percentile,
            target_stated=self.flow.target_stated, target_covers=spec_flow.target_covers, steps=steps,
            response=percentiles(response) if response is not None else None, end_to_end=percentiles(end_to_end),
            background=background, judged_end_to_end=whole or response is None, compared_seconds=compared,
            within_target=within, saturated=saturated,
            dominant=max(counted, key=lambda s: s.own_p99 or 0).tag if counted else None)

    def _cost(self, index: int, in_response: bool) -> StepCost:
        step, call, time = self.flow.steps[index], self.calls[index], self.times[index]
        own = self._repeated(index, time.own)
        whole = self.call_time[index] if not step.is_async else None
        return StepCost(
            tag=step.tag, source=step.source, target=step.target, label=step.label, is_async=step.is_async,
            in_response=in_response, error_path=self.error[index], depth=call.depth,
            caller=self.flow.steps[call.parent].tag if call.parent is not None else None, hop=time.hop,
            parts=time.parts, own_p50=finite(own.p50), own_p99=finite(own.at(0.99)),
            call_p50=finite(whole.p50) if whole else None, call_p99=finite(whole.at(0.99)) if whole else None,
            done_p50=finite(self.done[index].p50), done_p99=finite(self.done[index].at(0.99)),
            probability=self.load.steps[index].probability)
