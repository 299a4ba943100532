"""The corpus's judgements on stored claims, without the language pipeline: independent origins
(wire copies, near-identical bodies, chains through another outlet), denials and disputes,
corrections by later versions and notices, and the status rules' thresholds."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from sourcetrace.corpus_view import CorpusRules, build_view, norm_outlet
from sourcetrace.errors import InputError
from sourcetrace.store import ArticleIn, ChainLink, ClaimIn, Store, open_store

CLAIM = "Elon Musk spoke with Vladimir Putin before he tweeted a peace plan"
FILLER = (
    "The conversation was said to have taken place in the weeks before the tweet, and the"
    " report was shared widely on social media by supporters and critics alike. "
)


def body(seed: str, n: int = 12) -> str:
    """A body of its own words (``seed``) around the claim, long enough to compare."""
    return f"{seed}. {CLAIM}. " + " ".join(f"{seed} {i} {FILLER}" for i in range(n))


def outlet(name: str) -> ChainLink:
    return ChainLink(name, "outlet")


MUSK = ChainLink("Elon Musk", "person")
PUTIN = ChainLink("Vladimir Putin", "person")
BREMMER = ChainLink("Ian Bremmer", "person")
UNNAMED = ChainLink("unnamed source", "anonymous")


def put(
    store: Store,
    name: str,
    text: str,
    chain: tuple[ChainLink, ...],
    *,
    status: str = "reported",
    at: str,
    claim: str = CLAIM,
    denied_by: tuple[str, ...] = (),
    wire: str | None = None,
    events: tuple[tuple[str, str], ...] = (),
    url: str | None = None,
) -> int:
    article = ArticleIn(
        text,
        url=url or f"https://{name.lower().replace(' ', '')}.example/story",
        outlet=name,
        published=at,
        wire=wire,
    )
    claims = [
        ClaimIn(
            "c1",
            claim,
            status,
            chain=chain,
            denied_by=denied_by,
            subjects=("Elon Musk", "Vladimir Putin"),
        )
    ]
    return store.add_version(article, "{}", claims, list(events)).article_id


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "corpus.db") as opened:
        yield opened  # type: ignore[misc]


def the_claim(store: Store, **rules: object) -> object:
    view = build_view(store, rules=CorpusRules(**rules))  # type: ignore[arg-type]
    (cluster,) = [c for c in view.clusters if c.text == CLAIM]
    return cluster


def test_outlet_names_are_one_spelling() -> None:
    assert norm_outlet("The Associated Press") == norm_outlet("AP") == "associated press"
    assert norm_outlet("www.vice.com") == norm_outlet("Vice") == "vice"
    # every closing label that names no outlet goes, one list for names and hosts
    assert norm_outlet("bbc.co.uk") == norm_outlet("BBC") == "bbc"
    assert norm_outlet("nasa.gov") == norm_outlet("NASA") == "nasa"
    assert norm_outlet(None) == ""


def test_two_outlets_on_one_source_are_one_origin(store: Store) -> None:
    put(store, "Vice", body("alpha"), (outlet("Vice"), BREMMER, MUSK), at="2022-10-11")
    put(store, "Kyiv Post", body("beta"), (BREMMER, MUSK), at="2022-10-12")
    cluster = the_claim(store)
    assert list(cluster.origins.values()) == ["Elon Musk"]
    assert cluster.status == "unverified" and cluster.reasons[0] == "a single origin"
    assert cluster.first.article.outlet == "Vice"


def test_own_reporting_of_two_outlets_is_two_origins_and_supports(store: Store) -> None:
    put(store, "Vice", body("alpha"), (), status="unattributed", at="2022-10-11")
    put(store, "Meduza", body("beta"), (UNNAMED,), at="2022-10-12")
    cluster = the_claim(store)
    assert sorted(cluster.origins) == ["anonymous@meduza", "outlet:vice"]
    assert cluster.status == "supported"
    # the threshold is the user's: three origins asked, two found
    assert the_claim(store, min_independent=3).status == "unverified"


def test_a_chain_through_another_outlet_is_not_independent(store: Store) -> None:
    put(store, "Vice", body("alpha"), (), status="unattributed", at="2022-10-11")
    put(store, "Kyiv Post", body("beta"), (outlet("Vice"),), at="2022-10-12")
    cluster = the_claim(store)
    assert list(cluster.origins) == ["outlet:vice"]
    view = build_view(store)
    assert view.cites[("Kyiv Post", "Vice")] == 1
    graph = view.outlet_graph()
    assert isinstance(graph, nx.DiGraph) and graph.has_edge("Kyiv Post", "Vice")


def test_a_story_credited_to_another_outlet_is_not_independent(store: Store) -> None:
    """A blog that closes with "Via Vice" took the story from Vice: its own, unattributed
    telling is Vice's origin again, and it cites Vice in the outlet graph."""
    put(store, "Vice", body("alpha"), (), status="unattributed", at="2022-10-11")
    put(
        store, "Gizmodo", body("beta") + "\n\nVia: Vice", (), status="unattributed", at="2022-10-12"
    )
    cluster = the_claim(store)
    assert list(cluster.origins) == ["outlet:vice"]
    assert "not independent: Gizmodo credits Vice" in cluster.reasons
    (credited,) = [r for r in cluster.to_dict(full=True)["timeline"] if r["outlet"] == "Gizmodo"]
    assert credited["via"] == "Vice" and credited["copy_of"] is None
    view = build_view(store)
    assert view.cites[("Gizmodo", "Vice")] == 1


