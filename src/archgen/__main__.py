"""The `archgen` command and `python -m archgen`: signals and the terminal first, then the CLI.

Nothing heavy is imported before the signal handlers are in place, so Ctrl-C while Typer, rich
or pydantic are still loading exits 130 with one line instead of a traceback.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import traceback
from types import FrameType

from archgen import waiting
from archgen.errors import ExitCode, Stopped

_STOPS = {signal.SIGINT: (ExitCode.INTERRUPTED, "interrupted"), signal.SIGTERM: (ExitCode.TERMINATED, "terminated")}


def main() -> None:
    _stop_on_signals()
    _tolerate_unencodable_output()
    # One run allocates many short-lived objects (YAML nodes, pydantic and Jinja2 internals). Collecting
    # every 700 allocations, Python's default, cost `validate` of 60 specs ~10% of its CPU time; every
    # 20,000 keeps that near zero and still bounds the garbage of a long batch.
    gc.set_threshold(20_000, 50, 50)
    try:
        from archgen.cli import app

        app()
    except Stopped as stop:
        _leave(stop.exit_code, stop.message)
    except KeyboardInterrupt:  # arrived before the handlers were installed
        _leave(ExitCode.INTERRUPTED, "interrupted")
    except SystemExit:
        raise
    except BaseException as exc:  # pragma: no cover - last resort: a bug, said in one line
        if os.environ.get("ARCHGEN_DEBUG"):
            traceback.print_exc()
        _leave(ExitCode.INTERNAL, f"internal error: {type(exc).__name__}: {exc} (set ARCHGEN_DEBUG=1 for details)")


def _stop_on_signals() -> None:
    """Turn Ctrl-C and SIGTERM into Stopped, once: a second signal must not cut the clean-up short.
    Later signals are dropped here rather than set to SIG_IGN, which makes Python raise "signal
    ignored due to race condition" for one that already arrived."""
    stopped: list[int] = []

    def stop(signum: int, _frame: FrameType | None) -> None:
        if stopped:
            return
        stopped.append(signum)
        waiting.stopping.set()
        dot_run = sys.modules.get("archgen.render.dot_run")
        if dot_run is not None:  # `dot`s run in other threads too; this exception reaches only this one
            dot_run.stop_all()
        multiprocessing = sys.modules.get("multiprocessing")
        if multiprocessing is not None:  # `--jobs` workers: each stops its own `dot`s and cleans up
            for worker in multiprocessing.active_children():
                worker.terminate()
        raise Stopped(*_STOPS[signal.Signals(signum)])

    for signum in _STOPS:
        if signal.getsignal(signum) is not signal.SIG_IGN:  # `nohup` and background jobs ignore SIGINT
            signal.signal(signum, stop)


def _tolerate_unencodable_output() -> None:
    """With a terminal encoding that lacks a character (PYTHONIOENCODING=ascii, a Latin-1 console),
    print `?` in its place instead of failing at the first em dash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def _leave(code: ExitCode, message: str) -> None:
    sys.stderr.write(f"{message}\n")
    sys.exit(code)


if __name__ == "__main__":
    main()
