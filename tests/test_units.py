import pytest

from archgen.units import (
    format_count,
    format_duration,
    format_percent,
    format_size,
    parse_bandwidth,
    parse_count,
    parse_duration,
    parse_percentage,
    parse_rate,
    parse_size,
    parse_stored_size,
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


@pytest.mark.parametrize(("text", "expected"), [
    ("20K/s", 20e3), ("5K writes/s", 5e3), ("300/min", 5.0), ("1.2M req/s", 1.2e6), ("86.4K/day", 1.0),
])
def test_parse_rate(text, expected):
    assert parse_rate(text) == pytest.approx(expected)


@pytest.mark.parametrize("bad", ["20000", 20000, "20K", "20K/fortnight", "/s", "a b c/s"])
def test_a_rate_without_its_unit_is_refused(bad):
    with pytest.raises(ValueError, match="a rate with its unit"):
        parse_rate(bad)


@pytest.mark.parametrize(("text", "expected"), [
    ("1.25GB/s", 1.25e9), ("10Gbps", 1.25e9), ("100 Mbit/s", 12.5e6), ("50MB/s", 50e6), ("10 Gb/s", 1.25e9),
])
def test_parse_bandwidth_tells_bits_from_bytes(text, expected):
    assert parse_bandwidth(text) == pytest.approx(expected)


def test_percentages_and_their_display():
    assert parse_percentage("99.99%") == pytest.approx(0.9999)
    assert parse_percentage(0.999) == pytest.approx(0.999)
    with pytest.raises(ValueError):
        parse_percentage("120%")
    assert [format_percent(v) for v in (0.9999, 0.99987, 0.995, 0.9)] == ["99.99%", "99.987%", "99.5%", "90%"]


def test_a_stored_size_needs_its_unit():
    assert parse_stored_size("4TB") == 4e12
    with pytest.raises(ValueError, match="with its unit"):
        parse_stored_size(4)
