"""The learned tagger: windows, B/I/O decoding, the NumPy encoder against PyTorch, and the
same spans whether torch is installed or not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from paths import POLNEAR_TRAIN, REPO, require
from seed_support import parse
from sourcetrace.encoder import dequantize, load_weights, quantize, save_weights
from sourcetrace.tagger import (
    DIST_BUCKETS,
    MAX_PIECES,
    TAG_B,
    TAG_I,
    TAG_O,
    bio_spans,
    dist_bucket,
    pieces_of,
    windows,
)
from sourcetrace.wordpiece import load_wordpiece

SEED = REPO / "examples" / "musk-putin-vice.txt"


def test_bio_spans() -> None:
    labels = [TAG_B, TAG_I, TAG_O, TAG_I, TAG_I, TAG_B, TAG_B, TAG_O]
    assert bio_spans(labels, [True] * 8) == [(0, 2), (3, 5), (5, 6), (6, 7)]
    # a token with no word piece (whitespace) neither breaks nor ends a span
    assert bio_spans([TAG_B, TAG_O, TAG_I, TAG_O], [True, False, True, True]) == [(0, 3)]
    assert bio_spans([TAG_O, TAG_O], [True, True]) == []
    assert bio_spans([TAG_I], [True]) == [(0, 1)]


def test_a_token_is_inside_when_b_and_i_together_outweigh_o() -> None:
    from sourcetrace.tagger import labels_of

    probs = np.array(
        [
            [0.45, 0.30, 0.25],  # O is likeliest alone, but B + I outweigh it: B
            [0.45, 0.20, 0.35],  # ... and here I
            [0.60, 0.30, 0.10],  # O
        ],
        dtype=np.float32,
    )
    assert labels_of(np.log(probs)) == [TAG_B, TAG_I, TAG_O]


def test_content_pieces_close_over_short_gaps_but_not_over_the_cue() -> None:
    from sourcetrace.tagger import MAX_GAP, _close_gaps

    assert _close_gaps([(0, 3), (5, 8)], [(20, 21)]) == [(0, 8)]
    assert _close_gaps([(0, 3), (5, 8)], [(3, 4)]) == [(0, 3), (5, 8)]  # "A," she said, "B"
    far = 3 + MAX_GAP + 1
    assert _close_gaps([(0, 3), (far, far + 2)], []) == [(0, 3), (far, far + 2)]


def test_distance_buckets_are_signed_and_grow_logarithmically() -> None:
    centre = DIST_BUCKETS - 1
    assert dist_bucket(0) == centre
    assert dist_bucket(1) == centre + 1 and dist_bucket(-1) == centre - 1
    assert dist_bucket(3) == centre + 2 and dist_bucket(4) == centre + 3
    assert dist_bucket(10_000) == 2 * DIST_BUCKETS - 2 and dist_bucket(-10_000) == 0


def test_windows_cover_every_token_once_in_order() -> None:
    text = SEED.read_text(encoding="utf-8")
    # one sentence far longer than a window, after the real article
    doc = parse(text + "\n\nAnd " + " and ".join(["the minister spoke"] * 200) + ".")
    pieces = pieces_of(doc, load_wordpiece())
    wins = windows(doc, pieces)
    assert len(wins) > 2
    assert wins[0].start == 0 and wins[-1].end == len(doc)
    for a, b in zip(wins, wins[1:], strict=False):
        assert a.end == b.start
    for w in wins:
        assert 0 < len(w.ids) <= MAX_PIECES
        assert len(w.first) == w.end - w.start
        assert [w.ids[f] for f in w.first if f >= 0] == [
            pieces[w.start + k][0] for k, f in enumerate(w.first) if f >= 0
        ]


def test_int8_weights_round_trip_within_half_a_step(tmp_path) -> None:
    rng = np.random.default_rng(1)
    w = rng.normal(0, 0.05, (300, 64)).astype(np.float32)
    q, scale = quantize(w)
    assert np.all(np.abs(dequantize(q, scale) - w) <= scale[:, None] / 2 + 1e-7)
    weights = {"m": w, "v": rng.normal(size=7).astype(np.float32)}
    save_weights(tmp_path / "a.npz", weights)
    save_weights(tmp_path / "b.npz", weights)
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    back = load_weights(tmp_path / "a.npz")
    assert np.array_equal(back["v"], weights["v"])  # vectors stay float32, exactly
    assert np.allclose(back["m"], w, atol=float(scale.max()))


@pytest.fixture(scope="module")
def small_tagger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tagger weights fine-tuned for two epochs on three PolNeAR train articles, written as
    ``save_weights`` writes the shipped file (int8)."""
    pytest.importorskip("torch", reason="the [train] extra is not installed")
    from sourcetrace.evaluation.brat import read_corpus
    from sourcetrace.nlp import get_nlp
    from sourcetrace.training import tagger as training

    gold = list(read_corpus(require(POLNEAR_TRAIN)))[:3]
    docs = get_nlp().pipe(g.text for g in gold)
    data = [ex for doc, g in zip(docs, gold, strict=True) for ex in training.examples(doc, g)]
    out = tmp_path_factory.mktemp("tagger") / "tagger.npz"
    save_weights(out, training.train(data, training.Config(epochs=2), log=lambda _: None))
    return out


