"""Read PolNeAR brat standoff files: text beside attributions with Source, Cue, Content."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

Ranges = tuple[tuple[int, int], ...]

_TEXTBOUND = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_EVENT = re.compile(r"^(E\d+)\t(.*)$")


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    source: Ranges | None
    cue: Ranges | None
    content: Ranges | None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    stem: str
    text: str
    attributions: tuple[GoldAttribution, ...]


def _ranges(spec: str) -> Ranges:
    out = []
    for part in spec.split(";"):
        start, end = part.split()
        out.append((int(start), int(end)))
    return tuple(sorted(out))


def read_ann(path: Path) -> tuple[GoldAttribution, ...]:
    """Parse one .ann file. Span texts may hold newlines: only offsets are trusted."""
    bounds: dict[str, tuple[str, Ranges]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _TEXTBOUND.match(line)
        if m:
            bounds[m.group(1)] = (m.group(2), _ranges(m.group(3)))
            continue
        m = _EVENT.match(line)
        if m:
            events.append(dict(part.split(":", 1) for part in m.group(2).split()))
    out = []
    for ev in events:
        if not any(k.startswith("Attribution") for k in ev):
            continue
        content: list[tuple[int, int]] = []
        for role in ("Content", "Content2", "Content3"):
            if role in ev and ev[role] in bounds:
                content.extend(bounds[ev[role]][1])

        def role_ranges(role: str, ev: dict[str, str] = ev) -> Ranges | None:
            ref = ev.get(role)
            return bounds[ref][1] if ref in bounds else None

        out.append(
            GoldAttribution(
                source=role_ranges("Source"),
                cue=role_ranges("Cue"),
                content=tuple(sorted(content)) or None,
            )
        )
    return tuple(out)


def read_corpus(directory: Path) -> Iterator[GoldDocument]:
    """Yield each article of a PolNeAR split (``text/`` beside ``attributions/``).

    Where an article has several annotators' files, the first by name is used.
    """
    text_dir, ann_dir = directory / "text", directory / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(
            "not a PolNeAR split: expected text/ and attributions/ inside", source=str(directory)
        )
    anns: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        anns.setdefault(stem, ann)
    for stem, ann in sorted(anns.items()):
        text_path = text_dir / f"{stem}.txt"
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        yield GoldDocument(stem=stem, text=text, attributions=read_ann(ann))
