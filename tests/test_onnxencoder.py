"""The encoder in ONNX Runtime: the NumPy encoder's numbers in float32, close to them in int8,
the same spans as NumPy on a real article, and NumPy where ONNX Runtime is missing or
``$SOURCETRACE_ENCODER`` asks for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from paths import POLNEAR_DEV, REPO, require
from seed_support import parse
from sourcetrace import onnxencoder
from sourcetrace.encoder import Array, Int8Matrix, Int8Rows, encode, load_stored
from sourcetrace.errors import ConfigError
from sourcetrace.onnxencoder import BACKEND_ENV, KINDS, NumpyEncoder, OnnxEncoder, onnx_encoder
from sourcetrace.tagger import Tagger, batch_ids

pytest.importorskip("onnxruntime", reason="onnxruntime is not installed")
pytest.importorskip("onnx", reason="onnx is not installed")

SEED = REPO / "examples" / "musk-putin-vice.txt"
SHIPPED = Path(str(resources.files("sourcetrace").joinpath("data", "tagger.npz")))


@pytest.fixture(scope="module")
def shipped() -> tuple[dict[str, Array], dict[str, Int8Matrix]]:
    if not SHIPPED.is_file():
        pytest.skip("no tagger weights ship in this checkout")
    return load_stored(SHIPPED)


@pytest.fixture(scope="module")
def seed_batch() -> tuple[np.ndarray, np.ndarray]:
    """The seed article's windows, as one padded batch (the longest window is near full)."""
    tagger = Tagger({}, encoder=NumpyEncoder({}))
    wins = tagger.windows(parse(SEED.read_text(encoding="utf-8")))
    assert len(wins) > 2
    return batch_ids(wins, tagger.wp.pad, tagger.wp.cls, tagger.wp.sep)


def test_float32_in_onnx_runtime_is_the_numpy_encoder(shipped, seed_batch) -> None:
    weights, quantized = shipped
    ids, mask = seed_batch
    got = onnx_encoder(weights, quantized, int8=())(ids, mask)
    expected = encode(weights, ids, mask)
    assert got.shape == expected.shape == (*ids.shape, 384)
    # on PolNeAR dev the largest difference was 6e-6: float rounding, in another order
    assert np.abs(got - expected)[mask].max() < 1e-4


def test_int8_rows_read_as_the_dequantized_embeddings(shipped, seed_batch) -> None:
    weights, quantized = shipped
    rows = Int8Rows(*quantized["emb.word"])
    ids, mask = seed_batch
    dense = weights["emb.word"]
    assert rows.shape == dense.shape and len(rows) == len(dense)
    for picked in (ids, ids[0], np.array([0, 101, len(dense) - 1])):
        got = rows[picked]
        assert got.dtype == np.float32 and np.array_equal(got, dense[picked])  # to the bit
    assert np.asarray(rows).tobytes() == dense.tobytes()
    # the encoders read them as they read the dense table
    with_rows = {**weights, "emb.word": rows}
    assert np.array_equal(encode(with_rows, ids, mask), encode(weights, ids, mask))
    session = onnx_encoder(weights, quantized)
    assert np.array_equal(OnnxEncoder(with_rows, session.session, session.int8)(ids, mask),
                          session(ids, mask))  # fmt: skip


def test_the_packaged_tagger_holds_its_word_embeddings_in_int8() -> None:
    from sourcetrace.tagger import load_tagger

    tagger = load_tagger()
    if tagger is None:
        pytest.skip("no tagger weights ship in this checkout")
    table = tagger.w["emb.word"]
    assert isinstance(table, Int8Rows)
    assert table.q.nbytes * 4 == np.asarray(table).nbytes  # a quarter of the float table


def test_int8_stays_close_to_the_numpy_encoder(shipped, seed_batch) -> None:
    """Activations quantized to 8 bits per window move the hidden states (entries 0.45 on
    average) by 0.04 on average over PolNeAR dev, 0.8 at most, and every token's vector keeps
    its direction (cosine 0.98 at the lowest on the seed); the bounds leave room for another
    article, while a wrong scale or a transposed matrix is off by far more. It does move them:
    a graph that quietly ran in float32 would fail."""
    weights, quantized = shipped
    ids, mask = seed_batch
    expected = encode(weights, ids, mask)[mask]
    for kinds in (KINDS, onnxencoder.DEFAULT_INT8, ("qkv", "ao", "ff1"), ("ff2",)):
        got = onnx_encoder(weights, quantized, int8=kinds)(ids, mask)[mask]
        diff = np.abs(got - expected)
        cos = (got * expected).sum(-1) / np.linalg.norm(got, axis=-1)
        cos /= np.linalg.norm(expected, axis=-1)
        assert 1e-3 < diff.mean() < 0.1 and diff.max() < 2.0, (kinds, diff.mean(), diff.max())
        assert cos.min() > 0.95, (kinds, cos.min())


def test_in_int8_a_window_is_encoded_as_if_alone(shipped, seed_batch) -> None:
    """One 8-bit scale per window, not per batch: a window's states do not depend on the
    windows batched with it, nor on its padding (tagging only some windows of an article
    gives what tagging all of them gives there)."""
    weights, quantized = shipped
    ids, mask = seed_batch
    run = onnx_encoder(weights, quantized, int8=KINDS)
    batched = run(ids, mask)
    for r in range(len(ids)):
        n = int(mask[r].sum())
        assert np.array_equal(batched[r, :n], run(ids[r : r + 1, :n], mask[r : r + 1, :n])[0])
        assert not batched[r, n:].any()


