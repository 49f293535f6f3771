"""What a step's words say it does: read or write. Shared by the review and the latency budgets."""

from __future__ import annotations

import re

from archgen.spec import Spec

READ_WORDS = {"read", "get", "view", "fetch", "load", "search", "browse", "open", "redirect", "history", "feed",
              "timeline", "list", "play", "playback", "watch", "download", "query", "lookup", "look", "resolve",
              "poll", "autocomplete", "suggest", "discover", "serve", "display", "scan", "select", "find", "check",
              "stream", "render", "visit", "join", "show", "see"}
WRITE_WORDS = {"write", "send", "post", "create", "upload", "publish", "ingest", "persist", "save", "update",
               "delete", "place", "book", "submit", "register", "record", "shorten", "add", "pay", "charge",
               "order", "enqueue", "schedule", "put", "insert", "edit", "like", "vote", "follow", "track", "report",
               "append", "upsert", "store", "increment", "set", "commit", "emit", "produce", "populate",
               "archive", "reserve", "hold", "claim", "acquire", "release"}


def words_of(text: str) -> set[str]:
    """The words of a label, each plural also as its singular (`scans` reads like `scan`)."""
    words = set(re.findall(r"[a-z]+", text.lower().replace("_", " ").replace("-", " ")))
    return words | {word[:-1] for word in words if len(word) > 3 and word.endswith("s") and not word.endswith("ss")}


def label_says_write(label: str) -> bool:
    """True when the label reads as a write and not as a read."""
    words = words_of(label)
    return bool(words & WRITE_WORDS) and not words & READ_WORDS


def flow_type(spec: Spec, flow_id: str) -> str | None:
    """`read` or `write`: declared, else the driving actions' common type, else the title's words."""
    flow = spec.flows[flow_id]
    if flow.type is not None:
        return flow.type
    driving = {spec.load.actions[name].type for name in flow.driven_by if name in spec.load.actions}
    if len(driving) == 1:
        return next(iter(driving))
    words = words_of(f"{flow_id} {flow.title or ''}")
    reads, writes = bool(words & READ_WORDS), bool(words & WRITE_WORDS)
    if reads != writes:
        return "read" if reads else "write"
    return None


def step_access(spec: Spec, flow_id: str, label: str) -> set[str]:
    """What a step does to the store at its target: {"read"}, {"write"} or both when nothing says."""
    words = words_of(label)
    reads, writes = bool(words & READ_WORDS), bool(words & WRITE_WORDS)
    if reads != writes:
        return {"read"} if reads else {"write"}
    if reads and ("read" in words) != ("write" in words):  # "check the user holds it (batch read)"
        return {"read"} if "read" in words else {"write"}
    kind = flow_type(spec, flow_id)
    return {kind} if kind else {"read", "write"}
