"""Who can speak, resolved within one article.

``resolve(doc, attributions)`` gathers every mention that can carry a claim (attribution
sources, recipients and media, and the people, organisations and places spaCy names), joins the
mentions that refer to the same thing, types each entity, and returns the entities with the
attributions' ``source.entity`` / ``recipient.entity`` filled in.

How mentions are joined (all within the article, nothing from outside it):

- names: a short name joins the fuller name it ends ("Musk" -> "Elon Musk"); the fullest name
  is the canonical one; further occurrences of a known name are found in the text;
- descriptions: "the publication" -> the latest outlet; "the latter" / "the former" -> one of
  the last pair named in the sentence before; "a political scientist" -> the person introduced
  earlier with that description (an appositive or a title: "the American political scientist,
  ..., Ian Bremmer", "Russian President Vladimir Putin");
- titles: a definite one ("the New York businessman said", "The Indiana governor") not
  introduced earlier takes up the person the last sentences are about; "the president" is
  never a vice (deputy, former, ...) president; "the fund" prefers the organisation whose name
  holds the noun; "the city said" speaks for the place named last;
- pronouns: he/she -> a person, they -> a group or organisation, by sentence, then
  grammatical role (the head of a source, a main-clause subject, another subject), then
  recency; a speaker after a quotation counts sentences from the quotation's start; gender
  comes from given names, honorifics and gendered titles, and an entity once called "he" is
  not later "she";
- documents: "X's message", "a mailing" in the medium of an attribution by X, "this mailing":
  one document per author, ``author`` set;
- groups ("Ukrainian media", "officials") and unnamed sources (one ``anonymous`` entity per
  attribution); "we" / "I" as a source is the article's ``author``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import overload

from spacy.tokens import Doc, Span, Token

from .cues import RAISING_LEMMAS
from .lexicon import (
    COLLECTIVE_NOUNS,
    DOCUMENT_NOUNS,
    FEMALE_GIVEN_NAMES,
    FEMALE_HONORIFICS,
    FEMALE_PERSON_NOUNS,
    FEMALE_PRONOUNS,
    FIRST_PERSON,
    MALE_GIVEN_NAMES,
    MALE_HONORIFICS,
    MALE_PERSON_NOUNS,
    MALE_PRONOUNS,
    ORGANIZATION_NOUNS,
    OUTLET_NOUNS,
    PERSON_NOUNS,
    PLACE_GOVERNMENT_NOUNS,
    PLATFORMS,
    PLURAL_PRONOUNS,
    PRESS_NOUNS,
    RANK_MODIFIERS,
    SPEAKER_KINDS,
    TITLE_ABBREVIATIONS,
    is_outlet_name,
)
from .mentions import (
    core_text,
    name_key,
    name_piece,
    np_left,
    sentence_index,
    sentences,
    split_at_breaks,
)
from .model import Attribution, Entity, EntityKind
from .quotes import find_quotes
from .textcache import text_of

_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: modifiers that point back to an entity named before ("the aforementioned publication")
_BACK_POINTING = frozenset(
    {"aforementioned", "abovementioned", "above-mentioned", "mentioned", "said", "same"}
)
#: modifiers that tell nothing of which entity it is ("the news site")
_PLAIN_MODIFIERS = frozenset({"news", "media", "online", "web"})
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
#: "Ky.", "Wis.", "Calif.": an abbreviated state or title, never a name of its own
_ABBREVIATION = re.compile(r"[A-Z][a-z]{1,4}\.")
#: lower-case words inside a longer name ("Voice of Israel"): what follows is not its head
_NAME_LINKS = frozenset({"of", "for", "and", "the", "de", "du", "la", "on", "in", "to", "at"})


# --- working state --------------------------------------------------------------------------


@dataclass(eq=False)
class _Cluster:
    """An entity being built: mutable while the article is read, frozen at the end."""

    kind: EntityKind | None = None
    names: list[tuple[int, str]] = field(default_factory=list)  # (offset, name as written)
    mentions: set[tuple[int, int]] = field(default_factory=set)
    labels: Counter[str] = field(default_factory=Counter)
    author: _Cluster | None = None
    cores: list[str] = field(default_factory=list)  # a document's own words ("mailing to ...")
    nouns: set[str] = field(default_factory=set)  # a document's head nouns
    gender: str | None = None
    anchor: int = 0  # where it first turns up, for entities with no mention
    place: bool = False  # a place named in passing: no entity unless it speaks ("Russia said")
    singular: bool = False  # an unnamed single speaker ("An American ...", "a senior source")

    def add(self, start: int, end: int) -> None:
        self.mentions.add((start, end))

    @property
    def first(self) -> int:
        return min((m[0] for m in self.mentions), default=self.anchor)

    def canonical_name(self) -> str:
        if self.kind == "document":
            core = max(self.cores, key=len) if self.cores else "document"
            return f"{self.author.canonical_name()}'s {core}" if self.author else core
        if not self.names:
            return "unnamed source" if self.kind == "anonymous" else "the author"
        # the fullest name: most words, then first written
        return max(self.names, key=lambda n: (len(n[1].split()), -n[0]))[1]


@dataclass(frozen=True, slots=True)
class _Description:
    """A description introduced for an entity: 'the American political scientist' -> Bremmer."""

    start: int
    head: str
    modifiers: frozenset[str]
    cluster: _Cluster
    definite_only: bool = False  # "a senior source" is taken up only by "the source"


class _Resolver:
    def __init__(self, doc: Doc, attributions: Sequence[Attribution]) -> None:
        self.doc = doc
        self.attributions = attributions
        self.by_id = {a.id: a for a in attributions}
        self.sent_of = sentence_index(doc)
        self.sents = sentences(doc)
        self.token_starts = [t.idx for t in doc]
        self.clusters: list[_Cluster] = []
        self.owner: dict[tuple[int, int], _Cluster] = {}  # mention -> cluster
        self.descriptions: list[_Description] = []
        self.documents_by_author: dict[int, _Cluster] = {}
        self.groups: dict[str, _Cluster] = {}
        self.author: _Cluster | None = None
        self.sources: dict[str, _Cluster] = {}
        self.resolving: set[str] = set()  # attributions whose source is being resolved
        self.unnamed: set[int] = set()  # the anonymous entities of sources not written
        self.quotes = find_quotes(text_of(doc))
        self.recipients: dict[str, _Cluster] = {}

    # -- clusters and mentions --

    def new_cluster(self, kind: EntityKind | None, anchor: int) -> _Cluster:
        cluster = _Cluster(kind=kind, anchor=anchor)
        self.clusters.append(cluster)
        return cluster

    def attach(self, cluster: _Cluster, start: int, end: int) -> _Cluster:
        if (start, end) not in self.owner:
            self.owner[(start, end)] = cluster
            cluster.add(start, end)
        return self.owner[(start, end)]

    def mentions_between(self, lo: int, hi: int) -> list[tuple[int, int, _Cluster]]:
        found = [(s, e, c) for (s, e), c in self.owner.items() if lo <= s and e <= hi]
        return sorted(found, key=lambda m: m[0])

    def latest(self, before: int, accept: Iterable[EntityKind | None]) -> _Cluster | None:
        kinds = set(accept)
        best: tuple[int, _Cluster] | None = None
        for (s, _e), c in self.owner.items():
            if s < before and c.kind in kinds and (best is None or s > best[0]):
                best = (s, c)
        return best[1] if best else None

    def token_at(self, offset: int) -> int:
        """The index of the token at (or just before) a character offset."""
        return max(0, bisect_right(self.token_starts, offset) - 1)

    def span(self, start: int, end: int) -> Span | None:
        return self.doc.char_span(start, end, alignment_mode="expand")

    # -- 1. names --

    def collect_names(self) -> None:
        pieces: list[tuple[int, int, str, str | None]] = []
        surnames = {
            name_key(ent.text)[-1]
            for ent in self.doc.ents
            if ent.label_ == "PERSON" and len(ent.text.split()) >= 2
        }
        for ent in self.doc.ents:
            if ent.label_ not in _NAME_LABELS and ent.label_ not in {"WORK_OF_ART", "PRODUCT"}:
                continue
            label: str | None = ent.label_
            parts = split_at_breaks(_through_compound_head(ent))
            if len(parts) > 1:
                label = None  # a mislabelled run across a line break: infer from the name
            for part in parts:
                if label is None and part.root.pos_ != "PROPN":
                    continue
                piece = name_piece(part)
                if piece is None:
                    continue
                start, end, text = piece
                if part.root.tag_ in {"JJ", "JJR", "JJS"}:
                    continue  # "Ukrainian media": an adjective, not a name
                if label == "NORP" and part.root.tag_ not in {"NNPS", "NNS"}:
                    continue
                if label in {"WORK_OF_ART", "PRODUCT"} or _ABBREVIATION.fullmatch(text):
                    continue
                start, end, text = self.outside_headline(start, end, text)
                if label in _PLACE_LABELS and " " not in text:
                    if self.in_source(start, end):
                        label = None  # "Strada accused ...": a speaker, whatever spaCy says
                    elif name_key(text)[0] in surnames and not _used_as_place(part.root):
                        label = "PERSON"  # "met Blinken": the surname of a person named before
                pieces.append((start, end, text, label))
        for a in self.attributions:
            for sp in (a.source, a.recipient):
                if sp is None:
                    continue
                for start, end, text in self.bare_proper_names(sp.start, sp.end):
                    pieces.append((start, end, text, None))
        self.cluster_names(pieces)
        self.find_more_occurrences()
        for cluster in self.clusters:
            if cluster.kind is not None and cluster.kind != "person" and self.locative(cluster):
                cluster.kind, cluster.place = None, True

    def in_source(self, start: int, end: int) -> bool:
        return any(
            sp is not None and sp.start <= start and end <= sp.end
            for a in self.attributions
            for sp in (a.source, a.recipient)
        )

    def outside_headline(self, start: int, end: int, text: str) -> tuple[int, int, str]:
        """'Clinton Breaks' in a title-case headline: the longest part used as a name elsewhere.

        In a line where (nearly) every word is capitalised, capitals do not mark names; a name
        found there is cut back to its longest beginning that the article uses outside such
        lines. A name used nowhere else stays as it is.
        """
        doc_text = text_of(self.doc)
        if " " not in text or not _title_case_line(doc_text, start):
            return start, end, text
        words = text.split()

        def used_elsewhere(form: str) -> bool:
            pattern = rf"(?<![\w]){re.escape(form)}(?![\w])"
            return any(
                not _title_case_line(doc_text, m.start()) for m in re.finditer(pattern, doc_text)
            )

        if used_elsewhere(text):
            return start, end, text
        for k in range(len(words) - 1, 0, -1):
            prefix = " ".join(words[:k])
            if used_elsewhere(prefix) and doc_text.startswith(prefix, start):
                return start, start + len(prefix), prefix
        return start, end, text

    def locative(self, cluster: _Cluster) -> bool:
        """A place named in passing: labelled one, or mostly used as one ('in Kobane')."""
        if cluster.labels and cluster.labels.most_common(1)[0][0] in _PLACE_LABELS:
            return True
        spans = [self.span(s, e) for s, e in cluster.mentions]
        roots = [sp.root for sp in spans if sp is not None]
        if not roots or cluster.labels["PERSON"] > cluster.labels["ORG"]:
            return False
        return sum(_used_as_place(r) for r in roots) * 2 > len(roots)

    def bare_proper_names(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Runs of proper nouns in a span that spaCy did not tag as an entity ("Vice")."""
        span = self.span(start, end)
        if span is None:
            return []
        whole = _one_compound_name(span)
        if whole is not None:
            return [whole]
        runs: list[list[Token]] = []
        for tok in span:
            if _joins_by_hyphen(tok, runs[-1] if runs else []):
                runs[-1].append(tok)  # "Choe Kwan-il", "Kim Jong-un"
                continue
            # "the Hollywood Reporter": "Hollywood" is typed a place, yet opens the name
            tok_typed = bool(tok.ent_type_) and not _place_in_a_name(tok)
            if tok_typed or tok.tag_ not in {"NNP", "NNPS"} or not tok.text[:1].isupper():
                if runs and runs[-1]:
                    runs.append([])
                continue
            if not runs:
                runs.append([])
            runs[-1].append(tok)
        out = []
        for run in runs:
            if run:
                piece = name_piece(self.doc[run[0].i : run[-1].i + 1])
                if piece:
                    out.append(piece)
        return out

    def cluster_names(self, pieces: list[tuple[int, int, str, str | None]]) -> None:
        forms: dict[tuple[str, ...], _Cluster] = {}
        by_words = sorted(pieces, key=lambda p: (-len(p[2].split()), p[0]))
        for start, end, text, label in by_words:
            words = name_key(text)
            cluster = forms.get(words)
            if cluster is None:
                cluster = self.fuller_name(words, label, forms, start)
            if cluster is None:
                cluster = self.new_cluster(None, start)
            forms[words] = cluster
            cluster.names.append((start, text))
            if label:
                cluster.labels[label] += 1
            self.attach(cluster, start, end)
        for cluster in self.clusters:
            cluster.kind = _name_kind(cluster)

    def fuller_name(
        self,
        words: tuple[str, ...],
        label: str | None,
        forms: dict[tuple[str, ...], _Cluster],
        start: int,
    ) -> _Cluster | None:
        """The cluster of a longer name this one ends ("Musk" -> "Elon Musk"), if unique."""
        matches: list[_Cluster] = []
        for full, cluster in forms.items():
            if len(full) <= len(words) or full[-len(words) :] != words:
                continue
            if label and cluster.labels and not _labels_agree(label, cluster.labels):
                continue
            if full[-len(words) - 1] in _NAME_LINKS and not cluster.labels["PERSON"]:
                continue  # "Israel" is not "Voice of Israel", whose head is "Voice"
            if cluster not in matches:
                matches.append(cluster)
        if len(matches) == 1:
            return matches[0]
        if matches:  # two share a surname: the one named in full most often, then first
            before = [c for c in matches if c.first < start]
            return max(before, key=lambda c: (len(c.names), -c.first)) if before else None
        if len(words) == 1 and label in (None, "PERSON"):
            # a person called by the first name after the full one ("Georgy Myakinkin, 31, ...
            # Georgy said"), when no one else named before has that first name
            firsts = [
                c
                for full, c in forms.items()
                if len(full) >= 2 and full[0] == words[0] and c.labels["PERSON"] and c.first < start
            ]
            if len(set(map(id, firsts))) == 1:
                return firsts[0]
        return None

    def find_more_occurrences(self) -> None:
        text = text_of(self.doc)
        taken = sorted(self.owner)
        for cluster in list(self.clusters):
            # longest form first, so "Donald Trump" claims its words before "Trump" does;
            # a fixed order keeps the result the same in every process
            for form in sorted({n for _, n in cluster.names}, key=lambda n: (-len(n), n)):
                if not form[:1].isupper():
                    continue
                for m in re.finditer(rf"(?<![\w.]){re.escape(form)}(?![\w])", text):
                    s, e = m.start(), m.end()
                    if any(s < te and ts < e for ts, te in taken):
                        continue
                    if _inside_longer_name(text, s, e):
                        continue
                    self.attach(cluster, s, e)
                    taken.append((s, e))

    # -- 2. descriptions introduced with a name --

    def collect_descriptions(self) -> None:
        for (start, end), cluster in sorted(self.owner.items()):
            if cluster.kind not in {"person", "organization", "outlet"}:
                continue
            span = self.span(start, end)
            if span is None:
                continue
            root = span.root
            for noun in _description_nouns(root, span, person=cluster.kind == "person"):
                if _press_noun(noun) and cluster.kind in {"organization", "person"}:
                    # "the daily Haaretz", "Kurdish paper Rudaw" (spaCy: a person), "news
                    # site Xendan"
                    cluster.kind = "outlet"
                head = noun.lemma_.lower()
                head = TITLE_ABBREVIATIONS.get(head, TITLE_ABBREVIATIONS.get(noun.lower_, head))
                mods = frozenset(
                    c.lemma_.lower() for c in noun.children if c.dep_ in {"amod", "compound"}
                )
                self.descriptions.append(_Description(noun.idx, head, mods, cluster))
                left = min(
                    [noun.i]
                    + [c.left_edge.i for c in noun.children if c.dep_ in {"det", "amod"}]
                    + [c.i for c in noun.children if c.dep_ == "compound"]
                )
                np = self.doc[left : noun.i + 1]
                if not any(t.ent_type_ == "PERSON" for t in np):
                    self.attach(cluster, np.start_char, np.end_char)

    def described(
        self, head: str, modifiers: frozenset[str], before: int, *, definite: bool = True
    ) -> _Cluster | None:
        """The entity introduced earlier with this description ("the monitoring group SITE")."""
        found = [
            d
            for d in self.descriptions
            if d.head == head
            and modifiers <= d.modifiers | {d.head}
            and not (d.modifiers & RANK_MODIFIERS) - modifiers  # "Vice President" is no president
            and d.start < before
            and (definite or not d.definite_only)
        ]
        return max(found, key=lambda d: d.start).cluster if found else None

    def assign_genders(self) -> None:
        """A person's gender from a given name, an honorific ("Ms. Martin") or a gendered
        title ("the spokeswoman"), when every such sign agrees; else none is assumed."""
        text = text_of(self.doc)
        for cluster in self.clusters:
            if cluster.kind != "person" or cluster.gender:
                continue
            signs: set[str] = set()
            for _start, name in cluster.names:
                words = [w for w in name_key(name) if w not in TITLE_ABBREVIATIONS]
                if len(words) >= 2 and words[0] in MALE_GIVEN_NAMES:
                    signs.add("m")
                elif len(words) >= 2 and words[0] in FEMALE_GIVEN_NAMES:
                    signs.add("f")
            for start, _end in cluster.mentions:
                before = text[max(0, start - 12) : start].split()
                word = before[-1].lower() if before else ""
                if word in MALE_HONORIFICS:
                    signs.add("m")
                elif word in FEMALE_HONORIFICS:
                    signs.add("f")
            for d in self.descriptions:
                if d.cluster is cluster and d.head in MALE_PERSON_NOUNS:
                    signs.add("m")
                elif d.cluster is cluster and d.head in FEMALE_PERSON_NOUNS:
                    signs.add("f")
            if len(signs) == 1:
                cluster.gender = signs.pop()

    # -- 3. the article read in order: attribution spans, pronouns, descriptions --

    def read_in_order(self) -> None:
        items: list[tuple[int, int, str, object]] = []
        for a in self.attributions:
            if a.source is not None:
                items.append((a.source.start, 0, "source", a))
            else:
                items.append((a.cue.start, 0, "no-source", a))
            if a.recipient is not None:
                items.append((a.recipient.start, 1, "recipient", a))
            if a.medium is not None:
                items.append((a.medium.start, 2, "medium", a))
        for tok in self.doc:
            if tok.tag_ in {"PRP", "PRP$"}:
                items.append((tok.idx, 3, "pronoun", tok))
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in DOCUMENT_NOUNS:
                items.append((tok.idx, 4, "document-noun", tok))
        for chunk in self.doc.noun_chunks:
            items.append((chunk.start_char, 5, "description", chunk))
        for _pos, _order, what, payload in sorted(items, key=lambda i: (i[0], i[1])):
            if what in {"source", "no-source"} and isinstance(payload, Attribution):
                self.speaker_of(payload)
            elif what == "recipient" and isinstance(payload, Attribution) and payload.recipient:
                rp = payload.recipient
                heard = self.resolve_speaker(rp.start, rp.end, payload, listener=True)
                if heard is not None:
                    self.recipients[payload.id] = heard
            elif what == "medium" and isinstance(payload, Attribution):
                self.resolve_medium(payload)
            elif what == "pronoun" and isinstance(payload, Token):
                if (payload.idx, payload.idx + len(payload)) not in self.owner:
                    cluster = self.pronoun_mention(payload)
                    if cluster is not None:
                        self.attach(cluster, payload.idx, payload.idx + len(payload))
            elif what == "document-noun" and isinstance(payload, Token):
                self.document_mention(payload)
            elif what == "description" and isinstance(payload, Span):
                self.description_mention(payload)

    @overload
    def resolve_speaker(self, start: int, end: int, a: Attribution) -> _Cluster: ...

    @overload
    def resolve_speaker(
        self, start: int, end: int, a: Attribution, *, listener: bool
    ) -> _Cluster | None: ...

    def resolve_speaker(
        self, start: int, end: int, a: Attribution, *, listener: bool = False
    ) -> _Cluster | None:
        """The entity a source or recipient span refers to.

        A source always gets one (a new one when nothing fits); a recipient (``listener``) that
        is no noun phrase ("what", an unresolved pronoun) gets none.
        """
        span = self.span(start, end)
        if (start, end) in self.owner:  # one span, two attributions ("confirmed ... and said")
            known = self.owner[(start, end)]
            if known.kind is None and span is not None:
                known.kind = _context_kind(span, a)  # a place that speaks: a government
            return known
        if span is None or not span.text.strip():
            return None if listener else self.new_cluster("anonymous", start)
        if listener and span.root.pos_ not in {"NOUN", "PROPN", "PRON"}:
            return None
        if listener and len(span) == 1 and span[0].tag_ in {"PRP", "PRP$"}:
            return self.resolve_pronoun(span[0])
        words = span.text.lower().split()
        named = [
            (s, e, c)
            for s, e, c in self.mentions_between(span.start_char, span.end_char)
            if c.kind not in {"document", "anonymous"}
        ]
        if len(span) == 1 and span[0].tag_ in {"PRP", "PRP$"}:
            return self.pronoun_speaker(span[0], None if listener else a)
        if len(span) == 1 and span[0].tag_ in {"WP", "WDT"} and span[0].head.dep_ == "relcl":
            # "a man who said": the relative pronoun speaks for the noun it hangs on
            noun = span[0].head.head
            words_ = [t for t in noun.subtree if t.i < span[0].head.i or t.i == noun.i]
            words_ = [t for t in words_ if t.i <= noun.i or t.dep_ != "relcl"]
            person = _who_antecedent(noun) if span[0].lower_ in {"who", "whom"} else noun
            if person is not noun:  # "the owner registered to the microchip, who stated"
                words_ = [t for t in person.subtree if t.i <= person.i]
            if words_:
                lo, hi = words_[0].idx, words_[-1].idx + len(words_[-1])
                if (lo, hi) != (start, end):
                    return self.resolve_speaker(lo, hi, a, listener=listener)
        if words[-1] in {"latter", "former"}:
            pair = self.previous_pair(span.start)
            if pair is not None:
                chosen = pair[1] if words[-1] == "latter" else pair[0]
                return self.attach(chosen, span.start_char, span.end_char)
        document = self.possessive_document(span)
        if document is not None:
            return document
        if named:
            chosen_name = _best_named(span, named)
            if chosen_name is not None:
                if chosen_name.kind is None:  # a place that speaks: a government
                    name = next((self.span(s, e) for s, e, c in named if c is chosen_name), None)
                    chosen_name.kind = _context_kind(span, a, name)
                return chosen_name
        return self.describe(span, a)

    def describe(self, span: Span, a: Attribution | None) -> _Cluster:
        """A source written as a common noun phrase: an outlet, a document, a group, ..."""
        root = span.root
        head = root.lemma_.lower()
        plural = root.tag_ in {"NNS", "NNPS"}
        definite = any(t.lower_ in {"the", "this", "that", "these", "those"} for t in span)
        start, end = span.start_char, span.end_char
        mods = _modifiers(root)
        described = self.described(head, mods, start, definite=definite and not plural)
        if described is not None:
            return self.attach(described, start, end)
        if definite and not plural and head in PERSON_NOUNS:
            # "The New York businessman says": the person the last sentences are about
            person = self.antecedent(
                root.i,
                start,
                {"person"},
                _noun_gender(head),
                [(c.start, c.end) for c in a.content] if a is not None else (),
                reach=3,
                description=True,
            )
            if person is not None:
                return self.attach(person, start, end)
        if head in OUTLET_NOUNS and not plural:
            cluster: _Cluster | None
            if head in PRESS_NOUNS:  # "the newspaper": an outlet, or a name that was not typed
                cluster = self.latest(start, ["outlet"]) or self.latest(start, ["organization"])
                if cluster is not None:
                    cluster.kind = "outlet"
            else:  # "the agency", "the network": a government agency as well as a news one
                cluster = self.latest(start, ["outlet", "organization"])
            if cluster is not None and self.compatible(cluster, mods):
                return self.attach(cluster, start, end)
        if head in DOCUMENT_NOUNS and not plural:
            same = self.latest_document(start, head)
            if same is not None and definite:
                return self.attach(same, start, end)
            doc_cluster = self.new_cluster("document", start)
            doc_cluster.cores.append(core_text(span))
            doc_cluster.nouns.add(head)
            return self.attach(doc_cluster, start, end)
        if definite and not plural and head in PLACE_GOVERNMENT_NOUNS:
            place = self.latest_place(root.i, start)
            if place is not None:  # "The city sent a letter": the city of Phoenix, speaking
                place.kind, place.place = "organization", False
                return self.attach(place, start, end)
        if head in ORGANIZATION_NOUNS and not plural:
            if definite:
                cluster = self.named_with(head, start) or self.latest(
                    start, ["organization", "outlet"]
                )
                if cluster is not None and self.compatible(cluster, mods):
                    return self.attach(cluster, start, end)
            if mods:  # "the Saudi government", "the Obama administration": one of its own
                organization = self.new_cluster("organization", start)
                organization.names.append((start, _head_phrase(root)))
                self.descriptions.append(_Description(start, head, mods, organization))
                return self.attach(organization, start, end)
        if plural or head in COLLECTIVE_NOUNS:
            name = _head_phrase(root)
            key = name.lower()
            group = self.groups.get(key)
            if group is None:
                group = self.new_cluster("group", start)
                group.names.append((start, name))
                self.groups[key] = group
            return self.attach(group, start, end)
        if root.tag_ in {"NNP", "NNPS"} and root.ent_type_ != "NORP":
            cluster = self.new_cluster(_context_kind(span, a), start)
            cluster.names.append((start, core_text(span)))
            return self.attach(cluster, start, end)
        # an unnamed speaker: "a senior Kurdish source", "An American who is fighting ..."
        anonymous = self.new_cluster("anonymous", start)
        anonymous.names.append((start, _head_phrase(root, with_det=True)))
        anonymous.singular = True
        if not definite:
            self.descriptions.append(_Description(start, head, mods, anonymous, True))
        return self.attach(anonymous, start, end)

    def named_with(self, noun: str, before: int) -> _Cluster | None:
        """The latest organisation whose name holds the noun: 'the fund' -> 'Monetary Fund'."""
        best: tuple[int, _Cluster] | None = None
        for (s, _e), c in self.owner.items():
            if s >= before or c.kind not in {"organization", "outlet"}:
                continue
            named = any(noun in name_key(n) and len(n.split()) > 1 for _, n in c.names)
            if named and (best is None or s > best[0]):
                best = (s, c)
        return best[1] if best else None

    def latest_place(self, tok_index: int, before: int, reach: int = 3) -> _Cluster | None:
        """The place named last in the last few sentences ('the city' -> Phoenix)."""
        sent = self.sent_of[tok_index]
        best: tuple[int, _Cluster] | None = None
        for (s, _e), c in self.owner.items():
            if s >= before or not c.place or (best is not None and s <= best[0]):
                continue
            if 0 <= sent - self.sent_of[self.token_at(s)] <= reach:
                best = (s, c)
        return best[1] if best else None

    def compatible(self, cluster: _Cluster, modifiers: frozenset[str]) -> bool:
        """May a description with these modifiers ("the Saudi government") be this entity?

        Only when its name or a description introduced for it carries every modifier, but
        for words that say nothing of which one it is ("news" site) and words that point back
        to one named before ("the aforementioned publication").
        """
        if modifiers & _BACK_POINTING:
            return True
        modifiers = modifiers - _PLAIN_MODIFIERS
        if not modifiers:
            return True
        words = {w for _, n in cluster.names for w in name_key(n)}
        for d in self.descriptions:
            if d.cluster is cluster:
                words |= d.modifiers | {d.head}
        return modifiers <= words

    def latest_document(self, before: int, noun: str | None) -> _Cluster | None:
        docs = [
            (s, c)
            for (s, _e), c in self.owner.items()
            if c.kind == "document" and s < before and (noun is None or noun in c.nouns)
        ]
        return max(docs, key=lambda d: d[0])[1] if docs else None

    def possessive_document(self, span: Span) -> _Cluster | None:
        """'Bremmer's message', 'the report by the publication' -> the document whose author
        is Bremmer, the publication."""
        for tok in span:
            if tok.lemma_.lower() not in DOCUMENT_NOUNS or tok.pos_ != "NOUN":
                continue
            owners = [c for c in tok.children if c.dep_ == "poss"]
            by = [
                o
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ == "by" and c.i > tok.i
                for o in c.children
                if o.dep_ == "pobj" and o.right_edge.i < span.end
            ]
            if owners:
                owner_span = self.doc[owners[0].left_edge.i : owners[0].i + 1]
            elif by:
                owner_span = self.doc[np_left(by[0]) : by[0].i + 1]
            else:
                continue
            author = self.resolve_owner(owner_span)
            if author is None:
                return None
            if owners:
                left = min([tok.i] + [c.left_edge.i for c in tok.children if c.dep_ != "poss"])
                core = self.doc[max(left, owners[0].i + 1) : tok.right_edge.i + 1]
            else:
                core = self.doc[np_left(tok) : tok.i + 1]
            document = self.document_of(author, tok.lemma_.lower(), core_text(core), span.start)
            return self.attach(document, span.start_char, span.end_char)
        return None

    def resolve_owner(self, owner: Span) -> _Cluster | None:
        start, end = owner.start_char, owner.end_char
        if len(owner) == 1 and owner[0].tag_ in {"PRP$", "PRP"}:
            return self.pronoun_speaker(owner[0])
        text = _POSSESSIVE.sub("", owner.text)
        named = self.mentions_between(start, end)
        if named:
            return named[-1][2]
        span = self.span(start, start + len(text))
        return self.describe(span, None) if span is not None else None

    def document_of(self, author: _Cluster, noun: str, core: str, anchor: int) -> _Cluster:
        document = self.documents_by_author.get(id(author))
        if document is None:
            document = self.new_cluster("document", anchor)
            document.author = author
            self.documents_by_author[id(author)] = document
        document.nouns.add(noun)
        if core:
            document.cores.append(core)
        return document

    def resolve_medium(self, a: Attribution) -> None:
        """'in a mailing to Eurasia Group clients' -> a document by the attribution's source."""
        assert a.medium is not None
        span = self.span(a.medium.start, a.medium.end)
        if span is None:
            return
        nouns = [t for t in span if t.pos_ in {"NOUN", "PROPN"} and t.dep_ != "compound"]
        if not nouns:
            return
        head = nouns[0]
        if head.pos_ == "PROPN":
            named = self.mentions_between(span.start_char, span.end_char)
            if not named:
                for start, end, text in self.bare_proper_names(span.start_char, span.end_char):
                    cluster = self.new_cluster(None, start)
                    cluster.names.append((start, text))
                    cluster.kind = _name_kind(cluster) or "organization"
                    self.attach(cluster, start, end)
            return
        if head.lemma_.lower() not in DOCUMENT_NOUNS:
            return
        np = self.doc[np_left(head) : head.right_edge.i + 1]
        author = self.sources.get(a.id)
        if author is not None and author.kind != "anonymous":
            document = self.document_of(author, head.lemma_.lower(), core_text(np), np.start)
        else:
            document = self.new_cluster("document", np.start_char)
            document.nouns.add(head.lemma_.lower())
            document.cores.append(core_text(np))
        self.attach(document, np.start_char, np.end_char)

    def document_mention(self, tok: Token) -> None:
        """'this mailing', 'the message': the latest document with that noun, if there is one."""
        if (tok.idx, tok.idx + len(tok)) in self.owner:
            return
        if any(tok.idx >= s and tok.idx < e for s, e in self.owner):
            return
        dets = [c.lower_ for c in tok.children if c.dep_ == "det"]
        if not dets or dets[0] not in {"this", "that", "the"}:
            return
        document = self.latest_document(tok.idx, tok.lemma_.lower())
        if document is not None:
            np = self.doc[np_left(tok) : tok.i + 1]
            self.attach(document, np.start_char, np.end_char)

    def description_mention(self, chunk: Span) -> None:
        """A noun phrase that repeats a description introduced for someone earlier."""
        root = chunk.root
        if root.pos_ != "NOUN" or root.ent_type_:
            return
        if any(chunk.start_char < e and s < chunk.end_char for s, e in self.owner):
            return
        mods = frozenset(c.lemma_.lower() for c in root.children if c.dep_ in {"amod", "compound"})
        cluster = self.described(root.lemma_.lower(), mods, chunk.start_char)
        if cluster is not None and any(d.start < chunk.start_char for d in self.descriptions):
            # only a description introduced in an earlier sentence, never the introduction
            intro = max(
                (d for d in self.descriptions if d.cluster is cluster),
                key=lambda d: d.start,
            )
            if self.sent_of[chunk.start] != self.sent_of[self.token_at(intro.start)]:
                self.attach(cluster, chunk.start_char, chunk.end_char)
            return
        head = root.lemma_.lower()
        if (
            head in PERSON_NOUNS
            and root.tag_ == "NN"
            and root.dep_ in {"nsubj", "nsubjpass"}
            and any(c.dep_ == "det" and c.lower_ == "the" for c in root.children)
        ):
            # "The Republican vice presidential nominee was speaking": a subject that is a
            # definite title takes up the person the last sentences are about
            person = self.antecedent(
                root.i, chunk.start_char, {"person"}, _noun_gender(head), reach=3, description=True
            )
            if person is not None:
                self.attach(person, chunk.start_char, chunk.end_char)

    # -- pronouns and pairs --

    def pronoun_speaker(self, tok: Token, a: Attribution | None = None) -> _Cluster:
        """The entity a pronoun source refers to; ``a``: the attribution it is the source of."""
        lower = tok.lower_
        if lower in FIRST_PERSON:
            return self.attach(self.first_person(tok, a), tok.idx, tok.idx + len(tok))
        own = [(c.start, c.end) for c in a.content] if a is not None else []
        cluster = self.resolve_pronoun(tok, exclude=own, speaking=True)
        if cluster is None:
            cluster = self.new_cluster("anonymous", tok.idx)
        return self.attach(cluster, tok.idx, tok.idx + len(tok))

    # -- first person: the speaker of the quotation it is in, else the article's author --

    def quote_at(self, offset: int) -> tuple[int, int] | None:
        inside = [(q.start, q.end) for q in self.quotes if q.start < offset < q.end]
        return min(inside, key=lambda q: q[1] - q[0]) if inside else None

    def quoted(self, offset: int) -> bool:
        return self.quote_at(offset) is not None

    def quoting(self, tok: Token, own: Attribution | None = None) -> Attribution | None:
        """The attribution whose quoted words contain this token (the innermost one): its
        content holds the token, or holds part of the quotation the token is in."""
        quote = self.quote_at(tok.idx)
        found = []
        for a in self.attributions:
            if a is own or not (quote or a.kind == "direct"):
                continue
            for c in a.content:
                holds = c.start <= tok.idx < c.end
                if not holds and not (quote and c.start < quote[1] and quote[0] < c.end):
                    continue
                cue = self.span(a.cue.start, a.cue.end)
                nominal = cue is None or cue.root.pos_ not in {"VERB", "AUX"}
                gap = min(abs(a.cue.start - tok.idx), abs(a.cue.end - tok.idx))
                found.append(((not holds, c.end - c.start, nominal, gap), a))
        return min(found, key=lambda f: f[0])[1] if found else None

    def first_person(self, tok: Token, own: Attribution | None = None) -> _Cluster:
        """'I' / 'we' in a quotation is its speaker; outside every quotation, the author."""
        carrier = self.quoting(tok, own)
        if carrier is not None and carrier.id not in self.resolving:
            return self.speaker_of(carrier)
        if carrier is not None or self.quoted(tok.idx):
            return self.new_cluster("anonymous", tok.idx)  # a quotation with no speaker found
        return self.writer(tok.idx)

    def speaker_of(self, a: Attribution) -> _Cluster:
        """The source entity of an attribution, resolved now if the reading has not got there."""
        if a.id not in self.sources:
            self.resolving.add(a.id)
            parent = self.by_id.get(a.parent) if a.parent else None
            if a.source is None and is_assessment(self.doc, a):
                # the assessment is made by whoever's voice it sits in: the article's own,
                # or the speaker of the content holding it ("X said there did not appear
                # to be ..."), unless that speaker is still being resolved (a cycle)
                if parent is None:
                    self.sources[a.id] = self.writer(a.cue.start)
                elif parent.id in self.resolving:
                    self.sources[a.id] = self.unnamed_source(a)
                else:
                    self.sources[a.id] = self.speaker_of(parent)
            elif a.source is None:
                self.sources[a.id] = self.unnamed_source(a)
            else:
                self.sources[a.id] = self.resolve_speaker(a.source.start, a.source.end, a)
            self.resolving.discard(a.id)
        return self.sources[a.id]

    def writer(self, offset: int) -> _Cluster:
        if self.author is None:
            self.author = self.new_cluster("author", offset)
        return self.author

    def unnamed_source(self, a: Attribution) -> _Cluster:
        cluster = self.new_cluster("anonymous", a.cue.start)
        self.unnamed.add(id(cluster))
        return cluster

    # -- third person --

    def role(self, start: int, end: int) -> int:
        """How likely a mention is to be taken up by a pronoun: speakers, then subjects.

        5: the speaker of an attribution (a name inside a source span that is not its head,
        "Mr. King's" in "John Dickey, ... that owns Mr. King's programming", is not); 4: the
        subject of a main clause outside every reported content; 3: another subject; 2: an
        object; 1: anything else; 0: a possessive.
        """
        span = self.span(start, end)
        for a in self.attributions:
            if a.source and a.source.start <= start < a.source.end:
                source = self.span(a.source.start, a.source.end)
                if span is None or source is None or _heads(span, source.root):
                    return 5
        if span is None:
            return 0
        rank = _role_rank(span.root)
        if rank < 3 and _followed_by_verb(span):
            rank = 3  # "Hillary Clinton apparently disagrees", however it was parsed
        if rank == 3:
            in_content = any(c.start <= start < c.end for a in self.attributions for c in a.content)
            return 3 if in_content or not _main_clause(span.root) else 4
        return rank

    def resolve_pronoun(
        self, tok: Token, exclude: Sequence[tuple[int, int]] = (), *, speaking: bool = False
    ) -> _Cluster | None:
        """A third-person pronoun: the latest compatible speaker or subject nearby.

        Same sentence first (outside ``exclude``: a quotation's own words never name its
        speaker), then speakers, then subjects, then the latest mention; he / she agree with
        the pronouns already resolved to an entity.
        """
        lower = tok.lower_
        singular = False
        if lower in MALE_PRONOUNS or lower in FEMALE_PRONOUNS:
            gender = "m" if lower in MALE_PRONOUNS else "f"
            kinds: set[EntityKind | None] = {"person", "anonymous"}
            singular = True
        elif lower in PLURAL_PRONOUNS:
            gender = None
            kinds = {"group", "organization", "outlet"}
        elif speaking and lower in {"it", "its"}:  # "The White House has said it believes"
            gender = None
            kinds = {"organization", "outlet", "document"}
        else:
            return None
        # a speaker after its quotation ("'...,' she said"): sentences count from the quotation
        before = [s for s, _e in exclude if s < tok.idx]
        at = self.token_at(min(before)) if before else tok.i
        found = self.antecedent(at, tok.idx, kinds, gender, exclude, singular=singular)
        if found is None and speaking:
            # "she said" a few quotations on: the speaker or main subject of a little before
            # (a vague group, "Proponents, including ...", is not reached for that far)
            found = self.antecedent(
                at,
                tok.idx,
                kinds - {"group"},
                gender,
                exclude,
                singular=singular,
                reach=5,
                min_role=4,
            )
        if found is not None and gender and found.gender is None:
            found.gender = gender
        return found

    def antecedent(
        self,
        tok_index: int,
        offset: int,
        kinds: set[EntityKind | None],
        gender: str | None,
        exclude: Sequence[tuple[int, int]] = (),
        *,
        singular: bool = False,
        reach: int = 2,
        min_role: int = 0,
        description: bool = False,
    ) -> _Cluster | None:
        """The entity a pronoun or a description at ``offset`` most likely takes up.

        Candidates are the mentions of the last ``reach`` sentences before the one of token
        ``tok_index`` (and of that one, before ``offset``, outside ``exclude``) whose kind and
        gender fit and whose role is at least ``min_role``. Nearest sentence first,
        then one whose pronouns agree, then speakers, subjects, the latest. For a
        ``description`` ("the actor"), speakers and subjects come before agreement: the gender
        of such a noun only rules out, as "actor" says little ("Christian Bale will not be
        starring as Steve Jobs ... The actor has decided" is Bale, though "Steve" is a man's
        name and "Christian" gives none).
        """
        sent = self.sent_of[tok_index]
        lo = self.sents[max(0, sent - reach)].start_char if sent >= 0 else 0
        best: tuple[tuple[int, int, int, int], _Cluster] | None = None
        for (start, end), cluster in self.owner.items():
            if not lo <= start < offset or cluster.kind not in kinds:
                continue
            if cluster.kind == "anonymous" and not (singular and cluster.singular):
                continue  # an unnamed single speaker ("An American ... told") may be "he"
            if any(s <= start < e for s, e in exclude):
                continue
            if {n for _, n in cluster.names} & PLATFORMS:
                continue  # a medium, not a party
            if gender and cluster.gender and cluster.gender != gender:
                continue
            first = self.token_at(start)
            distance = sent - self.sent_of[first]
            if distance < 0 or distance > reach:
                continue
            role = self.role(start, end)
            if cluster.kind == "anonymous" and cluster.gender is None:
                role = min(role, 2)  # a named person whose pronouns agree comes first
            if role < min_role:
                continue
            agrees = bool(gender) and cluster.gender == gender
            # same sentence first, then one whose pronouns agree, speakers, subjects, the latest
            first_key, second_key = (role, int(agrees)) if description else (int(agrees), role)
            score = (-distance, first_key, second_key, start)
            if best is None or score > best[0]:
                best = (score, cluster)
        return best[1] if best else None

    def pronoun_mention(self, tok: Token) -> _Cluster | None:
        """A pronoun that is no source: 'I' / 'we' / 'our' in a quotation is its speaker."""
        if tok.lower_ not in FIRST_PERSON:
            return self.resolve_pronoun(tok)
        carrier = self.quoting(tok)
        if carrier is not None:
            return self.speaker_of(carrier) if carrier.id not in self.resolving else None
        return self.author if not self.quoted(tok.idx) else None

    def previous_pair(self, tok_index: int) -> tuple[_Cluster, _Cluster] | None:
        """The last two entities named in the sentence(s) before: 'the former', 'the latter'."""
        sent = self.sent_of[tok_index]
        for back in (1, 2):
            if sent - back < 0:
                break
            lo = self.sents[sent - back].start_char
            hi = self.sents[sent - 1].end_char
            named: list[_Cluster] = []
            for _s, _e, c in self.mentions_between(lo, hi):
                if c.kind in SPEAKER_KINDS and c not in named:
                    named.append(c)
            people = [c for c in named if c.kind == "person"]
            pool = people if len(people) >= 2 else named
            if len(pool) >= 2:
                return pool[-2], pool[-1]
        return None

    # -- 4. the result --

    def entities(self) -> tuple[list[Entity], dict[int, str]]:
        used = [
            c for c in self.clusters if c.mentions or c.kind == "author" or id(c) in self.unnamed
        ]
        used = [c for c in used if c.kind is not None]  # places named in passing are none
        used.sort(key=lambda c: c.first)
        ids = {id(c): f"e{n}" for n, c in enumerate(used, start=1)}
        out = []
        for c in used:
            kind: EntityKind = c.kind or "organization"
            out.append(
                Entity(
                    id=ids[id(c)],
                    name=c.canonical_name(),
                    kind=kind,
                    mentions=tuple(sorted(c.mentions)),
                    author=ids.get(id(c.author)) if c.author else None,
                )
            )
        return out, ids


