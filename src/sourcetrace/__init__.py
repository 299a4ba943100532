"""sourcetrace: who said it, through whose hands did it reach me, and did it hold up."""

from __future__ import annotations

from .errors import (
    ArchiveError,
    BinaryInputError,
    ConfigError,
    DecodeError,
    EmptyInputError,
    ExtractionError,
    FeedError,
    FetchError,
    InputError,
    SourcetraceError,
    StoreError,
    TooLargeError,
)
from .model import Attribution, Claim, Document, Entity, Event, Report, Span
from .settings import Settings

__version__ = "0.1.0"

__all__ = [
    "ArchiveError",
    "Attribution",
    "BinaryInputError",
    "Claim",
    "ConfigError",
    "DecodeError",
    "Document",
    "EmptyInputError",
    "Entity",
    "Event",
    "ExtractionError",
    "FeedError",
    "FetchError",
    "InputError",
    "Report",
    "Settings",
    "SourcetraceError",
    "Span",
    "StoreError",
    "TooLargeError",
    "__version__",
    "analyze",
]


def analyze(
    text_or_html: str, url: str | None = None, *, settings: Settings | None = None
) -> Report:
    """Analyse one article given as plain text or HTML; return its Report."""
    from .api import analyze as _analyze

    return _analyze(text_or_html, url=url, settings=settings)
