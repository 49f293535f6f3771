"""The width budget: choose a view's direction so it reads in a ~1000 px column.

A diagram wider than the column is scaled down, text and all, so what matters is the ratio of
text size to canvas width: text of F points stays at >= 11 px in a 1000 px column only while the
canvas is at most F × 1000 / 11 points wide. The estimate below uses the same node and text
metrics as the Graphviz backend (views/metrics.py); `bench/readability.py` measures the result.
"""

from __future__ import annotations

from archgen.views import metrics
from archgen.views.model import Direction, Edge, Group, Node


def choose_direction(nodes: tuple[Node, ...], groups: tuple[Group, ...], edges: list[Edge] | tuple[Edge, ...], *,
                     labelled: bool, header_width: float = 0.0) -> Direction:
    lr = estimate_size(nodes, groups, edges, labelled=labelled, direction="LR", header_width=header_width)
    tb = estimate_size(nodes, groups, edges, labelled=labelled, direction="TB", header_width=header_width)
    return "LR" if score(*lr) >= score(*tb) else "TB"


def header_width(title: str, subtitle: str, legend: list[str]) -> float:
    """Points the title block takes: the canvas is at least this wide."""
    char = metrics.CHAR_WIDTH_EM
    entries = sum(len(text) * char * metrics.TEXT_PT + 50 for text in legend[:3])
    return max(len(title) * char * metrics.TITLE_PT * 1.1, len(subtitle) * char * metrics.SUBTITLE_PT, entries) + 20


def estimate_size(nodes: tuple[Node, ...], groups: tuple[Group, ...], edges: list[Edge] | tuple[Edge, ...], *,
                  labelled: bool, direction: Direction, header_width: float = 0.0) -> tuple[float, float]:
    """(width, height) in points the layout will roughly take, before Graphviz runs."""
    ranks = _ranks([n.id for n in nodes], list(edges))
    layers: dict[int, int] = {}
    for rank in ranks.values():
        layers[rank] = layers.get(rank, 0) + 1
    depth = max(layers, default=0) + 1
    breadth = max(layers.values(), default=1)
    label_depth = depth - 1 if labelled else 0
    width, height = _size(depth, breadth, label_depth, _nesting(groups), horizontal=direction in ("LR", "RL"))
    return max(width, header_width), height


def _size(depth: int, breadth: int, label_depth: int, nesting: int, *, horizontal: bool) -> tuple[float, float]:
    """(width, height) in points, for `depth` ranks of at most `breadth` nodes each."""
    node_w, node_h = metrics.NODE_WIDTH_PT, metrics.NODE_HEIGHT_PT
    frame = 2 * nesting * metrics.CLUSTER_MARGIN_PT
    label = metrics.EDGE_LABEL_WIDTH_PT if horizontal else metrics.EDGE_LABEL_HEIGHT_PT
    along = depth * (node_w if horizontal else node_h) + (depth - 1) * metrics.RANKSEP_PT + label_depth * label
    across = breadth * (node_h if horizontal else node_w) + (breadth - 1) * metrics.NODESEP_PT
    width, height = (along, across) if horizontal else (across, along)
    return width + frame, height + frame + metrics.HEADER_PT


def score(width: float, height: float) -> float:
    """Higher is better: the share of the text size kept in the column, less the further the
    aspect ratio strays outside 0.5–2.2."""
    scale = min(1.0, metrics.MAX_READABLE_WIDTH_PT / width) if width else 1.0
    aspect = width / height if height else 1.0
    stray = max(0.5 / aspect, aspect / 2.2, 1.0)
    return scale / stray


def _ranks(ids: list[str], edges: list[Edge]) -> dict[str, int]:
    """Longest-path layering of the view, with backward edges turned round as the layout does."""
    forward = [(e.target, e.source) if e.backward else (e.source, e.target) for e in edges
               if e.source in ids and e.target in ids]
    rank = dict.fromkeys(ids, 0)
    for _ in range(len(ids)):
        changed = False
        for source, target in forward:
            if rank[target] < rank[source] + 1 <= len(ids):
                rank[target] = rank[source] + 1
                changed = True
        if not changed:
            break
    return rank


def _nesting(groups: tuple[Group, ...]) -> int:
    parents = {g.id: g.parent for g in groups}
    deepest = 0
    for gid in parents:
        level, current = 0, gid
        while current is not None and level <= len(parents):
            level, current = level + 1, parents.get(current)
        deepest = max(deepest, level)
    return deepest
