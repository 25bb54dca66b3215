"""`mipviz export OUT.pcapng`: the frame comments of a pcapng export, and the link names
that `dump` and the replay show for a pcapng file's interfaces."""

MESSAGES: dict[str, dict[str, str]] = {
    # -- the first line of each frame's comment: where the frame was
    "pcapng.comment.hop": {
        "en": "Step {step}/{total} on {link}: {tx} → {rx}",
        "ja": "ステップ {step}/{total}、リンク {link}：{tx} → {rx}",
    },
    "pcapng.comment.multicast": {
        "en": "Step {step}/{total} on {link}: {tx} → every node on the link",
        "ja": "ステップ {step}/{total}、リンク {link}：{tx} → リンク上のすべてのノード",
    },
    "pcapng.comment.no_events": {
        "en": "(no node noted anything about this frame)",
        "ja": "（このフレームについて記録したノードはありません）",
    },
    # -- the command
    "pcapng.wrote": {
        "en": "wrote {frames} frames on {links} links to {path}",
        "ja": "{links} 本のリンク上の {frames} フレームを {path} に書き込みました",
    },
    # -- the handout's list of files
    "pcapng.handout": {
        "en": "{file}: the same frames with one interface per link (named after the link, "
              "with its prefix) and what the nodes did with each frame as its comment; "
              "`mipviz replay` of it draws the lesson's links.",
        "ja": "{file}：同じフレームを、リンクごとに一つのインタフェース"
              "（リンク名とプレフィックス付き）に載せ、各フレームでノードが行ったことをコメントにしたもの。"
              "`mipviz replay` で開くとレッスンのリンクが描かれます。"},
}
