#!/usr/bin/env python3
"""mipviz dump against tshark on a capture that is mostly Mobile IPv6 signalling.

Not a test: it prints figures. Run from the repository root::

    python benchmarks/signalling_bench.py                   # 100,000 packets, 5 rounds
    python benchmarks/signalling_bench.py --rounds 3 --keep /tmp/sig   # keep the captures
    python benchmarks/signalling_bench.py --profile         # + cProfile of pass 1 and pass 2
    python benchmarks/signalling_bench.py --tree /tmp/before --tree .   # before and after

It generates (seeded, so the same every run) a capture of ``--packets`` frames in which
``--signalling`` (default 0.85) of the packets carry a Mobility Header message, written
octet by octet with ``struct`` (no scapy) and with valid checksums (RFC 6275 §6.1.1 pseudo-
header: the HAO's home address as source, the RH2's as destination):

* ``--mobiles`` mobile nodes (default 400) spread over 8 visited links, 2 home agents and 24
  correspondents; each node's life is registrations with its home agent (BU with the A, H
  and L flags, lifetime 60 or 5 units of 4 s; a BA with a Binding Refresh Advice), refreshes
  with a higher sequence number, retransmissions (the same BU again, octet for octet, and
  sometimes never answered), Return Routability (HoTI reverse-tunnelled through the home
  agent and then forwarded, CoTI, HoT forwarded and tunnelled back, CoT), route-optimising
  BUs to correspondents (HAO, Nonce Indices, Binding Authorization Data) and their BAs (RH2),
  Binding Refresh Requests, Binding Errors (status 1 and 2), the odd rejected BU (BA status
  128 / 135), deregistrations (lifetime 0); a message crossing a router appears twice (one
  hop apart, Hop Limit one lower);
* the rest are data packets: echo requests tunnelled between home agent and mobile node,
  route-optimised echoes with a HAO or an RH2, plain UDP.

The same packets are written twice: as Ethernet (link type 1) and as Linux cooked capture v2
(SLL2, link type 276). Each capture is then measured side by side with tshark in alternating
rounds (medians): ``python -m mipviz dump CAPTURE --format jsonl > /dev/null`` against
``tshark -r CAPTURE -T fields -e frame.number -e mip6.mhtype > /dev/null`` (the command
``replay_bench.py`` uses), on every processor and on one (``taskset -c 0`` for both tools).
The lesson-frame capture of ``replay_bench.py`` is measured the same way (budget there:
dump ≤ 0.5× tshark). The load average is printed with every figure: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from mipviz.wire.checksum import ones_complement_sum, pseudo_header  # noqa: E402

MOBILITY_HEADER, ICMPV6, UDP, IPV6_IN_IPV6 = 135, 58, 17, 41
DESTINATION_OPTIONS, ROUTING, NO_NEXT_HEADER = 60, 43, 59
LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2 = 1, 276


def address(prefix: int, host: int) -> bytes:
    """2001:db8:<prefix>::<host>"""
    return struct.pack("!HHHHQ", 0x2001, 0x0DB8, prefix, 0, host)


def _checksummed(source: bytes, destination: bytes, protocol: int, message: bytearray,
                 at: int) -> bytes:
    total = ones_complement_sum(pseudo_header(source, destination, len(message), protocol)
                                + bytes(message))
    struct.pack_into("!H", message, at, (~total) & 0xFFFF)
    return bytes(message)


def mobility_header(mh_type: int, body: bytes, source: bytes, destination: bytes) -> bytes:
    """A Mobility Header (RFC 6275 §6.1) of ``mh_type`` whose message data is ``body``
    (padded to a multiple of 8 octets with PadN), its checksum over the pseudo-header."""
    length = 6 + len(body)
    pad = -length % 8
    if pad == 1:
        body += b"\x00"  # Pad1
    elif pad:
        body += bytes([1, pad - 2]) + bytes(pad - 2)
    message = bytearray(struct.pack("!BBBBH", NO_NEXT_HEADER, (6 + len(body)) // 8 - 1, mh_type,
                                    0, 0) + body)
    return _checksummed(source, destination, MOBILITY_HEADER, message, 4)


def echo(source: bytes, destination: bytes, identifier: int, sequence: int,
         reply: bool = False) -> bytes:
    message = bytearray(struct.pack("!BBHHH", 129 if reply else 128, 0, 0, identifier, sequence)
                        + bytes(range(24)))
    return _checksummed(source, destination, ICMPV6, message, 2)


def udp(source: bytes, destination: bytes, port: int, payload: bytes) -> bytes:
    message = bytearray(struct.pack("!HHHH", port, 5000, 8 + len(payload), 0) + payload)
    return _checksummed(source, destination, UDP, message, 6)


def home_address_option(home: bytes, next_header: int) -> bytes:
    """Destination Options with PadN(4) then the HAO at offset 6 (8n+6, RFC 6275 §6.3)."""
    return bytes([next_header, 2, 1, 2, 0, 0, 201, 16]) + home


def type2_routing(home: bytes, next_header: int) -> bytes:
    """Type 2 Routing Header (RFC 6275 §6.4): one address, Segments Left 1."""
    return bytes([next_header, 2, 2, 1, 0, 0, 0, 0]) + home


def ipv6(source: bytes, destination: bytes, next_header: int, payload: bytes,
         hop_limit: int = 64, flow: int = 0) -> bytes:
    return struct.pack("!IHBB", (6 << 28) | flow, len(payload), next_header,
                       hop_limit) + source + destination + payload


def packet(source: bytes, destination: bytes, protocol: int, upper: bytes,
           hao: bytes | None = None, rh2: bytes | None = None, hop_limit: int = 64) -> bytes:
    """An IPv6 packet carrying ``upper`` (already checksummed), with a HAO or an RH2."""
    payload, next_header = upper, protocol
    if hao is not None:
        payload, next_header = home_address_option(hao, next_header) + payload, \
            DESTINATION_OPTIONS
    if rh2 is not None:
        payload, next_header = type2_routing(rh2, next_header) + payload, ROUTING
    return ipv6(source, destination, next_header, payload, hop_limit)


class Node:
    """One mobile node's addresses, sequence number and Return Routability cookies."""

    def __init__(self, number: int, rng: random.Random) -> None:
        self.number = number
        self.home = address(1 + number % 2, 0x10000 + number)
        self.home_agent = address(1 + number % 2, 1)
        self.link = number % 8
        self.care_of = address(0x100 + self.link, 0x20000 + number)
        self.correspondent = address(3, 0x100 + rng.randrange(24))
        self.sequence = rng.randrange(1, 60000)
        self.cookie = rng.getrandbits(64)
        self.mac = struct.pack("!HI", 0x0200, number)


