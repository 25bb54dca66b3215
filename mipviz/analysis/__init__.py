"""Analyses of a finished run: pure functions over a :class:`mipviz.engine.timeline.Timeline`.

Nothing here runs inside the engine: the engine records what happened, these modules measure
it afterwards (the handover breakdown of lecture S23 in :mod:`mipviz.analysis.handovers`).
"""
