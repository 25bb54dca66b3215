"""The learner's progress: per lesson, the furthest step reached and the quizzes answered.

Kept in one JSON file under the user's data directory (``platformdirs.user_data_dir("mipviz")``,
or ``$MIPVIZ_DATA_DIR`` when set), never in the installed package or in ``lessons/``.
Writes are atomic (a temporary file in the same directory, then ``os.replace``). A progress
file that cannot be read or makes no sense is renamed aside (``progress.corrupt.json``,
``progress.corrupt-1.json``...) and a fresh one started; :attr:`ProgressStore.problem` says
what happened, in words for the learner. Nothing here raises on a bad file or a failed write.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mipviz.i18n.said import Phrase, phrase

ENV_DATA_DIR = "MIPVIZ_DATA_DIR"
FILE_NAME = "progress.json"
VERSION = 1
MAX_OCTETS = 8 * 1024 * 1024  # a progress file of every lesson is a few kB
STALE_TEMPORARY_SECONDS = 60.0


def data_dir() -> Path:
    """Where mipviz keeps the learner's files: ``$MIPVIZ_DATA_DIR``, else the XDG data dir."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("mipviz"))


@dataclass
class LessonProgress:
    """One lesson's entry. Version 1 files hold ``furthest``, ``total`` and ``quizzes``
    (number -> answered right); later writers add ``outcomes`` (number -> how it ended, see
    :data:`~mipviz.lesson.quiz.OUTCOMES`) and ``asked`` (the lesson's quiz numbers), keys an
    older reader ignores. A file without them still loads: a quiz answered right counts as
    right first time, and a lesson without ``asked`` is done when its end was reached."""

    furthest: int = 0  # the furthest step reached
    total: int = 0  # the lesson's number of steps when it was last opened
    quizzes: dict[int, bool] = field(default_factory=dict)  # quiz number -> answered right
    outcome_of: dict[int, str] = field(default_factory=dict)  # quiz number -> OUTCOMES
    asked: tuple[int, ...] | None = None  # the lesson's quiz numbers (None: not known)

    def outcomes(self) -> dict[int, str]:
        """How each answered quiz ended (an old file's right answers count as first time)."""
        from mipviz.lesson.quiz import FIRST

        known = {number: FIRST for number, right in self.quizzes.items() if right}
        known.update(self.outcome_of)
        return known

    @property
    def ended(self) -> bool:
        return self.total > 0 and self.furthest >= self.total

    @property
    def done(self) -> bool:
        """The end reached and every quiz answered (or skipped)."""
        if not self.ended:
            return False
        outcomes = self.outcomes()
        return self.asked is None or all(number in outcomes for number in self.asked)

    @property
    def unanswered(self) -> int:
        outcomes = self.outcomes()
        return sum(1 for number in self.asked or () if number not in outcomes)

    def score(self) -> dict[str, int]:
        from mipviz.lesson.quiz import OUTCOMES

        counts = dict.fromkeys(OUTCOMES, 0)
        for outcome in self.outcomes().values():
            counts[outcome] += 1
        return counts

    @property
    def started(self) -> bool:
        return self.furthest > 0 or bool(self.quizzes) or bool(self.outcome_of)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "furthest": self.furthest, "total": self.total,
            "quizzes": {str(n): ok for n, ok in sorted(self.quizzes.items())},
            "outcomes": {str(n): o for n, o in sorted(self.outcome_of.items())}}
        if self.asked is not None:
            data["asked"] = list(self.asked)
        return data

    @classmethod
    def from_json(cls, data: Any) -> LessonProgress:
        from mipviz.lesson.quiz import OUTCOMES

        if not isinstance(data, dict):
            raise ValueError("a lesson's entry is not a table")
        furthest, total = data.get("furthest", 0), data.get("total", 0)
        quizzes, outcomes = data.get("quizzes", {}), data.get("outcomes", {})
        asked = data.get("asked")
        if not (_count(furthest) and _count(total) and isinstance(quizzes, dict)
                and isinstance(outcomes, dict)):
            raise ValueError("a lesson's entry has the wrong types")
        if asked is not None and not (isinstance(asked, list) and all(map(_count, asked))):
            raise ValueError("a lesson's quiz list has the wrong types")
        parsed: dict[int, bool] = {}
        for number, ok in quizzes.items():
            if not (isinstance(number, str) and number.isdigit() and isinstance(ok, bool)):
                raise ValueError("a quiz entry has the wrong types")
            parsed[int(number)] = ok
        ended: dict[int, str] = {}
        for number, outcome in outcomes.items():
            if not (isinstance(number, str) and number.isdigit() and outcome in OUTCOMES):
                raise ValueError("a quiz outcome has the wrong types")
            ended[int(number)] = outcome
        return cls(furthest, total, parsed, ended, None if asked is None else tuple(asked))


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


