"""Views: plain, serialisable descriptions of what each diagram draws.

A view selects from the analysed model and adds only presentation: which components, which
edges with which labels and line styles, which tier frames, the legend, the direction. Every
backend (Graphviz, Mermaid, D2, PlantUML, HTML) translates views and decides nothing about
their content, so the outputs never disagree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

LineStyle = Literal["sync", "async", "error", "reply"]
Direction = Literal["LR", "TB", "RL", "BT"]
ViewKind = Literal["overview", "flow", "stage", "sequence"]


@dataclass(frozen=True)
class Node:
    """A component as a view shows it."""

    id: str
    label: str
    detail: str  # technology and instance count as text: "Go · ×300"
    kind: str
    role: str
    icon: str  # catalogue icon name ("onprem.inmemory.Redis"), or the custom icon's path in the spec folder
    custom_icon: bool
    description: str
    group: str | None
    mark: Literal["added", "removed", "changed"] | None = None  # `archgen diff`: how the component changed


@dataclass(frozen=True)
class Group:
    """A tier frame; `parent` nests it."""

    id: str
    label: str
    parent: str | None


@dataclass(frozen=True)
class Edge:
    id: str
    source: str
    target: str
    style: LineStyle
    hue: int | None = None  # the flow's place in the theme's palette; None: the neutral line colour
    label: str = ""  # the step's own words; backends put the step tags in front
    tags: tuple[str, ...] = ()  # the flow steps this edge stands for ("A1", "B3")
    numbered: bool = False  # draw the tags in front of the label (flow views); the overview keeps them unseen
    both_ways: bool = False  # the overview folds a → b and b → a into one edge with two arrowheads
    backward: bool = False  # layout hint: against the reading order (a reply, a push back to a client)


@dataclass(frozen=True)
class LegendEntry:
    label: str
    style: LineStyle
    hue: int | None = None  # None: the neutral line colour (a key for a line style, not a flow)


@dataclass(frozen=True)
class GraphView:
    """A diagram of components and the connections between them: the overview, a flow, a stage."""

    id: str  # unique within a design; file names derive from it
    kind: ViewKind
    title: str
    subtitle: str
    direction: Direction
    nodes: tuple[Node, ...]
    groups: tuple[Group, ...]
    edges: tuple[Edge, ...]
    legend: tuple[LegendEntry, ...]
    alt: str  # a text alternative for readers who cannot see the picture
    flow: str | None = None


@dataclass(frozen=True)
class Participant:
    id: str
    label: str
    detail: str
    kind: str
    role: str
    icon: str
    custom_icon: bool


@dataclass(frozen=True)
class Message:
    tag: str  # "A3"
    source: str
    target: str
    label: str
    style: LineStyle
    depth: int  # 1 for a call at the top of a chain, 2 inside it, ...


@dataclass(frozen=True)
class Activation:
    """A participant busy with a synchronous call, from the message that starts it to the last nested one."""

    participant: str
    first: int  # index into messages
    last: int
    depth: int  # how many activations of the same participant are already open (for offsetting the bar)


@dataclass(frozen=True)
class Note:
    text: str
    over: tuple[str, ...]  # participant ids the note spans
    after: int | None = None  # the message index it follows; None puts it before the first message


@dataclass(frozen=True)
class SequenceView:
    """A flow as a sequence diagram: lifelines, numbered messages top to bottom."""

    id: str
    kind: Literal["sequence"]
    title: str
    subtitle: str
    flow: str
    hue: int
    participants: tuple[Participant, ...]
    messages: tuple[Message, ...]
    activations: tuple[Activation, ...]
    notes: tuple[Note, ...]
    legend: tuple[LegendEntry, ...]
    alt: str


View = GraphView | SequenceView


@dataclass(frozen=True)
class DesignViews:
    """Every view of one design, in the order a reader meets them."""

    name: str
    title: str
    overview: GraphView
    flows: tuple[GraphView, ...] = ()
    sequences: tuple[SequenceView, ...] = ()
    stages: tuple[GraphView, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def all(self) -> list[View]:
        return [self.overview, *self.flows, *self.sequences, *self.stages]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
