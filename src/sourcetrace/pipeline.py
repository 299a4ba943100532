"""analyze(): one article in, a Report out. The stages, in order:

ingest (Document) -> clean -> spaCy -> attributions -> entities -> events -> claims.

Each stage is a plain function of what the stages before it made, so one can be replaced
(a learned attribution reader, a better coreference) without touching the others.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .errors import ConfigError
from .model import Attribution, Claim, Document, Report
from .settings import DEFAULT_SETTINGS, Settings

if TYPE_CHECKING:
    from spacy.language import Language
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
    pending: deque[Document] = deque()
    with _Parser(nlp, settings.batch_size) as parser:
        for document in docs:
            pending.append(document)
            # a non-English article still goes through the pipe (as an empty text) to keep
            # order
            parser.put(document.text if is_english(document.text) else "")
            while len(pending) > parser.ahead:
                yield _read_one(pending.popleft(), parser.get(), settings)
        parser.close()
        while pending:
            yield _read_one(pending.popleft(), parser.get(), settings)


def _read_one(document: Document, parsed: Doc, settings: Settings) -> Report:
    if not parsed.text and document.text:
        return _report(document, warnings=(NOT_ENGLISH,))
    return read(document, parsed, settings=settings)


class _Parser:
    """spaCy's ``nlp.pipe`` on a thread of its own, so that the next articles are parsed while
    this one is read (the tagger's encoder leaves the interpreter lock while it runs). Texts
    go in with ``put``, parsed docs come out with ``get`` in the same order; ``ahead`` texts
    are kept in flight, enough to fill a batch."""

    _END = object()

    def __init__(self, nlp: Language, batch_size: int) -> None:
        self.ahead = 2 * batch_size
        self._texts: queue.Queue[object] = queue.Queue()
        self._docs: queue.Queue[object] = queue.Queue()
        self._closed = False

        def texts() -> Iterator[str]:
            while (text := self._texts.get()) is not self._END:
                yield str(text)

        def work() -> None:
            try:
                for parsed in nlp.pipe(texts(), batch_size=batch_size):
                    self._docs.put(parsed)
            except BaseException as exc:  # handed to the reading thread, raised there
                self._docs.put(_Failed(exc))

        self._thread = threading.Thread(target=work, name="sourcetrace-spacy", daemon=True)
        self._thread.start()

    def put(self, text: str) -> None:
        self._texts.put(text)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._texts.put(self._END)

    def get(self) -> Doc:
        item = self._docs.get()
        if isinstance(item, _Failed):
            raise item.error
        return item  # type: ignore[return-value]

    def __enter__(self) -> _Parser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()  # a consumer that stops early lets the thread finish its last batch


@dataclass(frozen=True, slots=True)
class _Failed:
    error: BaseException


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
    from .lexicon import outlet_of_url

    attributions = extract(parsed, tag=uses_tagger(settings))
    entities, attributions = resolve(parsed, attributions)
    events = find_events(parsed.text)
    claims, verdict = build_claims(
        parsed,
        attributions,
        entities,
        events,
        outlet=(document.outlet, outlet_of_url(document.url)),
    )
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
