"""Follow the lecturer: `lesson --share` (the presenter) and `follow` (the students)."""

MESSAGES: dict[str, dict[str, str]] = {
    # the presenter
    "follow.share.started": {
        "en": "mipviz: sharing this lesson at {address}: students run "
              "`mipviz follow {address}` (or open `mipviz serve --follow {address}`)",
        "ja": "mipviz: このレッスンを {address} で共有します。受講者は "
              "`mipviz follow {address}` を実行します（または `mipviz serve --follow "
              "{address}` を開きます）",
    },
    "follow.share.stopped": {
        "en": "mipviz: stopped sharing at {address}",
        "ja": "mipviz: {address} での共有を終了しました",
    },
    "follow.share.status": {
        "en": "sharing at {address}, {count} following",
        "ja": "{address} で共有中、追従 {count} 人",
    },
    "follow.cannot-listen": {
        "en": "cannot share on {host}:{port}: {reason} (is another lesson sharing on this "
              "port? try --port)",
        "ja": "{host}:{port} で共有できません: {reason}（ほかのレッスンがこのポートで"
              "共有していませんか。--port を試してください）",
    },
    "follow.bad-port": {
        "en": "--port {port}: a port is a number from 0 (any free one) to 65535",
        "ja": "--port {port}: ポートは 0（空いているもの）から 65535 までの数です",
    },
    "follow.bad-address": {
        "en": "{address}: {reason} (give HOST:PORT, as the lecturer's screen says)",
        "ja": "{address}: {reason}（講師の画面にある HOST:PORT を指定してください）",
    },
    # the follower's waiting screen
    "follow.waiting.connecting": {
        "en": "Connecting to the lecturer at {address}…\n\nq quits.",
        "ja": "{address} の講師に接続しています…\n\nq で終了します。",
    },
    "follow.waiting.connected": {
        "en": "Connected to the lecturer at {address}; waiting for the lesson…",
        "ja": "{address} の講師に接続しました。レッスンを待っています…",
    },
    "follow.waiting.lost": {
        "en": "The lecturer at {address} cannot be reached. Trying again…\n\n"
              "(Is `mipviz lesson ID --presenter --share` running there?) q quits.",
        "ja": "{address} の講師に接続できません。再接続しています…\n\n"
              "（そこで `mipviz lesson ID --presenter --share` が動いていますか）q で終了します。",
    },
    # which copy of the lesson the follower shows
    "follow.lesson.missing": {
        "en": "The lecturer's lesson {lesson} is not on this machine, and the lecturer did not "
              "send it.",
        "ja": "講師のレッスン {lesson} はこのマシンになく、講師からも送られていません。",
    },
    "follow.lesson.differs-unsent": {
        "en": "This machine's lesson {lesson} differs from the lecturer's, and the lecturer "
              "did not send theirs.",
        "ja": "このマシンのレッスン {lesson} は講師のものと異なり、講師のものは"
              "送られていません。",
    },
    "follow.lesson.cannot-write": {
        "en": "The lecturer's lesson {lesson} cannot be kept here: {reason}",
        "ja": "講師のレッスン {lesson} をここに保存できません: {reason}",
    },
    "follow.lesson.theirs": {
        "en": "Lesson {lesson} is not on this machine: showing the lecturer's copy.",
        "ja": "レッスン {lesson} はこのマシンにないため、講師のものを表示しています。",
    },
    "follow.lesson.theirs-differs": {
        "en": "This machine's lesson {lesson} differs from the lecturer's: showing the "
              "lecturer's copy, so that the steps match.",
        "ja": "このマシンのレッスン {lesson} は講師のものと異なるため、ステップが合うように"
              "講師のものを表示しています。",
    },
    # the follower's status line and notes
    "follow.status.following": {
        "en": "FOLLOWING {address}",
        "ja": "講師に追従中 {address}",
    },
    "follow.status.own": {
        "en": "ON YOUR OWN, lecturer at step {step} (b: back to the lecturer)",
        "ja": "自分で操作中、講師はステップ {step}（b で講師に戻る）",
    },
    "follow.status.own-waiting": {
        "en": "ON YOUR OWN (b: back to the lecturer)",
        "ja": "自分で操作中（b で講師に戻る）",
    },
    "follow.status.lost": {
        "en": "LECTURER LOST, reconnecting to {address}",
        "ja": "講師との接続が切れました、{address} に再接続中",
    },
    "follow.notify.lost": {
        "en": "The lecturer at {address} is lost. You can keep working; mipviz reconnects "
              "by itself.",
        "ja": "{address} の講師との接続が切れました。このまま操作を続けられます。"
              "自動で再接続します。",
    },
    "follow.notify.back": {
        "en": "Connected to the lecturer at {address} again.",
        "ja": "{address} の講師に再接続しました。",
    },
    "follow.notify.already": {
        "en": "Already following the lecturer.",
        "ja": "すでに講師に追従しています。",
    },
    "follow.notify.reveal": {
        "en": "The lecturer reveals the answers. To answer yourself, press Enter (you are "
              "then on your own; b goes back).",
        "ja": "答えは講師が表示します。自分で答えるには Enter を押してください"
              "（自分で操作する状態になります。b で戻ります）。",
    },
    "serve.follow-or-lesson": {
        "en": "--follow and --lesson: give one (a follower shows the lecturer's lesson)",
        "ja": "--follow と --lesson はどちらか一方を指定してください（追従する側には講師の"
              "レッスンが表示されます）",
    },
    "follow.quiz.keys": {
        "en": "the lecturer reveals the answer; Enter answers it yourself",
        "ja": "答えは講師が表示します。Enter で自分で答えます",
    },
    "ui.key.rejoin": {"en": "Back to lecturer", "ja": "講師に戻る"},
}
