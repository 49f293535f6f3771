"""Graph views: the overview (every component, one plain edge per connected pair) and one view per flow."""

from __future__ import annotations

from archgen.analyse.model import Model, ResolvedComponent, ResolvedFlow, ResolvedStep
from archgen.catalog import Role
from archgen.views.fit import choose_direction, header_width
from archgen.views.model import Direction, Edge, GraphView, Group, LegendEntry, LineStyle, Node

LINE_KEYS: dict[LineStyle, str] = {
    "sync": "synchronous call (the caller waits)",
    "async": "asynchronous message (nobody waits)",
    "error": "error path (dead letters)",
}


def overview(model: Model) -> GraphView:
    backward = back_edges(model)
    edges = [*_folded_edges(model, backward), *_dead_letter_edges(model, set(model.components))]
    nodes = tuple(node(c) for c in model.components.values())
    groups = _groups(model, {c.group for c in model.components.values()})
    flows = len(model.flows)
    subtitle = (f"{len(nodes)} components · {flows} flow{'s' if flows != 1 else ''}"
                + (" · each flow has its own view" if flows else ""))
    legend = _line_keys(edges)
    header = header_width(model.spec.title, subtitle, [entry.label for entry in legend])
    return GraphView(id="overview", kind="overview", title=model.spec.title, subtitle=subtitle,
                     direction=_direction(model, nodes, groups, edges, labelled=False, header=header), nodes=nodes,
                     groups=groups, edges=tuple(edges), legend=legend, alt=_overview_alt(model, edges))


def flow_view(model: Model, flow: ResolvedFlow) -> GraphView:
    backward = back_edges(model)
    touched = {cid for step in flow.steps for cid in (step.source, step.target)}
    nodes = tuple(node(c) for cid, c in model.components.items() if cid in touched)
    edges = [_step_edge(model, step, backward, hue(model, flow)) for step in flow.steps]
    edges += [e for e in _dead_letter_edges(model, touched) if not any(_same_pair(e, s) for s in flow.steps)]
    groups = _groups(model, {n.group for n in nodes})
    legend = (LegendEntry(f"{flow.letter}. {flow.title}", "sync", hue(model, flow)),
              *_line_keys(edges, hue(model, flow)))
    percentile = f"{flow.target_percentile} " if flow.target_percentile else ""
    target = f" · target {percentile}{_duration(flow.latency_target)}" if flow.latency_target else ""
    title, subtitle = f"{flow.letter}. {flow.title}", f"{model.spec.title} · {len(flow.steps)} steps{target}"
    header = header_width(title, subtitle, [entry.label for entry in legend])
    return GraphView(id=f"flow-{flow.id}", kind="flow", title=title, subtitle=subtitle,
                     direction=_direction(model, nodes, groups, edges, labelled=True, header=header), nodes=nodes,
                     groups=groups, edges=tuple(edges), legend=legend, alt=flow_alt(model, flow), flow=flow.id)


def hue(model: Model, flow: ResolvedFlow) -> int:
    """A flow's colour is its place in the theme's palette: the first flow's is 0."""
    return next(index for index, candidate in enumerate(model.flows) if candidate.id == flow.id)


def node(component: ResolvedComponent, *, count: bool = True) -> Node:
    return Node(id=component.id, label=component.label, detail=detail(component, count=count), kind=component.kind,
                role=component.role.value, icon=component.custom_icon or component.icon,
                custom_icon=component.custom_icon is not None, description=component.description or "",
                group=component.group)


def detail(component: ResolvedComponent, *, count: bool = True) -> str:
    """Technology as text under the name, and the instance count: `Go · ×300`."""
    tech = component.tech_label if component.tech_label and component.tech_label != component.label else None
    replicas = f"×{component.replicas:,}" if component.replicas > 1 and count else None
    return " · ".join(part for part in (tech, replicas) if part)


