"""`mipviz check` on the HMIPv6 and PMIPv6 roles and keys (map, lma, mag, mobile-host; a
router's `map`, a mobile node's `hmipv6`): each mistake is one `FILE:LINE: KEY: MESSAGE`."""

from __future__ import annotations

from pathlib import Path

import pytest

from mipviz.lesson.loader import check_lesson

LESSONS = Path(__file__).resolve().parents[1] / "lessons"


def _variant(tmp_path: Path, lesson: str, old: str, new: str) -> list[str]:
    text = (LESSONS / lesson).read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / lesson
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [str(problem) for problem in check_lesson(path)]


def _line(tmp_path: Path, lesson: str, needle: str) -> int:
    text = (tmp_path / lesson).read_text(encoding="utf-8")
    return text[:text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("lesson", ["15-hmipv6.toml", "16-proxy-mobile-ipv6.toml"])
def test_the_bundled_lessons_check_clean(lesson: str) -> None:
    assert check_lesson(LESSONS / lesson) == []


def test_an_access_router_must_name_a_map(tmp_path: Path) -> None:
    problems = _variant(tmp_path, "15-hmipv6.toml", 'map = "MAP"', 'map = "HA"')
    line = _line(tmp_path, "15-hmipv6.toml", 'map = "HA"')
    assert problems == [f"{tmp_path / '15-hmipv6.toml'}:{line}: topology.nodes[4].map: HA is a "
                        "home-agent, not a map (an access router relays a MAP's option "
                        "(RFC 5380 §5))"]


def test_hmipv6_is_a_mobile_node_key(tmp_path: Path) -> None:
    problems = _variant(tmp_path, "15-hmipv6.toml", 'map = "MAP"\n', 'map = "MAP"\nhmipv6 = true\n')
    assert len(problems) == 1
    assert "topology.nodes[4].hmipv6: not used by role \"router\" (it is for: mobile-node)" \
        in problems[0]


def test_map_preference_range_and_valid_prefixes_shape(tmp_path: Path) -> None:
    problems = _variant(tmp_path, "15-hmipv6.toml", 'role = "map"\n',
                        'role = "map"\nmap_preference = 16\nvalid_prefixes = "2001:db8:21::/64"\n')
    assert any("topology.nodes[3].map_preference: must be at most 15, not 16" in p
               for p in problems)
    assert any("topology.nodes[3].valid_prefixes: expected a list of prefixes" in p
               for p in problems)


def test_a_mag_needs_its_lma_and_two_interfaces(tmp_path: Path) -> None:
    problems = _variant(
        tmp_path, "16-proxy-mobile-ipv6.toml",
        'lma = "LMA"\nra_interval = 0\ninterfaces = [{ link = "acc1", address = '
        '"2001:db8:31::1" }, { link = "core", address = "2001:db8:ff::31" }]',
        'ra_interval = 0\ninterfaces = [{ link = "acc1", address = "2001:db8:31::1" }]')
    text = "\n".join(problems)
    written = (tmp_path / "16-proxy-mobile-ipv6.toml").read_text(encoding="utf-8")
    header = written[:written.index('name = "MAG1"')].count("\n")  # its [[topology.nodes]]
    assert f':{header}: topology.nodes[3]: missing key "lma" (a MAG registers its mobile ' \
        'nodes with an LMA)' in text
    assert "topology.nodes[3].interfaces: a mag needs two interfaces" in text
    assert all(p.startswith(f"{tmp_path / '16-proxy-mobile-ipv6.toml'}:") for p in problems)


def test_a_mobile_host_has_no_address_and_a_disjoint_64(tmp_path: Path) -> None:
    lesson = "16-proxy-mobile-ipv6.toml"
    problems = _variant(tmp_path, lesson, 'link = "acc1"\nmac = "02:00:00:00:01:00"',
                        'link = "acc1"\naddress = "2001:db8:31::100"\nmac = "02:00:00:00:01:00"')
    assert any("address: a mobile host's address comes from its home network prefix" in p
               for p in problems)
    problems = _variant(tmp_path, lesson, 'home_network_prefix = "2001:db8:10::/64"',
                        'home_network_prefix = "2001:db8:31::/64"')
    line = _line(tmp_path, lesson, 'home_network_prefix = "2001:db8:31::/64"')
    assert f":{line}: topology.nodes[5].home_network_prefix: 2001:db8:31::/64 overlaps link " \
           "\"acc1\"'s prefix 2001:db8:31::/64" in "\n".join(problems)
    problems = _variant(tmp_path, lesson, 'home_network_prefix = "2001:db8:10::/64"',
                        'home_network_prefix = "2001:db8:10::/48"')
    assert any("home_network_prefix: 2001:db8:10::/48 must be a /64" in p for p in problems)


def test_a_mobile_host_starts_behind_a_mag_of_its_lma(tmp_path: Path) -> None:
    problems = _variant(tmp_path, "16-proxy-mobile-ipv6.toml",
                        'name = "MN"\nposition = [20, 20]\nrole = "mobile-host"\nlink = "acc1"',
                        'name = "MN"\nposition = [20, 20]\nrole = "mobile-host"\nlink = "cn-net"')
    assert any("topology.nodes[5].link: \"cn-net\" is not the access link (first interface) "
               "of a mag of LMA \"LMA\"" in p for p in problems), problems


def test_only_movable_roles_move(tmp_path: Path) -> None:
    problems = _variant(tmp_path, "16-proxy-mobile-ipv6.toml",
                        'action = "move"\nnode = "MN"', 'action = "move"\nnode = "MAG1"')
    assert any("node: MAG1 is a mag, not a mobile-node or a mobile-router or a mobile-host"
               in p for p in problems), problems
