"""The views stage: what each diagram contains, independent of any backend."""

from __future__ import annotations

import json

import pytest

from archgen.analyse import build_model
from archgen.errors import InputError
from archgen.load import load_text
from archgen.validate import validate
from archgen.views import build_views
from archgen.views.select import file_stem, parse_view_option, select

SPEC = """\
title: Shop
groups:
  edge: {label: Edge}
  core: {label: Core}
  data: {label: Data, parent: core}
components:
  web: {kind: browser}
  lb: {kind: load_balancer, group: edge, replicas: 2}
  api: {kind: service, tech: go, group: core, replicas: 4}
  db: {kind: sql_database, tech: postgres, group: data}
  bus: {kind: queue, tech: sqs, dead_letter: dlq}
  dlq: {kind: queue, tech: sqs}
  worker: {kind: worker, tech: java}
flows:
  order:
    title: Place an order
    latency_target: 300ms
    steps:
      - web -> lb: POST /orders
      - lb -> api: forward
      - api -> db: insert order
      - api ~> bus: order placed
      - bus -> worker: consume
      - worker -> dlq: park a poison message
  status:
    steps:
      - web -> lb: GET /orders/1
      - lb -> api: forward
      - api -> db: read order
      - api -> web: the order as JSON
"""


@pytest.fixture
def views():
    spec, _ = validate(load_text(SPEC, "shop.yaml"))
    return build_views(build_model("shop", spec))


def test_overview_has_every_component_and_one_edge_per_connected_pair(views):
    overview = views.overview
    assert [n.id for n in overview.nodes] == ["web", "lb", "api", "db", "bus", "dlq", "worker"]
    pairs = [(e.source, e.target) for e in overview.edges]
    assert len(pairs) == len({frozenset(p) for p in pairs}), "one edge per pair"
    web_api = next(e for e in overview.edges if {e.source, e.target} == {"web", "lb"})
    assert web_api.tags == ("A1", "B1") and not web_api.numbered and web_api.label == ""
    assert next(e for e in overview.edges if {e.source, e.target} == {"api", "web"}).backward


def test_overview_keeps_direction_and_async_and_draws_the_dead_letter_path(views):
    by_pair = {(e.source, e.target): e for e in views.overview.edges}
    assert by_pair[("api", "bus")].style == "async"
    assert by_pair[("api", "db")].style == "sync" and not by_pair[("api", "db")].both_ways
    assert by_pair[("bus", "dlq")].style == "error", "the `dead_letter:` of a queue is drawn"
    assert {entry.style for entry in views.overview.legend} == {"sync", "async", "error"}


def test_a_flow_view_holds_only_what_the_flow_touches_with_numbered_steps(views):
    flow = views.flows[1]
    assert flow.id == "flow-status" and flow.flow == "status"
    assert {n.id for n in flow.nodes} == {"web", "lb", "api", "db"}
    assert [g.id for g in flow.groups] == ["edge", "core", "data"], "tier frames and their parents"
    assert next((e.tags, e.label, e.numbered) for e in flow.edges) == (("B1",), "GET /orders/1", True)
    assert flow.legend[0].label == "B. Status" and flow.legend[0].hue == 1
    assert all(e.hue == 1 for e in flow.edges)


def test_steps_into_a_dead_letter_queue_are_error_paths(views):
    order = views.flows[0]
    steps = [e for e in order.edges if e.numbered]
    assert [e.style for e in steps] == ["sync", "sync", "sync", "async", "sync", "error"]
    assert [(e.source, e.target, e.style) for e in order.edges if not e.numbered] == [("bus", "dlq", "error")]


def test_sequence_has_participants_in_order_of_appearance_and_activations(views):
    sequence = views.sequences[1]
    assert [p.id for p in sequence.participants] == ["web", "lb", "api", "db"]
    assert [m.style for m in sequence.messages] == ["sync", "sync", "sync", "reply"]
    bars = {(a.participant, a.first, a.last) for a in sequence.activations}
    assert ("lb", 0, 3) in bars and ("api", 1, 3) in bars and ("db", 2, 2) in bars
    assert sequence.notes == () or all(note.text for note in sequence.notes)
    assert views.sequences[0].notes[0].text == "Latency target: p99 300 ms to respond", "a bare target is read as p99"


