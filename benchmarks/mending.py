"""How the tagger's mending thresholds were chosen: PolNeAR scores for a grid of them.

    .venv/bin/python benchmarks/mending.py [--data DIR] [--limit N] [--out-of-fold DIR]

Parses a PolNeAR split (train by default: the thresholds are chosen there, dev only checks)
and has the shipped tagger read every article once; then, for each setting below, runs the
reader mended by those readings (``attribution.extract(tag=True)``) and prints exact-span F1
per role and for linked triples. The settings vary one constant of ``attribution.py`` at a
time around the shipped values: ``SWAP_MARGIN`` (per role), ``EXTRA_AT``,
``EXTRA_CONTENT_AT``, ``CONFIRM_AT`` and ``CHOOSER_WEIGHT``.
A margin of 1000 means "never swap"; ``EXTRA_AT`` 2 means "never add". It reports; it asserts
nothing. Train takes about 10 minutes on 2 cores (parsing and encoding once, then about 30 s a
setting).

With ``--out-of-fold DIR`` no article is read by models that learned from it: the split is
cut in two halves (article ``i`` in fold ``i % 2``), each fold's models (lexicon, cue scorer,
content chooser and tagger: ``sourcetrace train polnear --with-tagger``) are trained on the
other half and kept in ``DIR/fold-K/models``, and each article is read with its fold's
models. On the training split the shipped models read text they were fitted to, far better
than new text (the tagger's content F1 is 66 on train, 55 on dev), so thresholds chosen on
their readings trust them too much; out-of-fold readings behave like dev's without looking
at dev. Training the two folds takes about an hour on 2 cores, once; later runs reuse them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear" / "train"

NEVER = 1000.0
SHIPPED = {"cue": 1.0, "source": 10.0, "content": 10.0}
SETTINGS: list[tuple[str, dict[str, Any]]] = [
    ("confirm only (no swaps, no additions)", {"margins": NEVER, "extra": 2.0}),
    ("swaps, one margin 1", {"margins": 1.0, "extra": 2.0}),
    ("swaps, one margin 2", {"margins": 2.0, "extra": 2.0}),
    ("swaps, one margin 3", {"margins": 3.0, "extra": 2.0}),
    ("swaps per role (shipped), no additions", {"extra": 2.0}),
    ("source and content margins 3", {"margins": {**SHIPPED, "source": 3.0, "content": 3.0}}),
    ("source and content margins 5", {"margins": {**SHIPPED, "source": 5.0, "content": 5.0}}),
    ("source and content margins 20", {"margins": {**SHIPPED, "source": 20.0, "content": 20.0}}),
    ("+ additions at 0.95", {"extra": 0.95}),
    ("+ additions at 0.9", {"extra": 0.9}),
    ("+ additions at 0.8", {"extra": 0.8}),
    ("+ additions at 0.75 (shipped)", {}),
    ("+ additions at 0.7", {"extra": 0.7}),
    ("no additions by a sure content", {"extra_content": 2.0}),
    ("additions by a content at 0.8", {"extra_content": 0.8}),
    ("confirming cue words at 0.5", {"confirm": 0.5}),
    ("no confirming by cue words", {"confirm": 2.0}),
    ("content rechosen, chooser weight 1 (shipped)", {}),
    ("content rechosen, chooser weight 2", {"chooser": 2.0}),
    ("content rechosen, chooser weight 3", {"chooser": 3.0}),
    ("content rechosen, chooser weight 5", {"chooser": 5.0}),
    ("content rechosen, chooser weight 10", {"chooser": 10.0}),
    ("chooser alone decides (weight 1000)", {"chooser": NEVER}),
]


FOLDS = 2
ARTEFACTS = ("cues.json", "cue_model.json", "content_model.json", "tagger.npz")


def _fold_models(data: Path, stems: list[str], work: Path, fold: int) -> Path:
    """The models of one fold, trained (once) on the articles of the other folds."""
    models = work / f"fold-{fold}" / "models"
    if all((models / name).is_file() for name in ARTEFACTS):
        return models
    train = work / f"fold-{fold}" / "train"
    for sub in ("text", "attributions"):
        (train / sub).mkdir(parents=True, exist_ok=True)
    for i, stem in enumerate(stems):
        if i % FOLDS == fold:
            continue
        links = [data / "text" / f"{stem}.txt", *(data / "attributions").glob(f"{stem}_*.ann")]
        for src in links:
            dst = train / src.parent.name / src.name
            if not dst.exists():
                dst.symlink_to(src.resolve())
    dev = data.parent / "dev"
    if dev.is_dir() and not (train.parent / "dev").exists():
        (train.parent / "dev").symlink_to(dev.resolve())  # the model card's dev scores
    print(f"training fold {fold} on {len(list((train / 'text').iterdir()))} articles", flush=True)
    subprocess.run(
        [sys.executable, "-m", "sourcetrace", "train", "polnear", str(train), "-o", str(models)]
        + ["--with-tagger"],
        check=True,
    )
    return models


@contextmanager
def _reading_with(models: Path | None, *, tagger: bool = False) -> Iterator[None]:
    """The shipped models (``None``) or one fold's: its reader files, and its tagger too."""
    if models is None:
        yield
        return
    from sourcetrace.training.artefacts import use_artefacts

    with use_artefacts(
        lexicon=models / "cues.json",
        cue_model=models / "cue_model.json",
        content_model=models / "content_model.json",
        tagger=models / "tagger.npz" if tagger else None,
    ):
        yield


