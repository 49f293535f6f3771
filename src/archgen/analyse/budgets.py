"""Latency budget per flow: each synchronous step costs a network hop plus the callee's work.

The figures are whiteboard numbers, not measurements; a spec overrides a component's work with
`latency:` on the component, or a whole step with `latency:` on the step.
"""

from __future__ import annotations

from archgen.analyse.model import Frozen, Model, ResolvedComponent, ResolvedStep
from archgen.analyse.verbs import label_says_write
from archgen.catalog import Role

# Network hops (one round trip). Numbers to know: same-datacentre round trip ~0.5 ms,
# cross-continent ~150 ms. A user reaches an in-region datacentre in tens of milliseconds
# (last-mile plus metro backbone); a CDN point of presence is closer still.
HOP_SAME_DC = 0.5e-3
HOP_CROSS_REGION = 150e-3
HOP_CLIENT_TO_REGION = 50e-3
HOP_CLIENT_TO_EDGE = 20e-3
HOP_EDGE_TO_REGION = HOP_CLIENT_TO_REGION - HOP_CLIENT_TO_EDGE  # a CDN miss goes back to the origin region

# The callee's own work, excluding its downstream calls (which are steps of their own).
WORK_BY_KIND: dict[str, tuple[float, str]] = {
    "dns": (20e-3, "resolver lookup, usually cached by the OS"),
    "cdn": (5e-3, "edge cache hit served from the PoP's memory or SSD"),
    "load_balancer": (0.5e-3, "L4/L7 proxying adds well under a millisecond"),
    "api_gateway": (2e-3, "token check, routing and rate-limit lookup"),
    "firewall": (0.2e-3, "packet/rule inspection"),
    "service": (2e-3, "request handling without downstream calls"),
    "worker": (10e-3, "a job step; workers are rarely on a synchronous path"),
    "function": (10e-3, "warm serverless invocation"),
    "scheduler": (1e-3, "enqueue a trigger"),
    "stream_processor": (5e-3, "per-event processing"),
    "batch_processor": (1.0, "batch jobs run in seconds to hours"),
    "ml_model": (50e-3, "model inference on an accelerator"),
    "cache": (0.1e-3, "in-memory lookup: memory ~100 ns, protocol overhead dominates"),
    "queue": (2e-3, "durable enqueue with a replicated acknowledgement"),
    "stream": (3e-3, "append to a replicated log with acks from in-sync replicas"),
    "pubsub": (3e-3, "publish with a replicated acknowledgement"),
    "sql_database": (5e-3, "indexed query or commit: a few SSD reads (~150 µs each) plus a log fsync"),
    "nosql_database": (3e-3, "partition-key read or quorum write"),
    "key_value_store": (2e-3, "single-key get or put"),
    "graph_database": (10e-3, "a few traversal hops"),
    "time_series_database": (5e-3, "recent-window range read"),
    "object_storage": (30e-3, "time to first byte from an object store"),
    "file_storage": (10e-3, "file system metadata plus a block read"),
    "search_index": (20e-3, "inverted-index query across shards"),
    "data_warehouse": (2.0, "analytical scan"),
    "coordination": (5e-3, "consensus write or linearizable read"),
    "monitoring": (1e-3, "metric push"),
    "identity": (5e-3, "token issue or introspection"),
    "notification": (50e-3, "third-party push/SMS/e-mail API accepting the request"),
    "external": (50e-3, "third-party API handling the request"),
}
CLIENT_KINDS_WORK = (0.0, "the client renders the response")
# Analytical stores are slow to query but quick to append to (streaming or micro-batch inserts).
APPEND_WORK: dict[str, tuple[float, str]] = {
    "data_warehouse": (20e-3, "streaming or micro-batch append"),
    "batch_processor": (20e-3, "hand-off of input to a batch job"),
}


class StepCost(Frozen):
    tag: str
    source: str
    target: str
    label: str
    is_async: bool
    in_response: bool
    error_path: bool
    hop: str
    hop_seconds: float
    work_seconds: float
    total_seconds: float
    running_seconds: float
    note: str


class FlowBudget(Frozen):
    """The response path (sync steps before the first async one) and the async tail after it."""

    flow: str
    title: str
    target_seconds: float | None
    target_covers: str
    steps: list[StepCost]
    response_seconds: float
    end_to_end_seconds: float
    dominant: str | None

    @property
    def tail(self) -> list[str]:
        return [s.tag for s in self.steps if not s.in_response and not s.error_path]

    @property
    def background(self) -> bool:
        """A flow that starts with an async step has no caller waiting: only end to end counts."""
        return bool(self.steps) and not self.steps[0].in_response

    @property
    def judged_end_to_end(self) -> bool:
        return self.target_covers == "end_to_end" or self.background

    @property
    def compared_seconds(self) -> float:
        return self.end_to_end_seconds if self.judged_end_to_end else self.response_seconds

    @property
    def within_target(self) -> bool | None:
        return None if self.target_seconds is None else self.compared_seconds <= self.target_seconds


