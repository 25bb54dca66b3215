"""A replayed capture's narration (mipviz.capture): what each node did, the departures from
the RFCs, the hops of a packet, and `mipviz dump`'s text; plus the loader's problems
(mipviz.lesson, `mipviz check`) and the inspector's Japanese glosses of header names.

The capture's notes are made per packet with :func:`mipviz.i18n.said.phrase`, whose English
must stay byte for byte what `mipviz dump` wrote before (tests/test_dump_golden.py). Status
and option names (IANA's, as Wireshark shows them) stay English in both languages, as the
deck keeps protocol names.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ shared pieces
    "capture.via_tunnel": {"en": " through the home agent's tunnel",
                           "ja": "（ホームエージェントのトンネル経由）"},
    "capture.answers_step": {"en": " (answers step {step})", "ja": "（ステップ {step} への応答）"},
    "capture.unmatched": {"en": " (unsolicited or unmatched)", "ja": "（非要請、または対応なし）"},
    "capture.none": {"en": "none", "ja": "なし"},
    "capture.no_prefix": {"en": "no prefix", "ja": "プレフィックスなし"},
    "capture.unassigned": {"en": "unassigned", "ja": "未割り当て"},
    "capture.status": {"en": "status {status} ({name})", "ja": "ステータス {status}（{name}）"},
    "capture.side.home": {"en": "home", "ja": "ホーム"},
    "capture.side.care_of": {"en": "care-of", "ja": "気付け"},
    # ------------------------------------------------------------------ narrate.py
    "capture.header.hao_forbidden": {
        "en": "RFC 6275 6.1: a {name} must not carry a Home Address option (only a Binding "
              "Update may)",
        "ja": "RFC 6275 6.1: {name} は Home Address option を持ってはならない（持てるのは "
              "Binding Update だけ）"},
    "capture.header.rh2_forbidden": {
        "en": "RFC 6275 6.1: a {name} must not carry a Type 2 Routing Header (only a Binding "
              "Acknowledgement may)",
        "ja": "RFC 6275 6.1: {name} は Type 2 Routing Header を持ってはならない（持てるのは "
              "Binding Acknowledgement だけ）"},
    "capture.brr": {
        "en": "asks {receiver} to refresh its binding (Binding Refresh Request)",
        "ja": "{receiver} にバインディングの更新を求める（Binding Refresh Request、登録更新要求）"},
    "capture.rr.init": {
        "en": "return routability: {name} to {receiver}{via}, cookie {cookie}",
        "ja": "リターンルータビリティ（RR）：{receiver} へ {name}{via}、クッキー {cookie}"},
    "capture.rr.test": {
        "en": "return routability: {name} to {receiver}{via}, {side} keygen token {token}, "
              "nonce index {index}",
        "ja": "リターンルータビリティ（RR）：{receiver} へ {name}{via}、{side}署名用トークン "
              "{token}、臨時鍵番号 {index}"},
    "capture.rr.unmatched": {
        "en": "no {asked} in the capture has cookie {cookie}: the mobile node discards this "
              "test (RFC 6275 11.6.2)",
        "ja": "クッキー {cookie} の {asked} はキャプチャにない：モバイルノードはこのテストを"
              "捨てる（RFC 6275 11.6.2）"},
    "capture.rr.answers": {"en": "answers the {asked} of step {step}",
                           "ja": "ステップ {step} の {asked} への応答"},
    "capture.be": {
        "en": "Binding Error to {receiver}: status {status} ({name}), home address {home}",
        "ja": "{receiver} へ Binding Error：ステータス {status}（{name}）、ホームアドレス {home}"},
    "capture.fast.hi": {
        "en": "fast handover: Handover Initiate seq {sequence} code {code} to {receiver}",
        "ja": "高速ハンドオーバ：{receiver} へ Handover Initiate（シーケンス番号 {sequence}、"
              "code {code}）"},
    "capture.fast.hack": {
        "en": "fast handover: Handover Acknowledge seq {sequence}: {code}{answers}",
        "ja": "高速ハンドオーバ：Handover Acknowledge（シーケンス番号 {sequence}）：{code}"
              "{answers}"},
    "capture.fast.code": {"en": "code {code}", "ja": "code {code}"},
    "capture.fast.no_hi": {"en": " (no Handover Initiate matches)",
                           "ja": "（対応する Handover Initiate なし）"},
    "capture.fast.other": {"en": "fast handover: {name} id {identifier} to {receiver}",
                           "ja": "高速ハンドオーバ：{receiver} へ {name}（id {identifier}）"},
    "capture.mh.other": {"en": "{name} to {receiver}", "ja": "{receiver} へ {name}"},
    "capture.dhaad.request": {
        "en": "looks for its home agents: Home Agent Address Discovery Request id {identifier} "
              "to {receiver}",
        "ja": "ホームエージェントを探す：{receiver} へ Home Agent Address Discovery Request"
              "（id {identifier}）"},
    "capture.mps": {
        "en": "asks for its home prefixes: Mobile Prefix Solicitation id {identifier} to "
              "{receiver}",
        "ja": "ホームプレフィックスを尋ねる：{receiver} へ Mobile Prefix Solicitation"
              "（id {identifier}）"},
    "capture.dhaad.reply": {
        "en": "Home Agent Address Discovery Reply id {identifier}: {agents}{answers}",
        "ja": "Home Agent Address Discovery Reply（id {identifier}）：ホームエージェントは "
              "{agents}{answers}"},
    "capture.mpa": {
        "en": "Mobile Prefix Advertisement id {identifier}: {prefixes}{answers}",
        "ja": "Mobile Prefix Advertisement（id {identifier}）：プレフィックスは {prefixes}"
              "{answers}"},
    "capture.mpa.no_rh2": {
        "en": "RFC 6275 11.4.3: a Mobile Prefix Advertisement without a Type 2 Routing Header "
              "is discarded by the mobile node",
        "ja": "RFC 6275 11.4.3: Type 2 Routing Header のない Mobile Prefix Advertisement は"
              "モバイルノードが捨てる"},
    "capture.ra.home_agent": {
        "en": "Router Advertisement with the Home Agent (H) flag (RFC 6275 7.1)",
        "ja": "ホームエージェント（H）フラグ付きのルータ広告（RA）（RFC 6275 7.1）"},
    "capture.ra.information": {
        "en": "{text}, preference {preference}, lifetime {lifetime} s",
        "ja": "{text}、優先度 {preference}、有効期間 {lifetime} 秒"},
    # ------------------------------------------------------------------ bindings.py
    "capture.bu.what.deregistration_zero": {"en": "deregistration (lifetime 0)",
                                            "ja": "登録解除（有効期間 0）"},
    "capture.bu.what.deregistration_home": {
        "en": "deregistration (care-of address = home address)",
        "ja": "登録解除（気付けアドレス = ホームアドレス）"},
    "capture.bu.what.proxy": {"en": "proxy registration", "ja": "プロキシ位置登録"},
    "capture.bu.what.home": {"en": "home registration", "ja": "位置登録"},
    "capture.bu.what.local": {"en": "local (MAP) registration", "ja": "ローカル（MAP）登録"},
    "capture.bu.what.fast": {"en": "fast handover", "ja": "高速ハンドオーバ"},
    "capture.bu.what.correspondent": {"en": "correspondent registration",
                                      "ja": "コレスポンデントノードへの登録"},
    "capture.bu.sent": {
        "en": "{what}: BU seq {sequence} to {receiver}, {who} -> {care_of}, lifetime "
              "{lifetime} s",
        "ja": "{what}：{receiver} へ BU（シーケンス番号 {sequence}）、{who} -> {care_of}、"
              "有効期間 {lifetime} 秒"},
    "capture.identity.nai": {"en": "NAI {value}", "ja": "NAI {value}"},
    "capture.identity.prefix": {"en": "prefix {value}", "ja": "プレフィックス {value}"},
    "capture.identity.named": {"en": "{name} ({described})", "ja": "{name}（{described}）"},
    "capture.bu.not_increased": {
        "en": "{rule}: Binding Update sequence number {sequence} not increased (the previous "
              "one to this peer was {previous}, step {step})",
        "ja": "{rule}: Binding Update のシーケンス番号 {sequence} が増えていない（この相手への"
              "前回は {previous}、ステップ {step}）"},
    "capture.bu.mag_without_p": {
        "en": "RFC 5213 8.1: Binding Update from the MAG {name} carries a Mobile Node "
              "Identifier option but not the P flag (Proxy Registration Flag): taken as a "
              "Proxy Binding Update, as pre-RFC PMIPv6 sent it",
        "ja": "RFC 5213 8.1: MAG {name} からの Binding Update は Mobile Node Identifier "
              "option を持つが P フラグ（Proxy Registration Flag）がない：RFC 以前の PMIPv6 "
              "の送り方として Proxy Binding Update とみなす"},
    "capture.ba.unmatched": {
        "en": "{name} {status} seq {sequence} matches no Binding Update in the capture",
        "ja": "{name} {status}（シーケンス番号 {sequence}）に対応する Binding Update が"
              "キャプチャにない"},
    "capture.bu.rejected": {"en": "rejected BU seq {sequence}: {status}",
                            "ja": "BU（シーケンス番号 {sequence}）を拒否：{status}"},
    "capture.ba.resynchronise": {
        "en": "{status}: resynchronise to the last accepted sequence number {sequence}",
        "ja": "{status}：最後に受け入れられたシーケンス番号 {sequence} に合わせ直す"},
    "capture.ba.from": {"en": "BA from {binder}: {text}",
                        "ja": "{binder} から登録確認（BA）：{text}"},
    "capture.ba.deregistered": {
        "en": "BA from {binder}: deregistration accepted, binding update list entry removed",
        "ja": "{binder} から登録確認（BA）：登録解除が受け入れられ、Binding Update List の"
              "エントリを削除"},
    "capture.ba.valid": {
        "en": "BA from {binder}: {status}, binding valid for {granted} s",
        "ja": "{binder} から登録確認（BA）：{status}、バインディングは {granted} 秒有効"},
    "capture.ba.without_r": {
        "en": "accepted without the R flag: this home agent does not support mobile routers "
              "(RFC 3963), so no prefix is forwarded",
        "ja": "R フラグなしで受け入れられた：このホームエージェントはモバイルルータに対応"
              "しない（RFC 3963）ので、プレフィックスは転送されない"},
    "capture.pba.without_p": {
        "en": "RFC 5213 8.2: Proxy Binding Acknowledgement without the P flag (the Proxy "
              "Binding Update at step {step} {had})",
        "ja": "RFC 5213 8.2: P フラグのない Proxy Binding Acknowledgement（ステップ {step} の "
              "Proxy Binding Update {had}）"},
    "capture.pba.had_it": {"en": "had it", "ja": "にはあった"},
    "capture.pba.lacked_it": {
        "en": "lacked it too: a proxy registration told by its Mobile Node Identifier",
        "ja": "にもなかった：Mobile Node Identifier で分かるプロキシ位置登録"},
    "capture.ba.r_flag": {
        "en": "RFC 3963 4.2: R flag in a Binding Acknowledgement to a Binding Update without "
              "it",
        "ja": "RFC 3963 4.2: R フラグのない Binding Update への Binding Acknowledgement に "
              "R フラグがある"},
    "capture.ba.k_flag": {
        "en": "RFC 6275 6.1.8: K flag in a correspondent's Binding Acknowledgement "
              "(correspondents always clear it)",
        "ja": "RFC 6275 6.1.8: コレスポンデントノードの Binding Acknowledgement に K フラグが"
              "ある（コレスポンデントノードは常に 0 にする）"},
    "capture.ba.lifetime_exceeds": {
        "en": "RFC 6275 6.1.8: granted lifetime {granted} s exceeds the {requested} s "
              "requested at step {step}",
        "ja": "RFC 6275 6.1.8: 認められた有効期間 {granted} 秒が、ステップ {step} で求めた "
              "{requested} 秒を超えている"},
    "capture.ba.no_rh2": {
        "en": "RFC 6275 6.1.8: Binding Acknowledgement to a care-of address without a Type 2 "
              "Routing Header carrying the home address",
        "ja": "RFC 6275 6.1.8: ホームアドレスを運ぶ Type 2 Routing Header なしで気付けアドレス"
              "へ送られた Binding Acknowledgement"},
    "capture.cache.delete": {"en": "binding cache delete {who}{shown}{note}",
                             "ja": "バインディングキャッシュから {who} を削除{shown}{note}"},
    "capture.cache.delete_invalid": {
        "en": "binding cache delete {who}: entry invalid, freed after MAX_DELETE_BCE_TIMEOUT "
              "({seconds} s, RFC 6275 10.3.2){note}",
        "ja": "バインディングキャッシュから {who} を削除：エントリは無効になり、"
              "MAX_DELETE_BCE_TIMEOUT（{seconds} 秒、RFC 6275 10.3.2）の後に解放{note}"},
    "capture.freed": {
        "en": "binding cache entry for {home} freed (MAX_DELETE_BCE_TIMEOUT over, RFC 6275 "
              "10.3.2)",
        "ja": "{home} のバインディングキャッシュのエントリを解放（MAX_DELETE_BCE_TIMEOUT が"
              "過ぎた、RFC 6275 10.3.2）"},
    "capture.cache.not_shown": {"en": " (no entry was shown)",
                                "ja": "（表示されていたエントリはない）"},
    "capture.cache.no_ack": {"en": " (no acknowledgement requested)",
                             "ja": "（確認の要求なし）"},
    "capture.cache.add": {
        "en": "binding cache add {who} -> {care_of}, lifetime {granted} s{note}",
        "ja": "バインディングキャッシュに追加 {who} -> {care_of}、有効期間 {granted} 秒{note}"},
    "capture.cache.update": {
        "en": "binding cache update {who} -> {care_of}, lifetime {granted} s{note}",
        "ja": "バインディングキャッシュを更新 {who} -> {care_of}、有効期間 {granted} 秒{note}"},
    "capture.route.via": {"en": "tunnel to {care_of}", "ja": "{care_of} へのトンネル"},
    "capture.route.set": {"en": "route {prefix} via tunnel to {care_of}",
                          "ja": "{prefix} への経路を {care_of} へのトンネル経由にする"},
    "capture.pbu.link_layer": {
        "en": "RFC 5213 8.6: link-layer address in a Mobility Header Link-Layer Address option "
              "(type 7, option-code {code}, RFC 5568 6.4.3) where RFC 5213 has the Mobile Node "
              "Link-layer Identifier option (type 25): a pre-RFC PMIPv6 encoding",
        "ja": "RFC 5213 8.6: RFC 5213 では Mobile Node Link-layer Identifier option（type 25）"
              "のところ、リンク層アドレスが Mobility Header Link-Layer Address option（type 7、"
              "option-code {code}、RFC 5568 6.4.3）にある：RFC 以前の PMIPv6 の符号化"},
    "capture.pbu.option_length": {
        "en": "{rule}: option type {kind} of length {length} in a Proxy Binding Update, must "
              "be {want} (a pre-RFC number or length?)",
        "ja": "{rule}: Proxy Binding Update の option type {kind} の長さが {length}、{want} で"
              "なければならない（RFC 以前の番号か長さ？）"},
    "capture.pbu.at_least": {"en": "at least {least}", "ja": "{least} 以上"},
    "capture.pbu.not_an_option": {
        "en": "RFC 5213 8.1: option type {kind} (length {length}) is not an option of a Proxy "
              "Binding Update (a pre-RFC number?)",
        "ja": "RFC 5213 8.1: option type {kind}（長さ {length}）は Proxy Binding Update の "
              "option ではない（RFC 以前の番号？）"},
    "capture.unacknowledged.proxy": {
        "en": "RFC 5213 5.3.1: the capture shows no Proxy Binding Acknowledgement for this "
              "Proxy Binding Update",
        "ja": "RFC 5213 5.3.1: この Proxy Binding Update への Proxy Binding Acknowledgement "
              "がキャプチャにない"},
    "capture.unacknowledged.deregistration": {
        "en": "RFC 6275 10.3.2: the capture shows no Binding Acknowledgement for this "
              "deregistration (the home agent must answer it)",
        "ja": "RFC 6275 10.3.2: この登録解除への登録確認（BA）がキャプチャにない"
              "（ホームエージェントは応答しなければならない）"},
    "capture.unacknowledged.home": {
        "en": "RFC 6275 10.3.1: the capture shows no Binding Acknowledgement for this home "
              "registration (the home agent must answer it)",
        "ja": "RFC 6275 10.3.1: この位置登録への登録確認（BA）がキャプチャにない"
              "（ホームエージェントは応答しなければならない）"},
    "capture.unacknowledged.fast": {
        "en": "RFC 5568 6.3.1: the capture shows no Fast Binding Acknowledgment for this Fast "
              "Binding Update",
        "ja": "RFC 5568 6.3.1: この Fast Binding Update への Fast Binding Acknowledgment が"
              "キャプチャにない"},
    "capture.unacknowledged.asked": {
        "en": "RFC 6275 9.5.4: the capture shows no Binding Acknowledgement although the A "
              "flag asks for one",
        "ja": "RFC 6275 9.5.4: A フラグが求めているのに、登録確認（BA）がキャプチャにない"},
    # ------------------------------------------------------------------ mobility.py
    "capture.mh.pre_rfc_protocol": {
        "en": "pre-RFC Mobility Header protocol number {protocol} (RFC 6275 6.1 and IANA "
              "assign 135)",
        "ja": "RFC 以前の Mobility Header のプロトコル番号 {protocol}（RFC 6275 6.1 と IANA "
              "の割り当ては 135）"},
    "capture.mh.cut_short": {
        "en": "RFC 6275 6.1.1: Mobility Header cut short ({present} of at least 6 octets)",
        "ja": "RFC 6275 6.1.1: Mobility Header が途中で切れている（少なくとも 6 オクテットの"
              "ところ {present} オクテット）"},
    "capture.mh.payload_proto": {
        "en": "RFC 6275 6.1.1: Payload Proto {proto}, must be 59 (IPPROTO_NONE); a receiver "
              "discards the message",
        "ja": "RFC 6275 6.1.1: Payload Proto が {proto}、59（IPPROTO_NONE）でなければならない："
              "受信側はこのメッセージを捨てる"},
    "capture.mh.unknown_type": {
        "en": "RFC 6275 9.2: unknown Mobility Header type {mh_type} (the receiver answers with "
              "a Binding Error, status 2)",
        "ja": "RFC 6275 9.2: 未知の Mobility Header type {mh_type}（受信側は Binding Error、"
              "ステータス 2 で応答する）"},
    "capture.mh.header_len_below": {
        "en": "RFC 6275 9.2: Header Len {length} ({total} octets) is below the {minimum} "
              "octets of a {name}",
        "ja": "RFC 6275 9.2: Header Len {length}（{total} オクテット）が {name} の "
              "{minimum} オクテットに足りない"},
    "capture.mh.header_len_past": {
        "en": "RFC 6275 6.1.1: Header Len says {total} octets but only {present} are present",
        "ja": "RFC 6275 6.1.1: Header Len は {total} オクテットだが、{present} オクテットしか"
              "ない"},
    "capture.mh.fixed_cut_short": {
        "en": "{name} fixed part cut short ({present} of {need} octets)",
        "ja": "{name} の固定部が途中で切れている（{need} オクテットのうち {present} オクテット）"},
    "capture.mh.switch_count": {
        "en": "RFC 5142 5.1: Home Agent Switch lists {count} addresses but only {available} "
              "fit",
        "ja": "RFC 5142 5.1: Home Agent Switch のアドレスは {count} 個とあるが、{available} 個"
              "しか入らない"},
    "capture.mh.pbu_without": {
        "en": "RFC 5213 8.1: Proxy Binding Update without a {name} option",
        "ja": "RFC 5213 8.1: {name} option のない Proxy Binding Update"},
    "capture.mh.pmip_without_p": {
        "en": "RFC 5213 8.1: Binding Update carries Proxy Mobile IPv6 options (Home Network "
              "Prefix, Handoff Indicator or Access Technology Type) but not the P flag",
        "ja": "RFC 5213 8.1: Binding Update が Proxy Mobile IPv6 の option（Home Network "
              "Prefix、Handoff Indicator、Access Technology Type）を持つのに P フラグがない"},
    "capture.mh.r_without_h": {
        "en": "RFC 3963 6.1: R flag without H: a mobile router's Binding Update is a home "
              "registration (the home agent answers status 140)",
        "ja": "RFC 3963 6.1: H フラグのない R フラグ：モバイルルータの Binding Update は"
              "位置登録である（ホームエージェントはステータス 140 で応答する）"},
    "capture.mh.prefix_without_r": {
        "en": "RFC 3963 4.3: Mobile Network Prefix option in a Binding Update without the R "
              "flag",
        "ja": "RFC 3963 4.3: R フラグのない Binding Update に Mobile Network Prefix option が"
              "ある"},
    "capture.mh.k_to_correspondent": {
        "en": "RFC 6275 6.1.7: K flag set in a Binding Update to a correspondent (valid only "
              "towards the home agent)",
        "ja": "RFC 6275 6.1.7: コレスポンデントノードへの Binding Update に K フラグがある"
              "（ホームエージェント宛てでだけ有効）"},
    "capture.mh.pbu_without_a": {
        "en": "RFC 5213 8.1: Proxy Binding Update without the A flag",
        "ja": "RFC 5213 8.1: A フラグのない Proxy Binding Update"},
    "capture.mh.map_alternate_care_of": {
        "en": "RFC 5380 5.1: local Binding Update to a MAP carries an Alternate Care-of "
              "Address option",
        "ja": "RFC 5380 5.1: MAP へのローカルな Binding Update が Alternate Care-of Address "
              "option を持つ"},
    "capture.mh.ba_authorization": {
        "en": "RFC 6275 6.1.8: a Binding Acknowledgement with status {status} carries no "
              "Binding Authorization Data option",
        "ja": "RFC 6275 6.1.8: ステータス {status} の Binding Acknowledgement は Binding "
              "Authorization Data option を持たない"},
    "capture.mh.fbu_flags": {
        "en": "RFC 5568 6.3.1: a Fast Binding Update must set the A and H flags",
        "ja": "RFC 5568 6.3.1: Fast Binding Update は A フラグと H フラグを立てなければ"
              "ならない"},
    "capture.mh.be_unassigned": {
        "en": "RFC 6275 6.1.9: Binding Error status {status} is unassigned",
        "ja": "RFC 6275 6.1.9: Binding Error のステータス {status} は未割り当て"},
    # ------------------------------------------------------------------ mobility_options.py
    "capture.option.cut_short": {
        "en": "RFC 6275 6.2.1: {name} option cut short at the end of the Mobility Header",
        "ja": "RFC 6275 6.2.1: {name} option が Mobility Header の終わりで切れている"},
    "capture.option.past_end": {
        "en": "RFC 6275 6.2.1: {name} option (type {kind}) of length {length} runs past the "
              "end of the Mobility Header",
        "ja": "RFC 6275 6.2.1: 長さ {length} の {name} option（type {kind}）が Mobility Header "
              "の終わりを越える"},
    "capture.option.authorization_not_last": {
        "en": "RFC 6275 6.2.7: the Binding Authorization Data option must be the last option, "
              "but {name} follows it",
        "ja": "RFC 6275 6.2.7: Binding Authorization Data option は最後の option でなければ"
              "ならないが、後に {name} が続く"},
    "capture.option.type_17": {
        "en": "pre-RFC option number: type 17 used for the Mobility Header IPv6 Address/Prefix "
              "option (RFC 5568 6.4.2's misprint; IANA and RFC 5568 section 9 assign 34, and "
              "17 is DNS-UPDATE-TYPE of RFC 5026)",
        "ja": "RFC 以前の option 番号：Mobility Header IPv6 Address/Prefix option に type 17 "
              "を使っている（RFC 5568 6.4.2 の誤植。IANA と RFC 5568 section 9 の割り当ては "
              "34 で、17 は RFC 5026 の DNS-UPDATE-TYPE）"},
    "capture.option.or": {"en": "{left} or {right}", "ja": "{left} または {right}"},
    "capture.option.length": {
        "en": "{rule}: {name} option length {length}, must be {expected}",
        "ja": "{rule}: {name} option の長さが {length}、{expected} でなければならない"},
    "capture.option.alignment": {
        "en": "{rule}: {name} option at offset {position} breaks its {factor}n+{remainder} "
              "alignment",
        "ja": "{rule}: オフセット {position} の {name} option は {factor}n+{remainder} の"
              "アラインメントを守っていない"},
    "capture.option.not_defined": {
        "en": "{rule}: {name} option is not defined for a {message} (a receiver skips it)",
        "ja": "{rule}: {name} option は {message} には定義されていない（受信側は読み飛ばす）"},
    # ------------------------------------------------------------------ protected.py (ESP)
    "capture.esp.cut_short": {"en": "RFC 4303 2: ESP header cut short ({present} of {need} "
                                    "octets)",
                              "ja": "RFC 4303 2: ESP ヘッダが途中で切れている（{need} オクテット"
                                    "のうち {present} オクテット）"},
    "capture.esp.cut_short_note": {"en": "ESP header cut short: what it carries cannot be read",
                                   "ja": "ESP ヘッダが途中で切れている：中身は読めない"},
    "capture.esp.truncated": {
        "en": "the capture did not keep the whole packet, so what ESP carries cannot be read",
        "ja": "キャプチャがパケット全体を保存していないので、ESP の中身は読めない"},
    "capture.esp.encrypted": {"en": "contents encrypted: the message inside cannot be read",
                              "ja": "中身は暗号化されている：内側のメッセージは読めない"},
    "capture.esp.note": {"en": "{label}: {what}", "ja": "{label}: {what}"},
    "capture.esp.probably": {
        "en": "{note}; probably {guess}, inferred from {reason} (an inference, not a decode)",
        "ja": "{note}。おそらく {guess}：{reason} からの推測（デコードではなく推測）"},
    "capture.esp.guess.bu": {"en": "a Binding Update, ESP-protected",
                             "ja": "ESP で保護された Binding Update"},
    "capture.esp.guess.ba": {"en": "a Binding Acknowledgement, ESP-protected",
                             "ja": "ESP で保護された登録確認（BA）"},
    "capture.esp.guess.tunnel": {
        "en": "traffic or Return Routability messages tunnelled between the mobile node and its "
              "home agent",
        "ja": "モバイルノードとホームエージェントの間をトンネルで運ばれる通信かリターン"
              "ルータビリティ（RR）のメッセージ"},
    "capture.esp.reason.bu": {
        "en": "its Home Address option and its destination, the home agent (RFC 6275 5.1, RFC "
              "3776 3.1: transport mode)",
        "ja": "Home Address option と宛先（ホームエージェント）（RFC 6275 5.1、RFC 3776 3.1: "
              "トランスポートモード）"},
    "capture.esp.reason.ba": {
        "en": "its Type 2 Routing Header and its source, the home agent (RFC 6275 5.1, RFC "
              "3776 3.1: transport mode)",
        "ja": "Type 2 Routing Header と送信元（ホームエージェント）（RFC 6275 5.1、RFC 3776 "
              "3.1: トランスポートモード）"},
    "capture.esp.reason.tunnel": {
        "en": "its ends (RFC 6275 5.2.5, RFC 3776 3.2: tunnel mode)",
        "ja": "両端（RFC 6275 5.2.5、RFC 3776 3.2: トンネルモード）"},
    # ------------------------------------------------------------------ icmpv6.py, ipv4.py
    "capture.icmp.discovery_cut_short": {
        "en": "RFC 6275 6.5: message cut short ({present} of 8 octets)",
        "ja": "RFC 6275 6.5: メッセージが途中で切れている（8 オクテットのうち {present} "
              "オクテット）"},
    "capture.icmp.not_anycast": {
        "en": "RFC 6275 6.5: Home Agent Address Discovery Request not sent to a Home Agents "
              "anycast address (interface identifier fdff:ffff:ffff:fffe)",
        "ja": "RFC 6275 6.5: Home Agent Address Discovery Request の宛先が Home Agents "
              "エニーキャストアドレス（インタフェース識別子 fdff:ffff:ffff:fffe）でない"},
    "capture.icmp.address_list": {
        "en": "RFC 6275 6.6: Home Agent Address Discovery Reply whose address list is not a "
              "whole number of addresses",
        "ja": "RFC 6275 6.6: Home Agent Address Discovery Reply のアドレス一覧がアドレスの"
              "整数個になっていない"},
    "capture.icmp.nd_length_0": {
        "en": "RFC 4861 4.6: ND option with length 0 (the receiver discards the packet)",
        "ja": "RFC 4861 4.6: 長さ 0 の ND option（受信側はパケットを捨てる）"},
    "capture.icmp.nd_past_end": {
        "en": "RFC 4861 4.6: {name} option runs past the end of the message",
        "ja": "RFC 4861 4.6: {name} option がメッセージの終わりを越える"},
    "capture.icmp.ha_lifetime_0": {
        "en": "RFC 6275 7.4: Home Agent Lifetime 0 must not be used",
        "ja": "RFC 6275 7.4: Home Agent Lifetime 0 は使ってはならない"},
    "capture.icmp.map_dist_0": {"en": "RFC 5380 MAP option: Dist 0 must not be used",
                                "ja": "RFC 5380 MAP option: Dist 0 は使ってはならない"},
    "capture.ipv4.total_length": {
        "en": "RFC 791 3.1: Total Length {length} but only {present} octets of the IPv4 "
              "packet are present",
        "ja": "RFC 791 3.1: Total Length は {length} だが、IPv4 パケットは {present} "
              "オクテットしかない"},
    "capture.ipv4.udp_cut_short": {
        "en": "RFC 768: UDP header cut short ({present} of 8 octets)",
        "ja": "RFC 768: UDP ヘッダが途中で切れている（8 オクテットのうち {present} オクテット）"},
    "capture.ipv4.udp_length": {
        "en": "RFC 768: UDP Length {length} but {present} octets follow the IPv4 header",
        "ja": "RFC 768: UDP Length は {length} だが、IPv4 ヘッダの後は {present} オクテット"},
    "capture.ipv4.udp_checksum": {"en": "RFC 768: UDP checksum {checksum} is wrong",
                                  "ja": "RFC 768: UDP のチェックサム {checksum} が誤り"},
    # ------------------------------------------------------------------ linklayer.py
    "capture.link.unsupported": {
        "en": "link type {linktype} ({name}) is not supported: the frame is not decoded "
              "(mipviz reads Ethernet, raw IP 101/228/229, Linux cooked SLL/SLL2 and BSD "
              "loopback)",
        "ja": "リンク種別 {linktype}（{name}）には対応していない：フレームはデコードしない"
              "（mipviz が読めるのは Ethernet、raw IP 101/228/229、Linux cooked SLL/SLL2、"
              "BSD loopback）"},
    "capture.link.cut_short": {"en": "{header} header cut short ({present} of {need} octets)",
                               "ja": "{header} ヘッダが途中で切れている（{need} オクテットのうち "
                                     "{present} オクテット）"},
    "capture.link.vlan_cut_short": {"en": "802.1Q VLAN tag cut short",
                                    "ja": "802.1Q VLAN タグが途中で切れている"},
    "capture.link.no_ip": {"en": "no IP header (frame ends after the link header)",
                           "ja": "IP ヘッダがない（リンク層ヘッダの後でフレームが終わる）"},
    "capture.link.ip_version": {"en": "IP version {version} (neither 4 nor 6)",
                                "ja": "IP バージョン {version}（4 でも 6 でもない）"},
    "capture.link.ipv4_cut_short": {"en": "IPv4 header cut short",
                                    "ja": "IPv4 ヘッダが途中で切れている"},
    # ------------------------------------------------------------------ packet.py
    "capture.ip.version": {"en": "IP version {version} where an IPv6 header should be",
                           "ja": "IPv6 ヘッダがあるべきところに IP バージョン {version}"},
    "capture.ip.cut_short": {"en": "IPv6 header cut short ({present} of 40 octets)",
                             "ja": "IPv6 ヘッダが途中で切れている（40 オクテットのうち {present}"
                                   " オクテット）"},
    "capture.ip.payload_length": {
        "en": "RFC 8200 3: Payload Length {length} but only {present} octets follow the IPv6 "
              "header",
        "ja": "RFC 8200 3: Payload Length は {length} だが、IPv6 ヘッダの後には {present} "
              "オクテットしかない"},
    "capture.ip.extension_cut_short": {
        "en": "RFC 8200 4: {name} header cut short ({present} octets)",
        "ja": "RFC 8200 4: {name} ヘッダが途中で切れている（{present} オクテット）"},
    "capture.ip.extension_past_end": {
        "en": "RFC 8200 4: {name} header says {length} octets but only {present} remain",
        "ja": "RFC 8200 4: {name} ヘッダは {length} オクテットだが、残りは {present} オクテット"
              "しかない"},
    "capture.ip.hop_by_hop_not_first": {
        "en": "RFC 8200 4.1: Hop-by-Hop Options header not first",
        "ja": "RFC 8200 4.1: Hop-by-Hop Options ヘッダが先頭にない"},
    "capture.ip.tunnel_depth": {
        "en": "more than {depth} nested IPv6-in-IPv6 tunnels (RFC 2473 6.6: the encapsulation "
              "limit defaults to 4)",
        "ja": "IPv6-in-IPv6 トンネルの入れ子が {depth} を超える（RFC 2473 6.6: カプセル化の"
              "上限は既定で 4）"},
    "capture.ip.option_cut_short": {
        "en": "RFC 8200 4.2: option type {kind} cut short at the end of its header",
        "ja": "RFC 8200 4.2: option type {kind} がヘッダの終わりで切れている"},
    "capture.ip.option_past_end": {
        "en": "RFC 8200 4.2: option type {kind} of length {length} runs past the end of its "
              "header",
        "ja": "RFC 8200 4.2: 長さ {length} の option type {kind} がヘッダの終わりを越える"},
    "capture.ip.hao_in_hop_by_hop": {
        "en": "RFC 6275 6.3: Home Address option in a Hop-by-Hop Options header (it belongs in "
              "Destination Options)",
        "ja": "RFC 6275 6.3: Hop-by-Hop Options ヘッダに Home Address option がある"
              "（Destination Options に置くもの）"},
    "capture.ip.hao_length": {"en": "RFC 6275 6.3: Home Address option length {length}, must "
                                    "be 16",
                              "ja": "RFC 6275 6.3: Home Address option の長さが {length}、16 "
                                    "でなければならない"},
    "capture.ip.hao_alignment": {
        "en": "RFC 6275 6.3: Home Address option breaks its 8n+6 alignment",
        "ja": "RFC 6275 6.3: Home Address option が 8n+6 のアラインメントを守っていない"},
    "capture.ip.hao_not_unicast": {
        "en": "RFC 6275 9.3.1: the Home Address option's address is not a unicast routable "
              "address (the receiver drops the packet)",
        "ja": "RFC 6275 9.3.1: Home Address option のアドレスがルーティング可能なユニキャスト"
              "アドレスでない（受信側はパケットを捨てる）"},
    "capture.ip.draft_option": {
        "en": "pre-RFC 3775 {name} destination option (type {kind}, draft-ietf-mobileip-ipv6 "
              "before the Mobility Header; RFC 6275 6.1 uses the Mobility Header, protocol "
              "135)",
        "ja": "RFC 3775 以前の {name} destination option（type {kind}、Mobility Header 以前の "
              "draft-ietf-mobileip-ipv6。RFC 6275 6.1 は Mobility Header、プロトコル 135 を"
              "使う）"},
    "capture.ip.hao_twice": {
        "en": "RFC 6275 6.3: more than one Home Address option in the packet",
        "ja": "RFC 6275 6.3: パケットに Home Address option が 2 つ以上ある"},
    "capture.ip.rh2_length": {
        "en": "RFC 6275 6.4: Type 2 Routing Header of {length} octets (Hdr Ext Len must be 2)",
        "ja": "RFC 6275 6.4: {length} オクテットの Type 2 Routing Header（Hdr Ext Len は 2 で"
              "なければならない）"},
    "capture.ip.rh2_segments": {
        "en": "RFC 6275 6.4: Type 2 Routing Header with Segments Left {segments} (must be 1)",
        "ja": "RFC 6275 6.4: Segments Left が {segments} の Type 2 Routing Header（1 でなければ"
              "ならない）"},
    "capture.ip.type_0": {"en": "RFC 5095: Type 0 Routing Header is deprecated",
                          "ja": "RFC 5095: Type 0 Routing Header は廃止された"},
    # ------------------------------------------------------------------ state.py
    "capture.expired.cache": {"en": "binding cache entry for {home}",
                              "ja": "{home} のバインディングキャッシュのエントリ"},
    "capture.expired.list": {"en": "binding update list entry for {peer}",
                             "ja": "{peer} への Binding Update List のエントリ"},
    "capture.expired": {"en": "{what} expired (lifetime {lifetime} s ran out)",
                        "ja": "{what}が期限切れ（有効期間 {lifetime} 秒が過ぎた）"},
    # ------------------------------------------------------------------ content.py
    "capture.data.tunnel": {
        "en": "tunnels {inner_source} -> {inner_destination} to {outer_destination} "
              "(IPv6-in-IPv6)",
        "ja": "{inner_source} -> {inner_destination} を {outer_destination} へトンネルで送る"
              "（IPv6-in-IPv6）"},
    "capture.data.hao": {
        "en": "route-optimised: sent from care-of address {source} with Home Address option "
              "{home}",
        "ja": "経路最適化：気付けアドレス {source} から Home Address option {home} 付きで送信"},
    "capture.data.rh2": {
        "en": "route-optimised: sent to care-of address {destination} with a Type 2 Routing "
              "Header for {home}",
        "ja": "経路最適化：{home} の Type 2 Routing Header 付きで気付けアドレス {destination} "
              "へ送信"},
    # ------------------------------------------------------------------ replay.py
    "capture.hop.link": {
        "en": "the same packet as step {step} on {link}, one hop further (hop limit {before} "
              "-> {after})",
        "ja": "ステップ {step}（{link}）と同じパケット、1 ホップ先（ホップリミット {before} -> "
              "{after}）"},
    "capture.hop.further": {
        "en": "the same packet as step {step}, one hop further (hop limit {before} -> "
              "{after})",
        "ja": "ステップ {step} と同じパケット、1 ホップ先（ホップリミット {before} -> {after}）"},
    "capture.hop.copy": {"en": "a copy of step {step} (same link, same hop limit)",
                         "ja": "ステップ {step} の複製（同じリンク、同じホップリミット）"},
    "capture.snapshot_length": {
        "en": "the capture kept {kept} of {original} octets (its snapshot length); the rest "
              "cannot be decoded or checked",
        "ja": "キャプチャが保存したのは {original} オクテットのうち {kept} オクテット"
              "（スナップショット長）：残りはデコードも検査もできない"},
    # ------------------------------------------------------------------ checksums.py
    "capture.checksum.home_address": {
        "en": "RFC 6275 6.3: {name} checksum {found} was computed with the IPv6 source "
              "(care-of address); the pseudo-header must use the home address from the Home "
              "Address option (should be {expected})",
        "ja": "RFC 6275 6.3: {name} のチェックサム {found} は IPv6 の送信元（気付けアドレス）で"
              "計算されている：疑似ヘッダには Home Address option のホームアドレスを使わなければ"
              "ならない（正しくは {expected}）"},
    "capture.checksum.routing_header": {
        "en": "RFC 6275 6.4: {name} checksum {found} was computed with the IPv6 destination "
              "(care-of address); the pseudo-header must use the final destination, the home "
              "address in the routing header (should be {expected})",
        "ja": "RFC 6275 6.4: {name} のチェックサム {found} は IPv6 の宛先（気付けアドレス）で"
              "計算されている：疑似ヘッダには最終宛先、つまりルーティングヘッダのホームアドレスを"
              "使わなければならない（正しくは {expected}）"},
    "capture.checksum.next_header_2": {
        "en": "RFC 6275 Appendix B: Mobility Header checksum {found} was computed with Next "
              "Header 2 in the pseudo-header (RFC 3775's misprint); it must be 135 (should be "
              "{expected})",
        "ja": "RFC 6275 Appendix B: Mobility Header のチェックサム {found} は疑似ヘッダの Next "
              "Header を 2 として計算されている（RFC 3775 の誤植）：135 でなければならない"
              "（正しくは {expected}）"},
    "capture.checksum.wrong": {"en": "{name} checksum {found} is wrong (should be {expected})",
                               "ja": "{name} のチェックサム {found} が誤り（正しくは {expected}）"},
    # ------------------------------------------------------------------ the lesson loader
    # `file:line: key: message`: the prefix is data, the message is translated.
    "lesson.problem.keyed": {"en": "{key}: {message}", "ja": "{key}: {message}"},
    "lesson.problem.one_of": {"en": "(expected one of: {choices})",
                              "ja": "（次のいずれか: {choices}）"},
    "lesson.problem.did_you_mean": {"en": "; did you mean {word}?", "ja": "。{word} のことか？"},
    "lesson.problem.a_boolean": {"en": "a boolean ({value})", "ja": "真偽値（{value}）"},
    "lesson.problem.an_integer": {"en": "an integer ({value})", "ja": "整数（{value}）"},
    "lesson.problem.a_float": {"en": "a float ({value})", "ja": "浮動小数点数（{value}）"},
    "lesson.problem.a_string": {"en": "a string ({value})", "ja": "文字列（{value}）"},
    "lesson.problem.an_array": {"en": "an array", "ja": "配列"},
    "lesson.problem.a_table": {"en": "a table", "ja": "テーブル"},
    "lesson.problem.a_date_time": {"en": "a date-time", "ja": "日時"},
    "lesson.problem.what.boolean": {"en": "a boolean (true or false)",
                                    "ja": "真偽値（true か false）"},
    "lesson.problem.what.string": {"en": "a string", "ja": "文字列"},
    "lesson.problem.what.integer": {"en": "an integer", "ja": "整数"},
    "lesson.problem.what.number": {"en": "a number", "ja": "数"},
    "lesson.problem.what.text": {"en": "a string or a table of languages",
                                 "ja": "文字列か言語ごとのテーブル"},
    "lesson.problem.what.table": {"en": "a table", "ja": "テーブル"},
    "lesson.problem.what.tables": {"en": "an array of tables", "ja": "テーブルの配列"},
    "lesson.problem.unknown_key": {"en": "unknown key{hint}", "ja": "未知のキー{hint}"},
    "lesson.problem.missing": {"en": "missing key {key}", "ja": "キー {key} がない"},
    "lesson.problem.missing_why": {"en": "missing key {key} ({why})",
                                   "ja": "キー {key} がない（{why}）"},
    "lesson.problem.expected": {"en": "expected {what}, found {found}",
                                "ja": "{what}のはずが、{found}"},
    "lesson.problem.not_empty": {"en": "must not be empty", "ja": "空であってはならない"},
    "lesson.problem.at_least": {"en": "must be at least {minimum}, not {value}",
                                "ja": "{minimum} 以上でなければならない（{value} ではなく）"},
    "lesson.problem.at_most": {"en": "must be at most {maximum}, not {value}",
                               "ja": "{maximum} 以下でなければならない（{value} ではなく）"},
    "lesson.problem.finite": {"en": "must be a finite number, not {value}",
                              "ja": "有限の数でなければならない（{value} ではなく）"},
    "lesson.problem.greater": {"en": "must be greater than {above}, not {value}",
                               "ja": "{above} より大きくなければならない（{value} ではなく）"},
    "lesson.problem.unknown_choice": {"en": "unknown {what} {value} {choices}{hint}",
                                      "ja": "未知の {what} {value} {choices}{hint}"},
    "lesson.problem.unknown_language": {"en": "unknown language {choices}",
                                        "ja": "未知の言語 {choices}"},
    "lesson.problem.english_required": {
        "en": "English is required; it is the fallback for every language",
        "ja": "英語は必須：どの言語でも足りないときの代わりになる"},
    "lesson.problem.syntax": {"en": "TOML syntax error: {message}",
                              "ja": "TOML の構文エラー: {message}"},
    "lesson.problem.not_utf8": {"en": "not UTF-8 text (byte {byte}); save the file as UTF-8",
                                "ja": "UTF-8 のテキストでない（バイト {byte}）：UTF-8 で保存"
                                      "してください"},
    "lesson.problem.duplicate_id": {
        "en": "id: {id} is already the id of {other}; lesson ids must be unique",
        "ja": "id: {id} は既に {other} の id：レッスンの id は重複してはならない"},
    "lesson.problem.bad_id": {
        "en": "{id} must hold only a-z, 0-9 and '-' (like home-registration)",
        "ja": "{id} に使えるのは a-z、0-9、'-' だけ（home-registration のように）"},
    "lesson.problem.title_why": {"en": "the lesson's name, shown in the lesson list",
                                 "ja": "レッスンの名前。レッスン一覧に表示される"},
    "lesson.problem.put_format_version": {
        "en": "put format_version = {version} at the top of the file",
        "ja": "ファイルの先頭に format_version = {version} を書いてください"},
    "lesson.problem.expected_version": {"en": "expected the integer {version}, found {found}",
                                        "ja": "整数 {version} のはずが、{found}"},
    "lesson.problem.too_new": {
        "en": "this lesson is format_version {version}, but this mipviz reads format_version "
              "{reads}; upgrade mipviz to open it",
        "ja": "このレッスンは format_version {version} だが、この mipviz が読めるのは "
              "format_version {reads}：開くには mipviz を更新してください"},
    "lesson.problem.must_be": {"en": "must be {expected}, not {value}",
                               "ja": "{expected} でなければならない（{value} ではなく）"},
    "lesson.problem.topics_why": {
        "en": "the lecture topics this lesson teaches, e.g. topics = [\"S08\", \"S09\"]",
        "ja": "このレッスンが教える講義のトピック。例：topics = [\"S08\", \"S09\"]"},
    "lesson.problem.topics_array": {"en": "expected an array of topic IDs, found {found}",
                                    "ja": "トピック ID の配列のはずが、{found}"},
    "lesson.problem.at_least_one_topic": {"en": "must list at least one topic ({why})",
                                          "ja": "トピックを少なくとも 1 つ挙げること（{why}）"},
    "lesson.problem.topic_id": {"en": "expected a topic ID like \"S08\", found {found}",
                                "ja": "\"S08\" のようなトピック ID のはずが、{found}"},
    "lesson.problem.unknown_topic": {
        "en": "unknown topic {topic} (topics are S01 to S28, from the lecture outline){hint}",
        "ja": "未知のトピック {topic}（トピックは講義の構成にある S01 から S28）{hint}"},
    "lesson.problem.listed_twice": {"en": "{value} is listed twice", "ja": "{value} が 2 回ある"},
    "lesson.problem.name_rule": {
        "en": "{name} must start with a letter and hold only letters, digits, '-' and '_'",
        "ja": "{name} は英字で始まり、英字・数字・'-'・'_' だけでなければならない"},
    "lesson.problem.prefix_outside": {
        "en": "{network} is outside {allowed} (addressing = {addressing}){hint}",
        "ja": "{network} は {allowed} の外にある（addressing = {addressing}）{hint}"},
    "lesson.problem.sixbone_hint": {
        "en": "; 6bone prefixes (3ffe::/16) need addressing = \"lecture\"",
        "ja": "。6bone のプレフィックス（3ffe::/16）には addressing = \"lecture\" が必要"},
    "lesson.problem.no_prefix_length": {
        "en": "{text} has no prefix length; write it like 2001:db8:1::/64",
        "ja": "{text} にプレフィックス長がない：2001:db8:1::/64 のように書いてください"},
    "lesson.problem.not_a_prefix": {
        "en": "{text} is not an IPv6 prefix; write it like 2001:db8:1::/64",
        "ja": "{text} は IPv6 のプレフィックスでない：2001:db8:1::/64 のように書いてください"},
    "lesson.problem.loose_prefix": {
        "en": "{text} has bits set after the prefix length; the prefix is {loose}",
        "ja": "{text} はプレフィックス長より後ろのビットが立っている：プレフィックスは {loose}"},
    "lesson.problem.address_with_length": {
        "en": "{text} has a prefix length; an address takes its prefix from the link",
        "ja": "{text} にプレフィックス長がある：アドレスのプレフィックスはリンクから決まる"},
    "lesson.problem.not_an_address": {"en": "{text} is not an IPv6 address",
                                      "ja": "{text} は IPv6 アドレスでない"},
    "lesson.problem.not_a_mac": {
        "en": "{mac} is not a MAC address; write it like 02:00:00:00:00:01",
        "ja": "{mac} は MAC アドレスでない：02:00:00:00:00:01 のように書いてください"},
    "lesson.problem.multicast_mac": {
        "en": "{mac} is a multicast MAC address (its I/G bit is set)",
        "ja": "{mac} はマルチキャストの MAC アドレス（I/G ビットが立っている）"},
    "lesson.problem.listing.link": {"en": "(links: {names})", "ja": "（リンク: {names}）"},
    "lesson.problem.listing.node": {"en": "(nodes: {names})", "ja": "（ノード: {names}）"},
    "lesson.problem.none_listed.link": {"en": "(there are no links)", "ja": "（リンクがない）"},
    "lesson.problem.none_listed.node": {"en": "(there are no nodes)", "ja": "（ノードがない）"},
    "lesson.problem.no_such.link": {"en": "no link named {name} {listing}{hint}",
                                    "ja": "{name} という名前のリンクはない {listing}{hint}"},
    "lesson.problem.no_such.node": {"en": "no node named {name} {listing}{hint}",
                                    "ja": "{name} という名前のノードはない {listing}{hint}"},
    "lesson.problem.duplicate.link": {"en": "duplicate link name {name} (first on line {line})",
                                      "ja": "リンク名 {name} が重複している（最初は {line} 行目）"},
    "lesson.problem.duplicate.node": {"en": "duplicate node name {name} (first on line {line})",
                                      "ja": "ノード名 {name} が重複している（最初は {line} 行目）"},
    "lesson.problem.overlaps": {
        "en": "{network} overlaps link {link}'s prefix {earlier}; every link needs its own "
              "prefix",
        "ja": "{network} がリンク {link} のプレフィックス {earlier} と重なる：リンクごとに別の"
              "プレフィックスが必要"},
    "lesson.problem.or": {"en": "{left} or {right}", "ja": "{left} または {right}"},
    "lesson.problem.because": {"en": " ({why})", "ja": "（{why}）"},
    "lesson.problem.is_not": {"en": "{name} is {role}, not {wanted}{because}",
                              "ja": "{name} は {role} で、{wanted} ではない{because}"},
    "lesson.problem.a_role": {"en": "a {role}", "ja": "{role}"},
    "lesson.problem.an_role": {"en": "an {role}", "ja": "{role}"},
    "lesson.problem.already_on": {"en": "{name} already has an interface on link {link}",
                                  "ja": "{name} は既にリンク {link} にインタフェースを持つ"},
    "lesson.problem.needs_address": {
        "en": "{role} needs an address on each interface: routers do not autoconfigure "
              "(RFC 4862 §4)",
        "ja": "{role} はインタフェースごとにアドレスが必要：ルータはアドレスを自動設定しない"
              "（RFC 4862 §4）"},
    "lesson.problem.one_interface": {
        "en": "{role} has exactly one interface (the one a move action re-attaches)",
        "ja": "{role} のインタフェースはちょうど 1 つ（move アクションがつなぎ替えるもの）"},
    "lesson.problem.taken": {"en": "{kind} {value} is already {owner}'s (line {line})",
                             "ja": "{kind} {value} は既に {owner} のもの（{line} 行目）"},
    "lesson.problem.kind.address": {"en": "address", "ja": "アドレス"},
    "lesson.problem.kind.mac": {"en": "MAC address", "ja": "MAC アドレス"},
    "lesson.problem.not_inside": {"en": "{address} is not inside link {link}'s prefix {prefix}",
                                  "ja": "{address} はリンク {link} のプレフィックス {prefix} の"
                                        "中にない"},
    "lesson.problem.anycast": {
        "en": "{address} is the Subnet-Router anycast address of {prefix} (RFC 4291 §2.6.1); "
              "give the interface a non-zero interface identifier",
        "ja": "{address} は {prefix} の Subnet-Router エニーキャストアドレス（RFC 4291 "
              "§2.6.1）：0 でないインタフェース識別子を与えてください"},
    "lesson.problem.agent_off_home": {
        "en": "home agent {agent} has no interface on home link {link}",
        "ja": "ホームエージェント {agent} はホームリンク {link} にインタフェースを持たない"},
    "lesson.problem.differs": {
        "en": "{home} differs from {address}, the address {name} has on its home link; at "
              "home the two are the same",
        "ja": "{home} が、{name} がホームリンクで持つアドレス {address} と違う：ホームでは"
              "両者は同じ"},
    "lesson.problem.slash_64": {
        "en": "{prefix} must be a /64 because {reason} ({where}): SLAAC needs a 64-bit "
              "interface identifier (RFC 4862, RFC 4291)",
        "ja": "{reason}（{where}）ので、{prefix} は /64 でなければならない：SLAAC には 64 "
              "ビットのインタフェース識別子が必要（RFC 4862、RFC 4291）"},
    "lesson.problem.no_advertiser": {
        "en": "no router or home agent advertises on link {link}, but {reason} ({where}); add "
              "one with advertise = true",
        "ja": "リンク {link} にはルータ広告（RA）を送るルータもホームエージェントもないが、"
              "{reason}（{where}）：advertise = true のものを加えてください"},
    "lesson.problem.registers_with": {"en": "a mobile node registers with a home agent",
                                      "ja": "モバイルノードはホームエージェントに位置登録する"},
    "lesson.problem.nonce_interval": {
        "en": "{interval} s is longer than max_nonce_lifetime ({maximum} s)",
        "ja": "{interval} 秒は max_nonce_lifetime（{maximum} 秒）より長い"},
    "lesson.problem.multiple_of_4": {
        "en": "{lifetime} is not a multiple of 4: a Binding Update carries its lifetime in "
              "4-second units (RFC 6275 §6.1.7)",
        "ja": "{lifetime} は 4 の倍数でない：Binding Update は有効期間を 4 秒単位で運ぶ"
              "（RFC 6275 §6.1.7）"},
    "lesson.problem.not_slash_64": {
        "en": "{prefix} is not a /64 (addresses are formed with a 64-bit interface identifier, "
              "RFC 4862)",
        "ja": "{prefix} は /64 でない（アドレスは 64 ビットのインタフェース識別子で作られる、"
              "RFC 4862）"},
    "lesson.problem.overlaps_link": {"en": "{prefix} overlaps link {link}'s prefix",
                                     "ja": "{prefix} がリンク {link} のプレフィックスと重なる"},
    "lesson.problem.dhaad_slash_64": {
        "en": "{name} has no home_agent, so it discovers one by DHAAD, which needs a /64 home "
              "prefix (not {prefix})",
        "ja": "{name} には home_agent がないので DHAAD で探すが、それには /64 のホーム"
              "プレフィックスが必要（{prefix} ではなく）"},
    "lesson.problem.dhaad_no_agent": {
        "en": "{name} has no home_agent, so it discovers one by DHAAD, but no home agent has "
              "an interface on home link {link}",
        "ja": "{name} には home_agent がないので DHAAD で探すが、ホームリンク {link} に"
              "インタフェースを持つホームエージェントがない"},
    "lesson.problem.autoconfigures": {"en": "{name} autoconfigures an address there",
                                      "ja": "{name} がそこでアドレスを自動設定する"},
    "lesson.problem.forms_home": {"en": "{name} forms its home address there",
                                  "ja": "{name} がそこでホームアドレスを作る"},
    "lesson.problem.moves_there": {"en": "{where} moves {name} there",
                                   "ja": "{where} が {name} をそこへ移動する"},
    "lesson.problem.not_used_by_action": {
        "en": "not used by action {action} (it is for: {users})",
        "ja": "アクション {action} では使わない（使うのは: {users}）"},
    "lesson.problem.not_used_by_role": {
        "en": "not used by role {role} (it is for: {users})",
        "ja": "役割 {role} では使わない（使うのは: {users}）"},
    "lesson.problem.flow_running": {
        "en": "flow {flow} is already running (started by {at}); stop it first or choose "
              "another name",
        "ja": "フロー {flow} は既に動いている（{at} で開始）：先に止めるか、別の名前に"
              "してください"},
    "lesson.problem.source_too": {"en": "is the source too; a flow goes from one node to another",
                                  "ja": "送信元と同じ：フローはあるノードから別のノードへ流れる"},
    "lesson.problem.no_flow_running": {
        "en": "no flow named {flow} is running here (running: {running}){hint}",
        "ja": "ここでは {flow} という名前のフローは動いていない（動いているのは: {running}）"
              "{hint}"},
    "lesson.problem.no_flow_started": {
        "en": "no flow named {flow} is running here; an earlier \"start-flow\" starts it",
        "ja": "ここでは {flow} という名前のフローは動いていない：それより前の "
              "\"start-flow\" で開始します"},
    "lesson.problem.already_failed": {"en": "{name} has already failed ({at})",
                                      "ja": "{name} は既に故障している（{at}）"},
    "lesson.problem.not_failed": {
        "en": "{name} has not failed here; \"restore\" undoes an earlier \"fail\" of it",
        "ja": "ここでは {name} は故障していない：\"restore\" はそれより前の \"fail\" を"
              "元に戻す"},
    "lesson.problem.on_line": {"en": "{where} on line {line}", "ja": "{line} 行目の {where}"},
    "lesson.problem.not_with_interfaces": {
        "en": "cannot be used together with \"interfaces\"; list every interface there",
        "ja": "\"interfaces\" と一緒には使えない：インタフェースはすべてそこに挙げてください"},
    "lesson.problem.two_numbers": {"en": "expected two numbers [x, y], found {found}",
                                   "ja": "2 つの数 [x, y] のはずが、{found}"},
    # why a key is needed (the loader's "missing key" problems)
    "lesson.why.goal": {
        "en": 'the goal, stated up front',
        "ja": '最初に示す目標'},
    "lesson.why.hint": {
        "en": 'shown after a wrong attempt',
        "ja": '間違えた後に表示する'},
    "lesson.why.check": {
        "en": 'the engine events that show the goal is met',
        "ja": '目標の達成を示すエンジンのイベント'},
    "lesson.why.solution": {
        "en": 'the minimal solution, shown on request',
        "ja": '最小の解。求めに応じて表示する'},
    "lesson.why.on": {
        "en": 'what to look for, e.g. on = {{ event = "attack-succeeded" }}',
        "ja": '何を探すか。例：on = {{ event = "attack-succeeded" }}'},
    "lesson.why.place": {
        "en": 'how the attacker listens',
        "ja": '攻撃者がどう盗聴するか'},
    "lesson.why.wait": {
        "en": 'how long to let time pass',
        "ja": 'どれだけ時間を進めるか'},
    "lesson.why.explain_say": {
        "en": 'the explanation the learner reads',
        "ja": '学習者が読む解説'},
    "lesson.why.explain_on": {
        "en": 'e.g. on = {{ message = "Home Test", to = "MN" }}',
        "ja": '例：on = {{ message = "Home Test", to = "MN" }}'},
    "lesson.why.prefix": {
        "en": 'e.g. prefix = "2001:db8:1::/64"',
        "ja": '例：prefix = "2001:db8:1::/64"'},
    "lesson.why.link_or_interfaces": {
        "en": 'or "interfaces": every node is on at least one link',
        "ja": 'または "interfaces"：どのノードも少なくとも 1 つのリンクにつながる'},
    "lesson.why.interface_link": {
        "en": 'the link this interface is on',
        "ja": 'このインタフェースがつながるリンク'},
    "lesson.why.quiz_kind": {
        "en": 'choice, text or predict',
        "ja": 'choice、text、predict のいずれか'},
    "lesson.why.question": {
        "en": 'what the learner is asked',
        "ja": '学習者への問い'},
    "lesson.why.choices": {
        "en": 'a choice quiz lists at least two choices',
        "ja": 'choice のクイズは選択肢を少なくとも 2 つ挙げる'},
    "lesson.why.correct": {
        "en": 'the number of the right choice, from 1',
        "ja": '正しい選択肢の番号（1 から）'},
    "lesson.why.answer": {
        "en": 'the accepted answer, or an array of them',
        "ja": '受け付ける答え、またはその配列'},
    "lesson.why.predict_node": {
        "en": 'whose next frame the learner predicts',
        "ja": '学習者が次のフレームを予想するノード'},
    "lesson.why.predict_field": {
        "en": 'what of that frame the learner predicts',
        "ja": 'そのフレームの何を予想するか'},
    "lesson.why.say": {
        "en": 'a "say" action shows this text',
        "ja": '"say" アクションはこのテキストを表示する'},
    "lesson.why.until": {
        "en": 'e.g. until = {{ event = "binding-created" }}',
        "ja": '例：until = {{ event = "binding-created" }}'},
    "lesson.why.until_event": {
        "en": 'the event to wait for',
        "ja": '待つイベント'},
    "lesson.why.attack_role": {
        "en": "an attack action starts an attacker's attack",
        "ja": 'attack アクションは攻撃者の攻撃を始める'},
    "lesson.why.move_role": {
        "en": 'only those move',
        "ja": '移動できるのはそれらだけ'},
    "lesson.why.topology": {
        "en": 'the links and nodes of the lesson',
        "ja": 'レッスンのリンクとノード'},
    "lesson.why.mobile_node": {
        "en": 'a mobile node needs its home link',
        "ja": 'モバイルノードにはホームリンクが必要'},
    "lesson.why.mobile_router": {
        "en": 'a mobile router needs its home link',
        "ja": 'モバイルルータにはホームリンクが必要'},
    "lesson.why.attacker": {
        "en": 'an attacker needs a mode, a victim and a target',
        "ja": '攻撃者には mode、victim、target が必要'},
    # HMIPv6 and PMIPv6 nodes (lesson/_hmip_pmip.py)
    "lesson.problem.mag_lma": {"en": "a MAG registers its mobile nodes with an LMA",
                               "ja": "MAG はモバイルノードを LMA に登録する"},
    "lesson.problem.host_needs": {
        "en": "a mobile host needs its LMA and the home network prefix the LMA gives it",
        "ja": "モバイルホストには LMA と、LMA が与えるホームネットワークプレフィックスが必要"},
    "lesson.problem.prefix_list": {
        "en": "expected a list of prefixes like [\"2001:db8:21::/64\"]",
        "ja": "[\"2001:db8:21::/64\"] のようなプレフィックスのリストのはず"},
    "lesson.problem.relays_map": {"en": "an access router relays a MAP's option (RFC 5380 §5)",
                                  "ja": "アクセスルータは MAP の option を中継する（RFC 5380 §5）"},
    "lesson.problem.mag_sends": {"en": "a MAG sends Proxy Binding Updates to an LMA",
                                 "ja": "MAG は Proxy Binding Update を LMA に送る"},
    "lesson.problem.mag_interfaces": {
        "en": "a mag needs two interfaces: the access link first, then the one towards the LMA "
              "(its Proxy-CoA, RFC 5213 §2.2)",
        "ja": "mag にはインタフェースが 2 つ必要：最初にアクセスリンク、次に LMA 側のもの"
              "（Proxy-CoA、RFC 5213 §2.2）"},
    "lesson.problem.map_interfaces": {
        "en": "a map needs two interfaces: its own subnet first (the regional care-of "
              "addresses' prefix, RFC 5380 §6), then its uplink",
        "ja": "map にはインタフェースが 2 つ必要：最初に自分のサブネット（地域気付けアドレスの"
              "プレフィックス、RFC 5380 §6）、次に上流のリンク"},
    "lesson.problem.host_one_interface": {
        "en": "a mobile-host has exactly one interface (the one a move action re-attaches)",
        "ja": "mobile-host のインタフェースはちょうど 1 つ（move アクションがつなぎ替えるもの）"},
    "lesson.problem.host_address": {
        "en": "a mobile host's address comes from its home network prefix, advertised by the "
              "MAG (RFC 5213 §6.7); leave it out",
        "ja": "モバイルホストのアドレスは MAG が広告するホームネットワークプレフィックスから"
              "決まる（RFC 5213 §6.7）：書かないでください"},
    "lesson.problem.lma_anchors": {"en": "the LMA anchors the mobile host's home network prefix",
                                   "ja": "LMA がモバイルホストのホームネットワークプレフィックス"
                                         "を保持する"},
    "lesson.problem.identifier_long": {
        "en": "is {octets} octets; a Mobile Node Identifier holds at most {most} (RFC 4283 §3)",
        "ja": "{octets} オクテットある：Mobile Node Identifier は最大 {most} オクテット"
              "（RFC 4283 §3）"},
    "lesson.problem.not_strict_prefix": {
        "en": "{text} is not an IPv6 prefix with no bits set after its length; write it like "
              "2001:db8:10::/64",
        "ja": "{text} は長さより後ろのビットが 0 の IPv6 プレフィックスでない："
              "2001:db8:10::/64 のように書いてください"},
    "lesson.problem.host_slash_64": {
        "en": "{prefix} must be a /64: the mobile host forms its address by SLAAC (RFC 4862, "
              "RFC 5213 §6.7)",
        "ja": "{prefix} は /64 でなければならない：モバイルホストは SLAAC でアドレスを作る"
              "（RFC 4862、RFC 5213 §6.7）"},
    "lesson.problem.not_prefix": {"en": "{text} is not an IPv6 prefix",
                                  "ja": "{text} は IPv6 のプレフィックスでない"},
    "lesson.problem.hnp_overlaps": {
        "en": "{prefix} overlaps link {link}'s prefix {network}; a home network prefix is the "
              "mobile host's alone (RFC 5213 §2.2)",
        "ja": "{prefix} がリンク {link} のプレフィックス {network} と重なる：ホームネットワーク"
              "プレフィックスはそのモバイルホストだけのもの（RFC 5213 §2.2）"},
    "lesson.problem.not_access_link": {
        "en": "{link} is not the access link (first interface) of a mag of LMA {lma}: nothing "
              "there would register {name}",
        "ja": "{link} は LMA {lma} の mag のアクセスリンク（最初のインタフェース）でない："
              "そこでは {name} を登録するものがない"},
    # challenges and [[explain]] (lesson/_challenge.py, lesson/_explain.py)
    "lesson.problem.challenge.one_check": {"en": "must list at least one check",
                                           "ja": "check を少なくとも 1 つ挙げること"},
    "lesson.problem.challenge.nth": {"en": "not used by a check (use at_least)",
                                     "ja": "check では使わない（at_least を使う）"},
    "lesson.problem.challenge.status_only": {
        "en": "only with on.message \"Binding Acknowledgement\" or \"Binding Error\" (the "
              "messages that carry a Status)",
        "ja": "on.message が \"Binding Acknowledgement\" か \"Binding Error\" のときだけ"
              "（Status を運ぶメッセージ）"},
    "lesson.problem.challenge.absent": {
        "en": "absent = true means no matching step; drop at_least",
        "ja": "absent = true は該当するステップがないという意味：at_least を外してください"},
    "lesson.problem.challenge.act_kinds": {
        "en": "expected a non-empty array of action kinds ({why})",
        "ja": "アクションの種類の空でない配列のはず（{why}）"},
    "lesson.problem.challenge.unknown_act": {
        "en": "unknown action kind {kind} (expected one of: {choices})",
        "ja": "未知のアクションの種類 {kind}（次のいずれか: {choices}）"},
    "lesson.problem.challenge.not_used_by_act": {"en": "not used by act {kind}",
                                                 "ja": "act {kind} では使わない"},
    "lesson.problem.challenge.not_allowed": {
        "en": "{kind} is not in challenge.allow, so the learner could not do it",
        "ja": "{kind} は challenge.allow にないので、学習者にはできない"},
    "lesson.problem.explain.one_of": {
        "en": "needs exactly one of \"message\" (a packet) or \"event\" (an engine event)",
        "ja": "\"message\"（パケット）か \"event\"（エンジンのイベント）のちょうど一方が必要"},
    "lesson.problem.explain.only_message": {
        "en": "only with \"message\" (an event has a node, not a sender or link)",
        "ja": "\"message\" と一緒のときだけ（イベントにはノードがあり、送信元やリンクはない）"},
    "lesson.problem.fast_only": {"en": "only a mobile node with FMIPv6 hands over fast",
                                 "ja": "高速ハンドオーバするのは FMIPv6 を使うモバイルノードだけ"},
    "lesson.problem.no_fmipv6": {
        "en": "{name} has no FMIPv6: give it fast_handover = \"predictive\" or \"reactive\"",
        "ja": "{name} は FMIPv6 を使わない：fast_handover = \"predictive\" か \"reactive\" を"
              "与えてください"},
    "lesson.problem.no_access_router": {
        "en": "no access-router is on {link}: an L2 trigger names the access point of an "
              "FMIPv6 access router's link",
        "ja": "{link} には access-router がない：L2 トリガが指すのは FMIPv6 のアクセスルータの"
              "リンクのアクセスポイント"},
    "lesson.problem.two_egress": {
        "en": "2 needs three interfaces: Wi-Fi (roaming), cellular, and at least one ingress "
              "link",
        "ja": "2 にはインタフェースが 3 つ必要：Wi-Fi（ローミング）、携帯網、少なくとも 1 つの"
              "入口側のリンク"},
    "lesson.check.no_files": {"en": "no lesson files (*.toml) in this directory",
                              "ja": "このディレクトリにレッスンファイル（*.toml）がない"},
    "lesson.check.ok": {"en": "checked {count}: no problems", "ja": "{count}を検査：問題なし"},
    "lesson.check.failed": {"en": "checked {count}: {problems} in {files}",
                            "ja": "{count}を検査：{files}に {problems}"},
    "lesson.check.files.one": {"en": "{n} lesson file", "ja": "{n} 個のレッスンファイル"},
    "lesson.check.files.many": {"en": "{n} lesson files", "ja": "{n} 個のレッスンファイル"},
    "lesson.check.problems.one": {"en": "{n} problem", "ja": "{n} 件の問題"},
    "lesson.check.problems.many": {"en": "{n} problems", "ja": "{n} 件の問題"},
    "lesson.check.in_files.one": {"en": "{n} file", "ja": "{n} 個のファイル"},
    "lesson.check.in_files.many": {"en": "{n} files", "ja": "{n} 個のファイル"},
    # ------------------------------------------------------------------ inspector glosses
    # Shown only on a Japanese screen, beside Wireshark's name (mipviz.ui.gloss).
    "gloss.bu.home": {"en": "home registration (BU)", "ja": "位置登録（BU）"},
    "gloss.bu": {"en": "Binding Update (route optimisation)",
                 "ja": "経路最適化のバインディング更新（BU）"},
    "gloss.ba": {"en": "Binding Acknowledgement (BA)", "ja": "登録確認（BA）"},
    "gloss.brr": {"en": "Binding Refresh Request (BRR)", "ja": "登録更新要求（BRR）"},
    "gloss.hoti": {"en": "Return Routability: HoTI", "ja": "リターンルータビリティ（RR）：HoTI"},
    "gloss.coti": {"en": "Return Routability: CoTI", "ja": "リターンルータビリティ（RR）：CoTI"},
    "gloss.hot": {"en": "Return Routability: HoT", "ja": "リターンルータビリティ（RR）：HoT"},
    "gloss.cot": {"en": "Return Routability: CoT", "ja": "リターンルータビリティ（RR）：CoT"},
    "gloss.hao": {"en": "the home address", "ja": "ホームアドレス"},
    "gloss.rh2": {"en": "route optimisation: the home address",
                  "ja": "経路最適化：ホームアドレス"},
    "gloss.tunnel": {"en": "tunnel: encapsulation (IPv6-in-IPv6)",
                     "ja": "トンネル：カプセル化（IPv6-in-IPv6）"},
    "gloss.rs": {"en": "movement detection (RS)", "ja": "移動検出（RS）"},
    "gloss.ra": {"en": "Router Advertisement (RA)", "ja": "ルータ広告（RA）"},
    "gloss.ns": {"en": "Neighbor Discovery (NS)", "ja": "近隣探索（NS）"},
    "gloss.na": {"en": "Neighbor Discovery (NA)", "ja": "近隣探索（NA）"},
    # ------------------------------------------------------------------ the Bindings pane
    "state.via.ingress": {"en": "ingress (mobile network)",
                          "ja": "入口側のリンク（モバイルネットワーク）"},
    # ------------------------------------------------------------------ `mipviz dump` text
    "dump.header": {"en": "# {files}: {packets} {unit}", "ja": "# {files}: {packets} {unit}"},
    "dump.packet": {"en": "packet", "ja": "パケット"},
    "dump.packets": {"en": "packets", "ja": "パケット"},
    "dump.node": {"en": "# {name}: {role}{identifier} {addresses}{prefixes}",
                  "ja": "# {name}: {role}{identifier} {addresses}{prefixes}"},
    "dump.link": {"en": "# link {link}: {interface}", "ja": "# リンク {link}: {interface}"},
    "dump.node.prefixes": {"en": "; prefixes {prefixes}", "ja": "；プレフィックス {prefixes}"},
    "dump.bad_checksum": {"en": " [bad checksum]", "ja": " [チェックサム誤り]"},
    "capture.role.home-agent": {"en": "home-agent", "ja": "ホームエージェント"},
    "capture.role.mobile-node": {"en": "mobile-node", "ja": "モバイルノード"},
    "capture.role.mobile-router": {"en": "mobile-router", "ja": "モバイルルータ"},
    "capture.role.correspondent": {"en": "correspondent", "ja": "コレスポンデントノード"},
    "capture.role.local-mobility-anchor": {"en": "local-mobility-anchor",
                                           "ja": "ローカルモビリティアンカー（LMA）"},
    "capture.role.mobile-access-gateway": {"en": "mobile-access-gateway",
                                           "ja": "モバイルアクセスゲートウェイ（MAG）"},
    "capture.role.mobility-anchor-point": {"en": "mobility-anchor-point",
                                           "ja": "モビリティアンカーポイント（MAP）"},
    "capture.role.previous-access-router": {"en": "previous-access-router",
                                            "ja": "移動前のアクセスルータ（PAR）"},
    "capture.role.new-access-router": {"en": "new-access-router",
                                       "ja": "移動先のアクセスルータ（NAR）"},
    "capture.role.local-fixed-node": {"en": "local-fixed-node", "ja": "固定ノード（LFN）"},
}