def is_assessment(doc: Doc, a: Attribution) -> bool:
    """``Carson seems to recognize ...``: a raising verb with no speaker written is an
    assessment in the voice it sits in, not an unnamed source's word: the article's own when
    outermost, else the speaker's of the content holding it. A passive one (``Clinton is
    expected to win``, ``he is said to be ill``) reports unnamed others and keeps its
    unnamed source."""
    if a.source is not None:
        return False
    cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
    if cue is None or len(cue) == 0:
        return False
    return cue.root.lemma_.lower() in RAISING_LEMMAS


def resolve(
    doc: Doc, attributions: Sequence[Attribution]
) -> tuple[list[Entity], list[Attribution]]:
    """Entities of the article, and the attributions with their sources' entities filled in."""
    resolver = _Resolver(doc, attributions)
    resolver.collect_names()
    resolver.collect_descriptions()
    resolver.assign_genders()
    resolver.read_in_order()
    entities, ids = resolver.entities()
    resolved = []
    for a in attributions:
        source, speaker = a.source, None
        if a.id in resolver.sources:
            entity = ids.get(id(resolver.sources[a.id]))
            if source is not None:
                source = replace(source, entity=entity)
            else:
                speaker = entity
        recipient = a.recipient
        if recipient is not None and a.id in resolver.recipients:
            recipient = replace(recipient, entity=ids.get(id(resolver.recipients[a.id])))
        resolved.append(replace(a, source=source, recipient=recipient, speaker=speaker))
    return entities, resolved


