"""Percentile latency budgets, against hand-worked schedules."""

from __future__ import annotations

from statistics import NormalDist

import pytest

from archgen.analyse import analyse
from archgen.analyse.defaults.latency import HOPS, WORK_BY_KIND
from archgen.catalog import KINDS, Role
from archgen.load import load_text
from archgen.validate import validate
from tests.conftest import FLEET

MS = 1e-3


def analysed(text: str):
    spec, _ = validate(load_text(text, "s.yaml"))
    return analyse("s", spec)


def budget(text: str, index: int = 0):
    return analysed(text).budgets[index]


def fixed(ms: float) -> str:
    return f"{{p50: {ms}ms, p99: {ms}ms}}"


NESTED = f"""\
title: Nested
components:
  client: {{kind: browser}}
  a: {{kind: service}}
  b: {{kind: service}}
  c: {{kind: service}}
  d: {{kind: service}}
flows:
  call:
    latency_target: p50 70ms
    steps:
      - {{from: client, to: a, latency: {fixed(10)}}}
      - {{from: a, to: b, latency: {fixed(20)}}}
      - {{from: b, to: c, latency: {fixed(30)}}}
      - {{from: a, to: d, latency: {fixed(5)}}}
"""


def test_three_level_nesting_resumes_the_caller_after_the_innermost_answer():
    # a's call: its own 10 ms, then b's call (20 ms + c's 30 ms), then d's 5 ms: 65 ms.
    # d starts only when c has answered b and b has answered a: at 10 + 20 + 30 = 60 ms.
    b = budget(NESTED)
    steps = {s.tag: s for s in b.steps}
    assert [s.depth for s in b.steps] == [1, 2, 3, 2]
    assert steps["A3"].done_p50 == pytest.approx(60 * MS)
    assert steps["A2"].call_p50 == pytest.approx(50 * MS) and steps["A2"].done_p50 == pytest.approx(60 * MS)
    assert steps["A4"].done_p50 == pytest.approx(65 * MS)
    assert steps["A4"].done_p50 > steps["A3"].done_p50
    assert b.response.p50 == pytest.approx(65 * MS) and b.response.p99 == pytest.approx(65 * MS)
    assert b.within_target is True and b.target_percentile == "p50"


def test_nested_calls_at_default_costs_add_round_trips_and_work():
    text = NESTED.replace(", latency: {p50: 20ms, p99: 20ms}", "").replace(", latency: {p50: 30ms, p99: 30ms}", "")
    steps = {s.tag: s for s in budget(text).steps}
    one_call = HOPS["same datacentre"].p50 + WORK_BY_KIND["service"].p50
    assert steps["A3"].call_p50 == pytest.approx(one_call)
    assert steps["A2"].call_p50 == pytest.approx(2 * one_call)


FAN_OUT = """\
title: Scatter
components:
  client: {kind: browser}
  api: {kind: service}
  shard: {kind: search_index}
flows:
  search:
    steps:
      - {from: client, to: api, latency: {p50: 1ms, p99: 1ms}}
      - {from: api, to: shard, fan_out: 10, latency: {p50: 10ms, p99: 40ms}}
"""


def test_a_fan_out_of_ten_waits_for_the_slowest_so_its_p99_is_a_single_calls_p99_9():
    # The slowest of 10 independent calls is below t when all 10 are: F(t)^10 = 0.99, F(t) = 0.99^(1/10).
    # One call is the log-normal through p50 10 ms and p99 40 ms: t = 10 ms × 4^(z(0.99^0.1) / z(0.99)).
    z = NormalDist().inv_cdf
    expected = 10 * MS * 4 ** (z(0.99 ** 0.1) / z(0.99))
    fan = budget(FAN_OUT).steps[1]
    assert fan.own_p99 == pytest.approx(expected, rel=0.01)
    assert fan.own_p99 > 40 * MS, "above any single call's p99"
    assert fan.own_p50 == pytest.approx(10 * MS * 4 ** (z(0.5 ** 0.1) / z(0.99)), rel=0.01)


def test_a_fan_out_multiplies_the_load_downstream():
    text = FAN_OUT.replace("title: Scatter", "title: Scatter\nload:\n  actions:\n"
                           "    find: {type: read, per_second: 100, size: 1KB}").replace(
        "  search:\n", "  search:\n    driven_by: find\n")
    traffic = analysed(text).traffic
    assert traffic.components["shard"].average_rps.value == pytest.approx(1000)
    assert traffic.components["api"].average_rps.value == pytest.approx(100)


PERCENTILE = NESTED.replace("latency_target: p50 70ms", "latency_target: p99 70ms").replace(
    f"latency: {fixed(20)}", "latency: {p50: 20ms, p99: 200ms}")


def test_a_target_is_judged_at_the_percentile_it_states():
    b = budget(PERCENTILE)
    assert b.response.p50 < 70 * MS < b.response.p99
    assert b.within_target is False and b.compared_seconds == pytest.approx(b.response.p99)
    median = budget(PERCENTILE.replace("p99 70ms", "p50 70ms"))
    assert median.within_target is True and median.compared_seconds == pytest.approx(median.response.p50)


def test_a_bare_target_is_judged_at_p99_and_says_it_assumed_so():
    b = budget(PERCENTILE.replace("p99 70ms", "70ms"))
    assert b.target_percentile == "p99" and not b.target_stated and b.within_target is False


INTERNAL = """\
title: Internal
components:
  worker: {kind: worker}
  db: {kind: sql_database}
  client: {kind: mobile}
  api: {kind: service}
flows:
  job:
    steps:
      - worker -> db: update rows
  request:
    steps:
      - client -> api: GET /things
"""


