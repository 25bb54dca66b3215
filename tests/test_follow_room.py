"""A lecture room (issue 13, "Done means"): a presenter sharing in a real terminal (tmux), a
student following in another terminal (`mipviz follow`), and one in a browser (`mipviz serve
--follow`, Debian's chromium driven by Playwright), all real processes on loopback.

The presenter's steps and reveals reach both followers; a follower's own step does not move
the presenter; `b` takes a follower back; garbage sent to the presenter's port disturbs
nothing; a lost lecturer is said on both followers' screens, and they follow again once the
lecturer is back. Every wait is bounded (the CI machine has 2 cores).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import REPO, Served, browser_problem, free_port, launch, open_page
from browser_helpers import screen as browser_screen

from mipviz.ui.controller import Controller

pytestmark = pytest.mark.timeout(300)

LESSON = "home-registration"
WAIT = 45.0  # seconds for anything to show on a screen (a loaded 2-core machine)


class Terminal:
    """One command in its own tmux session (a real terminal of the given size)."""

    def __init__(self, name: str, command: list[str], env: dict[str, str],
                 width: int, height: int) -> None:
        self.name = f"mipviz-test-{os.getpid()}-{name}"
        self.width, self.height = width, height
        environment = " ".join(f"{key}={_quote(value)}" for key, value in env.items())
        line = f"cd {_quote(str(REPO))} && env -u COLUMNS -u LINES {environment} " + " ".join(
            _quote(word) for word in command) + "; sleep 600"
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", str(width),
                        "-y", str(height), line], check=True, timeout=20)

    def text(self) -> str:
        result = subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name],
                                capture_output=True, text=True, timeout=20, check=False)
        return result.stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True,
                           timeout=20)

    def wait_for(self, pattern: str, timeout: float = WAIT) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.text()
            found = re.search(pattern, text)
            if found:
                return found
            time.sleep(0.2)
        raise AssertionError(f"{pattern!r} not in tmux {self.name} within {timeout} s:\n{text}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True,
                       timeout=20, check=False)


def _quote(word: str) -> str:
    import shlex

    return shlex.quote(word)


def _browser_wait(page: Any, pattern: str, timeout: float = WAIT) -> re.Match[str]:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = browser_screen(page)
        found = re.search(pattern, text)
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{pattern!r} not in the browser within {timeout} s:\n{text}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    problem = browser_problem() or (None if shutil.which("tmux") else "tmux is missing")
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the lecture-room test cannot run: {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def test_a_presenter_and_two_followers_one_terminal_one_browser(
        browser: Any, tmp_path: Path) -> None:
    prepared = Controller(LESSON).prepare()
    quiz = next(q for q in prepared.quizzes if q.spec.kind == "choice")
    port = free_port()
    address = f"127.0.0.1:{port}"
    env = {"PYTHONPATH": str(REPO), "TERM": "xterm-256color",
           "MIPVIZ_DATA_DIR": str(tmp_path / "data")}
    share = [sys.executable, "-m", "mipviz", "lesson", LESSON, "--presenter", "--share",
             "--port", str(port)]
    terminals: list[Terminal] = []
    served: Served | None = None
    try:
        presenter = Terminal("presenter", share, env, 160, 50)
        terminals.append(presenter)
        presenter.wait_for(rf"step 0/\d+ .*sharing at {address}")
        student = Terminal("student", [sys.executable, "-m", "mipviz", "follow", address],
                           env, 100, 30)
        terminals.append(student)
        served = Served("--follow", address)
        page = open_page(browser, served.url, 1100, 700)
        student.wait_for(r"FOLLOWING .*step 0/")
        _browser_wait(page, r"FOLLOWING .*step 0/")
        presenter.wait_for(r"2 following")

        # the presenter's steps reach both
        presenter.keys("Right", "Right", "Right")
        presenter.wait_for(r"step 3/")
        student.wait_for(r"FOLLOWING .*step 3/")
        _browser_wait(page, r"FOLLOWING .*step 3/")

        # to the quiz, then its answer revealed: hidden on both until then
        presenter.keys("g")
        presenter.wait_for(r"Jump to step")
        presenter.keys(str(quiz.position), "Enter")
        presenter.wait_for(rf"step {quiz.position}/")
        student.wait_for(rf"FOLLOWING .*step {quiz.position}/")
        _browser_wait(page, rf"FOLLOWING .*step {quiz.position}/")
        assert "Answer:" not in student.text()
        assert "Answer:" not in browser_screen(page)
        presenter.keys("r")
        presenter.wait_for(r"Answer:")
        student.wait_for(r"Answer:")
        _browser_wait(page, r"Answer:")

        # a follower's own step does not move the presenter, nor the other follower
        student.keys("Right")
        student.wait_for(rf"ON YOUR OWN, lecturer at step {quiz.position} .*step "
                         rf"{quiz.position + 1}/")
        page.keyboard.press("ArrowLeft")
        _browser_wait(page, rf"ON YOUR OWN, lecturer at step {quiz.position} .*step "
                            rf"{quiz.position - 1}/")
        time.sleep(1.0)
        assert re.search(rf"step {quiz.position}/", presenter.text())

        # the presenter moves on: shown on the followers' status lines; b goes back
        presenter.keys("Right", "Right")
        after = quiz.position + 2
        presenter.wait_for(rf"step {after}/")
        student.wait_for(rf"lecturer at step {after} .*step {quiz.position + 1}/")
        _browser_wait(page, rf"lecturer at step {after} .*step {quiz.position - 1}/")
        student.keys("b")
        page.keyboard.press("b")
        student.wait_for(rf"FOLLOWING .*step {after}/")
        _browser_wait(page, rf"FOLLOWING .*step {after}/")

        # garbage at the presenter's port: dropped, nothing else changes
        with socket.create_connection(("127.0.0.1", port), timeout=10) as liar:
            liar.sendall(b"GET / HTTP/1.1\r\n\r\n" + os.urandom(4096))
            liar.settimeout(10)  # the presenter closes it (a timeout fails the test)
            try:
                while liar.recv(65536):
                    pass
            except ConnectionResetError:
                pass
        presenter.keys("Right")
        presenter.wait_for(rf"step {after + 1}/.*2 following")
        student.wait_for(rf"FOLLOWING .*step {after + 1}/")
        _browser_wait(page, rf"FOLLOWING .*step {after + 1}/")

        # the lecturer is lost: both say so and keep working; back when the lecturer is
        presenter.keys("q")
        student.wait_for(r"LECTURER LOST")
        _browser_wait(page, r"LECTURER LOST")
        student.keys("Right")
        student.wait_for(rf"LECTURER LOST.*step {after + 2}/")
        presenter.close()
        terminals.remove(presenter)
        again = Terminal("presenter-again", share, env, 160, 50)
        terminals.append(again)
        again.wait_for(r"step 0/\d+ ")
        again.keys("Right", "Right")
        again.wait_for(r"step 2/.*2 following", timeout=60)
        student.wait_for(r"ON YOUR OWN, lecturer at step 2 ")  # it had stepped away
        _browser_wait(page, r"FOLLOWING .*step 2/")
    finally:
        for terminal in terminals:
            terminal.close()
        if served is not None:
            served.stop()
