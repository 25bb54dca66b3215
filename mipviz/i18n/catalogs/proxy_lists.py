"""Binding Update List entries beyond the home address: the binding an HMIPv6 mobile node
keeps after leaving a MAP domain (mipviz.engine.hmipv6), and the Bindings pane's column for
what an entry binds (mipviz.ui.state)."""

MESSAGES: dict[str, dict[str, str]] = {
    # the address an entry binds: a home address, an RCoA (RFC 5380) or a HNP (RFC 5213)
    "ui.proxy_lists.bound": {"en": "binds", "ja": "対象アドレス"},
    # the capture replay (mipviz.capture.bindings), rendered by mipviz.i18n.said
    "capture.proxy_lists.late_deregistration": {
        "en": "deregistration of {who} from a MAG the session is no longer bound to: binding "
              "cache unchanged (RFC 5213 5.3.5)",
        "ja": "セッションがもう結び付いていない MAG からの {who} の登録解除: バインディング"
              "キャッシュは変えない（RFC 5213 5.3.5）"},
    "capture.proxy_lists.delete_invalid": {
        "en": "binding cache delete {who}: entry invalid, freed after MinDelayBeforeBCEDelete "
              "({seconds} s, RFC 5213 5.3.5) unless a new MAG's Proxy Binding Update renews "
              "it{note}",
        "ja": "バインディングキャッシュから {who} を削除：エントリは無効になり、新しい MAG の "
              "Proxy Binding Update が更新しなければ MinDelayBeforeBCEDelete（{seconds} 秒、"
              "RFC 5213 5.3.5）の後に解放{note}"},
    "engine.proxy_lists.left_map_binding_expired": {
        "en": "the binding with MAP {map} for the regional care-of address {rcoa}, left behind "
              "when the mobile node left the MAP's domain, has run out: binding update list "
              "entry removed",
        "ja": "MAP のドメインを出たときに残した、地域気付けアドレス {rcoa} の MAP {map} との"
              "バインディングの有効期間が切れた: バインディング更新リストのエントリを削除",
    },
}
