"""A cheap check that a text is English, by the share of English function words.

English news prose is about 40 % function words; other languages written in the Latin
alphabet share few of the words below, and texts mostly in other scripts are not English.
"""

from __future__ import annotations

import re

# English function words that are not also common words of Spanish, French, German, Italian,
# Portuguese or Dutch ("a", "in", "an", "die", "no", "de" are left out on purpose)
_FUNCTION_WORDS = """
    the and of to is was that for with on it as by at from he she they this be have has
    are were been his her their its which who whom would will could should said says but
    not or had than then there these those what when where while about after into over
    we you our your them him my also more most other some such only just can may might
    must do does did being because if out up so all any both each how why very"""
ENGLISH_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())

_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")

MIN_WORDS = 12  # below this, a text is too short to judge and is taken as English
MIN_RATIO = 0.15  # share of English function words among the words
SAMPLE_CHARS = 20_000  # the check reads at most this much of the text


def english_ratio(text: str) -> float:
    """Share of English function words among the words of ``text``."""
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    if not words:
        return 0.0
    return sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words)


def is_english(text: str) -> bool:
    """True unless the text is clearly not English. Short texts are given the benefit of
    the doubt."""
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    if letters and len(_LATIN.findall(sample)) / letters < 0.5:
        return False  # mostly another script: Chinese, Cyrillic, Arabic...
    if len(_WORD.findall(sample)) < MIN_WORDS:
        return True
    return english_ratio(sample) >= MIN_RATIO
