"""``python -m mipviz``: the same as the ``mipviz`` command."""

from mipviz.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
