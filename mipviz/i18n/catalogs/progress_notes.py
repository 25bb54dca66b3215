"""What the learner is told when their progress file cannot be read or written
(:mod:`mipviz.lesson.progress`): shown as a toast in the picker and the lesson screen, in the
screen's language. The reason is the operating system's own words (``strerror``)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "progress.problem.file": {
        "en": "Your progress file {path} {what}: {kept}.",
        "ja": "進捗ファイル {path} {what}：{kept}。",
    },
    "progress.problem.unreadable": {
        "en": "cannot be read ({reason})",
        "ja": "を読めません（{reason}）",
    },
    "progress.problem.damaged": {
        "en": "is damaged ({reason})",
        "ja": "が壊れています（{reason}）",
    },
    "progress.problem.set_aside": {
        "en": "it was set aside as {name} and a new one started",
        "ja": "{name} として退避し、新しいファイルで始めました",
    },
    "progress.problem.not_set_aside": {
        "en": "it could not be set aside ({reason}); progress will not be saved",
        "ja": "退避できませんでした（{reason}）。進捗は保存されません",
    },
    "progress.problem.save": {
        "en": "Cannot save your progress to {path} ({reason}).",
        "ja": "進捗を {path} に保存できません（{reason}）。",
    },
}
