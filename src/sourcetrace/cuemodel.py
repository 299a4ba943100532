"""The cue scorer: how likely a word is to head a cue, given its lemma and its frame.

A lemma alone is a weak guide (``show``, ``call``, ``want`` are cues in some frames and not
in others), so the scorer is a logistic regression over sparse features of the word and its
parse neighbourhood: lemma, part of speech, dependency, the dependencies of its children,
what kind of subject it has, whether a quotation stands beside it. Its weights are learned
from PolNeAR train (``sourcetrace train cues``) and shipped in ``data/cue_model.json``.
"""

from __future__ import annotations

import functools
import json
import math
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .cues import SPEECH_VERBS, Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

CANDIDATE_POS = frozenset(("VERB", "NOUN", "ADJ", "AUX"))
MODEL_FILE = "data/cue_model.json"


def is_candidate(tok: Token) -> bool:
    if tok.pos_ not in CANDIDATE_POS:
        return False
    if tok.pos_ == "AUX" and tok.dep_ in ("aux", "auxpass"):
        return False
    lemma = tok.lemma_.lower()
    if lemma == "be":
        # "are concerned about", "is clear that": a copula with an adjective of attitude
        return any(c.dep_ == "acomp" and c.pos_ == "ADJ" for c in tok.children)
    return lemma not in ("have", "do")


def features(tok: Token, lex: Lexicon, quoted: bool, quote_beside: bool) -> list[str]:
    """Sparse string features of one candidate word."""
    lem = tok.lemma_.lower()
    pos = tok.pos_
    rate = lex.head_rate(lem, pos)
    head = tok.head
    feats = [
        "bias",
        f"l={lem}",
        f"lp={lem}|{pos}",
        f"p={pos}",
        f"t={tok.tag_}",
        f"d={tok.dep_}",
        f"ld={lem}|{tok.dep_}",
        f"hp={head.pos_}|{tok.dep_}",
        f"hl={head.lemma_.lower()}|{tok.dep_}",
        f"r={min(int(rate * 10), 9)}",
        f"rp={min(int(rate * 10), 9)}|{pos}",
        f"q={quoted}",
        f"qb={quote_beside}",
        f"lqb={lem}|{quote_beside}",
        f"sv={lem in SPEECH_VERBS}",
    ]
    deps = sorted({c.dep_ for c in tok.children})
    for dep in deps:
        feats.append(f"c={dep}")
        feats.append(f"lc={lem}|{dep}")
    feats.append(f"lcs={lem}|{'+'.join(d for d in deps if d in _ARG_DEPS)}")
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        feats.append("s=none")
    else:
        kind = subj.ent_type_ or (f"pron:{subj.lower_}" if subj.pos_ == "PRON" else subj.pos_)
        feats.append(f"s={kind}")
        feats.append(f"ls={lem}|{subj.ent_type_ or subj.pos_}")
        feats.append(f"sl={subj.lemma_.lower()}")
    for child in tok.children:
        if child.dep_ == "prep":
            feats.append(f"lpr={lem}|{child.lower_}")
        elif child.dep_ in ("dobj", "dative"):
            feats.append(f"lo={lem}|{child.ent_type_ or child.pos_}")
    doc = tok.doc
    if tok.i + 1 < len(doc):
        nxt = doc[tok.i + 1]
        feats.append(f"n={nxt.lower_}")
        feats.append(f"ln={lem}|{nxt.lower_}")
        feats.append(f"np={nxt.pos_}")
        feats.append(f"lnp={lem}|{nxt.pos_}")
    if tok.i > 0:
        prv = doc[tok.i - 1]
        feats.append(f"pv={prv.lower_}")
        feats.append(f"pvp={prv.pos_}")
        feats.append(f"lpv={lem}|{prv.pos_}")
    if tok.i > 1:
        feats.append(f"pv2={doc[tok.i - 2].lower_}|{doc[tok.i - 1].lower_}")
    person = subj is not None and (
        subj.ent_type_ in ("PERSON", "ORG", "NORP")
        or subj.lower_ in ("he", "she", "they", "i", "we", "who")
    )
    has_that = any(
        c.dep_ == "ccomp" and any(g.dep_ == "mark" for g in c.children) for c in tok.children
    )
    feats.append(f"lsp={lem}|{person}")
    feats.append(f"lth={lem}|{has_that}")
    feats.append(f"sp={person}|{pos}")
    feats.append(f"qlem={lem}|{quoted}")
    after_comma = (
        tok.i > 0
        and doc[tok.i - 1].text == ","
        or (
            tok.i > 1
            and doc[tok.i - 2].text in (",", "”", '"')
            and doc[tok.i - 1].pos_ in ("PRON", "PROPN")
        )
    )
    feats.append(f"ac={after_comma}")
    feats.append(f"lac={lem}|{after_comma}")
    for child in tok.children:
        if child.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp"):
            feats.append(f"lcl={lem}|{child.dep_}|{child.lemma_.lower()}")
            feats.append(f"cl={child.dep_}|{child.lemma_.lower()}")
    return feats


_ARG_DEPS = frozenset(("ccomp", "xcomp", "dobj", "dative", "prep", "nsubj", "nsubjpass", "agent"))


@dataclass(frozen=True, slots=True)
class CueModel:
    weights: dict[str, float]
    threshold: float

    def probability(self, feats: Iterable[str]) -> float:
        w = self.weights
        z = sum(w.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@functools.lru_cache(maxsize=1)
def load_cue_model() -> CueModel | None:
    """The shipped model, or None when the package has none (the lexicon then decides)."""
    path = resources.files("sourcetrace").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    raw = json.loads(path.read_text("utf-8"))
    return CueModel(weights=raw["weights"], threshold=float(raw["threshold"]))


def train(
    examples: Sequence[tuple[list[str], int]],
    *,
    epochs: int = 10,
    rate: float = 0.05,
    l2: float = 1e-6,
    seed: int = 13,
) -> dict[str, float]:
    """Logistic regression by SGD over sparse binary features, fixed seed."""
    rng = random.Random(seed)
    order = list(range(len(examples)))
    w: dict[str, float] = {}
    for epoch in range(epochs):
        rng.shuffle(order)
        step = rate / (1 + epoch)
        for i in order:
            feats, y = examples[i]
            z = sum(w.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = step * (y - p)
            for f in feats:
                old = w.get(f, 0.0)
                w[f] = old + g - step * l2 * old
    return w


def save(weights: dict[str, float], threshold: float, path: Path, about: dict[str, object]) -> None:
    kept = {k: round(v, 4) for k, v in sorted(weights.items()) if abs(v) >= 0.005}
    data = {"about": about, "threshold": threshold, "weights": kept}
    lines = json.dumps(data, indent=0, sort_keys=True, ensure_ascii=False)
    path.write_text(lines + "\n", encoding="utf-8")


def candidates(doc: object) -> Iterator[Token]:
    for tok in doc:  # type: ignore[attr-defined]
        if is_candidate(tok):
            yield tok
