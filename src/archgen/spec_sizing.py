"""The sizing vocabulary of the spec language: rates, capacities, percentiles, availability, working sets.

These are the inputs of the load, capacity, latency, storage and availability models. Each value is
written as at a whiteboard (`20K/s`, `p99 200ms`, `99.99%`) and parsed here; a value that could be
misread (a capacity without its unit, a percentile nobody measures) is refused with a hint.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from archgen import schema_docs
from archgen.suggest import did_you_mean
from archgen.units import (
    MAX_DURATION,
    format_count,
    parse_bandwidth,
    parse_count,
    parse_duration,
    parse_percentage,
    parse_rate,
    parse_stored_size,
)

# The percentiles a target may be judged at, and the quantile level each names.
PERCENTILES: dict[str, float] = {"p50": 0.5, "p90": 0.9, "p95": 0.95, "p99": 0.99, "p99.9": 0.999}
DEFAULT_PERCENTILE = "p99"  # service-level objectives are usually stated at the tail
_TARGET = re.compile(r"^(?P<percentile>[A-Za-z][\w.]*)\s*(?:<|<=|:)?\s*(?P<duration>\d.*)$")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


class SizingModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)


def hinted_error(message: str, hint: str | None) -> PydanticCustomError:
    """A validation error whose hint validate.py prints after the message."""
    return PydanticCustomError("archgen_hint", "{message}", {"message": message, "hint": hint or ""})


def _checked(parse: Any, unit_hint: str) -> Any:
    def check(value: Any) -> Any:
        try:
            return parse(value)
        except ValueError as exc:
            bare = isinstance(value, int | float) or re.fullmatch(r"[\d.,_]+\s*[KkMmBb]?", str(value).strip())
            shown = format_count(parse_count(value)) if bare else value
            raise hinted_error(str(exc), unit_hint.format(value=shown) if bare else None) from None
    return check


def _schema(description: str, number: bool = True) -> WithJsonSchema:
    options: list[dict[str, Any]] = [{"type": "string"}]
    if number:
        options.append({"type": "number"})
    return WithJsonSchema({"anyOf": options, "description": description})


_RATE_HINT = "capacities need a unit: did you mean `{value}/s`?"
_BANDWIDTH_HINT = "give the unit: `{value}MB/s` or `{value}Gbps`"
_SIZE_HINT = "give the unit: `{value}GB` or `{value}TB`"
Rate = Annotated[float, BeforeValidator(_checked(parse_rate, _RATE_HINT)),
                 _schema("a rate with its unit: 20K/s, 5K writes/s, 300/min", number=False)]
Bandwidth = Annotated[float, BeforeValidator(_checked(parse_bandwidth, _BANDWIDTH_HINT)),
                      _schema("a bandwidth with its unit: 1.25GB/s, 10Gbps", number=False)]
StoredSize = Annotated[float, BeforeValidator(_checked(parse_stored_size, _SIZE_HINT)),
                       _schema("a size with its unit: 500GB, 4TB", number=False)]
Percentage = Annotated[float, BeforeValidator(parse_percentage),
                       _schema("a percentage: 99.9%, 99.99% (or a fraction such as 0.999)")]
Share = Annotated[float, Field(gt=0, le=1)]


def _positive(value: Any) -> float:
    try:
        return parse_count(value)
    except ValueError:
        raise hinted_error(f"expected a positive number such as 3, 2.5 or 10K, got `{value}`", None) from None


PositiveCount = Annotated[float, BeforeValidator(_positive), Field(gt=0), _schema("a positive number: 3, 2.5, 10K")]


def _parse_target(value: Any) -> Any:
    """`p99 200ms`, `p50 < 1s` or a bare `200ms` (judged at the default percentile, and said so)."""
    if isinstance(value, dict):
        return value
    if isinstance(value, bool):
        raise hinted_error(f"expected a latency target such as `p99 200ms`, got `{value}`", None)
    if isinstance(value, int | float):
        return {"seconds": value, "percentile": DEFAULT_PERCENTILE, "stated": False}
    text = str(value).strip()
    match = _TARGET.match(text)
    if match is None:
        return {"seconds": _duration(text), "percentile": DEFAULT_PERCENTILE, "stated": False}
    name = match["percentile"].lower().replace("median", "p50")
    if name not in PERCENTILES:
        hint = did_you_mean(name, PERCENTILES, cutoff=0.5) or f"use one of {', '.join(PERCENTILES)}"
        raise hinted_error(f"`{match['percentile']}` is not a percentile archgen judges"
                           f" ({', '.join(PERCENTILES)})", hint)
    return {"seconds": _duration(match["duration"]), "percentile": name, "stated": True}


def _duration(text: str) -> float:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise hinted_error(str(exc), "write a target as `p99 200ms` or `200ms`") from None


class LatencyTarget(SizingModel):
    """A latency target and the percentile it is judged at."""

    seconds: Annotated[float, Field(ge=0, le=MAX_DURATION)]
    percentile: Literal["p50", "p90", "p95", "p99", "p99.9"] = DEFAULT_PERCENTILE
    stated: bool = Field(True, description="false when the spec gave a bare duration and p99 was assumed")

    @property
    def level(self) -> float:
        return PERCENTILES[self.percentile]


TargetField = Annotated[LatencyTarget, BeforeValidator(_parse_target), WithJsonSchema(schema_docs.TARGET)]


def _parse_latency(value: Any) -> Any:
    return value if isinstance(value, dict) else {"p50": value}


class LatencyPair(SizingModel):
    """Typical (p50) and tail (p99) time; a missing p99 scales the p50 by the default's tail ratio."""

    p50: Annotated[float, BeforeValidator(parse_duration)]
    p99: Annotated[float, BeforeValidator(parse_duration)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> LatencyPair:
        if self.p99 is not None and self.p99 < self.p50:
            raise ValueError("`p99` cannot be below `p50`")
        return self


LatencyField = Annotated[LatencyPair, BeforeValidator(_parse_latency), WithJsonSchema(schema_docs.LATENCY)]


class Capacity(SizingModel):
    """What ONE instance sustains, overriding the kind's and tech's defaults. Units are required."""

    requests: Rate | None = Field(None, description="requests (or reads) per second one instance serves")
    writes: Rate | None = Field(None, description="writes per second one node applies, counting each copy")
    connections: PositiveCount | None = Field(None, description="concurrent connections one instance holds")
    storage: StoredSize | None = Field(None, description="data one node should hold")
    bandwidth: Bandwidth | None = Field(None, description="network throughput of one instance")


def _parse_working_set(value: Any) -> Any:
    return value if isinstance(value, dict) else {"size": value}


class WorkingSet(SizingModel):
    """A cache's working set: an explicit size, or items × item size × the hot share kept."""

    size: StoredSize | None = Field(None, description="the working set's size, when known")
    items: PositiveCount | None = Field(None, description="how many items the cache could hold")
    item_size: StoredSize | None = Field(None, description="the size of one cached item")
    hot_share: Share = Field(0.2, description="share of the items kept hot (default 0.2, the 80/20 rule)")

    @model_validator(mode="after")
    def _one_way(self) -> WorkingSet:
        if self.size is None and (self.items is None or self.item_size is None):
            raise ValueError("give `size`, or both `items` and `item_size`")
        if self.size is not None and (self.items is not None or self.item_size is not None):
            raise ValueError("give either `size` or `items` with `item_size`, not both")
        return self


WorkingSetField = Annotated[WorkingSet, BeforeValidator(_parse_working_set), WithJsonSchema({
    "anyOf": [schema_docs.SIZE,
              {"type": "object", "additionalProperties": False, "properties": {
                  "size": {**schema_docs.SIZE, "description": "the working set's size, when known"},
                  "items": {**schema_docs.COUNT, "description": "how many items the cache could hold"},
                  "item_size": {**schema_docs.SIZE, "description": "the size of one cached item"},
                  "hot_share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1,
                                "description": "share of the items kept hot (default 0.2, the 80/20 rule)"}}}],
    "description": "`170GB`, or `{items: 1B, item_size: 300B, hot_share: 0.2}`"})]


class Calendar(SizingModel):
    """When the load happens: a trading system is busy 6.5 hours on 252 days a year."""

    days_per_year: Annotated[float, Field(gt=0, le=366)] = Field(365, description="days a year the load runs")
    hours_per_day: Annotated[float, Field(gt=0, le=24)] = Field(24, description="hours a day the load runs")


def _count_or_name(value: Any) -> Any:
    if isinstance(value, str) and _ID.match(value.strip()):
        return value.strip()
    return parse_count(value)


EntityCount = Annotated[float | str, BeforeValidator(_count_or_name), WithJsonSchema({
    "anyOf": [{"type": "number"}, {"type": "string"}],
    "description": "a count (`2B`), or the name of a `load.entities` entry, `users` or `total_users`"})]


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Names = Annotated[list[Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")]], BeforeValidator(_one_or_many),
                  WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                                  "description": "a load action's name, or a list of them"})]
