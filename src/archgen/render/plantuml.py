"""PlantUML backend: a sequence view -> a sequence diagram; a graph view -> a component diagram with
tiers as packages.

Plain component diagrams rather than C4-PlantUML: Debian's PlantUML (1.2020.2) bundles C4-PlantUML
1.0.0, whose `!define` macros have no queue shape, no line styles and no way to mark an asynchronous
relation, which would lose what the views say."""

from __future__ import annotations

from archgen.render.escape_exports import plantuml_string, plantuml_text
from archgen.render.exports import Tree, edge_text, node_text, participant_ids, tree
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
    lines += _members(shape, None, "")
    lines += [_edge(shape, edge) for edge in graph.edges]
    return lines


def _members(shape: Tree, parent: str | None, indent: str) -> list[str]:
    lines = []
    for group in shape.groups.get(parent, []):
        lines.append(f"{indent}package {plantuml_string(group.label)} as {shape.ids['group:' + group.id]} {{")
        lines += _members(shape, group.id, indent + "  ")
        lines.append(f"{indent}}}")
    lines += [indent + _node(shape, node) for node in shape.nodes.get(parent, [])]
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
    lines += _notes(seq, ids, None)
    for index, message in enumerate(seq.messages):
        text = plantuml_text(" ".join(part for part in (message.tag, message.label) if part))
        lines.append(f"{ids[message.source]} {MESSAGES[message.style]} {ids[message.target]} : {text}")
        lines += [f"activate {ids[a.participant]}" for a in seq.activations if a.first == index]
        lines += [f"deactivate {ids[a.participant]}" for a in reversed(seq.activations) if a.last == index]
        lines += _notes(seq, ids, index)
    return lines


def _notes(seq: SequenceView, ids: dict[str, str], after: int | None) -> list[str]:
    lines = []
    for note in seq.notes:
        if note.after == after:
            over = ", ".join(dict.fromkeys(ids[p] for p in note.over))
            lines.append(f"note over {over} : {plantuml_text(note.text)}")
    return lines
