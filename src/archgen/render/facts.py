"""The figures the design page shows, read from the analysis: the one adapter between `Analysis` and the page.

Everything here is plain data (strings, lists, dicts) for the page's embedded JSON. A figure is
`{"display": "2 ms", "formula": "how it was computed"}`, or None when the analysis does not compute
it: the page says "not computed" rather than showing a zero. Per-component load, utilization,
headroom and availability are not computed by today's analysis (issue 10 adds them); when
`Analysis` grows those fields, only this module changes.
"""

from __future__ import annotations

from typing import Any

from archgen.analyse import Analysis
from archgen.analyse.budgets import APPEND_WORK, WORK_BY_KIND, FlowBudget, StepCost
from archgen.analyse.model import ResolvedComponent, ResolvedFlow
from archgen.analyse.review import Finding
from archgen.units import format_duration

Figure = dict[str, str]


def page_facts(analysis: Analysis) -> dict[str, Any]:
    budgets = {budget.flow: budget for budget in analysis.budgets}
    return {
        "components": {cid: component_facts(analysis, component, budgets)
                       for cid, component in analysis.model.components.items()},
        "flows": [flow_facts(analysis, flow, budgets[flow.id]) for flow in analysis.model.flows],
    }


def component_facts(analysis: Analysis, component: ResolvedComponent,
                    budgets: dict[str, FlowBudget]) -> dict[str, Any]:
    model = analysis.model
    group = model.groups[component.group].label if component.group else None
    return {
        "id": component.id,
        "label": component.label,
        "description": component.description or "",
        "kind": component.kind.replace("_", " "),
        "tech": component.tech_label or "",
        "tier": group or "",
        "instances": f"{component.replicas:,}",
        "load": None,
        "utilization": None,
        "headroom": None,
        "availability": None,
        "latency": _work_per_call(analysis, component, [s for b in budgets.values() for s in b.steps]),
        "steps": [{"tag": step.tag, "direction": "in" if step.target == component.id else "out"}
                  for step in model.steps if component.id in (step.source, step.target)],
        "findings": _findings(analysis.findings, component.id),
    }


def _work_per_call(analysis: Analysis, component: ResolvedComponent, steps: list[StepCost]) -> Figure | None:
    """The component's own work for one call, as the latency budgets cost it (its calls downstream
    are steps of their own). A component no step calls has no such figure."""
    work = sorted({s.work_seconds for s in steps if s.target == component.id})
    if not work:
        return None
    display = format_duration(work[0]) if len(work) == 1 else f"{format_duration(work[0])}–{format_duration(work[-1])}"
    reasons = "; ".join(dict.fromkeys(_work_reason(analysis, component, seconds) for seconds in work))
    return {"display": f"{display} per call", "formula": f"own work per call, without its downstream calls: {reasons}"}


def _work_reason(analysis: Analysis, component: ResolvedComponent, seconds: float) -> str:
    if analysis.model.spec.components[component.id].latency is not None:
        return "set on the component in the spec"
    for table in (WORK_BY_KIND, APPEND_WORK):
        figure, reason = table.get(component.kind, (None, ""))
        if figure == seconds:
            return reason
    return "client-side or generic work"


def flow_facts(analysis: Analysis, flow: ResolvedFlow, budget: FlowBudget) -> dict[str, Any]:
    labels = {cid: c.label for cid, c in analysis.model.components.items()}
    costs = {cost.tag: cost for cost in budget.steps}
    return {
        "id": flow.id,
        "letter": flow.letter,
        "title": flow.title,
        "target": format_duration(budget.target_seconds) if budget.target_seconds is not None else None,
        "verdict": _verdict(budget),
        "steps": [_step(analysis, costs[step.tag], labels, budget) for step in flow.steps],
        "findings": _findings(analysis.findings, flow.id),
    }


def _verdict(budget: FlowBudget) -> str:
    measured = "end to end" if budget.judged_end_to_end else "to respond"
    text = f"about {format_duration(budget.compared_seconds)} {measured}"
    if budget.within_target is None:
        return f"{text}; the flow sets no latency target"
    judged = "within" if budget.within_target else "over"
    return f"{text}: {judged} its {format_duration(budget.target_seconds or 0)} target"


def _step(analysis: Analysis, cost: StepCost, labels: dict[str, str], budget: FlowBudget) -> dict[str, Any]:
    return {
        "tag": cost.tag,
        "source": cost.source,
        "target": cost.target,
        "source_label": labels[cost.source],
        "target_label": labels[cost.target],
        "label": cost.label,
        "mode": "asynchronous (nobody waits)" if cost.is_async else "synchronous (the caller waits)",
        "path": "error path" if cost.error_path else "response path" if cost.in_response else "async tail",
        "latency": _step_latency(analysis, cost),
        "share": _share(cost, budget),
    }


def _step_latency(analysis: Analysis, cost: StepCost) -> Figure:
    if cost.note == "step latency set in the spec":
        formula = "set on the step in the spec"
    else:
        trip = "one way" if cost.is_async else "round trip"
        reason = _work_reason(analysis, analysis.model.components[cost.target], cost.work_seconds)
        formula = (f"{cost.hop.removesuffix(', one way')} {trip} {format_duration(cost.hop_seconds)} + work "
                   f"{format_duration(cost.work_seconds)} ({reason})")
    return {"display": format_duration(cost.total_seconds), "formula": formula}


def _share(cost: StepCost, budget: FlowBudget) -> Figure | None:
    """The step's part of the latency its flow is judged on: the response path, or end to end when the
    target covers the async tail (steps of the tail are measured against end to end either way)."""
    if cost.error_path:
        return None
    counted = cost.in_response or budget.judged_end_to_end
    whole, name = ((budget.compared_seconds, "response path" if not budget.judged_end_to_end else "end to end")
                   if counted else (budget.end_to_end_seconds, "end to end"))
    if whole <= 0:
        return None
    percent = cost.total_seconds / whole * 100
    display = "<1%" if 0 < percent < 1 else f"{percent:.0f}%"
    return {"display": display,
            "formula": f"{cost.tag} {format_duration(cost.total_seconds)} ÷ {format_duration(whole)} {name}"}


def _findings(findings: list[Finding], subject: str) -> list[dict[str, str | None]]:
    return [{"severity": f.severity, "rule": f.rule, "message": f.message, "why": f.why, "silenced": f.silenced}
            for f in findings if f.subject == subject]