def test_a_credit_to_a_platform_or_to_itself_changes_nothing(store: Store) -> None:
    put(
        store,
        "Vice",
        body("alpha") + "\n\n(via Twitter)",
        (),
        status="unattributed",
        at="2022-10-11",
    )
    put(
        store,
        "Gizmodo",
        body("beta") + "\n\nH/T Gizmodo",
        (),
        status="unattributed",
        at="2022-10-12",
    )
    assert sorted(the_claim(store).origins) == ["outlet:gizmodo", "outlet:vice"]


def test_a_named_source_stays_the_origin_of_a_credited_story(store: Store) -> None:
    put(store, "Vice", body("alpha"), (MUSK,), at="2022-10-11")
    put(store, "Gizmodo", body("beta") + "\n\nVia Vice", (MUSK,), at="2022-10-12")
    assert list(the_claim(store).origins.values()) == ["Elon Musk"]


def test_a_wire_copy_counts_as_its_wire(store: Store) -> None:
    put(store, "Associated Press", body("alpha"), (), status="unattributed", at="2022-10-11")
    put(store, "Local Courier", body("beta"), (), status="unattributed", at="2022-10-12", wire="AP")
    cluster = the_claim(store)
    assert list(cluster.origins) == ["outlet:associated press"]
    assert "not independent: Local Courier copies AP" in cluster.reasons


def test_a_copy_of_several_wires_adds_no_origin_beside_one_of_them(store: Store) -> None:
    # France 24 credits "(AFP, AP)"; the AP's own report is in the corpus: one origin, not two
    put(store, "Associated Press", body("alpha"), (), status="unattributed", at="2022-10-11")
    put(
        store,
        "France 24",
        body("beta"),
        (),
        status="unattributed",
        at="2022-10-12",
        wire="AFP; Associated Press",
    )
    cluster = the_claim(store)
    assert list(cluster.origins) == ["outlet:associated press"]
    assert cluster.status == "unverified"
    assert "not independent: France 24 copies AFP; Associated Press" in cluster.reasons
    # ... and an independent report of an outlet of its own is a second origin
    put(store, "Meduza", body("gamma"), (), status="unattributed", at="2022-10-13")
    assert list(the_claim(store).origins) == ["outlet:associated press", "outlet:meduza"]


def test_a_copy_of_several_wires_alone_counts_as_its_first(store: Store) -> None:
    put(
        store, "France 24", body("beta"), (), status="unattributed", at="2022-10-12", wire="AFP; AP"
    )
    view = build_view(store)
    (cluster,) = [c for c in view.clusters if c.text == CLAIM]
    assert list(cluster.origins) == ["outlet:agence france-presse"]  # AFP, one spelling
    # the outlet graph has an edge to each wire it credits
    assert view.cites[("France 24", "AFP")] == 1 and view.cites[("France 24", "AP")] == 1


