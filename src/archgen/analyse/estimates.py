"""Back-of-envelope estimates from the spec's `load` figures, each with the formula behind it."""

from __future__ import annotations

import math
from collections.abc import Callable

from archgen.analyse.model import Frozen
from archgen.spec import Action, Load
from archgen.units import format_count, format_duration, format_rate, format_size, two_figures

SECONDS_PER_DAY = 86_400
DAYS_PER_YEAR = 365
DEFAULT_RETENTION_YEARS = 5


class Figure(Frozen):
    name: str
    label: str
    value: float
    display: str
    formula: str


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


def estimate(load: Load) -> Estimates:
    actions = [_estimate_action(name, action, load) for name, action in load.actions.items()]
    reads = [a for a in actions if a.type == "read"]
    writes = [a for a in actions if a.type == "write"]
    read_rps = sum(a.average_rps for a in reads)
    write_rps = sum(a.average_rps for a in writes)
    cached_reads = [a for a in reads if load.actions[a.name].cached]
    totals = _totals(load, actions, reads, writes, read_rps, write_rps, cached_reads)
    return Estimates(actions=actions, totals=totals, read_rps=read_rps, write_rps=write_rps,
                     peak_write_rps=sum(a.peak_rps for a in writes))


def requests_per_day(action: Action, load: Load) -> float:
    if action.per_day is not None:
        return action.per_day
    return (action.per_user_per_day or 0.0) * (load.users or 0.0)


def _estimate_action(name: str, action: Action, load: Load) -> ActionEstimate:
    per_day = requests_per_day(action, load)
    average = per_day / SECONDS_PER_DAY
    if action.per_day is not None:
        formula = f"{format_count(per_day)}/day ÷ 86,400 s"
    else:
        formula = f"{format_count(load.users or 0)} users × {two_figures(action.per_user_per_day or 0)}/day ÷ 86,400 s"
    stored = action.stored_size if action.stored_size is not None else action.size
    stored_per_day = per_day * stored if action.type == "write" else 0.0
    peak_factor = action.peak_factor if action.peak_factor is not None else load.peak_factor
    replication = action.replication if action.replication is not None else load.replication
    return ActionEstimate(
        name=name, type=action.type, per_day=per_day, average_rps=average, peak_rps=average * peak_factor,
        bytes_per_second=average * action.size, peak_factor=peak_factor, stored_per_day=stored_per_day,
        stored_total=stored_per_day * DAYS_PER_YEAR * _retention_years(action, load) * replication,
        rate_formula=formula,
    )


def _retention_years(action: Action, load: Load) -> float:
    retention = action.retention if action.retention is not None else load.retention
    return retention / (DAYS_PER_YEAR * SECONDS_PER_DAY) if retention else DEFAULT_RETENTION_YEARS


def _overrides(load: Load, field: str) -> bool:
    return any(getattr(action, field) is not None for action in load.actions.values())


def _totals(load: Load, actions: list[ActionEstimate], reads: list[ActionEstimate], writes: list[ActionEstimate],
            read_rps: float, write_rps: float, cached_reads: list[ActionEstimate]) -> list[Figure]:
    if not actions:
        return []
    total = read_rps + write_rps
    peak = sum(a.peak_rps for a in actions)
    peak_formula = (f"Σ each action's average × its peak factor (default {two_figures(load.peak_factor)})"
                    if _overrides(load, "peak_factor") else f"average × peak factor {two_figures(load.peak_factor)}")
    figures = [
        Figure(name="average_rps", label="Requests per second (average)", value=total,
               display=f"{format_count(total)}/s", formula="sum of every action's requests/day ÷ 86,400 s"),
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
    total_formula = f"per year × {retention_text} retention × {load.replication} replicas"
    if _overrides(load, "retention") or _overrides(load, "replication"):
        total_formula = (f"Σ each write action's per year × its retention × its replicas (defaults {retention_text},"
                         f" {load.replication} replicas)")
    return [
        Figure(name="storage_per_day", label="New storage per day", value=per_day,
               display=f"{format_size(per_day)}/day", formula="Σ writes/day × stored size"),
        Figure(name="storage_per_year", label="New storage per year", value=per_day * DAYS_PER_YEAR,
               display=f"{format_size(per_day * DAYS_PER_YEAR)}/year", formula="per day × 365"),
        Figure(name="storage_total", label="Storage over retention, replicated", value=total,
               display=format_size(total), formula=total_formula),
    ]


def _cache(load: Load, reads: list[ActionEstimate]) -> list[Figure]:
    daily_read_bytes = sum(a.per_day * (a.bytes_per_second / a.average_rps if a.average_rps else 0) for a in reads)
    if not daily_read_bytes:
        return []
    memory = daily_read_bytes * load.cache_hot_fraction
    share = two_figures(load.cache_hot_fraction * 100)
    formula = f"{share}% of a day's read volume ({format_size(daily_read_bytes)}), the hot set (80/20 rule)"
    return [Figure(name="cache_memory", label="Cache memory for the hot set", value=memory,
                   display=format_size(memory), formula=formula)]
