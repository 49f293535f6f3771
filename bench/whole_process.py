"""archgen as a user runs it, whole process, against raw Graphviz on the same view files.

Usage: .venv/bin/python bench/whole_process.py [SPEC ...] [--repeat 5] [--sample N] [--skip-batch] [--skip-large]

Only public tools: the `archgen` command and `dot`, started with subprocess and timed on the wall
clock. For each spec, `archgen render NAME --format svg,dot` first writes the DOT of every view as
archgen finally draws it; the baseline is then raw `dot -Tsvg -Tpng:cairo` over those files, run
side by side as archgen runs them (as many at once as archgen's drawing threads). Each round times
the baseline and `archgen render NAME` (svg, png, md) back to back, so both see the same machine
load; the table shows the medians and their ratio, and the ratio of their CPU time. Before it:
`--help`, `--version` and `validate` over every spec; after it, `render --all` over every spec
(cold, then no-op), the sampled specs batched cold and redrawn by one job and by every core, and
the 500-component design of bench/large_design.py (wall time and peak memory of its largest process).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from large_design import large_spec

ROOT = Path(__file__).resolve().parents[1]
ARCHGEN = str(Path(sys.executable).with_name("archgen"))
# An installed archgen has compiled modules; a shell that forbids writing them would time compiling instead.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
WORKERS = max(1, min(8, os.cpu_count() or 1))  # archgen's drawing threads (render/draw.py: workers)


def wall(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env or ENV, cwd=cwd)
    return time.perf_counter() - start


def cpu_seconds() -> float:
    """User and system time of every finished child process (and theirs), so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall_and_peak(command: list[str]) -> tuple[float, int]:
    """Wall seconds, and the peak resident kB of the largest process in the command's tree."""
    probe = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
             "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    seconds, peak = subprocess.run([sys.executable, "-c", probe, *command], check=True, capture_output=True,
                                   text=True, env=ENV).stdout.split()
    return float(seconds), int(peak)


