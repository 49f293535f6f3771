"""The interview guide: where it sits in the write-up and how stages, hard parts and narratives read."""

from __future__ import annotations

from archgen.analyse import analyse
from archgen.load import load_text
from archgen.render.writeup import render_writeup
from archgen.validate import validate
from tests.conftest import MINIMAL

GUIDED = """\
title: Guided
components:
  phone: {kind: mobile, label: Phone}
  server: {kind: service, label: Single server}
  sql: {kind: sql_database, label: One database}
  gateway: {kind: service, label: Gateways}
  store: {kind: nosql_database, label: Partitioned store}
flows:
  send:
    title: Send
    narrative: The phone hands the message over and the store keeps it.
    steps:
      - phone -> gateway: SEND
      - gateway -> store: persist
tradeoffs:
  - {decision: Message store, chosen: Cassandra, why: append-heavy writes}
interview:
  key_insight: Find the recipient's server. Number messages where they are stored.
  questions:
    - {question: How many users?, assumption: Ten million a day.}
  stages:
    - {title: One box, components: [phone, server, sql], adds: everything in one place, why: simplest, numbers: 1K/s}
    - {title: Split, components: [phone, gateway, store], adds: gateways and a store, why: load, numbers: 50K/s}
  deep_dives:
    order: {title: Ordering, tradeoff: a single writer per conversation}
  hard_parts:
    - {part: Routing, how: a registry lookup, flows: send, components: [gateway, store], tradeoffs: Message store,
       deep_dives: order}
"""


def writeup(text: str) -> str:
    spec, _ = validate(load_text(text, "s.yaml"))
    return render_writeup(analyse("guided", spec), None, {"overview": "guided.svg"})


def test_the_guide_comes_first_and_only_when_the_spec_has_one():
    markdown = writeup(GUIDED)
    assert markdown.index("## Interview guide") < markdown.index("## 1. Requirements")
    assert "> **Key insight.** Find the recipient's server. Number messages where they are stored." in markdown
    assert "Interview guide" not in writeup(MINIMAL)


def test_a_stage_names_the_boxes_it_adds_and_the_ones_it_replaces():
    markdown = writeup(GUIDED)
    assert "- **The boxes:** Phone, Single server, One database\n" in markdown
    assert "- **New in this stage:** Gateways, Partitioned store\n" in markdown
    assert "- **No longer drawn:** Single server, One database\n" in markdown
    assert "- **The numbers that force it:** 50K/s\n" in markdown


def test_a_hard_part_says_where_the_design_answers_it():
    assert ("- **Routing.** a registry lookup *Where:* flow A (Send); Gateways, Partitioned store; "
            "trade-off “Message store” (section 5); deep dive “Ordering” (above).") in writeup(GUIDED)


def test_a_flow_narrative_sits_between_its_heading_and_its_steps():
    markdown = writeup(GUIDED)
    heading = markdown.index("#### A. Send")
    narrative = markdown.index("**What happens, and why.** The phone hands the message over and the store keeps it.")
    assert heading < narrative < markdown.index("1. **Phone → Gateways**", heading)
