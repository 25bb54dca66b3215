"""``mipviz lesson ID --presenter --share [--host H] [--port P]`` and ``mipviz follow HOST:PORT``.

Sharing binds its port before the UI takes the terminal, so a port in use is a message and
exit 1; the address to give the room is printed, and stays on the presenter's status line.
Sharing listens on loopback unless ``--host`` says otherwise (students over SSH on this
machine reach it there; ``--host 0.0.0.0`` is for a room's network).
"""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

from mipviz.follow.protocol import parse_address, show_address
from mipviz.i18n import tr

WILDCARDS = ("0.0.0.0", "::", "")


def room_address(host: str, port: int) -> str:
    """What followers type: this machine's name for a wildcard bind, else the address."""
    if host in WILDCARDS:
        return show_address(socket.gethostname(), port)
    return show_address(host, port)


def run_share(args: argparse.Namespace, path: Path) -> int:
    """The presenter's UI, publishing its position to followers."""
    from mipviz.follow.publisher import listen

    language: str = args.lang
    if not 0 <= args.port < 65536:
        return _fail(tr("follow.bad-port", language, port=args.port))
    try:
        sock = listen(args.host, args.port)
    except OSError as error:
        return _fail(tr("follow.cannot-listen", language, host=args.host, port=args.port,
                        reason=error.strerror or str(error)))
    address = room_address(args.host, sock.getsockname()[1])
    print(tr("follow.share.started", language, address=address), flush=True)
    from mipviz.ui.share import SharingApp

    try:
        SharingApp(str(path), language, sock, address).run()
    finally:
        sock.close()
    print(tr("follow.share.stopped", language, address=address), flush=True)
    return 0


def run_follow(args: argparse.Namespace) -> int:
    """A terminal that follows the lecturer at ``args.address``."""
    language: str = args.lang
    try:
        host, port = parse_address(args.address)
    except ValueError as error:
        return _fail(tr("follow.bad-address", language, address=args.address,
                        reason=str(error)))
    from mipviz.ui.follow import FollowApp

    FollowApp(host, port, language).run()
    return 0


def _fail(message: str) -> int:
    from mipviz.text_safety import visible_lines

    print(visible_lines(f"mipviz: {message}"), file=sys.stderr)
    return 1
