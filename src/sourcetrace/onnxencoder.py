"""The tagger's encoder run by ONNX Runtime: the same network as ``encoder.encode``, faster.

The six layers are built as an ONNX graph in memory from the weights (nothing is written to
disk) and handed to an ``onnxruntime.InferenceSession``. The embeddings and their LayerNorm
stay in NumPy; the graph takes the embedded pieces ``x`` (batch, length, 384) and the additive
attention mask ``bias`` (batch, 1, 1, length) and returns the hidden states.

Each of the four matrix kinds of a layer (``qkv``, ``ao``, ``ff1``, ``ff2``) runs in one of two
precisions:

- ``int8``: the shipped int8 matrices and their per-row scales (as they are where the CPU has
  VNNI, else shifted to uint8 with zero point 128: :func:`build_model`), the activations
  quantized per window on the fly (``DynamicQuantizeLinear`` -> ``MatMulInteger`` -> ``Cast``
  -> ``Mul`` by both scales -> ``Add`` bias, which ONNX Runtime fuses into one integer matrix
  product);
- ``fp32``: the same matrices turned back into float32, as the NumPy encoder uses them.

By default ``ao`` runs in float32 and the rest in int8 (``DEFAULT_INT8``): all in int8 is
fastest but costs half a point of triple F1 on PolNeAR dev, which float32 ``ao`` mostly wins
back.

Which encoder the tagger runs is chosen by :func:`make_encoder`: ONNX Runtime where
``onnxruntime`` and ``onnx`` import, the NumPy encoder otherwise, and always the NumPy one when
the environment variable ``SOURCETRACE_ENCODER`` is ``numpy`` (``onnx`` demands ONNX Runtime,
``auto`` or unset lets the import decide).
"""

from __future__ import annotations

import math
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from .encoder import (
    HEADS,
    HIDDEN,
    LAYERS,
    LN_EPS,
    Array,
    Int8Matrix,
    _layer_norm,
    dequantize,
    encode,
    quantize,
)
from .errors import ConfigError

#: Chooses the tagger's encoder: ``auto`` (default), ``numpy`` or ``onnx``.
BACKEND_ENV = "SOURCETRACE_ENCODER"
BACKENDS = ("auto", "numpy", "onnx")
KINDS = ("qkv", "ao", "ff1", "ff2")
#: The matrix kinds run in int8 by default; ``ao`` stays in float32. Measured with the shipped
#: tagger alone on PolNeAR dev (triple F1; pieces/s on 1 thread): NumPy 42.78; fp32 42.78,
#: 3.4k; all int8 42.25, 8.0k; ao in fp32 42.52, 7.4k; qkv in fp32 43.01, 6.1k; ff2 in fp32
#: 42.27, 5.7k. The default is the fastest within 0.3 of NumPy; the mixes differ by about
#: as much as dev's noise (qkv in fp32 lost 0.23 when windows shared one int8 scale).
DEFAULT_INT8: frozenset[str] = frozenset({"qkv", "ff1", "ff2"})
#: Threads of one encoder call at most: one window (<= 256 pieces) gains little beyond this.
MAX_THREADS = 8
OPSET = 20  # Gelu (tanh form) and LayerNormalization are standard ops from here on
IR_VERSION = 9

Quantized = Mapping[str, Int8Matrix]


class Encoder(Protocol):
    """Hidden states (batch, length, 384) for piece ids padded to one length, as
    ``encoder.encode`` gives them; ``name`` says which backend computes them."""

    @property
    def name(self) -> str: ...

    def __call__(self, ids: NDArray[np.int64], mask: NDArray[np.bool_]) -> Array: ...


def available() -> bool:
    """Whether ``onnxruntime`` and ``onnx`` import."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def default_threads() -> int:
    """The CPUs this process may run on, at most ``MAX_THREADS``."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_THREADS))


