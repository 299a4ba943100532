"""Marks in an article's own life: updates and corrections.

``find_events(text)`` finds the notes a newsroom leaves in the text when a story changes after
publication: ``Updated 20:10.``, ``UPDATE:``, ``Update (Oct. 8):``, ``Update at 2:30 p.m. ET.``,
``Correction:``, ``CORRECTION APPENDED``, ``This story has been updated ...``, ``An earlier
version of this article ...``, ``Editor's note: ...``. A marker counts only at the start of a line
or of a sentence, so that "the company updated its app" is no event.

Spans are exact, half-open character offsets into ``text``. A stamp (``Updated 20:10.``) spans
the marker, the stamp and its full stop; a label (``Correction: ...``) and a note sentence
(``This story has been updated ...``) span the whole sentence they open.

``event_time(note, published=..., seen=...)`` reads the time a note gives itself (``Update
(Oct. 8):`` is 8 October of the year the article was published; ``Updated 20:10.`` the
publication day at 20:10), so that a timeline places a correction when it was made rather than
when it was fetched.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

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


# --------------------------------------------------------------------------------------------
# The time a note gives itself

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DAYS = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
_NAMED_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})\b(?:,?\s*(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})(?:\s+(?P<y2>\d{{4}}))?)"
    r"|\b(?P<iso>\d{4}-\d{2}-\d{2})\b"
    r"|\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y3>\d{4}|\d{2})\b"
    r"|\b(?P<wd>Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
)
_CLOCK = re.compile(
    r"(?<![\d/-])(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?(?:\s*(?P<ap>[ap])\.?\s?m\b\.?)?(?![\d/-])",
    re.IGNORECASE,
)
#: a stamp starts this near a note's start ("Last updated Oct. 8", "CORRECTION APPENDED (Oct. 8)");
#: a date further on is what the note tells ("... the statement it issued on Oct. 9")
_STAMP_REACH = 32
#: and a clock time that follows a date sits this close behind it ("Oct. 8, 2021, at 3:45 p.m.")
_CLOCK_REACH = 12


def event_time(note: str, *, published: str | None = None, seen: str | None = None) -> str | None:
    """The date (``YYYY-MM-DD``) or minute (``YYYY-MM-DDTHH:MM``, local to the newsroom: the
    zone is dropped) that an update or correction note states at its start, else None.

    A date without its year takes it from ``published`` (the first such date on or after the
    publication) or, without one, from ``seen`` (the last such date on or before the fetch); a
    weekday alone the same way; a clock time alone is on the publication day (the next day when
    it reads earlier than a publication time). Numeric dates read month first (US) unless the
    first number cannot be a month. A stamp that names no real date is None."""
    ref_pub, ref_seen = _moment(published), _moment(seen)
    ref = ref_pub or ref_seen
    found = _NAMED_DATE.search(note, 0, _STAMP_REACH + 24)
    day: date | None = None
    clock_at, reach = 0, _STAMP_REACH
    if found and found.start() <= _STAMP_REACH:
        day = _date(found, ref_pub, ref_seen)
        if day is None:
            return None
        clock_at, reach = found.end(), _CLOCK_REACH
    clock = _clock(note[clock_at : clock_at + reach + 16], reach)
    if day is None:
        if clock is None or ref is None:
            return None
        day = ref.date()
        if ref_pub is not None:
            if _has_clock(published) and clock < (ref_pub.hour, ref_pub.minute):
                day += timedelta(days=1)
        elif _has_clock(seen) and clock > (ref.hour, ref.minute):
            day -= timedelta(days=1)
    if clock is None:
        return day.isoformat()
    return f"{day.isoformat()}T{clock[0]:02d}:{clock[1]:02d}"


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _has_clock(text: str | None) -> bool:
    return bool(text) and "T" in str(text).strip()[10:11]


def _date(m: re.Match[str], pub: datetime | None, seen: datetime | None) -> date | None:
    if m.group("iso"):
        try:
            return date.fromisoformat(m.group("iso"))
        except ValueError:
            return None
    if m.group("wd"):
        wanted = _DAYS.index(m.group("wd").lower())
        if pub is not None:
            return pub.date() + timedelta(days=(wanted - pub.weekday()) % 7)
        if seen is not None:
            return seen.date() - timedelta(days=(seen.weekday() - wanted) % 7)
        return None
    if m.group("a"):
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y3"))
        month, day_ = (a, b) if a <= 12 else (b, a)
        year: int | None = y + 2000 if y < 100 else y
    else:
        name = (m.group("m1") or m.group("m2")).lower()[:3]
        month, day_ = _MONTHS[name], int(m.group("d1") or m.group("d2"))
        given = m.group("y1") or m.group("y2")
        year = int(given) if given else None
    if year is not None:
        return _real(year, month, day_)
    if pub is not None:  # the first such date on or after publication
        for y in (pub.year, pub.year + 1):
            found = _real(y, month, day_)
            if found is not None and found >= pub.date():
                return found
        return None
    if seen is not None:  # the last such date on or before the fetch
        for y in (seen.year, seen.year - 1):
            found = _real(y, month, day_)
            if found is not None and found <= seen.date():
                return found
    return None


def _real(year: int, month: int, day_: int) -> date | None:
    try:
        return date(year, month, day_)
    except ValueError:
        return None


def _clock(text: str, reach: int) -> tuple[int, int] | None:
    """The first clock time that starts within ``reach`` characters of ``text``: ``20:10``,
    ``3:45 p.m.``, ``2 PM``; a bare number without a colon or a.m./p.m. is no time."""
    for m in _CLOCK.finditer(text):
        if m.start() > reach:
            return None
        hour, minute, ap = int(m.group("h")), int(m.group("mi") or 0), m.group("ap")
        if m.group("mi") is None and ap is None:
            continue
        if ap:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if ap.lower() == "p" else 0)
        if hour < 24 and minute < 60:
            return hour, minute
    return None
