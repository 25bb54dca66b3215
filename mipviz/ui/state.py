"""The state pane: binding caches (HA, CN), binding update lists (MN), the HA's routes.

The entries this step changed are highlighted (compared with the state before the step, for
the nodes the step lists in ``Step.changed``); lifetimes count down in virtual time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive

from mipviz.i18n import catalog, tr
from mipviz.ui.lines import LinesWidget

if TYPE_CHECKING:
    from mipviz.engine.home_agents_list import HomeAgentsListEntry
    from mipviz.engine.timeline import NodeState
    from mipviz.ui.controller import View

MICROSECONDS = 1_000_000


class StatePane(LinesWidget):
    """The tables of every node with mobility state, in the screen's language. When they do
    not fit, the window over them starts at the first table this step changed (and at its
    changed rows), with a line saying how much is above and below; ↑/↓ scroll from there."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"state--changed", "state--title", "state--empty",
                                             "state--selected", "state--more"}
    view: reactive[View | None] = reactive(None, layout=False, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._scrolled = 0  # lines scrolled by the learner from the window's own start

    def watch_view(self) -> None:
        self._scrolled = 0  # a new step brings its own change into view
        self.invalidate()

    def scroll_lines(self, lines: int) -> None:
        self._scrolled += lines
        self.invalidate()

    def build(self, width: int, height: int) -> list[Text]:
        view = self.view
        if view is None:
            return []
        lines, focus = self._lines(view)
        shown = self._windowed(lines, focus, height, view.prepared.language)
        for line in shown:  # a cut address ends in "…", never looks complete
            line.truncate(width, overflow="ellipsis")
        return shown

    def _lines(self, view: View) -> tuple[list[Text], tuple[int, int] | None]:
        """Every line, and the span (first, end) of lines this step changed, if any."""
        language = view.prepared.language
        changed_style = self.get_component_rich_style("state--changed", partial=True)
        title_style = self.get_component_rich_style("state--title", partial=True)
        empty = self.get_component_rich_style("state--empty", partial=True)
        step = view.step
        changed = set(step.changed) if step is not None else set()
        timeline = view.prepared.timeline
        now = view.time
        parts: list[Text] = []
        focus: tuple[int, int] | None = None
        names = list(view.states)
        if view.selected_node in view.states:  # a clicked node comes first
            names.remove(view.selected_node)
            names.insert(0, view.selected_node)
        for name in names:
            state = view.states[name]
            before = timeline.state_at(name, view.cursor - 1) if name in changed else state
            tables = _tables(state, before, now, changed_style, language)
            if name == view.selected_node:
                parts.extend(_summary(state, title_style, language))
            if not tables and name == view.selected_node:
                parts.append(Text("  " + tr("ui.state.no_mobility", language), empty))
            for title, table in tables:
                start = len(parts)
                parts.append(Text(f"{name} {title}", title_style))
                parts.extend(table.lines())
                if table.changed:
                    # the title, the header and the table down to its last changed row
                    end = start + 2 + max(table.changed) + 1
                    focus = (start, end) if focus is None else (focus[0], end)
        if not parts:
            parts.append(Text(tr("ui.state.none", language), empty))
        return parts, focus

    def _windowed(self, lines: list[Text], focus: tuple[int, int] | None, height: int,
                  language: str) -> list[Text]:
        """At most *height* lines: from the top when what this step changed fits there,
        else from the title of the first table it changed; moved by the learner's ↑/↓."""
        count = len(lines)
        if height <= 0 or count <= height:
            return lines
        auto = 0
        if focus is not None and focus[1] > height - 1:  # below the fold from the top
            room = height if height < 6 else height - 2
            # its table's title on top; if the change is taller than the pane, its last
            # changed row at the bottom (the highlighted row is the point)
            auto = focus[0] if focus[1] - focus[0] <= room else focus[1] - room
        first = max(0, min(auto + self._scrolled, count - 1))
        if height < 6:  # no room for lines saying what is cut: the change itself first
            first = min(first, count - height)
            self._scrolled = first - auto
            return lines[first:first + height]
        if first > 0:
            first = min(first, count - (height - 1))  # no blank lines after the last one
        self._scrolled = first - auto
        rows = height - (1 if first > 0 else 0)
        below = count - first - rows
        if below > 0:
            rows -= 1
            below += 1
        more = self.get_component_rich_style("state--more", partial=True)
        out: list[Text] = []
        if first > 0:
            out.append(Text(tr("ui.state.more_above", language, count=first), more,
                            no_wrap=True, overflow="ellipsis"))
        out.extend(lines[first:first + rows])
        if below > 0:
            out.append(Text(tr("ui.state.more_below", language, count=below), more,
                            no_wrap=True, overflow="ellipsis"))
        return out


def _summary(state: NodeState, style: Style, language: str) -> list[Text]:
    links = ", ".join(state.links) or tr("ui.state.no_link", language)
    lines = [Text(tr("ui.state.node_on", language, name=state.name, role=state.role,
                     links=links), style)]
    lines.extend(Text(f"  {address}") for address in state.addresses)
    if state.failed:
        lines.append(Text("  " + tr("ui.state.failed", language)))
    return lines


def _remaining(expires: int, now: int, language: str) -> str:
    if expires <= 0:
        return "—"
    left = max(0, expires - now) / MICROSECONDS
    return tr("ui.state.seconds_left", language, seconds=f"{left:.0f}")


def _value(word: str, language: str) -> str:
    """A state of mipviz.engine.states (or the RR tokens held) in the screen's language."""
    message_id = f"ui.state.value.{word}"
    return tr(message_id, language) if message_id in catalog() else word


class _Table:
    """A plain-text table (rich's Table costs milliseconds a paint; this is one pass).
    Widths are in terminal cells, so Japanese headers line up."""

    def __init__(self, *columns: str) -> None:
        self.columns = columns
        self.rows: list[tuple[tuple[str, ...], Style | None]] = []
        self.changed: list[int] = []  # indices of the rows this step changed

    def add_row(self, *cells: str, style: Style | None = None) -> None:
        if style is not None:
            self.changed.append(len(self.rows))
        self.rows.append((cells, style))

    def lines(self) -> list[Text]:
        widths = [max([cell_len(c)] + [cell_len(cells[i]) for cells, _ in self.rows])
                  for i, c in enumerate(self.columns)]
        out = [Text(_join(self.columns, widths), "bold", no_wrap=True, overflow="ellipsis")]
        for cells, style in self.rows:
            out.append(Text(_join(cells, widths), style or "", no_wrap=True,
                            overflow="ellipsis"))
        return out


def _join(cells: tuple[str, ...], widths: list[int]) -> str:
    return " " + "  ".join(c + " " * (w - cell_len(c))
                           for c, w in zip(cells, widths, strict=True)).rstrip()


# What a registration is at binders other than home agents: a MAP's binding of a regional
# care-of address (RFC 5380), an LMA's of a home network prefix (RFC 5213).
_REGISTRATION_KIND = {"map": "ui.state.local_registration", "lma": "ui.state.proxy_registration"}
# A MAG's role in the engine and in a capture replay (mipviz.capture.roles)
_PROXY_ROLES = frozenset({"mag", "mobile-access-gateway"})


def _tables(state: NodeState, before: NodeState, now: int, changed: Style,
            language: str) -> list[tuple[str, _Table]]:
    def t(message_id: str) -> str:
        return tr(message_id, language)

    out: list[tuple[str, _Table]] = []
    if state.binding_cache or before.binding_cache:
        table = _Table(t("ui.state.home_address"), t("ui.state.care_of_address"),
                       t("ui.state.seq"), t("ui.state.left"), t("ui.state.kind"))
        old = set(before.binding_cache)
        for entry in state.binding_cache:
            kind = t(_REGISTRATION_KIND.get(state.role, "ui.state.home_registration")
                     if entry.home_registration else "ui.state.route_optimisation")
            if entry.state != "valid":
                kind += f" ({_value(entry.state, language)})"
            if entry.binding_id:  # RFC 5648: one row per (home address, BID)
                kind += f" BID {entry.binding_id}"
            table.add_row(str(entry.home_address), str(entry.care_of_address),
                          str(entry.sequence), _remaining(entry.expires, now, language), kind,
                          style=changed if entry not in old else None)
        gone = [e for e in before.binding_cache
                if e.home_address not in {n.home_address for n in state.binding_cache}]
        for entry in gone:
            table.add_row(str(entry.home_address), str(entry.care_of_address),
                          str(entry.sequence), t("ui.state.deleted"), "", style=changed)
        out.append((t("ui.state.binding_cache"), table))
    if state.binding_update_list or before.binding_update_list:
        # What each entry binds, when the entries bind more than one address (an HMIPv6
        # mobile node's RCoA at its MAP beside its home address, RFC 5380 §6.1) or the node
        # registers for others (a MAG's entry per mobile node, its HNP: RFC 5213 §6.1).
        bound = state.role in _PROXY_ROLES or len(
            {bul.home_address for bul in state.binding_update_list}) > 1
        columns = (t("ui.state.peer"), *((t("ui.proxy_lists.bound"),) if bound else ()),
                   t("ui.state.care_of_address"), t("ui.state.seq"), t("ui.state.left"),
                   t("ui.state.state"))
        table = _Table(*columns)
        old_bul = set(before.binding_update_list)
        for bul in state.binding_update_list:
            status = _value(bul.state, language)
            if bul.return_routability:
                tokens = (_value(word, language) for word in bul.return_routability.split(", "))
                status += f" ({', '.join(tokens)})"
            table.add_row(bul.peer, *((str(bul.home_address),) if bound else ()),
                          str(bul.care_of_address), str(bul.sequence),
                          _remaining(bul.expires, now, language), status,
                          style=changed if bul not in old_bul else None)
        out.append((t("ui.state.binding_update_list"), table))
    if state.home_agents_list or before.home_agents_list:
        out.append((t("ui.lifetimes.home_agents_list"),
                    _home_agents_table(state, before, now, changed, language)))
    if state.routes:
        table = _Table(t("ui.state.prefix"), t("ui.state.via"))
        old_routes = set(before.routes)
        for prefix, via in state.routes:
            table.add_row(prefix, _via(via, language),
                          style=changed if (prefix, via) not in old_routes else None)
        out.append((t("ui.state.routes"), table))
    return out


def _home_agents_table(state: NodeState, before: NodeState, now: int, changed: Style,
                       language: str) -> _Table:
    """A home agent's Home Agents List (RFC 6275 §10.5.1): each other home agent on its link,
    its preference, the lifetime left and whether it serves mobile routers (RFC 3963 §7.3).
    A row is marked changed when what the RA told changed, not when a refresh restarted its
    lifetime (every Router Advertisement does)."""
    def t(message_id: str) -> str:
        return tr(message_id, language)

    def told(entry: HomeAgentsListEntry) -> tuple[object, ...]:
        return (entry.link_local, entry.global_addresses, entry.preference, entry.lifetime,
                entry.mobile_router_support)

    table = _Table(t("ui.lifetimes.home_agent"), t("ui.lifetimes.preference"),
                   t("ui.state.left"), t("ui.lifetimes.mobile_routers"))
    old = {told(entry) for entry in before.home_agents_list}
    for entry in state.home_agents_list:
        address = entry.global_addresses[0] if entry.global_addresses else entry.link_local
        table.add_row(str(address), str(entry.preference),
                      _remaining(entry.expires, now, language),
                      t("ui.lifetimes.yes" if entry.mobile_router_support else "ui.lifetimes.no"),
                      style=changed if told(entry) not in old else None)
    kept = {entry.link_local for entry in state.home_agents_list}
    for entry in before.home_agents_list:
        if entry.link_local not in kept:
            address = entry.global_addresses[0] if entry.global_addresses else entry.link_local
            table.add_row(str(address), str(entry.preference), t("ui.state.deleted"), "",
                          style=changed)
    return table


def _via(via: str, language: str) -> str:
    """A route's next hop as the engine and the capture replay record it ("tunnel to ADDRESS",
    an address or a node name) in the pane's language."""
    if via.startswith("tunnel to "):
        return tr("ui.state.via_tunnel", language, address=via.removeprefix("tunnel to "))
    if via == "ingress (mobile network)":  # a mobile router's own prefixes (RFC 3963)
        return tr("state.via.ingress", language)
    return via
