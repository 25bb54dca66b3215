"""The Binding Cache against a reference model (RFC 6275 §9.1, §9.5.1), with Hypothesis."""

from ipaddress import IPv6Address

from hypothesis import given, settings
from hypothesis import strategies as st

from mipviz.engine.bindings import BindingCache, sequence_newer

HOMES = [IPv6Address(f"2001:db8:1::{i:x}") for i in range(1, 5)]
COA = IPv6Address("2001:db8:2::1")


def test_sequence_window_examples() -> None:
    # PROTOCOL.md §4.2: last = 15 -> 0..15 and 32783..65535 are "not newer".
    assert not sequence_newer(15, 15)
    assert not sequence_newer(0, 15)
    assert not sequence_newer(32783, 15)
    assert sequence_newer(16, 15)
    assert sequence_newer(32782, 15)
    assert sequence_newer(0, 65535)  # wraps around


@given(st.integers(0, 65535), st.integers(0, 65535))
def test_sequence_newer_is_antisymmetric(a: int, b: int) -> None:
    assert not (sequence_newer(a, b) and sequence_newer(b, a))
    if a != b and (a - b) % 65536 != 32768:
        assert sequence_newer(a, b) or sequence_newer(b, a)


operation = st.one_of(
    st.tuples(st.just("update"), st.sampled_from(HOMES), st.integers(0, 65535),
              st.integers(0, 600)),
    st.tuples(st.just("delete"), st.sampled_from(HOMES), st.just(0), st.just(0)),
    st.tuples(st.just("advance"), st.just(HOMES[0]), st.just(0), st.integers(1, 400)),
)


@settings(max_examples=300)
@given(st.lists(operation, max_size=50))
def test_against_reference_model(operations: list[tuple[str, IPv6Address, int, int]]) -> None:
    cache = BindingCache()
    model: dict[IPv6Address, tuple[int, int]] = {}  # home -> (sequence, expires in s)
    now = 0
    for kind, home, sequence, value in operations:
        if kind == "advance":
            now += value
            cache.expire(now * 1_000_000)
            model = {h: e for h, e in model.items() if e[1] > now}
        elif kind == "delete":
            cache.delete(home)
            model.pop(home, None)
        else:
            acceptable = home not in model or sequence_newer(sequence, model[home][0])
            assert cache.sequence_acceptable(home, sequence) == acceptable
            if acceptable:
                cache.update(home, COA, sequence, value, now * 1_000_000,
                             home_registration=False)
                model[home] = (sequence, now + value)
                if value == 0:  # a zero lifetime is already expired
                    assert cache.lookup(home, now * 1_000_000) is None
        for address in HOMES:
            entry = cache.lookup(address, now * 1_000_000)
            expected = model.get(address)
            if expected is None or expected[1] <= now:
                assert entry is None
            else:
                assert entry is not None and entry.sequence == expected[0]
                assert entry.expires == expected[1] * 1_000_000
    assert [e.home_address for e in cache.snapshot()] == sorted(cache.snapshot() and
                                                               [e.home_address for e in
                                                                cache.snapshot()])
