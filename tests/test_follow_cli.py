"""`lesson --share`, `follow` and `serve --follow` on the command line (issue 13): what they
take, and a clear message with exit 1 (never a traceback, never a broken screen) for what
cannot work."""

from __future__ import annotations

import shlex
import socket

import pytest

from mipviz.cli import build_parser, main
from mipviz.web import session


def test_the_new_options_parse() -> None:
    args = build_parser().parse_args(["lesson", "home-registration", "--presenter", "--share",
                                      "--host", "0.0.0.0", "--port", "9000"])
    assert (args.share, args.host, args.port) == (True, "0.0.0.0", 9000)
    plain = build_parser().parse_args(["lesson", "home-registration"])
    assert (plain.share, plain.host, plain.port) == (False, "127.0.0.1", 8765)
    follow = build_parser().parse_args(["follow", "lab-pc:9000", "--lang", "ja"])
    assert (follow.address, follow.lang) == ("lab-pc:9000", "ja")
    serve = build_parser().parse_args(["serve", "--follow", "127.0.0.1:9000"])
    assert serve.follow == "127.0.0.1:9000"


def test_a_taken_port_is_a_message_before_the_screen(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code = main(["lesson", "home-registration", "--presenter", "--share", "--port",
                     str(port)])
    assert code == 1
    error = capsys.readouterr().err
    assert f"cannot share on 127.0.0.1:{port}" in error and "Traceback" not in error


@pytest.mark.parametrize("address", ["lab-pc:http", "lab-pc:70000", ":9000"])
def test_a_bad_address_to_follow_is_refused(address: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["follow", address]) == 1
    assert "HOST:PORT" in capsys.readouterr().err
    assert main(["serve", "--follow", address]) == 1
    assert "HOST:PORT" in capsys.readouterr().err


def test_serve_follows_or_serves_a_lesson_not_both(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--follow", "127.0.0.1:9000", "--lesson", "home-registration"]) == 1
    assert "--follow and --lesson" in capsys.readouterr().err


def test_every_served_tab_follows_the_lecturer() -> None:
    words = shlex.split(session.command("python", "ja", None, "127.0.0.1:9000"))
    assert words[-4:] == ["--lang", "ja", "--follow", "127.0.0.1:9000"]
