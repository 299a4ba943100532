"""The stance model: the packaged artefact, clear headlines, errors, and a held-out gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paths import DATA, needs
from sourcetrace.errors import ConfigError
from sourcetrace.stance import STANCES, StanceModel, stance

EMERGENT_TRAIN = DATA / "emergent" / "url-versions-2015-06-14-clean-train.csv"


def test_packaged_model_loads_once() -> None:
    model = StanceModel.load()
    assert model is StanceModel.load()
    assert model.weights.shape == (len(model.index), len(STANCES))
    probs = model.probabilities("a claim", "a text")
    assert set(probs) == set(STANCES)
    assert sum(probs.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("claim", "text", "expected"),
    [
        # a denial by the party concerned; a debunking word
        (
            "Banksy was arrested in London",
            "Police deny reports that Banksy was arrested",
            "refutes",
        ),
        (
            "A shark swam down a flooded highway",
            "Photo of shark on flooded highway is a hoax",
            "refutes",
        ),
        # hedged: reportedly, a question
        ("Apple is buying Path", "Apple reportedly in talks to buy Path", "observes"),
        ("Kim Jong Un broke his ankles", "Did Kim Jong Un break his ankles?", "observes"),
        # plain assertion
        (
            "ISIS beheaded a British aid worker",
            "ISIS beheads British aid worker in new video",
            "supports",
        ),
    ],
)
def test_clear_headlines(claim: str, text: str, expected: str) -> None:
    assert stance(claim, text) == expected


def test_missing_artefact_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no stance model"):
        StanceModel.load(tmp_path / "absent.npz")


def test_corrupt_artefact_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "stance.npz"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(ConfigError, match="cannot be read"):
        StanceModel.load(bad)


def test_save_load_round_trip(tmp_path: Path) -> None:
    model = StanceModel.load()
    path = tmp_path / "copy.npz"
    model.save(path)
    again = StanceModel.load(path)
    pair = ("Apple is buying Path", "Apple reportedly in talks to buy Path")
    assert again.probabilities(*pair) == model.probabilities(*pair)


def test_predict_many_keeps_order() -> None:
    model = StanceModel.load()
    pairs = [
        ("Banksy was arrested", "Police deny reports that Banksy was arrested"),
        ("ISIS beheaded a British aid worker", "ISIS beheads British aid worker in new video"),
        ("Apple is buying Path", "Apple reportedly in talks to buy Path"),
    ]
    assert model.predict_many(pairs) == [model.predict(c, t) for c, t in pairs]
    assert model.predict_many(reversed(pairs)) == model.predict_many(pairs)[::-1]
    assert model.predict_many([]) == []


@needs(EMERGENT_TRAIN)
def test_held_out_claims_gate() -> None:
    pytest.importorskip("sklearn")
    from sourcetrace.training.stance import evaluate_heldout

    scores = evaluate_heldout(EMERGENT_TRAIN)
    assert scores.n > 300
    assert scores.accuracy >= 0.76
    assert scores.macro_f1 >= 0.72


def test_the_stance_command_writes_one_line_a_row_in_order(tmp_path: Path) -> None:
    from cli_support import run_cli

    rows = tmp_path / "claims.csv"
    rows.write_text(
        "claim,text\n"
        'Banksy was arrested in London,"Police deny reports that Banksy was arrested"\n'
        "Banksy was arrested in London,Banksy reportedly arrested in London?\n",
        encoding="utf-8",
    )
    done = run_cli("stance", str(rows))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines == [{"stance": "refutes"}, {"stance": "observes"}]

    wrong = tmp_path / "wrong.csv"
    wrong.write_text("headline,body\na,b\n", encoding="utf-8")
    refused = run_cli("stance", str(wrong))
    assert refused.returncode == 2
    assert "columns claim and text" in refused.stderr and "Traceback" not in refused.stderr
