"""Views stage: the analysed model -> plain descriptions of every diagram (see views/model.py)."""

from __future__ import annotations

from archgen.analyse.model import Model
from archgen.views.graph import flow_view, overview, stage_view
from archgen.views.model import DesignViews, GraphView, SequenceView, View
from archgen.views.sequence import sequence_view


def build_views(model: Model) -> DesignViews:
    return DesignViews(
        name=model.name,
        title=model.spec.title,
        overview=overview(model),
        flows=tuple(flow_view(model, flow) for flow in model.flows),
        sequences=tuple(sequence_view(model, flow) for flow in model.flows),
        stages=tuple(stage_view(model, number) for number in range(1, len(_stages(model)) + 1)),
    )


def _stages(model: Model) -> list:
    return model.spec.interview.stages if model.spec.interview else []


__all__ = ["DesignViews", "GraphView", "SequenceView", "View", "build_views"]
