"""Where the shipped templates live: inside the wheel, or at the repo root in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).parent / "templates"
_SOURCE_TREE = Path(__file__).resolve().parents[2] / "templates"


def templates_dir() -> Path:
    return _PACKAGED if _PACKAGED.is_dir() else _SOURCE_TREE
