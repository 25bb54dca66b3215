"""Words of a crowded topology map (issue 14 item 4): the nodes there was no room for."""

MESSAGES: dict[str, dict[str, str]] = {
    # in place of the nodes a map too small for every node could not show (a replay of
    # hundreds of nodes on a small terminal): their count, so none is silently missing
    "map.more_nodes": {"en": "+{count} more nodes", "ja": "ほか{count}ノード"},
    "map.more_nodes_short": {"en": "+{count}", "ja": "+{count}"},
}
