"""The corpus: many articles in a store, ingested once each, resumable, failures recorded.

``add`` streams what a user gives (files, URL lists, feeds, web archives: ``sources.expand``)
through the pipeline into a ``Store``: each article's report, claims (with the names along their
chains), and update and correction marks, one transaction an article. What is already stored
(the same URL with the same text) is skipped before analysis, so a killed run started again
loses nothing and duplicates nothing; an item that cannot be read is stored as a failure with
its reason and the run goes on.

What the corpus says of its claims (clusters, independent origins, status) is in
``corpus_view.py``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from .fetch import Fetcher
from .lexicon import outlet_of_url
from .model import Document, Report
from .settings import DEFAULT_SETTINGS, Settings
from .store import WIRE_SEPARATOR, AddOutcome, ArticleIn, ChainLink, ClaimIn, Store


@dataclass(slots=True)
class AddSummary:
    """What one ``add`` run did: counts by outcome, and the failures it recorded."""

    new: int = 0
    versions: int = 0
    unchanged: int = 0
    failed: int = 0
    claims: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (locator, code, why)

    @property
    def seen(self) -> int:
        return self.new + self.versions + self.unchanged + self.failed

    def to_dict(self) -> dict[str, object]:
        return {
            "new": self.new,
            "versions": self.versions,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "claims": self.claims,
            "failures": [
                {"item": item, "code": code, "reason": reason}
                for item, code, reason in self.failures
            ],
        }


Progress = Callable[[AddSummary], None]


def add(
    store: Store,
    inputs: Iterable[str],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    fetcher: Fetcher | None = None,
    outlet: str | None = None,
    progress: Progress | None = None,
) -> AddSummary:
    """Ingest files, directories, URLs, URL lists, feeds and WARC files into ``store``.

    ``outlet`` names the outlet of inputs that do not say (plain text files)."""
    from .sources import expand

    def articles() -> Iterator[tuple[ArticleIn, Document] | tuple[str, str, str, str]]:
        for item in expand(inputs, settings=settings, fetcher=fetcher):
            if item.error is not None or item.document is None:
                error = item.error
                code = error.code if error is not None else "input"
                reason = error.message if error is not None else "nothing could be read"
                yield (item.origin, item.locator, code, reason)
                continue
            doc = item.document
            article = article_in(
                doc,
                url=item.url or doc.url,
                outlet=outlet,
                published=item.published,
                fetched_at=item.fetched_at,
                origin=item.origin,
                locator=item.locator,
            )
            yield article, doc

    return add_articles(store, articles(), settings=settings, progress=progress)


def add_documents(
    store: Store,
    documents: Iterable[Document | ArticleIn],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    progress: Progress | None = None,
) -> AddSummary:
    """Ingest Documents (or ArticleIn with their text) made by the caller."""

    def articles() -> Iterator[tuple[ArticleIn, Document]]:
        for entry in documents:
            if isinstance(entry, ArticleIn):
                doc = Document(
                    text=entry.text,
                    title=entry.title,
                    url=entry.url,
                    outlet=entry.outlet,
                    published=entry.published,
                )
                yield entry, doc
            else:
                yield article_in(entry), entry

    return add_articles(store, articles(), settings=settings, progress=progress)


def add_articles(
    store: Store,
    entries: Iterable[tuple[ArticleIn, Document] | tuple[str, str, str, str]],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    progress: Progress | None = None,
    stored: Callable[[ArticleIn, AddOutcome], None] | None = None,
) -> AddSummary:
    """The ingest loop: skip what is stored, analyse the rest in one stream, store each
    article in its own transaction, record failures (4-tuples: origin, locator, code, why).
    ``stored`` hears of each analysed article and what became of it."""
    from .linking import wire_credits
    from .pipeline import analyze_documents

    summary = AddSummary()
    pending: deque[ArticleIn] = deque()

    def fail(origin: str, locator: str, code: str, reason: str) -> None:
        store.record_failure(origin, locator, code, reason)
        summary.failed += 1
        summary.failures.append((locator, code, reason))
        if progress:
            progress(summary)

    def documents() -> Iterator[Document]:
        for entry in entries:
            if len(entry) == 4:
                fail(*entry)
                continue
            article, doc = entry
            if store.has_version(article.key, article.fingerprint):
                summary.unchanged += 1
                if progress:
                    progress(summary)
                continue
            if article.wire is None:
                credits = wire_credits(article.text)
                article = replace(article, wire=WIRE_SEPARATOR.join(credits) or None)
            pending.append(article)
            yield doc

    for report in analyze_documents(documents(), settings=settings):
        article = pending.popleft()
        claims = claims_in(report)
        outcome = store.add_version(
            article,
            report.to_json(indent=None),
            claims,
            [(event.kind, event.text) for event in report.events],
        )
        if outcome.status == "new":
            summary.new += 1
        elif outcome.status == "version":
            summary.versions += 1
        else:
            summary.unchanged += 1
        if outcome.status != "unchanged":
            summary.claims += len(claims)
        if stored:
            stored(article, outcome)
        if progress:
            progress(summary)
    return summary


# --- from a report to what the store keeps --------------------------------------------------


def article_in(
    doc: Document,
    *,
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    fetched_at: str | None = None,
    origin: str | None = None,
    locator: str | None = None,
) -> ArticleIn:
    """The store's view of a Document: its text, URL, outlet (the page's, the caller's, else
    the URL's host) and dates."""
    url = url or doc.url
    return ArticleIn(
        text=doc.text,
        url=url,
        outlet=doc.outlet or outlet or outlet_of_url(url),
        title=doc.title,
        published=doc.published or published,
        fetched_at=fetched_at,
        origin=origin,
        locator=locator,
    )


