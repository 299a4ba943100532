"""The plain-language verdict: what a verification editor would say first about the article.

Lines are built from the facts found (chains, signals, contradictions), never from a template
written for one article. Most important first: disputed and denied claims, then unverified,
qualified and unattributed ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .links import SourceLink, is_gerund_object, span_heads
from .mentions import entity_of_token
from .model import Attribution, Claim, Entity
from .textcache import text_of

_PRIORITY = {"denied": 0, "disputed": 1, "unverified": 2, "qualified": 3, "unattributed": 4}
_MAX_UNATTRIBUTED = 2
_SHORT_CLAIM = 14  # a claim this short (in words) is quoted whole, not summarized
_NOT_IN_SUMMARY = frozenset({"relcl", "acl", "advcl", "appos", "punct", "mark", "cc", "conj"})


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """A claim with what the verdict needs to know about it beyond the contract's fields."""

    claim: Claim
    subjects: frozenset[str]
    mentioned: frozenset[str]
    heard: bool  # the one before the origin heard it from the origin


def verdict_lines(
    doc: Doc,
    facts: Sequence[ClaimFacts],
    entities: Mapping[str, Entity],
    attributions: Mapping[str, Attribution],
    sources: Mapping[str, str],
    links: Sequence[SourceLink],
) -> list[str]:
    """Plain-language findings, most important first."""
    ranked = sorted(
        (f for f in facts if f.claim.status in _PRIORITY),
        key=lambda f: (_PRIORITY[f.claim.status], -len(f.claim.chain), f.claim.start),
    )
    lines: list[str] = []
    unattributed = 0
    for f in ranked:
        c = f.claim
        what = claim_phrase(doc, c, entities)
        if c.status in {"disputed", "denied"}:
            lines.extend(_disputed(text_of(doc), c, f, what, entities, attributions, sources))
        elif c.status == "unverified":
            lines.append(
                f"The claim {what} is unverified: it reached this article through "
                f"{_hands(len(c.chain))} ({_chain_text(c.chain, entities)}), all from one origin."
            )
        elif c.status == "qualified":
            lines.append(_qualified(c, what, attributions, sources, entities))
        elif c.status == "unattributed" and unattributed < _MAX_UNATTRIBUTED:
            unattributed += 1
            lines.append(_stop(f"The article states on its own authority, with no source, {what}"))
    return lines


def _stop(sentence: str) -> str:
    """A full stop after a sentence, unless a claim cut short (``…``) or its own mark ends it."""
    return sentence if sentence.endswith(("…", ".", "?", "!")) else sentence + "."


def _disputed(
    text: str,
    c: Claim,
    f: ClaimFacts,
    what: str,
    entities: Mapping[str, Entity],
    attributions: Mapping[str, Attribution],
    sources: Mapping[str, str],
) -> list[str]:
    lines = []
    if "single-origin" in c.signals:
        hands = _intermediaries(c, entities)
        lines.append(
            f"The claim {what} comes from one origin: {_account(c, f, entities, text)}; "
            f"{_and(hands)} {'adds' if len(hands) == 1 else 'add'} no independent confirmation."
        )
    elif c.chain:
        lines.append(f"The claim {what} reached this article via {_chain_text(c.chain, entities)}.")
    if "not-publicly-reported" in c.signals:
        lines.append("It was not publicly reported: the article says so itself.")
    if "called-false-by-article" in c.signals:
        lines.append(
            "The article itself disputes it."
            if c.chain
            else f"The article itself disputes the claim {what}."
        )
    if "doubted-by-article" in c.signals:
        lines.append(f"The article itself doubts the claim {what}.")
    heard: set[str] = set()
    for a_id in c.contradicted_by:
        a = attributions.get(a_id)
        who = entities.get(sources.get(a_id, ""))
        if a is None or who is None or who.id in heard:
            continue  # one line for each one who contradicts it
        heard.add(who.id)
        denial = a.stance == "denies"
        verb = "denied" if denial or "denied-by-subject" in c.signals else "contradicted"
        when = " after publication (update)" if "contradicted-after-update" in c.signals else ""
        role = ", whom it is about," if who.id in f.subjects else ""
        if denial and _within(c, a):  # "X denied that <the claim>": its words are the claim's
            lines.append(f"{_capital(who.name)}{role} {verb} it{when}.")
            continue
        said = _clean(" ".join(s.text for s in a.content))
        if said.lower().startswith("that "):
            said = said[5:]
        lines.append(f"{_capital(who.name)}{role} {verb} it{when}: “{_strip_quotes(said)}”.")
    if c.status == "denied" and not c.contradicted_by:
        lines.append(f"The claim {what} is reported as denied by its own source.")
    return lines


