"""Typical (p50) and tail (p99) latency of each network hop and each callee's own work, and link speeds.

Whiteboard numbers, anchored on the numbers to know (datacentre round trip 0.5 ms, cross-continent
~150 ms, SSD read ~150 µs, RAM ~100 ns). Tails are a few times the median for anything that queues,
fsyncs or crosses a radio link, and close to the median for long-haul hops, where distance dominates.
A spec overrides a component's work with `latency:` and a step with `latency:` on the step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    p50: float
    p99: float
    reason: str


MS = 1e-3

# Round trips between two places.
HOPS: dict[str, Timing] = {
    "same datacentre": Timing(0.5 * MS, 2 * MS, "datacentre round trip 0.5 ms; switch queues and retransmits"
                                                " put the tail at a few ms"),
    "cross-region": Timing(150 * MS, 200 * MS, "cross-continent round trip ~150 ms; distance dominates, so the"
                                               " tail is close to the median"),
    "mobile ↔ region": Timing(50 * MS, 150 * MS, "a phone on 4G/5G to an in-region datacentre; radio scheduling"
                                                 " and bufferbloat put the tail at ~3× the median"),
    "client ↔ region": Timing(30 * MS, 100 * MS, "a browser on broadband or Wi-Fi to an in-region datacentre"),
    "client ↔ edge PoP": Timing(20 * MS, 80 * MS, "a CDN point of presence in the user's metro; the last mile"
                                                  " makes the tail"),
    "edge PoP ↔ region": Timing(30 * MS, 60 * MS, "a CDN miss travels the provider's backbone to the origin"),
    "internet": Timing(50 * MS, 150 * MS, "our datacentre to a third party's over the public internet"),
}
MOBILE_KINDS = {"mobile"}

# Throughput of one transfer on each kind of link, bytes per second, for payload transfer time.
LINK_BANDWIDTH: dict[str, tuple[float, str]] = {
    "same datacentre": (1.25e9, "10 Gbit/s server NICs"),
    "cross-region": (100e6, "one tuned TCP flow over a long-haul round trip"),
    "mobile ↔ region": (2.5e6, "~20 Mbit/s, a typical mobile link (uplinks are slower still)"),
    "client ↔ region": (6.25e6, "~50 Mbit/s, a typical home broadband link"),
    "client ↔ edge PoP": (6.25e6, "~50 Mbit/s: the user's own link limits a CDN download"),
    "edge PoP ↔ region": (100e6, "the CDN's backbone to the origin"),
    "internet": (12.5e6, "~100 Mbit/s for one transfer to a third party"),
}

# The callee's own work, excluding the calls it makes (steps of their own).
WORK_BY_KIND: dict[str, Timing] = {
    "dns": Timing(20 * MS, 100 * MS, "resolver lookup; usually cached by the OS"),
    "cdn": Timing(5 * MS, 20 * MS, "edge cache hit served from the PoP's memory or SSD"),
    "load_balancer": Timing(0.5 * MS, 2 * MS, "L4/L7 proxying adds well under a millisecond"),
    "api_gateway": Timing(2 * MS, 10 * MS, "token check, routing and rate-limit lookup"),
    "firewall": Timing(0.2 * MS, 1 * MS, "packet and rule inspection"),
    "service": Timing(2 * MS, 10 * MS, "request handling without downstream calls; GC and CPU contention make"
                                        " the tail"),
    "worker": Timing(10 * MS, 50 * MS, "a job step"),
    "function": Timing(10 * MS, 200 * MS, "warm serverless invocation; cold starts make the tail"),
    "scheduler": Timing(1 * MS, 5 * MS, "enqueue a trigger"),
    "stream_processor": Timing(5 * MS, 25 * MS, "per-event processing with keyed state"),
    "batch_processor": Timing(1.0, 10.0, "batch jobs run in seconds to hours"),
    "ml_model": Timing(50 * MS, 200 * MS, "model inference on an accelerator"),
    "cache": Timing(0.1 * MS, 1 * MS, "in-memory lookup: memory ~100 ns, protocol overhead dominates"),
    "queue": Timing(2 * MS, 10 * MS, "durable enqueue with a replicated acknowledgement"),
    "stream": Timing(3 * MS, 15 * MS, "append to a replicated log with acks from in-sync replicas"),
    "pubsub": Timing(3 * MS, 15 * MS, "publish with a replicated acknowledgement"),
    "sql_database": Timing(5 * MS, 50 * MS, "indexed query or commit: a few SSD reads (~150 µs each) plus a log"
                                             " fsync; lock waits and checkpoints make the tail"),
    "nosql_database": Timing(3 * MS, 20 * MS, "partition-key read or quorum write; compaction makes the tail"),
    "key_value_store": Timing(2 * MS, 10 * MS, "single-key get or put"),
    "graph_database": Timing(10 * MS, 50 * MS, "a few traversal hops"),
    "time_series_database": Timing(5 * MS, 30 * MS, "recent-window range read"),
    "object_storage": Timing(30 * MS, 200 * MS, "time to first byte from an object store"),
    "file_storage": Timing(10 * MS, 50 * MS, "file system metadata plus a block read"),
    "search_index": Timing(20 * MS, 100 * MS, "inverted-index query across shards"),
    "data_warehouse": Timing(2.0, 10.0, "analytical scan"),
    "coordination": Timing(5 * MS, 20 * MS, "consensus write or linearizable read"),
    "monitoring": Timing(1 * MS, 5 * MS, "metric push"),
    "identity": Timing(5 * MS, 20 * MS, "token issue or introspection"),
    "notification": Timing(50 * MS, 500 * MS, "third-party push, SMS or e-mail API accepting the request"),
    "external": Timing(50 * MS, 500 * MS, "third-party API handling the request; its tail is outside our control"),
}
WORK_BY_TECH: dict[str, Timing] = {
    "sqs": Timing(10 * MS, 50 * MS, "an SQS send is an HTTPS call to a replicated service"),
    "dynamodb": Timing(5 * MS, 20 * MS, "DynamoDB answers in single-digit milliseconds"),
    "spanner": Timing(8 * MS, 40 * MS, "a Spanner commit waits for a Paxos quorum and commit-wait"),
    "memcached": Timing(0.1 * MS, 0.5 * MS, "multi-threaded in-memory get"),
}
GENERIC_WORK = Timing(2 * MS, 10 * MS, "generic processing")
CLIENT_WORK = Timing(0.0, 0.0, "the client renders the response")
# Analytical stores are slow to query but quick to append to (streaming or micro-batch inserts).
APPEND_WORK: dict[str, Timing] = {
    "data_warehouse": Timing(20 * MS, 100 * MS, "streaming or micro-batch append"),
    "batch_processor": Timing(20 * MS, 100 * MS, "hand-off of input to a batch job"),
}


def work_for(kind: str, tech: str | None) -> Timing:
    if tech in WORK_BY_TECH:
        return WORK_BY_TECH[tech]
    return WORK_BY_KIND.get(kind, GENERIC_WORK)
