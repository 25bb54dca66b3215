"""Engine notes of home agent discovery and fail-over (RFC 6275 §10.5, §11.4.1, §11.8;
RFC 3963 §7), mobile prefix discovery (§10.6, §11.4.3) and movement detection by the
Advertisement Interval option (§7.3, §11.5.1). Ids under ``engine.discovery.``; Japanese
follows shared/seed/GLOSSARY.md, message names and RFC constants stay as written."""

MESSAGES: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ Home Agents List (§10.5.1)
    "engine.discovery.home_agents_list_added": {
        "en": "Home Agents List: {home_agent} added (preference {preference}, lifetime "
              "{lifetime} s, from its Router Advertisement with the H flag)",
        "ja": "ホームエージェントリストに {home_agent} を追加（優先度 {preference}、有効期間 "
              "{lifetime} 秒。H フラグ付きのルータ広告（RA）から）",
    },
    "engine.discovery.home_agents_list_updated": {
        "en": "Home Agents List: {home_agent} refreshed (preference {preference}, lifetime "
              "{lifetime} s)",
        "ja": "ホームエージェントリストの {home_agent} を更新（優先度 {preference}、有効期間 "
              "{lifetime} 秒）",
    },
    "engine.discovery.home_agents_list_removed": {
        "en": "Home Agents List: {home_agent} removed (its Router Advertisement no longer "
              "offers a home agent)",
        "ja": "ホームエージェントリストから {home_agent} を削除（ルータ広告（RA）がもう"
              "ホームエージェントを示さない）",
    },
    "engine.discovery.home_agents_list_expired": {
        "en": "Home Agents List: {home_agent} expired (no Router Advertisement from it within "
              "its lifetime of {lifetime} s)",
        "ja": "ホームエージェントリストの {home_agent} が期限切れ（有効期間 {lifetime} 秒の間に"
              "ルータ広告（RA）が来なかった）",
    },
    # ------------------------------------------------------------------ DHAAD, home agent (§10.5)
    "engine.discovery.request_answered": {
        "en": "DHAAD request from {source}{mobile_router}: reply with the home agents by "
              "preference: {home_agents}",
        "ja": "{source} からの DHAAD 要求{mobile_router}：優先度の順にホームエージェントを返す："
              "{home_agents}",
    },
    "engine.discovery.request_no_home_agent": {
        "en": "DHAAD request from {source}{mobile_router}: no home agent to offer; the reply "
              "lists none{home_agents}",
        "ja": "{source} からの DHAAD 要求{mobile_router}：示せるホームエージェントがなく、"
              "空の応答を返す{home_agents}",
    },
    "engine.discovery.mobile_routers_only": {
        "en": " (R flag: only home agents that support mobile routers, RFC 3963 §7.2)",
        "ja": "（R フラグ：モバイルルータ（MR）に対応するホームエージェントのみ、RFC 3963 §7.2）",
    },
    # ---------------------------------------------------------- DHAAD, mobile node (§11.4.1)
    "engine.discovery.request_sent": {
        "en": "which home agents serve the home link? Home Agent Address Discovery Request "
              "to the Home-Agents anycast address {anycast} of the home prefix {home_prefix}"
              "{mobile_router}",
        "ja": "ホームリンクにどのホームエージェントがいるか？ホームプレフィックス {home_prefix} "
              "の Home-Agents エニーキャストアドレス {anycast} へ Home Agent Address Discovery "
              "Request を送る{mobile_router}",
    },
    "engine.discovery.request_sent_again": {
        "en": "no DHAAD reply yet: request {attempt} sent again to {anycast} (the wait doubles, "
              "INITIAL_DHAAD_TIMEOUT 3 s){mobile_router}",
        "ja": "DHAAD の応答がまだない：{anycast} へ要求を再送（{attempt} 回目。待ち時間は倍に"
              "なる、INITIAL_DHAAD_TIMEOUT 3 秒）{mobile_router}",
    },
    "engine.discovery.mobile_router_flag": {
        "en": ", R flag set: a mobile router asks for home agents that support it "
              "(RFC 3963 §7.1)",
        "ja": "。R フラグ付き：モバイルルータ（MR）は対応するホームエージェントを求める"
              "（RFC 3963 §7.1）",
    },
    "engine.discovery.no_home_agent_answered": {
        "en": "no home agent answered {attempts} DHAAD requests (DHAAD_RETRIES 4): no home "
              "registration is possible",
        "ja": "{attempts} 回の DHAAD 要求にどのホームエージェントも答えなかった"
              "（DHAAD_RETRIES 4）：位置登録はできない",
    },
    "engine.discovery.reply_not_ours": {
        "en": "DHAAD reply with identifier {identifier} answers no request of ours; ignored",
        "ja": "識別子 {identifier} の DHAAD 応答は自分の要求への応答ではないので無視する",
    },
    "engine.discovery.reply_empty": {
        "en": "the DHAAD reply lists no home agent",
        "ja": "DHAAD 応答にホームエージェントが一つもない",
    },
    "engine.discovery.reply_received": {
        "en": "DHAAD reply: home agents {home_agents}; registering with the first, {home_agent}",
        "ja": "DHAAD 応答：ホームエージェントは {home_agents}。先頭の {home_agent} に位置登録する",
    },
    "engine.discovery.next_candidate": {
        "en": "no Binding Acknowledgement from {home_agent} within {wait} s for a first "
              "registration: trying the next home agent of the DHAAD reply, {next}",
        "ja": "初回の位置登録に {home_agent} から {wait} 秒以内に登録確認（BA）がない："
              "DHAAD 応答の次のホームエージェント {next} を試す",
    },
    "engine.discovery.home_agent_given_up": {
        "en": "still no Binding Acknowledgement after {retransmissions} retransmissions, the "
              "last wait {wait} s = MAX_BINDACK_TIMEOUT (RFC 6275 §11.8): the home agent "
              "{home_agent} is taken for gone; asking the home link again (DHAAD)",
        "ja": "{retransmissions} 回再送しても登録確認（BA）がなく、最後の待ち時間 {wait} 秒は "
              "MAX_BINDACK_TIMEOUT（RFC 6275 §11.8）：ホームエージェント {home_agent} は"
              "停止したとみなし、ホームリンクに再び問い合わせる（DHAAD）",
    },
    # ---------------------------------------------------------- movement detection (§11.5.1)
    "engine.discovery.advertisement_interval_missed": {
        "en": "no Router Advertisement from the default router {router} within its "
              "Advertisement Interval of {interval} ms (+10 %): the router may be gone, or this "
              "node is on another link; checking with Optimistic DAD and a Router Solicitation",
        "ja": "デフォルトルータ {router} から広告間隔（Advertisement Interval）{interval} ミリ秒"
              "（+10 %）の間ルータ広告（RA）が来ない：ルータが停止したか、自分が別のリンクに"
              "いる。Optimistic DAD と Router Solicitation で確かめる",
    },
    "engine.discovery.moved_without_hint": {
        "en": "moved from {old} to {name} with no layer-2 indication: the node does not know "
              "it yet",
        "ja": "{old} から {name} へ移動した。レイヤ 2 の通知がないので、ノードはまだ移動を"
              "知らない",
    },
    # ---------------------------------------------------------- mobile prefixes (§10.6, §11.4.3)
    "engine.discovery.home_prefixes_changed": {
        "en": "the home link is renumbered: its prefixes are now {prefixes} (the old one "
              "deprecated); every registered mobile node is told with an unsolicited Mobile "
              "Prefix Advertisement",
        "ja": "ホームリンクのリナンバリング：プレフィックスは {prefixes}（古いものは非推奨）。"
              "登録中のモバイルノードすべてに要求なしの Mobile Prefix Advertisement で知らせる",
    },
    "engine.discovery.unsolicited_advertisement_sent": {
        "en": "unsolicited Mobile Prefix Advertisement to {home_address} (to its care-of "
              "address, Type 2 Routing Header), resent until its Solicitation acknowledges it "
              "(PREFIX_ADV_TIMEOUT 3 s)",
        "ja": "{home_address} へ要求なしの Mobile Prefix Advertisement を送る（気付けアドレス宛て、"
              "Type 2 Routing Header 付き）。Solicitation で確認されるまで再送する"
              "（PREFIX_ADV_TIMEOUT 3 秒）",
    },
    "engine.discovery.unsolicited_advertisement_sent_again": {
        "en": "no Mobile Prefix Solicitation from {home_address} yet: unsolicited "
              "Advertisement resent ({attempt} of PREFIX_ADV_RETRIES 3)",
        "ja": "{home_address} からまだ Mobile Prefix Solicitation がない：要求なしの "
              "Advertisement を再送（PREFIX_ADV_RETRIES 3 回のうち {attempt} 回目）",
    },
    "engine.discovery.solicitation_sent": {
        "en": "Mobile Prefix Solicitation to the home agent {home_agent}, identifier "
              "{identifier}, from the care-of address with a Home Address option (IPsec "
              "protection assumed, RFC 6275 §11.4.3)",
        "ja": "ホームエージェント {home_agent} へ Mobile Prefix Solicitation（識別子 "
              "{identifier}）を、ホームアドレスオプション付きで気付けアドレスから送る"
              "（IPsec による保護は前提とする、RFC 6275 §11.4.3）",
    },
    "engine.discovery.solicitation_answered": {
        "en": "Mobile Prefix Solicitation {identifier} for {home_address}{acknowledged}: "
              "answered with the home link's prefixes",
        "ja": "{home_address} の Mobile Prefix Solicitation {identifier}{acknowledged}："
              "ホームリンクのプレフィックスを返す",
    },
    "engine.discovery.solicitation_acknowledges": {
        "en": " (it acknowledges the unsolicited Advertisement: no more resends)",
        "ja": "（要求なしの Advertisement の確認になるので、再送をやめる）",
    },
    "engine.discovery.solicitation_without_hao": {
        "en": "Mobile Prefix Solicitation from {source} without a valid Home Address option "
              "for a registered care-of address; ignored",
        "ja": "{source} からの Mobile Prefix Solicitation は登録済みの気付けアドレスからの"
              "有効なホームアドレスオプションがないので無視する",
    },
    "engine.discovery.advertisement_refused": {
        "en": "Mobile Prefix Advertisement from {source} refused: not from our home agent or "
              "without a Type 2 Routing Header (RFC 6275 §11.4.3)",
        "ja": "{source} からの Mobile Prefix Advertisement を拒否：自分のホームエージェントから"
              "ではないか、Type 2 Routing Header がない（RFC 6275 §11.4.3）",
    },
    "engine.discovery.unsolicited_advertisement_discarded": {
        "en": "Mobile Prefix Advertisement {identifier} answers no Solicitation of ours: "
              "discarded as unsolicited, and a Solicitation sent instead (RFC 6275 §11.4.3)",
        "ja": "Mobile Prefix Advertisement {identifier} は自分の Solicitation への応答ではない："
              "要求なしとして捨て、代わりに Solicitation を送る（RFC 6275 §11.4.3）",
    },
    "engine.discovery.advertisement_accepted": {
        "en": "Mobile Prefix Advertisement accepted: home prefixes {prefixes}",
        "ja": "Mobile Prefix Advertisement を受け入れた：ホームプレフィックスは {prefixes}",
    },
    "engine.discovery.new_home_address": {
        "en": "the home prefix {prefix} replaces the deprecated one: new home address {new} "
              "(same interface identifier as {old}), registered with the home agent",
        "ja": "ホームプレフィックス {prefix} が非推奨のものに代わる：新しいホームアドレスは "
              "{new}（{old} と同じインタフェース識別子）。ホームエージェントに位置登録する",
    },
    "engine.discovery.status_1": {
        "en": "{home_address} is on a deprecated home prefix: accepted with status 1 (prefix "
              "discovery necessary, RFC 6275 §10.6.1)",
        "ja": "{home_address} は非推奨のホームプレフィックスにある：状態 1（プレフィックス発見が"
              "必要、RFC 6275 §10.6.1）で受け入れる",
    },
}
