"""Marks in an article's own life: updates and corrections.

``find_events(text)`` finds the notes a newsroom leaves in the text when a story changes after
publication: ``Updated 20:10.``, ``UPDATE:``, ``Update (Oct. 8):``, ``Update at 2:30 p.m. ET.``,
``Correction:``, ``CORRECTION APPENDED``, ``This story has been updated ...``, ``An earlier
version of this article ...``, ``Editor's note: ...``. A marker counts only at the start of a line
or of a sentence, so that "the company updated its app" is no event.

Spans are exact, half-open character offsets into ``text``. A stamp (``Updated 20:10.``) spans
the marker, the stamp and its full stop; a label (``Correction: ...``) and a note sentence
(``This story has been updated ...``) span the whole sentence they open.
"""

from __future__ import annotations

import re

from .model import Event, EventKind

# where a marker may start: the start of the text or a line, or after a sentence end
_START = r"(?:(?<=\A)|(?<=\n)|(?<=[.!?][ \t])|(?<=[.!?][\"”’][ \t]))[ \t]*"

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_TIME = r"\d{1,2}(?:[:.]\d{2})?(?:\s*[ap]\.?\s?m\.?)?(?:\s+(?:[A-Z]{2,4}|local time))?"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
)
_STAMP = rf"(?:{_DATE}(?:,?\s+(?:at\s+)?{_TIME})?|{_TIME}(?:,?\s+(?:on\s+)?{_DATE})?)"

#: ``Updated 20:10.``, ``Last updated Oct. 8, 2022, 3:45 p.m. ET``, ``Update at 2:02 p.m. ET.``,
#: ``Update 2:13 PM:``, ``Update (Oct. 8):``
_STAMPED = re.compile(
    _START
    + r"(?P<marker>(?:Last\s+)?(?:[Uu]pdated?|UPDATED?)|(?:[Cc]orrected|CORRECTED))"
    + rf"(?:\s+(?:at|on))?\s*(?P<open>\()?\s*{_STAMP}\s*(?(open)\))"
    + r"(?P<tail>(?:\s*from\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})?\s*[.:]?)"
)

#: ``UPDATE:``, ``Correction:``, ``Editor's note:``, ``CORRECTION APPENDED``, ``Clarification:``
_LABEL = re.compile(
    _START + r"(?P<marker>UPDATE|Update|CORRECTION(?:\s+APPENDED)?|Correction|CLARIFICATION"
    r"|Clarification|EDITOR[’']?S\s+NOTE|Editor[’']?s\s+[Nn]ote)"
    r"(?P<sep>\s*[:—–-]|\s*\.|\s*$|(?=\s*\n))"
)

#: ``This story has been updated ...``, ``This article was corrected ...``,
#: ``An earlier version of this article misstated ...``, ``Updated to clarify ...``
_NOTE = re.compile(
    _START + r"(?P<marker>(?:This|The)\s+(?:story|article|post|report|piece|headline)\s+"
    r"(?:has\s+been|was|have\s+been)\s+(?:updated|corrected|amended|changed|revised)"
    r"|(?:An|A\s+previous|The\s+original)\s+(?:earlier\s+)?version\s+of\s+this\s+"
    r"(?:story|article|post|report|piece)"
    r"|Updated\s+to\s+(?:clarify|correct|include|reflect|add)"
    r"|We\s+have\s+(?:updated|corrected)\s+this)"
)

_CORRECTION_WORDS = re.compile(
    r"\b(?:correct(?:ed|ion|s)?|earlier version|misstated|misidentified|misspelled|"
    r"erroneously|incorrectly|in error|mistakenly|wrongly)\b",
    re.IGNORECASE,
)

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "gen",
        "gov",
        "sen",
        "rep",
        "lt",
        "col",
        "sgt",
        "prof",
        "inc",
        "co",
        "corp",
        "ltd",
        "vs",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "a.m",
        "p.m",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
    ]
)


def find_events(text: str) -> list[Event]:
    """Every update or correction mark in ``text``, in text order, without overlaps."""
    found: list[Event] = []
    for match in _STAMPED.finditer(text):
        kind: EventKind = "correction" if "orrect" in match.group("marker") else "update"
        end = match.end()
        if match.group("tail").strip().endswith(":"):
            end = _sentence_end(text, end)
        found.append(_event(text, kind, match.start("marker"), end))
    for match in _LABEL.finditer(text):
        start = match.start("marker")
        end = _sentence_end(text, match.end())
        marker = match.group("marker").lower()
        note = text[start:end]
        if (
            "correction" in marker
            or ("note" in marker and _CORRECTION_WORDS.search(note))
            or "clarification" in marker
        ):
            kind = "correction"
        else:
            kind = "update"
        found.append(_event(text, kind, start, end))
    for match in _NOTE.finditer(text):
        start = match.start("marker")
        end = _sentence_end(text, match.end())
        note = text[start:end]
        kind = "correction" if _CORRECTION_WORDS.search(note) else "update"
        found.append(_event(text, kind, start, end))
    return _without_overlaps(found)


def _event(text: str, kind: EventKind, start: int, end: int) -> Event:
    while end > start and text[end - 1].isspace():
        end -= 1
    return Event(kind=kind, start=start, end=end, text=text[start:end])


def _sentence_end(text: str, pos: int) -> int:
    """The offset just after the sentence that runs on from ``pos`` (or the end of its line)."""
    i = pos
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            return i
        if ch in ".!?":
            j = i + 1
            while j < n and text[j] in '"”’)':
                j += 1
            if (j >= n or text[j].isspace()) and not _is_abbreviation(text, i):
                return j
        i += 1
    return n


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower().rstrip(".")
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith"
        return True
    return word in _ABBREVIATIONS


def _without_overlaps(events: list[Event]) -> list[Event]:
    """Keep the earliest (then longest) event where two overlap."""
    kept: list[Event] = []
    for event in sorted(events, key=lambda e: (e.start, -e.end)):
        if kept and event.start < kept[-1].end:
            continue
        kept.append(event)
    return kept
