"""The Home Agents List (RFC 6275 §10.5.1) under Hypothesis: whatever RAs arrive in whatever
order, the DHAAD order is by decreasing preference, holds each live home agent once, and no
entry outlives its lifetime; H = 0 or Home Agent Lifetime 0 removes an entry."""

from __future__ import annotations

import random
from ipaddress import IPv6Address, IPv6Network

from hypothesis import given, settings
from hypothesis import strategies as st

from mipviz.engine.home_agents_list import MICROSECONDS, HomeAgentsList
from mipviz.model.messages import HomeAgentInformation, PrefixInformation, RouterAdvertisement

PREFIX = IPv6Network("2001:db8:1::/64")


def _ra(index: int, preference: int, lifetime: int, home_agent: bool = True,
        mobile_router: bool = False) -> RouterAdvertisement:
    address = PREFIX[index + 1]
    return RouterAdvertisement(
        router_lifetime=1800, home_agent=home_agent,
        prefixes=(PrefixInformation(PREFIX, router_address=True, address=address),),
        home_agent_information=HomeAgentInformation(preference, lifetime, mobile_router))


def _link_local(index: int) -> IPv6Address:
    return IPv6Address(f"fe80::{index + 1:x}")


EVENTS = st.lists(st.tuples(
    st.integers(0, 5),  # which home agent
    st.integers(-32768, 32767),  # preference
    st.integers(0, 600),  # lifetime (0 removes)
    st.booleans(),  # H flag
    st.booleans(),  # mobile router support
    st.integers(0, 400 * MICROSECONDS),  # time passing before it
), max_size=40)


@settings(max_examples=200, deadline=None)
@given(EVENTS, st.integers(0, 2**32), st.booleans())
def test_order_and_lifetime_invariants(events: list, seed: int, routers_only: bool) -> None:
    table = HomeAgentsList()
    now = 0
    last: dict[int, tuple[int, int, bool, int]] = {}  # index -> (pref, lifetime, mr, at)
    for index, preference, lifetime, h_flag, mobile_router, delay in events:
        now += delay
        table.learn(_link_local(index), _ra(index, preference, lifetime, h_flag, mobile_router),
                    now)
        if h_flag and lifetime:
            last[index] = (preference, lifetime, mobile_router, now)
        else:
            last.pop(index, None)
        ordered = table.ordered_addresses(now, random.Random(seed),
                                          mobile_routers_only=routers_only)
        live = {i: v for i, v in last.items() if v[3] + v[1] * MICROSECONDS > now
                and (v[2] or not routers_only)}
        assert sorted(ordered) == sorted(PREFIX[i + 1] for i in live)  # each live HA once
        preferences = [live[int(a) - int(PREFIX.network_address) - 1][0] for a in ordered]
        assert preferences == sorted(preferences, reverse=True)
        for entry in table.entries(now):
            assert entry.expires > now  # nothing outlives its lifetime


def test_defaults_without_the_option_are_preference_0_and_the_router_lifetime() -> None:
    table = HomeAgentsList()
    ra = RouterAdvertisement(router_lifetime=90, home_agent=True, prefixes=(
        PrefixInformation(PREFIX, router_address=True, address=PREFIX[1]),))
    what, entry = table.learn(_link_local(0), ra, 0)
    assert what == "added" and entry is not None
    assert (entry.preference, entry.lifetime, entry.expires) == (0, 90, 90 * MICROSECONDS)
    assert table.entries(90 * MICROSECONDS) == ()  # expired exactly at its lifetime


def test_equal_preferences_are_shuffled_by_the_seeded_generator() -> None:
    table = HomeAgentsList()
    for index in range(6):
        table.learn(_link_local(index), _ra(index, 5, 600), 0)
    orders = {table.ordered_addresses(0, random.Random(seed)) for seed in range(20)}
    assert len(orders) > 1  # load sharing: not always the same first home agent
    assert table.ordered_addresses(0, random.Random(3)) == table.ordered_addresses(
        0, random.Random(3))  # deterministic for one seed
