"""Engine notes and handover phases of HMIPv6 (RFC 5380) and Proxy Mobile IPv6 (RFC 5213).
Ids under ``engine.hmip.``, ``engine.pmip.`` and ``handover.*.local-registration`` /
``proxy-registration``. Japanese follows shared/seed/GLOSSARY.md; message names (Binding
Update, Proxy Binding Update, ...) and RFC constants stay as written."""

MESSAGES: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ HMIPv6: the MAP
    "engine.hmip.map_not_local_bu": {
        "en": "Binding Update seq {sequence} without the M flag: a MAP takes only local "
              "Binding Updates (RFC 5380 §6.2); discarded",
        "ja": "M フラグのない Binding Update（seq {sequence}）: MAP が受け付けるのはローカル "
              "Binding Update だけ（RFC 5380 §6.2）。破棄",
    },
    "engine.hmip.local_bu_received": {
        "en": "local Binding Update seq {sequence} (M flag): bind the regional care-of address "
              "{rcoa} to the on-link one {lcoa}",
        "ja": "ローカル Binding Update（seq {sequence}、M フラグ）を受信: 地域気付けアドレス "
              "{rcoa} をオンリンク気付けアドレス {lcoa} に対応付ける",
    },
    "engine.hmip.lcoa_not_valid_prefix": {
        "en": "on-link care-of address {lcoa} is not from a prefix this MAP serves: status 129 "
              "(administratively prohibited, RFC 5380 §6.2)",
        "ja": "オンリンク気付けアドレス {lcoa} はこの MAP の担当プレフィックスにない: status 129"
              "（administratively prohibited、RFC 5380 §6.2）",
    },
    "engine.hmip.map_ba_rh2": {
        "en": "the BA carries a Type 2 Routing Header with the regional care-of address {rcoa} "
              "(RFC 5380 §6.2: MUST)",
        "ja": "登録確認（BA）には地域気付けアドレス {rcoa} を入れたタイプ2経路制御ヘッダを付ける"
              "（RFC 5380 §6.2: MUST）",
    },
    # ------------------------------------------------------------------ HMIPv6: the MN
    "engine.hmip.left_map_domain": {
        "en": "no MAP option in this Router Advertisement: out of MAP {map}'s domain, so the "
              "regional care-of address no longer applies; plain Mobile IPv6 from here",
        "ja": "このルータ広告（RA）に MAP オプションがない: MAP {map} のドメインの外に出たので"
              "地域気付けアドレスは使えない。ここからは通常の Mobile IPv6",
    },
    "engine.hmip.movement_new_map": {
        "en": "Router Advertisement with the new prefix {prefix} and the MAP option of {map} "
              "(Dist {distance}): a new MAP domain, so a new regional care-of address too",
        "ja": "新しいプレフィックス {prefix} と MAP {map} の MAP オプション（Dist {distance}）を"
              "含むルータ広告（RA）: 新しい MAP ドメインなので地域気付けアドレスも新しくなる",
    },
    "engine.hmip.movement_same_map": {
        "en": "Router Advertisement with the new prefix {prefix} and the same MAP {map} "
              "(Dist {distance}): a move inside the MAP domain, only the on-link care-of "
              "address changes",
        "ja": "新しいプレフィックス {prefix} と同じ MAP {map}（Dist {distance}）のルータ広告"
              "（RA）: MAP ドメイン内の移動。変わるのはオンリンク気付けアドレスだけ",
    },
    "engine.hmip.rcoa_formed": {
        "en": "regional care-of address {rcoa}: the MAP's prefix {prefix} + our interface "
              "identifier (RFC 5380 §6; R flag clear)",
        "ja": "地域気付けアドレス {rcoa}: MAP のプレフィックス {prefix} + 自分のインタフェース"
              "識別子（RFC 5380 §6、R フラグなし）",
    },
    "engine.hmip.lcoa_valid": {
        "en": "on-link care-of address {lcoa} valid (no answer to DAD)",
        "ja": "オンリンク気付けアドレス {lcoa} が有効に（DAD に応答なし）",
    },
    "engine.hmip.local_bu_sent": {
        "en": "local Binding Update seq {sequence} to the MAP {map}: M and A flags, Home "
              "Address option {rcoa}, from {lcoa} (retransmissions: {retransmissions})",
        "ja": "MAP {map} へローカル Binding Update（seq {sequence}）: M・A フラグ、"
              "ホームアドレスオプション {rcoa}、送信元 {lcoa}（再送 {retransmissions} 回）",
    },
    "engine.hmip.map_ba_without_rh2": {
        "en": "BA from the MAP without a Type 2 Routing Header holding the regional care-of "
              "address: silently ignored (RFC 5380 §6.1)",
        "ja": "地域気付けアドレス入りのタイプ2経路制御ヘッダがない MAP からの BA: 黙って無視"
              "（RFC 5380 §6.1）",
    },
    "engine.hmip.local_ba_received": {
        "en": "BA from the MAP: status {status}, lifetime {lifetime} s",
        "ja": "MAP からの登録確認（BA）: status {status}、寿命 {lifetime} 秒",
    },
    "engine.hmip.local_registration_refused": {
        "en": "the MAP refused the local registration (status {status})",
        "ja": "MAP がローカル登録を拒否（status {status}）",
    },
    "engine.hmip.rcoa_unchanged": {
        "en": "regional care-of address {rcoa} unchanged: the home agent and the "
              "correspondents are not told of this move (RFC 5380 §6.1)",
        "ja": "地域気付けアドレス {rcoa} は変わらない: この移動はホームエージェント（HA）にも"
              "コレスポンデントノード（CN）にも知らせない（RFC 5380 §6.1）",
    },
    "engine.hmip.rcoa_new_register": {
        "en": "new regional care-of address {rcoa}: now register it with the home agent "
              "(and the correspondents), binding the home address to it (RFC 5380 §6.1)",
        "ja": "新しい地域気付けアドレス {rcoa}: ホームエージェント（とコレスポンデントノード）に"
              "ホームアドレスとの対応を位置登録する（RFC 5380 §6.1）",
    },
    "engine.hmip.no_map_tunnel_yet": {
        "en": "no tunnel to the MAP yet: packet for {destination} dropped",
        "ja": "MAP へのトンネルがまだない: {destination} 宛パケットを破棄",
    },
    "engine.hmip.tunnel_to_map": {
        "en": "MN→MAP tunnel: the packet from {rcoa} goes inside {lcoa} → {map} "
              "(RFC 5380 §6.1)",
        "ja": "MN→MAP トンネル: {rcoa} からのパケットを {lcoa} → {map} にカプセル化"
              "（RFC 5380 §6.1）",
    },
    "engine.hmip.decapsulated_from_map": {
        "en": "decapsulated the MAP's tunnel: inside, a packet from {source} for {rcoa}",
        "ja": "MAP からのトンネルのカプセルを解く: 中は {source} から {rcoa} 宛のパケット",
    },
    # ------------------------------------------------------------------ PMIPv6: the host
    "engine.pmip.host_same_link": {
        "en": "Router Advertisement from the same router {router} with the same prefix "
              "{prefix}: still on the same link as far as this host can tell (RFC 6059), so "
              "{address} is kept without a new DAD",
        "ja": "同じルータ {router} から同じプレフィックス {prefix} のルータ広告（RA）: "
              "このホストから見ればリンクは変わっていない（RFC 6059）ので、{address} を DAD "
              "なしでそのまま使う",
    },
    "engine.pmip.host_slaac": {
        "en": "address {address} from the advertised prefix {prefix} (SLAAC, RFC 4862): "
              "DAD first",
        "ja": "広告されたプレフィックス {prefix} からアドレス {address} を生成（SLAAC、"
              "RFC 4862）: まず DAD",
    },
    "engine.pmip.host_address_valid": {
        "en": "address {address} valid (no answer to DAD)",
        "ja": "アドレス {address} が有効に（DAD に応答なし）",
    },
    # ------------------------------------------------------------------ PMIPv6: the MAG
    "engine.pmip.mag_detected": {
        "en": "a mobile node attached to the access link: {identifier} ({mac}); {handoff}",
        "ja": "アクセスリンクにモバイルノードが接続: {identifier}（{mac}）、{handoff}",
    },
    "engine.pmip.pbu_sent": {
        "en": "Proxy Binding Update seq {sequence} for {identifier} to the LMA {lma}: P and A "
              "flags, home network prefix {prefix}, Handoff Indicator \u201c{handoff}\u201d, "
              "from the Proxy-CoA {proxy_careof}",
        "ja": "{identifier} のための Proxy Binding Update（seq {sequence}）を LMA {lma} へ: "
              "P・A フラグ、ホームネットワークプレフィックス {prefix}、Handoff Indicator "
              "\u201c{handoff}\u201d、送信元は Proxy-CoA {proxy_careof}",
    },
    "engine.pmip.pbu_dereg_sent": {
        "en": "deregistration Proxy Binding Update seq {sequence} for {identifier} to the LMA "
              "{lma}: lifetime 0, prefix {prefix}, Handoff Indicator \u201c{handoff}\u201d, "
              "from {proxy_careof}",
        "ja": "{identifier} の登録解除 Proxy Binding Update（seq {sequence}）を LMA {lma} へ:"
              " 寿命 0、プレフィックス {prefix}、Handoff Indicator \u201c{handoff}\u201d、"
              "送信元 {proxy_careof}",
    },
    "engine.pmip.mag_detached": {
        "en": "link layer: {identifier} left the access link",
        "ja": "リンク層: {identifier} がアクセスリンクを離れた",
    },
    "engine.pmip.pba_unmatched": {
        "en": "Proxy Binding Acknowledgement seq {sequence} answers no Proxy Binding Update "
              "this MAG sent: ignored (RFC 5213 §6.9.1.2)",
        "ja": "Proxy Binding Acknowledgement（seq {sequence}）はこの MAG の送った Proxy "
              "Binding Update に対応しない: 無視（RFC 5213 §6.9.1.2）",
    },
    "engine.pmip.pba_received": {
        "en": "Proxy Binding Acknowledgement for {identifier}: status {status}, lifetime "
              "{lifetime} s",
        "ja": "{identifier} の Proxy Binding Acknowledgement: status {status}、寿命 "
              "{lifetime} 秒",
    },
    "engine.pmip.mag_retry_all_zero": {
        "en": "the LMA does not authorise the prefix {prefix}: asking again with an ALL_ZERO "
              "Home Network Prefix option, so the LMA assigns one (RFC 5213 §6.9.1.2 (10))",
        "ja": "LMA はプレフィックス {prefix} を認めない: ALL_ZERO のホームネットワーク"
              "プレフィックスオプションで再要求し、LMA に割り当てを任せる"
              "（RFC 5213 §6.9.1.2 (10)）",
    },
    "engine.pmip.mag_denies": {
        "en": "registration refused (status {status}): no home network prefix is advertised "
              "to {identifier} and none of its packets is forwarded (RFC 5213 §6.9.1.2 (11))",
        "ja": "登録拒否（status {status}）: {identifier} にはホームネットワークプレフィックスを"
              "広告せず、そのパケットも転送しない（RFC 5213 §6.9.1.2 (11)）",
    },
    "engine.pmip.pba_no_prefix": {
        "en": "accepting Proxy Binding Acknowledgement without a home network prefix: ignored",
        "ja": "ホームネットワークプレフィックスのない受理 Proxy Binding Acknowledgement: 無視",
    },
    "engine.pmip.mag_tunnel_up": {
        "en": "bidirectional tunnel with the LMA {lma} for {identifier}; its home network "
              "prefix {prefix} is now advertised on the access link (RFC 5213 §6.9.1.2)",
        "ja": "{identifier} のために LMA {lma} との双方向トンネルを設定。ホームネットワーク"
              "プレフィックス {prefix} をアクセスリンクで広告する（RFC 5213 §6.9.1.2）",
    },
    "engine.pmip.mag_ra_waits": {
        "en": "Router Solicitation: the Router Advertisement waits for the LMA's answer "
              "(RFC 5213 §6.9.2)",
        "ja": "Router Solicitation を受信: ルータ広告（RA）は LMA の応答を待ってから送る"
              "（RFC 5213 §6.9.2）",
    },
    "engine.pmip.mag_reverse_tunnel": {
        "en": "packet from {source} into the tunnel to the LMA {lma} (no local routing, "
              "RFC 5213 §6.10.3)",
        "ja": "{source} からのパケットを LMA {lma} へのトンネルにカプセル化（ローカル"
              "ルーティングなし、RFC 5213 §6.10.3）",
    },
    "engine.pmip.mag_no_service": {
        "en": "packet from {source}: no registered mobility session, not forwarded "
              "(RFC 5213 §6.9.1.2 (11))",
        "ja": "{source} からのパケット: 登録されたモビリティセッションがないので転送しない"
              "（RFC 5213 §6.9.1.2 (11)）",
    },
    "engine.pmip.mag_tunnel_unknown": {
        "en": "tunnelled packet from {source} for {destination}: not from our LMA or for no "
              "attached mobile node; dropped",
        "ja": "{source} からの {destination} 宛トンネルパケット: LMA からでないか、接続中の"
              "モバイルノード宛でない。破棄",
    },
    "engine.pmip.mag_decapsulated": {
        "en": "decapsulated the tunnel from the LMA {lma}: delivered to {destination} on the "
              "access link",
        "ja": "LMA {lma} からのトンネルのカプセルを解き、アクセスリンクの {destination} へ届ける",
    },
    # ------------------------------------------------------------------ PMIPv6: the LMA
    "engine.pmip.lma_not_proxy": {
        "en": "not a Proxy Binding Update: an LMA serves proxy registrations only; dropped",
        "ja": "Proxy Binding Update ではない: LMA が扱うのはプロキシ登録だけ。破棄",
    },
    "engine.pmip.lma_pbu_received": {
        "en": "Proxy Binding Update seq {sequence} for {identifier} from the MAG {proxy_careof}",
        "ja": "MAG {proxy_careof} から {identifier} の Proxy Binding Update（seq {sequence}）",
    },
    "engine.pmip.lma_refused": {
        "en": "Proxy Binding Update for {identifier} refused: status {status} (RFC 5213 §5.3.1, "
              "§8.9)",
        "ja": "{identifier} の Proxy Binding Update を拒否: status {status}（RFC 5213 §5.3.1、"
              "§8.9）",
    },
    "engine.pmip.lma_late_dereg": {
        "en": "deregistration for {identifier} from {proxy_careof}, which no longer holds its "
              "session: the binding is left as it is (RFC 5213 §5.3.5)",
        "ja": "{proxy_careof} からの {identifier} の登録解除: そのセッションはもう別の MAG に"
              "あるので、バインディングはそのまま（RFC 5213 §5.3.5）",
    },
    "engine.pmip.lma_deregistered": {
        "en": "binding cache: {identifier} ({prefix}) deregistered; kept MinDelayBeforeBCEDelete "
              "(10 s) in case a new MAG registers it (RFC 5213 §5.3.5), traffic for it dropped",
        "ja": "バインディングキャッシュ: {identifier}（{prefix}）を登録解除。新しい MAG からの"
              "登録に備えて MinDelayBeforeBCEDelete（10 秒）残す（RFC 5213 §5.3.5）。その間の"
              "パケットは破棄",
    },
    "engine.pmip.lma_create": {
        "en": "binding cache add {identifier}: home network prefix {prefix} → Proxy-CoA "
              "{proxy_careof}, lifetime {lifetime} s; the LMA–MAG tunnel carries the prefix",
        "ja": "バインディングキャッシュに追加 {identifier}: ホームネットワークプレフィックス "
              "{prefix} → Proxy-CoA {proxy_careof}、寿命 {lifetime} 秒。プレフィックスは LMA–MAG "
              "トンネルを通る",
    },
    "engine.pmip.lma_handoff": {
        "en": "binding cache update {identifier}: the same prefix {prefix} now goes to the new "
              "MAG {proxy_careof}, lifetime {lifetime} s (handoff, RFC 5213 §5.3.4)",
        "ja": "バインディングキャッシュ更新 {identifier}: 同じプレフィックス {prefix} を新しい "
              "MAG {proxy_careof} へ、寿命 {lifetime} 秒（ハンドオーバ、RFC 5213 §5.3.4）",
    },
    "engine.pmip.lma_update": {
        "en": "binding cache update {identifier}: {prefix} → {proxy_careof}, lifetime "
              "{lifetime} s (RFC 5213 §5.3.3)",
        "ja": "バインディングキャッシュ更新 {identifier}: {prefix} → {proxy_careof}、寿命 "
              "{lifetime} 秒（RFC 5213 §5.3.3）",
    },
    "engine.pmip.lma_freed": {
        "en": "binding cache entry of {identifier} freed (no MAG registered it again)",
        "ja": "{identifier} のバインディングキャッシュエントリを解放（再登録した MAG なし）",
    },
    "engine.pmip.lma_expired": {
        "en": "binding of {identifier} expired",
        "ja": "{identifier} のバインディングが寿命切れ",
    },
    "engine.pmip.lma_no_binding": {
        "en": "packet for {destination}: its home network prefix has no valid binding; dropped",
        "ja": "{destination} 宛パケット: そのホームネットワークプレフィックスに有効な"
              "バインディングがない。破棄",
    },
    "engine.pmip.lma_tunnel": {
        "en": "packet for {destination} into the LMA–MAG tunnel to {proxy_careof}",
        "ja": "{destination} 宛パケットを {proxy_careof} への LMA–MAG トンネルにカプセル化",
    },
    "engine.pmip.lma_reverse_unknown": {
        "en": "tunnelled packet from {source} (inside from {inner_source}): no binding for it "
              "at that MAG; dropped",
        "ja": "{source} からのトンネルパケット（中は {inner_source} から）: その MAG に対応する"
              "バインディングがない。破棄",
    },
    "engine.pmip.lma_decapsulated": {
        "en": "decapsulated the tunnel from the MAG {source}: {inner_source}'s packet goes on",
        "ja": "MAG {source} からのトンネルのカプセルを解き、{inner_source} のパケットを転送",
    },
    # ------------------------------------------------------------------ the Bindings pane
    "ui.state.local_registration": {"en": "local reg. (MAP)", "ja": "ローカル登録（MAP）"},
    "ui.state.proxy_registration": {"en": "proxy reg.", "ja": "プロキシ登録"},
    "ui.state.value.local": {"en": "local, with the MAP", "ja": "MAP へのローカル登録"},
    "ui.state.value.proxy": {"en": "proxy, for a mobile node", "ja": "モバイルノードの代理"},
    # ------------------------------------------------------------------ handover phases
    "handover.phase.local-registration": {"en": "local BU → BA with the MAP",
                                          "ja": "MAP とのローカル BU → BA"},
    "handover.tag.local-registration": {"en": "MAP", "ja": "MAP"},
    "handover.phase.proxy-registration": {"en": "Proxy BU → BA (MAG ↔ LMA)",
                                          "ja": "MAG と LMA の Proxy BU → BA"},
    "handover.tag.proxy-registration": {"en": "PBU", "ja": "PBU"},
    "handover.phase.router-advertisement": {"en": "MAG's RA with the home network prefix",
                                            "ja": "MAG のホームネットワークプレフィックス入り RA"},
    "handover.tag.router-advertisement": {"en": "RA", "ja": "RA"},
    "handover.note.no-home-bu": {
        "en": "no Binding Update to the home agent: the regional care-of address did not "
              "change, so only the MAP was told (RFC 5380 §6.1)",
        "ja": "ホームエージェント（HA）への Binding Update なし: 地域気付けアドレスが変わらない"
              "ので、知らせたのは MAP だけ（RFC 5380 §6.1）",
    },
    "handover.note.network-based": {
        "en": "the mobile node sent no mobility signalling: its MAG registered it with the LMA "
              "(RFC 5213, mobility in the network)",
        "ja": "モバイルノードはモビリティのシグナリングを一切送っていない: MAG が代わりに LMA へ"
              "登録した（RFC 5213、ネットワーク側のモビリティ）",
    },
}
