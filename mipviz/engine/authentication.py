"""Signing and verifying BUs and BAs with the Binding Authorization Data option (§6.2.7).

The authenticator covers the Mobility Header exactly as the codec puts it on the wire, so it
is computed over :func:`mipviz.engine.codec.mobility_header_bytes` of the message with a
12-octet placeholder in the BAD (PROTOCOL.md §15.3).
"""

from __future__ import annotations

import dataclasses
import hmac
from ipaddress import IPv6Address
from typing import TypeVar

from mipviz.engine import rr
from mipviz.engine.codec import mobility_header_bytes
from mipviz.model.messages import (
    BindingAcknowledgement,
    BindingAuthorizationData,
    BindingUpdate,
)

Signed = TypeVar("Signed", BindingUpdate, BindingAcknowledgement)

_PLACEHOLDER = BindingAuthorizationData(bytes(rr.AUTHENTICATOR_LENGTH))


def compute_authenticator(message: Signed, kbm: bytes, careof_address: IPv6Address,
                          correspondent: IPv6Address) -> bytes:
    """The 96-bit authenticator for ``message`` (its options *without* the BAD)."""
    placeholder = dataclasses.replace(message, options=(*message.options, _PLACEHOLDER))
    data = rr.authenticator_input(mobility_header_bytes(placeholder))
    return rr.authenticator(kbm, careof_address, correspondent, data)


def sign(message: Signed, kbm: bytes, careof_address: IPv6Address,
         correspondent: IPv6Address) -> Signed:
    """Append the BAD option as the last option (RFC 6275 §6.2.7)."""
    value = compute_authenticator(message, kbm, careof_address, correspondent)
    return dataclasses.replace(message, options=(*message.options, BindingAuthorizationData(value)))


def verify(message: Signed, kbm: bytes, careof_address: IPv6Address,
           correspondent: IPv6Address) -> bool:
    """True when the last option is a BAD whose authenticator matches (§9.5.1, §11.7.3)."""
    if not message.options or not isinstance(message.options[-1], BindingAuthorizationData):
        return False
    received = message.options[-1].authenticator
    unsigned = dataclasses.replace(message, options=message.options[:-1])
    expected = compute_authenticator(unsigned, kbm, careof_address, correspondent)
    return hmac.compare_digest(received, expected)
