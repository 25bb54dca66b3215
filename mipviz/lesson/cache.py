"""A lesson's engine run kept on disk, so that opening it again shows step 1 at once.

The engine is deterministic: the same lesson file, run by the same mipviz code in the same
language, gives the same steps, byte for byte. So the UI keeps what one run gives it (the
lesson as parsed, the Timeline, where each script action began, the problems, the
correspondents' secrets) under a key made of exactly those inputs:

* the lesson file's octets and its path (problems name the path);
* the language (narration and notes are rendered into the steps);
* a fingerprint of the code that made the run: every ``.py`` file of the ``mipviz`` package,
  and the ``scapy`` and ``networkx`` packages it builds frames and routes with (each file's
  path, size and modification time; a release, an upgrade or an edit changes it, which is
  stricter than the version number, the same for every commit of a checkout);
* the Python version and this module's ``FORMAT``.

An entry is one file, ``<key>.run``: a header with the key and the SHA-256 of the payload,
then the pickled payload. It is written atomically (a temporary file in the same directory,
then ``os.replace``). On reading, an entry whose header, key or digest does not match, that
does not unpickle, or that names a class outside mipviz's own data types is ignored (and
removed): the lesson is run afresh. Nothing here raises on a bad file or a failed write; the
cache is only ever a shortcut. The digest guards against truncation and bit rot, and the
class allow-list keeps an entry from naming any callable but mipviz's data constructors;
the directory is the user's own, like the rest of their files.

Where: ``$MIPVIZ_CACHE_DIR`` when set (tests, benchmarks), else
``platformdirs.user_cache_dir("mipviz")``, in a ``runs`` folder; the oldest entries beyond
``KEEP`` are removed when one is written.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mipviz.engine.timeline import Timeline
    from mipviz.explain.secrets import RunSecrets
    from mipviz.lesson.schema import Lesson

ENV_CACHE_DIR = "MIPVIZ_CACHE_DIR"
FORMAT = 1  # bump when the payload's shape changes
KEEP = 64  # entries kept; a run is ~10-100 kB
MAGIC = b"mipviz-run\n"
SUFFIX = ".run"
# What an entry may name when unpickled: mipviz's data types and the standard values in
# them. Anything else is a corrupt or foreign entry.
_ALLOWED_MODULES = ("mipviz.", "ipaddress")
_ALLOWED_BUILTINS = {("builtins", "frozenset"), ("builtins", "set"), ("builtins", "bytearray")}


def cache_dir() -> Path:
    """Where runs are kept: ``$MIPVIZ_CACHE_DIR/runs``, else the user's cache dir's."""
    override = os.environ.get(ENV_CACHE_DIR)
    if override:
        return Path(override) / "runs"
    import platformdirs

    return Path(platformdirs.user_cache_dir("mipviz")) / "runs"


@dataclass(frozen=True, slots=True, eq=False)
class CachedRun:
    """What one plain run (no free-exploration moves) of a lesson gives the UI."""

    lesson: Lesson
    timeline: Timeline
    action_starts: Mapping[int, int]  # script action number -> steps recorded before it
    problems: tuple[str, ...]
    secrets: RunSecrets | None


@dataclass(frozen=True, slots=True)
class Source:
    """A lesson file as read once: its octets (what the run is made from) and its path."""

    path: str
    octets: bytes

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Source | None:
        """The file's octets, or None when it cannot be read (the loader will say why),
        read as the loader reads them: a regular file only, at most its size limit (a FIFO
        or a device is refused at once, never waited on)."""
        from mipviz.lesson._limits import MAX_OCTETS
        from mipviz.safe_files import read_regular

        try:  # FileRefused is an OSError
            return cls(os.fspath(path), read_regular(path, MAX_OCTETS))
        except OSError:
            return None

    def key(self, language: str) -> str:
        digest = hashlib.sha256()
        for part in (str(FORMAT), sys.version, code_fingerprint(), self.path, language):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(self.octets)
        return digest.hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """The code a run depends on, as a digest of its files' paths, sizes and mtimes."""
    import importlib.util

    digest = hashlib.sha256()
    roots = [Path(__file__).resolve().parent.parent]  # the mipviz package
    for name in ("scapy", "networkx"):
        spec = importlib.util.find_spec(name)  # finds, does not import
        if spec is not None and spec.origin:
            roots.append(Path(spec.origin).parent)
    for root in roots:
        digest.update(os.fsencode(root) + b"\0")
        # mipviz: every file; a dependency: its top-level files show an upgrade.
        _stat(root, digest, recursive=root.name == "mipviz")
    return digest.hexdigest()


