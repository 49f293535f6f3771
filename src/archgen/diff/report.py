"""The diff as Markdown, and the overview with added, removed and changed components marked."""

from __future__ import annotations

from dataclasses import replace

from archgen.diff.changes import Change, DesignDiff
from archgen.diff.sources import Side
from archgen.render.writeup import cell, code, inline
from archgen.views.model import Edge, GraphView, Node

SECTIONS = (("Components", "components"), ("Flows", "flows"), ("Interfaces", "interfaces"),
            ("Estimates and latency budgets", "figures"), ("Open review findings", "findings"))
FINDING_WORDS = {"added": "new", "removed": "resolved", "changed": "changed"}


def markdown(diff: DesignDiff, image: str | None = None) -> str:
    lines = [f"# What changed: {inline(diff.title)}", "", f"From {code(diff.old)} to {code(diff.new)}.", ""]
    if image:
        lines += [f"![{inline(diff.title)}: overview with changes marked]({image})", "",
                  "*Green frame: added; red dashed frame: removed (drawn from the old version); orange frame: "
                  "changed.*", ""]
    if diff.empty():
        return "\n".join([*lines, "No changes.", ""])
    for heading, attribute in SECTIONS:
        changes: tuple[Change, ...] = getattr(diff, attribute)
        if changes:
            lines += [f"## {heading}", "", "| | item | what changed |", "|---|---|---|"]
            words = FINDING_WORDS if attribute == "findings" else {}
            lines += [f"| {words.get(c.status, c.status)} | {code(c.key)} | {cell('; '.join(c.details))} |"
                      for c in changes]
            lines.append("")
    if diff.sections:
        lines += ["## Other sections", "", "Changed: " + ", ".join(str(code(name)) for name in diff.sections), ""]
    return "\n".join(lines)


def marked_overview(old: Side, new: Side, diff: DesignDiff) -> GraphView:
    """The new overview, with removed components (and their old connections) drawn back in from the old one,
    and every added, removed or changed component marked, its state written in front of its detail."""
    from archgen.views.graph import overview

    before, after = overview(old.analysis.model), overview(new.analysis.model)
    status = {change.key: change.status for change in diff.components}
    removed = [node for node in before.nodes if status.get(node.id) == "removed"]
    gone = {node.id for node in removed}
    edges = [*after.edges, *(edge for edge in before.edges if {edge.source, edge.target} & gone)]
    groups = {group.id: group for group in (*after.groups, *before.groups)}
    needed = _with_ancestors({node.group for node in (*after.nodes, *removed)}, groups)
    nodes = tuple(_marked(node, status.get(node.id)) for node in (*after.nodes, *removed))
    return replace(after, nodes=nodes, edges=_unique(edges), groups=tuple(g for g in groups.values() if g.id in needed),
                   subtitle=f"{len(nodes)} components · changes since {old.name}")


def _marked(node: Node, status: str | None) -> Node:
    if status is None:
        return node
    return replace(node, mark=status, detail=" · ".join(part for part in (status, node.detail) if part))


def _with_ancestors(ids: set[str | None], groups: dict) -> set[str]:
    needed: set[str] = set()
    for gid in ids:
        while gid is not None and gid not in needed:
            needed.add(gid)
            gid = groups[gid].parent
    return needed


def _unique(edges: list[Edge]) -> tuple[Edge, ...]:
    first: dict[str, Edge] = {}
    for edge in edges:
        first.setdefault(edge.id, edge)
    return tuple(first.values())