def _within(c: Claim, a: Attribution) -> bool:
    return any(s.start <= c.start and c.end <= s.end for s in a.content)


def _capital(name: str) -> str:
    """A name at the start of a sentence ("an American" -> "An American")."""
    return name[:1].upper() + name[1:]


def _clean(text: str) -> str:
    """Text for a sentence: white space (line breaks, no-break spaces) as single spaces."""
    return " ".join(text.split())


def _qualified(
    c: Claim,
    what: str,
    attributions: Mapping[str, Attribution],
    sources: Mapping[str, str],
    entities: Mapping[str, Entity],
) -> str:
    later = attributions.get(c.qualified_by[0]) if c.qualified_by else None
    if later is None:
        return f"The claim {what} was later qualified."
    who = entities.get(sources.get(later.id, ""))
    by = f"{who.name} " if who is not None and who.kind != "anonymous" else "a later clarification "
    said = _clean(" ".join(s.text for s in later.content))
    if said.lower().startswith("that "):
        said = said[5:]
    return f"The claim {what} was later qualified: {by}says {_strip_quotes(said)}."


def _account(c: Claim, f: ClaimFacts, entities: Mapping[str, Entity], text: str) -> str:
    origin = entities[c.chain[-1]]
    if len(c.chain) < 2:
        return origin.name
    giver = entities[c.chain[-2]]
    if giver.kind == "document":
        return f"{giver.name}, reporting what {origin.name} said"
    if not _proper(giver.name):  # a description takes no possessive
        tell = "tell" if giver.kind == "group" else "tells"
        return f"{origin.name}, as {_described(giver.name, giver.kind == 'group')} {tell} it"
    if f.heard:
        return f"{giver.name}'s account of what {origin.name} told {_object_form(giver, text)}"
    return f"{giver.name}'s account of what {origin.name} said"


def _described(name: str, plural: bool = False) -> str:
    """A description as the subject inside a sentence: "A spokesman ..." -> "a spokesman
    ...", and a bare singular one gets its article ("unnamed source" -> "an unnamed
    source"; "officials" stays)."""
    first = name.split()[0] if name.split() else ""
    if first in {"A", "An", "The"}:
        return name[:1].lower() + name[1:]
    if plural or first.lower() in _DETERMINERS or not first[:1].islower():
        return name
    return f"{_indefinite(first)} {name}"


#: Spellings whose sound does not follow their first letter: "a university", "an hour".
_VOWEL_SPELT_CONSONANT = (
    *("univ", "unio", "uniq", "unit", "unif", "unil", "unic", "unis"),  # not "unidentified"
    *("use", "usu", "uti", "eu", "ubiq"),
)
_SILENT_H = ("hour", "honest", "honor", "honour", "heir")


def _indefinite(word: str) -> str:
    """The indefinite article a word takes by its sound: "an unnamed", "a university"."""
    w = word.lower()
    if w.startswith(_SILENT_H):
        return "an"
    if w.split("-")[0] in ("one", "once"):  # "a one-time adviser", not "an onerous"
        return "a"
    return "an" if w[:1] in "aeiou" and not w.startswith(_VOWEL_SPELT_CONSONANT) else "a"


_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "some",
        "several",
        "many",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "other",
        "another",
        "each",
        "every",
    ]
)


def _proper(name: str) -> bool:
    """A name whose every word is capitalized ("Ian Bremmer", "Eurasia Group"), not a
    description ("a spokesman for the company")."""
    return all(w[:1].isupper() or not w[:1].isalpha() for w in name.split())


def _intermediaries(c: Claim, entities: Mapping[str, Entity]) -> list[str]:
    """The hands before the account-giver, without the giver's own documents."""
    if len(c.chain) < 2:
        return ["this article"]
    giver = c.chain[-2]
    names = []
    for e_id in c.chain[:-2]:
        e = entities[e_id]
        if e.kind == "document" and e.author == giver:
            continue
        names.append(e.name)
    return [*names, "this article"]


def _object_form(e: Entity, text: str) -> str:
    """'him' / 'her' when the article says so, else the short name."""
    words = {text[s:t].lower() for s, t in e.mentions}
    if words & {"he", "him", "his"}:
        return "him"
    if words & {"she", "her", "hers"}:
        return "her"
    return e.name.split()[-1]


