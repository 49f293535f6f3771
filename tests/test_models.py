"""Load through the architecture, capacity, storage per store, caches and availability: hand-worked cases."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archgen.analyse import analyse
from archgen.load import load_text
from archgen.validate import validate


def analysed(text: str):
    spec, _ = validate(load_text(text, "s.yaml"))
    return analyse("s", spec)


READS = """\
title: Reads
load:
  users: 8.64M
  peak_factor: 2
  actions:
    view: {type: read, per_user_per_day: 10, size: 2KB}
components:
  web: {kind: browser}
  api: {kind: service, replicas: 4}
  cache: {kind: cache, tech: redis, hit_ratio: 0.95, replicas: 2}
  db: {kind: sql_database, replicas: 3}
  fan: {kind: service, replicas: 2}
flows:
  view:
    driven_by: view
    steps:
      - web -> api: GET /item
      - api -> cache: look up
      - {api -> db: read on a miss, on_miss: cache}
      - {api -> fan: notify followers, calls: 2}
      - {fan -> db: store a row per follower, fan_out: 10}
"""


def test_load_reaches_each_component_through_the_multipliers():
    # 8.64M users × 10 a day ÷ 86,400 s = 1,000/s, peak ×2. Misses: 5%. fan: 2 calls; db writes: 2 × 10.
    components = analysed(READS).traffic.components
    assert components["api"].average_rps.value == pytest.approx(1000)
    assert components["api"].peak_rps.value == pytest.approx(2000)
    assert components["cache"].average_rps.value == pytest.approx(1000)
    assert components["fan"].average_rps.value == pytest.approx(2000)
    assert components["db"].peak_reads == pytest.approx(2000 * 0.05)
    assert components["db"].peak_writes == pytest.approx(2000 * 20)
    assert "A3 100/s" in components["db"].peak_rps.formula


def test_bandwidth_uses_the_driving_actions_size_unless_a_step_gives_one():
    text = READS.replace("      - web -> api: GET /item\n", "      - {web -> api: GET /item, size: 500B}\n")
    components = analysed(text).traffic.components
    assert components["api"].bandwidth.value == pytest.approx(2000 * 500)
    assert components["cache"].bandwidth.value == pytest.approx(2000 * 2000)


def test_a_step_counted_elsewhere_adds_no_load():
    text = READS.replace("      - api -> cache: look up\n", "      - {api -> cache: look up, counted: false}\n")
    assert "cache" not in analysed(text).traffic.components


def test_a_flow_takes_its_share_of_the_driving_actions():
    text = READS.replace("    driven_by: view\n", "    driven_by: view\n    share: 0.25\n")
    assert analysed(text).traffic.components["api"].average_rps.value == pytest.approx(250)


def test_long_lived_sockets_follow_littles_law():
    # 2K new sockets/s at peak, each open 30 minutes: 2,000 × 1,800 s = 3.6M held at once by lb and gateway.
    text = """\
title: Sockets
load:
  actions:
    connect: {type: read, per_second: 1K, peak_per_second: 2K, size: 1KB, connection_duration: 30min}
components:
  phone: {kind: mobile}
  lb: {kind: load_balancer, replicas: 10}
  gateway: {kind: service, replicas: 40, zones: 4}
  registry: {kind: cache}
flows:
  connect:
    driven_by: connect
    steps:
      - phone -> lb: open a WebSocket
      - lb -> gateway: pass through
      - gateway -> registry: register the device
"""
    result = analysed(text)
    loads = result.traffic.components
    assert loads["lb"].connections.value == pytest.approx(3.6e6)
    assert loads["gateway"].connections.value == pytest.approx(3.6e6)
    assert loads["registry"].connections is None
    sockets = result.capacities["gateway"].dimension("connections")
    assert sockets.utilization.value == pytest.approx(3.6e6 / (40 * 100e3))
    assert sockets.after_instance_loss.value == pytest.approx(3.6e6 / (39 * 100e3))
    assert sockets.after_zone_loss.value == pytest.approx(3.6e6 / (30 * 100e3))


def test_writes_count_once_per_copy_and_managed_components_have_nothing_to_size():
    text = READS.replace("db: {kind: sql_database, replicas: 3}", "db: {kind: nosql_database, replicas: 30}")
    result = analysed(text)
    writes = result.capacities["db"].dimension("writes")
    assert writes.load == pytest.approx(40_000 * 3)
    assert writes.utilization.value == pytest.approx(120_000 / (30 * 15_000))
    managed = analysed(READS.replace("db: {kind: sql_database, replicas: 3}", "db: {kind: key_value_store,"
                                     " tech: dynamodb}"))
    assert managed.capacities["db"].dimensions == [] and "DynamoDB" in managed.capacities["db"].managed


STORES = """\
title: Two stores
load:
  total_users: 10M
  replication: 3
  actions:
    upload: {type: write, per_day: 1M, size: 1MB}
    post: {type: write, per_day: 1M, size: 1KB}
