"""The stance model: the packaged artefact, clear headlines, errors, and a held-out gate."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from paths import DATA, needs
from sourcetrace.errors import ConfigError
from sourcetrace.stance import (
    ENCODER_FILE,
    ENCODER_FILES,
    STANCES,
    EncoderCommittee,
    MPNetStanceEncoder,
    StanceEncoder,
    StanceEnsemble,
    StanceModel,
    pair_ids,
    stance,
    stance_model,
)

EMERGENT_TRAIN = DATA / "emergent" / "url-versions-2015-06-14-clean-train.csv"
#: The shipped recipe (the linear model and four cross-encoders) on the held-out fifth scored
#: 0.787 / 0.785 here (409 of 520 rows; the issue's target is 0.78 / 0.72), the committee of
#: three before it 0.775 / 0.766. The floors are that older committee's score: a change that
#: loses what the MPNet member brought fails, and PyTorch's rounding on another CPU, which may
#: move a row or two, does not.
FLOOR_ACCURACY = 0.775
FLOOR_MACRO_F1 = 0.765


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


# --------------------------------------------------------------------- the cross-encoder


def test_the_packaged_model_is_the_linear_model_and_the_encoder_averaged() -> None:
    model = stance_model()
    assert model is stance_model()
    assert model.encoder is not None and 0.0 < model.weight < 1.0
    pairs = [
        ("Banksy was arrested", "Police deny reports that Banksy was arrested"),
        ("Apple is buying Path", "Apple reportedly in talks to buy Path"),
    ]
    linear = model.linear.probabilities_many(pairs)
    encoder = model.encoder.probabilities_many(pairs)
    both = model.probabilities_many(pairs)
    assert both.shape == (2, len(STANCES))
    assert both.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert both == pytest.approx((1 - model.weight) * linear + model.weight * encoder)
    # batched or one at a time, the same answer
    assert model.predict_many(pairs) == [model.predict(c, t) for c, t in pairs]
    assert list(model.probabilities(*pairs[1]).values()) == pytest.approx(both[1].tolist())
    assert model.predict_many([]) == []
    assert model.probabilities_many([]).shape == (0, len(STANCES))


def test_the_packaged_encoders_are_a_committee_of_four() -> None:
    committee = stance_model().encoder
    assert isinstance(committee, EncoderCommittee) and len(committee.members) == 4
    tagger_based, minilm_based, minilm_all, on_mpnet = committee.members
    assert tagger_based.about["start"] == "tagger" and minilm_based.about["start"] == "minilm"
    assert minilm_all.about["start"] == "minilm" and minilm_all.about["first"] == 0
    assert isinstance(on_mpnet, MPNetStanceEncoder) and on_mpnet.about["start"] == "mpnet"
    assert on_mpnet.about["first"] == 9
    # the linear model keeps 1/3 of the vote, the encoders 1/6 each
    shares = [m.about["weight"] for m in committee.members]
    assert shares == pytest.approx([1 / 6] * 4)
    assert committee.about["weight"] == pytest.approx(sum(shares))
    assert stance_model().weight == pytest.approx(2 / 3)
    pairs = [
        ("Banksy was arrested", "Police deny reports that Banksy was arrested"),
        ("Apple is buying Path", "Apple reportedly in talks to buy Path"),
    ]
    each = [m.probabilities_many(pairs) for m in committee.members]
    expected = sum(w * p for w, p in zip(shares, each, strict=True)) / sum(shares)
    assert committee.probabilities_many(pairs) == pytest.approx(expected)
    # four different models, not one read twice
    assert min(abs(each[i] - each[j]).max() for i in range(4) for j in range(i)) > 1e-3
    # the MiniLM-based one carries MiniLM's lower layers, but takes the word embeddings
    # (which the tagger's training never changed) from the tagger
    assert "l0.qkv.w.q" in minilm_based.top and "emb.pos.q" in minilm_based.top
    assert "emb.word.q" not in minilm_based.top
    assert "l0.qkv.w.q" not in tagger_based.top
    # all six layers tuned: every layer is its own, the word embeddings still the tagger's
    assert all(f"l{k}.qkv.w.q" in minilm_all.top for k in range(6))
    assert "emb.word.q" not in minilm_all.top
    # the MPNet one stores its top three layers; the rest is the installed model's
    assert all(f"l{k}.qkv.w.q" in on_mpnet.top for k in (9, 10, 11))
    assert not any(n.startswith(("emb.", "l0.", "l8.")) for n in on_mpnet.top)


def test_pair_ids_cap_the_claim_and_the_text() -> None:
    from sourcetrace.wordpiece import load_wordpiece

    wp = load_wordpiece()
    ids = pair_ids(wp, "Banksy was arrested", "Police deny it")
    assert ids[0] == wp.cls and ids[-1] == wp.sep and ids.count(wp.sep) == 2
    long = pair_ids(wp, "word " * 100, "other " * 100)
    assert len(long) == 3 + 40 + 60


def test_encoder_round_trip_and_a_changed_tagger_is_refused(tmp_path: Path) -> None:
    encoder = StanceEncoder.load()
    path = tmp_path / ENCODER_FILE
    encoder.save(path)
    again = StanceEncoder.load(path)
    pairs = [("Apple is buying Path", "Apple reportedly in talks to buy Path")]
    assert again.probabilities_many(pairs) == pytest.approx(encoder.probabilities_many(pairs))
    # the same layers said to sit on another tagger's lower layers
    other = StanceEncoder(
        encoder.encoder, encoder.top, encoder.wordpiece, {**encoder.about, "base": "0" * 64}
    )
    other.save(path)
    with pytest.raises(ConfigError, match="another tagger"):
        StanceEncoder.load(path)
    path.write_bytes(b"PK not really")
    with pytest.raises(ConfigError, match="cannot be read"):
        StanceEncoder.load(path)
    with pytest.raises(ConfigError, match="no stance encoder"):
        StanceEncoder.load(tmp_path / "absent.npz")


def test_an_encoder_with_lower_layers_of_its_own_checks_only_what_it_takes(
    tmp_path: Path,
) -> None:
    """The MiniLM-based encoder does not care about the tagger's lower layers (it carries
    its own) but needs the tagger's word embeddings to be those it was trained with."""
    from sourcetrace.stance import _tagger_weights

    encoder = StanceEncoder.load(packaged=ENCODER_FILES[1])
    pairs = [("Apple is buying Path", "Apple reportedly in talks to buy Path")]
    expected = encoder.probabilities_many(pairs)
    base = dict(_tagger_weights())
    base["l0.qkv.w"] = np.asarray(base["l0.qkv.w"]) * 2.0  # a retrained tagger's layer
    again = StanceEncoder.load(packaged=ENCODER_FILES[1], base=base)
    assert again.probabilities_many(pairs) == pytest.approx(expected)
    base["emb.word"] = np.asarray(base["emb.word"]) + 0.01  # its embeddings moved
    with pytest.raises(ConfigError, match="another tagger"):
        StanceEncoder.load(packaged=ENCODER_FILES[1], base=base)
    # and the tagger-based one does check the lower layers
    base = dict(_tagger_weights())
    base["l0.qkv.w"] = np.asarray(base["l0.qkv.w"]) * 2.0
    with pytest.raises(ConfigError, match="another tagger"):
        StanceEncoder.load(base=base)


