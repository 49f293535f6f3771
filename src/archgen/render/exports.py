"""The text exports (`--format mermaid,d2,puml`): what they share, and the file each view goes to.

Exporters translate views (archgen.views.model) and nothing else, so a Mermaid, D2 or PlantUML
diagram shows exactly what the Graphviz one shows. Components and tiers get short generated ids
(`n1`, `g1`) in view order: spec ids such as `end`, `graph` or `node` are keywords in these
languages, and every piece of spec text goes through render/escape.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from archgen.views.model import Edge, GraphView, Group, Message, Node, Note, SequenceView, View

EXPORT_FORMATS = ("mermaid", "d2", "puml")
SUFFIXES = {"mermaid": "mmd", "d2": "d2", "puml": "puml"}


@dataclass(frozen=True)
class Tree:
    """A graph view's tiers as a tree: which groups and nodes sit directly inside each group (None: the top)."""

    groups: dict[str | None, list[Group]]
    nodes: dict[str | None, list[Node]]
    ids: dict[str, str]  # spec id -> generated id, for nodes ("n1") and groups ("g1")


def tree(view: GraphView) -> Tree:
    groups: dict[str | None, list[Group]] = {}
    for group in view.groups:
        groups.setdefault(group.parent, []).append(group)
    nodes: dict[str | None, list[Node]] = {}
    for node in view.nodes:
        nodes.setdefault(node.group, []).append(node)
    ids = {node.id: f"n{index}" for index, node in enumerate(view.nodes, 1)}
    ids |= {f"group:{group.id}": f"g{index}" for index, group in enumerate(view.groups, 1)}
    return Tree(groups, nodes, ids)


def nested_lines(shape: Tree, open_group: Callable[[Group], str], close_group: str,
                 node_line: Callable[[Node], str], parent: str | None = None) -> list[str]:
    """The lines declaring a view's tiers and components, each tier's contents inside it, indented."""
    lines = []
    for group in shape.groups.get(parent, []):
        lines.append(open_group(group))
        lines += ["  " + line for line in nested_lines(shape, open_group, close_group, node_line, group.id)]
        lines.append(close_group)
    lines += [node_line(node) for node in shape.nodes.get(parent, [])]
    return lines


def participant_ids(view: SequenceView) -> dict[str, str]:
    return {p.id: f"n{index}" for index, p in enumerate(view.participants, 1)}


def sequence_lines(seq: SequenceView, message: Callable[[Message], str], note: Callable[[Note], str],
                   activation: tuple[str, str] | None = None) -> list[str]:
    """A sequence's notes and messages in order; after each message, the activation bars it opens and closes
    (`activation` is the two statements, with `{}` for the participant's id) and the notes that follow it."""
    ids = participant_ids(seq)
    lines = [note(n) for n in seq.notes if n.after is None]
    for index, item in enumerate(seq.messages):
        lines.append(message(item))
        if activation:
            lines += [activation[0].format(ids[a.participant]) for a in seq.activations if a.first == index]
            # Inner calls end first: a participant's bars close in the reverse of the order they opened.
            lines += [activation[1].format(ids[a.participant]) for a in reversed(seq.activations) if a.last == index]
        lines += [note(n) for n in seq.notes if n.after == index]
    return lines


def message_text(message: Message) -> str:
    return " ".join(part for part in (message.tag, message.label) if part)


def node_text(label: str, detail: str) -> list[str]:
    """A component's lines: its name, then technology and instance count when there are any."""
    return [label, detail] if detail else [label]


def edge_text(edge: Edge) -> str:
    """What an edge says: the step tags in front of its words on numbered (flow) edges, nothing on the overview."""
    if not edge.numbered:
        return edge.label
    return " ".join(part for part in (" ".join(edge.tags), edge.label) if part)


def export_files(design: str, views: list[View], formats: tuple[str, ...],
                 file_stem: Callable[[str, View], str]) -> dict[str, bytes]:
    """File name -> bytes for each chosen export format: a file per view for Mermaid and PlantUML,
    one D2 file whose root board is the overview and whose layers are the other views."""
    from archgen.render import d2, mermaid, plantuml

    files: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "d2":
            files[f"{design}.d2"] = d2.design(views).encode("utf-8")
            continue
        translate = {"mermaid": mermaid.view, "puml": plantuml.view}.get(fmt)
        if translate is not None:
            files |= {f"{file_stem(design, v)}.{SUFFIXES[fmt]}": translate(v).encode("utf-8") for v in views}
    return files
