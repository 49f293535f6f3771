"""Validate stage: loaded document -> Spec, with every problem reported at once and positioned."""

from __future__ import annotations

import types
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from archgen.catalog import KINDS, TECHS, find_kind, find_tech
from archgen.errors import DiagnosticSink, InputError, SourcePos
from archgen.load import Document, YamlPath
from archgen.spec import MAX_FLOWS, MAX_GROUP_DEPTH, REVIEW_RULE_IDS, Spec, stage_link
from archgen.suggest import did_you_mean
from archgen.validate_icons import check_icon
from archgen.validate_load import check_load_references

__all__ = ["describe", "did_you_mean", "validate"]

_EXPECTED = {
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "float_type": "a number", "float_parsing": "a number",
    "bool_type": "true or false", "bool_parsing": "true or false", "dict_type": "a mapping",
    "model_type": "a mapping", "model_attributes_type": "a mapping", "list_type": "a list",
    "finite_number": "a finite number",
}


def validate(doc: Document, base_dir: Path | None = None) -> tuple[Spec, DiagnosticSink]:
    """Return the spec and any warnings; raise InputError listing every error."""
    sink = DiagnosticSink()
    try:
        spec = Spec.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            _report_pydantic(error, doc, sink)
        raise InputError(sink.items) from None
    _check_references(spec, doc, sink, base_dir)
    if sink.errors:
        raise InputError(sink.items)
    return spec, sink


# --- structural errors from pydantic -------------------------------------------------------

def _report_pydantic(error: Any, doc: Document, sink: DiagnosticSink) -> None:
    loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and "[" in part and part != "[key]"))
    kind = error["type"]
    where = describe(loc[:-1] if kind in ("extra_forbidden", "missing") else loc)
    field = str(loc[-1]) if loc else ""
    value = error.get("input")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        hint = did_you_mean(field, allowed) or (f"allowed here: {', '.join(sorted(allowed))}" if allowed else None)
        sink.error(f"unknown field `{field}` in {where}", doc.position(loc, key=True), hint)
    elif kind == "missing":
        sink.error(f"{where} is missing the required field `{field}`", doc.position(loc[:-1]))
    elif loc and loc[-1] == "[key]":
        key = str(value)
        sink.error(f"`{key}` is not a valid id in {describe(loc[:-2])}", doc.position((*loc[:-2], key), key=True),
                   "ids start with a letter and use letters, digits, `-` and `_`")
    elif kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",") if o.strip(" '")]
        sink.error(f"`{value}` is not allowed for {where}; expected one of {expected}", doc.position(loc),
                   did_you_mean(str(value), options) if isinstance(value, str) else None)
    elif kind == "string_pattern_mismatch":
        sink.error(f"`{value}` is not a valid id for {where}", doc.position(loc),
                   "ids start with a letter and use letters, digits, `-` and `_`")
    elif kind in _EXPECTED:
        sink.error(f"{where} should be {_EXPECTED[kind]}, not {_describe_value(value)}", doc.position(loc),
                   _quote_hint(value, kind))
    elif kind == "too_short":
        sink.error(f"{where} must not be empty", doc.position(loc))
    elif kind == "greater_than":
        sink.error(f"{where} must be a positive number, not {_describe_value(value)}", doc.position(loc))
    elif kind in ("less_than_equal", "greater_than_equal", "less_than"):
        limit = next(iter(error.get("ctx", {}).values()), "")
        bound = {"less_than_equal": "at most", "greater_than_equal": "at least", "less_than": "below"}[kind]
        sink.error(f"{where} must be {bound} {limit}, not {_describe_value(value)}", doc.position(loc))
    elif kind == "archgen_hint":
        context = error.get("ctx", {})
        sink.error(f"{where}: {context.get('message', '')}", doc.position(loc), context.get("hint") or None)
    else:
        message = str(error["msg"]).removeprefix("Value error, ")
        sink.error(f"{where}: {message[:1].lower()}{message[1:]}", doc.position(loc))


def _describe_value(value: Any) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"`{str(value)[:40]}`"


