"""Back-of-envelope estimates from the spec's `load` figures, each with the formula behind it."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from archgen.analyse.figure import Figure
from archgen.analyse.model import Frozen, Model
from archgen.spec import Action, Load, active_seconds_per_day, requests_per_day
from archgen.units import format_count, format_duration, format_rate, format_size, two_figures

if TYPE_CHECKING:
    from archgen.analyse.traffic import Traffic

from archgen.analyse.defaults.storage import DEFAULT_RETENTION_YEARS

SECONDS_PER_DAY = 86_400
DAYS_PER_YEAR = 365


class ActionEstimate(Frozen):
    name: str
    type: str
    per_day: float
    average_rps: float
    peak_rps: float
    bytes_per_second: float
    peak_factor: float
    stored_per_day: float
    stored_total: float
    rate_formula: str
    peak_formula: str
    connections: float | None = None  # concurrent at peak, when each one holds a connection open


class Estimates(Frozen):
    actions: list[ActionEstimate]
    totals: list[Figure]
    read_rps: float
    write_rps: float
    peak_write_rps: float

    @property
    def read_write_ratio(self) -> float | None:
        return self.read_rps / self.write_rps if self.write_rps else None

    def figure(self, name: str) -> Figure | None:
        return next((f for f in self.totals if f.name == name), None)


def estimate(load: Load, caches_sized: bool = False) -> Estimates:
    actions = [_estimate_action(name, action, load) for name, action in load.actions.items()]
    reads = [a for a in actions if a.type == "read"]
    writes = [a for a in actions if a.type == "write"]
    read_rps = sum(a.average_rps for a in reads)
    write_rps = sum(a.average_rps for a in writes)
    cached_reads = [a for a in reads if load.actions[a.name].cached]
    totals = _totals(load, actions, reads, writes, read_rps, write_rps, [] if caches_sized else cached_reads)
    return Estimates(actions=actions, totals=totals, read_rps=read_rps, write_rps=write_rps,
                     peak_write_rps=sum(a.peak_rps for a in writes))


def _rate_formula(action: Action, load: Load, per_day: float) -> str:
    seconds = active_seconds_per_day(load)
    hours = two_figures(seconds / 3600)
    over = "86,400 s" if seconds == SECONDS_PER_DAY else f"{two_figures(seconds)} s ({hours} h open)"
    if action.per_second is not None:
        return "given per second"
    if action.per_day is not None:
        return f"{format_count(per_day)}/day ÷ {over}"
    return f"{format_count(load.users or 0)} users × {two_figures(action.per_user_per_day or 0)}/day ÷ {over}"


def _estimate_action(name: str, action: Action, load: Load) -> ActionEstimate:
    per_day = requests_per_day(action, load)
    average = per_day / active_seconds_per_day(load)
    peak_factor = action.peak_factor if action.peak_factor is not None else load.peak_factor
    peak, peak_formula = average * peak_factor, f"average × peak factor {two_figures(peak_factor)}"
    if action.peak_per_second is not None:
        peak, peak_formula = action.peak_per_second, "given per second"
        peak_factor = peak / average if average else 1.0
    stored = action.stored_size if action.stored_size is not None else action.size
    stored_per_day = per_day * stored if action.type == "write" else 0.0
    replication = action.replication if action.replication is not None else load.replication
    connections = peak * action.connection_duration if action.connection_duration is not None else None
    return ActionEstimate(
        name=name, type=action.type, per_day=per_day, average_rps=average, peak_rps=peak,
        bytes_per_second=average * action.size, peak_factor=peak_factor, stored_per_day=stored_per_day,
        stored_total=stored_per_day * retention_days(action.retention or load.retention, load) * replication,
        rate_formula=_rate_formula(action, load, per_day), peak_formula=peak_formula, connections=connections,
    )


def retention_days(retention: float | None, load: Load) -> float:
    """Active days inside a retention period: a 90-day retention on a 252-day calendar keeps 62 days of data."""
    days = retention / SECONDS_PER_DAY if retention else DEFAULT_RETENTION_YEARS * DAYS_PER_YEAR
    return days * load.calendar.days_per_year / DAYS_PER_YEAR


def _overrides(load: Load, field: str) -> bool:
    return any(getattr(action, field) is not None for action in load.actions.values())


def _totals(load: Load, actions: list[ActionEstimate], reads: list[ActionEstimate], writes: list[ActionEstimate],
            read_rps: float, write_rps: float, cached_reads: list[ActionEstimate]) -> list[Figure]:
    if not actions:
        return []
    total = read_rps + write_rps
    peak = sum(a.peak_rps for a in actions)
    peak_formula = (f"Σ each action's average × its peak factor (default {two_figures(load.peak_factor)})"
                    if _overrides(load, "peak_factor") or _overrides(load, "peak_per_second")
                    else f"average × peak factor {two_figures(load.peak_factor)}")
    figures = [
        Figure(name="average_rps", label="Requests per second (average)", value=total,
               display=f"{format_count(total)}/s", formula="Σ every action's average rate (requests/day ÷ seconds"
                                                           " a day it runs)"),
        Figure(name="peak_rps", label="Requests per second (peak)", value=peak, display=f"{format_count(peak)}/s",
               formula=peak_formula),
        Figure(name="read_rps", label="Reads per second", value=read_rps,
               display=_with_peak(reads, "average_rps", format_count, "/s"), formula="read actions only"),
        Figure(name="write_rps", label="Writes per second", value=write_rps,
               display=_with_peak(writes, "average_rps", format_count, "/s"), formula="write actions only"),
    ]
    if read_rps and write_rps:
        figures.append(Figure(name="read_write_ratio", label="Read : write ratio", value=read_rps / write_rps,
                              display=f"{two_figures(read_rps / write_rps)} : 1", formula="read rate ÷ write rate"))
    ingress = sum(a.bytes_per_second for a in writes)
    egress = sum(a.bytes_per_second for a in reads)
    figures += [
        Figure(name="ingress", label="Ingress bandwidth", value=ingress,
               display=_with_peak(writes, "bytes_per_second", format_rate), formula="Σ write rate × request size"),
        Figure(name="egress", label="Egress bandwidth", value=egress,
               display=_with_peak(reads, "bytes_per_second", format_rate), formula="Σ read rate × response size"),
    ]
    figures += _storage(load, writes)
    figures += _cache(load, cached_reads)
    if load.per_server_rps:
        servers = math.ceil(peak / load.per_server_rps)
        formula = f"peak {format_count(peak)}/s ÷ {format_count(load.per_server_rps)}/s per server"
        figures.append(Figure(name="servers", label="Servers at peak", value=servers, display=f"{servers:,}",
                              formula=formula))
    return figures


def _with_peak(actions: list[ActionEstimate], field: str, fmt: Callable[[float], str], unit: str = "") -> str:
    """`average (peak P)`, the peak summing each action's own peak factor."""
    average = sum(getattr(a, field) for a in actions)
    peak = sum(getattr(a, field) * a.peak_factor for a in actions)
    return f"{fmt(average)}{unit} (peak {fmt(peak)}{unit})"


