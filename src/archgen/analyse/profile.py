"""One component's facts for the models: instances, zones, copies, capacity, work time, who runs it.

Spec values win; otherwise the defaults modules give the figure and its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from archgen.analyse.defaults.capacity import CapacityDefaults, Limit, defaults_for
from archgen.analyse.defaults.latency import APPEND_WORK, CLIENT_WORK, Timing, work_for
from archgen.analyse.defaults.managed import COPIES_INCLUDED, MANAGED_KINDS, MANAGED_TECHS, THIRD_PARTY_KINDS
from archgen.analyse.defaults.storage import CACHE_COPIES
from archgen.analyse.model import Model
from archgen.catalog import Role, find_tech
from archgen.spec import Spec

SPEC_SOURCE = "set in the spec"


@dataclass(frozen=True)
class Profile:
    id: str
    kind: str
    role: Role
    tech: str | None
    instances: int
    zones: int | None
    managed: str | None  # why a provider sizes it, when it does
    third_party: str | None  # why it is not ours to size, when it is not
    copies: int
    copies_note: str
    capacity: CapacityDefaults
    work: Timing
    append_work: Timing | None

    @property
    def sized_by_us(self) -> bool:
        return self.managed is None and self.third_party is None and self.role != Role.CLIENT


def profiles(model: Model) -> dict[str, Profile]:
    return {cid: _profile(model, cid) for cid in model.components}


def _tech_name(tech: str | None) -> str | None:
    found = find_tech(tech) if tech else None
    return found.name if found else None


def _profile(model: Model, cid: str) -> Profile:
    resolved, component, spec = model.components[cid], model.spec.components[cid], model.spec
    tech = _tech_name(component.tech)
    managed = _managed(resolved.kind, tech, component.managed)
    third_party = THIRD_PARTY_KINDS.get(resolved.kind) if resolved.role == Role.EXTERNAL else None
    copies, note = _copies(spec, cid, resolved.kind, resolved.role, tech, resolved.replicas)
    return Profile(
        id=cid, kind=resolved.kind, role=resolved.role, tech=tech, instances=resolved.replicas,
        zones=component.zones or spec.load.zones, managed=managed, third_party=third_party, copies=copies,
        copies_note=note, capacity=_capacity(spec, cid, resolved.kind, tech), work=_work(spec, cid, resolved),
        append_work=APPEND_WORK.get(resolved.kind))


def _managed(kind: str, tech: str | None, stated: bool | None) -> str | None:
    if stated is not None:
        return "a provider runs and scales it (`managed: true` in the spec)" if stated else None
    return MANAGED_TECHS.get(tech or "") or MANAGED_KINDS.get(kind)


def _capacity(spec: Spec, cid: str, kind: str, tech: str | None) -> CapacityDefaults:
    capacity = defaults_for(kind, tech)
    if kind == "service" and spec.load.per_server_rps:
        capacity = capacity.merged(CapacityDefaults(requests=Limit(spec.load.per_server_rps,
                                                                   "`load.per_server_rps` in the spec")))
    stated = spec.components[cid].capacity
    if stated is None:
        return capacity
    return capacity.merged(CapacityDefaults(**{
        name: Limit(value, SPEC_SOURCE) for name, value in stated.model_dump().items() if value is not None}))


def _copies(spec: Spec, cid: str, kind: str, role: Role, tech: str | None, instances: int) -> tuple[int, str]:
    """Copies of each item: the spec's `replication`, else the store's usual, never more than its nodes."""
    stated = spec.components[cid].replication
    if tech in COPIES_INCLUDED and stated is None:
        return 1, COPIES_INCLUDED[tech or ""]
    if kind == "coordination" and stated is None:
        return instances, "every member of a consensus group holds all the data"
    if role == Role.CACHE:
        wanted, why = stated or CACHE_COPIES, SPEC_SOURCE if stated else "a cache is rebuilt from its source"
    elif role in (Role.STORE, Role.QUEUE):
        wanted = stated or spec.load.replication
        why = SPEC_SOURCE if stated else f"`load.replication` ({spec.load.replication})"
    else:
        return 1, "not a store"
    if wanted > instances:
        return instances, f"{why}, capped at its {instances} node(s)"
    return wanted, why


def _work(spec: Spec, cid: str, resolved) -> Timing:
    if resolved.role == Role.CLIENT:
        return CLIENT_WORK
    default = work_for(resolved.kind, _tech_name(resolved.tech))
    stated = spec.components[cid].latency
    if stated is None:
        return default
    ratio = default.p99 / default.p50 if default.p50 else 1.0
    p99 = stated.p99 if stated.p99 is not None else stated.p50 * ratio
    note = SPEC_SOURCE if stated.p99 is not None else f"{SPEC_SOURCE} (p99 at the kind's ×{ratio:.2g} tail)"
    return Timing(stated.p50, p99, note)
