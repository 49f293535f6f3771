"""Themes: the colours every backend paints views with. Text colours meet WCAG AA (4.5:1) on every
background they are drawn on (a test checks it); flow hues are used only for lines and swatches."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    muted_text: str  # technology, subtitles, legend
    line: str  # edges of the overview and line-style keys
    error_line: str
    group_fill: str
    group_border: str
    label_background: str  # behind edge labels, so lines never run through text
    icon_tile: str | None  # a light tile behind icons, for dark backgrounds (product logos are drawn for light)
    note_fill: str
    note_border: str
    activation_fill: str
    palette: tuple[str, ...]  # flow hues, for lines: Okabe-Ito, distinguishable with colour-vision deficiencies

    def hue(self, index: int | None) -> str:
        return self.line if index is None else self.palette[index % len(self.palette)]

    @property
    def text_backgrounds(self) -> tuple[str, ...]:
        """Every colour text is drawn on: the canvas, tier frames, edge-label masks, notes."""
        return (self.background, self.group_fill, self.label_background, self.note_fill)


LIGHT = Theme(
    name="light", background="#FFFFFF", text="#1F2328", muted_text="#57606A", line="#6E7781",
    error_line="#CF222E", group_fill="#F6F8FA", group_border="#D0D7DE", label_background="#FFFFFF",
    icon_tile=None, note_fill="#FFF8C5", note_border="#D4A72C", activation_fill="#EAEEF2",
    palette=("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"),
)
DARK = Theme(
    name="dark", background="#0D1117", text="#E6EDF3", muted_text="#9198A1", line="#8B949E",
    error_line="#FF7B72", group_fill="#161B22", group_border="#3D444D", label_background="#0D1117",
    icon_tile="#F6F8FA", note_fill="#2B2111", note_border="#9E6A03", activation_fill="#262C36",
    palette=("#56B4E9", "#FF8C42", "#3DDC97", "#E38FC6", "#F0C050", "#9AD0F5", "#E6EDF3", "#C8C86A"),
)
THEMES = {theme.name: theme for theme in (LIGHT, DARK)}


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two `#RRGGBB` colours."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