def test_the_numpy_and_onnx_encoders_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("onnxruntime")
    onnx = StanceEncoder.load()
    monkeypatch.setenv("SOURCETRACE_ENCODER", "numpy")
    numpy = StanceEncoder.load()
    assert onnx.encoder.name != numpy.encoder.name == "numpy"
    pairs = [
        ("Banksy was arrested", "Police deny reports that Banksy was arrested"),
        ("Apple is buying Path", "Apple reportedly in talks to buy Path"),
        ("ISIS beheaded a British aid worker", "ISIS beheads British aid worker in new video"),
    ]
    a, b = onnx.probabilities_many(pairs), numpy.probabilities_many(pairs)
    assert abs(a - b).max() < 0.05  # int8 activations against float32
    assert a.argmax(axis=1).tolist() == b.argmax(axis=1).tolist()


@needs(EMERGENT_TRAIN)
def test_encoder_training_is_repeatable_and_learns(tmp_path: Path) -> None:
    pytest.importorskip("torch", reason="the [train] extra is not installed")
    from sourcetrace.training.stance import LABELS, EncoderConfig, fit_encoder, read

    rows = read(EMERGENT_TRAIN)[:64]
    config = EncoderConfig(epochs=3, lr=5e-4, threads=1)
    losses: list[str] = []
    first = fit_encoder(rows, config, log=losses.append)
    second = fit_encoder(rows, config)
    assert first.top.keys() == second.top.keys()
    assert all((first.top[k] == second.top[k]).all() for k in first.top)
    mean_loss = [float(line.rsplit(" ", 1)[1]) for line in losses]
    assert len(mean_loss) == 3 and mean_loss[-1] < mean_loss[0]
    # what it learnt on its training rows beats the majority stance there
    gold = [LABELS[r.stance] for r in rows]
    pairs = [(r.claim, r.headline) for r in rows]
    predicted = [STANCES[i] for i in first.probabilities_many(pairs).argmax(axis=1)]
    hits = sum(g == p for g, p in zip(gold, predicted, strict=True))
    assert hits > max(gold.count(s) for s in STANCES)
    first.save(tmp_path / "e.npz")
    assert StanceEncoder.load(tmp_path / "e.npz").about["rows"] == 64


