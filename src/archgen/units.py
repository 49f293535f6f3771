"""Whiteboard quantities: parse `500M`, `1.5KB`, `5y`, `200ms`; format them back to two figures."""

from __future__ import annotations

import math
import re

_NUMBER = r"(?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
_COUNT_SUFFIX = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}
_SIZE_SUFFIX = {
    "b": 1.0, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15,
    "kib": 1024.0, "mib": 1024.0**2, "gib": 1024.0**3, "tib": 1024.0**4, "pib": 1024.0**5,
}
_DURATION_SUFFIX = {
    "ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0, "m": 60.0,
    "h": 3600.0, "d": 86400.0, "w": 7 * 86400.0, "mo": 30 * 86400.0, "y": 365 * 86400.0,
}

# Upper bounds: far above any real design, and far below where the sums and products the
# estimates and budgets form (counts × sizes × days, latencies summed over steps) leave a float's
# range (1.8e308), so every computed figure stays a finite number.
MAX_COUNT = 1e15  # a million billion; the library's largest figure is 2e12 requests a day
MAX_SIZE = 1e15  # a petabyte per request or item; S3's largest object is 5 TB
MAX_DURATION = 100 * 365 * 86400.0  # a century; the library's longest retention is 10 years


def parse_count(value: object) -> float:
    """`500M` -> 5e8. Plain numbers pass through."""
    return _parse(value, _COUNT_SUFFIX, "a count such as 500, 1.5K, 20M or 2B", (MAX_COUNT, "1e15"))


def parse_size(value: object) -> float:
    """`1KB` -> 1000 bytes (decimal units, as at a whiteboard; KiB etc. are binary)."""
    return _parse(value, _SIZE_SUFFIX, "a size such as 500B, 1KB, 2.5MB or 1GB", (MAX_SIZE, "1PB"), bare_unit="b")


def parse_duration(value: object) -> float:
    """`200ms` -> 0.2 seconds; `5y` -> 5 × 365 days."""
    return _parse(value, _DURATION_SUFFIX, "a duration such as 150us, 200ms, 2s, 30d or 5y", (MAX_DURATION, "100y"),
                  bare_unit="s")


def _parse(value: object, suffixes: dict[str, float], expected: str, limit: tuple[float, str],
           bare_unit: str = "") -> float:
    if isinstance(value, bool):
        raise ValueError(f"expected {expected}, got `{_shown(value)}`")
    try:
        number = float(value) if isinstance(value, int | float) else _parse_text(str(value), suffixes, bare_unit)
    except OverflowError:  # an int past a float's range
        number = math.inf
    except ValueError:
        raise ValueError(f"expected {expected}, got `{_shown(value)}`") from None
    if math.isnan(number) or number < 0:
        raise ValueError(f"expected {expected}, got `{_shown(value)}`")
    if number > limit[0]:  # infinity too: `1e400`, or 400 digits
        raise ValueError(f"`{_shown(value)}` is more than archgen accepts (at most {limit[1]})")
    return number


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _parse_text(text: str, suffixes: dict[str, float], bare_unit: str) -> float:
    text = text.strip().replace(",", "").replace("_", "")
    match = re.fullmatch(_NUMBER + r"\s*(?P<unit>[A-Za-zµ]*)", text)
    unit = match["unit"].lower() if match else None
    if match is None or unit not in suffixes:
        raise ValueError(text)
    return float(match["number"]) * suffixes[unit or bare_unit]


def two_figures(value: float) -> str:
    """Round to two significant figures, like an engineer at a whiteboard: 115.74 -> 120."""
    if value == 0:
        return "0"
    digits = 1 - math.floor(math.log10(abs(value)))
    rounded = round(value, digits)
    text = f"{rounded:.{max(digits, 0)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_count(value: float) -> str:
    return _scaled(value, [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")], "")


def format_size(value: float) -> str:
    return _scaled(value, [(1e15, " PB"), (1e12, " TB"), (1e9, " GB"), (1e6, " MB"), (1e3, " KB")], " B")


def format_rate(value: float) -> str:
    return _scaled(value, [(1e12, " TB/s"), (1e9, " GB/s"), (1e6, " MB/s"), (1e3, " KB/s")], " B/s")


def format_duration(seconds: float) -> str:
    for limit, unit in [(365 * 86400.0, "y"), (86400.0, "d"), (3600.0, "h"), (60.0, "min"), (1.0, "s"),
                        (1e-3, "ms"), (1e-6, "µs")]:
        if seconds >= limit:
            return f"{two_figures(seconds / limit)} {unit}"
    return f"{two_figures(seconds / 1e-9)} ns" if seconds else "0 ms"


def _scaled(value: float, scales: list[tuple[float, str]], base_unit: str) -> str:
    rounded = float(two_figures(value)) if value else 0.0
    for scale, unit in scales:
        if rounded >= scale:
            return f"{two_figures(rounded / scale)}{unit}"
    return f"{two_figures(rounded)}{base_unit}"