class Generator:
    """Packets of many mobile nodes' signalling, interleaved, one millisecond apart."""

    def __init__(self, mobiles: int, signalling: float, seed: int = 14) -> None:
        self.rng = random.Random(seed)
        self.nodes = [Node(number, self.rng) for number in range(1, mobiles + 1)]
        self.signalling = signalling
        self.packets: list[bytes] = []  # IPv6 packets (the link layer is added when written)
        self.counts: dict[str, int] = {}
        self.index = 0  # hop limits, nonce indices

    def _emit(self, kind: str, data: bytes, hops: int = 1) -> None:
        """The packet, and (for ``hops`` 2) the same packet one router later."""
        self.counts[kind] = self.counts.get(kind, 0) + hops
        self.packets.append(data)
        if hops == 2:
            forwarded = bytearray(data)
            forwarded[7] -= 1
            self.packets.append(bytes(forwarded))

    def binding_update(self, node: Node, to: bytes, flags: int, lifetime: int,
                       options: bytes = b"") -> bytes:
        body = struct.pack("!HHH", node.sequence, flags, lifetime) + options
        upper = mobility_header(5, body, node.home, to)
        return packet(node.care_of, to, MOBILITY_HEADER, upper, hao=node.home)

    def binding_ack(self, node: Node, source: bytes, status: int, lifetime: int,
                    options: bytes = b"") -> bytes:
        body = struct.pack("!BBHH", status, 0, node.sequence, lifetime) + options
        upper = mobility_header(6, body, source, node.home)
        return packet(source, node.care_of, MOBILITY_HEADER, upper, rh2=node.home)

    def register(self, node: Node) -> None:
        """BU to the home agent (A, H, L), maybe retransmitted or rejected, and its BA."""
        node.sequence = (node.sequence + 1) & 0xFFFF
        lifetime = 0 if self.rng.random() < 0.03 else (5 if self.rng.random() < 0.2 else 60)
        update = self.binding_update(node, node.home_agent, 0xE000, lifetime)
        self._emit("BU home", update, hops=2)
        retries = self.rng.choices((0, 1, 2, 3), (80, 12, 5, 3))[0]
        for _ in range(retries):  # a retransmission: the same octets again
            self._emit("BU home retransmitted", update, hops=2)
        if retries == 3:
            return  # never answered
        status = 0 if self.rng.random() < 0.95 else self.rng.choice((128, 135))
        refresh = struct.pack("!BBH", 2, 2, max(lifetime - 2, 0))  # Binding Refresh Advice
        self._emit("BA home", self.binding_ack(node, node.home_agent, status, lifetime,
                                               b"\x00\x00" + refresh), hops=2)

    def return_routability(self, node: Node) -> None:
        """HoTI/CoTI, HoT/CoT (RFC 6275 §5.2.5), the HoTI and HoT through the home agent."""
        cn = node.correspondent
        node.cookie = (node.cookie + 1) & ((1 << 64) - 1)
        cookie = struct.pack("!Q", node.cookie)
        hoti = ipv6(node.home, cn, MOBILITY_HEADER,
                    mobility_header(1, b"\x00\x00" + cookie, node.home, cn))
        self._emit("HoTI tunnelled", ipv6(node.care_of, node.home_agent, IPV6_IN_IPV6, hoti))
        self._emit("HoTI", hoti, hops=2)
        self._emit("CoTI", ipv6(node.care_of, cn, MOBILITY_HEADER, mobility_header(
            2, b"\x00\x00" + cookie, node.care_of, cn)), hops=2)
        self.index = (self.index + 1) & 0xFFFF
        token = struct.pack("!Q", self.rng.getrandbits(64))
        hot = ipv6(cn, node.home, MOBILITY_HEADER, mobility_header(
            3, struct.pack("!H", self.index) + cookie + token, cn, node.home))
        self._emit("HoT", hot, hops=2)
        self._emit("HoT tunnelled", ipv6(node.home_agent, node.care_of, IPV6_IN_IPV6, hot))
        self._emit("CoT", ipv6(cn, node.care_of, MOBILITY_HEADER, mobility_header(
            4, struct.pack("!H", self.index) + cookie + token, cn, node.care_of)), hops=2)

    def route_optimise(self, node: Node) -> None:
        """BU to the correspondent (Nonce Indices, Binding Authorization Data) and its BA."""
        node.sequence = (node.sequence + 1) & 0xFFFF
        nonces = struct.pack("!BBHH", 4, 4, self.index, self.index)
        authenticator = struct.pack("!BB", 5, 12) + struct.pack("!Q", self.rng.getrandbits(64)) \
            + struct.pack("!I", self.rng.getrandbits(32))
        # options after the MH's 6 octets and the BU's 6: Nonce Indices (2n) at 12, Binding
        # Authorization Data (8n+2, RFC 6275 6.2.7) at 18
        options = nonces + authenticator
        lifetime = 0 if self.rng.random() < 0.05 else 60
        self._emit("BU CN", self.binding_update(node, node.correspondent, 0x8000, lifetime,
                                                options), hops=2)
        if self.rng.random() < 0.9:
            status = 0 if self.rng.random() < 0.9 else 136  # expired home nonce index
            # PadN(4) puts the authenticator at 18; a rejection carries none (6.1.8)
            self._emit("BA CN", self.binding_ack(
                node, node.correspondent, status, lifetime,
                b"\x01\x04\x00\x00\x00\x00" + authenticator if status == 0 else b""),
                hops=2)

    def refresh_request(self, node: Node) -> None:
        """To the home address (RFC 6275 9.5.5), so through the home agent's tunnel."""
        request = ipv6(node.correspondent, node.home, MOBILITY_HEADER, mobility_header(
            0, b"\x00\x00", node.correspondent, node.home))
        self._emit("BRR", request, hops=2)
        self._emit("BRR tunnelled", ipv6(node.home_agent, node.care_of, IPV6_IN_IPV6, request))

    def binding_error(self, node: Node) -> None:
        status = self.rng.choice((1, 2))
        upper = mobility_header(7, bytes([status, 0]) + node.home, node.correspondent,
                                node.care_of)
        self._emit("BE", packet(node.correspondent, node.care_of, MOBILITY_HEADER, upper),
                   hops=2)

    def data(self, node: Node) -> None:
        """An echo tunnelled by the home agent, a route-optimised echo, or plain UDP."""
        self.index = (self.index + 1) & 0xFFFF
        choice = self.rng.random()
        cn = node.correspondent
        if choice < 0.4:
            inner = ipv6(cn, node.home, ICMPV6, echo(cn, node.home, node.number, self.index))
            self._emit("echo tunnelled", ipv6(node.home_agent, node.care_of, IPV6_IN_IPV6,
                                              inner))
        elif choice < 0.7:
            self._emit("echo with HAO", packet(node.care_of, cn, ICMPV6, echo(
                node.home, cn, node.number, self.index), hao=node.home))
        elif choice < 0.85:
            self._emit("echo reply with RH2", packet(cn, node.care_of, ICMPV6, echo(
                cn, node.home, node.number, self.index, reply=True), rh2=node.home))
        else:
            self._emit("UDP", ipv6(node.care_of, cn, UDP, udp(
                node.care_of, cn, 4000 + node.number % 1000, bytes(32))))

    def generate(self, packets: int) -> list[bytes]:
        steps: list[Callable[[Node], None]] = [
            self.register, self.return_routability, self.route_optimise]
        phase = {node.number: 0 for node in self.nodes}
        signalling = 0
        while len(self.packets) < packets:
            node = self.rng.choice(self.nodes)
            before = len(self.packets)
            if signalling > self.signalling * max(len(self.packets), 1):
                self.data(node)
                continue
            roll = self.rng.random()
            if roll < 0.06:
                self.refresh_request(node)
            elif roll < 0.1:
                self.binding_error(node)
            else:
                steps[phase[node.number] % 3](node)
                phase[node.number] += 1
            signalling += len(self.packets) - before
        return self.packets[:packets]