def _chain_text(chain: Sequence[str], entities: Mapping[str, Entity]) -> str:
    return " → ".join(_inside_sentence(entities[e].name) for e in chain if e in entities)


def _inside_sentence(name: str) -> str:
    """A description as it reads inside a sentence: "The company" written at the start of
    one is "the company"; a title ("The Guardian", "The New York Times") keeps its capital."""
    words = name.split()
    if len(words) > 1 and words[0] in ("The", "A", "An") and words[1][:1].islower():
        return name[:1].lower() + name[1:]
    return name


def _hands(n: int) -> str:
    return {1: "one hand", 2: "two hands", 3: "three hands", 4: "four hands"}.get(n, f"{n} hands")


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _strip_quotes(text: str) -> str:
    """Without outer quotation marks and the punctuation that closed the quote ('...,”'); a
    quote opened inside the text keeps its closing mark ('the woman "is not a nun”')."""
    out = text.strip().strip("\"“”‘’'").rstrip(".,;:").strip().strip('"“”')
    if sum(out.count(mark) for mark in '"“”') % 2 and out[-1:] not in ('"', "”"):
        out += "”"
    return out


# --- a claim in a few words -----------------------------------------------------------------


def claim_phrase(doc: Doc, claim: Claim, entities: Mapping[str, Entity]) -> str:
    """What follows "The claim" in a verdict line: "that Elon Musk spoke with Vladimir Putin"
    (:func:`summarize`), or, for a gerund a cue takes as its object, "of the Kremlin agreeing
    to any cease-fire" (the subject of the cue is the gerund's)."""
    span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
    heads = [] if span is None else span_heads(span)
    gerund = next((t for t in heads if is_gerund_object(t)), None)
    if span is None or gerund is None:
        return "that " + summarize(doc, claim, entities)
    words = [t for t in span if not (t.is_punct or t.is_space)]
    said = _shorten(claim.text, words)
    subject = next((t for t in gerund.head.children if t.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None:
        return f"of {said}"
    if subject.pos_ == "PRON":  # "He has denied meeting ...": the one "he" is
        entity = entity_of_token(list(entities.values()), subject.idx, subject.idx + len(subject))
        return f"of {entity.name} {said}" if entity is not None else f"of {said}"
    kept = _phrase(subject, list(entities.values()), doc[:])
    who = _strip_quotes(_render(doc, kept))
    first = min(kept)
    if kept[first] is None and _lowerable(doc[first]):
        who = who[:1].lower() + who[1:]
    return f"of {who} {said}"


def summarize(doc: Doc, claim: Claim, entities: Mapping[str, Entity]) -> str:
    """A claim in a few words: its main clause with names for its people ('Elon Musk spoke
    with Vladimir Putin'), or, when that clause says too little on its own, the claim's words.

    The words are the article's own, as written (spacing, capitals, hyphens, numbers): a
    summary keeps or drops whole tokens and joins them the way the text does.
    """
    span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
    if span is None:
        return _shorten(claim.text)
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if len(words) <= _SHORT_CLAIM:
        return _shorten(claim.text, words)
    heads = [t for t in span_heads(span) if t.pos_ in {"VERB", "AUX"}]
    if not heads:
        return _shorten(claim.text, words)
    root = heads[0]
    ents = list(entities.values())
    kept: dict[int, str | None] = {root.i: None}  # token -> the words that stand for it
    has_subject = False
    for child in root.children:
        if not (span.start <= child.i < span.end):
            continue
        dep = child.dep_
        if dep == "ccomp" and child.i > root.i:
            # "could explain why Apple has been asking ...": the main clause alone says
            # nothing ("an event could explain"); the claim's own words do
            return _shorten(claim.text, words)
        if dep in {"aux", "auxpass", "neg"}:
            kept[child.i] = None
        elif dep in {"nsubj", "nsubjpass", "dobj", "attr", "acomp", "dative", "oprd", "prt"}:
            kept.update(_phrase(child, ents, span))
            has_subject = has_subject or dep in {"nsubj", "nsubjpass"}
        elif dep == "npadvmod" and _dated(child):
            kept.update(_phrase(child, ents, span))  # "killed Friday"
        elif dep == "prep":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if (
                objects
                and root.lemma_ == "be"
                and any(g.dep_ in {"acl", "relcl"} for g in objects[0].children)
            ):
                # the predicate of "is by no means confirmed" is in the clause a summary
                # would drop ("a February event is by no means")
                return _shorten(claim.text, words)
            if objects and (child.i > root.i or _dated(objects[0])):
                kept[child.i] = None
                kept.update(_phrase(objects[0], ents, span))
        elif dep in {"advcl", "xcomp"} and any(
            g.dep_ == "aux" and g.lower_ == "to" for g in child.children
        ):
            kept.update(_phrase(child, ents, span))  # "... to avoid it"
    text = _strip_quotes(_render(doc, kept))
    if not has_subject or len(text.split()) < 4:
        return _shorten(claim.text, words)
    first = min(kept)
    if kept[first] is None and _lowerable(doc[first]):
        text = text[0].lower() + text[1:]
    return text


def _render(doc: Doc, kept: Mapping[int, str | None]) -> str:
    """Kept tokens in text order, joined as the text joins them: a space where the text has
    white space between them, nothing where it has none ("Twenty-nine", "it’s")."""
    out: list[str] = []
    previous: Token | None = None
    for i in sorted(kept):
        tok = doc[i]
        if previous is not None:
            gap = text_of(doc)[previous.idx + len(previous) : tok.idx]
            out.append(" " if any(ch.isspace() for ch in gap) else "")
        replacement = kept[i]
        out.append(tok.text if replacement is None else replacement)
        previous = tok
    return "".join(out).strip()


def _lowerable(tok: Token) -> bool:
    """A sentence's first word that is no name and no 'I' ('The', 'She', 'After'), lowered
    when the sentence goes inside another ('The claim that the ...')."""
    if tok.ent_type_ or tok.pos_ in {"PROPN", "NUM"} or tok.text == "I":
        return False
    return tok.text[:1].isupper() and tok.text[1:] == tok.text[1:].lower()


def _shorten(text: str, words: Sequence[Token] = (), limit: int = 25) -> str:
    """A claim's own words: without a leading 'that' and outer quotes, at most ``limit`` words,
    starting in lower case unless it starts with a name ('that the Internet ...')."""
    text = _strip_quotes(" ".join(text.split()))
    if text.lower().startswith("that "):
        text = text[5:]
        words = words[1:]
    split = text.split()
    if len(split) > limit:
        text = " ".join(split[:limit]).rstrip(",;:") + " …"
    elif text:
        text = _strip_quotes(text)
    first = words[0] if words else None
    if text and first is not None and _lowerable(first) and text.startswith(first.text):
        text = text[0].lower() + text[1:]
    return text


def _dated(tok: Token) -> bool:
    """A fronted 'On October 7' is kept in a summary; 'after the tweets' is not."""
    return any(t.ent_type_ in {"DATE", "TIME"} for t in tok.subtree)


def _phrase(tok: Token, entities: Sequence[Entity], span: Span) -> dict[int, str | None]:
    """The tokens of a phrase to keep (its head's subtree without clauses, appositives and
    asides), or its entity's name standing for the whole phrase ('she' -> Hillary Clinton)."""
    inside = [t for t in tok.subtree if span.start <= t.i < span.end]
    entity = entity_of_token(entities, tok.idx, tok.idx + len(tok))
    named = entity is not None and entity.kind in {"person", "organization", "outlet", "group"}
    if named and entity and not [t for t in inside if t.dep_ in {"prep", "relcl", "acl"}]:
        return {tok.i: entity.name}
    skip: set[int] = set()
    for t in inside:  # a clause goes whole, with the words before its head ("where X would")
        if t.i == tok.i or t.dep_ not in _NOT_IN_SUMMARY or _word_internal(t):
            continue
        if t.dep_ == "mark" or (t.dep_ == "acl" and _says_that(t)):
            continue  # "reports that a Canadian citizen was kidnapped": what the noun says
        skip.update(x.i for x in t.subtree)
    return {t.i: None for t in inside if t.i not in skip and not t.is_quote}


def _says_that(clause: Token) -> bool:
    """A noun's content clause ('reports that ...'), not a relative clause ('laws that ...')."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _word_internal(tok: Token) -> bool:
    """A hyphen or slash inside a word ('Twenty-nine', '9/11'): part of it, never an aside."""
    doc = tok.doc
    if not tok.is_punct or tok.text not in {"-", "/", "–"}:
        return False
    before = tok.i > 0 and not doc[tok.i - 1].whitespace_
    return before and not tok.whitespace_
