"""`sourcetrace eval polnear DIR`: exact-span scores against PolNeAR.

Per role (source, cue, content) exact-span precision, recall and F1; linked triples (all
three spans of one attribution match); and content character-overlap F1. Only outermost
predicted attributions (``parent is None``) are compared, since PolNeAR annotates only
those.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Attribution
from ..settings import DEFAULT_SETTINGS, Settings
from .brat import GoldAttribution, Ranges, read_corpus

ROLES = ("source", "cue", "content")


@dataclass(frozen=True, slots=True)
class PRF:
    tp: float
    n_pred: float
    n_gold: float

    @property
    def p(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def r(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "p": round(100 * self.p, 2),
            "r": round(100 * self.r, 2),
            "f1": round(100 * self.f1, 2),
            "tp": self.tp,
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


@dataclass(frozen=True, slots=True)
class EvalResult:
    n_documents: int
    scores: dict[str, dict[str, float]] = field(default_factory=dict)

    def f1(self, key: str) -> float:
        return self.scores[key]["f1"]


def _norm(ranges: Ranges | None) -> Ranges | None:
    return tuple(sorted(ranges)) if ranges else None


def predicted_triples(attributions: Iterable[Attribution]) -> list[GoldAttribution]:
    """The outermost attributions, as the same range triples the gold uses."""
    out = []
    for a in attributions:
        if a.parent is not None:
            continue
        out.append(
            GoldAttribution(
                source=((a.source.start, a.source.end),)
                if a.source and not a.implicit_source
                else None,
                cue=((a.cue.start, a.cue.end),),
                content=_norm(tuple((c.start, c.end) for c in a.content)),
            )
        )
    return out


def _count(items: Iterable[object]) -> Counter[object]:
    return Counter(x for x in items if x is not None)


def _chars(ranges: Iterable[Ranges | None]) -> set[int]:
    out: set[int] = set()
    for rs in ranges:
        for start, end in rs or ():
            out.update(range(start, end))
    return out


def score(
    gold: Sequence[Sequence[GoldAttribution]], pred: Sequence[Sequence[GoldAttribution]]
) -> dict[str, dict[str, float]]:
    """Score predicted against gold triples, document by document (same order)."""
    totals = {k: [0.0, 0.0, 0.0] for k in (*ROLES, "triple")}
    overlap = [0.0, 0.0, 0.0]
    for g_doc, p_doc in zip(gold, pred, strict=True):
        for role in ROLES:
            g = _count(getattr(a, role) for a in g_doc)
            p = _count(getattr(a, role) for a in p_doc)
            totals[role][0] += sum((g & p).values())
            totals[role][1] += sum(p.values())
            totals[role][2] += sum(g.values())
        g3 = Counter((a.source, a.cue, a.content) for a in g_doc)
        p3 = Counter((a.source, a.cue, a.content) for a in p_doc)
        totals["triple"][0] += sum((g3 & p3).values())
        totals["triple"][1] += sum(p3.values())
        totals["triple"][2] += sum(g3.values())
        gc, pc = _chars(a.content for a in g_doc), _chars(a.content for a in p_doc)
        overlap[0] += len(gc & pc)
        overlap[1] += len(pc)
        overlap[2] += len(gc)
    out = {k: PRF(*v).as_dict() for k, v in totals.items()}
    out["content_overlap"] = PRF(*overlap).as_dict()
    return out


def evaluate(directory: Path, *, settings: Settings = DEFAULT_SETTINGS) -> EvalResult:
    """Analyse every article of a PolNeAR split exactly as given and score it."""
    from dataclasses import replace

    from ..model import Document
    from ..pipeline import analyze_documents

    docs = list(read_corpus(Path(directory)))
    settings = replace(settings, keep_text=True)
    reports = analyze_documents((Document(text=d.text) for d in docs), settings=settings)
    preds = [predicted_triples(r.attributions) for r in reports]
    return EvalResult(n_documents=len(docs), scores=score([d.attributions for d in docs], preds))
