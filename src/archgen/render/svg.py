"""What a reader sees of an SVG: its size, and how large its text displays in a column.

Graphviz writes the PNG's pixel density into the SVG's width and height, so `display_size`
puts back the drawing's own size (the viewBox) before anyone embeds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archgen.views import metrics

_ROOT_SIZE = re.compile(rb'<svg width="[\d.]+pt" height="[\d.]+pt"\s+viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"')
# Graphviz 2.43 scales the drawing by dpi/72 when a dpi is set (for the PNG) but leaves the viewBox in
# points, so a browser showed only the top-left corner of the drawing, magnified.
_GRAPH_SCALE = re.compile(rb'(<g id="[^"]*" class="graph" transform=")scale\([\d.]+ [\d.]+\)')
_TEXT = re.compile(rb'<text [^>]*font-size="([\d.]+)"[^>]*>([^<]*)</text>')
CSS_PX_PER_PT = 4 / 3
MIN_ASPECT, MAX_ASPECT = 0.5, 2.2


def display_size(svg: bytes) -> bytes:
    """Width and height in points equal to the viewBox, and the drawing at scale 1 inside it, whatever dpi the
    PNG was drawn at."""
    def replace(match: re.Match[bytes]) -> bytes:
        width, height = match.group(3), match.group(4)
        return (b'<svg width="' + width + b'pt" height="' + height + b'pt"\n viewBox="' + match.group(1) + b" "
                + match.group(2) + b" " + width + b" " + height + b'"')

    return _GRAPH_SCALE.sub(rb"\1scale(1 1)", _ROOT_SIZE.sub(replace, svg, count=1), count=1)


@dataclass(frozen=True)
class Readability:
    width_pt: float
    height_pt: float
    readable_share: float  # of the characters of text, those displayed at >= MIN_TEXT_PX in the column
    smallest_px: float

    @property
    def aspect(self) -> float:
        return self.width_pt / self.height_pt if self.height_pt else 0.0

    @property
    def within_budget(self) -> bool:
        return self.readable_share >= 0.9 and MIN_ASPECT <= self.aspect <= MAX_ASPECT

    def problem(self) -> str | None:
        if self.within_budget:
            return None
        return (f"{self.readable_share:.0%} of its text displays at >= {metrics.MIN_TEXT_PX} px in a "
                f"{metrics.COLUMN_PX} px column (90% wanted), aspect {self.aspect:.2f} (0.5–2.2 wanted): "
                f"{self.width_pt:.0f} × {self.height_pt:.0f} pt")


def measure(svg: bytes, column_px: float = metrics.COLUMN_PX) -> Readability:
    match = _ROOT_SIZE.search(svg)
    if match is None:
        raise ValueError("not an SVG written by Graphviz")
    width, height = float(match.group(3)), float(match.group(4))
    scale = min(1.0, column_px / (width * CSS_PX_PER_PT)) * CSS_PX_PER_PT
    sized = [(float(size) * scale, len(content.strip())) for size, content in _TEXT.findall(svg)]
    total = sum(chars for _, chars in sized)
    readable = sum(chars for px, chars in sized if px >= metrics.MIN_TEXT_PX - 0.05)
    smallest = min((px for px, chars in sized if chars), default=0.0)
    return Readability(width, height, readable / total if total else 1.0, smallest)
