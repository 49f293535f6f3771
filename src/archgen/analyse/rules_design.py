"""Review rules about the shape of the design: redundancy, caches, queues, CDNs, chains, interfaces."""

from __future__ import annotations

from collections.abc import Iterator

from archgen.analyse.calls import call_structure
from archgen.analyse.review_context import Context, Hit
from archgen.analyse.step_time import crosses_regions
from archgen.catalog import Role
from archgen.units import format_count

MAX_SYNC_HOPS = 6
READ_HEAVY_RATIO = 10
READERS = ("browser", "mobile")  # people whose reads a CDN serves; a batch job reading tables needs none
OFF_THE_REQUEST = ("batch_processor", "data_warehouse", "monitoring")  # analytics a user never waits on


def single_points_of_failure(ctx: Context) -> Iterator[Hit]:
    """Anything we run as one instance on a flow a client starts: one crash or deploy stops the flow."""
    reported: set[str] = set()
    for flow in ctx.user_facing:
        for cid in sorted(ctx.flow_components(flow) - reported):
            profile = ctx.profiles[cid]
            if (profile.instances == 1 and profile.sized_by_us and cid not in ctx.dead_letters
                    and profile.kind not in OFF_THE_REQUEST):
                reported.add(cid)
                yield Hit(cid, f"`{cid}` ({profile.kind.replace('_', ' ')}) runs as a single instance on"
                               f" user-facing flow `{flow.id}`", f"`{cid}` on `{flow.id}`")


def read_flow_without_cache(ctx: Context) -> Iterator[Hit]:
    ratio = ctx.estimates.read_write_ratio
    if ratio is None or ratio < READ_HEAVY_RATIO:
        return
    for flow in ctx.model.flows:
        touched = ctx.flow_components(flow)
        if ctx.is_read_flow(flow) and not any(ctx.role(c) == Role.CACHE or ctx.kind(c) == "cdn" for c in touched):
            yield Hit(flow.id, f"read flow `{flow.id}` touches no cache, though reads outnumber writes {ratio:.0f}"
                               " to 1", f"`{flow.id}`")


def queue_without_dead_letter(ctx: Context) -> Iterator[Hit]:
    consumed = {step.source for step in ctx.model.steps if ctx.role(step.source) == Role.QUEUE}
    for cid in sorted(consumed - ctx.dead_letters):  # a dead-letter queue is where retries end
        spec_component = ctx.model.spec.components[cid]
        if spec_component.dead_letter is None and spec_component.retry is None:
            yield Hit(cid, f"`{cid}` has consumers but neither a `dead_letter` queue nor a `retry` policy",
                      f"`{cid}`")


def object_storage_without_cdn(ctx: Context) -> Iterator[Hit]:
    reported: set[str] = set()
    for flow in ctx.user_facing:
        if ctx.kind(flow.steps[0].source) not in READERS:
            continue
        if any(ctx.kind(c) == "cdn" for c in ctx.flow_components(flow)):
            continue
        for step in flow.steps:
            cid = step.target
            if ctx.kind(cid) == "object_storage" and cid not in reported and "read" in ctx.store_access(flow, step):
                reported.add(cid)
                yield Hit(cid, f"user-facing flow `{flow.id}` reads `{cid}` (object storage) with no CDN in front",
                          f"`{cid}` on `{flow.id}`")


def deep_or_cross_region_chain(ctx: Context) -> Iterator[Hit]:
    for flow in ctx.model.flows:
        if flow.latency_target is None:
            continue
        depth = max((c.depth for c, s in zip(call_structure(flow.steps), flow.steps, strict=True)
                     if not s.is_async), default=0)
        if depth > MAX_SYNC_HOPS:
            yield Hit(flow.id, f"flow `{flow.id}` nests {depth} synchronous calls deep (more than {MAX_SYNC_HOPS})"
                               " under a latency target", f"`{flow.id}` ({depth} deep)")
        crossing = [s.tag for s in flow.steps if not s.is_async and crosses_regions(ctx.model, s.source, s.target)]
        if crossing:
            yield Hit(flow.id, f"flow `{flow.id}` crosses regions synchronously at {', '.join(crossing)}",
                      f"`{flow.id}` at {', '.join(crossing)}")


def unsharded_sql_writes(ctx: Context) -> Iterator[Hit]:
    """Judged by the writes that reach each SQL store, not by the design's total write rate."""
    for cid, capacity in ctx.capacities.items():
        profile = ctx.profiles[cid]
        writes = capacity.dimension("writes")
        if profile.kind != "sql_database" or writes is None or not single_write_group(ctx, cid):
            continue
        logical = writes.load / max(profile.copies, 1)
        if logical > writes.per_instance:
            yield Hit(cid, f"peak writes reaching `{cid}` ({format_count(logical)}/s) exceed what one SQL primary"
                           f" sustains (~{format_count(writes.per_instance)}/s), and every node holds every row",
                      f"`{cid}` ({format_count(logical)}/s)")


def single_write_group(ctx: Context, cid: str) -> bool:
    """Every node holds every row: one primary takes all writes, and more replicas do not help."""
    profile = ctx.profiles[cid]
    return profile.instances <= profile.copies


def entry_without_rate_limit(ctx: Context) -> Iterator[Hit]:
    reported: set[str] = set()
    for flow in ctx.user_facing:
        entry = flow.steps[0].target
        limited = any(ctx.model.spec.components[c].rate_limit for c in ctx.flow_components(flow))
        if not limited and entry not in reported:
            reported.add(entry)
            yield Hit(entry, f"public entry point `{entry}` of flow `{flow.id}` has no rate limiting on its path",
                      f"`{entry}`")


def unreachable_components(ctx: Context) -> Iterator[Hit]:
    used = {cid for step in ctx.model.steps for cid in (step.source, step.target)}
    parked = {c.dead_letter for cid, c in ctx.model.spec.components.items() if cid in used and c.dead_letter}
    for cid in ctx.model.components:
        if cid not in used | parked:
            yield Hit(cid, f"`{cid}` appears in no flow", f"`{cid}`")


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


def _stores_only(ctx: Context, only: str) -> Iterator[Hit]:
    missing = "reads from" if only == "write" else "writes to"
    for cid, access in sorted(_store_access(ctx).items()):
        if access == {only} and cid not in ctx.dead_letters:  # parked messages are read by people, on purpose
            yield Hit(cid, f"`{cid}` is {'written to' if only == 'write' else 'read from'}, but no flow {missing} it",
                      f"`{cid}`")


def write_only_stores(ctx: Context) -> Iterator[Hit]:
    return _stores_only(ctx, "write")


def read_only_stores(ctx: Context) -> Iterator[Hit]:
    return _stores_only(ctx, "read")


def undocumented_hops(ctx: Context) -> Iterator[Hit]:
    documented = {frozenset((i.caller, i.callee)) for i in ctx.model.spec.interfaces.internal}
    reported: set[frozenset[str]] = set()
    for step in ctx.model.steps:
        pair = frozenset((step.source, step.target))
        if Role.CLIENT in (ctx.role(step.source), ctx.role(step.target)) or pair in documented | reported:
            continue
        reported.add(pair)
        yield Hit(step.source, f"step {step.tag} `{step.source}` → `{step.target}` has no entry in"
                               " `interfaces.internal`", f"{step.tag} `{step.source}` → `{step.target}`")
