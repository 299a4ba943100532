"""Quality gate: PolNeAR dev scores must not fall below their pinned floors.

The floors and the corpus hash are in ``tests/quality/polnear_floors.json`` for the reader alone
(``--no-tagger``) and in ``polnear_floors_tagger.json`` for the default pipeline, the reader
mended by the shipped tagger. A score below
its floor fails; so does a changed corpus, since floors measured on other files mean nothing.
When the reader improves, raise the floors with ``.venv/bin/python scripts/update_floors.py``
(``--tagger`` for the second file).
"""

from __future__ import annotations

from typing import Any

import pytest

from paths import POLNEAR_DEV, require
from quality_support import KEYS, corpus_sha256, f1_scores, floors_file, load_floors

pytestmark = pytest.mark.quality

UPDATE = ".venv/bin/python scripts/update_floors.py"
MODES = ["reader", "tagger"]


@pytest.fixture(scope="module", params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def floors(mode: str) -> dict[str, Any]:
    return load_floors(floors_file(mode == "tagger"))


@pytest.fixture(scope="module")
def measured(mode: str) -> dict[str, Any]:
    """The dev split analysed and scored once per mode."""
    from sourcetrace.evaluation.polnear import evaluate
    from sourcetrace.settings import Settings
    from sourcetrace.tagger import load_tagger

    if mode == "tagger":
        assert load_tagger() is not None, "no tagger ships, but it has floors"
    result = evaluate(require(POLNEAR_DEV), settings=Settings(tagger=mode == "tagger"))
    return {"n_documents": result.n_documents, "f1": f1_scores(result.scores)}


def test_floors_cover_every_score(floors: dict[str, Any], mode: str) -> None:
    assert sorted(floors["floors"]) == sorted(KEYS), floors_file(mode == "tagger")


def test_corpus_is_the_one_the_floors_were_measured_on(floors: dict[str, Any], mode: str) -> None:
    FLOORS = floors
    actual = corpus_sha256(require(POLNEAR_DEV))
    assert actual == FLOORS["corpus_sha256"], (
        f"{POLNEAR_DEV} changed since the floors were set (sha256 {actual}, pinned "
        f"{FLOORS['corpus_sha256']}). If that is meant, re-measure with `{UPDATE}` and review "
        f"the diff of {floors_file(mode == 'tagger').name}."
    )


def test_every_document_is_scored(measured: dict[str, Any], floors: dict[str, Any]) -> None:
    assert measured["n_documents"] == floors["n_documents"]


@pytest.mark.parametrize("key", KEYS)
def test_score_is_not_below_its_floor(
    measured: dict[str, Any], floors: dict[str, Any], key: str
) -> None:
    FLOORS = floors
    score, floor = measured["f1"][key], FLOORS["floors"][key]
    assert score >= floor, (
        f"PolNeAR dev {key} F1 fell to {score:.2f}, below its floor {floor:.2f} "
        f"(measured {FLOORS['measured'][key]:.2f} when the floor was set)"
    )
