"""A computed figure: its value, how it reads, and the formula behind it."""

from __future__ import annotations

from archgen.analyse.model import Frozen


class Figure(Frozen):
    name: str
    label: str
    value: float
    display: str
    formula: str
