"""The learned attribution tagger: source, cue and content spans from a fine-tuned encoder.

An article is cut into windows of whole sentences (at most ``MAX_PIECES`` word pieces
each) and encoded once. Each spaCy token is represented by its first word piece. Three
B/I/O layers mark cue, source and content spans; then two small scorers link them: each
content span chooses the cue it belongs to (or none), and each cue chooses its source span
(or none, for an unnamed source). A span is represented by its first and last tokens; a
link score is a product of two projections plus a learned bias for the signed distance.

The tagger is trained on PolNeAR, which annotates the outermost attributions of a sentence;
the syntactic reader (``attribution.py``) still finds what is nested inside their contents.
Weights: ``data/tagger.npz`` (int8, see ``encoder.py``); training: ``training/tagger.py``.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .encoder import Array, Int8Matrix, give_back_freed_memory, load_stored, looked_up
from .onnxencoder import Encoder, make_encoder
from .wordpiece import WordPiece, load_wordpiece

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Word pieces per window, without [CLS] and [SEP].
MAX_PIECES = 254
ROLES = ("cue", "source", "content")
TAG_O, TAG_B, TAG_I = 0, 1, 2
DIST_BUCKETS = 8
#: A token is inside a span when P(B) + P(I) reaches this.
INSIDE_AT = 0.5
#: Content pieces of one cue at most this many tokens apart are joined.
MAX_GAP = 8
WEIGHTS_FILE = "tagger.npz"

TokenSpan = tuple[int, int]  # spaCy token indices, end exclusive


@dataclass(frozen=True, slots=True)
class Window:
    """Tokens ``start:end`` of a doc, their piece ids and each token's first piece."""

    start: int
    end: int
    ids: tuple[int, ...]  # without [CLS]/[SEP]
    first: tuple[int, ...]  # per token: index into ids, or -1 for a token with no piece


@dataclass(frozen=True, slots=True)
class Tagged:
    """One attribution found by the tagger, in token indices."""

    cue: TokenSpan
    source: TokenSpan | None
    content: tuple[TokenSpan, ...]


def pieces_of(doc: Doc, wp: WordPiece) -> list[list[int]]:
    return [wp.encode(t.text) if not t.is_space else [] for t in doc]


def windows(
    doc: Doc, pieces: Sequence[Sequence[int]], max_pieces: int = MAX_PIECES
) -> list[Window]:
    """Whole sentences packed into windows; a sentence too long for one is cut by tokens."""
    groups: list[tuple[int, int]] = []
    try:
        sents = [(s.start, s.end) for s in doc.sents]
    except ValueError:  # no sentence boundaries set
        sents = [(0, len(doc))]
    for s, e in sents:
        size = sum(len(pieces[i]) for i in range(s, e))
        if size <= max_pieces:
            groups.append((s, e))
            continue
        start, used = s, 0
        for i in range(s, e):
            n = min(len(pieces[i]), max_pieces)
            if used + n > max_pieces:
                groups.append((start, i))
                start, used = i, 0
            used += n
        groups.append((start, e))
    out: list[Window] = []
    cur: list[tuple[int, int]] = []
    cur_size = 0
    for s, e in groups:
        size = sum(min(len(pieces[i]), max_pieces) for i in range(s, e))
        if cur and cur_size + size > max_pieces:
            out.append(_window(cur[0][0], cur[-1][1], pieces, max_pieces))
            cur, cur_size = [], 0
        cur.append((s, e))
        cur_size += size
    if cur:
        out.append(_window(cur[0][0], cur[-1][1], pieces, max_pieces))
    return [w for w in out if w.ids]


def _window(start: int, end: int, pieces: Sequence[Sequence[int]], max_pieces: int) -> Window:
    ids: list[int] = []
    first: list[int] = []
    for i in range(start, end):
        p = list(pieces[i])[:max_pieces]
        first.append(len(ids) if p else -1)
        ids.extend(p)
    return Window(start, end, tuple(ids), tuple(first))


