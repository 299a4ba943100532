"""How the tagger's mending thresholds were chosen: PolNeAR scores for a grid of them.

    .venv/bin/python benchmarks/mending.py [--data DIR] [--limit N]

Parses a PolNeAR split (train by default: the thresholds are chosen there, dev only checks)
and has the shipped tagger read every article once; then, for each setting below, runs the
reader mended by those readings (``attribution.extract(tag=True)``) and prints exact-span F1
per role and for linked triples. The settings vary one constant of ``attribution.py`` at a
time around the shipped values: ``SWAP_MARGIN`` (per role), ``EXTRA_AT``, ``CONFIRM_AT`` and
``CHOOSER_WEIGHT``.
A margin of 1000 means "never swap"; ``EXTRA_AT`` 2 means "never add". It reports; it asserts
nothing. Train takes about 10 minutes on 2 cores (parsing and encoding once, then about 30 s a
setting).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear" / "train"

NEVER = 1000.0
SHIPPED = {"cue": 1.0, "source": 3.0, "content": 3.0}
SETTINGS: list[tuple[str, dict[str, Any]]] = [
    ("confirm only (no swaps, no additions)", {"margins": NEVER, "extra": 2.0}),
    ("swaps, one margin 1", {"margins": 1.0, "extra": 2.0}),
    ("swaps, one margin 2", {"margins": 2.0, "extra": 2.0}),
    ("swaps, one margin 3", {"margins": 3.0, "extra": 2.0}),
    ("swaps per role (shipped), no additions", {"extra": 2.0}),
    ("+ additions at 0.95", {"extra": 0.95}),
    ("+ additions at 0.9", {"extra": 0.9}),
    ("+ additions at 0.8 (shipped)", {}),
    ("+ additions at 0.7", {"extra": 0.7}),
    ("confirming cue words at 0.5", {"confirm": 0.5}),
    ("no confirming by cue words", {"confirm": 2.0}),
    ("content rechosen, chooser weight 1 (shipped)", {}),
    ("content rechosen, chooser weight 2", {"chooser": 2.0}),
    ("content rechosen, chooser weight 3", {"chooser": 3.0}),
    ("content rechosen, chooser weight 5", {"chooser": 5.0}),
    ("content rechosen, chooser weight 10", {"chooser": 10.0}),
    ("chooser alone decides (weight 1000)", {"chooser": NEVER}),
]


class _Given:
    """The tagger's reading of the article at hand, handed to the reader."""

    reading: object = None

    def read(self, doc: object, only: object = None) -> object:
        return self.reading


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a PolNeAR split")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args(argv)

    from sourcetrace import attribution
    from sourcetrace.evaluation.brat import read_corpus
    from sourcetrace.evaluation.polnear import predicted_triples, score
    from sourcetrace.nlp import get_nlp
    from sourcetrace.tagger import load_tagger

    tagger = load_tagger()
    if tagger is None:
        print("no tagger is installed", file=sys.stderr)
        return 2
    gold = list(read_corpus(args.data))[: args.limit or None]
    started = time.perf_counter()
    docs = list(get_nlp().pipe(d.text for d in gold))
    readings = [tagger.read(doc) for doc in docs]
    took = time.perf_counter() - started
    print(f"{len(docs)} articles of {args.data} parsed and read by the tagger in {took:.0f} s")

    given = _Given()
    attribution.load_tagger = lambda: given  # type: ignore[assignment,return-value]
    shipped = (
        dict(attribution.SWAP_MARGIN),
        attribution.EXTRA_AT,
        attribution.CONFIRM_AT,
        attribution.CHOOSER_WEIGHT,
    )
    print(f"{'setting':42} {'source':>7} {'cue':>7} {'content':>7} {'triple':>7}")
    for name, change in SETTINGS:
        margins = change.get("margins")
        attribution.SWAP_MARGIN = (
            dict.fromkeys(SHIPPED, margins) if margins is not None else dict(shipped[0])
        )
        attribution.EXTRA_AT = change.get("extra", shipped[1])
        attribution.CONFIRM_AT = change.get("confirm", shipped[2])
        attribution.CHOOSER_WEIGHT = change.get("chooser", shipped[3])
        preds = []
        for doc, reading in zip(docs, readings, strict=True):
            given.reading = reading
            preds.append(predicted_triples(attribution.extract(doc, tag=True)))
        scores = score([d.attributions for d in gold], preds)
        row = " ".join(f"{scores[k]['f1']:7.2f}" for k in ("source", "cue", "content", "triple"))
        print(f"{name:42} {row}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
