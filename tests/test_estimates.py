"""Estimates against the worked examples in the source notes."""

import pytest

from archgen.analyse.estimates import estimate
from archgen.spec import Load


def load(**fields) -> Load:
    return Load.model_validate(fields)


def test_one_million_users_ten_requests_a_day_is_about_116_qps():
    result = estimate(load(users="1M", actions={"req": {"type": "read", "per_user_per_day": 10, "size": "1KB"}}))
    assert result.actions[0].average_rps == pytest.approx(115.7, abs=0.1)
    assert result.figure("average_rps").display == "120/s"


def test_one_million_urls_a_day_at_500_bytes_is_500_mb_a_day_and_180_gb_a_year():
    result = estimate(load(actions={"shorten": {"type": "write", "per_day": "1M", "size": "500B"}}))
    assert result.figure("storage_per_day").value == 500e6
    assert result.figure("storage_per_day").display == "500 MB/day"
    assert result.figure("storage_per_year").value == pytest.approx(182.5e9)
    assert result.figure("storage_per_year").display == "180 GB/year"


def test_feed_reads_ten_million_users_three_opens_is_about_350_per_second_with_peak():
    result = estimate(load(users="10M", peak_factor=4,
                           actions={"open_feed": {"type": "read", "per_user_per_day": 3, "size": "20KB"}}))
    (feed,) = result.actions
    assert feed.average_rps == pytest.approx(347, abs=1)
    assert result.figure("read_rps").display.startswith("350/s")
    assert 3 * 347 <= feed.peak_rps <= 5 * 347


def test_two_million_posts_of_1kb_is_2gb_a_day():
    result = estimate(load(actions={"post": {"type": "write", "per_day": "2M", "size": "1KB"}}))
    assert result.figure("storage_per_day").display == "2 GB/day"


def test_totals_cover_ratio_bandwidth_retention_cache_and_servers():
    result = estimate(load(users="10M", peak_factor=2, replication=3, retention="2y", per_server_rps="1K",
                           cache_hot_fraction=0.2, actions={
                               "write": {"type": "write", "per_user_per_day": 2, "size": "1KB", "stored_size": "2KB"},
                               "read": {"type": "read", "per_user_per_day": 20, "size": "10KB"}}))
    assert result.read_write_ratio == pytest.approx(10)
    assert result.figure("ingress").value == pytest.approx(20e6 * 1000 / 86400)
    assert result.figure("egress").value == pytest.approx(200e6 * 10e3 / 86400)
    assert result.figure("storage_total").value == pytest.approx(20e6 * 2000 * 365 * 2 * 3)
    assert result.figure("cache_memory").value == pytest.approx(0.2 * 200e6 * 10e3)
    peak = (220e6 / 86400) * 2
    assert result.figure("servers").value == -(-peak // 1000)
    assert "÷ 1K/s per server" in result.figure("servers").formula


def test_no_actions_means_no_totals():
    assert estimate(load(users="5M")).totals == []


def test_reads_a_cache_never_serves_stay_out_of_the_hot_set():
    actions = {"api": {"type": "read", "per_day": "1M", "size": "1KB"},
               "video": {"type": "read", "per_day": "1M", "size": "1MB", "cached": False}}
    result = estimate(load(actions=actions))
    assert result.figure("cache_memory").value == pytest.approx(0.2 * 1e6 * 1e3)
    assert result.figure("egress").value == pytest.approx((1e6 * 1e3 + 1e6 * 1e6) / 86400)


def test_actions_can_override_peak_replication_and_retention():
    actions = {"rows": {"type": "write", "per_day": "1M", "size": "1KB"},
               "blobs": {"type": "write", "per_day": "1M", "size": "1MB", "replication": 1, "retention": "30d",
                         "peak_factor": 10}}
    result = estimate(load(peak_factor=2, replication=3, retention="1y", actions=actions))
    rows, blobs = result.actions
    assert blobs.peak_rps == pytest.approx(10 * 1e6 / 86400) and rows.peak_rps == pytest.approx(2 * 1e6 / 86400)
    assert result.figure("peak_rps").value == pytest.approx(rows.peak_rps + blobs.peak_rps)
    expected = 1e6 * 1e3 * 365 * 1 * 3 + 1e6 * 1e6 * 365 * (30 / 365) * 1
    assert result.figure("storage_total").value == pytest.approx(expected)
    assert "its retention" in result.figure("storage_total").formula
