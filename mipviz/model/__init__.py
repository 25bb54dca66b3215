"""The vocabulary the engine and the wire codec both stand on.

:mod:`mipviz.model.messages` is the typed view of every frame (frozen dataclasses in RFC 6275's
names and semantic units). The engine builds and reads these objects; :mod:`mipviz.wire` turns
them into bytes and back. Neither layer imports the other's internals for them: both import
this package, which imports nothing of mipviz but :mod:`mipviz.iana`
(tests/test_import_contract.py).
"""
