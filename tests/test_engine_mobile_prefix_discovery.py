"""Mobile Prefix Solicitation/Advertisement and a renumbered home link (RFC 6275 §10.6,
§11.4.3; RFC 4192), on tests/discovery_harness.py's network."""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network

from discovery_harness import HA1, build_discovery
from engine_harness import COA, HOA, gaps, sent_at

from mipviz.engine.messages import BindingUpdate, EchoRequest, RouterAdvertisement
from mipviz.model.discovery_messages import MobilePrefixAdvertisement, MobilePrefixSolicitation

NEW_PREFIX = IPv6Network("2001:db8:5::/64")
NEW_HOA = IPv6Address("2001:db8:5::100")


def _registered():
    s = build_discovery()
    s.run(4)
    s.move("MN", "visited")
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    return s


def test_a_renumbered_home_link_gives_the_mobile_node_a_new_home_address() -> None:
    s = _registered()
    mark = s.mark()
    s.act(lambda: s.net.renumber("home", NEW_PREFIX))
    s.run_until("binding-acknowledgement-received", "MN", timeout=10)
    advertisements = s.frames(MobilePrefixAdvertisement, tx="HA1", since=mark)
    solicitations = s.frames(MobilePrefixSolicitation, tx="MN", since=mark)
    assert len(advertisements) == 2 and len(solicitations) == 1
    unsolicited, solicited = (a.packet for a in advertisements)
    # to the care-of address, with a Type 2 Routing Header holding the home address
    assert (unsolicited.source, unsolicited.destination) == (HA1, COA)
    assert unsolicited.routing_header_type2.home_address == HOA
    # the MN discards the unsolicited one and solicits; the answer carries its identifier
    solicitation = solicitations[0].packet
    assert solicitation.source == COA and solicitation.home_address_option.home_address == HOA
    assert solicited.payload.identifier == solicitation.payload.identifier
    assert unsolicited.payload.identifier != solicitation.payload.identifier
    assert sent_at(advertisements[0]) < sent_at(solicitations[0]) < sent_at(advertisements[1])
    prefixes = {p.prefix: p for p in solicited.payload.prefixes}
    assert prefixes[IPv6Network("2001:db8:1::/64")].preferred_lifetime == 0  # deprecated
    assert prefixes[NEW_PREFIX].preferred_lifetime > 0
    bu = s.frames(BindingUpdate, tx="MN", since=mark)[0].packet
    assert bu.home_address_option.home_address == NEW_HOA  # new prefix + the old IID
    assert s.state("MN").home_address == NEW_HOA
    assert s.cache_entry("HA1", NEW_HOA) is not None
    # routers advertise both prefixes now, the old one deprecated
    ras = s.frames(RouterAdvertisement, tx="R2", since=mark)
    if ras:
        assert len(ras[-1].packet.payload.prefixes) == 1  # not the home link: unchanged
    # and traffic to the new home address goes through the tunnel
    s.act(lambda: s.net.start_flow("ping", "CN", "MN", "echo", 1.0, 0))
    back = s.mark()
    s.run(3)
    tunnelled = s.frames(EchoRequest, tx="HA1", since=back)
    assert tunnelled and tunnelled[0].packet.payload.destination == NEW_HOA
    assert s.events("data-delivered", "CN", since=back)


def test_the_unsolicited_advertisement_is_resent_until_acknowledged() -> None:
    s = _registered()
    s.act(lambda: s.net.fail("MN"))  # it cannot answer
    mark = s.mark()
    s.act(lambda: s.net.renumber("home", NEW_PREFIX))
    s.run(30)
    times = [sent_at(a) for a in s.frames(MobilePrefixAdvertisement, tx="HA1", since=mark)]
    # PREFIX_ADV_TIMEOUT 3 s, doubling, PREFIX_ADV_RETRIES 3: four in all
    assert gaps(times) == [3, 6, 12]


def test_only_a_registered_care_of_address_may_solicit_with_a_home_address_option() -> None:
    s = _registered()
    ha = s.node("HA1")
    from mipviz.model.messages import IPv6Packet

    forged = IPv6Packet(IPv6Address("2001:db8:2::bad"), HA1, MobilePrefixSolicitation(7))
    assert not ha.prefix_discovery.accepts_home_address_option(forged, HOA)
    genuine = IPv6Packet(COA, HA1, MobilePrefixSolicitation(7))
    assert ha.prefix_discovery.accepts_home_address_option(genuine, HOA)


def test_a_registration_on_a_deprecated_prefix_gets_status_1_and_the_node_solicits() -> None:
    """§10.6.1/§11.4.3: the MN missed the unsolicited Advertisements (it was down); its next
    registration of the old home address is accepted with status 1, so it solicits, learns the
    new prefix and registers its new home address."""
    from mipviz.engine.messages import BindingAcknowledgement

    s = _registered()
    s.act(lambda: s.net.fail("MN"))
    s.act(lambda: s.net.renumber("home", NEW_PREFIX))
    s.run(30)  # the HA gives up resending (PREFIX_ADV_RETRIES)
    s.act(lambda: s.net.restore("MN"))
    mark = s.mark()
    s.run(60)  # the refresh of the old home address comes due
    statuses = [b.packet.payload.status for b in s.frames(BindingAcknowledgement, tx="HA1",
                                                          since=mark)]
    assert statuses[0] == 1
    solicitation = s.frames(MobilePrefixSolicitation, tx="MN", since=mark)
    assert solicitation
    assert s.state("MN").home_address == NEW_HOA
    assert statuses[-1] == 0  # the new home address is on the preferred prefix


def test_an_unanswered_solicitation_is_resent_with_back_off() -> None:
    s = _registered()
    s.act(lambda: s.net.fail("HA1"))
    mark = s.mark()
    s.act(lambda: s.node("MN").prefix_discovery.solicit())
    s.run(30)
    times = [sent_at(f) for f in s.frames(MobilePrefixSolicitation, tx="MN", since=mark)]
    assert gaps(times) == [3, 6, 12]  # INITIAL_SOLICIT_TIMER 3 s, doubling; 3 resends
