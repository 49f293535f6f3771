import pytest

from archgen.analyse import analyse
from archgen.analyse.budgets import HOP_CLIENT_TO_REGION, HOP_CROSS_REGION, HOP_SAME_DC, WORK_BY_KIND
from archgen.catalog import KINDS, Role
from archgen.load import load_text
from archgen.validate import validate

SPEC = """\
title: Budget
components:
  app: {kind: mobile}
  lb: {kind: load_balancer}
  api: {kind: service}
  cache: {kind: cache, latency: 1ms}
  db: {kind: sql_database}
  bus: {kind: queue}
flows:
  read:
    latency_target: 100ms
    steps:
      - app -> lb: request
      - lb -> api: route
      - api -> cache: look up
      - {from: api, to: db, label: query, latency: 20ms}
      - api ~> bus: publish event
"""


def budget(text: str = SPEC):
    spec, _ = validate(load_text(text, "s.yaml"))
    return analyse("s", spec).budgets[0]


def test_response_path_stops_at_the_first_async_step():
    b = budget()
    expected = [
        HOP_CLIENT_TO_REGION + WORK_BY_KIND["load_balancer"][0],
        HOP_SAME_DC + WORK_BY_KIND["service"][0],
        HOP_SAME_DC + 1e-3,
        20e-3,
    ]
    assert [s.total_seconds for s in b.steps[:4]] == pytest.approx(expected)
    assert b.response_seconds == pytest.approx(sum(expected))
    assert b.tail == ["A5"]
    assert b.end_to_end_seconds == pytest.approx(sum(expected) + HOP_SAME_DC / 2 + WORK_BY_KIND["queue"][0])
    assert b.dominant == "A1"
    assert b.within_target is True


def test_sync_steps_after_an_async_step_belong_to_the_tail():
    text = SPEC.replace("      - api ~> bus: publish event\n", "      - api ~> bus: publish event\n"
                        "      - bus -> api: consume\n      - api -> db: store\n")
    b = budget(text)
    assert b.tail == ["A5", "A6", "A7"]
    assert [s.in_response for s in b.steps] == [True, True, True, True, False, False, False]


def test_a_target_can_cover_the_whole_flow():
    text = SPEC.replace("latency_target: 100ms", "latency_target: 80ms\n    target_covers: end_to_end")
    b = budget(text)
    assert b.compared_seconds == b.end_to_end_seconds
    assert b.within_target is (b.end_to_end_seconds <= 0.08)


def test_over_target_and_cross_region():
    text = SPEC.replace("latency_target: 100ms", "latency_target: 30ms").replace(
        "api: {kind: service}", "api: {kind: service, region: us}").replace(
        "db: {kind: sql_database}", "db: {kind: sql_database, region: eu}").replace(", latency: 20ms", "")
    b = budget(text)
    assert b.within_target is False
    assert b.steps[3].hop == "cross-region"
    assert b.steps[3].total_seconds == pytest.approx(HOP_CROSS_REGION + WORK_BY_KIND["sql_database"][0])


def test_every_non_client_kind_has_a_typical_latency():
    assert {k for k, kind in KINDS.items() if kind.role != Role.CLIENT} <= set(WORK_BY_KIND)


BRANCHES = """\
title: Branches
components:
  app: {kind: mobile}
  api: {kind: service}
  bus: {kind: stream}
  hooks: {kind: worker}
  merchant: {kind: external}
  dw: {kind: data_warehouse}
flows:
  pay:
    steps:
      - app -> api: pay
      - api ~> bus: publish event
      - bus ~> hooks: consume for webhooks
      - hooks -> merchant: deliver webhook
      - bus ~> dw: append row to warehouse
"""


def test_async_branches_off_one_queue_run_side_by_side():
    b = budget(BRANCHES)
    steps = {s.tag: s for s in b.steps}
    bus_ready = steps["A2"].running_seconds
    assert steps["A5"].running_seconds == pytest.approx(bus_ready + steps["A5"].total_seconds)
    assert b.end_to_end_seconds == pytest.approx(max(s.running_seconds for s in b.steps))
    assert b.end_to_end_seconds == pytest.approx(steps["A4"].running_seconds)


def test_appending_to_a_warehouse_is_not_an_analytical_scan():
    steps = {s.tag: s for s in budget(BRANCHES).steps}
    assert steps["A5"].work_seconds == pytest.approx(20e-3)
    scan = BRANCHES.replace("append row to warehouse", "query daily totals")
    assert {s.tag: s for s in budget(scan).steps}["A5"].work_seconds == pytest.approx(WORK_BY_KIND["data_warehouse"][0])


def test_sequential_calls_from_one_caller_add_up():
    b = budget()
    steps = {s.tag: s for s in b.steps}
    assert steps["A4"].running_seconds == pytest.approx(steps["A3"].running_seconds + steps["A4"].total_seconds)


def test_dead_letter_steps_are_an_error_path_outside_end_to_end():
    text = BRANCHES.replace("  dw: {kind: data_warehouse}", "  dw: {kind: data_warehouse}\n  dlq: {kind: queue}")
    text = text.replace("  bus: {kind: stream}", "  bus: {kind: stream, dead_letter: dlq}")
    text += "      - hooks ~> dlq: park after 5 tries\n"
    b = budget(text)
    parked = b.steps[-1]
    assert parked.error_path and parked.tag not in b.tail
    assert b.end_to_end_seconds == budget(BRANCHES).end_to_end_seconds


def test_an_async_hop_costs_one_way():
    b = budget()
    (publish,) = [s for s in b.steps if s.is_async]
    assert publish.hop_seconds == pytest.approx(HOP_SAME_DC / 2) and publish.hop.endswith("one way")


def test_parallel_steps_start_together_and_a_cdn_miss_goes_back_to_the_region():
    text = """\
title: Page
components:
  browser: {kind: browser}
  cdn: {kind: cdn}
  bucket: {kind: object_storage}
  api: {kind: service}
flows:
  page:
    steps:
      - browser -> api: GET /listing
      - {from: browser, to: cdn, label: GET photos, parallel: true}
      - cdn -> bucket: fetch on a miss
"""
    b = budget(text)
    api, cdn, miss = b.steps
    assert cdn.running_seconds == pytest.approx(cdn.total_seconds), "started with the API call, not after it"
    assert miss.hop == "edge PoP ↔ region" and miss.hop_seconds == pytest.approx(30e-3)
    assert b.response_seconds == pytest.approx(max(api.running_seconds, miss.running_seconds))
