"""Work-arounds for Textual bugs that a learner's keys can reach. Each names the bug.

Imported by :mod:`mipviz.ui.app` before any screen exists.
"""

from __future__ import annotations

import contextlib
from typing import Any

from textual.widgets import OptionList


def _patch_option_list_paging() -> None:
    """Textual 8: PageUp/PageDown on an OptionList that has not been laid out yet (the
    command palette's list right after ctrl+p, a list just refilled) raise KeyError from
    ``OptionList._move_page`` (its line map is still empty). Ignore the key instead."""
    original = OptionList._move_page
    if getattr(original, "_mipviz_safe", False):
        return

    def _move_page(self: OptionList, direction: int) -> None:
        with contextlib.suppress(KeyError, IndexError):
            original(self, direction)  # type: ignore[arg-type]

    _move_page._mipviz_safe = True  # type: ignore[attr-defined]
    OptionList._move_page = _move_page  # type: ignore[method-assign]


_patch_option_list_paging()


def _patch_command_palette_race() -> None:
    """Textual 8: closing the command palette while its search worker starts raises
    NoMatches from ``CommandPalette._gather_commands`` (its CommandList is gone). A search
    for a palette that is closing has nothing to show: end it quietly."""
    from textual import work
    from textual.command import CommandList, CommandPalette
    from textual.css.query import NoMatches

    current = CommandPalette._gather_commands
    original = getattr(current, "__wrapped__", None)
    if original is None or getattr(current, "_mipviz_safe", False):
        return

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self: CommandPalette, search_value: str) -> None:
        if not self.is_attached or not self.query(CommandList):
            return
        with contextlib.suppress(NoMatches):
            await original(self, search_value)

    _gather_commands._mipviz_safe = True  # type: ignore[attr-defined]
    CommandPalette._gather_commands = _gather_commands  # type: ignore[method-assign]


_patch_command_palette_race()


def _patch_command_palette_double_dismiss() -> None:
    """Textual 8: two Enters queued on the command palette (a fast typist, a key repeat)
    dismiss it twice, and the second dismissal pops the screen below it (the lesson). Only
    the palette on top may dismiss itself."""
    from textual.command import CommandPalette

    original = CommandPalette.dismiss
    if getattr(original, "_mipviz_safe", False):
        return

    def dismiss(self: CommandPalette, result: object = None) -> object:
        if not self.is_current:
            return None
        return original(self, result)  # type: ignore[arg-type]

    dismiss._mipviz_safe = True  # type: ignore[attr-defined]
    CommandPalette.dismiss = dismiss  # type: ignore[method-assign,assignment]


_patch_command_palette_double_dismiss()


def _patch_option_list_zero_width() -> None:
    """Textual 8: an OptionList laid out narrower than its options' padding (a 20x5
    terminal, a pane squeezed to nothing) raises ``ValueError: range() arg 3 must not be
    zero`` from Rich's ``chop_cells`` via ``OptionList.get_content_height``. With no room,
    each option is one line tall (it is not drawn anyway)."""
    original = OptionList.get_content_height
    if getattr(original, "_mipviz_safe", False):
        return

    def get_content_height(self: OptionList, container: object, viewport: object,
                           width: int) -> int:
        padding = self.get_component_styles("option-list--option").padding.width
        if width - padding < 1:
            return self.option_count
        return original(self, container, viewport, width)  # type: ignore[arg-type]

    get_content_height._mipviz_safe = True  # type: ignore[attr-defined]
    OptionList.get_content_height = get_content_height  # type: ignore[method-assign]


_patch_option_list_zero_width()


def _patch_negative_timer() -> None:
    """Textual 8: a Timer with a negative interval loops forever inside ``Timer._run``
    without yielding (its "skip" arithmetic never catches up), and the whole app hangs at
    100 % CPU. A toast makes one whenever its notification has expired by the time the toast
    is built (``Toast._timeout = notification.time_left``): a loop kept busy for longer than
    a toast's timeout, as on a loaded machine, was enough to freeze a follower of
    ``mipviz follow`` for good (seen in benchmarks/follow_bench.py). A timer already due
    fires at once instead."""
    from textual.timer import Timer

    original = Timer.__init__
    if getattr(original, "_mipviz_safe", False):
        return

    def __init__(self: Timer, event_target: object, interval: float, *args: Any,
                 **kwargs: Any) -> None:
        original(self, event_target, max(float(interval), 0.001), *args,  # type: ignore[arg-type]
                 **kwargs)

    __init__._mipviz_safe = True  # type: ignore[attr-defined]
    Timer.__init__ = __init__  # type: ignore[method-assign]


_patch_negative_timer()