# --- helpers ---------------------------------------------------------------------------------


#: prepositions of place: "in Kobane", "near Chelsea"
_PLACE_PREPOSITIONS = frozenset(
    ["in", "at", "near", "from", "into", "across", "around", "outside", "inside", "throughout"]
)
#: nouns of a place a name can modify: "the Kobane region", "a Chelsea neighborhood"
_PLACE_NOUNS = frozenset(
    [
        "region",
        "area",
        "town",
        "city",
        "village",
        "neighborhood",
        "neighbourhood",
        "district",
        "province",
        "county",
        "border",
        "zone",
        "street",
        "square",
        "suburb",
        "quarter",
        "territory",
        "enclave",
        "borough",
    ]
)


def _used_as_place(root: Token) -> bool:
    if root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPOSITIONS:
        return True
    return root.dep_ == "compound" and root.head.lemma_.lower() in _PLACE_NOUNS


def _title_case_line(text: str, offset: int) -> bool:
    """Is the line around ``offset`` a headline in title case ("Clinton Breaks With Obama")?"""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    words = re.findall(r"[A-Za-z][\w'’-]*", text[start : end if end >= 0 else len(text)])
    if len(words) < 4:
        return False
    capitalised = sum(w[0].isupper() for w in words)
    return capitalised >= 0.8 * len(words)


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """'Vice' in 'Vice President ...': a capitalised word runs on after the match."""
    after = re.match(r"[ \t]+([A-Z][a-z]+)", text[end:])
    if after and after.group(1) not in {"The", "A", "An", "In", "On", "At"}:
        before = text[max(0, start - 3) : start]
        return not before.endswith(("'s ", "’s "))
    return False


