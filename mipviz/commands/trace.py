"""`mipviz trace ID|PATH [--format text|jsonl]`: run a lesson headless, one record per step."""

from __future__ import annotations

import argparse
import json
import sys

from mipviz.commands._run import CommandError, load_and_run
from mipviz.records import step_record


def run(args: argparse.Namespace) -> int:
    try:
        lesson_run = load_and_run(args.lesson, getattr(args, "lang", "en") or "en")
    except CommandError as error:
        print(f"mipviz trace: {error}", file=sys.stderr)
        return 1
    out = sys.stdout
    fmt = getattr(args, "format", "text") or "text"
    for step in lesson_run.timeline:
        record = step_record(step)
        if fmt == "jsonl":
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        where = f"{record['tx'] or ''}->{record['rx'] or '*'}" if step.frame else step.kind
        line = f"{step.index:5d} {step.seconds:9.3f}s {step.link or '-':10} {where:14} "
        line += record["summary"]
        if step.narration:
            out.write(f"      # {step.narration}\n")
        out.write(line + "\n")
        for event in step.events:
            out.write(f"{'':33}{event}\n")
    return 0
