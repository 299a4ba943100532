#!/usr/bin/env python3
"""Regenerate the golden expectations in tests/golden/ by running the real pipeline.

This script is the only writer of ``tests/golden/*.expected.json``: never edit them by hand.
After running it, read ``git diff tests/golden`` like code, and update ``tests/golden/REVIEW.md``.

    .venv/bin/python scripts/regen_golden.py                 # every golden article
    .venv/bin/python scripts/regen_golden.py NAME [NAME...]  # some of them
    .venv/bin/python scripts/regen_golden.py --add NAME --source polnear/dev/text/x.txt \\
        --why "..."                                          # a new article: writes its manifest
    .venv/bin/python scripts/regen_golden.py --add NAME --source fnc1/train_bodies.csv \\
        --format fnc1-csv --record 1976 --why "..."

The input hash in a manifest is checked before anything is written: when the shared data has
changed, the script stops, unless ``--rehash`` says the new text is meant.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from golden_support import (  # noqa: E402
    GOLDEN_DIR,
    Manifest,
    dump,
    manifests,
    pinned,
    read_input,
    run_pipeline,
    sha256,
)


def add(args: argparse.Namespace) -> int:
    if not args.source or not args.why:
        print("--add needs --source and --why", file=sys.stderr)
        return 2
    manifest = Manifest(
        name=args.add,
        source=args.source,
        format=args.format,
        record=args.record,
        sha256="",
        why=args.why,
    )
    text = read_input(manifest)
    manifest = Manifest(**{**manifest.to_dict(), "sha256": sha256(text)})
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    manifest.manifest_path.write_text(dump(manifest.to_dict()), encoding="utf-8")
    print(f"wrote {manifest.manifest_path.relative_to(GOLDEN_DIR.parents[1])}")
    return 0


def regenerate(names: list[str], *, rehash: bool) -> int:
    from sourcetrace.schema import validate_report

    chosen = [m for m in manifests() if not names or m.name in names]
    unknown = set(names) - {m.name for m in chosen}
    if unknown:
        print(f"no manifest for: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for manifest in chosen:
        text = read_input(manifest)
        digest = sha256(text)
        if digest != manifest.sha256:
            if not rehash:
                print(
                    f"{manifest.name}: the input text changed (sha256 {digest[:12]}…, manifest "
                    f"{manifest.sha256[:12]}…); rerun with --rehash if that is meant",
                    file=sys.stderr,
                )
                return 1
            manifest = Manifest(**{**manifest.to_dict(), "sha256": digest})
            manifest.manifest_path.write_text(dump(manifest.to_dict()), encoding="utf-8")
        report = run_pipeline(text)
        validate_report(report)
        old = manifest.expected_path
        before = pinned_or_none(old)
        old.write_text(dump(report), encoding="utf-8")
        state = (
            "new" if before is None else ("unchanged" if before == pinned(report) else "CHANGED")
        )
        print(
            f"{manifest.name}: {len(report['attributions'])} attributions, "
            f"{len(report['claims'])} claims, {len(report['events'])} events  [{state}]"
        )
    print("now review: git diff tests/golden, and update tests/golden/REVIEW.md")
    return 0


def pinned_or_none(path: Path) -> object:
    import json

    if not path.is_file():
        return None
    return pinned(json.loads(path.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("names", nargs="*", help="golden articles to regenerate (default: all)")
    parser.add_argument("--rehash", action="store_true", help="accept a changed input text")
    parser.add_argument("--add", metavar="NAME", help="write the manifest of a new article")
    parser.add_argument("--source", help="with --add: path under the shared data folder")
    parser.add_argument("--format", default="text", choices=["text", "fnc1-csv"])
    parser.add_argument("--record", help="with --format fnc1-csv: the Body ID")
    parser.add_argument("--why", help="with --add: why this article is a golden one")
    args = parser.parse_args(argv)
    if args.add:
        return add(args)
    return regenerate(args.names, rehash=args.rehash)


if __name__ == "__main__":
    sys.exit(main())
