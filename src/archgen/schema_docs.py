"""What the JSON Schema adds for editors: a description on every field, kinds and techs to complete,
and patterns for counts, sizes and durations, so a typo shows while typing rather than at render time.

Descriptions live here, by model and field, rather than on every pydantic Field: spec.py stays a
readable language definition, and a test fails when a field has no description here or there.
"""

from __future__ import annotations

from typing import Any

from archgen.catalog import _KIND_ALIASES, KINDS, TECHS

MODEL_FIELDS: dict[str, dict[str, str]] = {
    "Spec": {
        "title": "the design's name: the diagram's and write-up's title", "summary": "one paragraph; the gallery "
        "shows its first sentence", "category": "gallery grouping: social, communication, media, search, storage, "
        "infrastructure, financial, marketplace, gaming", "tags": "free-form labels for the gallery",
        "layout": "how the diagrams are laid out", "requirements": "what the system must do, and how well",
        "load": "traffic and data figures the estimates are computed from", "components": "component id -> "
        "component; ids use letters, digits, `-` and `_`, starting with a letter", "groups": "tier id -> tier; "
        "components name their tier with `group`", "flows": "flow id -> a numbered path through the components",
        "interfaces": "external APIs and internal interfaces", "storage": "data models and how the data scales",
        "bottlenecks": "what limits the design first, and how it is mitigated", "tradeoffs": "decisions with the "
        "alternatives not chosen", "failure_modes": "what fails, its impact and the mitigation",
    },
    "Requirements": {"functional": "what the system does", "non_functional": "how well: latency, availability, "
                     "durability, with figures", "out_of_scope": "what this design leaves out",
                     "assumptions": "what the design takes as given"},
    "Action": {"type": "`read` or `write`", "per_user_per_day": "how often one daily user does it",
               "per_day": "how often it happens in total, per day (instead of per_user_per_day)",
               "size": "bytes moved per request", "stored_size": "bytes stored per write, when it differs from `size`",
               "peak_factor": "this action's peak ÷ average, when it differs from the load's",
               "replication": "copies kept of what it stores, when it differs from the load's",
               "retention": "how long what it stores is kept, when it differs from the load's",
               "description": "what the action is"},
    "Load": {"users": "daily active users", "peak_factor": "peak ÷ average traffic (default 3)",
             "replication": "copies of stored data (default 3)", "retention": "how long data is kept (default 5y)",
             "cache_hot_fraction": "share of reads worth caching (default 0.2, the 80/20 rule)",
             "per_server_rps": "requests per second one server handles, to size the fleet",
             "actions": "action name -> a user action and its rate", "notes": "anything the figures assume"},
    "Component": {
        "kind": "a generic kind (`archgen kinds`); forgiving spelling: `Load Balancer`, `load-balancer`, `lb`",
        "tech": "the product or language; a known one draws its logo, any other text is shown as written",
        "label": "the name on the diagram (default: the id)", "description": "what it is responsible for",
        "group": "the id of the tier it sits in", "replicas": "instance count, shown as ×N; used by the review",
        "icon": "a PNG or JPEG next to the spec, for anything the catalogue lacks",
        "region": "where it runs; a synchronous step between regions costs ~150 ms",
        "rate_limit": "the rate limit on a public entry point", "dead_letter": "for queues and streams: the "
        "component id of its dead-letter queue", "retry": "for queues and streams: the retry policy",
        "latency": "its typical work time, overriding the kind's", "silence": "review rule id -> why the finding "
        "is accepted for this component"},
    "Group": {"label": "the tier's title on the diagram", "parent": "the id of the tier it nests in",
              "description": "what the tier is for"},
    "Flow": {"title": "the flow in a few words", "description": "a sentence on what the flow achieves",
             "type": "`read` or `write`, when the title does not make it obvious",
             "latency_target": "the latency this flow must meet", "target_covers": "`response` (the synchronous "
             "steps before the first async one) or `end_to_end`", "silence": "review rule id -> why the finding "
             "is accepted for this flow", "steps": "`from -> to: label` (sync) or `from ~> to: label` (async), "
             "in order"},
    "ExternalApi": {"method": "an HTTP verb, or the protocol (WS, SSE, GRPC, …)", "path": "the endpoint",
                    "purpose": "what it is for", "auth": "how callers authenticate", "request": "a request sketch",
                    "response": "a response sketch", "pagination": "how results are paged",
                    "rate_limit": "its rate limit", "served_by": "the component id that serves it"},
    "InternalInterface": {"caller": "the calling component's id", "callee": "the called component's id",
                          "mechanism": "gRPC, a queue, HTTP, …", "description": "what passes between them"},
    "Interfaces": {"external": "the APIs clients call", "internal": "how components talk to each other"},
    "Entity": {"store": "the component id that stores it", "fields": "field name -> type",
               "primary_key": "field(s) identifying a row", "partition_key": "field(s) the data is sharded by",
               "clustering_key": "field(s) rows are sorted by within a partition", "indexes": "secondary indexes",
               "why": "why this model and store"},
    "Scaling": {"sharding": "how the data is split", "replication": "how it is copied",
                "caching": "what is cached where", "archival": "what moves to cold storage, and when"},
    "Storage": {"models": "entity name -> data model", "scaling": "how the data scales"},
    "Bottleneck": {"issue": "what limits the design", "mitigation": "how it is relieved",
                   "components": "the components involved"},
    "Tradeoff": {"decision": "what was decided", "chosen": "the option taken", "alternatives": "what was not "
                 "chosen", "why": "why the chosen option wins here"},
    "FailureMode": {"failure": "what fails", "impact": "what users see", "mitigation": "how the design copes",
                    "components": "the components involved"},
    "Layout": {"direction": "LR (default), TB, RL or BT"},
}
STEP_FIELDS = {"from": "the calling component's id", "to": "the called component's id", "label": "what the step "
               "does", "async": "true: nobody waits for it", "parallel": "true: starts together with the caller's "
               "previous call", "latency": "this step's latency, overriding the estimate"}
