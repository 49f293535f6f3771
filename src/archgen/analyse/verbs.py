"""What a step's words say it does: read or write. Shared by the review and the latency budgets."""

from __future__ import annotations

import re

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
    return set(re.findall(r"[a-z]+", text.lower().replace("_", " ").replace("-", " ")))


def label_says_write(label: str) -> bool:
    """True when the label reads as a write and not as a read."""
    words = words_of(label)
    return bool(words & WRITE_WORDS) and not words & READ_WORDS
