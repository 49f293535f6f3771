"""What ONE instance of each kind (or product) sustains before it is full: whiteboard planning figures.

A spec overrides any of them per component with `capacity:`. They are deliberately round and on the
safe side of published benchmarks: a design that only works at a benchmark's best case does not work.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

GBIT = 1e9 / 8


@dataclass(frozen=True)
class Limit:
    value: float
    reason: str


@dataclass(frozen=True)
class CapacityDefaults:
    """Per instance: requests (or reads)/s, writes/s applied (each copy counts), connections held,
    data held (a sane amount per node, not the disk size) and network throughput."""

    requests: Limit | None = None
    writes: Limit | None = None
    connections: Limit | None = None
    storage: Limit | None = None
    bandwidth: Limit | None = None

    def merged(self, other: CapacityDefaults) -> CapacityDefaults:
        """These figures, with every figure `other` gives taking precedence."""
        return replace(self, **{f.name: getattr(other, f.name) for f in fields(other) if getattr(other, f.name)})


NIC = Limit(10 * GBIT, "a 10 Gbit/s network interface, common on servers and mid-size cloud instances")
_TB = 1e12

BY_KIND: dict[str, CapacityDefaults] = {
    "load_balancer": CapacityDefaults(
        requests=Limit(50e3, "an L7 proxy (NGINX, HAProxy, Envoy) on a 16-core box terminates ~50K TLS requests/s"),
        connections=Limit(500e3, "an event-loop proxy holds ~500K sockets at ~30 KB each (kernel buffers, TLS)"),
        bandwidth=NIC),
    "api_gateway": CapacityDefaults(
        requests=Limit(20e3, "auth, routing and rate-limit plugins cost more than proxying: ~10–20K requests/s"
                             " per node (Kong's published benchmarks)"),
        connections=Limit(200e3, "an event-loop gateway holding client keep-alive connections"),
        bandwidth=NIC),
    "firewall": CapacityDefaults(requests=Limit(100e3, "stateless rule matching at line rate"), bandwidth=NIC),
    "service": CapacityDefaults(
        requests=Limit(5e3, "a stateless service spending a few ms of CPU per request on ~16 cores"),
        connections=Limit(100e3, "plan for ~100K open connections per server (numbers to know)"),
        bandwidth=NIC),
    "worker": CapacityDefaults(
        requests=Limit(1e3, "a consumer doing ~10 ms of work per job with ~10 jobs in flight"), bandwidth=NIC),
    "scheduler": CapacityDefaults(requests=Limit(1e3, "a scheduler firing ~1K triggers/s"), bandwidth=NIC),
    "stream_processor": CapacityDefaults(
        requests=Limit(20e3, "a stream task manager with keyed state handles tens of thousands of events/s"),
        bandwidth=NIC),
    "ml_model": CapacityDefaults(
        requests=Limit(50, "one accelerator serving a mid-size model with dynamic batching"), bandwidth=NIC),
    "identity": CapacityDefaults(requests=Limit(5e3, "token checks are signature verifications and lookups"),
                                 bandwidth=NIC),
    "monitoring": CapacityDefaults(requests=Limit(10e3, "metric and trace pushes per collector"), bandwidth=NIC),
    "cache": CapacityDefaults(
        requests=Limit(100e3, "Redis executes commands on one thread: ~100K simple operations/s per shard"),
        connections=Limit(10e3, "Redis's default maxclients is 10,000"),
        storage=Limit(64e9, "keep a cache node at tens of GB: failover resync and snapshots stay quick"),
        bandwidth=NIC),
    "queue": CapacityDefaults(
        writes=Limit(20e3, "a RabbitMQ node confirms ~20K persistent messages/s (replicated quorum queues)"),
        storage=Limit(1 * _TB, "a queue is a buffer, not a store: a backlog past ~1 TB per node is an outage"),
        bandwidth=NIC),
    "stream": CapacityDefaults(
        writes=Limit(100e3, "a Kafka broker appends ~100 MB/s: ~100K 1 KB messages/s, each replica counted"),
        connections=Limit(50e3, "client connections per broker before memory and file handles run out"),
        storage=Limit(10 * _TB, "brokers over ~10 TB take many hours to re-replicate after a failure"),
        bandwidth=NIC),
    "pubsub": CapacityDefaults(writes=Limit(50e3, "a self-run pub/sub broker node fanning out messages"),
                               bandwidth=NIC),
    "sql_database": CapacityDefaults(
        requests=Limit(10e3, "indexed point reads per node with a warm buffer pool"),
        writes=Limit(5e3, "a single SQL primary sustains a few thousand durable commits per second"),
        connections=Limit(5e3, "server processes or threads per connection: pool in front beyond a few thousand"),
        storage=Limit(4 * _TB, "past a few TB per node, backups, restores and replica rebuilds take many hours"),
        bandwidth=NIC),
    "nosql_database": CapacityDefaults(
        requests=Limit(10e3, "partition-key reads per node (Cassandra-class stores read slower than they write)"),
        writes=Limit(15e3, "replica writes per node of a wide-column store (commit log plus memtable)"),
        storage=Limit(4 * _TB, "operators keep 1–4 TB per node so streaming a replacement node takes hours"),
        bandwidth=NIC),
    "key_value_store": CapacityDefaults(
        requests=Limit(50e3, "single-key gets per node"),
        writes=Limit(20e3, "single-key puts per node, each replica counted"),
        storage=Limit(4 * _TB, "past a few TB per node, rebuilding a lost node takes too long"),
        bandwidth=NIC),
    "graph_database": CapacityDefaults(
        requests=Limit(5e3, "short traversals per node"), writes=Limit(2e3, "transactional edge writes per node"),
        storage=Limit(1 * _TB, "graph stores want the working graph in memory"), bandwidth=NIC),
    "time_series_database": CapacityDefaults(
        requests=Limit(1e3, "range queries per node"),
        writes=Limit(100e3, "points ingested per node in batches"),
        storage=Limit(4 * _TB, "compressed series per node before compaction and restore get slow"),
        bandwidth=NIC),
    "object_storage": CapacityDefaults(
        requests=Limit(2e3, "object reads per storage node (Ceph/MinIO on HDDs)"),
        writes=Limit(1e3, "object writes per storage node, each copy or erasure-coded fragment counted"),
        storage=Limit(200 * _TB, "a dense storage node holds ~12–24 large disks"),
        bandwidth=NIC),
    "file_storage": CapacityDefaults(
        requests=Limit(1e3, "file operations per data node"), writes=Limit(500, "block writes per data node"),
        storage=Limit(100 * _TB, "a data node's disks"), bandwidth=NIC),
    "search_index": CapacityDefaults(
        requests=Limit(1e3, "an Elasticsearch-class node answers hundreds to a few thousand queries/s"),
        writes=Limit(5e3, "documents indexed per node, each replica counted"),
        storage=Limit(2 * _TB, "keep shards at 10–50 GB and nodes at a few TB so recovery stays quick"),
        bandwidth=NIC),
    "data_warehouse": CapacityDefaults(
        requests=Limit(20, "analytical queries per node"),
        writes=Limit(100e3, "rows appended per node in batches"),
        storage=Limit(20 * _TB, "columnar nodes hold tens of TB compressed"),
        bandwidth=NIC),
    "coordination": CapacityDefaults(
        requests=Limit(20e3, "reads served by any member"),
        writes=Limit(5e3, "every write goes through the leader and is applied on every member"),
        storage=Limit(8e9, "etcd's documented maximum database size is 8 GB"),
        bandwidth=NIC),
}

BY_TECH: dict[str, CapacityDefaults] = {
    "memcached": CapacityDefaults(requests=Limit(200e3, "memcached is multi-threaded: ~200K gets/s per node")),
    "spanner": CapacityDefaults(
        requests=Limit(10e3, "Google's sizing guide: ~10K reads/s per Spanner node"),
        writes=Limit(2e3, "Google's sizing guide: ~2K writes/s per Spanner node")),
    "cockroachdb": CapacityDefaults(writes=Limit(2e3, "consensus writes per node of a distributed SQL store")),
    "aerospike": CapacityDefaults(requests=Limit(200e3, "an SSD-optimised key-value node serves ~200K reads/s"),
                                  writes=Limit(50e3, "an SSD-optimised key-value node applies ~50K writes/s")),
    "scylla": CapacityDefaults(writes=Limit(50e3, "a shard-per-core store applies several times Cassandra's writes"),
                               requests=Limit(30e3, "a shard-per-core store reads several times faster")),
    "clickhouse": CapacityDefaults(writes=Limit(500e3, "ClickHouse inserts hundreds of thousands of rows/s per"
                                                       " node in batches")),
}


def defaults_for(kind: str, tech: str | None) -> CapacityDefaults:
    base = BY_KIND.get(kind, CapacityDefaults())
    return base.merged(BY_TECH[tech]) if tech in BY_TECH else base