#: CPU flags (Linux ``/proc/cpuinfo``) of the VNNI instructions: with them ONNX Runtime's
#: u8s8 integer kernel sums in 32 bits, exact, and is faster than the u8u8 one
_VNNI_FLAGS = frozenset({"avx512_vnni", "avx_vnni", "amx_int8"})


def vnni_in(cpuinfo: str) -> bool:
    """Whether a ``/proc/cpuinfo`` text lists a VNNI instruction set on its ``flags`` lines."""
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags" and _VNNI_FLAGS & set(value.split()):
            return True
    return False


@lru_cache(maxsize=1)
def signed_is_exact() -> bool:
    """Whether int8 weights may go in as they are on this CPU: it has VNNI (read from
    ``/proc/cpuinfo``). Where that cannot be read, no: the uint8 hand-over is exact
    everywhere."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            return vnni_in(fh.read())
    except OSError:
        return False


def _int8_kinds(int8: Collection[str]) -> frozenset[str]:
    kinds = frozenset(int8)
    unknown = kinds - set(KINDS)
    if unknown:
        raise ConfigError(f"unknown matrix kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
    return kinds


def build_model(
    weights: Mapping[str, Array],
    quantized: Quantized | None = None,
    *,
    int8: Collection[str] | None = None,
    unsigned: bool | None = None,
) -> bytes:
    """The serialized ONNX model of the encoder's layers.

    ``quantized`` holds the int8 matrices as stored (``encoder.load_stored``); without it
    they are quantized again from ``weights``, which gives back the stored integers of a
    matrix that went through ``encoder.save_weights``. ``int8`` names the matrix kinds run
    in int8 (``DEFAULT_INT8`` when not given); the others run in float32. ``unsigned=False``
    hands the weights over as int8 (the u8s8 kernel: exact and faster with VNNI, inexact
    without); ``None`` chooses that where :func:`signed_is_exact`, uint8 elsewhere."""
    from onnx import TensorProto, helper, numpy_helper

    kinds = _int8_kinds(DEFAULT_INT8 if int8 is None else int8)
    if unsigned is None:
        unsigned = not signed_is_exact()
    inits: list[Any] = []
    nodes: list[Any] = []
    count = 0

    def const(name: str, arr: NDArray[Any]) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(op: str, inputs: list[str], **attrs: Any) -> str:
        nonlocal count
        count += 1
        out = f"t{count}"
        nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    def matrix(name: str) -> Int8Matrix:
        if quantized is not None and name in quantized:
            return quantized[name]
        return quantize(weights[name])

    def linear(x: str, name: str, kind: str) -> str:
        q, scale = matrix(name + ".w")
        bias = const(name + ".b", weights[name + ".b"].astype(np.float32))
        if kind not in kinds:
            w = const(name + ".wT", dequantize(q, scale).T)
            return node("Add", [node("MatMul", [x, w]), bias])
        # (in, out), one scale per output column. Without VNNI the int8 weights go in
        # shifted to uint8 with zero point 128: the integer product is the same, but ONNX
        # Runtime then takes its exact u8u8 kernel. With int8 weights, CPUs without VNNI
        # (AVX2 only) run a u8s8 kernel whose 16-bit pair sums saturate, and the tagger read
        # differently there (seen: PolNeAR dev triple 54.21 on AVX2 against 54.83 on AVX-512
        # VNNI). With VNNI the u8s8 kernel sums in 32 bits: exact, and 1.4x as fast
        # (``benchmarks/encoder_kernels.py``).
        if unsigned:
            w = const(name + ".qT", (q.T.astype(np.int16) + 128).astype(np.uint8))
            w_zero = const(name + ".zero", np.full(len(scale), 128, dtype=np.uint8))
        else:
            w = const(name + ".qT", q.T)
            w_zero = const(name + ".zero", np.zeros(len(scale), dtype=np.int8))
        w_scale = const(name + ".scale", scale.astype(np.float32))
        xq, x_scale, x_zero = (f"{x}.q", f"{x}.scale", f"{x}.zero")
        nodes.append(helper.make_node("DynamicQuantizeLinear", [x], [xq, x_scale, x_zero]))
        prod = node("MatMulInteger", [xq, w, x_zero, w_zero])
        both = node("Mul", [x_scale, w_scale])
        return node("Add", [node("Mul", [node("Cast", [prod], to=TensorProto.FLOAT), both]), bias])

    dh = HIDDEN // HEADS
    split5 = const("shape.qkv", np.array([0, 0, 3, HEADS, dh], dtype=np.int64))
    merge3 = const("shape.hidden", np.array([0, 0, HIDDEN], dtype=np.int64))
    axis0 = const("axis0", np.array([0], dtype=np.int64))
    inv_sqrt = const("inv_sqrt_dh", np.array(1.0 / math.sqrt(dh), dtype=np.float32))
    x = "x"
    for i in range(LAYERS):
        p = f"l{i}."
        qkv = linear(x, p + "qkv", "qkv")
        heads = node("Transpose", [node("Reshape", [qkv, split5])], perm=[2, 0, 3, 1, 4])
        parts = [f"{p}{s}.split" for s in "qkv"]
        nodes.append(helper.make_node("Split", [heads], parts, axis=0, num_outputs=3))
        q, k, v = (node("Squeeze", [part, axis0]) for part in parts)
        k_t = node("Transpose", [k], perm=[0, 1, 3, 2])
        scores = node("Add", [node("Mul", [node("MatMul", [q, k_t]), inv_sqrt]), "bias"])
        probs = node("Softmax", [scores], axis=-1)
        ctx = node("Transpose", [node("MatMul", [probs, v])], perm=[0, 2, 1, 3])
        att = linear(node("Reshape", [ctx, merge3]), p + "ao", "ao")
        ln1 = [const(p + "ln1." + s, weights[p + "ln1." + s]) for s in "wb"]
        h = node("LayerNormalization", [node("Add", [att, x]), *ln1], axis=-1, epsilon=LN_EPS)
        ff = node("Gelu", [linear(h, p + "ff1", "ff1")], approximate="tanh")
        ff = linear(ff, p + "ff2", "ff2")
        ln2 = [const(p + "ln2." + s, weights[p + "ln2." + s]) for s in "wb"]
        x = node("LayerNormalization", [node("Add", [ff, h]), *ln2], axis=-1, epsilon=LN_EPS)
    nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = helper.make_graph(
        nodes,
        "sourcetrace-encoder",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "length", HIDDEN]),
            helper.make_tensor_value_info("bias", TensorProto.FLOAT, ["batch", 1, 1, "length"]),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "length", HIDDEN])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    return bytes(model.SerializeToString())


def embed(
    weights: Mapping[str, Array], ids: NDArray[np.int64], mask: NDArray[np.bool_]
) -> tuple[Array, Array]:
    """The graph's inputs: embedded pieces after LayerNorm, and the additive mask bias."""
    length = ids.shape[1]
    x = weights["emb.word"][ids] + weights["emb.pos"][:length][None] + weights["emb.type"][None]
    x = _layer_norm(x, weights["emb.ln.w"], weights["emb.ln.b"]).astype(np.float32)
    bias = np.where(mask, 0.0, -1e4).astype(np.float32)[:, None, None, :]
    return x, bias


