"""The PolNeAR dev quality gate: the corpus hash, the pinned floors, and how they are measured.

``tests/quality/polnear_floors.json`` pins, for PolNeAR dev, a floor under each F1 score of
``sourcetrace eval polnear`` (per role exact source / cue / content, linked triple, content
character overlap) and the sha256 of the corpus those floors were measured on. The floors sit
``MARGIN`` points below the scores measured when they were set; they are rewritten only by
``scripts/update_floors.py``, never by hand.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from paths import REPO

FLOORS_FILE = REPO / "tests" / "quality" / "polnear_floors.json"
#: The default pipeline (the reader mended by the learned tagger, ``eval polnear --tagger``) has
#: floors of its own; ``FLOORS_FILE`` is the reader alone (``eval polnear --no-tagger``).
TAGGER_FLOORS_FILE = REPO / "tests" / "quality" / "polnear_floors_tagger.json"


def floors_file(tagger: bool) -> Path:
    return TAGGER_FLOORS_FILE if tagger else FLOORS_FILE


MARGIN = 0.5  # points of F1 (percent) between a measured score and its floor
KEYS = ("source", "cue", "content", "triple", "content_overlap")  # F1 of each, in percent
CORPUS_PARTS = ("text", "attributions")


def corpus_sha256(directory: Path) -> str:
    """sha256 over the sorted relative names and the bytes of every file of text/ and attributions/.

    Each file contributes ``<relative posix path> NUL <size> NUL <bytes>``, so that neither a
    renamed, an added, a removed nor an edited file goes unnoticed.
    """
    digest = hashlib.sha256()
    files = sorted(
        path for part in CORPUS_PARTS for path in (directory / part).rglob("*") if path.is_file()
    )
    for path in files:
        data = path.read_bytes()
        name = path.relative_to(directory).as_posix()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def f1_scores(scores: dict[str, dict[str, float]]) -> dict[str, float]:
    """The gated F1 of each key, from ``EvalResult.scores``."""
    return {key: float(scores[key]["f1"]) for key in KEYS}


def floors_for(measured: dict[str, float]) -> dict[str, float]:
    return {key: round(measured[key] - MARGIN, 2) for key in KEYS}


def load_floors(path: Path = FLOORS_FILE) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def floors_document(
    *, corpus_sha256: str, n_documents: int, measured: dict[str, float], tagger: bool = False
) -> dict[str, Any]:
    command = (
        "`sourcetrace eval polnear --tagger` (the default pipeline)"
        if tagger
        else "`sourcetrace eval polnear --no-tagger` (the reader alone)"
    )
    return {
        "about": (
            f"Floors under the F1 scores (percent) of {command} on PolNeAR dev, "
            f"each {MARGIN} below the score measured when set. Written by scripts/update_floors.py."
        ),
        "corpus": "polnear/dev",
        "corpus_sha256": corpus_sha256,
        "n_documents": n_documents,
        "margin": MARGIN,
        "measured": {key: measured[key] for key in KEYS},
        "floors": floors_for(measured),
    }


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2) + "\n"