def _quote_hint(value: Any, kind: str) -> str | None:
    if kind == "string_type" and value is None:
        return "write a value after the colon, or remove the line"
    if kind in ("dict_type", "model_type") and isinstance(value, str):
        return "indent the fields below this key"
    return None


_SECTION_NAMES = {
    "components": "component", "groups": "group", "flows": "flow", "models": "data model",
    "actions": "load action", "external": "external API", "internal": "internal interface",
    "bottlenecks": "bottleneck", "tradeoffs": "trade-off", "failure_modes": "failure mode",
    "questions": "clarifying question", "stages": "stage", "deep_dives": "deep dive", "hard_parts": "hard part",
}


def describe(loc: YamlPath) -> str:
    """A path as a person would name it: `component `chat``, `flow `send`, step 3`."""
    if not loc:
        return "the spec"
    parts: list[str] = []
    i = 0
    while i < len(loc):
        part = loc[i]
        if part in _SECTION_NAMES and i + 1 < len(loc):
            name = loc[i + 1]
            parts.append(f"{_SECTION_NAMES[str(part)]} {name + 1 if isinstance(name, int) else f'`{name}`'}")
            i += 2
        elif part == "steps" and i + 1 < len(loc) and isinstance(loc[i + 1], int):
            parts.append(f"step {int(loc[i + 1]) + 1}")
            i += 2
        elif isinstance(part, int):
            parts.append(f"item {part + 1}")
            i += 1
        else:
            parts.append(f"`{part}`")
            i += 1
    return ", ".join(parts)


def _allowed_keys(loc: YamlPath) -> list[str]:
    model = _model_at(loc)
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(tp) if a is not type(None)]
            tp = options[0] if len(options) == 1 else tp
            if len(options) != 1:
                return tp
        else:
            return tp


