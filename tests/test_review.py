"""Every review rule has a spec that triggers it and one that does not."""

from __future__ import annotations

import pytest

from archgen.analyse import analyse
from archgen.analyse.review import RULE_IDS
from archgen.errors import InputError
from archgen.load import load_text
from archgen.spec import REVIEW_RULE_IDS
from archgen.validate import validate
from tests.conftest import FLEET

BASE = """\
title: Review case
load:
  users: 1M
  actions:
    write: {type: write, per_user_per_day: 1, size: 1KB}
    read: {type: read, per_user_per_day: 5, size: 1KB}
components:
  client: {kind: browser}
  lb: {kind: load_balancer, replicas: 2, rate_limit: 10 req/s}
  api: {kind: service, replicas: 2}
  db: {kind: sql_database, replicas: 2}
flows:
  save:
    driven_by: write
    steps:
      - client -> lb: POST /things
      - lb -> api: route
      - api -> db: insert row
  show:
    driven_by: read
    steps:
      - client -> lb: GET /things
      - lb -> api: route
      - api -> db: select row
interfaces:
  internal:
    - {caller: lb, callee: api, mechanism: HTTP}
    - {caller: api, callee: db, mechanism: SQL}
"""


def findings(text: str, rule: str) -> list:
    spec, _ = validate(load_text(text, "s.yaml"))
    return [f for f in analyse("s", spec).findings if f.rule == rule and not f.silenced]


def test_base_spec_is_clean():
    spec, _ = validate(load_text(BASE, "s.yaml"))
    assert analyse("s", spec).findings == []


RELAY = "    - {caller: api, callee: api2, mechanism: gRPC}\n"
CASES = {
    "spof": BASE.replace("lb: {kind: load_balancer, replicas: 2,", "lb: {kind: load_balancer,"),
    "over-capacity": BASE.replace("api: {kind: service, replicas: 2}",
                                  "api: {kind: service, replicas: 2, capacity: {requests: 10/s}}"),
    "thin-headroom": BASE.replace("api: {kind: service, replicas: 2}",
                                  "api: {kind: service, replicas: 2, capacity: {requests: 200/s}}"),
    "storage-per-node": BASE + "storage:\n  models:\n    Thing: {store: db, fields: {id: int}, primary_key: id,"
                               " count: 10B, record_size: 1KB}\n",
    "over-latency-budget": BASE.replace("  show:\n", "  show:\n    latency_target: p99 10ms\n"),
    "below-availability-target": BASE.replace("  show:\n", "  show:\n    availability_target: 99.999%\n"),
    "untraced-load": BASE.replace("    driven_by: read\n", ""),
    "no-cache-on-read": BASE.replace("per_user_per_day: 5", "per_user_per_day: 50"),
    "no-dlq": BASE.replace("  db: {kind",
                           "  jobs: {kind: queue}\n  worker: {kind: worker, replicas: 2}\n  db: {kind").replace(
        "      - api -> db: insert row\n",
        "      - api -> db: insert row\n      - api ~> jobs: enqueue job\n      - jobs ~> worker: consume job\n"
        "      - worker -> db: update row\n") + "    - {caller: api, callee: jobs, mechanism: AMQP}\n"
        "    - {caller: jobs, callee: worker, mechanism: AMQP}\n    - {caller: worker, callee: db, mechanism: SQL}\n",
    "no-cdn": BASE.replace("  db: {kind", "  media: {kind: object_storage, tech: s3}\n  db: {kind").replace(
        "      - api -> db: select row\n", "      - api -> db: select row\n      - api -> media: fetch image\n"
        "      - api -> media: store image\n") + "    - {caller: api, callee: media, mechanism: S3 API}\n",
    "deep-sync-chain": BASE.replace("  show:\n", "  show:\n    latency_target: 1s\n").replace(
        "  db: {kind: sql_database, replicas: 2}", "  db: {kind: sql_database, replicas: 2, region: eu}\n"
        "  api2: {kind: service}").replace("  api: {kind: service, replicas: 2}",
                                          "  api: {kind: service, replicas: 2, region: us}"),
    "unsharded-writes": BASE.replace("per_user_per_day: 1, size", "per_user_per_day: 1000, size"),
    "no-rate-limit": BASE.replace(", rate_limit: 10 req/s", ""),
    "unreachable": BASE.replace("  db: {kind", "  spare: {kind: service}\n  db: {kind"),
    "write-only-store": BASE.replace("      - api -> db: select row\n", "      - api -> api2: relay\n").replace(
        "  db: {kind", "  api2: {kind: service, replicas: 2}\n  db: {kind") + RELAY,
    "read-only-store": BASE.replace("      - api -> db: insert row\n", "      - api -> api2: relay\n").replace(
        "  db: {kind", "  api2: {kind: service, replicas: 2}\n  db: {kind") + RELAY,
    "undocumented-hop": BASE.replace("    - {caller: api, callee: db, mechanism: SQL}\n", ""),
}


