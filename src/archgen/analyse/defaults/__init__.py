"""Default figures for the models, one module per concern, each figure next to its reason or source.

capacity.py (what one instance sustains), latency.py (p50/p99 per hop and per callee, link
bandwidth), availability.py (per kind and per managed product), storage.py (copies, sane data per
node, cache hit ratios), managed.py (what a provider runs and scales).
"""
