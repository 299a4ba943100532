"""Cleaning plain text: line endings, trailing white space, and page furniture.

Furniture is the chrome of a web page that ends up in copied or extracted text: ``Exit mobile
version``, ``Share this article``, ``Advertisement``, cookie banners, share-button rows, image
credits... The patterns live in the packaged file ``data/furniture.txt``, one case-insensitive
regular expression per line, each matched against a WHOLE line: a pattern never removes words
from inside a sentence of the article.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from .linking import WIRES

# a furniture line is short; longer lines are article paragraphs whatever they start with
MAX_FURNITURE_LINE = 400

#: the heading of a list of links to other stories ("Related Stories", "MORE FROM GOLF",
#: "Recommended:"); the short lines that follow it without a sentence's end are those links
_LIST_HEADING = re.compile(
    r"\s*(?:related(?: (?:articles?|stories|content|coverage|news|links?|reading|videos?))?"
    r"|more (?:from|on|about) [^.!?]{1,60}|(?:most )?(?:popular|read|viewed|shared)"
    r"(?: (?:stories|articles|now|today))?|trending(?: (?:now|stories|today))?"
    r"|recommended(?: (?:for you|stories|articles|reading))?|(?:see|read) also"
    r"|further reading|top stories|(?:you may|you might) also like)\s*:?\s*",
    re.IGNORECASE,
)
#: a link's line: short, and not ended as a sentence is ("... girls Reuters", "... Million »")
MAX_LINK_LINE = 200
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_BLANK_RUN = re.compile(r"\n{3,}")


@cache
def furniture_pattern() -> re.Pattern[str]:
    """The packaged furniture patterns, compiled into one whole-line regular expression."""
    source = resources.files("sourcetrace").joinpath("data/furniture.txt").read_text("utf-8")
    patterns = [
        line.strip()
        for line in source.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    return re.compile(r"\s*(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\s*", re.IGNORECASE)


def is_furniture(line: str) -> bool:
    """True when the whole line is page furniture."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_FURNITURE_LINE:
        return False
    return furniture_pattern().fullmatch(stripped) is not None


def normalize_lines(text: str) -> list[str]:
    """Split on any line break (CRLF, CR, NEL, U+2028...) and strip trailing white space."""
    return [line.rstrip() for line in _LINE_BREAK.split(text)]


def clean_text(text: str) -> str:
    """Text with \\n line endings, no trailing white space, no furniture lines, single blank
    lines between paragraphs, and no blank lines at either end."""
    lines = [line for line in _without_link_lists(normalize_lines(text)) if not is_furniture(line)]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


def _is_link_line(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= MAX_LINK_LINE and not _SENTENCE_END.search(stripped)


def _without_link_lists(lines: list[str]) -> list[str]:
    """The lines without lists of links to other stories: a list heading ("Related Stories")
    and the link lines after it, blank lines between them included, up to the first line
    that ends as a sentence does (the article goes on there)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _LIST_HEADING.fullmatch(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        end = j = i + 1  # end: just past the last link line
        while j < len(lines) and (not lines[j].strip() or _is_link_line(lines[j])):
            j += 1
            if lines[j - 1].strip():
                end = j
        i = end  # the heading and its links go; what follows is read as usual
    return out


# --------------------------------------------------------------------------------------------
# Datelines: where a report was filed, not what anyone said

#: the wire services' spellings (``linking.WIRES``), longest first
_WIRE_NAMES = "|".join(
    re.escape(s) for s in sorted((s for v in WIRES.values() for s in v), key=len, reverse=True)
)
_PAREN = r"\([A-Z][\w.&'’]*(?:[ /-][\w.&'’]+){0,3}\)"
_DL_DASH = r"(?:--|—|–|-)"
_DL_DATE = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?"
)
_DL_PLACE = r"[A-Z][\w.'’]*(?:[ -][A-Z][\w.'’]*){0,3}"
_DL_CAPS = r"[A-Z][A-Z.'’]{2,}(?:[ -][A-Z][A-Z.'’]+){0,3}"
_DL_PLACES = rf"(?:,\s*{_DL_PLACE}){{0,2}}(?:,\s*{_DL_DATE})?"
#: ``ABUJA, Nigeria (AP) --``, ``MOGADISHU, Sept 5 (Reuters) -``, ``(CNN) --``,
#: ``Washington (CNN)``, ``WASHINGTON —``, ``KANSAS CITY, Mo. -``; then the report's first word
_DATELINE = re.compile(
    rf"[ \t]*(?:(?:{_DL_PLACE}{_DL_PLACES}\s*)?{_PAREN}\s*{_DL_DASH}\s*"
    rf"|(?:{_DL_PLACE}{_DL_PLACES}\s*)?\((?:{_WIRE_NAMES})\)\s*"
    rf"|{_DL_CAPS}{_DL_PLACES}\s*{_DL_DASH}\s+)"
    r"(?=[\"“‘']?[A-Z0-9])"
)


def dateline_end(text: str, at: int) -> int:
    """Where the report's own words begin, when a dateline opens the line at ``at``
    (``ABUJA, Nigeria (AP) -- Boko Haram has denied ...`` gives the offset of ``Boko``); else
    ``at``. Only at the start of the text or of a line: a dateline opens a paragraph."""
    before = at
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    if before > 0 and text[before - 1] != "\n":
        return at
    found = _DATELINE.match(text, at)
    return found.end() if found else at
