"""Quality gate: PolNeAR dev scores must not fall below their pinned floors.

The floors and the corpus hash are in ``tests/quality/polnear_floors.json``. A score below its
floor fails; so does a changed corpus, since floors measured on other files mean nothing. When the
reader improves, raise the floors with ``.venv/bin/python scripts/update_floors.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

from paths import POLNEAR_DEV, require
from quality_support import FLOORS_FILE, KEYS, corpus_sha256, f1_scores, load_floors

pytestmark = pytest.mark.quality

UPDATE = ".venv/bin/python scripts/update_floors.py"
FLOORS = load_floors()


@pytest.fixture(scope="module")
def measured() -> dict[str, Any]:
    """The dev split analysed and scored once for the whole module."""
    from sourcetrace.evaluation.polnear import evaluate

    result = evaluate(require(POLNEAR_DEV))
    return {"n_documents": result.n_documents, "f1": f1_scores(result.scores)}


def test_floors_cover_every_score() -> None:
    assert sorted(FLOORS["floors"]) == sorted(KEYS), FLOORS_FILE


def test_corpus_is_the_one_the_floors_were_measured_on() -> None:
    actual = corpus_sha256(require(POLNEAR_DEV))
    assert actual == FLOORS["corpus_sha256"], (
        f"{POLNEAR_DEV} changed since the floors were set (sha256 {actual}, pinned "
        f"{FLOORS['corpus_sha256']}). If that is meant, re-measure with `{UPDATE}` and review "
        f"the diff of {FLOORS_FILE.name}."
    )


def test_every_document_is_scored(measured: dict[str, Any]) -> None:
    assert measured["n_documents"] == FLOORS["n_documents"]


@pytest.mark.parametrize("key", KEYS)
def test_score_is_not_below_its_floor(measured: dict[str, Any], key: str) -> None:
    score, floor = measured["f1"][key], FLOORS["floors"][key]
    assert score >= floor, (
        f"PolNeAR dev {key} F1 fell to {score:.2f}, below its floor {floor:.2f} "
        f"(measured {FLOORS['measured'][key]:.2f} when the floor was set)"
    )
