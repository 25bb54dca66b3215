"""Quizzes, their feedback and score, the narration pane, the lesson picker and progress."""

MESSAGES: dict[str, dict[str, str]] = {
    # feedback (Markdown)
    "quiz.correct": {"en": "**Correct.**", "ja": "**正解です。**"},
    "quiz.not_quite": {"en": "**Not quite.**", "ja": "**残念、違います。**"},
    "quiz.not_quite_because": {"en": "**Not quite** ({reason}).",
                               "ja": "**残念、違います**({reason})。"},
    "quiz.hint": {"en": "**Hint:** {hint} Try again.",
                  "ja": "**ヒント:** {hint} もう一度答えてください。"},
    "quiz.answer": {"en": "**Answer:** `{answer}`", "ja": "**答え:** `{answer}`"},
    "quiz.retry": {"en": "You can answer again.", "ja": "もう一度答えることもできます。"},
    "quiz.skipped": {"en": "**Skipped.** **Answer:** `{answer}`",
                     "ja": "**スキップしました。** **答え:** `{answer}`"},
    "quiz.answered_before": {"en": "**Answered before.**", "ja": "**以前に答えました。**"},
    "quiz.not_an_address": {"en": "“{answer}” is not an IPv6 address",
                            "ja": "「{answer}」は IPv6 アドレスではありません"},
    "quiz.no_answer": {"en": "no answer", "ja": "答えがありません"},
    "quiz.you_answered": {"en": "You answered: {answer}", "ja": "あなたの答え: {answer}"},
    # the quiz block's title and keys
    "quiz.title.choice": {"en": "Quiz", "ja": "クイズ"},
    "quiz.title.text": {"en": "Quiz", "ja": "クイズ"},
    "quiz.title.predict": {"en": "Predict the next packet", "ja": "次のパケットを予想"},
    "quiz.title.gate": {"en": " (answer to go on)", "ja": "(答えると先へ進めます)"},
    "quiz.title.held": {"en": " (the next frame waits for you)",
                        "ja": "(次のフレームは回答を待っています)"},
    "quiz.keys.choice": {"en": "1–{count} or Enter: answer · s: skip",
                         "ja": "1–{count} か Enter: 回答 · s: スキップ"},
    "quiz.keys.text": {"en": "Enter: answer · s: skip",
                       "ja": "Enter: 回答 · s: スキップ"},
    "quiz.keys.focused": {"en": "Esc: leave the answer box", "ja": "Esc: 回答欄を離れる"},
    "quiz.keys.presenter": {"en": "r reveals the answer", "ja": "r で答えを表示"},
    "quiz.placeholder": {"en": "your answer, then Enter", "ja": "答えを入力して Enter"},
    "quiz.stale": {
        "en": "This quiz belonged to the original script; after your move it no longer applies.",
        "ja": "このクイズは元の台本のものです。移動させたので、もう当てはまりません。"},
    # notices
    "quiz.toast.title": {"en": "quiz", "ja": "クイズ"},
    "quiz.held": {"en": "Answer the quiz to go on (Enter), or skip it (s).",
                  "ja": "先へ進むにはクイズに答えてください(Enter)。スキップは s です。"},
    "quiz.nothing_to_skip": {"en": "No open quiz on screen to skip.",
                             "ja": "スキップできるクイズは表示されていません。"},
    # narration pane
    "narration.start": {"en": "*Step through the lesson with → (or l). ? shows every key.*",
                        "ja": "*→(または l)でレッスンを1ステップずつ進めます。"
                              "? ですべてのキーを表示します。*"},
    "narration.stale": {
        "en": "No longer applies: you moved a node at step {step}; the script's text from "
              "there describes the original run.",
        "ja": "もう当てはまりません: ステップ {step} でノードを移動させました。"
              "そこから先の台本の説明は元の実行についてのものです。"},
    "narration.earlier": {"en": "step {step}", "ja": "ステップ {step}"},
    # score and progress
    "score.line": {
        "en": "quizzes: {first} right first time, {hint} after the hint, {revealed} revealed, "
              "{skipped} skipped",
        "ja": "クイズ: 一度で正解 {first}、ヒントの後で正解 {hint}、答えを表示 {revealed}、"
              "スキップ {skipped}"},
    "score.open": {"en": "{count} not answered yet", "ja": "未回答 {count}"},
    "progress.done": {"en": "✓ done", "ja": "✓ 完了"},
    "progress.started": {"en": "started: step {step}/{total}",
                         "ja": "途中: ステップ {step}/{total}"},
    "progress.end_unanswered": {"en": "end reached, {count} quiz(zes) unanswered",
                                "ja": "最後まで見ました。未回答のクイズ {count}"},
    "progress.resumed": {"en": "resumed at step {step} (Home: start over)",
                         "ja": "ステップ {step} から再開 (Home: 最初から)"},
    "progress.resumed_quiz": {"en": "at the first unanswered quiz, step {step}",
                              "ja": "最初の未回答のクイズ、ステップ {step}"},
    "progress.review": {"en": "reviewing {count} missed quiz(zes): the first at step {step}",
                        "ja": "間違えたクイズ {count} 問の復習: 最初はステップ {step}"},
    "progress.no_missed": {"en": "no quiz missed: nothing to review",
                           "ja": "間違えたクイズはありません。復習するものはありません"},
    "progress.started_over": {"en": "started over", "ja": "最初からやり直します"},
    # the reopen offer
    "reopen.title": {"en": "You finished this lesson.", "ja": "このレッスンは完了しています。"},
    "reopen.start_over": {"en": "Start over", "ja": "最初からやり直す"},
    "reopen.review": {"en": "Review the {count} quiz(zes) missed",
                      "ja": "間違えたクイズ {count} 問を復習する"},
    "reopen.look": {"en": "Just look (from step 0, answers kept)",
                    "ja": "見るだけ(ステップ 0 から、回答はそのまま)"},
    "reopen.keys": {"en": "↑↓ and Enter, or 1–3", "ja": "↑↓ と Enter、または 1–3"},
    # the picker
    "picker.title": {"en": "mipviz — Mobile IPv6, one packet at a time",
                     "ja": "mipviz — モバイル IPv6 を1パケットずつ"},
    "picker.hint": {"en": "Choose a lesson and press Enter.",
                    "ja": "レッスンを選んで Enter を押してください。"},
    "picker.none": {"en": "No lessons found.", "ja": "レッスンが見つかりません。"},
    # mipviz check: quizzes whose answer is on screen where they are asked
    "check.predict_visible": {
        "en": "a predict quiz asked after step {step}, whose frame (step {step}, {node} "
              "{field} {answer}) is already on screen: ask it before that frame",
        "ja": "ステップ {step} の後に出す予想クイズですが、その答えのフレーム"
              "(ステップ {step}、{node} の {field} {answer})がすでに画面にあります。"
              "そのフレームより前に出してください"},
    "check.address_visible": {
        "en": "the answer {answer} is already on screen where the quiz is asked "
              "(after step {step}: {where}); ask it before the address appears",
        "ja": "答え {answer} がクイズを出す時点(ステップ {step} の後: {where})で"
              "すでに画面にあります。アドレスが現れる前に出してください"},
    "check.where.map": {"en": "on the map, {node}'s address", "ja": "地図上の {node} のアドレス"},
    "check.where.frame": {"en": "in the frame on screen", "ja": "表示中のフレーム"},
    "check.no_frame": {
        "en": "a predict quiz about {node}'s next frame, but {node} sends nothing after "
              "step {step}",
        "ja": "{node} の次のフレームを予想するクイズですが、ステップ {step} の後 {node} は"
              "何も送りません"},
}