@dataclass(frozen=True, slots=True)
class OnnxEncoder:
    """``encoder.encode`` for one set of weights, run by an ONNX Runtime session."""

    weights: Mapping[str, Array]
    session: Any
    int8: frozenset[str]
    #: the integer kernel of the int8 matrices: ``u8u8`` (weights as uint8) or ``u8s8``
    kernel: str = "u8u8"

    @property
    def name(self) -> str:
        """``onnxruntime``, the precision of each matrix kind and the integer kernel."""
        if not self.int8:
            return "onnxruntime fp32"
        if self.int8 == frozenset(KINDS):
            return f"onnxruntime int8 ({self.kernel})"
        int8 = "+".join(k for k in KINDS if k in self.int8)
        fp32 = "+".join(k for k in KINDS if k not in self.int8)
        return f"onnxruntime int8 {int8} ({self.kernel}), fp32 {fp32}"

    def __call__(self, ids: NDArray[np.int64], mask: NDArray[np.bool_]) -> Array:
        """As ``encoder.encode`` (each row's pieces first, then its padding, as
        ``tagger.batch_ids`` lays them out); the states of padding are zeros. With int8 each
        row runs alone, without its padding: the activations' 8-bit scale is one per call,
        so a window's states would otherwise depend on the windows batched with it."""
        if not self.int8:
            return self._run(ids, mask)
        out = np.zeros((*ids.shape, HIDDEN), dtype=np.float32)
        for r, n in enumerate(mask.sum(axis=1).tolist()):
            out[r, :n] = self._run(ids[r : r + 1, :n], mask[r : r + 1, :n])[0]
        return out

    def _run(self, ids: NDArray[np.int64], mask: NDArray[np.bool_]) -> Array:
        x, bias = embed(self.weights, ids, mask)
        out: Array = self.session.run(None, {"x": x, "bias": bias})[0]
        return out


