"""The capture replay's RFC 5648 bindings (mipviz.capture.bindings): one binding cache entry
per (home address, Binding Identifier), rendered by mipviz.i18n.said."""

MESSAGES: dict[str, dict[str, str]] = {
    "capture.replay_bid.removed": {
        "en": "binding cache: {who} BID {bids} removed (RFC 5648 5.7), BID {kept} kept",
        "ja": "バインディングキャッシュ: {who} の BID {bids} を削除（RFC 5648 5.7）、"
              "BID {kept} は残す"},
}