def ethernet(data: bytes, number: int) -> bytes:
    return struct.pack("!HI", 0x0200, 0xFF000000 | number % 64) + \
        struct.pack("!HI", 0x0200, number % 97) + b"\x86\xdd" + data


def sll2(data: bytes, number: int) -> bytes:
    """Linux cooked capture v2: protocol, reserved, interface index, ARPHRD_ETHER, packet
    type (outgoing or to us), address length 6, the address padded to 8 octets."""
    return struct.pack("!HHIHBB", 0x86DD, 0, 2 + number % 3, 1, 4 if number % 2 else 0, 6) + \
        struct.pack("!HIH", 0x0200, number % 97, 0) + data


def write_capture(path: Path, packets: list[bytes], linktype: int) -> None:
    frame = ethernet if linktype == LINKTYPE_ETHERNET else sll2
    with path.open("wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype))
        for number, data in enumerate(packets):
            framed = frame(data, number)
            seconds, micros = divmod(1_000 * number + 7 * (number % 5), 1_000_000)
            out.write(struct.pack("<IIII", 1_700_000_000 + seconds, micros, len(framed),
                                  len(framed)))
            out.write(framed)


# ---- measuring ---------------------------------------------------------------------------

def timed(command: list[str], tree: Path = REPO) -> tuple[float, float, float]:
    """(wall seconds, peak resident MB, CPU seconds) of a command run in ``tree`` (whose
    mipviz ``python -m mipviz`` then imports), its output thrown away; replay_bench's
    launcher, so a child's peak memory is its own."""
    from replay_bench import launched

    return launched(command, cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)})