def test_a_one_step_flow_still_gets_every_view():
    spec, _ = validate(load_text("title: t\ncomponents:\n  a: {kind: browser}\n  b: {kind: service}\n"
                                 "flows:\n  f:\n    steps: [a -> b: hi]\n", "t.yaml"))
    views = build_views(build_model("t", spec))
    assert len(views.flows[0].edges) == 1 and len(views.sequences[0].messages) == 1
    assert len(views.sequences[0].activations) == 1


def test_views_are_plain_serialisable_data(views):
    text = json.dumps(views.to_json(), sort_keys=True)
    data = json.loads(text)
    assert data["overview"]["kind"] == "overview" and len(data["sequences"]) == 2
    assert json.dumps(data, sort_keys=True) == text


def test_view_selection_and_file_names(views):
    assert [v.id for v in select(views, ("all",))] == [v.id for v in views.all()]
    assert [v.id for v in select(views, ("overview", "seq:order"))] == ["overview", "seq-order"]
    assert [v.id for v in select(views, ("status",))] == ["flow-status", "seq-status"]
    assert [file_stem("shop", v) for v in select(views, ("overview", "flow:order"))] == ["shop", "shop.flow-order"]


def test_an_unknown_view_is_bad_input_with_a_suggestion(views):
    with pytest.raises(InputError) as error:
        select(views, ("flow:ordr",))
    assert "no view `flow:ordr`" in str(error.value) and "did you mean `flow:order`?" in str(error.value)
    with pytest.raises(InputError):
        parse_view_option(" , ")


def test_icons_go_by_role_and_languages_become_text(views):
    api = next(n for n in views.overview.nodes if n.id == "api")
    db = next(n for n in views.overview.nodes if n.id == "db")
    assert api.icon == "onprem.compute.Server" and api.detail == "Go · ×4"
    assert db.icon == "onprem.database.Postgresql", "products keep their own logo"


def test_an_interview_stage_is_drawn_from_its_components_joined_through_hidden_ones():
    guided = SPEC + """\
interview:
  stages:
    - title: One box
      components: [web, api, db]
      adds: a single server
      why: simplest
      numbers: 1K users
"""
    spec, _ = validate(load_text(guided, "shop.yaml"))
    stage = build_views(build_model("shop", spec)).stages[0]
    assert stage.id == "stage-1" and stage.kind == "stage" and stage.title == "Stage 1: One box"
    assert [n.id for n in stage.nodes] == ["web", "api", "db"]
    assert all("×" not in n.detail for n in stage.nodes), "the full design's counts would misstate a stage"
    pairs = {(e.source, e.target, e.style, e.both_ways) for e in stage.edges}
    assert ("web", "api", "sync", True) in pairs, "web reaches api through the load balancer it does not show"
    assert ("api", "db", "sync", False) in pairs


def test_a_stage_can_say_how_its_components_connect():
    guided = SPEC + """\
interview:
  stages:
    - title: Peer to peer
      components: [web, db]
      links: ["web ~> db"]
      adds: a browser writing straight to storage
      why: simplest
      numbers: 10 users
"""
    spec, _ = validate(load_text(guided, "shop.yaml"))
    stage = build_views(build_model("shop", spec)).stages[0]
    assert [(e.source, e.target, e.style) for e in stage.edges] == [("web", "db", "async")]


def test_a_stage_link_to_a_component_the_stage_does_not_show_is_an_error():
    guided = SPEC + """\
interview:
  stages:
    - title: One box
      components: [web, api]
      links: ["web -> dbb"]
      adds: x
      why: y
      numbers: 1 user
"""
    with pytest.raises(InputError) as error:
        validate(load_text(guided, "shop.yaml"))
    assert "names `dbb`, which the stage does not show" in str(error.value)
