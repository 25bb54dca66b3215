"""Where each key of a TOML document is: a key path -> line-number map for error messages.

:mod:`tomllib` returns plain dicts and lists with no positions, so the loader cannot say on
which line a bad value sits. This module scans the raw text a second time and records the line
of every key, every table header and every array element, under the same path the parsed data
uses: ``("script", 3, "action")`` is the ``action =`` line of the fourth ``[[script]]`` table,
``("topology", "nodes", 1, "interfaces", 0)`` the first element of that node's ``interfaces``
array (inline tables and multi-line arrays included).

The scanner only runs on text that :mod:`tomllib` has already accepted, so it can be lenient:
it does not validate, it only follows the structure. If it is ever confused it stops and keeps
what it has; :func:`locate` then falls back to the nearest enclosing key it knows.
"""

from __future__ import annotations

import bisect
import contextlib
import tomllib

KeyPath = tuple[str | int, ...]

# Prefixes longer than this are not recorded (only the whole path is): recording every
# prefix of a path of n keys stores n tuples of up to n keys, quadratic in time and memory
# (one 20,000-part dotted header took 12.9 s and 1.6 GB). No lesson nests this deep.
_RECORDED_PREFIX = 64

_BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = frozenset(",]}\n\r#")


def key_lines(text: str) -> dict[KeyPath, int]:
    """Map every key path, table header and array element in TOML *text* to its 1-based line.

    The first place a path appears wins (``[a.b]`` after ``a.c = 1`` keeps ``a``'s line at the
    ``a.c`` line). ``()`` (the document) is always line 1.
    """
    scanner = _Scanner(text)
    # If confused, keep what was found so far: locate() falls back to enclosing keys.
    with contextlib.suppress(IndexError, ValueError, tomllib.TOMLDecodeError):
        scanner.document()
    return scanner.lines


def locate(lines: dict[KeyPath, int], path: KeyPath) -> int:
    """The line of *path*, or of its nearest enclosing key that has one (1 for the document)."""
    line = lines.get(path)
    if line is not None:
        return line
    for end in range(min(len(path) - 1, _RECORDED_PREFIX), 0, -1):
        line = lines.get(path[:end])
        if line is not None:
            return line
    return 1


class _Scanner:
    """A structure-only walk over valid TOML, recording the line where each path starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: dict[KeyPath, int] = {(): 1}
        self._newlines = [index for index, char in enumerate(text) if char == "\n"]
        # Array-of-tables path -> how many [[...]] elements it has had so far.
        self._array_tables: dict[KeyPath, int] = {}
        self._array_table_lengths: set[int] = set()  # so resolve() looks up only those

    # -- positions -------------------------------------------------------------------------

    def line(self) -> int:
        return bisect.bisect_left(self._newlines, self.pos) + 1

    def record(self, path: KeyPath) -> None:
        line = self.line()
        self.lines.setdefault(path, line)
        for end in range(1, min(len(path), _RECORDED_PREFIX + 1)):
            self.lines.setdefault(path[:end], line)

    def peek(self, length: int = 1) -> str:
        return self.text[self.pos : self.pos + length]

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def skip_spaces(self) -> None:
        while not self.at_end() and self.text[self.pos] in " \t":
            self.pos += 1

    def skip_blank(self) -> None:
        """Skip whitespace, newlines and comments (between array elements or statements)."""
        while not self.at_end():
            char = self.text[self.pos]
            if char in " \t\r\n":
                self.pos += 1
            elif char == "#":
                self.skip_to_line_end()
            else:
                return

    def skip_to_line_end(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end

    # -- statements ------------------------------------------------------------------------

    def document(self) -> None:
        table: KeyPath = ()
        while True:
            self.skip_blank()
            if self.at_end():
                return
            if self.peek(2) == "[[":
                self.pos += 2
                keys = self.key()
                parent = self.resolve(keys[:-1])
                array = (*parent, keys[-1])
                index = self._array_tables.get(array, 0)
                self._array_tables[array] = index + 1
                self._array_table_lengths.add(len(array))
                table = (*array, index)
                self.record(table)
            elif self.peek() == "[":
                self.pos += 1
                table = self.resolve(self.key())
                self.record(table)
            else:
                self.key_value(table)
            self.skip_to_line_end()  # the closing brackets, trailing comment

    def resolve(self, keys: KeyPath) -> KeyPath:
        """Turn header keys into a data path: a key naming an array of tables means its last."""
        path: list[str | int] = []
        for key in keys:
            path.append(key)
            if len(path) in self._array_table_lengths:
                count = self._array_tables.get(tuple(path))
                if count:
                    path.append(count - 1)
        return tuple(path)

    def key(self) -> KeyPath:
        """A dotted key (bare or quoted parts); leaves the position after the last part."""
        parts: list[str | int] = []
        while True:
            self.skip_spaces()
            char = self.peek()
            if char == '"':
                start = self.pos
                self.basic_string()
                parts.append(tomllib.loads("k = " + self.text[start : self.pos])["k"])
            elif char == "'":
                end = self.text.index("'", self.pos + 1)
                parts.append(self.text[self.pos + 1 : end])
                self.pos = end + 1
            else:
                start = self.pos
                while not self.at_end() and self.text[self.pos] in _BARE_KEY_CHARS:
                    self.pos += 1
                if self.pos == start:
                    raise ValueError("no key here")
                parts.append(self.text[start : self.pos])
            self.skip_spaces()
            if self.peek() != ".":
                return tuple(parts)
            self.pos += 1

    def key_value(self, table: KeyPath) -> None:
        path = (*table, *self.key())
        self.record(path)
        self.skip_spaces()
        if self.peek() != "=":
            raise ValueError("expected '='")
        self.pos += 1
        self.skip_spaces()
        self.value(path)

    # -- values ----------------------------------------------------------------------------

    def value(self, path: KeyPath) -> None:
        char = self.peek()
        if char == "{":
            self.pos += 1
            while True:
                self.skip_blank()
                if self.peek() == "}":
                    self.pos += 1
                    return
                self.key_value(path)
                self.skip_blank()
                if self.peek() == ",":
                    self.pos += 1
        elif char == "[":
            self.pos += 1
            index = 0
            while True:
                self.skip_blank()
                if self.peek() == "]":
                    self.pos += 1
                    return
                element = (*path, index)
                self.record(element)
                self.value(element)
                index += 1
                self.skip_blank()
                if self.peek() == ",":
                    self.pos += 1
        elif self.peek(3) in ('"""', "'''"):
            self.multiline_string(self.peek(3))
        elif char == '"':
            self.basic_string()
        elif char == "'":
            self.pos = self.text.index("'", self.pos + 1) + 1
        else:  # number, boolean, date-time: runs to a delimiter
            while not self.at_end() and self.text[self.pos] not in _SCALAR_END:
                self.pos += 1

    def basic_string(self) -> None:
        self.pos += 1
        while self.text[self.pos] != '"':
            self.pos += 2 if self.text[self.pos] == "\\" else 1
        self.pos += 1

    def multiline_string(self, delimiter: str) -> None:
        self.pos += 3
        while self.peek(3) != delimiter:
            self.pos += 2 if delimiter == '"""' and self.text[self.pos] == "\\" else 1
        # Up to two quotes may sit right before the closing delimiter: """a""""" is 'a""'.
        run = 3
        while run < 5 and self.text[self.pos + run : self.pos + run + 1] == delimiter[0]:
            run += 1
        self.pos += run