def session_options(threads: int | None = None) -> Any:
    """ONNX Runtime options for one sequential CPU session: ``threads`` threads inside an
    operator (``default_threads()`` when not given), errors only in the log, and idle threads
    that sleep rather than spin (spaCy parses on another thread meanwhile)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or default_threads()
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3  # errors only
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


def onnx_encoder(
    weights: Mapping[str, Array],
    quantized: Quantized | None = None,
    *,
    int8: Collection[str] | None = None,
    threads: int | None = None,
    unsigned: bool | None = None,
) -> OnnxEncoder:
    """An ONNX Runtime session for these weights (see :func:`build_model`); ``int8`` names
    the matrix kinds run in int8 (``DEFAULT_INT8`` when not given), ``threads`` the threads
    of one call (``default_threads()`` when not given)."""
    import onnxruntime as ort

    kinds = _int8_kinds(DEFAULT_INT8 if int8 is None else int8)
    if unsigned is None:
        unsigned = not signed_is_exact()
    model = build_model(weights, quantized, int8=kinds, unsigned=unsigned)
    session = ort.InferenceSession(
        model, session_options(threads), providers=["CPUExecutionProvider"]
    )
    return OnnxEncoder(weights, session, kinds, "u8u8" if unsigned else "u8s8")


@dataclass(frozen=True, slots=True)
class NumpyEncoder:
    """``encoder.encode`` for one set of weights."""

    weights: dict[str, Array]
    name = "numpy"

    def __call__(self, ids: NDArray[np.int64], mask: NDArray[np.bool_]) -> Array:
        return encode(self.weights, ids, mask)


def backend() -> str:
    """The backend ``SOURCETRACE_ENCODER`` asks for: ``auto``, ``numpy`` or ``onnx``."""
    value = os.environ.get(BACKEND_ENV, "").strip().lower() or "auto"
    if value not in BACKENDS:
        raise ConfigError(
            f"${BACKEND_ENV} is {value!r}; it must be one of {', '.join(BACKENDS)}",
            variable=BACKEND_ENV,
        )
    return value


def make_encoder(
    weights: dict[str, Array],
    quantized: Quantized | None = None,
    *,
    int8: Collection[str] | None = None,
) -> OnnxEncoder | NumpyEncoder:
    """The tagger's encoder: ONNX Runtime where it imports (and ``$SOURCETRACE_ENCODER`` is not
    ``numpy``), else NumPy. ``int8`` names the matrix kinds ONNX Runtime runs in int8
    (``DEFAULT_INT8`` when not given)."""
    chosen = backend()
    if chosen == "numpy":
        return NumpyEncoder(weights)
    if available():
        return onnx_encoder(weights, quantized, int8=int8)
    if chosen == "onnx":
        raise ConfigError(
            f"${BACKEND_ENV}=onnx, but onnxruntime or onnx does not import",
            variable=BACKEND_ENV,
        )
    return NumpyEncoder(weights)
