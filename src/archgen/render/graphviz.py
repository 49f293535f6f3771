"""Graphviz backend for graph views: a GraphView -> DOT. It translates views and decides nothing
about what they contain.

Labels are HTML-like tables built only from escaped text (`markup.text`), so spec text is never
read as markup. Edge labels of flow views are native `label=`s, which at flow-view sizes never
crashed Debian's Graphviz 2.43 in bench/graphviz_configs.py; should `dot` still fail on one, the
renderer draws the same view again with each label as a small text node on its edge (the
strategy that never crashed at any size).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import graphviz

from archgen.render import markup
from archgen.render.dot_run import Diagram
from archgen.render.icons import resolve_icon
from archgen.render.theme import Theme
from archgen.views import metrics
from archgen.views.fit import estimate_size
from archgen.views.model import Direction, Edge, GraphView, Group, Node

FONT = "Helvetica,Arial,sans-serif"
PNG_DPI = 192  # 2× pixel density: the PNG stays crisp when scaled into a column
# A design far past the width budget would make a PNG of hundreds of megapixels that takes cairo
# minutes and gigabytes; above this area the PNG gets fewer pixels per point (its SVG is unchanged).
MAX_PNG_PIXELS = 40e6
# `archgen diff` frames: green added, red dashed removed, orange changed (Material 800 shades, readable on
# both themes' backgrounds); the state is also written in the node's text, so colour is never the only cue.
MARKS = {"added": ("#2e7d32", "rounded,bold"), "removed": ("#c62828", "rounded,dashed,bold"),
         "changed": ("#ef6c00", "rounded,bold")}


def png_dpi(width_pt: float, height_pt: float) -> str:
    pixels = width_pt * height_pt * (PNG_DPI / 72) ** 2
    return f"{PNG_DPI * min(1.0, (MAX_PNG_PIXELS / pixels) ** 0.5) if pixels else PNG_DPI:.0f}"


@dataclass(frozen=True)
class Layout:
    """How Graphviz is asked to lay a view out; `layouts` lists what to try when a view misses the budget."""

    direction: Direction
    relax_async: bool = False  # async edges do not decide ranks: long pipelines fold back beside their producers
    label_chars: int = metrics.EDGE_LABEL_CHARS
    label_nodes: bool = False  # each edge label as a text node on its edge (Graphviz 2.43 crash fallback)
    inline_nodes: bool = False  # text beside the icon: shorter nodes for tall top-to-bottom views
    layer_ends: bool = True  # clients first, stores last; rank constraints with clusters can crash 2.43 too


def layouts(view: GraphView) -> list[Layout]:
    """The view's own direction first, then the other one, then each with async edges relaxed and (for flow
    views) narrower labels: what `render.draw` tries, in order, until a layout meets the width budget."""
    other: Direction = "TB" if view.direction in ("LR", "RL") else "LR"
    narrow = metrics.EDGE_LABEL_CHARS * 2 // 3
    tries = [Layout(view.direction), Layout(other), Layout(view.direction, relax_async=True),
             Layout(other, relax_async=True)]
    if view.kind == "flow":
        tries += [Layout("TB", inline_nodes=True), Layout(view.direction, label_chars=narrow),
                  Layout(other, label_chars=narrow), Layout(view.direction, True, narrow), Layout(other, True, narrow),
                  Layout("TB", relax_async=True, inline_nodes=True)]
    return tries


def graph_dot(view: GraphView, theme: Theme, spec_dir: Path, layout: Layout | None = None) -> Diagram:
    layout = layout or Layout(view.direction)
    images: dict[str, Path] = {}
    graph = graphviz.Digraph(name=view.id, graph_attr=_graph_attrs(view, theme, layout.direction),
                             node_attr={"shape": "plain", "fontname": FONT},
                             edge_attr={"fontname": FONT, "arrowsize": "0.8", "penwidth": "1.6"})
    children: dict[str | None, list[Group]] = {}
    for group in view.groups:
        children.setdefault(group.parent, []).append(group)
    members: dict[str | None, list[Node]] = {}
    for node in view.nodes:
        members.setdefault(node.group, []).append(node)
    _fill(graph, None, children, members, theme, images, spec_dir, layout)
    for edge in view.edges:
        _add_edge(graph, edge, theme, layout)
    if layout.layer_ends:
        _layer_ends(graph, view)
    return Diagram(graph.source, images)


def _layer_ends(graph: graphviz.Digraph, view: GraphView) -> None:
    """Clients start the drawing and stores end it, the way architecture diagrams read: requests
    flow from the people using the system towards its data."""
    for role, rank in (("client", "min"), ("store", "max")):
        ids = [node.id for node in view.nodes if node.role == role]
        connected = {end for edge in view.edges for end in (edge.source, edge.target)}
        ids = [cid for cid in ids if cid in connected]
        if ids and len(ids) < len(view.nodes):
            graph.body.append(f"\t{{rank={rank}; {'; '.join(graphviz.quoting.quote(cid) for cid in ids)}}}\n")


def _graph_attrs(view: GraphView, theme: Theme, direction: Direction) -> dict[str, str]:
    return {
        "rankdir": direction, "label": markup.header(view, theme), "labelloc": "t", "labeljust": "l",
        "fontname": FONT, "bgcolor": theme.background, "pad": "0.3", "nodesep": _inches(metrics.NODESEP_PT),
        "ranksep": _inches(metrics.RANKSEP_PT), "splines": "spline", "newrank": "true", "compound": "true",
        "outputorder": "edgesfirst", "id": view.id,
        "dpi": png_dpi(*estimate_size(view.nodes, view.groups, view.edges, labelled=view.kind == "flow",
                                      direction=direction)),
    }


def _fill(graph: graphviz.Digraph, parent: str | None, children: dict[str | None, list[Group]],
          members: dict[str | None, list[Node]], theme: Theme, images: dict[str, Path], spec_dir: Path,
          layout: Layout) -> None:
    # Top to bottom, edges enter a tier's first component through the frame's title: keep titles short of it.
    title_chars = 36 if layout.direction in ("LR", "RL") else 16 if layout.inline_nodes else 14
    for group in children.get(parent, []):
        cluster = graphviz.Digraph(name=f"cluster_{group.id}", graph_attr={
            "label": markup.group_label(group.label, theme, title_chars), "labeljust": "l", "style": "rounded,filled",
            "fillcolor": theme.group_fill, "color": theme.group_border, "margin": str(metrics.CLUSTER_MARGIN_PT),
            "id": f"g-{group.id}",
        })
        _fill(cluster, group.id, children, members, theme, images, spec_dir, layout)
        graph.subgraph(cluster)
    for node in members.get(parent, []):
        name, file = resolve_icon(node.icon, node.custom_icon, spec_dir)
        images[name] = file
        frame = {"shape": "box", "color": MARKS[node.mark][0], "style": MARKS[node.mark][1], "penwidth": "2",
                 "margin": "0.05"} if node.mark else {}
        graph.node(node.id, markup.node_label(node, name, theme, inline=layout.inline_nodes), id=f"c-{node.id}",
                   tooltip=markup.tooltip(node.description or node.label), **frame)


def _add_edge(graph: graphviz.Digraph, edge: Edge, theme: Theme, layout: Layout) -> None:
    attrs = _line(edge, theme)
    if layout.relax_async and edge.style != "sync":
        attrs["constraint"] = "false"
    label = markup.edge_label(edge, theme, layout.label_chars) if edge.label or edge.numbered else None
    source, target = (edge.target, edge.source) if edge.backward else (edge.source, edge.target)
    if edge.backward:
        attrs["dir"] = "both" if edge.both_ways else "back"
    if label is None or not layout.label_nodes:
        graph.edge(source, target, label=label, id=f"e-{edge.id}", **attrs)
        return
    middle = f"label.{edge.id}"  # `.` cannot occur in a spec id, so no clash with components
    graph.node(middle, label, id=f"l-{edge.id}")
    graph.edge(source, middle, id=f"e-{edge.id}", **{**attrs, "dir": "back" if edge.backward else "none"})
    graph.edge(middle, target, id=f"e2-{edge.id}", **{**attrs, "dir": "none" if edge.backward else "forward"})


def _line(edge: Edge, theme: Theme) -> dict[str, str]:
    colour = theme.error_line if edge.style == "error" else theme.hue(edge.hue)
    attrs = {"color": colour, "style": {"sync": "solid", "async": "dashed", "error": "dotted",
                                        "reply": "dashed"}[edge.style]}
    if edge.style in ("async", "reply"):
        attrs["arrowhead"] = "vee"
    if edge.both_ways:
        attrs["dir"] = "both"
        attrs["arrowtail"] = attrs.get("arrowhead", "normal")
    if edge.hue is not None:
        attrs["penwidth"] = "2.2"
    return attrs


def _inches(points: float) -> str:
    return f"{points / 72:.2f}"
