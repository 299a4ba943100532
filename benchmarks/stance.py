"""Stance on claims never seen in training: Emergent train, grouped by claim.

    .venv/bin/python benchmarks/stance.py [--data CSV] [--folds 5]

    .venv/bin/python benchmarks/stance.py --linear-only   # seconds: no cross-encoder
    .venv/bin/python benchmarks/stance.py --memory        # resident memory of the models

Prints, for the shipped model's recipe (``training/stance.py``: the linear model and the four
cross-encoders averaged; about 3 h on 2 cores for the 5 folds and the held-out fifth), the
linear model alone, and two baselines (the majority stance; TF-IDF word 1-2 grams of the
headline with logistic regression): accuracy and macro-F1 per fold of cross-validation grouped
by claim and their mean, and the same on the fixed held-out fifth of the claims. Then the
speed of the packaged models' ``predict_many`` in pairs per second (and of the linear model
with only the first one or two cross-encoders), beside the TF-IDF baseline's on the same pairs.
``--memory`` prints only the resident memory of a fresh process with onnxruntime imported,
then with the linear model loaded, then with the shipped model (the cross-encoders too)
loaded and run once, then with the attribution tagger loaded as well.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from sourcetrace.stance import EncoderCommittee, StanceEnsemble, StanceModel, stance_model
from sourcetrace.training.stance import (
    _ours,
    ensemble_trainer,
    evaluate_grouped,
    evaluate_heldout,
    majority_trainer,
    read,
    tfidf_trainer,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = (
    ROOT.parent / "shared" / "data" / "emergent" / "url-versions-2015-06-14-clean-train.csv"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--linear-only", action="store_true", help="skip the cross-encoder")
    ap.add_argument("--memory", action="store_true", help="only the models' resident memory")
    args = ap.parse_args()
    if args.memory:
        memory()
        return
    systems = [("linear", _ours), ("majority", majority_trainer), ("tfidf LR", tfidf_trainer)]
    if not args.linear_only:
        systems.insert(0, ("shipped", ensemble_trainer))
    for name, trainer in systems:
        grouped = evaluate_grouped(args.data, args.folds, trainer)
        folds = "  ".join(f"{f.accuracy:.3f}/{f.macro_f1:.3f}" for f in grouped.folds)
        held = evaluate_heldout(args.data, trainer)
        print(f"{name:13} grouped {args.folds}-fold acc/F1: {folds}")
        print(f"{'':13} mean acc {grouped.accuracy:.4f} macro-F1 {grouped.macro_f1:.4f}")
        print(
            f"{'':13} held-out claims ({held.n} rows) acc {held.accuracy:.4f} "
            f"macro-F1 {held.macro_f1:.4f}"
        )
    rows = read(args.data)
    pairs = [(r.claim, r.headline) for r in rows]
    baseline = tfidf_trainer(rows)
    t0 = time.perf_counter()
    baseline(rows)
    theirs = len(pairs) / (time.perf_counter() - t0)
    shipped = stance_model()
    models: list[tuple[str, Any]] = [("linear", StanceModel.load()), ("shipped", shipped)]
    if isinstance(shipped.encoder, EncoderCommittee):  # what each further encoder costs
        members = shipped.encoder.members
        for k in range(1, len(members)):
            fewer = StanceEnsemble(shipped.linear, EncoderCommittee.of(members[:k]))
            models.append((f"first {k} encoder(s)", fewer))
    for name, model in models:
        t0 = time.perf_counter()
        model.predict_many(pairs)
        ours = len(pairs) / (time.perf_counter() - t0)
        print(
            f"speed: {name} {ours:,.0f} pairs/s, tfidf LR (sklearn, batched) "
            f"{theirs:,.0f} pairs/s, ratio {ours / theirs:.2f}"
        )


def memory() -> None:
    import importlib.util

    import onnxruntime  # noqa: F401 - the tagger's runtime, loaded in every analysing process

    spec = importlib.util.spec_from_file_location("corpus_bench", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from sourcetrace.tagger import load_tagger

    start = bench.rss_mb()
    StanceModel.load()
    linear = bench.rss_mb()
    stance_model().predict_many([("a claim", "a text")])
    shipped = bench.rss_mb()
    print(
        f"memory: onnxruntime imported {start:.0f} MB; linear model loaded {linear:.0f} MB; "
        f"shipped model loaded and run {shipped:.0f} MB (+{shipped - linear:.0f} MB, "
        f"{shipped / linear:.2f}x)"
    )
    load_tagger()
    tagger = bench.rss_mb()
    print(
        f"memory: and the attribution tagger loaded too (what the corpus view's process holds) "
        f"{tagger:.0f} MB (+{tagger - shipped:.0f} MB)"
    )


if __name__ == "__main__":
    main()
