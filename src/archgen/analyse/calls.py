"""Who called whom in a flow: the nesting of synchronous calls, read from the order of the steps.

A flow lists its steps in the order they happen. A synchronous step A -> B opens a call that B
answers once its own later calls have answered; the next step from A (or from anything below A
on the call stack) means B's call has returned. An async step A ~> B opens nothing: B handles
the message on its own, and a step from B then starts a new chain caused by that message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class StepLike(Protocol):
    @property
    def source(self) -> str: ...

    @property
    def target(self) -> str: ...

    @property
    def is_async(self) -> bool: ...


@dataclass(frozen=True)
class Call:
    """One step's place in the call structure (indexes are 0-based positions in the flow)."""

    index: int
    parent: int | None  # the open synchronous step whose callee made this step; None at the top of a chain
    cause: int | None  # for a step that starts a chain: the earlier step that reached its source (async hand-off)
    depth: int  # 1 for a step at the top of a chain, 2 for a call made inside it, ...
    reply_to: int | None  # an explicit answer back up the stack (`api -> client`) names the call it answers
    returns_after: int  # index of the last step nested inside this one (itself when nothing is)


def call_structure(steps: Sequence[StepLike]) -> list[Call]:
    """The nesting of every step, computed with a stack of open synchronous calls."""
    stack: list[int] = []  # indexes of open synchronous steps, innermost last
    parents: list[int | None] = []
    causes: list[int | None] = []
    replies: list[int | None] = []
    depths: list[int] = []
    last_reached: dict[str, int] = {}
    for index, step in enumerate(steps):
        while stack and steps[stack[-1]].target != step.source:
            stack.pop()
        parent = stack[-1] if stack else None
        parents.append(parent)
        causes.append(None if parent is not None else last_reached.get(step.source))
        depths.append(depths[parent] + 1 if parent is not None else 1)
        # Only a synchronous step answers a call; an async one back up the stack is a push or a relay.
        answered = None if step.is_async else next(
            (open_call for open_call in reversed(stack) if steps[open_call].source == step.target), None)
        replies.append(answered)
        if answered is not None:
            del stack[stack.index(answered):]
        elif not step.is_async:
            stack.append(index)
        last_reached[step.target] = index
    return [Call(index=i, parent=parents[i], cause=causes[i], depth=depths[i], reply_to=replies[i],
                 returns_after=_last_descendant(i, parents)) for i in range(len(steps))]


def _last_descendant(index: int, parents: list[int | None]) -> int:
    last = index
    for later in range(index + 1, len(parents)):
        ancestor = parents[later]
        while ancestor is not None and ancestor != index:
            ancestor = parents[ancestor]
        if ancestor != index:
            break
        last = later
    return last