class ProgressStore:
    """The progress file: loaded once, written atomically after each change."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else data_dir() / FILE_NAME
        self.problem: str | None = None  # what went wrong reading or writing, for the learner
        self.lessons: dict[str, LessonProgress] = {}
        self._load()

    def _load(self) -> None:
        from mipviz.safe_files import FileRefused, read_regular

        _remove_stale_temporaries(self.path.parent)
        if not os.path.lexists(self.path):
            return
        try:  # never blocks (a FIFO), never reads for ever (/dev/zero): set aside instead
            raw = read_regular(self.path, MAX_OCTETS).decode("utf-8")
        except FileRefused as error:
            self._set_aside(f"cannot be read ({str(error).removeprefix(f'{self.path}: ')})")
            return
        except (OSError, UnicodeDecodeError) as error:
            self._set_aside(_says("progress.problem.unreadable")(reason=_reason(error)))
            return
        try:
            data = json.loads(raw)  # RecursionError for 100,000 nested '[': damaged too
            if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict):
                raise ValueError("it is not a mipviz progress file")
            if data.get("version") != VERSION:
                raise ValueError(f"unknown version {data.get('version')!r}")
            self.lessons = {str(k): LessonProgress.from_json(v)
                            for k, v in data["lessons"].items()}
        except (ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
            self.lessons = {}
            self._set_aside(_says("progress.problem.damaged")(reason=_reason(error)))

    def _set_aside(self, what: str) -> None:
        aside = self.path.with_name("progress.corrupt.json")
        number = 0
        while aside.exists():
            number += 1
            aside = self.path.with_name(f"progress.corrupt-{number}.json")
        original = self.path
        try:
            os.replace(self.path, aside)
            kept = _says("progress.problem.set_aside")(name=aside.name)
        except OSError as error:
            kept = _says("progress.problem.not_set_aside")(reason=_reason(error))
            self.path = Path(os.devnull)  # never overwrite what could not be moved
        self.problem = _says("progress.problem.file")(path=str(original), what=what, kept=kept)

    # ------------------------------------------------------------------ reading
    def get(self, lesson: str) -> LessonProgress | None:
        return self.lessons.get(lesson)

    # ------------------------------------------------------------------ changing
    def reached(self, lesson: str, step: int, total: int) -> bool:
        """Record that the learner got to *step* of *total*; True when that is further than
        before (nothing is written here: call :meth:`save`)."""
        entry = self.lessons.setdefault(lesson, LessonProgress())
        changed = entry.total != total or step > entry.furthest
        entry.total = total
        entry.furthest = max(entry.furthest, min(step, total))
        return changed

    def answered(self, lesson: str, quiz: int, correct: bool,
                 outcome: str | None = None) -> None:
        """Record an answer (a quiz once right stays right; its first outcome is kept for
        the score) and save."""
        entry = self.lessons.setdefault(lesson, LessonProgress())
        entry.quizzes[quiz] = entry.quizzes.get(quiz, False) or correct
        if outcome is not None:
            entry.outcome_of.setdefault(quiz, outcome)
        self.save()

    def asked(self, lesson: str, numbers: list[int]) -> None:
        """Note the lesson's quiz numbers (a lesson is done only when all are answered)."""
        entry = self.lessons.get(lesson)
        if entry is not None:
            entry.asked = tuple(numbers)
        elif numbers:
            self.lessons[lesson] = LessonProgress(asked=tuple(numbers))

    def restart(self, lesson: str) -> None:
        """Forget one lesson's progress (start over); nothing is written here."""
        self.lessons.pop(lesson, None)

    def save(self) -> bool:
        """Write the file atomically; False (and :attr:`problem` set) when that failed."""
        if self.path == Path(os.devnull):
            return False
        data = {"version": VERSION,
                "lessons": {k: v.to_json() for k, v in sorted(self.lessons.items())}}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".progress-{os.getpid()}-",
                                                 suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(data, out, indent=1)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temporary, self.path)
                _sync_directory(self.path.parent)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            self.problem = _says("progress.problem.save")(path=str(self.path),
                                                          reason=_reason(error))
            return False
        return True


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (a kill -9 cannot undo it, a power cut could)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the rename has happened
    finally:
        os.close(descriptor)


def _remove_stale_temporaries(directory: Path) -> None:
    """Remove the ``.progress-*.tmp`` files a save killed before its rename left behind
    (issue 15: 2 of 30 kill -9s). A temporary names the process that wrote it
    (``.progress-PID-….tmp``): one whose process is gone is removed at once; one of a
    running process (another mipviz saving now) or of an older mipviz without the PID is
    removed once it is older than a minute."""
    import time

    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    try:
        candidates = list(directory.glob(".progress-*.tmp"))
    except OSError:
        return
    for candidate in candidates:
        try:
            if not _writer_alive(candidate.name) or candidate.lstat().st_mtime < cutoff:
                candidate.unlink()
        except OSError:
            continue


def _writer_alive(name: str) -> bool:
    """Whether the process named in a temporary's name may still be writing it (True when
    the name carries no PID, or the PID is this process's or a running one's)."""
    pid_text = name.removeprefix(".progress-").partition("-")[0]
    if not pid_text.isdigit():
        return True
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's live process, or not a PID: leave it to the age rule
    return True


def _says(message_id: str) -> Phrase:
    """The learner's message *message_id*: English as a ``str`` (what tests and logs read),
    in the screen's language where it is shown (:func:`mipviz.i18n.render`)."""
    from mipviz.i18n.catalogs.progress_notes import MESSAGES

    return phrase(message_id, MESSAGES)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__
