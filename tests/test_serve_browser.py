"""`mipviz serve` in a real browser (issue 13): Debian's chromium driven by Playwright.

Each test opens the served page as a student would and reads the terminal xterm.js draws. Under
CI (CI=true) a missing browser fails these tests; on a developer machine without chromium they
are skipped. Every server listens on a free port of 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from browser_helpers import (
    TERMINAL_HOOK,
    Served,
    alive,
    browser_problem,
    launch,
    open_page,
    screen,
    wait_for_screen,
)

from mipviz.lesson.catalog import list_lessons

pytestmark = pytest.mark.timeout(120)

STEP = r"step (\d+)/(\d+)"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    problem = browser_problem()
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the browser tests cannot run: {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def lesson_server() -> Iterator[Served]:
    served = Served("--lesson", "route-optimisation")
    yield served
    served.stop()


def _step(page: Any) -> tuple[int, int]:
    found = wait_for_screen(page, STEP + r" │ t =")
    return int(found.group(1)), int(found.group(2))


def _wait_for_step(page: Any, number: int) -> None:
    wait_for_screen(page, rf"step {number}/\d+ │", timeout=15)


def test_the_page_loads_from_the_served_host_alone_and_the_right_arrow_moves_the_step(
        browser: Any, lesson_server: Served) -> None:
    seen: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    page.on("request", lambda request: seen.append(request.url))
    page.on("websocket", lambda websocket: seen.append(websocket.url))
    page.add_init_script(TERMINAL_HOOK)
    page.goto(lesson_server.url)
    try:
        step, total = _step(page)
        assert step == 0 and total > 10
        page.keyboard.press("ArrowRight")
        _wait_for_step(page, 1)
        page.keyboard.press("ArrowRight")
        _wait_for_step(page, 2)
        assert "Return Routability and route optimisation" in screen(page)
    finally:
        context.close()
    origin = f"127.0.0.1:{lesson_server.port}"
    assert f"ws://{origin}/ws?width=" in " ".join(seen)
    assert any("/static/fonts/" in url for url in seen)
    outside = [url for url in seen if not re.match(rf"(http|ws)://{re.escape(origin)}/", url)]
    assert outside == []


def test_two_browsers_are_two_sessions_and_a_closed_tab_ends_only_its_own(
        browser: Any, lesson_server: Served) -> None:
    before = lesson_server.sessions()
    first = open_page(browser, lesson_server.url)
    _step(first)
    first_pids = lesson_server.sessions() - before
    second = open_page(browser, lesson_server.url)
    try:
        _step(second)
        second_pids = lesson_server.sessions() - before - first_pids
        assert len(first_pids) == len(second_pids) == 1, (first_pids, second_pids)
        for _ in range(3):
            first.keyboard.press("ArrowRight")
        _wait_for_step(first, 3)
        second.keyboard.press("ArrowRight")
        _wait_for_step(second, 1)
        time.sleep(0.5)  # a step leaking from one session to the other would show by now
        assert _step(first)[0] == 3
        assert _step(second)[0] == 1
        second.context.close()
        (pid,) = second_pids
        deadline = time.monotonic() + 10
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(pid), f"session process {pid} still runs 10 s after its tab closed"
        assert all(alive(pid) for pid in first_pids)
        first.keyboard.press("ArrowRight")
        _wait_for_step(first, 4)
    finally:
        first.context.close()


def test_a_class_in_japanese_picker_then_lesson_then_ctrl_c(browser: Any) -> None:
    """The picker in Japanese, a lesson chosen from it with the keyboard renders in Japanese
    with the served font, and the lecturer's Ctrl+C ends the server and the session."""
    served = Served("--lang", "ja")
    fonts: dict[str, int] = {}
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(TERMINAL_HOOK)
    page.on("response", lambda response: fonts.__setitem__(response.url, response.status)
            if "/static/fonts/" in response.url else None)
    try:
        page.goto(served.url)
        lessons = [info.id for info in list_lessons()]  # the picker's order, first selected
        wait_for_screen(page, "位置登録と双方向トンネル")  # the picker: home-registration
        wait_for_screen(page, "route-optimisation")
        for _ in range(lessons.index("route-optimisation")):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        wait_for_screen(page, r"ステップ 0/\d+ │ t = .*リターンルータビリティと経路最適化")
        failed = page.evaluate(
            "() => [...document.fonts].filter(face => face.status === 'error').length")
        loaded = page.evaluate("() => document.fonts.check('16px \"Roboto Mono\"', 'リターン')")
        lang = page.evaluate("() => document.documentElement.lang")
        pids = served.sessions()
        assert len(pids) == 1
        started = time.monotonic()
        served.stop()  # SIGINT, as Ctrl+C in the lecturer's terminal
        assert served.process.returncode == 0
        assert time.monotonic() - started < 10
        assert not any(alive(pid) for pid in pids)
    finally:
        context.close()
        served.stop()
    japanese = [url for url in fonts if "mipviz-japanese" in url]
    assert japanese and all(fonts[url] == 200 for url in japanese), fonts
    assert failed == 0
    assert loaded is True
    assert lang == "ja"
    assert any("ブラウザの日本語フォント" in line for line in served.output)
    assert "mipviz serve: 停止しました\n" in served.output
