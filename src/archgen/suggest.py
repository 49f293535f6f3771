"""Did-you-mean suggestions for misspelt names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=cutoff)
    return f"did you mean `{matches[0]}`?" if matches else None
