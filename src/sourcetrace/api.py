"""The library's entry points: one article as a string, or many sources streamed in order.

The CLI, the web app and batch jobs call these; none of them holds logic of its own.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from .errors import SourcetraceError
from .fetch import Fetcher
from .ingest import document_from_string, load
from .model import Document, Report
from .settings import DEFAULT_SETTINGS, Settings

ErrorPolicy = Literal["raise", "skip", "record"]


def analyze(
    text_or_html: str, url: str | None = None, *, settings: Settings | None = None
) -> Report:
    """Analyse one article given as plain text or HTML; return its Report."""
    from .pipeline import analyze_document

    settings = settings or DEFAULT_SETTINGS
    return analyze_document(
        document_from_string(text_or_html, url, settings=settings), settings=settings
    )


def analyze_source(
    source: str, *, settings: Settings = DEFAULT_SETTINGS, fetcher: Fetcher | None = None
) -> Report:
    """Analyse one article from a path, ``-`` (standard input) or an http(s) URL."""
    from .pipeline import analyze_document

    return analyze_document(load(source, settings=settings, fetcher=fetcher), settings=settings)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one source of a batch: its report, or the error that stopped it."""

    source: str
    report: Report | None = None
    error: SourcetraceError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def analyze_sources(
    sources: Sequence[str],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    fetcher: Fetcher | None = None,
    errors: ErrorPolicy = "record",
) -> Iterator[Outcome]:
    """Analyse many sources, in order, streaming them through one spaCy pipeline.

    ``errors``: ``"raise"`` stops at the first source that cannot be loaded; ``"skip"`` leaves
    it out; ``"record"`` (the default) yields an Outcome carrying its error, in its place.
    """
    from .pipeline import analyze_documents

    failures: dict[int, SourcetraceError] = {}
    loaded: deque[int] = deque()  # indices of the sources handed to the pipeline, in order

    def documents() -> Iterable[Document]:
        for index, source in enumerate(sources):
            try:
                doc = load(source, settings=settings, fetcher=fetcher)
            except SourcetraceError as exc:
                if errors == "raise":
                    raise
                failures[index] = exc
                continue
            loaded.append(index)
            yield doc

    def failed_before(stop: int, start: int) -> Iterator[Outcome]:
        for index in range(start, stop):
            error = failures.pop(index)
            if errors == "record":
                yield Outcome(sources[index], error=error)

    next_index = 0
    for report in analyze_documents(documents(), settings=settings):
        index = loaded.popleft()
        yield from failed_before(index, next_index)
        yield Outcome(sources[index], report=report)
        next_index = index + 1
    yield from failed_before(len(sources), next_index)
