"""Waiting that Ctrl-C and SIGTERM can cut short, and the flag that says archgen is stopping.

Python runs a signal handler only in the main thread, between two bytecodes. When the kernel hands
the signal to another thread (one drawing a view, a progress bar), a main thread blocked in
`future.result()` would not run the handler until that future ended: minutes, if `dot` hangs. So
the main thread waits in short slices, and between them the handler runs.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")
SLICE_SECONDS = 0.1  # how long Ctrl-C can wait to be noticed; a wake-up costs microseconds
# Set by the signal handler (archgen/__main__.py), in each process a stop reaches: from then on no
# `dot` starts, so a `--jobs` worker's remaining tasks fail at once instead of drawing.
stopping = threading.Event()


def result(future: Future[T]) -> T:
    """`future.result()`, but interruptible by a signal that landed on any thread."""
    while True:
        try:
            return future.result(timeout=SLICE_SECONDS)
        except TimeoutError:
            continue
