"""Rendering several specs: unchanged ones come from the render cache, the others are drawn by
`--jobs` worker processes (each still runs its views' `dot` side by side), reported in spec order.

Processes, not threads: validation, analysis and the write-up are Python and hold the GIL, and a
render spends about a seventh of its CPU time there (bench/whole_process.py, 2026-12-08: 1.17× the
CPU of raw `dot` alone, median over the 60 specs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from archgen import waiting
from archgen.gallery import GalleryEntry
from archgen.pipeline import RenderOptions, SpecSource
from archgen.render_cache import SpecReport, environment_key, input_digests, lookup, spec_key, store
from archgen.workers import worker_context

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def render_report(source: SpecSource, options: RenderOptions) -> SpecReport:
    """Render one spec (in a worker process or in this one) and report what the CLI prints."""
    from archgen.pipeline import render

    rendered = render(source, options)
    spec = rendered.checked.spec
    custom_icons = sorted({component.icon for component in spec.components.values() if component.icon})
    return SpecReport(source, rendered.paths, [*rendered.checked.warnings, *rendered.warnings],
                      GalleryEntry.of(source.name, spec), input_digests(source.path.parent, custom_icons))


@dataclass(frozen=True)
class Pending:
    """One spec of the batch: `result()` returns its report or raises what its render raised."""

    source: SpecSource
    cached: bool
    result: Callable[[], SpecReport]


class Batch:
    """`with Batch(...) as batch: for pending in batch: ...`. Entering starts every worker, before the
    caller starts any thread (a progress bar), since the workers are forked where fork exists."""

    def __init__(self, sources: list[SpecSource], options: RenderOptions, jobs: int, use_cache: bool) -> None:
        self.sources, self.options, self.jobs = sources, options, jobs
        environment = environment_key(options) if use_cache else None
        self.keys = {source: _key(source, environment) for source in sources} if environment else {}
        self.hits = {source: report for source, key in self.keys.items()
                     if key and (report := lookup(options.out_dir, source, key))}
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[SpecSource, Future[SpecReport]] = {}

    def __enter__(self) -> Batch:
        to_draw = [source for source in self.sources if source not in self.hits]
        if self.jobs > 1 and len(to_draw) > 1:
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(max_workers=min(self.jobs, len(to_draw)), mp_context=worker_context())
            self.futures = {source: self.pool.submit(render_report, source, self.options) for source in to_draw}
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=error is not None)

    def __iter__(self) -> Iterator[Pending]:
        for source in self.sources:
            if source in self.hits:
                yield Pending(source, True, lambda report=self.hits[source]: report)
            else:
                yield Pending(source, False, lambda source=source: self._drawn(source))

    def _drawn(self, source: SpecSource) -> SpecReport:
        future = self.futures.get(source)
        report = waiting.result(future) if future is not None else render_report(source, self.options)
        key = self.keys.get(source)
        if key:
            store(self.options.out_dir, key, report)
        return report


def _key(source: SpecSource, environment: str) -> str | None:
    try:
        return spec_key(source, environment)
    except OSError:
        return None  # an unreadable spec is drawn, and its render reports why it fails
