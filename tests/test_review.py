"""Every review rule has a spec that triggers it and one that does not."""

from __future__ import annotations

import pytest

from archgen.analyse import analyse
from archgen.analyse.review import RULE_IDS
from archgen.errors import InputError
from archgen.load import load_text
from archgen.validate import validate

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
  api: {kind: service}
  db: {kind: sql_database, replicas: 2}
flows:
  save:
    steps:
      - client -> lb: POST /things
      - lb -> api: route
      - api -> db: insert row
  show:
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


CASES = {
    "spof": BASE.replace("lb: {kind: load_balancer, replicas: 2,", "lb: {kind: load_balancer,"),
    "no-cache-on-read": BASE.replace("per_user_per_day: 5", "per_user_per_day: 50"),
    "no-dlq": BASE.replace("  db: {kind", "  jobs: {kind: queue}\n  worker: {kind: worker}\n  db: {kind").replace(
        "      - api -> db: insert row\n",
        "      - api -> db: insert row\n      - api ~> jobs: enqueue job\n      - jobs ~> worker: consume job\n"
        "      - worker -> db: update row\n") + "    - {caller: api, callee: jobs, mechanism: AMQP}\n"
        "    - {caller: jobs, callee: worker, mechanism: AMQP}\n    - {caller: worker, callee: db, mechanism: SQL}\n",
    "no-cdn": BASE.replace("  db: {kind", "  media: {kind: object_storage}\n  db: {kind").replace(
        "      - api -> db: select row\n", "      - api -> db: select row\n      - api -> media: fetch image\n"
        "      - api -> media: store image\n") + "    - {caller: api, callee: media, mechanism: S3 API}\n",
    "deep-sync-chain": BASE.replace("  show:\n", "  show:\n    latency_target: 100ms\n").replace(
        "  db: {kind: sql_database, replicas: 2}", "  db: {kind: sql_database, replicas: 2, region: eu}\n"
        "  api2: {kind: service}").replace("  api: {kind: service}", "  api: {kind: service, region: us}"),
    "unsharded-writes": BASE.replace("per_user_per_day: 1, size", "per_user_per_day: 1000, size"),
    "no-rate-limit": BASE.replace(", rate_limit: 10 req/s", ""),
    "unreachable": BASE.replace("  db: {kind", "  spare: {kind: service}\n  db: {kind"),
    "write-only-store": BASE.replace("      - api -> db: select row\n", "      - api -> api2: relay\n").replace(
        "  db: {kind", "  api2: {kind: service}\n  db: {kind") + "    - {caller: api, callee: api2, mechanism: gRPC}\n",
    "read-only-store": BASE.replace("      - api -> db: insert row\n", "      - api -> api2: relay\n").replace(
        "  db: {kind", "  api2: {kind: service}\n  db: {kind") + "    - {caller: api, callee: api2, mechanism: gRPC}\n",
    "undocumented-hop": BASE.replace("    - {caller: api, callee: db, mechanism: SQL}\n", ""),
}


def test_every_rule_has_a_case():
    assert sorted(CASES) == sorted(RULE_IDS)


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
    text = BASE.replace("api: {kind: service}", "api: {kind: service, silence: {spoff: because}}")
    with pytest.raises(InputError, match="did you mean `spof`"):
        validate(load_text(text, "s.yaml"))


def test_a_silence_that_matches_nothing_is_reported_as_unused():
    text = BASE.replace("api: {kind: service}", "api: {kind: service, silence: {spof: not needed}}")
    assert [f.subject for f in findings(text, "unused-silence")] == ["api"]
    assert findings(BASE, "unused-silence") == []


def test_one_service_calling_several_stores_is_not_a_deep_chain():
    comps = "".join(f"  s{i}: {{kind: cache}}\n" for i in range(8))
    steps = "".join(f"      - api -> s{i}: read\n" for i in range(8))
    text = (f"title: Fan\ncomponents:\n  api: {{kind: service}}\n{comps}"
            f"flows:\n  f:\n    latency_target: 1s\n    steps:\n{steps}")
    assert findings(text, "deep-sync-chain") == []
