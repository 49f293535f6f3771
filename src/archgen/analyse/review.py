"""Design review: small rules drawn from the rules of thumb and the computed models, in one registry.

A rule yields hits: a subject (a component or flow id, which a spec can silence for that rule with
`silence: {rule-id: reason}`) and a message. Open hits of one rule are grouped into one finding that
lists its subjects, so a repeated problem reads once. Adding a rule = one function, one entry.
"""

from __future__ import annotations

from archgen.analyse import rules_design as design
from archgen.analyse import rules_load as numbers
from archgen.analyse.model import Frozen, Model
from archgen.analyse.review_context import Context, Hit, Rule

SEVERITIES = ("low", "medium", "high")
UNUSED_SILENCE = "unused-silence"


class Finding(Frozen):
    rule: str
    severity: str
    subject: str  # the first subject; every subject is in `subjects`
    subjects: list[str]
    message: str
    details: list[str]  # one message per subject
    why: str
    silenced: str | None = None


RULES: list[Rule] = [
    Rule("spof", "high", "Single point of failure",
         "Every request on the flow passes through it; one crash or deploy takes the flow down. Run two or more"
         " instances (or a managed multi-zone service) with health-checked failover.",
         design.single_points_of_failure, "{count} components run as a single instance on user-facing flows:"
                                          " {items}"),
    Rule("over-capacity", "high", "Over capacity at peak",
         "Past 100% the queue in front of it grows without bound: latency climbs until requests time out. Add"
         " instances, shard, or change the component.", numbers.over_capacity,
         "{count} capacities are exceeded at peak: {items}"),
    Rule("unsharded-writes", "high", "Writes beyond one SQL primary",
         "A single SQL primary sustains a few thousand writes per second and replicas do not add write capacity;"
         " beyond that, shard or partition.", design.unsharded_sql_writes),
    Rule("thin-headroom", "medium", "Thin headroom",
         "Above ~70% at peak a spike or a slow dependency tips the fleet over, and queueing delay climbs steeply;"
         " a fleet must also carry the peak after losing an instance or a zone.", numbers.thin_headroom,
         "{count} fleets have thin headroom: {items}"),
    Rule("storage-per-node", "medium", "Too much data per node",
         "A node holding more than a few TB (or a cache past tens of GB) takes hours to rebuild or resync"
         " after a failure, and the cluster runs with less redundancy meanwhile.", numbers.storage_per_node),
    Rule("over-latency-budget", "medium", "Over its latency target",
         "The target is judged at the percentile it states, with queueing at peak utilization: the users at"
         " that percentile wait longer than promised.", numbers.over_latency_budget,
         "{count} flows are over their latency targets: {items}"),
    Rule("below-availability-target", "medium", "Below its availability target",
         "Components a request waits on are in series: their availabilities multiply, so every one must beat"
         " the target. Add redundancy, take a component off the synchronous path, or fail soft around it.",
         numbers.below_availability_target, "{count} flows are below their availability targets: {items}"),
    Rule("no-cache-on-read", "medium", "Read-heavy path without a cache",
         "When reads dominate, a cache (or CDN) in front of the store absorbs most of them and keeps latency low;"
         " without one the database takes the full read load.", design.read_flow_without_cache),
    Rule("no-dlq", "medium", "Consumed queue without a dead-letter queue or retry policy",
         "A message that always fails blocks or is lost; park it in a dead-letter queue after bounded retries.",
         design.queue_without_dead_letter),
    Rule("no-cdn", "medium", "Object storage served without a CDN",
         "Serving media straight from object storage pays full latency and egress on every view; a CDN caches it"
         " near users.", design.object_storage_without_cdn),
    Rule("deep-sync-chain", "medium", "Deep or cross-region synchronous chain",
         "Each synchronous hop adds latency and a failure point; cross-region hops cost ~150 ms each. Make steps"
         " async, collapse hops or keep the path in one region.", design.deep_or_cross_region_chain),
    Rule("no-rate-limit", "medium", "Public entry point without rate limiting",
         "Without limits one client, bot or retry storm can exhaust capacity for everyone.",
         design.entry_without_rate_limit),
    Rule("untraced-load", "low", "Load that reaches no component",
         "Capacity, queueing and storage per store come from the load each flow carries: name the load actions"
         " that drive each flow (`driven_by`), or the figures stay absent.", numbers.untraced_load,
         "{count} flows or actions are not connected to load: {items}"),
    Rule("unreachable", "low", "Component in no flow",
         "A component no flow reaches is either missing from the data flows or not needed.",
         design.unreachable_components, "{count} components appear in no flow: {items}"),
    Rule("write-only-store", "low", "Store nothing reads",
         "Data written and never read is cost without value, or a read path is missing from the flows.",
         design.write_only_stores, "{count} stores are written but never read: {items}"),
    Rule("read-only-store", "low", "Store nothing writes",
         "A store that is read but never written needs a flow showing how its data arrives.",
         design.read_only_stores, "{count} stores are read but never written: {items}"),
    Rule("undocumented-hop", "low", "Flow step missing from the interfaces",
         "Each service-to-service call in a flow should say how it talks (RPC, queue message, SQL ...), or the"
         " diagram and the write-up disagree.", design.undocumented_hops,
         "{count} flow steps have no entry in `interfaces.internal`: {items}"),
]
RULE_IDS = [rule.id for rule in RULES]


