"""Corpus linking: the same claim across articles, copies between articles, wire credits.

Three independent, streaming tools, pure Python and NumPy:

- :class:`ClaimLinker` clusters claims incrementally. ``add(claim_id, text)`` returns the cluster
  id (the id of the cluster's first claim). Candidates come from an inverted index over the
  claim's rarest content tokens, each posting list capped, so one ``add`` costs a bounded amount
  of work however many claims came before (no all-pairs). Candidates are scored by a weighted
  overlap of content tokens (idf-like weights learned online), with factors for a mismatched
  number, proper name, time anchor or negation ("Obama visited Paris" is not "Obama visited
  Berlin"; "X did not resign" is not "X resigned"). A :class:`Scorer` can replace the lexical
  score while keeping the blocking; a :class:`NeighbourScorer` also adds candidates of its own
  (``embedding.EmbeddingScorer``: sentence embeddings, nearest neighbours among recent claims).
- :class:`CopyDetector` finds near-identical article bodies: MinHash over word 5-shingles with
  LSH bands; it keeps a signature per article, never the text.
- :func:`wire_credits` names the wire services an article credits as the source of its copy,
  from the dateline, the byline or the closing credit lines only (a mention mid-text is a
  citation); :func:`wire_credit` the first of them.

Two presets, both chosen on half of the Emergent training claims (split by claim id) with
``scripts/tune_linking.py``, the other half being the held-out check in ``tests/test_linking.py``:

- ``LinkSettings()``, for claims proper (propositions): a mismatched number, name, time anchor
  or negation is a veto; the threshold, balance and lone-number factor are tuned around that.
- ``LinkSettings.headlines()``, for grouping headlines by story as Emergent does, where a
  refutation ("Banksy was not arrested, police say") belongs with its claim: the data prefers
  mismatches as mild penalties, not vetoes (held-out pairwise F1 0.72 against 0.62).
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
import math
import re
from collections import Counter, deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import Protocol, cast, runtime_checkable

import numpy as np

from .lexicon import PLATFORMS

__all__ = [
    "ClaimLinker",
    "CopyDetector",
    "LexicalScorer",
    "LinkSettings",
    "NeighbourScorer",
    "Scorer",
    "Signature",
    "Weights",
    "signature",
    "story_credits",
    "wire_credit",
    "wire_credits",
]

# --------------------------------------------------------------------------------------------
# Normalisation

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th|[kmb]n?|%)?|[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;]\s+|\n")


def _words(text: str) -> list[str]:
    return text.split()


STOP_WORDS = frozenset(
    _words(
        """a about above after again against all also am an and any are as at be because been
    being both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself
    just let me more most my myself of off on once only or other our ours out over own same
    she should so some such than that the their theirs them themselves then there these they
    this those through to too under up very was we were what when where which while who whom
    why will with would you your yours yourself yourselves us may might must shall via per
    amid upon onto s t ll ve re d o y ma
    say says said saying reportedly allegedly apparently according report reports reported
    claim claims claimed rumor rumour new news"""
    )
)
NEGATORS = frozenset(
    ["not", "no", "never", "cannot", "nobody", "nothing", "none", "neither", "nor"]
)
#: words that anchor an event in time; two claims anchored differently are different claims
TIME_ANCHORS = frozenset(["ago", "before", "after", "since", "until", "earlier", "later"])
TIME_WORDS = frozenset(
    _words(
        """yesterday today tomorrow tonight monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec"""
    )
)
TIME_UNITS = frozenset(["second", "minute", "hour", "day", "week", "month", "year", "decade"])

_NUMBER_WORDS = {
    w: float(i)
    for i, w in enumerate(
        _words(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
        )
    )
}
_NUMBER_WORDS.update(
    {"thirty": 30.0, "forty": 40.0, "fifty": 50.0, "sixty": 60.0, "seventy": 70.0, "eighty": 80.0}
)
_NUMBER_WORDS.update({"ninety": 90.0, "dozen": 12.0, "hundred": 100.0})
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9}
_SCALES.update({"bn": 1e9, "b": 1e9, "trillion": 1e12})
_IRREGULAR = {
    "spoke": "speak", "spoken": "speak", "met": "meet", "went": "go", "gone": "go",
    "bought": "buy", "sold": "sell", "told": "tell", "took": "take", "taken": "take",
    "gave": "give", "given": "give", "found": "find", "made": "make", "left": "leave",
    "fled": "flee", "shot": "shoot", "hid": "hide", "hidden": "hide", "ran": "run",
    "won": "win", "lost": "lose", "wrote": "write", "written": "write", "knew": "know",
    "known": "know", "saw": "see", "seen": "see", "came": "come", "became": "become",
    "held": "hold", "paid": "pay", "sent": "send", "built": "build", "fell": "fall",
    "fallen": "fall", "struck": "strike", "stole": "steal", "stolen": "steal", "broke": "break",
    "broken": "break", "ate": "eat", "eaten": "eat", "got": "get", "men": "man",
    "women": "woman", "children": "child", "people": "person", "mice": "mouse", "feet": "foot",
    "teeth": "tooth", "died": "die", "dies": "die", "dying": "die", "lied": "lie",
    "lies": "lie", "wives": "wife", "lives": "life",
}  # fmt: skip


def stem(word: str) -> str:
    """A light suffix stemmer (lower-case input): plurals, -ed, -ing; a few irregular verbs."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    n = len(word)
    if n > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if n > 4 and word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    for suffix in ("ing", "ed"):
        if n > len(suffix) + 2 and word.endswith(suffix):
            base = word[: -len(suffix)]
            if suffix == "ed" and base.endswith("i"):
                return base[:-1] + "y"
            if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]
            elif base.endswith(("at", "iz", "bl", "v", "uc", "rg")) or (
                suffix == "ed" and word.endswith("ued")
            ):
                base += "e"
            return base
    return word


