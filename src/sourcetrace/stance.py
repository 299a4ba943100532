"""Stance of a text towards a claim: does it assert it, deny it, or only report it?

Given a claim ("Elon Musk spoke with Putin before the tweet") and a text (a headline, or one
sentence or paragraph of an article), the model says

- ``"supports"``: the text asserts the claim ("Musk called Putin before posting");
- ``"refutes"``: it denies or debunks it ("Kremlin denies Musk-Putin call", "... is a hoax");
- ``"observes"``: it reports the claim without taking a side ("Musk reportedly spoke with
  Putin", "Report: ...", "... claims that ...", a question).

Five models vote, their probabilities averaged (:class:`StanceEnsemble`, what :func:`stance`
and :func:`stance_model` give): a linear model, 1/3 of the vote, and four cross-encoders, 1/6
each (:class:`EncoderCommittee`):

- :class:`StanceModel`, a multinomial logistic regression over sparse string features of the
  text (words and word pairs, each also marked by whether the claim holds that word; refuting
  and hedging cue words with their position and whether claim words stand beside them; a
  question mark; a "Source:" lead-in or a trailing "..., X says"; shouting capitals; negation
  in the claim versus the text; the share of the claim's words the text repeats). Feature
  strings are hashed (CRC-32) into ``dim`` buckets; the weights of the buckets ever seen in
  training are shipped in ``data/stance.npz``. Plain Python and NumPy.
- :class:`StanceEncoder`, a cross-encoder reading ``[CLS] claim [SEP] text [SEP]``: the
  attribution tagger's encoder with its top three layers fine-tuned for stance and a linear
  head on the mean of the last states (``data/stance-encoder.npz``, 5 MB of int8 stacked on
  the tagger's lower layers; run in float32 by ONNX Runtime, else NumPy);
- the same recipe started from the pre-trained MiniLM instead of the tagger
  (``data/stance-encoder-minilm.npz``, 10 MB: MiniLM's lower layers come with it, only the
  word embeddings, which the tagger never changed, are the tagger's);
- MiniLM with all six layers fine-tuned, at half the learning rate
  (``data/stance-encoder-minilm-all.npz``, 10 MB);
- :class:`MPNetStanceEncoder`, the first recipe on all-mpnet-base-v2 (``mpnet.py``), reading
  ``<s> claim </s></s> text </s>``: its top three of twelve layers and the head are
  ``data/stance-encoder-mpnet.npz`` (21 MB), the rest the pre-trained model from its own
  packages; without them the committee runs without it.

Each encoder weighs its ``about["weight"]`` (1/6) in the average. All five are rebuilt by
``sourcetrace train stance`` (``training/stance.py``) from the Emergent
training file (Ferreira & Vlachos 2016).

Emergent's stances are about headlines, so the model is at its best on headline-like text.
"""

from __future__ import annotations

import hashlib
import logging
import re
import zlib
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast

import numpy as np
from numpy.typing import NDArray

from .encoder import Array
from .errors import ConfigError
from .onnxencoder import Encoder
from .wordpiece import WordPiece, load_wordpiece

_log = logging.getLogger(__name__)

__all__ = [
    "ENCODER_FILE",
    "ENCODER_FILES",
    "EncoderCommittee",
    "FEATURES_VERSION",
    "MODEL_FILE",
    "STANCES",
    "Stance",
    "StanceEncoder",
    "StanceEnsemble",
    "StanceModel",
    "features",
    "pair_ids",
    "stance",
    "stance_model",
]

