"""FMIPv6 (RFC 5568): the engine's notes of the PAR, the NAR and the mobile node, the layer-2
handover, the handover comparison and the new handover phases. Japanese in GLOSSARY.md's words:
モバイルノード（MN）, 気付けアドレス, ハンドオーバ, カプセル化 / カプセルを解く, 位置登録;
PAR = 前のアクセスルータ, NAR = 新しいアクセスルータ, PCoA / NCoA = 前の / 新しい気付けアドレス."""

MESSAGES: dict[str, dict[str, str]] = {
    # -- layer 2
    "fmipv6.layer2.link_down": {
        "en": "the link is down: left {old}; the layer-2 handover has begun",
        "ja": "リンク切断：{old} を離れた。レイヤ 2 のハンドオーバが始まる"},
    # -- state tables
    "fmipv6.not_accepted": {
        "en": "FMIPv6: {event} not accepted in state {state}; ignored",
        "ja": "FMIPv6：状態 {state} では {event} を受け付けない。無視する"},
    "fmipv6.buffer_full": {
        "en": "FMIPv6 buffer full: packet for {destination} dropped",
        "ja": "FMIPv6 のバッファが満杯：{destination} 宛てのパケットを破棄"},
    # -- mobile node
    "fmipv6.mn.trigger": {
        "en": "L2 trigger: access point {mac} of {name} in range; asking the access router "
              "(RtSolPr)",
        "ja": "L2 トリガ：{name} のアクセスポイント {mac} を検出。アクセスルータに問い合わせる"
              "（RtSolPr）"},
    "fmipv6.mn.trigger_ignored": {
        "en": "L2 trigger for {name} ignored: no care-of address or router on this link yet",
        "ja": "{name} の L2 トリガは無視：このリンクではまだ気付けアドレスかルータがない"},
    "fmipv6.mn.no_fast_handover": {
        "en": "L2 trigger for {name}: this mobile node has no FMIPv6; it will hand over with "
              "plain Mobile IPv6",
        "ja": "{name} の L2 トリガ：このモバイルノードは FMIPv6 を持たない。通常の Mobile IPv6 で"
              "ハンドオーバする"},
    "fmipv6.mn.prrtadv_unexpected": {
        "en": "Proxy Router Advertisement id {identifier} answers no RtSolPr of ours; ignored",
        "ja": "Proxy Router Advertisement（id {identifier}）はこちらの RtSolPr への応答ではない。"
              "無視する"},
    "fmipv6.mn.no_router_information": {
        "en": "Proxy Router Advertisement code {code}: no new router to prepare for",
        "ja": "Proxy Router Advertisement（code {code}）：準備できる新しいルータがない"},
    "fmipv6.mn.ncoa": {
        "en": "new care-of address (NCoA) formed before moving: {prefix} (NAR {nar}) + EUI-64 "
              "of MAC {mac} = {ncoa}",
        "ja": "移動前に新しい気付けアドレス（NCoA）を生成：{prefix}（NAR {nar}）+ MAC {mac} の "
              "EUI-64 = {ncoa}"},
    "fmipv6.mn.ncoa_supplied": {
        "en": "the NAR supplied another NCoA: {ncoa} (the first was in use on its link)",
        "ja": "NAR が別の NCoA を割り当てた：{ncoa}（最初のものは NAR のリンクで使用中）"},
    "fmipv6.mn.no_par": {
        "en": "no FBU: the previous access router's address is not known",
        "ja": "FBU を送れない：前のアクセスルータ（PAR）のアドレスが分からない"},
    "fmipv6.mn.fbu_old_link": {
        "en": "Fast Binding Update seq {sequence} from the old link: PCoA {pcoa} -> NCoA "
              "{ncoa}, to the PAR {par}",
        "ja": "旧リンクから Fast Binding Update（seq {sequence}）：PCoA {pcoa} -> NCoA {ncoa} を "
              "PAR {par} へ"},
    "fmipv6.mn.fbu_new_link": {
        "en": "Fast Binding Update seq {sequence} from the new link (reactive): PCoA {pcoa} "
              "-> NCoA {ncoa}, to the PAR {par}",
        "ja": "新リンクから Fast Binding Update（seq {sequence}、リアクティブ）：PCoA {pcoa} -> "
              "NCoA {ncoa} を PAR {par} へ"},
    "fmipv6.mn.fback": {
        "en": "Fast Binding Acknowledgment status {status} on {link}: the PAR tunnels to the "
              "NCoA",
        "ja": "{link} で Fast Binding Acknowledgment（status {status}）：PAR は NCoA へトンネル"
              "する"},
    "fmipv6.mn.fback_rejected": {
        "en": "Fast Binding Acknowledgment status {status}: fast handover refused; the next "
              "move uses plain Mobile IPv6",
        "ja": "Fast Binding Acknowledgment（status {status}）：高速ハンドオーバは拒否された。"
              "次の移動は通常の Mobile IPv6"},
    "fmipv6.mn.fback_unmatched": {
        "en": "Fast Binding Acknowledgment seq {sequence} matches no FBU of ours; ignored",
        "ja": "Fast Binding Acknowledgment（seq {sequence}）はこちらの FBU に対応しない。無視する"},
    "fmipv6.mn.attached": {
        "en": "on {name} with NCoA {ncoa} ready: Unsolicited Neighbor Advertisement, no RS/RA "
              "and no DAD",
        "ja": "{name} に接続、NCoA {ncoa} は準備済み：Unsolicited Neighbor Advertisement を送る。"
              "RS/RA も重複アドレス検出もない"},
    "fmipv6.mn.ncoa_in_use": {
        "en": "care-of address {address} in use at once: the NAR checked it for the HI "
              "(RFC 5568 6.2.2), so no duplicate address detection",
        "ja": "気付けアドレス {address} をすぐに使う：NAR が HI の処理で確認済み（RFC 5568 "
              "6.2.2）なので重複アドレス検出は不要"},
    "fmipv6.mn.reverse": {
        "en": "no home binding for the NCoA yet: sent through the PAR as from the PCoA "
              "({ncoa} -> {par}, inside {pcoa} -> home agent)",
        "ja": "まだ NCoA の位置登録がない：PCoA からのパケットとして PAR 経由で送る"
              "（{ncoa} -> {par}、その中に {pcoa} -> ホームエージェント）"},
    "fmipv6.mn.from_par": {
        "en": "decapsulated packet from the PAR's tunnel (sent to the PCoA {pcoa})",
        "ja": "PAR のトンネルからのパケットのカプセルを解く（PCoA {pcoa} 宛て）"},
    # -- previous access router
    "fmipv6.par.unknown_access_point": {
        "en": "RtSolPr for access point {access_point}: no access router known for it",
        "ja": "アクセスポイント {access_point} の RtSolPr：対応するアクセスルータを知らない"},
    "fmipv6.par.prrtadv": {
        "en": "PrRtAdv: the new access router is {nar} ({address}), prefix {prefix}",
        "ja": "PrRtAdv：新しいアクセスルータは {nar}（{address}）、プレフィックス {prefix}"},
    "fmipv6.par.fbu_not_authorised": {
        "en": "Fast Binding Update for {pcoa} fails its BADF check (RFC 5568 6.4); dropped",
        "ja": "{pcoa} の Fast Binding Update は BADF の検証に失敗（RFC 5568 6.4）。破棄"},
    "fmipv6.par.fbu_without_ncoa": {
        "en": "Fast Binding Update for {pcoa} names no new care-of address; dropped",
        "ja": "{pcoa} の Fast Binding Update に新しい気付けアドレスがない。破棄"},
    "fmipv6.par.fbu": {
        "en": "Fast Binding Update seq {sequence} from the old link: bind PCoA {pcoa} to NCoA "
              "{ncoa}",
        "ja": "旧リンクからの Fast Binding Update（seq {sequence}）：PCoA {pcoa} を NCoA {ncoa} "
              "に結び付ける"},
    "fmipv6.par.fbu_reactive": {
        "en": "Fast Binding Update seq {sequence} from the new link (reactive): bind PCoA "
              "{pcoa} to NCoA {ncoa}",
        "ja": "新リンクからの Fast Binding Update（seq {sequence}、リアクティブ）：PCoA {pcoa} "
              "を NCoA {ncoa} に結び付ける"},
    "fmipv6.par.hi": {
        "en": "Handover Initiate seq {sequence} code {code} to the NAR {nar} (U: buffer for "
              "the mobile node)",
        "ja": "NAR {nar} へ Handover Initiate（seq {sequence}、code {code}、U：モバイルノードの"
              "ためにバッファする）"},
    "fmipv6.par.hack_unmatched": {
        "en": "Handover Acknowledge seq {sequence} matches no Handover Initiate; ignored",
        "ja": "Handover Acknowledge（seq {sequence}）に対応する Handover Initiate がない。"
              "無視する"},
    "fmipv6.par.hack_accepted": {
        "en": "Handover Acknowledge code {code}: the NAR accepts; tunnel PCoA {pcoa} -> NCoA "
              "{ncoa}",
        "ja": "Handover Acknowledge（code {code}）：NAR が受け入れた。PCoA {pcoa} -> NCoA {ncoa} "
              "のトンネル"},
    "fmipv6.par.hack_rejected": {
        "en": "Handover Acknowledge code {code}: the NAR refuses the handover",
        "ja": "Handover Acknowledge（code {code}）：NAR はハンドオーバを拒否"},
    "fmipv6.par.fback": {
        "en": "Fast Binding Acknowledgment status {status} seq {sequence}",
        "ja": "Fast Binding Acknowledgment を送る（status {status}、seq {sequence}）"},
    "fmipv6.par.expired": {
        "en": "fast binding for PCoA {pcoa} expired: the tunnel to the NCoA is gone",
        "ja": "PCoA {pcoa} の高速バインディングが期限切れ：NCoA へのトンネルはなくなった"},
    "fmipv6.par.link_down": {
        "en": "the mobile node of PCoA {pcoa} left this link after its RtSolPr: keeping its "
              "packets for the FBU to come",
        "ja": "PCoA {pcoa} のモバイルノードは RtSolPr の後でリンクを離れた：来る FBU のために"
              "パケットを保持する"},
    "fmipv6.par.held": {
        "en": "kept at the PAR for {destination} ({count} held): the mobile node has gone",
        "ja": "{destination} 宛てを PAR で保持（{count} 個）：モバイルノードはもういない"},
    "fmipv6.par.recovered": {
        "en": "{count} kept packet(s) sent on to the NCoA {ncoa}",
        "ja": "保持していた {count} 個のパケットを NCoA {ncoa} へ送る"},
    "fmipv6.par.tunnel": {
        "en": "PAR tunnel: packet for PCoA {pcoa} encapsulated to NCoA {ncoa}",
        "ja": "PAR のトンネル：PCoA {pcoa} 宛てのパケットを NCoA {ncoa} 宛てにカプセル化"},
    "fmipv6.par.reverse": {
        "en": "decapsulated the mobile node's packet from NCoA {ncoa}: on to {destination}",
        "ja": "NCoA {ncoa} からのモバイルノードのパケットのカプセルを解き、{destination} へ"},
    # -- new access router
    "fmipv6.nar.refused": {
        "en": "Handover Initiate from {par} refused: this router accepts no fast handovers",
        "ja": "{par} からの Handover Initiate を拒否：このルータは高速ハンドオーバを受け付けない"},
    "fmipv6.nar.ncoa_in_use": {
        "en": "NCoA {ncoa} is in use on this link: assigning {assigned} instead (HAck code 2)",
        "ja": "NCoA {ncoa} はこのリンクで使用中：代わりに {assigned} を割り当てる（HAck code 2）"},
    "fmipv6.nar.hi_accepted": {
        "en": "Handover Initiate accepted: NCoA {ncoa} (HAck code {code}); buffering: "
              "{buffering}",
        "ja": "Handover Initiate を受け入れ：NCoA {ncoa}（HAck code {code}）。バッファする："
              "{buffering}"},
    "fmipv6.nar.buffered": {
        "en": "buffered at the NAR for {destination} ({count} waiting for the UNA)",
        "ja": "{destination} 宛てを NAR でバッファ（UNA 待ち {count} 個）"},
    "fmipv6.nar.buffer_expired": {
        "en": "nobody announced NCoA {ncoa} in time: {count} buffered packet(s) dropped",
        "ja": "NCoA {ncoa} の通知が間に合わなかった：バッファの {count} 個のパケットを破棄"},
    "fmipv6.nar.una": {
        "en": "Unsolicited Neighbor Advertisement: NCoA {ncoa} is at {mac}; delivering "
              "{count} buffered packet(s)",
        "ja": "Unsolicited Neighbor Advertisement：NCoA {ncoa} は {mac}。バッファの {count} 個の"
              "パケットを届ける"},
    "fmipv6.nar.delivered": {
        "en": "buffered packet for {destination} delivered",
        "ja": "バッファしていた {destination} 宛てのパケットを届けた"},
    # -- handover phases added by FMIPv6 and the layer-2 delay (mipviz.analysis.fast_handovers)
    "handover.phase.link-change": {"en": "layer-2 handover (link down → up)",
                                   "ja": "レイヤ 2 のハンドオーバ（切断 → 接続）"},
    "handover.phase.fast-handover-preparation": {
        "en": "FMIPv6 preparation, old link (RtSolPr … FBack)",
        "ja": "旧リンクでの FMIPv6 の準備（RtSolPr … FBack）"},
    "handover.phase.una": {"en": "attached → UNA (no RS/RA, no DAD)",
                           "ja": "接続 → UNA（RS/RA も DAD もなし）"},
    "handover.phase.fast-binding": {"en": "FBU → FBack from the new link",
                                    "ja": "新リンクからの FBU → FBack"},
    "handover.phase.buffered-delivery": {"en": "NAR releases its buffer",
                                         "ja": "NAR がバッファを解放"},
    "handover.tag.link-change": {"en": "L2", "ja": "L2"},
    "handover.tag.fast-handover-preparation": {"en": "FMIP", "ja": "FMIP"},
    "handover.tag.una": {"en": "UNA", "ja": "UNA"},
    "handover.tag.fast-binding": {"en": "FBU", "ja": "FBU"},
    "handover.tag.buffered-delivery": {"en": "buf", "ja": "buf"},
    "handover.buffered": {"en": "packets buffered and delivered: {flows}",
                          "ja": "バッファされて届いたパケット: {flows}"},
    # -- the comparison (mipviz handovers on a lesson with [[comparison]], the UI's pane)
    "comparison.heading": {"en": "The same move, compared: {lesson}",
                           "ja": "同じ移動の比較：{lesson}"},
    "comparison.row.lesson": {"en": "lesson", "ja": "レッスン"},
    "comparison.row.total": {"en": "total to the first packet",
                             "ja": "最初のパケットまでの合計"},
    "comparison.row.lost": {"en": "packets lost", "ja": "失われたパケット"},
    "comparison.row.buffered": {"en": "packets buffered", "ja": "バッファされたパケット"},
    "comparison.cell.none": {"en": "—", "ja": "—"},
    "comparison.cell.failed": {"en": "{value} (failed)", "ja": "{value}（失敗）"},
    "comparison.problem": {"en": "{label}: not measured: {problem}",
                           "ja": "{label}：測定できない：{problem}"},
    "comparison.note": {
        "en": "Times in ms from the engine's own run of each lesson; a phase a protocol does "
              "not have is —. Losses are the flow's, counted as the engine counts them.",
        "ja": "時間は各レッスンをエンジンで実行した値（ミリ秒）。その方式にないフェーズは —。"
              "損失はフローの損失をエンジンと同じ方法で数えたもの。"},
    "comparison.ui.title": {"en": "The same move, compared (S23)", "ja": "同じ移動の比較（S23）"},
    "comparison.ui.running": {"en": "Running every compared lesson…",
                              "ja": "比較するレッスンを実行中…"},
    "comparison.ui.close": {"en": "Esc Close  ←→↑↓ Scroll", "ja": "Esc 閉じる  ←→↑↓ スクロール"},
    "comparison.ui.none": {"en": "This lesson compares nothing (no [[comparison]]); lesson 20 "
                                 "does",
                           "ja": "このレッスンには比較がありません（[[comparison]] なし）。"
                                 "レッスン 20 にあります"},
}
