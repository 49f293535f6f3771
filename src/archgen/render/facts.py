"""The figures the design page shows, read from the analysis: the one adapter between `Analysis` and the page.

Everything here is plain data (strings, lists, dicts) for the page's embedded JSON. A figure is
`{"display": "44%", "formula": "how it was computed"}`, or None when the analysis has no such figure
(no load reaches the component, a client has no capacity): the page says "not computed" rather than
showing a zero. Only this module reads `Analysis`; when the analysis changes, only it changes.
"""

from __future__ import annotations

from typing import Any

from archgen.analyse import Analysis
from archgen.analyse.budgets import FlowBudget, StepCost
from archgen.analyse.capacity import CapacityResult
from archgen.analyse.model import ResolvedComponent, ResolvedFlow
from archgen.analyse.report import ComponentReport, FlowReport
from archgen.units import format_duration

Figure = dict[str, str]


def page_facts(analysis: Analysis) -> dict[str, Any]:
    return {
        "components": {cid: component_facts(analysis, component)
                       for cid, component in analysis.model.components.items()},
        "flows": [flow_facts(analysis, flow, report, budget)
                  for flow, report, budget in zip(analysis.model.flows, analysis.flows, analysis.budgets, strict=True)],
    }


def component_facts(analysis: Analysis, component: ResolvedComponent) -> dict[str, Any]:
    model = analysis.model
    report = analysis.components.get(component.id)  # clients have none: nothing of theirs is sized
    group = model.groups[component.group].label if component.group else None
    capacity = report.capacity if report else None
    return {
        "id": component.id,
        "label": component.label,
        "description": component.description or "",
        "kind": component.kind.replace("_", " "),
        "tech": component.tech_label or "",
        "tier": group or "",
        "instances": f"{component.replicas:,}",
        "load": _load(report),
        "utilization": _utilization(capacity),
        "headroom": _headroom(capacity),
        "latency": _work(report),
        "availability": _availability(report),
        "steps": [{"tag": step.tag, "direction": "in" if step.target == component.id else "out"}
                  for step in model.steps if component.id in (step.source, step.target)],
        "findings": _findings(analysis, component.id),
    }


def _load(report: ComponentReport | None) -> Figure | None:
    if report is None or report.load is None:
        return None
    load = report.load
    parts = [f"{load.peak_rps.display} at peak ({load.average_rps.display} average)", f"{load.bandwidth.display}"]
    if load.connections is not None:
        parts.append(f"{load.connections.display} connections")
    return {"display": " · ".join(parts), "formula": f"peak: {load.peak_rps.formula}"}


def _binding(capacity: CapacityResult | None) -> Any:
    if capacity is None or not capacity.dimensions:
        return None
    return next((d for d in capacity.dimensions if d.name == capacity.binding), capacity.dimensions[0])


def _utilization(capacity: CapacityResult | None) -> Figure | None:
    if capacity is not None and capacity.managed:
        return {"display": "not ours to size", "formula": capacity.managed}
    dimension = _binding(capacity)
    if dimension is None:
        return None
    return {"display": f"{dimension.utilization.display} of its {dimension.name} capacity",
            "formula": f"{dimension.utilization.formula}; per instance: {dimension.source}"}


def _headroom(capacity: CapacityResult | None) -> Figure | None:
    dimension = _binding(capacity)
    losses = [figure for figure in (dimension.after_instance_loss, dimension.after_zone_loss) if figure] \
        if dimension else []
    if not losses:
        return None
    return {"display": "; ".join(f"{figure.display} {figure.label.lower()}" for figure in losses),
            "formula": "; ".join(figure.formula for figure in losses)}


def _work(report: ComponentReport | None) -> Figure | None:
    if report is None or report.work_p50 is None:
        return None
    p99 = f" · p99 {format_duration(report.work_p99)}" if report.work_p99 is not None else ""
    return {"display": f"p50 {format_duration(report.work_p50)}{p99} per call",
            "formula": f"own work per call, without its downstream calls: {report.work_source or 'kind default'}"}


def _availability(report: ComponentReport | None) -> Figure | None:
    if report is None or report.availability is None:
        return None
    availability = report.availability
    return {"display": availability.display, "formula": f"{availability.formula} ({availability.reason})"}


