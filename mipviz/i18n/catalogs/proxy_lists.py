"""Binding Update List entries the HMIPv6 mobile node keeps after leaving a MAP domain
(mipviz.engine.hmipv6)."""

MESSAGES: dict[str, dict[str, str]] = {
    "engine.proxy_lists.left_map_binding_expired": {
        "en": "the binding with MAP {map} for the regional care-of address {rcoa}, left behind "
              "when the mobile node left the MAP's domain, has run out: binding update list "
              "entry removed",
        "ja": "MAP のドメインを出たときに残した、地域気付けアドレス {rcoa} の MAP {map} との"
              "バインディングの有効期間が切れた: バインディング更新リストのエントリを削除",
    },
}
