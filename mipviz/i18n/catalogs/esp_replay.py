"""Reading a capture's ESP with a Wireshark ``esp_sa`` table (``--esp-sa``,
:mod:`mipviz.capture.esp_sa`, :mod:`mipviz.capture.esp_open`; RFC 4303 §3.4.4). Ids under
``esp_replay.``. Japanese follows shared/seed/GLOSSARY.md; protocol names (ESP, SPI, ICV, SA,
UAT) and Wireshark's algorithm names stay as written."""

MESSAGES: dict[str, dict[str, str]] = {
    # -- a packet opened, or not (the replay's notes and problems)
    "esp_replay.decrypted": {
        "en": "ESP SPI {spi} seq {sequence}: ICV verified and decrypted with the SA of "
              "--esp-sa line {line} ({suite}); what it carries is read as if unprotected",
        "ja": "ESP SPI {spi} seq {sequence}：--esp-sa の {line} 行目の SA（{suite}）で ICV を"
              "確かめて復号した。中身は保護のないメッセージと同じように読む",
    },
    "esp_replay.alternate_care_of": {
        "en": "inside ESP, the Alternate Care-of Address option says {address}: the care-of "
              "address being registered, protected where the IPv6 source {source} is not "
              "(RFC 6275 6.2.5, 11.7.1)",
        "ja": "ESP の中の Alternate Care-of Address オプションは {address}：登録する気付け"
              "アドレス。IPv6 の送信元 {source} と違い、ESP で保護されている"
              "（RFC 6275 6.2.5、11.7.1）",
    },
    "esp_replay.not_opened": {
        "en": "ESP SPI {spi} seq {sequence}: not decrypted ({reason}): what it carries cannot "
              "be read",
        "ja": "ESP SPI {spi} seq {sequence}：復号しない（{reason}）。中身は読めない",
    },
    "esp_replay.reason.icv": {"en": "ICV mismatch: a wrong key, or altered octets",
                              "ja": "ICV が一致しない：鍵の誤りかオクテットの改変"},
    "esp_replay.reason.length": {"en": "its length does not fit the SA",
                                 "ja": "長さが SA に合わない"},
    "esp_replay.reason.padding": {"en": "wrong padding after decryption: a wrong key?",
                                  "ja": "復号後のパディングが正しくない：鍵の誤り？"},
    "esp_replay.failed.icv": {
        "en": "RFC 4303 3.4.4: ESP SPI {spi} seq {sequence}: ICV mismatch under the SA of "
              "--esp-sa line {line} (a wrong key, or altered octets): not decrypted",
        "ja": "RFC 4303 3.4.4：ESP SPI {spi} seq {sequence}：--esp-sa の {line} 行目の SA で "
              "ICV が一致しない（鍵の誤りかオクテットの改変）。復号しない",
    },
    "esp_replay.failed.length": {
        "en": "RFC 4303 2: ESP SPI {spi} seq {sequence}: its length does not fit the SA of "
              "--esp-sa line {line} (IV, whole cipher blocks, ICV): not decrypted",
        "ja": "RFC 4303 2：ESP SPI {spi} seq {sequence}：長さが --esp-sa の {line} 行目の SA"
              "（IV、暗号ブロックの整数倍、ICV）に合わない。復号しない",
    },
    "esp_replay.failed.padding": {
        "en": "RFC 4303 2.4: ESP SPI {spi} seq {sequence}: decrypted with the SA of --esp-sa "
              "line {line}, but the padding is wrong (a wrong key?): not used",
        "ja": "RFC 4303 2.4：ESP SPI {spi} seq {sequence}：--esp-sa の {line} 行目の SA で"
              "復号したがパディングが正しくない（鍵の誤り？）。使わない",
    },
    "esp_replay.unprotected": {
        "en": "discards Binding Update seq {sequence} for the home address {home_address}: "
              "sent without ESP, where that home address's registrations travel under SA "
              "{spi} (RFC 6275 5.1, 10.3.1; RFC 3776 4)",
        "ja": "ホームアドレス {home_address} の Binding Update seq {sequence} を破棄する："
              "このホームアドレスの登録は SA {spi} の ESP で運ばれるのに、ESP なしで送られた"
              "（RFC 6275 5.1、10.3.1、RFC 3776 4）",
    },
    # -- the SA table itself: FILE:line: message
    "esp_replay.sa.binary": {
        "en": "{path}: not an esp_sa table (it holds NUL octets: a binary file?)",
        "ja": "{path}：esp_sa テーブルではない（NUL オクテットを含む。バイナリファイル？）",
    },
    "esp_replay.sa.not_utf8": {
        "en": "{path}:{line}: not UTF-8 text",
        "ja": "{path}:{line}：UTF-8 のテキストではない",
    },
    "esp_replay.sa.line_too_long": {
        "en": "{path}:{line}: line longer than {limit} characters (an esp_sa line is eight "
              "short fields)",
        "ja": "{path}:{line}：行が {limit} 文字を超える（esp_sa の行は短い 8 つのフィールド）",
    },
    "esp_replay.sa.too_many": {
        "en": "{path}:{line}: more than {limit} SAs",
        "ja": "{path}:{line}：SA が {limit} 個を超える",
    },
    "esp_replay.sa.empty": {
        "en": "{path}: no SA in the file (expected Wireshark esp_sa lines, e.g. what "
              "`mipviz export --keylog K.txt` writes to K.esp_sa)",
        "ja": "{path}：SA が一つもない（Wireshark の esp_sa の行、たとえば "
              "`mipviz export --keylog K.txt` が K.esp_sa に書く行が必要）",
    },
    "esp_replay.sa.bad_line": {"en": "{path}:{line}: {message}", "ja": "{path}:{line}：{message}"},
    "esp_replay.sa.expected_quote": {
        "en": "field {field}: expected a double-quoted string",
        "ja": "フィールド {field}：二重引用符で囲んだ文字列が必要",
    },
    "esp_replay.sa.unterminated": {
        "en": "field {field}: the closing double quote is missing",
        "ja": "フィールド {field}：閉じる二重引用符がない",
    },
    "esp_replay.sa.bad_escape": {
        "en": "field {field}: a backslash must start \\xNN, \\\\ or \\\"",
        "ja": "フィールド {field}：バックスラッシュは \\xNN、\\\\、\\\" のどれかで始まる必要がある",
    },
    "esp_replay.sa.expected_comma": {
        "en": "after field {field}: expected a comma",
        "ja": "フィールド {field} の後：コンマが必要",
    },
    "esp_replay.sa.field_count": {
        "en": "{count} fields, expected 8 (protocol, source, destination, SPI, encryption, "
              "its key, authentication, its key)",
        "ja": "フィールドが {count} 個。8 個（プロトコル、送信元、宛先、SPI、暗号化、その鍵、"
              "認証、その鍵）が必要",
    },
    "esp_replay.sa.protocol": {
        "en": "protocol {value!r}: expected IPv6, IPv4 or Any",
        "ja": "プロトコル {value!r}：IPv6、IPv4、Any のどれかが必要",
    },
    "esp_replay.sa.unsupported": {
        "en": "{name!r}: a Wireshark algorithm mipviz does not decrypt (mipviz opens AES-CBC "
              "or NULL encryption with HMAC-SHA-1-96, HMAC-MD5-96, HMAC-SHA-256/384/512 or "
              "NULL authentication)",
        "ja": "{name!r}：mipviz が復号しない Wireshark のアルゴリズム（mipviz が扱うのは "
              "AES-CBC か NULL 暗号化と、HMAC-SHA-1-96、HMAC-MD5-96、HMAC-SHA-256/384/512、"
              "NULL 認証）",
    },
    "esp_replay.sa.unknown_encryption": {
        "en": "encryption {name!r}: not a Wireshark esp_sa name (e.g. \"AES-CBC [RFC3602]\")",
        "ja": "暗号化 {name!r}：Wireshark の esp_sa の名前ではない（例 \"AES-CBC [RFC3602]\"）",
    },
    "esp_replay.sa.unknown_authentication": {
        "en": "authentication {name!r}: not a Wireshark esp_sa name (e.g. "
              "\"HMAC-SHA-1-96 [RFC2404]\")",
        "ja": "認証 {name!r}：Wireshark の esp_sa の名前ではない（例 "
              "\"HMAC-SHA-1-96 [RFC2404]\"）",
    },
    "esp_replay.sa.key_length": {
        "en": "{name}: a key of {length} octets (it takes {allowed})",
        "ja": "{name}：鍵が {length} オクテット（{allowed} オクテットが必要）",
    },
    "esp_replay.sa.key_hex": {
        "en": "key {value!r}: not hexadecimal after 0x",
        "ja": "鍵 {value!r}：0x の後が 16 進数ではない",
    },
    "esp_replay.sa.address": {
        "en": "address {value!r}: expected an IPv6 address or *",
        "ja": "アドレス {value!r}：IPv6 アドレスか * が必要",
    },
    "esp_replay.sa.spi": {
        "en": "SPI {value!r}: expected 0x and hexadecimal, a decimal number (1 to 2^32-1) or *",
        "ja": "SPI {value!r}：0x と 16 進数、10 進数（1 から 2^32-1）、* のどれかが必要",
    },
}