def _stat(directory: Path, digest: Any, recursive: bool) -> None:
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if recursive and entry.name != "__pycache__":
                _stat(Path(entry.path), digest, recursive)
        elif entry.name.endswith(".py"):
            info = entry.stat()
            digest.update(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\0".encode(
                "utf-8", "surrogateescape"))


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module.startswith(_ALLOWED_MODULES) or (module, name) in _ALLOWED_BUILTINS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"an entry names {module}.{name}")


class RunCache:
    """The runs kept in *directory* (default: :func:`cache_dir`)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = cache_dir() if directory is None else directory

    def _file(self, key: str) -> Path:
        return self.directory / f"{key}{SUFFIX}"

    def has(self, key: str) -> bool:
        """An entry exists for *key* (not read: :meth:`load` checks it)."""
        return self._file(key).is_file()

    def load(self, key: str) -> CachedRun | None:
        """The run kept under *key*, or None (missing, stale, corrupt: then removed)."""
        file = self._file(key)
        try:
            data = file.read_bytes()
        except OSError:
            return None
        run = _decode(data, key)
        if run is None:
            _remove(file)
        return run

    def store(self, key: str, run: CachedRun) -> bool:
        """Keep *run* under *key*; False (and nothing left behind) when it cannot be."""
        try:
            payload = pickle.dumps(_payload(run), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return False
        header = MAGIC + key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() \
            + b"\n"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(header)
                    out.write(payload)
                os.replace(temporary, self._file(key))
            except BaseException:
                _remove(Path(temporary))
                raise
        except OSError:
            return False
        self._prune()
        return True

    def _prune(self) -> None:
        """The oldest entries beyond KEEP go (stale ones pile up as the code changes)."""
        try:
            entries = [entry for entry in os.scandir(self.directory)
                       if entry.name.endswith(SUFFIX)]
            if len(entries) <= KEEP:
                return
            entries.sort(key=lambda entry: entry.stat().st_mtime_ns)
        except OSError:
            return
        for entry in entries[:len(entries) - KEEP]:
            _remove(Path(entry.path))


def _payload(run: CachedRun) -> tuple[Any, ...]:
    secrets = run.secrets
    flat = None if secrets is None else (tuple(secrets.correspondents.items()),
                                         tuple(secrets.macs.items()),
                                         tuple(secrets.esp.items()))
    return (run.lesson, run.timeline, tuple(run.action_starts.items()), run.problems, flat)


def _decode(data: bytes, key: str) -> CachedRun | None:
    lines = data.split(b"\n", 3)
    if len(lines) != 4 or lines[0] + b"\n" != MAGIC or lines[1] != key.encode():
        return None
    payload = lines[3]
    if hashlib.sha256(payload).hexdigest().encode() != lines[2]:
        return None
    try:
        lesson, timeline, starts, problems, flat = _Unpickler(io.BytesIO(payload)).load()
        secrets = None
        if flat is not None:
            from types import MappingProxyType

            from mipviz.explain.secrets import RunSecrets

            secrets = RunSecrets(MappingProxyType(dict(flat[0])), MappingProxyType(dict(flat[1])),
                                 MappingProxyType(dict(flat[2])))  # ESP SA keys
        return CachedRun(lesson, timeline, dict(starts), tuple(problems), secrets)
    except Exception:  # a foreign or damaged entry: any failure means "not cached"
        return None


def _remove(file: Path) -> None:
    with contextlib.suppress(OSError):
        file.unlink()
