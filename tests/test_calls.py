"""The call structure read from a flow's step order."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.analyse.calls import call_structure


@dataclass(frozen=True)
class S:
    source: str
    target: str
    is_async: bool = False


def test_three_level_nesting_returns_before_the_callers_next_step():
    calls = call_structure([S("a", "b"), S("b", "c"), S("c", "d"), S("a", "e")])
    assert [c.parent for c in calls] == [None, 0, 1, None]
    assert [c.depth for c in calls] == [1, 2, 3, 1]
    assert [c.returns_after for c in calls] == [2, 2, 2, 3]


def test_siblings_inside_one_call_share_their_parent():
    calls = call_structure([S("client", "api"), S("api", "db"), S("api", "cache"), S("client", "cdn")])
    assert [c.parent for c in calls] == [None, 0, 0, None]


def test_an_async_hand_off_starts_a_chain_caused_by_it():
    calls = call_structure([S("api", "queue", True), S("queue", "worker"), S("worker", "db")])
    assert [c.parent for c in calls] == [None, None, 1]
    assert calls[1].cause == 0


def test_an_explicit_answer_closes_the_call_it_answers():
    calls = call_structure([S("client", "api"), S("api", "db"), S("api", "client"), S("client", "cdn")])
    assert calls[2].reply_to == 0 and calls[2].parent == 0
    assert calls[3].parent is None and calls[3].reply_to is None


def test_an_async_step_back_up_the_stack_is_a_push_not_an_answer():
    calls = call_structure([S("client", "lb"), S("lb", "collab"), S("collab", "lb", True), S("lb", "client", True)])
    assert [c.reply_to for c in calls] == [None, None, None, None]
