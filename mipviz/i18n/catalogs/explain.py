"""Return Routability computed before the learner's eyes (S18), the care-of address in bits
(S07), and the packet inspector's own labels. Japanese in GLOSSARY.md's words: 臨時鍵 (nonce),
臨時鍵番号 (nonce index), 署名用トークン (keygen token), 署名鍵 (Kbm), 署名 (authenticator),
クッキー (cookie), 気付けアドレス (care-of address)."""

MESSAGES: dict[str, dict[str, str]] = {
    # -- titles
    "explain.rr.title.init.home": {
        "en": "Return Routability: the home keygen token this Home Test Init asks for "
              "(RFC 6275 5.2.5)",
        "ja": "リターンルータビリティ（RR）: この Home Test Init に CN が返す"
              "ホーム署名用トークン T0（RFC 6275 5.2.5）"},
    "explain.rr.title.init.careof": {
        "en": "Return Routability: the care-of keygen token this Care-of Test Init asks for "
              "(RFC 6275 5.2.5)",
        "ja": "リターンルータビリティ（RR）: この Care-of Test Init に CN が返す"
              "気付け署名用トークン T1（RFC 6275 5.2.5）"},
    "explain.rr.title.test.home": {
        "en": "Return Routability: the home keygen token in this Home Test, recomputed",
        "ja": "リターンルータビリティ（RR）: この Home Test のホーム署名用トークン T0 を再計算"},
    "explain.rr.title.test.careof": {
        "en": "Return Routability: the care-of keygen token in this Care-of Test, recomputed",
        "ja": "リターンルータビリティ（RR）: この Care-of Test の気付け署名用トークン T1 を再計算"},
    "explain.rr.title.bu": {
        "en": "Return Routability: this Binding Update's authenticator, recomputed "
              "(RFC 6275 5.2.6)",
        "ja": "リターンルータビリティ（RR）: この Binding Update の署名を再計算"
              "（RFC 6275 5.2.6）"},
    "explain.rr.title.bu.delete": {
        "en": "Return Routability: this deregistering Binding Update's authenticator, "
              "recomputed (home token only, RFC 6275 5.2.6)",
        "ja": "リターンルータビリティ（RR）: 登録削除の Binding Update の署名を再計算"
              "（ホーム署名用トークンのみ、RFC 6275 5.2.6）"},
    "explain.rr.title.ba": {
        "en": "Return Routability: this Binding Acknowledgement's authenticator, recomputed "
              "(same formula as the BU, RFC 6275 5.2.6)",
        "ja": "リターンルータビリティ（RR）: この登録確認（BA）の署名を再計算"
              "（BU と同じ式、RFC 6275 5.2.6）"},
    # -- secrets and inputs
    "explain.rr.kcn": {
        "en": "Kcn, {node}'s secret node key ({address}, 20 octets)",
        "ja": "Kcn（{node} {address} の秘密鍵、20 オクテット）"},
    "explain.rr.nonce.home": {
        "en": "home nonce, index {index} (the CN's, 64 bits)",
        "ja": "ホーム用の臨時鍵（臨時鍵番号 {index}、CN が保持、64 ビット）"},
    "explain.rr.nonce.careof": {
        "en": "care-of nonce, index {index} (the CN's, 64 bits)",
        "ja": "気付け用の臨時鍵（臨時鍵番号 {index}、CN が保持、64 ビット）"},
    "explain.rr.input.home": {
        "en": "HMAC_SHA1 input = home address | nonce[{index}] | 0",
        "ja": "HMAC_SHA1 の入力 = ホームアドレス | 臨時鍵[{index}] | 0"},
    "explain.rr.input.careof": {
        "en": "HMAC_SHA1 input = care-of address | nonce[{index}] | 1",
        "ja": "HMAC_SHA1 の入力 = 気付けアドレス | 臨時鍵[{index}] | 1"},
    "explain.rr.part.home_address": {"en": "home address {address}",
                                     "ja": "ホームアドレス {address}"},
    "explain.rr.part.careof_address": {"en": "care-of address {address}",
                                       "ja": "気付けアドレス {address}"},
    "explain.rr.part.correspondent": {"en": "correspondent {address}",
                                      "ja": "コレスポンデントノード {address}"},
    "explain.rr.part.nonce": {"en": "nonce[{index}]", "ja": "臨時鍵[{index}]"},
    "explain.rr.part.suffix": {"en": "one octet {value}", "ja": "1 オクテットの {value}"},
    "explain.rr.part.mh_data": {
        "en": "Mobility Header, checksum 0, no authenticator ({octets} octets)",
        "ja": "Mobility Header（チェックサム 0、署名を除く、{octets} オクテット）"},
    "explain.rr.part.home_token": {"en": "home keygen token", "ja": "ホーム署名用トークン T0"},
    "explain.rr.part.careof_token": {"en": "care-of keygen token",
                                     "ja": "気付け署名用トークン T1"},
    "explain.rr.hmac": {"en": "HMAC_SHA1(Kcn, input), 160 bits",
                        "ja": "HMAC_SHA1(Kcn, 入力)、160 ビット"},
    "explain.rr.token.home": {
        "en": "home keygen token = First(64, HMAC_SHA1(...))",
        "ja": "ホーム署名用トークン T0 = First(64, HMAC_SHA1(...))"},
    "explain.rr.token.careof": {
        "en": "care-of keygen token = First(64, HMAC_SHA1(...))",
        "ja": "気付け署名用トークン T1 = First(64, HMAC_SHA1(...))"},
    "explain.rr.token.sent.home": {
        "en": "home keygen token in the Home Test (step {step})",
        "ja": "Home Test（ステップ {step}）の中のホーム署名用トークン"},
    "explain.rr.token.sent.careof": {
        "en": "care-of keygen token in the Care-of Test (step {step})",
        "ja": "Care-of Test（ステップ {step}）の中の気付け署名用トークン"},
    "explain.rr.token.received.home": {
        "en": "home keygen token on the wire (this Home Test)",
        "ja": "このパケットのホーム署名用トークン（送信されたもの）"},
    "explain.rr.token.received.careof": {
        "en": "care-of keygen token on the wire (this Care-of Test)",
        "ja": "このパケットの気付け署名用トークン（送信されたもの）"},
    "explain.rr.cookie.home": {"en": "home init cookie (the MN's, 64 bits)",
                               "ja": "ホーム用クッキー K0（MN が選ぶ、64 ビット）"},
    "explain.rr.cookie.careof": {"en": "care-of init cookie (the MN's, 64 bits)",
                                 "ja": "気付け用クッキー K1（MN が選ぶ、64 ビット）"},
    "explain.rr.index.home": {"en": "home nonce index", "ja": "ホーム用の臨時鍵番号"},
    "explain.rr.index.careof": {"en": "care-of nonce index", "ja": "気付け用の臨時鍵番号"},
    "explain.rr.answered": {
        "en": "the CN answered at step {step} with nonce index {index}",
        "ja": "CN はステップ {step} で臨時鍵番号 {index} を使って応答した"},
    "explain.rr.no_answer": {
        "en": "no answer from the CN in this run: no token to show",
        "ja": "この実行では CN の応答がない: 表示する署名用トークンはない"},
    "explain.rr.no_secret": {
        "en": "{address} holds no Kcn (it does not support Return Routability): no token",
        "ja": "{address} は Kcn を持たない（リターンルータビリティ非対応）: 署名用トークンはない"},
    "explain.rr.unknown_nonce": {
        "en": "nonce index {index} was never issued by this CN: it answers with an "
              "expired-nonce status (RFC 6275 9.5.1)",
        "ja": "臨時鍵番号 {index} はこの CN が発行していない: 臨時鍵期限切れの状態で応答する"
              "（RFC 6275 9.5.1）"},
    "explain.rr.addresses": {
        "en": "home address {home}, care-of address {careof}, correspondent {correspondent}",
        "ja": "ホームアドレス {home}、気付けアドレス {careof}、コレスポンデントノード "
              "{correspondent}"},
    "explain.rr.indices": {
        "en": "Nonce Indices: home {home}, care-of {careof}",
        "ja": "臨時鍵番号: ホーム用 {home}、気付け用 {careof}"},
    "explain.rr.no_indices": {
        "en": "no Nonce Indices option: the CN silently discards this BU (RFC 6275 9.5.1)",
        "ja": "臨時鍵番号のオプションがない: CN はこの BU を黙って破棄する（RFC 6275 9.5.1）"},
    "explain.rr.kbm": {
        "en": "Kbm = SHA1(home keygen token | care-of keygen token)",
        "ja": "署名鍵 Kbm = SHA1(T0 | T1)"},
    "explain.rr.kbm.delete": {
        "en": "Kbm = SHA1(home keygen token) (a deregistration)",
        "ja": "署名鍵 Kbm = SHA1(T0)（登録削除）"},
    "explain.rr.no_bad": {
        "en": "no Binding Authorization Data as the last option: nothing to verify",
        "ja": "最後のオプションが Binding Authorization Data ではない: 検証する署名がない"},
    "explain.rr.auth_input": {
        "en": "authenticator input = care-of address | correspondent | Mobility Header",
        "ja": "署名の入力 = 気付けアドレス | コレスポンデントノード | Mobility Header"},
    "explain.rr.auth.computed": {
        "en": "authenticator = First(96, HMAC_SHA1(Kbm, input))",
        "ja": "計算した署名 = First(96, HMAC_SHA1(Kbm, 入力))"},
    "explain.rr.auth.received": {
        "en": "authenticator received (Binding Authorization Data)",
        "ja": "受信した署名（Binding Authorization Data）"},
    "explain.rr.no_bu": {
        "en": "no Binding Update before this acknowledgement: its nonces are unknown",
        "ja": "この登録確認より前に Binding Update がない: 臨時鍵は不明"},
    "explain.rr.for_bu": {
        "en": "acknowledges the Binding Update of step {step} (seq {sequence})",
        "ja": "ステップ {step} の Binding Update（seq {sequence}）への登録確認"},
    "explain.rr.ba_unsigned": {
        "en": "status {status}: sent without Binding Authorization Data (RFC 6275 9.5.4)",
        "ja": "状態 {status}: Binding Authorization Data なしで送られる（RFC 6275 9.5.4）"},
    "explain.verdict.equal": {
        "en": "✓ equal: the recomputation matches the bytes on the wire",
        "ja": "✓ 一致: 再計算した値は送信されたバイト列と同じ"},
    "explain.verdict.differs": {
        "en": "✗ differs: the bytes on the wire do not match the recomputation",
        "ja": "✗ 不一致: 送信されたバイト列は再計算した値と違う"},
    # -- the care-of address in bits (S07)
    "explain.eui64.title": {
        "en": "{node}'s care-of address = prefix + modified EUI-64 (RFC 4862 5.5.3, RFC 4291 A)",
        "ja": "{node} の気付けアドレス = プレフィックス + 修正 EUI-64（RFC 4862 5.5.3、"
              "RFC 4291 付録 A）"},
    "explain.eui64.no_mac": {
        "en": "the interface's MAC address is not known here",
        "ja": "インタフェースの MAC アドレスがここでは分からない"},
    "explain.eui64.mac": {
        "en": "MAC {mac}, 48 bits, split in two",
        "ja": "MAC {mac}（48 ビット）を 2 つに分ける"},
    "explain.eui64.inserted": {"en": "ff:fe inserted in the middle: EUI-64 (64 bits)",
                               "ja": "中央に ff:fe を挿入: EUI-64（64 ビット）"},
    "explain.eui64.flipped": {
        "en": "U/L bit (0x02) inverted, {before} → {after}: identifier {identifier}",
        "ja": "U/L ビット（0x02）を反転 {before} → {after}: インタフェース識別子 {identifier}"},
    "explain.eui64.prefix": {
        "en": "care-of address = prefix {prefix} (from the RA) | identifier",
        "ja": "気付けアドレス = プレフィックス {prefix}（RA から）| インタフェース識別子"},
    "explain.eui64.equal": {
        "en": "✓ = {address}, the address the node formed ({full})",
        "ja": "✓ = {address}: ノードが生成したアドレスと一致（{full}）"},
    "explain.eui64.differs": {
        "en": "✗ = {full}, but the node formed {address}",
        "ja": "✗ = {full}、しかしノードが生成したのは {address}"},
    # -- the packet inspector
    "explain.inspector.changed": {"en": "What changed at this hop",
                                  "ja": "このホップで変わったこと"},
    "explain.inspector.outer": {"en": "  (outer header: the tunnel)",
                                "ja": "  （外側のヘッダ: トンネル）"},
    "explain.inspector.inner": {"en": "  (inner packet)", "ja": "  （内側のパケット）"},
    "explain.inspector.no_frame": {"en": "no frame at this step",
                                   "ja": "このステップにフレームはない"},
    "explain.inspector.before_first": {"en": "before the first step",
                                       "ja": "最初のステップの前"},
    "explain.inspector.rr": {"en": "Return Routability", "ja": "リターンルータビリティ（RR）"},
    "explain.inspector.equal": {"en": "✓ recomputed = on the wire",
                                "ja": "✓ 再計算 = 送信された値"},
    "explain.inspector.differs": {"en": "✗ recomputed ≠ on the wire",
                                  "ja": "✗ 再計算 ≠ 送信された値"},
    "explain.inspector.open": {"en": "(nothing to compare)", "ja": "（比べる値がない）"},
    "explain.inspector.below": {"en": " — computed below the headers (Enter)",
                                "ja": " — 計算はヘッダの下（Enter）"},
}
