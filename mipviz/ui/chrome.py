"""What every mipviz screen shares around the panes: keys described in the screen's language,
the "terminal too small" screen, and screenshots saved where they can be found.

Textual keeps a binding's description on the class; mipviz keeps the English there (so
Textual's own code has something to show) and rewrites each screen's bindings in the
reader's language from the ``ui.key.<action>`` messages (:func:`localise_bindings`), again
whenever the language is switched.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

from mipviz.i18n import catalog, tr

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

# The smallest terminal the lesson screen is drawn in: five bordered panes, the status line
# and the footer need this much to show anything readable (below it, a message says so).
MIN_WIDTH = 40
MIN_HEIGHT = 12


def key_message(action: str) -> str:
    """The message id describing *action* (``app.quit`` and ``focus_pane('map')`` too)."""
    name = action.removeprefix("app.").removeprefix("screen.").split("(")[0]
    return f"ui.key.{name}"


def localise_bindings(node: DOMNode, language: str) -> None:
    """Describe *node*'s key bindings (footer, keys panel, tooltips) in *language*."""
    messages = catalog()
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [_localised(binding, messages, language) for binding in bindings]


def _localised(binding: Binding, messages: object, language: str) -> Binding:
    message_id = key_message(binding.action)
    if not binding.description or message_id not in messages:  # type: ignore[operator]
        return binding
    text = tr(message_id, language)
    return dataclasses.replace(binding, description=text,
                               tooltip=text if binding.tooltip else binding.tooltip)


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(Screen[None]):
    """Shown over everything while the terminal is smaller than mipviz can draw; the app
    takes it away when the terminal grows (the screens below are never laid out this small).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,ctrl+q,ctrl+c", "app.quit", "Quit", show=False, priority=True),
    ]
    DEFAULT_CSS: ClassVar[str] = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen #too-small { width: auto; height: auto; text-align: center; }
    """

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(self._text(self.app.size.width, self.app.size.height),
                         id="too-small", markup=False)

    def _text(self, width: int, height: int) -> str:
        return tr("ui.too_small", self.language, width=MIN_WIDTH, height=MIN_HEIGHT,
                  now_width=width, now_height=height)

    def show_size(self, width: int, height: int) -> None:
        if self.is_mounted:
            self.query_one("#too-small", Static).update(self._text(width, height))


# -- screenshots -----------------------------------------------------------------------------


def screenshot_folders() -> list[Path]:
    """Where a screenshot may go, in order: ``screenshots`` in the mipviz data directory
    (where the learner's progress is), then the working directory."""
    from mipviz.lesson.progress import data_dir

    return [data_dir() / "screenshots", Path.cwd()]


def save_screenshot(app: App[Any], language: str) -> Path | None:
    """Save the screen as SVG into the first folder that exists or can be made, and say the
    full path (or why not) in a notification. Writes only a new regular file (O_EXCL, no
    symlink followed), so an existing file or a device is never replaced."""
    import time

    svg = app.export_screenshot()
    stamp = time.strftime("%Y-%m-%d_%H-%M-%S")
    failure: tuple[Path, str] | None = None
    for folder in screenshot_folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not folder.is_dir():
                raise NotADirectoryError(f"{folder} is not a directory")
            path = _free_name(folder, f"mipviz_{stamp}")
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                                 | getattr(os, "O_NOFOLLOW", 0), 0o666)
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(svg)
        except OSError as error:
            failure = failure or (folder, error.strerror or str(error))
            continue
        app.notify(tr("ui.screenshot.saved", language, path=str(path.resolve())),
                   title=tr("ui.screenshot.title", language), timeout=8, markup=False)
        return path
    assert failure is not None
    app.notify(tr("ui.screenshot.failed", language, path=str(failure[0]), reason=failure[1]),
               title=tr("ui.screenshot.title", language), severity="error", timeout=10,
               markup=False)  # a path with a "[" in it is no markup
    return None


def _free_name(folder: Path, stem: str) -> Path:
    path = folder / f"{stem}.svg"
    number = 1
    while os.path.lexists(path):
        number += 1
        path = folder / f"{stem}_{number}.svg"
    return path


def pane_title(name: str, number: int, language: str) -> str:
    return f"{number} {tr('ui.pane.' + name, language)}"
