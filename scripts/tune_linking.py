"""Choose ClaimLinker's settings on the Emergent "tune" half; report them on the held-out half.

    .venv/bin/python scripts/tune_linking.py [--preset claims|headlines] [--seeds 2]
        [--scorer lexical|embed]

Article headlines are fed in shuffled order (a stream of news interleaves stories), several
seeds averaged. A search: a grid of threshold x balance, then each mismatch factor with the
threshold nudged, then the threshold again. ``--preset claims`` (``LinkSettings()``) keeps the
name, negation, time and number mismatches as vetoes; ``--preset headlines``
(``LinkSettings.headlines()``) searches them too. Prints the chosen settings and pairwise /
B-cubed scores on both halves, for article headlines alone, for claim headlines with their
articles, and the false merges among the claim headlines themselves (one per claim).

``--scorer embed`` (needs ``pip install 'sourcetrace[embed]'``) keeps the preset's link settings
(balance, mismatch factors) and searches the embedding scorer's own (``EmbedSettings``: the
cosine's weight and the threshold, then the nearest-neighbour candidates), on the tune half
too; the lexical scorer's scores are printed beside it for comparison. Every text is embedded
once, up front.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

import numpy as np

from sourcetrace.evaluation.emergent import (
    ClusterScores,
    Half,
    Headline,
    Mode,
    evaluate_linker,
    read_headlines,
)
from sourcetrace.linking import ClaimLinker, LinkSettings

S = TypeVar("S")

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "emergent" / "url-versions-2015-06-14-clean-train.csv"


def evaluate(
    rows: list[Headline],
    settings: LinkSettings,
    mode: Mode = "articles",
    seeds: int = 2,
    embed: Any = None,
    embedder: Any = None,
) -> ClusterScores:
    """Scores of a lexical linker, or with ``embed`` (``EmbedSettings``) of an embedding one."""

    def make() -> Callable[[str, str], str]:
        if embed is None:
            return ClaimLinker(settings=settings).add
        from sourcetrace.embedding import EmbeddingScorer

        return ClaimLinker(scorer=EmbeddingScorer(settings, embed, embedder=embedder)).add

    return evaluate_linker(rows, make, mode, seeds)


class Memo:
    """An embedder that embeds each text once, however many linkers ask."""

    def __init__(self, texts: Sequence[str]) -> None:
        from sourcetrace.embedding import SentenceEmbedder

        unique = list(dict.fromkeys(texts))
        start = time.perf_counter()
        vectors = SentenceEmbedder().embed(unique)
        self.seconds = time.perf_counter() - start
        self.vectors = dict(zip(unique, vectors, strict=True))
        print(f"embedded {len(unique)} texts in {self.seconds:.1f} s")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self.vectors[t] for t in texts])


class Grid(Generic[S]):
    """A cached search over settings that have a ``threshold``: pairwise F1 by ``score``."""

    def __init__(self, score: Callable[[S], float]) -> None:
        self.score = score
        self.cache: dict[S, float] = {}

    def f1(self, settings: S) -> float:
        if settings not in self.cache:
            self.cache[settings] = self.score(settings)
        return self.cache[settings]

    def best_of(self, candidates: list[S], label: str) -> S:
        scored = sorted(((self.f1(c), i) for i, c in enumerate(candidates)), reverse=True)
        print(f"  {label}: best {scored[0][0]:.3f} of {len(candidates)}")
        return candidates[scored[0][1]]

    def around(self, settings: S, step: float = 0.025, n: int = 2) -> list[S]:
        """``settings`` with the threshold moved by up to ``n`` steps either way."""
        t = cast(Any, settings).threshold
        return [
            replace(cast(Any, settings), threshold=round(t + step * k, 4))
            for k in range(-n, n + 1)
            if 0.05 <= t + step * k <= 0.95
        ]

    def final_threshold(self, best: S) -> S:
        """The threshold searched once more, finely; prints F1 along it."""
        best = self.best_of(self.around(best, 0.0125, 4), "threshold")
        same = [
            (cast(Any, c).threshold, f)
            for c, f in self.cache.items()
            if c == replace(cast(Any, best), threshold=cast(Any, c).threshold)
        ]
        print("  threshold: " + " ".join(f"{t:g}={f:.3f}" for t, f in sorted(same)))
        return best


def search_embed(rows: list[Headline], seeds: int, settings: LinkSettings, embedder: Memo) -> Any:
    """The embedding scorer's settings: a grid of mix x threshold, then the neighbour search
    (how many, from which cosine), then the threshold again."""
    from sourcetrace.embedding import EmbedSettings

    grid: Grid[Any] = Grid(
        lambda e: evaluate(rows, settings, seeds=seeds, embed=e, embedder=embedder).pairwise_f1
    )
    best_of, around = grid.best_of, grid.around

    base = EmbedSettings()
    best = best_of(
        [
            replace(base, mix=m, threshold=round(t / 100, 3))
            for m in (0.0, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0)
            for t in range(15, 90, 5)
        ],
        "mix x threshold",
    )
    best = best_of(
        [
            c
            for k in (0, 4, 8, 16)
            for low in (0.4, 0.5, 0.6, 0.7)
            for c in around(replace(best, neighbours=k, min_cosine=low))
        ],
        "neighbours x min_cosine",
    )
    return grid.final_threshold(best)


def report(
    halves: dict[Half, list[Headline]], label: str, run: Callable[..., ClusterScores]
) -> None:
    modes: list[Mode] = ["articles", "with-claims", "claims"]
    for mode in modes:
        for half, rows in halves.items():
            start = time.perf_counter()
            s = run(rows, mode)
            seconds = time.perf_counter() - start
            print(
                f"{label:7} {mode:12} {half:9} pairwise P/R/F1 {s.pairwise_precision:.3f} "
                f"{s.pairwise_recall:.3f} {s.pairwise_f1:.3f}  B3 P/R/F1 "
                f"{s.bcubed_precision:.3f} {s.bcubed_recall:.3f} {s.bcubed_f1:.3f}  "
                f"clusters {s.predicted_clusters}/{s.gold_clusters}  {seconds:.2f} s"
            )


def search(rows: list[Headline], seeds: int, free: bool) -> LinkSettings:
    """A grid over threshold x balance, then each factor (with the threshold nudged), then the
    threshold again. ``free``: the name, negation, time and number factors are searched too;
    otherwise they stay vetoes (0), as for claims proper."""
    grid: Grid[LinkSettings] = Grid(lambda s: evaluate(rows, s, seeds=seeds).pairwise_f1)
    best_of, around = grid.best_of, grid.around

    fixed = LinkSettings(lone_number_factor=1.0)
    best = best_of(
        [
            replace(fixed, balance=b, threshold=round(t, 3))
            for b in (0.25, 0.5, 0.75, 1.0)
            for t in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
        ],
        "threshold x balance",
    )
    names = ["lone_number_factor"]
    if free:
        names += ["number_factor", "time_factor", "name_factor", "negation_factor"]
    for name in names:
        best = best_of(
            [c for v in (0.0, 0.5, 0.75, 1.0) for c in around(replace(best, **{name: v}))],
            name,
        )
    return grid.final_threshold(best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--no-search", action="store_true", help="report the defaults only")
    parser.add_argument(
        "--preset",
        choices=["claims", "headlines"],
        default="claims",
        help="claims: name, negation, time and number mismatches stay vetoes; headlines: free",
    )
    parser.add_argument(
        "--scorer",
        choices=["lexical", "embed"],
        default="lexical",
        help="embed: search the embedding scorer's settings on top of the preset's, and compare",
    )
    args = parser.parse_args()
    halves: dict[Half, list[Headline]] = {
        "tune": read_headlines(args.data, "tune"),
        "held-out": read_headlines(args.data, "held-out"),
    }
    print({h: (len(r), len({x.claim_id for x in r})) for h, r in halves.items()})
    preset = LinkSettings() if args.preset == "claims" else LinkSettings.headlines()
    if args.scorer == "embed":
        from sourcetrace.embedding import EmbedSettings

        texts = [t for rows in halves.values() for r in rows for t in (r.headline, r.claim)]
        memo = Memo(texts)
        if args.no_search:
            embed = EmbedSettings() if args.preset == "claims" else EmbedSettings.headlines()
        else:
            embed = search_embed(halves["tune"], args.seeds, preset, memo)
        print("lexical:", preset)
        print("embed:", embed)
        report(halves, "lexical", lambda rows, mode: evaluate(rows, preset, mode, args.seeds))
        report(
            halves,
            "embed",
            lambda rows, mode: evaluate(rows, preset, mode, args.seeds, embed, memo),
        )
        return
    if args.no_search:
        chosen = preset
    else:
        chosen = search(halves["tune"], args.seeds, free=args.preset == "headlines")
    print("chosen:", chosen)
    report(halves, "lexical", lambda rows, mode: evaluate(rows, chosen, mode, args.seeds))


if __name__ == "__main__":
    main()
