"""A BERT-style encoder (MiniLM, 6 layers, 384 wide) run with NumPy.

The weights are the fine-tuned attribution tagger's (``data/tagger.npz``), stored as int8
per output row with one float scale each, and turned back into float32 once at load. The
same arithmetic runs in PyTorch at training time (``training/tagger.py``); GELU is the tanh
form in both, so the two give the same numbers to float rounding and the default install
needs no torch.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float32]
#: A matrix as stored: int8 values and one float32 scale per row.
Int8Matrix = tuple[NDArray[np.int8], NDArray[np.float32]]

HIDDEN = 384
HEADS = 12
LAYERS = 6
LN_EPS = 1e-12


def quantize(w: NDArray[np.floating]) -> tuple[NDArray[np.int8], NDArray[np.float32]]:
    """Symmetric int8 per row: ``w ≈ q * scale[:, None]``."""
    w = np.asarray(w, dtype=np.float32)
    scale = np.abs(w).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(w / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def dequantize(q: NDArray[np.int8], scale: NDArray[np.float32]) -> Array:
    return (q.astype(np.float32) * scale[:, None]).astype(np.float32)


class Int8Rows:
    """An int8 matrix that gives its rows back in float32 as they are read: ``rows[ids]`` is
    ``dequantize(q, scale)[ids]`` to the bit, in a quarter of the memory. For an embedding
    table (30,522 x 384: 12 MB instead of 47), whose rows are looked up, never multiplied.
    ``np.asarray(rows)`` gives the whole matrix."""

    __slots__ = ("q", "scale")

    def __init__(self, q: NDArray[np.int8], scale: NDArray[np.float32]) -> None:
        self.q, self.scale = q, scale

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.q.shape)

    def __len__(self) -> int:
        return len(self.q)

    def __getitem__(self, ids: Any) -> Array:
        return (self.q[ids].astype(np.float32) * self.scale[ids][..., None]).astype(np.float32)

    def __array__(self, dtype: Any = None, copy: Any = None) -> Array:
        dense = dequantize(self.q, self.scale)
        return dense if dtype is None else dense.astype(dtype)


def looked_up(weights: dict[str, Any], quantized: Mapping[str, Int8Matrix]) -> None:
    """Hold the word embeddings of ``weights`` as :class:`Int8Rows` of their stored int8
    (``quantized``, from :func:`load_stored`), where they are stored so."""
    if "emb.word" in quantized and "emb.word" in weights:
        weights["emb.word"] = Int8Rows(*quantized["emb.word"])


def give_back_freed_memory() -> None:
    """Hand the heap that loading a model freed back to the system (glibc's ``malloc_trim``;
    nothing elsewhere). Loading reads every matrix in float32 before the session takes its
    own copies, and glibc keeps what was freed: about 80 MB of resident memory that no one
    uses once the tagger and the stance model are loaded (``benchmarks/stance.py --memory``)."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: its allocator is its own business
        pass


def load_weights(path_or_file: str | Path | IO[bytes]) -> dict[str, Array]:
    """All tensors of an ``.npz`` written by ``save_weights``, as float32."""
    return load_stored(path_or_file)[0]


def load_stored(
    path_or_file: str | Path | IO[bytes],
) -> tuple[dict[str, Array], dict[str, Int8Matrix]]:
    """In one reading of an ``.npz`` written by ``save_weights``: all its tensors as float32
    (what ``load_weights`` gives), and its int8 matrices as stored (:func:`from_stored`)."""
    with np.load(path_or_file) as z:
        return from_stored({name: z[name] for name in z.files})


def from_stored(
    arrays: Mapping[str, np.ndarray],
) -> tuple[dict[str, Array], dict[str, Int8Matrix]]:
    """The weights of entries as :func:`stored_arrays` gives them: every tensor as float32,
    and the int8 matrices as stored, ``name -> (q, scale)`` with ``w ≈ q * scale[:, None]``."""
    out: dict[str, Array] = {}
    stored: dict[str, Int8Matrix] = {}
    for name, arr in arrays.items():
        if name.endswith(".q"):
            base = name[:-2]
            q, scale = arr.astype(np.int8), arrays[base + ".scale"].astype(np.float32)
            stored[base] = (q, scale)
            out[base] = dequantize(q, scale)
        elif not name.endswith(".scale"):
            out[name] = arr.astype(np.float32)
    return out, stored


