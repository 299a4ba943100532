"""Chains: through whose hands a claim reached the article.

A claim's chain starts from the nesting of the attributions that carry it (outermost source
first: ``Bremmer's message says that, according to Musk, Putin is ...``), with the listener of
a nested report put in where the text names one (``According to Bremmer, Putin told Musk ...``:
Bremmer had it from Musk). It is then extended by the source-of-source links the article states
elsewhere, and only by those:

- ``topic``: ``X told Y about the conversation`` / ``Y publicized the conversation with X``:
  an attribution whose content is a topic, not a proposition, says that Y heard from X;
- ``refers``: ``this mailing is what Vice refers to``, ``X cites / quotes / is based on D``,
  ``X, citing Z``: X's source is D (or Z);
- ``author``: a document's source is its author (``Bremmer's message``, ``in a mailing``).

A propositional attribution about some other content (``Putin told Musk these goals ...``) is
never a link: it does not make Putin the source of everything Musk says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span, Token

from .cues import QUESTION_LEMMAS
from .lexicon import same_outlet
from .mentions import entity_at, entity_of_token
from .model import Attribution, Entity

LinkKind = Literal["topic", "refers", "author"]

#: verbs whose subject takes what it says from their object ("X cites D", "X refers to D")
REFERRING_VERBS = frozenset(
    [
        "cite",
        "quote",
        "refer",
        "reference",
        "base",
        "rely",
        "draw",
        "attribute",
        "credit",
        "source",
        "obtain",
    ]
)
#: nouns of a conversation: "the conversation with X" is something heard from X
CONVERSATION_NOUNS = frozenset(
    [
        "conversation",
        "talk",
        "talks",
        "call",
        "phone",
        "chat",
        "meeting",
        "interview",
        "exchange",
        "discussion",
        "dialogue",
        "conference",
        "correspondence",
    ]
)
#: entity kinds that count as a hand a claim passes through
HOP_KINDS = frozenset({"person", "organization", "outlet", "document", "group", "anonymous"})


@dataclass(frozen=True, slots=True)
class SourceLink:
    """``listener`` has what it says from ``origin`` (entity ids), as the text states."""

    listener: str
    origin: str
    kind: LinkKind
    start: int  # the words that state the link
    end: int


def is_proposition(span: Span) -> bool:
    """True when a content is a proposition, not a topic.

    A proposition's head (a token whose head lies outside the content) is a finite verb
    ("Musk spoke", "goals would be achieved"), a predicative, also without its copula as in a
    partial quote ("ready for negotiations"), or a gerund that is the object of the cue, whose
    subject is the speaker ("has denied agreeing to any cease-fire", "admitted having met
    him"). A noun phrase is a topic, whatever relative clause it carries ("a peace plan that
    included ...", "about the conversation"), and so is a gerund after a preposition ("talked
    about meeting him"). An embedded question or a free relative is a topic too ("how many
    shots were fired", "what happened to them", "whether he would resign"), but not a clause
    that only opens with one of its own ("what he said was false", "if they lose, they
    will appeal"), nor the telling of how something happened ("described how he had been
    aboard the helicopter").
    """
    heads = span_heads(span)
    return any(
        (_finite(t) or t.pos_ == "ADJ" or is_gerund_object(t)) and not _asks(t, span) for t in heads
    ) or _object_and_predicate(heads)


def _object_and_predicate(heads: Sequence[Token]) -> bool:
    """An object and what it is said to be, both in the content: "described | Godane as a
    particularly ruthless leader who ...", "identified | him as a native of Somalia", "called |
    the report a hoax": a predication of the object."""
    if not any(t.dep_ == "dobj" for t in heads):
        return False
    return any(
        (t.dep_ == "prep" and t.lower_ == "as" and any(c.dep_ == "pobj" for c in t.children))
        or t.dep_ == "oprd"
        for t in heads
    )


#: Words that open an embedded question or a free relative.
WH_WORDS = frozenset(
    ["what", "how", "why", "when", "where", "who", "whom", "whose", "which", "whether", "if"]
)


def _asks(head: Token, span: Span) -> bool:
    """Whether the clause of ``head`` is an embedded question or a free relative: its first
    word in the span is a wh-word, in lower case as it follows the verb that asks, whose
    nearest verb above is ``head`` itself."""
    word = next(
        (t for t in span if t.i >= head.left_edge.i and not (t.is_punct or t.is_space)), None
    )
    if word is None or word.lower_ not in WH_WORDS or not word.text[:1].islower():
        return False  # a capital opens a sentence of its own ("When Taylor was 18, ...")
    asked = word.lower_ in ("if", "whether") and head.head.lemma_.lower() in QUESTION_LEMMAS
    if head.dep_ == "relcl" or (head.dep_ == "advcl" and not asked):
        # a condition or a time ("bends if enough pressure is applied"); a relative clause
        # says something of its noun ("Rosenberg, who had served in the army"); but "asked
        # outlets if they would follow suit" asks it, however the parser hangs it
        return False
    after = word.doc[word.i + 1] if word.i + 1 < len(word.doc) else None
    if word.lower_ == "how" and (after is None or after.pos_ not in ("ADJ", "ADV")):
        return False  # "recounted how he had been aboard": the telling of what happened
    t = word
    while t.i != head.i:
        if t.head.i == t.i or (t.i != word.i and t.pos_ in ("VERB", "AUX")):
            return False
        t = t.head
    return True


def span_heads(span: Span) -> list[Token]:
    """The words of a span whose head lies outside it, or that are their own head."""
    return [
        t
        for t in span
        if not (t.is_punct or t.is_space)
        and (t.head.i == t.i or not span.start <= t.head.i < span.end)
    ]


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_OBJECT_CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "dobj"})
#: verbs whose gerund object states what happened ("denied sending", "reported hearing a
#: bang", "was seen limping"), unlike an intention or a taste ("considering filing suit",
#: "love drinking"): lemmas
GERUND_FACT_VERBS = frozenset(
    [
        "deny",
        "admit",
        "acknowledge",
        "confirm",
        "report",
        "recall",
        "remember",
        "recount",
        "describe",
        "mention",
        "regret",
        "claim",
        "see",
        "hear",
        "witness",
        "notice",
        "observe",
        "spot",
        "film",
        "photograph",
        "catch",
        "show",
    ]
)


