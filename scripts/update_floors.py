"""Re-measure PolNeAR dev and rewrite the quality gate's floors (measured minus 0.5).

    .venv/bin/python scripts/update_floors.py [--data DIR] [--lower] [--dry-run] [--tagger]

Runs ``sourcetrace.evaluation.polnear.evaluate`` on the dev split, then rewrites
``tests/quality/polnear_floors.json``: every floor at the measured F1 minus 0.5, and the corpus
hash (with ``--tagger``: the reader checked by the installed tagger, into
``tests/quality/polnear_floors_tagger.json``). Prints each score as ``old floor -> new
floor``. A floor is never lowered unless ``--lower`` is given (a drop should be a decision, not
a side effect); review the diff like code.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from paths import POLNEAR_DEV  # noqa: E402
from quality_support import (  # noqa: E402
    KEYS,
    MARGIN,
    corpus_sha256,
    dump,
    f1_scores,
    floors_document,
    floors_file,
    load_floors,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=POLNEAR_DEV, help="the PolNeAR dev split")
    parser.add_argument("--lower", action="store_true", help="allow floors to go down")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    parser.add_argument("--tagger", action="store_true", help="the reader checked by the tagger")
    args = parser.parse_args(argv)
    floors_path = floors_file(args.tagger)
    if not args.data.is_dir():
        parser.error(f"no such directory: {args.data}")

    from sourcetrace.evaluation.polnear import evaluate
    from sourcetrace.settings import Settings

    started = time.perf_counter()
    result = evaluate(args.data, settings=Settings(tagger=args.tagger))
    measured = f1_scores(result.scores)
    print(f"measured {result.n_documents} documents in {time.perf_counter() - started:.1f} s")

    old = load_floors(floors_path) if floors_path.is_file() else None
    new = floors_document(
        corpus_sha256=corpus_sha256(args.data),
        n_documents=result.n_documents,
        measured=measured,
        tagger=args.tagger,
    )
    lowered = []
    for key in KEYS:
        before = old["floors"].get(key) if old else None
        after = new["floors"][key]
        if before is not None and after < before and not args.lower:
            lowered.append(key)
            new["floors"][key] = before
            new["measured"][key] = old["measured"][key]
        note = "  (kept: would lower, see --lower)" if key in lowered else ""
        shown = "-" if before is None else f"{before:.2f}"
        print(f"{key:>16}: {shown} -> {new['floors'][key]:.2f}   (F1 {measured[key]:.2f}){note}")
    if old and old["corpus_sha256"] != new["corpus_sha256"]:
        print(f"corpus sha256 changed: {old['corpus_sha256']} -> {new['corpus_sha256']}")
    if args.dry_run:
        print("dry run: nothing written")
    else:
        floors_path.parent.mkdir(parents=True, exist_ok=True)
        floors_path.write_text(dump(new), encoding="utf-8")
        print(f"wrote {floors_path} (floors = measured - {MARGIN})")
    return 1 if lowered else 0


if __name__ == "__main__":
    sys.exit(main())