def _number_value(token: str) -> float | None:
    """The value of a numeric token ("4,000", "19m", "2.5", "18th"), else None."""
    m = re.fullmatch(r"(\d+(?:[.,]\d+)*)(st|nd|rd|th|[kmb]n?|%)?", token)
    if not m:
        return _NUMBER_WORDS.get(token)
    digits = m.group(1)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", digits):
        digits = digits.replace(",", "")
    else:
        digits = digits.replace(",", ".")
    try:
        value = float(digits)
    except ValueError:
        return None
    suffix = m.group(2) or ""
    return value * _SCALES.get(suffix, 1.0)


def _number_key(value: float) -> str:
    """A canonical spelling: 18 == 18.0; years stay exact, other values to 2 significant digits
    (15.4 million == 15 million, which Emergent's headlines treat as the same claim)."""
    value = float(value)
    if value.is_integer() and 1000 <= value <= 2100:
        return str(int(value))
    if value == 0:
        return "0"
    digits = 2 - int(math.floor(math.log10(abs(value)))) - 1
    rounded = round(value, digits)
    return str(int(rounded)) if float(rounded).is_integer() else f"{rounded:g}"


@dataclass(frozen=True, slots=True)
class Signature:
    """What the linker keeps of a claim: its normalised content, never its text.

    ``tokens`` are stemmed content tokens (numbers as canonical values, prefixed ``#``);
    ``capitals`` the stems written with a capital letter inside a sentence-case text (a proper
    name, as far as the text shows; in a title-case headline, where capitals say nothing, the
    linker fills them in from other claims); ``title_case`` whether the text is in title case;
    ``numbers`` the canonical numbers; ``times`` its time anchors
    ("18 month ago", "before tweet"); ``negated`` whether a negator (not, no, never, n't) occurs.
    """

    tokens: frozenset[str]
    capitals: frozenset[str]
    title_case: bool
    numbers: frozenset[str]
    times: frozenset[str]
    negated: bool
    claim_id: str = ""


def signature(text: str, claim_id: str = "") -> Signature:
    """Normalise ``text``: lower case, stop words out, light stemming, numbers canonical."""
    return _analyse(text, claim_id)[0]


def _analyse(text: str, claim_id: str = "") -> tuple[Signature, frozenset[str]]:
    """The signature, and the stems written in lower case inside a sentence (evidence that
    they are no names, for reading title-case headlines)."""
    text = _HYPHEN.sub("", text)  # "cease-fire" is "ceasefire"
    tokens: list[str] = []
    capitals: set[str] = set()
    lowered: set[str] = set()
    numbers: set[str] = set()
    times: set[str] = set()
    negated = False
    cased = 0
    caseable = 0
    # (stem, or "" for a stop word; is-number) per word, for the time anchors
    words: list[tuple[str, bool]] = []
    sentence_start = True
    last = 0
    pending_number: float | None = None
    for match in _TOKEN.finditer(text):
        if _SENTENCE_END.search(text, last, match.start()):
            sentence_start = True
        last = match.end()
        raw = match.group()
        lower = raw.lower().replace("’", "'")
        first = sentence_start
        sentence_start = False
        if lower.endswith("n't") or lower in NEGATORS:
            negated = True
            continue
        if "'" in lower:
            lower = lower.split("'")[0]
        value = _number_value(lower)
        if value is not None and lower not in _SCALES:
            if pending_number is not None:
                _add_number(pending_number, tokens, numbers, words)
            pending_number = value
            continue
        if pending_number is not None:
            if lower in _SCALES:
                pending_number *= _SCALES[lower]
                _add_number(pending_number, tokens, numbers, words)
                pending_number = None
                continue
            _add_number(pending_number, tokens, numbers, words)
            pending_number = None
        if lower in STOP_WORDS and lower not in TIME_ANCHORS:
            words.append(("", False))
            continue
        s = stem(lower)
        if s in TIME_WORDS and lower not in TIME_WORDS:
            s = lower  # "Mars" is no "mar", nor "marches" "march": only a month is a time word
        if len(lower) > 3 and not first and lower not in TIME_ANCHORS:
            caseable += 1
            cased += raw[0].isupper()
            if raw[0].islower():
                lowered.add(s)
        if (
            raw[0].isupper()
            and (not first or (len(raw) > 1 and raw.isupper()))
            and s not in TIME_WORDS
        ):
            capitals.add(s)
        words.append((s, False))
        if lower not in TIME_ANCHORS:
            tokens.append(s)
    if pending_number is not None:
        _add_number(pending_number, tokens, numbers, words)
    times.update(_time_anchors(words))
    title_case = caseable >= 2 and cased == caseable
    sig = Signature(
        tokens=frozenset(tokens),
        capitals=frozenset(() if title_case else capitals),
        title_case=title_case,
        numbers=frozenset(numbers),
        times=frozenset(times),
        negated=negated,
        claim_id=claim_id,
    )
    return sig, frozenset(lowered)


