"""`archgen estimate` in the terminal: the write-up's computed tables as rich tables, formulas included."""

from __future__ import annotations

from rich.console import RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from archgen.analyse import Analysis
from archgen.render.writeup import amount, shown_dimensions, time
from archgen.units import format_count, format_duration, format_percent, format_rate, format_size


def _table(title: str, *columns: str) -> Table:
    return Table(*columns, title=title, box=None, header_style="bold", title_justify="left")


def estimate_tables(analysis: Analysis) -> list[RenderableType]:
    tables: list[RenderableType] = list(_load_tables(analysis))
    if analysis.traffic.traced:
        tables += [_flow_load(analysis), _capacity(analysis), _capacity_formulas(analysis)]
    tables += [_latency(analysis), _availability(analysis)]
    if analysis.stores:
        tables.append(_stores(analysis))
    if analysis.caches:
        tables.append(_caches(analysis))
    return tables


def _load_tables(analysis: Analysis) -> list[Table]:
    estimates = analysis.estimates
    if not estimates.actions:
        return []
    per_action = _table("per action", "action", "type", "requests/day", "avg/s", "peak/s", "bandwidth",
                        "storage/day")
    for a in estimates.actions:
        per_action.add_row(a.name, a.type, format_count(a.per_day), format_count(a.average_rps),
                           format_count(a.peak_rps), format_rate(a.bytes_per_second),
                           format_size(a.stored_per_day) if a.type == "write" else "—")
    totals = _table("totals", "figure", "value", "how")
    for figure in estimates.totals:
        totals.add_row(figure.label, figure.display, escape(figure.formula))
    return [per_action, totals]


def _flow_load(analysis: Analysis) -> Table:
    table = _table("load through the architecture", "flow", "driven by", "avg/s", "peak/s", "how")
    for flow in analysis.traffic.flows:
        table.add_row(flow.flow, ", ".join(flow.actions) or "—",
                      format_count(flow.average_rps) if flow.average_rps is not None else "—",
                      format_count(flow.peak_rps) if flow.peak_rps is not None else "—", escape(flow.formula))
    return table


def _capacity(analysis: Analysis) -> Table:
    table = _table("capacity and headroom (dimensions under 1% left out)", "component", "load", "at peak",
                   "per instance", "instances", "utilization", "−1 instance", "−1 zone")
    for result in analysis.capacities.values():
        if result.managed:
            peak = analysis.traffic.components[result.component].peak_rps.display
            table.add_row(result.component, "all", peak, "managed", "—", "—", "—", "—")
        for d in shown_dimensions(result):
            colour = "red" if d.utilization.value > 1 else "yellow" if d.utilization.value > 0.7 else "green"
            table.add_row(result.component, d.name, amount(d.load, d.name), amount(d.per_instance, d.name),
                          f"{result.instances:,}", f"[{colour}]{d.utilization.display}[/]",
                          d.after_instance_loss.display if d.after_instance_loss else "—",
                          d.after_zone_loss.display if d.after_zone_loss else "—")
    return table


def _capacity_formulas(analysis: Analysis) -> Text:
    lines = ["how: utilization = peak ÷ (instances × per instance)"]
    for result in analysis.capacities.values():
        if result.managed:
            lines.append(f"  {result.component}: managed — {result.managed}")
        lines += [f"  {result.component} {d.name}: {d.utilization.formula}; load {d.load_formula};"
                  f" per instance: {d.source}" for d in shown_dimensions(result)]
    return Text("\n".join(lines) + "\n")


def _latency(analysis: Analysis) -> Table:
    table = _table("latency budgets (at peak)", "flow", "judged", "p50", "p99", "target", "at target", "verdict",
                   "largest step")
    for flow, budget in zip(analysis.flows, analysis.budgets, strict=True):
        judged = budget.end_to_end if budget.judged_end_to_end else budget.response
        assert judged is not None
        target = "—"
        if budget.target_seconds is not None:
            assumed = "" if budget.target_stated else " (assumed)"
            target = f"{budget.target_percentile}{assumed} {format_duration(budget.target_seconds)}"
        verdict = {"within": "[green]within[/]", "over": "[red]over[/]", None: "—"}[flow.latency_verdict]
        table.add_row(escape(budget.title), flow.judged, time(judged.p50), time(judged.p99), target,
                      time(budget.compared_seconds) if budget.target_seconds is not None else "—", verdict,
                      budget.dominant or "—")
    return table


def _availability(analysis: Analysis) -> Table:
    table = _table("availability of the synchronous path", "flow", "availability", "target", "verdict", "how")
    for flow in analysis.flow_availability:
        verdict = {True: "[green]meets[/]", False: "[red]below[/]", None: "—"}[flow.meets]
        table.add_row(flow.flow, flow.value.display, format_percent(flow.target) if flow.target else "—", verdict,
                      escape(flow.value.formula))
    return table


def _stores(analysis: Analysis) -> Table:
    table = _table("storage per store", "store", "stored, every copy", "nodes", "per node", "sane limit", "how")
    for store in analysis.stores:
        table.add_row(store.store, store.total.display, f"{store.nodes:,}" if store.per_node else "managed",
                      store.per_node.display if store.per_node else "—",
                      format_size(store.limit) if store.limit else "—",
                      escape("; ".join(f"{e.entity}: {e.records.formula} × {e.copies} copies" for e in store.entities)))
    return table


def _caches(analysis: Analysis) -> Table:
    table = _table("caches", "cache", "working set", "per node", "hit ratio", "how")
    for cache in analysis.caches:
        table.add_row(cache.cache, cache.working_set.display, cache.per_node.display if cache.per_node else "—",
                      f"{cache.hit_ratio:.0%}" if cache.hit_ratio is not None else "—",
                      escape(cache.working_set.formula))
    return table
