"""Corpus linking at scale: ClaimLinker over synthetic claims, CopyDetector over FNC-1 bodies.

    .venv/bin/python benchmarks/linking.py [--sizes 10000 100000] [--bodies FILE] [--embed N]

Synthetic claims come from templates with random names, verbs, numbers and places; about a
fifth are paraphrases of an earlier claim (reordered, attributed, a detail dropped), so a
share of them should link. Each size is timed in a fresh linker; the ratio of the largest to
the smallest time shows whether the cost grows linearly (10x the claims should take well under
15x the time: no all-pairs comparison). Peak memory per claim is measured with tracemalloc in
a separate pass (tracemalloc slows Python down). CopyDetector is timed on the FNC-1 training
bodies, where several stories appear more than once.

``--embed N`` (needs ``pip install 'sourcetrace[embed]'``) also links the first N synthetic
claims with the embedding scorer, in the same process and beside the lexical scorer on the same
claims: the time to embed them (in batches, as ``build_view`` does) and the time to link them
are given apart, and claims per second for the whole.

``run_linking(sizes)`` returns the numbers as a dict, for other benchmark scripts: import this
file by path (``benchmarks/`` is no package).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sourcetrace.linking import ClaimLinker, CopyDetector


def _words(text: str) -> list[str]:
    return text.split()


ROOT = Path(__file__).resolve().parents[1]
FNC_BODIES = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"

FIRST = _words(
    """James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Ahmed Olga Vladimir Mei Kenji Fatima
Pierre Ingrid Carlos Lucia Dmitri Aisha Hans Priya Omar Elena Luca Sofia Kofi Amara"""
)
SYLLABLES = _words(
    """ka lo mi ter son berg vik ran del mor tan ell ish go ru pal dor zen fer lin qu
ost am bre chi no var hol est ur"""
)
PLACES = _words(
    """Paris Berlin Moscow Kyiv Beijing Tokyo Lagos Cairo Delhi Lima Ottawa Madrid Rome
