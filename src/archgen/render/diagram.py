"""The architecture diagram. The only module that imports `diagrams` (for its icon files).

We build DOT ourselves with the `graphviz` package instead of `diagrams.Diagram`: node ids come
from spec ids (not uuids), icons are named relative to an image path (no absolute paths, embedded
into the SVG afterwards), and step labels are small text nodes on their edges. Edge `label=` with
clusters crashes Graphviz 2.43, and `xlabel`s land on icons (bench/graphviz_configs.py).
"""

from __future__ import annotations

import importlib
import struct
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import graphviz

from archgen.analyse.model import Model, ResolvedComponent, ResolvedStep
from archgen.catalog import Role
from archgen.render.dot_run import Diagram
from archgen.render.escape import dot_text

FONT = "Helvetica,Arial,sans-serif"
NODE_WIDTH = 1.4
ICON_MARGIN = 0.1
LINE_HEIGHT = 0.2
LABEL_WIDTH = 18
EDGE_LABEL_WIDTH = 26
TEXT_COLOUR = "#2D3436"


def build_dot(model: Model, spec_dir: Path) -> Diagram:
    images: dict[str, Path] = {}
    graph = graphviz.Digraph(name=model.name, graph_attr=_graph_attrs(model), node_attr=_node_attrs(),
                             edge_attr={"color": "#7B8894", "fontname": FONT, "fontsize": "10", "arrowsize": "0.7"})
    bundles = bundle_steps(model)
    bundles_by_group = _bundles_by_group(model, bundles)
    _fill(graph, model, None, model.root_groups, model.ungrouped, images, spec_dir, bundles_by_group)
    backward = back_edges(model)
    for bundle in bundles:
        _add_edge(graph, bundle, reverse=bundle.steps[0].tag in backward)
    return Diagram(graph.source, images)


@dataclass(frozen=True)
class Bundle:
    """The steps, from any flows, that go from one component to the same other: drawn as one edge."""

    source: str
    target: str
    steps: tuple[ResolvedStep, ...]

    @property
    def node(self) -> str:
        return f"step.{self.steps[0].tag}"  # `.` cannot occur in a spec id, so no clash with components


def bundle_steps(model: Model) -> list[Bundle]:
    grouped: dict[tuple[str, str], list[ResolvedStep]] = {}
    for step in model.steps:
        grouped.setdefault((step.source, step.target), []).append(step)
    return [Bundle(source, target, tuple(steps)) for (source, target), steps in grouped.items()]


def back_edges(model: Model) -> set[str]:
    """Steps that close a cycle, found by a depth-first walk from the clients in flow order.

    Dot breaks cycles itself, but from declaration order; choosing from the flows keeps clients on
    the left and each flow reading forwards. Steps into a client (pushes, replies) always count as
    back edges. A back edge is drawn reversed, arrow unchanged.
    """
    outgoing: dict[str, list[ResolvedStep]] = {}
    for step in model.steps:
        outgoing.setdefault(step.source, []).append(step)
    clients = [cid for cid, c in model.components.items() if c.role == Role.CLIENT]
    starts = [*clients, *(flow.steps[0].source for flow in model.flows), *model.components]
    state: dict[str, int] = {}
    backward: set[str] = set()
    for start in dict.fromkeys(starts):
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(outgoing.get(start, [])))]
        while stack:
            node, steps = stack[-1]
            step = next(steps, None)
            if step is None:
                state[node] = 2
                stack.pop()
            elif state.get(step.target) == 1 or model.components[step.target].role == Role.CLIENT:
                backward.add(step.tag)  # every client starts its own walk, at the left
            elif step.target not in state:
                state[step.target] = 1
                stack.append((step.target, iter(outgoing.get(step.target, []))))
    return backward


def _bundles_by_group(model: Model, bundles: list[Bundle]) -> dict[str | None, list[Bundle]]:
    """Each label node sits in the innermost group holding both ends (or at the top)."""
    placed: dict[str | None, list[Bundle]] = {}
    for bundle in bundles:
        placed.setdefault(_common_group(model, bundle.source, bundle.target), []).append(bundle)
    return placed


def _common_group(model: Model, first: str, second: str) -> str | None:
    def chain(cid: str) -> list[str]:
        groups, current = [], model.components[cid].group
        while current is not None:
            groups.append(current)
            current = model.groups[current].parent
        return groups

    second_chain = set(chain(second))
    return next((gid for gid in chain(first) if gid in second_chain), None)


def _graph_attrs(model: Model) -> dict[str, str]:
    return {
        "rankdir": model.spec.layout.direction,
        "label": _title(model),
        "labelloc": "t",
        "labeljust": "l",
        "fontname": FONT,
        "fontsize": "18",
        "fontcolor": TEXT_COLOUR,
        "pad": "0.4",
        "nodesep": "0.35",
        "ranksep": "0.6",
        "splines": "spline",
        "newrank": "true",
        "compound": "true",
        "bgcolor": "white",
    }


def _node_attrs() -> dict[str, str]:
    return {"shape": "none", "fixedsize": "true", "width": str(NODE_WIDTH), "labelloc": "b", "imagescale": "true",
            "imagepos": "tc", "fontname": FONT, "fontsize": "12", "fontcolor": TEXT_COLOUR}


def _title(model: Model) -> str:
    """A plain-text title with the flow legend; HTML-like labels are never used for spec text."""
    lines = [model.spec.title]
    if model.flows:
        legend = "   ".join(f"{flow.letter}: {flow.title}" for flow in model.flows)
        lines.extend(textwrap.wrap(legend, 140, break_on_hyphens=False))
    return _label_text(lines, justify="\\l")


