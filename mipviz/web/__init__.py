"""The terminal UI in a web browser (``mipviz serve``), built on textual-serve.

textual-serve runs one command per browser websocket, so every tab is its own mipviz process
(:mod:`mipviz.web.session`) with its own lesson position and progress. :mod:`mipviz.web.site`
lays out the page and its assets so that nothing is fetched from outside the served host (a
lecture room may have no internet), with a Japanese monospace face found by
:mod:`mipviz.web.fonts`; :mod:`mipviz.web.server` starts it and says where to point a browser.
"""
