"""Icon files. The only module that imports `diagrams`, and only to find its bundled PNGs."""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path


@cache
def _resources_root() -> Path:
    import diagrams

    return Path(diagrams.__file__).resolve().parent.parent


@cache
def icon_file(icon: str) -> tuple[str, Path]:
    """`onprem.inmemory.Redis` -> ("resources/onprem/inmemory/redis.png", the file on disk)."""
    module_name, class_name = icon.rsplit(".", 1)
    node_class = getattr(importlib.import_module(f"diagrams.{module_name}"), class_name)
    relative = f"{node_class._icon_dir}/{node_class._icon}"
    return relative, _resources_root() / relative


def resolve_icon(icon: str, custom: bool, spec_dir: Path) -> tuple[str, Path]:
    """(name the DOT uses, file on disk) for a catalogue icon or a custom icon next to the spec."""
    if custom:
        return icon, (spec_dir / icon).resolve()
    return icon_file(icon)
