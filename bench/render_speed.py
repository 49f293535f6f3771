"""How much archgen adds on top of Graphviz: end-to-end render vs raw `dot` on the same view files.

Usage: .venv/bin/python bench/render_speed.py [SPEC ...] [--repeat 5]
Default specs: everything in specs/ plus the golden test spec. Prints per spec the median of
raw `dot -Tsvg -Tpng` over every view's DOT, run side by side as archgen runs them (the
baseline, measured in this run), of archgen's full pipeline (load, validate, analyse, views,
DOT, layout, icon embedding, write-up) and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from archgen.analyse import analyse
from archgen.pipeline import RenderOptions, SpecSource, check, list_specs, render
from archgen.render.draw import design_diagrams, workers
from archgen.render.theme import LIGHT
from archgen.views import build_views

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(action, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def raw_dot(source: SpecSource, work: Path) -> list[list[str]]:
    """One `dot` command per view file, as archgen draws them first."""
    views = build_views(analyse(source.name, check(source).spec).model).all()
    image_dir = work / "images"
    commands = []
    for view_id, diagram in design_diagrams(views, LIGHT, source.path.parent).items():
        for name, file in diagram.images.items():
            (image_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (image_dir / name).write_bytes(file.read_bytes())
        dot_file = work / f"{view_id}.dot"
        dot_file.write_text(diagram.dot)
        commands.append(["dot", f"-Gimagepath={image_dir}", "-Tsvg", f"-o{work / view_id}.svg", "-Tpng:cairo",
                         f"-o{work / view_id}.png", str(dot_file)])
    return commands


def run_side_by_side(commands: list[list[str]]) -> None:
    with ThreadPoolExecutor(max_workers=workers()) as pool:
        list(pool.map(partial(subprocess.run, check=True, capture_output=True, cwd=None), commands))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("specs", nargs="*")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sources = [SpecSource(Path(p).stem, Path(p)) for p in args.specs] or [
        *list_specs(ROOT / "specs"), SpecSource("messaging", ROOT / "tests/golden/messaging/spec.yaml")]
    print(f"{'spec':<28} {'raw dot':>9} {'archgen':>9} {'ratio':>6}")
    ratios = []
    for source in sources:
        with tempfile.TemporaryDirectory() as work:
            commands = raw_dot(source, Path(work))
            baseline = median_seconds(partial(run_side_by_side, commands), args.repeat)
            ours = median_seconds(partial(render, source, RenderOptions(Path(work) / "out")), args.repeat)
        ratios.append(ours / baseline)
        print(f"{source.name:<28} {baseline * 1000:7.0f}ms {ours * 1000:7.0f}ms {ours / baseline:5.2f}x", flush=True)
    print(f"median ratio over {len(ratios)} specs: {statistics.median(ratios):.2f}x raw dot")


if __name__ == "__main__":
    main()
