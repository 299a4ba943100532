"""Quotation marks: pair them into quote spans, tolerating unbalanced ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

OPENING = {"“": "”", "«": "»", "„": "“", "‘": "’"}


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset just past the closing mark

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


def _is_apostrophe(text: str, i: int) -> bool:
    """A ’ or ‘ between letters (don’t, ’90s) is an apostrophe, not a quote."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and (after.isalnum() or text[i] == "’")


def _closes_single(text: str, i: int, stack: list[tuple[str, int]]) -> bool:
    """A ’ closes a quote when a ‘ is open and no letter follows it (not "don’t")."""
    after = text[i + 1] if i + 1 < len(text) else " "
    return any(mark == "’" for mark, _ in stack) and not after.isalnum()


def _closes_curly(text: str, i: int, stack: Sequence[tuple[str, int]]) -> bool:
    """Whether the straight double mark at ``i`` closes an open curly double quote: one is
    open, and the mark ends a word (``done"`` then a space, a stop or the end)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return bool(stack) and stack[-1][0] == "”" and not before.isspace() and not after.isalnum()


def find_quotes(text: str) -> list[Quote]:
    """Return the quote spans of ``text`` in order; an unclosed mark opens nothing.

    Curly marks pair by kind; straight double quotes pair in sequence within a paragraph.
    Single curly quotes are used only when they are clearly not apostrophes. A straight
    single quote opens after a space or a bracket and before a letter (``a 'fraud'``, not
    ``Sanders'`` nor ``'90s``), and the next one with no space before it and no letter or
    digit after it closes it (``'We've got to go.'``, not ``We've``), within a paragraph.
    """
    quotes: list[Quote] = []
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    single_open: int | None = None
    i = -1
    n = len(text)
    while i + 1 < n:
        i += 1
        ch = text[i]
        if ch == "\n" and i + 1 < n and text[i + 1] == "\n":
            # a paragraph break closes nothing, but a quote left open is dropped
            straight_open = None
            single_open = None
            stack.clear()
        # '' and `` (typewriter style, as in some wire copy) count as one double quote
        double = text[i : i + 2] in ("''", "``")
        if ch == '"' or double:
            width = 2 if double else 1
            if straight_open is None and _closes_curly(text, i, stack) and not double:
                # a curly opening closed by a straight mark (text typed in two editors)
                quotes.append(Quote(stack.pop()[1], i + 1))
            elif straight_open is None:
                straight_open = i
            else:
                quotes.append(Quote(straight_open, i + width))
                straight_open = None
            i += width - 1
        elif ch == "'":
            before = text[i - 1] if i > 0 else " "
            after = text[i + 1] if i + 1 < n else " "
            if single_open is None:
                if (before.isspace() or before in "([") and after.isalpha():
                    single_open = i
            elif not before.isspace() and not after.isalnum():
                quotes.append(Quote(single_open, i + 1))
                single_open = None
        elif ch in ("“", "«", "„"):
            stack.append((OPENING[ch], i))
        elif ch == "‘" and not _is_apostrophe(text, i) and not text[i + 1 : i + 2].isdigit():
            stack.append(("’", i))
        elif ch in ("”", "»") or (ch == "’" and _closes_single(text, i, stack)):
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    quotes.append(Quote(stack[depth][1], i + 1))
                    del stack[depth:]
                    break
            else:
                if ch == "”" and straight_open is not None:
                    # a straight opening closed by a curly mark
                    quotes.append(Quote(straight_open, i + 1))
                    straight_open = None
    quotes.sort(key=lambda q: (q.start, -q.end))
    return quotes
