"""Capacity and headroom: the peak load reaching each component against what its instances sustain.

Per dimension (requests, writes, connections, bandwidth): utilization at peak = peak load ÷ (instances ×
per-instance capacity). Writes count once per copy, because every copy is applied on some node. The
same load is then spread over one instance fewer, and over the instances left after the largest zone
is lost (instances spread evenly over `zones`), which is what N+1 and zone redundancy must survive.
"""

from __future__ import annotations

import math

from archgen.analyse.defaults.capacity import Limit
from archgen.analyse.figure import Figure
from archgen.analyse.model import Frozen, Model
from archgen.analyse.profile import Profile
from archgen.analyse.traffic import ComponentLoad, Traffic
from archgen.catalog import Role
from archgen.units import format_count, format_rate

UNITS = {"requests": "/s", "writes": "/s", "connections": "", "bandwidth": "B/s"}
THROUGHPUT = ("requests", "writes")


class Dimension(Frozen):
    name: str
    load: float  # at peak, for the whole fleet (writes counted per copy)
    load_formula: str
    per_instance: float
    source: str  # where the per-instance figure comes from
    utilization: Figure
    after_instance_loss: Figure | None
    after_zone_loss: Figure | None


class CapacityResult(Frozen):
    component: str
    instances: int
    zones: int | None
    managed: str | None  # why there is nothing to size, when a provider or third party sizes it
    dimensions: list[Dimension]
    binding: str | None  # the busiest dimension

    def dimension(self, name: str | None) -> Dimension | None:
        return next((d for d in self.dimensions if d.name == name), None)

    @property
    def busiest(self) -> Dimension | None:
        return self.dimension(self.binding)

    @property
    def busiest_throughput(self) -> Dimension | None:
        """The busier of requests and writes: the one that makes requests queue."""
        options = [d for d in self.dimensions if d.name in THROUGHPUT]
        return max(options, key=lambda d: d.utilization.value, default=None)


def capacities(model: Model, traffic: Traffic, profiles: dict[str, Profile]) -> dict[str, CapacityResult]:
    return {cid: _capacity(profiles[cid], load) for cid, load in traffic.components.items()
            if model.components[cid].role != Role.CLIENT}


def _capacity(profile: Profile, load: ComponentLoad) -> CapacityResult:
    managed = profile.managed or profile.third_party
    dimensions = [] if managed else _dimensions(profile, load)
    busiest = max(dimensions, key=lambda d: d.utilization.value, default=None)
    return CapacityResult(component=profile.id, instances=profile.instances, zones=profile.zones, managed=managed,
                          dimensions=dimensions, binding=busiest.name if busiest else None)


def _dimensions(profile: Profile, load: ComponentLoad) -> list[Dimension]:
    capacity, copies = profile.capacity, profile.copies
    wanted: list[tuple[str, Limit | None, float, str]] = []
    if profile.role == Role.STORE:
        wanted.append(("requests", capacity.requests, load.peak_reads, "reads at peak"))
    elif profile.role == Role.CACHE:  # reads go to shard primaries (replicas serve none by default), writes to all
        others = load.peak_rps.value - load.peak_writes
        wanted.append(("requests", capacity.requests, others + load.peak_writes * copies,
                       f"{format_count(others)}/s reads + {format_count(load.peak_writes)}/s writes × {copies} "
                       f"{'copy' if copies == 1 else 'copies'}"))
    elif profile.role != Role.QUEUE:
        wanted.append(("requests", capacity.requests, load.peak_rps.value, load.peak_rps.formula))
    if profile.role in (Role.STORE, Role.QUEUE):
        wanted.append(("writes", capacity.writes, load.peak_writes * copies,
                       f"{format_count(load.peak_writes)}/s writes × {copies} copies"))
    if load.connections is not None:
        wanted.append(("connections", capacity.connections, load.connections.value, load.connections.formula))
    wanted.append(("bandwidth", capacity.bandwidth, load.bandwidth.value, load.bandwidth.formula))
    return [_dimension(name, limit, peak, formula, profile) for name, limit, peak, formula in wanted
            if limit is not None and peak > 0]


def _dimension(name: str, limit: Limit, peak: float, formula: str, profile: Profile) -> Dimension:
    n = profile.instances
    return Dimension(
        name=name, load=peak, load_formula=formula, per_instance=limit.value, source=limit.reason,
        utilization=_share(f"{name}_utilization", "Utilization at peak", name, peak, n, limit.value, "peak"),
        after_instance_loss=_share(f"{name}_after_instance_loss", "After losing one instance", name, peak, n - 1,
                                   limit.value, "peak on one instance fewer") if n > 1 else None,
        after_zone_loss=_after_zone(name, peak, n, profile.zones, limit.value))


def _after_zone(name: str, peak: float, instances: int, zones: int | None, per_instance: float) -> Figure | None:
    if zones is None or zones < 2:
        return None
    remaining = instances - math.ceil(instances / zones)
    if remaining < 1:
        return None
    return _share(f"{name}_after_zone_loss", "After losing one zone", name, peak, remaining, per_instance,
                  f"peak on the {remaining} left after losing 1 of {zones} zones")


def _share(key: str, label: str, name: str, peak: float, instances: int, per_instance: float, what: str) -> Figure:
    value = peak / (instances * per_instance)
    fmt = format_rate if name == "bandwidth" else format_count
    unit = "" if name == "bandwidth" else UNITS[name]
    formula = f"{what} {fmt(peak)}{unit} ÷ ({instances:,} × {fmt(per_instance)}{unit})"
    return Figure(name=key, label=label, value=value, display=f"{value:.0%}", formula=formula)
