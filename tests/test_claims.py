"""Claims, chains, status and verdict over real spaCy docs and hand-built attributions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest
from spacy.tokens import Doc

from seed_support import attribution, parse, seed_attributions, seed_doc, seed_text, source, span
from sourcetrace.claims import build_claims
from sourcetrace.entities import resolve
from sourcetrace.events import find_events
from sourcetrace.links import is_proposition
from sourcetrace.model import Attribution, Claim, Entity
from sourcetrace.status import StatusRules


def analyse(
    doc: Doc, attributions: Sequence[Attribution]
) -> tuple[list[Claim], list[str], dict[str, Entity]]:
    entities, resolved = resolve(doc, attributions)
    claims, lines = build_claims(doc, resolved, entities, find_events(doc.text))
    return claims, lines, {e.id: e for e in entities}


def names(claim: Claim, entities: dict[str, Entity]) -> list[str]:
    return [entities[e].name for e in claim.chain]


def claim_with(claims: Sequence[Claim], words: str) -> Claim:
    found = [c for c in claims if words in c.text]
    assert len(found) == 1, f"{len(found)} claims contain {words!r}: {[c.text for c in claims]}"
    return found[0]


def seed_claims() -> tuple[list[Claim], list[str], dict[str, Entity]]:
    return analyse(seed_doc(), seed_attributions())


def test_c1_musk_spoke_with_putin() -> None:
    claims, _, entities = seed_claims()
    c1 = claim_with(claims, "spoke with Russian President")
    assert names(c1, entities)[0] == "Vice"
    assert entities[c1.chain[1]].kind == "document"
    assert entities[c1.chain[1]].author == c1.chain[2]
    assert names(c1, entities)[2:] == ["Ian Bremmer", "Elon Musk"]
    assert c1.hops == 4
    assert c1.status == "disputed"
    assert c1.contradicted_by == ("a15",)
    for signal in ("single-origin", "not-publicly-reported", "denied-by-subject"):
        assert signal in c1.signals
    assert "contradicted-after-update" in c1.signals
    assert "corroborated" not in c1.signals  # the denial names the same people: no support


def test_headline_and_lede_are_one_claim() -> None:
    claims, _, _ = seed_claims()
    assert not [c for c in claims if c.text.startswith("Elon Musk spoke to Putin")]
    assert len([c for c in claims if "spoke with Russian President" in c.text]) == 1


def test_c2_c3_go_through_musk_to_putin() -> None:
    claims, _, entities = seed_claims()
    c2 = claim_with(claims, "ready for negotiations")
    assert names(c2, entities)[1:] == ["Ian Bremmer", "Elon Musk", "Vladimir Putin"]
    assert entities[c2.chain[0]].kind == "document"
    assert (c2.hops, c2.status) == (4, "unverified")
    assert "single-origin" in c2.signals
    c3 = claim_with(claims, "no matter what")
    assert names(c3, entities) == ["Ian Bremmer", "Elon Musk", "Vladimir Putin"]
    assert (c3.hops, c3.status) == (3, "unverified")


def test_putin_is_not_the_origin_of_every_musk_claim() -> None:
    claims, _, entities = seed_claims()
    c1 = claim_with(claims, "spoke with Russian President")
    assert entities[c1.chain[-1]].name == "Elon Musk"
    c6 = claim_with(claims, "18 months ago")
    assert names(c6, entities) == ["Elon Musk"]


def test_c4_qualified_by_the_clarification() -> None:
    claims, _, entities = seed_claims()
    c4 = claim_with(claims, "is intermittent on the front line")
    assert names(c4, entities) == ["Ukrainian media"]
    assert (c4.hops, c4.status) == (1, "qualified")
    assert c4.qualified_by == ("a14",)
    clarification = claim_with(claims, "was blocked in the occupied territories")
    assert "anonymous-source" in clarification.signals


def test_c5_the_authors_own_voice() -> None:
    claims, _, _ = seed_claims()
    c5 = claim_with(claims, "On October 7")
    assert (c5.chain, c5.hops, c5.status, c5.attribution) == ((), 0, "unattributed", None)
    training = claim_with(claims, "Anna Kikina underwent training")
    assert training.status == "unattributed"
    assert not training.text.startswith(("we recall", "that"))


def test_c6_first_hand_and_not_contradicted() -> None:
    claims, _, _ = seed_claims()
    c6 = claim_with(claims, "18 months ago")
    assert (c6.hops, c6.status, c6.contradicted_by) == (1, "first-hand", ())
    assert c6.text.startswith("the last time")


def test_no_claim_from_topics_or_event_marks() -> None:
    claims, _, _ = seed_claims()
    texts = " ".join(c.text for c in claims)
    assert "20:10" not in texts
    assert not any(
        c.text.strip() in {"about the conversation", "the conversation with Musk"} for c in claims
    )
    assert not any(c.text == "positively on Musk's proposal" for c in claims)


def test_claims_are_in_text_order_with_ids() -> None:
    claims, _, _ = seed_claims()
    assert [c.id for c in claims] == [f"c{n}" for n in range(1, len(claims) + 1)]
    text = seed_text()
    for c in claims:
        assert text[c.start : c.end] == c.text


def test_seed_verdict() -> None:
    _, lines, _ = seed_claims()
    first = lines[0]
    assert "Elon Musk spoke with Vladimir Putin" in first
    assert "one origin" in first and "Ian Bremmer" in first
    assert "Vice and this article add no independent confirmation" in first
    assert "not publicly reported" in lines[1]
    assert lines[2].startswith("Elon Musk") and "denied it after publication (update)" in lines[2]


# --- general rules on other text ---------------------------------------------------------------


def test_a_denial_by_the_subject_disputes_the_report_and_is_itself_denied() -> None:
    text = (
        "Reuters reported that Sergei Lavrov met Antony Blinken in Geneva on Monday. "
        "Lavrov denied that he met Blinken."
    )
    second = text.index("Lavrov denied")
    atts = [
        attribution(
            text,
            "a1",
            "Reuters",
            "reported",
            "that Sergei Lavrov met Antony Blinken in Geneva on Monday",
        ),
        attribution(
            text, "a2", "Lavrov", "denied", "that he met Blinken", after=second, stance="denies"
        ),
    ]
    claims, _, _ = analyse(parse(text), atts)
    report = claim_with(claims, "Geneva")
    assert report.status == "disputed"
    assert report.contradicted_by == ("a2",)
    assert "denied-by-subject" in report.signals
    denial = claim_with(claims, "he met Blinken")
    assert denial.status == "denied"


def test_independent_origins_corroborate() -> None:
    text = (
        "According to Reuters, a diplomat said Sergei Lavrov met Antony Blinken in Geneva. "
        "According to the Associated Press, an aide said Lavrov met Blinken in Geneva."
    )
    second = text.index("According to the Associated")
    atts = [
        attribution(
            text,
            "a1",
            "Reuters",
            "According to",
            "a diplomat said Sergei Lavrov met Antony Blinken in Geneva",
        ),
        attribution(
            text,
            "a2",
            "a diplomat",
            "said",
            "Sergei Lavrov met Antony Blinken in Geneva",
            parent="a1",
        ),
        attribution(
            text,
            "a3",
            "the Associated Press",
            "According to",
            "an aide said Lavrov met Blinken in Geneva",
            after=second,
        ),
        attribution(
            text, "a4", "an aide", "said", "Lavrov met Blinken in Geneva", after=second, parent="a3"
        ),
    ]
    claims, _, _ = analyse(parse(text), atts)
    assert len(claims) == 2
    for c in claims:
        assert c.hops == 2
        assert "corroborated" in c.signals
        assert "single-origin" not in c.signals
        assert c.status == "reported"


def test_citing_links_the_source_of_a_source() -> None:
    text = "Reuters, citing the Interior Ministry, said three people died in the blast."
    atts = [attribution(text, "a1", "Reuters", "said", "three people died in the blast")]
    claims, _, entities = analyse(parse(text), atts)
    (claim,) = claims
    assert names(claim, entities) == ["Reuters", "the Interior Ministry"] or names(
        claim, entities
    ) == ["Reuters", "Interior Ministry"]
    assert claim.status == "unverified"


def test_hedged_and_not_verified_signals() -> None:
    text = (
        "The Kyiv Post reported that Viktor Orban may have met Vladimir Putin in Beijing. "
        "The meeting could not be independently verified."
    )
    atts = [
        attribution(
            text,
            "a1",
            "The Kyiv Post",
            "reported",
            "that Viktor Orban may have met Vladimir Putin in Beijing",
        )
    ]
    claims, _, entities = analyse(parse(text), atts)
    (claim,) = claims
    assert entities[claim.chain[0]].kind == "outlet"
    assert "hedged" in claim.signals
    assert "not-publicly-reported" in claim.signals


def test_rules_are_configurable() -> None:
    claims, _, _ = analyse(seed_doc(), seed_attributions())
    assert claim_with(claims, "no matter what").status == "unverified"
    entities, resolved = resolve(seed_doc(), seed_attributions())
    lenient = StatusRules(single_origin_min_hops=5, third_hand_hops=9)
    claims, _ = build_claims(seed_doc(), resolved, entities, [], rules=lenient)
    c3 = claim_with(claims, "no matter what")
    assert c3.status == "reported"
    assert "third-hand" not in c3.signals


def test_is_proposition() -> None:
    doc = parse('Musk told Bremmer about the conversation. Putin is "ready for negotiations".')
    about = doc.char_span(*_offsets(doc.text, "about the conversation"))
    ready = doc.char_span(*_offsets(doc.text, "ready for negotiations"))
    clause = doc.char_span(*_offsets(doc.text, 'Putin is "ready for negotiations"'))
    assert about is not None and not is_proposition(about)
    assert ready is not None and is_proposition(ready)
    assert clause is not None and is_proposition(clause)


def test_a_gerund_the_cue_takes_as_its_object_is_a_proposition() -> None:
    doc = parse(
        "The Kremlin has denied agreeing to any cease-fire. Many residents reported hearing a "
        "loud bang. The firm is considering filing suit. She talked about meeting him. "
        'O\u2019Neill said: "Not going to go into that."'
    )

    def proposition(words: str) -> bool:
        span = doc.char_span(*_offsets(doc.text, words))
        assert span is not None
        return is_proposition(span)

    assert proposition("agreeing to any cease-fire")
    assert proposition("hearing a loud bang")
    assert not proposition("filing suit")  # an intention, not what happened
    assert not proposition("meeting him")  # after a preposition: a topic
    assert not proposition('"Not going to go into that."')  # a quotation after "said:"


@pytest.mark.parametrize(
    ("sentence", "content", "expected"),
    [
        # embedded questions and free relatives (FNC-1 bodies 45, 110, 282): topics
        ("Police are checking whether the vehicle was ever stolen.", "whether the vehicle", False),
        ("She asked if DeJesus and Summers were the same person.", "if DeJesus", False),
        # the parser hangs this one on "asked" as an adverbial clause; it is asked all the same
        ("The ministry asked outlets if they would follow suit.", "if they would", False),
        ("He told reporters what had happened.", "what had happened", False),
        ("It is unclear how long the watch will run on a single charge.", "how long", False),
        ("Nobody knows who is right and who is wrong.", "who is right", False),
        # a clause that only opens with one, or the telling of how it happened: propositions
        ("He said if they lose, they will appeal.", "if they lose", True),
        ("She insisted that what he said was false.", "that what he said", True),
        ("Williams recounted how he had been aboard the helicopter.", "how he had been", True),
        ("He said: “When we arrived, the door was open.”", "“When we arrived", True),
        ("Reports say the handset bends if enough pressure is applied.", "the handset bends", True),
        # what a relative clause says of its noun (the golden fnc1-rosenberg-kobane)
        ("They said it might be Rosenberg, who had served in the army.", "who had served", True),
    ],
)
def test_an_embedded_question_is_a_topic(sentence: str, content: str, expected: bool) -> None:
    doc = parse(sentence)
    start = sentence.index(content)
    span = doc.char_span(start, len(sentence) - 1, alignment_mode="expand")
    assert span is not None
    assert is_proposition(span) is expected


def test_a_denied_gerund_is_a_denied_claim_with_its_subject_in_the_verdict() -> None:
    text = "Reuters reported that the minister has denied taking bribes from the contractor."
    atts = [
        attribution(text, "a1", "Reuters", "reported", "the minister has denied taking bribes"),
        attribution(
            text,
            "a2",
            "the minister",
            "has denied",
            "taking bribes from the contractor",
            stance="denies",
            parent="a1",
        ),
    ]
    claims, lines, entities = analyse(parse(text), atts)
    claim = claim_with(claims, "taking bribes")
    assert claim.text == "taking bribes from the contractor"
    assert claim.status == "denied"
    assert names(claim, entities)[0] == "Reuters"
    # the verdict names who is said to have taken them: the subject of "denied"
    assert any("The claim of the minister taking bribes from the contractor" in x for x in lines)
    assert not any("The claim that taking" in x for x in lines)


def test_verdict_tells_a_described_giver_without_a_possessive() -> None:
    text = "A spokesman for the company said the minister had denied taking the money."
    atts = [
        attribution(text, "a1", "A spokesman for the company", "said", "the minister had denied"),
        attribution(
            text,
            "a2",
            "the minister",
            "had denied",
            "taking the money",
            stance="denies",
            parent="a1",
        ),
    ]
    atts[0] = replace(atts[0], content=(span(text, "the minister had denied taking the money"),))
    _, lines, _ = analyse(parse(text), atts)
    assert lines[0] == (
        "The claim of the minister taking the money comes from one origin: the minister, as a "
        "spokesman for the company tells it; this article adds no independent confirmation."
    )


@pytest.mark.parametrize(
    ("name", "plural", "expected"),
    [
        ("A spokesman for the company", False, "a spokesman for the company"),
        ("The ministry's press office", False, "the ministry's press office"),
        ("unnamed source", False, "an unnamed source"),
        ("senior official", False, "a senior official"),
        ("his lawyer", False, "his lawyer"),
        ("two officials", True, "two officials"),
        ("sources", True, "sources"),
        ("officials close to the talks", True, "officials close to the talks"),
        ("university spokesman", False, "a university spokesman"),
        ("eurozone official", False, "a eurozone official"),
        ("one-time adviser", False, "a one-time adviser"),
        ("onerous critic", False, "an onerous critic"),
        ("honest broker", False, "an honest broker"),
        ("hospital official", False, "a hospital official"),
        ("unidentified caller", False, "an unidentified caller"),
    ],
)
def test_a_described_giver_reads_as_a_subject(name: str, plural: bool, expected: str) -> None:
    from sourcetrace.verdict import _described

    assert _described(name, plural) == expected


def _offsets(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def test_first_person_in_a_quote_is_the_speaker() -> None:
    text = (
        "Reuters reported that Sergei Lavrov met Antony Blinken in Geneva on Monday. "
        '"I have never met Blinken," Lavrov said.'
    )
    second = text.index('"I have')
    atts = [
        attribution(
            text, "a1", "Reuters", "reported", "that Sergei Lavrov met Antony Blinken in Geneva"
        ),
        attribution(text, "a2", "Lavrov", "said", '"I have never met Blinken,"', after=second),
    ]
    claims, _, _ = analyse(parse(text), atts)
    report = claim_with(claims, "Geneva")
    assert (report.status, report.contradicted_by) == ("disputed", ("a2",))
    quote = claim_with(claims, "never met")
    assert quote.status == "first-hand"


def test_opinions_and_shared_names_are_no_contradiction() -> None:
    # PolNeAR dev (wash-post 2016-09-21): one analyst, two opinions; neither disputes the other
    text = (
        "Michael Tanner, an analyst at the Cato Institute, said he thinks the Trump campaign has "
        'stayed vague. "I don\'t think Donald Trump has really thought it out," Tanner said.'
    )
    second = text.index('"I don')
    atts = [
        attribution(text, "a1", "Michael Tanner", "said", "he thinks the Trump campaign"),
        attribution(
            text,
            "a2",
            "Tanner",
            "said",
            '"I don\'t think Donald Trump has really thought it out,"',
            after=second,
        ),
    ]
    claims, _, _ = analyse(parse(text), atts)
    assert all(c.contradicted_by == () for c in claims)
    assert all(c.status != "disputed" for c in claims)


def test_a_claim_inside_a_denial_is_contradicted_not_passed_on() -> None:
    # FNC-1 body 1976: the denier is no hand of the claim it denies
    text = (
        "Sources in the Kurdish underground denied Sunday night that Gill Rosenberg had been in "
        "the Kobane region, as claimed by Islamist websites. "
        "An American fighter told Voice of Israel that Rosenberg was not in the Kobane region."
    )
    second = text.index("An American")
    atts = [
        attribution(
            text,
            "a1",
            "Sources in the Kurdish underground",
            "denied",
            "that Gill Rosenberg had been in the Kobane region, as claimed by Islamist websites",
            stance="denies",
        ),
        Attribution(
            "a2",
            "a1",
            source(text, "Islamist websites"),
            span(text, "as claimed by"),
            (span(text, "that Gill Rosenberg had been in the Kobane region"),),
            "indirect",
            "asserts",
        ),
        attribution(
            text,
            "a3",
            "An American fighter",
            "told",
            "that Rosenberg was not in the Kobane region",
            after=second,
        ),
    ]
    claims, lines, entities = analyse(parse(text), atts)
    claim = claim_with(claims, "had been in the Kobane")
    assert names(claim, entities) == ["Islamist websites"]
    assert claim.contradicted_by == ("a1", "a3")
    assert claim.status == "disputed"
    fighter = claim_with(claims, "was not in the Kobane")
    assert fighter.contradicted_by == ()  # a report that says yes does not dispute a no
    assert any("Sources in the Kurdish underground denied it." in line for line in lines)


def test_verdict_keeps_the_articles_wording() -> None:
    # PolNeAR dev (politico 2016-09-17): capitals, hyphens and spacing as written
    text = (
        "Twenty-nine people were injured tonight in a densely packed Chelsea neighborhood by an "
        "explosion that Mayor Bill de Blasio described as an intentional act of vandalism."
    )
    _, lines, _ = analyse(parse(text), [])
    assert lines == [
        "The article states on its own authority, with no source, that Twenty-nine people were "
        "injured tonight in a densely packed Chelsea neighborhood."
    ]


@pytest.mark.parametrize(
    "text",
    [
        # FNC-1 body 1435: a main clause whose object is a clause says nothing without it
        # ("an event could explain"), nor does a copula whose predicate is a clause on a
        # prepositional object ("an Apple event in February is by no means")
        "An event showing off the Apple Watch in February could explain why Apple has been "
        "asking developers to have their apps ready.",
        "Though rumored, an Apple event in February is by no means confirmed at this point.",
    ],
)
def test_a_verdict_does_not_cut_a_claim_to_a_clause_that_says_nothing(text: str) -> None:
    _, lines, _ = analyse(parse(text), [])
    said = text[0].lower() + text[1:]
    assert lines == [f"The article states on its own authority, with no source, that {said}"]


def test_a_verdict_line_has_one_stop_after_a_claim_cut_short() -> None:
    text = (
        "An event showing off the Apple Watch in February could explain why Apple has been "
        "asking some developers to have their apps ready to launch in the App Store in "
        "mid-February."
    )
    _, (line,), _ = analyse(parse(text), [])
    assert line.endswith(" to have their apps ready to launch …")


def test_a_nested_topic_does_not_swallow_its_parents_claim() -> None:
    # FNC-1 train body 531 (Al Jazeera) opens with this sentence. "agreed to" is read as an
    # attribution inside the agency's content, but its content ("an immediate ceasefire") is
    # a topic, not a proposition: it makes no claim, so the agency's whole content is the claim
    text = (
        "Nigeria's official news agency says the government fighters from Boko Haram "
        "have agreed to an immediate ceasefire."
    )
    atts = [
        attribution(
            text,
            "a1",
            "Nigeria's official news agency",
            "says",
            "the government fighters from Boko Haram have agreed to an immediate ceasefire",
        ),
        attribution(
            text,
            "a2",
            "the government fighters from Boko Haram",
            "have agreed to",
            "an immediate ceasefire",
            parent="a1",
        ),
    ]
    claims, _, entities = analyse(parse(text), atts)
    claim = claim_with(claims, "ceasefire")
    assert claim.text == (
        "the government fighters from Boko Haram have agreed to an immediate ceasefire"
    )
    assert names(claim, entities) == ["Nigeria's official news agency"]


@pytest.mark.parametrize(
    ("text", "called_false"),
    [
        # FNC-1 body 948
        ("Andrey claims that it is real spray paint but that may not be true.", True),
        ("The company said the phone is waterproof, but that is false.", True),
        ("The company said the phone is waterproof, but this is not the case.", True),
        # guards: the article agrees, or says nothing
        ("The company said the phone is waterproof, and that is true.", False),
        ("The company said the phone is waterproof and that it would ship in May.", False),
    ],
)
def test_the_article_calling_a_claim_false_after_it_disputes_it(
    text: str, called_false: bool
) -> None:
    speaker, cue = ("Andrey", "claims") if text.startswith("Andrey") else ("The company", "said")
    content = "that it is real spray paint" if speaker == "Andrey" else "the phone is waterproof"
    claims, lines, _ = analyse(parse(text), [attribution(text, "a1", speaker, cue, content)])
    claim = claim_with(claims, "is")
    assert (claim.status == "disputed") is called_false
    assert ("called-false-by-article" in claim.signals) is called_false
    assert ("The article itself disputes it." in lines) is called_false


def test_a_chain_names_a_description_in_lower_case_inside_the_sentence() -> None:
    text = "The company said the phone is waterproof, but that is false."
    atts = [attribution(text, "a1", "The company", "said", "the phone is waterproof")]
    _, lines, _ = analyse(parse(text), atts)
    assert (
        lines[0] == "The claim that the phone is waterproof reached this article via the company."
    )


def test_a_verdict_line_closes_a_quote_opened_inside_the_claim() -> None:
    # FNC-1 body 54: 'the convent said the woman "is not a nun, is a girl that we are helping”'
    import sourcetrace

    report = sourcetrace.analyze(
        'According to the newspaper, the convent said the woman "is not a nun, is a girl that '
        "we are helping”."
    )
    (line,) = [v for v in report.verdict if "is not a nun" in v]
    assert "we are helping” is" in line


@pytest.mark.parametrize(
    ("url", "chain"),
    [
        # the article's outlet unknown: "told CNN" is most often CNN's own article
        (None, ["A spokesman for the ministry"]),
        ("https://edition.cnn.com/2015/01/02/world/talks", ["A spokesman for the ministry"]),
        ("https://www.foxnews.com/world/talks", ["CNN", "A spokesman for the ministry"]),
    ],
)
def test_an_outlet_told_something_is_a_hand_unless_it_is_the_articles_own(
    url: str | None, chain: list[str]
) -> None:
    import sourcetrace

    report = sourcetrace.analyze(
        "A spokesman for the ministry told CNN that the talks had failed.", url
    )
    names = {e.id: e.name for e in report.entities}
    (claim,) = report.claims
    assert [names[e] for e in claim.chain] == chain


def test_quotes_on_both_sides_of_the_cue_make_a_claim_each_without_the_cue() -> None:
    # FNC-1 body 1215
    import sourcetrace

    report = sourcetrace.analyze(
        "“Well, there was a meeting,” Sorkin told Bloomberg Television in an interview. “We "
        "needed the best actor on the board in a certain age range and that’s Chris Bale.”"
    )
    texts = [c.text.strip("“”,") for c in report.claims]
    assert "Well, there was a meeting" in texts
    assert any(t.startswith("We needed the best actor") for t in texts)
    assert not [t for t in texts if "told Bloomberg" in t]


def test_a_main_clause_on_each_side_of_the_cue_makes_a_claim_each() -> None:
    # FNC-1 body 1398: the side before the cue is only partly quoted
    import sourcetrace

    report = sourcetrace.analyze(
        'The Border Patrol "caught them," Hunter said, but "you know there\'s going to be'
        ' dozens more that did not get caught by the Border Patrol."'
    )
    texts = [c.text for c in report.claims]
    assert texts[0].startswith("The Border Patrol") and "Hunter said" not in texts[0]
    assert texts[1].startswith('"you know there')
    assert len(texts) == 2


@pytest.mark.parametrize(
    "text",
    [
        "If they lose, he said, they will appeal the ruling to the supreme court.",
        "The senator appeared to concede the point in the debate on Tuesday.",
    ],
)
def test_a_subordinate_clause_or_a_subject_before_the_cue_is_no_claim_of_its_own(
    text: str,
) -> None:
    import sourcetrace

    assert len(sourcetrace.analyze(text).claims) == 1


def test_a_negated_source_denies_and_does_not_contradict_the_claim_that_states_it() -> None:
    # FNC-1 body 1398
    import sourcetrace

    report = sourcetrace.analyze(
        "The spokesman also said there is no credible intelligence suggesting any terrorist"
        ' organizations are "actively plotting to cross the southwest border."'
    )
    (inner,) = [a for a in report.attributions if a.cue.text == "suggesting"]
    assert inner.stance == "denies"
    outer, plotting = report.claims
    assert outer.text.startswith("there is no credible intelligence")
    assert outer.contradicted_by == () and outer.status == "reported"
    assert plotting.text.startswith("any terrorist organizations") and plotting.status == "denied"


def test_what_the_article_itself_doubts_is_disputed_not_stated_on_its_authority() -> None:
    # FNC-1 body 1347: "In fact, I personally doubt the device is water resistant or proof."
    import sourcetrace

    report = sourcetrace.analyze(
        "The report is hearsay.\n\nIn fact, I personally doubt the device is water resistant or"
        " proof."
    )
    (claim,) = report.claims
    assert claim.text == "the device is water resistant or proof"
    assert claim.chain == () and claim.status == "disputed"
    assert "doubted-by-article" in claim.signals
    lines = " ".join(report.verdict)
    assert "doubts the claim that the device is water resistant" in lines
    assert "on its own authority" not in lines


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (  # FNC-1 body 1084
            "Counterterrorism officials and analysts have described Godane as a particularly"
            " ruthless jihadi leader who eliminated several rivals within al-Shabab.",
            "Godane as a particularly ruthless jihadi leader",
        ),
        (
            "The State Department identified him as a 37-year-old native of northern Somalia.",
            "him as a 37-year-old native of northern Somalia",
        ),
    ],
)
def test_an_object_and_what_it_is_said_to_be_is_a_claim(text: str, claim: str) -> None:
    import sourcetrace

    assert any(c.text.startswith(claim) for c in sourcetrace.analyze(text).claims)


def test_an_object_alone_is_a_topic_and_no_claim() -> None:
    import sourcetrace

    assert sourcetrace.analyze("The officials described the attack in a statement.").claims == ()


@pytest.mark.parametrize(
    "text",
    [
        # FNC-1 body 1722: the author says what he does not say
        "I am not saying this was not a meteorite impact.",
        "The minister did not deny that he had met the contractor in March.",
        "The spokesman never claimed that the plant would close this year.",
    ],
)
def test_what_a_speaker_does_not_say_is_no_claim_of_theirs(text: str) -> None:
    import sourcetrace

    assert sourcetrace.analyze(text).claims == ()