def batch_ids(
    wins: Sequence[Window], pad: int, cls: int, sep: int
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    length = max(len(w.ids) for w in wins) + 2
    ids = np.full((len(wins), length), pad, dtype=np.int64)
    mask = np.zeros((len(wins), length), dtype=bool)
    for r, w in enumerate(wins):
        n = len(w.ids) + 2
        ids[r, :n] = (cls, *w.ids, sep)
        mask[r, :n] = True
    return ids, mask


def dist_bucket(d: int) -> int:
    m = abs(d)
    b = 0 if m == 0 else min(DIST_BUCKETS - 1, 1 + int(math.log2(m)))
    return DIST_BUCKETS - 1 + (b if d > 0 else -b)


def bio_spans(labels: Sequence[int], present: Sequence[bool]) -> list[TokenSpan]:
    """Spans (window-relative token indices) from B/I/O labels; tokens with no piece are
    skipped over, and an I after an O starts a span."""
    spans: list[TokenSpan] = []
    start = last = -1
    for i, (lab, here) in enumerate(zip(labels, present, strict=True)):
        if not here:
            continue
        if lab == TAG_O or (lab == TAG_B and start >= 0):
            if start >= 0:
                spans.append((start, last + 1))
            start = -1
        if lab != TAG_O:
            if start < 0:
                start = i
            last = i
    if start >= 0:
        spans.append((start, last + 1))
    return spans


def span_rep(h: Array, spans: Sequence[TokenSpan]) -> Array:
    """First and last token vectors of each span, side by side."""
    if not spans:
        return np.zeros((0, 2 * h.shape[-1]), dtype=np.float32)
    first = np.array([s for s, _ in spans])
    last = np.array([e - 1 for _, e in spans])
    return np.concatenate([h[first], h[last]], axis=-1)


def link_scores(
    w: dict[str, Array],
    name: str,
    xs: Array,
    ys: Array,
    x_starts: Sequence[int],
    y_starts: Sequence[int],
) -> Array:
    """(n_x, n_y + 1) scores; the last column is 'none'."""
    px = xs @ w[name + ".x.w"].T + w[name + ".x.b"]
    py = ys @ w[name + ".y.w"].T + w[name + ".y.b"]
    scores = (
        (px @ py.T) / math.sqrt(px.shape[-1]) if len(ys) else np.zeros((len(xs), 0), np.float32)
    )
    if len(ys):
        buckets = np.array(
            [[dist_bucket(b - a) for b in y_starts] for a in x_starts], dtype=np.int64
        )
        scores = scores + w[name + ".dist"][buckets]
    null = xs @ w[name + ".null.w"] + w[name + ".null.b"]
    return np.concatenate([scores, null.reshape(-1, 1)], axis=1).astype(np.float32)


def role_probs(logits: Array) -> Array:
    """Per token, the B/I/O probabilities of each role side by side: (tokens, 3 per role),
    the softmax of each role's three logits."""
    out = np.empty_like(logits, dtype=np.float32)
    for r in range(logits.shape[-1] // 3):
        part = logits[:, 3 * r : 3 * r + 3]
        z = np.exp(part - part.max(-1, keepdims=True))
        out[:, 3 * r : 3 * r + 3] = z / z.sum(-1, keepdims=True)
    return out


def labels_of(logits: Array) -> list[int]:
    """B/I/O per token from one layer's logits: inside when B and I together outweigh O
    (a long content is not broken by one token where O edges out B and I alone), then B or
    I, whichever is likelier."""
    return _labels(role_probs(logits))


def _labels(p: Array) -> list[int]:
    inside = p[:, TAG_B] + p[:, TAG_I] >= INSIDE_AT
    return np.where(inside, np.where(p[:, TAG_B] > p[:, TAG_I], TAG_B, TAG_I), TAG_O).tolist()


def _close_gaps(segments: list[TokenSpan], keep_out: Sequence[TokenSpan]) -> list[TokenSpan]:
    """Content pieces of one cue a few tokens apart are one piece, unless the cue or the
    source lies between them (``"A," she said, "B."`` stays in two)."""
    merged: list[list[int]] = []
    for s, e in segments:
        if merged:
            gap_lo, gap_hi = merged[-1][1], s
            between = any(gap_lo <= k[0] < gap_hi for k in keep_out)
            if gap_hi - gap_lo <= MAX_GAP and not between:
                merged[-1][1] = max(merged[-1][1], e)
                continue
        merged.append([s, e])
    return [(s, e) for s, e in merged]


def decode_window(
    w: dict[str, Array], win: Window, hidden: Array, breaks: Collection[int] = ()
) -> list[Tagged]:
    """Attributions of one window from its encoder states ([CLS] excluded). ``breaks``:
    the doc indices of line-break tokens, which no span crosses and no gap closing joins
    over (in PolNeAR train one content piece in 23,000 holds a line break)."""
    return _decode(w, win, hidden, _token_probs(w, win, hidden), breaks)


def _cut(spans: list[TokenSpan], cuts: Sequence[int]) -> list[TokenSpan]:
    out: list[TokenSpan] = []
    for s, e in spans:
        for c in cuts:
            if s <= c < e:
                if s < c:
                    out.append((s, c))
                s = c + 1
        if s < e:
            out.append((s, e))
    return out


def _token_probs(w: dict[str, Array], win: Window, hidden: Array) -> Array:
    idx = np.array([max(f, 0) for f in win.first])
    return role_probs(hidden[idx] @ w["tag.w"].T + w["tag.b"])  # (tokens, 9)


def _decode(
    w: dict[str, Array], win: Window, hidden: Array, probs: Array, breaks: Collection[int] = ()
) -> list[Tagged]:
    present = [f >= 0 for f in win.first]
    h = hidden[np.array([max(f, 0) for f in win.first])]  # per token
    cuts = sorted(b - win.start for b in breaks if win.start <= b < win.end)
    spans = {
        role: _cut(bio_spans(_labels(probs[:, 3 * r : 3 * r + 3]), present), cuts)
        for r, role in enumerate(ROLES)
    }
    cues, sources, contents = spans["cue"], spans["source"], spans["content"]
    if not cues:
        return []
    cue_rep = span_rep(h, cues)
    owned: list[list[TokenSpan]] = [[] for _ in cues]
    if contents:
        sc = link_scores(
            w, "lc", span_rep(h, contents), cue_rep, [s for s, _ in contents], [s for s, _ in cues]
        )
        # a content piece in a paragraph before its cue's is all but unknown (29 of 23,000
        # pieces in PolNeAR train; a quotation running on after the cue's paragraph is not)
        for k, (_, ce) in enumerate(contents):
            for j, (cs, _) in enumerate(cues):
                if ce <= cs and any(ce <= c < cs for c in cuts):
                    sc[k, j] = -np.inf
        for k, j in enumerate(sc.argmax(-1).tolist()):
            if j < len(cues):
                owned[j].append(contents[k])
    src_of: list[TokenSpan | None] = [None] * len(cues)
    if sources:
        ss = link_scores(
            w, "ls", cue_rep, span_rep(h, sources), [s for s, _ in cues], [s for s, _ in sources]
        )
        for j, k in enumerate(ss.argmax(-1).tolist()):
            if k < len(sources):
                src_of[j] = sources[k]
    out = []
    off = win.start
    for j, cue in enumerate(cues):
        if not owned[j]:
            continue
        src = src_of[j]
        apart = [cue, *([src] if src else []), *((c, c + 1) for c in cuts)]
        content = _close_gaps(sorted(owned[j]), apart)
        out.append(
            Tagged(
                cue=(cue[0] + off, cue[1] + off),
                source=(src[0] + off, src[1] + off) if src else None,
                content=tuple((s + off, e + off) for s, e in content),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Reading:
    """What the tagger read in an article: its attributions, and per token the B/I/O
    probabilities of each role (``probs``, (tokens, 9), role ``r`` in columns ``3r:3r+3``);
    ``seen`` marks the tokens of the windows that were encoded (the others read as O)."""

    attributions: list[Tagged]
    probs: Array
    seen: NDArray[np.bool_]

    def loglik(self, role: str, spans: Sequence[TokenSpan], lo: int, hi: int) -> float:
        """Log-probability, under the tagger, of reading tokens ``lo:hi`` as exactly these
        spans of ``role`` (B at each start, I inside, O elsewhere); tokens with no word piece
        and tokens outside the encoded windows do not count."""
        labels = np.full(hi - lo, TAG_O, dtype=np.int64)
        for s, e in spans:
            a, b = max(s, lo), min(e, hi)
            labels[a - lo : b - lo] = TAG_I
            if lo <= s < hi:
                labels[s - lo] = TAG_B
        col = 3 * ROLES.index(role)
        rows = np.arange(lo, hi)
        keep = self.seen[lo:hi]
        p = self.probs[rows[keep], col + labels[keep]]
        return float(np.log(np.maximum(p, 1e-9)).sum())

    def boundary_loglik(self, role: str, spans: Sequence[TokenSpan]) -> float:
        """Log-probability, under the tagger, of these spans' own labels: B at each start,
        I inside, and no I on the token after each end. Unlike ``loglik`` it says nothing of
        the tokens around them, which may belong to another span of the same role (the
        tagger's content labels are not tied to one cue); tokens not seen do not count."""
        col = 3 * ROLES.index(role)
        total = 0.0
        for s, e in spans:
            total += self.loglik(role, [(s, e)], s, e)
            if e < len(self.seen) and self.seen[e]:
                total += float(np.log(max(1.0 - float(self.probs[e, col + TAG_I]), 1e-9)))
        return total

    def inside(self, role: str, span: TokenSpan) -> float:
        """The least P(B) + P(I) of ``role`` over the span's tokens (0 when none was seen)."""
        col = 3 * ROLES.index(role)
        s, e = span
        keep = self.seen[s:e]
        if not keep.any():
            return 0.0
        p = self.probs[s:e][keep]
        return float((p[:, col + TAG_B] + p[:, col + TAG_I]).min())


class Tagger:
    """The encoder and its heads, ready to tag parsed articles.

    The encoder runs in ONNX Runtime where it is installed, else in NumPy (see
    ``onnxencoder.make_encoder``; ``quantized``, the int8 matrices as stored, spares it
    quantizing ``weights`` again); ``encoder`` replaces that choice."""

    def __init__(
        self,
        weights: dict[str, Array],
        wordpiece: WordPiece | None = None,
        *,
        quantized: dict[str, Int8Matrix] | None = None,
        encoder: Encoder | None = None,
    ) -> None:
        self.w = weights
        self.wp = wordpiece or load_wordpiece()
        self.encoder = make_encoder(weights, quantized) if encoder is None else encoder

    def windows(self, doc: Doc) -> list[Window]:
        return windows(doc, pieces_of(doc, self.wp))

    def hidden(self, wins: Sequence[Window]) -> list[Array]:
        """Encoder states per window ([CLS] dropped), windows batched by length."""
        out: list[Array | None] = [None] * len(wins)
        order = sorted(range(len(wins)), key=lambda i: len(wins[i].ids))
        for k in range(0, len(order), 8):
            chunk = order[k : k + 8]
            ids, mask = batch_ids([wins[i] for i in chunk], self.wp.pad, self.wp.cls, self.wp.sep)
            states = self.encoder(ids, mask)
            for r, i in enumerate(chunk):
                out[i] = states[r, 1 : len(wins[i].ids) + 1]
        return [x for x in out if x is not None]

    def tag(self, doc: Doc, only: Collection[int] | None = None) -> list[Tagged]:
        """The attributions of a parsed article; with ``only``, just in the windows holding
        one of those token indices (the others are not encoded at all)."""
        return self.read(doc, only).attributions

    def read(self, doc: Doc, only: Collection[int] | None = None) -> Reading:
        """``tag``, with the per-token probabilities behind it."""
        wins = self.windows(doc)
        if only is not None:
            wins = [w for w in wins if any(w.start <= i < w.end for i in only)]
        probs = np.zeros((len(doc), 3 * len(ROLES)), dtype=np.float32)
        probs[:, TAG_O::3] = 1.0
        seen = np.zeros(len(doc), dtype=bool)
        breaks = [t.i for t in doc if t.is_space and "\n" in t.text]
        out: list[Tagged] = []
        for win, h in zip(wins, self.hidden(wins) if wins else [], strict=True):
            p = _token_probs(self.w, win, h)
            out.extend(_decode(self.w, win, h, p, breaks))
            present = np.array([f >= 0 for f in win.first])
            probs[win.start : win.end][present] = p[present]
            seen[win.start : win.end] = present
        return Reading(out, probs, seen)


@lru_cache(maxsize=1)
def load_tagger() -> Tagger | None:
    """The shipped tagger, or ``None`` when the package carries no weights."""
    ref = resources.files("sourcetrace").joinpath("data", WEIGHTS_FILE)
    if not ref.is_file():
        return None
    with ref.open("rb") as fh:
        weights, quantized = load_stored(fh)
    tagger = Tagger(weights, quantized=quantized)
    if tagger.encoder.name != "numpy":
        # the encoder layers live in the ONNX Runtime session now: their float copies (about
        # 40 MB) are not needed; the embeddings and the heads stay
        for name in [k for k in weights if k[0] == "l" and k[1].isdigit()]:
            del weights[name]
    looked_up(weights, quantized)  # the word embeddings in int8: 12 MB, not 47
    del quantized
    give_back_freed_memory()
    return tagger
