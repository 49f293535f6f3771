"""PlantUML backend: a sequence view -> a sequence diagram; a graph view -> a component diagram with
tiers as packages.

Plain component diagrams rather than C4-PlantUML: Debian's PlantUML (1.2020.2) bundles C4-PlantUML
1.0.0, whose `!define` macros have no queue shape, no line styles and no way to mark an asynchronous
relation, which would lose what the views say."""

from __future__ import annotations

from archgen.render.escape import plantuml_string, plantuml_text
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

ERROR_COLOUR = "#C62828"  # the light theme's error line
ELEMENTS = {"client": "actor", "store": "database", "cache": "database", "queue": "queue", "external": "cloud"}
PARTICIPANTS = {"client": "actor", "store": "database", "cache": "database", "queue": "queue"}
LINES = {"sync": "-->", "async": "..>", "reply": "..>", "error": f"-[{ERROR_COLOUR},dotted]->"}
MESSAGES = {"sync": "->", "async": "->>", "reply": "-->", "error": f"-[{ERROR_COLOUR}]>>"}


def view(diagram: View) -> str:
    body = sequence(diagram) if isinstance(diagram, SequenceView) else components(diagram)
    return "\n".join(["@startuml", *body, "@enduml"]) + "\n"


def components(graph: GraphView) -> list[str]:
    shape = tree(graph)
    lines = [f"title {plantuml_text(graph.title)}\\n{plantuml_text(graph.subtitle)}"]
    if graph.direction in ("LR", "RL"):
        lines.append("left to right direction")
    lines += nested_lines(shape, lambda group: f"package {plantuml_string(group.label)} as "
                                               f"{shape.ids['group:' + group.id]} {{", "}",
                          lambda node: _node(shape, node))
    lines += [_edge(shape, edge) for edge in graph.edges]
    return lines


def _node(shape: Tree, node: Node) -> str:
    element = ELEMENTS.get(node.role, "component")
    text = "\\n".join(plantuml_text(line) for line in node_text(node.label, node.detail))
    return f'{element} "{text}" as {shape.ids[node.id]}'


def _edge(shape: Tree, edge: Edge) -> str:
    arrow = LINES[edge.style]
    if edge.both_ways:
        arrow = "<" + arrow
    text = edge_text(edge)
    label = f" : {plantuml_text(text)}" if text else ""
    return f"{shape.ids[edge.source]} {arrow} {shape.ids[edge.target]}{label}"


def sequence(seq: SequenceView) -> list[str]:
    ids = participant_ids(seq)
    lines = [f"title {plantuml_text(seq.title)}\\n{plantuml_text(seq.subtitle)}"]
    for participant in seq.participants:
        element = PARTICIPANTS.get(participant.role, "participant")
        text = "\\n".join(plantuml_text(line) for line in node_text(participant.label, participant.detail))
        lines.append(f'{element} "{text}" as {ids[participant.id]}')
    lines += sequence_lines(
        seq, lambda m: f"{ids[m.source]} {MESSAGES[m.style]} {ids[m.target]} : {plantuml_text(message_text(m))}",
        lambda n: f"note over {', '.join(dict.fromkeys(ids[p] for p in n.over))} : {plantuml_text(n.text)}",
        ("activate {}", "deactivate {}"))
    return lines
