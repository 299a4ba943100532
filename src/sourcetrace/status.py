"""How far a claim can be trusted: its status and the signals behind it.

Everything here is a general rule over the article's own structure; the word lists and
thresholds live in one place, ``StatusRules``.

- ``first-hand``: one hop, and the origin is the claim's own subject or actor speaking.
- ``reported``: anything attributed that no rule below applies to.
- ``unverified``: one origin, two hops or more, nothing independent confirms it.
- ``disputed``: a party with first-hand knowledge (the claim's subject, a participant) says
  otherwise, while the reporting chain still asserts it.
- ``denied``: the attribution that carries it denies it, or its only carrier takes it back.
- ``qualified``: a later attribution or clarification about the same thing narrows it.
- ``unattributed``: the article's own voice.

A contradiction needs the same event (same predicate, or predicates of one class such as
speak / talk / conversation), shared participants, and a clash: one side negated, a denial, or
a ``the last time ... was <date>`` bound that leaves no room for the claimed event. A statement
that merely names the same people is never support.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .mentions import MentionIndex
from .model import Attribution, ClaimStatus, Entity, Event


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusRules:
    """Every word list and threshold the status rules use, in one place."""

    #: predicates of one event class count as the same event
    event_classes: dict[str, frozenset[str]] = field(
        default_factory=lambda: {
            "communication": frozenset(
                [
                    "speak",
                    "talk",
                    "tell",
                    "conversation",
                    "call",
                    "phone",
                    "meet",
                    "meeting",
                    "discuss",
                    "discussion",
                    "chat",
                    "converse",
                    "contact",
                    "talks",
                ]
            ),
            "visit": frozenset(["visit", "travel", "trip", "go", "arrive"]),
        }
    )
    hedges: frozenset[str] = frozenset(
        [
            "may",
            "might",
            "could",
            "reportedly",
            "allegedly",
            "possibly",
            "apparently",
            "supposedly",
            "purportedly",
            "perhaps",
            "likely",
            "unconfirmed",
            "rumored",
            "rumoured",
        ]
    )
    #: the article's own word that what it relays is false: "incorrectly stated that",
    #: "was falsely reported that" (on the cue), "false reports came out that" (on the source)
    falsity_adverbs: frozenset[str] = frozenset(
        [
            "falsely",
            "incorrectly",
            "wrongly",
            "erroneously",
            "mistakenly",
            "inaccurately",
            "untruthfully",
            "wrongfully",
        ]
    )
    falsity_adjectives: frozenset[str] = frozenset(
        [
            "false",
            "fake",
            "bogus",
            "erroneous",
            "unfounded",
            "baseless",
            "untrue",
            "inaccurate",
            "debunked",
            "fabricated",
            "phony",
            "phoney",
            "spurious",
            "discredited",
        ]
    )
    #: the nouns of saying a falsity adjective must qualify: "false reports", not "fake sites"
    report_nouns: frozenset[str] = frozenset(
        [
            "report",
            "rumour",
            "rumor",
            "claim",
            "story",
            "allegation",
            "account",
            "statement",
            "assertion",
            "suggestion",
            "speculation",
            "information",
            "news",
        ]
    )
    #: "X has not been publicly reported", "could not be independently verified"
    verification_verbs: frozenset[str] = frozenset(
        ["report", "confirm", "verify", "corroborate", "publish", "document", "substantiate"]
    )
    #: "no public record", "there is no evidence"
    missing_record_nouns: frozenset[str] = frozenset(
        ["record", "evidence", "confirmation", "report", "trace", "proof"]
    )
    unverified_adjectives: frozenset[str] = frozenset(
        ["unconfirmed", "unverified", "unsubstantiated"]
    )
    #: cue words of a later narrowing: "clarifications were published that ..."
    clarification_words: frozenset[str] = frozenset(
        [
            "clarification",
            "clarify",
            "correction",
            "correct",
            "specify",
            "specification",
            "precise",
            "refine",
            "amend",
            "update",
        ]
    )
    denial_words: frozenset[str] = frozenset(
        ["deny", "denial", "dismiss", "refute", "reject", "rebut", "contradict", "disprove"]
    )
    #: verbs of saying and thinking: what they state is an attitude, not an event
    attitude_verbs: frozenset[str] = frozenset(
        [
            "say",
            "think",
            "believe",
            "feel",
            "guess",
            "suppose",
            "hope",
            "know",
            "want",
            "seem",
            "appear",
            "mean",
            "expect",
            "consider",
            "argue",
            "claim",
            "suggest",
            "insist",
            "add",
            "note",
        ]
    )
    #: shared content words needed before a later statement qualifies a claim
    qualification_overlap: int = 2
    #: shared participants needed for two statements to be about the same event
    shared_participants: int = 2
    #: hops at which a single-origin claim is reported as such, and "third-hand" starts
    single_origin_min_hops: int = 2
    third_hand_hops: int = 3


DEFAULT_RULES = StatusRules()
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "myself", "mine"})


@dataclass(frozen=True, slots=True)
class Frame:
    """One event a content states: its predicate, who takes part, and how it is bounded."""

    predicate: str
    event: str  # the event class, or the predicate itself
    participants: frozenset[str]
    subjects: frozenset[str]
    negated: bool
    last_time: bool  # "the last time X spoke with Y was ..."
    dates: frozenset[str]
    start: int


class FrameReader:
    """Reads the events of any stretch of one article; each stretch is read once."""

    def __init__(self, doc: Doc, entities: Sequence[Entity], rules: StatusRules) -> None:
        self.doc = doc
        self.index = MentionIndex(entities)
        self.rules = rules
        self._dates = [
            (e.start_char, e.text.lower()) for e in doc.ents if e.label_ in {"DATE", "TIME"}
        ]
        self._cache: dict[tuple[int, int, str | None], list[Frame]] = {}

    def frames(self, start: int, end: int, speaker: str | None = None) -> list[Frame]:
        """The events stated in [start, end): every verb, and every event noun of a class.

        ``speaker``: the entity whose words these are; "I" / "me" / "my" in them is that entity.
        """
        key = (start, end, speaker)
        if key not in self._cache:
            self._cache[key] = self._read(start, end, speaker)
        return self._cache[key]

    def _read(self, start: int, end: int, speaker: str | None) -> list[Frame]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return []
        dates = frozenset(text for s, text in self._dates if start <= s < end)
        out = []
        for tok in span:
            lemma = tok.lemma_.lower()
            event = _event_class(lemma, self.rules)
            verb_or_event = tok.pos_ == "VERB" or (tok.pos_ == "NOUN" and event != lemma)
            if not verb_or_event and not _copula(tok):
                continue
            participants, subjects = _participants(tok, self.index, span, speaker)
            out.append(
                Frame(
                    predicate=lemma,
                    event=event,
                    participants=participants,
                    subjects=subjects,
                    negated=_negated(tok),
                    last_time=_last_time(tok),
                    dates=dates,
                    start=tok.idx,
                )
            )
        return out


def frames(
    doc: Doc, start: int, end: int, entities: Sequence[Entity], rules: StatusRules
) -> list[Frame]:
    """The events stated in [start, end) of ``doc`` (see ``FrameReader``)."""
    return FrameReader(doc, entities, rules).frames(start, end)


def _event_class(lemma: str, rules: StatusRules) -> str:
    for name, members in rules.event_classes.items():
        if lemma in members:
            return name
    return lemma


def _participants(
    tok: Token, index: MentionIndex, span: Span, speaker: str | None = None
) -> tuple[frozenset[str], frozenset[str]]:
    found: set[str] = set()
    subjects: set[str] = set()
    stack = [(c, c.dep_) for c in tok.children]
    while stack:
        node, role = stack.pop()
        if not (span.start <= node.i < span.end):
            continue
        clause = node.dep_ in {"advcl", "ccomp", "relcl", "xcomp", "acl", "punct", "mark"}
        if clause or (node.dep_ == "conj" and node.pos_ == "VERB"):
            continue
        entity = index.covering(node.idx, node.idx + len(node))
        who = entity.id if entity is not None else None
        if who is None and speaker is not None and node.lower_ in FIRST_PERSON_SINGULAR:
            who = speaker  # "I never spoke to him", said by the speaker
        if who is not None:
            found.add(who)
            if role in {"nsubj", "nsubjpass", "agent"}:
                subjects.add(who)
        if node.dep_ in {"prep", "pobj", "conj", "cc", "agent", "appos", "compound", "poss"}:
            stack.extend((c, role) for c in node.children)
        elif node.dep_ in {"nsubj", "nsubjpass", "dobj", "dative", "attr"}:
            stack.extend(
                (c, role) for c in node.children if c.dep_ in {"conj", "cc", "prep", "appos"}
            )
    return frozenset(found), frozenset(subjects)


def _copula(tok: Token) -> bool:
    """'Rosenberg was (not) in the Kobane region': a state of its subject, an event to compare."""
    return (
        tok.lemma_ == "be"
        and tok.dep_ not in {"aux", "auxpass"}
        and any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)
        and any(c.dep_ == "prep" for c in tok.children)
    )


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in {"never", "not", "n't"} for c in tok.children)


def _last_time(tok: Token) -> bool:
    """'the last time he spoke with Putin was ...': the event bounded in the past."""
    if tok.dep_ != "relcl":
        return False
    noun = tok.head
    return noun.lemma_.lower() in {"time", "occasion"} and any(
        c.lower_ in {"last", "only", "previous"} for c in noun.children
    )


def same_event(a: Frame, b: Frame, rules: StatusRules) -> bool:
    """Two frames state one event: the same predicate (or class) and the same parties.

    Two named parties must be shared ("Musk spoke with Putin" / "he spoke with Putin"); an
    attitude ("I think", "he believes") is never an event. One shared party is enough only
    against an explicit denial of the very same predicate (see ``denial_of``).
    """
    if a.event != b.event or a.predicate in rules.attitude_verbs:
        return False
    return len(a.participants & b.participants) >= rules.shared_participants


def denial_of(claimed: Frame, denial: Frame, rules: StatusRules) -> bool:
    """'X denied that he resigned' against 'X resigned': one party, the same predicate."""
    return (
        claimed.predicate == denial.predicate
        and claimed.predicate not in rules.attitude_verbs
        and bool(claimed.participants & denial.participants)
        and claimed.subjects == denial.subjects
        and bool(claimed.subjects)
    )


def clashes(claimed: Frame, other: Frame, other_stance: str) -> bool:
    """True when ``other`` leaves no room for ``claimed`` (both already about one event).

    A denial turns what it denies around: "X denied that Y was in Z" agrees with "Y was not in
    Z" and clashes with "Y was in Z".
    """
    if claimed.negated != (other.negated != (other_stance == "denies")):
        return True
    if other.last_time and not claimed.negated and not claimed.last_time:
        return not (claimed.dates & other.dates)
    return False


# --- statements about the record ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordNote:
    """A sentence saying something was never reported / could not be verified, and about what."""

    start: int
    end: int
    subject_start: int
    subject_end: int
    vague: bool  # "this could not be verified": about what came just before


def record_notes(doc: Doc, sentences: Sequence[Span], rules: StatusRules) -> list[RecordNote]:
    notes = []
    for sent in sentences:
        for tok in sent:
            lemma = tok.lemma_.lower()
            subject: Token | None = None
            if lemma in rules.verification_verbs and tok.pos_ == "VERB" and _negated(tok):
                subject = next((c for c in tok.children if c.dep_ in {"nsubjpass", "nsubj"}), None)
            elif lemma in rules.unverified_adjectives and tok.dep_ in {"acomp", "amod"}:
                head = tok.head
                subject = (
                    head
                    if tok.dep_ == "amod"
                    else next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
                )
            elif lemma in rules.missing_record_nouns and any(
                c.lower_ == "no" for c in tok.children
            ):
                subject = tok
            if subject is None:
                continue
            left, right = subject.left_edge, subject.right_edge
            vague = subject.tag_ in {"PRP", "DT"} or subject.lemma_.lower() in {
                "claim",
                "report",
                "account",
                "information",
                "allegation",
            }
            notes.append(
                RecordNote(sent.start_char, sent.end_char, left.idx, right.idx + len(right), vague)
            )
    return notes


# --- the verdict on one claim ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assessment:
    status: ClaimStatus
    signals: tuple[str, ...]


def assess(
    *,
    chain: tuple[str, ...],
    carriers: Sequence[Attribution],
    actors: frozenset[str],
    contradictors: Sequence[Attribution],
    contradictor_sources: Sequence[str | None],
    knowers: frozenset[str] = frozenset(),
    qualifiers: Sequence[Attribution],
    corroborated: bool,
    not_reported: bool,
    hedged: bool,
    entities: dict[str, Entity],
    events: Sequence[Event],
    rules: StatusRules = DEFAULT_RULES,
    called_false: bool = False,
) -> Assessment:
    """The status and signals of one claim, from the facts gathered about it.
    ``called_false``: the article itself says what it relays is false ("incorrectly
    stated"): the claim is disputed, by the article."""
    hops = len(chain)
    signals: list[str] = []
    origins = {chain[-1]} if chain else set()
    single = bool(chain) and not corroborated and len(origins) == 1
    if single and hops >= rules.single_origin_min_hops:
        signals.append("single-origin")
    if not_reported:
        signals.append("not-publicly-reported")
    # the people it is about, and the other parties to the event, know first-hand
    by_subject = [s for s in contradictor_sources if s is not None and s in actors | knowers]
    if by_subject:
        signals.append("denied-by-subject")
    if contradictors and events:
        first_event = min(e.start for e in events)
        if any(c.cue.start > first_event for c in contradictors) and any(
            c.cue.start < first_event for c in carriers
        ):
            signals.append("contradicted-after-update")
    # the article's own voice that doubts or denies what it states ("I personally doubt the
    # device is water resistant"): the article disputes it, it does not assert it
    own_doubt = not chain and any(a.stance in ("denies", "questions") for a in carriers[-1:])
    if called_false or (own_doubt and carriers[-1].stance == "denies"):
        signals.append("called-false-by-article")
    elif own_doubt:
        signals.append("doubted-by-article")
    if hedged:
        signals.append("hedged")
    if any(entities[e].kind == "anonymous" for e in chain if e in entities):
        signals.append("anonymous-source")
    if hops >= rules.third_hand_hops:
        signals.append("third-hand")
    if corroborated:
        signals.append("corroborated")

    status: ClaimStatus
    if not chain:
        status = "disputed" if own_doubt else "unattributed"
    elif any(a.stance == "denies" for a in carriers[-1:]) or (
        hops == 1 and chain[0] in contradictor_sources
    ):
        status = "denied"
    elif contradictors or called_false:
        status = "disputed"
    elif qualifiers:
        status = "qualified"
    elif hops == 1 and chain[-1] in actors:
        status = "first-hand"
    elif single and hops >= rules.single_origin_min_hops:
        status = "unverified"
    else:
        status = "reported"
    return Assessment(status=status, signals=tuple(signals))
