"""Speed and memory of sourcetrace, measured in one run. It reports; it asserts nothing.

    .venv/bin/python benchmarks/speed.py [--data DIR] [--limit N] [--runs 3] [--no-cold]
                                         [--tagger FILE.npz]

1. throughput of bare spaCy ``nlp.pipe`` over the PolNeAR dev texts, then of
   ``sourcetrace.pipeline.analyze_documents`` over the same texts (keep_text=True), with the
   same model and batch size: tokens/s of each and their ratio. The default pipeline (the
   reader mended by the shipped tagger) has the target >= 0.6; the reader alone
   (``--no-tagger``) is timed too, in the same run (its old target was 0.8);
2. peak RSS of this process (target <= 1 GB);
3. cold time of ``./sourcetrace analyze examples/musk-putin-vice.txt --format json`` as a
   subprocess (median of N runs, target <= 3 s), beside the cold time of loading the spaCy
   model alone in a fresh interpreter.

With ``--tagger`` the pipeline runs once more with those tagger weights (``sourcetrace train
tagger``; none ship), and its throughput is reported as a ratio to the same bare spaCy run,
with the encoder that ran (ONNX Runtime or NumPy, see ``sourcetrace.onnxencoder``;
``SOURCETRACE_ENCODER=numpy`` times the NumPy one) and the time loading the tagger took.
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"
SEED = ROOT / "examples" / "musk-putin-vice.txt"

TARGET_RATIO = 0.6
TARGET_RSS_MB = 1000
TARGET_COLD_S = 3.0


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes / KiB


def installed_model() -> str:
    from sourcetrace.nlp import MODEL_NAMES

    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return name
    return MODEL_NAMES[0]


def median_time(command: list[str], runs: int) -> float | None:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
            print(f"  {' '.join(command[:3])}... failed (exit {done.returncode}): {last}")
            return None
        times.append(elapsed)
    return statistics.median(times)


def pipeline_seconds(texts: list[str], settings: object) -> float:
    """Wall time of ``analyze_documents`` over the texts with these settings."""
    from sourcetrace.model import Document
    from sourcetrace.pipeline import analyze_documents

    started = time.perf_counter()
    list(analyze_documents([Document(text=t) for t in texts], settings=settings))  # type: ignore[arg-type]
    return time.perf_counter() - started


def mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("ok" if ok else "MISSED")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a folder of .txt files")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N texts")
    parser.add_argument("--runs", type=int, default=3, help="cold-start runs (median)")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-start timing")
    parser.add_argument("--tagger", type=Path, help="also time the pipeline with these weights")
    args = parser.parse_args(argv)

    from sourcetrace.model import Document
    from sourcetrace.nlp import get_nlp
    from sourcetrace.settings import Settings

    paths = sorted(args.data.glob("*.txt"))[: args.limit or None]
    if not paths:
        print(f"no .txt files in {args.data}", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in paths]
    settings = Settings(keep_text=True)
    chars = sum(map(len, texts))
    print(f"data: {len(texts)} texts, {chars:,} characters from {args.data}")

    started = time.perf_counter()
    nlp = get_nlp()
    print(f"model: {installed_model()} loaded in {time.perf_counter() - started:.2f} s")
    list(nlp.pipe(texts[:2]))  # warm-up, for both runs alike

    # 1a. bare spaCy
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=settings.batch_size))
    bare_s = time.perf_counter() - started
    bare_tps = tokens / bare_s
    print(f"bare spaCy nlp.pipe:    {tokens:,} tokens in {bare_s:.2f} s = {bare_tps:,.0f} tokens/s")
    rss_bare = peak_rss_mb()

    # 1b. sourcetrace
    ratio: float | None = None
    try:
        from sourcetrace.pipeline import analyze_documents

        docs = [Document(text=t) for t in texts]
        started = time.perf_counter()
        reports = list(analyze_documents(docs, settings=settings))
        ours_s = time.perf_counter() - started
        ours_tps = tokens / ours_s
        ratio = ours_tps / bare_tps
        n_attr = sum(len(r.attributions) for r in reports)
        print(
            f"sourcetrace pipeline:   {tokens:,} tokens in {ours_s:.2f} s"
            f" = {ours_tps:,.0f} tokens/s ({n_attr:,} attributions)"
        )
    except NotImplementedError:
        print("sourcetrace pipeline:   not implemented yet (only the baseline was measured)")
    rss = peak_rss_mb()
    from sourcetrace.pipeline import uses_tagger

    if uses_tagger(settings):
        from sourcetrace.tagger import load_tagger

        loaded = load_tagger()
        print(f"  (reader mended by the tagger; encoder: {loaded.encoder.name if loaded else '-'})")
        alone_s = pipeline_seconds(texts, replace(settings, tagger=False))
        print(
            f"reader alone (--no-tagger): {tokens / alone_s:,.0f} tokens/s"
            f" = {bare_s / alone_s:.2f}x bare spaCy"
        )
    print(f"peak RSS: {rss:.0f} MB (after bare spaCy: {rss_bare:.0f} MB)")
    if args.tagger is not None:
        from sourcetrace.tagger import load_tagger
        from sourcetrace.training.artefacts import use_artefacts

        with use_artefacts(tagger=args.tagger):
            started = time.perf_counter()
            loaded = load_tagger()  # what the pipeline loads on first use, timed apart
            load_s = time.perf_counter() - started
            if loaded is None:
                print(f"no tagger weights at {args.tagger}", file=sys.stderr)
                return 2
            tagged_s = pipeline_seconds(texts, replace(settings, tagger=True))
        print(
            f"with tagger {args.tagger.name}: {tokens / tagged_s:,.0f} tokens/s"
            f" = {bare_s / tagged_s:.2f}x bare spaCy; peak RSS {peak_rss_mb():.0f} MB"
        )
        print(f"  encoder: {loaded.encoder.name}; tagger loaded in {load_s:.2f} s")

    # 3. cold start
    cold: float | None = None
    base: float | None = None
    if not args.no_cold:
        python = str(ROOT / ".venv" / "bin" / "python")
        if not Path(python).exists():
            python = sys.executable
        model = installed_model()
        base = median_time([python, "-c", f"import spacy; spacy.load({model!r})"], args.runs)
        wrapper = [str(ROOT / "sourcetrace"), "analyze", str(SEED), "--format", "json"]
        cold = median_time(wrapper, args.runs)
        if base is not None:
            print(f"cold spaCy load alone:  {base:.2f} s (median of {args.runs})")
        if cold is not None:
            extra = f", {cold / base:.2f}x the model load" if base else ""
            print(f"cold ./sourcetrace analyze seed: {cold:.2f} s (median of {args.runs}{extra})")

    print()
    print("summary                      value      target   status")
    ratio_text = f"{ratio:.2f}" if ratio is not None else "-"
    print(
        f"throughput ratio          {ratio_text:>8}    >= {TARGET_RATIO}   "
        f"{mark(None if ratio is None else ratio >= TARGET_RATIO)}"
    )
    print(
        f"peak RSS (MB)             {rss:>8.0f}    <= {TARGET_RSS_MB}"
        f"   {mark(rss <= TARGET_RSS_MB)}"
    )
    cold_text = f"{cold:.2f}" if cold is not None else "-"
    print(
        f"cold CLI on the seed (s)  {cold_text:>8}    <= {TARGET_COLD_S}   "
        f"{mark(None if cold is None else cold <= TARGET_COLD_S)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