COUNT_UNITS = ["", "k", "m", "b", "g", "t"]
SIZE_UNITS = ["", "b", "kb", "mb", "gb", "tb", "pb", "kib", "mib", "gib", "tib", "pib"]
DURATION_UNITS = ["", "ns", "us", "µs", "ms", "s", "min", "m", "h", "d", "w", "mo", "y"]
NUMBER = r"[0-9][0-9,_]*(\.[0-9]+)?([eE][+-]?[0-9]+)?"


def any_case(word: str) -> str:
    """An ECMA-262 pattern for `word` in any letter case (JSON Schema patterns take no flags)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() and c.lower() != c.upper() else c for c in word)


def amount_pattern(units: list[str]) -> str:
    """What units.py parses: a number, optional spaces, a unit in any case."""
    alternatives = "|".join(any_case(unit) for unit in sorted(units, key=lambda unit: (-len(unit), unit)) if unit)
    return rf"^\s*{NUMBER}\s*({alternatives})?\s*$"


def kind_pattern() -> str:
    """Every spelling catalog.find_kind accepts: any case, with `_`, `-` or spaces between words."""
    names = sorted({*KINDS, *_KIND_ALIASES}, key=lambda name: (-len(name), name))
    words = "|".join("[ _-]+".join(any_case(part) for part in name.split("_")) for name in names)
    return rf"^\s*({words})\s*$"


def amount(description: str, units: list[str]) -> dict[str, Any]:
    return {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": amount_pattern(units)}],
            "description": description}


COUNT = amount("a count: 500, 1.5K, 20M, 2B", COUNT_UNITS)
SIZE = amount("a size: 500B, 1KB, 2.5MB, 1GB (decimal), 1KiB (binary)", SIZE_UNITS)
DURATION = amount("a duration: 150us, 200ms, 2s, 5min, 30d, 5y", DURATION_UNITS)
_DURATION_TEXT = amount_pattern(DURATION_UNITS)[1:-1]  # without the anchors, to embed
TARGET: dict[str, Any] = {
    "anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": (
        rf"^\s*(({any_case('p50')}|{any_case('p90')}|{any_case('p95')}|{any_case('p99')}|{any_case('p99.9')}"
        rf"|{any_case('median')})\s*<?\s*)?{_DURATION_TEXT[3:]}$")}],
    "description": "`p99 200ms` (also p50, p90, p95, p99.9), or a bare `200ms` judged at p99"}
LATENCY: dict[str, Any] = {
    "anyOf": [DURATION, {"type": "object", "required": ["p50"], "additionalProperties": False, "properties": {
        "p50": {**DURATION, "description": "typical (median) time"},
        "p99": {**DURATION, "description": "tail time; default: the p50 scaled by the kind's tail ratio"}}}],
    "description": "a duration (its p50), or `{p50, p99}`"}


def describe(schema: dict[str, Any]) -> dict[str, Any]:
    """Add descriptions, kind and tech completion to the schema pydantic generates; returns it."""
    models = {"Spec": schema, **schema.get("$defs", {})}
    for name, fields in MODEL_FIELDS.items():
        properties = models[name]["properties"]
        for field, text in fields.items():
            unit = properties[field].get("description", "")
            properties[field]["description"] = f"{text}; {unit}" if unit.startswith("a ") else text
    component = models["Component"]["properties"]
    component["kind"] |= {"anyOf": [{"enum": sorted(KINDS)}, {"type": "string", "pattern": kind_pattern()}]}
    component["kind"].pop("type", None)
    component["tech"] = {"anyOf": [{"enum": sorted(TECHS)}, {"type": "string", "maxLength": 200}, {"type": "number"}],
                         "description": component["tech"]["description"], "examples": sorted(TECHS)[:20]}
    for step in models["Flow"]["properties"]["steps"]["items"]["anyOf"]:
        properties = step.get("properties", {})
        if "latency" in properties:
            properties["latency"] = dict(LATENCY)
        for field, props in properties.items():
            props["description"] = STEP_FIELDS.get(field) or props.get("description", "")
    return schema
