"""The topology map: nodes with role and addresses, links with prefixes, the current frame on
its link with its direction, tunnels drawn as tunnels, and a moving node shown where it is.

Every word on the map is placed by :mod:`mipviz.ui.placement` (no two labels share or touch
a cell, none covers a node; a label that has no room moves, then is shortened with a visible
``…``, then is dropped, least important first), and an address is whole or elided in its
middle (:mod:`mipviz.ui.textfit`), never cut into another valid-looking address."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.reactive import reactive

from mipviz.i18n import catalog, tr
from mipviz.ui.canvas import Canvas, Claim
from mipviz.ui.lines import LinesWidget
from mipviz.ui.placement import Label, Spot, nearest_free, place, place_one, spots_around
from mipviz.ui.textfit import address_variants, shortened

if TYPE_CHECKING:
    from mipviz.engine.timeline import NodeState, Step
    from mipviz.ui.controller import View

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
    view: reactive[View | None] = reactive(None, layout=False, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hits: list[tuple[int, int, int, str]] = []  # (x0, x1, y, node)

    def watch_view(self) -> None:
        self.invalidate()

    def build(self, width: int, height: int) -> list[list[Segment]]:
        view = self.view
        if view is None or width < 4 or height < 3:
            return []
        # The map is a function of the run, the step, the node clicked, the size and the
        # theme: drawn once for each (placing its labels is most of a step's work here), so
        # stepping back and forth over the same steps costs nothing more.
        key = (view.cursor, view.selected_node, width, height, self.app.theme)
        drawn: dict[object, tuple[list[list[Segment]], list[tuple[int, int, int, str]]]]
        run, drawn = self.__dict__.get("_drawn", (None, {}))
        if run is not view.prepared or len(drawn) > 256:
            drawn = {}
            self.__dict__["_drawn"] = (view.prepared, drawn)
        if key not in drawn:
            canvas = Canvas(width, height)
            hits = draw_map(canvas, view, self._style)
            drawn[key] = (canvas.segments(), hits)
        lines, self._hits = drawn[key]
        return lines

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


def draw_map(canvas: Canvas, view: View, style: StyleFn) -> list[tuple[int, int, int, str]]:
    """Draw *view*'s map on *canvas*; returns the click areas (x0, x1, y, node).

    Nodes are placed first (a node whose spot is taken, e.g. one moved onto a busy link, goes
    to the nearest free one), then the lines between nodes and links (under everything), then
    the labels by importance with :func:`mipviz.ui.placement.place`: the current packet, the
    link names, a move's ghost and trail, the mobile nodes' home and care-of addresses, other
    addresses, and last the roles."""
    prepared = view.prepared
    language = prepared.language
    topology = prepared.lesson.topology
    layout = prepared.layout
    width, height = canvas.width, canvas.height
    detail = 2 if width >= 70 and height >= 14 else 1 if width >= 30 and height >= 7 else 0
    margin_x = min(14, width // 6) if detail else 2

    def cell(point: tuple[float, float]) -> tuple[int, int]:
        x = margin_x + round(point[0] * max(1, width - 1 - 2 * margin_x))
        y = round(point[1] * max(1, height - 3))
        return (x, y)

    links = {name: cell(point) for name, point in layout.links.items()}
    attached: dict[str, tuple[str, ...]] = {}
    wanted: dict[str, Cell] = {}
    for spec in topology.nodes:
        state = view.states.get(spec.name)
        on = state.links if state is not None else tuple(i.link for i in spec.interfaces)
        attached[spec.name] = on
        wanted[spec.name] = cell(layout.node_at(spec.name, on[0] if len(on) == 1 else None))
    moves = _moves(view)
    styles = {spec.name: _node_style(spec.name, spec.role, view, moves, style)
              for spec in topology.nodes}
    boxes, _unplaced = _place_nodes(canvas, view, wanted, styles, layout.home_links, language)
    nodes = {name: ((claim.x0 + claim.x1 - 1) // 2, claim.y) for name, claim in boxes.items()}
    edges: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for name, on in attached.items():
        for link in on:
            if link in links and name in nodes:
                edges[(name, link)] = canvas.line(nodes[name], links[link], "plain",
                                                  style("line"))
    _draw_tunnels(canvas, view, nodes, style)
    labels: list[Label] = []
    for name, before, after in moves:
        if name not in nodes:
            continue
        labels += _draw_move(canvas, name, before, after,
                             cell(layout.node_at(name, before[0] if len(before) == 1
                                                 else None)),
                             nodes[name], style, detail, language)
    step = view.step
    if step is not None and step.frame is not None and step.link is not None \
            and step.link in links:
        _draw_frame_path(canvas, step, step.link, nodes, links, attached, edges, style)
        labels.append(_frame_label(canvas, step, links[step.link], style, detail, language))
    prefixes = {link.name: link.prefix for link in topology.links}
    for name, (x, y) in links.items():
        prefix = prefixes.get(name) or ""
        forms = [f"{name} {prefix}"] if detail >= 2 and prefix else []
        forms += list(shortened(name, width, minimum=4))
        labels.append(Label(f"link:{name}", forms,
                            spots_around(x, y, (0, -1, 1, -2, 2), (0, -3, 3, -6, 6, -10, 10)),
                            1, style("link")))
    for spec in topology.nodes:
        if spec.name not in boxes:
            continue
        labels += _node_labels(spec.name, spec.role, view, boxes[spec.name], styles[spec.name],
                               style, detail, width, language)
    placed = place(canvas, labels)
    hits = [(claim.x0, claim.x1, claim.y, name) for name, claim in boxes.items()]
    hits += [(claim.x0, claim.x1, claim.y, owner.split(":", 1)[1])
             for owner, claim in placed.items() if owner.startswith("role:")]
    return hits


def _node_style(name: str, role: str, view: View, moves: list[Move], style: StyleFn) -> Style:
    state = view.states.get(name)
    kind = "mobile" if role in ("mobile-node", "mobile-router", "mobile-host") else "node"
    node_style = style(kind)
    if state is not None and state.failed:
        node_style = style("failed")
    if any(moved == name for moved, _, _ in moves):
        node_style = node_style + style("moving")
    if view.selected_node == name:
        node_style = node_style + style("selected")
    return node_style


# Where the nodes went, by what decides it (the canvas's size, the language of the summary,
# each node's box text and wanted cell, in placing order): the same for most steps of a
# replay, whose nodes rarely move, so a new step re-claims the boxes (in its own styles)
# instead of searching again. Bounded: cleared when full.
_PLACED: dict[object, tuple[list[Claim], int]] = {}


def _place_nodes(canvas: Canvas, view: View, wanted: dict[str, Cell], styles: dict[str, Style],
                 home_links: dict[str, str], language: str) -> tuple[dict[str, Claim], int]:
    """:func:`_search_nodes`, or on a fresh canvas its result for the same nodes again."""
    def away(name: str) -> bool:
        state = view.states.get(name)
        return state is not None and home_links.get(name) not in state.links

    order = sorted(wanted, key=away)
    texts = {name: _box_text(view, name) for name in order}
    if canvas.claims:  # not a fresh canvas: what was placed before does not apply
        return _search_nodes(canvas, order, texts, wanted, styles, language)
    key = (canvas.width, canvas.height, language,
           tuple((name, texts[name], wanted[name]) for name in order))
    if key not in _PLACED:
        if len(_PLACED) >= 64:
            _PLACED.clear()
        boxes, unplaced = _search_nodes(canvas, order, texts, wanted, styles, language)
        _PLACED[key] = (list(canvas.claims), unplaced)
        return boxes, unplaced
    claims, unplaced = _PLACED[key]
    boxes = {}
    for claim in claims:  # in the order first claimed: the canvas ends up the same
        name = claim.owner.split(":", 1)[1] if claim.kind == "node" else None
        again = canvas.claim(claim.x0, claim.y, claim.text, claim.owner, claim.kind,
                             styles[name] if name is not None else None)
        if name is not None:
            boxes[name] = again
    return boxes, unplaced


def _box_text(view: View, name: str) -> str:
    state = view.states.get(name)
    return f"[{name}]" + (" ✗" if state is not None and state.failed else "")


def _search_nodes(canvas: Canvas, order: list[str], texts: dict[str, str],
                  wanted: dict[str, Cell], styles: dict[str, Style],
                  language: str) -> tuple[dict[str, Claim], int]:
    """Each node's box ``[NAME]`` where the layout puts it, or the nearest free spot: nodes
    on their home link first, so a node moved (or moving) onto a busy link is the one that
    steps aside, clear of the nodes already there.

    On a map too small for every node (a replay of hundreds), the nodes with no free spot
    are not drawn over others: they are counted, "+N more nodes", and the count claimed at
    the bottom (the last nodes placed give way to it if it has no room); returns the boxes
    and how many nodes were left out."""
    boxes: dict[str, Claim] = {}
    unplaced = 0
    no_room = canvas.width + 1  # the narrowest box found no room anywhere
    for name in order:
        text = texts[name]
        x, y = wanted[name]
        spots = spots_around(x, y, (0, 1, -1, 2, -2, 3, -3), (0, -3, 3, -6, 6, -10, 10, -15, 15))
        claim = place_one(canvas, Label(f"node:{name}", [text], spots, 0, styles[name], "node"))
        if claim is None:
            # no room anywhere for a box this wide means none for a wider one either: the
            # rest of a crowded map's nodes are counted without searching the canvas again
            free = None if cell_len(text) >= no_room else nearest_free(canvas, x, y,
                                                                       cell_len(text))
            if free is None:
                no_room = min(no_room, cell_len(text))
                unplaced += 1
                continue
            claim = canvas.claim(free[0], free[1], text, f"node:{name}", "node", styles[name])
        boxes[name] = claim
    if unplaced:
        unplaced = _more_nodes(canvas, boxes, unplaced, language)
    return boxes, unplaced


def _more_nodes(canvas: Canvas, boxes: dict[str, Claim], unplaced: int, language: str) -> int:
    """Claim "+N more nodes" on the bottom row (or the nearest free one); while it has no
    room, the last node placed gives its place up and is counted too. Returns N."""
    while True:
        forms = [tr("map.more_nodes", language, count=unplaced),
                 tr("map.more_nodes_short", language, count=unplaced)]
        bottom = canvas.height - 1
        for form in forms:
            width = cell_len(form)
            free = nearest_free(canvas, canvas.width // 2, bottom, width)
            if free is not None and width <= canvas.width:
                canvas.claim(free[0], free[1], form, "more-nodes", "label")
                return unplaced
        if not boxes:
            return unplaced
        name = next(reversed(boxes))
        canvas.release(boxes.pop(name))
        unplaced += 1


def _node_labels(name: str, role: str, view: View, box: Claim, node_style: Style,
                 style: StyleFn, detail: int, width: int, language: str) -> list[Label]:
    """A node's addresses (under it, or above) and its role (beside it)."""
    state = view.states.get(name)
    x, y = (box.x0 + box.x1 - 1) // 2, box.y
    labels: list[Label] = []
    home_link = view.prepared.layout.home_links.get(name)
    for row, forms in enumerate(_address_forms(role, state, detail, width, language,
                                               home_link)):
        rows = (1, -1, 2, -2, 3, -3) if row == 0 else (2, 1, -1, -2, 3, -3)
        labels.append(Label(f"address{row}:{name}", forms,
                            spots_around(x, y, rows, (0, -3, 3, -6, 6, -10, 10)),
                            4 + row, style("address")))
    if detail >= 2:
        text = tr(f"map.role.{role}", language) if f"map.role.{role}" in catalog() else role
        spots: list[Spot] = [(box.x1 + 1, y, "l"), (box.x0 - 2, y, "r")]
        spots += spots_around(x, y, (1, -1), (0, -4, 4))
        spots += [(box.x1 + 1, y + 1, "l"), (box.x1 + 1, y - 1, "l"),
                  (box.x0 - 2, y + 1, "r"), (box.x0 - 2, y - 1, "r")]
        labels.append(Label(f"role:{name}", shortened(text, width, minimum=4), spots, 8,
                            node_style))
    return labels


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
               old: Cell, new: Cell, style: StyleFn, detail: int, language: str) -> list[Label]:
    """At the step of its move: a dotted trail with arrows from where the node was to where
    it is now (drawn here), and the labels to place: a ghost of the node where it was, and a
    caption naming the links it left and joined."""
    moving = style("moving")
    labels: list[Label] = [Label(f"ghost:{name}", [f"({name})"],
                                 spots_around(old[0], old[1], (0, 1, -1), (0, -3, 3, -6, 6)),
                                 2, style("address"))]
    if old != new:
        cells = canvas.line(old, new, "dotted", moving)
        for quarter in (1, 3):  # arrows a quarter and three quarters of the way along
            point = cells[min(len(cells) - 1, len(cells) * quarter // 4)]
            _mark(canvas, point, _arrow(old, new), f"trail{quarter}:{name}", moving)
        if detail:
            nowhere = tr("map.nowhere", language)
            caption = tr("map.moved", language, node=name, before=", ".join(before) or nowhere,
                         after=", ".join(after) or nowhere)
            spots: list[Spot] = []
            for fraction in (2, 1, 3):
                x, y = cells[len(cells) * fraction // 4]
                spots += spots_around(x, y, (0, -1, 1), (0, -4, 4))
            labels.append(Label(f"move:{name}", shortened(caption, canvas.width, minimum=8),
                                spots, 3, moving))
    return labels


def _mark(canvas: Canvas, point: Cell, char: str, owner: str, mark_style: Style) -> None:
    """A direction arrow on a line: claimed, so no label covers it (when its cell is free)."""
    x, y = point
    if canvas.is_free(x, x + 1, y, halo=0):
        canvas.claim(x, y, char, owner, "mark", mark_style)


def _address_forms(role: str, state: NodeState | None, detail: int, width: int,
                   language: str, home_link: str | None = None) -> list[Sequence[str]]:
    """The address lines under a node, each as its forms (whole first, then elided in the
    middle: never cut so that the rest reads as another address)."""
    if state is None or detail == 0:
        return []
    lines: list[Sequence[str]] = []
    if state.home_address is not None:
        lines.append([tr("map.home_address", language, address=form)
                      for form in address_variants(str(state.home_address), width - 4)])
        coa = state.care_of_address
        if coa is not None and coa != state.home_address:
            lines.append([tr("map.care_of_address", language, address=form)
                          for form in address_variants(str(coa), width - 4)])
        elif home_link is None or home_link in state.links:
            lines.append(shortened(tr("map.at_home", language), width))
        else:  # moved away, its care-of address not formed (or registered) yet
            lines.append(shortened(tr("map.away_no_coa", language), width))
    elif detail >= 2 and state.addresses and role != "router":
        lines.append(address_variants(str(state.addresses[0]), width))
    return [forms for forms in lines if forms]


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
        _mark(canvas, cells[len(cells) // 2], _arrow(nodes[step.tx], hub), "send", frame_style)
    for receiver in receivers:
        if receiver in nodes and (receiver, link) in edges:
            cells = canvas.line(hub, nodes[receiver], kind, frame_style)
            _mark(canvas, cells[(len(cells) * 2) // 3], _arrow(hub, nodes[receiver]),
                  f"receive:{receiver}", frame_style)


def _frame_label(canvas: Canvas, step: Step, hub: Cell, style: StyleFn, detail: int,
                 language: str) -> Label:
    """The current packet's label, by its link: the most important label on the map."""
    words = step.summary if detail >= 2 else step.summary.split(" seq")[0]
    label = (tr("map.tunnel", language) + " " if _tunnelled(step) else "") + words
    limit = max(12, canvas.width - 2) if detail >= 2 else max(12, canvas.width * 2 // 3)
    spots = spots_around(hub[0], hub[1], (1, -1, 2, -2, 3, -3, 0),
                         (0, -4, 4, -8, 8, -12, 12))
    return Label("frame", shortened(label, limit, minimum=12), spots, 0,
                 _frame_style(step, style))