def latency_budgets(model: Model) -> list[FlowBudget]:
    return [_budget(model, flow.id) for flow in model.flows]


def _budget(model: Model, flow_id: str) -> FlowBudget:
    """Schedule the steps: each starts when its source is ready. A synchronous call makes its caller
    wait for the answer; an async one does not, so branches off a queue run side by side."""
    flow = next(f for f in model.flows if f.id == flow_id)
    spec_flow = model.spec.flows[flow_id]
    ready: dict[str, float] = {}
    costs: list[StepCost] = []
    in_response = True
    dead_letters = {c.dead_letter for c in model.spec.components.values() if c.dead_letter}
    started: dict[str, float] = {}
    for step, spec_step in zip(flow.steps, spec_flow.steps, strict=True):
        in_response = in_response and not step.is_async
        start = started.get(step.source, 0.0) if spec_step.parallel else ready.get(step.source, 0.0)
        started[step.source] = start
        error_path = bool({step.source, step.target} & dead_letters)
        cost = _step_cost(model, step, spec_step.latency, start, in_response, error_path)
        if not step.is_async:
            ready[step.source] = max(ready.get(step.source, 0.0), cost.running_seconds)
        ready[step.target] = max(ready.get(step.target, 0.0), cost.running_seconds)
        costs.append(cost)
    response = max((c.running_seconds for c in costs if c.in_response), default=0.0)
    end_to_end = max((c.running_seconds for c in costs if not c.error_path), default=0.0)
    whole = spec_flow.target_covers == "end_to_end" or (bool(costs) and not costs[0].in_response)
    counted = [c for c in costs if c.in_response or whole]
    dominant = max(counted, key=lambda c: c.total_seconds).tag if counted else None
    return FlowBudget(flow=flow.id, title=flow.title, target_seconds=flow.latency_target,
                      target_covers=spec_flow.target_covers, steps=costs, response_seconds=response,
                      end_to_end_seconds=end_to_end, dominant=dominant)


def _step_cost(model: Model, step: ResolvedStep, override: float | None, running: float,
               in_response: bool, error_path: bool) -> StepCost:
    source, target = model.components[step.source], model.components[step.target]
    hop_name, hop = _hop(model, source, target)
    if step.is_async:  # fire and forget: the message only has to arrive, nobody waits for a reply
        hop_name, hop = f"{hop_name}, one way", hop / 2
    work, work_note = _work(model, target, step.label)
    total = override if override is not None else hop + work
    note = (hop_name if step.is_async else f"{hop_name} round trip") if hop >= work else work_note
    if override is not None:
        note = "step latency set in the spec"
    return StepCost(tag=step.tag, source=step.source, target=step.target, label=step.label, is_async=step.is_async,
                    in_response=in_response, error_path=error_path, hop=hop_name, hop_seconds=hop,
                    work_seconds=work, total_seconds=total, running_seconds=running + total, note=note)


def _hop(model: Model, source: ResolvedComponent, target: ResolvedComponent) -> tuple[str, float]:
    if source.role == Role.CLIENT or target.role == Role.CLIENT:
        if target.kind in ("cdn", "dns") or source.kind in ("cdn", "dns"):
            return "client ↔ edge PoP", HOP_CLIENT_TO_EDGE
        return "client ↔ region", HOP_CLIENT_TO_REGION
    if Role.EXTERNAL in (source.role, target.role):
        return "internet", HOP_CLIENT_TO_REGION
    if source.kind == "cdn" and target.kind != "cdn":
        return "edge PoP ↔ region", HOP_EDGE_TO_REGION
    if crosses_regions(model, source.id, target.id):
        return "cross-region", HOP_CROSS_REGION
    return "same datacentre", HOP_SAME_DC


def crosses_regions(model: Model, first: str, second: str) -> bool:
    regions = (model.spec.components[first].region, model.spec.components[second].region)
    return None not in regions and regions[0] != regions[1]


def _work(model: Model, target: ResolvedComponent, label: str) -> tuple[float, str]:
    override = model.spec.components[target.id].latency
    if override is not None:
        return override, "component latency set in the spec"
    if target.role == Role.CLIENT:
        return CLIENT_KINDS_WORK
    if target.kind in APPEND_WORK and label_says_write(label):
        return APPEND_WORK[target.kind]
    return WORK_BY_KIND.get(target.kind, (2e-3, "generic processing"))
