"""Claims: what a reader might check, with the chain that brought each one, and its status.

``build_claims(doc, attributions, entities, events)`` returns the claims and the plain-language
verdict lines (most important first).

- A claim is the innermost content of an attribution that is a proposition (a finite verb or a
  predicative). A topic ("about the conversation") is no claim. A partial quote whose speaker is
  the clause subject (an implicit source) does not make a claim of its own: it extends the chain
  of the clause it sits in (``according to Musk, Putin is "ready for negotiations"``: Musk ->
  Putin).
- The same proposition carried by the same chain twice (a headline and its lede) is one claim.
- Sentences in the article's own voice, outside every attribution, that name an entity and carry
  a date, a number or a named event are claims too: ``unattributed``, chain empty. Update and
  correction marks never are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from .clean import dateline_end
from .cues import SPEECH_VERBS
from .entities import is_assessment
from .links import (
    build_chain,
    content_doc_span,
    denials_around,
    find_links,
    is_proposition,
    nesting_path,
    span_heads,
)
from .mentions import MentionIndex, name_key, name_piece, sentences
from .model import Attribution, Claim, Entity, Event
from .model import Span as TextSpan
from .status import (
    DEFAULT_RULES,
    Frame,
    FrameReader,
    RecordNote,
    StatusRules,
    assess,
    clashes,
    denial_of,
    record_notes,
    same_event,
)
from .textcache import text_of
from .verdict import ClaimFacts, verdict_lines

#: entity labels that make an author's sentence check-worthy when an entity is named in it
CHECKABLE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "EVENT"})
#: verbs with which an author frames their own statement ("we recall that ...")
AUTHOR_FRAMES = frozenset(
    ["recall", "note", "remind", "know", "add", "point", "remember", "stress"]
)
#: words too common to show that two contents speak of the same thing
_GENERIC = frozenset(
    ["time", "way", "thing", "people", "year", "day", "part", "side", "fact", "case"]
)


@dataclass(slots=True)
class _Candidate:
    """One claim being built: the content it states and everything found about it."""

    start: int
    end: int
    text: str
    carrier: Attribution | None  # the attribution whose content is the claim's text
    innermost: Attribution | None  # the deepest attribution carrying it
    paths: list[list[Attribution]] = field(default_factory=list)  # one per merged instance
    chain: tuple[str, ...] = ()
    frames: list[Frame] = field(default_factory=list)
    mentioned: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    negated: bool = False  # "not", "never", "no" in it
    first: int = 0  # the earliest instance in the text
    judged_false: bool = False  # "reports that ... proved to be false", in the article's voice

    @property
    def carriers(self) -> list[Attribution]:
        seen: dict[str, Attribution] = {}
        for path in self.paths:
            for a in path:
                seen.setdefault(a.id, a)
        return list(seen.values())


def build_claims(
    doc: Doc,
    attributions: Sequence[Attribution],
    entities: Sequence[Entity],
    events: Sequence[Event],
    *,
    rules: StatusRules = DEFAULT_RULES,
    outlet: str | Sequence[str | None] | None = None,
) -> tuple[list[Claim], list[str]]:
    """The article's claims, in text order, and the verdict lines about them. ``outlet``: the
    article's own outlet (a name, a host, or both), where known: an outlet told something is
    then a hand of the claim, unless it is this one."""
    homes = tuple(h for h in ([outlet] if isinstance(outlet, str) else outlet or ()) if h)
    by_id = {a.id: a for a in attributions}
    entity_by_id = {e.id: e for e in entities}
    sources = {
        a.id: entity
        for a in attributions
        if (entity := a.source.entity if a.source else a.speaker) is not None
    }
    links = find_links(doc, attributions, entities, sources)
    # places are no entities of the report, but they are parties to events ("in Kobane")
    reader = FrameReader(doc, [*entities, *_places(doc, entities)], rules)
    text = text_of(doc)

    candidates = _attributed(doc, text, attributions, by_id, rules)
    for c in candidates:
        _describe(doc, c, reader, sources.get(c.innermost.id) if c.innermost else None)
        c.chain = build_chain(c.paths[0], sources, entity_by_id, links, c.mentioned, homes)
    candidates = _merge_duplicates(candidates, rules)
    for c in _author_voice(doc, text, attributions, reader.index, events):
        _describe(doc, c, reader, None)
        candidates.append(c)
    candidates.sort(key=lambda c: (c.first, c.start))

    notes = record_notes(doc, sentences(doc), rules)
    denied = _denied(candidates)
    claims: list[Claim] = []
    facts: list[ClaimFacts] = []
    for n, c in enumerate(candidates, start=1):
        carrier_ids = {a.id for a in c.carriers}
        contradictors, knowers = _contradictions(c, attributions, carrier_ids, sources, reader)
        contradictors = _denials_of(c, denied, carrier_ids, rules) + contradictors
        contradictors = list({a.id: a for a in contradictors}.values())
        qualifiers = [] if not c.chain else _qualifiers(doc, c, attributions, carrier_ids, rules)
        corroborated = bool(c.chain) and _corroborated(c, candidates, contradictors, rules)
        not_reported = bool(c.chain) and _not_reported(doc, c, notes, reader)
        hedged = _hedged(doc, c, rules)
        called_false = _called_false(doc, c, rules)
        assessment = assess(
            chain=c.chain,
            carriers=c.paths[0] if c.paths else [],
            actors=c.subjects,
            contradictors=contradictors,
            contradictor_sources=[sources.get(a.id) for a in contradictors],
            knowers=knowers,
            qualifiers=qualifiers,
            corroborated=corroborated,
            not_reported=not_reported,
            hedged=hedged,
            entities=entity_by_id,
            events=events,
            rules=rules,
            called_false=called_false,
        )
        claim = Claim(
            id=f"c{n}",
            text=c.text,
            start=c.start,
            end=c.end,
            attribution=c.innermost.id if c.innermost else None,
            chain=c.chain,
            status=assessment.status,
            contradicted_by=tuple(a.id for a in contradictors),
            signals=assessment.signals,
            qualified_by=tuple(a.id for a in qualifiers),
        )
        claims.append(claim)
        facts.append(
            ClaimFacts(
                claim=claim,
                subjects=c.subjects,
                mentioned=c.mentioned,
                heard=_heard_from_origin(c, links),
            )
        )
    lines = verdict_lines(doc, facts, entity_by_id, by_id, sources, links)
    return claims, lines


# --- finding the claims ---------------------------------------------------------------------


def _places(doc: Doc, entities: Sequence[Entity]) -> list[Entity]:
    """The places the article names that are no entity of its own, one per name (those the
    entities left out: named in passing, 'in Kobane')."""
    index = MentionIndex(entities)
    found: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    names: dict[tuple[str, ...], str] = {}
    for ent in doc.ents:
        if ent.label_ not in {"GPE", "LOC", "FAC", "ORG"}:
            continue
        piece = name_piece(ent)
        if piece is None or index.within(piece[0], piece[1]) or index.covering(*piece[:2]):
            continue
        key = name_key(piece[2])
        found.setdefault(key, []).append((piece[0], piece[1]))
        names.setdefault(key, piece[2])
    return [
        Entity(id=f"place:{' '.join(key)}", name=names[key], kind="organization", mentions=tuple(m))
        for key, m in found.items()
    ]


def _attributed(
    doc: Doc,
    text: str,
    attributions: Sequence[Attribution],
    by_id: dict[str, Attribution],
    rules: StatusRules,
) -> list[_Candidate]:
    children: dict[str, list[Attribution]] = {}
    for a in attributions:
        if a.parent:
            children.setdefault(a.parent, []).append(a)
    # a partial quote, and an assessment in its parent's speaker's voice ("X said there did
    # not appear to be ..."), extend their parent's claim: no claim of their own
    extending = {
        a.id
        for a in attributions
        if a.parent in by_id
        and (
            (a.implicit_source and _inside(a, by_id[a.parent]))
            or (a.source is None and is_assessment(doc, a))
        )
    }
    out = []
    for whole in attributions:
        if whole.id in extending or _negated_cue(doc, whole):
            continue
        for a in _sides_of_the_cue(whole, doc):
            out.extend(_attributed_piece(doc, text, a, whole, children, extending, by_id, rules))
    return out


def _negated_cue(doc: Doc, a: Attribution) -> bool:
    """Whether the cue is negated with its speaker as subject ("I am not saying this was ...",
    "did not deny", "never claimed"): that speaker does not state the content, which is then no
    claim of theirs. Not a passive: "has not been publicly reported" relays a claim (and says
    it was not reported)."""
    cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
    if cue is None:
        return False
    root = cue.root
    if not any(c.dep_ == "nsubj" for c in root.children):
        return False
    return any(t.dep_ == "neg" for t in cue) or any(c.dep_ == "neg" for c in root.children)


def _sides_of_the_cue(a: Attribution, doc: Doc) -> list[Attribution]:
    """``“Well, there was a meeting,” Sorkin told Bloomberg. “We needed the best actor.”``:
    a content quoted in pieces on both sides of its cue states one claim a side; the words between
    (the cue's own sentence) are no part of either. So does a content whose side before the cue
    is a main clause of its own (``The Border Patrol "caught them," Hunter said, but "you know
    ..."``). Other pieces make one claim: ``the act which || he described as ...``, ``The
    senator | appeared | to concede``, ``If they lose, | he said, | they will appeal``."""
    before = [c for c in a.content if c.end <= a.cue.start]
    after = [c for c in a.content if c.start >= a.cue.end]
    if not before or not after or len(before) + len(after) != len(a.content):
        return [a]
    if not (
        all(c.text[:1] in "“\"‘'«" for c in a.content)
        or all(_main_clause(doc, side) for side in (before, after))
    ):
        return [a]
    return [replace(a, content=tuple(before)), replace(a, content=tuple(after))]


def _main_clause(doc: Doc, pieces: Sequence[TextSpan]) -> bool:
    """Whether pieces of a content make a proposition that no subordinating word opens."""
    span = doc.char_span(pieces[0].start, pieces[-1].end, alignment_mode="expand")
    if span is None or not is_proposition(span):
        return False
    return not any(c.dep_ == "mark" for t in span_heads(span) for c in t.children)


def _attributed_piece(
    doc: Doc,
    text: str,
    a: Attribution,
    whole: Attribution,
    children: dict[str, list[Attribution]],
    extending: set[str],
    by_id: dict[str, Attribution],
    rules: StatusRules,
) -> list[_Candidate]:
    """The claim of one attribution's content (or of one side of it: ``_sides_of_the_cue``);
    ``whole`` is the attribution as the article reads it."""
    content = content_doc_span(doc, a)
    if content is None:
        return []
    # a nested attribution whose content is a topic, not a proposition, makes no claim of
    # its own ("X says Boko Haram | has agreed to | an immediate ceasefire"): it leaves its
    # parent's content whole, or the parent's claim would be lost with it
    nested = [
        k
        for k in children.get(a.id, [])
        if not k.implicit_source and k.id not in extending and _states(doc, k)
    ]
    remainder = _remainder(content, nested)
    if remainder is None or not is_proposition(remainder):
        return []
    innermost = _deepest_extending(whole, children, extending)
    # (a leading relative pronoun piece is not part of the claim: ``content_doc_span``)
    start, end = _trim(text, max(a.content[0].start, content.start_char), a.content[-1].end)
    start = _after_complementizer(doc, start, end)
    verdict = _verdict_on_report(doc, a, start, end, rules)
    if verdict is not None:
        end = _trim(text, start, verdict)[1]
    return [
        _Candidate(
            start=start,
            end=end,
            text=text[start:end],
            carrier=whole,
            innermost=innermost,
            paths=[nesting_path(innermost, by_id)],
            first=start,
            judged_false=verdict is not None and a.parent is None,
        )
    ]


#: the words of a verdict's verb group before its adjective, by lemma ("proved to be", "turned
#: out to be", "has been shown to be", "were")
_VERDICT_VERBS = frozenset(["be", "have", "prove", "turn", "out", "to", "show", "find"])


def _verdict_on_report(
    doc: Doc, a: Attribution, start: int, end: int, rules: StatusRules
) -> int | None:
    """Where a verdict on the report the cue names starts inside its content: "reports that
    she had an affair || proved to be false too", "rumors that the car was stolen || turned
    out to be untrue". The parser often hangs the verdict inside the content; it is the
    speaker's judgement of the report, not part of what the report says. ``None`` when the
    cue is no noun of saying or the content ends in no such verdict."""
    cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
    span = doc.char_span(start, end, alignment_mode="expand")
    if cue is None or span is None or cue.root.lemma_.lower() not in rules.report_nouns:
        return None
    words = [t for t in span if not (t.is_punct or t.is_space)]
    while words and words[-1].pos_ == "ADV":  # "... proved to be false too"
        words.pop()
    if len(words) < 3 or words[-1].lower_ not in rules.falsity_adjectives:
        return None
    k = len(words) - 1  # the verb group runs back from the adjective
    while k > 1 and (words[k - 1].lemma_.lower() in _VERDICT_VERBS or words[k - 1].pos_ == "ADV"):
        k -= 1
    while k < len(words) - 1 and words[k].pos_ == "ADV":
        k += 1
    group = words[k:]
    if len(group) < 2 or not {"be", "prove"} & {t.lemma_.lower() for t in group}:
        return None  # "turned out to be" has its "be"; "turned false" is no verdict
    subjects = [c for t in group for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if any(span.start <= c.i < group[0].i for c in subjects):
        return None  # "claims that the results were false": the falsity is what is claimed
    return group[0].idx


def _states(doc: Doc, a: Attribution) -> bool:
    """Whether an attribution's content is a proposition (it can carry a claim)."""
    content = content_doc_span(doc, a)
    return content is not None and is_proposition(content)


def _inside(inner: Attribution, outer: Attribution) -> bool:
    return any(c.start <= inner.cue.start and inner.cue.end <= c.end for c in outer.content)


def _deepest_extending(
    a: Attribution, children: dict[str, list[Attribution]], extending: set[str]
) -> Attribution:
    current = a
    for _ in range(8):
        below = [k for k in children.get(current.id, []) if k.implicit_source or k.id in extending]
        if not below:
            break
        current = below[0]
    return current


def _remainder(content: Span, nested: Sequence[Attribution]) -> Span | None:
    """The content without its nested attributions (their source, cue and content)."""
    if not nested:
        return content
    doc = content.doc
    covered: set[int] = set()
    for k in nested:
        bounds = [(s.start, s.end) for s in (k.cue, *k.content, k.source, k.recipient) if s]
        lo = min(b[0] for b in bounds)
        hi = max(b[1] for b in bounds)
        covered.update(t.i for t in content if lo <= t.idx < hi)
    left = [t.i for t in content if t.i not in covered and not t.is_punct and not t.is_space]
    if not left:
        return None
    # the longest uncovered run
    runs: list[list[int]] = [[left[0]]]
    for i in left[1:]:
        if i == runs[-1][-1] + 1 or all(doc[j].is_punct for j in range(runs[-1][-1] + 1, i)):
            runs[-1].append(i)
        else:
            runs.append([i])
    best = max(runs, key=len)
    return doc[best[0] : best[-1] + 1]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A claim's span without the surrounding white space and a trailing full stop."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _after_complementizer(doc: Doc, start: int, end: int) -> int:
    """A content keeps its leading 'that' (PolNeAR); the claim it states does not. The
    parser sometimes reads the 'that' after a noun of saying as a relative pronoun ("The
    rumor that the singer had died": 'that' the object of 'died'); with a subject of its
    own in the clause, it is the complementizer all the same, unless its verb is one of
    saying, which may well take the noun as object ("a rumor that Islam hasn't denied")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) < 2 or span[0].lower_ != "that":
        return start
    that = span[0]
    if that.dep_ == "mark" or (
        that.dep_ in {"dobj", "nsubj", "nsubjpass"}
        and span.start < that.head.i < span.end
        and that.head.lemma_ not in SPEECH_VERBS
        and any(k.dep_ in {"nsubj", "nsubjpass"} and k.i != that.i for k in that.head.children)
    ):
        return max(start, span[1].idx)
    return start


def _describe(doc: Doc, c: _Candidate, reader: FrameReader, speaker: str | None) -> None:
    c.frames = reader.frames(c.start, c.end, speaker)
    c.mentioned = frozenset(e.id for e in reader.index.within(c.start, c.end))
    c.subjects = frozenset().union(*(f.subjects for f in c.frames)) if c.frames else frozenset()
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    c.nouns = _content_nouns(span) if span is not None else frozenset()
    # the main clause said the other way round ("She was never in Kobane")
    heads = [] if span is None else [t for t in span if not span.start <= t.head.i < span.end]
    c.negated = any(
        k.dep_ == "neg" or k.lower_ in {"never", "not", "n't"} for h in heads for k in h.children
    )


def _content_nouns(span: Span) -> frozenset[str]:
    return frozenset(
        t.lemma_.lower()
        for t in span
        if t.pos_ in {"NOUN", "PROPN"} and not t.is_stop and t.lemma_.lower() not in _GENERIC
    )


def _merge_duplicates(candidates: list[_Candidate], rules: StatusRules) -> list[_Candidate]:
    """One claim for one proposition carried by one chain (a headline and its lede); never
    the two sides of one cue (``_sides_of_the_cue``), which were told apart on purpose."""
    merged: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: c.start):
        twin = next(
            (
                m
                for m in merged
                if m.chain == c.chain
                and not (m.carrier and c.carrier and m.carrier.id == c.carrier.id)
                and _same_proposition(m, c, rules)
            ),
            None,
        )
        if twin is None:
            merged.append(c)
            continue
        twin.paths.extend(c.paths)
        if len(c.text) > len(twin.text):  # the fuller wording speaks for both
            twin.start, twin.end, twin.text = c.start, c.end, c.text
            twin.carrier, twin.innermost = c.carrier, c.innermost
            twin.frames, twin.mentioned, twin.subjects = c.frames, c.mentioned, c.subjects
            twin.nouns, twin.negated = c.nouns, c.negated
            twin.paths.insert(0, twin.paths.pop())
    return merged


def _same_proposition(a: _Candidate, b: _Candidate, rules: StatusRules) -> bool:
    main_a = _main_frame(a)
    main_b = _main_frame(b)
    if (
        main_a is not None
        and main_b is not None
        and main_a.event == main_b.event
        and main_a.negated == main_b.negated
        and main_a.subjects
        and main_a.subjects == main_b.subjects
    ):
        return (
            main_a.participants <= main_b.participants or main_b.participants <= main_a.participants
        )
    if a.nouns and b.nouns and a.negated == b.negated:
        overlap = len(a.nouns & b.nouns) / len(a.nouns | b.nouns)
        return overlap >= 0.6
    return False


def _main_frame(c: _Candidate) -> Frame | None:
    with_subject = [f for f in c.frames if f.subjects]
    return with_subject[0] if with_subject else (c.frames[0] if c.frames else None)


def _author_voice(
    doc: Doc,
    text: str,
    attributions: Sequence[Attribution],
    index: MentionIndex,
    events: Sequence[Event],
) -> list[_Candidate]:
    """Check-worthy sentences in the article's own voice (entity + date, number or event)."""
    taken: list[tuple[int, int]] = [(e.start, e.end) for e in events]
    for a in attributions:
        spans = [a.cue, *a.content]
        if a.source is not None:
            taken.append((a.source.start, a.source.end))
        taken.extend((s.start, s.end) for s in spans)
    checkable = [ent.start_char for ent in doc.ents if ent.label_ in CHECKABLE_LABELS]
    out = []
    for sent in sentences(doc):
        if any(s < sent.end_char and sent.start_char < e for s, e in taken):
            continue
        span = _own_statement(sent)
        lo = dateline_end(text, span.start_char)  # "BEIRUT (AP) —" names no one in the claim
        if not any(lo <= s < span.end_char for s in checkable):
            continue
        named = [
            e
            for e in index.within(lo, span.end_char)
            if e.kind not in {"document", "anonymous", "author"}
        ]
        if not named or not is_proposition(span):
            continue
        start, end = _trim(text, lo, span.end_char)
        out.append(
            _Candidate(
                start=start,
                end=end,
                text=text[start:end],
                carrier=None,
                innermost=None,
                first=start,
            )
        )
    return out


def _own_statement(sent: Span) -> Span:
    """'we recall that X': X. The author's framing verb is no part of the claim."""
    root = sent.root
    if root.lemma_.lower() in AUTHOR_FRAMES and any(
        c.dep_ == "nsubj" and c.lower_ in {"we", "i"} for c in root.children
    ):
        for child in root.children:
            if child.dep_ == "ccomp":
                toks = [t for t in child.subtree if t.dep_ != "mark" or t.head.i != child.i]
                return sent.doc[toks[0].i : child.right_edge.i + 1]
    return sent


# --- what the rest of the article says about a claim ----------------------------------------


def _around(c: _Candidate) -> list[Attribution]:
    return [d for path in c.paths for d in denials_around(path)]


def _denied(candidates: Sequence[_Candidate]) -> list[tuple[Attribution, _Candidate]]:
    """Each denial with the claims it denies: those in its content (``X denied that ...``)."""
    out = []
    for c in candidates:
        for d in _around(c):
            out.append((d, c))
        if c.innermost is not None and c.innermost.stance == "denies":
            out.append((c.innermost, c))
    return out


def _denials_of(
    c: _Candidate,
    denied: Sequence[tuple[Attribution, _Candidate]],
    carrier_ids: set[str],
    rules: StatusRules,
) -> list[Attribution]:
    """The denials that contradict a claim: one it is carried inside (``Sources denied that
    [she had been in Kobane], as claimed by websites``), or one of the same proposition made
    elsewhere in the article."""
    found = _around(c)
    for d, other in denied:
        if d.id in carrier_ids or d in found:
            continue
        if c.start <= d.cue.start and d.cue.end <= c.end:
            continue  # a denial the claim states ("there is no evidence suggesting X")
        if other is not c and _same_proposition(c, other, rules):
            found.append(d)
    return found


def _contradictions(
    c: _Candidate,
    attributions: Sequence[Attribution],
    carrier_ids: set[str],
    sources: dict[str, str],
    reader: FrameReader,
) -> tuple[list[Attribution], frozenset[str]]:
    """Attributions that leave no room for the claim: the same event stated the other way
    round (by anyone), or a denial by a party to it. ``knowers``: the parties of the events
    contradicted by one of them, who know first-hand."""
    if not c.frames:
        return [], frozenset()
    found: list[Attribution] = []
    knowers: set[str] = set()
    origin = c.chain[-1] if c.chain else None
    for b in attributions:
        speaker = sources.get(b.id)
        if b.id in carrier_ids or speaker is None or not b.content:
            continue
        if c.carrier is not None and b.parent in carrier_ids and b.parent == c.carrier.id:
            continue
        theirs = reader.frames(b.content[0].start, b.content[-1].end, speaker)
        for mine in c.frames:
            party = speaker in mine.participants
            if not party and origin in mine.participants:
                continue  # a party's own word is not disputed by someone who was not there
            if any(
                (
                    same_event(mine, t, reader.rules)
                    and clashes(mine, t, b.stance)
                    # one who was not there contradicts by saying no, not by saying yes
                    and (party or t.negated or b.stance == "denies")
                )
                or (party and b.stance == "denies" and denial_of(mine, t, reader.rules))
                for t in theirs
            ):
                found.append(b)
                if party:
                    knowers.update(mine.participants)
                break
    return found, frozenset(knowers)


def _qualifiers(
    doc: Doc,
    c: _Candidate,
    attributions: Sequence[Attribution],
    carrier_ids: set[str],
    rules: StatusRules,
) -> list[Attribution]:
    """Later attributions that narrow the claim: a clarification about the same things."""
    out = []
    for b in attributions:
        if b.id in carrier_ids or b.cue.start < c.end or not b.content:
            continue
        lemmas = _cue_words(doc, b)
        if not lemmas & rules.clarification_words:
            continue
        content = doc.char_span(b.content[0].start, b.content[-1].end, alignment_mode="expand")
        if content is None:
            continue
        claim = doc.char_span(c.start, c.end, alignment_mode="expand")
        same_subject = claim is not None and bool(_subject_nouns(content) & _subject_nouns(claim))
        if same_subject or len(_content_nouns(content) & c.nouns) >= rules.qualification_overlap:
            out.append(b)
    return out


def _subject_nouns(span: Span) -> set[str]:
    """The nouns the clauses of a content are about: 'the Internet was blocked' -> internet."""
    return {
        t.lemma_.lower()
        for t in span
        if t.dep_ in {"nsubj", "nsubjpass"} and t.pos_ in {"NOUN", "PROPN"} and not t.is_stop
    }


def _cue_words(doc: Doc, a: Attribution) -> set[str]:
    """Lemmas of an attribution's cue, its source, and the cue verb's own subject
    ("clarifications were published": the subject tells what kind of saying it is)."""
    lemmas: set[str] = set()
    for w in (a.cue, a.source):
        if w is None:
            continue
        span = doc.char_span(w.start, w.end, alignment_mode="expand")
        if span is None:
            continue
        lemmas.update(t.lemma_.lower() for t in span)
        for tok in span:
            for child in tok.children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    lemmas.update(t.lemma_.lower() for t in child.subtree)
    return lemmas


def _corroborated(
    c: _Candidate,
    candidates: Sequence[_Candidate],
    contradictors: Sequence[Attribution],
    rules: StatusRules,
) -> bool:
    """Another claim, from another origin, that states the same event the same way."""
    if not c.chain:
        return False
    against = {a.id for a in contradictors}
    for other in candidates:
        if other is c or not other.chain or other.chain[-1] == c.chain[-1]:
            continue
        if c.chain[-1] in other.chain or any(a.id in against for a in other.carriers):
            continue
        pairs = [(m, t) for m in c.frames for t in other.frames if same_event(m, t, rules)]
        if pairs and not any(
            clashes(m, t, "asserts") or clashes(t, m, "asserts") for m, t in pairs
        ):
            return True
    return False


def _not_reported(
    doc: Doc, c: _Candidate, notes: Sequence[RecordNote], reader: FrameReader
) -> bool:
    """A sentence says what the claim states was never reported or could not be verified."""
    for note in notes:
        if c.first >= note.start or c.start <= note.start < c.end:
            continue  # a note speaks of what was said before it
        if note.vague:
            if 0 <= note.start - c.end <= 300:
                return True
            continue
        theirs = reader.frames(note.subject_start, note.subject_end)
        if any(same_event(mine, t, reader.rules) for mine in c.frames for t in theirs):
            return True
        # "The meeting could not be verified": the event named again, right after the claim
        bare = [t for t in theirs if not t.participants]
        if 0 <= note.start - c.end <= 300 and any(
            mine.event == t.event for mine in c.frames for t in bare
        ):
            return True
        subject = doc.char_span(note.subject_start, note.subject_end, alignment_mode="expand")
        if subject is not None and len(_content_nouns(subject) & c.nouns) >= 3:
            return True
    return False


def _hedged(doc: Doc, c: _Candidate, rules: StatusRules) -> bool:
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    words = {t.lower_ for t in span} if span is not None else set()
    if c.innermost is not None:
        cue = doc.char_span(c.innermost.cue.start, c.innermost.cue.end, alignment_mode="expand")
        if cue is not None:
            words.update(t.lower_ for t in cue)
    return bool(words & rules.hedges)


def _called_false(doc: Doc, c: _Candidate, rules: StatusRules) -> bool:
    """Whether the article, in its own voice, says a claim it relays is false: an adverb on
    the outermost cue ("Internet gossip sites incorrectly stated that ...", "It was falsely
    reported that ..."), a falsity adjective on the outermost source, a noun of saying
    ("false reports came out that ..."), or a verdict on it ("reports that ... proved to be
    false": :func:`_verdict_on_report`). Deeper in the chain it is a source's word, not the
    article's."""
    if c.judged_false:  # "reports that ... proved to be false"
        return True
    if _then_called_false(doc, c, rules):
        return True
    for path in c.paths:
        outer = path[0] if path else None
        if outer is None:
            continue
        cue = doc.char_span(outer.cue.start, outer.cue.end, alignment_mode="expand")
        if cue is not None:
            words = {t.lower_ for t in cue}
            words.update(k.lower_ for k in cue.root.children if k.dep_ == "advmod")
            if words & rules.falsity_adverbs:
                return True
        if outer.source is None:
            continue
        source = doc.char_span(outer.source.start, outer.source.end, alignment_mode="expand")
        if source is None or source.root.lemma_.lower() not in rules.report_nouns:
            continue
        if any(
            k.dep_ == "amod" and k.lower_ in rules.falsity_adjectives for k in source.root.children
        ):
            return True
    return False


#: what a claim is said not to be ("but that is not true")
_TRUTH_WORDS = frozenset(["true", "correct", "accurate", "right", "case"])


def _then_called_false(doc: Doc, c: _Candidate, rules: StatusRules) -> bool:
    """Whether the sentence goes on, in the article's voice, to say the claim it relays is
    false: "Andrey claims that it's real spray paint, but that may not be true", "The company
    said the phone is waterproof, but that is false". The clause is coordinated with the
    cue's or the claim's own, after the claim, with a pointing "that" or "this" for subject."""
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None or c.carrier is None:
        return False
    cue = doc.char_span(c.carrier.cue.start, c.carrier.cue.end, alignment_mode="expand")
    if cue is None:
        return False
    hosts = {cue.root.i, *(t.i for t in span_heads(span))}
    for tok in span.sent:
        if tok.i < span.start or tok.lower_ not in ("that", "this") or tok.dep_ != "nsubj":
            continue
        pred = tok.head
        if pred.dep_ != "conj" or pred.head.i not in hosts:
            continue
        negated = any(k.dep_ == "neg" for k in pred.children)
        for k in pred.children:
            if k.dep_ not in ("acomp", "attr"):
                continue
            word = k.lower_
            if (negated and word in _TRUTH_WORDS) or (
                not negated and word in rules.falsity_adjectives
            ):
                return True
    return False


def _heard_from_origin(c: _Candidate, links: Sequence) -> bool:
    """True when the one before the origin heard it from the origin (a listener, not a reader)."""
    if len(c.chain) < 2:
        return False
    listener, origin = c.chain[-2], c.chain[-1]
    if any(
        link.listener == listener and link.origin == origin and link.kind == "topic"
        for link in links
    ):
        return True
    return any(
        a.recipient is not None and a.recipient.entity == listener for path in c.paths for a in path
    )
