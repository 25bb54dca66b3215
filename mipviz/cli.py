"""The ``mipviz`` command line (DESIGN.md, "Command-line contract").

One argparse subcommand per command, each handled by one small ``_cmd_*`` function that
returns the exit code: 0 success, 1 bad input (a message on stderr), 2 usage (argparse).
Importing this module stays cheap: every handler imports what it needs (the lesson loader,
the engine, Textual, scapy) only when it runs.

``trace`` and ``export`` live in :mod:`mipviz.commands` (``mipviz.commands.trace.run(args)``,
``mipviz.commands.export.run(args)``); their arguments are declared here.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mipviz.lesson.languages import LANGUAGES
from mipviz.text_safety import VisibleWriter

if TYPE_CHECKING:
    from mipviz.lesson._report import Problem

Handler = Callable[[argparse.Namespace], int]

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line *argv* (default: ``sys.argv[1:]``) and return its exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, usage errors: argparse has printed
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    handler: Handler = args.handler
    stderr = sys.stderr
    if handler not in _TERMINAL_UI:  # a message may quote a lesson, a capture or a path
        sys.stderr = VisibleWriter(stderr)
    try:
        return handler(args)
    except BrokenPipeError:  # `mipviz lessons | head`: the reader left; that is fine
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    finally:
        sys.stderr = stderr


def build_parser() -> argparse.ArgumentParser:
    """The whole argument parser: one subparser per command of the contract."""
    parser = argparse.ArgumentParser(
        prog="mipviz",
        description="Watch Mobile IPv6 and NEMO happen one packet at a time.",
        epilog="With no command, mipviz opens the lesson picker.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.set_defaults(handler=_cmd_tui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub

    lesson = command("lesson", _cmd_lesson, "open a lesson in the terminal UI")
    lesson.add_argument("lesson", metavar="ID|PATH", help="a bundled lesson id or a lesson file")
    lesson.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the text")
    lesson.add_argument("--presenter", action="store_true",
                        help="for a lecturer: quiz answers hidden until revealed (r), "
                        "a larger narration pane, no quiz gates")
    lesson.add_argument("--share", action="store_true",
                        help="publish the presenter's position (step, revealed answers, pane) "
                        "for `mipviz follow HOST:PORT`; implies --presenter")
    lesson.add_argument("--host", default="127.0.0.1",
                        help="with --share: address to listen on (default 127.0.0.1)")
    lesson.add_argument("--port", type=int, default=8765,
                        help="with --share: port to listen on (default 8765; 0: any free one)")

    follow = command("follow", _cmd_follow, "follow a lecturer's `lesson --share` in the "
                     "terminal UI: the same lesson at this size and in this language")
    follow.add_argument("address", metavar="HOST:PORT", help="what the lecturer's screen says")
    follow.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the text")

    replay = command("replay", _cmd_replay, "step through a pcap/pcapng capture in the UI")
    replay.add_argument("capture", metavar="CAPTURE", nargs="+",
                        help="pcap or pcapng files (several are merged by timestamp)")
    replay.add_argument("--esp-sa", metavar="FILE",
                        help="decrypt ESP with the SAs of this Wireshark esp_sa table "
                        "(what `mipviz export --keylog K.txt` writes to K.esp_sa)")
    replay.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the text")

    lessons = command("lessons", _cmd_lessons, "list the bundled lessons")
    lessons.add_argument("--format", choices=("text", "json"), default="text")

    check = command("check", _cmd_check, "check lesson files (or directories of them)")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--lang", choices=LANGUAGES, default="en",
                       help="language of the messages (the file:line: key: prefix is the same)")

    trace = command("trace", _cmd_trace, "run a lesson headless, one record per step")
    trace.add_argument("lesson", metavar="ID|PATH")
    trace.add_argument("--format", choices=("text", "jsonl"), default="text")
    trace.add_argument("--lang", choices=("en", "ja"), default="en",
                       help="language of the narration, the engine's notes and the quizzes")

    challenge = command("challenge", _cmd_challenge,
                        "attempt a challenge level headless: the goal, the checks, the verdict")
    challenge.add_argument("lesson", metavar="ID|PATH")
    challenge.add_argument("--try", dest="try_", nargs="+", metavar="ACTION",
                           help="the learner's actions, e.g. ro:MN:on@0 move:MN:visited@2 "
                           "place:Eve:cn-net:eavesdropper fail:MN@5 restore:MN@40 wait:30")
    challenge.add_argument("--solution", action="store_true",
                           help="attempt the level's minimal solution")
    challenge.add_argument("--lang", choices=LANGUAGES, default="en")

    handovers = command("handovers", _cmd_handovers, "run a lesson headless and measure each "
                        "handover: its phases, the total and the packets lost (S23)")
    handovers.add_argument("lesson", metavar="ID|PATH")
    handovers.add_argument("--format", choices=("text", "json"), default="text")
    handovers.add_argument("--lang", choices=LANGUAGES, default="en",
                           help="language of the text")

    export = command("export", _cmd_export, "run a lesson headless and write every frame to "
                     "pcap, or to pcapng with one interface per link")
    export.add_argument("lesson", metavar="ID|PATH")
    export.add_argument("-o", "--output", required=True, metavar="OUT.pcap|OUT.pcapng")
    export.add_argument("--format", choices=("pcap", "pcapng"), default=None,
                        help="pcap (one Ethernet link type) or pcapng (one interface per link, "
                        "each frame's notes as its comment); default: from the file name, "
                        "pcapng for *.pcapng, else pcap")
    export.add_argument("--keylog", metavar="KEYS.txt", help="write the RR secrets here")
    export.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of the pcapng frame comments")

    handout = command("handout", _cmd_handout, "write a lesson as an offline HTML handout: "
                      "each narration point's screen, text and quiz, the sequence chart, "
                      "the Return Routability values, the capture and key log")
    handout.add_argument("lesson", metavar="ID|PATH")
    handout.add_argument("-o", "--output", required=True, metavar="DIR",
                         help="a new or empty directory (or a previous handout's)")
    handout.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the text")

    dump = command("dump", _cmd_dump, "decode captures headless, one record per packet "
                   "(several captures are merged by timestamp)")
    dump.add_argument("capture", metavar="CAPTURE", nargs="+", help="pcap or pcapng files")
    dump.add_argument("--format", choices=("text", "jsonl"), default="text")
    dump.add_argument("--esp-sa", metavar="FILE",
                      help="decrypt ESP with the SAs of this Wireshark esp_sa table "
                      "(what `mipviz export --keylog K.txt` writes to K.esp_sa)")
    dump.add_argument("--lang", choices=LANGUAGES, default="en",
                      help="language of the notes (jsonl: the problems and events strings)")

    serve = command("serve", _cmd_serve, "serve the terminal UI to a web browser: every tab "
                    "is its own session, nothing loaded from outside the served host")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; 0.0.0.0 for a classroom)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--lesson", metavar="ID|PATH",
                       help="open this lesson in every tab (default: the lesson picker)")
    serve.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the text")
    serve.add_argument("--font", metavar="FILE",
                       help="monospace font with Japanese glyphs to give the browsers "
                       "(default: IPAGothic or another found on this machine)")
    serve.add_argument("--follow", metavar="HOST:PORT",
                       help="every tab follows the lecturer sharing at HOST:PORT "
                       "(`mipviz lesson ID --presenter --share`)")
    return parser


# -- commands --------------------------------------------------------------------------------


def _cmd_tui(args: argparse.Namespace) -> int:
    """``mipviz``: the lesson picker, the first lesson selected."""
    from mipviz.commands import ui

    return ui.run_picker(args)


def _cmd_lesson(args: argparse.Namespace) -> int:
    """``mipviz lesson ID|PATH``: check the lesson, then open it in the terminal UI."""
    from mipviz.commands import ui

    return ui.run_lesson(args)


def _cmd_follow(args: argparse.Namespace) -> int:
    """``mipviz follow HOST:PORT``: follow a sharing lecturer in the terminal UI."""
    from mipviz.commands import follow as _f

    return _f.run_follow(args)


def _cmd_replay(args: argparse.Namespace) -> int:
    """``mipviz replay CAPTURE...``: check the files are captures, then open the UI."""
    from mipviz.commands import replay as _r

    return int(_r.run(args))


def _cmd_lessons(args: argparse.Namespace) -> int:
    """``mipviz lessons``: id, title and topics of each bundled lesson, as text or JSON."""
    from mipviz.lesson.catalog import bundled_lessons_dir, list_lessons

    lessons = list_lessons()
    out = VisibleWriter(sys.stdout, json_lines=args.format == "json")
    if args.format == "json":
        import json

        records = [
            {"id": info.id, "title": info.title.get("en"), "topics": list(info.topics)}
            for info in lessons
        ]
        print(json.dumps(records, ensure_ascii=False, indent=2), file=out)
        return EXIT_OK
    if not lessons:
        print(f"no lessons in {bundled_lessons_dir()}", file=sys.stderr)
        return EXIT_OK
    id_width = max(len(info.id) for info in lessons)
    title_width = max(len(info.title.get("en")) for info in lessons)
    for info in lessons:
        title = info.title.get("en")
        print(f"{info.id:<{id_width}}  {title:<{title_width}}  {' '.join(info.topics)}".rstrip(),
              file=out)
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    """``mipviz check PATH...``: one ``file:line: message`` per problem on stderr; exit 1 if any.

    A directory stands for the ``*.toml`` files in it. On success only a one-line summary is
    printed, on stdout.
    """
    from mipviz.i18n import tr
    from mipviz.i18n.catalogs.replay_text import MESSAGES
    from mipviz.i18n.said import phrase
    from mipviz.lesson.loader import Problem, check_lessons

    language = getattr(args, "lang", "en") or "en"

    def counted(what: str, n: int) -> str:
        return tr(f"lesson.check.{what}.{'one' if n == 1 else 'many'}", language, n=n)

    files: list[str] = []
    problems: list[Problem] = []
    for name in args.paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                problems.append(Problem(name, 0, phrase("lesson.check.no_files", MESSAGES)()))
            files.extend(str(file) for file in found)
        else:
            files.append(name)
    problems.extend(check_lessons(files))
    problems.extend(_quiz_leaks(files, {problem.path for problem in problems}))
    count = counted("files", len(files))
    if not problems:
        print(tr("lesson.check.ok", language, count=count))
        return EXIT_OK
    bad_files = len({problem.path for problem in problems})
    for problem in problems:
        print(problem.render(language), file=sys.stderr)
    print(tr("lesson.check.failed", language, count=count,
             problems=counted("problems", len(problems)),
             files=counted("in_files", bad_files)), file=sys.stderr)
    return EXIT_BAD_INPUT


def _quiz_leaks(files: list[str], bad: set[str]) -> list[Problem]:
    """Run each valid lesson and report quizzes answerable by looking (mipviz.lesson.leaks)."""
    from mipviz.lesson.leaks import quiz_leaks
    from mipviz.lesson.loader import LessonError, load_lesson

    problems: list[Problem] = []
    for file in files:
        if file in bad:
            continue
        try:
            lesson = load_lesson(file)
        except LessonError:
            continue
        if any(action.quiz is not None for action in lesson.script):
            problems.extend(quiz_leaks(lesson))
    return problems


def _cmd_trace(args: argparse.Namespace) -> int:
    try:
        from mipviz.commands import trace as _t
    except ModuleNotFoundError as error:
        return _missing_command("trace", error)
    return int(_t.run(args))


def _cmd_challenge(args: argparse.Namespace) -> int:
    from mipviz.commands import challenge as _c

    return int(_c.run(args))


def _cmd_handovers(args: argparse.Namespace) -> int:
    from mipviz.commands import handovers as _h

    return int(_h.run(args))


def _cmd_export(args: argparse.Namespace) -> int:
    try:
        from mipviz.commands import export as _e
    except ModuleNotFoundError as error:
        return _missing_command("export", error)
    return int(_e.run(args))


def _cmd_handout(args: argparse.Namespace) -> int:
    from mipviz.commands import handout as _ho

    return int(_ho.run(args))


def _cmd_dump(args: argparse.Namespace) -> int:
    from mipviz.commands import dump as _d

    return int(_d.run(args))


def _cmd_serve(args: argparse.Namespace) -> int:
    """``mipviz serve``: the terminal UI in web browsers, one process per tab."""
    from mipviz.commands import serve as _s

    return _s.run(args)


# -- helpers ---------------------------------------------------------------------------------


def _error(message: str) -> int:
    print(f"mipviz: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _not_implemented(command: str) -> int:
    return _error(f"`mipviz {command}` is not implemented yet")


def _missing_command(command: str, error: ModuleNotFoundError) -> int:
    """`trace`/`export` before :mod:`mipviz.commands` has them; any other import error is a bug."""
    if error.name not in ("mipviz.commands", f"mipviz.commands.{command}"):
        raise error
    return _not_implemented(command)


def _report_problems(problems: Sequence[Any]) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_BAD_INPUT


_TERMINAL_UI = (_cmd_tui, _cmd_lesson, _cmd_replay, _cmd_follow)  # Textual owns the terminal there


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked for (importlib.metadata is slow to import)."""

    def __init__(
        self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **_: Any
    ) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="print the version and exit",
        )

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("mipviz")
        except PackageNotFoundError:
            number = "(not installed)"
        parser.exit(message=f"mipviz {number}\n")
