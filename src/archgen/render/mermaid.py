"""Mermaid backend: a graph view -> a `flowchart` with tiers as subgraphs; a sequence view ->
a `sequenceDiagram` with our step tags (autonumber stays off), activations and notes."""

from __future__ import annotations

from archgen.render.escape import mermaid_label, mermaid_text
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
from archgen.views.model import Edge, GraphView, Node, SequenceView, View

ERROR_STROKE = "#c62828"  # the light theme's error line: dead-letter paths read as a warning
# Shapes by role: people at the edge round, stores as cylinders, queues as a box with bars, outside systems hexagons.
SHAPES = {"client": ('(["', '"])'), "store": ('[("', '")]'), "cache": ('[("', '")]'), "queue": ('[["', '"]]'),
          "external": ('{{"', '"}}')}
ARROWS = {("sync", False): "-->", ("sync", True): "<-->", ("async", False): "-.->", ("async", True): "<-.->",
          ("error", False): "-.-x", ("error", True): "x-.-x", ("reply", False): "-.->", ("reply", True): "<-.->"}
MESSAGES = {"sync": "->>", "async": "-)", "reply": "-->>", "error": "--x"}


def view(diagram: View) -> str:
    return sequence(diagram) if isinstance(diagram, SequenceView) else flowchart(diagram)


def flowchart(graph: GraphView) -> str:
    shape = tree(graph)
    lines = [f"%% {mermaid_text(graph.title)}: {mermaid_text(graph.subtitle)}", f"flowchart {graph.direction}"]
    lines += ["  " + line for line in nested_lines(
        shape, lambda group: f"subgraph {shape.ids['group:' + group.id]}[{mermaid_label(group.label)}]", "end",
        lambda node: _node(shape, node))]
    styled = []
    for index, edge in enumerate(graph.edges):
        lines.append("  " + _edge(shape, edge))
        if edge.style == "error":
            styled.append(index)
    if styled:
        lines.append(f"  linkStyle {','.join(map(str, styled))} stroke:{ERROR_STROKE}")
    return "\n".join(lines) + "\n"


def _node(shape: Tree, node: Node) -> str:
    opening, closing = SHAPES.get(node.role, ('["', '"]'))
    text = "<br/>".join(mermaid_text(line) for line in node_text(node.label, node.detail))
    return f"{shape.ids[node.id]}{opening}{text}{closing}"


def _edge(shape: Tree, edge: Edge) -> str:
    arrow = ARROWS[edge.style, edge.both_ways]
    text = edge_text(edge)
    label = f"|{mermaid_label(text)}|" if text else ""
    return f"{shape.ids[edge.source]} {arrow}{label} {shape.ids[edge.target]}"


def sequence(seq: SequenceView) -> str:
    ids = participant_ids(seq)
    lines = ["sequenceDiagram", f"  title {mermaid_text(seq.title)}"]
    for participant in seq.participants:
        alias = "<br/>".join(mermaid_text(line) for line in node_text(participant.label, participant.detail))
        lines.append(f"  participant {ids[participant.id]} as {alias}")
    lines += sequence_lines(
        seq, lambda m: f"  {ids[m.source]}{MESSAGES[m.style]}{ids[m.target]}: {mermaid_text(message_text(m))}",
        lambda n: f"  Note over {','.join(dict.fromkeys(ids[p] for p in n.over))}: {mermaid_text(n.text)}",
        ("  activate {}", "  deactivate {}"))
    return "\n".join(lines) + "\n"
