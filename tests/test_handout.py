"""`mipviz handout ID -o DIR`: an offline page a student can open and print (issue 13 item 3).

The handouts are written once per module by the real command line (a subprocess, as a
lecturer runs it); the tests read what it wrote: no outside URL anywhere, the screens are
SVG files that exist, the Mermaid block, a capture tshark reads, the key log, the quizzes
with their answers folded, Japanese headings, and a page Chromium paints.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from mipviz.handout.markup import inline_html, to_html
from mipviz.handout.mermaid import mermaid_text, sequence_diagram
from mipviz.handout.outdir import OutputError, prepare
from mipviz.handout.points import MAX_SCREENS, Point, choose_screens
from mipviz.handout.screens import offline_svg
from tests.conftest import lesson_run

CHROMIUM = Path("/usr/bin/chromium")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
SVG = "{http://www.w3.org/2000/svg}svg"


def _handout(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mipviz", "handout", *args, "-o",
                           str(directory)], capture_output=True, text=True, timeout=240)


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("handout") / "ro"
    done = _handout(directory, "route-optimisation")
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stderr and "24 points" in done.stderr
    return directory


@pytest.fixture(scope="module")
def japanese(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("handout-ja")
    done = _handout(directory, "attacks", "--lang", "ja")  # an empty directory: written into
    assert done.returncode == 0, done.stderr
    return directory


class _Page(HTMLParser):
    """Every URL the page could load or link to, its headings, and its tags' text."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []
        self.headings: list[str] = []
        self.images: list[str] = []
        self._heading: list[str] | None = None
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href", "srcset", "poster", "data", "action", "formaction"}:
                self.urls.append(value or "")
            if name == "style":
                self.styles.append(value or "")
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        if tag in {"h1", "h2", "h3", "h4"}:
            self._heading = []
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag in {"h1", "h2", "h3", "h4"} and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if self._in_style:
            self.styles.append(data)


def _page(directory: Path) -> _Page:
    page = _Page()
    page.feed((directory / "index.html").read_text(encoding="utf-8"))
    return page


def _css_urls(text: str) -> list[str]:
    return [match.strip("'\" ") for match in re.findall(r"url\(([^)]*)\)", text)]


def _assert_local(url: str, directory: Path) -> None:
    parts = urlsplit(url)
    assert not parts.scheme and not parts.netloc, f"outside URL {url!r}"
    if parts.path:
        assert (directory / parts.path).is_file(), f"{url!r} names no file of the handout"


def test_the_page_names_no_outside_url(english: Path) -> None:
    page = _page(english)
    assert "script" not in page.tags and "link" not in page.tags and "iframe" not in page.tags
    urls = page.urls + [url for style in page.styles for url in _css_urls(style)]
    assert urls, "the page links its files and its sections"
    for url in urls:
        _assert_local(url, english)
    assert any(url.startswith("#") for url in urls)  # the contents
    for svg in [english / "sequence.svg", *(english / "screens").iterdir()]:
        text = svg.read_text(encoding="utf-8")
        for url in _css_urls(text):
            assert url.startswith("#"), f"{svg.name}: {url}"
        assert not re.search(r'(?:href|src)="(?!#)', text), svg.name
        assert "https://" not in text, svg.name  # not even in a comment


def test_a_screen_per_point_each_a_valid_svg(english: Path) -> None:
    from mipviz.lesson.catalog import find_lesson
    from mipviz.lesson.loader import load_lesson
    from mipviz.lesson.runner import run_lesson

    timeline = run_lesson(load_lesson(find_lesson("route-optimisation"))).timeline
    total, last = len(timeline), timeline[len(timeline)]
    page = _page(english)
    screens = [src for src in page.images if src.startswith("screens/")]
    files = sorted((english / "screens").iterdir())
    assert len(screens) == len(files) == 24  # route-optimisation narrates 24 points
    assert screens == [f"screens/{number:03d}.svg" for number in range(1, 25)]
    for file in files:
        root = ElementTree.parse(file).getroot()
        assert root.tag == SVG
        shown = html.unescape(file.read_text(encoding="utf-8")).replace("\xa0", " ")
        assert re.search(rf"Return Routability and route optimisation — step \d+/{total}", shown)
    assert "sequence.svg" in page.images
    chart = (english / "sequence.svg").read_text(encoding="utf-8")
    assert ElementTree.fromstring(chart).tag == SVG
    # the whole chart: its last step (number and time) and the first Home Test Init are on it
    shown = html.unescape(chart).replace("\xa0", " ")
    assert re.search(rf"{total} +{last.seconds:.3f}", shown) and "Home Test Init" in shown