components:
  app: {kind: mobile}
  bucket: {kind: object_storage, tech: s3}
  rows: {kind: nosql_database, tech: cassandra, replicas: 6}
  accounts: {kind: sql_database, tech: postgres, replicas: 2}
flows:
  upload:
    driven_by: [upload, post]
    steps:
      - app -> bucket: PUT blob
      - app -> rows: insert row
storage:
  models:
    Blob: {store: bucket, fields: {key: text}, primary_key: key, written_by: upload, record_size: 1MB,
           retention: 30d}
    Row: {store: rows, fields: {id: uuid}, primary_key: id, written_by: post, record_size: 1KB, retention: 1y}
    Account: {store: accounts, fields: {id: uuid}, primary_key: id, count: total_users, record_size: 2KB}
"""


def test_two_stores_with_different_retention_and_replication():
    stores = {s.store: s for s in analysed(STORES).stores}
    # Blobs: 1M/day × 30 d × 1 MB = 30 TB; S3's copies are its own, so counted once.
    blob = stores["bucket"]
    assert blob.total.value == pytest.approx(30e12)
    assert blob.entities[0].copies == 1 and "S3" in blob.note and blob.per_node is None
    # Rows: 1M/day × 365 d × 1 KB × 3 copies = 1.095 TB over 6 nodes = 182.5 GB each.
    rows = stores["rows"]
    assert rows.total.value == pytest.approx(1e6 * 365 * 1e3 * 3)
    assert rows.per_node.value == pytest.approx(1e6 * 365 * 1e3 * 3 / 6)
    assert rows.entities[0].per_day.value == pytest.approx(1e9)
    # Accounts: overwritten in place: 10M × 2 KB, 3 copies wanted but only 2 nodes to hold them.
    accounts = stores["accounts"]
    assert accounts.entities[0].growth == "overwrite" and accounts.entities[0].copies == 2
    assert accounts.total.value == pytest.approx(10e6 * 2e3 * 2)
    assert "capped" in accounts.entities[0].copies_note


def test_a_business_day_calendar_spreads_load_over_open_hours_and_stores_trading_days():
    text = STORES.replace("stores\nload:\n", "stores\nload:\n  calendar: {days_per_year: 252, hours_per_day: 6.5}\n")
    result = analysed(text)
    post = next(a for a in result.estimates.actions if a.name == "post")
    assert post.average_rps == pytest.approx(1e6 / (6.5 * 3600))
    rows = next(s for s in result.stores if s.store == "rows")
    assert rows.total.value == pytest.approx(1e6 * 252 * 1e3 * 3)
    assert result.estimates.figure("storage_per_year").value == pytest.approx(252 * (1e12 + 1e9))


def test_cache_working_set_is_items_times_size_times_hot_share():
    text = READS.replace("hit_ratio: 0.95, replicas: 2}",
                         "hit_ratio: 0.95, replicas: 4, replication: 2,\n"
                         "          working_set: {items: 100M, item_size: 1KB, hot_share: 0.2}}")
    result = analysed(text)
    (cache,) = result.caches
    assert cache.working_set.value == pytest.approx(20e9)
    assert cache.per_node.value == pytest.approx(20e9 * 2 / 4)
    assert cache.hit_ratio == 0.95
    assert result.estimates.figure("cache_memory") is None, "the read-volume stand-in gives way"


SERIAL = """\
title: Serial
requirements:
  non_functional: ["Availability 99.95% for reads"]
components:
  web: {kind: browser}
  lb: {kind: load_balancer, tech: alb}
  api: {kind: service, replicas: 3}
  cache: {kind: cache, hit_ratio: 0.9, replicas: 2}
  db: {kind: sql_database, tech: postgres, replicas: 2}
flows:
  read:
    steps:
      - web -> lb: GET /item
      - lb -> api: route
      - api -> cache: look up
      - {api -> db: read on a miss, on_miss: cache}
"""


def test_availability_of_a_serial_path_is_the_product_of_its_components():
    result = analysed(SERIAL)
    lb = 0.9999  # ALB's SLA
    api = 0.9999 * (1 - 0.005 ** 3)  # stateless ceiling × (1 − (1 − 99.5%)³)
    cache = 0.9999 * (1 - 0.005 ** 2)
    db = 0.9995 * (1 - 0.005 ** 2)  # single-primary SQL ceiling
    expected = lb * api * cache * (1 - 0.1 * (1 - db))  # the store is needed by the 10% that miss
    (flow,) = result.flow_availability
    assert flow.value.value == pytest.approx(expected)
    assert flow.path == ["lb", "api", "cache", "db"]
    assert flow.target == pytest.approx(0.9995) and flow.meets is True
    assert "Availability 99.95% for reads" in flow.target_source


def test_a_flow_target_overrides_the_requirement():
    text = SERIAL.replace("  read:\n", "  read:\n    availability_target: 99.99%\n")
    (flow,) = analysed(text).flow_availability
    assert flow.target == pytest.approx(0.9999) and flow.meets is False


RELAYED = """\
title: Relayed
requirements:
  non_functional: ["Availability 99.99% for editing"]
