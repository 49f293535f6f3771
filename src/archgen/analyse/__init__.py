"""Analyse stage: pure functions from a validated Spec to what renderers consume."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from archgen.analyse.budgets import FlowBudget, latency_budgets
from archgen.analyse.estimates import Estimates, estimate
from archgen.analyse.model import Model, build_model
from archgen.analyse.review import Finding, review
from archgen.spec import Spec


class Analysis(BaseModel):
    """The resolved model plus everything computed from it: estimates, latency budgets, review."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: Model
    estimates: Estimates
    budgets: list[FlowBudget]
    findings: list[Finding]


def analyse(name: str, spec: Spec) -> Analysis:
    model = build_model(name, spec)
    estimates = estimate(spec.load)
    return Analysis(model=model, estimates=estimates, budgets=latency_budgets(model),
                    findings=review(model, estimates))


__all__ = ["Analysis", "Model", "analyse", "build_model"]
