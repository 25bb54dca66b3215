"""The handover breakdown (lecture S23): phase names, `mipviz handovers` text, the UI's bar."""

MESSAGES: dict[str, dict[str, str]] = {
    # Phase names: short, for the bar's labels and the table (mipviz.analysis.handovers.PHASES).
    "handover.phase.link-attach": {"en": "link attach", "ja": "リンク接続"},
    "handover.phase.movement-detection": {"en": "movement detection (RS/RA)",
                                          "ja": "移動検出（RS/RA）"},
    "handover.phase.dad": {"en": "DAD of the care-of address",
                           "ja": "気付けアドレスの重複検出（DAD）"},
    "handover.phase.ha-address-resolution": {"en": "home agent's link-layer address (NS/NA)",
                                             "ja": "HA のリンク層アドレス解決（NS/NA）"},
    "handover.phase.home-registration": {"en": "home registration (BU → BA)",
                                         "ja": "位置登録（BU → BA）"},
    "handover.phase.home-deregistration": {"en": "deregistration (BU lifetime 0 → BA)",
                                           "ja": "登録解除（寿命 0 の BU → BA）"},
    "handover.phase.first-packet": {"en": "to the first packet", "ja": "最初のパケットまで"},
    "handover.phase.return-routability": {"en": "Return Routability",
                                          "ja": "リターンルータビリティ（RR）"},
    "handover.phase.correspondent-registration": {"en": "BU → BA with the correspondent",
                                                  "ja": "コレスポンデントノードとの BU → BA"},
    # One- to three-letter tags drawn inside the bar's segments when the full name does not fit.
    "handover.tag.link-attach": {"en": "L2", "ja": "L2"},
    "handover.tag.movement-detection": {"en": "MD", "ja": "MD"},
    "handover.tag.dad": {"en": "DAD", "ja": "DAD"},
    "handover.tag.ha-address-resolution": {"en": "NS", "ja": "NS"},
    "handover.tag.home-registration": {"en": "BU", "ja": "BU"},
    "handover.tag.home-deregistration": {"en": "BU", "ja": "BU"},
    "handover.tag.first-packet": {"en": "pkt", "ja": "pkt"},
    "handover.tag.return-routability": {"en": "RR", "ja": "RR"},
    "handover.tag.correspondent-registration": {"en": "CN", "ja": "CN"},
    "handover.outcome.failed": {"en": "failed", "ja": "失敗"},
    "handover.outcome.unfinished": {"en": "not finished", "ja": "未完了"},
    "handover.with-peer": {"en": "{phase} ({peer})", "ja": "{phase}（{peer}）"},
    # `mipviz handovers` text
    "handover.none": {"en": "no handovers: no mobile node or mobile router moves in {lesson}",
                      "ja": "ハンドオーバはありません: {lesson} ではモバイルノードも"
                            "モバイルルータも移動しません"},
    "handover.heading": {"en": "Handover {number}: {node} moves from {source} to {target} at "
                               "{time} s (step {step})",
                         "ja": "ハンドオーバ {number}: {node} が {time} 秒（ステップ {step}）に "
                               "{source} から {target} へ移動"},
    "handover.column.phase": {"en": "phase", "ja": "フェーズ"},
    "handover.column.start": {"en": "start (s)", "ja": "開始（秒）"},
    "handover.column.end": {"en": "end (s)", "ja": "終了（秒）"},
    "handover.column.duration": {"en": "duration", "ja": "所要時間"},
    "handover.column.steps": {"en": "steps", "ja": "ステップ"},
    "handover.total": {"en": "total: {total} s from the link change to the first packet at the "
                             "new address (step {step})",
                       "ja": "合計: リンクの切り替えから新しいアドレスでの最初のパケット（ステップ "
                             "{step}）まで {total} 秒"},
    "handover.total.no-traffic": {"en": "total: {total} s from the link change to the end of the "
                                        "last phase (no traffic to measure)",
                                  "ja": "合計: リンクの切り替えから最後のフェーズの終わりまで "
                                        "{total} 秒（測るトラフィックなし）"},
    "handover.incomplete": {"en": "not completed: {node} never became reachable at its new "
                                  "address in this run",
                            "ja": "未完了: この実行では {node} は新しいアドレスで"
                                  "到達可能になりませんでした"},
    "handover.lost": {"en": "packets lost: {flows}", "ja": "失われたパケット: {flows}"},
    "handover.lost.flow": {"en": "{flow} {count}", "ja": "{flow} {count} 個"},
    "handover.lost.none": {"en": "packets lost: none (no flow through {node})",
                           "ja": "失われたパケット: なし（{node} を通るフローなし）"},
    # The UI's bar (mipviz.ui.handover)
    "handover.bar.title": {"en": "Handover {number}/{count}: {node} {source} → {target}",
                           "ja": "ハンドオーバ {number}/{count}: {node} {source} → {target}"},
    "handover.bar.total": {"en": "{total} s", "ja": "{total} 秒"},
    "handover.bar.incomplete": {"en": "not completed", "ja": "未完了"},
    "handover.bar.in-progress": {"en": "in progress", "ja": "進行中"},
    "handover.bar.not-begun": {"en": "not begun yet", "ja": "まだ始まっていません"},
}
