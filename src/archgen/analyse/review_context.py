"""What review rules see: the model and every computed result, plus the vocabulary rules share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from archgen.analyse.availability import FlowAvailability
from archgen.analyse.budgets import FlowBudget
from archgen.analyse.capacity import CapacityResult
from archgen.analyse.estimates import Estimates
from archgen.analyse.model import Model, ResolvedFlow, ResolvedStep
from archgen.analyse.profile import Profile
from archgen.analyse.stores import CacheSize, StoreSize
from archgen.analyse.traffic import Traffic
from archgen.analyse.verbs import flow_type, step_access
from archgen.catalog import Role


@dataclass(frozen=True)
class Context:
    model: Model
    estimates: Estimates
    profiles: dict[str, Profile]
    traffic: Traffic
    capacities: dict[str, CapacityResult]
    budgets: list[FlowBudget]
    stores: list[StoreSize]
    caches: list[CacheSize]
    availability: list[FlowAvailability]

    @cached_property
    def user_facing(self) -> list[ResolvedFlow]:
        return [f for f in self.model.flows if f.steps and self.role(f.steps[0].source) == Role.CLIENT]

    @cached_property
    def dead_letters(self) -> set[str]:
        return {c.dead_letter for c in self.model.spec.components.values() if c.dead_letter}

    def role(self, cid: str) -> Role:
        return self.model.components[cid].role

    def kind(self, cid: str) -> str:
        return self.model.components[cid].kind

    def flow_components(self, flow: ResolvedFlow) -> set[str]:
        return {cid for step in flow.steps for cid in (step.source, step.target)}

    def is_read_flow(self, flow: ResolvedFlow) -> bool:
        return flow_type(self.model.spec, flow.id) == "read"

    def is_write_flow(self, flow: ResolvedFlow) -> bool:
        return flow_type(self.model.spec, flow.id) == "write"

    def store_access(self, flow: ResolvedFlow, step: ResolvedStep) -> set[str]:
        return step_access(self.model.spec, flow.id, step.label)


@dataclass(frozen=True)
class Hit:
    """One thing a rule found: its subject (a component or flow id) and what is wrong there."""

    subject: str
    message: str
    item: str | None = None  # a short form for a grouped finding's list; the message when absent


Check = Callable[[Context], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    why: str
    check: Check
    grouped: str = "{count} cases: {items}"  # the message when several subjects are open at once