components:
  web: {kind: browser}
  lb: {kind: load_balancer, tech: alb}
  relay: {kind: service, replicas: 3}
  events: {kind: queue, tech: sqs}
  indexer: {kind: worker, replicas: 2}
  bus: {kind: pubsub, tech: nats, replicas: 3}
  fanout: {kind: service, replicas: 3}
  archive: {kind: object_storage, tech: s3}
flows:
  cursor:
    steps:
      - web ~> lb: cursor frame
      - lb ~> relay: same socket
      - relay ~> events: log it
      - events ~> indexer: index later
      - relay ~> bus: publish to the room
      - {bus ~> fanout: each subscriber node, share: 0.01}
      - fanout ~> archive: keep a copy
      - fanout ~> lb: to the peers
      - lb ~> web: push
  ingest:
    steps:
      - relay ~> events: batch
      - events ~> indexer: index later
"""


def test_a_flow_of_only_async_steps_is_judged_on_its_way_to_the_receiving_clients():
    result = analysed(RELAYED)
    cursor, ingest = result.flow_availability
    # The queue is listed first but the frame's way to the peers goes on; an at-most-once broker (Core NATS)
    # keeps nothing, so the fan-out behind it counts, in full although the step carries 1% of the rate;
    # the SQS log and the archive copy lead to no client.
    assert cursor.path == ["lb", "relay", "bus", "fanout"]
    assert cursor.value.value == pytest.approx(math.prod(result.availability[c].value for c in cursor.path))
    assert cursor.value.formula.startswith("every step async, delivered through: lb")
    assert cursor.meets is False  # not "100%, no path": four hops in series miss 99.99%
    # A flow that reaches no client keeps what it reaches, up to the broker that keeps its messages.
    assert ingest.path == ["relay", "events"]

def test_servers_at_peak_count_only_what_reaches_a_service():
    text = READS.replace("load:\n", "load:\n  per_server_rps: 500\n")
    servers = analysed(text).estimates.figure("servers")
    assert servers.value == 4 + 8  # api 2,000/s ÷ 500; fan 4,000/s ÷ 500
    assert "api ⌈2K/s ÷ 500/s⌉" in servers.formula


def test_figures_that_cannot_be_computed_are_absent_not_zero():
    text = READS.replace("    driven_by: view\n", "")
    result = analysed(text)
    assert result.traffic.components == {} and result.capacities == {}
    assert result.components["api"].load is None and result.components["api"].capacity is None
    (flow,) = result.flows
    assert flow.average_rps is None and flow.peak_rps is None


def test_the_analysis_dumps_to_json():
    import json

    dumped = json.loads(json.dumps(analysed(READS).model_dump(mode="json")))
    panel = dumped["components"]["db"]
    assert {"load", "capacity", "storage", "availability", "findings", "work_p50", "work_p99"} <= set(panel)


KINDS = ["service", "cache", "sql_database", "stream", "worker", "object_storage", "external"]
step_strategy = st.tuples(st.integers(0, 6), st.integers(0, 6), st.booleans(), st.booleans(),
                          st.sampled_from([1, 2.5, 10]), st.sampled_from([1, 0.3]), st.sampled_from([1, 3]))


@settings(max_examples=60, deadline=None)
@given(st.lists(step_strategy, min_size=1, max_size=9), st.sampled_from(["1K", "50K"]))
def test_any_flow_analyses_to_consistent_figures(steps, rate):
    components = "".join(f"  c{i}: {{kind: {kind}, replicas: 3}}\n" for i, kind in enumerate(KINDS))
    lines = ["      - {from: web, to: c0, label: start}"]
    for source, target, is_async, parallel, fan_out, share, calls in steps:
        if source == target:
            continue
        lines.append(f"      - {{from: c{source}, to: c{target}, label: call, async: {str(is_async).lower()},"
                     f" parallel: {str(parallel).lower()}, fan_out: {fan_out}, share: {share}, calls: {calls}}}")
    text = (f"title: Random\nload:\n  actions:\n    go: {{type: read, per_second: {rate}, size: 1KB}}\n"
            f"components:\n  web: {{kind: browser}}\n{components}flows:\n  f:\n    driven_by: go\n"
            "    latency_target: p99 1s\n    steps:\n" + "\n".join(lines) + "\n")
    result = analysed(text)
    (budget,) = result.budgets
    for times in (budget.response, budget.end_to_end):
        known = [t for t in (times.p50, times.p90, times.p99, times.p99_9) if t is not None]
        assert known == sorted(known) and all(t >= 0 for t in known)
    assert all(load.peak_rps.value >= load.average_rps.value >= 0 for load in result.traffic.components.values())
    assert all(d.utilization.value >= 0 for c in result.capacities.values() for d in c.dimensions)
    (flow,) = result.flow_availability
    assert 0 < flow.value.value <= 1
