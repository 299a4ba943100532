"""analyze(): one article in, a Report out. The stages, in order:

ingest (Document) -> clean -> spaCy -> attributions -> entities -> events -> claims.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .model import Document, Report
from .settings import DEFAULT_SETTINGS, Settings


def analyze_document(doc: Document, *, settings: Settings = DEFAULT_SETTINGS) -> Report:
    """Analyse one Document (already loaded and, unless keep_text, cleaned)."""
    return next(analyze_documents([doc], settings=settings))


def analyze_documents(
    docs: Iterable[Document], *, settings: Settings = DEFAULT_SETTINGS
) -> Iterator[Report]:
    """Analyse many Documents, streaming them through spaCy's nlp.pipe, in order."""
    raise NotImplementedError  # filled in by the attribution work