def compare(name: str, path: Path, rounds: int, one_core: bool, tshark: str,
            trees: list[Path]) -> None:
    """Alternating rounds of dump (of each tree) and tshark; prints medians."""
    pin = ["taskset", "-c", "0"] if one_core else []
    dump = [*pin, sys.executable, "-m", "mipviz", "dump", str(path), "--format", "jsonl"]
    shark = [*pin, tshark, "-r", str(path), "-T", "fields", "-e", "frame.number",
             "-e", "mip6.mhtype"]
    runs: dict[int, list[tuple[float, float, float]]] = {index: [] for index in
                                                         range(len(trees) + 1)}
    loads = []
    for turn in range(rounds):
        loads.append(os.getloadavg()[0])
        order = list(range(len(trees) + 1))  # 0 is tshark; the order turns each round
        order = order[turn % len(order):] + order[:turn % len(order)]
        for index in order:
            runs[index].append(timed(shark) if index == 0 else timed(dump, trees[index - 1]))
    cores = "1 core (taskset -c 0)" if one_core else f"{len(os.sched_getaffinity(0))} cores"
    shark_s = statistics.median(wall for wall, _, _ in runs[0])
    shark_cpu = statistics.median(cpu for _, _, cpu in runs[0])
    print(f"{name} on {cores}, {rounds} alternating rounds, load average "
          f"{min(loads):.1f}-{max(loads):.1f}:")
    print(f"  {'tshark -T fields':42} wall median {shark_s:5.2f} s  cpu {shark_cpu:5.2f} s")
    for index, tree in enumerate(trees, 1):
        dump_s = statistics.median(wall for wall, _, _ in runs[index])
        dump_cpu = statistics.median(cpu for _, _, cpu in runs[index])
        label = "dump --format jsonl" + (f" ({tree})" if len(trees) > 1 else "")
        print(f"  {label:42} wall median {dump_s:5.2f} s  cpu {dump_cpu:5.2f} s  "
              f"{max(mb for _, mb, _ in runs[index]):4.0f} MB  ratio to tshark "
              f"{dump_s / shark_s:4.2f}", flush=True)