def test_a_near_identical_body_counts_as_the_original(store: Store) -> None:
    original = body("alpha", 20)
    copy = "Republished. " + original.replace("alpha 3", "gamma 3")
    put(store, "Vice", original, (), status="unattributed", at="2022-10-11")
    put(store, "Aggregator", copy, (), status="unattributed", at="2022-10-12")
    put(store, "Meduza", body("beta", 20), (), status="unattributed", at="2022-10-12")
    cluster = the_claim(store)
    assert sorted(cluster.origins) == ["outlet:meduza", "outlet:vice"]
    assert [r.copy_of for r in cluster.reports if r.article.outlet == "Aggregator"] == ["Vice"]


def test_a_denial_by_the_subject_denies_and_by_another_disputes(store: Store) -> None:
    put(store, "Vice", body("alpha"), (BREMMER, MUSK), at="2022-10-11")
    put(store, "Kyiv Post", body("beta"), (UNNAMED,), at="2022-10-12", denied_by=("Kremlin",))
    cluster = the_claim(store)
    assert cluster.status == "disputed"
    assert cluster.reasons[0] == "disputed by Kremlin (Kyiv Post, 2022-10-12)"
    put(store, "BBC", body("gamma"), (MUSK,), at="2022-10-13", denied_by=("Elon Musk",))
    cluster = the_claim(store)
    assert cluster.status == "denied"
    assert [who for _, who, _ in cluster.denials] == ["Elon Musk"]


def test_a_later_version_that_drops_the_claim_corrects_it(store: Store) -> None:
    url = "https://vice.example/musk"
    put(store, "Vice", body("alpha"), (MUSK,), at="2022-10-11", url=url)
    put(store, "Meduza", body("beta"), (), status="unattributed", at="2022-10-12")
    assert the_claim(store).status == "supported"
    put(
        store,
        "Vice",
        body("alpha") + " Correction: an earlier version misstated when they spoke.",
        (MUSK,),
        at="2022-10-11",
        claim="Musk and Putin last spoke 18 months ago",
        url=url,
    )
    cluster = the_claim(store)
    assert cluster.status == "corrected"
    assert "version 2 no longer says it" in cluster.reasons[0]


def test_a_correction_notice_about_the_claim_corrects_it(store: Store) -> None:
    note = "Correction: Elon Musk did not speak with Vladimir Putin before the tweet."
    put(store, "Vice", body("alpha"), (MUSK,), at="2022-10-11", events=(("correction", note),))
    put(store, "Meduza", body("beta"), (), status="unattributed", at="2022-10-12")
    assert the_claim(store).status == "corrected"
    # a notice about something else does not
    put(
        store,
        "Kyiv Post",
        body("gamma"),
        (MUSK,),
        at="2022-10-13",
        events=(("correction", "Correction: the photo caption misnamed the ISS commander."),),
    )
    assert [c for c in the_claim(store).corrections if c[2] == "Kyiv Post"] == []


def test_a_correction_is_placed_at_the_time_its_note_states(store: Store) -> None:
    # fetched now, published 11 October 2022: the notes' own dates place them, in time order
    late = "Correction (Oct. 14): Elon Musk did not speak with Vladimir Putin, Musk said."
    early = "Correction, Oct. 12 at 9:30 a.m.: Elon Musk spoke with Vladimir Putin once."
    put(store, "Vice", body("alpha"), (MUSK,), at="2022-10-11", events=(("correction", late),))
    put(store, "Meduza", body("beta"), (MUSK,), at="2022-10-11", events=(("correction", early),))
    stamps = [(at, where) for at, _, where in the_claim(store).corrections]
    assert stamps == [("2022-10-12T09:30", "Meduza"), ("2022-10-14", "Vice")]
    # a note without a stamp keeps the time its version was seen
    kyiv = put(
        store,
        "Kyiv Post",
        body("gamma"),
        (MUSK,),
        at="2022-10-13",
        events=(("correction", "Correction: Elon Musk spoke with Vladimir Putin in 2021."),),
    )
    (version,) = [v for v in store.versions() if v.article_id == kyiv]
    (seen,) = [at for at, _, where in the_claim(store).corrections if where == "Kyiv Post"]
    assert seen == version.seen_at and seen > "2022-10-14"