def _add_number(
    value: float, tokens: list[str], numbers: set[str], words: list[tuple[str, bool]]
) -> None:
    key = "#" + _number_key(value)
    tokens.append(key)
    numbers.add(key)
    words.append((key, True))


def _time_anchors(words: list[tuple[str, bool]]) -> Iterable[str]:
    """Time anchors ("18 month ago", "before tweet", "monday") of the claim's event."""
    for i, (word, _) in enumerate(words):
        if word in TIME_WORDS:
            yield word
        elif word == "ago" and i >= 2 and words[i - 2][1] and words[i - 1][0] in TIME_UNITS:
            yield f"{words[i - 2][0]} {words[i - 1][0]} ago"
        elif word in TIME_ANCHORS and word != "ago":
            following = [w for w, _ in words[i + 1 : i + 4] if w]
            if following:
                yield f"{word} {following[0]}"


# --------------------------------------------------------------------------------------------
# Claim linking


@dataclass(frozen=True, slots=True)
class LinkSettings:
    """How :class:`ClaimLinker` blocks and scores.

    ``threshold``: the least score (0..1) at which a claim joins a candidate's cluster.
    ``balance``: the score's denominator, from the larger side's weight (0, strict) to the
    smaller side's (1, an overlap coefficient: a short headline inside a long one links).
    The ``*_factor`` values multiply the score when two claims disagree: ``number_factor`` when
    each carries a number the other lacks, ``lone_number_factor`` when only one does,
    ``time_factor`` when both are anchored in time and differently, ``name_factor`` when each
    names someone or somewhere the other does not, ``negation_factor`` when one is negated and
    the other not. 0 is a veto, 1 ignores the disagreement.
    ``probe``: how many of a claim's rarest tokens are looked up; ``max_postings``: the most
    recent claims a token's posting list remembers; ``max_candidates``: how many candidates
    (most probed tokens shared first, then the most recent) are scored.
    ``linkage``: against chaining. A claim that reaches the threshold with one member of a
    cluster joins it only if its mean score over the cluster's first ``core`` members is at
    least ``linkage`` times the threshold (0: single link, the best member alone decides).
    """

    threshold: float = 0.225
    balance: float = 0.25
    number_factor: float = 0.0
    lone_number_factor: float = 0.75
    time_factor: float = 0.0
    name_factor: float = 0.0
    negation_factor: float = 0.0
    probe: int = 8
    max_postings: int = 200
    max_candidates: int = 20
    linkage: float = 0.5
    core: int = 4

    @classmethod
    def headlines(cls) -> LinkSettings:
        """For grouping headlines by the story they report, refutations included (Emergent's
        clusters): mismatches only lower the score. Chosen on the Emergent "tune" half with
        ``scripts/tune_linking.py --preset headlines``."""
        return cls(
            threshold=0.225,
            balance=0.25,
            number_factor=1.0,
            lone_number_factor=0.75,
            time_factor=0.5,
            name_factor=0.75,
            negation_factor=0.75,
        )


class Weights:
    """Idf-like token weights over the ``n`` claims seen: ``log((n + 2) / (df + 1)) + 0.5``."""

    __slots__ = ("_log_df", "offset")

    def __init__(self, n: int, log_df: Mapping[str, float]) -> None:
        self.offset = math.log(n + 2) + 0.5
        self._log_df = log_df  # log(df + 1) per token seen

    def __call__(self, token: str) -> float:
        return self.offset - self._log_df.get(token, 0.0)

    def total(self, tokens: Collection[str]) -> float:
        """The summed weight of ``tokens``."""
        return len(tokens) * self.offset - sum(map(self._log_df.get, tokens, repeat(0.0)))