def side_by_side(commands: list[list[str]]) -> float:
    """Wall time of every command, at most WORKERS running at once."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(partial(subprocess.run, check=True, capture_output=True), commands))
    return time.perf_counter() - start


def raw_dot_commands(spec: Path, work: Path) -> list[list[str]]:
    """`dot` over the views archgen draws for `spec`, with the same icons."""
    prepared = work / "prepared"
    subprocess.run([ARCHGEN, "render", str(spec), "--out", str(prepared), "--format", "svg,dot"], check=True,
                   capture_output=True, env=ENV)
    diagrams = importlib.util.find_spec("diagrams")
    assert diagrams is not None and diagrams.origin is not None
    image_path = f"{Path(diagrams.origin).parent.parent}:{spec.parent.resolve()}"
    commands = []
    for dot_file in sorted((prepared / spec.stem).glob("*.dot")):
        out = work / "raw" / dot_file.stem
        out.parent.mkdir(parents=True, exist_ok=True)
        commands.append(["dot", f"-Gimagepath={image_path}", "-Tsvg", f"-o{out}.svg", "-Tpng:cairo", f"-o{out}.png",
                         str(dot_file)])
    return commands


def compare_spec(spec: Path, repeat: int) -> tuple[int, float, float]:
    """Views drawn, median wall seconds of raw dot and of `archgen render` timed alternately, and the ratio
    of their CPU seconds (which a busy machine disturbs less than wall time)."""
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        work = Path(folder)
        commands = raw_dot_commands(spec, work)
        raw, ours, raw_cpu, our_cpu = [], [], 0.0, 0.0
        for _ in range(repeat):
            before = cpu_seconds()
            raw.append(side_by_side(commands))
            middle = cpu_seconds()
            ours.append(wall([ARCHGEN, "render", str(spec), "--out", str(work / "out")]))
            raw_cpu, our_cpu = raw_cpu + middle - before, our_cpu + cpu_seconds() - middle
    return len(commands), statistics.median(raw), statistics.median(ours), our_cpu / raw_cpu


def per_spec(specs: list[Path], repeat: int) -> None:
    print(f"{'spec':<28} {'views':>5} {'raw dot':>9} {'archgen':>9} {'ratio':>6} {'cpu ratio':>9}")
    ratios, cpu_ratios = [], []
    for spec in specs:
        views, raw, ours, cpu_ratio = compare_spec(spec, repeat)
        ratios.append(ours / raw)
        cpu_ratios.append(cpu_ratio)
        print(f"{spec.stem:<28} {views:>5} {raw * 1000:7.0f}ms {ours * 1000:7.0f}ms {ours / raw:5.2f}x "
              f"{cpu_ratio:8.2f}x", flush=True)
    print(f"median ratio over {len(ratios)} specs: {statistics.median(ratios):.2f}x raw dot "
          f"(best {min(ratios):.2f}x, worst {max(ratios):.2f}x); median CPU ratio "
          f"{statistics.median(cpu_ratios):.2f}x\n", flush=True)


def startup(repeat: int) -> None:
    for args in (["--help"], ["--version"], ["validate"]):
        times = [wall([ARCHGEN, *args], cwd=ROOT) for _ in range(repeat)]
        print(f"archgen {' '.join(args):<10} {statistics.median(times) * 1000:6.0f} ms median, "
              f"{min(times) * 1000:6.0f} ms fastest of {repeat}", flush=True)
    print()


def batch(sample: list[Path]) -> None:
    """`render --all` over every spec: cold (no caches at all), then no-op; then, over `sample` in a folder of
    its own, cold, and redrawn (--force) by one job and by every core."""
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        env = {**ENV, "ARCHGEN_CACHE_DIR": str(Path(folder) / "cache")}
        every = [ARCHGEN, "render", "--all", "--out", str(Path(folder) / "out")]
        sample_dir = Path(folder) / "sample"
        sample_dir.mkdir()
        for spec in sample:
            shutil.copy(spec, sample_dir / spec.name)
        some = [ARCHGEN, "render", "--all", "--specs", str(sample_dir), "--out", str(Path(folder) / "sample-out")]
        total = len(list((ROOT / "specs").glob("*.yaml")))
        figures = [
            (f"{total} specs, cold, all cores", wall(every, env, ROOT)),
            (f"{total} specs, no-op", wall(every, env, ROOT)),
            (f"{total} specs, no-op again", wall(every, env, ROOT)),
            (f"{len(sample)} specs, cold, all cores", wall(some, env, ROOT)),
            (f"{len(sample)} specs, warm --force --jobs 1", wall([*some, "--force", "--jobs", "1"], env, ROOT)),
            (f"{len(sample)} specs, warm --force, all cores", wall([*some, "--force"], env, ROOT)),
        ]
    for label, seconds in figures:
        print(f"render --all, {label:<34} {seconds:7.2f} s", flush=True)
    print()


def large() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-large-") as folder:
        spec = Path(folder) / "large.yaml"
        spec.write_text(large_spec(), encoding="utf-8")
        for view in ("overview", "flows", "sequences"):
            seconds, peak_kb = wall_and_peak([ARCHGEN, "render", str(spec), "--view", view, "--out",
                                              str(Path(folder) / "out")])
            print(f"500 components, --view {view:<10} {seconds:6.1f} s, largest process {peak_kb / 1024:.0f} MB",
                  flush=True)
    print()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("specs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--sample", type=int, default=0,
                        help="time only every Nth spec one by one, and batch those for the jobs figures")
    args = parser.parse_args()
    if not Path(ARCHGEN).exists():
        sys.exit(f"no archgen at {ARCHGEN}: run this with the Python of archgen's venv")
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{subprocess.run(['dot', '-V'], capture_output=True, text=True).stderr.strip()}\n", flush=True)
    specs = args.specs or sorted((ROOT / "specs").glob("*.yaml"))[::max(args.sample, 1)]
    startup(max(args.repeat, 7))
    per_spec(specs, args.repeat)
    if not args.skip_batch:
        batch(specs)
    if not args.skip_large:
        large()


if __name__ == "__main__":
    main()
