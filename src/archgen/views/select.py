"""`--view`: which views to draw, and the file each one is written to."""

from __future__ import annotations

from archgen.errors import Diagnostic, InputError
from archgen.views.model import DesignViews, View

VIEW_SETS = ("all", "overview", "flows", "sequences", "stages")
HINT = ("choose from all, overview, flows, sequences, stages, or one flow: `flow:ID` (its flow view), `seq:ID` (its "
        "sequence diagram), or a bare flow ID for both")


def parse_view_option(text: str) -> tuple[str, ...]:
    """`overview,flows` -> ("overview", "flows"); flow ids are checked per design by `select`."""
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not chosen:
        raise InputError([Diagnostic("`--view` is empty", None, HINT)])
    return chosen


def select(views: DesignViews, wanted: tuple[str, ...]) -> list[View]:
    by_id = {view.id: view for view in views.all()}
    flow_ids = [view.flow for view in views.flows if view.flow]
    chosen: list[View] = []
    for item in wanted:
        if item == "all":
            chosen += [views.overview, *views.flows, *views.sequences, *views.stages]
        elif item == "overview":
            chosen.append(views.overview)
        elif item == "flows":
            chosen += views.flows
        elif item == "sequences":
            chosen += views.sequences
        elif item == "stages":
            chosen += views.stages
        else:
            chosen += _one_flow(item, by_id, flow_ids)
    unique = {view.id: view for view in chosen}
    return [view for view in views.all() if view.id in unique]


def _one_flow(item: str, by_id: dict[str, View], flow_ids: list[str]) -> list[View]:
    kind, _, flow = item.rpartition(":")
    prefixes = {"flow": ["flow-"], "seq": ["seq-"], "": ["flow-", "seq-"]}.get(kind)
    if prefixes is not None and flow in flow_ids:
        return [by_id[prefix + flow] for prefix in prefixes]
    from archgen.validate import did_you_mean

    options = [*VIEW_SETS, *flow_ids, *(f"flow:{f}" for f in flow_ids), *(f"seq:{f}" for f in flow_ids)]
    known = ", ".join(flow_ids) or "none"
    raise InputError([Diagnostic(f"no view `{item}` in this design (its flows: {known})", None,
                                 did_you_mean(item, options) or HINT)])


def file_stem(design: str, view: View) -> str:
    """`chat` for the overview (so existing embeds keep working), `chat.flow-send`, `chat.seq-send`,
    `chat.stage-1`."""
    return design if view.kind == "overview" else f"{design}.{view.id}"
