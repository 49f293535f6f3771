"""The latency arithmetic and the queueing model, against figures worked by hand or from textbooks."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archgen.analyse.quantiles import (
    add,
    constant,
    later_of,
    latest_on_one_timeline,
    lognormal,
    repeat,
    slowest_of,
    sometimes,
    uniform,
)
from archgen.analyse.queueing import erlang_c, mean_wait, queue_for


def test_a_lognormal_goes_through_its_median_and_p99():
    dist = lognormal(0.010, 0.040)
    assert dist.p50 == pytest.approx(0.010) and dist.at(0.99) == pytest.approx(0.040)


def test_constants_add_exactly_and_medians_add():
    assert add(constant(0.002), constant(0.003)).values == constant(0.005).values
    assert add(lognormal(0.01, 0.04), constant(0.005)).at(0.99) == pytest.approx(0.045)


def test_tails_combine_as_a_root_sum_of_squares():
    # Two identical hops, each 30 ms over its median at p99: the sum is 30·√2 ≈ 42 ms over, not 60 ms.
    hop = lognormal(0.010, 0.040)
    total = add(hop, hop)
    assert total.p50 == pytest.approx(0.020)
    assert total.at(0.99) == pytest.approx(0.020 + 0.030 * math.sqrt(2))
    assert repeat(hop, 2).values == pytest.approx(total.values)


def test_the_slowest_of_n_is_a_single_calls_higher_quantile():
    one = uniform(1.0)  # quantile q is q itself
    assert slowest_of(one, 10).at(0.99) == pytest.approx(0.99 ** 0.1, rel=1e-3)
    assert slowest_of(one, 2.5).values == slowest_of(one, 3).values


def test_the_later_of_two_independent_branches_multiplies_their_cdfs():
    one = uniform(1.0)
    both = later_of(one, one)
    assert both.p50 == pytest.approx(math.sqrt(0.5), rel=0.01)  # kept levels interpolate to ~1%
    assert later_of(one, constant(0.0)).values == one.values


def test_branches_on_one_timeline_take_the_larger_figure_level_by_level():
    assert latest_on_one_timeline(constant(1.0), uniform(2.0)).p50 == pytest.approx(1.0)


def test_a_step_a_share_of_requests_take_counts_only_in_their_quantiles():
    miss = sometimes(constant(0.050), 0.05)
    assert miss.p50 == 0 and miss.at(0.9) == 0
    assert miss.at(0.99) == pytest.approx(0.050)


@given(st.floats(1e-4, 1.0), st.floats(1.0, 10.0), st.floats(0.01, 1.0))
def test_quantiles_never_decrease(median, tail_ratio, share):
    dist = sometimes(add(lognormal(median, median * tail_ratio), uniform(median)), share)
    assert list(dist.values) == sorted(dist.values)
    assert all(v >= 0 for v in dist.values)


def test_erlang_c_matches_the_textbook():
    assert erlang_c(1, 0.5) == pytest.approx(0.5)  # M/M/1: P(wait) = ρ
    assert erlang_c(2, 0.5) == pytest.approx(1 / 3)  # M/M/2 with a = 1: P0 = 1/3, C = 1/3
    assert mean_wait(queue_for(100, 0.01, 0.5)) == pytest.approx(0.01)  # M/M/1: Wq = ρ/(1−ρ) · S


def test_queueing_grows_steeply_past_seventy_percent():
    waits = [queue_for(1000, 0.01, rho).wait.at(0.99) for rho in (0.5, 0.7, 0.9, 0.97)]
    assert waits == sorted(waits) and waits[3] > 5 * waits[1]
    assert queue_for(1000, 0.01, 1.0).wait.unbounded
