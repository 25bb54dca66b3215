"""The key footer, fitted to the terminal: the keys that fit, most useful first, none cut.

Textual's Footer lays every shown binding in one row and lets the row run past the right
edge: at 80 columns the last keys were cut mid-word, in both languages. This footer keeps
Textual's look (it yields Textual's own FooterKey widgets) but measures each key as FooterKey
draws it and leaves out, whole, the least useful keys that do not fit. A key left out still
works, and the help (?) lists every key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import events
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen

# Most useful first: what the learner must do now (a quiz's keys appear only when they apply),
# then stepping, help and quitting, then the rest. Actions not named come last, in their
# order; the command palette's key is kept only if there is room after all of these.
PRIORITY: tuple[str, ...] = (
    "unfocus_input", "rejoin", "answer_quiz", "skip_quiz", "reveal_quiz", "forward", "back",
    # a challenge level's one way to act (the key exists on challenge levels only)
    "challenge", "help", "quit",
    "toggle_play", "next_message", "switch_language", "app.switch_language", "jump",
    "move", "select", "cancel", "close")
PALETTE_PRIORITY = len(PRIORITY) + 100


def key_width(key_display: str, description: str) -> int:
    """Cells a non-compact FooterKey takes: `` key `` then ``description `` (Textual's
    padding: key 0 1, description 0 1 0 0)."""
    return cell_len(f" {key_display} ") + (cell_len(description) + 1 if description else 0)


def fit(widths: list[tuple[int, int]], room: int) -> list[int]:
    """Indices of the items to show: taken by priority (the first of each pair, lower first)
    while their widths (the second) fit in ``room``; returned in their original order."""
    order = sorted(range(len(widths)), key=lambda index: (widths[index][0], index))
    taken: list[int] = []
    used = 0
    for index in order:
        if used + widths[index][1] <= room:
            taken.append(index)
            used += widths[index][1]
    return sorted(taken)


class FittingFooter(Footer):
    """A Footer that shows only the keys that fit its width (see the module docstring)."""

    DEFAULT_CSS: ClassVar[str] = "FittingFooter { overflow: hidden hidden; }"

    def compose(self) -> ComposeResult:
        keys = self._keys()
        self._composed = keys
        for key, display, description, action, enabled, tooltip, classes in keys:
            footer_key = FooterKey(key, display, description, action, classes=classes,
                                   disabled=not enabled, tooltip=tooltip)
            # as Textual's Footer: the palette's key keeps its own (compact) look
            yield footer_key if classes else self._styled(footer_key)

    def _keys(self) -> list[tuple[str, str, str, str, bool, str, str]]:
        """What :meth:`compose` shows: (key, its display, description, action, enabled,
        tooltip, classes) of each key that fits, in order, the palette's last."""
        if not self._bindings_ready:
            return []
        app = self.app
        room = self.size.width or app.size.width
        active = self.screen.active_bindings
        first: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                first.setdefault(binding.action, (binding, enabled, tooltip))
        entries = list(first.values())
        widths = [(self._priority(binding.action),
                   key_width(app.get_key_display(binding), binding.description))
                  for binding, _, _ in entries]
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            palette = active.get(app.COMMAND_PALETTE_BINDING)
        if palette is not None:  # docked right, after a border cell, one cell padding
            _node, binding, _enabled, _tooltip = palette
            widths.append((PALETTE_PRIORITY,
                           key_width(app.get_key_display(binding), binding.description) + 2))
        shown = fit(widths, room)
        keys = []
        for index in shown:
            if index == len(entries):
                continue  # the palette: yielded last, as Textual's Footer does
            binding, enabled, tooltip = entries[index]
            keys.append((binding.key, app.get_key_display(binding), binding.description,
                         binding.action, enabled, tooltip, ""))
        if palette is not None and len(entries) in shown:
            _node, binding, enabled, tooltip = palette
            keys.append((binding.key, app.get_key_display(binding), binding.description,
                         binding.action, enabled, binding.tooltip or binding.description,
                         "-command-palette"))
        return keys

    def _styled(self, key: FooterKey) -> FooterKey:
        """*key* already as compact as this footer, before it is mounted: FooterKey starts
        compact and the data binding makes it not, each a restyle of the key and its two
        component classes (two thirds of start-up's CSS work went there, issue 14)."""
        key.set_reactive(FooterKey.compact, self.compact)
        key.set_class(self.compact, "-compact", update=False)
        return key.data_bind(compact=Footer.compact)

    @staticmethod
    def _priority(action: str) -> int:
        name = action.split("(")[0]
        for candidate in (name, name.removeprefix("app."), name.removeprefix("screen.")):
            if candidate in PRIORITY:
                return PRIORITY.index(candidate)
        return len(PRIORITY)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """As Footer's, but the keys are composed once however many changes came before the
        next refresh: at start-up the screen's mount, focus and first step each change them,
        and every recomposition mounts and styles a row of keys only to remove it."""
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._recompose_soon()

    def _recompose_soon(self) -> None:
        if not getattr(self, "_recompose_pending", False):
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_now)

    async def _recompose_now(self) -> None:
        self._recompose_pending = False  # a change from now on composes again
        if not self.is_attached or not self.is_mounted:
            return  # removed before the refresh came (the picker's `L` recomposes its screen)
        if self._keys() != getattr(self, "_composed", None):  # else the very same row
            await self.recompose()

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != getattr(self, "_fitted_width", None):
            self._fitted_width = event.size.width
            if self._bindings_ready:
                self._recompose_soon()