def _cluster(model: Model, gid: str, images: dict[str, Path], spec_dir: Path,
             bundles_by_group: dict[str | None, list[Bundle]]) -> graphviz.Digraph:
    group = model.groups[gid]
    cluster = graphviz.Digraph(name=f"cluster_{gid}", graph_attr={
        "label": _label_text(textwrap.wrap(group.label, 40) or [gid]),
        "labeljust": "l", "style": "rounded,filled", "fillcolor": "#F3F6FA", "color": "#AEB6BF",
        "fontname": FONT, "fontsize": "13", "fontcolor": TEXT_COLOUR, "margin": "16",
    })
    _fill(cluster, model, gid, group.children, group.components, images, spec_dir, bundles_by_group)
    return cluster


def _fill(graph: graphviz.Digraph, model: Model, gid: str | None, child_groups: list[str], components: list[str],
          images: dict[str, Path], spec_dir: Path, bundles_by_group: dict[str | None, list[Bundle]]) -> None:
    """Add a group's (or the top level's) nested clusters, components and step labels."""
    for child in child_groups:
        graph.subgraph(_cluster(model, child, images, spec_dir, bundles_by_group))
    for cid in components:
        _add_node(graph, model.components[cid], images, spec_dir)
    for bundle in bundles_by_group.get(gid, []):
        _add_step_label(graph, bundle)


def _add_node(graph: graphviz.Digraph, component: ResolvedComponent, images: dict[str, Path], spec_dir: Path) -> None:
    lines = _wrap(component.label, LABEL_WIDTH)
    detail = " · ".join(part for part in [
        component.tech_label if component.tech_label and component.tech_label != component.label else None,
        f"×{component.replicas:,}" if component.replicas > 1 else None,
    ] if part)
    lines += _wrap(detail, LABEL_WIDTH + 4) if detail else []
    image_name, image_file = _image(component, spec_dir)
    images[image_name] = image_file
    # Graphviz fits the icon into the whole node box, so a tall icon gets a narrower node, not a taller one.
    width = NODE_WIDTH / max(_aspect(image_file), 1.0)
    graph.node(component.id, _label_text(lines), image=image_name, width=f"{width:.2f}",
               height=f"{NODE_WIDTH + ICON_MARGIN + LINE_HEIGHT * len(lines):.2f}",
               tooltip=dot_text(component.description or component.label))


def _add_step_label(graph: graphviz.Digraph, bundle: Bundle) -> None:
    """Step labels are small plaintext nodes on their edge, not edge labels: dot reserves room for
    them, and edge `label=` with clusters crashes Graphviz 2.43 (see bench/graphviz_configs.py)."""
    lines = [line for step in bundle.steps for line in _wrap(f"{step.tag} {step.label}".strip(), EDGE_LABEL_WIDTH)]
    colour = bundle.steps[0].colour if len({s.colour for s in bundle.steps}) == 1 else TEXT_COLOUR
    graph.node(bundle.node, _label_text(lines), shape="plaintext", image="", fixedsize="false", width="0",
               height="0", margin="0.04,0.02", fontsize="10", fontcolor=colour, imagescale="false")


def _add_edge(graph: graphviz.Digraph, bundle: Bundle, *, reverse: bool) -> None:
    """One edge per bundle, one parallel line per flow colour; dashed only when every step is async."""
    colours = ":".join(dict.fromkeys(step.colour for step in bundle.steps))
    attrs = {"color": colours, "style": "dashed" if all(s.is_async for s in bundle.steps) else "solid"}
    if reverse:
        graph.edge(bundle.target, bundle.node, dir="back", **attrs)
        graph.edge(bundle.node, bundle.source, dir="none", **attrs)
    else:
        graph.edge(bundle.source, bundle.node, dir="none", **attrs)
        graph.edge(bundle.node, bundle.target, **attrs)


MAX_LABEL_LINES = 4


def _wrap(text: str, width: int) -> list[str]:
    """Wrap at spaces; only a token longer than a whole line is cut, and at the line width."""
    tokens = [piece for word in text.split() for piece in textwrap.wrap(word, width, break_on_hyphens=False)]
    lines = textwrap.wrap(" ".join(tokens), width, break_long_words=False, break_on_hyphens=False) or [""]
    if len(lines) > MAX_LABEL_LINES:
        lines = [*lines[: MAX_LABEL_LINES - 1], lines[MAX_LABEL_LINES - 1][: width - 1] + "…"]
    return lines


def _label_text(lines: list[str], justify: str = "\\n") -> graphviz.quoting.NoHtml:
    """Escape each line so Graphviz never reads spec text as HTML, records or escapes (`\\N`)."""
    escaped = justify.join(dot_text(line) for line in lines)
    return graphviz.nohtml(escaped + (justify if justify != "\\n" else ""))


def _image(component: ResolvedComponent, spec_dir: Path) -> tuple[str, Path]:
    if component.custom_icon:
        return component.custom_icon, (spec_dir / component.custom_icon).resolve()
    return icon_file(component.icon)


@cache
def _aspect(image: Path) -> float:
    """Height ÷ width from a PNG header."""
    header = image.read_bytes()[:24]
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        return 1.0
    width, height = struct.unpack(">II", header[16:24])
    return height / width if width else 1.0


@cache
def _resources_root() -> Path:
    import diagrams

    return Path(diagrams.__file__).resolve().parent.parent


@cache
def icon_file(icon: str) -> tuple[str, Path]:
    """`onprem.inmemory.Redis` -> ("resources/onprem/inmemory/redis.png", absolute file)."""
    module_name, class_name = icon.rsplit(".", 1)
    node_class = getattr(importlib.import_module(f"diagrams.{module_name}"), class_name)
    relative = f"{node_class._icon_dir}/{node_class._icon}"
    return relative, _resources_root() / relative
