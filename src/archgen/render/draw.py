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
from archgen.render import dot_run
from archgen.render.dot_run import Diagram, run_dot
from archgen.render.graphviz import Layout, graph_dot, layouts
from archgen.render.sequence import canvas_size, sequence_dot
from archgen.render.svg import Readability, display_size, measure
from archgen.render.theme import Theme
from archgen.views.fit import estimate_size, score
from archgen.views.model import GraphView, View

DRAWN_FORMATS = ("svg", "png")
MAX_TRIED_NODES = 60  # past this, a view misses the budget whatever the layout: draw it once
# Views this large are laid out as SVG first and rasterised once their layout is chosen. Over the
# library's 672 graph views (2026-12-08), the first layout missed the width budget for 6 of 30 flows
# of 9+ nodes and 21 of 133 overviews and stage views of 12+ nodes, but 2 of 509 smaller views. A miss
# throws away a PNG that costs 15–30× the layout (cairo rasterising at 192 dpi: 0.34 s against 0.01 s
# for chat's overview), so the extra SVG run pays for itself well above a 5% chance of missing.
SVG_FIRST_NODES = {"flow": 9, "overview": 12, "stage": 12}


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
    """Submit every view, largest first, so no large view starts last and runs alone; the caller does
    other work (the analysis, the write-up) while Graphviz lays them out. Futures in the views' order."""
    drawn = tuple(f for f in formats if f in DRAWN_FORMATS)
    order = sorted(range(len(views)), key=lambda i: -_expected_cost(views[i]))
    first = dot_run.started()
    futures = {i: pool.submit(_draw, views[i], theme, spec_dir, drawn, timeout) for i in order}
    if drawn:  # let the first views reach Graphviz before the caller's own work competes for the GIL
        dot_run.wait_for_starts(first + min(workers(), len(views)),
                                lambda: any(future.done() for future in futures.values()), timeout=0.5)
    return [futures[i] for i in range(len(views))]


def workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))


def _expected_cost(view: View) -> float:
    """Points² the drawing is expected to cover: rasterising the PNG, proportional to its pixels, is most
    of what `dot` spends on a view."""
    if isinstance(view, GraphView):
        width, height = estimate_size(view.nodes, view.groups, view.edges, labelled=view.kind == "flow",
                                      direction=view.direction)
        return width * height
    width, height = canvas_size(view)
    return width * height


def _draw(view: View, theme: Theme, spec_dir: Path, formats: tuple[str, ...], timeout: float) -> Drawing:
    if not isinstance(view, GraphView):
        return _finish(view, diagram(view, theme, spec_dir), formats, timeout)
    candidates = layouts(view)
    if "svg" not in formats or len(view.nodes) > MAX_TRIED_NODES:
        return _finish_graph(view, theme, spec_dir, candidates[0], formats, timeout)
    if len(view.nodes) < SVG_FIRST_NODES[view.kind]:  # likely within budget: every format at once
        first = _finish_graph(view, theme, spec_dir, candidates[0], formats, timeout)
        if first.problem is None:
            return first
        tried = (_score(measure(first.files["svg"])), candidates[0])
        chosen, svg = _choose_layout(view, theme, spec_dir, candidates[1:], tried, timeout)
        if chosen == candidates[0]:
            return first
    else:
        chosen, svg = _choose_layout(view, theme, spec_dir, candidates, None, timeout)
    if chosen is None:  # Graphviz drew none of them: the first, with the crash fallback
        return _finish_graph(view, theme, spec_dir, candidates[0], formats, timeout)
    return _finish_graph(view, theme, spec_dir, chosen, formats, timeout, svg=svg)


def _choose_layout(view: GraphView, theme: Theme, spec_dir: Path, untried: list[Layout],
                   tried: tuple[float, Layout] | None, timeout: float) -> tuple[Layout | None, bytes | None]:
    """The first layout within the width budget, else the most readable (`tried` is one drawn already, with
    its score); each untried one is drawn as SVG only. Returns it with that SVG (None for `tried`'s)."""
    best: tuple[float, Layout | None, bytes | None] = (*tried, None) if tried else (-1.0, None, None)
    for layout in untried:
        try:
            svg = display_size(run_dot(graph_dot(view, theme, spec_dir, layout), ["svg"], timeout)["svg"])
        except ToolError:
            continue  # a layout Graphviz cannot draw is simply not chosen
        seen = measure(svg)
        if seen.within_budget:
            return layout, svg
        if _score(seen) > best[0]:
            best = (_score(seen), layout, svg)
    return best[1], best[2]


def _score(seen: Readability) -> float:
    return seen.readable_share * score(seen.width_pt, seen.height_pt)


def _finish_graph(view: GraphView, theme: Theme, spec_dir: Path, layout: Layout, formats: tuple[str, ...],
                  timeout: float, svg: bytes | None = None) -> Drawing:
    return _finish(view, graph_dot(view, theme, spec_dir, layout), formats, timeout, layout=layout,
                   spec_dir=spec_dir, theme=theme, svg=svg)


def _finish(view: View, source: Diagram, formats: tuple[str, ...], timeout: float, *, layout: Layout | None = None,
            spec_dir: Path | None = None, theme: Theme | None = None, svg: bytes | None = None) -> Drawing:
    """Draw `source` in every format; `svg`, when given, is its SVG already drawn (a trial), so only the
    other formats run."""
    if svg is not None:
        files = {**run_dot(source, [f for f in formats if f != "svg"], timeout), "svg": svg}
        return Drawing(view=view, dot=source.dot, files={f: files[f] for f in formats}, problem=measure(svg).problem())
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
