"""Train the stance model on the Emergent training file (``data/stance.npz``).

Only ``url-versions-2015-06-14-clean-train.csv`` is read (``evaluation.emergent``); its stances
map ``for`` -> supports, ``against`` -> refutes, ``observing`` -> observes. The model is a
multinomial logistic regression (scikit-learn, lbfgs: deterministic) over the hashed features
of ``sourcetrace.stance``; only the buckets seen in training are kept.

Scores are on claims never seen in training: :func:`evaluate_grouped` runs k-fold
cross-validation grouped by claim (each fold's model trained from scratch),
:func:`evaluate_heldout` trains on the claims outside a fixed fifth (a hash of the claim id,
:func:`held_out`) and scores that fifth.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..evaluation.emergent import Headline, read_headlines
from ..stance import STANCES, Stance, StanceModel, hashed

OUT = Path(__file__).resolve().parent.parent / "data" / "stance.npz"
LABELS: dict[str, Stance] = {"for": "supports", "against": "refutes", "observing": "observes"}
DIM = 1 << 17
C = 10.0  # chosen by grouped 5-fold CV on train (1, 3, 10, 30 tried)
MAX_ITER = 5000


@dataclass(frozen=True, slots=True)
class Scores:
    accuracy: float
    macro_f1: float
    n: int


@dataclass(frozen=True, slots=True)
class GroupedScores:
    folds: tuple[Scores, ...]

    @property
    def accuracy(self) -> float:
        return float(np.mean([f.accuracy for f in self.folds]))

    @property
    def macro_f1(self) -> float:
        return float(np.mean([f.macro_f1 for f in self.folds]))


def held_out(claim_id: str) -> bool:
    """Whether a claim lies in the fixed held-out fifth (a stable hash of its id)."""
    return int(hashlib.sha1(claim_id.encode()).hexdigest(), 16) % 5 == 0


def read(csv_path: Path) -> list[Headline]:
    return read_headlines(Path(csv_path))


def score(gold: Sequence[str], predicted: Sequence[str]) -> Scores:
    """Accuracy and macro-F1 (over the three stances)."""
    g, p = np.asarray(gold), np.asarray(predicted)
    f1s = []
    for name in STANCES:
        tp = float(np.sum((g == name) & (p == name)))
        prec = tp / max(1.0, float(np.sum(p == name)))
        rec = tp / max(1.0, float(np.sum(g == name)))
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return Scores(float(np.mean(g == p)) if len(g) else 0.0, float(np.mean(f1s)), len(g))


def _matrix(rows: Sequence[Headline], dim: int) -> Any:
    from scipy.sparse import csr_matrix

    data: list[float] = []
    cols: list[int] = []
    ptr = [0]
    for r in rows:
        vec = hashed(r.claim, r.headline, dim)
        for b in sorted(vec):
            cols.append(b)
            data.append(vec[b])
        ptr.append(len(cols))
    return csr_matrix((data, cols, ptr), shape=(len(rows), dim))


def fit(rows: Sequence[Headline], *, dim: int = DIM, c: float = C) -> StanceModel:
    """A stance model trained on ``rows``."""
    from sklearn.linear_model import LogisticRegression

    x = _matrix(rows, dim)
    y = np.array([STANCES.index(LABELS[r.stance]) for r in rows])
    lr = LogisticRegression(C=c, max_iter=MAX_ITER, tol=1e-6).fit(x, y)
    columns = np.unique(x.indices)
    weights = lr.coef_[:, columns].T
    about = {"data": "Emergent train (url-versions-2015-06-14-clean-train.csv)", "rows": len(rows)}
    about.update({"dim": dim, "C": c})
    return StanceModel.from_arrays(dim, columns, weights, lr.intercept_, about)


def _predict(model: StanceModel, rows: Sequence[Headline]) -> list[Stance]:
    return model.predict_many((r.claim, r.headline) for r in rows)


Trainer = Callable[[Sequence[Headline]], Callable[[Sequence[Headline]], Sequence[str]]]


def _ours(train: Sequence[Headline]) -> Callable[[Sequence[Headline]], Sequence[str]]:
    model = fit(train)
    return lambda rows: _predict(model, rows)


def grouped_folds(rows: Sequence[Headline], folds: int) -> list[list[int]]:
    """Row indices per fold; every claim's rows in one fold (sklearn's ``GroupKFold``)."""
    from sklearn.model_selection import GroupKFold

    groups = [r.claim_id for r in rows]
    split = GroupKFold(n_splits=folds).split(np.zeros(len(rows)), groups=groups)
    return [sorted(test.tolist()) for _, test in split]


def evaluate_grouped(csv_path: Path, folds: int = 5, trainer: Trainer = _ours) -> GroupedScores:
    """Cross-validation grouped by claim: each fold scored by a model trained on the others."""
    rows = read(csv_path)
    out = []
    for test in grouped_folds(rows, folds):
        held = set(test)
        predict = trainer([r for i, r in enumerate(rows) if i not in held])
        test_rows = [rows[i] for i in test]
        out.append(score([LABELS[r.stance] for r in test_rows], predict(test_rows)))
    return GroupedScores(tuple(out))


def evaluate_heldout(csv_path: Path, trainer: Trainer = _ours) -> Scores:
    """Trained on the claims outside the held-out fifth, scored on that fifth."""
    rows = read(csv_path)
    test = [r for r in rows if held_out(r.claim_id)]
    predict = trainer([r for r in rows if not held_out(r.claim_id)])
    return score([LABELS[r.stance] for r in test], predict(test))


def majority_trainer(train: Sequence[Headline]) -> Callable[[Sequence[Headline]], Sequence[str]]:
    """Baseline: the most frequent stance of the training rows, always."""
    labels = [LABELS[r.stance] for r in train]
    top = max(STANCES, key=labels.count)
    return lambda rows: [top] * len(rows)


def tfidf_trainer(train: Sequence[Headline]) -> Callable[[Sequence[Headline]], Sequence[str]]:
    """Baseline: TF-IDF word 1-2 grams of the headline, logistic regression (C=3)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    x = vec.fit_transform([r.headline for r in train])
    lr = LogisticRegression(C=3.0, max_iter=MAX_ITER).fit(x, [LABELS[r.stance] for r in train])
    return lambda rows: list(lr.predict(vec.transform([r.headline for r in rows])))


def train_stance(csv_path: Path, out_path: Path = OUT, *, dim: int = DIM, c: float = C) -> Path:
    """Train on every row of the Emergent training file and write the model to ``out_path``.

    The same file gives the same bytes (lbfgs is deterministic; the ``.npz`` is written with
    a fixed time stamp)."""
    model = fit(read(csv_path), dim=dim, c=c)
    model.save(out_path)
    return Path(out_path)
