"""The content chooser: where does what was said begin and end?

The syntactic rules of ``attribution.py`` give one content span per cue. Annotators draw
that boundary in ways the parse alone does not settle: sometimes the whole rest of the
clause (``voted for the bill on Tuesday, citing its cost``), sometimes only the object,
sometimes up to the first comma. This module proposes a few alternative spans from the
parse, and a logistic model learned on PolNeAR train (``data/content_model.json``,
``sourcetrace train content``) picks one. Without the model the rule span stands.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from .quotes import Quote
from .textcache import text_of

if TYPE_CHECKING:
    from spacy.tokens import Token

Ranges = tuple[tuple[int, int], ...]
MODEL_FILE = "data/content_model.json"
COMPLEMENT_DEPS = ("ccomp", "dobj", "xcomp", "attr", "oprd", "acomp")
OPENING_MARKS = frozenset("“\"‘«'")
BREAKS = frozenset((",", "—", "–", "--", ";"))


@dataclass(frozen=True, slots=True)
class Candidate:
    ranges: Ranges
    variants: tuple[str, ...]


def _cut_at_break(tokens: list[Token]) -> list[Token]:
    for k, tok in enumerate(tokens):
        if k > 0 and tok.text in BREAKS:
            return tokens[:k]
    return tokens


def candidates(
    head: Token,
    cue_range: tuple[int, int],
    current: Ranges,
    quotes: Sequence[Quote],
    to_span: Callable[[list[Token], Sequence[Quote]], tuple[int, int] | None],
    trimmed: Callable[[list[Token]], list[Token]],
) -> list[Candidate]:
    """The rule span and its alternatives, each once, with the ways it was reached.

    ``to_span`` and ``trimmed`` are the reader's own span helpers (passed in, so that this
    module does not import the reader)."""
    found: dict[Ranges, list[str]] = {}

    def add(name: str, ranges: Ranges | None) -> None:
        if ranges:
            found.setdefault(ranges, []).append(name)

    add("rule", current)
    cue_lo, cue_hi = cue_range
    sent = head.sent
    right = trimmed([t for t in head.subtree if t.idx >= cue_hi and sent.start <= t.i < sent.end])
    if right:
        span = to_span(right, quotes)
        add("right", (span,) if span else None)
        cut = trimmed(_cut_at_break(right))
        if cut and len(cut) < len(right):
            span = to_span(cut, quotes)
            add("right_cut", (span,) if span else None)
    comps = [c for c in head.children if c.dep_ in COMPLEMENT_DEPS and c.idx >= cue_hi]
    if comps:
        sub = trimmed(list(comps[0].subtree))
        if sub:
            span = to_span(sub, quotes)
            add("sub", (span,) if span else None)
    doc = head.doc
    if len(current) == 1:
        rule = doc.char_span(*current[0], alignment_mode="expand")
        if rule is not None:
            cut = trimmed(_cut_at_break(list(rule)))
            if cut and len(cut) < len(rule):
                span = to_span(cut, quotes)
                add("rule_cut", (span,) if span else None)
    if len(current) > 1:
        add("first_only", current[:1])
    elif len(current) == 1:
        inner = [q for q in quotes if current[0][0] < q.start and q.end <= current[0][1]]
        if inner and inner[0].end - inner[0].start > 12:
            add("quote_only", ((inner[0].start, inner[0].end),))
    rest = trimmed([t for t in sent if t.idx >= cue_hi])
    if rest:
        span = to_span(rest, quotes)
        add("sent_rest", (span,) if span else None)
    left = trimmed([t for t in sent if t.idx + len(t) <= cue_lo])
    if left:
        span = to_span(left, quotes)
        add("left", (span,) if span else None)
    return [Candidate(r, tuple(v)) for r, v in found.items()]


def features(head: Token, cand: Candidate, text: str) -> list[str]:
    lem = head.lemma_.lower()
    start, end = cand.ranges[0][0], cand.ranges[-1][1]
    doc = head.doc
    last = doc.char_span(end - 1, end, alignment_mode="expand")
    last_tok = last[-1] if last is not None and len(last) else None
    after = text[end : end + 2].strip()[:1] or "EOL"
    words = len(text[start:end].split())
    opens_quote = text[start : start + 1] in OPENING_MARKS
    feats = ["bias"]
    for v in cand.variants:
        feats += [
            f"v={v}",
            f"vl={v}|{lem}",
            f"vd={v}|{head.dep_}",
            f"va={v}|{after}",
            f"vn={v}|{min(words // 4, 8)}",
            f"vq={v}|{opens_quote}",
            f"vc={v}|{min(text[start:end].count(','), 3)}",
        ]
        if last_tok is not None:
            feats += [f"vlp={v}|{last_tok.pos_}", f"vld={v}|{last_tok.dep_}"]
        comps = sorted(c.dep_ for c in head.children if c.dep_ in COMPLEMENT_DEPS)
        feats.append(f"vcp={v}|{'+'.join(comps)}")
    feats.append(f"nv={len(cand.variants)}")
    nxt = doc.char_span(end, min(len(text), end + 40), alignment_mode="expand")
    nxt_tok = next((t for t in nxt if not t.is_space), None) if nxt is not None else None
    if nxt_tok is not None:
        follow = f"{nxt_tok.text if nxt_tok.is_punct else nxt_tok.pos_}"
        second = nxt_tok.nbor(1) if nxt_tok.i + 1 < len(doc) else None
        if second is not None and nxt_tok.is_punct:
            closed_class = second.pos_ in ("SCONJ", "PRON", "CCONJ", "ADP")
            follow += f"|{second.lower_ if closed_class else second.tag_}"
        for v in cand.variants:
            feats.append(f"vf={v}|{follow}")
    else:
        feats.append("vf=END")
    first = text[start:end].split(" ", 1)[0].lower()
    if first in ("that", "to", "if", "whether", "how", "why", "what"):
        feats.append(f"first={first}|{cand.variants[0]}")
    return feats


@dataclass(frozen=True, slots=True)
class ContentModel:
    weights: dict[str, float]

    def score(self, feats: list[str]) -> float:
        return sum(self.weights.get(f, 0.0) for f in feats)

    def scored(self, head: Token, cands: Sequence[Candidate]) -> list[tuple[Candidate, float]]:
        """Each candidate with its score (a logit: higher is likelier the annotators' span)."""
        text = text_of(head.doc)
        return [(c, self.score(features(head, c, text))) for c in cands]

    def choose(self, head: Token, cands: Sequence[Candidate]) -> Candidate:
        return max(self.scored(head, cands), key=lambda cs: cs[1])[0]


@functools.lru_cache(maxsize=1)
def load_content_model() -> ContentModel | None:
    path = resources.files("sourcetrace").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    raw = json.loads(path.read_text("utf-8"))
    return ContentModel(weights=raw["weights"])
