"""Headless command implementations (trace, export), imported lazily by mipviz.cli."""
