"""Are the diagrams readable where people embed them? Renders every view of every spec and measures it.

Usage: .venv/bin/python bench/readability.py [SPEC ...] [--column 1000] [--out DIR] [--theme light]
Prints, per view: its size in points, aspect ratio (width ÷ height) and the share of its text that
displays at >= 11 px once the SVG is scaled into a column of --column px (GitHub, Obsidian: ~1000),
then a summary. A view is within the width budget at >= 90% and an aspect of 0.5–2.2.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from archgen.pipeline import RenderOptions, SpecSource, list_specs, render
from archgen.render.svg import MAX_ASPECT, MIN_ASPECT, measure

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("specs", nargs="*")
    parser.add_argument("--column", type=float, default=1000)
    parser.add_argument("--out", type=Path, default=None, help="keep the rendered views here")
    parser.add_argument("--theme", default="light")
    parser.add_argument("--quiet", action="store_true", help="print only views outside the budget")
    args = parser.parse_args()
    sources = [SpecSource(Path(p).stem, Path(p)) for p in args.specs] or list_specs(ROOT / "specs")
    with tempfile.TemporaryDirectory() as work:
        out = args.out or Path(work)
        rows = []
        for source in sources:
            render(source, RenderOptions(out, ("svg",), theme=args.theme))
            for svg in sorted((out / source.name).glob("*.svg")):
                rows.append((svg.stem, measure(svg.read_bytes(), args.column)))
    print(f"{'view':<52} {'width':>6} {'height':>6} {'aspect':>6} {'>=11px':>7} {'smallest':>8}")
    for name, seen in rows:
        if args.quiet and seen.within_budget:
            continue
        flag = "" if seen.within_budget else "  <- outside the budget"
        print(f"{name:<52} {seen.width_pt:6.0f} {seen.height_pt:6.0f} {seen.aspect:6.2f} {seen.readable_share:7.0%} "
              f"{seen.smallest_px:7.1f}px{flag}")
    within = sum(seen.within_budget for _, seen in rows)
    shares = [seen.readable_share for _, seen in rows]
    aspects = [seen.aspect for _, seen in rows]
    print(f"\n{within}/{len(rows)} views of {len(sources)} specs within the budget (>= 90% of text at >= 11 px in a "
          f"{args.column:.0f} px column, aspect {MIN_ASPECT}–{MAX_ASPECT}); text share at >= 11 px: median "
          f"{statistics.median(shares):.0%}, lowest {min(shares):.0%}; aspect {min(aspects):.2f}–{max(aspects):.2f}")


if __name__ == "__main__":
    main()