def claims_in(report: Report) -> list[ClaimIn]:
    """What the corpus keeps of each claim of a report: its text and status, the names and
    kinds along its chain, who in the article denies or contradicts it, and whom it names."""
    names = {e.id: e for e in report.entities}
    claims = []
    for claim in report.claims:
        chain = tuple(
            ChainLink(names[i].name, names[i].kind) if i in names else ChainLink(i, "unknown")
            for i in claim.chain
        )
        deniers = []
        for attribution_id in claim.contradicted_by:
            attribution = report.attribution(attribution_id)
            if attribution is None:
                continue
            entity = report.entity(
                attribution.source.entity if attribution.source else attribution.speaker
            )
            if entity is not None:
                deniers.append(entity.name)
            elif attribution.source is not None:
                deniers.append(attribution.source.text)
        subjects = _named_in(report, claim.start, claim.end)
        claims.append(
            ClaimIn(
                local_id=claim.id,
                text=claim.text,
                status=claim.status,
                chain=chain,
                denied_by=tuple(dict.fromkeys(deniers)),
                subjects=subjects,
            )
        )
    return claims


def _named_in(report: Report, start: int, end: int) -> tuple[str, ...]:
    """Names of the entities (persons, organisations, outlets, groups) mentioned in a span."""
    found = []
    for entity in report.entities:
        if entity.kind in ("anonymous", "author", "document"):
            continue
        if any(s < end and e > start for s, e in entity.mentions):
            found.append(entity.name)
    return tuple(found)


# --- versions: fetching stored URLs again -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recheck:
    """What fetching one stored URL again found."""

    article_id: int
    url: str
    status: str  # "unchanged", "version" (a new version was stored) or "failed"
    seq: int | None = None
    reason: str | None = None


def recheck(
    store: Store,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    fetcher: Fetcher | None = None,
    progress: Callable[[Recheck], None] | None = None,
) -> list[Recheck]:
    """Fetch every stored URL again; store a changed page as a new version (analysed, with its
    marks); record a page that cannot be fetched as a failure. Returns one Recheck a URL."""
    from .errors import SourcetraceError
    from .fetch import HttpxFetcher
    from .ingest import load
    from .store import now

    fetcher = fetcher or HttpxFetcher(settings)
    results: list[Recheck] = []
    outlets = {a.id: a.outlet for a in store.articles()}
    ids: dict[str, int] = {}  # the URL of each article sent for analysis -> its id

    def note(result: Recheck) -> None:
        results.append(result)
        if progress:
            progress(result)

    def changed() -> Iterator[tuple[ArticleIn, Document]]:
        for article_id, url in store.urls():
            try:
                doc = load(url, settings=settings, fetcher=fetcher)
            except SourcetraceError as exc:
                store.record_failure("recheck", url, exc.code, exc.message)
                note(Recheck(article_id, url, "failed", reason=exc.message))
                continue
            article = article_in(
                doc,
                url=url,
                outlet=outlets[article_id],
                fetched_at=now(),
                origin="recheck",
                locator=url,
            )
            if store.has_version(article.key, article.fingerprint):
                note(Recheck(article_id, url, "unchanged"))
                continue
            ids[url] = article_id
            yield article, doc

    def stored(article: ArticleIn, outcome: AddOutcome) -> None:
        url = article.url or ""
        if outcome.status == "unchanged":
            note(Recheck(ids[url], url, "unchanged"))
        else:
            note(Recheck(ids[url], url, "version", seq=outcome.seq))

    add_articles(store, changed(), settings=settings, stored=stored)
    return results


def diff(store: Store, article_id: int, old: int | None = None, new: int | None = None) -> str:
    """A unified diff, sentence by sentence, between two versions of an article (by default
    the last two); empty when it has a single version."""
    import difflib

    from .errors import InputError

    versions = {v.seq: v for v in store.versions(article_id)}
    if not versions:
        raise InputError("no article with this id in the store", source=str(article_id))
    new = new or max(versions)
    old = old or (new - 1)
    if old not in versions or new not in versions:
        return ""
    a, b = versions[old], versions[new]
    return "".join(
        difflib.unified_diff(
            _sentences(a.text),
            _sentences(b.text),
            fromfile=f"version {old} ({a.seen_at})",
            tofile=f"version {new} ({b.seen_at})",
        )
    )


def _sentences(text: str) -> list[str]:
    import re

    parts = re.split(r"(?<=[.!?])\s+|(?<=[.!?][\"”’])\s+|\n+", text)
    return [p.strip() + "\n" for p in parts if p.strip()]
