"""The spec language: pydantic models of what users write in specs/<name>.yaml."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from archgen import schema_docs
from archgen.spec_sizing import (
    Calendar,
    Capacity,
    EntityCount,
    LatencyField,
    Names,
    Percentage,
    PositiveCount,
    Share,
    TargetField,
    WorkingSetField,
)
from archgen.units import parse_count, parse_duration, parse_size

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$", max_length=64)]
# Control characters (NUL, escape, ...; tab and newline stay) and the non-characters U+FFFE and
# U+FFFF, which XML 1.0 forbids too: none is visible in a design, and any of them makes an SVG
# unreadable. (YAML itself refuses a lone surrogate such as "\ud800", with its position.)
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
MAX_REPLICAS = 1_000_000  # 20× the library's largest fleet (50,000 chat servers)
MAX_FLOWS = 26 + 26 * 26  # flows are lettered A to Z, then AA to ZZ (analyse/model.py, flow_letter)
# The library nests two levels; region > zone > tier is three. Sixteen leaves room for any real
# hierarchy while keeping the diagram builder, which draws one cluster inside another, shallow.
MAX_GROUP_DEPTH = 16


def _visible(text: str) -> str:
    """Drop invisible and XML-forbidden characters: they would only corrupt the diagram."""
    return _INVISIBLE.sub("", text).strip()


def _text_schema(max_length: int) -> WithJsonSchema:
    """Numbers are accepted where text is expected (`response: 204`), so the schema says so."""
    return WithJsonSchema({"anyOf": [{"type": "string", "maxLength": max_length}, {"type": "number"}]})


def _one_or_many_schema(description: str) -> WithJsonSchema:
    return WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                           "description": description})


Text = Annotated[str, StringConstraints(max_length=4000), AfterValidator(_visible), _text_schema(4000)]
Name = Annotated[str, StringConstraints(max_length=200), AfterValidator(_visible), _text_schema(200)]
Count = Annotated[float, BeforeValidator(parse_count), WithJsonSchema(schema_docs.COUNT)]
Size = Annotated[float, BeforeValidator(parse_size), WithJsonSchema(schema_docs.SIZE)]
Duration = Annotated[float, BeforeValidator(parse_duration), WithJsonSchema(schema_docs.DURATION)]
Fraction = Annotated[float, Field(gt=0, le=1)]

_STEP = re.compile(
    r"^\s*(?P<source>\S+?)\s*(?P<arrow>->|~>)\s*(?P<target>[^\s:]+)\s*(?::\s*(?P<label>.*))?$", re.S
)
STEP_HINT = "write a step as `from -> to: label` (or `~>` for async)"


def _no_blank(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


NonBlank = Annotated[Text, AfterValidator(_no_blank)]
Heading = Annotated[Name, AfterValidator(_no_blank)]


class SpecModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True,
                              str_strip_whitespace=True, populate_by_name=True, allow_inf_nan=False)


class Requirements(SpecModel):
    functional: list[Text] = []
    non_functional: list[Text] = []
    out_of_scope: list[Text] = []
    assumptions: list[Text] = []


# The review's rules, by id: the keys a `silence:` may use. Listed here, in the review's order, so
# validation knows them without importing the analysis; a test keeps it equal to the registry
# (archgen/analyse/review.py).
REVIEW_RULE_IDS = (
    "spof", "over-capacity", "unsharded-writes", "thin-headroom", "storage-per-node", "over-latency-budget",
    "below-availability-target", "no-cache-on-read", "no-dlq", "no-cdn", "deep-sync-chain", "no-rate-limit",
    "untraced-load", "unreachable", "write-only-store", "read-only-store", "undocumented-hop",
)


class Action(SpecModel):
    """One user action: how often it happens and how much data it moves."""

    type: Literal["read", "write"]
    per_user_per_day: Count | None = None
    per_day: Count | None = None
    per_second: Count | None = Field(None, description="the average rate, when it is known per second")
    peak_per_second: Count | None = Field(None, description="the peak rate; replaces the peak factor")
    size: Size = 0.0
    stored_size: Size | None = None
    cached: bool = Field(True, description="false for reads a cache never serves (CDN media, pushes)")
    peak_factor: Annotated[float, Field(ge=1, le=100)] | None = None
    replication: Annotated[int, Field(ge=1, le=10)] | None = None
    retention: Duration | None = None
    connection_duration: Duration | None = Field(
        None, description="how long each one holds a connection open; concurrent connections = rate × duration")
    description: Text | None = None

    @model_validator(mode="after")
    def _one_rate(self) -> Action:
        rates = [self.per_user_per_day, self.per_day, self.per_second]
        if sum(rate is not None for rate in rates) != 1:
            raise ValueError("give exactly one of `per_user_per_day`, `per_day` or `per_second`")
        if self.peak_per_second is not None and self.peak_factor is not None:
            raise ValueError("give `peak_per_second` or `peak_factor`, not both")
        return self


class Load(SpecModel):
    users: Count | None = Field(None, description="daily active users")
    total_users: Count | None = Field(None, description="registered accounts, active or not")
    entities: dict[Id, Count] = Field({}, description="counts of things at rest (links, listings, drivers)")
    calendar: Calendar = Field(Calendar(), description="when the load runs: hours a day, days a year")
    zones: Annotated[int, Field(ge=1, le=10)] | None = Field(None, description="zones each fleet spreads over")
    peak_factor: Annotated[float, Field(ge=1, le=100)] = 3.0
    replication: Annotated[int, Field(ge=1, le=10)] = 3
    retention: Duration | None = None
    cache_hot_fraction: Fraction = 0.2
    per_server_rps: Count | None = None
    actions: dict[Id, Action] = {}
    notes: list[Text] = []


def active_seconds_per_day(load: Load) -> float:
    """Seconds a day the load runs: 86,400, or the calendar's hours (a market open 6.5 h)."""
    return load.calendar.hours_per_day * 3600


