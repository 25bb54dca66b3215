"""Return Routability recomputed from the bytes of one step (RFC 6275 §5.2.5, §5.2.6, §6.1).

For a Home/Care-of Test Init: the token the correspondent answers it with. For a Home/Care-of
Test: that token recomputed from Kcn and the nonce, compared with the token on the wire. For
a correspondent Binding Update or Acknowledgement: both tokens, Kbm, the authenticator input
part by part, the authenticator computed and the one received, and whether they are equal.
PROTOCOL.md §15.2-§15.3 give the formulas; every value is computed here with hmac/hashlib.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from ipaddress import IPv6Address
from types import MappingProxyType
from typing import TYPE_CHECKING

from mipviz.explain.frame import (
    MH_BINDING_ACK,
    MH_BINDING_UPDATE,
    OPTION_ALTERNATE_COA,
    OPTION_BAD,
    OPTION_NONCE_INDICES,
    MobilityFrame,
    mobility_frame,
)
from mipviz.explain.model import Explanation, Line, hex_lines
from mipviz.explain.secrets import CorrespondentSecret, EspKey, IssuedNonce, RunSecrets
from mipviz.i18n import Msg, msg

if TYPE_CHECKING:
    from mipviz.engine.timeline import Step

HOTI, COTI, HOT, COT = 1, 2, 3, 4
TOKEN, AUTHENTICATOR = 8, 12  # First(64, ...), First(96, ...)
BU_OPTIONS, BA_OPTIONS = 12, 12  # where the mobility options start in a BU / a BA
SIDES = {HOTI: "home", HOT: "home", COTI: "careof", COT: "careof"}


@dataclass(frozen=True, slots=True)
class Registration:
    """What a correspondent Binding Update fixed for its acknowledgement."""

    step: int
    sequence: int
    home_nonce_index: int
    careof_nonce_index: int
    careof_address: IPv6Address  # the one in the authenticator (the HoA for a deletion)
    deleting: bool


@dataclass(frozen=True, slots=True)
class RrIndex:
    """Across a run: which nonce index answered each cookie, and each correspondent BU."""

    answers: Mapping[tuple[int, bytes], tuple[int, int, bytes]]  # (HoT/CoT, cookie) ->
    # (step, nonce index, token)
    registrations: Mapping[tuple[IPv6Address, IPv6Address], tuple[Registration, ...]]


def index_exchanges(steps: Iterable[Step],
                    esp: Mapping[int, EspKey] | None = None) -> RrIndex:
    answers: dict[tuple[int, bytes], tuple[int, int, bytes]] = {}
    registrations: dict[tuple[IPv6Address, IPv6Address], list[Registration]] = {}
    for step in steps:
        if step.frame_bytes is None:
            continue
        frame = mobility_frame(step.frame_bytes, esp)
        if frame is None or len(frame.mh) < 8:
            continue
        kind = frame.mh_type
        if kind in (HOT, COT) and len(frame.mh) >= 24:
            answers.setdefault((kind, frame.mh[8:16]),
                               (step.index, int.from_bytes(frame.mh[6:8], "big"),
                                frame.mh[16:24]))
        elif kind == MH_BINDING_UPDATE and not _home_registration(frame):
            facts = _bu_facts(frame)
            if facts is not None:
                home, correspondent, sequence, indices, careof, deleting = facts
                if indices is not None:
                    entries = registrations.setdefault((home, correspondent), [])
                    if not entries or entries[-1].sequence != sequence:
                        entries.append(Registration(step.index, sequence, *indices,
                                                    careof, deleting))
    return RrIndex(MappingProxyType(answers),
                   MappingProxyType({k: tuple(v) for k, v in registrations.items()}))


def explain(step: Step, secrets: RunSecrets, index: RrIndex) -> Explanation | None:
    if step.frame_bytes is None:
        return None
    frame = mobility_frame(step.frame_bytes, secrets.esp)
    if frame is None or len(frame.mh) < 8:
        return None
    found = _explain(step, frame, secrets, index)
    if found is None or not frame.decrypted:
        return found
    # Inside ESP the values are in the decrypted octets: nothing on the wire to light.
    return dataclasses.replace(found, lines=tuple(dataclasses.replace(line, span=None)
                                                  for line in found.lines))


def _explain(step: Step, frame: MobilityFrame, secrets: RunSecrets,
             index: RrIndex) -> Explanation | None:
    kind = frame.mh_type
    if kind in (HOTI, COTI) and len(frame.mh) >= 16:
        return _test_init(step, frame, secrets, index)
    if kind in (HOT, COT) and len(frame.mh) >= 24:
        return _test(frame, secrets)
    if kind == MH_BINDING_UPDATE and not _home_registration(frame):
        return _binding_update(frame, secrets)
    if kind == MH_BINDING_ACK:
        return _binding_ack(step, frame, secrets, index)
    return None


# -- keygen tokens (§5.2.5) ------------------------------------------------------------------


def _secret_lines(secret: CorrespondentSecret, correspondent: IPv6Address) -> list[Line]:
    return [Line(msg("explain.rr.kcn", node=secret.node, address=str(correspondent)),
                 hex_lines(secret.kcn))]


def _token(side: str, secret: CorrespondentSecret, nonce: IssuedNonce,
           address: IPv6Address) -> tuple[bytes, list[Line]]:
    """First(64, HMAC_SHA1(Kcn, address | nonce | 0 or 1)) and the lines that show it."""
    suffix = b"\x00" if side == "home" else b"\x01"
    data = address.packed + nonce.value + suffix
    digest = hmac.new(secret.kcn, data, hashlib.sha1).digest()
    token = digest[:TOKEN]
    lines = [
        Line(msg(f"explain.rr.nonce.{side}", index=nonce.index), hex_lines(nonce.value)),
        Line(msg(f"explain.rr.input.{side}", index=nonce.index)),
        Line(msg(f"explain.rr.part.{side}_address", address=str(address)),
             hex_lines(address.packed), 1),
        Line(msg("explain.rr.part.nonce", index=nonce.index), hex_lines(nonce.value), 1),
        Line(msg("explain.rr.part.suffix", value=suffix.hex()), (suffix.hex(),), 1),
        Line(msg("explain.rr.hmac"), hex_lines(digest)),
        Line(msg(f"explain.rr.token.{side}"), hex_lines(token)),
    ]
    return token, lines


def _compare(label: Msg, computed: bytes, received: bytes, span: tuple[int, int]) -> list[Line]:
    equal = hmac.compare_digest(computed, received)
    return [Line(label, hex_lines(received), span=span, verdict=equal),
            Line(msg("explain.verdict.equal" if equal else "explain.verdict.differs"),
                 verdict=equal)]


def _test_init(step: Step, frame: MobilityFrame, secrets: RunSecrets,
               index: RrIndex) -> Explanation:
    """HoTI/CoTI (§6.1.3-§6.1.4): the cookie, and the token the correspondent answers with."""
    kind = frame.mh_type
    side = SIDES[kind]
    cookie = frame.mh[8:16]
    lines = [Line(msg(f"explain.rr.cookie.{side}"), hex_lines(cookie),
                  span=(frame.mh_offset + 8, 8))]
    title = msg(f"explain.rr.title.init.{side}")
    secret = secrets.for_address(frame.destination)
    answer = index.answers.get((kind + 2, cookie))
    if secret is None:
        lines.append(Line(msg("explain.rr.no_secret", address=str(frame.destination))))
        return Explanation(title, tuple(lines))
    if answer is None:
        lines.append(Line(msg("explain.rr.no_answer")))
        return Explanation(title, tuple(lines))
    answer_step, nonce_index, sent_token = answer
    nonce = secret.nonce(nonce_index)
    if nonce is None:
        lines.append(Line(msg("explain.rr.unknown_nonce", index=nonce_index)))
        return Explanation(title, tuple(lines))
    lines.append(Line(msg("explain.rr.answered", step=answer_step, index=nonce_index)))
    lines += _secret_lines(secret, frame.destination)
    token, token_lines = _token(side, secret, nonce, frame.source)
    lines += token_lines
    equal = hmac.compare_digest(token, sent_token)
    lines.append(Line(msg(f"explain.rr.token.sent.{side}", step=answer_step),
                      hex_lines(sent_token), verdict=equal))
    lines.append(Line(msg("explain.verdict.equal" if equal else "explain.verdict.differs"),
                      verdict=equal))
    return Explanation(title, tuple(lines), equal)


def _test(frame: MobilityFrame, secrets: RunSecrets) -> Explanation:
    """HoT/CoT (§6.1.5-§6.1.6): the token recomputed from Kcn and the nonce it names."""
    side = SIDES[frame.mh_type]
    title = msg(f"explain.rr.title.test.{side}")
    nonce_index = int.from_bytes(frame.mh[6:8], "big")
    base = frame.mh_offset
    lines = [Line(msg(f"explain.rr.index.{side}"), (f"{nonce_index} (0x{nonce_index:04x})",),
                  span=(base + 6, 2)),
             Line(msg(f"explain.rr.cookie.{side}"), hex_lines(frame.mh[8:16]),
                  span=(base + 8, 8))]
    secret = secrets.for_address(frame.source)
    nonce = secret.nonce(nonce_index) if secret is not None else None
    if secret is None or nonce is None:
        lines.append(Line(msg("explain.rr.no_secret", address=str(frame.source)) if secret is None
                          else msg("explain.rr.unknown_nonce", index=nonce_index)))
        return Explanation(title, tuple(lines))
    lines += _secret_lines(secret, frame.source)
    token, token_lines = _token(side, secret, nonce, frame.destination)
    lines += token_lines
    lines += _compare(msg(f"explain.rr.token.received.{side}"), token, frame.mh[16:24],
                      (base + 16, 8))
    return Explanation(title, tuple(lines), lines[-1].verdict)


# -- the authenticator (§5.2.6) --------------------------------------------------------------


def _home_registration(frame: MobilityFrame) -> bool:
    # the H flag (§6.1.7); a local BU to a MAP (M, RFC 5380 §4) and a Proxy BU (P, RFC 5213
    # §8.1) carry no Return Routability authenticator either
    return len(frame.mh) > 10 and bool(frame.mh[8] & (0x40 | 0x08 | 0x02))


def _bu_facts(frame: MobilityFrame) -> tuple[IPv6Address, IPv6Address, int,
                                             tuple[int, int] | None, IPv6Address, bool] | None:
    """(home address, correspondent, sequence, nonce indices, care-of address in the MAC,
    deleting) of a correspondent BU."""
    if len(frame.mh) < BU_OPTIONS:
        return None
    home = frame.home_address_option or frame.source
    correspondent = frame.routing_header or frame.destination
    careof = frame.source
    indices: tuple[int, int] | None = None
    for kind, _, value in frame.options(BU_OPTIONS):
        if kind == OPTION_ALTERNATE_COA and len(value) == 16:
            careof = IPv6Address(value)
        elif kind == OPTION_NONCE_INDICES and len(value) == 4:
            indices = (int.from_bytes(value[:2], "big"), int.from_bytes(value[2:], "big"))
    lifetime = int.from_bytes(frame.mh[10:12], "big")
    deleting = lifetime == 0 or careof == home
    sequence = int.from_bytes(frame.mh[6:8], "big")
    return home, correspondent, sequence, indices, home if deleting else careof, deleting


def _authenticator(frame: MobilityFrame, first_option: int, secret: CorrespondentSecret,
                   correspondent: IPv6Address, home: IPv6Address, careof: IPv6Address,
                   indices: tuple[int, int], deleting: bool) -> tuple[list[Line], bool | None]:
    base = frame.mh_offset
    lines = _secret_lines(secret, correspondent)
    home_nonce = secret.nonce(indices[0])
    careof_nonce = None if deleting else secret.nonce(indices[1])
    if home_nonce is None or (careof_nonce is None and not deleting):
        missing = indices[0] if home_nonce is None else indices[1]
        lines.append(Line(msg("explain.rr.unknown_nonce", index=missing)))
        return lines, None
    home_token, token_lines = _token("home", secret, home_nonce, home)
    lines += token_lines
    careof_token = b""
    if careof_nonce is not None:
        careof_token, token_lines = _token("careof", secret, careof_nonce, careof)
        lines += token_lines
    kbm = hashlib.sha1(home_token + careof_token).digest()
    lines.append(Line(msg("explain.rr.kbm.delete" if deleting else "explain.rr.kbm"),
                      hex_lines(kbm)))
    lines.append(Line(msg("explain.rr.part.home_token"), hex_lines(home_token), 1))
    if not deleting:
        lines.append(Line(msg("explain.rr.part.careof_token"), hex_lines(careof_token), 1))
    bad = next(((offset, value) for kind, offset, value in frame.options(first_option)
                if kind == OPTION_BAD), None)
    if bad is None or len(bad[1]) != AUTHENTICATOR or bad[0] + AUTHENTICATOR != len(frame.mh):
        lines.append(Line(msg("explain.rr.no_bad")))
        return lines, None
    mh_data = bytearray(frame.mh[:-AUTHENTICATOR])
    mh_data[4:6] = b"\x00\x00"  # the checksum, zeroed (PROTOCOL.md §15.3)
    data = careof.packed + correspondent.packed + bytes(mh_data)
    computed = hmac.new(kbm, data, hashlib.sha1).digest()[:AUTHENTICATOR]
    lines += [
        Line(msg("explain.rr.auth_input")),
        Line(msg("explain.rr.part.careof_address", address=str(careof)),
             hex_lines(careof.packed), 1),
        Line(msg("explain.rr.part.correspondent", address=str(correspondent)),
             hex_lines(correspondent.packed), 1),
        Line(msg("explain.rr.part.mh_data", octets=len(mh_data)), hex_lines(bytes(mh_data)), 1,
             span=(base, len(mh_data))),
        Line(msg("explain.rr.auth.computed"), hex_lines(computed)),
    ]
    lines += _compare(msg("explain.rr.auth.received"), computed, bad[1],
                      (base + bad[0], AUTHENTICATOR))
    return lines, lines[-1].verdict


def _binding_update(frame: MobilityFrame, secrets: RunSecrets) -> Explanation | None:
    facts = _bu_facts(frame)
    if facts is None:
        return None
    home, correspondent, _, indices, careof, deleting = facts
    title = msg("explain.rr.title.bu.delete" if deleting else "explain.rr.title.bu")
    lines = [Line(msg("explain.rr.addresses", home=str(home), careof=str(careof),
                      correspondent=str(correspondent)))]
    if indices is None:
        lines.append(Line(msg("explain.rr.no_indices")))
        return Explanation(title, tuple(lines))
    lines.append(Line(msg("explain.rr.indices", home=indices[0], careof=indices[1])))
    secret = secrets.for_address(correspondent)
    if secret is None:
        lines.append(Line(msg("explain.rr.no_secret", address=str(correspondent))))
        return Explanation(title, tuple(lines))
    more, verdict = _authenticator(frame, BU_OPTIONS, secret, correspondent, home, careof,
                                   indices, deleting)
    return Explanation(title, tuple(lines + more), verdict)


def _binding_ack(step: Step, frame: MobilityFrame, secrets: RunSecrets,
                 index: RrIndex) -> Explanation | None:
    """A BA from a correspondent: the same formula, with the BU's nonces (§5.2.6, §9.5.4)."""
    correspondent = frame.home_address_option or frame.source
    secret = secrets.for_address(correspondent)
    if secret is None or len(frame.mh) < BA_OPTIONS:
        return None  # a home agent's BA: no Return Routability
    home = frame.routing_header or frame.destination
    status = frame.mh[6]
    title = msg("explain.rr.title.ba")
    registrations = [r for r in index.registrations.get((home, correspondent), ())
                     if r.step < step.index]
    sequence = int.from_bytes(frame.mh[8:10], "big")
    registration = next((r for r in reversed(registrations) if r.sequence == sequence),
                        registrations[-1] if registrations else None)
    if registration is None:
        return Explanation(title, (Line(msg("explain.rr.no_bu")),))
    lines = [Line(msg("explain.rr.for_bu", step=registration.step,
                      sequence=registration.sequence)),
             Line(msg("explain.rr.indices", home=registration.home_nonce_index,
                      careof=registration.careof_nonce_index))]
    if not any(kind == OPTION_BAD for kind, _, _ in frame.options(BA_OPTIONS)):
        lines.append(Line(msg("explain.rr.ba_unsigned", status=status)))
        return Explanation(title, tuple(lines))
    more, verdict = _authenticator(
        frame, BA_OPTIONS, secret, correspondent, home, registration.careof_address,
        (registration.home_nonce_index, registration.careof_nonce_index),
        registration.deleting)
    return Explanation(title, tuple(lines + more), verdict)
