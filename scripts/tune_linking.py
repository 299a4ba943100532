"""Choose ClaimLinker's settings on the Emergent "tune" half; report them on the held-out half.

    .venv/bin/python scripts/tune_linking.py [--preset claims|headlines] [--seeds 2]

Article headlines are fed in shuffled order (a stream of news interleaves stories), several
seeds averaged. A search: a grid of threshold x balance, then each mismatch factor with the
threshold nudged, then the threshold again. ``--preset claims`` (``LinkSettings()``) keeps the
name, negation, time and number mismatches as vetoes; ``--preset headlines``
(``LinkSettings.headlines()``) searches them too. Prints the chosen settings and pairwise /
B-cubed scores on both halves, for article headlines alone, for claim headlines with their
articles, and the false merges among the claim headlines themselves (one per claim).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from sourcetrace.evaluation.emergent import (
    ClusterScores,
    Half,
    Headline,
    Mode,
    evaluate_linker,
    read_headlines,
)
from sourcetrace.linking import ClaimLinker, LinkSettings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "emergent" / "url-versions-2015-06-14-clean-train.csv"


def evaluate(
    rows: list[Headline], settings: LinkSettings, mode: Mode = "articles", seeds: int = 2
) -> ClusterScores:
    return evaluate_linker(rows, lambda: ClaimLinker(settings=settings).add, mode, seeds)


def search(rows: list[Headline], seeds: int, free: bool) -> LinkSettings:
    """A grid over threshold x balance, then each factor (with the threshold nudged), then the
    threshold again. ``free``: the name, negation, time and number factors are searched too;
    otherwise they stay vetoes (0), as for claims proper."""
    cache: dict[LinkSettings, float] = {}

    def f1(s: LinkSettings) -> float:
        if s not in cache:
            cache[s] = evaluate(rows, s, seeds=seeds).pairwise_f1
        return cache[s]

    def best_of(candidates: list[LinkSettings], label: str) -> LinkSettings:
        scored = sorted(((f1(c), i) for i, c in enumerate(candidates)), reverse=True)
        print(f"  {label}: best {scored[0][0]:.3f} of {len(candidates)}")
        return candidates[scored[0][1]]

    def around(s: LinkSettings, step: float = 0.025, n: int = 2) -> list[LinkSettings]:
        return [
            replace(s, threshold=round(s.threshold + step * k, 3))
            for k in range(-n, n + 1)
            if 0.05 <= s.threshold + step * k <= 0.95
        ]

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
    best = best_of(around(best, 0.0125, 4), "threshold")
    same = [(c.threshold, f) for c, f in cache.items() if c == replace(best, threshold=c.threshold)]
    print("  threshold: " + " ".join(f"{t:g}={f:.3f}" for t, f in sorted(same)))
    return best


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
    args = parser.parse_args()
    halves: dict[Half, list[Headline]] = {
        "tune": read_headlines(args.data, "tune"),
        "held-out": read_headlines(args.data, "held-out"),
    }
    print({h: (len(r), len({x.claim_id for x in r})) for h, r in halves.items()})
    if args.no_search:
        chosen = LinkSettings() if args.preset == "claims" else LinkSettings.headlines()
    else:
        chosen = search(halves["tune"], args.seeds, free=args.preset == "headlines")
    print("chosen:", chosen)
    modes: list[Mode] = ["articles", "with-claims", "claims"]
    for mode in modes:
        for half, rows in halves.items():
            s = evaluate(rows, chosen, mode, args.seeds)
            print(
                f"{mode:12} {half:9} pairwise P/R/F1 {s.pairwise_precision:.3f} "
                f"{s.pairwise_recall:.3f} {s.pairwise_f1:.3f}  B3 P/R/F1 "
                f"{s.bcubed_precision:.3f} {s.bcubed_recall:.3f} {s.bcubed_f1:.3f}  "
                f"clusters {s.predicted_clusters}/{s.gold_clusters}"
            )


if __name__ == "__main__":
    main()
