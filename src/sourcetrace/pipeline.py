"""analyze(): one article in, a Report out. The stages, in order:

ingest (Document) -> clean -> spaCy -> attributions -> entities -> events -> claims.

Each stage is a plain function of what the stages before it made, so one can be replaced
(a learned attribution reader, a better coreference) without touching the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import tee
from typing import TYPE_CHECKING

from .errors import ConfigError
from .model import Attribution, Claim, Document, Report
from .settings import DEFAULT_SETTINGS, Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc


NOT_ENGLISH = "the article does not look like English text; attribution analysis was skipped"


def analyze_document(doc: Document, *, settings: Settings = DEFAULT_SETTINGS) -> Report:
    """Analyse one Document (already loaded and, unless keep_text, cleaned)."""
    return next(analyze_documents([doc], settings=settings))


def analyze_documents(
    docs: Iterable[Document], *, settings: Settings = DEFAULT_SETTINGS
) -> Iterator[Report]:
    """Analyse many Documents, streaming them through spaCy's nlp.pipe, in order."""
    from .lang import is_english
    from .nlp import get_nlp

    settings = replace(settings, tagger=uses_tagger(settings))
    nlp = get_nlp()
    for_nlp, for_reports = tee(docs)
    # a non-English article still goes through the pipe (as an empty text) to keep order
    texts = (d.text if is_english(d.text) else "" for d in for_nlp)
    for document, parsed in zip(
        for_reports, nlp.pipe(texts, batch_size=settings.batch_size), strict=True
    ):
        if not parsed.text and document.text:
            yield _report(document, warnings=(NOT_ENGLISH,))
        else:
            yield read(document, parsed, settings=settings)


def uses_tagger(settings: Settings) -> bool:
    """Whether the learned tagger takes part: where one is installed unless switched off;
    asked for (``tagger=True``) where none is, a ``ConfigError``."""
    if settings.tagger is False:
        return False
    from .tagger import load_tagger

    if load_tagger() is not None:
        return True
    if settings.tagger:
        raise ConfigError(
            "no tagger is installed (src/sourcetrace/data/tagger.npz): train one with"
            " 'sourcetrace train tagger DIR' (needs the [train] extra)"
        )
    return False


def read(document: Document, parsed: Doc, *, settings: Settings = DEFAULT_SETTINGS) -> Report:
    """The reading stages over one parsed article."""
    from .attribution import extract
    from .claims import build_claims
    from .entities import resolve
    from .events import find_events

    attributions = extract(parsed, tag=uses_tagger(settings))
    entities, attributions = resolve(parsed, attributions)
    events = find_events(parsed.text)
    claims, verdict = build_claims(parsed, attributions, entities, events)
    attributions = _mark_denials(attributions, claims)
    return _report(
        document,
        entities=tuple(entities),
        attributions=tuple(attributions),
        claims=tuple(claims),
        events=tuple(events),
        verdict=tuple(verdict),
    )


def _mark_denials(
    attributions: Sequence[Attribution], claims: Sequence[Claim]
) -> list[Attribution]:
    """A statement that contradicts a claim of the article denies it, whatever its verb
    (``Musk said the last time he spoke with Putin was 18 months ago``)."""
    contradicting = {a_id for c in claims for a_id in c.contradicted_by}
    return [
        replace(a, stance="denies") if a.id in contradicting and a.stance == "asserts" else a
        for a in attributions
    ]


def _report(document: Document, **parts: object) -> Report:
    return Report(
        text=document.text,
        title=document.title,
        url=document.url,
        outlet=document.outlet,
        published=document.published,
        language=document.language or ("en" if "warnings" not in parts else None),
        **parts,  # type: ignore[arg-type]
    )
