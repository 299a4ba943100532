"""How often a pronoun or description that is the source of an attribution ends at the right
entity, on hand-annotated PolNeAR dev articles (``tests/data/coref_dev.json``).

    .venv/bin/python benchmarks/coref.py [--data DIR] [--part tuning|held-out] [-v]

Each listed article is analysed with ``sourcetrace.analyze`` (text kept as given, so the
annotated offsets hold). For each annotated mention, the attribution whose source span holds
it is found, and the source's entity is compared with the entity the reading named:

- right: one of the entity's names (its canonical name or a capitalised mention) is the
  expected name, contains it or is contained in it, or shares its last word (unless both have a
  first name and the first names differ: Bill Clinton is not Hillary Clinton); for a referent
  the article never names, right is an entity with no name (anonymous, a group, no entity);
- wrong: an entity with another name;
- unresolved: no entity, or an anonymous one;
- not a source: no attribution has a source span holding the mention. That is the attribution
  reader's business, not coreference, and is counted apart: accuracy is over the mentions that
  are sources.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sourcetrace import analyze
from sourcetrace.model import Entity, Report
from sourcetrace.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear" / "dev"
ANNOTATIONS = ROOT / "tests" / "data" / "coref_dev.json"
OUTCOMES = ("right", "wrong", "unresolved", "not a source")
_PRONOUNS = frozenset(
    [
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "i",
        "we",
        "me",
        "us",
        "our",
        "my",
        "you",
        "your",
    ]
)


@dataclass(frozen=True, slots=True)
class Judged:
    """One annotated mention and what the analysis made of it."""

    mention: dict[str, Any]
    outcome: str
    got: str | None  # the name of the entity found, if any


def load_mentions(path: Path = ANNOTATIONS) -> list[dict[str, Any]]:
    mentions: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))["mentions"]
    return mentions


def analyse(data: Path, articles: Iterable[str]) -> dict[str, Report]:
    """Each article of the split analysed with its text exactly as in the file."""
    settings = Settings(keep_text=True)
    reports = {}
    for stem in sorted(set(articles)):
        text = (data / "text" / f"{stem}.txt").read_text("utf-8")
        report = analyze(text, settings=settings)
        if report.text != text:
            raise ValueError(f"{stem}: the analysed text differs from the file; offsets break")
        reports[stem] = report
    return reports


def _words(name: str) -> list[str]:
    return re.findall(r"[\w'’.-]+", name.lower().replace("’", "'"))


def names_match(expected: str, name: str) -> bool:
    """Is ``name`` (found) a name of ``expected``? See the module docstring."""
    a, b = _words(expected), _words(name)
    if a and a[0] == "the":
        a = a[1:]
    if b and b[0] == "the":
        b = b[1:]
    if not a or not b:
        return False
    joined_a, joined_b = f" {' '.join(a)} ", f" {' '.join(b)} "
    if joined_a in joined_b or joined_b in joined_a:
        return True
    if a[-1] != b[-1]:
        return False
    return not (len(a) >= 2 and len(b) >= 2 and a[0] != b[0])


def entity_names(report: Report, entity: Entity) -> list[str]:
    """The entity's canonical name and the mentions of it written as names."""
    names = [entity.name]
    for start, end in entity.mentions:
        text = report.text[start:end].strip()
        if text[:1].isupper() and text.lower() not in _PRONOUNS and not _description(text):
            names.append(text)
    return names


def _description(text: str) -> bool:
    """'The agency', 'The Democratic senator': a determiner and no other capital."""
    words = text.split()
    return words[0].lower() in {"the", "a", "an", "this", "that"} and not any(
        w[:1].isupper() for w in words[1:]
    )


def judge(mention: dict[str, Any], report: Report) -> Judged:
    start, end = mention["start"], mention["end"]
    holding = [
        a.source
        for a in report.attributions
        if a.source is not None and a.source.start <= start and end <= a.source.end
    ]
    if not holding:
        return Judged(mention, "not a source", None)
    source = min(holding, key=lambda s: s.end - s.start)
    entity = report.entity(source.entity)
    expected = mention["entity"]
    if expected is None:
        named = entity is not None and entity.kind not in {"anonymous", "group", "document"}
        return Judged(mention, "wrong" if named else "right", entity.name if entity else None)
    if entity is None or entity.kind == "anonymous":
        return Judged(mention, "unresolved", entity.name if entity else None)
    wanted = [expected] if isinstance(expected, str) else list(expected)
    names = entity_names(report, entity)
    right = any(names_match(w, n) for w in wanted for n in names)
    return Judged(mention, "right" if right else "wrong", entity.name)


def score(mentions: Sequence[dict[str, Any]], reports: dict[str, Report]) -> list[Judged]:
    return [judge(m, reports[m["article"]]) for m in mentions]


def accuracy(judged: Sequence[Judged]) -> tuple[float, Counter[str]]:
    """Right over the mentions that are sources (0 when none is), and the counts."""
    counts = Counter(j.outcome for j in judged)
    sources = len(judged) - counts["not a source"]
    return (100.0 * counts["right"] / sources if sources else 0.0), counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--annotations", type=Path, default=ANNOTATIONS)
    parser.add_argument("--part", choices=["tuning", "held-out"], default=None)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    if not (args.data / "text").is_dir():
        print(f"no PolNeAR split at {args.data}", file=sys.stderr)
        return 2
    mentions = load_mentions(args.annotations)
    if args.part:
        mentions = [m for m in mentions if m["part"] == args.part]
    reports = analyse(args.data, (m["article"] for m in mentions))
    judged = score(mentions, reports)
    print(f"coreference of pronoun and description sources, {len(reports)} PolNeAR dev articles")
    print(
        f"{'part':10} {'mentions':>8} {'sources':>8} {'right':>6} {'wrong':>6} "
        f"{'unres.':>6} {'no src':>6} {'accuracy':>9}"
    )
    parts = sorted({m["part"] for m in mentions}, reverse=True)
    for part in [*parts, "all"] if len(parts) > 1 else parts:
        chosen = [j for j in judged if part == "all" or j.mention["part"] == part]
        acc, c = accuracy(chosen)
        sources = len(chosen) - c["not a source"]
        print(
            f"{part:10} {len(chosen):8} {sources:8} {c['right']:6} {c['wrong']:6} "
            f"{c['unresolved']:6} {c['not a source']:6} {acc:8.1f}%"
        )
    if args.verbose:
        for j in judged:
            if j.outcome != "right":
                m = j.mention
                print(
                    f"  {j.outcome:12} {m['article'][:40]:40} {m['start']:>6} "
                    f"{m['mention']!r:22} want {m['entity']!r} got {j.got!r}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
