"""Mentions in an analysed article: its sentences, and lookups of who a stretch of text is.

Shared by the stages after entity resolution (links, claims, status, verdict).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .model import Entity

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def sentences(doc: Doc) -> list[Span]:
    """spaCy's sentences, split again at line breaks (a headline is never part of the lede)."""
    out: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if tok.i > start:
                    out.append(doc[start : tok.i])
                start = tok.i + 1
        if start < sent.end:
            out.append(doc[start : sent.end])
    return [s for s in out if not all(t.is_space for t in s)]


def sentence_index(doc: Doc) -> list[int]:
    """For each token, the index of its sentence in ``sentences(doc)`` (-1 for line breaks)."""
    index = [-1] * len(doc)
    for n, sent in enumerate(sentences(doc)):
        for tok in sent:
            index[tok.i] = n
    return index


class MentionIndex:
    """Entity mentions sorted by offset, for quick lookups of 'who is this token'."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self._mentions = sorted((s, t, e) for e in entities for s, t in e.mentions)
        self._starts = [m[0] for m in self._mentions]
        self._longest = max((t - s for s, t, _ in self._mentions), default=0)

    def covering(self, start: int, end: int) -> Entity | None:
        """The entity with a mention covering [start, end) (the narrowest such mention)."""
        best: tuple[int, Entity] | None = None
        i = bisect_right(self._starts, start) - 1
        while i >= 0 and self._starts[i] >= start - self._longest:
            s, t, e = self._mentions[i]
            if end <= t and (best is None or t - s < best[0]):
                best = (t - s, e)
            i -= 1
        return best[1] if best else None

    def within(self, start: int, end: int) -> list[Entity]:
        """Every entity with a mention inside [start, end), in order of those mentions."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        found: list[Entity] = []
        for _s, t, e in self._mentions[lo:hi]:
            if t <= end and e not in found:
                found.append(e)
        return found

    def inside(self, start: int, end: int) -> Entity | None:
        """The entity with a mention inside [start, end) (the widest such mention)."""
        best: tuple[int, Entity] | None = None
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        for s, t, e in self._mentions[lo:hi]:
            if t <= end and (best is None or t - s > best[0]):
                best = (t - s, e)
        return best[1] if best else None


def _index(entities: Sequence[Entity] | MentionIndex) -> MentionIndex:
    return entities if isinstance(entities, MentionIndex) else MentionIndex(entities)


def entity_at(entities: Sequence[Entity] | MentionIndex, start: int, end: int) -> Entity | None:
    """The entity with a mention inside [start, end) (the widest such mention), if any."""
    return _index(entities).inside(start, end)


def entity_of_token(
    entities: Sequence[Entity] | MentionIndex, start: int, end: int
) -> Entity | None:
    """The entity with a mention covering [start, end) (the narrowest such mention), if any."""
    return _index(entities).covering(start, end)


# --- spans of names and noun phrases --------------------------------------------------------


def split_at_breaks(ent: Span) -> list[Span]:
    parts: list[Span] = []
    start = ent.start
    for tok in ent:
        if tok.is_space or "\n" in tok.text:
            if tok.i > start:
                parts.append(ent.doc[start : tok.i])
            start = tok.i + 1
    if start < ent.end:
        parts.append(ent.doc[start : ent.end])
    return parts


#: what a name is in its clause when an "'s" after it is its own ("McDonald's has announced")
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr"})


def _own_s(toks: Sequence[Token]) -> bool:
    """Whether the "'s" closing these tokens belongs to the name (McDonald's, Moody's, Macy's):
    the name is itself an argument of its clause and nothing it could possess follows."""
    if len(toks) < 2 or toks[-1].tag_ != "POS" or toks[-1].lower_ not in {"'s", "’s"}:
        return False
    name = toks[-2]
    if name.dep_ not in _ARGUMENT_DEPS or name.ent_type_ == "PERSON":
        return False
    after = name.doc[toks[-1].i + 1] if toks[-1].i + 1 < len(name.doc) else None
    return after is None or after.pos_ not in {"NOUN", "PROPN", "ADJ", "NUM"}


def name_piece(span: Span) -> tuple[int, int, str] | None:
    """A name's span without a leading 'the' or a trailing possessive (but with an "'s" of the
    name's own: :func:`_own_s`)."""
    toks = [t for t in span if not t.is_punct or t.text in {".", "-", "&"}]
    own_s = _own_s(toks)
    while toks and not own_s and (toks[-1].tag_ == "POS" or toks[-1].is_punct):
        toks.pop()
    while toks and toks[0].lower_ in {"the", "a", "an"}:
        toks.pop(0)
    if not toks:
        return None
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    text = text_of(span.doc, toks[0].i, toks[-1].i)
    stripped = text if own_s else _POSSESSIVE.sub("", text)
    end -= len(text) - len(stripped)
    if not stripped or not stripped[:1].isupper():
        return None
    return start, end, stripped


def name_key(name: str) -> tuple[str, ...]:
    """A name's words for comparison: lower case, one kind of apostrophe ("O’Neill" = "O'Neill")."""
    words = [w.lower() for w in name.replace("’", "'").replace("‘", "'").split()]
    if words and len(words[-1]) > 3:  # "McDonald's" and "McDonald" (before its customers)
        words[-1] = words[-1].removesuffix("'s")
    return tuple(words)


def np_left(head: Token) -> int:
    """The first token of the noun phrase ``head`` heads; never one on a line above
    (``in an automobile\nThe doctor who ...``: the parser joins the two)."""
    kids = [c for c in head.children if c.i < head.i and c.dep_ not in {"punct", "cc"}]
    left = min([head.i] + [c.left_edge.i for c in kids])
    for i in range(head.i - 1, left - 1, -1):
        if "\n" in head.doc[i].text_with_ws:
            return i + 1
    return left


def core_text(span: Span) -> str:
    toks = list(span)
    while toks and (toks[0].dep_ in {"det", "predet"} or toks[0].is_punct):
        toks.pop(0)
    while toks and toks[-1].is_punct:
        toks.pop()
    if not toks:
        return span.text.strip()
    return text_of(span.doc, toks[0].i, toks[-1].i)


def text_of(doc: Doc, first: int, last: int) -> str:
    """The text from token ``first`` to token ``last`` (inclusive), without building doc.text."""
    return doc[first : last + 1].text
