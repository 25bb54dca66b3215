"""Lifetimes of Binding Cache and Binding Update List entries (RFC 6275 §9.5.2, §10.3.1,
§11.7.3): what ends when a lifetime runs out, also while the node holding it is down."""

MESSAGES: dict[str, dict[str, str]] = {
    "engine.lifetimes.home_registration_expired_while_down": {
        "en": "{home_agent} is down, but the home registration of {home_address} ends at its "
              "lifetime all the same: the entry is void (tunnel and proxy ND removed), and a "
              "restored {home_agent} holds no binding for it",
        "ja": "{home_agent} は停止中だが、{home_address} の位置登録は有効期間で終わる。"
              "エントリは無効（トンネルと proxy ND を削除）で、復旧した {home_agent} は"
              "そのバインディングを持たない",
    },
    "engine.lifetimes.home_entry_expired": {
        "en": "the binding update list entry for {home_agent} expired (lifetime {lifetime} s "
              "ran out): no home registration any more",
        "ja": "{home_agent} へのバインディング更新リストのエントリが期限切れ（有効期間 "
              "{lifetime} 秒が終わった）。位置登録はもうない",
    },
    "engine.lifetimes.home_entry_expired_bu_outstanding": {
        "en": "the binding with {home_agent} expired (lifetime {lifetime} s ran out) while a "
              "Binding Update awaits its Binding Acknowledgement: no home registration now; "
              "that Binding Update is still retransmitted, as a new registration",
        "ja": "Binding Update が Binding Acknowledgement を待つ間に {home_agent} との"
              "バインディングが期限切れ（有効期間 {lifetime} 秒が終わった）。"
              "いまは位置登録がない。その Binding Update は新規の登録として再送を続ける",
    },
    "engine.lifetimes.former_home_entry_expired": {
        "en": "the binding of the former home address {home_address} with {home_agent} "
              "ended with its lifetime; its binding update list entry is removed",
        "ja": "以前のホームアドレス {home_address} の {home_agent} とのバインディングは"
              "有効期間で終わった。バインディング更新リストのエントリを削除",
    },
    # ------------------------------------------------------------------ the Bindings pane
    "ui.lifetimes.home_agents_list": {"en": "home agents list",
                                      "ja": "ホームエージェントリスト"},
    "ui.lifetimes.home_agent": {"en": "home agent", "ja": "ホームエージェント"},
    "ui.lifetimes.preference": {"en": "preference", "ja": "優先度"},
    "ui.lifetimes.mobile_routers": {"en": "mobile routers", "ja": "モバイルルータ"},
    "ui.lifetimes.yes": {"en": "yes", "ja": "対応"},
    "ui.lifetimes.no": {"en": "no", "ja": "非対応"},
    # ------------------------------------------------------------------ the capture replay
    "capture.lifetimes.list_entry_given_up": {
        "en": "binding update list entry for {peer} given up: no binding held, the home "
              "registration goes to {home_agent}",
        "ja": "{peer} へのバインディング更新リストのエントリを放棄：バインディングはなく、"
              "位置登録は {home_agent} へ向かう",
    },
}
