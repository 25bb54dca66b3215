"""Engine notes added by the RFC-conformance fixes of issue 11 (RFC 6275, RFC 3963, RFC 4429,
RFC 4443, RFC 4861, RFC 4862). Ids under ``engine.rfc.``; the engine's older notes are in
:mod:`mipviz.i18n.catalogs.engine`. Japanese follows shared/seed/GLOSSARY.md; protocol message
names and RFC constants stay as written."""

MESSAGES: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ movement (RFC 4429)
    "engine.rfc.optimistic_dad_link_local": {
        "en": "new link: duplicate address detection for the link-local address {address}, "
              "Optimistic (RFC 4429): the Router Solicitation follows at once, without a "
              "Source Link-Layer Address option",
        "ja": "新しいリンク：リンクローカルアドレス {address} の重複アドレス検出を Optimistic DAD"
              "（RFC 4429）で行う。Router Solicitation は待たずに送り、送信元リンク層アドレス"
              "オプションは付けない",
    },
    # ------------------------------------------------------------------ returning home (§11.5.5)
    "engine.rfc.returning_home_ns": {
        "en": "Neighbor Solicitation from the unspecified address for the home address "
              "{home_address}: the home agent, still defending it, answers with its link-layer "
              "address (no DAD for the home address while it does)",
        "ja": "未指定アドレスからホームアドレス {home_address} の Neighbor Solicitation を送る。"
              "まだ代理で守っているホームエージェントが自分のリンク層アドレスで答える"
              "（その間ホームアドレスの重複アドレス検出はしない）",
    },
    "engine.rfc.home_agent_link_layer_learned": {
        "en": "the home agent {home_agent} is at {mac} (from its NA for the home address)",
        "ja": "ホームエージェント {home_agent} のリンク層アドレスは {mac}"
              "（ホームアドレスの NA から）",
    },
    "engine.rfc.no_proxy_answer": {
        "en": "no NA for the home address within RetransTimer: the home agent does not defend "
              "it; deregister all the same (its link-layer address came with its RA)",
        "ja": "RetransTimer の間にホームアドレスの NA がない：ホームエージェントは守っていない。"
              "それでも登録解除する（リンク層アドレスはその RA から分かる）",
    },
    "engine.rfc.proxy_defends_unspecified_ns": {
        "en": "NS for {target} from the unspecified address: defending it by proxy, multicast "
              "NA (S = 0)",
        "ja": "未指定アドレスからの {target} の NS：代理で守っているので、マルチキャストの NA"
              "（S = 0）で答える",
    },
    "engine.rfc.home_address_not_yet_usable": {
        "en": "packet to {destination} from the home address dropped: until the deregistration "
              "BU is sent the home address is not used on the home link (RFC 6275 11.5.5)",
        "ja": "ホームアドレスから {destination} へのパケットを破棄：登録解除の BU を送るまで"
              "ホームリンクでホームアドレスは使わない（RFC 6275 11.5.5）",
    },
    # ------------------------------------------------------------------ the tunnel (§11.3.1)
    "engine.rfc.no_tunnel_yet_dropped": {
        "en": "packet to {destination} dropped: the reverse tunnel is not up yet (no care-of "
              "address acknowledged by the home agent)",
        "ja": "{destination} へのパケットを破棄：リバーストンネルがまだない（ホームエージェントが"
              "登録確認した気付けアドレスがない）",
    },
    "engine.rfc.mobile_network_no_tunnel": {
        "en": "mobile network packet {source} -> {destination} dropped: away from home it goes "
              "only through the tunnel, which the home agent's BA has not set up yet "
              "(RFC 3963 5.3, 5.5)",
        "ja": "モバイルネットワークのパケット {source} -> {destination} を破棄：ホームの外では"
              "トンネルだけを通るが、ホームエージェントの登録確認（BA）でまだ張られていない"
              "（RFC 3963 5.3、5.5）",
    },
    # ------------------------------------------------------------------ Binding Refresh Advice
    "engine.rfc.binding_refresh_advice_sent": {
        "en": "Binding Refresh Advice in the BA: refresh after {interval} s (lifetime "
              "{lifetime} s; RFC 6275 6.2.4)",
        "ja": "BA に Binding Refresh Advice：{interval} 秒後に登録を更新するよう勧める"
              "（寿命 {lifetime} 秒、RFC 6275 6.2.4）",
    },
    "engine.rfc.binding_refresh_advice_honoured": {
        "en": "the home agent advises a refresh after {interval} s: the next home BU goes then "
              "(RFC 6275 11.7.3)",
        "ja": "ホームエージェントが {interval} 秒後の更新を勧める：次の位置登録の BU はその時に"
              "送る（RFC 6275 11.7.3）",
    },
    # ------------------------------------------------------------------ rates (§11.8, §9.3.3)
    "engine.rfc.max_update_rate_held": {
        "en": "BU to {peer} held for {wait} s: at most MAX_UPDATE_RATE (3) a second to one "
              "destination",
        "ja": "{peer} への BU を {wait} 秒待たせる：1 つの宛先へは 1 秒に MAX_UPDATE_RATE（3）"
              "回まで",
    },
    "engine.rfc.binding_error_rate_limited": {
        "en": "Binding Error to {destination} not sent: rate limit (3 a second per destination)",
        "ja": "{destination} への Binding Error は送らない：送信レートの制限"
              "（宛先ごとに 1 秒に 3 回）",
    },
    # ------------------------------------------------------------------ BU checks (§9.5.1)
    "engine.rfc.home_bu_with_nonce_indices": {
        "en": "home registration BU seq {sequence} carries Nonce Indices, which H = 1 forbids: "
              "silently discarded (RFC 6275 9.5.1)",
        "ja": "位置登録の BU seq {sequence} に Nonce Indices がある（H = 1 では禁止）："
              "黙って破棄（RFC 6275 9.5.1）",
    },
    "engine.rfc.registration_without_hao": {
        "en": "home registration BU seq {sequence} from {source} without a Home Address option: "
              "silently discarded (RFC 6275 10.3.1)",
        "ja": "{source} からの位置登録の BU seq {sequence} に Home Address option がない："
              "黙って破棄（RFC 6275 10.3.1）",
    },
    "engine.rfc.nonce_combination_spent": {
        "en": "nonce indices ({home_index}, {careof_index}) made a binding that was deleted: a "
              "replay? status {status}, fetch fresh tokens (RFC 6275 5.2.8)",
        "ja": "Nonce Indices（{home_index}、{careof_index}）で作ったバインディングは削除済み："
              "再送攻撃かもしれない。status {status}、新しいトークンを取り直す（RFC 6275 5.2.8）",
    },
}