def flow_facts(analysis: Analysis, flow: ResolvedFlow, report: FlowReport, budget: FlowBudget) -> dict[str, Any]:
    labels = {cid: c.label for cid, c in analysis.model.components.items()}
    costs = {cost.tag: cost for cost in budget.steps}
    return {
        "id": flow.id,
        "letter": flow.letter,
        "title": flow.title,
        "target": (f"{report.target_percentile or ''} {format_duration(report.target_seconds)}".strip()
                   if report.target_seconds is not None else None),
        "verdict": _verdict(report),
        "availability": _flow_availability(report),
        "steps": [_step(costs[step.tag], labels, budget) for step in flow.steps],
        "findings": _findings(analysis, flow.id),
    }


def _verdict(report: FlowReport) -> str:
    judged = report.end_to_end if report.judged == "end to end" else report.response
    p50, p99 = (judged.p50, judged.p99) if judged else (None, None)
    measured = "end to end" if report.judged == "end to end" else "to respond"
    text = f"p50 {_duration(p50)}, p99 {_duration(p99)} {measured}"
    if report.latency_verdict is None:
        return f"{text}; the flow sets no latency target"
    return (f"{text}: {report.latency_verdict} its {report.target_percentile} target of "
            f"{format_duration(report.target_seconds or 0)}")


def _flow_availability(report: FlowReport) -> str | None:
    if report.availability is None:
        return None
    text = _percent(report.availability)
    if report.availability_target is not None:
        text += f", {report.availability_verdict} its {_percent(report.availability_target)} target"
    return text


def _percent(share: float) -> str:
    """Availability as people write it: 99.99%, 99.9%, 99.96% (never rounded up to 100%)."""
    digits = 3 if round(share * 100, 3) < 100 or share >= 1 else 6
    return f"{share * 100:.{digits}f}".rstrip("0").rstrip(".") + "%"


def _duration(seconds: float | None) -> str:
    return "unbounded (a queue never drains)" if seconds is None else format_duration(seconds)


def _step(cost: StepCost, labels: dict[str, str], budget: FlowBudget) -> dict[str, Any]:
    return {
        "tag": cost.tag,
        "source": cost.source,
        "target": cost.target,
        "source_label": labels[cost.source],
        "target_label": labels[cost.target],
        "label": cost.label,
        "mode": "asynchronous (nobody waits)" if cost.is_async else "synchronous (the caller waits)",
        "path": "error path" if cost.error_path else "response path" if cost.in_response else "async tail",
        "latency": _step_latency(cost),
        "share": _share(cost, budget),
    }


def _step_latency(cost: StepCost) -> Figure | None:
    if cost.own_p50 is None:
        return None
    parts = " + ".join(f"{part.name} {_duration(part.p50)} ({part.detail})" for part in cost.parts)
    return {"display": f"p50 {format_duration(cost.own_p50)} · p99 {_duration(cost.own_p99)}",
            "formula": f"at p50: {parts}" if parts else "the step's own time"}


def _share(cost: StepCost, budget: FlowBudget) -> Figure | None:
    """The step's own median time as a part of the median of the path it is judged on: the response path, or
    end to end for the async tail and for flows whose target covers it."""
    if cost.error_path or cost.own_p50 is None:
        return None
    end_to_end = budget.judged_end_to_end or not cost.in_response or budget.response is None
    path = budget.end_to_end if end_to_end else budget.response
    whole = path.p50 if path else None
    if not whole:
        return None
    percent = cost.own_p50 / whole * 100
    display = "<1%" if 0 < percent < 1 else f"{percent:.0f}%"
    name = "end to end" if end_to_end else "response path"
    return {"display": display,
            "formula": f"{cost.tag} p50 {format_duration(cost.own_p50)} ÷ {format_duration(whole)} p50 {name}"}


def _findings(analysis: Analysis, subject: str) -> list[dict[str, str | None]]:
    return [{"severity": f.severity, "rule": f.rule, "message": detail, "why": f.why, "silenced": f.silenced}
            for f in analysis.findings for who, detail in zip(f.subjects, f.details, strict=True) if who == subject]
