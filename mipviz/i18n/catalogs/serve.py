"""`mipviz serve`: what the lecturer reads on start-up and what the served page says."""

MESSAGES: dict[str, dict[str, str]] = {
    "serve.open": {
        "en": "mipviz serve: open {url} in a web browser (every tab is its own session; "
              "Ctrl+C stops)",
        "ja": "mipviz serve: ウェブブラウザで {url} を開いてください（タブごとに別のセッション、"
              "Ctrl+C で停止）",
    },
    "serve.other-machines": {
        "en": "  from other machines: {url} (or this machine's address)",
        "ja": "  ほかのマシンからは {url}（またはこのマシンのアドレス）",
    },
    "serve.font": {
        "en": "  Japanese text in the browser: {path}",
        "ja": "  ブラウザの日本語フォント: {path}",
    },
    "serve.no-font": {
        "en": "mipviz serve: no monospace font with Japanese glyphs found (looked for {looked}); "
              "browsers will draw Japanese with their own fonts. Install Debian's "
              "fonts-ipafont-gothic, or pass --font FILE.",
        "ja": "mipviz serve: 日本語の字形を持つ等幅フォントが見つかりません"
              "（探した場所: {looked}）。"
              "日本語はブラウザ自身のフォントで描かれます。Debian の fonts-ipafont-gothic を"
              "入れるか、--font FILE を指定してください。",
    },
    "serve.bad-font": {
        "en": "--font {path}: {reason}",
        "ja": "--font {path}: {reason}",
    },
    "serve.font-missing": {"en": "no such file", "ja": "ファイルがありません"},
    "serve.font-format": {
        "en": "not a font a browser loads (use a .ttf, .otf, .woff or .woff2 file)",
        "ja": "ブラウザが読めるフォントではありません（.ttf、.otf、.woff、.woff2 のファイルを"
              "指定してください）",
    },
    "serve.cannot-listen": {
        "en": "cannot listen on {host}:{port}: {reason} (is another server using the port? "
              "try --port)",
        "ja": "{host}:{port} で待ち受けできません: {reason}（ほかのサーバがこのポートを"
              "使っていませんか。--port を試してください）",
    },
    "serve.bad-port": {
        "en": "--port {port}: a port is a number from 1 to 65535",
        "ja": "--port {port}: ポートは 1 から 65535 までの数です",
    },
    "serve.needs-textual-serve": {
        "en": "`mipviz serve` needs the textual-serve package ({error}); "
              "install it with: pip install textual-serve",
        "ja": "`mipviz serve` には textual-serve パッケージが必要です（{error}）。"
              "pip install textual-serve で入れてください",
    },
    "serve.stopped": {"en": "mipviz serve: stopped", "ja": "mipviz serve: 停止しました"},
    # The served page (mipviz/web/templates/app_index.html).
    "serve.page.connecting": {
        "en": "mipviz: starting your session…",
        "ja": "mipviz: セッションを起動しています…",
    },
    "serve.page.start": {"en": "Start", "ja": "開始"},
    "serve.page.ended": {"en": "Session ended.", "ja": "セッションが終了しました。"},
    "serve.page.restart": {"en": "Start again", "ja": "もう一度始める"},
}
