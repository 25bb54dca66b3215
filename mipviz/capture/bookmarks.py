"""Bookmarks into one or more captures: where to read again to get step *n* first, without
reading the steps before it.

Pass 1 (:mod:`mipviz.capture.survey`) reads every packet once; while it does, it keeps a
:data:`Bookmark` at step 1 and at every multiple of ``every`` steps. A replay that shows a
window of steps far into a big capture (:mod:`mipviz.capture.window`) then seeks straight to
the bookmark before it instead of reading the file from its start: jumping to the end of a
1 GB capture costs one window's reading, not the whole file's.

Several captures are merged by timestamp (ties keep the order of the files given, then the
order in the file, the rule of :func:`mipviz.capture.survey.merged_records`); a bookmark then
holds a place in every file: the bookmarked record itself in its own file, and just after
the last record already merged in each of the others, so resuming merges exactly the same
sequence from the bookmarked step on.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from itertools import islice, repeat
from typing import NamedTuple

from mipviz.capture.reader import ReadState, Record, Resume, read_records


class FileMark(NamedTuple):
    """One file's place in a bookmark: resume at ``resume`` (None: the file's start), then
    drop ``skip`` records (the one already merged before the bookmarked step)."""

    resume: Resume | None
    skip: int = 0


Bookmark = tuple[FileMark, ...]


def marked_records(paths: Sequence[str], every: int,
                   marks: dict[int, Bookmark]) -> Iterator[tuple[int, Record]]:
    """``(file index, record)`` merged as :func:`mipviz.capture.survey.merged_records` does,
    putting a bookmark into ``marks`` at step 1 and every ``every`` steps."""
    states = [ReadState() for _ in paths]
    if len(paths) == 1:
        state = states[0]
        for step, record in enumerate(read_records(paths[0], state), start=1):
            if step % every == 0 or step == 1:
                marks[step] = (FileMark(state.resume_at(record)),)
            yield 0, record
        return
    # after the last record merged from each file (none yet: the file's start)
    after: list[FileMark] = [FileMark(None)] * len(paths)
    keyed = [_keyed(index, path, states[index]) for index, path in enumerate(paths)]
    for step, (_, index, record) in enumerate(heapq.merge(*keyed), start=1):
        # heapq.merge hands a record on before it reads that file's next one, so the file's
        # state is still the state this record was read in
        here = states[index].resume_at(record)
        if step % every == 0 or step == 1:
            marks[step] = tuple(FileMark(here) if other == index else mark
                                for other, mark in enumerate(after))
        after[index] = FileMark(here, 1)
        yield index, record


def records_from(paths: Sequence[str], bookmark: Bookmark) -> Iterator[tuple[int, Record]]:
    """The merged records from a bookmarked step on (the bookmarked record first)."""
    if len(paths) == 1:
        mark = bookmark[0]
        return zip(repeat(0), islice(read_records(paths[0], resume=mark.resume), mark.skip,
                                     None))
    keyed = [_keyed(index, path, None, bookmark[index])
             for index, path in enumerate(paths)]
    return ((index, record) for _, index, record in heapq.merge(*keyed))


def _keyed(index: int, path: str, state: ReadState | None, mark: FileMark | None = None,
           ) -> Iterator[tuple[tuple[int, int, int], int, Record]]:
    """A file's records keyed for the merge: time, then file order, then record order."""
    records = read_records(path, state, mark.resume if mark is not None else None)
    if mark is not None and mark.skip:
        records = islice(records, mark.skip, None)
    for record in records:
        yield (record.time, index, record.number), index, record
