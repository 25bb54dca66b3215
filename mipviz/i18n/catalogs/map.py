"""Words on the topology map and the sequence (ladder) chart."""

MESSAGES: dict[str, dict[str, str]] = {
    # node roles, next to the node's name on the map
    "map.role.router": {"en": "router", "ja": "ルータ"},
    "map.role.home-agent": {"en": "home agent", "ja": "ホームエージェント"},
    "map.role.mobile-node": {"en": "mobile node", "ja": "モバイルノード"},
    "map.role.mobile-router": {"en": "mobile router", "ja": "モバイルルータ"},
    "map.role.correspondent": {"en": "correspondent", "ja": "コレスポンデントノード"},
    "map.role.host": {"en": "host", "ja": "ホスト"},
    "map.role.attacker": {"en": "attacker", "ja": "攻撃者"},
    "map.role.local-fixed-node": {"en": "LFN, host behind a mobile router",
                                  "ja": "LFN（固定ノード）"},
    # a mobile node's addresses, under its name (HoA/CoA stay abbreviations, as in the deck)
    "map.home_address": {"en": "HoA {address}", "ja": "HoA {address}"},
    "map.care_of_address": {"en": "CoA {address}", "ja": "CoA {address}"},
    "map.at_home": {"en": "at home", "ja": "ホームリンク上"},
    "map.away_no_coa": {"en": "away, no care-of address yet",
                        "ja": "移動先、気付けアドレス未取得"},
    # the trail of a node at the step it moved
    "map.moved": {"en": "{node}: {before} → {after}", "ja": "{node}: {before} → {after}"},
    "map.nowhere": {"en": "nowhere", "ja": "なし"},
    "map.tunnel": {"en": "⊂tunnel⊃", "ja": "⊂トンネル⊃"},
    # the sequence chart
    "ladder.step": {"en": "step", "ja": "番号"},
    "ladder.step_short": {"en": "#", "ja": "#"},
    "ladder.time": {"en": "time s", "ja": "時刻"},
    "ladder.message": {"en": "message", "ja": "メッセージ"},
    "ladder.filter.all": {"en": "all", "ja": "すべて"},
    "ladder.filter.mobility": {"en": "mobility signalling only",
                               "ja": "モビリティシグナリングのみ"},
    "ladder.filter.no_nd": {"en": "Neighbor Discovery hidden", "ja": "近隣探索を隠す"},
    "ladder.filter.node": {"en": "{node}'s traffic only", "ja": "{node} の通信のみ"},
    "ladder.filter.short.mobility": {"en": "mobility only", "ja": "モビリティのみ"},
    "ladder.filter.short.no_nd": {"en": "no ND", "ja": "近隣探索なし"},
    "ladder.filter.short.node": {"en": "{node} only", "ja": "{node} のみ"},
    "ladder.filtered": {"en": "filter: {filter} (f)", "ja": "表示: {filter}（f）"},
    "ladder.filter_changed": {"en": "Sequence pane shows: {filter}",
                              "ja": "シーケンス表示: {filter}"},
    "ladder.filter_command": {"en": "Filter the sequence chart",
                              "ja": "シーケンス表示を絞り込む"},
    "ladder.filter_help": {
        "en": "f: all, mobility signalling only, Neighbor Discovery hidden, one node's traffic",
        "ja": "f: すべて、モビリティシグナリングのみ、近隣探索を隠す、1 ノードの通信"},
}
