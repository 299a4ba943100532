"""Stance of a text towards a claim: does it assert it, deny it, or only report it?

Given a claim ("Elon Musk spoke with Putin before the tweet") and a text (a headline, or one
sentence or paragraph of an article), the model says

- ``"supports"``: the text asserts the claim ("Musk called Putin before posting");
- ``"refutes"``: it denies or debunks it ("Kremlin denies Musk-Putin call", "... is a hoax");
- ``"observes"``: it reports the claim without taking a side ("Musk reportedly spoke with
  Putin", "Report: ...", "... claims that ...", a question).

It is a multinomial logistic regression over sparse string features of the text (words and
word pairs, each also marked by whether the claim holds that word; refuting and hedging cue
words with their position and whether claim words stand beside them; a question mark; a
"Source:" lead-in or a trailing "..., X says"; shouting capitals; negation in the claim versus
the text; the share of the claim's words the text repeats). Feature strings are hashed
(CRC-32) into ``dim`` buckets; the weights of the buckets ever seen in training are shipped in
``data/stance.npz`` (rebuilt by ``training/stance.py`` from the Emergent training file, Ferreira
& Vlachos 2016). Inference is plain Python and NumPy: no scikit-learn, no encoder.

Emergent's stances are about headlines, so the model is at its best on headline-like text.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast

import numpy as np
from numpy.typing import NDArray

from .errors import ConfigError

__all__ = [
    "FEATURES_VERSION",
    "MODEL_FILE",
    "STANCES",
    "Stance",
    "StanceModel",
    "features",
    "stance",
]

Stance = Literal["supports", "refutes", "observes"]
#: The stances in the order of the model's rows of weights.
STANCES: tuple[Stance, ...] = ("supports", "refutes", "observes")
MODEL_FILE = "stance.npz"
#: Bumped whenever :func:`features` changes: an artefact trained on other features is refused.
FEATURES_VERSION = 1

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?!:\"']")
_RAW_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_LEAD_SOURCE = re.compile(r"^([^:]{1,40}):")
_TAIL_SAYS = re.compile(r",\s*(?:\w+\s){0,4}(?:says?|said|claims?|reports?)\s*$")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that deny or debunk what they are said of.
REFUTE_WORDS = _words(
    """fake fakes false hoax hoaxes hoaxer deny denies denied denial debunk debunked debunks
    not no never fraud fraudulent bogus untrue myth rumour rumor satire satirical parody prank
    scam lie lies lied isn't wasn't aren't weren't doesn't didn't don't won't can't nope
    misleading refute refutes refuted dismiss dismisses dismissed reject rejects rejected shoot
    shoots shot down despite fabricated doctored photoshopped nothing nor neither nonsense
    baseless"""
)
#: Words that report a claim without vouching for it.
HEDGE_WORDS = _words(
    """reportedly allegedly alleged claim claims claimed claiming may might could would rumor
    rumors rumour rumours rumored rumoured report reports reported says say said suggest
    suggests apparently possibly possible likely unconfirmed unverified purportedly purported
    believed appears appear seems seem sources source according speculation speculate if
    whether supposedly probably perhaps expected predicts predicted tipped hints hint leak
    leaked spotted"""
)
NEGATIONS = _words(
    """not no never n't isn't wasn't aren't weren't doesn't didn't don't won't can't nothing
    none nor neither"""
)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def _negated(tokens: Sequence[str]) -> bool:
    return any(t in NEGATIONS or t.endswith("n't") for t in tokens)


def features(claim: str, text: str) -> list[str]:
    """The sparse string features of one (claim, text) pair."""
    claim_tokens = _tokens(claim)
    in_claim = set(claim_tokens)
    toks = _tokens(text)
    n = len(toks)
    out = ["bias"]
    for i, w in enumerate(toks):
        out.append("w=" + w)
        out.append(("wi=" if w in in_claim else "wo=") + w)
        if i + 1 < n:
            out.append(f"b={w}_{toks[i + 1]}")
        if i + 2 < n:
            out.append(f"k={w}_{toks[i + 2]}")
        refute, hedge = w in REFUTE_WORDS, w in HEDGE_WORDS
        if refute or hedge:
            where = "s" if i < 3 else ("e" if i >= n - 3 else "m")
            kind = "ref" if refute else "hedge"
            out.append(kind)
            out.append(f"{kind}@{where}")
            near = any(x in in_claim for x in toks[max(0, i - 3) : i + 4] if x != w)
            out.append(f"cue={w}|near={near}")
    if toks:
        out.append("first=" + toks[0])
        out.append("last=" + toks[-1])
    if "?" in text:
        out.append("q")
        if text.rstrip().endswith("?"):
            out.append("qend")
    lead = _LEAD_SOURCE.match(text)
    if lead:
        words = lead.group(1).split()
        out.append("colon")
        out.append("colonw=" + (words[-1].lower() if words else ""))
    if _TAIL_SAYS.search(text.lower()):
        out.append("tailsays")
    if sum(1 for t in _RAW_TOKEN.findall(text) if len(t) > 1 and t.isupper()) >= 2:
        out.append("caps")
    out.append(f"neg={int(_negated(claim_tokens))}{int(_negated(toks))}")
    overlap = len(in_claim & set(toks)) / max(1, len(in_claim))
    out.append(f"ov={min(int(overlap * 5), 4)}")
    return out


def bucket(feature: str, dim: int) -> int:
    """The hashed column of a feature string (CRC-32, stable across runs and machines)."""
    return zlib.crc32(feature.encode("utf-8")) % dim


def hashed(claim: str, text: str, dim: int) -> dict[int, float]:
    """The pair's feature vector: bucket -> value, counts scaled to unit length."""
    counts: dict[int, float] = {}
    for f in features(claim, text):
        b = bucket(f, dim)
        counts[b] = counts.get(b, 0.0) + 1.0
    norm = sum(v * v for v in counts.values()) ** 0.5 or 1.0
    return {b: v / norm for b, v in counts.items()}