def _labels_agree(label: str, labels: Counter[str]) -> bool:
    """May a short name with this label join a fuller name with those labels?

    A lone surname is often tagged ORG ("Lavrov said"): it may join a person's full name. A
    place never joins a person ("Washington" is not George Washington), nor a person a place.
    """
    top = labels.most_common(1)[0][0]
    places = {"GPE", "LOC", "FAC"}
    if top == "PERSON":
        return label not in places
    return (label == "PERSON") == (top == "PERSON")


def _name_kind(cluster: _Cluster) -> EntityKind | None:
    names = {n for _, n in cluster.names}
    if any(is_outlet_name(n) for n in names):
        return "outlet"
    if names & PLATFORMS:
        return "organization"
    if not cluster.labels:
        return None
    label = cluster.labels.most_common(1)[0][0]
    if cluster.labels["PERSON"] and any(len(n.split()) >= 2 for n in names):
        label = "PERSON"
    if label == "PERSON":
        return "person"
    return "group" if label == "NORP" else "organization"


def _noun_gender(noun: str) -> str | None:
    if noun in MALE_PERSON_NOUNS:
        return "m"
    return "f" if noun in FEMALE_PERSON_NOUNS else None


def _context_kind(span: Span, a: Attribution | None, name: Span | None = None) -> EntityKind:
    """The kind of a name that spaCy did not label, from how it speaks: ``span`` is the
    source, ``name`` the name in it (the source itself when not given)."""
    if a is not None and a.cue.text.strip() == ":":
        return "outlet"  # a headline credited to a name: "Vice: ..."
    if _press_noun(span.root):
        return "outlet"  # "Kurdish news site Xendan"
    words = [t for t in (name if name is not None else span) if not _hyphen_part(t)]
    typed = any(t.ent_type_ in {"GPE", "LOC", "ORG", "FAC", "NORP"} for t in words)
    if len(words) >= 2 and all(t.tag_ == "NNP" for t in words) and not typed:
        return "person"  # "Choe Kwan-il, managing editor of ...": two names and a part
    if a is not None and a.cue.text.lower().startswith("report"):
        return "outlet"  # "..., reports Metro UK": a name that reports is a newsroom's
    return "organization"