def requests_per_day(action: Action, load: Load) -> float:
    if action.per_second is not None:
        return action.per_second * active_seconds_per_day(load)
    if action.per_day is not None:
        return action.per_day
    return (action.per_user_per_day or 0.0) * (load.users or 0.0)


class Component(SpecModel):
    kind: str
    tech: Name | None = None
    label: Text | None = None
    description: Text | None = None
    group: Id | None = None
    replicas: Annotated[int, Field(ge=1, le=MAX_REPLICAS)] = 1
    icon: str | None = None
    region: Name | None = None
    rate_limit: Text | None = None
    dead_letter: Id | None = None
    retry: Text | None = None
    latency: LatencyField | None = None
    capacity: Capacity | None = Field(None, description="what one instance sustains, with units (20K/s, 100K, 4TB)")
    # Up to 10,000: a CDN's hundreds of PoPs are its failure domains, a config store may sit on every server.
    zones: Annotated[int, Field(ge=1, le=10_000)] | None = Field(None, description="zones its instances spread over")
    replication: Annotated[int, Field(ge=1, le=10_000)] | None = Field(
        None, description="copies of each item it keeps (stores, streams, caches)")
    hit_ratio: Share | None = Field(None, description="share of lookups a cache or CDN answers itself")
    working_set: WorkingSetField | None = Field(None, description="a cache's working set: a size (`170GB`) or "
                                                "`{items, item_size, hot_share}`")
    availability: Percentage | None = Field(None, description="this component's availability (`99.95%`), overriding "
                                            "its kind's default")
    managed: bool | None = Field(None, description="a provider runs and scales it (S3, DynamoDB, SQS ...)")
    silence: dict[str, Text] = {}


class Group(SpecModel):
    label: Text | None = None
    parent: Id | None = None
    description: Text | None = None


def _is_arrow(key: Any) -> bool:
    return isinstance(key, str) and ("->" in key or "~>" in key)


def _parse_step(value: Any) -> Any:
    """Accept `a -> b: label`, which YAML reads as the mapping {"a -> b": "label"}, or a string; the
    mapping may carry more step fields beside the arrow (`{a -> b: read, on_miss: cache}`)."""
    extra: dict[str, Any] = {}
    if isinstance(value, dict):
        arrows = [key for key in value if _is_arrow(key)]
        if len(arrows) == 1:
            label = value[arrows[0]]
            if isinstance(label, list | dict):
                raise ValueError(f"the label of `{arrows[0]}` is a {'list' if isinstance(label, list) else 'mapping'}"
                                 ", not text; quote it if it holds `[`, `{` or `: `")
            extra = {key: item for key, item in value.items() if key != arrows[0]}
            value = f"{arrows[0]}: {'' if label is None else label}"
    if not isinstance(value, str):
        return value
    match = _STEP.match(value)
    if match is None:
        raise ValueError(f"cannot read step `{value}`; {STEP_HINT}")
    return {"from": match["source"], "to": match["target"], "label": (match["label"] or "").strip(),
            "async": match["arrow"] == "~>", **extra}


class Step(SpecModel):
    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    label: Text = ""
    is_async: bool = Field(False, alias="async")
    parallel: bool = Field(False, description="starts with the caller's previous call instead of after it")
    latency: LatencyField | None = None
    calls: PositiveCount = Field(1.0, description="calls made one after another per request (N per request)")
    fan_out: PositiveCount = Field(1.0, description="calls made at once (to N recipients or shards); waits for"
                                                    " the slowest")
    share: Share = Field(1.0, description="share of the flow's requests that make this step")
    on_miss: Id | None = Field(None, description="a cache or CDN: the step runs only when it misses")
    counted: bool = Field(True, description="false when another flow already counts this step's load")
    wait: Duration | None = Field(None, description="a fixed wait before the step (a timer, a failover)")
    batch_window: Duration | None = Field(None, description="the step waits for a batch window (0 to W)")
    size: Size | None = Field(None, description="payload the step moves (default: the driving actions' size, on the"
                                               " entry chain, stores, queues, caches and async steps)")
    round_trips: Annotated[int, Field(ge=1, le=100)] = Field(1, description="network round trips the hop"
                                                                            " costs (TCP + TLS handshakes)")


_STEP_FIELDS = {name: prop for name, prop in Step.model_json_schema(by_alias=True)["properties"].items()
                if name not in ("from", "to")}
_STEP_SCHEMA = {
    "anyOf": [
        {"type": "string", "description": "`from -> to: label`, or `~>` for an async step"},
        {"type": "object", "minProperties": 1, "patternProperties": {"(->|~>)": {"type": ["string", "null"]}},
         "properties": {k: v for k, v in _STEP_FIELDS.items() if k not in ("label", "async")},
         "additionalProperties": False, "description": "`- from -> to: label`, with more step fields beside it"},
        {"type": "object", "required": ["from", "to"], "additionalProperties": False, "properties": {
            "from": {"type": "string"}, "to": {"type": "string"}, **_STEP_FIELDS}},
    ]
}


class Flow(SpecModel):
    title: Text | None = None
    description: Text | None = None
    narrative: Text | None = Field(None, description="the walk-through you would say aloud: what happens, "
                                                     "step by step, and why each hop is there")
    type: Literal["read", "write"] | None = None
    driven_by: Names = Field([], description="the load action(s) whose requests take this flow")
    share: Share = Field(1.0, description="share of those actions' requests that take this flow")
    latency_target: TargetField | None = None
    target_covers: Literal["response", "end_to_end"] = "response"
    availability_target: Percentage | None = Field(None, description="the availability this flow must meet "
                                                   "(default: the first availability in the requirements)")
    silence: dict[str, Text] = {}
    steps: Annotated[list[Annotated[Step, BeforeValidator(_parse_step), WithJsonSchema(_STEP_SCHEMA)]],
                     Field(min_length=1)]


HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "WS", "SSE", "GRPC",
                     "RTMP", "SRT", "WEBRTC", "SMTP", "FIX", "MQTT", "RESP", "TCP", "UDP"]


