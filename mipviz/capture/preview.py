"""The first packets of a capture as a Timeline of their own, for showing at once.

A replay UI must show its first frame whatever the capture's size, long before pass 1 has
read the whole file. :func:`preview_timeline` reads only the first ``packets`` packets and
builds the Timeline of those, as if the capture ended there: the names of the nodes and the
bindings may still change once the whole capture is known (roles are inferred from all the
signalling), so the full Timeline replaces it when indexing is done.
"""

from __future__ import annotations

from mipviz.capture.replay import ReplayTimeline
from mipviz.capture.survey import CaptureSet, Survey, _scan, survey_of
from mipviz.capture.window import windowed_timeline

PREVIEW_PACKETS = 200


def preview_survey(captures: CaptureSet, packets: int = PREVIEW_PACKETS) -> Survey:
    """Pass 1 over the first ``packets`` packets only (the file is not read further)."""
    return survey_of(captures, _scan(captures, 1, packets, None, retain=True), True)


def preview_timeline(captures: CaptureSet,
                     packets: int = PREVIEW_PACKETS) -> tuple[ReplayTimeline, bool]:
    """The Timeline of the first ``packets`` packets (its steps made when shown), and whether
    that is the whole capture."""
    found = preview_survey(captures, packets)
    return windowed_timeline(found), found.packets < packets
