"""`mipviz serve` without a browser: bad input is a message and exit 1, the assembled site
loads nothing from outside, the fonts are found or their absence said (issue 13)."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mipviz import cli
from mipviz.web import fonts, session
from mipviz.web.fonts import FontChoice, find_japanese_font
from mipviz.web.server import browser_url
from mipviz.web.site import build_site, font_css

REPO = Path(__file__).resolve().parents[1]


def test_an_unknown_lesson_is_refused_before_serving(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--lesson", "route-optimization"]) == 1
    err = capsys.readouterr().err
    assert err.startswith('mipviz: no lesson "route-optimization"')
    assert 'did you mean "route-optimisation"' in err


@pytest.mark.parametrize("port", ["0", "70000"])
def test_a_port_out_of_range_is_refused(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--port", port]) == 1
    assert capsys.readouterr().err == (
        f"mipviz: --port {port}: a port is a number from 1 to 65535\n")


def test_a_missing_or_unusable_font_is_refused(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--font", str(tmp_path / "none.ttf")]) == 1
    assert capsys.readouterr().err == f"mipviz: --font {tmp_path / 'none.ttf'}: no such file\n"
    collection = tmp_path / "fonts.ttc"
    collection.write_bytes(b"ttcf")
    assert cli.main(["serve", "--font", str(collection), "--lang", "ja"]) == 1
    assert "ブラウザが読めるフォントではありません" in capsys.readouterr().err


def test_a_taken_port_is_a_message_not_a_traceback() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "mipviz", "serve", "--port", str(port)],
            capture_output=True, text=True, timeout=60, cwd=REPO,
            env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert result.returncode == 1
    assert f"mipviz: cannot listen on 127.0.0.1:{port}: " in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_the_site_loads_nothing_from_outside_and_has_every_asset_it_names(
        tmp_path: Path) -> None:
    site = build_site(tmp_path, find_japanese_font(), "ja")
    page = (site.templates / "app_index.html").read_text(encoding="utf-8")
    css = (site.statics / "mipviz.css").read_text(encoding="utf-8")
    assert '<html lang="ja">' in page
    assert "セッションが終了しました。" in page
    for text in (page, css):
        # The only URLs are the page's own paths: no scheme, no //host.
        assert re.findall(r"(?:https?:)?//[\w.-]+", text) == []
        for path in re.findall(r'(?:href|src)="(/static/[^"]+)"|url\("(/static/[^"]+)"\)', text):
            name = next(part for part in path if part).removeprefix("/static/")
            assert (site.statics / name).is_file(), name


def test_roboto_mono_draws_latin_then_symbols_then_japanese() -> None:
    css = font_css([("/static/s.ttf", "truetype"), ("/static/j.otf", "opentype")], True)
    order = [url for url in re.findall(r'url\("([^"]+)"\)', css)]
    # Checked from the last declared: Roboto Mono first, then the symbols, then Japanese.
    assert order[-2:] == ["/static/fonts/RobotoMono-VariableFont_wght.ttf",
                          "/static/fonts/RobotoMono-Italic-VariableFont_wght.ttf"]
    assert order.index("/static/j.otf") < order.index("/static/s.ttf")
    assert css.count('font-family: "Roboto Mono"') == 6
    assert 'format("opentype")' in css


def test_without_a_japanese_font_the_server_says_so_and_names_the_browsers_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "CANDIDATES", (tmp_path / "ipag.ttf",))
    monkeypatch.setattr(fonts, "_fontconfig_match", lambda: None)
    choice = find_japanese_font()
    assert choice.path is None and choice.problem is not None
    assert "fonts-ipafont-gothic" in str(choice.problem)
    site = build_site(tmp_path / "site", choice, "en")
    css = (site.statics / "mipviz.css").read_text(encoding="utf-8")
    assert 'local("IPAGothic")' in css
    assert not list((site.statics / "fonts").glob("mipviz-japanese*"))


def test_an_explicit_font_is_served(tmp_path: Path) -> None:
    font = tmp_path / "My Font.woff2"
    font.write_bytes(b"wOF2")
    choice = find_japanese_font(str(font))
    assert choice == FontChoice(font) and choice.format == "woff2"
    site = build_site(tmp_path / "site", choice, "en")
    assert (site.statics / "fonts" / "mipviz-japanese.woff2").read_bytes() == b"wOF2"


def test_the_session_command_runs_one_mipviz_per_browser_with_no_shell_left() -> None:
    words = shlex.split(session.command("/opt/py 3/python", "ja", "/lessons/my lesson.toml"))
    assert words == ["exec", "/opt/py 3/python", "-m", "mipviz.web.session", "--lang", "ja",
                     "/lessons/my lesson.toml"]
    assert shlex.split(session.command("python", "en", None))[-2:] == ["--lang", "en"]


@pytest.mark.parametrize(("host", "url"), [
    ("127.0.0.1", "http://127.0.0.1:8000/"),
    ("0.0.0.0", "http://127.0.0.1:8000/"),
    ("::1", "http://[::1]:8000/"),
])
def test_the_url_to_open(host: str, url: str) -> None:
    assert browser_url(host, 8000) == url


def test_a_session_ends_when_its_server_is_killed(tmp_path: Path) -> None:
    """Linux's parent-death signal: no student's process outlives a server killed outright."""
    pid_file = tmp_path / "session.pid"
    # A stand-in server: starts one session as textual-serve does, says its pid, then waits.
    parent = (
        "import os, subprocess, sys, time\n"
        "env = dict(os.environ, TEXTUAL_DRIVER='textual.drivers.web_driver:WebDriver')\n"
        "child = subprocess.Popen([sys.executable, '-m', 'mipviz.web.session', '--lang', 'en'],"
        " stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)\n"
        "assert child.stdout.readline() == b'__GANGLION__\\n'\n"
        f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
        "time.sleep(120)\n")
    server = subprocess.Popen([sys.executable, "-c", parent], cwd=REPO,
                              env=dict(os.environ, PYTHONPATH=str(REPO)))
    try:
        deadline = time.monotonic() + 60
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        session_pid = int(pid_file.read_text())
        server.kill()
        server.wait(10)
        deadline = time.monotonic() + 10
        while _running(session_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _running(session_pid)
    finally:
        server.kill()


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
