"""Special files and paths (issue 15): every path mipviz opens is checked for what it is
first. A FIFO, a device, a directory or a symlink loop is one line at once, never a hang;
exports write only regular files, as one unit, with the umask's mode, naming the user's
path; a progress file that is not a file, or not JSON, is set aside with a message."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_capture_frames import ethernet, pcap, write
from test_capture_replay import ba_from_ha, bu_to_ha

from mipviz.cli import main
from mipviz.lesson.progress import ProgressStore

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def _mipviz(*arguments: str, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run([sys.executable, "-m", "mipviz", *arguments], capture_output=True,
                          text=True, env=ENV, timeout=60, check=False,
                          stdin=subprocess.DEVNULL, preexec_fn=set_umask)


def _specials(tmp_path: Path, suffix: str) -> dict[str, Path]:
    fifo = tmp_path / f"fifo{suffix}"
    os.mkfifo(fifo)
    zero = tmp_path / f"zero{suffix}"
    zero.symlink_to("/dev/zero")
    loop = tmp_path / f"loop{suffix}"
    loop.symlink_to(loop)
    directory = tmp_path / f"dir{suffix}"
    directory.mkdir()
    return {"a named pipe (FIFO)": fifo, "a device": zero, "a symbolic link loop": loop,
            "a directory": directory}


@pytest.mark.parametrize("command", ["dump", "replay"])
def test_capture_that_is_not_a_regular_file_is_refused_at_once(tmp_path: Path,
                                                               command: str) -> None:
    for kind, path in _specials(tmp_path, ".pcap").items():
        started = time.perf_counter()
        done = _mipviz(command, str(path))
        assert time.perf_counter() - started < 30
        assert done.returncode == 1 and done.stdout == ""
        assert f"{path}: not a regular file ({kind})" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_export_refuses_a_device_node_and_a_symlink(tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    except PermissionError:
        pytest.skip("making a device node needs privileges")
    done = _mipviz("export", "home-registration", "-o", str(device))
    assert done.returncode == 1
    assert f"{device}: cannot write over a device" in done.stderr
    assert stat.S_ISCHR(device.lstat().st_mode)  # still the device, not a regular file

    target = tmp_path / "kept.pcap"
    target.write_bytes(b"keep me")
    link = tmp_path / "link.pcap"
    link.symlink_to(target)
    done = _mipviz("export", "home-registration", "-o", str(link))
    assert done.returncode == 1 and f"{link}: is a symbolic link" in done.stderr
    assert link.is_symlink() and target.read_bytes() == b"keep me"


def test_export_to_a_directory_names_it(tmp_path: Path) -> None:
    done = _mipviz("export", "home-registration", "-o", str(tmp_path))
    assert done.returncode == 1
    assert f"{tmp_path}: cannot write over a directory" in done.stderr
    assert list(tmp_path.iterdir()) == []  # no temporary left behind


def test_export_honours_the_umask(tmp_path: Path) -> None:
    for umask, mode in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
        out, keys = tmp_path / f"out-{umask:o}.pcap", tmp_path / f"keys-{umask:o}.txt"
        done = _mipviz("export", "home-registration", "-o", str(out), "--keylog", str(keys),
                       umask=umask)
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE(out.stat().st_mode) == mode
        assert stat.S_IMODE(keys.stat().st_mode) == mode


def test_export_writes_pcap_and_keylog_as_one_unit(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A key log that cannot be written (here: the disk fills while writing it) leaves no
    pcap either, and the message names the user's path, not a temporary one."""
    import mipviz.safe_files as safe_files

    real = safe_files.os.fdopen
    opened: list[int] = []

    def fdopen(descriptor: int, *arguments: object, **keywords: object):  # type: ignore[no-untyped-def]
        opened.append(descriptor)
        handle = real(descriptor, *arguments, **keywords)  # type: ignore[call-overload]
        if len(opened) == 2:
            def full(_: bytes) -> int:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            handle.write = full
        return handle

    monkeypatch.setattr(safe_files.os, "fdopen", fdopen)
    out, keys = tmp_path / "out.pcap", tmp_path / "keys.txt"
    assert main(["export", "home-registration", "-o", str(out), "--keylog", str(keys)]) == 1
    err = capsys.readouterr().err
    assert f"cannot write {keys}: No space left on device; nothing was written" in err
    assert list(tmp_path.iterdir()) == []  # neither file, no temporary


@pytest.mark.parametrize("kind", ["fifo", "zero", "nested", "directory", "loop"])
def test_a_progress_file_that_cannot_be_used_is_set_aside(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "progress.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "nested":
        path.write_text("[" * 100_000, encoding="utf-8")
    elif kind == "directory":
        path.mkdir()
    else:
        path.symlink_to(path)
    code = ("import sys; from pathlib import Path; from mipviz.lesson.progress import "
            "ProgressStore; store = ProgressStore(Path(sys.argv[1])); print(store.problem); "
            "store.reached('x', 3, 9); print(store.save())")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, env=ENV, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    problem, saved = done.stdout.splitlines()
    assert problem.startswith(f"Your progress file {path} ") and "set aside" in problem
    assert saved == "True"
    assert json.loads(path.read_text(encoding="utf-8"))["lessons"]["x"]["furthest"] == 3
    assert os.path.lexists(tmp_path / "progress.corrupt.json")


def test_stale_progress_temporaries_are_removed_on_the_next_start(tmp_path: Path) -> None:
    stale = tmp_path / ".progress-abc123.tmp"
    stale.write_text("{", encoding="utf-8")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    fresh = tmp_path / ".progress-def456.tmp"  # another mipviz may be saving right now
    fresh.write_text("{", encoding="utf-8")
    store = ProgressStore(tmp_path / "progress.json")
    assert store.problem is None
    assert not stale.exists() and fresh.exists()


def test_dump_of_a_regular_capture_still_works(tmp_path: Path) -> None:
    path = write(tmp_path, "reg.pcap", pcap([(0, ethernet(bu_to_ha(7))),
                                             (1_000_000, ethernet(ba_from_ha(7)))]))
    done = _mipviz("dump", str(path))
    assert done.returncode == 0 and "Binding Update seq 7" in done.stdout
