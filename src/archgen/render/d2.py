"""D2 backend: one file per design. Its root board is the overview with tiers as containers; every
other view is a board of its own under `layers` (a flow view, or a `sequence_diagram` shape per flow)."""

from __future__ import annotations

from archgen.render.escape import d2_string
from archgen.render.exports import (
    Tree,
    edge_text,
    message_text,
    nested_lines,
    node_text,
    participant_ids,
    sequence_lines,
    tree,
)
from archgen.views.model import Edge, GraphView, LineStyle, Node, SequenceView, View

ERROR_STROKE = "#c62828"  # the light theme's error line
SHAPES = {"client": "person", "store": "cylinder", "cache": "cylinder", "queue": "queue", "external": "cloud"}
DIRECTIONS = {"LR": "right", "RL": "left", "TB": "down", "BT": "up"}
LINES: dict[LineStyle, list[str]] = {
    "sync": [], "async": ["style.stroke-dash: 4"], "reply": ["style.stroke-dash: 4"],
    "error": ["style.stroke-dash: 2", f'style.stroke: "{ERROR_STROKE}"'],
}


def design(views: list[View]) -> str:
    """The overview on the root board (when chosen), the other views as layers named by view id."""
    root = next((v for v in views if isinstance(v, GraphView) and v.kind == "overview"), None)
    lines = _board(root) if root else []
    layers = [v for v in views if v is not root]
    if layers:
        lines.append("layers: {")
        for layer in layers:
            lines.append(f"  {d2_string(layer.id)}: {{")
            lines += ["    " + line for line in _board(layer)]
            lines.append("  }")
        lines.append("}")
    return "\n".join(lines) + "\n"


def _board(diagram: View) -> list[str]:
    return sequence(diagram) if isinstance(diagram, SequenceView) else graph(diagram)


def _title(text: str, subtitle: str) -> list[str]:
    return [f"title: {d2_string(text + ' — ' + subtitle)} {{", "  shape: text", "  near: top-center",
            "  style.font-size: 20", "}"]


def graph(view: GraphView) -> list[str]:
    shape = tree(view)
    lines = [f"direction: {DIRECTIONS[view.direction]}", *_title(view.title, view.subtitle)]
    lines += nested_lines(shape, lambda group: f"{shape.ids['group:' + group.id]}: {d2_string(group.label)} {{", "}",
                          lambda node: _node(shape, node))
    paths = _paths(view, shape)
    lines += [_edge(paths, edge) for edge in view.edges]
    return lines


def _node(shape: Tree, node: Node) -> str:
    kind = SHAPES.get(node.role)
    body = f" {{shape: {kind}}}" if kind else ""
    return f"{shape.ids[node.id]}: {d2_string(' · '.join(node_text(node.label, node.detail)))}{body}"


def _paths(view: GraphView, shape: Tree) -> dict[str, str]:
    """A node's full key from the board's root, through its containers: `g1.g2.n3`."""
    parents = {group.id: group.parent for group in view.groups}
    paths = {}
    for node in view.nodes:
        keys, current = [shape.ids[node.id]], node.group
        while current is not None:
            keys.append(shape.ids["group:" + current])
            current = parents[current]
        paths[node.id] = ".".join(reversed(keys))
    return paths


def _edge(paths: dict[str, str], edge: Edge) -> str:
    arrow = "<->" if edge.both_ways else "->"
    text = edge_text(edge)
    label = f": {d2_string(text)}" if text else ""
    return f"{paths[edge.source]} {arrow} {paths[edge.target]}{label}{_style(edge.style)}"


def sequence(seq: SequenceView) -> list[str]:
    ids = participant_ids(seq)
    lines = [*_title(seq.title, seq.subtitle), "sequence: {", "  shape: sequence_diagram"]
    for participant in seq.participants:
        text = " · ".join(node_text(participant.label, participant.detail))
        kind = SHAPES.get(participant.role)
        body = f" {{shape: {kind}}}" if kind == "person" else ""
        lines.append(f"  {ids[participant.id]}: {d2_string(text)}{body}")
    # A note is an object inside a participant's lifeline, placed among the messages where it is declared.
    numbers = {id(note): number for number, note in enumerate(seq.notes, 1)}
    lines += sequence_lines(
        seq, lambda m: f"  {ids[m.source]} -> {ids[m.target]}: {d2_string(message_text(m))}{_style(m.style)}",
        lambda n: f"  {ids[n.over[0]]}.note{numbers[id(n)]}: {d2_string(n.text)}")
    lines.append("}")
    return lines


def _style(style: LineStyle) -> str:
    styles = LINES[style]
    return f" {{{'; '.join(styles)}}}" if styles else ""