class Scorer(Protocol):
    """Scores how surely two claims state the same thing (0..1). The seam for an embedding scorer:
    ``observe`` sees every claim's text when it is added (to embed it, keyed by claim id),
    ``score`` compares a new claim with a candidate found by the lexical blocking."""

    def observe(self, claim_id: str, text: str) -> None: ...

    def score(self, new: Signature, old: Signature, weights: Weights) -> float: ...


@runtime_checkable
class NeighbourScorer(Scorer, Protocol):
    """A scorer that also proposes candidates of its own (an embedding scorer's nearest
    neighbours): ``neighbours`` is called after ``observe`` with the new claim's id and returns
    ids of claims observed before it, a bounded number, found at a bounded cost."""

    def neighbours(self, claim_id: str) -> Sequence[str]: ...


class LexicalScorer:
    """Weighted overlap of content tokens, with factors for mismatched specifics."""

    def __init__(self, settings: LinkSettings) -> None:
        self.settings = settings

    def observe(self, claim_id: str, text: str) -> None:
        """Nothing to remember: the signature carries all this scorer needs."""

    def score(self, new: Signature, old: Signature, weights: Weights) -> float:
        if not new.tokens & old.tokens:
            return 0.0
        factor = self.mismatch(new, old)
        if factor == 0.0:
            return 0.0
        return factor * self.overlap(new, old, weights)

    def overlap(self, new: Signature, old: Signature, weights: Weights) -> float:
        """The weighted overlap of the two claims' tokens (0..1), before the mismatch factors."""
        shared = new.tokens & old.tokens
        if not shared:
            return 0.0
        s = self.settings
        w_shared = weights.total(shared)
        w_new = weights.total(new.tokens)
        w_old = weights.total(old.tokens)
        low, high = min(w_new, w_old), max(w_new, w_old)
        return w_shared / (s.balance * low + (1 - s.balance) * high)

    def mismatch(self, a: Signature, b: Signature) -> float:
        """The product of the factors for what ``a`` and ``b`` disagree on (1.0: nothing)."""
        s = self.settings
        factor = 1.0
        extra_a, extra_b = a.numbers - b.numbers, b.numbers - a.numbers
        if extra_a and extra_b:  # 19 million against 15 million
            factor *= s.number_factor
        elif extra_a or extra_b:  # a number the other side does not give
            factor *= s.lone_number_factor
        if a.times and b.times and not a.times & b.times:
            factor *= s.time_factor
        if a.negated != b.negated:
            factor *= s.negation_factor
        # a substitution: a name of each side absent from the other side altogether
        if a.capitals - b.tokens and b.capitals - a.tokens:
            factor *= s.name_factor
        return factor


