"""Review rules about the numbers: capacity, headroom, storage per node, latency and availability targets."""

from __future__ import annotations

from collections.abc import Iterator

from archgen.analyse.review_context import Context, Hit
from archgen.analyse.rules_design import single_write_group
from archgen.units import format_duration, format_percent, format_size

HEADROOM = 0.7  # above this at peak, a spike or a slow dependency tips the fleet over (and queues grow fast)


def _over_capacity(ctx: Context, cid: str, name: str) -> bool:
    """Writes over one SQL primary are `unsharded-writes`: more replicas would not help them."""
    return not (name == "writes" and ctx.profiles[cid].kind == "sql_database" and single_write_group(ctx, cid))


def over_capacity(ctx: Context) -> Iterator[Hit]:
    for cid, capacity in ctx.capacities.items():
        for dim in capacity.dimensions:
            if dim.utilization.value > 1 and _over_capacity(ctx, cid, dim.name):
                yield Hit(cid, f"`{cid}` needs {dim.utilization.display} of its {dim.name} capacity at peak"
                               f" ({dim.utilization.formula}; per instance: {dim.source})",
                          f"`{cid}` {dim.name} {dim.utilization.display}")


def thin_headroom(ctx: Context) -> Iterator[Hit]:
    for cid, capacity in ctx.capacities.items():
        for dim in capacity.dimensions:
            if dim.utilization.value > 1 or not _over_capacity(ctx, cid, dim.name):
                continue  # over capacity is its own finding
            reasons = _thin(dim)
            if reasons:
                yield Hit(cid, f"`{cid}` {dim.name}: {'; '.join(reasons)}",
                          f"`{cid}` {dim.name} ({'; '.join(reasons)})")


def _thin(dim) -> list[str]:
    reasons = []
    if dim.utilization.value > HEADROOM:
        reasons.append(f"{dim.utilization.display} busy at peak (over {HEADROOM:.0%})")
    if dim.after_zone_loss is not None and dim.after_zone_loss.value > 1:
        reasons.append(f"{dim.after_zone_loss.display} after losing a zone ({dim.after_zone_loss.formula})")
    elif dim.after_instance_loss is not None and dim.after_instance_loss.value > 1:
        reasons.append(f"{dim.after_instance_loss.display} after losing one instance"
                       f" ({dim.after_instance_loss.formula})")
    return reasons


def storage_per_node(ctx: Context) -> Iterator[Hit]:
    for store in ctx.stores:
        if store.per_node is not None and store.limit is not None and store.per_node.value > store.limit:
            yield Hit(store.store, f"`{store.store}` holds {store.per_node.display} per node"
                                   f" ({store.per_node.formula}), over {format_size(store.limit)}:"
                                   f" {store.limit_source}", f"`{store.store}` {store.per_node.display}")
    for cache in ctx.caches:
        if cache.per_node is not None and cache.limit is not None and cache.per_node.value > cache.limit:
            yield Hit(cache.cache, f"`{cache.cache}` needs {cache.per_node.display} of memory per node"
                                   f" ({cache.per_node.formula}), over {format_size(cache.limit)}:"
                                   f" {cache.limit_source}", f"`{cache.cache}` {cache.per_node.display}")


def over_latency_budget(ctx: Context) -> Iterator[Hit]:
    for budget in ctx.budgets:
        if budget.within_target is not False or budget.target_seconds is None:
            continue
        path = "end to end" if budget.judged_end_to_end else "to respond"
        assumed = "" if budget.target_stated else ", assumed for a bare target"
        if budget.compared_seconds is None:
            took = f"never drains: {', '.join(f'`{c}`' for c in budget.saturated)} over capacity at peak"
        else:
            took = f"takes {format_duration(budget.compared_seconds)}"
        yield Hit(budget.flow, f"flow `{budget.flow}` {took} {path} at {budget.target_percentile}{assumed},"
                               f" over its {format_duration(budget.target_seconds)} target",
                  f"`{budget.flow}` {budget.target_percentile} {took} > {format_duration(budget.target_seconds)}")


def below_availability_target(ctx: Context) -> Iterator[Hit]:
    for flow in ctx.availability:
        if flow.meets is False and flow.target is not None:
            yield Hit(flow.flow, f"flow `{flow.flow}` is available {flow.value.display} ({flow.value.formula}),"
                                 f" below {format_percent(flow.target)} from {flow.target_source}",
                      f"`{flow.flow}` {flow.value.display} < {format_percent(flow.target)}")


def untraced_load(ctx: Context) -> Iterator[Hit]:
    """Load that never reaches the architecture: flows no action drives, actions that drive no flow."""
    spec = ctx.model.spec
    if not spec.load.actions:
        return
    for fid, flow in spec.flows.items():
        if not flow.driven_by:
            yield Hit(fid, f"flow `{fid}` names no load action in `driven_by`, so no load reaches its components",
                      f"`{fid}`")
    driving = {name for flow in spec.flows.values() for name in flow.driven_by}
    for name in spec.load.actions:
        if name not in driving:
            yield Hit(name, f"load action `{name}` drives no flow, so its load reaches no component",
                      f"action `{name}`")
