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
MAX_SIZE = 1e18  # an exabyte: ~1,000× the largest size in the library (a 1.2 PB storage node)
MAX_DURATION = 100 * 365 * 86400.0  # a century; the library's longest retention is 10 years


def parse_count(value: object) -> float:
    """`500M` -> 5e8. Plain numbers pass through."""
    return _parse(value, _COUNT_SUFFIX, "a count such as 500, 1.5K, 20M or 2B", (MAX_COUNT, "1e15"))


def parse_size(value: object) -> float:
    """`1KB` -> 1000 bytes (decimal units, as at a whiteboard; KiB etc. are binary)."""
    return _parse(value, _SIZE_SUFFIX, "a size such as 500B, 1KB, 2.5MB or 1GB", (MAX_SIZE, "1000PB"), bare_unit="b")


def parse_duration(value: object) -> float:
    """`200ms` -> 0.2 seconds; `5y` -> 5 × 365 days."""
    return _parse(value, _DURATION_SUFFIX, "a duration such as 150us, 200ms, 2s, 30d or 5y", (MAX_DURATION, "100y"),
                  bare_unit="s")


_PER = {"s": 1.0, "sec": 1.0, "second": 1.0, "min": 60.0, "minute": 60.0, "h": 3600.0, "hour": 3600.0,
        "d": 86400.0, "day": 86400.0}
_RATE = re.compile(r"(?P<amount>[^/]+?)\s*/\s*(?P<per>[A-Za-z]+)")
_BITS = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s*(?P<scale>[kKmMgGtT]?)(?:bps|bit/s|b/s)")  # lower-case b: bits
_PERCENT = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s*%")
_FRACTION = re.compile(r"\d*\.\d+|[01]")  # `0.999` as typed: the loader keeps numbers as text


def parse_rate(value: object) -> float:
    """`20K/s`, `5K writes/s`, `300/min` -> events per second. A bare number has no unit and is refused."""
    expected = "a rate with its unit such as 20K/s, 5K writes/s or 300/min"
    match = _RATE.fullmatch(str(value).strip()) if not isinstance(value, bool | int | float) else None
    per = match["per"].lower() if match else None
    if match is None or per not in _PER:
        raise ValueError(f"expected {expected}, got `{value}`")
    amount = match["amount"].split()
    if not amount or len(amount) > 2:  # an optional word between number and unit: `5K writes/s`
        raise ValueError(f"expected {expected}, got `{value}`")
    return parse_count(amount[0]) / _PER[per]


def parse_bandwidth(value: object) -> float:
    """`1.25GB/s` or `10Gbps` -> bytes per second (bits are divided by 8)."""
    expected = "a bandwidth with its unit such as 1.25GB/s, 10Gbps or 100 Mbit/s"
    text = str(value).strip() if not isinstance(value, bool | int | float) else ""
    bits = _BITS.fullmatch(text)
    if bits:
        return parse_count(bits["number"] + bits["scale"]) / 8  # a count, so bounded like one
    match = _RATE.fullmatch(text)
    if match is None or match["per"].lower() not in _PER or not re.search(r"[A-Za-z]\s*$", match["amount"]):
        raise ValueError(f"expected {expected}, got `{value}`")
    return parse_size(match["amount"]) / _PER[match["per"].lower()]


def parse_stored_size(value: object) -> float:
    """A size that must carry its unit (`4TB`): a bare number is ambiguous for a capacity."""
    if isinstance(value, bool | int | float) or not re.search(r"[A-Za-z]\s*$", str(value)):
        raise ValueError(f"expected a size with its unit such as 500GB or 4TB, got `{value}`")
    return parse_size(value)


def parse_percentage(value: object) -> float:
    """`99.99%` -> 0.9999; a plain fraction such as 0.999 is taken as it is."""
    expected = "a percentage such as 99.9% or 99.99%"
    if isinstance(value, bool):
        raise ValueError(f"expected {expected}, got `{value}`")
    if isinstance(value, int | float):
        fraction = float(value)
    else:
        text = str(value).strip()
        match = _PERCENT.fullmatch(text)
        if match is None and not _FRACTION.fullmatch(text):
            raise ValueError(f"expected {expected}, got `{value}`")
        fraction = float(match["number"]) / 100 if match else float(text)
    if not 0 < fraction <= 1:
        raise ValueError(f"expected {expected}, got `{value}`")
    return fraction


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


def format_percent(fraction: float) -> str:
    """99.987% rather than 100%: enough digits to show two figures of what is missing."""
    missing = 1 - fraction
    if missing <= 0:
        return "100%"
    digits = max(0, 1 - math.floor(math.log10(missing * 100)))
    text = f"{fraction * 100:.{digits}f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _scaled(value: float, scales: list[tuple[float, str]], base_unit: str) -> str:
    rounded = float(two_figures(value)) if value else 0.0
    for scale, unit in scales:
        if rounded >= scale:
            return f"{two_figures(rounded / scale)}{unit}"
    return f"{two_figures(rounded)}{base_unit}"