def back_edges(model: Model) -> set[str]:
    """Steps that close a cycle, found by a depth-first walk from the clients in flow order.

    Dot breaks cycles itself, but from declaration order; choosing from the flows keeps clients at
    the start and each flow reading forwards. Steps into a client (pushes, replies) always count as
    back edges. A back edge is laid out reversed, its arrow unchanged.
    """
    outgoing: dict[str, list[ResolvedStep]] = {}
    for step in model.steps:
        outgoing.setdefault(step.source, []).append(step)
    clients = [cid for cid, c in model.components.items() if c.role == Role.CLIENT]
    starts = [*clients, *(flow.steps[0].source for flow in model.flows), *model.components]
    state: dict[str, int] = {}
    backward: set[str] = set()
    for start in dict.fromkeys(starts):
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(outgoing.get(start, [])))]
        while stack:
            current, steps = stack[-1]
            step = next(steps, None)
            if step is None:
                state[current] = 2
                stack.pop()
            elif state.get(step.target) == 1 or model.components[step.target].role == Role.CLIENT:
                backward.add(step.tag)
            elif step.target not in state:
                state[step.target] = 1
                stack.append((step.target, iter(outgoing.get(step.target, []))))
    return backward


def _folded_edges(model: Model, backward: set[str]) -> list[Edge]:
    """One edge per connected pair; a pair used both ways gets one edge with an arrowhead at each end."""
    pairs: dict[frozenset[str], list[ResolvedStep]] = {}
    for step in model.steps:
        pairs.setdefault(frozenset((step.source, step.target)), []).append(step)
    edges = []
    for steps in pairs.values():
        first = steps[0]
        both = any(s.source != first.source for s in steps)
        style: LineStyle = "async" if all(s.is_async for s in steps) else "sync"
        edges.append(Edge(id=f"{first.source}--{first.target}", source=first.source, target=first.target,
                          style=style, tags=tuple(s.tag for s in steps), both_ways=both,
                          backward=first.tag in backward))
    return edges


def _dead_letter_edges(model: Model, present: set[str]) -> list[Edge]:
    """A queue's `dead_letter` target: where failed messages are parked, drawn as an error path."""
    edges = []
    for cid in model.components:
        target = model.spec.components[cid].dead_letter
        if target and cid in present and target in present:
            edges.append(Edge(id=f"{cid}--{target}--dlq", source=cid, target=target, style="error"))
    return edges


def _same_pair(edge: Edge, step: ResolvedStep) -> bool:
    return (edge.source, edge.target) == (step.source, step.target)


def _step_edge(model: Model, step: ResolvedStep, backward: set[str], flow_hue: int) -> Edge:
    dead_letters = {c.dead_letter for c in model.spec.components.values() if c.dead_letter}
    style: LineStyle = "error" if step.target in dead_letters else "async" if step.is_async else "sync"
    return Edge(id=f"step-{step.tag}", source=step.source, target=step.target, style=style, hue=flow_hue,
                label=step.label, tags=(step.tag,), numbered=True, backward=step.tag in backward)


def _groups(model: Model, used: set[str | None]) -> tuple[Group, ...]:
    """The groups holding the view's components, with their ancestors, in declaration order."""
    needed: set[str] = set()
    for gid in used:
        current = gid
        while current is not None and current not in needed:
            needed.add(current)
            current = model.groups[current].parent
    return tuple(Group(id=g.id, label=g.label, parent=g.parent) for gid, g in model.groups.items() if gid in needed)


def line_keys(styles: set[LineStyle], flow_hue: int | None = None) -> tuple[LegendEntry, ...]:
    """A key for each line style the view draws, in the view's colour (errors keep their own)."""
    keys = {**LINE_KEYS, "reply": "reply to a call"}
    return tuple(LegendEntry(text, style, None if style == "error" else flow_hue)
                 for style, text in keys.items() if style in styles)


def _line_keys(edges: list[Edge], flow_hue: int | None = None) -> tuple[LegendEntry, ...]:
    return line_keys({edge.style for edge in edges}, flow_hue)


def _direction(model: Model, nodes: tuple[Node, ...], groups: tuple[Group, ...], edges: list[Edge], *,
               labelled: bool, header: float) -> Direction:
    if "direction" in model.spec.layout.model_fields_set:
        return model.spec.layout.direction
    return choose_direction(nodes, groups, edges, labelled=labelled, header_width=header)


