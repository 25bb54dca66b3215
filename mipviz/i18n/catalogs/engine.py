"""The engine's notes (mipviz.engine: every ``note(...)``, drop reason and status phrase).

English templates reproduce the notes as they were written before they became messages, byte
for byte (tests/golden/*.txt compare them). Parameters are data (addresses, node names,
numbers, hex); a phrase that needs translating is a nested message. Japanese follows
shared/seed/GLOSSARY.md; protocol message names and RFC constants stay as written.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ attacker (RFC 6275 §15.4)
    "engine.attacker.attack_care_test_attacker": {
        "en": "attack on {victim_home_address} at {target} ({mode}): care-of test for the "
              "attacker's own address",
        "ja": "{target} への {victim_home_address} の攻撃（{mode}）：攻撃者自身のアドレスで"
              "気付けアドレスのテストを行う",
    },
    "engine.attacker.mode.off-path": {"en": "off-path", "ja": "経路外"},
    "engine.attacker.mode.eavesdropper": {"en": "eavesdropper", "ja": "盗聴者"},
    "engine.attacker.forged_bu_kbm": {
        "en": "forged BU: {victim_home_address} -> {own_address}, Kbm {kbm}",
        "ja": "偽の BU：{victim_home_address} -> {own_address}、署名鍵 Kbm {kbm}",
    },
    "engine.attacker.hoti_spoofed_source_hot": {
        "en": "HoTI with spoofed source {victim_home_address}; the HoT will travel toward the "
              "victim's home and cross this link",
        "ja": "送信元を {victim_home_address} に詐称した HoTI。HoT は被害者のホームへ向かい、"
              "このリンクを通る",
    },
    "engine.attacker.overheard_home_test_home": {
        "en": "overheard the Home Test for {victim_home_address}: home keygen token "
              "{home_keygen_token}",
        "ja": "{victim_home_address} 宛ての Home Test を盗聴：ホーム署名用トークン "
              "{home_keygen_token}",
    },
    "engine.attacker.care_keygen_token_its": {
        "en": "care-of keygen token {careof_keygen_token} for its own address",
        "ja": "自身のアドレスの気付け署名用トークン {careof_keygen_token}",
    },
    "engine.attacker.no_binding_acknowledgement_discarded": {
        "en": "no Binding Acknowledgement: {target} discarded the forged Binding Update",
        "ja": "登録確認（BA）が来ない：{target} は偽の Binding Update を破棄した",
    },
    "engine.attacker.never_sees_home_test": {
        "en": "never sees the Home Test: guesses home token {guess}",
        "ja": "Home Test は見えない：ホームトークンを {guess} と推測する",
    },
    "engine.attacker.accepted_forged_binding_traffic": {
        "en": "{target} accepted the forged binding: traffic for {victim_home_address} now "
              "comes to the attacker",
        "ja": "{target} が偽のバインディングを受け入れた：{victim_home_address} 宛ての通信は"
              "今後攻撃者に届く",
    },
    # ------------------------------------------------------------------ correspondent (§9)
    "engine.correspondent.binding_cache_hit_destination": {
        "en": "binding cache hit: destination {home_address} -> {care_of_address}, home address "
              "into a Type 2 Routing Header",
        "ja": "バインディングキャッシュに該当あり：宛先 {home_address} -> {care_of_address}、"
              "ホームアドレスは Type 2 Routing Header へ",
    },
    "engine.correspondent.home_keygen_token_first": {
        "en": "home keygen token = First(64, HMAC_SHA1(Kcn, {home_address} | nonce[{index}] | "
              "0)) = {token}",
        "ja": "ホーム署名用トークン = First(64, HMAC_SHA1(Kcn, {home_address} | 臨時鍵[{index}] "
              "| 0)) = {token}",
    },
    "engine.correspondent.care_keygen_token_first": {
        "en": "care-of keygen token = First(64, HMAC_SHA1(Kcn, {careof_address} | "
              "nonce[{index}] | 1)) = {token}",
        "ja": "気付け署名用トークン = First(64, HMAC_SHA1(Kcn, {careof_address} | "
              "臨時鍵[{index}] | 1)) = {token}",
    },
    "engine.correspondent.bu_seq": {
        "en": "BU seq {sequence} for {home_address}",
        "ja": "{home_address} の BU（シーケンス番号 {sequence}）",
    },
    "engine.correspondent.authenticator_verified_kbm": {
        "en": "authenticator verified with Kbm = {kbm}",
        "ja": "署名鍵 Kbm = {kbm} で署名を検証した",
    },
    "engine.correspondent.binding_cache_entry_expired": {
        "en": "binding cache entry for {home_address} expired",
        "ja": "{home_address} のバインディングキャッシュのエントリが期限切れ",
    },
    "engine.correspondent.home_address_option_not": {
        "en": "Home Address option {home_address} is not unicast; dropped",
        "ja": "Home Address option {home_address} がユニキャストでない。破棄",
    },
    "engine.correspondent.home_address_option_without": {
        "en": "Home Address option {home_address} from {care_of_address} without a matching "
              "binding: dropped, Binding Error status 1",
        "ja": "{care_of_address} からの Home Address option {home_address} に合うバインディング"
              "がない：破棄し、Binding Error status 1",
    },
    "engine.correspondent.home_address_option_swap": {
        "en": "Home Address option swap: source {care_of_address} -> {home_address}",
        "ja": "Home Address option の入れ替え：送信元 {care_of_address} -> {home_address}",
    },
    "engine.correspondent.unknown_mh_type_binding": {
        "en": "unknown MH type {mh_type}: Binding Error status 2",
        "ja": "未知の MH type {mh_type}：Binding Error status 2",
    },
    "engine.correspondent.not_correspondent_ignored": {
        "en": "{message_type} is not for a correspondent; ignored",
        "ja": "{message_type} はコレスポンデントノード宛てのものではない。無視",
    },
    "engine.correspondent.hoti_home_address_option": {
        "en": "HoTI with a Home Address option is silently ignored",
        "ja": "Home Address option 付きの HoTI は黙って無視される",
    },
    "engine.correspondent.coti_home_address_option": {
        "en": "CoTI with a Home Address option is silently ignored",
        "ja": "Home Address option 付きの CoTI は黙って無視される",
    },
    "engine.correspondent.bu_non_unicast_home": {
        "en": "BU for a non-unicast home address: silently discarded",
        "ja": "ユニキャストでないホームアドレスの BU：黙って破棄",
    },
    "engine.correspondent.bu_h_set_node": {
        "en": "BU with H set at a node that is not a home agent: status 131",
        "ja": "ホームエージェントでないノードに H 付きの BU：status 131",
    },
    "engine.correspondent.bu_without_nonce_indices": {
        "en": "BU without Nonce Indices or with the Binding Authorization Data not last: "
              "silently discarded (RFC 6275 9.5.1)",
        "ja": "Nonce Indices がない、または Binding Authorization Data が最後にない BU：黙って破棄"
              "（RFC 6275 9.5.1）",
    },
    "engine.correspondent.nonce_index_expired_or": {
        "en": "nonce index expired or unknown: BA status {status} (no Binding Authorization "
              "Data)",
        "ja": "臨時鍵番号が期限切れか未知：BA status {status}（Binding Authorization Data なし）",
    },
    "engine.correspondent.binding_authorization_data_authenticator": {
        "en": "Binding Authorization Data authenticator mismatch: silently discarded (RFC 6275 "
              "9.5.1)",
        "ja": "Binding Authorization Data の署名が一致しない：黙って破棄（RFC 6275 9.5.1）",
    },
    "engine.correspondent.sequence_number_not_newer": {
        "en": "sequence number {sequence} not newer than {last_sequence}: BA status 135",
        "ja": "シーケンス番号 {sequence} が {last_sequence} より新しくない：BA status 135",
    },
    "engine.correspondent.binding_cache_update": {
        "en": "binding cache update {home_address} -> {careof_address} for {lifetime} s",
        "ja": "バインディングキャッシュを更新 {home_address} -> {careof_address}、{lifetime} 秒",
    },
    "engine.correspondent.binding_cache_add": {
        "en": "binding cache add {home_address} -> {careof_address} for {lifetime} s",
        "ja": "バインディングキャッシュに追加 {home_address} -> {careof_address}、{lifetime} 秒",
    },
    "engine.correspondent.binding_expires_use_binding": {
        "en": "binding for {home_address} expires in {expires} s and is in use: Binding Refresh "
              "Request",
        "ja": "{home_address} のバインディングはあと {expires} 秒で期限切れで、使用中："
              "登録更新要求（Binding Refresh Request）",
    },
    "engine.correspondent.binding_cache_delete": {
        "en": "binding cache delete {home_address}",
        "ja": "バインディングキャッシュから削除 {home_address}",
    },
    # ------------------------------------------------------------------ flows
    "engine.flows.sent": {
        "en": "flow {name}: {kind} #{sequence} to {destination}",
        "ja": "フロー {name}：{kind} #{sequence} を {destination} へ",
    },
    "engine.flows.delivered": {
        "en": "flow {name}: #{sequence} delivered {path}{measured}",
        "ja": "フロー {name}：#{sequence} が{path}届いた{measured}",
    },
    "engine.flows.measured": {
        "en": " after {latency} ms over {crossings} link crossings",
        "ja": "（{latency} ミリ秒、リンク通過 {crossings} 回）",
    },
    "engine.flows.measured_direct": {
        "en": "{measured} (direct path: {direct_crossings} crossings, {direct_latency} ms)",
        "ja": "{measured}（直接経路なら通過 {direct_crossings} 回、{direct_latency} ミリ秒）",
    },
    "engine.flows.path.tunnel": {
        "en": "through the home agent's tunnel",
        "ja": "ホームエージェントのトンネルを通って",
    },
    "engine.flows.path.routing_header": {
        "en": "route-optimised (Type 2 Routing Header)",
        "ja": "経路最適化で（Type 2 Routing Header）",
    },
    "engine.flows.path.home_address_option": {
        "en": "route-optimised (Home Address option)",
        "ja": "経路最適化で（Home Address option）",
    },
    "engine.flows.path.ordinary": {
        "en": "by ordinary routing",
        "ja": "通常の経路制御で",
    },
    "engine.flows.lost": {
        "en": "flow {name}: {missing} packet(s) lost; {gap} s without delivery (handover "
              "interruption)",
        "ja": "フロー {name}：{missing} 個のパケットを損失。{gap} 秒間届かなかった"
              "（ハンドオーバによる中断）",
    },
    # ------------------------------------------------------------------ home agent (§10)
    "engine.home_agent.intercepted_packet_tunnelled_care": {
        "en": "intercepted packet for {whose}: tunnelled to care-of address {care_of_address}",
        "ja": "{whose} 宛てのパケットを横取り：気付けアドレス {care_of_address} へトンネルで送る",
    },
    "engine.home_agent.mobile_network_of": {
        "en": "{destination} (mobile network of {home_address})",
        "ja": "{destination}（{home_address} のモバイルネットワーク）",
    },
    "engine.home_agent.reverse_tunnel_inner_packet": {
        "en": "reverse tunnel from {source}: inner packet {inner_source} -> {destination} "
              "forwarded",
        "ja": "{source} からのリバーストンネル：内側のパケット {inner_source} -> {destination} "
              "を転送",
    },
    "engine.home_agent.home_registration_bu_seq": {
        "en": "home registration BU seq {sequence} for {home_address}",
        "ja": "{home_address} の位置登録 BU（シーケンス番号 {sequence}）",
    },
    "engine.home_agent.first_registration_duplicate_address": {
        "en": "first registration of {home_address}: duplicate address detection on the home "
              "link before accepting",
        "ja": "{home_address} の最初の登録：受け入れる前にホームリンクで重複アドレス検出",
    },
    "engine.home_agent.binding_cache_update": {
        "en": "binding cache update {home_address} -> {careof_address}, lifetime {lifetime} "
              "s{routed}",
        "ja": "バインディングキャッシュを更新 {home_address} -> {careof_address}、有効期間 "
              "{lifetime} 秒{routed}",
    },
    "engine.home_agent.binding_cache_add": {
        "en": "binding cache add {home_address} -> {careof_address}, lifetime {lifetime} "
              "s{routed}",
        "ja": "バインディングキャッシュに追加 {home_address} -> {careof_address}、有効期間 "
              "{lifetime} 秒{routed}",
    },
    "engine.home_agent.routes_via_tunnel": {
        "en": "; routes {prefixes} via the tunnel",
        "ja": "。{prefixes} をトンネル経由で経路制御",
    },
    "engine.home_agent.proxy_neighbor_discovery_unsolicited": {
        "en": "proxy Neighbor Discovery for {home_address}: unsolicited NA with the home "
              "agent's link-layer address",
        "ja": "{home_address} の代理近隣探索（proxy ND）：ホームエージェントのリンク層アドレスで"
              "非要請 NA を送る",
    },
    "engine.home_agent.deregistration_entry_invalid_freed": {
        "en": "deregistration of {home_address}: entry invalid, freed after "
              "MAX_DELETE_BCE_TIMEOUT (10 s); proxy ND stopped",
        "ja": "{home_address} の登録解除：エントリを無効にし、MAX_DELETE_BCE_TIMEOUT（10 秒）後に"
              "解放。proxy ND を停止",
    },
    "engine.home_agent.home_registration_expired_tunnel": {
        "en": "home registration of {home_address} expired; tunnel and proxy ND removed",
        "ja": "{home_address} の位置登録が期限切れ。トンネルと proxy ND を削除",
    },
    "engine.home_agent.proxied_has_no_binding": {
        "en": "proxied {destination} has no binding; dropped",
        "ja": "代理応答中の {destination} にバインディングがない。破棄",
    },
    "engine.home_agent.reverse_tunnelled_packet_inner": {
        "en": "reverse-tunnelled packet from {source} with inner source {inner_source}: no "
              "binding matches; dropped",
        "ja": "{source} からリバーストンネルで来たパケット（内側の送信元 {inner_source}）："
              "合うバインディングがない。破棄",
    },
    "engine.home_agent.home_address_option_data": {
        "en": "Home Address option on a data packet at the home agent; dropped",
        "ja": "ホームエージェントでデータパケットに Home Address option。破棄",
    },
    "engine.home_agent.mobile_router_registration_refused": {
        "en": "mobile router registration refused ({why}): status 140",
        "ja": "モバイルルータの登録を拒否（{why}）：status 140",
    },
    "engine.home_agent.r_without_h": {
        "en": "R without H",
        "ja": "H なしの R",
    },
    "engine.home_agent.no_mobile_router_support": {
        "en": "this home agent does not support mobile routers",
        "ja": "このホームエージェントはモバイルルータに対応していない",
    },
    "engine.home_agent.bu_without_h_this": {
        "en": "BU without H: this home agent does no route optimisation; ignored",
        "ja": "H なしの BU：このホームエージェントは経路最適化をしない。無視",
    },
    "engine.home_agent.not_home_prefix_status": {
        "en": "{home_address} is not in home prefix {home_prefix}: status 132",
        "ja": "{home_address} はホームプレフィックス {home_prefix} に含まれない：status 132",
    },
    "engine.home_agent.sequence_number_not_newer": {
        "en": "sequence number {sequence} not newer than {last_sequence}: status 135",
        "ja": "シーケンス番号 {sequence} が {last_sequence} より新しくない：status 135",
    },
    "engine.home_agent.registration_type_changed_h": {
        "en": "registration type changed (H or R flag differs from the binding): status 139",
        "ja": "登録の種類が変わった（H か R フラグがバインディングと異なる）：status 139",
    },
    "engine.home_agent.use_home_link_status": {
        "en": "{home_address} is in use on the home link: status 134",
        "ja": "{home_address} はホームリンクで使用中：status 134",
    },
    "engine.home_agent.deregistration_without_home_registration": {
        "en": "deregistration for {home_address} without a home registration: status 133",
        "ja": "位置登録のない {home_address} の登録解除：status 133",
    },
    "engine.home_agent.binding_cache_entry_freed": {
        "en": "binding cache entry for {home_address} freed",
        "ja": "{home_address} のバインディングキャッシュのエントリを解放",
    },
    "engine.home_agent.unknown_mh_type_binding": {
        "en": "unknown MH type {mh_type}: Binding Error status 2",
        "ja": "未知の MH type {mh_type}：Binding Error status 2",
    },
    "engine.home_agent.not_home_agent_ignored": {
        "en": "{message_type} is not for a home agent; ignored",
        "ja": "{message_type} はホームエージェント宛てのものではない。無視",
    },
    "engine.home_agent.prefix_refused": {
        "en": "{reason}: status {status}",
        "ja": "{reason}：登録を拒否（status {status}）",
    },
    # ------------------------------------------------------------------ NEMO (RFC 3963 §6)
    "engine.nemo.no_prefixes_configured": {
        "en": "implicit mode and no prefixes configured for {home_address}",
        "ja": "暗黙モードで、{home_address} に設定されたプレフィックスがない",
    },
    "engine.nemo.invalid_prefix": {
        "en": "{prefix} is not a valid Mobile Network Prefix",
        "ja": "{prefix} は正しい Mobile Network Prefix ではない",
    },
    "engine.nemo.not_authorised": {
        "en": "{home_address} is not authorised for {prefix}",
        "ja": "{home_address} には {prefix} の権限がない",
    },
    # ------------------------------------------------------------------ mobile node (§11)
    "engine.mobile_node.tunnel_encapsulation_limit": {
        "en": "packet {source} -> {destination} already inside {limit} tunnels: not tunnelled "
              "again (RFC 2473 4.1.1 encapsulation limit; a routing loop through the tunnel), "
              "dropped",
        "ja": "パケット {source} -> {destination} はすでに {limit} 重のトンネルの中："
              "これ以上カプセル化しない（RFC 2473 4.1.1 のカプセル化の上限。"
              "トンネルを通る経路のループ）ので破棄",
    },
    "engine.mobile_node.moved_layer_2_handover": {
        "en": "moved from {old} to {name} (layer-2 handover)",
        "ja": "{old} から {name} へ移動（レイヤ 2 のハンドオーバ）",
    },
    "engine.mobile_node.router_advertisement_prefix_not": {
        "en": "Router Advertisement with prefix {prefix}: not the home prefix {home_prefix} nor "
              "the last one seen, so the node moved",
        "ja": "プレフィックス {prefix} のルータ広告（RA）：ホームプレフィックス {home_prefix} でも"
              "前回見たものでもないので、ノードは移動した（移動検出）",
    },
    "engine.mobile_node.care_address_64_eui": {
        "en": "care-of address = {network_address}/64 + EUI-64 {iid_text} (MAC {mac}, U/L bit "
              "flipped, ff:fe inserted) = {address}",
        "ja": "気付けアドレス = {network_address}/64 + EUI-64 {iid_text}（MAC {mac} の U/L "
              "ビットを反転し ff:fe を挿入）= {address}",
    },
    "engine.mobile_node.care_address_valid_no": {
        "en": "care-of address {address} is valid (no answer to duplicate address detection)",
        "ja": "気付けアドレス {address} は有効（重複アドレス検出に応答なし）",
    },
    "engine.mobile_node.home_bu_sent": {
        "en": "home registration: BU seq {sequence} to home agent {home_agent}, {home_address} "
              "-> {careof_address}",
        "ja": "位置登録：ホームエージェント {home_agent} へ BU（シーケンス番号 {sequence}）、"
              "{home_address} -> {careof_address}",
    },
    "engine.mobile_node.home_bu_sent_again": {
        "en": "home registration: BU seq {sequence} to home agent {home_agent}, {home_address} "
              "-> {careof_address} (retransmission {retransmissions})",
        "ja": "位置登録：ホームエージェント {home_agent} へ BU（シーケンス番号 {sequence}）、"
              "{home_address} -> {careof_address}（再送 {retransmissions} 回目）",
    },
    "engine.mobile_node.no_binding_acknowledgement_retransmit": {
        "en": "no Binding Acknowledgement: retransmit, next timeout {timeout} s",
        "ja": "登録確認（BA）が来ない：再送し、次のタイムアウトは {timeout} 秒",
    },
    "engine.mobile_node.ba_home_agent_status": {
        "en": "BA from home agent: status {status}, lifetime {lifetime} s",
        "ja": "ホームエージェントから登録確認（BA）：status {status}、有効期間 {lifetime} 秒",
    },
    "engine.mobile_node.router_advertisement_carries_home": {
        "en": "Router Advertisement carries the home prefix {home_prefix}: back on the home link",
        "ja": "ルータ広告（RA）がホームプレフィックス {home_prefix} を含む：ホームリンクに戻った",
    },
    "engine.mobile_node.deregistration_bu_seq_lifetime": {
        "en": "deregistration: BU seq {sequence}, lifetime 0, care-of address = home address "
              "{home_address}",
        "ja": "登録解除：BU（シーケンス番号 {sequence}）、有効期間 0、気付けアドレス = "
              "ホームアドレス {home_address}",
    },
    "engine.mobile_node.deregistered_used_home_link": {
        "en": "deregistered: {home_address} is used on the home link again; unsolicited NA "
              "overrides the home agent's proxy entry",
        "ja": "登録解除済み：{home_address} を再びホームリンクで使う。非要請 NA が"
              "ホームエージェントの代理エントリを上書きする",
    },
    "engine.mobile_node.reverse_tunnel_inside": {
        "en": "reverse tunnel: {source} -> {destination} inside {care_of_address} -> "
              "{peer_address}",
        "ja": "リバーストンネル：{source} -> {destination} を {care_of_address} -> "
              "{peer_address} でカプセル化",
    },
    "engine.mobile_node.type_2_routing_header": {
        "en": "Type 2 Routing Header swap: destination {destination} -> {home_address}",
        "ja": "Type 2 Routing Header の入れ替え：宛先 {destination} -> {home_address}",
    },
    "engine.mobile_node.decapsulated_packet_home_agent": {
        "en": "decapsulated packet from home agent: {source} -> {destination}",
        "ja": "ホームエージェントからのパケットのカプセルを解く：{source} -> {destination}",
    },
    "engine.mobile_node.already_use_duplicate_address": {
        "en": "{target} is already in use: duplicate address detection failed",
        "ja": "{target} は既に使われている：重複アドレス検出に失敗",
    },
    "engine.mobile_node.ba_seq_does_not": {
        "en": "BA seq {sequence} does not match the outstanding BU seq {expected}; ignored",
        "ja": "BA のシーケンス番号 {sequence} が応答待ちの BU の {expected} と一致しない。無視",
    },
    "engine.mobile_node.sequence_resynchronised_bu_resent": {
        "en": "sequence resynchronised to {sequence}; BU resent",
        "ja": "シーケンス番号を {sequence} に合わせ直した。BU を再送",
    },
    "engine.mobile_node.home_registration_rejected_status": {
        "en": "home registration rejected with status {status}",
        "ja": "位置登録が status {status} で拒否された",
    },
    "engine.mobile_node.ba_not_expected_state": {
        "en": "BA not expected in state {state}; ignored",
        "ja": "状態 {state} では BA を待っていない。無視",
    },
    "engine.mobile_node.home_registration_nears_end": {
        "en": "home registration nears the end of its lifetime: refresh",
        "ja": "位置登録の有効期間が終わりに近い：更新する",
    },
    "engine.mobile_node.home_no_binding_remove": {
        "en": "at home with no binding to remove",
        "ja": "ホームにいて、削除するバインディングはない",
    },
    "engine.mobile_node.route_optimised_source_home": {
        "en": "route optimised: source {home_address} -> {care_of_address}, home address into "
              "a Home Address option",
        "ja": "経路最適化：送信元 {home_address} -> {care_of_address}、ホームアドレスは "
              "Home Address option へ",
    },
    "engine.mobile_node.invalid_type_2_routing": {
        "en": "invalid Type 2 Routing Header: silently discarded",
        "ja": "不正な Type 2 Routing Header：黙って破棄",
    },
    "engine.mobile_node.tunnelled_packet_not_our": {
        "en": "tunnelled packet from {source} for {destination} not from our home agent; "
              "dropped",
        "ja": "{source} から {destination} へのトンネルのパケットが自分のホームエージェントから"
              "ではない。破棄",
    },
    "engine.mobile_node.ba_no_binding_update": {
        "en": "BA from {source} with no Binding Update List entry",
        "ja": "{source} からの BA に対応する Binding Update List のエントリがない",
    },
    "engine.mobile_node.not_mobile_node_ignored": {
        "en": "{message_type} is not for a mobile node; ignored",
        "ja": "{message_type} はモバイルノード宛てのものではない。無視",
    },
    # ------------------------------------------------------------------ mobile router (RFC 3963)
    "engine.mobile_router.decapsulated_packet_home_agent": {
        "en": "decapsulated packet from home agent for mobile network node {destination}: "
              "forwarded on the ingress link",
        "ja": "ホームエージェントからのモバイルネットワークノード {destination} 宛てパケットの"
              "カプセルを解く：内側のリンクへ転送",
    },
    "engine.mobile_router.ba_accepted_without_r": {
        "en": "BA accepted without the R flag: this home agent does not support mobile "
              "routers; the network behind is unreachable",
        "ja": "R フラグなしで BA を受理：このホームエージェントはモバイルルータに対応していない。"
              "背後のネットワークには届かない",
    },
    "engine.mobile_router.source_not_mobile_network": {
        "en": "source {source} is not in a Mobile Network Prefix; not tunnelled",
        "ja": "送信元 {source} は Mobile Network Prefix に含まれない。トンネルに入れない",
    },
    "engine.mobile_router.tunnelled_packet_neither_our": {
        "en": "tunnelled packet from {source} for {destination} is neither from our home agent "
              "nor for our network; dropped",
        "ja": "{source} から {destination} へのトンネルのパケットは、自分のホームエージェントから"
              "でも自分のネットワーク宛てでもない。破棄",
    },
    "engine.mobile_router.nemo_registration_refused_status": {
        "en": "NEMO registration refused with status {status}",
        "ja": "NEMO の登録が status {status} で拒否された",
    },
    # ------------------------------------------------------------------ network (script actions)
    "engine.network.fails_it_stops_answering": {
        "en": "{name} fails: it stops answering",
        "ja": "{name} が故障：応答しなくなる",
    },
    "engine.network.back": {
        "en": "{name} is back",
        "ja": "{name} が復旧",
    },
    "engine.network.flow_stopped_sent_delivered": {
        "en": "flow {name} stopped: {sent} sent, {delivered} delivered, {lost} lost",
        "ja": "フロー {name} を停止：送信 {sent}、到着 {delivered}、損失 {lost}",
    },
    # ------------------------------------------------------------------ any node (RFC 8200)
    "engine.node.type_2_routing_header": {
        "en": "Type 2 Routing Header at a node that is not a mobile node; dropped",
        "ja": "モバイルノードでないノードに Type 2 Routing Header。破棄",
    },
    "engine.node.home_address_option_not": {
        "en": "Home Address option not understood (no Mobile IPv6): discard, ICMPv6 Parameter "
              "Problem code 2",
        "ja": "Home Address option を理解できない（Mobile IPv6 なし）：破棄し、ICMPv6 Parameter "
              "Problem code 2",
    },
    "engine.node.ipv6_ipv6_packet_node": {
        "en": "IPv6-in-IPv6 packet for a node that is no tunnel end point; dropped",
        "ja": "トンネルの終端でないノード宛ての IPv6-in-IPv6 パケット。破棄",
    },
    "engine.node.mobility_header_not_understood": {
        "en": "Mobility Header not understood: ICMPv6 Parameter Problem code 1 (unrecognized "
              "Next Header type)",
        "ja": "Mobility Header を理解できない：ICMPv6 Parameter Problem code 1（unrecognized "
              "Next Header type）",
    },
    "engine.node.address_resolution_failed_packet": {
        "en": "address resolution failed for {next_hop}; packet dropped",
        "ja": "{next_hop} のアドレス解決に失敗。パケットを破棄",
    },
    "engine.node.hop_limit_exceeded_dropped": {
        "en": "hop limit exceeded for {destination}; dropped",
        "ja": "{destination} 宛てでホップリミット超過。破棄",
    },
    "engine.node.ns_unspecified_address_answer": {
        "en": "NS for {target} from the unspecified address: answer to all-nodes",
        "ja": "未指定アドレスからの {target} の NS：全ノード宛てに応答",
    },
    "engine.node.neighbour_cache_now": {
        "en": "neighbour cache: {target} is now at {target_link_layer}",
        "ja": "近隣キャッシュ：{target} は今 {target_link_layer} にある",
    },
    "engine.node.no_route_packet_dropped": {
        "en": "no route to {destination}; packet dropped",
        "ja": "{destination} への経路がない。パケットを破棄",
    },
    "engine.node.unknown_next_header_dropped": {
        "en": "unknown next header {next_header}; dropped",
        "ja": "未知の next header {next_header}。破棄",
    },
    "engine.router.no_route_dropped": {
        "en": "no route to {destination}; dropped",
        "ja": "{destination} への経路がない。破棄",
    },
    # ------------------------------------------------------------------ route optimisation (§11.6)
    "engine.route_optimisation.traffic_goes_through_home": {
        "en": "traffic with {peer} goes through the home agent: start Return Routability to "
              "route-optimise",
        "ja": "{peer} との通信はホームエージェントを経由している：経路最適化のため"
              "リターンルータビリティ（RR）を始める",
    },
    "engine.route_optimisation.rr_complete_home_token": {
        "en": "Return Routability with {peer} complete: home token in hand",
        "ja": "{peer} とのリターンルータビリティ完了：ホームトークンを入手",
    },
    "engine.route_optimisation.rr_complete_both_tokens": {
        "en": "Return Routability with {peer} complete: both tokens in hand",
        "ja": "{peer} とのリターンルータビリティ完了：両方のトークンを入手",
    },
    "engine.route_optimisation.bu_seq_kbm_sha1": {
        "en": "BU seq {sequence} to {peer}: Kbm = SHA1(home token{careof_token}) = {kbm}, "
              "authenticator over CoA | CN | MH = {authenticator}",
        "ja": "{peer} へ BU（シーケンス番号 {sequence}）：署名鍵 Kbm = SHA1(home "
              "token{careof_token}) = {kbm}、CoA | CN | MH に対する署名 = {authenticator}",
    },
    "engine.route_optimisation.home_keygen_token_nonce": {
        "en": "home keygen token {home_keygen_token} (nonce index {home_nonce_index})",
        "ja": "ホーム署名用トークン {home_keygen_token}（臨時鍵番号 {home_nonce_index}）",
    },
    "engine.route_optimisation.care_keygen_token_nonce": {
        "en": "care-of keygen token {careof_keygen_token} (nonce index {careof_nonce_index})",
        "ja": "気付け署名用トークン {careof_keygen_token}（臨時鍵番号 {careof_nonce_index}）",
    },
    "engine.route_optimisation.ba_status_lifetime_authenticator": {
        "en": "BA from {peer}: status {status}, lifetime {lifetime} s, authenticator verified",
        "ja": "{peer} から BA：status {status}、有効期間 {lifetime} 秒、署名を検証した",
    },
    "engine.route_optimisation.route_optimisation_place_data": {
        "en": "route optimisation with {peer} in place: data now flows directly",
        "ja": "{peer} との経路最適化が成立：データは直接流れる",
    },
    "engine.route_optimisation.binding_refresh_request": {
        "en": "Binding Refresh Request from {source}",
        "ja": "{source} から登録更新要求（Binding Refresh Request）",
    },
    "engine.route_optimisation.binding_error_status": {
        "en": "Binding Error status {status} from {source}",
        "ja": "{source} から Binding Error status {status}",
    },
    "engine.route_optimisation.hoti_home_init_cookie": {
        "en": "HoTI to {peer} with home init cookie {home_cookie}",
        "ja": "{peer} へ HoTI、ホーム初期クッキー {home_cookie}",
    },
    "engine.route_optimisation.coti_care_init_cookie": {
        "en": "CoTI to {peer} with care-of init cookie {careof_cookie}",
        "ja": "{peer} へ CoTI、気付け初期クッキー {careof_cookie}",
    },
    "engine.route_optimisation.no_answer_after_tries": {
        "en": "no answer from {peer} after {failures} tries: keep using the bidirectional "
              "tunnel (MAX_RO_FAILURE)",
        "ja": "{failures} 回試しても {peer} から応答がない：双方向トンネルを使い続ける"
              "（MAX_RO_FAILURE）",
    },
    "engine.route_optimisation.home_test_not_expected": {
        "en": "Home Test not expected (state, cookie or path): discarded",
        "ja": "待っていない Home Test（状態、クッキー、経路のいずれか）：破棄",
    },
    "engine.route_optimisation.care_test_not_expected": {
        "en": "Care-of Test not expected (state, cookie or address): discarded",
        "ja": "待っていない Care-of Test（状態、クッキー、アドレスのいずれか）：破棄",
    },
    "engine.route_optimisation.ba_seq_does_not": {
        "en": "BA seq {sequence} does not match seq {expected}",
        "ja": "BA のシーケンス番号 {sequence} が {expected} と一致しない",
    },
    "engine.route_optimisation.ba_status_nonces_expired": {
        "en": "BA from {peer}: status {status}, nonces expired: new tests needed",
        "ja": "{peer} から BA：status {status}、臨時鍵が期限切れ：テストのやり直しが必要",
    },
    "engine.route_optimisation.ba_authenticator_does_not": {
        "en": "BA authenticator does not verify: silently discarded",
        "ja": "BA の署名を検証できない：黙って破棄",
    },
    "engine.route_optimisation.binding_deleted": {
        "en": "binding at {peer} deleted",
        "ja": "{peer} のバインディングを削除",
    },
    "engine.route_optimisation.binding_expired_back_tunnel": {
        "en": "binding with {peer} expired; back to the tunnel",
        "ja": "{peer} とのバインディングが期限切れ。トンネルに戻る",
    },
    "engine.route_optimisation.lost_our_binding_back": {
        "en": "{peer} lost our binding: back to the bidirectional tunnel",
        "ja": "{peer} がこちらのバインディングを失った：双方向トンネルに戻る",
    },
    "engine.route_optimisation.does_not_understand_mobility": {
        "en": "{peer} does not understand the Mobility Header (Parameter Problem code 1): no "
              "route optimisation, keep the tunnel",
        "ja": "{peer} は Mobility Header を理解しない（Parameter Problem code 1）：経路最適化は"
              "せず、トンネルを使い続ける",
    },
    "engine.route_optimisation.does_not_understand_home": {
        "en": "{peer} does not understand the Home Address option (Parameter Problem code 2)",
        "ja": "{peer} は Home Address option を理解しない（Parameter Problem code 2）",
    },
    # ------------------------------------------------------------------ simulation (links)
    "engine.simulation.no_link_attached_frame": {
        "en": "no link attached; frame not sent",
        "ja": "リンクにつながっていない。フレームを送らない",
    },
    "engine.simulation.node_down": {
        "en": "{name} is down: frame lost",
        "ja": "{name} は停止中：フレームを損失",
    },
    "engine.simulation.frame_lost": {
        "en": "frame lost: nothing on {link} has MAC {mac}",
        "ja": "フレームを損失：{link} に MAC {mac} を持つものがない",
    },
}

# `mipviz trace`'s own words (mipviz/commands/trace.py): the text around the engine's notes.
MESSAGES.update({
    "trace.quiz": {
        "en": "? quiz ({kind}): {question} -> {answer}",
        "ja": "? クイズ（{kind}）：{question} -> {answer}",
    },
    "trace.quiz_kind.choice": {"en": "choice", "ja": "選択"},
    "trace.quiz_kind.text": {"en": "text", "ja": "記述"},
    "trace.quiz_kind.predict": {"en": "predict", "ja": "次のパケットの予測"},
    "trace.step_kind.action": {"en": "action", "ja": "操作"},
    "trace.step_kind.timer": {"en": "timer", "ja": "タイマー"},
})