def test_a_claim_is_found_by_its_cluster_id_or_any_member(store: Store) -> None:
    put(store, "Vice", body("alpha"), (MUSK,), at="2022-10-11")
    view = build_view(store)
    cluster = view.clusters[0]
    member = cluster.reports[0].claim.id
    assert view.cluster(cluster.id) is cluster
    assert view.cluster(str(member)) is cluster
    with pytest.raises(InputError, match="no claim with this id"):
        view.cluster("K999")


def test_a_repost_keeps_the_originals_origin_whatever_its_chain_says(store: Store) -> None:
    """Reading a copy can name another source (a parse gone differently); the copy still
    adds no origin."""
    original = body("alpha", 20)
    put(store, "Vice", original, (MUSK,), at="2022-10-11")
    put(store, "Aggregator", "Republished. " + original, (PUTIN,), at="2022-10-12")
    cluster = the_claim(store)
    assert list(cluster.origins.values()) == ["Elon Musk"]
    assert cluster.status == "unverified"


def test_a_headline_that_refutes_the_claim_disputes_it(store: Store) -> None:
    put(store, "Vice", body("alpha"), (MUSK,), at="2022-10-11")
    put(store, "Meduza", body("beta"), (), status="unattributed", at="2022-10-12")
    assert the_claim(store).status == "supported"
    store.add_version(
        ArticleIn(
            body("gamma"),
            url="https://tass.example/call",
            outlet="TASS",
            title="Musk-Putin call is fake, Kremlin says",
            published="2022-10-13",
        ),
        "{}",
        [ClaimIn("c1", CLAIM, "reported", chain=(outlet("TASS"),))],
    )
    cluster = the_claim(store)
    assert cluster.status == "disputed"
    assert cluster.disputes == [
        ("2022-10-13", "headline 'Musk-Putin call is fake, Kremlin says'", "TASS")
    ]
    # the rules say whether headlines are read, and how sure the model must be
    assert the_claim(store, use_stance=False).status == "supported"
    assert the_claim(store, stance_refutes_at=0.99).status == "supported"


def test_without_the_cross_encoder_headlines_are_read_by_the_linear_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A cross-encoder that does not load (the tagger was retrained without it) leaves the
    linear stance model reading headlines, rather than none."""
    import sourcetrace.stance as stance_module
    from sourcetrace.corpus_view import _packaged_stance
    from sourcetrace.errors import ConfigError

    def refused() -> None:
        raise ConfigError("the stance encoder was trained on another tagger")

    monkeypatch.setattr(stance_module, "stance_model", refused)
    model = _packaged_stance()
    assert isinstance(model, stance_module.StanceEnsemble) and model.encoder is None
    pair = [(CLAIM, "Musk-Putin call is fake, Kremlin says")]
    assert model.reaches(pair, "refutes", 0.5) == stance_module.StanceModel.load().reaches(
        pair, "refutes", 0.5
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("CNN", "edition.cnn.com", True),
        ("Al-Maalomah News", "almaalomah.news", True),
        ("The Guardian", "theguardian.com", True),
        ("BBC", "bbc.co.uk", True),
        ("AP", "The Associated Press", True),
        ("CNN", "foxnews.com", False),
        ("FOX 13", "FOX 13 News Utah (KSTU)", True),
        ("FOX 13", "fox13now.com", True),
        ("AP", "apple.com", False),
        ("Mashable", None, False),
    ],
)
def test_two_spellings_of_one_outlet_agree(a: str, b: str | None, same: bool) -> None:
    from sourcetrace.lexicon import same_outlet

    assert same_outlet(a, b) is same


def test_an_article_of_no_known_outlet_is_named_by_its_number_in_the_reasons(
    store: Store,
) -> None:
    put(store, "Vice", body("alpha"), (), status="unattributed", at="2022-10-11")
    article = ArticleIn(body("beta") + "\n\nVia: Vice", published="2022-10-12")
    claim = ClaimIn("c1", CLAIM, "unattributed", subjects=("Elon Musk",))
    added = store.add_version(article, "{}", [claim], []).article_id
    cluster = the_claim(store)
    assert f"not independent: article {added} credits Vice" in cluster.reasons
    assert list(cluster.origins) == ["outlet:vice"]
