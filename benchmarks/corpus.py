"""Cost of the corpus, measured in one run. It reports; it asserts nothing.

    .venv/bin/python benchmarks/corpus.py [--limit N] [--sizes 10000,100000] [--no-ingest]
                                          [--runs 2]
                                          [--db postgresql://...]

1. Ingest: the FNC-1 bodies (``../shared/data/fnc1/train_bodies.csv``, 1,683 real news
   bodies) through ``analyze`` alone (``pipeline.analyze_documents``, reports thrown away) and
   through ``corpus.add_documents`` into a fresh store (analysis + store + claims), in the same
   process, twice each (``--runs``), alternating. The store's cost is the ratio of the two
   minus one (target <= 15 %). The resident memory (from /proc) is sampled every 100 articles while
   ingesting: flat means streaming (target: no growth with the number of articles beyond the
   model's warm-up).
2. Claim linking (``benchmarks/linking.py``): synthetic claims, 10k and 100k, time ratio
   (target <= 15x for 10x the claims: no all-pairs comparison).
3. Building the corpus view (clusters, origins, status) over the ingested store, as a ratio to
   the ingest time.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BODIES = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"

TARGET_STORE_COST = 0.15
TARGET_LINK_GROWTH = 15.0


def rss_mb() -> float:
    with open("/proc/self/statm") as stats:
        pages = int(stats.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def bodies(limit: int | None) -> list[str]:
    csv.field_size_limit(10**8)
    with BODIES.open(newline="", encoding="utf-8") as f:
        texts = [row["articleBody"] for row in csv.DictReader(f)]
    return texts[:limit] if limit else texts


def documents(texts: list[str]) -> Iterator:
    from sourcetrace.model import Document

    for i, text in enumerate(texts):
        yield Document(text=text, url=f"https://fnc1.example/body/{i}", outlet=f"outlet{i % 40}")


def time_analyze(texts: list[str]) -> float:
    from sourcetrace.pipeline import analyze_documents

    started = time.perf_counter()
    for _ in analyze_documents(documents(texts)):
        pass
    return time.perf_counter() - started


def time_add(texts: list[str], db: str, samples: list[tuple[int, float]]) -> float:
    from sourcetrace.corpus import add_documents
    from sourcetrace.store import open_store

    started = time.perf_counter()
    with open_store(db) as store:

        def progress(summary: object) -> None:
            seen = getattr(summary, "seen", 0)
            if seen % 100 == 0:
                samples.append((seen, rss_mb()))

        add_documents(store, documents(texts), progress=progress)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N bodies")
    parser.add_argument("--sizes", default="10000,100000", help="synthetic claim counts")
    parser.add_argument("--no-ingest", action="store_true")
    parser.add_argument("--db", default=None, help="a PostgreSQL URL (a fresh database)")
    parser.add_argument(
        "--runs", type=int, default=2, help="analyze/add rounds, alternating (best of each)"
    )
    args = parser.parse_args()

    if not args.no_ingest:
        texts = bodies(args.limit)
        print(f"ingest: {len(texts)} FNC-1 bodies")
        time_analyze(texts[:16])  # warm-up: the models load once, outside the timings
        analyze_times, add_times = [], []
        samples: list[tuple[int, float]] = []
        with tempfile.TemporaryDirectory() as tmp:
            for run in range(max(1, args.runs)):
                analyze_times.append(time_analyze(texts))
                db = args.db or str(Path(tmp) / f"corpus{run}.db")
                run_samples: list[tuple[int, float]] = []
                add_times.append(time_add(texts, db, run_samples))
                samples = run_samples
                print(
                    f"  run {run + 1}: analyze {analyze_times[-1]:.1f} s,"
                    f" add {add_times[-1]:.1f} s, ratio {add_times[-1] / analyze_times[-1]:.3f}"
                )
                if args.db:
                    break
            best = min(add_times) / min(analyze_times)
            print(
                f"  store cost: {best - 1:+.1%} (best add / best analyze = {best:.3f};"
                f" target <= {TARGET_STORE_COST:.0%})"
            )
            if samples:
                first, last = samples[0], samples[-1]
                print(
                    "  resident memory while adding (articles: MB): "
                    + ", ".join(f"{n}: {mb:.0f}" for n, mb in samples[:: max(1, len(samples) // 8)])
                )
                print(
                    f"  growth from {first[0]} to {last[0]} articles: {last[1] - first[1]:+.0f} MB"
                )
            from sourcetrace.corpus_view import build_view
            from sourcetrace.store import open_store

            db = args.db or str(Path(tmp) / "corpus0.db")
            with open_store(db) as store:
                started = time.perf_counter()
                view = build_view(store)
                took = time.perf_counter() - started
            print(
                f"  corpus view: {len(view.clusters)} clusters in {took:.1f} s"
                f" ({took / min(add_times):.2%} of the ingest time)"
            )

    spec = importlib.util.spec_from_file_location(
        "linking_bench", ROOT / "benchmarks" / "linking.py"
    )
    if spec is None or spec.loader is None:
        print("linking: benchmarks/linking.py missing")
        return 1
    module = importlib.util.module_from_spec(spec)
    sys.modules["linking_bench"] = module
    spec.loader.exec_module(module)
    sizes = tuple(int(s) for s in args.sizes.split(","))
    result = module.run_linking(sizes=sizes)
    print(f"linking: {result}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
