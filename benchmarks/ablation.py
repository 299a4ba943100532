"""What each learned part of the reader adds, measured on PolNeAR dev in one run.

    .venv/bin/python benchmarks/ablation.py [--data DIR] [--tagger NAME=FILE.npz ...]

Readers over the same parsed articles: cues from the lexicon alone with rule content
spans; the learned cue scorer with rule content spans; the learned cue scorer with the
learned content chooser (the default reader); and that reader checked by the installed tagger
(``--tagger`` in the CLI), when one is installed, and that tagger alone (its own spans).
Each ``--tagger NAME=FILE`` adds the reader checked by other tagger weights (e.g. one
trained with ``--freeze-encoder``). Prints
exact-span F1 per role, linked triples, and each reader's extraction time as a ratio to the
lexicon-only reader.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sourcetrace.attribution import extract
from sourcetrace.evaluation.brat import GoldAttribution, read_corpus
from sourcetrace.evaluation.polnear import predicted_triples, score
from sourcetrace.nlp import get_nlp
from sourcetrace.tagger import Tagged, load_tagger
from sourcetrace.training.artefacts import use_artefacts

if TYPE_CHECKING:
    from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear" / "dev"

READERS: dict[str, dict[str, bool]] = {
    "lexicon cues, rule contents": {"score_cues": False, "choose_content": False, "tag": False},
    "learned cues, rule contents": {"score_cues": True, "choose_content": False, "tag": False},
    "learned cues, learned contents": {"score_cues": True, "choose_content": True, "tag": False},
    "reader checked by the tagger": {"tag": True},
}


def _tagged_triples(doc: Doc, tagged: list[Tagged]) -> list[GoldAttribution]:
    """The tagger's own attributions as the range triples the gold uses."""

    def chars(span: tuple[int, int]) -> tuple[int, int]:
        return doc[span[0]].idx, doc[span[1] - 1].idx + len(doc[span[1] - 1].text)

    return [
        GoldAttribution(
            source=(chars(t.source),) if t.source else None,
            cue=(chars(t.cue),),
            content=tuple(sorted(chars(c) for c in t.content)) or None,
        )
        for t in tagged
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--tagger", action="append", default=[], metavar="NAME=FILE")
    args = parser.parse_args(argv)
    installed = load_tagger() is not None
    readers: list[tuple[str, dict[str, bool], Path | None]] = [
        (name, options, None)
        for name, options in READERS.items()
        if installed or not options.get("tag")
    ]
    for spec in args.tagger:
        name, _, path = spec.partition("=")
        readers.append((f"reader checked by tagger {name}", {"tag": True}, Path(path)))
    if not (args.data / "text").is_dir():
        print(f"no PolNeAR split at {args.data}", file=sys.stderr)
        return 2
    gold = list(read_corpus(args.data))
    nlp = get_nlp()
    parsed = list(nlp.pipe((g.text for g in gold), batch_size=16))
    rows = []
    for name, options, weights in readers:
        with use_artefacts(tagger=weights):
            start = time.perf_counter()
            preds = [predicted_triples(extract(doc, **options)) for doc in parsed]
            elapsed = time.perf_counter() - start
        rows.append((name, score([g.attributions for g in gold], preds), elapsed))
    tagger = load_tagger()
    if tagger is not None:
        start = time.perf_counter()
        preds = [_tagged_triples(doc, tagger.tag(doc)) for doc in parsed]
        elapsed = time.perf_counter() - start
        rows.append(
            (
                "the tagger alone (its own spans)",
                score([g.attributions for g in gold], preds),
                elapsed,
            )
        )
    base = rows[0][2]
    print(f"PolNeAR dev, {len(gold)} articles; exact-span F1")
    print(f"{'reader':34} {'source':>7} {'cue':>7} {'content':>8} {'triple':>7} {'time':>6}")
    for name, scores, elapsed in rows:
        f1 = {k: scores[k]["f1"] for k in ("source", "cue", "content", "triple")}
        print(
            f"{name:34} {f1['source']:7.1f} {f1['cue']:7.1f} {f1['content']:8.1f}"
            f" {f1['triple']:7.1f} {elapsed / base:5.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
