"""The terminal UI's chrome: pane titles, the status line, keys (footer and command palette),
the help and its legend, dialogs, the Bindings pane's tables, loading and error messages.

Japanese follows shared/seed/GLOSSARY.md (気付けアドレス, 位置登録, 経路最適化, 署名用トークン …);
protocol message names stay as Wireshark spells them.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # -- pane titles ----------------------------------------------------------------------
    "ui.pane.map": {"en": "Topology", "ja": "トポロジ"},
    "ui.pane.ladder": {"en": "Sequence", "ja": "シーケンス"},
    "ui.pane.inspector": {"en": "Packet", "ja": "パケット"},
    "ui.pane.state": {"en": "Bindings", "ja": "バインディング"},
    "ui.pane.narration": {"en": "Narration", "ja": "解説"},
    # -- status line ----------------------------------------------------------------------
    "ui.status.step": {"en": "step {cursor}/{total}", "ja": "ステップ {cursor}/{total}"},
    "ui.status.time": {"en": "t = {seconds} s", "ja": "t = {seconds} 秒"},
    "ui.status.playing": {"en": "▶ playing {speed}/s", "ja": "▶ 再生中 {speed}/秒"},
    "ui.status.paused": {"en": "⏸ paused ({speed}/s)", "ja": "⏸ 一時停止（{speed}/秒）"},
    "ui.status.presenter": {"en": "PRESENTER", "ja": "講師モード"},
    "ui.status.loading": {"en": "step 0/0 │ loading", "ja": "ステップ 0/0 │ 読み込み中"},
    "ui.status.preparing": {"en": "step 0/… │ {what}…", "ja": "ステップ 0/… │ {what}…"},
    "ui.status.failed": {"en": "no lesson │ q quits", "ja": "レッスンなし │ q で終了"},
    "ui.status.resumed": {"en": "resumed at step {step} (Home: start over)",
                          "ja": "ステップ {step} から再開（Home で最初から）"},
    # -- loading and errors ---------------------------------------------------------------
    "ui.loading.opening": {"en": "Opening {title}…", "ja": "{title} を開いています…"},
    "ui.loading.progress": {"en": "{title}: {what}…", "ja": "{title}：{what}…"},
    "ui.loading.reading": {"en": "reading the lesson", "ja": "レッスンを読み込み中"},
    "ui.loading.running": {"en": "running the protocol engine",
                           "ja": "プロトコルエンジンを実行中"},
    "ui.loading.layout": {"en": "laying out the map", "ja": "マップを配置中"},
    "ui.loading.failed": {"en": "Cannot open {title}:\n{error}",
                          "ja": "{title} を開けません：\n{error}"},
    "ui.notify.lesson_problem": {"en": "lesson problem", "ja": "レッスンの問題"},
    "ui.notify.progress": {"en": "progress", "ja": "進捗"},
    "ui.notify.quiz": {"en": "quiz", "ja": "クイズ"},
    "ui.notify.gate": {"en": "Answer the quiz to go on: press Enter.",
                       "ja": "先へ進むにはクイズに答えてください：Enter を押します。"},
    "ui.notify.moving": {"en": "Moving {node} to {link} at {time}; recomputing the future…",
                         "ja": "{time} に {node} を {link} へ移動します。この先を再計算中…"},
    "ui.notify.reveal_presenter_only": {
        "en": "r reveals answers in presenter mode (mipviz lesson … --presenter).",
        "ja": "r で答えを表示できるのは講師モードだけです（mipviz lesson … --presenter）。"},
    "ui.notify.no_quiz": {"en": "No quiz on screen to reveal.",
                          "ja": "表示できるクイズが画面にありません。"},
    "ui.notify.correct": {"en": "Correct!", "ja": "正解！"},
    "ui.notify.not_quite": {"en": "Not quite.", "ja": "惜しい、違います。"},
    "ui.notify.theme": {"en": "theme: {name}", "ja": "配色：{name}"},
    "ui.notify.language": {"en": "Language: {language}", "ja": "言語：{language}"},
    "ui.notify.switching": {"en": "Switching to {language}…", "ja": "{language}に切り替え中…"},
    "ui.screenshot.saved": {"en": "Screenshot saved to {path}",
                            "ja": "スクリーンショットを保存しました：{path}"},
    "ui.screenshot.failed": {"en": "Cannot save the screenshot to {path}: {reason}",
                             "ja": "スクリーンショットを {path} に保存できません：{reason}"},
    "ui.screenshot.title": {"en": "screenshot", "ja": "スクリーンショット"},
    "ui.too_small": {
        "en": "Make the terminal at least {width}×{height} (it is {now_width}×{now_height} "
              "now).\nmipviz carries on when it is big enough. q quits.",
        "ja": "端末を {width}×{height} 以上にしてください（現在 {now_width}×{now_height}）。\n"
              "十分な大きさになれば続きを表示します。q で終了。"},
    "ui.replay.no_move": {"en": "A replay shows what was captured: nodes cannot be moved.",
                          "ja": "リプレイはキャプチャそのものです：ノードは移動できません。"},
    # -- keys: footer descriptions and the command palette ---------------------------------
    "ui.key.forward": {"en": "Step", "ja": "進む"},
    "ui.key.back": {"en": "Back", "ja": "戻る"},
    "ui.key.next_message": {"en": "Next msg", "ja": "次メッセージ"},
    "ui.key.previous_message": {"en": "Prev msg", "ja": "前のメッセージ"},
    "ui.key.toggle_play": {"en": "Play", "ja": "再生"},
    "ui.key.faster": {"en": "Faster", "ja": "速く"},
    "ui.key.slower": {"en": "Slower", "ja": "遅く"},
    "ui.key.jump": {"en": "Go to", "ja": "ジャンプ"},
    "ui.key.first": {"en": "First", "ja": "最初"},
    "ui.key.last": {"en": "Last", "ja": "最後"},
    "ui.key.move": {"en": "Move node", "ja": "ノード移動"},
    "ui.key.zoom": {"en": "Zoom", "ja": "拡大"},
    "ui.key.hide": {"en": "Hide pane", "ja": "ペインを隠す"},
    "ui.key.show_all": {"en": "All panes", "ja": "全ペイン"},
    "ui.key.cycle_theme": {"en": "Theme", "ja": "配色"},
    "ui.key.reveal": {"en": "Reveal", "ja": "答えを表示"},
    "ui.key.help": {"en": "Help", "ja": "ヘルプ"},
    "ui.key.quit": {"en": "Quit", "ja": "終了"},
    "ui.key.answer_quiz": {"en": "Answer quiz", "ja": "クイズに答える"},
    "ui.state.via_tunnel": {"en": "tunnel to {address}", "ja": "{address} へのトンネル"},
    "ui.key.skip_quiz": {"en": "Skip quiz", "ja": "クイズを飛ばす"},
    "ui.key.unfocus_input": {"en": "Leave answer box", "ja": "解答欄を離れる"},
    "ui.key.ladder_filter": {"en": "Filter", "ja": "絞り込み"},
    "ui.key.switch_language": {"en": "日本語", "ja": "English"},
    "ui.key.command_palette": {"en": "palette", "ja": "コマンド"},
    "ui.key.close": {"en": "Close", "ja": "閉じる"},
    "ui.key.cancel": {"en": "Cancel", "ja": "取り消し"},
    "ui.palette.placeholder": {"en": "Search for commands…", "ja": "コマンドを検索…"},
    "ui.cmd.forward": {"en": "Step forward", "ja": "1 ステップ進む"},
    "ui.cmd.forward.help": {"en": "→ / l", "ja": "→ / l"},
    "ui.cmd.back": {"en": "Step back", "ja": "1 ステップ戻る"},
    "ui.cmd.back.help": {"en": "← / h", "ja": "← / h"},
    "ui.cmd.next_message": {"en": "Next message", "ja": "次のメッセージ"},
    "ui.cmd.next_message.help": {"en": "]: skip the other hops of this packet",
                                 "ja": "]：このパケットの残りのホップを飛ばす"},
    "ui.cmd.previous_message": {"en": "Previous message", "ja": "前のメッセージ"},
    "ui.cmd.previous_message.help": {"en": "[", "ja": "["},
    "ui.cmd.toggle_play": {"en": "Play / pause", "ja": "再生 / 一時停止"},
    "ui.cmd.toggle_play.help": {"en": "space", "ja": "スペース"},
    "ui.cmd.faster": {"en": "Faster", "ja": "速く"},
    "ui.cmd.faster.help": {"en": "+", "ja": "+"},
    "ui.cmd.slower": {"en": "Slower", "ja": "遅く"},
    "ui.cmd.slower.help": {"en": "-", "ja": "-"},
    "ui.cmd.jump": {"en": "Jump to step…", "ja": "ステップへ移動…"},
    "ui.cmd.jump.help": {"en": "g", "ja": "g"},
    "ui.cmd.first": {"en": "First step", "ja": "最初のステップ"},
    "ui.cmd.first.help": {"en": "Home", "ja": "Home"},
    "ui.cmd.last": {"en": "Last step", "ja": "最後のステップ"},
    "ui.cmd.last.help": {"en": "End", "ja": "End"},
    "ui.cmd.move": {"en": "Move a node…", "ja": "ノードを移動…"},
    "ui.cmd.move.help": {"en": "m: free exploration", "ja": "m：自由に試す"},
    "ui.cmd.zoom": {"en": "Zoom the focused pane", "ja": "選択中のペインを拡大"},
    "ui.cmd.zoom.help": {"en": "z", "ja": "z"},
    "ui.cmd.hide": {"en": "Hide the focused pane", "ja": "選択中のペインを隠す"},
    "ui.cmd.hide.help": {"en": "x", "ja": "x"},
    "ui.cmd.show_all": {"en": "Show every pane", "ja": "すべてのペインを表示"},
    "ui.cmd.show_all.help": {"en": "a", "ja": "a"},
    "ui.cmd.reveal": {"en": "Reveal the answer", "ja": "答えを表示"},
    "ui.cmd.reveal.help": {"en": "r: presenter mode", "ja": "r：講師モード"},
    "ui.cmd.help": {"en": "Help", "ja": "ヘルプ"},
    "ui.cmd.help.help": {"en": "?: every key and the symbols", "ja": "?：全キーと記号の説明"},
    "ui.cmd.focus_pane": {"en": "Focus pane {number}: {name}",
                          "ja": "ペイン {number} を選択：{name}"},
    "ui.cmd.theme": {"en": "Next colour theme", "ja": "次の配色"},
    "ui.cmd.theme.help": {"en": "t: dark, light, monochrome", "ja": "t：ダーク、ライト、白黒"},
    "ui.cmd.language": {"en": "Switch language: 日本語", "ja": "言語を切り替え：English"},
    "ui.cmd.language.help": {"en": "L: the screen in Japanese, the step kept",
                             "ja": "L：画面を英語に（ステップはそのまま）"},
    "ui.cmd.screenshot": {"en": "Screenshot", "ja": "スクリーンショット"},
    "ui.cmd.screenshot.help": {"en": "Save an SVG of the screen in {folder}",
                               "ja": "画面の SVG を {folder} に保存"},
    "ui.cmd.keys": {"en": "Keys panel", "ja": "キー一覧パネル"},
    "ui.cmd.keys.show": {"en": "Show the keys of the focused pane beside the screen",
                         "ja": "選択中のペインのキーを横に表示"},
    "ui.cmd.keys.hide": {"en": "Hide the keys panel", "ja": "キー一覧パネルを隠す"},
    "ui.cmd.quit": {"en": "Quit", "ja": "終了"},
    "ui.cmd.quit.help": {"en": "q: progress is saved", "ja": "q：進捗は保存されます"},
    # -- dialogs ----------------------------------------------------------------------------
    "ui.help.title": {"en": "Keys and symbols", "ja": "キーと記号"},
    "ui.help.close": {"en": "Esc closes this help.", "ja": "Esc でこのヘルプを閉じます。"},
    "ui.help.keys": {
        "en": "[b]Moving through the lesson[/b]\n"
              "  → l / ← h     step forward (one frame over one link) / back\n"
              "  ] / \\[         next / previous message (skips a packet's hops)\n"
              "  space         play / pause        + / -   faster / slower\n"
              "  g             jump to step N      Home / End   first / last\n"
              "[b]Exploring[/b]\n"
              "  m             move a node to another link (the future re-run)\n"
              "  click         a chart row jumps there; a node shows its state\n"
              "  c             challenge: act, try, show the solution\n"
              "  C             the same move under each protocol, compared (S23)\n"
              "[b]Panes[/b] (→ ← step in every pane)\n"
              "  tab / 1-5     next pane / map, chart, packet, bindings, text\n"
              "  ↑ ↓           scroll the bindings, move in the packet tree\n"
              "  z / x / a     zoom / hide this pane / show every pane\n"
              "  t / L         next colour theme / 日本語 (the step is kept)\n"
              "[b]Other[/b]\n"
              "  ctrl+p        command palette (everything, and Screenshot)\n"
              "  Enter / r     answer the quiz / reveal it (presenter)\n"
              "  1-9 / s / Esc pick a choice / skip the quiz / leave the answer box\n"
              "  f             the chart's filter (all, signalling, no ND, one node)\n"
              "  ? / q         this help / quit",
        "ja": "[b]レッスンを進む[/b]\n"
              "  → l / ← h     1 ステップ進む（1 リンク分）/ 戻る\n"
              "  ] / \\[         次 / 前のメッセージ（残りのホップを飛ばす）\n"
              "  space         再生 / 一時停止     + / -   速く / 遅く\n"
              "  g             ステップ N へ       Home / End   最初 / 最後\n"
              "[b]試す[/b]\n"
              "  m             ノードを別のリンクへ移動（この先を再計算）\n"
              "  クリック      シーケンス図の行へ移動、ノードの状態を表示\n"
              "  c             チャレンジ：操作を選ぶ、試す、解答を見る\n"
              "  C             同じ移動を方式ごとに並べて比較（S23）\n"
              "[b]ペイン[/b]（→ ← はどのペインでも進む / 戻る）\n"
              "  tab / 1-5     次のペイン / マップ、図、パケット、状態、解説\n"
              "  ↑ ↓           バインディングのスクロール、ツリーの移動\n"
              "  z / x / a     拡大 / このペインを隠す / 全ペインを表示\n"
              "  t / L         次の配色 / English（ステップはそのまま）\n"
              "[b]その他[/b]\n"
              "  ctrl+p        コマンドパレット（全操作、スクリーンショット）\n"
              "  Enter / r     クイズに答える / 答えを表示（講師モード）\n"
              "  1-9 / s / Esc 選択肢を選ぶ / クイズを飛ばす / 解答欄を離れる\n"
              "  f             図の絞り込み（全部、シグナリング、ND なし、1 ノード）\n"
              "  ? / q         このヘルプ / 終了"},
    "ui.help.legend": {
        "en": "[b]Symbols[/b]\n"
              "  \\[MN]          a node, its role and addresses; ✗ it has failed\n"
              "  ─ │ ╲ ╱       a node on a link; the link's name and prefix\n"
              "  ═ ║           the current frame inside a tunnel (IPv6 in IPv6)\n"
              "  ⊂tunnel⊃ ⊂⊃   the current frame is tunnelled (map / chart)\n"
              "  > < ^ v       the direction the current frame travels\n"
              "  ┄ ┆           a home agent's tunnel to a care-of address\n"
              "  (MN) ┄>┄      where a node was before this move; its trail\n"
              "  HoA / CoA     home address / care-of address\n"
              "  *             chart: a frame to the whole link (multicast)\n"
              "  •             chart: a node acted without sending (an event)\n"
              "  ⚠             a problem in this frame (a departure from the RFC)\n"
              "  highlighted   the row of a binding table this step changed",
        "ja": "[b]記号[/b]\n"
              "  \\[MN]          ノード（下に役割とアドレス）。✗ は故障したノード\n"
              "  ─ │ ╲ ╱       ノードとリンクの接続。リンク名とプレフィックス\n"
              "  ═ ║           現在のフレームはトンネルの中（IPv6 in IPv6）\n"
              "  ⊂トンネル⊃ ⊂⊃ トンネル化されたフレーム（マップ / シーケンス図）\n"
              "  > < ^ v       現在のフレームの進む向き\n"
              "  ┄ ┆           ホームエージェントから気付けアドレスへのトンネル\n"
              "  (MN) ┄>┄      この移動の前にノードがいた場所と、その軌跡\n"
              "  HoA / CoA     ホームアドレス / 気付けアドレス\n"
              "  *             図：リンク全体へのフレーム（マルチキャスト）\n"
              "  •             図：送信以外のノードの動作（イベント）\n"
              "  ⚠             このフレームの問題（RFC からの逸脱）\n"
              "  強調表示      このステップで変わったバインディング表の行"},
    "ui.jump.title": {"en": "Jump to step (0-{total})", "ja": "移動先のステップ（0-{total}）"},
    "ui.jump.placeholder": {"en": "step number", "ja": "ステップ番号"},
    "ui.move.title": {"en": "Move a node at {time} (the future is recomputed; the past stays)",
                      "ja": "{time} にノードを移動（この先は再計算、過去はそのまま）"},
    "ui.move.none": {"en": "No node in this lesson can move.",
                     "ja": "このレッスンには移動できるノードがありません。"},
    # -- the Bindings pane ------------------------------------------------------------------
    "ui.state.binding_cache": {"en": "binding cache", "ja": "バインディングキャッシュ"},
    "ui.state.binding_update_list": {"en": "binding update list",
                                     "ja": "バインディング更新リスト"},
    "ui.state.routes": {"en": "routes", "ja": "経路"},
    "ui.state.home_address": {"en": "home address", "ja": "ホームアドレス"},
    "ui.state.care_of_address": {"en": "care-of address", "ja": "気付けアドレス"},
    "ui.state.seq": {"en": "seq", "ja": "シーケンス"},
    "ui.state.left": {"en": "left", "ja": "残り"},
    "ui.state.kind": {"en": "kind", "ja": "種類"},
    "ui.state.peer": {"en": "peer", "ja": "相手"},
    "ui.state.state": {"en": "state", "ja": "状態"},
    "ui.state.prefix": {"en": "prefix", "ja": "プレフィックス"},
    "ui.state.via": {"en": "via", "ja": "経由"},
    "ui.state.home_registration": {"en": "home reg.", "ja": "位置登録"},
    "ui.state.route_optimisation": {"en": "RO", "ja": "経路最適化"},
    "ui.state.deleted": {"en": "deleted", "ja": "削除"},
    "ui.state.seconds_left": {"en": "{seconds}s", "ja": "{seconds}秒"},
    # short enough for the Bindings pane at 80x24 (38 cells), where the longer sentence was cut
    "ui.state.none": {"en": "No binding cache or update list yet.",
                      "ja": "バインディングはまだありません。"},
    "ui.state.no_mobility": {"en": "no mobility state", "ja": "モビリティの状態なし"},
    "ui.state.node_on": {"en": "{name} ({role}) on {links}", "ja": "{name}（{role}）：{links}"},
    "ui.state.no_link": {"en": "no link", "ja": "リンクなし"},
    "ui.state.failed": {"en": "failed: not answering", "ja": "故障：応答なし"},
    "ui.state.more_above": {"en": "↑ {count} more lines above (↑ scrolls)",
                            "ja": "↑ 上にあと {count} 行（↑ でスクロール）"},
    "ui.state.more_below": {"en": "↓ {count} more lines below (↓ scrolls)",
                            "ja": "↓ 下にあと {count} 行（↓ でスクロール）"},
    # the binding's state (mipviz.engine.states) as the learner reads it
    "ui.state.value.valid": {"en": "valid", "ja": "有効"},
    "ui.state.value.deleting": {"en": "deleting", "ja": "削除中"},
    "ui.state.value.idle": {"en": "idle", "ja": "待機"},
    "ui.state.value.registering": {"en": "registering", "ja": "登録中"},
    "ui.state.value.registered": {"en": "registered", "ja": "登録済み"},
    "ui.state.value.refreshing": {"en": "refreshing", "ja": "更新中"},
    "ui.state.value.deregistering": {"en": "deregistering", "ja": "登録解除中"},
    "ui.state.value.failed": {"en": "failed", "ja": "失敗"},
    "ui.state.value.return-routability": {"en": "return-routability", "ja": "RR 実行中"},
    "ui.state.value.binding": {"en": "binding", "ja": "登録中"},
    "ui.state.value.bound": {"en": "bound", "ja": "登録済み"},
    "ui.state.value.refused": {"en": "refused", "ja": "拒否"},
    "ui.state.value.home token": {"en": "home token", "ja": "ホーム署名用トークン"},
    "ui.state.value.care-of token": {"en": "care-of token", "ja": "気付け署名用トークン"},
    "ui.state.value.no tokens": {"en": "no tokens", "ja": "署名用トークンなし"},
    # -- replay chrome ----------------------------------------------------------------------
    "ui.replay.dissector_loading": {
        "en": "loading the dissector: the headers follow in a moment…",
        "ja": "ディセクタを読み込み中：ヘッダはまもなく表示されます…"},
    "ui.replay.cannot_dissect": {"en": "cannot dissect this frame: {error}",
                                 "ja": "このフレームを解析できません：{error}"},
    "ui.replay.octets": {"en": "{summary} ({octets} octets captured)",
                         "ja": "{summary}（{octets} オクテットをキャプチャ）"},
    "ui.replay.indexing_failed": {"en": "indexing failed: {error}",
                                  "ja": "インデックス作成に失敗：{error}"},
    "ui.replay.indexing": {"en": "{name} (indexing…)", "ja": "{name}（インデックス作成中…）"},
    "ui.replay.packets_all": {"en": "{count} packets", "ja": "{count} パケット"},
    "ui.replay.packets_first": {"en": "the first {count} packets",
                                "ja": "最初の {count} パケット"},
    "ui.replay.summary": {
        "en": "Replay of {packets}; {nodes} nodes inferred from the signalling. → steps "
              "forward, ← back, ? shows every key.",
        "ja": "{packets}のリプレイ。シグナリングから {nodes} 個のノードを推定しました。"
              "→ で進み、← で戻ります。? で全キーを表示。"},
    "ui.replay.step": {"en": "**Step {index}** on `{link}` ({where}): {summary}",
                       "ja": "**ステップ {index}**（`{link}`、{where}）：{summary}"},
    "ui.replay.problems": {"en": "**Problems**", "ja": "**問題**"},
    "ui.replay.events": {"en": "**What the nodes did**", "ja": "**ノードの動作**"},
}