@dataclass(frozen=True, slots=True)
class StanceModel:
    """A linear stance model: ``weights[k]`` holds the row of bucket ``index[k]``.

    ``weights`` is (buckets, 3) in the order of :data:`STANCES`; buckets never seen in
    training are absent and weigh nothing."""

    dim: int
    index: dict[int, int]
    weights: NDArray[np.float32]
    bias: NDArray[np.float32]
    about: dict[str, Any]

    @classmethod
    def load(cls, path: str | Path | None = None) -> StanceModel:
        """The model in ``path``; without it the packaged one (read once and cached).

        A missing or unreadable file raises :class:`~sourcetrace.errors.ConfigError`."""
        if path is None:
            return _packaged()
        return _read(Path(path))

    @classmethod
    def from_arrays(
        cls,
        dim: int,
        columns: NDArray[np.integer[Any]],
        weights: NDArray[np.floating[Any]],
        bias: NDArray[np.floating[Any]],
        about: dict[str, Any] | None = None,
    ) -> StanceModel:
        """A model from the columns kept, their (buckets, 3) weights and the 3 biases."""
        w = np.asarray(weights, dtype=np.float32)
        b = np.asarray(bias, dtype=np.float32)
        cols = [int(c) for c in np.asarray(columns).tolist()]
        if w.shape != (len(cols), len(STANCES)) or b.shape != (len(STANCES),):
            raise ConfigError(
                f"stance weights have shape {w.shape} and bias {b.shape}; expected "
                f"({len(cols)}, {len(STANCES)}) and ({len(STANCES)},)"
            )
        index = {c: k for k, c in enumerate(cols)}
        return cls(dim, index, w, b, dict(about or {}))

    def scores(self, claim: str, text: str) -> NDArray[np.float32]:
        """The three class scores (logits) of one pair, in the order of :data:`STANCES`."""
        out = self.bias.copy()
        rows: list[int] = []
        values: list[float] = []
        for b, v in hashed(claim, text, self.dim).items():
            k = self.index.get(b)
            if k is not None:
                rows.append(k)
                values.append(v)
        if rows:
            out += np.asarray(values, dtype=np.float32) @ self.weights[rows]
        return out

    def probabilities(self, claim: str, text: str) -> dict[Stance, float]:
        """The probability of each stance for one pair."""
        s = self.scores(claim, text).astype(np.float64)
        p = np.exp(s - s.max())
        p /= p.sum()
        return {name: float(x) for name, x in zip(STANCES, p, strict=True)}

    def predict(self, claim: str, text: str) -> Stance:
        """The most likely stance of ``text`` towards ``claim``."""
        return STANCES[int(np.argmax(self.scores(claim, text)))]

    def predict_many(self, pairs: Iterable[tuple[str, str]]) -> list[Stance]:
        """:meth:`predict` for each (claim, text) pair, in order."""
        return [self.predict(claim, text) for claim, text in pairs]

    def save(self, path: str | Path) -> None:
        """Write the model as an ``.npz`` that :meth:`load` reads (same model, same bytes)."""
        import json

        order = sorted(self.index, key=self.index.__getitem__)
        arrays: dict[str, np.ndarray] = {
            "about": np.frombuffer(
                json.dumps(self.about, sort_keys=True).encode("utf-8"), dtype=np.uint8
            ),
            "bias": self.bias,
            "columns": np.asarray(order, dtype=np.int64),
            "dim": np.asarray(self.dim, dtype=np.int64),
            "features_version": np.asarray(FEATURES_VERSION, dtype=np.int64),
            "stances": np.frombuffer(",".join(STANCES).encode("ascii"), dtype=np.uint8),
            "weights": self.weights,
        }
        from .encoder import write_npz

        write_npz(path, arrays)