_PROFILE = """
import cProfile, gc, io, os, pstats, sys, time
gc.disable()
from mipviz.capture.fanout import emit
from mipviz.capture.record import LineRenderer
from mipviz.capture.survey import open_captures, survey
path, top = sys.argv[1], int(sys.argv[2])
captures = open_captures([path])
start = time.process_time()
found = survey(captures, snapshots=False, workers=1)
pass1 = time.process_time() - start
with open(os.devnull, "w") as out:
    start = time.process_time()
    emit(found, LineRenderer().line_of, out, workers=1)
    pass2 = time.process_time() - start
packets, signals = found.packets, len(found.signals)
print(f"unprofiled, one process: pass 1 {pass1:.2f} s CPU ({pass1 / packets * 1e6:.1f} µs a "
      f"packet), pass 2 {pass2:.2f} s ({pass2 / packets * 1e6:.1f} µs a packet); "
      f"{signals} of {packets} packets are signals")
del found
for name in ("pass 1", "pass 2"):
    profile = cProfile.Profile()
    if name == "pass 1":
        profile.enable()
        found = survey(open_captures([path]), snapshots=False, workers=1)
        profile.disable()
    else:
        with open(os.devnull, "w") as out:
            profile.enable()
            emit(found, LineRenderer().line_of, out, workers=1)
            profile.disable()
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(top)
    print(f"== cProfile {name} (tottime, top {top})")
    print("\\n".join(line for line in text.getvalue().splitlines()[6:] if line.strip()))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packets", type=int, default=100_000)
    parser.add_argument("--mobiles", type=int, default=400)
    parser.add_argument("--signalling", type=float, default=0.85)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", metavar="DIR", help="write the captures here and keep them")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile pass 1 and pass 2 of the Ethernet capture")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--skip-lessons", action="store_true",
                        help="do not measure replay_bench.py's lesson-frame capture")
    parser.add_argument("--skip-one-core", action="store_true")
    parser.add_argument("--only-generate", action="store_true")
    parser.add_argument("--tree", action="append", type=Path, default=[],
                        help="a mipviz source tree to time (repeatable: before and after); "
                        "default this one")
    args = parser.parse_args(argv)
    tshark = shutil.which("tshark")
    directory = tempfile.TemporaryDirectory()
    folder = Path(args.keep) if args.keep else Path(directory.name)
    folder.mkdir(parents=True, exist_ok=True)

    print(f"signalling benchmark: {os.cpu_count()} CPUs, load average "
          f"{' '.join(f'{value:.2f}' for value in os.getloadavg())}", flush=True)
    started = time.perf_counter()
    generator = Generator(args.mobiles, args.signalling)
    packets = generator.generate(args.packets)
    data_kinds = {"echo tunnelled", "echo with HAO", "echo reply with RH2", "UDP"}
    data = sum(count for kind, count in generator.counts.items() if kind in data_kinds)
    ethernet_path = folder / "signalling.pcap"
    sll2_path = folder / "signalling-sll2.pcap"
    write_capture(ethernet_path, packets, LINKTYPE_ETHERNET)
    write_capture(sll2_path, packets, LINKTYPE_LINUX_SLL2)
    print(f"capture: {len(packets)} packets, {args.mobiles} mobile nodes, "
          f"{100 * (1 - data / sum(generator.counts.values())):.0f}% signalling, "
          f"{ethernet_path.stat().st_size / 1e6:.1f} MB, generated in "
          f"{time.perf_counter() - started:.1f} s")
    print("  " + ", ".join(f"{kind} {count}" for kind, count in sorted(generator.counts.items())))
    captures = [("signalling (Ethernet)", ethernet_path), ("signalling (SLL2)", sll2_path)]
    if not args.skip_lessons:
        import replay_bench

        lessons_path = folder / "lessons.pcap"
        replay_bench.generate(lessons_path, args.packets)
        captures.append(("lesson frames (replay_bench)", lessons_path))
    if args.only_generate:
        return 0
    if args.profile:
        subprocess.run([sys.executable, "-c", _PROFILE, str(ethernet_path), str(args.top)],
                       check=True, cwd=REPO)
    if tshark is None:
        print("tshark not installed: no reference time")
        return 0
    for one_core in (False, True):
        if one_core and args.skip_one_core:
            continue
        for name, path in captures:
            compare(name, path, args.rounds, one_core, tshark,
                    [tree.resolve() for tree in args.tree] or [REPO])
    directory.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
