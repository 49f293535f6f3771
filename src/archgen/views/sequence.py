"""A flow as a sequence diagram: participants in order of appearance, messages top to bottom."""

from __future__ import annotations

from archgen.analyse.calls import call_structure
from archgen.analyse.model import Model, ResolvedFlow
from archgen.units import format_duration
from archgen.views.graph import detail, flow_alt, hue, line_keys
from archgen.views.model import Activation, LegendEntry, LineStyle, Message, Note, Participant, SequenceView


def sequence_view(model: Model, flow: ResolvedFlow) -> SequenceView:
    order = list(dict.fromkeys(cid for step in flow.steps for cid in (step.source, step.target)))
    participants = tuple(_participant(model, cid) for cid in order)
    calls = call_structure(flow.steps)
    dead_letters = {c.dead_letter for c in model.spec.components.values() if c.dead_letter}
    messages = []
    for step, call in zip(flow.steps, calls, strict=True):
        style: LineStyle = ("error" if step.target in dead_letters else "reply" if call.reply_to is not None
                            else "async" if step.is_async else "sync")
        messages.append(Message(tag=step.tag, source=step.source, target=step.target, label=step.label, style=style,
                                depth=call.depth))
    activations = _activations(messages, calls)
    styles = {m.style for m in messages}
    legend = (LegendEntry(f"{flow.letter}. {flow.title}", "sync", hue(model, flow)),
              *line_keys(styles, hue(model, flow)))
    return SequenceView(id=f"seq-{flow.id}", kind="sequence", title=f"{flow.letter}. {flow.title}",
                        subtitle=f"{model.spec.title} · sequence of {len(messages)} steps", flow=flow.id,
                        hue=hue(model, flow), participants=participants, messages=tuple(messages),
                        activations=activations, notes=_notes(model, flow, order), legend=legend,
                        alt=flow_alt(model, flow))


def _participant(model: Model, cid: str) -> Participant:
    component = model.components[cid]
    return Participant(id=cid, label=component.label, detail=detail(component), kind=component.kind,
                       role=component.role.value, icon=component.custom_icon or component.icon,
                       custom_icon=component.custom_icon is not None)


def _activations(messages: list[Message], calls: list) -> tuple[Activation, ...]:
    """A synchronous call keeps its callee busy until its last nested step (or the reply that answers it)."""
    answered = {call.reply_to: call.index for call in calls if call.reply_to is not None}
    spans = []
    for message, call in zip(messages, calls, strict=True):
        if message.style != "sync":
            continue
        last = answered.get(call.index, call.returns_after)
        spans.append((message.target, call.index, last))
    activations = []
    for participant, first, last in spans:
        nested = sum(1 for other, f, la in spans if other == participant and f < first <= la)
        activations.append(Activation(participant=participant, first=first, last=last, depth=nested))
    return tuple(activations)


def _notes(model: Model, flow: ResolvedFlow, order: list[str]) -> tuple[Note, ...]:
    spec_flow = model.spec.flows[flow.id]
    if flow.latency_target is None:
        return ()
    covers = "end to end" if spec_flow.target_covers == "end_to_end" else "to respond"
    percentile = f"{flow.target_percentile} " if flow.target_percentile else ""
    return (Note(text=f"Latency target: {percentile}{format_duration(flow.latency_target)} {covers}",
                 over=(order[0], order[-1])),)
