"""The corpus as a user runs it: ``add`` (resumable after kill -9, failures recorded),
``recheck`` (new versions, diffs, a later denial moving a claim's status), and the commands
that read the store."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from cli_support import run_cli
from http_support import Route, serve
from paths import DATA, REPO, needs
from sourcetrace.corpus import add, recheck
from sourcetrace.corpus_view import build_view
from sourcetrace.settings import Settings
from sourcetrace.store import open_store
from test_sources import (
    CLEVELAND,
    CNN,
    CNN_URL,
    crawl_records,
    record_starts,
    three_articles,
    warc_bytes,
)

FNC1 = DATA / "fnc1" / "train_bodies.csv"


def fnc1_bodies(n: int, *, start: int = 0) -> list[str]:
    csv.field_size_limit(10**8)
    with FNC1.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["articleBody"] for r in rows[start : start + n]]


def _write_articles(folder: Path, texts: list[str]) -> list[Path]:
    folder.mkdir()
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"body-{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _snapshot(db: str) -> tuple[list[tuple[str, int]], int, int]:
    """(article key, versions) of every article, the number of versions and of claims."""
    with open_store(db) as store:
        articles = sorted((a.key, a.versions) for a in store.articles())
        counts = store.counts()
        return articles, counts.versions, counts.claims


@needs(FNC1)
def test_a_run_killed_at_any_point_and_started_again_loses_and_duplicates_nothing(
    tmp_path: Path, store_url: str
) -> None:
    folder = tmp_path / "articles"
    _write_articles(folder, fnc1_bodies(10))

    def add_into(db: str) -> list[str]:
        return [sys.executable, "-m", "sourcetrace", "add", str(folder), "--db", db, "--no-tagger"]

    command = add_into(store_url)
    # a clean run into a store of its own, for reference
    reference = str(tmp_path / "reference.db")
    done = subprocess.run(
        add_into(reference), cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    expected = _snapshot(reference)
    assert len(expected[0]) == 10

    # the same run, killed (SIGKILL) once some articles are stored, then started again
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 240
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        try:
            stored = _snapshot(store_url)[1]
        except Exception:  # the store may not exist yet  # noqa: BLE001
            stored = 0
        if stored >= 3:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    partial = _snapshot(store_url)
    assert 3 <= partial[1] < 10

    again = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"{partial[1]} unchanged" in again.stdout  # what was stored is not analysed again
    assert _snapshot(store_url) == expected


ARTICLE = """<!doctype html><html><head><meta charset="utf-8">
<title>Mayor to close the central library, officials say</title>
<meta property="og:site_name" content="The Harbour Gazette"></head><body><article>
<h1>Mayor to close the central library, officials say</h1>
<p>Mayor Ann Doyle will close the central library next year, two city officials said on
Monday, speaking on condition of anonymity because the plan has not been announced.</p>
<p>The officials said the building would be sold to a developer for 12 million dollars and that
the council had been told of the sale in a closed session last week.</p>
{update}
</article></body></html>
"""
UPDATE = """<p>Update: Mayor Ann Doyle denied that she will close the central library.
"I have no plan to close the central library, and I never had one," Doyle said on Tuesday.</p>"""


def test_recheck_stores_a_changed_page_as_a_version_and_a_later_denial_moves_the_status(
    tmp_path: Path,
) -> None:
    routes = {"/library": Route(body=ARTICLE.format(update="").encode(), headers={})}
    routes["/library"].headers["Content-Type"] = "text/html; charset=utf-8"
    db = str(tmp_path / "corpus.db")
    with serve(routes) as server, open_store(db) as store:
        url = server.url("/library")
        summary = add(store, [url], settings=Settings())
        assert (summary.new, summary.failed) == (1, 0)
        before = build_view(store)
        (claim,) = [c for c in before.clusters if "close the central library" in c.text]
        assert claim.status == "unverified"
        assert "a single origin" in claim.reasons[0]

        assert [r.status for r in recheck(store, settings=Settings())] == ["unchanged"]
        routes["/library"].body = ARTICLE.format(update=UPDATE).encode()
        (result,) = recheck(store, settings=Settings())
        assert (result.status, result.seq) == ("version", 2)

        from sourcetrace.corpus import diff

        changes = diff(store, result.article_id)
        assert "+Update: Mayor Ann Doyle denied" in changes
        assert "-Mayor Ann Doyle will close" not in changes  # unchanged sentences are not in it

        after = build_view(store)
        (claim,) = [
            c
            for c in after.clusters
            if "close the central library next year" in c.text
            and any(r.claim.seq == 2 for r in c.reports)
        ]
        # the mayor is named in the claim: her word is a denial, not a mere dispute
        assert claim.status == "denied", claim.reasons
        assert [who for _, who, _ in claim.denials] == ["Ann Doyle"]
        assert claim.reasons[0].startswith("denied by Ann Doyle")


def test_the_commands_read_the_store(tmp_path: Path) -> None:
    """add, claims, trace and outlets as a user runs them, down to the GraphML file."""
    page = tmp_path / "library.html"
    page.write_text(ARTICLE.format(update=UPDATE), encoding="utf-8")
    db = str(tmp_path / "corpus.db")
    added = run_cli("add", str(page), "--db", db, "--no-tagger")
    assert added.returncode == 0, added.stderr
    assert "1 new articles" in added.stdout
    again = run_cli("add", str(page), "--db", db, "--no-tagger")
    assert "0 new articles, 0 new versions, 1 unchanged" in again.stdout

    listed = run_cli("claims", "--db", db, "--json")
    assert listed.returncode == 0, listed.stderr
    clusters = [json.loads(line) for line in listed.stdout.splitlines()]
    assert clusters and all(c["id"].startswith("K") for c in clusters)
    assert all(
        c["status"] in ("supported", "disputed", "denied", "corrected", "unverified")
        for c in clusters
    )

    # the table fits the terminal (80 columns when not one), its short columns whole
    table = run_cli("claims", "--db", db)
    assert table.returncode == 0, table.stderr
    width = int(os.environ.get("COLUMNS", "80"))
    assert max(len(line) for line in table.stdout.splitlines()) <= width
    header = next(line for line in table.stdout.splitlines() if "claim" in line and "why" in line)
    assert all(name in header for name in ("id", "arts", "orig", "first", "status"))
    assert clusters[0]["status"] in table.stdout and clusters[0]["id"] in table.stdout

    traced = run_cli("trace", clusters[0]["id"], "--db", db, "--json")
    assert traced.returncode == 0, traced.stderr
    detail = json.loads(traced.stdout)
    assert detail["id"] == clusters[0]["id"]
    assert detail["timeline"] and detail["timeline"][0]["outlet"] == "The Harbour Gazette"

    missing = run_cli("trace", "K999999", "--db", db)
    assert missing.returncode == 2 and "no claim with this id" in missing.stderr

    graph = tmp_path / "outlets.graphml"
    shown = run_cli("outlets", "--db", db, "--graphml", str(graph), "--json")
    assert shown.returncode == 0, shown.stderr
    (row,) = [json.loads(line) for line in shown.stdout.splitlines()]
    assert (row["outlet"], row["articles"]) == ("The Harbour Gazette", 1)
    # its claims rest on unnamed officials, and on nobody else
    assert 0 < row["anonymous_share"] <= 1 and row["single_origin_share"] == 1
    import networkx as nx

    assert "The Harbour Gazette" in nx.read_graphml(graph).nodes


@needs(CNN, CLEVELAND)
def test_bad_records_are_stored_as_failures_and_the_run_goes_on(tmp_path: Path) -> None:
    """A truncated WARC.gz, a WARC with a broken record and a 'feed' that is not XML, beside
    good articles: the good ones are stored, each bad one is a failure with its reason."""
    crawl = warc_bytes(crawl_records(), gzip=True)
    last = record_starts(crawl, gzip=True)[3]
    truncated = tmp_path / "crawl.warc.gz"
    truncated.write_bytes(crawl[: last + (len(crawl) - last) // 2])
    broken_data = bytearray(warc_bytes(three_articles(), gzip=False))
    second = record_starts(bytes(broken_data), gzip=False)[1]
    broken_data[second : second + 8] = b"GARBAGE!"
    broken = tmp_path / "broken.warc"
    broken.write_bytes(bytes(broken_data))
    feed = tmp_path / "feed.xml"
    feed.write_text("this is not a feed, nor XML at all\n<rss", encoding="utf-8")
    page = tmp_path / "library.html"
    page.write_text(ARTICLE.format(update=""), encoding="utf-8")
    db = str(tmp_path / "corpus.db")
    inputs = [str(truncated), str(broken), str(feed), str(page)]

    first = run_cli("add", *inputs, "--db", db, "--no-tagger", timeout=300)
    assert first.returncode == 1, first.stderr  # finished, with failures
    assert "4 new articles, 0 new versions, 0 unchanged, 3 failed" in first.stdout
    for name in ("crawl.warc.gz", "broken.warc", "feed.xml"):
        assert f"skipped {tmp_path / name}" in first.stderr

    with open_store(db) as store:
        urls = sorted(a.url or a.key[:7] for a in store.articles())
        failures = sorted((Path(f.origin).name, f.code) for f in store.failures())
        reasons = {Path(f.origin).name: f.reason for f in store.failures()}
    assert urls == sorted([CNN_URL, "https://news.example/1", "https://news.example/3", "sha256:"])
    assert failures == [
        ("broken.warc", "input.archive"),
        ("crawl.warc.gz", "input.archive"),
        ("feed.xml", "input.feed"),
    ]
    assert "ends early" in reasons["crawl.warc.gz"]
    assert "not an RSS or Atom feed" in reasons["feed.xml"]

    # again: nothing new, nothing duplicated, the failures recorded once each
    again = run_cli("add", *inputs, "--db", db, "--no-tagger", timeout=300)
    assert "0 new articles, 0 new versions, 4 unchanged, 3 failed" in again.stdout
    with open_store(db) as store:
        assert (store.counts().articles, len(store.failures())) == (4, 3)
