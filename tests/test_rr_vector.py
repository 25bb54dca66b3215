"""Return Routability computations reproduce PROTOCOL.md §15.4 byte for byte (RFC 6275 §5.2.5)."""

from ipaddress import IPv6Address

from mipviz.engine import rr

KCN = bytes.fromhex("000102030405060708090a0b0c0d0e0f10111213")
HOA = IPv6Address("2001:db8:1::100")
COA = IPv6Address("2001:db8:2::100")
CN = IPv6Address("2001:db8:3::1")
HOME_NONCE = bytes.fromhex("0102030405060708")
CAREOF_NONCE = bytes.fromhex("1112131415161718")


def test_keygen_tokens() -> None:
    assert rr.home_keygen_token(KCN, HOA, HOME_NONCE).hex() == "37ef3c8eb202a6f2"
    assert rr.careof_keygen_token(KCN, COA, CAREOF_NONCE).hex() == "679d55df5ccf62c2"


def test_kbm_register_and_delete() -> None:
    home = rr.home_keygen_token(KCN, HOA, HOME_NONCE)
    careof = rr.careof_keygen_token(KCN, COA, CAREOF_NONCE)
    assert rr.binding_management_key(home, careof).hex() == (
        "3ead17bc8a6576c9dbce5c84dcffb363810e4774")
    assert rr.binding_management_key(home, None).hex() == (
        "6c3b94a5418044de64b5849ee76347b0578e11c6")


def test_bu_and_ba_authenticators() -> None:
    kbm = bytes.fromhex("3ead17bc8a6576c9dbce5c84dcffb363810e4774")
    bu_on_wire = bytes.fromhex("3b0305009ce6000180000069040400010002050cf9ffc10c4982c99a456e28e2")
    bu_data = rr.authenticator_input(bu_on_wire)
    assert bu_data.hex() == "3b030500000000018000006904040001000205" + "0c"
    assert rr.authenticator(kbm, COA, CN, bu_data).hex() == "f9ffc10c4982c99a456e28e2"
    ba_data = bytes.fromhex("3b030600" "0000" "00" "00" "0001" "0069" "010400000000" "050c")
    assert rr.authenticator(kbm, COA, CN, ba_data).hex() == "8103f5d2edb55ce82b4f936d"


def test_slide_style_differs_from_rfc() -> None:
    """The 2003 deck hashes whole HMACs (PROTOCOL.md §15.5); the RFC truncates to 64 bits."""
    import hashlib
    import hmac

    t0 = hmac.new(KCN, HOA.packed + HOME_NONCE + b"\x00", hashlib.sha1).digest()
    t1 = hmac.new(KCN, COA.packed + CAREOF_NONCE + b"\x01", hashlib.sha1).digest()
    assert hashlib.sha1(t0 + t1).hexdigest() == "1f4fcfaabdc19f2068ecc36115c1abb3b189e2d0"
    assert t0[:8] == rr.home_keygen_token(KCN, HOA, HOME_NONCE)