def test_internal_callers_pay_no_internet_round_trip():
    job, request = analysed(INTERNAL).budgets
    assert job.steps[0].hop == "same datacentre"
    assert job.response.p50 == pytest.approx(HOPS["same datacentre"].p50 + WORK_BY_KIND["sql_database"].p50)
    assert request.steps[0].hop == "mobile ↔ region"


WAITS = """\
title: Waits
components:
  rider: {kind: mobile}
  api: {kind: service}
  matcher: {kind: worker}
flows:
  match:
    latency_target: p99 1s
    steps:
      - rider -> api: request a ride
      - {from: api, to: matcher, label: match in the next batch, batch_window: 2s}
"""


def test_a_batch_window_and_a_timer_count_in_the_budget():
    b = budget(WAITS)
    window = b.steps[1]
    assert window.own_p50 > 1.0 and window.own_p99 > 1.9, "a 2 s window: half of it at the median"
    assert b.within_target is False
    timer = budget(WAITS.replace("batch_window: 2s", "wait: 6s"))
    assert timer.steps[1].own_p50 > 6.0


UPLOAD = """\
title: Upload
components:
  phone: {kind: mobile}
  bucket: {kind: object_storage, tech: s3}
load:
  actions:
    upload: {type: write, per_day: 1M, size: 300MB}
flows:
  upload:
    driven_by: upload
    steps:
      - phone -> bucket: PUT the video with a pre-signed URL
"""


def test_payload_transfer_time_comes_from_size_and_link_bandwidth():
    step = budget(UPLOAD).steps[0]
    transfer = next(p for p in step.parts if p.name == "transfer")
    assert transfer.p50 == pytest.approx(300e6 / 2.5e6)
    assert step.own_p50 > 100




def test_queueing_delay_grows_with_utilization():
    calm, busy = (budget(FLEET.replace("PEAK", peak)).steps[1] for peak in ("6K", "9.5K"))
    assert busy.own_p99 > calm.own_p99
    queue = next(p for p in busy.parts if p.name == "queueing")
    assert queue.detail.startswith("M/M/2 at 95%")


def test_a_component_over_capacity_has_an_unbounded_queue():
    b = budget(FLEET.replace("PEAK", "12K"))
    assert b.saturated == ["api"] and b.response.p99 is None


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


def test_async_steps_cost_their_caller_nothing_and_start_a_tail():
    b = budget(BRANCHES)
    assert [s.in_response for s in b.steps] == [True, False, False, False, False]
    assert b.tail == ["A2", "A3", "A4", "A5"]
    assert b.end_to_end.p50 > b.response.p50
    publish = b.steps[1]
    assert publish.parts[0].detail == "same datacentre, one way"


def test_sync_calls_after_an_async_one_in_the_same_call_keep_the_caller_waiting():
    text = BRANCHES.replace("      - api ~> bus: publish event\n",
                            "      - api ~> bus: publish event\n      - api -> dw: append audit row\n")
    steps = budget(text).steps
    assert steps[2].in_response and steps[2].caller == "A1"


def test_appending_to_a_warehouse_is_not_an_analytical_scan():
    steps = {s.tag: s for s in budget(BRANCHES).steps}
    work = next(p for p in steps["A5"].parts if p.name == "work")
    assert work.p50 == pytest.approx(20 * MS)
    scan = BRANCHES.replace("append row to warehouse", "query daily totals")
    work = next(p for p in {s.tag: s for s in budget(scan).steps}["A5"].parts if p.name == "work")
    assert work.p50 == pytest.approx(WORK_BY_KIND["data_warehouse"].p50)


def test_dead_letter_steps_are_an_error_path_outside_end_to_end():
    text = BRANCHES.replace("  dw: {kind: data_warehouse}", "  dw: {kind: data_warehouse}\n  dlq: {kind: queue}")
    text = text.replace("  bus: {kind: stream}", "  bus: {kind: stream, dead_letter: dlq}")
    text += "      - {from: hooks, to: dlq, label: park after 5 tries, async: true, wait: 10min}\n"
    b = budget(text)
    parked = b.steps[-1]
    assert parked.error_path and parked.tag not in b.tail
    assert b.end_to_end == budget(BRANCHES).end_to_end


PAGE = """\
title: Page
components:
  browser: {kind: browser}
  cdn: {kind: cdn, hit_ratio: 0.9}
  bucket: {kind: object_storage}
  api: {kind: service}
flows:
  page:
    steps:
      - browser -> api: GET /listing
      - {from: browser, to: cdn, label: GET photos, parallel: true}
      - {from: cdn, to: bucket, label: fetch on a miss, on_miss: cdn}
"""


def test_parallel_calls_are_waited_for_together_and_a_cdn_miss_goes_to_the_region():
    b = budget(PAGE)
    api, cdn, miss = b.steps
    assert miss.hop == "edge PoP ↔ region" and miss.probability == pytest.approx(0.1)
    # The later of two independent calls: slower than either one's median, far faster than both in turn.
    assert max(api.call_p50, cdn.call_p50) < b.response.p50 < api.call_p50 + cdn.call_p50


def test_a_step_only_misses_take_is_left_out_of_the_median_but_not_the_tail():
    b = budget(PAGE)
    cdn = b.steps[1]
    without_miss = budget(PAGE.replace("      - {from: cdn, to: bucket, label: fetch on a miss, on_miss: cdn}\n", ""))
    assert cdn.call_p50 == pytest.approx(without_miss.steps[1].call_p50, rel=0.01)
    assert cdn.call_p99 > without_miss.steps[1].call_p99


def test_every_non_client_kind_has_a_typical_latency():
    assert {k for k, kind in KINDS.items() if kind.role != Role.CLIENT} <= set(WORK_BY_KIND)
