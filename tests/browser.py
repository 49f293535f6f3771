"""Debian's Chromium driven by Playwright, for the browser tests and scripts/screenshots.py.

Playwright never downloads a browser here: it launches the system Chromium (`make test` installs it
through scripts/ensure-browser.sh). Without a browser the tests skip with the reason, except in CI
(`CI=true`), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# As root in a container Chromium needs --no-sandbox; the rest keep it from reaching for Google's
# services, which a closed network refuses (many connections at a time) at every start.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    configured = os.environ.get("ARCHGEN_CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install -e '.[dev]'"
    if chromium_path() is None:
        return "Chromium is not installed: run scripts/ensure-browser.sh (or set ARCHGEN_CHROMIUM)"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS,
                                             chromium_sandbox=False)
        try:
            yield browser
        finally:
            browser.close()
