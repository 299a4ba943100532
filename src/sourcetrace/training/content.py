"""Train the content chooser on PolNeAR train: `sourcetrace train content DIR`.

For every attribution the rule reader finds whose cue is an annotated cue, the
alternative content spans are proposed (``boundaries.candidates``); the one equal to the
annotated content is the positive, the others negatives. Attributions where no candidate
is right teach nothing and are left out. Fixed seed: a rebuild gives the same weights.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..attribution import content_candidates, extract
from ..boundaries import MODEL_FILE, features
from ..cuemodel import train
from ..evaluation.brat import GoldDocument, read_corpus
from ..nlp import get_nlp
from ..quotes import find_quotes
from .artefacts import use_artefacts

OUT = Path(__file__).resolve().parent.parent / MODEL_FILE


def examples(doc: Any, gold: GoldDocument) -> list[tuple[list[str], int]]:
    quotes = find_quotes(doc.text)
    by_cue = {a.cue[0]: a for a in gold.attributions if a.cue and len(a.cue) == 1 and a.content}
    out: list[tuple[list[str], int]] = []
    for att in extract(doc, choose_content=False, tag=False):
        g = by_cue.get((att.cue.start, att.cue.end))
        if g is None:
            continue
        span = doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        current = tuple((c.start, c.end) for c in att.content)
        source = (att.source.start, att.source.end) if att.source else None
        cands = content_candidates(head, (att.cue.start, att.cue.end), current, quotes, source)
        labels = [int(c.ranges == g.content) for c in cands]
        if len(cands) < 2 or not any(labels):
            continue
        for cand, label in zip(cands, labels, strict=True):
            out.append((features(head, cand, doc.text), label))
    return out


def build(gold_docs: Sequence[GoldDocument], parsed: Iterable[Any]) -> dict[str, float]:
    data: list[tuple[list[str], int]] = []
    for gold, doc in zip(gold_docs, parsed, strict=True):
        data.extend(examples(doc, gold))
    return train(data, epochs=10, rate=0.05)


def save(weights: dict[str, float], path: Path, documents: int) -> None:
    kept = {k: round(v, 4) for k, v in sorted(weights.items()) if abs(v) >= 0.005}
    data = {"about": {"data": "PolNeAR train", "documents": documents}, "weights": kept}
    path.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def main(
    directory: Path,
    out: Path = OUT,
    *,
    lexicon: Path | None = None,
    cue_model: Path | None = None,
) -> Path:
    """Train on the split in ``directory`` and write the weights to ``out``.

    The reader that proposes the candidates runs with the shipped lexicon and cue model, or
    with the files ``lexicon`` and ``cue_model`` (just trained elsewhere, as
    ``train polnear --out-dir`` does).
    """
    gold = list(read_corpus(directory))
    nlp = get_nlp()
    with use_artefacts(lexicon=lexicon, cue_model=cue_model):
        weights = build(gold, nlp.pipe((g.text for g in gold), batch_size=16))
    save(weights, out, len(gold))
    return out