class ExternalApi(SpecModel):
    method: Annotated[HttpMethod, BeforeValidator(lambda v: v.upper() if isinstance(v, str) else v)]
    path: Name
    purpose: Text
    auth: Text | None = None
    request: Text | None = None
    response: Text | None = None
    pagination: Text | None = None
    rate_limit: Text | None = None
    served_by: Id | None = None


class InternalInterface(SpecModel):
    caller: Id
    callee: Id
    mechanism: Text
    description: Text | None = None


class Interfaces(SpecModel):
    external: list[ExternalApi] = []
    internal: list[InternalInterface] = []


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


KeyList = Annotated[list[Name], BeforeValidator(_one_or_many), _one_or_many_schema("a field name or a list of them")]


class Entity(SpecModel):
    store: Id
    fields: Annotated[dict[Name, Name], Field(min_length=1)]
    primary_key: KeyList = []
    partition_key: KeyList = []
    clustering_key: KeyList = []
    indexes: list[Text] = []
    why: Text | None = None
    record_size: Size | None = Field(None, description="bytes per stored record, with its indexes")
    growth: Literal["append", "overwrite"] | None = Field(
        None, description="append: new records every day; overwrite: a fixed population updated in place")
    count: EntityCount | None = Field(None, description="how many records: a count, or the name of an entity in "
                                      "`load.entities`")
    written_by: Names = Field([], description="load action(s) whose writes append records")
    per_day: Count | None = Field(None, description="records appended a day, when no action says it")
    retention: Duration | None = Field(None, description="how long appended records are kept")
    replication: Annotated[int, Field(ge=1, le=10_000)] | None = Field(None, description="copies, when not the store's")

    @model_validator(mode="after")
    def _sizing(self) -> Entity:
        growth = self.resolved_growth
        if growth is None:
            return self
        if self.record_size is None:
            raise ValueError("give `record_size` to size this data model")
        if growth == "overwrite" and self.count is None:
            raise ValueError("an overwritten data model needs `count` (how many records exist)")
        if growth == "append" and not self.written_by and self.per_day is None:
            raise ValueError("an appended data model needs `written_by` (load actions) or `per_day`")
        return self

    @property
    def resolved_growth(self) -> str | None:
        if self.growth is not None:
            return self.growth
        if self.count is not None:
            return "overwrite"
        if self.written_by or self.per_day is not None:
            return "append"
        return "append" if self.record_size is not None else None


class Scaling(SpecModel):
    sharding: Text | None = None
    replication: Text | None = None
    caching: Text | None = None
    archival: Text | None = None


class Storage(SpecModel):
    models: dict[Name, Entity] = {}
    scaling: Scaling = Scaling()


ComponentRefs = Annotated[list[Id], BeforeValidator(_one_or_many),
                          _one_or_many_schema("a component id or a list of them")]


class Bottleneck(SpecModel):
    issue: Text
    mitigation: Text
    components: ComponentRefs = []


class Tradeoff(SpecModel):
    decision: Text
    chosen: Text
    alternatives: Annotated[list[Text], BeforeValidator(_one_or_many), _one_or_many_schema("what was not chosen")] = []
    why: Text


class FailureMode(SpecModel):
    failure: Text
    impact: Text | None = None
    mitigation: Text
    components: ComponentRefs = []


class ClarifyingQuestion(SpecModel):
    """A question to ask before designing, and the answer this design takes when it is left open."""

    question: NonBlank = Field(description="what to ask the interviewer")
    assumption: NonBlank = Field(description="the answer this design assumes")


_LINK = re.compile(r"^\s*(?P<source>[A-Za-z][A-Za-z0-9_-]*)\s*(?P<arrow>->|~>)\s*"
                   r"(?P<target>[A-Za-z][A-Za-z0-9_-]*)\s*$")


def _stage_link(value: str) -> str:
    if _LINK.match(value) is None:
        raise ValueError(f"cannot read link `{value}`; write `from -> to` (or `~>` for async)")
    return value


def stage_link(value: str) -> tuple[str, str, bool]:
    """`a ~> b` -> ("a", "b", True)."""
    match = _LINK.match(value)
    assert match is not None, "validated when the spec was read"
    return match["source"], match["target"], match["arrow"] == "~>"


