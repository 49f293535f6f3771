"""Storage per store and memory per cache: what each holds, in total and per node.

A data model grows by appending (records a day × retention) or holds a fixed population it overwrites
in place (count × record size). Each store keeps `replication` copies, except managed stores whose
copies are the provider's and priced into each GB (S3, DynamoDB): those count once, with a note.
A cache holds its working set: an explicit size, or items × item size × the hot share kept.
"""

from __future__ import annotations

from archgen.analyse.estimates import Estimates, retention_days
from archgen.analyse.figure import Figure
from archgen.analyse.model import Frozen, Model
from archgen.analyse.profile import SPEC_SOURCE, Profile
from archgen.analyse.traffic import hit_ratio
from archgen.spec import Entity, Load
from archgen.units import format_count, format_duration, format_size, two_figures


class EntitySize(Frozen):
    entity: str
    store: str
    growth: str
    records: Figure
    per_day: Figure | None  # new bytes a day, for appended data
    total: Figure  # every copy
    copies: int
    copies_note: str


class StoreSize(Frozen):
    store: str
    entities: list[EntitySize]
    total: Figure
    nodes: int
    per_node: Figure | None  # absent for a managed store, which has no nodes of ours
    limit: float | None
    limit_source: str | None
    note: str | None


class CacheSize(Frozen):
    cache: str
    working_set: Figure
    copies: int
    per_node: Figure | None
    limit: float | None
    limit_source: str | None
    hit_ratio: float | None  # when the spec gives one, or a step reads on its misses
    hit_ratio_source: str | None


def store_sizes(model: Model, estimates: Estimates, profiles: dict[str, Profile]) -> list[StoreSize]:
    sized: dict[str, list[EntitySize]] = {}
    for name, entity in model.spec.storage.models.items():
        if entity.resolved_growth is not None:
            size = _entity_size(name, entity, model.spec.load, estimates, profiles[entity.store])
            sized.setdefault(entity.store, []).append(size)
    return [_store_size(profiles[store], entities) for store, entities in sized.items()]


def _entity_size(name: str, entity: Entity, load: Load, estimates: Estimates, profile: Profile) -> EntitySize:
    record = entity.record_size or 0.0
    copies, note = _copies(entity, profile)
    per_day = None
    if entity.resolved_growth == "overwrite":
        count, source = resolve_count(entity.count, load)
        records = Figure(name="records", label="Records", value=count, display=format_count(count),
                         formula=source)
    else:
        daily, source = _daily(entity, estimates)
        days = retention_days(entity.retention or load.retention, load)
        retention = format_duration(entity.retention or load.retention) if (entity.retention or load.retention) \
            else "5 y (assumed)"
        active = "" if load.calendar.days_per_year == 365 else f", {two_figures(days)} active days"
        records = Figure(name="records", label="Records kept", value=daily * days,
                         display=format_count(daily * days),
                         formula=f"{format_count(daily)}/day ({source}) × {retention} retention{active}")
        per_day = Figure(name="per_day", label="New data per day", value=daily * record,
                         display=f"{format_size(daily * record)}/day",
                         formula=f"{format_count(daily)}/day × {format_size(record)}")
    total = records.value * record * copies
    return EntitySize(entity=name, store=entity.store, growth=entity.resolved_growth or "append", records=records,
                      per_day=per_day, copies=copies, copies_note=note,
                      total=Figure(name="total", label="Stored, every copy", value=total, display=format_size(total),
                                   formula=f"{format_count(records.value)} × {format_size(record)} × {copies}"
                                           f" {'copy' if copies == 1 else 'copies'}"))


def resolve_count(count: float | str | None, load: Load) -> tuple[float, str]:
    if isinstance(count, str):
        value = {"users": load.users, "total_users": load.total_users}.get(count, load.entities.get(count))
        return value or 0.0, f"`{count}` from `load`"
    return count or 0.0, SPEC_SOURCE


def _daily(entity: Entity, estimates: Estimates) -> tuple[float, str]:
    if entity.per_day is not None:
        return entity.per_day, SPEC_SOURCE
    actions = [a for a in estimates.actions if a.name in entity.written_by]
    return sum(a.per_day for a in actions), " + ".join(f"`{a.name}`" for a in actions)


def _copies(entity: Entity, profile: Profile) -> tuple[int, str]:
    if entity.replication is None:
        return profile.copies, profile.copies_note
    if profile.sized_by_us and entity.replication > profile.instances:
        return profile.instances, f"{SPEC_SOURCE}, capped at its {profile.instances} node(s)"
    return entity.replication, SPEC_SOURCE


def _store_size(profile: Profile, entities: list[EntitySize]) -> StoreSize:
    total = sum(e.total.value for e in entities)
    terms = " + ".join(f"{e.entity} {e.total.display}" for e in entities)
    limit = profile.capacity.storage
    per_node = None
    if profile.sized_by_us:
        value = total / profile.instances
        per_node = Figure(name="per_node", label="Per node", value=value, display=format_size(value),
                          formula=f"{format_size(total)} ÷ {profile.instances:,} nodes")
    note = profile.copies_note if profile.copies == 1 and profile.managed else profile.managed
    return StoreSize(store=profile.id, entities=entities, nodes=profile.instances, per_node=per_node,
                     total=Figure(name="total", label="Stored, every copy", value=total, display=format_size(total),
                                  formula=terms),
                     limit=limit.value if limit and profile.sized_by_us else None,
                     limit_source=limit.reason if limit and profile.sized_by_us else None, note=note)


def cache_sizes(model: Model, profiles: dict[str, Profile]) -> list[CacheSize]:
    result = []
    for cid, component in model.spec.components.items():
        working = component.working_set
        if working is None:
            continue
        profile = profiles[cid]
        if working.size is not None:
            value, formula = working.size, SPEC_SOURCE
        else:
            value = (working.items or 0) * (working.item_size or 0) * working.hot_share
            formula = (f"{format_count(working.items or 0)} items × {format_size(working.item_size or 0)}"
                       f" × hot share {two_figures(working.hot_share)}")
        missed = any(step.on_miss == cid for flow in model.spec.flows.values() for step in flow.steps)
        ratio, source = hit_ratio(model.spec, model, cid) if missed or component.hit_ratio else (None, None)
        limit = profile.capacity.storage if profile.sized_by_us else None
        per_node = None
        if profile.sized_by_us:
            node_value = value * profile.copies / profile.instances
            per_node = Figure(name="per_node", label="Memory per node", value=node_value,
                              display=format_size(node_value),
                              formula=f"{format_size(value)} × {profile.copies} copies ÷ {profile.instances} nodes")
        result.append(CacheSize(cache=cid, working_set=Figure(name="working_set", label="Working set", value=value,
                                                              display=format_size(value), formula=formula),
                                copies=profile.copies, per_node=per_node, limit=limit.value if limit else None,
                                limit_source=limit.reason if limit else None, hit_ratio=ratio,
                                hit_ratio_source=source))
    return result