def test_the_narration_and_the_quizzes_answers_folded(english: Path) -> None:
    text = (english / "index.html").read_text(encoding="utf-8")
    assert "<strong>Return Routability</strong>" in text  # the narration's Markdown
    folded = re.findall(r'<details class="answer">(.*?)</details>', text, re.S)
    assert len(folded) == 5  # the lesson's five quizzes
    run = lesson_run("route-optimisation")
    quizzes = [action.quiz for action in run.lesson.script if action.quiz is not None]
    for quiz in quizzes:
        assert html.escape(quiz.question.get("en"), quote=False)[:40] in text
    predicted = [answer for answer in folded if "<code>" in answer]
    assert predicted and all(re.search(r"<code>[0-9a-f:]+|<code>\w", answer)
                             for answer in predicted)
    outside = re.sub(r'<details class="answer">.*?</details>', "", text, flags=re.S)
    assert "The answer:" not in outside


def test_the_mermaid_block_has_every_frame(english: Path) -> None:
    text = (english / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<pre class="mermaid">(.*?)</pre>', text, re.S)
    assert len(blocks) == 1
    diagram = html.unescape(blocks[0])
    lines = diagram.splitlines()
    assert lines[0] == "sequenceDiagram"
    assert {"    participant MN", "    participant HA", "    participant CN"} <= set(lines)
    run = lesson_run("route-optimisation")
    numbers = {int(match) for match in re.findall(r": (\d+): ", diagram)}
    frames = {step.index for step in run.timeline.steps if step.frame is not None}
    assert frames <= numbers
    first_bu = next(step for step in run.timeline.steps
                    if step.tx == "MN" and step.summary.startswith("Binding Update"))
    assert f"    MN->>R2: {first_bu.index}: {first_bu.summary}" in lines
    assert any(line.startswith("    HA-->>R2:") and "⊂⊃" in line for line in lines)  # tunnel


def test_the_capture_reads_in_tshark_and_the_key_log_is_the_runs(english: Path) -> None:
    tshark = shutil.which("tshark")
    assert tshark is not None, "tshark is required (CI installs it)"
    listed = subprocess.run([tshark, "-r", str(english / "lesson.pcap")], capture_output=True,
                            text=True, check=True).stdout.splitlines()
    run = lesson_run("route-optimisation")
    assert len(listed) == sum(1 for step in run.timeline.steps if step.frame_bytes) > 100
    assert any("Home Test Init" in line for line in listed)
    keys = (english / "keys.txt").read_text(encoding="utf-8")
    assert keys.splitlines() == list(run.network.key_log())
    assert keys.startswith("CN_KEY 2001:db8:3::1 ")
    page = (english / "index.html").read_text(encoding="utf-8")
    assert html.escape(keys.splitlines()[0]) in page
    assert '<a href="lesson.pcap">' in page and '<a href="keys.txt">' in page


def test_the_pcapng_beside_it_keeps_the_links_and_the_japanese_comments(
        english: Path, japanese: Path) -> None:
    """lesson.pcapng: one interface per link, each frame on its link, its notes as its
    comment in the handout's language (issue 13 item 4)."""
    tshark = shutil.which("tshark")
    assert tshark is not None, "tshark is required (CI installs it)"
    for folder, lesson, first_word in ((english, "route-optimisation", "Step "),
                                       (japanese, "attacks", "ステップ ")):
        frames = [step for step in lesson_run(lesson).timeline.steps if step.frame_bytes]
        rows = subprocess.run(
            [tshark, "-r", str(folder / "lesson.pcapng"), "-T", "fields", "-E",
             "separator=\t", "-e", "frame.interface_name", "-e", "frame.comment"],
            capture_output=True, text=True, check=True).stdout.splitlines()
        assert [row.split("\t")[0] for row in rows] == [step.link for step in frames]
        assert all(row.split("\t")[1].startswith(first_word) for row in rows)
    page = (english / "index.html").read_text(encoding="utf-8")
    assert '<a href="lesson.pcapng">' in page and "mipviz replay lesson.pcapng" in page


def test_the_return_routability_values_are_the_explanations(english: Path) -> None:
    text = html.unescape((english / "index.html").read_text(encoding="utf-8"))
    values = re.findall(r'<pre class="values">(.*?)</pre>', text, re.S)
    assert len(values) == 8  # HoTI/CoTI answered, HoT/CoT taken, two BUs and their BAs
    assert all("✓ equal" in block for block in values)
    assert any("Kbm" in block for block in values)


def test_japanese_headings_and_lesson_text(japanese: Path) -> None:
    page = _page(japanese)
    text = (japanese / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in text
    assert page.headings and all(JAPANESE.search(heading) for heading in page.headings), \
        [heading for heading in page.headings if not JAPANESE.search(heading)]
    narration = re.findall(r'<div class="narration">(.*?)</div>', text, re.S)
    assert narration and all(JAPANESE.search(block) for block in narration)
    assert len(list((japanese / "screens").iterdir())) == len(narration)


def test_a_folder_with_other_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("mine", encoding="utf-8")
    done = _handout(tmp_path, "attacks")
    assert done.returncode == 1
    assert "thesis.tex" in done.stderr and "not a previous handout" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["thesis.tex"]
    file = tmp_path / "thesis.tex"
    done = _handout(file, "attacks")
    assert done.returncode == 1 and "is not a directory" in done.stderr


def test_a_bad_lesson_is_a_message(tmp_path: Path) -> None:
    done = _handout(tmp_path / "out", "no-such-lesson")
    assert done.returncode == 1 and "no-such-lesson" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()


def test_a_previous_handout_is_rewritten_its_old_screens_gone(tmp_path: Path) -> None:
    (tmp_path / "screens").mkdir()
    for name in ("index.html", "keys.txt", "lesson.pcap", "sequence.svg", "screens/041.svg"):
        (tmp_path / name).write_text("old", encoding="utf-8")
    prepare(tmp_path, "en")
    assert list((tmp_path / "screens").iterdir()) == []
    (tmp_path / "screens" / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match=r"screens/notes\.md"):
        prepare(tmp_path, "en")


def test_lesson_markdown_is_escaped_and_links_nowhere() -> None:
    out = to_html("<script>alert(1)</script> **b** [rfc](https://www.rfc-editor.org/rfc/rfc6275)"
                  " ![x](http://example.com/x.png) [js](javascript:alert(1)) <b onclick=x>")
    assert "<script" not in out and "<b " not in out and "&lt;script&gt;" in out
    assert "href=" not in out and "src=" not in out
    assert "<strong>b</strong>" in out and "rfc-editor.org/rfc/rfc6275" in out  # as text
    assert inline_html("a < b & `c`") == "a &lt; b &amp; <code>c</code>"


def test_mermaid_text_cannot_break_the_diagram() -> None:
    assert mermaid_text("a; b #1 <x>\nnext") == "a#59; b #35;1 #lt;x#gt; next"
    run = lesson_run("nested-nemo")
    diagram = sequence_diagram(run.lesson, run.timeline)
    assert all(line.startswith(("sequenceDiagram", "    participant ", "    Note over ",
                                "    ")) for line in diagram.splitlines())
    assert re.search(r"^    Train-\)RS: \d+: Router Solicitation", diagram, re.M)  # multicast


def test_screens_lose_their_cdn_font_and_keep_wide_characters_wide() -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg"><!-- Generated with Rich '
           'https://www.textualize.io --><style>@font-face { src: local("FiraCode-Regular"),'
           '\n    url("https://cdnjs.cloudflare.com/x.woff2") format("woff2"),\n'
           '    url("https://cdnjs.cloudflare.com/x.woff") format("woff"); }</style>'
           '<text x="0" textLength="36.6" clip-path="url(#a)">ルータ</text>'
           '<text x="0" textLength="24.4" clip-path="url(#a)">R2</text></svg>')
    out = offline_svg(svg)
    assert "https://" not in out and 'src: local("FiraCode-Regular");' in out
    assert 'textLength="73.2"' in out and 'textLength="24.4"' in out  # 3 chars = 6 cells


@pytest.mark.parametrize("lesson_id", ["home-registration", "route-optimisation",
                                       "attacks", "nested-nemo"])
def test_a_predict_quiz_screen_never_shows_the_answer(lesson_id: str) -> None:
    """The screen of a point with a "predict the next packet" quiz shows no frame the quiz's
    node sent after the quiz was asked (the answer)."""
    from mipviz.handout.points import lesson_points

    starts: dict[int, int] = {}
    run = run_lesson_with_starts(lesson_id, starts)
    predicted = 0
    for point in lesson_points(run, starts, "en"):
        for quiz in point.quizzes[:1]:  # the screen shows the point's first quiz
            if quiz.spec.kind != "predict":
                continue
            predicted += 1
            shown = run.timeline.steps[quiz.position:point.shot_at]
            assert not [step.index for step in shown
                        if step.frame is not None and step.tx == quiz.spec.node]
            assert point.shot_at >= quiz.position
    assert predicted


def test_the_screen_steps_back_before_a_predicted_frame() -> None:
    """A point narrating the very frame a quiz asked about is shot just before it."""
    from types import SimpleNamespace

    from mipviz.handout.points import Quiz, _shot_at

    frame = SimpleNamespace(frame=object(), tx="CN")
    other = SimpleNamespace(frame=object(), tx="R3")
    run = SimpleNamespace(timeline=SimpleNamespace(steps=[other] * 38 + [frame, other]))
    predict = SimpleNamespace(kind="predict", node="CN")
    point = Point(39, "the CN's ping", [Quiz(5, 38, predict)])  # type: ignore[arg-type]
    assert _shot_at(point, run) == 38  # type: ignore[arg-type]
    point = Point(39, "the CN's ping", [Quiz(5, 38, SimpleNamespace(  # type: ignore[arg-type]
        kind="predict", node="MN"))])
    assert _shot_at(point, run) == 39  # type: ignore[arg-type]
    point = Point(30, "later", [Quiz(5, 33, SimpleNamespace(kind="choice"))])  # type: ignore[arg-type]
    assert _shot_at(point, run) == 33  # type: ignore[arg-type]


def run_lesson_with_starts(lesson_id: str, starts: dict[int, int]):  # type: ignore[no-untyped-def]
    from mipviz.lesson.catalog import find_lesson
    from mipviz.lesson.loader import load_lesson
    from mipviz.lesson.runner import run_lesson

    return run_lesson(load_lesson(find_lesson(lesson_id)),
                      on_action=lambda number, steps: starts.setdefault(number, steps))


def test_at_most_forty_screens_quizzes_first() -> None:
    from mipviz.handout.points import Quiz

    points = [Point(step, f"text {step}") for step in range(1, 101)]
    points[57].quizzes.append(Quiz(1, 58, object()))  # type: ignore[arg-type]
    chosen = choose_screens(points)
    assert len(chosen) == MAX_SCREENS
    assert points[0] in chosen and points[-1] in chosen and points[57] in chosen
    assert [point.step for point in chosen] == sorted(point.step for point in chosen)
    assert choose_screens(points[:10]) == points[:10]


# -- a real browser --------------------------------------------------------------------------


def _png_colours(data: bytes) -> set[bytes]:
    """The distinct pixel colours of an 8-bit RGB(A) PNG (sampled), decoded with zlib
    and the PNG filters (RFC 2083 §6), so a blank page is one colour, whatever its filters."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, kind = struct.unpack(">IIBB", data[16:26])
    assert depth == 8 and kind in (2, 6), (depth, kind)
    channels = 3 if kind == 2 else 4
    chunks, at = [], 8
    while at < len(data):
        length, name = struct.unpack(">I4s", data[at:at + 8])
        if name == b"IDAT":
            chunks.append(data[at + 8:at + 8 + length])
        at += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for row in range(height):
        start = row * (stride + 1)
        kind_of_filter, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind_of_filter == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind_of_filter == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind_of_filter == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind_of_filter == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 0xFF
        if row % 7 == 0:  # every seventh row is plenty to tell a page from a blank
            colours.update(bytes(line[i:i + 3]) for i in range(0, stride, channels * 3))
        previous = line
    return colours


@pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                    reason="no /usr/bin/chromium (CI installs it: there this test fails)")
def test_chromium_paints_the_page(english: Path, tmp_path: Path) -> None:
    assert CHROMIUM.exists(), "CI installs chromium for the browser tests"
    shot = tmp_path / "page.png"
    command = [str(CHROMIUM), "--headless", "--disable-gpu", "--hide-scrollbars",
               "--window-size=1000,1000", f"--screenshot={shot}",
               (english / "index.html").as_uri()]
    if os.geteuid() == 0:
        command.insert(1, "--no-sandbox")
    subprocess.run(command, capture_output=True, timeout=120, check=True,
                   env={**os.environ, "HOME": str(tmp_path)})
    colours = _png_colours(shot.read_bytes())
    assert len(colours) > 8, "the page painted as a blank"
    # the first screen (Textual's dark theme) is on it, so the SVG image loaded from the folder
    assert any(max(colour) < 0x30 for colour in colours)
    assert any(min(colour) > 0xF0 for colour in colours)  # and the page's white
