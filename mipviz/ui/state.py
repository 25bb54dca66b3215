"""The state pane: binding caches (HA, CN), binding update lists (MN), the HA's routes.

The entries this step changed are highlighted (compared with the state before the step, for
the nodes the step lists in ``Step.changed``); lifetimes count down in virtual time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive

from mipviz.ui.lines import LinesWidget

if TYPE_CHECKING:
    from mipviz.engine.timeline import NodeState
    from mipviz.ui.controller import View

MICROSECONDS = 1_000_000


class StatePane(LinesWidget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"state--changed", "state--title", "state--empty",
                                             "state--selected"}
    view: reactive[View | None] = reactive(None, layout=False)

    def watch_view(self) -> None:
        self.invalidate()

    def build(self, width: int, height: int) -> list[Text]:
        view = self.view
        if view is None:
            return []
        changed_style = self.get_component_rich_style("state--changed", partial=True)
        title_style = self.get_component_rich_style("state--title", partial=True)
        empty = self.get_component_rich_style("state--empty", partial=True)
        step = view.step
        changed = set(step.changed) if step is not None else set()
        timeline = view.prepared.timeline
        now = view.time
        parts: list[Text] = []
        names = list(view.states)
        if view.selected_node in view.states:  # a clicked node comes first
            names.remove(view.selected_node)
            names.insert(0, view.selected_node)
        for name in names:
            state = view.states[name]
            before = timeline.state_at(name, view.cursor - 1) if name in changed else state
            tables = _tables(state, before, now, changed_style)
            if name == view.selected_node:
                parts.extend(_summary(state, title_style))
            if not tables and name == view.selected_node:
                parts.append(Text("  no mobility state", empty))
            for title, table in tables:
                parts.append(Text(f"{name} {title}", title_style))
                parts.extend(table.lines())
        if not parts:
            parts.append(Text("No binding caches or binding update lists yet.", empty))
        return parts


def _summary(state: NodeState, style: Style) -> list[Text]:
    lines = [Text(f"{state.name} ({state.role}) on {', '.join(state.links) or 'no link'}",
                  style)]
    lines.extend(Text(f"  {address}") for address in state.addresses)
    if state.failed:
        lines.append(Text("  failed: not answering"))
    return lines


def _remaining(expires: int, now: int) -> str:
    if expires <= 0:
        return "—"
    left = max(0, expires - now) / MICROSECONDS
    return f"{left:.0f}s"


class _Table:
    """A plain-text table (rich's Table costs milliseconds a paint; this is one pass)."""

    def __init__(self, *columns: str) -> None:
        self.columns = columns
        self.rows: list[tuple[tuple[str, ...], Style | None]] = []

    def add_row(self, *cells: str, style: Style | None = None) -> None:
        self.rows.append((cells, style))

    def lines(self) -> list[Text]:
        widths = [max([len(c)] + [len(cells[i]) for cells, _ in self.rows])
                  for i, c in enumerate(self.columns)]
        out = [Text(" " + "  ".join(c.ljust(w) for c, w in zip(self.columns, widths,
                                                                   strict=True)).rstrip(),
                    "bold", no_wrap=True, overflow="ellipsis")]
        for cells, style in self.rows:
            out.append(Text(" " + "  ".join(c.ljust(w) for c, w in zip(cells, widths,
                                                                      strict=True)).rstrip(),
                            style or "", no_wrap=True, overflow="ellipsis"))
        return out


def _table(*columns: str) -> _Table:
    return _Table(*columns)


def _tables(state: NodeState, before: NodeState, now: int,
            changed: Style) -> list[tuple[str, _Table]]:
    out: list[tuple[str, _Table]] = []
    if state.binding_cache or before.binding_cache:
        table = _table("home address", "care-of address", "seq", "left", "kind")
        old = set(before.binding_cache)
        for entry in state.binding_cache:
            kind = "home reg." if entry.home_registration else "RO"
            if entry.state != "valid":
                kind += f" ({entry.state})"
            table.add_row(str(entry.home_address), str(entry.care_of_address),
                          str(entry.sequence), _remaining(entry.expires, now), kind,
                          style=changed if entry not in old else None)
        gone = [e for e in before.binding_cache
                if e.home_address not in {n.home_address for n in state.binding_cache}]
        for entry in gone:
            table.add_row(str(entry.home_address), str(entry.care_of_address),
                          str(entry.sequence), "deleted", "", style=changed)
        out.append(("binding cache", table))
    if state.binding_update_list or before.binding_update_list:
        table = _table("peer", "care-of address", "seq", "left", "state")
        old_bul = set(before.binding_update_list)
        for bul in state.binding_update_list:
            status = bul.state + (f" ({bul.return_routability})" if bul.return_routability
                                  else "")
            table.add_row(bul.peer, str(bul.care_of_address), str(bul.sequence),
                          _remaining(bul.expires, now), status,
                          style=changed if bul not in old_bul else None)
        out.append(("binding update list", table))
    if state.routes:
        table = _table("prefix", "via")
        old_routes = set(before.routes)
        for prefix, via in state.routes:
            table.add_row(prefix, via, style=changed if (prefix, via) not in old_routes else None)
        out.append(("routes", table))
    return out