Vienna Warsaw Prague Oslo Dublin Athens Ankara Tehran Baghdad Kabul Nairobi Accra Dakar
Havana Caracas Quito Bogota Santiago Manila Jakarta Hanoi Seoul Sydney Auckland Boston
Chicago Denver Houston Miami Seattle Phoenix Atlanta Dallas Detroit"""
)
VERBS = [
    ("met", "meets"), ("called", "calls"), ("visited", "visits"), ("sued", "sues"),
    ("praised", "praises"), ("criticised", "criticises"), ("hired", "hires"), ("fired", "fires"),
    ("endorsed", "endorses"), ("accused", "accuses"), ("paid", "pays"), ("warned", "warns"),
]  # fmt: skip
OBJECTS = ["minister", "company", "union", "regulator", "board", "rebels", "mayor", "bank"]
UNITS = ["days", "weeks", "months", "years"]


def _surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def synthetic_claims(n: int, seed: int = 0, paraphrase: float = 0.2) -> Iterator[str]:
    """``n`` claims; a share ``paraphrase`` restate an earlier one in other words."""
    rng = random.Random(seed)
    facts: list[tuple[str, tuple[str, str], str, str, int, str]] = []
    for _ in range(n):
        if facts and rng.random() < paraphrase:
            name, verb, obj, place, number, unit = rng.choice(facts[-5000:])
            variant = rng.randrange(3)
            if variant == 0:
                yield f"In {place}, {name} {verb[0]} the {obj} {number} {unit} ago, officials said"
            elif variant == 1:
                yield f"{name.split()[-1]} {verb[0]} the {obj} in {place} {number} {unit} ago"
            else:
                yield f"{number} {unit} ago {name} {verb[0]} the {obj} in {place}, a report says"
            continue
        fact = (
            f"{rng.choice(FIRST)} {_surname(rng)}",
            rng.choice(VERBS),
            rng.choice(OBJECTS),
            rng.choice(PLACES),
            rng.randint(2, 60),
            rng.choice(UNITS),
        )
        facts.append(fact)
        name, verb, obj, place, number, unit = fact
        yield f"{name} {verb[0]} the {obj} in {place} {number} {unit} ago"


def _time_linker(n: int) -> dict[str, float]:
    claims = list(synthetic_claims(n))
    linker = ClaimLinker()
    start = time.perf_counter()
    linked = 0
    for i, text in enumerate(claims):
        claim_id = f"c{i}"
        linked += linker.add(claim_id, text) != claim_id
    seconds = time.perf_counter() - start
    return {
        "claims": n,
        "seconds": seconds,
        "us_per_claim": 1e6 * seconds / n,
        "comparisons_per_claim": linker.comparisons / n,
        "linked_share": linked / n,
        "clusters": len(linker.clusters()),
    }


def _time_embed(n: int) -> dict[str, float]:
    """The embedding scorer against the lexical one on the same ``n`` claims."""
    from sourcetrace.embedding import EmbeddingScorer

    claims = list(synthetic_claims(n))
    lexical = _time_linker(n)
    start = time.perf_counter()
    scorer = EmbeddingScorer()
    scorer.prepare(claims)
    embedded = time.perf_counter()
    linker = ClaimLinker(scorer=scorer)
    linked = 0
    for i, text in enumerate(claims):
        claim_id = f"c{i}"
        linked += linker.add(claim_id, text) != claim_id
    done = time.perf_counter()
    return {
        "claims": n,
        "embed_seconds": embedded - start,
        "link_seconds": done - embedded,
        "claims_per_s": n / (done - start),
        "lexical_claims_per_s": n / lexical["seconds"],
        "comparisons_per_claim": linker.comparisons / n,
        "linked_share": linked / n,
        "lexical_linked_share": lexical["linked_share"],
    }


def _peak_memory(n: int) -> float:
    claims = list(synthetic_claims(n))
    tracemalloc.start()
    linker = ClaimLinker()
    for i, text in enumerate(claims):
        linker.add(f"c{i}", text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / n


def _time_copies(path: Path) -> dict[str, Any]:
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as f:
        bodies = [(r["Body ID"], r["articleBody"]) for r in csv.DictReader(f)]
    detector = CopyDetector()
    start = time.perf_counter()
    copies = [(i, detector.add(i, text)) for i, text in bodies]
    seconds = time.perf_counter() - start
    found = [(a, b) for a, b in copies if b is not None]
    return {
        "bodies": len(bodies),
        "seconds": seconds,
        "ms_per_body": 1e3 * seconds / len(bodies),
        "copies": len(found),
        "examples": found[:10],
    }


def run_linking(
    sizes: tuple[int, ...] = (10_000, 100_000),
    *,
    memory: bool = True,
    bodies: Path | None = FNC_BODIES,
    embed: int = 0,
) -> dict[str, Any]:
    """Time ClaimLinker.add at each size (and its peak memory per claim), CopyDetector on the
    FNC-1 bodies when present, the embedding scorer on ``embed`` claims if not 0. The ``growth``
    ratio compares the largest size's time with the smallest's, next to the ratio of their
    sizes."""
    results: dict[str, Any] = {"linker": [_time_linker(n) for n in sizes]}
    if embed:
        results["embed"] = _time_embed(embed)
    if memory:
        for row in results["linker"]:
            row["peak_bytes_per_claim"] = _peak_memory(int(row["claims"]))
    first, last = results["linker"][0], results["linker"][-1]
    results["growth"] = {
        "size_ratio": last["claims"] / first["claims"],
        "time_ratio": last["seconds"] / first["seconds"],
    }
    if bodies is not None and bodies.exists():
        results["copies"] = _time_copies(bodies)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--bodies", type=Path, default=FNC_BODIES)
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument(
        "--embed", type=int, default=0, metavar="N", help="also the embedding scorer on N claims"
    )
    args = parser.parse_args(argv)
    results = run_linking(
        tuple(args.sizes), memory=not args.no_memory, bodies=args.bodies, embed=args.embed
    )
    for row in results["linker"]:
        memory = row.get("peak_bytes_per_claim")
        print(
            f"ClaimLinker {row['claims']:>7} claims: {row['seconds']:7.2f} s, "
            f"{row['us_per_claim']:6.0f} us/claim, {row['comparisons_per_claim']:5.1f} "
            f"scores/claim, {row['linked_share']:.0%} linked, {row['clusters']} clusters"
            + (f", peak {memory / 1024:.2f} KiB/claim" if memory else "")
        )
    if "embed" in results:
        e = results["embed"]
        print(
            f"EmbeddingScorer {e['claims']} claims: embedded in {e['embed_seconds']:.1f} s, "
            f"linked in {e['link_seconds']:.1f} s: {e['claims_per_s']:.0f} claims/s against "
            f"{e['lexical_claims_per_s']:.0f} lexical; {e['comparisons_per_claim']:.1f} "
            f"scores/claim, {e['linked_share']:.0%} linked ({e['lexical_linked_share']:.0%} "
            "lexical)"
        )
    growth = results["growth"]
    print(f"growth: {growth['size_ratio']:.0f}x claims -> {growth['time_ratio']:.1f}x time")
    if "copies" in results:
        c = results["copies"]
        print(
            f"CopyDetector {c['bodies']} FNC-1 bodies: {c['seconds']:.2f} s "
            f"({c['ms_per_body']:.1f} ms/body), {c['copies']} near-copies of an earlier body"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
