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

# a furniture line is short; longer lines are article paragraphs whatever they start with
MAX_FURNITURE_LINE = 400

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
    lines = [line for line in normalize_lines(text) if not is_furniture(line)]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")
