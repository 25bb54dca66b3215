"""Short names for the sequence chart's message labels when the column is narrow.

At 80x24 the chart's label column holds a handful of cells, and "Home Test Init" was cut to
"Home T…", which tells HoTI from HoT from the Home Address option no better than nothing.
When a label does not fit, the message names are replaced by the short names the lecture and
RFC 6275 use (HoTI, CoTI, HoT, CoT §6.1.3–6.1.6; BU, BA, BE, BRR §6.1.2, §6.1.7–6.1.9) and
the Neighbor Discovery ones of RFC 4861 (RS, RA, NS, NA). A tunnelled label keeps its
"IPv6-in-IPv6: " (what the frame is comes first). What still does not fit is cut with "…" by the
caller, as before.
"""

from __future__ import annotations

from rich.cells import cell_len

__all__ = ["shorten"]

# Longest first, so "Home Test Init" becomes HoTI before "Home Test" could match inside it.
SHORT_NAMES: tuple[tuple[str, str], ...] = (
    ("Binding Refresh Request", "BRR"),
    ("Binding Acknowledgement", "BA"),
    ("Binding Update", "BU"),
    ("Binding Error", "BE"),
    ("Home Test Init", "HoTI"),
    ("Care-of Test Init", "CoTI"),
    ("Home Test", "HoT"),
    ("Care-of Test", "CoT"),
    ("Router Solicitation", "RS"),
    ("Router Advertisement", "RA"),
    ("Neighbor Solicitation", "NS"),
    ("Neighbor Advertisement", "NA"),
    ("Echo (ping) request", "ping req"),
    ("Echo (ping) reply", "ping reply"),
)


def shorten(label: str, room: int) -> str:
    """``label`` as it is when it fits in ``room`` cells, else with its message names short."""
    if cell_len(label) <= room:
        return label
    for long, short in SHORT_NAMES:
        label = label.replace(long, short)
    return label