def _storage(load: Load, writes: list[ActionEstimate]) -> list[Figure]:
    per_day = sum(a.stored_per_day for a in writes)
    if not per_day:
        return []
    retention_text = format_duration(load.retention) if load.retention else f"{DEFAULT_RETENTION_YEARS} y (assumed)"
    total = sum(a.stored_total for a in writes)
    days = load.calendar.days_per_year
    calendar = "" if days == DAYS_PER_YEAR else f" on {days:g} active days a year"
    total_formula = f"per day × {retention_text} retention{calendar} × {load.replication} replicas"
    if _overrides(load, "retention") or _overrides(load, "replication"):
        total_formula = (f"Σ each write action's per day × its retention{calendar} × its replicas (defaults"
                         f" {retention_text}, {load.replication} replicas)")
    per_year = per_day * days
    return [
        Figure(name="storage_per_day", label="New storage per day", value=per_day,
               display=f"{format_size(per_day)}/day", formula="Σ writes/day × stored size"),
        Figure(name="storage_per_year", label="New storage per year", value=per_year,
               display=f"{format_size(per_year)}/year", formula=f"per day × {days:g} days"),
        Figure(name="storage_total", label="Storage over retention, replicated (first estimate)", value=total,
               display=format_size(total),
               formula=total_formula + "; every write action at the load-wide copies, where \"Storage per store\" "
                       "counts each store's own copies and a managed store's once"),
    ]


def _cache(load: Load, reads: list[ActionEstimate]) -> list[Figure]:
    daily_read_bytes = sum(a.per_day * (a.bytes_per_second / a.average_rps if a.average_rps else 0) for a in reads)
    if not daily_read_bytes:
        return []
    memory = daily_read_bytes * load.cache_hot_fraction
    share = two_figures(load.cache_hot_fraction * 100)
    formula = (f"{share}% of a day's read volume ({format_size(daily_read_bytes)}), the 80/20 rule: a rough"
               " stand-in until cache components give their `working_set`")
    return [Figure(name="cache_memory", label="Cache memory for the hot set", value=memory,
                   display=format_size(memory), formula=formula)]


def with_traced_servers(estimates: Estimates, model: Model, traffic: Traffic) -> Estimates:
    """Servers at peak from the load that reaches each service, not from every request the design sees
    (a CDN or object storage serves much of that without a server of ours)."""
    per_server = model.spec.load.per_server_rps
    reached = [(cid, load.peak_rps.value) for cid, load in traffic.components.items()
               if model.components[cid].kind == "service" and load.peak_rps.value > 0]
    if not per_server or not traffic.traced or not reached:
        return estimates
    servers = sum(math.ceil(peak / per_server) for _, peak in reached)
    terms = " + ".join(f"{cid} ⌈{format_count(peak)}/s ÷ {format_count(per_server)}/s⌉" for cid, peak in reached)
    figure = Figure(name="servers", label="Servers at peak", value=servers, display=f"{servers:,}",
                    formula=f"peak reaching each service: {terms}")
    totals = [figure if f.name == "servers" else f for f in estimates.totals]
    return estimates.model_copy(update={"totals": totals})