def review(context: Context, rules: list[Rule] | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules or RULES:
        hits = list(rule.check(context))
        open_hits = [hit for hit in hits if _silence_reason(context.model, rule.id, hit.subject) is None]
        findings += [_finding(rule, [hit], _silence_reason(context.model, rule.id, hit.subject))
                     for hit in hits if hit not in open_hits]
        if open_hits:
            findings.append(_finding(rule, open_hits, None))
    if rules is None:
        findings += _unused_silences(context.model, findings)
    return sorted(findings, key=lambda f: (-SEVERITIES.index(f.severity), f.rule, f.silenced is not None,
                                           f.subject, f.message))


def _finding(rule: Rule, hits: list[Hit], silenced: str | None) -> Finding:
    if len(hits) == 1:
        message = hits[0].message
    else:
        message = rule.grouped.format(count=len(hits), items="; ".join(hit.item or hit.message for hit in hits))
    return Finding(rule=rule.id, severity=rule.severity, subject=hits[0].subject,
                   subjects=[hit.subject for hit in hits], message=message,
                   details=[hit.message for hit in hits], why=rule.why, silenced=silenced)


def _unused_silences(model: Model, findings: list[Finding]) -> list[Finding]:
    """A silence whose rule finds nothing there has gone stale: say so, so it gets removed."""
    used = {(f.rule, subject) for f in findings for subject in f.subjects}
    owners = [*((cid, c.silence) for cid, c in model.spec.components.items()),
              *((fid, f.silence) for fid, f in model.spec.flows.items())]
    stale = [(owner, rule_id) for owner, silence in owners for rule_id in silence if (rule_id, owner) not in used]
    if not stale:
        return []
    details = [f"`{owner}` silences `{rule_id}`, but that rule finds nothing there; remove the silence"
               for owner, rule_id in stale]
    message = details[0] if len(details) == 1 else f"{len(details)} silences match nothing: " + "; ".join(
        f"`{owner}` silences `{rule_id}`" for owner, rule_id in stale) + "; remove them"
    return [Finding(rule=UNUSED_SILENCE, severity="low", subject=stale[0][0], subjects=[o for o, _ in stale],
                    message=message, details=details,
                    why="A stale silence hides nothing today and would hide a real finding tomorrow.")]


def _silence_reason(model: Model, rule_id: str, subject: str) -> str | None:
    """A flow and a component may share an id: a silence on either one applies."""
    owners = [model.spec.components.get(subject), model.spec.flows.get(subject)]
    return next((owner.silence[rule_id] for owner in owners if owner and rule_id in owner.silence), None)
