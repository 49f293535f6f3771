"""Analyse stage: pure functions from a validated Spec to the resolved Model renderers consume."""

from archgen.analyse.model import Model, build_model

__all__ = ["Model", "build_model"]
