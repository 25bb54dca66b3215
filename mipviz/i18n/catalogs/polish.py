"""Messages from the new-user walkthrough's fixes: the handover bar's losses, the replay's
note on an exported frame's lesson step."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # The handover bar's subtitle, one flow's losses (was "lost ping 0")
    "polish.bar.lost.none": {"en": "{flow}: none lost", "ja": "{flow}: 損失なし"},
    "polish.bar.lost.one": {"en": "{flow}: 1 packet lost", "ja": "{flow}: 1 個損失"},
    "polish.bar.lost.many": {"en": "{flow}: {count} packets lost", "ja": "{flow}: {count} 個損失"},
    # The replay's narration: a pcapng frame comment (an export's "Step 52/168 on …") is the
    # file's own words, numbered as the lesson was, not as the replay counts its steps
    "polish.replay.comment": {
        "en": "*The capture's comment (its step numbers are the file's):*",
        "ja": "*キャプチャのコメント（ステップ番号はファイル側のもの）：*",
    },
    # The presenter's footer key r (mipviz.ui.screen's reveal_quiz)
    "ui.key.reveal_quiz": {"en": "Reveal", "ja": "答えを表示"},
}
