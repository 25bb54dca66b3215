"""Follow the lecturer (issue 13, item 2): ``mipviz lesson ID --presenter --share`` publishes
the presenter's position; ``mipviz follow HOST:PORT`` and ``mipviz serve --follow HOST:PORT``
follow it.

:mod:`mipviz.follow.protocol` is what travels (a position, never a screen: the engine is
deterministic), :mod:`mipviz.follow.publisher` the presenter's side (bounded: garbage or a
slow follower never touches the presenter), :mod:`mipviz.follow.subscriber` the follower's
(it says when the lecturer is lost, and reconnects). The screens are in
:mod:`mipviz.ui.follow` and :mod:`mipviz.ui.share`.
"""