def _hyphen_part(tok: Token) -> bool:
    """A hyphen inside a word, or the part after it ("Kwan-il")."""
    before = tok.nbor(-1) if tok.i > 0 else None
    if tok.text == "-":
        return before is not None and not before.whitespace_ and not tok.whitespace_
    return before is not None and before.text == "-" and not before.whitespace_


def _best_named(span: Span, named: list[tuple[int, int, _Cluster]]) -> _Cluster | None:
    """Of the names inside a source span, the one it is about: its head or an appositive.

    A name further in ("Sources in ... Syria", "An American who is fighting in the ranks of the
    Kurds", "the Obama administration") is not the speaker.
    """
    root = _speaking_root(span)
    for s, e, c in named:
        if s <= root.idx < e:
            return c
    for tok in span:
        if tok.dep_ == "appos":
            for s, e, c in named:
                # "Kurdish news site Xendan": an outlet's name after what it is; "Everyone's
                # favorite guilty pleasure, the UK rag The Daily Mail": a name in apposition
                if s <= tok.idx < e and (
                    c.kind == "person"
                    or _press_noun(root)
                    or (c.kind in {"outlet", "organization"} and _in_apposition(tok, root))
                ):
                    return c
    if root.pos_ not in {"NOUN", "PROPN", "PRON"} and named and named[-1][1] == span.end_char:
        return named[-1][2]  # "says screenwriter Aaron Sorkin", "screenwriter" read as a verb
    if root.pos_ != "PROPN" or root.ent_type_ == "NORP":
        return None  # "An American who ...": no name of its own
    left = span.doc[np_left(root)].idx
    named = [(s, e, c) for s, e, c in named if left <= s and e <= root.idx + len(root)]
    people = [c for _s, _e, c in named if c.kind == "person"]
    if people:
        return people[-1]
    return named[-1][2] if named else None


