"""Graphviz HTML-like labels for views, built only from escaped text.

Spec text goes through `text()` (render/escape.py's `dot_html_text`) and nothing else: characters
XML forbids are dropped and `& < > " '` become entities, so Graphviz prints them literally and the
SVG stays well-formed.
"""

from __future__ import annotations

import textwrap

from archgen.render import escape
from archgen.render.theme import Theme
from archgen.views import metrics
from archgen.views.model import Edge, GraphView, LegendEntry, Node, SequenceView

MAX_LABEL_LINES = 4
LEGEND_PER_ROW = 3
text = escape.dot_html_text  # spec text as inert HTML-label text, on one line


def lines(value: str, width: int, limit: int = MAX_LABEL_LINES, *, cut_words: bool = True) -> list[str]:
    """Wrap at spaces; a token longer than a whole line is cut unless `cut_words` is off. Past `limit`
    lines, end with …."""
    tokens = [piece for word in value.split()
              for piece in (textwrap.wrap(word, width, break_on_hyphens=False) if cut_words and len(word) > width
                            else [word])]
    wrapped = textwrap.wrap(" ".join(tokens), width, break_long_words=False, break_on_hyphens=False) or [""]
    if len(wrapped) > limit:
        wrapped = [*wrapped[: limit - 1], wrapped[limit - 1][: width - 1] + "…"]
    return wrapped


def font(content: str, size: float, colour: str, *, bold: bool = False) -> str:
    inner = f"<B>{content}</B>" if bold else content
    return f'<FONT POINT-SIZE="{size:g}" COLOR="{colour}">{inner}</FONT>'


def block(value: str, width: int, size: float, colour: str, *, bold: bool = False, limit: int = MAX_LABEL_LINES) -> str:
    return "<BR/>".join(font(text(line), size, colour, bold=bold) for line in lines(value, width, limit))


def node_label(node: Node, image: str, theme: Theme, *, inline: bool = False) -> str:
    """The icon above its name and technology; `inline` puts the text to the icon's right instead,
    for top-to-bottom layouts where height is what runs short."""
    icon_size = metrics.INLINE_ICON_PT if inline else metrics.ICON_PT
    icon_cell = (f'<TD FIXEDSIZE="TRUE" WIDTH="{icon_size}" HEIGHT="{icon_size}"'
                 + (' ROWSPAN="2"' if inline else "")
                 + (f' BGCOLOR="{theme.icon_tile}" STYLE="rounded"' if theme.icon_tile else "")
                 + f'><IMG SRC="{text(image)}" SCALE="TRUE"/></TD>')
    fill = theme.group_fill if node.group else theme.background  # masks any line that passes behind the text
    align = ' ALIGN="LEFT" BALIGN="LEFT"' if inline else ""
    name = block(node.label, metrics.LABEL_CHARS, metrics.LABEL_PT, theme.text, bold=True, limit=3)
    detail = block(node.detail, metrics.DETAIL_CHARS, metrics.TEXT_PT, theme.muted_text) if node.detail else ""
    name_cell = f'<TD BGCOLOR="{fill}"{align}>{name}</TD>'
    detail_cell = f'<TD BGCOLOR="{fill}"{align}>{detail}</TD>' if detail else ""
    if inline:
        rows = [f"<TR>{icon_cell}{name_cell}</TR>", f"<TR>{detail_cell or '<TD></TD>'}</TR>"]
    else:
        rows = [f"<TR>{icon_cell}</TR>", f"<TR>{name_cell}</TR>", *([f"<TR>{detail_cell}</TR>"] if detail else [])]
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="0">{"".join(rows)}</TABLE>>'


