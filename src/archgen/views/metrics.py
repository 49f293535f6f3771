"""Sizes shared by the width-budget estimate (views/fit.py) and the Graphviz backend, in points.

Readers see diagrams in a column about 1000 px wide (GitHub, Obsidian). Text of F points on a
canvas W points wide displays at F × 1000 / W px once the canvas is scaled into that column, so
with 13 pt as the smallest text a canvas may be about 1,180 pt wide and keep it at >= 11 px.
Icons are kept small next to the text for the same reason: every point of icon costs width.
"""

from __future__ import annotations

COLUMN_PX = 1000  # GitHub's content column, Obsidian's default readable line width is close
MIN_TEXT_PX = 11
TEXT_PT = 13  # edge labels, details, legend: the smallest text on a canvas
LABEL_PT = 14  # component names
GROUP_PT = 14
TITLE_PT = 20
SUBTITLE_PT = 13
MAX_READABLE_WIDTH_PT = TEXT_PT * COLUMN_PX / MIN_TEXT_PX

ICON_PT = 56
INLINE_ICON_PT = 40  # beside the text, in top-to-bottom flow views
LABEL_CHARS = 16  # component names wrap at this many characters
DETAIL_CHARS = 22
EDGE_LABEL_CHARS = 22
CHAR_WIDTH_EM = 0.55  # average advance of Helvetica/Arial text, in ems

NODE_WIDTH_PT = LABEL_CHARS * CHAR_WIDTH_EM * LABEL_PT + 8
NODE_HEIGHT_PT = ICON_PT + 2 * LABEL_PT * 1.2 + TEXT_PT * 1.2 + 8
EDGE_LABEL_WIDTH_PT = EDGE_LABEL_CHARS * CHAR_WIDTH_EM * TEXT_PT
EDGE_LABEL_HEIGHT_PT = 2.5 * TEXT_PT * 1.2
NODESEP_PT = 22
RANKSEP_PT = 36
CLUSTER_MARGIN_PT = 12
HEADER_PT = TITLE_PT * 1.3 + SUBTITLE_PT * 1.3 + 2 * TEXT_PT * 1.4