def test_every_rule_has_a_case():
    assert sorted(CASES) == sorted(RULE_IDS)


def test_the_spec_language_knows_every_rule_a_silence_may_name():
    assert list(REVIEW_RULE_IDS) == RULE_IDS


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_triggers_on_its_case_and_not_on_the_base(rule):
    assert findings(BASE, rule) == []
    triggered = findings(CASES[rule], rule)
    assert triggered, f"{rule} did not trigger"
    assert all(f.message and f.why and f.severity in ("low", "medium", "high") for f in triggered)


def test_deep_chain_counts_hops():
    steps = "".join(f"      - s{i} -> s{i + 1}: call\n" for i in range(8))
    comps = "".join(f"  s{i}: {{kind: service}}\n" for i in range(9))
    text = f"title: Deep\ncomponents:\n{comps}flows:\n  chain:\n    latency_target: 1s\n    steps:\n{steps}"
    assert [f.subject for f in findings(text, "deep-sync-chain")] == ["chain"]


def test_a_component_can_silence_a_rule_with_a_reason_shown_in_findings():
    silenced = "lb: {kind: load_balancer, silence: {spof: managed multi-AZ},"
    text = CASES["spof"].replace("lb: {kind: load_balancer,", silenced)
    spec, _ = validate(load_text(text, "s.yaml"))
    (finding,) = [f for f in analyse("s", spec).findings if f.rule == "spof"]
    assert finding.silenced == "managed multi-AZ"


def test_silencing_an_unknown_rule_is_an_input_error_with_a_suggestion():
    text = BASE.replace("api: {kind: service, replicas: 2}", "api: {kind: service, silence: {spoff: because}}")
    with pytest.raises(InputError, match="did you mean `spof`"):
        validate(load_text(text, "s.yaml"))


def test_a_silence_that_matches_nothing_is_reported_as_unused():
    text = BASE.replace("api: {kind: service, replicas: 2}",
                        "api: {kind: service, replicas: 2, silence: {spof: not needed}}")
    assert [f.subject for f in findings(text, "unused-silence")] == ["api"]
    assert findings(BASE, "unused-silence") == []


def test_one_service_calling_several_stores_is_not_a_deep_chain():
    comps = "".join(f"  s{i}: {{kind: cache}}\n" for i in range(8))
    steps = "".join(f"      - api -> s{i}: read\n" for i in range(8))
    text = (f"title: Fan\ncomponents:\n  api: {{kind: service}}\n{comps}"
            f"flows:\n  f:\n    latency_target: 1s\n    steps:\n{steps}")
    assert findings(text, "deep-sync-chain") == []




def test_a_fleet_at_87_percent_of_capacity_is_flagged_and_at_60_percent_is_not():
    (busy,) = findings(FLEET.replace("PEAK", "8.7K"), "thin-headroom")
    assert "87% busy at peak" in busy.message and busy.subjects == ["api"]
    assert findings(FLEET.replace("PEAK", "6K"), "thin-headroom") == []
    assert findings(FLEET.replace("PEAK", "6K"), "over-capacity") == []
    (over,) = findings(FLEET.replace("PEAK", "12K"), "over-capacity")
    assert "120%" in over.message


