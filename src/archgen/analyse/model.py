"""Resolve a Spec: icons and labels per component, the group tree, lettered flows and their steps."""

from __future__ import annotations

import string

from pydantic import BaseModel, ConfigDict

from archgen.catalog import Role, find_kind, find_tech
from archgen.spec import Spec

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
FLOW_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ResolvedComponent(Frozen):
    id: str
    kind: str
    role: Role
    label: str
    tech: str | None
    tech_label: str | None
    description: str | None
    group: str | None
    replicas: int
    icon: str
    custom_icon: str | None


class ResolvedGroup(Frozen):
    id: str
    label: str
    parent: str | None
    children: list[str]
    components: list[str]


class ResolvedStep(Frozen):
    flow: str
    number: int
    tag: str
    source: str
    target: str
    label: str
    is_async: bool
    colour: str


class ResolvedFlow(Frozen):
    id: str
    letter: str
    title: str
    description: str | None
    latency_target: float | None
    target_percentile: str | None
    target_stated: bool
    colour: str
    steps: list[ResolvedStep]


class Model(Frozen):
    """Everything a renderer needs, in a stable order: renderers never look at raw YAML."""

    name: str
    spec: Spec
    components: dict[str, ResolvedComponent]
    groups: dict[str, ResolvedGroup]
    root_groups: list[str]
    ungrouped: list[str]
    flows: list[ResolvedFlow]

    @property
    def steps(self) -> list[ResolvedStep]:
        return [step for flow in self.flows for step in flow.steps]


def build_model(name: str, spec: Spec) -> Model:
    order = _component_order(spec)
    components = {cid: _resolve_component(cid, spec) for cid in order}
    groups = _resolve_groups(spec, order)
    flows = [_resolve_flow(index, fid, spec) for index, fid in enumerate(spec.flows)]
    return Model(
        name=name,
        spec=spec,
        components=components,
        groups=groups,
        root_groups=[gid for gid, group in groups.items() if group.parent is None],
        ungrouped=[cid for cid in order if spec.components[cid].group is None],
        flows=flows,
    )


def _component_order(spec: Spec) -> list[str]:
    """Declaration order: the author's order is the most stable and most meaningful one."""
    return list(spec.components)


def _resolve_component(cid: str, spec: Spec) -> ResolvedComponent:
    component = spec.components[cid]
    kind = find_kind(component.kind)
    tech = find_tech(component.tech) if component.tech else None
    assert kind is not None, "validate guarantees a known kind"
    named_by_tech = tech is not None and tech.draws_icon  # "Redis" names a cache; "Go" does not name a service
    label = component.label or (tech.label if named_by_tech else cid.replace("_", " ").replace("-", " ").capitalize())
    return ResolvedComponent(
        id=cid,
        kind=kind.name,
        role=kind.role,
        label=label,
        tech=component.tech,
        tech_label=tech.label if tech else component.tech,
        description=component.description,
        group=component.group,
        replicas=component.replicas,
        icon=tech.icon if tech and tech.draws_icon else kind.icon,
        custom_icon=component.icon,
    )


def _resolve_groups(spec: Spec, order: list[str]) -> dict[str, ResolvedGroup]:
    return {
        gid: ResolvedGroup(
            id=gid,
            label=group.label or gid.replace("_", " ").replace("-", " ").capitalize(),
            parent=group.parent,
            children=[child for child, g in spec.groups.items() if g.parent == gid],
            components=[cid for cid in order if spec.components[cid].group == gid],
        )
        for gid, group in spec.groups.items()
    }


def flow_letter(index: int) -> str:
    letters = string.ascii_uppercase
    return letters[index] if index < len(letters) else letters[index // 26 - 1] + letters[index % 26]


def _resolve_flow(index: int, fid: str, spec: Spec) -> ResolvedFlow:
    flow = spec.flows[fid]
    letter = flow_letter(index)
    colour = FLOW_COLOURS[index % len(FLOW_COLOURS)]
    steps = [
        ResolvedStep(flow=fid, number=number, tag=f"{letter}{number}", source=step.source, target=step.target,
                     label=step.label, is_async=step.is_async, colour=colour)
        for number, step in enumerate(flow.steps, start=1)
    ]
    target = flow.latency_target
    return ResolvedFlow(id=fid, letter=letter, title=flow.title or fid.replace("_", " ").capitalize(),
                        description=flow.description, latency_target=target.seconds if target else None,
                        target_percentile=target.percentile if target else None,
                        target_stated=target.stated if target else False, colour=colour, steps=steps)
