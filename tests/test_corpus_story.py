"""One real story told by several outlets: Nigeria says Boko Haram agreed to a ceasefire and
will free the Chibok schoolgirls (17 October 2014); two weeks later Boko Haram's leader denies
it on video. Eight real bodies from FNC-1 (train bodies), read end to end into a store.

What a reader of these bodies finds (checked by hand, quotes in the comments):
- body 520 (DW) opens ``The Islamist militant group Boko Haram has agreed to a ceasefire and the
  release of more than 200 kidnapped school girls, according to Nigerian officials``: the claim
  the BBC later reports denied;
- body 600 opens ``Abuja (AFP) -``: a wire copy of AFP (its outlet here: Yahoo News);
- body 2272 is the AP's story 2139 reposted with a few edits (it ends ``Additional reporting by
  Mashable``; 84 % of its 8-word shingles are the AP's): not an independent origin;
- body 1588 (BBC): ``Boko Haram has denied claims by Nigeria's government that it has agreed
  to a ceasefire and will release more than 200 abducted schoolgirls``: a denial by the party
  the claim is about;
- body 1821 (Reuters) opens ``A man claiming to be Boko Haram leader Abubakar Shekau said ...,
  contradicting Nigerian government claims they would soon be freed``, and 1588 says
  ``Nigeria's army announced a ceasefire ..., saying the girls would soon be freed``.

The outlets and dates are those the bodies themselves give (the bodies carry no metadata).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from paths import DATA, needs
from sourcetrace.corpus import add_documents
from sourcetrace.corpus_view import CorpusView, build_view
from sourcetrace.store import ArticleIn, open_store

FNC1 = DATA / "fnc1" / "train_bodies.csv"

STORY = (  # body id, outlet, published
    ("531", "Al Jazeera", "2014-10-17T12:00:00Z"),
    ("600", "Yahoo News", "2014-10-17T15:00:00Z"),
    ("2403", "USA Today", "2014-10-17T18:00:00Z"),
    ("520", "Deutsche Welle", "2014-10-18T09:00:00Z"),
    ("1588", "BBC", "2014-10-31T22:00:00Z"),
    ("2139", "Associated Press", "2014-11-01T03:00:00Z"),
    ("2272", "Mashable", "2014-11-01T08:00:00Z"),
    ("1821", "Reuters", "2014-11-01T10:00:00Z"),
)

pytestmark = needs(FNC1)


@pytest.fixture(scope="module")
def view(tmp_path_factory: pytest.TempPathFactory) -> CorpusView:
    csv.field_size_limit(10**8)
    with FNC1.open(newline="", encoding="utf-8") as f:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(f)}
    db = Path(tmp_path_factory.mktemp("story")) / "story.db"
    articles = [
        ArticleIn(
            bodies[body],
            url=f"https://{outlet.replace(' ', '').lower()}.example/{body}",
            outlet=outlet,
            published=published,
        )
        for body, outlet, published in STORY
    ]
    with open_store(db) as store:
        summary = add_documents(store, articles)
        assert (summary.new, summary.failed) == (8, 0)
        return build_view(store)


def copies(view: CorpusView) -> dict[str, str]:
    return {
        r.article.outlet or "": r.copy_of
        for cluster in view.clusters
        for r in cluster.reports
        if r.copy_of
    }


def test_wire_copies_and_reposts_are_found(view: CorpusView) -> None:
    found = copies(view)
    assert found["Yahoo News"] == "AFP"
    assert found["Mashable"] == "Associated Press"  # near-identical body, no credit
    for original in ("Al Jazeera", "BBC", "Reuters", "Associated Press"):
        assert original not in found


def test_a_repost_adds_no_independent_origin(view: CorpusView) -> None:
    """Claims carried only by the AP and its repost rest on one origin, and so stay
    unverified; without the copy found they would count two and pass as supported."""
    shared = [
        c
        for c in view.clusters
        if {r.article.outlet for r in c.reports} == {"Associated Press", "Mashable"}
    ]
    assert len(shared) >= 3
    for cluster in shared:
        assert len(cluster.origins) == 1, cluster.reasons
        assert cluster.status in ("unverified", "denied", "disputed", "corrected")
        assert "not independent: Mashable copies Associated Press" in cluster.reasons


def test_the_subjects_denial_denies_the_ceasefire_claim(view: CorpusView) -> None:
    (cluster,) = [
        c
        for c in view.clusters
        if any(
            r.article.outlet == "BBC" and "agreed to a ceasefire" in r.claim.text for r in c.reports
        )
    ]
    assert cluster.status == "denied"
    assert ("2014-10-31T22:00:00Z", "Boko Haram", "BBC") in cluster.denials
    # DW had opened two weeks before with the claim the BBC reports denied: "The Islamist
    # militant group Boko Haram has agreed to a ceasefire and the release of more than 200
    # kidnapped school girls, according to Nigerian officials" (one claim, one cluster)
    dw = [r for r in cluster.reports if r.article.outlet == "Deutsche Welle"]
    assert any("has agreed to a ceasefire" in r.claim.text for r in dw), cluster.reasons
    assert cluster.first is not None and cluster.first.article.outlet == "Deutsche Welle"


def test_soon_freed_is_reported_twice_and_disputed_by_the_man_in_the_video(
    view: CorpusView,
) -> None:
    (cluster,) = [
        c
        for c in view.clusters
        if {r.article.outlet for r in c.reports} >= {"BBC", "Reuters"}
        and "would soon be freed" in c.text
    ]
    # the army (BBC) and the government (Reuters): two origins, both before the dispute
    assert len(cluster.origins) == 2
    assert cluster.first is not None and cluster.first.article.outlet == "BBC"
    assert cluster.status == "disputed"
    assert [(at, where) for at, _, where in cluster.disputes] == [
        ("2014-11-01T10:00:00Z", "Reuters")
    ]
