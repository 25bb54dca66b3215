"""A real `mipviz serve` and a real browser: Debian's chromium driven by Playwright.

Used by tests/test_serve_browser.py and benchmarks/serve_bench.py. The terminal's text is read
from xterm.js's own buffer (what it parsed and draws on its canvas): the page's init script
catches the Terminal object as textual.js creates it (xterm.js keeps its core in ``_core``,
assigned once in the constructor), so ``screen(page)`` reads what a student sees.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")

# Runs before any page script: the first object that assigns `_core` and has `loadAddon` is
# xterm.js's public Terminal; keep it as window.__mipvizTerminal.
TERMINAL_HOOK = """
Object.defineProperty(Object.prototype, "_core", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "_core", {value, writable: true, configurable: true});
    if (typeof this.loadAddon === "function" && !window.__mipvizTerminal) {
      window.__mipvizTerminal = this;
    }
  },
});
"""
SCREEN = """() => {
  const terminal = window.__mipvizTerminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active, lines = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}"""


def browser_problem() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is missing (pip install -e '.[test]')"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def launch(playwright: Any) -> Any:
    """Headless chromium from Debian (root needs --no-sandbox)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])


def open_page(browser: Any, url: str, width: int = 1280, height: int = 800) -> Any:
    """A new browser context (its own cookies, its own tab) on ``url``, the hook installed."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.add_init_script(TERMINAL_HOOK)
    page.goto(url)
    return page


def screen(page: Any) -> str:
    return str(page.evaluate(SCREEN) or "")


def wait_for_screen(page: Any, pattern: str, timeout: float = 30.0) -> re.Match[str]:
    """Poll the terminal until ``pattern`` is on it; fail showing the last screen."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = screen(page)
        found = re.search(pattern, text)
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"{pattern!r} not on the served terminal within {timeout} s:\n{text}")


class Served:
    """``python -m mipviz serve --port P ARGS`` on 127.0.0.1, stopped with Ctrl+C (SIGINT)."""

    def __init__(self, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = dict(os.environ, PYTHONPATH=str(REPO))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mipviz", "serve", "--port", str(self.port), *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=REPO)
        self.output: list[str] = []
        self._said_url = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self._said_url.wait(30):
            self.stop()
            raise AssertionError("mipviz serve never said its URL:\n" + "".join(self.output))

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            if self.url in line:
                self._said_url.set()

    def sessions(self) -> set[int]:
        """The pids of the live per-browser processes (children running mipviz.web.session)."""
        return {pid for pid in _children(self.process.pid)
                if b"mipviz.web.session" in _read_proc(pid, "cmdline")}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting to be reaped)."""
    stat = _read_proc(pid, "stat")
    return bool(stat) and stat.rsplit(b")", 1)[-1].split()[0] != b"Z"


def rss_kib(pid: int) -> int:
    for line in _read_proc(pid, "status").splitlines():
        if line.startswith(b"VmRSS:"):
            return int(line.split()[1])
    return 0


def _children(parent: int) -> Iterator[int]:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _read_proc(int(entry.name), "stat")
            if stat and int(stat.rsplit(b")", 1)[-1].split()[1]) == parent:
                yield int(entry.name)


def _read_proc(pid: int, name: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/{name}").read_bytes()
    except OSError:
        return b""