def test_the_stored_integers_are_those_quantizing_the_floats_again_gives(shipped) -> None:
    """The graph is built from the int8 matrices as stored; ``Tagger(load_weights(...))``,
    which has only the floats, quantizes them again and gets the same graph."""
    weights, quantized = shipped
    assert onnxencoder.build_model(weights, quantized) == onnxencoder.build_model(weights)


def test_vnni_is_read_from_the_flags_lines_of_cpuinfo() -> None:
    """Only a ``flags`` line counts, and only a VNNI set on it (AVX-512 alone is not one)."""
    avx2 = "processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma\nbugs\t\t: spectre_v1\n"
    assert not onnxencoder.vnni_in(avx2)
    assert not onnxencoder.vnni_in(avx2.replace("avx2", "avx2 avx512f avx512bw"))
    assert onnxencoder.vnni_in(avx2.replace("avx2", "avx2 avx512_vnni"))
    assert onnxencoder.vnni_in(avx2.replace("avx2", "avx2 avx_vnni"))
    assert not onnxencoder.vnni_in("model name\t: avx512_vnni machine\n")
    assert not onnxencoder.vnni_in("")


def test_the_kernel_chosen_for_this_cpu_gives_the_exact_integer_products(shipped) -> None:
    """Whatever this CPU has, the graph built by default gives the states of the uint8
    hand-over (the u8u8 kernel, exact everywhere) to the bit, on the seed's windows and on
    windows of random pieces, all matrices in int8."""
    weights, quantized = shipped
    ids, mask = _random_and_seed(shipped)
    assert len(ids) > 8
    chosen = onnx_encoder(weights, quantized, int8=KINDS)
    exact = onnx_encoder(weights, quantized, int8=KINDS, unsigned=True)
    assert np.array_equal(chosen(ids, mask), exact(ids, mask))


def _random_and_seed(shipped) -> tuple[np.ndarray, np.ndarray]:
    tagger = Tagger({}, encoder=NumpyEncoder({}))
    ids, mask = batch_ids(
        tagger.windows(parse(SEED.read_text(encoding="utf-8"))),
        tagger.wp.pad,
        tagger.wp.cls,
        tagger.wp.sep,
    )
    rng = np.random.default_rng(7)
    noise = rng.integers(1000, len(shipped[0]["emb.word"]), size=(8, ids.shape[1]))
    return np.concatenate([ids, noise]), np.concatenate([mask, np.ones(noise.shape, bool)])


def test_unknown_matrix_kinds_are_a_config_error(shipped) -> None:
    with pytest.raises(ConfigError, match="ff3"):
        onnxencoder.build_model(shipped[0], shipped[1], int8=("qkv", "ff3"))


def test_the_same_spans_with_onnx_runtime_in_float32_as_with_numpy(shipped) -> None:
    from sourcetrace.evaluation.brat import read_corpus

    weights, quantized = shipped
    article = next(iter(read_corpus(require(POLNEAR_DEV))))
    doc = parse(article.text)
    by_numpy = Tagger(weights, encoder=NumpyEncoder(weights)).tag(doc)
    by_onnx = Tagger(weights, encoder=onnx_encoder(weights, quantized, int8=())).tag(doc)
    assert len(by_numpy) > 3 and by_onnx == by_numpy


def test_the_environment_variable_chooses_the_encoder(
    shipped, monkeypatch: pytest.MonkeyPatch
) -> None:
    weights, quantized = shipped
    monkeypatch.setenv(BACKEND_ENV, "numpy")
    assert isinstance(Tagger(weights, quantized=quantized).encoder, NumpyEncoder)
    for value in ("", "auto", "onnx", "ONNX"):
        monkeypatch.setenv(BACKEND_ENV, value)
        assert isinstance(Tagger(weights, quantized=quantized).encoder, OnnxEncoder), value
    monkeypatch.setenv(BACKEND_ENV, "torch")
    with pytest.raises(ConfigError, match=BACKEND_ENV):
        Tagger(weights, quantized=quantized)
    # asked for by name, a missing onnxruntime is an error rather than a silent fallback
    monkeypatch.setenv(BACKEND_ENV, "onnx")
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(ConfigError, match="does not import"):
        Tagger(weights, quantized=quantized)


TAG_IN_A_PROCESS = """
import json, sys
if sys.argv[3] == "block":
    sys.modules["onnxruntime"] = None  # as if it were not installed: importing it fails
from sourcetrace.encoder import load_weights
from sourcetrace.nlp import get_nlp
from sourcetrace.tagger import Tagger
tagger = Tagger(load_weights(sys.argv[1]))
doc = get_nlp()(open(sys.argv[2], encoding="utf-8").read())
print(json.dumps([[a.cue, a.source, a.content] for a in tagger.tag(doc)]))
print(tagger.encoder.name, sys.modules.get("onnxruntime") is not None)
"""


def test_without_onnx_runtime_the_tagger_runs_in_numpy(shipped) -> None:
    result = subprocess.run(
        [sys.executable, "-c", TAG_IN_A_PROCESS, str(SHIPPED), str(SEED), "block"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        env={k: v for k, v in os.environ.items() if k != BACKEND_ENV},
    )
    assert result.returncode == 0, result.stderr
    spans, backend = result.stdout.splitlines()
    assert backend == "numpy False"
    weights = shipped[0]
    doc = parse(SEED.read_text(encoding="utf-8"))
    expected = Tagger(weights, encoder=NumpyEncoder(weights)).tag(doc)
    assert expected and json.loads(spans) == json.loads(
        json.dumps([[a.cue, a.source, a.content] for a in expected])
    )