class Stage(SpecModel):
    """One step from the simple first version to the scaled design, drawn from a subset of the components."""

    title: Heading = Field(description="the stage in a few words")
    components: Annotated[ComponentRefs, Field(min_length=1, description="the component ids this stage shows")]
    adds: NonBlank = Field(description="what this stage adds to the previous one (the first: what its few boxes do)")
    why: NonBlank = Field(description="why the previous stage stops being enough")
    numbers: NonBlank = Field(description="the figures that force this step; for the first stage, the scale it serves")
    links: list[Annotated[str, AfterValidator(_stage_link)]] = Field(
        [], description="how this stage's components connect (`a -> b`, `a ~> b` for async); without it the stage "
                        "is joined wherever the full design joins its components, through those it does not show")


class DeepDive(SpecModel):
    """A topic the interviewer is likely to pick, and the trade-off to discuss there."""

    title: Heading = Field(description="the topic in a few words")
    question: Text | None = Field(None, description="how the interviewer is likely to open it")
    answer: Text | None = Field(None, description="what this design does")
    tradeoff: NonBlank = Field(description="what the choice costs, and what the alternative would cost instead")


class HardPart(SpecModel):
    """A hard part of the catalogue entry, with where the design addresses it."""

    part: NonBlank = Field(description="the hard part, as the catalogue entry names it")
    how: NonBlank = Field(description="how the design addresses it")
    components: ComponentRefs = []
    flows: Annotated[list[Id], BeforeValidator(_one_or_many), _one_or_many_schema("a flow id or a list of them")] = []
    tradeoffs: Annotated[list[Text], BeforeValidator(_one_or_many),
                         _one_or_many_schema("a trade-off's `decision`, or a list of them")] = []
    deep_dives: Annotated[list[Id], BeforeValidator(_one_or_many),
                          _one_or_many_schema("a deep dive's id, or a list of them")] = []

    @model_validator(mode="after")
    def _says_where(self) -> HardPart:
        if not (self.components or self.flows or self.tradeoffs or self.deep_dives):
            raise ValueError("say where the design addresses it: give `components`, `flows`, `tradeoffs` "
                             "or `deep_dives`")
        return self


class Interview(SpecModel):
    """The interview guide, the write-up's first part: how to present this design in an interview."""

    questions: list[ClarifyingQuestion] = Field([], description="clarifying questions to ask first")
    key_insight: Text = Field("", description="two or three sentences: what makes the problem hard and the one "
                                              "idea that solves it")
    stages: list[Stage] = Field([], description="a simple first version, then each scale step, in order")
    deep_dives: dict[Id, DeepDive] = Field({}, description="id -> a topic the interviewer is likely to pick")
    hard_parts: list[HardPart] = Field([], description="the catalogue entry's hard parts, each with where the "
                                                       "design addresses it")


class Layout(SpecModel):
    direction: Literal["LR", "TB", "RL", "BT"] = "LR"


class Spec(SpecModel):
    """A whole design. Only `title` and `components` are required."""

    title: NonBlank
    summary: Text = ""
    category: Annotated[Name, StringConstraints(max_length=64)] = "general"
    tags: list[Name] = []
    layout: Layout = Layout()
    requirements: Requirements = Requirements()
    load: Load = Load()
    components: Annotated[dict[Id, Component], Field(min_length=1)]
    groups: dict[Id, Group] = {}
    flows: dict[Id, Flow] = {}
    interfaces: Interfaces = Interfaces()
    storage: Storage = Storage()
    bottlenecks: list[Bottleneck] = []
    tradeoffs: list[Tradeoff] = []
    failure_modes: list[FailureMode] = []
    interview: Interview | None = Field(None, description="the interview guide, rendered first in the write-up")


def json_schema() -> dict:
    """The spec language as JSON Schema, for editors (yaml-language-server) and other tools."""
    schema = schema_docs.describe(Spec.model_json_schema(by_alias=True))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "archgen design spec"
    return schema


def json_schema_text() -> str:
    """The schema as `archgen schema` prints it and `archgen new` writes it."""
    import json

    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
