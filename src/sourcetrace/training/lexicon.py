"""Derive the cue lexicon from PolNeAR train: `sourcetrace train lexicon DIR`.

For each (lemma, coarse POS) the share of its occurrences that head an annotated cue, and
for the words next to a cue head, how often the annotators took them into the cue
(``has said``, ``also said``, ``called for``, ``said in a statement``). Only the train split
is read; the output is ``src/sourcetrace/data/cues.json``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..evaluation.brat import GoldDocument, Ranges, read_corpus
from ..nlp import get_nlp

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "cues.json"
MIN_COUNT = 2


def _tokens(doc: Any, ranges: Ranges) -> list[Any]:
    out = []
    for start, end in ranges:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            out.extend(span)
    return out


def cue_head(tokens: list[Any]) -> Any | None:
    """The token of a cue span whose syntactic head lies outside the span."""
    ids = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    return heads[0] if heads else (tokens[0] if tokens else None)


def build(gold_docs: Iterable[GoldDocument], *, batch_size: int = 16) -> dict[str, Any]:
    """Parse the articles and count (see :func:`count`)."""
    nlp = get_nlp()
    gold_docs = list(gold_docs)
    return count(gold_docs, nlp.pipe((g.text for g in gold_docs), batch_size=batch_size))


def count(gold_docs: list[GoldDocument], parsed: Iterable[Any]) -> dict[str, Any]:
    """Count cue heads and the neighbours joined to them, over parsed articles."""
    heads: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    child_in: Counter[str] = Counter()
    child_seen: Counter[str] = Counter()
    for gold, doc in zip(gold_docs, parsed, strict=True):
        for tok in doc:
            totals[f"{tok.lemma_.lower()}|{tok.pos_}"] += 1
        for att in gold.attributions:
            if not att.cue:
                continue
            toks = _tokens(doc, att.cue)
            head = cue_head(toks)
            if head is None:
                continue
            heads[f"{head.lemma_.lower()}|{head.pos_}"] += 1
            ids = {t.i for t in toks}
            for child in head.children:
                if abs(child.i - head.i) > 3:
                    continue
                keys = [
                    f"{child.dep_}|{child.lower_}",
                    f"{head.lemma_.lower()}|{child.dep_}|{child.lower_}",
                    f"{child.dep_}|*",
                    f"{head.lemma_.lower()}|{child.dep_}|*",
                ]
                for key in keys:
                    child_seen[key] += 1
                    if child.i in ids:
                        child_in[key] += 1
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if child.dep_ == "prep" and objs:
                    # the whole phrase inside the cue ("said in a statement")?
                    key = f"pp|{child.lower_}|{objs[0].lemma_.lower()}"
                    child_seen[key] += 1
                    if all(t.i in ids for t in child.subtree):
                        child_in[key] += 1
    heads_out = {
        k: [n, totals[k]] for k, n in sorted(heads.items()) if n >= MIN_COUNT and totals[k]
    }
    children_out = {
        k: [child_in[k], n] for k, n in sorted(child_seen.items()) if n >= 3 and child_in[k]
    }
    return {
        "about": "cue heads and cue-span neighbours counted on PolNeAR train; [cue, total]",
        "documents": len(gold_docs),
        "heads": heads_out,
        "children": children_out,
    }


def dumps(data: dict[str, Any]) -> str:
    """JSON with one entry per line, so that a rebuilt lexicon diffs readably."""
    lines = ["{"]
    for key in ("about", "documents"):
        lines.append(f"  {json.dumps(key)}: {json.dumps(data[key])},")
    for n, table in enumerate(("heads", "children")):
        lines.append(f"  {json.dumps(table)}: {{")
        items = sorted(data[table].items())
        for i, (k, v) in enumerate(items):
            comma = "," if i < len(items) - 1 else ""
            lines.append(f"    {json.dumps(k)}: {json.dumps(v)}{comma}")
        lines.append("  }" + ("," if n == 0 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(directory: Path, out: Path = DATA_FILE) -> dict[str, Any]:
    data = build(read_corpus(directory))
    out.write_text(dumps(data), encoding="utf-8")
    return data


if __name__ == "__main__":
    import sys

    main(Path(sys.argv[1]))