Stance = Literal["supports", "refutes", "observes"]
#: The stances in the order of the model's rows of weights.
STANCES: tuple[Stance, ...] = ("supports", "refutes", "observes")
MODEL_FILE = "stance.npz"
#: The cross-encoder half: the stance layers stacked on the tagger's lower ones, and a head.
ENCODER_FILE = "stance-encoder.npz"
#: Every packaged cross-encoder the model averages, when present (:class:`EncoderCommittee`):
#: the one on the tagger's layers, the one on the pre-trained MiniLM's lower layers, and the
#: one with all of MiniLM's layers fine-tuned.
ENCODER_FILES = (
    ENCODER_FILE,
    "stance-encoder-minilm.npz",
    "stance-encoder-minilm-all.npz",
    "stance-encoder-mpnet.npz",
)
#: The committee member stacked on all-mpnet-base-v2, whose weights come from packages of
#: their own (``mpnet.PACKAGES``); without them the committee runs without it.
MPNET_FILE = ENCODER_FILES[3]
#: Pieces of the claim and of the text the cross-encoder reads at most.
CLAIM_PIECES = 40
TEXT_PIECES = 60
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

    def probabilities_many(self, pairs: Iterable[tuple[str, str]]) -> NDArray[np.float64]:
        """(n, 3) probabilities of the stances, in the order of :data:`STANCES`."""
        s = np.array([self.scores(c, t) for c, t in pairs], dtype=np.float64)
        if not len(s):
            return np.zeros((0, len(STANCES)))
        p = np.exp(s - s.max(axis=1, keepdims=True))
        return p / p.sum(axis=1, keepdims=True)

    def reaches(
        self, pairs: Sequence[tuple[str, str]], stance: Stance, threshold: float
    ) -> list[bool]:
        """Whether the probability of ``stance`` reaches ``threshold``, for each pair."""
        return (self.probabilities_many(pairs)[:, STANCES.index(stance)] >= threshold).tolist()

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


# ----------------------------------------------------------------- the cross-encoder half


def pair_ids(wp: WordPiece, claim: str, text: str) -> list[int]:
    """The cross-encoder's input: ``[CLS] claim [SEP] text [SEP]``, with at most
    :data:`CLAIM_PIECES` pieces of the claim and :data:`TEXT_PIECES` of the text."""
    return [
        wp.cls,
        *_pieces(wp, claim, CLAIM_PIECES),
        wp.sep,
        *_pieces(wp, text, TEXT_PIECES),
        wp.sep,
    ]


def _pieces(wp: WordPiece, text: str, cap: int) -> list[int]:
    out: list[int] = []
    for word in text.split():
        out.extend(wp.encode(word))
        if len(out) >= cap:
            break
    return out[:cap]


