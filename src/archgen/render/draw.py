"""Drawing views with Graphviz: one `dot` process per view, run side by side.

A graph view is laid out as its view stage predicted first; when the measured drawing misses the
width budget, the other layouts of `graphviz.layouts` are tried as SVG only (no PNG, so cheaply)
and the first within budget, or else the most readable, is drawn in every format.
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from archgen.errors import ToolError
from archgen.render.dot_run import Diagram, run_dot
from archgen.render.graphviz import Layout, graph_dot, layouts
from archgen.render.sequence import sequence_dot
from archgen.render.svg import Readability, display_size, measure
from archgen.render.theme import Theme
from archgen.views.fit import score
from archgen.views.model import GraphView, View

DRAWN_FORMATS = ("svg", "png")
MAX_TRIED_NODES = 60  # past this, a view misses the budget whatever the layout: draw it once


@dataclass(frozen=True)
class Drawing:
    view: View
    dot: str
    files: dict[str, bytes]  # format -> bytes
    problem: str | None  # why the view misses the width budget, when it does


def diagram(view: View, theme: Theme, spec_dir: Path, layout: Layout | None = None) -> Diagram:
    if isinstance(view, GraphView):
        return graph_dot(view, theme, spec_dir, layout)
    return sequence_dot(view, theme, spec_dir)


def design_diagrams(views: list[View], theme: Theme, spec_dir: Path) -> dict[str, Diagram]:
    """View id -> its DOT and icons as first laid out, without running Graphviz (goldens, benchmarks)."""
    return {view.id: diagram(view, theme, spec_dir) for view in views}


def start_drawing(pool: ThreadPoolExecutor, views: list[View], theme: Theme, spec_dir: Path,
                  formats: tuple[str, ...], timeout: float) -> list[Future[Drawing]]:
    """Submit every view; the caller does other work (the write-up) while Graphviz lays them out."""
    drawn = tuple(f for f in formats if f in DRAWN_FORMATS)
    return [pool.submit(_draw, view, theme, spec_dir, drawn, timeout) for view in views]


def workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))


def _draw(view: View, theme: Theme, spec_dir: Path, formats: tuple[str, ...], timeout: float) -> Drawing:
    if not isinstance(view, GraphView):
        return _finish(view, diagram(view, theme, spec_dir), formats, timeout)
    candidates = layouts(view)
    first = _finish(view, _graph(view, theme, spec_dir, candidates[0], timeout), formats, timeout,
                    layout=candidates[0], spec_dir=spec_dir, theme=theme)
    if first.problem is None or "svg" not in formats or len(view.nodes) > MAX_TRIED_NODES:
        return first
    best = (_score(measure(first.files["svg"])), candidates[0])
    for layout in candidates[1:]:
        try:
            trial = run_dot(_graph(view, theme, spec_dir, layout, timeout), ["svg"], timeout)
        except ToolError:
            continue  # a layout Graphviz cannot draw is simply not chosen
        seen = measure(display_size(trial["svg"]))
        if seen.within_budget:
            best = (float("inf"), layout)
            break
        best = max(best, (_score(seen), layout), key=lambda pair: pair[0])
    if best[1] == candidates[0]:
        return first
    return _finish(view, _graph(view, theme, spec_dir, best[1], timeout), formats, timeout, layout=best[1],
                   spec_dir=spec_dir, theme=theme)


def _score(seen: Readability) -> float:
    return seen.readable_share * score(seen.width_pt, seen.height_pt)


def _graph(view: GraphView, theme: Theme, spec_dir: Path, layout: Layout, timeout: float) -> Diagram:
    return graph_dot(view, theme, spec_dir, layout)


def _finish(view: View, source: Diagram, formats: tuple[str, ...], timeout: float, *, layout: Layout | None = None,
            spec_dir: Path | None = None, theme: Theme | None = None) -> Drawing:
    try:
        files = run_dot(source, list(formats), timeout)
    except ToolError as error:
        if layout is None or (layout.label_nodes and not layout.layer_ends) or "failed" not in str(error):
            raise
        # Native edge labels crashed Graphviz 2.43 on 2 of 1,200 small clustered graphs in
        # bench/graphviz_configs.py, and rank constraints across clusters can crash it too; labels
        # drawn as text nodes on their edges, without rank constraints, never did.
        assert isinstance(view, GraphView) and spec_dir is not None and theme is not None
        source = graph_dot(view, theme, spec_dir, replace(layout, label_nodes=True, layer_ends=False))
        files = run_dot(source, list(formats), timeout)
    problem = None
    if "svg" in files:
        files["svg"] = display_size(files["svg"])
        problem = measure(files["svg"]).problem()
    return Drawing(view=view, dot=source.dot, files=files, problem=problem)
