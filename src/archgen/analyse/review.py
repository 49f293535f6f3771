"""Design review: small rules drawn from the rules of thumb, each a function in the registry below.

A rule yields (subject, message) pairs; the subject is a component or flow id, which a spec can
silence for that rule with `silence: {rule-id: reason}`. Adding a rule = one function, one entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from archgen.analyse.budgets import crosses_regions
from archgen.analyse.estimates import Estimates
from archgen.analyse.model import Frozen, Model, ResolvedFlow, ResolvedStep
from archgen.analyse.verbs import READ_WORDS, WRITE_WORDS, words_of
from archgen.catalog import Role
from archgen.units import format_count

SEVERITIES = ("low", "medium", "high")
MAX_SYNC_HOPS = 6
SQL_PRIMARY_WRITES_PER_SECOND = 5_000
READ_HEAVY_RATIO = 10


class Finding(Frozen):
    rule: str
    severity: str
    subject: str
    message: str
    why: str
    silenced: str | None = None


@dataclass(frozen=True)
class Context:
    model: Model
    estimates: Estimates

    @cached_property
    def user_facing(self) -> list[ResolvedFlow]:
        return [f for f in self.model.flows if f.steps and self.role(f.steps[0].source) == Role.CLIENT]

    def role(self, cid: str) -> Role:
        return self.model.components[cid].role

    def kind(self, cid: str) -> str:
        return self.model.components[cid].kind

    def flow_components(self, flow: ResolvedFlow) -> set[str]:
        return {cid for step in flow.steps for cid in (step.source, step.target)}

    def is_read_flow(self, flow: ResolvedFlow) -> bool:
        declared = self.model.spec.flows[flow.id].type
        if declared is not None:
            return declared == "read"
        words = words_of(f"{flow.id} {flow.title}")
        return bool(words & READ_WORDS) and not words & WRITE_WORDS

    def is_write_flow(self, flow: ResolvedFlow) -> bool:
        declared = self.model.spec.flows[flow.id].type
        if declared is not None:
            return declared == "write"
        words = words_of(f"{flow.id} {flow.title}")
        return bool(words & WRITE_WORDS) and not words & READ_WORDS

    def store_access(self, flow: ResolvedFlow, step: ResolvedStep) -> set[str]:
        """What a step does to a store at its target: {"read"}, {"write"} or both when unclear."""
        words = words_of(step.label)
        reads, writes = bool(words & READ_WORDS), bool(words & WRITE_WORDS)
        if reads != writes:
            return {"read"} if reads else {"write"}
        if self.is_read_flow(flow):
            return {"read"}
        if self.is_write_flow(flow):
            return {"write"}
        return {"read", "write"}


Check = Callable[[Context], Iterator[tuple[str, str]]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    why: str
    check: Check


def _single_points_of_failure(ctx: Context) -> Iterator[tuple[str, str]]:
    reported: set[str] = set()
    for flow in ctx.user_facing:
        for cid in sorted(ctx.flow_components(flow) - reported):
            component = ctx.model.components[cid]
            if component.replicas == 1 and component.kind in ("load_balancer", "api_gateway", "sql_database"):
                reported.add(cid)
                yield cid, (f"`{cid}` ({component.kind.replace('_', ' ')}) runs as a single instance on user-facing"
                            f" flow `{flow.id}`")


def _read_flow_without_cache(ctx: Context) -> Iterator[tuple[str, str]]:
    ratio = ctx.estimates.read_write_ratio
    if ratio is None or ratio < READ_HEAVY_RATIO:
        return
    for flow in ctx.model.flows:
        touched = ctx.flow_components(flow)
        if ctx.is_read_flow(flow) and not any(ctx.role(c) == Role.CACHE or ctx.kind(c) == "cdn" for c in touched):
            yield flow.id, f"read flow `{flow.id}` touches no cache, though reads outnumber writes {ratio:.0f} to 1"


def _queue_without_dead_letter(ctx: Context) -> Iterator[tuple[str, str]]:
    consumed = {step.source for step in ctx.model.steps if ctx.role(step.source) == Role.QUEUE}
    for cid in sorted(consumed):
        spec_component = ctx.model.spec.components[cid]
        if spec_component.dead_letter is None and spec_component.retry is None:
            yield cid, f"`{cid}` has consumers but neither a `dead_letter` queue nor a `retry` policy"


def _object_storage_without_cdn(ctx: Context) -> Iterator[tuple[str, str]]:
    reported: set[str] = set()
    for flow in ctx.user_facing:
        touched = ctx.flow_components(flow)
        if any(ctx.kind(c) == "cdn" for c in touched):
            continue
        for step in flow.steps:
            cid = step.target
            if ctx.kind(cid) == "object_storage" and cid not in reported and "read" in ctx.store_access(flow, step):
                reported.add(cid)
                yield cid, f"user-facing flow `{flow.id}` reads `{cid}` (object storage) with no CDN in front"


def _deep_or_cross_region_chain(ctx: Context) -> Iterator[tuple[str, str]]:
    for flow in ctx.model.flows:
        if flow.latency_target is None:
            continue
        sync = [s for s in flow.steps if not s.is_async]
        chain = _longest_sync_run(flow)
        if chain > MAX_SYNC_HOPS:
            yield flow.id, (f"flow `{flow.id}` nests {chain} synchronous calls deep (more than {MAX_SYNC_HOPS})"
                            " under a latency target")
        crossing = [s.tag for s in sync if crosses_regions(ctx.model, s.source, s.target)]
        if crossing:
            yield flow.id, f"flow `{flow.id}` crosses regions synchronously at {', '.join(crossing)}"


def _longest_sync_run(flow: ResolvedFlow) -> int:
    """The deepest nesting of synchronous calls: a service calling three stores in turn is depth 1,
    a calls b calls c calls d is depth 3. An async hop starts a new chain."""
    depth: dict[str, int] = {}
    for step in flow.steps:
        reached = 0 if step.is_async else depth.get(step.source, 0) + 1
        depth[step.target] = max(depth.get(step.target, 0), reached)
    return max(depth.values(), default=0)


def _unsharded_sql_writes(ctx: Context) -> Iterator[tuple[str, str]]:
    peak = ctx.estimates.peak_write_rps
    if peak <= SQL_PRIMARY_WRITES_PER_SECOND or ctx.model.spec.storage.scaling.sharding:
        return
    for cid, component in ctx.model.components.items():
        if component.kind != "sql_database":
            continue
        partitioned = any(e.store == cid and e.partition_key for e in ctx.model.spec.storage.models.values())
        if not partitioned:
            yield cid, (f"peak writes of {format_count(peak)}/s exceed what one SQL primary sustains"
                        f" (~{format_count(SQL_PRIMARY_WRITES_PER_SECOND)}/s), and `{cid}` has no sharding plan")


def _entry_without_rate_limit(ctx: Context) -> Iterator[tuple[str, str]]:
    reported: set[str] = set()
    for flow in ctx.user_facing:
        entry = flow.steps[0].target
        limited = any(ctx.model.spec.components[c].rate_limit for c in ctx.flow_components(flow))
        if not limited and entry not in reported:
            reported.add(entry)
            yield entry, f"public entry point `{entry}` of flow `{flow.id}` has no rate limiting on its path"


def _unreachable_components(ctx: Context) -> Iterator[tuple[str, str]]:
    used = {cid for step in ctx.model.steps for cid in (step.source, step.target)}
    for cid in ctx.model.components:
        if cid not in used:
            yield cid, f"`{cid}` appears in no flow"


def _store_access(ctx: Context) -> dict[str, set[str]]:
    access: dict[str, set[str]] = {}
    for flow in ctx.model.flows:
        for step in flow.steps:
            if ctx.role(step.target) in (Role.STORE, Role.QUEUE):
                kinds = {"write"} if ctx.role(step.target) == Role.QUEUE else ctx.store_access(flow, step)
                access.setdefault(step.target, set()).update(kinds)
            if ctx.role(step.source) in (Role.STORE, Role.QUEUE):
                access.setdefault(step.source, set()).add("read")
    return access


def _stores_only(ctx: Context, only: str) -> Iterator[tuple[str, str]]:
    missing = "reads from" if only == "write" else "writes to"
    for cid, access in sorted(_store_access(ctx).items()):
        if access == {only}:
            yield cid, f"`{cid}` is {'written to' if only == 'write' else 'read from'}, but no flow {missing} it"


def _write_only_stores(ctx: Context) -> Iterator[tuple[str, str]]:
    return _stores_only(ctx, "write")


def _read_only_stores(ctx: Context) -> Iterator[tuple[str, str]]:
    return _stores_only(ctx, "read")


def _undocumented_hops(ctx: Context) -> Iterator[tuple[str, str]]:
    documented = {frozenset((i.caller, i.callee)) for i in ctx.model.spec.interfaces.internal}
    reported: set[frozenset[str]] = set()
    for step in ctx.model.steps:
        pair = frozenset((step.source, step.target))
        if Role.CLIENT in (ctx.role(step.source), ctx.role(step.target)) or pair in documented | reported:
            continue
        reported.add(pair)
        yield step.source, (f"step {step.tag} `{step.source}` → `{step.target}` has no entry in"
                            " `interfaces.internal`")


RULES: list[Rule] = [
    Rule("spof", "high", "Single point of failure",
         "Every request on the flow passes through it; one crash or deploy takes the flow down. Run two or more"
         " instances (or a managed multi-zone service) with health-checked failover.", _single_points_of_failure),
    Rule("no-cache-on-read", "medium", "Read-heavy path without a cache",
         "When reads dominate, a cache (or CDN) in front of the store absorbs most of them and keeps latency low;"
         " without one the database takes the full read load.", _read_flow_without_cache),
    Rule("no-dlq", "medium", "Consumed queue without a dead-letter queue or retry policy",
         "A message that always fails blocks or is lost; park it in a dead-letter queue after bounded retries.",
         _queue_without_dead_letter),
    Rule("no-cdn", "medium", "Object storage served without a CDN",
         "Serving media straight from object storage pays full latency and egress on every view; a CDN caches it"
         " near users.", _object_storage_without_cdn),
    Rule("deep-sync-chain", "medium", "Deep or cross-region synchronous chain",
         "Each synchronous hop adds latency and a failure point; cross-region hops cost ~150 ms each. Make steps"
         " async, collapse hops or keep the path in one region.", _deep_or_cross_region_chain),
    Rule("unsharded-writes", "high", "Writes beyond one SQL primary",
         "A single SQL primary sustains a few thousand writes per second; beyond that, shard or partition.",
         _unsharded_sql_writes),
    Rule("no-rate-limit", "medium", "Public entry point without rate limiting",
         "Without limits one client, bot or retry storm can exhaust capacity for everyone.",
         _entry_without_rate_limit),
    Rule("unreachable", "low", "Component in no flow",
         "A component no flow reaches is either missing from the data flows or not needed.",
         _unreachable_components),
    Rule("write-only-store", "low", "Store nothing reads",
         "Data written and never read is cost without value, or a read path is missing from the flows.",
         _write_only_stores),
    Rule("read-only-store", "low", "Store nothing writes",
         "A store that is read but never written needs a flow showing how its data arrives.", _read_only_stores),
    Rule("undocumented-hop", "low", "Flow step missing from the interfaces",
         "Each service-to-service call in a flow should say how it talks (RPC, queue message, SQL ...), or the"
         " diagram and the write-up disagree.", _undocumented_hops),
]
RULE_IDS = [rule.id for rule in RULES]


def review(model: Model, estimates: Estimates, rules: list[Rule] | None = None) -> list[Finding]:
    context = Context(model, estimates)
    findings: list[Finding] = []
    for rule in rules or RULES:
        for subject, message in rule.check(context):
            findings.append(Finding(rule=rule.id, severity=rule.severity, subject=subject, message=message,
                                    why=rule.why, silenced=_silence_reason(model, rule.id, subject)))
    if rules is None:
        findings += _unused_silences(model, findings)
    return sorted(findings, key=lambda f: (-SEVERITIES.index(f.severity), f.rule, f.subject, f.message))


UNUSED_SILENCE = "unused-silence"


def _unused_silences(model: Model, findings: list[Finding]) -> list[Finding]:
    """A silence whose rule finds nothing there has gone stale: say so, so it gets removed."""
    used = {(f.rule, f.subject) for f in findings}
    owners = [*((cid, c.silence) for cid, c in model.spec.components.items()),
              *((fid, f.silence) for fid, f in model.spec.flows.items())]
    return [
        Finding(rule=UNUSED_SILENCE, severity="low", subject=owner,
                message=f"`{owner}` silences `{rule_id}`, but that rule finds nothing there; remove the silence",
                why="A stale silence hides nothing today and would hide a real finding tomorrow.")
        for owner, silence in owners for rule_id in silence if (rule_id, owner) not in used
    ]


def _silence_reason(model: Model, rule_id: str, subject: str) -> str | None:
    if subject in model.spec.components:
        return model.spec.components[subject].silence.get(rule_id)
    if subject in model.spec.flows:
        return model.spec.flows[subject].silence.get(rule_id)
    return None
