"""The topology map: nodes with role and addresses, links with prefixes, the current frame on
its link with its direction, tunnels drawn as tunnels, and a moving node shown where it is."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.reactive import reactive

from mipviz.ui.canvas import Canvas
from mipviz.ui.lines import LinesWidget

if TYPE_CHECKING:
    from mipviz.engine.timeline import NodeState, Step
    from mipviz.ui.controller import View

ROLE_NAMES = {
    "router": "router",
    "home-agent": "home agent",
    "mobile-node": "mobile node",
    "mobile-router": "mobile router",
    "correspondent": "correspondent",
    "host": "host",
    "attacker": "attacker",
    "local-fixed-node": "host behind a mobile router",
}

StyleFn = Callable[[str], Style]  # a component class's name ("line", "frame"...) to its style
Cell = tuple[int, int]


class NodeClicked(Message):
    """The learner clicked a node on the map: show its state."""

    def __init__(self, node: str) -> None:
        super().__init__()
        self.node = node


class TopologyMap(LinesWidget):
    """Renders a :class:`View`; posts :class:`NodeClicked`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "topology--node",
        "topology--mobile",
        "topology--selected",
        "topology--failed",
        "topology--link",
        "topology--line",
        "topology--frame",
        "topology--tunnel",
        "topology--address",
        "topology--moving",
    }
    view: reactive[View | None] = reactive(None, layout=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hits: list[tuple[int, int, int, str]] = []  # (x0, x1, y, node)

    def watch_view(self) -> None:
        self.invalidate()

    def build(self, width: int, height: int) -> list[list[Segment]]:
        view = self.view
        if view is None or width < 4 or height < 3:
            return []
        canvas = Canvas(width, height)
        self._hits = _draw(canvas, view, self._style)
        return canvas.segments()

    def _style(self, name: str) -> Style:
        # Cached per theme: the map asks for a style per line and label.
        key = (name, self.app.theme)
        cache: dict[tuple[str, str], Style] = self.__dict__.setdefault("_style_cache", {})
        if key not in cache:
            cache[key] = self.get_component_rich_style(f"topology--{name}", partial=True)
        return cache[key]

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for x0, x1, y, node in self._hits:
            if y == offset.y and x0 <= offset.x < x1:
                self.post_message(NodeClicked(node))
                return


def _draw(canvas: Canvas, view: View, style: StyleFn) -> list[tuple[int, int, int, str]]:
    prepared = view.prepared
    topology = prepared.lesson.topology
    layout = prepared.layout
    width, height = canvas.width, canvas.height
    detail = 2 if width >= 70 and height >= 14 else 1 if width >= 40 else 0
    margin_x = min(14, width // 6) if detail else 2

    def cell(point: tuple[float, float]) -> tuple[int, int]:
        x = margin_x + round(point[0] * max(1, width - 1 - 2 * margin_x))
        y = round(point[1] * max(1, height - 3))
        return (x, y)

    links = {name: cell(point) for name, point in layout.links.items()}
    nodes: dict[str, tuple[int, int]] = {}
    attached: dict[str, tuple[str, ...]] = {}
    for spec in topology.nodes:
        state = view.states.get(spec.name)
        on = state.links if state is not None else tuple(i.link for i in spec.interfaces)
        attached[spec.name] = on
        nodes[spec.name] = cell(layout.node_at(spec.name, on[0] if len(on) == 1 else None))
    edges: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for name, on in attached.items():
        for link in on:
            if link in links:
                edges[(name, link)] = canvas.line(nodes[name], links[link], "plain",
                                                  style("line"))
    _draw_tunnels(canvas, view, nodes, style)
    moves = _moves(view)
    for name, before, after in moves:
        _draw_move(canvas, name, before, after,
                   cell(layout.node_at(name, before[0] if len(before) == 1 else None)),
                   nodes[name], style, detail)
    step = view.step
    framed: tuple[Step, str] | None = None  # the step whose frame is drawn, and its link
    if step is not None and step.frame is not None and step.link is not None \
            and step.link in links:
        framed = (step, step.link)
        _draw_frame_path(canvas, step, step.link, nodes, links, attached, edges, style)
    prefixes = {link.name: link.prefix for link in topology.links}
    for name, (x, y) in links.items():
        label = f"{name} {prefixes[name]}" if detail else name
        canvas.put_centered(x, y, f" {label} ", style("link"))
    if framed is not None:
        _draw_frame_label(canvas, framed[0], links[framed[1]], style, detail)
    hits: list[tuple[int, int, int, str]] = []
    for spec in topology.nodes:
        state = view.states.get(spec.name)
        x, y = nodes[spec.name]
        role = ROLE_NAMES.get(spec.role, spec.role)
        kind = "mobile" if spec.role in ("mobile-node", "mobile-router") else "node"
        node_style = style(kind)
        if state is not None and state.failed:
            node_style = style("failed")
        if any(name == spec.name for name, _, _ in moves):
            node_style = node_style + style("moving")
        if view.selected_node == spec.name:
            node_style = node_style + style("selected")
        label = f"[{spec.name}]" + (f" {role}" if detail else "")
        if state is not None and state.failed:
            label += " ✗"
        start = canvas.put_centered(x, y, label, node_style)
        hits.append((start, start + len(label), y, spec.name))
        home_link = spec.interfaces[0].link if spec.interfaces else None
        for row, line in enumerate(_address_lines(spec.role, state, detail, home_link),
                                   start=1):
            canvas.put_centered(x, y + row, line, style("address"))
    return hits


Move = tuple[str, tuple[str, ...], tuple[str, ...]]  # node, links before, links after


def _moves(view: View) -> list[Move]:
    """The nodes this step moved (its ``moved`` events), with the links before and after:
    only from the step and the recorded states, so the same step always draws the same."""
    step = view.step
    if step is None:
        return []
    timeline = view.prepared.timeline
    out: list[Move] = []
    for event in step.events:
        if event.kind == "moved" and event.node in view.states:
            before = timeline.state_at(event.node, view.cursor - 1).links
            after = view.states[event.node].links
            if before != after and (event.node, before, after) not in out:
                out.append((event.node, before, after))
    return out


def _draw_move(canvas: Canvas, name: str, before: tuple[str, ...], after: tuple[str, ...],
               old: Cell, new: Cell, style: StyleFn, detail: int) -> None:
    """At the step of its move: a ghost of the node where it was, and a dotted trail with
    arrows from there to where it is now, labelled with the links it left and joined."""
    moving = style("moving")
    if old != new:
        cells = canvas.line(old, new, "dotted", moving)
        for quarter in (1, 3):  # arrows a quarter and three quarters of the way along
            point = cells[min(len(cells) - 1, len(cells) * quarter // 4)]
            canvas.put(point[0], point[1], _arrow(old, new), moving)
        if detail:
            middle = cells[len(cells) // 2]
            caption = f" {name}: {', '.join(before) or 'nowhere'} → " \
                      f"{', '.join(after) or 'nowhere'} "
            canvas.put_centered(middle[0], middle[1], caption, moving)
    canvas.put_centered(old[0], old[1], f"({name})", style("address"))


def _address_lines(role: str, state: NodeState | None, detail: int,
                   home_link: str | None = None) -> list[str]:
    if state is None or detail == 0:
        return []
    lines: list[str] = []
    if state.home_address is not None:
        lines.append(f"HoA {state.home_address}")
        coa = state.care_of_address
        if coa is not None and coa != state.home_address:
            lines.append(f"CoA {coa}")
        elif home_link is None or home_link in state.links:
            lines.append("at home")
        else:  # moved away, its care-of address not formed (or registered) yet
            lines.append("away, no care-of address yet")
    elif detail >= 2 and state.addresses and role != "router":
        lines.append(str(state.addresses[0]))
    return lines


def _draw_tunnels(canvas: Canvas, view: View, nodes: dict[str, Cell], style: StyleFn) -> None:
    """A home agent's bindings are tunnels to the care-of address: draw them end to end."""
    owner = {}
    for name, state in view.states.items():
        if state.home_address is not None:
            owner[state.home_address] = name
    for name, state in view.states.items():
        for entry in state.binding_cache:
            mobile = owner.get(entry.home_address)
            if (entry.home_registration and mobile in nodes and name in nodes
                    and entry.care_of_address != entry.home_address):
                canvas.line(nodes[name], nodes[mobile], "dotted", style("tunnel"))


def _arrow(start: tuple[int, int], end: tuple[int, int]) -> str:
    dx, dy = end[0] - start[0], end[1] - start[1]
    if abs(dx) >= abs(dy) * 2:
        return ">" if dx > 0 else "<"
    return "v" if dy > 0 else "^"


def _tunnelled(step: Step) -> bool:
    packet = step.packet
    return packet is not None and packet.tunnel_depth > 0


def _frame_style(step: Step, style: StyleFn) -> Style:
    return style("tunnel") + style("frame") if _tunnelled(step) else style("frame")


def _draw_frame_path(canvas: Canvas, step: Step, link: str, nodes: dict[str, Cell],
                     links: dict[str, Cell], attached: dict[str, tuple[str, ...]],
                     edges: dict[tuple[str, str], list[Cell]], style: StyleFn) -> None:
    """The frame's hop on *link* (``step.link``): sender to link, link to receiver(s), with
    arrows; double if tunnelled."""
    kind = "tunnel" if _tunnelled(step) else "plain"
    frame_style = _frame_style(step, style)
    receivers = [step.rx] if step.rx else [n for n, on in attached.items()
                                             if link in on and n != step.tx]
    hub = links[link]
    if step.tx in nodes and (step.tx, link) in edges:
        cells = canvas.line(nodes[step.tx], hub, kind, frame_style)
        middle = cells[len(cells) // 2]
        canvas.put(middle[0], middle[1], _arrow(nodes[step.tx], hub), frame_style)
    for receiver in receivers:
        if receiver in nodes and (receiver, link) in edges:
            cells = canvas.line(hub, nodes[receiver], kind, frame_style)
            point = cells[(len(cells) * 2) // 3]
            canvas.put(point[0], point[1], _arrow(hub, nodes[receiver]), frame_style)


def _draw_frame_label(canvas: Canvas, step: Step, hub: Cell, style: StyleFn,
                      detail: int) -> None:
    tunnelled = _tunnelled(step)
    frame_style = _frame_style(step, style)
    words = step.summary if detail >= 2 else step.summary.split(" seq")[0]
    label = ("⊂tunnel⊃ " if tunnelled else "") + words
    limit = max(8, canvas.width // 2)
    if len(label) > limit:
        label = label[: limit - 1] + "…"
    canvas.put_centered(hub[0], min(canvas.height - 1, hub[1] + 1), f" {label} ", frame_style)


draw_map = _draw
