"""Words shared by every area: languages, yes/no, units."""

MESSAGES: dict[str, dict[str, str]] = {
    "common.language.en": {"en": "English", "ja": "英語"},
    "common.language.ja": {"en": "Japanese", "ja": "日本語"},
    "common.seconds": {"en": "{value} s", "ja": "{value} 秒"},
    "common.milliseconds": {"en": "{value} ms", "ja": "{value} ミリ秒"},
}
