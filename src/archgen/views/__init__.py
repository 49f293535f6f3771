"""Views stage: the analysed model -> plain descriptions of every diagram (see views/model.py)."""

from __future__ import annotations

from archgen.analyse.model import Model
from archgen.views.graph import flow_view, overview
from archgen.views.model import DesignViews, GraphView, SequenceView, View
from archgen.views.sequence import sequence_view


def build_views(model: Model) -> DesignViews:
    return DesignViews(
        name=model.name,
        title=model.spec.title,
        overview=overview(model),
        flows=tuple(flow_view(model, flow) for flow in model.flows),
        sequences=tuple(sequence_view(model, flow) for flow in model.flows),
    )


__all__ = ["DesignViews", "GraphView", "SequenceView", "View", "build_views"]
