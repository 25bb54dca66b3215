"""Messages about files and input mipviz refuses (issue 15): special files, sizes, limits.

Owned by the hardening work. Paths and keys are data, never translated.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "errors.kind.directory": {"en": "a directory", "ja": "ディレクトリ"},
    "errors.kind.fifo": {"en": "a named pipe (FIFO)", "ja": "名前付きパイプ(FIFO)"},
    "errors.kind.device": {"en": "a device", "ja": "デバイスファイル"},
    "errors.kind.socket": {"en": "a socket", "ja": "ソケット"},
    "errors.kind.other": {"en": "a special file", "ja": "特殊ファイル"},
    "errors.file.not_regular": {
        "en": "{path}: not a regular file ({kind})",
        "ja": "{path}: 通常のファイルではありません({kind})",
    },
    "errors.file.loop": {
        "en": "{path}: not a regular file (a symbolic link loop)",
        "ja": "{path}: 通常のファイルではありません(シンボリックリンクが循環しています)",
    },
    "errors.file.unreadable": {
        "en": "{path}: cannot read: {reason}",
        "ja": "{path}: 読めません: {reason}",
    },
    "errors.file.too_large": {
        "en": "{path}: larger than {limit}; mipviz reads at most {limit} of it",
        "ja": "{path}: {limit} を超えています。mipviz が読むのは {limit} までです",
    },
    "errors.write.symlink": {
        "en": "{path}: is a symbolic link; mipviz does not replace a link, give the path of "
              "a regular file",
        "ja": "{path}: シンボリックリンクです。リンクは置き換えません。通常のファイルのパスを"
              "指定してください",
    },
    "errors.write.not_regular": {
        "en": "{path}: cannot write over {kind}; give the path of a regular file",
        "ja": "{path}: {kind}には書き込みません。通常のファイルのパスを指定してください",
    },
    "errors.write.failed": {
        "en": "cannot write {path}: {reason}",
        "ja": "{path} に書き込めません: {reason}",
    },
    "errors.write.failed_nothing": {
        "en": "cannot write {path}: {reason}; nothing was written",
        "ja": "{path} に書き込めません: {reason}。何も書き込んでいません",
    },
    "errors.write.no_directory": {
        "en": "the directory {directory} does not exist",
        "ja": "ディレクトリ {directory} がありません",
    },
    "errors.lesson.nested": {
        "en": "{key}: nested more than {limit} levels deep (arrays, tables and dotted keys); "
              "a lesson needs a few",
        "ja": "{key}: 入れ子が {limit} 段を超えています(配列・テーブル・ドット区切りのキー)。"
              "レッスンに必要なのは数段です",
    },
    "errors.lesson.string_long": {
        "en": "{key}: a string of {length} characters; at most {limit}",
        "ja": "{key}: 文字列が {length} 文字あります。上限は {limit} 文字です",
    },
    "errors.lesson.array_long": {
        "en": "{key}: {length} elements; at most {limit}",
        "ja": "{key}: 要素が {length} 個あります。上限は {limit} 個です",
    },
    "errors.lesson.integer_huge": {
        "en": "{key}: the integer {value} is too large for any lesson value",
        "ja": "{key}: 整数 {value} はレッスンの値として大きすぎます",
    },
    "errors.lesson.range": {
        "en": "{key}: must be between {minimum} and {maximum}{unit}, not {value}",
        "ja": "{key}: {minimum} から {maximum}{unit} の範囲にしてください({value} ではなく)",
    },
    "errors.lesson.resolution": {
        "en": "{key}: {value} s is below the engine's time resolution of 1 µs",
        "ja": "{key}: {value} 秒はエンジンの時間分解能 1 マイクロ秒より短すぎます",
    },
    "errors.lesson.ra_interval": {
        "en": "{key}: {value} s is below MinRtrAdvInterval's least value, 0.03 s "
              "(RFC 6275 7.5); 0 means the default",
        "ja": "{key}: {value} 秒は MinRtrAdvInterval の最小値 0.03 秒より短すぎます"
              "(RFC 6275 7.5)。0 は既定値です",
    },
    "errors.lesson.zone": {
        "en": "{key}: {value} has a zone index (%...); a lesson address names no interface "
              "of this computer, write it without the zone",
        "ja": "{key}: {value} にゾーン指定(%...)があります。レッスンのアドレスにはゾーンを"
              "付けないでください",
    },
    "errors.lesson.flow_budget": {
        "en": "{key}: this flow would send about {packets} packets (every {interval} s for "
              "up to {seconds} s of the script); at most {limit} in a lesson: raise interval "
              "or set count",
        "ja": "{key}: このフローは約 {packets} 個のパケットを送ります({seconds} 秒間、"
              "{interval} 秒ごと)。レッスン全体で {limit} 個までです。interval を大きくするか "
              "count を指定してください",
    },
    "errors.lesson.script_duration": {
        "en": "{key}: the script runs for up to {seconds} s of simulated time; at most {limit} s",
        "ja": "{key}: スクリプトの模擬時間が最大 {seconds} 秒になります。上限は {limit} 秒です",
    },
}
