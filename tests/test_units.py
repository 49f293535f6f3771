import pytest

from archgen.units import (
    format_count,
    format_duration,
    format_size,
    parse_count,
    parse_duration,
    parse_size,
    two_figures,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("500M", 5e8), ("1.5K", 1500), ("2B", 2e9), (40, 40), ("1,000", 1000), ("10k", 1e4),
])
def test_parse_count(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("20KB", 20_000), ("500B", 500), ("1 MB", 1e6), ("1KiB", 1024), ("2.5GB", 2.5e9), (512, 512),
])
def test_parse_size(text, expected):
    assert parse_size(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("200ms", 0.2), ("5y", 5 * 365 * 86400), ("150us", 150e-6), ("2s", 2), ("30d", 30 * 86400),
])
def test_parse_duration(text, expected):
    assert parse_duration(text) == pytest.approx(expected)


@pytest.mark.parametrize("bad", ["lots", "5 parsecs", "-3", "1e999", True, "", "KB"])
def test_nonsense_amounts_are_refused_with_the_expected_form(bad):
    with pytest.raises(ValueError, match="expected a size such as"):
        parse_size(bad)


def test_two_significant_figures():
    assert two_figures(115.74) == "120"
    assert two_figures(0.01234) == "0.012"
    assert format_count(5e8) == "500M"
    assert format_size(180e9) == "180 GB"
    assert format_duration(0.2) == "200 ms"
