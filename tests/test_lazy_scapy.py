"""A lesson opened for the first time shows its first step without importing scapy or
networkx (issue 14 item 1): the struct codec (mipviz.wire.struct_encode/struct_decode) builds
and reads a common lesson's frames, routes come from mipviz.engine.shortest_paths, and scapy is
imported only for a frame the struct codec declines — which scapy then builds and reads exactly
as before. Each check runs in a fresh interpreter: this test process has long loaded both."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import networkx as nx

from mipviz import wire
from mipviz.engine import shortest_paths
from mipviz.wire import struct_encode
from mipviz.wire.decode import _decode
from mipviz.wire.encode import scapy_encode_frame
from tests.conftest import lesson_run

REPO = Path(__file__).resolve().parent.parent


def _run(code: str, tmp_path: Path) -> dict[str, object]:
    """Run *code* in a fresh interpreter with an empty run cache (a first opening); it prints
    one JSON object as its last line."""
    env = dict(os.environ, PYTHONPATH=str(REPO), MIPVIZ_CACHE_DIR=str(tmp_path / "cache"),
               MIPVIZ_DATA_DIR=str(tmp_path / "data"))
    output = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], check=True,
                            capture_output=True, text=True, env=env, cwd=REPO).stdout
    result: dict[str, object] = json.loads(output.strip().splitlines()[-1])
    return result


ENGINE = """
    import json, sys
    from mipviz.lesson.catalog import find_lesson
    from mipviz.lesson.loader import load_lesson
    from mipviz.lesson.runner import run_lesson
    run = run_lesson(load_lesson(find_lesson({lesson!r})))
    print(json.dumps({{"steps": len(run.timeline), "scapy": "scapy" in sys.modules,
                      "networkx": "networkx" in sys.modules}}))
"""


def _engine(lesson: str, tmp_path: Path) -> dict[str, object]:
    return _run(ENGINE.format(lesson=lesson), tmp_path)


def test_the_engine_runs_home_registration_without_scapy_or_networkx(tmp_path: Path) -> None:
    result = _engine("home-registration", tmp_path)
    assert result["steps"] == len(lesson_run("home-registration").timeline)
    assert result == {**result, "scapy": False, "networkx": False}


def test_a_frame_the_struct_codec_declines_still_imports_scapy(tmp_path: Path) -> None:
    # reverse-tunnelling sends frames outside the struct subset: scapy comes in for them
    result = _engine("reverse-tunnelling", tmp_path)
    assert result["steps"] == len(lesson_run("reverse-tunnelling").timeline)
    assert result["scapy"] is True


def test_declined_frames_are_built_and_read_by_scapy_as_before() -> None:
    declined = [step for step in lesson_run("reverse-tunnelling").timeline
                if step.frame is not None and step.frame_bytes is not None
                and struct_encode.encode_frame(step.frame) is None]
    assert declined, "the lesson no longer has a frame the struct codec declines"
    for step in declined:
        assert step.frame is not None and step.frame_bytes is not None
        assert wire.encode_frame(step.frame) == scapy_encode_frame(step.frame) == step.frame_bytes
        assert wire.decode_frame(step.frame_bytes) == _decode(step.frame_bytes, 1,
                                                              use_struct=False)


UI = """
    import json, sys, asyncio
    from mipviz.ui.app import MipvizApp
    from mipviz.ui.screen import StepShown
    seen = []
    def hook(message):
        if isinstance(message, StepShown) and not seen:
            seen.append({"total": message.total, "scapy": "scapy" in sys.modules,
                         "networkx": "networkx" in sys.modules})
    async def main():
        app = MipvizApp("home-registration")
        async with app.run_test(size=(160, 50), message_hook=hook) as pilot:
            for _ in range(3000):
                if seen:
                    break
                await asyncio.sleep(0.02)
    asyncio.run(main())
    print(json.dumps(seen[0]))
"""


def test_the_first_step_shown_has_not_imported_scapy_or_networkx(tmp_path: Path) -> None:
    result = _run(UI, tmp_path)
    assert result == {"total": len(lesson_run("home-registration").timeline),
                      "scapy": False, "networkx": False}


def test_routes_take_the_path_networkx_takes() -> None:
    """Where shortest paths tie, the search keeps networkx's choice (so routes, and every
    frame, stay as they were)."""
    generator = random.Random(14)
    for _ in range(200):
        ours: shortest_paths.Graph[int] = shortest_paths.Graph()
        theirs: nx.Graph = nx.Graph()
        for _edge in range(generator.randrange(1, 30)):
            u, v = generator.randrange(12), generator.randrange(12)
            ours.add_edge(u, v)
            theirs.add_edge(u, v)
        for source in theirs.nodes:
            assert shortest_paths.single_source_shortest_path(ours, source) == \
                nx.single_source_shortest_path(theirs, source)
