"""The tagger's encoder in ONNX Runtime with its int8 weights handed over as uint8 (zero point
128) and as int8, same weights, same process, same batches. It reports; it asserts nothing.
The tagger takes int8 where the CPU has VNNI (``onnxencoder.signed_is_exact``), uint8 elsewhere;
the line "chosen here" says which.

    .venv/bin/python benchmarks/encoder_kernels.py [--batches 20]

Both compute the same integer products in exact arithmetic. On CPUs without VNNI (AVX2 only)
ONNX Runtime's u8s8 kernel saturates 16-bit pair sums, so the int8 hand-over gives other hidden
states there (the largest difference is printed); the u8u8 kernel is exact everywhere. The time
of a batch of 16 windows of 128 pieces is printed for both, and their ratio.
"""

from __future__ import annotations

import argparse
import time
from importlib import resources

import numpy as np

from sourcetrace.encoder import load_stored
from sourcetrace.onnxencoder import onnx_encoder, signed_is_exact


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=20)
    args = parser.parse_args()
    with resources.files("sourcetrace").joinpath("data", "tagger.npz").open("rb") as fh:
        weights, quantized = load_stored(fh)
    encoders = {
        "uint8 weights (u8u8)": onnx_encoder(weights, quantized, unsigned=True),
        "int8 weights (u8s8)": onnx_encoder(weights, quantized, unsigned=False),
    }
    rng = np.random.default_rng(0)
    ids = rng.integers(1000, 20000, size=(16, 128)).astype(np.int64)
    mask = np.ones((16, 128), dtype=bool)
    unsigned, signed = (encoder(ids, mask) for encoder in encoders.values())
    print(f"largest difference of the hidden states: {float(np.abs(unsigned - signed).max()):.4f}")
    times: dict[str, list[float]] = {name: [] for name in encoders}
    for _ in range(2):  # alternate, twice, against the machine's noise
        for name, encoder in encoders.items():
            started = time.perf_counter()
            for _ in range(args.batches):
                encoder(ids, mask)
            times[name].append((time.perf_counter() - started) / args.batches)
    for name, runs in times.items():
        print(f"{name}: {min(runs) * 1000:.1f} ms a batch (best of {len(runs)})")
    best = [min(runs) for runs in times.values()]
    print(f"ratio uint8 / int8: {best[0] / best[1]:.2f}")
    print(f"chosen here: {'int8 (VNNI)' if signed_is_exact() else 'uint8 (no VNNI)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
