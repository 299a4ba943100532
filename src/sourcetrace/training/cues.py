"""Train the cue scorer on PolNeAR train: `sourcetrace train cues DIR`.

Examples are the candidate words of every article (see ``cuemodel.is_candidate``): a word
heading an annotated cue is positive; a word inside an annotated content is left out
(PolNeAR does not annotate nested attributions, so it is unlabelled there, not negative);
every other candidate is negative. The seed is fixed, so a rebuild gives the same weights.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..attribution import _adjacent_quote
from ..cuemodel import MODEL_FILE, candidates, features, save, train
from ..cues import Lexicon, load_lexicon
from ..evaluation.brat import GoldDocument, read_corpus
from ..nlp import get_nlp
from ..quotes import find_quotes
from .artefacts import use_artefacts
from .lexicon import _tokens, cue_head

THRESHOLD = 0.45  # chosen on a held-out tenth of train (cue-head F1 0.805 there)
OUT = Path(__file__).resolve().parent.parent / MODEL_FILE


def examples(doc: Any, gold: GoldDocument, lex: Lexicon) -> list[tuple[list[str], int]]:
    quotes = find_quotes(doc.text)
    heads = set()
    for att in gold.attributions:
        if att.cue:
            head = cue_head(_tokens(doc, att.cue))
            if head is not None:
                heads.add(head.i)
    contents = [r for att in gold.attributions for r in (att.content or ())]
    out = []
    for tok in candidates(doc):
        label = int(tok.i in heads)
        if not label and any(s <= tok.idx < e for s, e in contents):
            continue
        quoted = any(q.start < tok.idx < q.end for q in quotes)
        beside = _adjacent_quote(tok, quotes) is not None
        out.append((features(tok, lex, quoted, beside), label))
    return out


def build(gold_docs: Sequence[GoldDocument], parsed: Iterable[Any]) -> dict[str, float]:
    lex = load_lexicon()
    data: list[tuple[list[str], int]] = []
    for gold, doc in zip(gold_docs, parsed, strict=True):
        data.extend(examples(doc, gold, lex))
    return train(data)


def main(directory: Path, out: Path = OUT, *, lexicon: Path | None = None) -> Path:
    """Train on the split in ``directory`` and write the model to ``out``.

    The features read the lexicon: the shipped one, or the file ``lexicon`` (one just
    trained elsewhere, as ``train polnear --out-dir`` does).
    """
    gold = list(read_corpus(directory))
    nlp = get_nlp()
    with use_artefacts(lexicon=lexicon):
        weights = build(gold, nlp.pipe((g.text for g in gold), batch_size=16))
    save(weights, THRESHOLD, out, {"data": "PolNeAR train", "documents": len(gold)})
    return out
