"""References the load models rely on: driving actions, caches missed, appending actions, entity counts."""

from __future__ import annotations

from archgen.catalog import Role, find_kind
from archgen.errors import DiagnosticSink
from archgen.load import Document
from archgen.spec import Spec, active_seconds_per_day, requests_per_day
from archgen.suggest import did_you_mean

COUNT_NAMES = ("users", "total_users")


def check_load_references(spec: Spec, doc: Document, sink: DiagnosticSink) -> None:
    actions = set(spec.load.actions)
    for fid, flow in spec.flows.items():
        for index, name in enumerate(flow.driven_by):
            _need_action(name, actions, ("flows", fid, "driven_by", index), f"flow `{fid}`", doc, sink)
        for index, step in enumerate(flow.steps):
            if step.on_miss is not None:
                _check_miss(spec, step.on_miss, ("flows", fid, "steps", index, "on_miss"),
                            f"flow `{fid}`, step {index + 1}", doc, sink)
    for name, entity in spec.storage.models.items():
        path = ("storage", "models", name)
        for index, action in enumerate(entity.written_by):
            _need_action(action, actions, (*path, "written_by", index), f"data model `{name}`", doc, sink)
        if isinstance(entity.count, str):
            _check_count_name(spec, entity.count, (*path, "count"), f"data model `{name}`", doc, sink)
    _check_peaks(spec, doc, sink)


def _need_action(name: str, actions: set[str], path: tuple, where: str, doc: Document, sink: DiagnosticSink) -> None:
    if name not in actions:
        hint = did_you_mean(name, actions) or (f"actions: {', '.join(sorted(actions))}" if actions
                                                else "declare it under `load.actions`")
        sink.error(f"unknown load action `{name}` in {where}", doc.position(path), hint)


def _check_miss(spec: Spec, cid: str, path: tuple, where: str, doc: Document, sink: DiagnosticSink) -> None:
    if cid not in spec.components:
        sink.error(f"unknown component `{cid}` in {where}, `on_miss`", doc.position(path),
                   did_you_mean(cid, spec.components))
        return
    kind = find_kind(spec.components[cid].kind)
    if kind is not None and kind.role != Role.CACHE and kind.name != "cdn":
        sink.error(f"{where}: `on_miss` names `{cid}`, a {kind.name.replace('_', ' ')}, not a cache or CDN",
                   doc.position(path), "name the cache or CDN whose misses this step serves")


def _check_count_name(spec: Spec, name: str, path: tuple, where: str, doc: Document, sink: DiagnosticSink) -> None:
    known = [*spec.load.entities, *COUNT_NAMES]
    if name not in known:
        sink.error(f"unknown count `{name}` in {where}", doc.position(path),
                   did_you_mean(name, known) or "give a number, or name an entry of `load.entities`")
    elif name in COUNT_NAMES and getattr(spec.load, name) is None:
        sink.error(f"{where} counts `{name}`, but `load.{name}` is not given", doc.position(path))


def _check_peaks(spec: Spec, doc: Document, sink: DiagnosticSink) -> None:
    for name, action in spec.load.actions.items():
        if action.peak_per_second is None or (action.per_user_per_day is not None and spec.load.users is None):
            continue
        average = requests_per_day(action, spec.load) / active_seconds_per_day(spec.load)
        if action.peak_per_second < average:
            sink.error(f"load action `{name}`: `peak_per_second` ({action.peak_per_second:g}) is below its average"
                       f" rate ({average:.3g}/s)", doc.position(("load", "actions", name, "peak_per_second")))