def test_the_numpy_encoder_computes_what_the_torch_network_computes(small_tagger: Path) -> None:
    import torch

    from sourcetrace.encoder import encode
    from sourcetrace.tagger import Tagger, batch_ids
    from sourcetrace.training.tagger import build_net

    tagger = Tagger(load_weights(small_tagger))
    doc = parse(SEED.read_text(encoding="utf-8"))
    wins = tagger.windows(doc)[:3]
    wp = tagger.wp
    ids, mask = batch_ids(wins, wp.pad, wp.cls, wp.sep)
    net = build_net(tagger.w, dropout=0.0).eval()
    with torch.no_grad():
        expected = net.encode(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
    got = encode(tagger.w, ids, mask)
    assert got.shape == expected.shape == (len(wins), ids.shape[1], 384)
    assert np.abs(got - expected)[mask].max() < 1e-3


TAG_IN_A_PROCESS = """
import json, os, sys
os.environ["SOURCETRACE_ENCODER"] = "numpy"  # the encoder the torch network is checked against
if sys.argv[3] == "block":
    sys.modules["torch"] = None  # as if torch were not installed: importing it fails
from sourcetrace.encoder import load_weights
from sourcetrace.nlp import get_nlp
from sourcetrace.tagger import Tagger
tagger = Tagger(load_weights(sys.argv[1]))
doc = get_nlp()(open(sys.argv[2], encoding="utf-8").read())
print(json.dumps([[a.cue, a.source, a.content] for a in tagger.tag(doc)]))
print("torch loaded:", sys.modules.get("torch") is not None)
"""


def _tag_in_a_process(weights: Path, block_torch: bool) -> tuple[list[object], str]:
    result = subprocess.run(
        [sys.executable, "-c", TAG_IN_A_PROCESS, str(weights), str(SEED)]
        + ["block" if block_torch else "allow"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    spans, loaded = result.stdout.splitlines()
    return json.loads(spans), loaded


def test_the_same_spans_with_and_without_torch(small_tagger: Path) -> None:
    """Tagging never needs torch, and its spans do not depend on whether it is installed; and
    they are the spans the torch network (as trained) gives (with the NumPy encoder: ONNX
    Runtime's int8 is checked in ``test_onnxencoder.py``)."""
    import torch

    from sourcetrace.onnxencoder import NumpyEncoder
    from sourcetrace.tagger import Tagger, batch_ids, decode_window
    from sourcetrace.training.tagger import build_net

    without, loaded = _tag_in_a_process(small_tagger, block_torch=True)
    assert loaded == "torch loaded: False"
    with_torch, _ = _tag_in_a_process(small_tagger, block_torch=False)
    assert without == with_torch

    weights = load_weights(small_tagger)
    tagger = Tagger(weights, encoder=NumpyEncoder(weights))
    net = build_net(tagger.w, dropout=0.0).eval()
    doc = parse(SEED.read_text(encoding="utf-8"))
    by_torch = []
    wp = tagger.wp
    labels_np, labels_torch = [], []
    for win in tagger.windows(doc):
        ids, mask = batch_ids([win], wp.pad, wp.cls, wp.sep)
        with torch.no_grad():
            h = net.encode(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()[0]
        h = h[1 : len(win.ids) + 1]
        by_torch.extend(decode_window(tagger.w, win, h))
        h_np = tagger.hidden([win])[0]
        for states, out in ((h, labels_torch), (h_np, labels_np)):
            idx = np.array([max(f, 0) for f in win.first])
            logits = states[idx] @ tagger.w["tag.w"].T + tagger.w["tag.b"]
            out.extend(logits.reshape(-1, 3, 3).argmax(-1).ravel().tolist())
    assert len(labels_np) > 3 * 500 and labels_np == labels_torch
    as_lists = json.loads(json.dumps([[a.cue, a.source, a.content] for a in by_torch]))
    assert as_lists == without


def test_the_tagger_only_takes_away_outermost_attributions(small_tagger: Path) -> None:
    """Checked by a tagger, the reading keeps a subset of the reader's attributions, with the
    reader's own cue and content spans (and its source, where it found one); what it drops is
    an outermost one the tagger did not confirm, together with what was nested in it."""
    from sourcetrace import Settings, analyze
    from sourcetrace.training.artefacts import use_artefacts

    text = SEED.read_text(encoding="utf-8")
    alone = analyze(text)
    with use_artefacts(tagger=small_tagger):
        checked = analyze(text, settings=Settings(tagger=True))

    def key(a: object) -> tuple[object, ...]:
        return (a.cue.start, a.cue.end, a.content)  # type: ignore[attr-defined]

    reader = {key(a): a for a in alone.attributions}
    assert {key(a) for a in checked.attributions} <= set(reader)
    for a in checked.attributions:
        before = reader[key(a)].source
        assert before is None or (a.source and a.source.start == before.start)
    by_id = {a.id: a for a in alone.attributions}
    kept = {key(a) for a in checked.attributions}
    for a in alone.attributions:
        if key(a) not in kept and a.parent is not None:
            # a nested one goes only with its outermost ancestor
            top = a
            while top.parent is not None:
                top = by_id[top.parent]
            assert key(top) not in kept


def test_asking_for_the_tagger_where_none_is_installed_is_a_config_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sourcetrace import cli
    from sourcetrace.training.artefacts import use_artefacts

    with use_artefacts(tagger=tmp_path / "none.npz"):
        code = cli.main(["analyze", "--tagger", str(SEED)])
    assert code == 2
    err = capsys.readouterr().err
    assert "error[config]" in err and "sourcetrace train tagger" in err


def test_tagging_only_the_windows_asked_for(small_tagger: Path) -> None:
    from sourcetrace.tagger import Tagger

    tagger = Tagger(load_weights(small_tagger))
    doc = parse(SEED.read_text(encoding="utf-8"))
    wins = tagger.windows(doc)
    full = tagger.tag(doc)
    assert len(wins) > 1
    first = tagger.tag(doc, only=[wins[0].start])
    assert first == [t for t in full if t.cue[0] < wins[0].end]
    assert tagger.tag(doc, only=[]) == []
    assert tagger.tag(doc, only=range(len(doc))) == full
