"""Graphviz backend for sequence views: archgen computes every position, Graphviz only draws.

Lifelines, activation bars, arrows and labels are nodes pinned with `pos="x,y!"` under the
neato engine with straight edges, so the SVG and PNG come from the same `dot` run, fonts and
icon embedding as every other view. Coordinates below are points, y growing downwards; they
are turned into Graphviz's inches (y upwards) only when written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import graphviz

from archgen.render import markup
from archgen.render.dot_run import Diagram
from archgen.render.graphviz import FONT, PNG_DPI
from archgen.render.icons import resolve_icon
from archgen.render.theme import Theme
from archgen.views import metrics
from archgen.views.model import Message, SequenceView

BOX_WIDTH = 104.0  # a participant's box; narrower when many participants share the width
MIN_BOX_WIDTH = 80.0
BOX_HEIGHT = 100.0
SEQ_ICON_PT = 30
MAX_GAP = 190.0
# Participants spread over the readable width (views/metrics.py) before any label widens a gap.
CANVAS_PT = metrics.MAX_READABLE_WIDTH_PT - 60
_HEADER_PT = metrics.HEADER_PT
LABEL_LINE = metrics.TEXT_PT * 1.25
ROW_PADDING = 12.0
BAR_WIDTH = 10.0
BAR_SHIFT = 4.0  # a nested activation of the same participant sits a little to the right
NOTE_HEIGHT = 28.0
MIN_MESSAGE_CHARS = 22  # a label may be wider than its arrow: each row holds one message, and a mask hides lifelines
MAX_ASPECT = 2.1
MAX_MESSAGE_CHARS = 34


@dataclass(frozen=True)
class _Row:
    message: Message
    y: float  # where the arrow runs
    lines: int
    chars: int  # the label wraps at this many characters, to fit between its two lifelines


def sequence_dot(view: SequenceView, theme: Theme, spec_dir: Path) -> Diagram:
    box = _box_width(len(view.participants))
    columns = _columns(view, box)
    rows, bottom = _rows(view, columns)
    images: dict[str, Path] = {}
    graph = graphviz.Digraph(name=view.id, graph_attr={
        "layout": "neato", "splines": "line", "notranslate": "true", "overlap": "true", "outputorder": "edgesfirst",
        "label": markup.header(view, theme), "labelloc": "t", "labeljust": "l", "fontname": FONT,
        "bgcolor": theme.background, "pad": "0.3", "dpi": str(PNG_DPI), "id": view.id,
    }, node_attr={"fontname": FONT, "fixedsize": "true", "shape": "plain"},
        edge_attr={"arrowsize": "0.8", "penwidth": "1.6"})
    for participant in view.participants:
        x = columns[participant.id]
        name, file = resolve_icon(participant.icon, participant.custom_icon, spec_dir)
        images[name] = file
        label = _participant_label(participant.label, participant.detail, name, theme, box)
        for end, y in (("top", BOX_HEIGHT / 2), ("bottom", bottom + BOX_HEIGHT / 2)):
            graph.node(f"{participant.id}.{end}", label, pos=_pos(x, y), id=f"p-{participant.id}-{end}",
                       width=_inches(box), height=_inches(BOX_HEIGHT), shape="box", style="rounded,filled",
                       fillcolor=theme.group_fill, color=theme.group_border)
        _point(graph, f"{participant.id}.life0", x, BOX_HEIGHT)
        _point(graph, f"{participant.id}.life1", x, bottom)
        graph.edge(f"{participant.id}.life0", f"{participant.id}.life1", dir="none", style="dashed",
                   color=theme.group_border, penwidth="1.2")
    _activations(graph, view, columns, rows, theme)
    _notes(graph, view, columns, theme)
    right_edge = max(columns.values()) + box / 2
    for index, row in enumerate(rows):
        _message(graph, view, index, row, columns, theme, right_edge)
    return Diagram(graph.source, images)


def canvas_size(view: SequenceView) -> tuple[float, float]:
    """(width, height) in points that `sequence_dot` places its drawing on (less the page margin)."""
    box = _box_width(len(view.participants))
    columns = _columns(view, box)
    return max(columns.values(), default=0.0) + box / 2, _rows(view, columns)[1] + BOX_HEIGHT + _HEADER_PT


def _box_width(participants: int) -> float:
    """As wide as the readable width allows for this many participants, within 84–104 pt."""
    share = (CANVAS_PT - 8 * max(participants - 1, 0)) / max(participants, 1)
    return max(MIN_BOX_WIDTH, min(BOX_WIDTH, share))


def _columns(view: SequenceView, box: float) -> dict[str, float]:
    """Each participant's x: spread evenly over the readable width, but no wider than the rows make
    the drawing tall (aspect at most 2.1), and never closer than their boxes allow."""
    order = [p.id for p in view.participants]
    gap = min(MAX_GAP, max(box + 6, (CANVAS_PT - box) / max(len(order) - 1, 1)))
    for _ in range(6):
        columns = {pid: box / 2 + index * gap for index, pid in enumerate(order)}
        width = box + gap * (len(order) - 1)
        height = _rows(view, columns)[1] + BOX_HEIGHT + _HEADER_PT
        if width <= MAX_ASPECT * height or gap <= box + 6:
            break
        gap = max(box + 6, gap * MAX_ASPECT * height / width)
    return columns


def _rows(view: SequenceView, columns: dict[str, float]) -> tuple[list[_Row], float]:
    y = BOX_HEIGHT + 16 + (NOTE_HEIGHT + 10 if any(n.after is None for n in view.notes) else 0)
    rows = []
    for message in view.messages:
        span = abs(columns[message.target] - columns[message.source]) - BAR_WIDTH
        fitting = (span - 8) / (metrics.CHAR_WIDTH_EM * metrics.TEXT_PT)
        chars = int(min(MAX_MESSAGE_CHARS, max(MIN_MESSAGE_CHARS, fitting)))
        count = len(markup.lines(f"{message.tag} {message.label}".strip(), chars))
        y += count * LABEL_LINE + ROW_PADDING
        rows.append(_Row(message, y, count, chars))
        y += ROW_PADDING
    return rows, y + 16


def _activations(graph: graphviz.Digraph, view: SequenceView, columns: dict[str, float], rows: list[_Row],
                 theme: Theme) -> None:
    for index, bar in enumerate(view.activations):
        top = rows[bar.first].y
        end = rows[bar.last].y + ROW_PADDING * 0.8
        x = columns[bar.participant] + bar.depth * BAR_SHIFT
        graph.node(f"bar.{index}", "", pos=_pos(x, (top + end) / 2), width=_inches(BAR_WIDTH),
                   height=_inches(max(end - top, 8)), shape="box", style="filled", fillcolor=theme.activation_fill,
                   color=theme.line, penwidth="1", id=f"a-{bar.participant}-{index}")


def _bar_offset(view: SequenceView, participant: str, index: int) -> float:
    """How far from the lifeline an arrow stops: at the edge of an activation bar open at that message."""
    open_bars = [bar for bar in view.activations if bar.participant == participant and bar.first <= index <= bar.last]
    if not open_bars:
        return 0.0
    return max(bar.depth for bar in open_bars) * BAR_SHIFT + BAR_WIDTH / 2


def _message(graph: graphviz.Digraph, view: SequenceView, index: int, row: _Row, columns: dict[str, float],
             theme: Theme, right_edge: float) -> None:
    message = row.message
    start_x, end_x = columns[message.source], columns[message.target]
    rightwards = end_x > start_x
    direction = 1 if rightwards else -1
    start_x += direction * _bar_offset(view, message.source, index)
    end_x -= direction * _bar_offset(view, message.target, index)
    _point(graph, f"m{index}.from", start_x, row.y)
    _point(graph, f"m{index}.to", end_x, row.y)
    colour = theme.error_line if message.style == "error" else theme.hue(view.hue)
    style = {"sync": "solid", "async": "dashed", "reply": "dashed", "error": "dotted"}[message.style]
    graph.edge(f"m{index}.from", f"m{index}.to", color=colour, style=style, id=f"m-{message.tag}",
               arrowhead="vee" if message.style in ("async", "reply") else "normal",
               penwidth="2" if message.style == "sync" else "1.8")
    label = f'<<TABLE BORDER="0" CELLPADDING="1" CELLSPACING="0" BGCOLOR="{theme.background}">' \
            f'<TR><TD>{markup.tagged_text((message.tag,), message.label, theme, row.chars)}</TD></TR></TABLE>>'
    height = row.lines * LABEL_LINE + 4
    width = row.chars * metrics.CHAR_WIDTH_EM * metrics.TEXT_PT + 8
    centre = min(max((start_x + end_x) / 2, width / 2), right_edge - width / 2)  # keep it on the canvas
    graph.node(f"m{index}.label", label, pos=_pos(centre, row.y - height / 2 - 3), width=_inches(width),
               height=_inches(height), fixedsize="false", id=f"ml-{message.tag}")


def _notes(graph: graphviz.Digraph, view: SequenceView, columns: dict[str, float], theme: Theme) -> None:
    for index, note in enumerate(n for n in view.notes if n.after is None):
        left, right = min(columns[p] for p in note.over), max(columns[p] for p in note.over)
        width = max(right - left + MIN_BOX_WIDTH, 200)
        label = f"<{markup.block(note.text, 80, metrics.TEXT_PT, theme.text, limit=2)}>"
        graph.node(f"note.{index}", label, pos=_pos((left + right) / 2, BOX_HEIGHT + 10 + NOTE_HEIGHT / 2),
                   width=_inches(width), height=_inches(NOTE_HEIGHT), shape="note", style="filled",
                   fillcolor=theme.note_fill, color=theme.note_border, id=f"note-{index}")


def _participant_label(label: str, detail: str, image: str, theme: Theme, box: float) -> str:
    chars = int((box - 8) / (metrics.CHAR_WIDTH_EM * metrics.TEXT_PT * 1.08))  # bold runs a little wider
    icon = (f'<TD FIXEDSIZE="TRUE" WIDTH="{SEQ_ICON_PT}" HEIGHT="{SEQ_ICON_PT}"'
            + (f' BGCOLOR="{theme.icon_tile}" STYLE="rounded"' if theme.icon_tile else "")
            + f'><IMG SRC="{markup.text(image)}" SCALE="TRUE"/></TD>')
    rows = [f"<TR>{icon}</TR>",
            f"<TR><TD>{markup.block(label, chars, metrics.TEXT_PT, theme.text, bold=True, limit=3)}</TD></TR>"]
    if detail:
        rows.append(f"<TR><TD>{markup.block(detail, chars + 2, metrics.TEXT_PT, theme.muted_text, limit=1)}</TD></TR>")
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="0">{"".join(rows)}</TABLE>>'


def _point(graph: graphviz.Digraph, name: str, x: float, y: float) -> None:
    graph.node(name, "", pos=_pos(x, y), shape="point", width="0.01", height="0.01", style="invis")


def _pos(x: float, y: float) -> str:
    return f"{x / 72:.4f},{-y / 72:.4f}!"


def _inches(points: float) -> str:
    return f"{points / 72:.4f}"