def _joins_by_hyphen(tok: Token, run: Sequence[Token]) -> bool:
    """Whether ``tok`` continues a name across a hyphen with no space: the hyphen after a
    word of the name, or the word after that hyphen ("Kwan-il")."""
    if not run or run[-1].whitespace_ or tok.i != run[-1].i + 1:
        return False
    if tok.text == "-":
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        return not tok.whitespace_ and nxt is not None and nxt.is_alpha
    return run[-1].text == "-" and tok.is_alpha


def _in_apposition(tok: Token, root: Token) -> bool:
    """Whether ``tok`` stands in apposition to ``root``, directly or through another
    apposition ("pleasure, the rag The Daily Mail")."""
    for _ in range(4):
        if tok.dep_ != "appos":
            return False
        tok = tok.head
        if tok.i == root.i:
            return True
    return False


def _speaking_root(span: Span) -> Token:
    """The head of a source span; of two ("North Korean Leadership Watch editor Michael
    Madden": the parser hangs the name of the paper on the verb), the subject."""
    heads = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head == t]
    subjects = [
        t for t in heads if t.dep_ in {"nsubj", "nsubjpass"} and t.pos_ in {"PROPN", "NOUN"}
    ]
    return subjects[0] if len(heads) > 1 and subjects else span.root