def is_gerund_object(tok: Token) -> bool:
    """A gerund clause a verb of :data:`GERUND_FACT_VERBS` before it takes as its object:
    'denied [agreeing to ...]', 'admitted [having met him]'; not a quotation the parser hangs
    on a cue ('"Not going to go into that," he said', 'he said: "Not going to ..."')."""
    if tok.pos_ != "VERB" or tok.dep_ not in _OBJECT_CLAUSE_DEPS or tok.head.pos_ != "VERB":
        return False
    if tok.head.lemma_.lower() not in GERUND_FACT_VERBS:
        return False
    between = tok.doc[tok.head.i + 1 : tok.left_edge.i]
    if tok.head.i > tok.i or any(t.is_punct for t in between):
        return False
    return tok.tag_ == "VBG" or any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ == "VBG" for c in tok.children
    )


def _finite(tok: Token) -> bool:
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    if tok.tag_ in _FINITE_TAGS:
        return True
    return any(c.dep_ in {"aux", "auxpass"} and c.tag_ in _FINITE_TAGS for c in tok.children)


#: Penn tags of relative and interrogative pronouns (``which``, ``that``, ``what``, ``who``)
WH_PRONOUN_TAGS = frozenset(("WDT", "WP"))


def content_doc_span(doc: Doc, a: Attribution) -> Span | None:
    """The content of an attribution as one spaCy span (first span start to last span end).
    A first piece that is a lone relative or interrogative pronoun (``the act which || he
    described as ...``) stands for a noun outside the content: the span starts after it."""
    if not a.content:
        return None
    pieces = list(a.content)
    if len(pieces) > 1:
        first = doc.char_span(pieces[0].start, pieces[0].end, alignment_mode="expand")
        if first is not None and len(first) == 1 and first[0].tag_ in WH_PRONOUN_TAGS:
            pieces = pieces[1:]
    return doc.char_span(pieces[0].start, pieces[-1].end, alignment_mode="expand")


def find_links(
    doc: Doc,
    attributions: Sequence[Attribution],
    entities: Sequence[Entity],
    sources: Mapping[str, str],
) -> list[SourceLink]:
    """Every source-of-source link the article states. ``sources``: attribution id -> entity."""
    links: list[SourceLink] = []
    for a in attributions:
        links.extend(_topic_links(doc, a, entities, sources))
    links.extend(_referring_links(doc, entities))
    for e in entities:
        if e.kind == "document" and e.author:
            first = min(e.mentions, default=(0, 0))
            links.append(SourceLink(e.id, e.author, "author", first[0], first[1]))
    return _unique(links)