def fingerprint(weights: Mapping[str, Array], below: int, own: Collection[str] = ()) -> str:
    """A hash of an encoder's embeddings and of its layers under ``below``, but for the
    weights named in ``own``: the part of the tagger the stance layers are stacked on, which
    must not change under them."""
    digest = hashlib.sha256()
    for name in sorted(weights):
        if _below(name, below) and name not in own:
            digest.update(name.encode("utf-8"))
            digest.update(np.ascontiguousarray(weights[name], dtype=np.float32).tobytes())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class StanceEncoder:
    """The stance as a fine-tuned cross-encoder reads it.

    The attribution tagger's encoder (``data/tagger.npz``) runs the pair's pieces through its
    lower layers unchanged; the layers from ``about["first"]`` on are the stance's own,
    fine-tuned on Emergent (``data/stance-encoder.npz``, int8 as the tagger's), and a linear
    head reads the mean of the last states. ``top`` holds those layers and the head as
    :meth:`save` stores them (``encoder.stored_arrays``: int8 matrices with their scales; the
    session holds them in float32), ``about`` the training facts and ``base``, the
    :func:`fingerprint` of the tagger's part they were trained on.

    ``top`` may also carry lower weights of its own (an encoder stacked on the pre-trained
    MiniLM rather than on the tagger: ``data/stance-encoder-minilm.npz`` holds MiniLM's
    lower layers and takes only the word embeddings, which the tagger never changed, from
    the tagger); those replace the tagger's and are left out of the fingerprint. With
    ``about["first"] == 0`` every layer is its own, and only the embeddings are the base's."""

    encoder: Encoder
    top: dict[str, Array]
    wordpiece: WordPiece
    about: dict[str, Any]

    @classmethod
    def stack(
        cls,
        top: Mapping[str, NDArray[np.floating[Any]]],
        base: Mapping[str, Array],
        about: Mapping[str, Any] | None = None,
    ) -> StanceEncoder:
        """The stance layers and head ``top`` (``l{k}.*`` for k from ``about["first"]``,
        ``head.w`` (3, 384), ``head.b``, and any lower weight of its own) on the lower layers
        of the encoder ``base``.

        The matrices of ``top`` go through int8 as :meth:`save` stores them, so a model
        built here predicts what it will predict once saved and loaded."""
        from .encoder import stored_arrays

        info = dict(about or {})
        first = int(info.get("first", 0))
        if not 0 <= first < _layers(info):
            raise ConfigError(f"the stance layers must start inside the encoder, not at {first}")
        info["base"] = fingerprint(base, first, own=set(top))
        return cls._build(stored_arrays(top), base, info)

    @classmethod
    def _build(
        cls,
        stored: dict[str, np.ndarray],
        base: Mapping[str, Array],
        about: dict[str, Any],
        where: str | None = None,
    ) -> StanceEncoder:
        """The encoder of the weights ``stored`` on ``base``; read from ``where``, the base
        must be the one its fingerprint names."""
        from .encoder import from_stored
        from .onnxencoder import make_encoder

        first = int(about.get("first", 0))
        mine = from_stored(stored)[0]
        if where is not None and fingerprint(base, first, own=set(mine)) != about.get("base"):
            on = "all-mpnet-base-v2" if about.get("start") == "mpnet" else "tagger"
            raise ConfigError(
                f"the stance encoder was trained on another {on} than the one here: "
                "retrain it (sourcetrace train stance)",
                source=where,
            )
        missing = [
            n
            for n in ("head.w", "head.b", *(f"l{k}.qkv.w" for k in range(first, _layers(about))))
            if n not in mine
        ]
        if missing:
            raise ConfigError(f"the stance encoder lacks {', '.join(missing)}")
        own = {n for n in mine if not n.startswith("head.")}
        weights = {n: w for n, w in base.items() if _below(n, first)}
        weights.update({n: mine[n] for n in own})
        if about.get("start") == "mpnet":
            from . import mpnet

            return MPNetStanceEncoder(mpnet.MPNetEncoder(weights), stored, mpnet.wordpiece(), about)
        # float32 products: int8 activations move the stance probabilities by up to 0.2 (they
        # were trained in float32), and short pairs batch faster in float32 anyway
        encoder = make_encoder(weights, int8=())
        if encoder.name != "numpy":  # the layers live in the session now; the embeddings stay
            for name in [n for n in weights if not n.startswith("emb.")]:
                del weights[name]
        return cls(encoder, stored, load_wordpiece(), about)

    @staticmethod
    def pieces(wp: WordPiece, claim: str, text: str) -> list[int]:
        """The pieces such an encoder reads for a pair (:func:`pair_ids`)."""
        return pair_ids(wp, claim, text)

    def pair(self, claim: str, text: str) -> list[int]:
        return self.pieces(self.wordpiece, claim, text)

    def probabilities_many(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float64]:
        """(n, 3) probabilities of the stances, in the order of :data:`STANCES`."""
        wp = self.wordpiece
        seqs = [self.pair(claim, text) for claim, text in pairs]
        out = np.zeros((len(seqs), len(STANCES)), dtype=np.float64)
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        w, b = self.top["head.w"], self.top["head.b"]
        for k in range(0, len(order), _BATCH):
            chunk = order[k : k + _BATCH]
            length = max(len(seqs[i]) for i in chunk)
            ids = np.full((len(chunk), length), wp.pad, dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=bool)
            for r, i in enumerate(chunk):
                ids[r, : len(seqs[i])] = seqs[i]
                mask[r, : len(seqs[i])] = True
            states = self.encoder(ids, mask)
            pooled = (states * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            logits = (pooled @ w.T + b).astype(np.float64)
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            out[chunk] = p / p.sum(axis=1, keepdims=True)
        return out

    def save(self, path: str | Path) -> None:
        """Write the stance layers, the head and ``about`` (what :meth:`load` reads)."""
        import json

        from .encoder import write_npz

        arrays = dict(self.top)
        arrays["about"] = np.frombuffer(
            json.dumps(self.about, sort_keys=True).encode("utf-8"), dtype=np.uint8
        )
        write_npz(path, arrays)

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        *,
        packaged: str = ENCODER_FILE,
        base: Mapping[str, Array] | None = None,
    ) -> StanceEncoder:
        """The encoder saved in ``path`` (without it, the packaged file ``packaged``),
        stacked on the packaged tagger's lower layers (``base``, when the caller has them
        read already). A missing or unreadable file, or a tagger other than the one it was
        trained on, raises :class:`~sourcetrace.errors.ConfigError`."""
        import io
        import json

        if path is None:
            ref: Any = resources.files("sourcetrace").joinpath("data", packaged)
            where = f"sourcetrace/data/{packaged}"
        else:
            ref, where = Path(path), str(path)
        if not ref.is_file():
            raise ConfigError(f"no stance encoder at {where}", source=where)
        raw = ref.read_bytes()
        try:
            with np.load(io.BytesIO(raw), allow_pickle=False) as z:
                about = json.loads(bytes(z["about"]).decode("utf-8"))
                stored = {n: z[n] for n in z.files if n != "about"}
        except (OSError, ValueError, KeyError, EOFError, UnicodeDecodeError) as exc:
            raise ConfigError(f"the stance encoder cannot be read: {exc}", source=where) from exc
        if base is None:
            base = _base_weights(about)
        return cls._build(stored, base, about, where)