def test_losing_a_zone_counts_against_headroom():
    zoned = FLEET.replace("PEAK", "6K").replace("replicas: 10,", "replicas: 10, zones: 2,")
    (thin,) = findings(zoned, "thin-headroom")
    assert "after losing a zone" in thin.message and "120%" in thin.message


def test_findings_of_one_rule_are_grouped_into_one_listing_every_subject():
    text = BASE.replace("    - {caller: lb, callee: api, mechanism: HTTP}\n", "").replace(
        "    - {caller: api, callee: db, mechanism: SQL}\n", "    - {caller: client, callee: lb, mechanism: HTTPS}\n")
    (grouped,) = findings(text, "undocumented-hop")
    assert grouped.subjects == ["lb", "api"] and len(grouped.details) == 2
    assert grouped.message.startswith("2 flow steps have no entry")
    silenced = text.replace("api: {kind: service, replicas: 2}",
                            "api: {kind: service, replicas: 2, silence: {undocumented-hop: plain SQL}}")
    (remaining,) = findings(silenced, "undocumented-hop")
    assert remaining.subjects == ["lb"]


SQL_REGISTRY = BASE.replace("per_user_per_day: 1, size", "per_user_per_day: 1000, size").replace(
    "  db: {kind: sql_database, replicas: 2}", "  db: {kind: sql_database, replicas: 2}\n"
    "  blobs: {kind: key_value_store, tech: aerospike, replicas: 12}").replace(
    "      - api -> db: insert row\n", "      - api -> blobs: put value\n") + (
    "    - {caller: api, callee: blobs, mechanism: Aerospike client}\n")


def test_unsharded_writes_are_judged_by_the_store_that_receives_them():
    assert findings(SQL_REGISTRY, "unsharded-writes") == [], "the writes go to the key-value store"
    with_text = CASES["unsharded-writes"] + "storage:\n  scaling: {sharding: shard by tenant some day}\n"
    assert findings(with_text, "unsharded-writes"), "text about sharding does not add a primary"


def test_a_cdn_is_asked_for_only_when_browsers_or_phones_read_the_objects():
    job = CASES["no-cdn"].replace("client: {kind: browser}", "client: {kind: batch_processor, replicas: 2}")
    assert findings(job, "no-cdn") == []


DLQ = BASE.replace("  db: {kind", "  jobs: {kind: queue, dead_letter: parked, replicas: 2}\n  parked: {kind: queue,"
                   " replicas: 2}\n  worker: {kind: worker, replicas: 2}\n  db: {kind").replace(
    "      - api -> db: insert row\n", "      - api -> db: insert row\n      - api ~> jobs: enqueue job\n"
    "      - jobs ~> worker: consume job\n      - worker -> db: update row\n") + (
    "    - {caller: api, callee: jobs, mechanism: AMQP}\n    - {caller: jobs, callee: worker, mechanism: AMQP}\n"
    "    - {caller: worker, callee: db, mechanism: SQL}\n")


def test_a_dead_letter_queue_needs_no_dead_letter_queue_and_counts_as_reached():
    assert findings(DLQ, "unreachable") == []
    replayed = DLQ.replace("      - worker -> db: update row\n", "      - worker -> db: update row\n"
                           "      - worker ~> parked: park after 5 tries\n      - parked ~> worker: replay\n")
    assert findings(replayed, "no-dlq") == []
    parked_only = DLQ.replace("      - worker -> db: update row\n", "      - worker -> db: update row\n"
                              "      - worker ~> parked: park after 5 tries\n")
    assert findings(parked_only, "write-only-store") == []


def test_single_instance_workers_streams_and_stores_on_user_facing_flows_are_flagged():
    text = CASES["no-dlq"].replace("worker: {kind: worker, replicas: 2}", "worker: {kind: worker}")
    assert [f.subjects for f in findings(text, "spof")] == [["jobs", "worker"]]
    managed = text.replace("jobs: {kind: queue}", "jobs: {kind: queue, tech: sqs}").replace(
        "worker: {kind: worker}", "worker: {kind: worker, replicas: 3}")
    assert findings(managed, "spof") == [], "a managed queue has no instance of ours to lose"