def _topic_links(
    doc: Doc, a: Attribution, entities: Sequence[Entity], sources: Mapping[str, str]
) -> list[SourceLink]:
    content = content_doc_span(doc, a)
    speaker = sources.get(a.id)
    if content is None or speaker is None or is_proposition(content):
        return []
    out = []
    if a.recipient is not None and a.recipient.entity and a.recipient.entity != speaker:
        # "X told Y about the conversation": Y heard it from X
        out.append(SourceLink(a.recipient.entity, speaker, "topic", a.cue.start, content.end_char))
    for tok in content:
        if tok.lemma_.lower() not in CONVERSATION_NOUNS:
            continue
        # "Y publicized the conversation with X": Y had it from X
        for partner in _partners(tok):
            other = entity_of_token(entities, partner.idx, partner.idx + len(partner))
            if other is not None and other.id != speaker and other.kind in HOP_KINDS:
                out.append(SourceLink(speaker, other.id, "topic", a.cue.start, content.end_char))
    return out


def _partners(noun: Token) -> list[Token]:
    """'the conversation with X', 'talks between X and Y': X (and Y)."""
    found = []
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in {"with", "between", "among"}:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    found.append(obj)
                    found.extend(c for c in obj.conjuncts)
    return found


def _referring_links(doc: Doc, entities: Sequence[Entity]) -> list[SourceLink]:
    out = []
    for tok in doc:
        if tok.pos_ not in {"VERB", "AUX"} or tok.lemma_.lower() not in REFERRING_VERBS:
            continue
        listener = _subject_entity(tok, entities)
        if listener is None:
            continue
        for obj in _referred_objects(tok):
            origin = _np_entity(obj, entities)
            if origin is not None and origin.id != listener.id:
                start = min(tok.idx, obj.idx)
                end = max(tok.idx + len(tok), obj.idx + len(obj))
                out.append(SourceLink(listener.id, origin.id, "refers", start, end))
    return out


def _subject_entity(verb: Token, entities: Sequence[Entity]) -> Entity | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if verb.lemma_.lower() == "base" and child.dep_ == "nsubjpass":
                return _np_entity(child, entities)  # "the report is based on D"
            if child.dep_ == "nsubj":
                return _np_entity(child, entities)
        if child.dep_ == "agent":  # "D is cited by X"
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return _np_entity(pobj, entities)
    if verb.dep_ in {"advcl", "acl"} and verb.tag_ == "VBG":
        # "X, citing Z, said ...": the citing clause hangs off X's verb or X itself
        head = verb.head
        if head.pos_ in {"NOUN", "PROPN"}:
            return _np_entity(head, entities)
        return _subject_entity(head, entities) if head.i != verb.i else None
    return None


def _referred_objects(verb: Token) -> list[Token]:
    objects: list[Token] = []
    for child in verb.children:
        if child.dep_ in {"dobj", "attr"}:
            objects.append(child)
        elif child.dep_ == "prep" and child.lower_ in {"to", "on", "upon", "from"}:
            objects.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ == "nsubjpass" and verb.lemma_.lower() != "base":
            objects.append(child)  # "the memo was cited by X"
    resolved: list[Token] = []
    for obj in objects:
        if obj.tag_ in {"WP", "WDT"} or obj.lower_ in {"what", "which", "that"}:
            # "D is what X refers to": the subject of the copula the clause completes
            copula = verb.head
            while (
                copula.dep_ not in {"ROOT"} and copula.lemma_ != "be" and copula.head.i != copula.i
            ):
                copula = copula.head
            resolved.extend(c for c in copula.children if c.dep_ in {"nsubj", "nsubjpass"})
        else:
            resolved.append(obj)
            resolved.extend(obj.conjuncts)
    return resolved


def _np_entity(tok: Token, entities: Sequence[Entity]) -> Entity | None:
    found = entity_of_token(entities, tok.idx, tok.idx + len(tok))
    if found is not None:
        return found
    left, right = tok.left_edge, tok.right_edge
    return entity_at(entities, left.idx, right.idx + len(right))


def _unique(links: list[SourceLink]) -> list[SourceLink]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for link in links:
        key = (link.listener, link.origin, link.kind)
        if key not in seen:
            seen.add(key)
            out.append(link)
    return out


# --- chains ---------------------------------------------------------------------------------


