"""Analyse stage: pure functions from a validated Spec to what renderers consume (analysis.py runs them).

The package's names load on first use, so a module that needs only the resolved model
(`archgen.analyse.model`, which the views are built from) does not import every model of the
analysis: `render` starts Graphviz on the views before the rest of the analysis is imported.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archgen.analyse.analysis import Analysis, analyse
    from archgen.analyse.model import Model, build_model

_HOMES = {"Analysis": "archgen.analyse.analysis", "analyse": "archgen.analyse.analysis",
          "Model": "archgen.analyse.model", "build_model": "archgen.analyse.model"}

__all__ = ["Analysis", "Model", "analyse", "build_model"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home), name)
