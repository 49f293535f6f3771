"""How many copies a store keeps unless a spec says, and how much of a lookup a cache answers.

The sane amount of data per node lives with the other per-instance figures in capacity.py.
"""

from __future__ import annotations

DEFAULT_RETENTION_YEARS = 5  # when neither the data model nor `load.retention` says: a common planning horizon
CACHE_COPIES = 1  # a cache is rebuilt from its source; a replica per shard is stated with `replication: 2`

# Seeds' rule of thumb: aim for 95%+ hits on static content and 80%+ on dynamic data.
HIT_RATIO_BY_KIND: dict[str, tuple[float, str]] = {
    "cdn": (0.95, "static content: aim for 95%+ hits (rules of thumb)"),
    "cache": (0.8, "dynamic data: aim for 80%+ hits (rules of thumb)"),
}
DEFAULT_HIT_RATIO = (0.8, "a cache of dynamic data: aim for 80%+ hits (rules of thumb)")