def nesting_path(a: Attribution, by_id: Mapping[str, Attribution]) -> list[Attribution]:
    """The attributions from the outermost down to ``a``."""
    path = [a]
    seen = {a.id}
    while path[0].parent and path[0].parent in by_id and path[0].parent not in seen:
        seen.add(path[0].parent)
        path.insert(0, by_id[path[0].parent])
    return path


def build_chain(
    path: Sequence[Attribution],
    sources: Mapping[str, str],
    entities: Mapping[str, Entity],
    links: Sequence[SourceLink],
    mentioned: frozenset[str],
    homes: Sequence[str] = (),
) -> tuple[str, ...]:
    """Entity ids from the outermost source down to the origin of the innermost content.

    ``homes``: the article's own outlet (its name, its host), where known. ``X told Al-Maalomah
    News that ...`` in another outlet's article: the article has it from that outlet, a hand
    of its own. Where the article's outlet is not known, a listener of an outermost statement
    is no hand: "told CNN" is most often CNN's own article.

    ``mentioned``: the entities the claim's content names; a topic link applies to the claim
    only when the claim is about its origin (it names it, or it is further down the chain).
    A denial that the claim sits in (``X denied that ..., as claimed by Y``) is no hand of it:
    X did not pass the claim on, X contradicts it (see ``denials_around``). Nor is a question
    (``Asked about Trump's declaration that it had been a bomb``): the one who asks passes
    nothing on.
    """
    chain: list[str] = []
    for depth, a in enumerate(path):
        if a.stance in ("denies", "questions") and depth < len(path) - 1:
            continue
        recipient = a.recipient.entity if a.recipient else None
        speaker = sources.get(a.id)
        # "According to Bremmer, Putin told Musk ...": Bremmer had it from the listener, Musk.
        # A listener of an outermost statement ("X told reporters") is no hand of its own.
        heard = entities.get(recipient) if recipient and recipient != speaker else None
        if heard is not None and (
            (depth > 0 and heard.kind in {"person", "outlet", "document"})
            or (
                depth == 0
                and heard.kind == "outlet"
                and homes
                and not any(same_outlet(heard.name, h) for h in homes)
            )
        ):
            _push(chain, heard.id)
        if speaker:
            _push(chain, speaker)
    chain = [e for e in chain if e in entities and entities[e].kind in HOP_KINDS]
    return tuple(_outlets_speak_for_their_reports(_expand(chain, links, mentioned), entities))


def _outlets_speak_for_their_reports(chain: list[str], entities: Mapping[str, Entity]) -> list[str]:
    """``The report by the publication claims``: an outlet's report is the outlet speaking, one
    hand as ``The publication claims`` is; a person's mailing stays a hand of its own."""
    out = []
    for i, e in enumerate(chain):
        nxt = entities.get(chain[i + 1]) if i + 1 < len(chain) else None
        doc = entities.get(e)
        if (
            doc is not None
            and doc.kind == "document"
            and nxt is not None
            and nxt.kind == "outlet"
            and doc.author == nxt.id
        ):
            continue
        out.append(e)
    return out


def denials_around(path: Sequence[Attribution]) -> list[Attribution]:
    """The denials a claim is carried inside (not the one that states it, if it is one)."""
    return [a for a in path[:-1] if a.stance == "denies"]


def _push(chain: list[str], entity: str) -> None:
    if not chain or chain[-1] != entity:
        chain.append(entity)


def _expand(chain: list[str], links: Sequence[SourceLink], mentioned: frozenset[str]) -> list[str]:
    out: list[str] = []
    for i, entity in enumerate(chain):
        _push(out, entity)
        below = chain[i + 1 :]
        current = entity
        for _ in range(8):  # a chain of links is short; this bounds a cyclic one
            link = _link_from(current, links, mentioned | frozenset(below))
            if link is None or link.origin in out:
                break
            if below and link.origin == below[0]:
                break
            if link.origin in below:
                break
            out.append(link.origin)
            current = link.origin
    return out


def _link_from(
    listener: str, links: Sequence[SourceLink], relevant: frozenset[str]
) -> SourceLink | None:
    order = {"refers": 0, "author": 1, "topic": 2}
    candidates = [
        link
        for link in links
        if link.listener == listener and (link.kind != "topic" or link.origin in relevant)
    ]
    candidates.sort(key=lambda link: (order[link.kind], link.start))
    return candidates[0] if candidates else None