class ClaimLinker:
    """Incremental clustering of claims that state the same thing.

    >>> linker = ClaimLinker()
    >>> linker.add("c1", "Obama visited Paris on Monday")
    'c1'
    >>> linker.add("c2", "On Monday Obama visited Paris, the White House said")
    'c1'
    >>> linker.add("c3", "Obama visited Berlin on Monday")
    'c3'

    A claim joins the cluster of its best-scoring candidate if that score reaches the threshold,
    else it starts a cluster of its own. Adding an id twice returns its cluster.

    Without ``settings``, a ``scorer`` that carries ``LinkSettings`` of its own (as
    ``settings``: an embedding scorer, whose scores need their own threshold) lends them to the
    linker; ``threshold`` overrides the threshold either way. A :class:`NeighbourScorer`'s
    neighbours join the candidates of the token blocking.
    """

    def __init__(
        self,
        *,
        threshold: float | None = None,
        settings: LinkSettings | None = None,
        scorer: Scorer | None = None,
    ) -> None:
        own = getattr(scorer, "settings", None)
        base = settings or (own if isinstance(own, LinkSettings) else None) or LinkSettings()
        if threshold is not None:
            base = dataclasses.replace(base, threshold=threshold)
        self.settings = base
        self.scorer: Scorer = scorer or LexicalScorer(base)
        self._proposes = isinstance(self.scorer, NeighbourScorer)
        self._ids: list[str] = []
        self._signatures: list[Signature] = []
        self._cluster: list[int] = []  # index of the cluster's first claim, per claim
        self._core: dict[int, list[int]] = {}  # a cluster's first members (``core``), by cluster
        self._index: dict[str, int] = {}
        self._postings: dict[str, deque[int]] = {}
        self._df: Counter[str] = Counter()
        self._log_df: dict[str, float] = {}
        self._capitalised: Counter[str] = Counter()  # in sentence-case claims, for names
        self._lowered: Counter[str] = Counter()
        self.comparisons = 0  # scores computed, for the blocking's cost

    def __len__(self) -> int:
        return len(self._ids)

    def weights(self) -> Weights:
        """The token weights as they stand (valid until the next claim is added)."""
        return Weights(len(self._ids), self._log_df)

    def add(self, claim_id: str, text: str) -> str:
        """Add a claim; return its cluster id (the claim id of the cluster's first member)."""
        if claim_id in self._index:
            return self.cluster_of(claim_id)
        sig, lowered = _analyse(text, claim_id)
        if sig.title_case:
            # capitals say nothing in "Obama Visits Paris": read names from other claims
            known = frozenset(t for t in sig.tokens if self._capitalised[t] > self._lowered[t])
            sig = dataclasses.replace(sig, capitals=known)
        else:
            self._capitalised.update(sig.capitals)
            self._lowered.update(lowered)
        self.scorer.observe(claim_id, text)
        weights = self.weights()
        candidates = self._candidates(sig)
        if self._proposes:
            proposed = set(candidates)
            for neighbour in cast(NeighbourScorer, self.scorer).neighbours(claim_id):
                n = self._index.get(neighbour)
                if n is not None and n not in proposed:
                    proposed.add(n)
                    candidates.append(n)
        scored: dict[int, float] = {}
        ranked: list[tuple[float, int]] = []  # the candidates that reach the threshold
        for candidate in candidates:
            self.comparisons += 1
            value = self.scorer.score(sig, self._signatures[candidate], weights)
            scored[candidate] = value
            if value >= self.settings.threshold:
                ranked.append((value, candidate))
        # the best first; among equals the later candidate, as single link always took
        ranked.reverse()
        ranked.sort(key=lambda pair: -pair[0])
        if self.settings.linkage > 0:  # the best whose cluster the claim matches on average
            best = next((c for _, c in ranked if self._coheres(sig, c, scored, weights)), -1)
        else:
            best = ranked[0][1] if ranked else -1
        i = len(self._ids)
        self._ids.append(claim_id)
        self._signatures.append(sig)
        cluster = self._cluster[best] if best >= 0 else i
        self._cluster.append(cluster)
        core = self._core.setdefault(cluster, [])
        if len(core) < self.settings.core:
            core.append(i)
        self._index[claim_id] = i
        cap = self.settings.max_postings
        for token in sig.tokens:
            self._df[token] += 1
            self._log_df[token] = math.log(self._df[token] + 1)
            posting = self._postings.get(token)
            if posting is None:
                posting = self._postings[token] = deque(maxlen=cap)
            posting.append(i)
        return self._ids[self._cluster[i]]

    def _coheres(
        self, sig: Signature, candidate: int, scored: dict[int, float], weights: Weights
    ) -> bool:
        """Whether the new claim's mean score over the first members of the candidate's cluster
        reaches ``linkage`` times the threshold."""
        members = self._core.get(self._cluster[candidate], [candidate])
        total = 0.0
        for m in members:
            if m not in scored:
                self.comparisons += 1
                scored[m] = self.scorer.score(sig, self._signatures[m], weights)
            total += scored[m]
        return total / len(members) >= self.settings.linkage * self.settings.threshold

    def _candidates(self, sig: Signature) -> list[int]:
        s = self.settings
        probed = sorted(sig.tokens, key=lambda t: (self._df[t], t))[: s.probe]
        hits: Counter[int] = Counter()
        for n, token in enumerate(probed):
            posting = self._postings.get(token)
            if posting:
                if n and hits and len(posting) == s.max_postings:
                    break  # a full list: a token too common to find what rarer ones missed
                hits.update(posting)
        if len(hits) <= s.max_candidates:
            return list(hits)
        # too many: those sharing the most probed tokens first, then the most recent
        best = heapq.nlargest(s.max_candidates, hits.items(), key=itemgetter(1, 0))
        return [c for c, _ in best]

    def cluster_of(self, claim_id: str) -> str:
        """The cluster id of an added claim; ``KeyError`` for an id never added."""
        return self._ids[self._cluster[self._index[claim_id]]]

    def clusters(self) -> dict[str, list[str]]:
        """Every cluster id with its members, in the order they were added."""
        out: dict[str, list[str]] = {}
        for claim_id, c in zip(self._ids, self._cluster, strict=True):
            out.setdefault(self._ids[c], []).append(claim_id)
        return out


# --------------------------------------------------------------------------------------------
# Copies


_WORD = re.compile(r"\w+")
#: a hyphen between two letters: spellings with and without it are one word
_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def _shingle_hashes(text: str, width: int) -> np.ndarray:
    words = _WORD.findall(text.lower())
    if len(words) < width:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i : i + width]) for i in range(len(words) - width + 1)]
    hashes = {
        int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little") for g in grams
    }
    return np.fromiter(hashes, dtype=np.uint64, count=len(hashes))


