"""Measure Graphviz stability and speed for edge-label strategies on random clustered graphs.

Usage: .venv/bin/python bench/graphviz_configs.py [--graphs 20] [--sizes 20,50,100,200] [--edges 1.5]
Prints, per configuration and size: crashes (non-zero exit or timeout) and median layout time.
Timings are ratios against the `plain` baseline (no edge labels) measured in the same run.
Per-flow views are small (4-12 components, 3-20 steps, in 2-4 tiers): measure them with
`--sizes 4,6,8,10,12 --graphs 200 --edges 1.2`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import time

CONFIGS = {
    "plain": ("spline", None),
    "spline+xlabel": ("spline", "xlabel"),
    "spline+label": ("spline", "label"),
    "ortho+xlabel": ("ortho", "xlabel"),
    "ortho+label": ("ortho", "label"),
    "spline+labelnode": ("spline", "node"),
}


def random_graph(nodes: int, seed: int, splines: str, label_attr: str | None, edges: float = 1.5) -> str:
    rng = random.Random(seed)
    clusters = max(2, nodes // 8) if nodes >= 16 else rng.randint(2, 4)
    lines = [f'digraph g {{ rankdir=LR; splines={splines}; forcelabels=true; node [shape=box, width=1.4, height=1.6];']
    for c in range(clusters):
        members = [n for n in range(nodes) if n % clusters == c]
        lines.append(f'subgraph cluster_{c} {{ label="tier {c}"; ' + " ".join(f"n{n};" for n in members) + "}")
    for index in range(max(3, int(nodes * edges))):
        a, b = rng.sample(range(nodes), 2)
        text = f"A{rng.randint(1, 9)} call {rng.randint(1, 99)}"
        if label_attr == "node":  # archgen's strategy: the label is a plaintext node on the edge
            lines.append(f'l{index} [shape=plaintext, width=0, height=0, label="{text}"];')
            lines.append(f"n{a} -> l{index} [arrowhead=none]; l{index} -> n{b};")
            continue
        label = f' [{label_attr}="{text}"]' if label_attr else ""
        lines.append(f"n{a} -> n{b}{label};")
    lines.append("}")
    return "\n".join(lines)


def run(source: str, timeout: float) -> tuple[bool, float]:
    start = time.perf_counter()
    try:
        result = subprocess.run(["dot", "-Tsvg", "-o/dev/null"], input=source.encode(), capture_output=True,
                                timeout=timeout)
        ok = result.returncode == 0
    except subprocess.TimeoutExpired:
        ok = False
    return ok, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--graphs", type=int, default=20)
    parser.add_argument("--sizes", default="20,50,100,200")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--edges", type=float, default=1.5, help="edges per node")
    args = parser.parse_args()
    for size in [int(s) for s in args.sizes.split(",")]:
        baseline: float | None = None
        for name, (splines, label_attr) in CONFIGS.items():
            graphs = [random_graph(size, seed, splines, label_attr, args.edges) for seed in range(args.graphs)]
            results = [run(graph, args.timeout) for graph in graphs]
            crashes = sum(not ok for ok, _ in results)
            median = statistics.median(t for _, t in results)
            baseline = baseline or median
            print(f"{size:>4} nodes  {name:<14} crashes {crashes:>2}/{args.graphs}  "
                  f"median {median * 1000:7.0f} ms  ({median / baseline:4.1f}x plain)", flush=True)


if __name__ == "__main__":
    main()