def _model_at(loc: YamlPath) -> type[BaseModel] | None:
    tp: Any = Spec
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            fields = {info.alias or name: info for name, info in tp.model_fields.items()}
            if part not in fields:
                return None
            tp = fields[str(part)].annotation
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        elif get_origin(tp) is list:
            tp = get_args(tp)[0]
        else:
            return None
    tp = _unwrap(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


# --- references and meaning ------------------------------------------------------------------

def _check_references(spec: Spec, doc: Document, sink: DiagnosticSink, base_dir: Path | None) -> None:
    components = set(spec.components)
    groups = set(spec.groups)

    def need_component(ref: str | None, path: YamlPath, where: str, pos: SourcePos | None = None) -> None:
        if ref is not None and ref not in components:
            sink.error(f"unknown component `{ref}` in {where}", pos or doc.position(path),
                       did_you_mean(ref, components))

    for cid, component in spec.components.items():
        path = ("components", cid)
        _check_kind_and_tech(cid, component.kind, component.tech, doc, sink)
        if component.group is not None and component.group not in groups:
            sink.error(f"unknown group `{component.group}` in component `{cid}`", doc.position((*path, "group")),
                       did_you_mean(component.group, groups) or "declare it under `groups:`")
        need_component(component.dead_letter, (*path, "dead_letter"), f"component `{cid}`, `dead_letter`")
        if component.icon is not None:
            check_icon(component.icon, doc.position((*path, "icon")), sink, base_dir)

    for gid, group in spec.groups.items():
        if group.parent is not None and group.parent not in groups:
            sink.error(f"unknown parent group `{group.parent}` in group `{gid}`",
                       doc.position(("groups", gid, "parent")), did_you_mean(group.parent, groups))
    _check_group_nesting(spec, doc, sink)
    if len(spec.flows) > MAX_FLOWS:
        extra = list(spec.flows)[MAX_FLOWS]
        sink.error(f"flow `{extra}` is flow {MAX_FLOWS + 1}; a spec holds at most {MAX_FLOWS} flows (lettered A to ZZ)",
                   doc.position(("flows", extra), key=True), "split the design into several specs")

    for fid, flow in spec.flows.items():
        for index, step in enumerate(flow.steps):
            path = ("flows", fid, "steps", index)
            where = f"flow `{fid}`, step {index + 1}"
            for which, ref in (("from", step.source), ("to", step.target)):
                need_component(ref, (*path, which), where, _step_member_pos(doc, path, which, ref))
            if step.source == step.target:
                sink.error(f"{where} goes from `{step.source}` to itself", doc.position(path),
                           "a step connects two different components")

    for index, internal in enumerate(spec.interfaces.internal):
        path = ("interfaces", "internal", index)
        need_component(internal.caller, (*path, "caller"), f"internal interface {index + 1}")
        need_component(internal.callee, (*path, "callee"), f"internal interface {index + 1}")
    for index, api in enumerate(spec.interfaces.external):
        need_component(api.served_by, ("interfaces", "external", index, "served_by"), f"external API {index + 1}")
    _check_silences(spec, doc, sink)
    _check_load(spec, doc, sink)
    check_load_references(spec, doc, sink)
    for name, entity in spec.storage.models.items():
        need_component(entity.store, ("storage", "models", name, "store"), f"data model `{name}`")
    for section in ("bottlenecks", "failure_modes"):
        for index, item in enumerate(getattr(spec, section)):
            for ref_index, ref in enumerate(item.components):
                need_component(ref, (section, index, "components", ref_index), describe((section, index)))
    _check_interview(spec, doc, sink)


def _check_interview(spec: Spec, doc: Document, sink: DiagnosticSink) -> None:
    """Stages draw subsets of the components; hard parts point at where the design answers them."""
    interview = spec.interview
    if interview is None:
        return
    for index, stage in enumerate(interview.stages):
        path = ("interview", "stages", index, "components")
        _need_refs("component", stage.components, spec.components, path, doc, sink)
        for ref_index, ref in enumerate(stage.components):
            if ref in stage.components[:ref_index]:
                sink.error(f"component `{ref}` is listed twice in {describe(path[:-1])}",
                           doc.position((*path, ref_index)), "a stage lists each component once")
        for link_index, link in enumerate(stage.links):
            source, target, _ = stage_link(link)
            for end in (source, target):
                if end not in stage.components:
                    sink.error(f"link `{link}` in {describe(path[:-1])} names `{end}`, which the stage does not show",
                               doc.position(("interview", "stages", index, "links", link_index)),
                               did_you_mean(end, stage.components) or "add it to the stage's `components`")
    decisions = [tradeoff.decision for tradeoff in spec.tradeoffs]
    for index, part in enumerate(interview.hard_parts):
        path = ("interview", "hard_parts", index)
        _need_refs("component", part.components, spec.components, (*path, "components"), doc, sink)
        _need_refs("flow", part.flows, spec.flows, (*path, "flows"), doc, sink)
        _need_refs("deep dive", part.deep_dives, interview.deep_dives, (*path, "deep_dives"), doc, sink,
                   "declare it under `interview.deep_dives:`")
        _need_refs("trade-off", part.tradeoffs, decisions, (*path, "tradeoffs"), doc, sink,
                   "name a trade-off by its `decision`, exactly as written under `tradeoffs:`")


def _need_refs(what: str, refs: list[str], known: Iterable[str], path: YamlPath, doc: Document,
               sink: DiagnosticSink, fallback_hint: str | None = None) -> None:
    known = list(known)
    for index, ref in enumerate(refs):
        if ref not in known:
            sink.error(f"unknown {what} `{ref}` in {describe(path[:-1])}", doc.position((*path, index)),
                       did_you_mean(ref, known) or fallback_hint)


def _check_silences(spec: Spec, doc: Document, sink: DiagnosticSink) -> None:
    owners = [("components", cid, c.silence) for cid, c in spec.components.items()]
    owners += [("flows", fid, f.silence) for fid, f in spec.flows.items()]
    for section, owner, silence in owners:
        for rule_id, reason in silence.items():
            path = (section, owner, "silence", rule_id)
            if rule_id not in REVIEW_RULE_IDS:
                sink.error(f"unknown review rule `{rule_id}` in {describe((section, owner))}",
                           doc.position(path, key=True), did_you_mean(rule_id, REVIEW_RULE_IDS) or
                           f"rules: {', '.join(REVIEW_RULE_IDS)}")
            elif not reason.strip():
                sink.error(f"silencing `{rule_id}` needs a written reason", doc.position(path))


def _check_load(spec: Spec, doc: Document, sink: DiagnosticSink) -> None:
    if spec.load.users is not None:
        return
    for name, action in spec.load.actions.items():
        if action.per_user_per_day is not None:
            sink.error(f"load action `{name}` counts per user, but `load.users` is not given",
                       doc.position(("load", "actions", name, "per_user_per_day"), key=True),
                       "add `users:` (daily active users) under `load:`, or use `per_day:`")


def _check_kind_and_tech(cid: str, kind: str, tech: str | None, doc: Document, sink: DiagnosticSink) -> None:
    path = ("components", cid)
    if find_kind(kind) is None:
        sink.error(f"unknown kind `{kind}` in component `{cid}`", doc.position((*path, "kind")),
                   did_you_mean(kind, KINDS) or "run `archgen kinds` to list them")
    if tech is not None and find_tech(tech) is None:
        # Only near-misses are suggested: at difflib's default 0.6, `iceberg` suggested `celery`.
        sink.warning(f"unknown tech `{tech}` in component `{cid}`, drawn with the `{kind}` icon",
                     doc.position((*path, "tech")),
                     did_you_mean(tech.lower(), TECHS, cutoff=0.8) or "a custom tech is fine; `archgen kinds` lists "
                                                                      "the techs that draw their own icon")


def _check_group_nesting(spec: Spec, doc: Document, sink: DiagnosticSink) -> None:
    """Cycles and depth of `parent:` chains, visiting each group once: a 2 MB spec can hold a
    chain tens of thousands of groups long."""
    depth: dict[str, int] = {}  # 0 marks a group on or above a cycle
    for start in sorted(spec.groups):
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = start
        while current is not None and current in spec.groups and current not in depth and current not in on_chain:
            chain.append(current)
            on_chain.add(current)
            current = spec.groups[current].parent
        if current in on_chain:
            _report_cycle(chain[chain.index(current):], doc, sink)
        on_cycle = current in on_chain or (current is not None and depth.get(current) == 0)
        base = depth.get(current, 0) if current is not None else 0
        for offset, gid in enumerate(reversed(chain), start=1):
            depth[gid] = 0 if on_cycle else base + offset
    for gid, level in depth.items():
        if level == MAX_GROUP_DEPTH + 1:
            sink.error(f"group `{gid}` is nested {level} levels deep; groups nest at most {MAX_GROUP_DEPTH} levels",
                       doc.position(("groups", gid, "parent")), "flatten the tiers: a diagram reads best with a few")


def _report_cycle(cycle: list[str], doc: Document, sink: DiagnosticSink) -> None:
    first = cycle.index(min(cycle))
    ordered = cycle[first:] + cycle[:first]
    sink.error(f"groups form a cycle: {' -> '.join([*ordered, ordered[0]])}",
               doc.position(("groups", ordered[0], "parent")), "a group cannot contain itself; remove one `parent`")


def _step_member_pos(doc: Document, path: YamlPath, which: str, ref: str) -> SourcePos | None:
    """Point inside a terse step (`a -> b: label`) at the component name itself."""
    raw = _raw_at(doc.data, path)
    if isinstance(raw, dict) and which in raw:
        return doc.position((*path, which))
    text, pos = None, doc.position(path)
    if isinstance(raw, dict) and len(raw) == 1:
        text = next(iter(raw))
        pos = doc.key_pos.get((*path, text), pos)
    elif isinstance(raw, str):
        text = raw
    if text is None:
        return None
    arrow = max(text.find("->"), text.find("~>"))
    offset = text.find(ref) if which == "from" else text.find(ref, arrow + 2)
    quoted = doc.lines[pos.line - 1][pos.column - 1:pos.column] in ("'", '"')
    return SourcePos(pos.file, pos.line, pos.column + max(offset, 0) + int(quoted))


def _raw_at(data: Any, path: YamlPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