def _from_npz(source: Any, where: str) -> StanceModel:
    import json

    try:
        with np.load(source, allow_pickle=False) as z:
            version = int(z["features_version"].reshape(-1)[0])
            stances = bytes(z["stances"]).decode("ascii").split(",")
            about = json.loads(bytes(z["about"]).decode("utf-8"))
            dim = int(z["dim"].reshape(-1)[0])
            columns, weights, bias = z["columns"], z["weights"], z["bias"]
    except (OSError, ValueError, KeyError, IndexError, EOFError, UnicodeDecodeError) as exc:
        raise ConfigError(f"the stance model cannot be read: {exc}", source=where) from exc
    if version != FEATURES_VERSION or tuple(stances) != STANCES:
        raise ConfigError(
            f"the stance model was built for features v{version} and stances {stances}; "
            f"this sourcetrace reads v{FEATURES_VERSION} and {list(STANCES)}: retrain it "
            "(sourcetrace.training.stance.train_stance)",
            source=where,
        )
    return StanceModel.from_arrays(dim, columns, weights, bias, cast(dict[str, Any], about))


def _read(path: Path) -> StanceModel:
    if not path.is_file():
        raise ConfigError(f"no stance model at {path}", source=str(path))
    with path.open("rb") as fh:
        return _from_npz(fh, str(path))


@lru_cache(maxsize=1)
def _packaged() -> StanceModel:
    ref = resources.files("sourcetrace").joinpath("data", MODEL_FILE)
    if not ref.is_file():
        raise ConfigError(
            f"the packaged stance model sourcetrace/data/{MODEL_FILE} is missing; rebuild it "
            "with sourcetrace.training.stance.train_stance",
            source=f"sourcetrace/data/{MODEL_FILE}",
        )
    with ref.open("rb") as fh:
        return _from_npz(fh, f"sourcetrace/data/{MODEL_FILE}")


def stance(claim: str, text: str) -> Stance:
    """The stance of ``text`` towards ``claim``, by the packaged model."""
    return StanceModel.load().predict(claim, text)


def stance_model() -> StanceModel:
    """The packaged model (read once)."""
    return StanceModel.load()


def read_pairs(path: str | Path) -> Iterator[tuple[str, str]]:
    """(claim, text) of each row of a CSV file with columns ``claim`` and ``text`` (a header
    row names them; other columns are ignored), streamed in order.

    A missing file, an unreadable one, or one without those columns raises InputError."""
    import csv

    from .errors import InputError

    where = str(path)
    try:
        stream = Path(path).open(newline="", encoding="utf-8-sig")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", source=where) from exc
    with stream:
        try:
            reader = csv.DictReader(stream)
            columns = set(reader.fieldnames or ())
            if not {"claim", "text"} <= columns:
                raise InputError(
                    "the CSV needs a header row with columns claim and text"
                    f" (found: {', '.join(sorted(columns)) or 'none'})",
                    source=where,
                )
            for row in reader:
                yield (row.get("claim") or "", row.get("text") or "")
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InputError(f"not a readable UTF-8 CSV file ({exc})", source=where) from exc