def _description_nouns(root: Token, name: Span, *, person: bool = True) -> list[Token]:
    """Common nouns that describe the named person or organisation: titles and appositives."""
    found: list[Token] = []
    for tok in name.doc[max(0, name.start - 4) : name.start]:
        if (
            tok.pos_ == "NOUN"
            and tok.dep_ == "compound"
            and tok.head.i in range(name.start, name.end)
        ):
            found.append(tok)
    for tok in name.doc[max(0, name.start - 3) : name.start] if person else ():
        if (
            tok.tag_ == "NNP"
            and tok.dep_ == "compound"
            and not tok.ent_type_
            and tok.head.i in range(name.start, name.end)
        ):
            found.append(tok)  # "President Vladimir Putin"
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            found.append(child)
    if root.dep_ == "appos" and root.head.i < root.i and _press_noun(root.head):
        found.append(root.head)  # "Kurdish news site Xendan"
    elif root.dep_ == "appos" and person:
        cur = root
        for _ in range(6):
            if cur.dep_ not in {"appos", "pobj", "prep"} or cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.pos_ == "NOUN" and not cur.ent_type_:
                found.append(cur)
    return found


def _press_noun(noun: Token) -> bool:
    """A noun that can only mean the press: "paper", "tabloid", or an outlet noun said of
    the news ("news site", "news agency")."""
    lemma = noun.lemma_.lower()
    if lemma in PRESS_NOUNS:
        return True
    return lemma in OUTLET_NOUNS and any(
        c.dep_ == "compound" and c.lemma_.lower() in {"news", "media", "press"}
        for c in noun.children
    )


