"""NEMO multihoming: Multiple Care-of Addresses Registration (RFC 5648) at a mobile router with
Wi-Fi and cellular egress interfaces (mipviz.engine.multihomed_router) and at its home agent
(mipviz.engine.multihoming)."""

MESSAGES: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ home agent
    "multihoming.ha.bid_registered": {
        "en": "binding cache: ({home_address}, BID {binding_id}) -> {care_of_address} "
              "(RFC 5648: one entry per binding identifier)",
        "ja": "バインディングキャッシュ: ({home_address}, BID {binding_id}) -> "
              "{care_of_address}(RFC 5648: バインディング識別子ごとに 1 エントリ)"},
    "multihoming.ha.bid_registered_bulk": {
        "en": "bulk registration: binding cache ({home_address}, BID {binding_id}) -> "
              "{care_of_address}",
        "ja": "一括登録: バインディングキャッシュ ({home_address}, BID {binding_id}) -> "
              "{care_of_address}"},
    "multihoming.ha.bid_removed": {
        "en": "BID {binding_id} of {home_address} deregistered: entry -> {care_of_address} "
              "removed (RFC 5648 §5.7)",
        "ja": "{home_address} の BID {binding_id} を登録解除: {care_of_address} への"
              "エントリを削除(RFC 5648 §5.7)"},
    "multihoming.ha.traffic_via_bid": {
        "en": "traffic for {home_address} and its mobile network now tunnelled via BID "
              "{binding_id} ({care_of_address}): the lowest valid BID",
        "ja": "{home_address} とそのモバイルネットワーク宛ての通信は BID {binding_id}"
              "({care_of_address})経由でトンネルへ: 有効な BID のうち最小のもの"},
    # ------------------------------------------------------------------ mobile router
    "multihoming.mr.cellular_up": {
        "en": "cellular link up: router {router} answered; care-of address {care_of_address} "
              "usable (BID 2)",
        "ja": "セルラーリンクが使用可能に: ルータ {router} が応答し、気付けアドレス "
              "{care_of_address} が使える(BID 2)"},
    "multihoming.mr.bid_bu_sent": {
        "en": "BU seq={sequence} for BID {binding_ids} from {care_of_address} (RFC 5648 "
              "§5.3, individual registration)",
        "ja": "BID {binding_ids} の BU seq={sequence} を {care_of_address} から送信"
              "(RFC 5648 §5.3、個別登録)"},
    "multihoming.mr.bid_deregistration_sent": {
        "en": "BU seq={sequence} lifetime 0 for BID {binding_ids}, sent over the cellular "
              "link from {care_of_address} (RFC 5648 §5.7)",
        "ja": "BID {binding_ids} の有効期間 0 の BU seq={sequence} を、セルラーリンクの "
              "{care_of_address} から送信(RFC 5648 §5.7)"},
    "multihoming.mr.bid_ba_received": {
        "en": "BA status={status} for BU seq={sequence} (per-BID statuses in its BID options)",
        "ja": "BU seq={sequence} に対する BA status={status}(BID ごとの状態は BID "
              "オプションに)"},
    "multihoming.mr.bid_refused": {
        "en": "home agent refused BID {binding_id}: status {status}",
        "ja": "ホームエージェントが BID {binding_id} を拒否: status {status}"},
    "multihoming.mr.bids_now": {
        "en": "registered bindings: {bids}",
        "ja": "登録済みのバインディング: {bids}"},
    "multihoming.mr.wifi_lost": {
        "en": "Wi-Fi link lost: its care-of address {care_of_address} is gone, so BID 1 is "
              "deregistered through the cellular link",
        "ja": "Wi-Fi リンクを失った: 気付けアドレス {care_of_address} は使えないので、BID 1 "
              "をセルラーリンク経由で登録解除する"},
    "multihoming.mr.reverse_tunnel_cellular": {
        "en": "reverse tunnel over the cellular link: inner {source} -> {destination} inside "
              "outer {care_of_address} -> home agent",
        "ja": "セルラーリンク経由のリバーストンネル: 内側 {source} -> {destination} を外側 "
              "{care_of_address} -> ホームエージェントでカプセル化"},
}
