"""The capture replay's RFC 5648 bindings (one binding cache entry per (home address, Binding
Identifier), mipviz.capture.multiple_care_of) and its Binding Updates sent by another station
than the mobile node (mipviz.capture.senders), rendered by mipviz.i18n.said."""

MESSAGES: dict[str, dict[str, str]] = {
    "capture.replay_bid.removed": {
        "en": "binding cache: {who} BID {bids} removed (RFC 5648 5.7), BID {kept} kept",
        "ja": "バインディングキャッシュ: {who} の BID {bids} を削除（RFC 5648 5.7）、"
              "BID {kept} は残す"},
    "capture.replay_bid.another_station": {
        "en": "the Binding Update for {home} was sent by {mac} on {link}, not by the mobile "
              "node's {known} (its earlier Binding Updates): another station's, so the mobile "
              "node's Binding Update List is left as it was",
        "ja": "{home} の Binding Update は {link} の {mac} が送ったもので、モバイルノードの "
              "{known}（それまでの Binding Update の送信元）からではない: 別の端末のものなので、"
              "モバイルノードのバインディング更新リストは変えない"},
    "capture.replay_bid.binding_lost": {
        "en": "Binding Error status 1 from {peer}: it holds no binding for {home} (RFC 6275 "
              "9.3.1), so the mobile node's Binding Update List entry for it ends (11.3.6)",
        "ja": "{peer} から Binding Error（status 1）: {home} のバインディングを持っていない"
              "（RFC 6275 9.3.1）ので、モバイルノードのバインディング更新リストのその"
              "エントリは終わる（11.3.6）"},
}
