"""The cycle collector and the step budget (issue 14: 60 frames a second).

A run shown on screen (a lesson's timeline of thousands of steps, a capture's index) is made
once and lives as long as it is shown; stepping then makes small short-lived objects (strips,
segments, views) on every frame. Python's collector, left alone, rescans the whole run in each
of its oldest-generation collections: 200 ms and more at a time, every few dozen steps, with
the learner's key held down (the ui_bench worst cases). :func:`settle` freezes what is alive
when a run is first shown (:func:`gc.freeze`: moved out of the collector's generations, never
rescanned), so that later collections scan only what stepping made. Reference counting still
frees the run's objects when a rerun replaces it; only reference cycles among them wait for
:func:`release`, when the screen that showed it goes away.
"""

from __future__ import annotations

import gc

_settled: list[object] = []  # the run frozen last (the one on screen)


def settle(run: object) -> None:
    """Freeze the objects alive now, once per *run* (a Prepared) shown."""
    if _settled and _settled[0] is run:
        return
    _settled[:] = [run]
    gc.freeze()


def release() -> None:
    """The runs are no longer shown: what was frozen is collected again from now on."""
    if _settled:
        _settled.clear()
        gc.unfreeze()
