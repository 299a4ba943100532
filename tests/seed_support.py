"""The seed article, its spaCy doc, and its attributions built by hand from reference-reading.md.

Unit tests of entities, links and claims run over these hand-built attributions, so that they
test those stages alone, whatever the extractor currently finds. The golden test
(test_seed_reading.py) runs the real pipeline instead.
"""

from __future__ import annotations

import functools
from pathlib import Path

from spacy.tokens import Doc

from paths import SEED, require
from sourcetrace.model import Attribution, SourceSpan, Span


def seed_path() -> Path:
    return require(SEED)


@functools.lru_cache(maxsize=1)
def seed_text() -> str:
    """The seed as the pipeline analyses it: the furniture line removed, offsets unchanged."""
    text = seed_path().read_text("utf-8")
    return text[: text.index("\n\nExit mobile version")]


@functools.lru_cache(maxsize=1)
def seed_doc() -> Doc:
    from sourcetrace.nlp import get_nlp

    return get_nlp()(seed_text())


def find(text: str, needle: str, occurrence: int = 0, after: int = 0) -> tuple[int, int]:
    start = after - 1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def span(text: str, needle: str, occurrence: int = 0, after: int = 0) -> Span:
    s, e = find(text, needle, occurrence, after)
    return Span(s, e, text[s:e])


def source(text: str, needle: str, occurrence: int = 0, after: int = 0) -> SourceSpan:
    s, e = find(text, needle, occurrence, after)
    return SourceSpan(s, e, text[s:e])


def until(text: str, begin: str, end: str, after: int = 0) -> Span:
    """The span from ``begin`` up to and including ``end`` (both searched from ``after``)."""
    s, _ = find(text, begin, after=after)
    _, e = find(text, end, after=s)
    return Span(s, e, text[s:e])


def seed_attributions() -> list[Attribution]:
    """A1..A15 of the reference reading, as the extractor should give them."""
    t = seed_text()
    upd = t.index("Updated 20:10.")
    para3 = t.index("Bremmer's message")
    para4 = t.index("According to Bremmer")
    return [
        Attribution(
            "a1",
            None,
            source(t, "Vice"),
            span(t, ":"),
            (until(t, "Elon Musk spoke to", "on Twitter"),),
            "indirect",
            "asserts",
        ),
        Attribution(
            "a2",
            None,
            source(t, "Vice", 1),
            span(t, "according to"),
            (until(t, "Elon Musk spoke with", "its territories"),),
            "indirect",
            "asserts",
        ),
        Attribution(
            "a3",
            None,
            source(t, "the publication"),
            span(t, "According to"),
            (until(t, "Musk told", "about the conversation"),),
            "indirect",
            "asserts",
        ),
        Attribution(
            "a4",
            "a3",
            source(t, "Musk", after=t.index("the publication")),
            span(t, "told"),
            (span(t, "about the conversation"),),
            "indirect",
            "asserts",
            recipient=source(t, "the American political scientist"),
        ),
        Attribution(
            "a5",
            "a3",
            source(t, "The latter"),
            span(t, "publicized"),
            (span(t, "the conversation with Musk"),),
            "indirect",
            "asserts",
            medium=span(t, "in a mailing to Eurasia Group clients"),
        ),
        Attribution(
            "a6",
            None,
            source(t, "Bremmer's message"),
            span(t, "says"),
            (until(t, "that, according to Musk", "Zaporozhye regions"),),
            "mixed",
            "asserts",
        ),
        Attribution(
            "a7",
            "a6",
            source(t, "Musk", after=para3),
            span(t, "according to", after=para3),
            (until(t, "Putin is", "Zaporozhye regions"),),
            "mixed",
            "asserts",
        ),
        Attribution(
            "a8",
            "a7",
            source(t, "Putin", after=para3),
            span(t, '"ready for negotiations"'),
            (until(t, "ready for negotiations", "Zaporozhye regions"),),
            "mixed",
            "asserts",
            implicit_source=True,
        ),
        Attribution(
            "a9",
            None,
            source(t, "Bremmer", after=para4),
            span(t, "According to", after=para4),
            (until(t, "Putin told Musk", "annexed in 2014"),),
            "mixed",
            "asserts",
        ),
        Attribution(
            "a10",
            "a9",
            source(t, "Putin", after=para4),
            span(t, "told", after=para4),
            (until(t, "these goals", "annexed in 2014"),),
            "mixed",
            "asserts",
            recipient=source(t, "Musk", after=t.index("Putin told")),
        ),
        Attribution(
            "a11",
            None,
            source(t, "Musk", after=t.index("2014")),
            span(t, "said"),
            (until(t, 'that "everything', 'outcome."'),),
            "mixed",
            "asserts",
            recipient=source(t, "a political scientist"),
            medium=span(t, "in a conversation with a political scientist"),
        ),
        Attribution(
            "a12",
            None,
            source(t, "Russian propaganda publications"),
            span(t, "commented"),
            (span(t, "positively on Musk's proposal"),),
            "indirect",
            "asserts",
        ),
        Attribution(
            "a13",
            None,
            source(t, "Ukrainian media", after=t.index("Another scandal")),
            span(t, "reported"),
            (until(t, "that after the tweets", "on the front line"),),
            "indirect",
            "asserts",
        ),
        Attribution(
            "a14",
            None,
            None,
            span(t, "clarifications were published"),
            (until(t, "that the Internet was blocked", "advantage of Starlink"),),
            "indirect",
            "asserts",
        ),
        Attribution(
            "a15",
            None,
            source(t, "Elon Musk", after=upd),
            span(t, "said", after=upd),
            (until(t, "that the last time", "about space"),),
            "indirect",
            "asserts",
            medium=span(t, "on Twitter", after=upd),
        ),
    ]


def parse(text: str) -> Doc:
    """A real spaCy parse of ``text`` with the model the reader uses."""
    from sourcetrace.nlp import get_nlp

    return get_nlp()(text)


def attribution(
    text: str,
    a_id: str,
    src: str | None,
    cue: str,
    content: str,
    *,
    after: int = 0,
    stance: str = "asserts",
    parent: str | None = None,
    **extra: object,
) -> Attribution:
    """A hand-built attribution located by its words in ``text`` (for unit tests of the
    stages after the reader). The content is looked up after the cue ("said that ..."),
    else after ``after`` (a quote before its cue)."""
    cue_span = span(text, cue, after=after)
    if content in text[cue_span.start :]:
        content_start = text.index(content, cue_span.start)
    else:
        content_start = text.index(content, after)
    return Attribution(
        a_id,
        parent,
        source(text, src, after=after) if src else None,
        cue_span,
        (span(text, content, after=content_start),),
        "indirect",
        stance,  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )
