"""Every file mipviz reads or writes is checked for what it is before it is used.

A path a person gives may name a FIFO (opening it for reading blocks until a writer comes),
a device (``/dev/zero`` reads for ever, ``/dev/full`` fails every write), a directory, or a
symlink loop. Reading goes through :func:`read_regular`, which opens without blocking
(``O_NONBLOCK``), checks the opened descriptor is a regular file and reads at most a bounded
number of octets; writing goes through :func:`check_writable_target`, which refuses a target
that exists and is not a regular file, or is a symbolic link (replacing it would destroy the
link, or, as root, a device node). Every message names the path the user gave.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

from mipviz.i18n.catalogs.errors import MESSAGES as _ERRORS
from mipviz.i18n.said import Phrase, phrase

_PHRASES: dict[str, Phrase] = {}


def tr(message_id: str, **params: object) -> str:
    """The message in English, bilingual (a Said): `mipviz check --lang ja` and the UI render
    it in the reader's language."""
    made = _PHRASES.get(message_id)
    if made is None:
        made = _PHRASES[message_id] = phrase(message_id, _ERRORS)
    return made(**params)

__all__ = ["FileRefused", "WriteFailed", "check_regular", "check_writable_target", "kind_of",
           "read_regular", "write_all_or_nothing"]


class FileRefused(OSError):
    """A path that is not a regular file, or one too large to read; ``str()`` is one line
    that names the path."""

    def __init__(self, path: str | os.PathLike[str], message: str) -> None:
        super().__init__(message)
        self.path = os.fspath(path)
        self.message = message

    def __str__(self) -> str:
        return self.message


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words (the ``errors.kind.*`` messages)."""
    if stat.S_ISDIR(mode):
        return tr("errors.kind.directory")
    if stat.S_ISFIFO(mode):
        return tr("errors.kind.fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return tr("errors.kind.device")
    if stat.S_ISSOCK(mode):
        return tr("errors.kind.socket")
    return tr("errors.kind.other")


def _refusal(path: str | os.PathLike[str], error: OSError) -> FileRefused:
    import errno

    name = os.fspath(path)
    if error.errno == errno.ELOOP:
        return FileRefused(path, tr("errors.file.loop", path=name))
    return FileRefused(path, tr("errors.file.unreadable", path=name,
                                reason=error.strerror or str(error)))


def check_regular(path: str | os.PathLike[str]) -> None:
    """Raise :class:`FileRefused` unless ``path`` (followed through symlinks) is a regular
    file. Never opens it, so never blocks."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise _refusal(path, error) from None
    if not stat.S_ISREG(mode):
        raise FileRefused(path, tr("errors.file.not_regular", path=os.fspath(path),
                                   kind=kind_of(mode)))


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The octets of the regular file ``path``, at most ``limit`` of them.

    Opened with ``O_NONBLOCK`` so that a FIFO put there between the check and the open
    cannot block; what was opened is checked again (``fstat``), so the check is of the file
    actually read.
    """
    check_regular(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise _refusal(path, error) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise FileRefused(path, tr("errors.file.not_regular", path=os.fspath(path),
                                       kind=kind_of(mode)))
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except FileRefused:
        raise
    except OSError as error:
        raise _refusal(path, error) from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:
        raise FileRefused(path, tr("errors.file.too_large", path=os.fspath(path),
                                   limit=_size(limit)))
    return data


def check_writable_target(path: str | os.PathLike[str]) -> None:
    """Raise :class:`FileRefused` if writing ``path`` would replace something that is not a
    regular file: a symbolic link (even to a regular file: the link would be lost), a
    device, a FIFO or a directory. A path that does not exist yet is fine."""
    name = os.fspath(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise _refusal(path, error) from None
    if stat.S_ISLNK(mode):
        raise FileRefused(path, tr("errors.write.symlink", path=name))
    if not stat.S_ISREG(mode):
        raise FileRefused(path, tr("errors.write.not_regular", path=name, kind=kind_of(mode)))


def _size(octets: int) -> str:
    return f"{octets // (1024 * 1024)} MB" if octets >= 1024 * 1024 else f"{octets} octets"


def parent_of(path: str | os.PathLike[str]) -> Path:
    """The directory a new file at ``path`` is created in ('.' for a bare name)."""
    parent = Path(path).parent
    return parent if str(parent) else Path(".")


class WriteFailed(OSError):
    """Writing failed; ``str()`` names the user's path and the reason, and says that
    nothing was written (no target was replaced)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_all_or_nothing(
    entries: Sequence[tuple[str | os.PathLike[str], Callable[[BinaryIO], object]]],
) -> None:
    """Write every ``(path, writer)`` as one unit: each writer fills a temporary file
    beside its target; only when all are complete are they renamed over their targets, so
    a full disk, a read-only directory or a refused target leaves every target as it was.

    Targets must be regular files or not exist (:func:`check_writable_target`); files get
    the mode a new file would get (0666 less the umask), not tempfile's 0600. Raises
    :class:`FileRefused` or :class:`WriteFailed`, each naming the user's path.
    """
    for path, _ in entries:
        check_writable_target(path)
    mode = 0o666 & ~_umask()
    temporaries: list[tuple[str, str | os.PathLike[str]]] = []
    renamed = 0
    current = entries[0][0] if entries else ""
    try:
        for path, writer in entries:
            current = path
            directory = parent_of(path)
            if not directory.is_dir():
                raise WriteFailed(tr("errors.write.failed_nothing", path=os.fspath(path),
                                     reason=tr("errors.write.no_directory",
                                               directory=str(directory))))
            descriptor, temporary = tempfile.mkstemp(dir=directory,
                                                     prefix=f".{Path(path).name}.",
                                                     suffix=".tmp")
            temporaries.append((temporary, path))
            with os.fdopen(descriptor, "wb") as handle:
                writer(handle)
                handle.flush()
                os.fchmod(handle.fileno(), mode)
        renamed = 0
        for temporary, path in temporaries:
            current = path
            os.replace(temporary, path)  # in the same directory: fails only on a race
            renamed += 1
    except OSError as error:
        if isinstance(error, FileRefused | WriteFailed):
            raise
        # Once a rename is done that target is new: the message does not claim otherwise.
        message = "errors.write.failed" if renamed else "errors.write.failed_nothing"
        raise WriteFailed(tr(message, path=os.fspath(current),
                             reason=error.strerror or str(error))) from None
    finally:
        for temporary, _ in temporaries:
            with suppress(FileNotFoundError):
                os.unlink(temporary)