@dataclass
class CopyDetector:
    """Near-identical article bodies, streaming: MinHash over word shingles with LSH bands.

    ``add(article_id, text)`` returns the id of the earlier article whose body is most similar,
    if the estimated similarity of their shingle sets reaches ``threshold``; else None. The
    similarity is the Jaccard index, or with ``containment=True`` the share of the shorter
    body's shingles found in the other (from the Jaccard estimate and the two set sizes): a
    repost that adds a paragraph of its own, or drops one, is still a copy (an AP story and its
    lightly edited repost share 84 % of the shorter body's 8-word shingles, Jaccard 0.68).
    Per article it keeps ``num_perm`` 32-bit minima and one bucket entry per band, not the text.
    With 20 bands of 6 rows, a pair at Jaccard 0.8 becomes a candidate with probability 0.998,
    a pair at 0.4 with 0.08; candidates are then checked on the full signature.
    """

    threshold: float = 0.8
    shingle: int = 5
    bands: int = 20
    rows: int = 6
    seed: int = 1
    containment: bool = False
    _ids: list[str] = field(default_factory=list, repr=False)
    _sizes: list[int] = field(default_factory=list, repr=False)
    _signatures: list[np.ndarray] = field(default_factory=list, repr=False)
    _buckets: list[dict[bytes, list[int]]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        n = self.bands * self.rows
        # multiply-shift hashing of 32-bit shingle hashes: (a*x + b) mod 2**64, top 32 bits
        top = np.iinfo(np.uint64).max
        self._a = rng.integers(1, top, size=n, dtype=np.uint64, endpoint=True) | np.uint64(1)
        self._b = rng.integers(0, top, size=n, dtype=np.uint64, endpoint=True)
        self._buckets = [{} for _ in range(self.bands)]

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows

    def minhash(self, text: str) -> np.ndarray:
        """The text's MinHash signature (``num_perm`` uint32 values)."""
        return self._minhash(_shingle_hashes(text, self.shingle))

    def _minhash(self, hashes: np.ndarray) -> np.ndarray:
        if hashes.size == 0:
            return np.full(self.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
        mixed = (np.outer(self._a, hashes) + self._b[:, None]) >> np.uint64(32)
        return mixed.min(axis=1).astype(np.uint32)

    def add(self, article_id: str, text: str) -> str | None:
        """Remember the article; return the earlier near-identical one, or None."""
        hashes = _shingle_hashes(text, self.shingle)
        sig, size = self._minhash(hashes), int(hashes.size)
        counts: Counter[int] = Counter()
        keys = [sig[b * self.rows : (b + 1) * self.rows].tobytes() for b in range(self.bands)]
        for band, key in enumerate(keys):
            counts.update(self._buckets[band].get(key, ()))
        best: str | None = None
        best_score = self.threshold
        for candidate in sorted(counts):
            estimate = float(np.mean(self._signatures[candidate] == sig))
            if self.containment:
                estimate = _containment(estimate, size, self._sizes[candidate])
            if estimate >= best_score + (1e-9 if best is not None else 0.0):
                best, best_score = self._ids[candidate], estimate
        i = len(self._ids)
        self._ids.append(article_id)
        self._signatures.append(sig)
        self._sizes.append(size)
        for band, key in enumerate(keys):
            self._buckets[band].setdefault(key, []).append(i)
        return best

    def similarity(self, a: str, b: str) -> float:
        """The estimated Jaccard similarity of two texts' shingle sets."""
        return float(np.mean(self.minhash(a) == self.minhash(b)))


def _containment(jaccard: float, a: int, b: int) -> float:
    """|A ∩ B| / min(|A|, |B|) from the Jaccard index and the two sizes."""
    if min(a, b) == 0:
        return 0.0
    shared = jaccard * (a + b) / (1.0 + jaccard)
    return min(1.0, shared / min(a, b))


# --------------------------------------------------------------------------------------------
# Wire credits

#: wire services: the name returned, then the spellings that credit it
WIRES: dict[str, tuple[str, ...]] = {
    "Associated Press": ("The Associated Press", "Associated Press", "AP"),
    "Reuters": ("Thomson Reuters", "Reuters"),
    "AFP": ("Agence France-Presse", "Agence France Presse", "AFP"),
    "UPI": ("United Press International", "UPI"),
    "Bloomberg News": ("Bloomberg News", "Bloomberg"),
    "CNN Wire": ("CNN Wire",),
    "CNN": ("CNN",),
    "Xinhua": ("Xinhua News Agency", "Xinhua"),
    "dpa": ("Deutsche Presse-Agentur", "dpa", "DPA"),
    "Press Association": ("Press Association", "PA"),
    "AAP": ("Australian Associated Press", "AAP"),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "Kyodo": ("Kyodo News", "Kyodo"),
    "TASS": ("TASS", "ITAR-TASS"),
    "Interfax": ("Interfax",),
    "McClatchy-Tribune": ("McClatchy-Tribune", "MCT"),
}
_SPELLING = {spelling.lower(): name for name, spellings in WIRES.items() for spelling in spellings}
_ANY_WIRE = "|".join(
    re.escape(s) for s in sorted((s for v in WIRES.values() for s in v), key=len, reverse=True)
)
_W = rf"(?:the\s+)?(?P<wire>{_ANY_WIRE})"
_DASH = r"\s*(?:--|—|–|-|:)"
#: credits in the first lines: a dateline, a byline, the service's name alone on the first line
_HEAD = [
    re.compile(rf"\(\s*{_W}\s*\){_DASH}"),
    re.compile(rf"(?m)^\s*By\s+{_W}\s*$"),
    re.compile(rf"(?m)\A\s*{_W}\s*$"),
    re.compile(r"(?P<wire>CNN Wire)"),
]
#: credits in the closing lines
_TAIL = [
    re.compile(rf"(?i)(?<![\w'’]){_W}\b(?!['’]s)[^\n]{{0,160}}?\bcontribut", re.I),
    re.compile(
        rf"(?i)(?:additional\s+)?(?:reporting|writing|contributing|information)\s*"
        rf"(?:by|from|:)\s*(?:the\s+)?(?:[^\n]{{0,40}}?\band\s+)??{_W}\b"
    ),
    re.compile(rf"(?i)\bwith\s+(?:a\s+)?(?:files?\s+|reporting\s+)?(?:from\s+)?{_W}\b"),
    re.compile(rf"(?i)(?:copyright|©)\s*(?:\d{{4}}\s*)?{_W}\b"),
    re.compile(rf"(?i)originally\s+(?:appeared|published)\s+(?:at|on|in|by)\s+{_W}\b"),
    re.compile(r"(?i)\b(?:reporting by [^\n;]+;\s*(?:additional reporting[^\n;]*;\s*)?"
               r"(?:writing|editing) by)(?P<reuters>)"),
    re.compile(r"(?i)to contact the (?:reporter|author|editors?)[^@]{0,120}"
               r"@(?P<bloomberg>)bloomberg"),
]  # fmt: skip
#: a closing line that is only credits: "AFP", "Reuters, Fairfax Media", "bw/jm (AFP, dpa)",
#: "(FRANCE 24 with AFP, AP)", "AP/AFP"
_CREDIT_LINE = re.compile(
    rf"^\W*(?:[a-z]{{2,4}}(?:/[a-z]{{2,4}})+\s*)?\(?(?:[\w ]{{1,20}}\swith\s)?{_W}"
    rf"(?:\s*(?:,|/|and|&)\s*(?:[A-Z][\w.\- ]{{0,30}}|{_ANY_WIRE}))*\)?\W*$"
)
_HEAD_CHARS = 300
_TAIL_CHARS = 500


def _wire(spelling: str) -> str:
    return _SPELLING.get(spelling.lower(), _SPELLING.get(spelling, spelling))


def _case_ok(match: re.Match[str]) -> bool:
    """Short spellings (AP, PA, AFP) must be written in capitals: "ap" or "Pa" credit nothing."""
    wire = match.group("wire")
    return len(wire) > 4 or wire.isupper() or wire == "dpa"


def wire_credit(text: str, byline: str | None = None) -> str | None:
    """The wire service ``text`` credits as the source of its copy, else None (the first of
    :func:`wire_credits`)."""
    found = wire_credits(text, byline)
    return found[0] if found else None


def wire_credits(text: str, byline: str | None = None) -> tuple[str, ...]:
    """The wire services ``text`` credits as the source of its copy, in the order credited.

    Only credits where copy is credited count: the byline ("By Reuters"), the dateline
    ("WASHINGTON (AP) —", "MOGADISHU, Sept 5 (Reuters) -", "(CNN) --"), and the closing lines
    ("The Associated Press contributed to this report.", "Reporting by ...; Editing by ...",
    "Copyright 2014 The Associated Press", "bw/jm (AFP, dpa)"). A closing credit may name
    several ("slk/shs (AP, AFP, Reuters)", "Additional reporting by AP and Reuters"): all of
    them, from that credit only. A service named mid-text ("told Reuters", "the AP reported")
    is a citation, not a credit. A dateline credit of ``(CNN)`` returns "CNN": whether that is
    a copy depends on the outlet, which the caller knows.
    """
    if byline:
        found = _byline_credit(byline)
        if found:
            return (found,)
    head = text.lstrip()[:_HEAD_CHARS]
    for pattern in _HEAD:
        for m in pattern.finditer(head):
            if _case_ok(m):
                return (_wire(m.group("wire")),)
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    closing = lines[-4:]
    tail = "\n".join(closing)[-_TAIL_CHARS:]
    for pattern in _TAIL:
        for m in pattern.finditer(tail):
            groups = m.groupdict()
            if "reuters" in groups:
                return ("Reuters",)
            if "bloomberg" in groups:
                return ("Bloomberg News",)
            if _case_ok(m):
                return _all_wires(tail, m.start("wire"), m.end())
    for line in reversed(closing[-2:]):
        credit = _CREDIT_LINE.match(line)
        if credit and _case_ok(credit) and len(line) <= 80:
            return _all_wires(line, credit.start("wire"), len(line))
    return ()


# --------------------------------------------------------------------------------------------
# Credits of the story to another outlet: "Via TechCrunch", "[h/t Consumerist, Photo: ...]"

#: a credit's cue: at the start of a line, or after an opening bracket anywhere in it
_STORY_CUE = re.compile(r"(?i)(?:^|(?<=[(\[]))\s*(?:via|h/t|hat\s+tip)\b\s*:?\s*(?:to\s+)?")
#: a line that opens with a cue is a credit only when it is this short
_CREDIT_LINE_CHARS = 100
#: where the names of a credit stop: a closing bracket, a bar, a semicolon, a new label
_STORY_END = re.compile(r"[|\])(;]")
_STORY_SPLIT = re.compile(r"\s*,\s*|\s+/\s+|\s+and\s+")
_STORY_NAME = re.compile(
    r"@?(?:[A-Z0-9]|[a-z]{1,2}[A-Z])[\w.&'’@-]*(?:\s+(?:[A-Z0-9][\w.&'’-]*|of|the|for|on|de|du|la|der|and)){0,5}"
    r"|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}"
)
#: where things are posted or found, not who reported them: a credit to them credits no outlet
_NO_OUTLETS = frozenset(
    {p.lower() for p in PLATFORMS}
    | {"vine", "flickr", "imgur", "giphy", "tumblr", "pinterest", "getty images", "getty"}
    | {"shutterstock", "email", "e-mail", "google", "wikipedia"}
)


def story_credits(text: str) -> tuple[str, ...]:
    """The outlets (or people) ``text`` credits for its story, in order: "Via: TechCrunch",
    "H/T BuzzFeed", "(H/T: Daily Mail)", "[h/t Esquire / Jezebel]", "[h/t Metro, Photo: ...]".

    Only the first line and the last four are read, as credits stand there; a line that opens
    with the cue must be short (a credit, not a sentence), a bracketed credit may close a
    paragraph. Not credits: a platform ("via Twitter", "Via youtube.com"), words in lower case
    ("h/t seemingly every single person on Facebook"), a label after the names ("Photo: ..."),
    a line that ends with a colon ("Via On the Record:" introduces what follows). A wire
    service credited this way is returned too; :func:`wire_credits` tells copies apart."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    found: list[str] = []
    for line in dict.fromkeys(lines[:1] + lines[-4:]):
        if line.endswith(":"):
            continue
        for m in _STORY_CUE.finditer(line):
            if m.start() == 0 and len(line) > _CREDIT_LINE_CHARS and line[0] not in "([":
                continue
            found.extend(_credited(line[m.end() :]))
    return tuple(dict.fromkeys(found))


def _credited(rest: str) -> list[str]:
    """The names at the start of ``rest``, up to the end of the credit."""
    end = _STORY_END.search(rest)
    names: list[str] = []
    for part in _STORY_SPLIT.split(rest[: end.start()] if end else rest):
        if ":" in part:  # "Photo: ...": another credit begins
            break
        name = part.strip(" .!?\"'“”").removeprefix("@")
        if not _STORY_NAME.fullmatch(part.strip(" .!?\"'“”")):
            break
        if name.lower() in _NO_OUTLETS or name.lower().removesuffix(".com") in _NO_OUTLETS:
            continue
        names.append(name)
    return names


_WIRE_ANYWHERE = re.compile(rf"(?<![\w'’]){_W}\b(?!['’]s)")
#: where a credit naming several services stops: the end of its line or sentence
_CREDIT_END = re.compile(r"\n|[.;](?:\s|$)")


def _all_wires(text: str, start: int, end: int) -> tuple[str, ...]:
    """Every service named from ``start`` to the end of the credit (at least to ``end``): the
    end of that line or sentence."""
    stop = _CREDIT_END.search(text, end)
    region = text[start : stop.start() if stop else len(text)]
    named = (_wire(m.group("wire")) for m in _WIRE_ANYWHERE.finditer(region) if _case_ok(m))
    return tuple(dict.fromkeys(named))


def _byline_credit(byline: str) -> str | None:
    text = re.sub(r"(?i)^\s*by\s+", "", byline.strip())
    m = re.match(rf"(?i){_W}\b", text)
    if m and _case_ok(m):
        return _wire(m.group("wire"))
    end = re.search(rf"(?:,|\(|\bof\b)\s*{_W}\b\)?\s*$", text)  # "Jane Doe, Associated Press"
    if end and _case_ok(end):
        return _wire(end.group("wire"))
    return None