def tagged_text(tags: tuple[str, ...], label: str, theme: Theme, width: int = metrics.EDGE_LABEL_CHARS) -> str:
    """`A3 label…`: the step tag in bold, then the label wrapped; the first line leaves room for the tag."""
    tag = ", ".join(tags)
    body = lines(f"{tag} {label}".strip(), width)
    first = body[0].removeprefix(tag).strip() if tag else body[0]
    head = font(text(tag), metrics.TEXT_PT, theme.text, bold=True) if tag else ""
    parts = [head + (" " if head and first else "") + (font(text(first), metrics.TEXT_PT, theme.text) if first else "")]
    return "<BR/>".join([*parts, *(font(text(line), metrics.TEXT_PT, theme.text) for line in body[1:])])


def edge_label(edge: Edge, theme: Theme, width: int = metrics.EDGE_LABEL_CHARS) -> str:
    content = tagged_text(edge.tags if edge.numbered else (), edge.label, theme, width)
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" BGCOLOR="{theme.label_background}">'
            f"<TR><TD>{content}</TD></TR></TABLE>>")


def group_label(label: str, theme: Theme, width: int = 36) -> str:
    wrapped = lines(label, width, 3, cut_words=False)
    left = '<BR ALIGN="LEFT"/>'  # ends each line, left-aligned like the frame's title position
    return "<" + "".join(font(text(line), metrics.GROUP_PT, theme.text, bold=True) + left for line in wrapped) + ">"


def tooltip(value: str) -> str:
    """A tooltip attribute: escaped so Graphviz decodes no character reference and reads no record."""
    return escape.dot_text(escape.fold_whitespace(value))


def header(view: GraphView | SequenceView, theme: Theme) -> str:
    """Title, subtitle and legend above the drawing, left-aligned."""
    title = block(view.title, 70, metrics.TITLE_PT, theme.text, bold=True, limit=2)
    subtitle = block(view.subtitle, 90, metrics.SUBTITLE_PT, theme.muted_text, limit=2)
    rows = [f'<TR><TD ALIGN="LEFT">{title}</TD></TR>', f'<TR><TD ALIGN="LEFT">{subtitle}</TD></TR>']
    if view.legend:
        rows.append(f'<TR><TD ALIGN="LEFT">{legend(view.legend, theme)}</TD></TR>')
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">{"".join(rows)}</TABLE>>'


def legend(entries: tuple[LegendEntry, ...], theme: Theme) -> str:
    """One swatch per entry, drawn in the line's own style and colour, then its text."""
    cells = [f"<TD ALIGN=\"LEFT\">{swatch(entry, theme)}</TD><TD ALIGN=\"LEFT\">"
             f"{block(entry.label, 48, metrics.TEXT_PT, theme.text, limit=2)}</TD><TD WIDTH=\"14\"></TD>"
             for entry in entries]
    rows = ["".join(cells[i:i + LEGEND_PER_ROW]) for i in range(0, len(cells), LEGEND_PER_ROW)]
    return ('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">'
            + "".join(f"<TR>{row}</TR>" for row in rows) + "</TABLE>")


def swatch(entry: LegendEntry, theme: Theme) -> str:
    colour = theme.error_line if entry.style == "error" else theme.hue(entry.hue)
    dash, gap = {"sync": (30, 0), "async": (6, 4), "reply": (6, 4), "error": (2, 3)}[entry.style]
    count = 1 if gap == 0 else 30 // (dash + gap) + 1
    cells = []
    for index in range(count):
        cells.append(f'<TD FIXEDSIZE="TRUE" WIDTH="{dash}" HEIGHT="4" BGCOLOR="{colour}"></TD>')
        if gap and index < count - 1:
            cells.append(f'<TD FIXEDSIZE="TRUE" WIDTH="{gap}" HEIGHT="4"></TD>')
    width = count * dash + (count - 1) * gap
    # A fixed size: a table in a wider cell would otherwise stretch, and its dashes drift off to the middle.
    return (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0" FIXEDSIZE="TRUE" WIDTH="{width}" '
            f'HEIGHT="4"><TR>{"".join(cells)}</TR></TABLE>')
