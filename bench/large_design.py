"""Generated large designs: issue 12's 500 components in 40 nested groups with 40 flows of 20 steps.

Usage: .venv/bin/python bench/large_design.py OUT.yaml [--components 500] [--flows 40] [--steps 20]
The same generator feeds the benchmark (full size) and the test suite (a smaller variant).
"""

from __future__ import annotations

import argparse
from pathlib import Path

TIERS = 10  # top-level groups, each holding SUBGROUPS nested groups: 10 + 10 × 3 = 40 groups
SUBGROUPS = 3
KINDS = ("service", "cache", "queue", "sql_database", "worker", "load_balancer", "object_storage", "stream")


def group_ids() -> list[str]:
    return [f"t{t}" for t in range(TIERS)] + [f"t{t}s{s}" for t in range(TIERS) for s in range(SUBGROUPS)]


def large_spec(components: int = 500, flows: int = 40, steps: int = 20) -> str:
    """Spec text: components spread over every group, flows stepping between distant components."""
    groups = group_ids()
    lines = ["title: Large generated design", "groups:"]
    lines += [f"  t{t}: {{label: Tier {t}}}" for t in range(TIERS)]
    lines += [f"  t{t}s{s}: {{label: Tier {t} part {s}, parent: t{t}}}" for t in range(TIERS) for s in range(SUBGROUPS)]
    lines.append("components:")
    lines += [f"  c{i}: {{kind: {KINDS[i % len(KINDS)]}, group: {groups[i % len(groups)]}}}" for i in range(components)]
    lines.append("flows:")
    for flow in range(flows):
        lines += [f"  f{flow}:", "    steps:"]
        for step in range(steps):
            source = (flow * 37 + step * 11) % components
            target = (source + 1 + (flow * 13 + step * 7) % (components - 1)) % components  # never the source
            lines.append(f"      - c{source} -> c{target}: step {step}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--components", type=int, default=500)
    parser.add_argument("--flows", type=int, default=40)
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    args.out.write_text(large_spec(args.components, args.flows, args.steps), encoding="utf-8")


if __name__ == "__main__":
    main()
