"""Engine notes of IPsec between mobile node and home agent (RFC 6275 §5.1, RFC 3776, RFC
4303; :mod:`mipviz.engine.ipsec`, :mod:`mipviz.engine.esp`) and of tunnel options and error
relay (RFC 2473 §5.1, §8). Ids under ``ipsec.`` and ``tunnel.``. Japanese follows
shared/seed/GLOSSARY.md; protocol names (ESP, SPI, ICV, AES-CBC, HMAC-SHA1-96) stay as written."""

MESSAGES: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ sending (RFC 4303 §3.3)
    "ipsec.sent.transport": {
        "en": "ESP transport mode, SPI {spi} seq {sequence} (AES-CBC + HMAC-SHA1-96): "
              "{message} encrypted and integrity-protected; {clear} stay in the clear (the "
              "SA is chosen by the home address {home_address})",
        "ja": "ESP トランスポートモード、SPI {spi} seq {sequence}（AES-CBC + HMAC-SHA1-96）："
              "{message} を暗号化し改ざん検出を付ける。{clear}は平文のまま（SA はホームアドレス "
              "{home_address} で選ぶ）",
    },
    "ipsec.clear.hao": {"en": "the IPv6 header and the Home Address option",
                        "ja": "IPv6 ヘッダと Home Address オプション"},
    "ipsec.clear.rh2": {"en": "the IPv6 header and the Type 2 Routing Header",
                        "ja": "IPv6 ヘッダと Type 2 Routing Header "},
    "ipsec.clear.header": {"en": "only the IPv6 header and the ESP header",
                           "ja": "IPv6 ヘッダと ESP ヘッダだけ"},
    "ipsec.sent.tunnel": {
        "en": "ESP tunnel mode, SPI {spi} seq {sequence}: the whole packet {source} → "
              "{destination} ({message}) encrypted inside {outer_source} → {outer_destination}",
        "ja": "ESP トンネルモード、SPI {spi} seq {sequence}：パケット {source} → {destination}"
              "（{message}）を丸ごと暗号化し、{outer_source} → {outer_destination} で運ぶ",
    },
    # ------------------------------------------------------------------ receiving (§3.4)
    "ipsec.received.transport": {
        "en": "ESP SPI {spi} seq {sequence}: sequence number new, ICV verified, decrypted: "
              "{message}",
        "ja": "ESP SPI {spi} seq {sequence}：シーケンス番号は新しく ICV も正しい。"
              "復号すると {message}",
    },
    "ipsec.received.tunnel": {
        "en": "ESP SPI {spi} seq {sequence}: ICV verified, decrypted the inner packet "
              "{source} → {destination}: {message}",
        "ja": "ESP SPI {spi} seq {sequence}：ICV は正しい。内側のパケット {source} → "
              "{destination} を復号：{message}",
    },
    # ------------------------------------------------------------------ discards
    "ipsec.reject.no_sa": {
        "en": "ESP with SPI {spi}: no Security Association for it, discarded (RFC 4303 3.4.2)",
        "ja": "SPI {spi} の ESP：対応するセキュリティアソシエーションがないので破棄"
              "（RFC 4303 3.4.2）",
    },
    "ipsec.reject.length": {
        "en": "ESP SPI {spi}: {length} octets after the header cannot be IV + whole AES blocks "
              "+ ICV, discarded",
        "ja": "ESP SPI {spi}：ヘッダの後の {length} オクテットは IV + AES ブロック + ICV に"
              "ならないので破棄",
    },
    "ipsec.reject.icv": {
        "en": "ESP SPI {spi} seq {sequence}: ICV check failed (wrong key or altered in "
              "transit), discarded without decrypting (RFC 4303 3.4.4)",
        "ja": "ESP SPI {spi} seq {sequence}：ICV が合わない（鍵が違うか途中で改ざん）。"
              "復号せずに破棄（RFC 4303 3.4.4）",
    },
    "ipsec.reject.padding": {
        "en": "ESP SPI {spi}: the padding is not 1, 2, 3, …, discarded (RFC 4303 2.4)",
        "ja": "ESP SPI {spi}：パディングが 1, 2, 3, … でないので破棄（RFC 4303 2.4）",
    },
    "ipsec.reject.replay": {
        "en": "ESP SPI {spi} seq {sequence}: already received or too old (highest so far "
              "{highest}, window 64): a replay, discarded (RFC 4303 3.4.3)",
        "ja": "ESP SPI {spi} seq {sequence}：受信済みか古すぎる（これまでの最大 {highest}、"
              "ウィンドウ 64）。リプレイなので破棄（RFC 4303 3.4.3）",
    },
    "ipsec.reject.inner": {
        "en": "ESP SPI {spi}: what it carried does not decode cleanly, discarded",
        "ja": "ESP SPI {spi}：中身を正しく解釈できないので破棄",
    },
    "ipsec.reject.selector": {
        "en": "ESP SPI {spi} is the Security Association of {home_address}, not of {address}: "
              "discarded (RFC 3776 4.1, RFC 4301 5.2)",
        "ja": "ESP SPI {spi} は {home_address} のセキュリティアソシエーションで、{address} の"
              "ものではない。破棄（RFC 3776 4.1、RFC 4301 5.2）",
    },
    "ipsec.reject.unprotected": {
        "en": "{message} for the home address {home_address} from {source} is not protected "
              "by ESP: silently discarded (RFC 6275 5.1, 10.3.1; RFC 3776 4)",
        "ja": "{source} からのホームアドレス {home_address} の {message} は ESP で保護されて"
              "いない。黙って破棄（RFC 6275 5.1、10.3.1、RFC 3776 4）",
    },
    # ------------------------------------------------------------------ the attacker
    "ipsec.attacker.mode": {
        "en": "a forged home registration to the home agent",
        "ja": "ホームエージェントへの偽の位置登録",
    },
    "ipsec.attacker.forged": {
        "en": "attack: a Binding Update (H, A, seq {sequence}) to the home agent {target} "
              "claiming the home address {victim} is now at {own} — without ESP: the "
              "attacker has no Security Association",
        "ja": "攻撃：ホームエージェント {target} に、ホームアドレス {victim} は今 {own} に"
              "あるとする Binding Update（H、A、seq {sequence}）を送る。攻撃者はセキュリティ"
              "アソシエーションを持たないので ESP はない",
    },
    # ------------------------------------------------------------------ tunnels (RFC 2473)
    "tunnel.encapsulation_limit_option": {
        "en": "nested encapsulation (level {depth}): the tunnel header carries a Tunnel "
              "Encapsulation Limit option of {limit} in a Destination Options header "
              "(RFC 2473 4.1.1)",
        "ja": "入れ子のカプセル化（{depth} 段目）：トンネルヘッダの Destination Options ヘッダに"
              "Tunnel Encapsulation Limit オプション {limit} を入れる（RFC 2473 4.1.1）",
    },
    "tunnel.relay_packet_too_big": {
        "en": "ICMPv6 Packet Too Big (MTU {mtu}) about our tunnel packet {entry} → {exit}: "
              "relayed to the original source {source} with MTU {smaller}, the tunnel "
              "headers taken off (RFC 2473 7.1, 8)",
        "ja": "自分のトンネルパケット {entry} → {exit} についての ICMPv6 Packet Too Big"
              "（MTU {mtu}）：トンネルヘッダの分を引いた MTU {smaller} で元の送信元 {source} に"
              "伝える（RFC 2473 7.1、8）",
    },
    "tunnel.relay_unreachable": {
        "en": "ICMPv6 error (type {kind}) about our tunnel packet {entry} → {exit}: the tunnel "
              "could not deliver it; Destination Unreachable (address unreachable) relayed to "
              "the original source {source} (RFC 2473 8)",
        "ja": "自分のトンネルパケット {entry} → {exit} についての ICMPv6 エラー（type {kind}）："
              "トンネルで届けられなかったので、元の送信元 {source} に Destination Unreachable"
              "（address unreachable）を伝える（RFC 2473 8）",
    },
    # ------------------------------------------------------------------ the inspector (explain)
    "explain.esp.title": {
        "en": "ESP opened with the Security Association's keys (RFC 4303 3.4: ICV first, then "
              "AES-CBC decryption)",
        "ja": "セキュリティアソシエーションの鍵で ESP を開く（RFC 4303 3.4：まず ICV を確かめ、"
              "次に AES-CBC で復号）",
    },
    "explain.esp.spi": {"en": "SPI (which SA)", "ja": "SPI（どの SA か）"},
    "explain.esp.sequence": {"en": "sequence number (anti-replay)",
                             "ja": "シーケンス番号（リプレイ防止）"},
    "explain.esp.no_key": {
        "en": "no keys for SPI {spi} in this run: what ESP carries stays unreadable",
        "ja": "この実行には SPI {spi} の鍵がない：ESP の中身は読めないまま",
    },
    "explain.esp.iv": {"en": "IV (random, 16 octets)", "ja": "IV（乱数、16 オクテット）"},
    "explain.esp.icv.computed": {
        "en": "ICV = first 96 bits of HMAC-SHA1(authentication key, ESP header | IV | "
              "ciphertext), recomputed",
        "ja": "ICV = HMAC-SHA1(認証鍵, ESP ヘッダ | IV | 暗号文) の先頭 96 ビット（再計算）",
    },
    "explain.esp.icv.received": {"en": "ICV on the wire", "ja": "送信された ICV"},
    "explain.esp.trailer": {
        "en": "decrypted trailer: Pad Length {pad_length}, Next Header {next_header}",
        "ja": "復号した末尾：Pad Length {pad_length}、Next Header {next_header}",
    },
    "explain.esp.plaintext": {"en": "decrypted payload", "ja": "復号したペイロード"},
    "explain.esp.carries": {"en": "it carries: {what}", "ja": "中身：{what}"},
}
