"""What changed between two versions of a design: components, flows, interfaces, estimates, latency
budgets and review findings, each as plain typed records the report and the diagram read."""

from __future__ import annotations

from dataclasses import dataclass, field

from archgen.analyse import Analysis
from archgen.analyse.budgets import Percentiles
from archgen.diff.sources import Side
from archgen.errors import Diagnostic, InputError
from archgen.spec import Flow
from archgen.units import format_duration


@dataclass(frozen=True)
class Change:
    """One item added, removed or changed; `details` says what changed (`replicas: 2 → 5`)."""

    key: str
    status: str  # "added", "removed", "changed"
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class DesignDiff:
    old: str
    new: str
    title: str
    components: tuple[Change, ...]
    flows: tuple[Change, ...]
    interfaces: tuple[Change, ...]
    figures: tuple[Change, ...]  # estimates and latency budgets
    findings: tuple[Change, ...]  # open findings: added (new problems) or removed (resolved)
    sections: tuple[str, ...] = field(default=())  # other top-level sections whose text changed

    def empty(self) -> bool:
        return not (self.components or self.flows or self.interfaces or self.figures or self.findings
                    or self.sections)


def compare(old: Side, new: Side) -> DesignDiff:
    _check_related(old, new)
    a, b = old.analysis, new.analysis
    spec_a, spec_b = a.model.spec, b.model.spec
    return DesignDiff(
        old=old.name, new=new.name, title=spec_b.title,
        components=_keyed({k: v.model_dump() for k, v in spec_a.components.items()},
                          {k: v.model_dump() for k, v in spec_b.components.items()}),
        flows=_keyed({k: _flow_fields(v) for k, v in spec_a.flows.items()},
                     {k: _flow_fields(v) for k, v in spec_b.flows.items()}),
        interfaces=_keyed(_interfaces(a), _interfaces(b)),
        figures=_keyed(_figures(a), _figures(b)),
        findings=_keyed(_findings(a), _findings(b)),
        sections=tuple(name for name in ("requirements", "load", "storage", "bottlenecks", "tradeoffs",
                                         "failure_modes", "interview", "groups")
                       if getattr(spec_a, name) != getattr(spec_b, name)),
    )


def _check_related(old: Side, new: Side) -> None:
    """Two specs with no component in common are two designs, not two versions of one."""
    if set(old.analysis.model.components) & set(new.analysis.model.components):
        return
    raise InputError([Diagnostic(f"`{new.name}` shares no component id with `{old.name}`: these look like two "
                                 "different designs", new.document.position(("components",), key=True),
                                 "diff two versions of one design, e.g. `archgen diff chat@HEAD~1 chat`")])


def _keyed(before: dict[str, dict], after: dict[str, dict]) -> tuple[Change, ...]:
    changes = [Change(key, "removed") for key in before if key not in after]
    changes += [Change(key, "added") for key in after if key not in before]
    for key in before:
        if key in after and before[key] != after[key]:
            changes.append(Change(key, "changed", _field_changes(before[key], after[key])))
    order = {key: index for index, key in enumerate([*after, *before])}
    return tuple(sorted(changes, key=lambda change: order[change.key]))


def _field_changes(before: dict, after: dict) -> tuple[str, ...]:
    return tuple(f"{name}: {_show(before.get(name))} → {_show(after.get(name))}"
                 for name in dict.fromkeys([*before, *after]) if before.get(name) != after.get(name))


def _show(value: object) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _flow_fields(flow: Flow) -> dict:
    """A flow as its title, target and one entry per step (`a -> b: label`), so step edits read as text."""
    steps = {f"step {i}": f"{s.source} {'~>' if s.is_async else '->'} {s.target}: {s.label}"
             for i, s in enumerate(flow.steps, 1)}
    target = flow.latency_target
    target = f"{target.percentile} {format_duration(target.seconds)}" if target else None
    return {"title": flow.title, "latency_target": target, "target_covers": flow.target_covers, **steps}


def _interfaces(analysis: Analysis) -> dict[str, dict]:
    interfaces = analysis.model.spec.interfaces
    external = {f"{api.method} {api.path}": api.model_dump() for api in interfaces.external}
    internal = {f"{i.caller} → {i.callee}": i.model_dump() for i in interfaces.internal}
    return external | internal


def _figures(analysis: Analysis) -> dict[str, dict]:
    """Estimates, each flow's latency (p50 and p99) and availability, and each component's busiest capacity."""
    figures = {figure.label: {"value": figure.display} for figure in analysis.estimates.totals}
    for budget in analysis.budgets:
        verdict = None if budget.within_target is None else "within" if budget.within_target else "over"
        figures[f"latency of {budget.flow}"] = {
            "response p50 / p99": _pair(budget.response) if budget.response else None,
            "end to end p50 / p99": _pair(budget.end_to_end), "verdict": verdict}
    for flow in analysis.flow_availability:
        figures[f"availability of {flow.flow}"] = {"value": flow.value.display,
                                                   "meets target": None if flow.meets is None else flow.meets}
    for cid, capacity in analysis.capacities.items():
        busiest = capacity.busiest
        if busiest is not None:
            figures[f"capacity of {cid}"] = {"instances": capacity.instances, "binding": busiest.name,
                                             "utilization at peak": busiest.utilization.display}
    return figures


def _pair(times: Percentiles) -> str:
    shown = [format_duration(t) if t is not None else "never drains" for t in (times.p50, times.p99)]
    return " / ".join(shown)


def _findings(analysis: Analysis) -> dict[str, dict]:
    return {f"{f.rule}: {f.message}": {"severity": f.severity} for f in analysis.findings if not f.silenced}