def save_weights(path: str | Path, weights: dict[str, NDArray[np.floating]]) -> None:
    """Matrices as int8 rows with scales, vectors as float32, in a compressed ``.npz``.

    Written entry by entry with a fixed time stamp and sorted names, so the same weights
    give the same bytes (``np.savez_compressed`` stamps the current time)."""
    write_npz(path, stored_arrays(weights))


def stored_arrays(weights: Mapping[str, NDArray[np.floating]]) -> dict[str, np.ndarray]:
    """The entries ``save_weights`` writes, by sorted name: a matrix of 4,096 values or more
    as ``name.q`` (int8) and ``name.scale``, anything else as float32 ``name``."""
    arrays: dict[str, np.ndarray] = {}
    for name in sorted(weights):
        w = np.asarray(weights[name], dtype=np.float32)
        if w.ndim == 2 and w.size >= 4096:
            arrays[name + ".q"], arrays[name + ".scale"] = quantize(w)
        else:
            arrays[name] = w
    return arrays


def write_npz(path: str | Path, arrays: dict[str, np.ndarray]) -> None:
    """A compressed ``.npz`` written entry by entry, in the given order, with a fixed time
    stamp: the same arrays give the same bytes (``np.savez_compressed`` stamps the time)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
            zf.writestr(info, buf.getvalue())


def _layer_norm(x: Array, w: Array, b: Array, eps: float = LN_EPS) -> Array:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return ((x - mu) / np.sqrt(var + eps)) * w + b


_GELU_C = np.float32(math.sqrt(2.0 / math.pi))
_GELU_K = np.float32(0.044715)


def gelu(x: Array) -> Array:
    """GELU, tanh form; ``x * x * x`` rather than ``x**3``, which NumPy runs as a slow pow."""
    inner = _GELU_C * x * (1.0 + _GELU_K * x * x)
    return (0.5 * x * (1.0 + np.tanh(inner))).astype(np.float32, copy=False)


def encode(w: dict[str, Array], ids: NDArray[np.int64], mask: NDArray[np.bool_]) -> Array:
    """Hidden states (batch, length, 384) for piece ids padded to one length."""
    length = ids.shape[1]
    x = w["emb.word"][ids] + w["emb.pos"][:length][None, :, :] + w["emb.type"][None, None, :]
    x = _layer_norm(x, w["emb.ln.w"], w["emb.ln.b"])
    bias = np.where(mask, 0.0, -1e4).astype(np.float32)[:, None, None, :]
    for i in range(LAYERS):
        x = layer(w, f"l{i}.", x, bias)
    return x.astype(np.float32)


def layer(w: Mapping[str, Array], p: str, x: Array, bias: Array) -> Array:
    """One post-norm encoder layer (``HEADS`` heads, as wide as ``x``) of the weights
    ``w[p + "qkv.w"]`` and so on; ``bias`` is added to the attention scores (the mask, and
    for MPNet its relative positions), broadcast to (batch, heads, length, length)."""
    batch, length, hidden = x.shape
    dh = hidden // HEADS
    flat = x.reshape(batch * length, hidden)
    qkv = flat @ w[p + "qkv.w"].T + w[p + "qkv.b"]
    qkv = qkv.reshape(batch, length, 3, HEADS, dh).transpose(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    scores = (q @ k.transpose(0, 1, 3, 2)) / math.sqrt(dh) + bias
    scores -= scores.max(-1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(-1, keepdims=True)
    ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(batch * length, hidden)
    att = ctx @ w[p + "ao.w"].T + w[p + "ao.b"]
    h = _layer_norm(att + flat, w[p + "ln1.w"], w[p + "ln1.b"])
    ff = gelu(h @ w[p + "ff1.w"].T + w[p + "ff1.b"]) @ w[p + "ff2.w"].T + w[p + "ff2.b"]
    return _layer_norm(ff + h, w[p + "ln2.w"], w[p + "ln2.b"]).reshape(batch, length, hidden)