class _Given:
    """The tagger's reading of the article at hand, handed to the reader."""

    reading: object = None

    def read(self, doc: object, only: object = None) -> object:
        return self.reading


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a PolNeAR split")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument(
        "--out-of-fold",
        type=Path,
        metavar="DIR",
        help="read each article with models trained without it (two folds, kept in DIR)",
    )
    args = parser.parse_args(argv)

    from sourcetrace import attribution
    from sourcetrace.evaluation.brat import read_corpus
    from sourcetrace.evaluation.polnear import predicted_triples, score
    from sourcetrace.nlp import get_nlp
    from sourcetrace.tagger import load_tagger

    gold = list(read_corpus(args.data))
    if args.out_of_fold is None:
        folds: list[Path | None] = [None]
        fold_of = [0] * len(gold)
    else:
        stems = [d.stem for d in gold]
        folds = [_fold_models(args.data, stems, args.out_of_fold, k) for k in range(FOLDS)]
        fold_of = [i % FOLDS for i in range(len(gold))]
    gold, fold_of = gold[: args.limit or None], fold_of[: args.limit or None]
    started = time.perf_counter()
    docs = list(get_nlp().pipe(d.text for d in gold))
    readings: list[object] = [None] * len(docs)
    for k, models in enumerate(folds):
        with _reading_with(models, tagger=True):
            tagger = load_tagger()
            if tagger is None:
                print("no tagger is installed", file=sys.stderr)
                return 2
            for i, doc in enumerate(docs):
                if fold_of[i] == k:
                    readings[i] = tagger.read(doc)
    took = time.perf_counter() - started
    print(f"{len(docs)} articles of {args.data} parsed and read by the tagger in {took:.0f} s")

    given = _Given()
    attribution.load_tagger = lambda: given  # type: ignore[assignment,return-value]
    shipped = (
        dict(attribution.SWAP_MARGIN),
        attribution.EXTRA_AT,
        attribution.CONFIRM_AT,
        attribution.CHOOSER_WEIGHT,
        attribution.EXTRA_CONTENT_AT,
    )
    print(f"{'setting':42} {'source':>7} {'cue':>7} {'content':>7} {'triple':>7}")
    for name, change in SETTINGS:
        margins = change.get("margins")
        if isinstance(margins, dict):
            attribution.SWAP_MARGIN = dict(margins)
        else:
            attribution.SWAP_MARGIN = (
                dict.fromkeys(SHIPPED, margins) if margins is not None else dict(shipped[0])
            )
        attribution.EXTRA_AT = change.get("extra", shipped[1])
        attribution.EXTRA_CONTENT_AT = change.get("extra_content", shipped[4])
        attribution.CONFIRM_AT = change.get("confirm", shipped[2])
        attribution.CHOOSER_WEIGHT = change.get("chooser", shipped[3])
        preds: list[Any] = [None] * len(docs)
        for k, models in enumerate(folds):
            with _reading_with(models):
                for i, (doc, reading) in enumerate(zip(docs, readings, strict=True)):
                    if fold_of[i] == k:
                        given.reading = reading
                        preds[i] = predicted_triples(attribution.extract(doc, tag=True))
        scores = score([d.attributions for d in gold], preds)
        row = " ".join(f"{scores[k]['f1']:7.2f}" for k in ("source", "cue", "content", "triple"))
        print(f"{name:42} {row}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
