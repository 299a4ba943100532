"""The store contract: the same behaviour from SQLite and from a real PostgreSQL.

Every test here runs twice (``store_url`` in conftest.py): against an SQLite file and against a
fresh database on a PostgreSQL server (started by ``.ci/run``, or here by ``scripts/pg.sh``).
"""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcetrace.errors import StoreError
from sourcetrace.store import ArticleIn, ChainLink, ClaimIn, fingerprint, open_store

TEXT = "Vice reported that Elon Musk spoke with Vladimir Putin.\n\nMusk denied it on Twitter."


def _claim(text: str = "Elon Musk spoke with Vladimir Putin", **kw: object) -> ClaimIn:
    defaults: dict[str, object] = {
        "local_id": "c1",
        "text": text,
        "status": "reported",
        "chain": (ChainLink("Vice", "outlet"), ChainLink("Elon Musk", "person")),
        "denied_by": ("Elon Musk",),
        "subjects": ("Elon Musk", "Vladimir Putin"),
    }
    defaults.update(kw)
    return ClaimIn(**defaults)  # type: ignore[arg-type]


def test_migrations_are_named_recorded_and_not_run_twice(store_url: str) -> None:
    with open_store(store_url) as store:
        assert store.migrations() == ["0001_corpus"]
    with open_store(store_url) as store:  # opening again applies nothing
        assert store.migrate() == []
        assert store.migrations() == ["0001_corpus"]


def test_the_same_article_twice_is_stored_once_and_a_changed_page_is_a_version(
    store_url: str,
) -> None:
    url = "https://example.org/news/1"
    with open_store(store_url) as store:
        first = store.add_version(ArticleIn(TEXT, url=url, outlet="Example"), "{}", [_claim()])
        again = store.add_version(ArticleIn(TEXT, url=url, outlet="Example"), "{}", [_claim()])
        # the same text reflowed is the same version
        reflowed = store.add_version(ArticleIn(TEXT.replace(" ", "\n", 2), url=url), "{}")
        changed = store.add_version(
            ArticleIn(TEXT + " Update: Musk said it was 18 months ago.", url=url),
            "{}",
            [_claim(), _claim("it was 18 months ago", local_id="c2")],
            [("update", "Update:")],
        )
        assert (first.status, again.status, reflowed.status) == ("new", "unchanged", "unchanged")
        assert changed.status == "version"
        assert changed.article_id == first.article_id
        assert (first.seq, changed.seq) == (1, 2)
        counts = store.counts()
        assert (counts.articles, counts.versions, counts.claims) == (1, 2, 3)
        versions = list(store.versions(first.article_id))
        assert [v.seq for v in versions] == [1, 2]
        assert store.events() == {changed.version_id: [("update", "Update:")]}
        assert [a.outlet for a in store.articles()] == ["Example"]


def test_an_article_without_url_is_known_by_its_text(store_url: str) -> None:
    with open_store(store_url) as store:
        a = store.add_version(ArticleIn(TEXT), "{}")
        b = store.add_version(ArticleIn(TEXT + "\n"), "{}")
        c = store.add_version(ArticleIn("Another story altogether, with other words."), "{}")
        assert (a.status, b.status, c.status) == ("new", "unchanged", "new")
        assert store.has_version(f"sha256:{fingerprint(TEXT)}", fingerprint(TEXT))
        assert not store.has_version("https://example.org/none", fingerprint(TEXT))


def test_claims_come_back_as_they_went_in(store_url: str) -> None:
    claim = _claim(status="disputed")
    with open_store(store_url) as store:
        outcome = store.add_version(ArticleIn(TEXT, url="https://e.org/a"), '{"x": 1}', [claim])
        (back,) = list(store.claims())
        assert back.text == claim.text and back.status == "disputed"
        assert back.chain == claim.chain
        assert back.denied_by == claim.denied_by and back.subjects == claim.subjects
        assert (back.article_id, back.version_id, back.seq) == (
            outcome.article_id,
            outcome.version_id,
            1,
        )
        assert store.report_json(outcome.version_id) == '{"x": 1}'


def test_an_article_is_stored_whole_or_not_at_all(store_url: str) -> None:
    """A failure in the middle of an article's transaction leaves nothing of it behind."""
    broken = _claim(chain=(ChainLink(object(), "person"),))  # type: ignore[arg-type]
    with open_store(store_url) as store:
        store.add_version(ArticleIn("A first story.", url="https://e.org/1"), "{}", [_claim()])
        with pytest.raises(TypeError):
            store.add_version(ArticleIn(TEXT, url="https://e.org/2"), "{}", [_claim(), broken])
        counts = store.counts()
        assert (counts.articles, counts.versions, counts.claims) == (1, 1, 1)
        # and the store still takes the next article
        assert store.add_version(ArticleIn(TEXT, url="https://e.org/2"), "{}").status == "new"


def test_failures_keep_their_reason_and_clear_when_the_item_is_read(store_url: str) -> None:
    with open_store(store_url) as store:
        store.record_failure("crawl.warc.gz", "crawl.warc.gz#9", "input.archive", "truncated")
        store.record_failure("crawl.warc.gz", "crawl.warc.gz#9", "input.archive", "cut at 812")
        store.record_failure("feed.xml", "feed.xml", "input.feed", "not XML")
        assert [(f.locator, f.reason) for f in store.failures()] == [
            ("crawl.warc.gz#9", "cut at 812"),
            ("feed.xml", "not XML"),
        ]
        store.add_version(ArticleIn(TEXT, origin="crawl.warc.gz", locator="crawl.warc.gz#9"), "{}")
        assert [f.locator for f in store.failures()] == ["feed.xml"]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1
        ),
        min_size=1,
        max_size=6,
    )
)
def test_ingest_is_idempotent_and_round_trips_any_text(store_url: str, texts: list[str]) -> None:
    """Adding the same articles any number of times stores each distinct text once, and reads
    back exactly what went in."""
    run = uuid.uuid4().hex  # hypothesis reuses the store across examples: URLs of their own
    with open_store(store_url) as store:
        before = store.counts().versions
        for _ in range(2):
            for i, text in enumerate(texts):
                store.add_version(ArticleIn(text, url=f"https://p.org/{run}/{i}"), "{}")
        distinct = {(i, fingerprint(t)) for i, t in enumerate(texts)}
        assert store.counts().versions - before == len(distinct)
        stored = {(v.article_id, v.text) for v in store.versions()}
        for text in texts:
            assert any(t == text for _, t in stored)


def test_a_bad_target_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="folder"):
        open_store("/no/such/folder/corpus.db")
    with pytest.raises(StoreError, match="unknown database URL"):
        open_store("mysql://localhost/corpus")
    with pytest.raises(StoreError, match="cannot connect") as caught:
        open_store("postgresql://someone:secret@127.0.0.1:9/none?connect_timeout=2")
    assert "secret" not in str(caught.value) and "secret" not in str(caught.value.context)


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "notes.db"
    path.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StoreError):
        open_store(path)