def _modifiers(noun: Token) -> frozenset[str]:
    return frozenset(c.lemma_.lower() for c in noun.children if c.dep_ in {"amod", "compound"})


def _head_phrase(root: Token, *, with_det: bool = False) -> str:
    """A noun phrase without its relative clauses: 'Islamist and Palestinian websites',
    'Sources in the Kurdish underground in Syria', 'An American' (``with_det``)."""
    doc = root.doc
    left, right = np_left(root), root.i
    for child in root.children:
        if child.i > root.i and child.dep_ in {"prep", "compound", "nummod"}:
            right = max(right, child.right_edge.i)
    toks = list(doc[left : right + 1])
    while toks and not with_det and toks[0].dep_ in {"det", "predet"}:
        toks.pop(0)
    while toks and toks[-1].is_punct:
        toks.pop()
    if not toks:
        return root.text
    return doc[toks[0].i : toks[-1].i + 1].text


def _followed_by_verb(span: Span) -> bool:
    """A name right before a finite verb that has no subject of its own: its subject."""
    doc = span.doc
    i = span.end
    while i < len(doc) and doc[i].pos_ == "ADV":
        i += 1
    if i >= len(doc):
        return False
    verb = doc[i]
    return (
        verb.pos_ in {"VERB", "AUX"}
        and verb.tag_ in {"VBD", "VBZ", "VBP", "MD"}
        and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children)
    )


def _heads(mention: Span, root: Token) -> bool:
    """Is this mention the head of a phrase rooted at ``root`` (or an appositive of it)?"""
    if mention.start <= root.i < mention.end:
        return True
    return any(
        t.dep_ == "appos" and t.head.i == root.i and mention.start <= t.i < mention.end
        for t in mention
    )


def _main_clause(tok: Token) -> bool:
    """Is this subject's verb the main verb of its sentence (or joined to it by 'and')?"""
    verb = tok.head
    if tok.dep_ == "appos":
        verb = verb.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _role_rank(tok: Token) -> int:
    dep = tok.dep_
    if dep == "appos" and tok.head.i != tok.i:
        dep = tok.head.dep_
    if dep in {"nsubj", "nsubjpass"}:
        return 3
    if dep in {"dobj", "dative", "attr"}:
        return 2
    if dep == "poss":
        return 0
    return 1


#: agent nouns, people by their suffix: owner, buyer, investigator, scientist, historian
_AGENT_SUFFIX = re.compile(r"(?:[^aeiou]er|or|ist|ian|ant|ent)s?$")


def _animate(tok: Token) -> bool:
    """Whether a noun names a person (by its entity type, the person nouns, or an agent
    noun's suffix)."""
    if tok.ent_type_ == "PERSON":
        return True
    lemma = tok.lemma_.lower()
    if lemma in PERSON_NOUNS or lemma in MALE_PERSON_NOUNS or lemma in FEMALE_PERSON_NOUNS:
        return True
    return tok.pos_ == "NOUN" and not tok.ent_type_ and bool(_AGENT_SUFFIX.search(lemma))


def _who_antecedent(noun: Token) -> Token:
    """The person a ``who`` hangs on. The parser attaches it to the nearest noun; where that
    noun is no person and sits in a phrase of one that is ("the owner registered to the
    microchip, who stated"; "a spokesman for the ministry, who said"), it is that one."""
    if _animate(noun):
        return noun
    tok = noun
    for _ in range(4):
        if tok.dep_ != "pobj":
            break
        up = tok.head.head  # over the preposition
        if up.dep_ == "acl" and up.pos_ == "VERB":  # "registered to", "based in"
            up = up.head
        if up.pos_ not in {"NOUN", "PROPN"}:
            break
        if _animate(up):
            return up
        tok = up
    return noun


def _through_compound_head(ent: Span) -> Span:
    """An entity that stops short of the proper noun its last word modifies, taken on to it
    where that noun heads the phrase: spaCy's "The Hollywood" (ORG) before an untyped
    "Reporter" is "The Hollywood Reporter". Not when the noun modifies a name in turn: "House"
    in "House Speaker Paul Ryan" stays an organization of its own."""
    doc, end = ent.doc, ent.end
    if (
        end < len(doc)
        and doc[end - 1].dep_ == "compound"
        and doc[end - 1].head.i == end
        and doc[end].dep_ != "compound"
        and not doc[end].ent_type_
        and doc[end].tag_ in {"NNP", "NNPS"}
        and doc[end].text[:1].isupper()
    ):
        return doc[ent.start : end + 1]
    return ent


def _one_compound_name(span: Span) -> tuple[int, int, str] | None:
    """A source that is one chain of capitalised proper nouns, each a compound of the next, is
    one name, however the tagger cut it: "Metro UK" (a facility and a country to spaCy), "US
    State Department". Not when a person is named in it ("Fox News host Sean Hannity")."""
    toks = [t for t in span if not (t.is_punct or t.is_space or t.lower_ == "the")]
    if len(toks) < 2 or not all(
        t.tag_ in {"NNP", "NNPS"} and t.text[:1].isupper() and t.ent_type_ != "PERSON" for t in toks
    ):
        return None
    ids = {t.i for t in toks}
    last = toks[-1]
    if any(t.dep_ != "compound" or t.head.i not in ids for t in toks[:-1]) or last.head.i in ids:
        return None
    return name_piece(span.doc[toks[0].i : last.i + 1])


def _place_in_a_name(tok: Token) -> bool:
    """A place that opens a proper name the tagger did not type: "Hollywood" in "the Hollywood
    Reporter", "Chicago" in "the Chicago Tribune" (a compound of the untyped proper noun after
    it)."""
    if tok.ent_type_ not in {"GPE", "LOC"} or tok.dep_ != "compound":
        return False
    head = tok.head
    return (
        head.i > tok.i
        and not head.ent_type_
        and head.tag_ in {"NNP", "NNPS"}
        and all(t.tag_ in {"NNP", "NNPS"} for t in tok.doc[tok.i : head.i + 1])
    )
