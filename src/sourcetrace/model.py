"""Value objects of a report: spans, entities, attributions, claims, events.

Field names follow ``shared/CONTRACT.md`` (schema ``sourcetrace.report/1``). Offsets are
character offsets, half-open, into ``Report.text``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA = "sourcetrace.report/1"

EntityKind = Literal["person", "organization", "outlet", "document", "group", "anonymous", "author"]
AttributionKind = Literal["direct", "indirect", "mixed"]
Stance = Literal["asserts", "denies", "questions"]
ClaimStatus = Literal[
    "first-hand", "reported", "unverified", "disputed", "denied", "qualified", "unattributed"
]
EventKind = Literal["update", "correction"]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """The source of an attribution as written, and the entity it resolves to."""

    start: int
    end: int
    text: str
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "entity": self.entity}


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    kind: EntityKind
    mentions: tuple[tuple[int, int], ...] = ()
    # the entity this one speaks for or was written by ("Bremmer's message" -> Bremmer)
    author: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "mentions": [list(m) for m in self.mentions],
            "author": self.author,
        }


@dataclass(frozen=True, slots=True)
class Attribution:
    id: str
    parent: str | None
    source: SourceSpan | None
    cue: Span
    content: tuple[Span, ...]
    kind: AttributionKind
    stance: Stance
    # extras beyond the contract
    recipient: SourceSpan | None = None  # "told Y", "in a conversation with Y"
    medium: Span | None = None  # "in a mailing", "on Twitter", "in a statement"
    implicit_source: bool = False  # source inferred, not written (a partial quote)
    #: with no source written, the entity whose word it is (set by ``entities.resolve``): an
    #: unnamed source of its own, the author, or the speaker of the content it sits in
    speaker: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "parent": self.parent,
            "source": self.source.to_dict() if self.source else None,
            "cue": self.cue.to_dict(),
            "content": [c.to_dict() for c in self.content],
            "kind": self.kind,
            "stance": self.stance,
            "recipient": self.recipient.to_dict() if self.recipient else None,
            "medium": self.medium.to_dict() if self.medium else None,
        }


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    text: str
    start: int
    end: int
    attribution: str | None
    chain: tuple[str, ...]
    status: ClaimStatus
    contradicted_by: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    qualified_by: tuple[str, ...] = ()

    @property
    def hops(self) -> int:
        return len(self.chain)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "attribution": self.attribution,
            "chain": list(self.chain),
            "hops": self.hops,
            "status": self.status,
            "contradicted_by": list(self.contradicted_by),
            "qualified_by": list(self.qualified_by),
            "signals": list(self.signals),
        }


@dataclass(frozen=True, slots=True)
class Event:
    kind: EventKind
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Report:
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    entities: tuple[Entity, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    verdict: tuple[str, ...] = ()  # plain-language findings, most important first
    warnings: tuple[str, ...] = ()
    schema: str = field(default=SCHEMA)

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def attribution(self, attribution_id: str | None) -> Attribution | None:
        return next((a for a in self.attributions if a.id == attribution_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "text": self.text,
            "title": self.title,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published,
            "language": self.language,
            "entities": [e.to_dict() for e in self.entities],
            "attributions": [a.to_dict() for a in self.attributions],
            "claims": [c.to_dict() for c in self.claims],
            "events": [e.to_dict() for e in self.events],
            "verdict": list(self.verdict),
            "warnings": list(self.warnings),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


@dataclass(frozen=True, slots=True)
class Document:
    """An article ready for analysis: its text and what its page said about it."""

    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