@dataclass(frozen=True, slots=True)
class EncoderCommittee:
    """Several cross-encoders read as one: their probabilities averaged, each at its own
    ``about["weight"]``, and that sum is the committee's ``about["weight"]`` (its share
    beside the linear model in :class:`StanceEnsemble`).

    The packaged committee is the encoder stacked on the tagger, the one stacked on the
    pre-trained MiniLM's lower layers and MiniLM with all its layers tuned: started from
    different weights, they err on different headlines (in grouped CV on the claims outside
    the held-out fifth, together they beat any one or two of them, where two seeds of one
    recipe did not)."""

    members: tuple[StanceEncoder, ...]

    @classmethod
    def of(cls, members: Sequence[StanceEncoder]) -> StanceEncoder | EncoderCommittee | None:
        """What an ensemble reads for these encoders: none, the one, or their committee."""
        if not members:
            return None
        return members[0] if len(members) == 1 else cls(tuple(members))

    @property
    def about(self) -> dict[str, Any]:
        return {"weight": sum(_share(m) for m in self.members)}

    def probabilities_many(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float64]:
        """(n, 3) probabilities of the stances: the members' weighted mean."""
        total = sum(_share(m) for m in self.members)
        out = np.zeros((len(pairs), len(STANCES)), dtype=np.float64)
        for m in self.members:
            out += (_share(m) / total) * m.probabilities_many(pairs)
        return out


@dataclass(frozen=True, slots=True)
class MPNetStanceEncoder(StanceEncoder):
    """A :class:`StanceEncoder` stacked on all-mpnet-base-v2 (``about["start"] == "mpnet"``):
    its lower layers are the pre-trained model's (``mpnet.weights``), its pairs read
    ``<s> claim </s></s> text </s>`` with MPNet's vocabulary."""

    @staticmethod
    def pieces(wp: WordPiece, claim: str, text: str) -> list[int]:
        from . import mpnet

        return mpnet.pair_ids(_pieces(wp, claim, CLAIM_PIECES), _pieces(wp, text, TEXT_PIECES))


def _layers(about: Mapping[str, Any]) -> int:
    """How many layers the base of an encoder with this ``about`` has."""
    from . import encoder, mpnet

    return mpnet.LAYERS if about.get("start") == "mpnet" else encoder.LAYERS


def _base_weights(about: Mapping[str, Any]) -> Mapping[str, Array]:
    """The weights an encoder with this ``about`` is stacked on: the tagger's, or MPNet's."""
    if about.get("start") == "mpnet":
        from . import mpnet

        return mpnet.weights()
    return _tagger_weights()


def _share(encoder: StanceEncoder) -> float:
    return float(encoder.about.get("weight", 0.5))


_BATCH = 16


def _below(name: str, first: int) -> bool:
    """Whether a weight belongs to the embeddings or to a layer under ``first``."""
    if name.startswith("emb."):
        return True
    return name[0] == "l" and name[1].isdigit() and int(name[1 : name.index(".")]) < first


def _tagger_weights() -> dict[str, Array]:
    """The packaged tagger's weights (its int8 matrices back in float32; the word embeddings
    as :class:`~sourcetrace.encoder.Int8Rows`)."""
    from .encoder import load_stored, looked_up
    from .tagger import WEIGHTS_FILE

    ref = resources.files("sourcetrace").joinpath("data", WEIGHTS_FILE)
    if not ref.is_file():
        raise ConfigError(
            f"the stance encoder needs the packaged tagger sourcetrace/data/{WEIGHTS_FILE}",
            source=f"sourcetrace/data/{WEIGHTS_FILE}",
        )
    with ref.open("rb") as fh:
        weights, quantized = load_stored(fh)
    looked_up(weights, quantized)  # the word embeddings in int8 (``np.asarray`` for all)
    return weights


