"""Queueing delay at a busy instance, as an M/M/c queue (Erlang C).

Why M/M/c: an instance serves c requests at once (threads, connections, event-loop slots) and requests
arrive independently of each other, which is what Poisson arrivals assume. It is the textbook model
whose wait grows slowly up to ~70% utilization and steeply after, as real fleets do. The number of
servers c is what the instance's capacity and its service time imply (Little's law at full load:
c = capacity × service time), so a spec never has to state thread counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from archgen.analyse.quantiles import UNBOUNDED, ZERO, Dist, waiting_time

MAX_SERVERS = 10_000  # beyond this the wait is negligible at any utilization below 1


@dataclass(frozen=True)
class Queue:
    servers: int
    service_seconds: float
    utilization: float

    @property
    def chance_to_wait(self) -> float:
        """Erlang C: the probability that an arriving request finds every server busy."""
        return erlang_c(self.servers, self.utilization)

    @property
    def wait(self) -> Dist:
        if self.utilization >= 1:
            return UNBOUNDED
        if self.utilization <= 0:
            return ZERO
        drain_rate = self.servers / self.service_seconds * (1 - self.utilization)
        return waiting_time(self.chance_to_wait, drain_rate)

    @property
    def short(self) -> str:
        return f"M/M/{self.servers} at {self.utilization:.0%}"

    @property
    def formula(self) -> str:
        if self.utilization >= 1:
            return f"M/M/{self.servers} at {self.utilization:.0%}: over capacity, the queue grows without bound"
        return (f"M/M/{self.servers} at {self.utilization:.0%} busy: waits with probability"
                f" {self.chance_to_wait:.2g} (Erlang C), for exponential time of mean"
                f" {self.service_seconds * 1e3:.2g} ms ÷ ({self.servers} × (1 − {self.utilization:.2f}))")


def queue_for(capacity_per_second: float, service_seconds: float, utilization: float) -> Queue:
    servers = min(MAX_SERVERS, max(1, round(capacity_per_second * service_seconds)))
    return Queue(servers=servers, service_seconds=service_seconds, utilization=utilization)


def erlang_c(servers: int, utilization: float) -> float:
    """P(wait) for c servers at utilization ρ, through the Erlang B recurrence (stable for large c)."""
    if utilization >= 1:
        return 1.0
    if utilization <= 0:
        return 0.0
    offered = servers * utilization
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = offered * blocking / (k + offered * blocking)
    return blocking / (1 - utilization * (1 - blocking))


def mean_wait(queue: Queue) -> float:
    """Mean wait, C / (cμ − λ): for checks against the textbook figure."""
    if queue.utilization >= 1:
        return math.inf
    return queue.chance_to_wait * queue.service_seconds / (queue.servers * (1 - queue.utilization))
