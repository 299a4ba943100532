"""Claim linking scored on Emergent (Ferreira & Vlachos 2016): headlines grouped by claim.

Only the training file (``url-versions-2015-06-14-clean-train.csv``) is read here. Its rows are
split in two halves by claim id (a stable hash), one to choose settings on (``"tune"``), the
other to report (``"held-out"``): no claim has headlines on both sides.

Scores: pairwise precision, recall and F1 over pairs of items put in the same cluster, and
B-cubed precision, recall and F1 averaged over items.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Half = Literal["tune", "held-out"]
TRAIN_FILE = "url-versions-2015-06-14-clean-train.csv"


@dataclass(frozen=True, slots=True)
class Headline:
    claim_id: str
    article_id: str
    claim: str
    headline: str
    stance: str


@dataclass(frozen=True, slots=True)
class ClusterScores:
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    items: int
    gold_clusters: int
    predicted_clusters: int


def half_of(claim_id: str) -> Half:
    """The half a claim belongs to, from a hash of its id (stable across runs and machines)."""
    return "tune" if hashlib.sha1(claim_id.encode()).digest()[0] % 2 == 0 else "held-out"


def read_headlines(path: Path, half: Half | None = None) -> list[Headline]:
    """The rows of the Emergent training file, in file order, optionally one half only."""
    if path.name != TRAIN_FILE:
        raise ValueError(f"only the Emergent training file is read here, not {path.name}")
    with path.open(newline="", encoding="utf-8") as f:
        rows = [
            Headline(
                claim_id=r["claimId"],
                article_id=r["articleId"],
                claim=r["claimHeadline"],
                headline=r["articleHeadline"],
                stance=r["articleHeadlineStance"],
            )
            for r in csv.DictReader(f)
        ]
    return [r for r in rows if half is None or half_of(r.claim_id) == half]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score_clusters(gold: Sequence[str], predicted: Sequence[str]) -> ClusterScores:
    """Pairwise and B-cubed scores of ``predicted`` cluster labels against ``gold`` labels."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted labels differ in length")
    joint = Counter(zip(gold, predicted, strict=True))
    g = Counter(gold)
    p = Counter(predicted)
    together = sum(_pairs(n) for n in joint.values())
    pred_pairs = sum(_pairs(n) for n in p.values())
    gold_pairs = sum(_pairs(n) for n in g.values())
    pp = together / pred_pairs if pred_pairs else 1.0
    pr = together / gold_pairs if gold_pairs else 1.0
    n = len(gold)
    bp = sum(c * c / p[pl] for (_, pl), c in joint.items()) / n if n else 1.0
    br = sum(c * c / g[gl] for (gl, _), c in joint.items()) / n if n else 1.0
    return ClusterScores(
        pairwise_precision=pp,
        pairwise_recall=pr,
        pairwise_f1=_f1(pp, pr),
        bcubed_precision=bp,
        bcubed_recall=br,
        bcubed_f1=_f1(bp, br),
        items=n,
        gold_clusters=len(g),
        predicted_clusters=len(p),
    )


def cluster_headlines(
    items: Iterable[tuple[str, str, str]], add: Callable[[str, str], str]
) -> tuple[list[str], list[str]]:
    """Feed ``(item_id, text, gold_label)`` triples to ``add`` (a linker's); return the gold and
    predicted labels in feeding order."""
    gold: list[str] = []
    predicted: list[str] = []
    for item_id, text, label in items:
        predicted.append(add(item_id, text))
        gold.append(label)
    return gold, predicted


Mode = Literal["articles", "with-claims", "claims"]


def stream(rows: Sequence[Headline], mode: Mode, seed: int) -> list[tuple[str, str, str]]:
    """``(item_id, text, claim_id)`` in a shuffled order (news interleaves stories), seeded:
    ``articles`` the article headlines, ``with-claims`` those and each claim's own headline,
    ``claims`` the claim headlines only (one per claim: every merge is a false one)."""
    import random

    claims = {r.claim_id: r.claim for r in rows}
    out = [(f"{r.article_id}:{i}", r.headline, r.claim_id) for i, r in enumerate(rows)]
    if mode == "claims":
        out = []
    if mode in ("with-claims", "claims"):
        out += [(f"claim:{c}", text, c) for c, text in claims.items()]
    random.Random(seed).shuffle(out)
    return out


def evaluate_linker(
    rows: Sequence[Headline],
    make: Callable[[], Callable[[str, str], str]],
    mode: Mode = "articles",
    seeds: int = 2,
) -> ClusterScores:
    """Scores averaged over ``seeds`` shuffled orders; ``make()`` returns a fresh linker's
    ``add``."""
    runs = []
    for seed in range(seeds):
        gold, predicted = cluster_headlines(stream(rows, mode, seed), make())
        runs.append(score_clusters(gold, predicted))

    def mean(name: str) -> float:
        return sum(getattr(r, name) for r in runs) / len(runs)

    return ClusterScores(
        pairwise_precision=mean("pairwise_precision"),
        pairwise_recall=mean("pairwise_recall"),
        pairwise_f1=mean("pairwise_f1"),
        bcubed_precision=mean("bcubed_precision"),
        bcubed_recall=mean("bcubed_recall"),
        bcubed_f1=mean("bcubed_f1"),
        items=runs[0].items,
        gold_clusters=runs[0].gold_clusters,
        predicted_clusters=round(mean("predicted_clusters")),
    )