def _overview_alt(model: Model, edges: list[Edge]) -> str:
    label = {cid: c.label for cid, c in model.components.items()}
    links = "; ".join(
        f"{label[e.source]} {'↔' if e.both_ways else '→'} {label[e.target]}"
        + (" (async)" if e.style == "async" else " (dead letters)" if e.style == "error" else "")
        for e in edges)
    tiers = f" in {len(model.groups)} tiers" if model.groups else ""
    return (f"Architecture overview of {model.spec.title}: {len(model.components)} components{tiers}"
            + (f". Connections: {links}." if links else "."))


def flow_alt(model: Model, flow: ResolvedFlow) -> str:
    label = {cid: c.label for cid, c in model.components.items()}
    steps = "; ".join(f"{s.tag} {label[s.source]} {'⇢' if s.is_async else '→'} {label[s.target]}"
                      + (f": {s.label}" if s.label else "") for s in flow.steps)
    return f"Flow {flow.letter}, {flow.title}, in {len(flow.steps)} steps: {steps}."


def _duration(seconds: float) -> str:
    from archgen.units import format_duration

    return format_duration(seconds)


def stage_view(model: Model, number: int) -> GraphView:
    """An interview stage: its subset of components, joined wherever the full design joins them,
    through any components the stage does not show yet (a phone reaches the chat server through a
    load balancer and gateways that a first version does not have)."""
    stage = model.spec.interview.stages[number - 1]
    shown = set(stage.components)
    nodes = tuple(node(c, count=False) for cid, c in model.components.items() if cid in shown)  # the full
    # design's instance counts would misstate an early stage
    edges = _stage_links(model, stage.links) if stage.links else _contracted_edges(model, shown)
    legend = _line_keys(edges)
    title = f"Stage {number}: {stage.title}"
    subtitle = f"{model.spec.title} · interview stage {number} of {len(model.spec.interview.stages)}"
    header = header_width(title, subtitle, [entry.label for entry in legend])
    groups = _groups(model, {n.group for n in nodes})
    names = ", ".join(n.label for n in nodes)
    return GraphView(id=f"stage-{number}", kind="stage", title=title, subtitle=subtitle,
                     direction=_direction(model, nodes, groups, edges, labelled=False, header=header), nodes=nodes,
                     groups=groups, edges=tuple(edges), legend=legend,
                     alt=f"{title}, {len(nodes)} components: {names}.")


def _stage_links(model: Model, links: list[str]) -> list[Edge]:
    """The stage's own `links`, for a stage whose components connect differently from the full design."""
    from archgen.spec import stage_link

    edges = []
    for link in links:
        source, target, is_async = stage_link(link)
        edges.append(Edge(id=f"{source}--{target}", source=source, target=target, style="async" if is_async else "sync",
                          backward=model.components[target].role == Role.CLIENT))
    return edges


def _contracted_edges(model: Model, shown: set[str]) -> list[Edge]:
    """One edge from each shown component to every shown component it reaches through hidden ones;
    asynchronous when any hop on the way is."""
    outgoing: dict[str, list[ResolvedStep]] = {}
    for step in model.steps:
        outgoing.setdefault(step.source, []).append(step)
    found: dict[tuple[str, str], bool] = {}  # (source, target) -> every hop synchronous
    for start in (cid for cid in model.components if cid in shown):
        frontier = [(start, True)]
        seen = {start}
        while frontier:
            current, sync = frontier.pop(0)
            for step in outgoing.get(current, []):
                still_sync = sync and not step.is_async
                if step.target in shown:
                    if step.target != start:
                        found[(start, step.target)] = found.get((start, step.target), False) or still_sync
                elif step.target not in seen:
                    seen.add(step.target)
                    frontier.append((step.target, still_sync))
    folded: dict[frozenset[str], Edge] = {}
    for (source, target), sync in found.items():
        pair = frozenset((source, target))
        if pair in folded:
            folded[pair] = Edge(id=folded[pair].id, source=folded[pair].source, target=folded[pair].target,
                                style="sync" if sync or folded[pair].style == "sync" else "async", both_ways=True,
                                backward=folded[pair].backward)
            continue
        backward = model.components[target].role == Role.CLIENT
        folded[pair] = Edge(id=f"{source}--{target}", source=source, target=target,
                            style="sync" if sync else "async", backward=backward)
    return list(folded.values())
