"""Challenge levels (mipviz.lesson.challenge, mipviz.ui.challenge, ``mipviz challenge``):
the learner's actions, the verdict, the solution, and what goes wrong with an action."""

MESSAGES: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ actions, in words
    "challenge.act.move": {"en": "move {node} to {link} at {at} s",
                           "ja": "{at} 秒に {node} を {link} へ移動"},
    "challenge.act.route_optimisation": {
        "en": "switch {node}'s route optimisation {state} at {at} s",
        "ja": "{at} 秒に {node} の経路最適化を{state}にする"},
    "challenge.act.on": {"en": "on", "ja": "オン"},
    "challenge.act.off": {"en": "off", "ja": "オフ"},
    "challenge.act.place": {"en": "place {node} on {link} as {mode}",
                            "ja": "{node} を{mode}として {link} に置く"},
    "challenge.act.fail": {"en": "switch {node} off at {at} s",
                           "ja": "{at} 秒に {node} を停止"},
    "challenge.act.restore": {"en": "switch {node} back on at {at} s",
                              "ja": "{at} 秒に {node} を復帰"},
    "challenge.act.wait": {"en": "let {seconds} s pass after the script",
                           "ja": "スクリプトの後さらに {seconds} 秒待つ"},
    "challenge.mode.eavesdropper": {"en": "an eavesdropper (reads all on its link)",
                                    "ja": "盗聴者(リンク上をすべて読む)"},
    "challenge.mode.off-path": {"en": "an off-path attacker", "ja": "経路外の攻撃者"},
    "challenge.note.route_optimisation": {
        "en": "{node}: route optimisation switched {state} (the learner's action)",
        "ja": "{node}: 経路最適化を{state}にした(学習者の操作)"},
    # ------------------------------------------------------------------ verdicts
    "challenge.verdict.met": {"en": "Goal met.", "ja": "目標達成。"},
    "challenge.verdict.not_yet": {"en": "Not yet. Hint: {hint}",
                                  "ja": "まだです。ヒント: {hint}"},
    "challenge.check.met": {"en": "met", "ja": "達成"},
    "challenge.check.unmet": {"en": "not met", "ja": "未達成"},
    "challenge.check.line": {"en": "check {number} ({what}): {count} matching step(s), {state}",
                             "ja": "条件 {number}({what}): 該当ステップ {count} 個、{state}"},
    "challenge.solution": {"en": "Minimal solution:", "ja": "最小の解答:"},
    "challenge.solution.none": {"en": "(no action: the script alone meets the goal)",
                                "ja": "(操作なし: スクリプトだけで目標を満たす)"},
    "challenge.goal": {"en": "Goal: {goal}", "ja": "目標: {goal}"},
    "challenge.attempts": {"en": "attempt {number}", "ja": "{number} 回目の挑戦"},
    # ------------------------------------------------------------------ what can go wrong
    "challenge.error.not_allowed": {
        "en": "this challenge does not offer \"{kind}\" (it offers: {allowed})",
        "ja": "このチャレンジでは「{kind}」は使えません(使える操作: {allowed})"},
    "challenge.error.wait": {"en": "a wait must be more than 0 and at most {max} seconds",
                             "ja": "待ち時間は 0 秒より長く {max} 秒以下にしてください"},
    "challenge.error.node": {"en": "no node named \"{node}\" (nodes: {nodes})",
                             "ja": "「{node}」というノードはありません(ノード: {nodes})"},
    "challenge.error.role": {"en": "{node} cannot \"{kind}\" (only these roles can: {roles})",
                             "ja": "{node} には「{kind}」はできません(できる役割: {roles})"},
    "challenge.error.link": {"en": "no link named \"{link}\" (links: {links})",
                             "ja": "「{link}」というリンクはありません(リンク: {links})"},
    "challenge.error.mode": {
        "en": "unknown attacker mode \"{mode}\" (expected eavesdropper or off-path)",
        "ja": "攻撃者のモード「{mode}」は不明です(eavesdropper か off-path)"},
    "challenge.error.at": {"en": "an action's time cannot be negative",
                           "ja": "操作の時刻は負にできません"},
    "challenge.error.none": {"en": "lesson {lesson} has no [challenge] table",
                             "ja": "レッスン {lesson} には [challenge] テーブルがありません"},
    "challenge.error.syntax": {
        "en": "cannot read the action \"{text}\" (write e.g. move:MN:visited@2, ro:MN:on, "
              "place:Eve:cn-net:eavesdropper, fail:MN@5, restore:MN@40, wait:30)",
        "ja": "操作「{text}」を読めません(例: move:MN:visited@2、ro:MN:on、"
              "place:Eve:cn-net:eavesdropper、fail:MN@5、restore:MN@40、wait:30)"},
    # ------------------------------------------------------------------ the terminal UI
    "ui.challenge.title": {"en": "Challenge", "ja": "チャレンジ"},
    "ui.key.challenge": {"en": "Challenge", "ja": "チャレンジ"},  # the footer's c
    "ui.challenge.actions": {"en": "Your actions: {actions}", "ja": "あなたの操作: {actions}"},
    "ui.challenge.running": {"en": "Replaying the lesson with your actions…",
                             "ja": "あなたの操作でレッスンを再実行しています…"},
    "ui.challenge.press_c": {
        "en": "Press c to act: choose actions, then try them; the engine judges the goal.",
        "ja": "c キーで操作: 操作を選んで試すと、エンジンが目標を判定します。"},
    "ui.challenge.solution_shown": {"en": "Solution shown {count}×.",
                                    "ja": "解答を {count} 回表示しました。"},
    "ui.challenge.not_a_challenge": {
        "en": "This lesson is not a challenge (c acts in one).",
        "ja": "このレッスンはチャレンジではありません(c はチャレンジで使います)。"},
    "ui.challenge.try": {"en": "▶ Try it ({count} action(s): replay and judge)",
                         "ja": "▶ 試す(操作 {count} 個: 再実行して判定)"},
    "ui.challenge.undo": {"en": "↶ Undo the last action", "ja": "↶ 最後の操作を取り消す"},
    "ui.challenge.reset": {"en": "✕ Start over (no actions)", "ja": "✕ やり直す(操作なし)"},
    "ui.challenge.show_solution": {"en": "? Show the minimal solution (counted)",
                                   "ja": "? 最小の解答を表示(回数を記録)"},
}