# ----------------------------------------------------------------------------- together


@dataclass(frozen=True, slots=True)
class StanceEnsemble:
    """The stance model ``stance`` and the CLI use: the linear model's probabilities and the
    cross-encoder's, averaged with the encoder's at ``weight`` (its ``about["weight"]``);
    without an encoder, the linear model alone."""

    linear: StanceModel
    encoder: StanceEncoder | EncoderCommittee | None = None

    @property
    def weight(self) -> float:
        return float(self.encoder.about.get("weight", 0.5)) if self.encoder else 0.0

    def probabilities_many(self, pairs: Iterable[tuple[str, str]]) -> NDArray[np.float64]:
        """(n, 3) probabilities of the stances for each (claim, text), in the order of
        :data:`STANCES`."""
        pairs = list(pairs)
        p = self.linear.probabilities_many(pairs)
        if self.encoder is not None and pairs:
            p = (1.0 - self.weight) * p + self.weight * self.encoder.probabilities_many(pairs)
        return p

    def reaches(
        self, pairs: Sequence[tuple[str, str]], stance: Stance, threshold: float
    ) -> list[bool]:
        """Whether the probability of ``stance`` reaches ``threshold``, for each pair: the
        answer of :meth:`probabilities_many`, but the encoder reads only the pairs whose
        linear probability leaves the average a chance to get there."""
        if self.encoder is None:
            return self.linear.reaches(pairs, stance, threshold)
        col = STANCES.index(stance)
        linear = self.linear.probabilities_many(pairs)[:, col]
        w = self.weight
        out = (1.0 - w) * linear >= threshold  # reached, whatever the encoder says
        # the pairs the encoder can still lift to the threshold (when it says 1.0)
        undecided = [i for i, p in enumerate(linear) if not out[i] and (1 - w) * p + w >= threshold]
        if undecided:
            p_enc = self.encoder.probabilities_many([pairs[i] for i in undecided])[:, col]
            for i, q in zip(undecided, p_enc, strict=True):
                out[i] = (1.0 - w) * linear[i] + w * q >= threshold
        return [bool(x) for x in out]

    def probabilities(self, claim: str, text: str) -> dict[Stance, float]:
        """The probability of each stance for one pair."""
        p = self.probabilities_many([(claim, text)])[0]
        return {name: float(x) for name, x in zip(STANCES, p, strict=True)}

    def predict(self, claim: str, text: str) -> Stance:
        """The most likely stance of ``text`` towards ``claim``."""
        return self.predict_many([(claim, text)])[0]

    def predict_many(self, pairs: Iterable[tuple[str, str]]) -> list[Stance]:
        """:meth:`predict` for each (claim, text) pair, in order (batched)."""
        return [STANCES[int(i)] for i in self.probabilities_many(pairs).argmax(axis=1)]


def stance(claim: str, text: str) -> Stance:
    """The stance of ``text`` towards ``claim``, by the packaged model."""
    return stance_model().predict(claim, text)


@lru_cache(maxsize=1)
def stance_model() -> StanceEnsemble:
    """The packaged model (read once): the linear model and, when shipped, the encoders
    (one, or a committee of those in :data:`ENCODER_FILES`)."""
    from .encoder import give_back_freed_memory

    linear = StanceModel.load()
    data = resources.files("sourcetrace").joinpath("data")
    names = [n for n in ENCODER_FILES if data.joinpath(n).is_file()]
    base = _tagger_weights() if names else {}
    members = [StanceEncoder.load(packaged=n, base=base) for n in names if n != MPNET_FILE]
    del base
    if MPNET_FILE in names:
        try:
            members.append(StanceEncoder.load(packaged=MPNET_FILE))
        except ConfigError as exc:
            _log.warning(
                "the stance committee runs without its MPNet member (%s); with it, 78.7 %% "
                "on held-out claims instead of 77.5 %%",
                exc,
            )
    model = StanceEnsemble(linear, EncoderCommittee.of(members))
    give_back_freed_memory()  # what loading read in float32 and the session copied
    return model


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