@needs(EMERGENT_TRAIN)
def test_an_encoder_started_from_minilm_stores_what_the_tagger_lacks(tmp_path: Path) -> None:
    pytest.importorskip("torch", reason="the [train] extra is not installed")
    from sourcetrace.encoder import quantize
    from sourcetrace.training.stance import EncoderConfig, fit_encoder, read
    from sourcetrace.training.tagger import pretrained_weights

    rows = read(EMERGENT_TRAIN)[:32]
    encoder = fit_encoder(rows, EncoderConfig(base="minilm", epochs=1, threads=1))
    assert encoder.about["start"] == "minilm"
    minilm = pretrained_weights()
    # MiniLM's own lower layers and position embeddings are stored (int8, as quantize makes
    # them), not the tagger's
    q, scale = quantize(minilm["l1.ff1.w"])
    assert (encoder.top["l1.ff1.w.q"] == q).all() and (encoder.top["l1.ff1.w.scale"] == scale).all()
    assert "emb.pos.q" in encoder.top and "emb.word.q" not in encoder.top
    encoder.save(tmp_path / "e.npz")
    pairs = [("Banksy was arrested", "Police deny reports that Banksy was arrested")]
    again = StanceEncoder.load(tmp_path / "e.npz")
    assert again.probabilities_many(pairs) == pytest.approx(encoder.probabilities_many(pairs))


@needs(EMERGENT_TRAIN)
def test_held_out_claims_gate_of_the_shipped_recipe() -> None:
    """The linear model and the four cross-encoders, trained on the claims outside the fixed
    held-out fifth, scored on it (about 15 minutes on 2 cores)."""
    pytest.importorskip("torch", reason="the [train] extra is not installed")
    pytest.importorskip("sklearn")
    from sourcetrace.training.stance import ensemble_trainer, evaluate_heldout

    scores = evaluate_heldout(EMERGENT_TRAIN, ensemble_trainer)
    assert scores.n > 300
    assert scores.accuracy >= FLOOR_ACCURACY
    assert scores.macro_f1 >= FLOOR_MACRO_F1


def test_the_ensemble_without_an_encoder_is_the_linear_model() -> None:
    linear = StanceModel.load()
    alone = StanceEnsemble(linear)
    pair = ("Apple is buying Path", "Apple reportedly in talks to buy Path")
    assert alone.weight == 0.0
    assert alone.probabilities(*pair) == pytest.approx(linear.probabilities(*pair))


def test_the_stance_command_answers_the_rows_before_a_broken_one(tmp_path: Path) -> None:
    from cli_support import run_cli

    good = "".join(f"Banksy was arrested,Banksy arrested in London {i}\n" for i in range(400))
    rows = tmp_path / "claims.csv"
    rows.write_bytes(b"claim,text\n" + good.encode("utf-8") + b"a,\xff\xfe\n")
    done = run_cli("stance", str(rows))
    assert done.returncode == 2 and "UTF-8" in done.stderr and "Traceback" not in done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    # text is decoded in blocks: the rows of the blocks before the bad byte are answered
    assert 64 < len(lines) <= 400
    assert all(line["stance"] in STANCES for line in lines)


def test_reaches_gives_the_averages_answer_reading_fewer_pairs() -> None:
    model = stance_model()
    assert model.encoder is not None
    claim = "Banksy was arrested in London"
    pairs = [
        (claim, "Police deny reports that Banksy was arrested"),
        (claim, "Banksy arrest is a hoax, says his agent"),
        (claim, "Banksy reportedly arrested in London"),
        (claim, "Banksy arrested in London"),
        (claim, "Is Banksy arrested? Police will not say"),
    ]
    read: list[int] = []

    class Counting:  # the packaged encoder, counting the pairs it is given
        def __init__(self, inner: StanceEncoder) -> None:
            self.inner, self.about = inner, inner.about

        def probabilities_many(self, some: list[tuple[str, str]]) -> object:
            read.append(len(some))
            return self.inner.probabilities_many(some)

    counting = StanceEnsemble(model.linear, Counting(model.encoder))  # type: ignore[arg-type]
    full = model.probabilities_many(pairs)
    for stance_name in STANCES:
        for threshold in (0.3, 0.5, 0.7, 0.9):
            read.clear()
            col = STANCES.index(stance_name)
            expected = [bool(p >= threshold) for p in full[:, col]]
            assert counting.reaches(pairs, stance_name, threshold) == expected
            assert sum(read) <= len(pairs)
    read.clear()
    counting.reaches(pairs, "refutes", 0.7)
    # a pair the linear model gives less than (0.7 - w) / (1 - w) is never read
    linear = model.linear.probabilities_many(pairs)[:, STANCES.index("refutes")]
    w = model.weight
    assert sum(read) == sum(1 for p in linear if (1 - w) * p < 0.7 <= (1 - w) * p + w)
    assert model.linear.reaches(pairs, "refutes", 0.5) == [bool(p >= 0.5) for p in linear]


@pytest.mark.parametrize("first", [-1, 6])
def test_the_stance_layers_start_inside_the_encoder(first: int) -> None:
    """From layer 0 (all tuned, as the third packaged encoder) up to the last; not outside."""
    from sourcetrace.stance import _tagger_weights

    with pytest.raises(ConfigError, match="inside the encoder"):
        StanceEncoder.stack({}, _tagger_weights(), {"first": first})
