"""Entity resolution within one article, over real spaCy docs and hand-built attributions."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from seed_support import (
    attribution,
    find,
    parse,
    seed_attributions,
    seed_doc,
    seed_text,
    source,
    span,
)
from sourcetrace.entities import resolve
from sourcetrace.mentions import entity_of_token, sentences
from sourcetrace.model import Attribution, Entity


def at(entities: Sequence[Entity], text: str, needle: str, occurrence: int = 0) -> Entity:
    start, end = find(text, needle, occurrence)
    found = entity_of_token(entities, start, end)
    assert found is not None, f"no entity for {needle!r} at {start}"
    return found


# --- the seed --------------------------------------------------------------------------------


def seed_entities() -> tuple[list[Entity], list[Attribution]]:
    return resolve(seed_doc(), seed_attributions())


def test_seed_outlet_and_the_publication() -> None:
    entities, resolved = seed_entities()
    text = seed_text()
    vice = at(entities, text, "Vice")
    assert (vice.name, vice.kind) == ("Vice", "outlet")
    assert at(entities, text, "the publication") == vice
    assert at(entities, text, "Vice", 2) == vice  # "this mailing is what Vice refers to"
    by_id = {a.id: a for a in resolved}
    assert by_id["a1"].source is not None and by_id["a1"].source.entity == vice.id
    assert by_id["a3"].source is not None and by_id["a3"].source.entity == vice.id


def test_seed_short_names_join_full_names() -> None:
    entities, _ = seed_entities()
    text = seed_text()
    musk = at(entities, text, "Musk", 3)
    assert (musk.name, musk.kind) == ("Elon Musk", "person")
    assert at(entities, text, "Elon Musk") == musk
    assert at(entities, text, "Elon Musk", 1) == musk  # the lede, across the headline's break
    putin = at(entities, text, "Putin")
    assert putin.name == "Vladimir Putin"
    bremmer = at(entities, text, "Bremmer", 1)
    assert (bremmer.name, bremmer.kind) == ("Ian Bremmer", "person")


def test_seed_the_latter_and_the_political_scientist() -> None:
    entities, resolved = seed_entities()
    text = seed_text()
    bremmer = at(entities, text, "Ian Bremmer")
    assert at(entities, text, "The latter") == bremmer
    assert at(entities, text, "a political scientist") == bremmer
    by_id = {a.id: a for a in resolved}
    assert by_id["a4"].recipient is not None and by_id["a4"].recipient.entity == bremmer.id
    assert by_id["a11"].recipient is not None and by_id["a11"].recipient.entity == bremmer.id


def test_seed_message_and_mailing_are_one_document_by_bremmer() -> None:
    entities, resolved = seed_entities()
    text = seed_text()
    bremmer = at(entities, text, "Ian Bremmer")
    message = at(entities, text, "Bremmer's message")
    assert message.kind == "document"
    assert message.author == bremmer.id
    assert at(entities, text, "a mailing to Eurasia Group clients") == message
    assert at(entities, text, "this mailing") == message
    assert message.name.startswith("Ian Bremmer's mailing")
    assert {a.id: a for a in resolved}["a6"].source.entity == message.id  # type: ignore[union-attr]


def test_seed_pronouns() -> None:
    entities, _ = seed_entities()
    text = seed_text()
    update = text.index("Updated 20:10.")
    musk = at(entities, text, "Elon Musk")
    he = find(text, " he ", after=update)
    assert entity_of_token(entities, he[0] + 1, he[1] - 1) == musk
    she = find(text, "she")
    kikina = entity_of_token(entities, *she)
    assert kikina is not None and kikina.name == "Anna Kikina"


def test_seed_groups_and_unnamed_source() -> None:
    entities, resolved = seed_entities()
    text = seed_text()
    assert at(entities, text, "Russian propaganda publications").kind == "group"
    media = at(entities, text, "Ukrainian media", 1)
    assert (media.kind, media.name) == ("group", "Ukrainian media")
    a14 = {a.id: a for a in resolved}["a14"]
    assert a14.source is None
    unnamed = [e for e in entities if e.kind == "anonymous"]
    assert len(unnamed) == 1 and unnamed[0].mentions == ()


def test_seed_ids_follow_first_mention() -> None:
    entities, _ = seed_entities()
    assert [e.id for e in entities] == [f"e{n}" for n in range(1, len(entities) + 1)]
    firsts = [min((m[0] for m in e.mentions), default=None) for e in entities]
    named = [f for f in firsts if f is not None]
    assert named == sorted(named)
    assert entities[0].name == "Vice"


def test_mentions_lie_inside_the_text() -> None:
    entities, _ = seed_entities()
    text = seed_text()
    for e in entities:
        for s, t in e.mentions:
            assert 0 <= s < t <= len(text)


# --- other real sentences --------------------------------------------------------------------


def test_appositive_description_and_pronoun() -> None:
    # PolNeAR train, nyt 2016: an appositive introduces the dean; a later "the dean" is him
    text = (
        "Steve Coll, the dean of the journalism school, said on Tuesday that he had carefully "
        "examined the detailed allegations made by Exxon Mobil. "
        "The dean said the school would not change its findings."
    )
    second = text.index("The dean")
    atts = [
        attribution(text, "a1", "Steve Coll", "said", "that he had carefully"),
        attribution(text, "a2", "The dean", "said", "the school would", after=second),
    ]
    entities, resolved = resolve(parse(text), atts)
    coll = at(entities, text, "Steve Coll")
    assert coll.kind == "person"
    assert resolved[1].source is not None and resolved[1].source.entity == coll.id
    assert at(entities, text, "he") == coll
    exxon = at(entities, text, "Exxon Mobil")
    assert exxon.kind == "organization"


def test_known_outlet_then_the_newspaper() -> None:
    text = (
        "The Washington Post reported on Monday that the agency had lost thousands of emails. "
        "The newspaper said officials declined to comment."
    )
    second = text.index("The newspaper")
    atts = [
        attribution(text, "a1", "The Washington Post", "reported", "that the agency"),
        attribution(text, "a2", "The newspaper", "said", "officials declined", after=second),
        attribution(text, "a3", "officials", "declined to comment", "declined", after=second),
    ]
    entities, resolved = resolve(parse(text), atts)
    post = next(e for e in entities if e.name.endswith("Washington Post"))
    assert post.kind == "outlet"
    assert resolved[1].source is not None and resolved[1].source.entity == post.id
    officials = next(e for e in entities if e.id == resolved[2].source.entity)  # type: ignore[union-attr]
    assert officials.kind == "group"


def test_unnamed_singular_source_is_anonymous_and_we_is_the_author() -> None:
    text = "A senior official said the talks had stalled. We reported in May that they had begun."
    atts = [
        attribution(text, "a1", "A senior official", "said", "the talks had stalled"),
        attribution(text, "a2", "We", "reported", "that they had begun"),
    ]
    entities, resolved = resolve(parse(text), atts)
    kinds = {e.id: e.kind for e in entities}
    assert kinds[resolved[0].source.entity] == "anonymous"  # type: ignore[union-attr,index]
    assert kinds[resolved[1].source.entity] == "author"  # type: ignore[union-attr,index]


def test_a_word_of_a_longer_name_is_no_mention() -> None:
    text = "Vice reported the story. Vice President Mike Pence said nothing about it."
    atts = [attribution(text, "a1", "Vice", "reported", "the story")]
    entities, _ = resolve(parse(text), atts)
    vice = at(entities, text, "Vice")
    assert vice.kind == "outlet"
    assert vice.mentions == (find(text, "Vice"),)


def test_sentences_split_at_line_breaks() -> None:
    doc = seed_doc()
    first = sentences(doc)[0]
    assert first.text.startswith("Vice:") and "\n" not in first.text


def test_abbreviated_title_introduces_a_description() -> None:
    text = (
        "New Jersey Gov. Chris Christie criticized the remarks on Wednesday. "
        "The governor said the comments were a disgrace."
    )
    second = text.index("The governor")
    atts = [attribution(text, "a1", "The governor", "said", "the comments were", after=second)]
    entities, resolved = resolve(parse(text), atts)
    christie = at(entities, text, "Chris Christie")
    assert resolved[0].source is not None and resolved[0].source.entity == christie.id


def quoted(text: str, a_id: str, src: str, cue: str, content: str, *, after: int) -> Attribution:
    """An attribution whose content (a quotation) comes before its cue: '"...," he said'."""
    said = span(text, content, after=after)
    who = source(text, f" {src}", after=said.start)
    who = type(who)(who.start + 1, who.end, src)
    return Attribution(
        a_id, None, who, span(text, cue, after=who.end), (said,), "direct", "asserts"
    )


def test_first_person_in_a_quote_is_its_speaker_outside_is_the_author() -> None:
    # PolNeAR dev (politico 2016-09-17): "I" inside Trump's quote is Trump, not the author
    text = (
        "Republican presidential nominee Donald Trump spoke in Colorado Springs. "
        "“I must tell you that just before I got off the plane a bomb went off,” he said. "
        "We asked his campaign for comment."
    )
    quote = text.index("“I must")
    atts = [
        attribution(text, "a1", "I", "must tell", "that just before", after=quote),
        quoted(text, "a2", "he", "said", "“I must tell you", after=quote),
        attribution(text, "a3", "We", "asked", "his campaign", after=text.index("We asked")),
    ]
    entities, resolved = resolve(parse(text), atts)
    trump = at(entities, text, "Donald Trump")
    assert [a.source.entity for a in resolved] == [trump.id, trump.id, resolved[2].source.entity]  # type: ignore[union-attr]
    assert at(entities, text, "I", 1) == trump
    assert at(entities, text, "We").kind == "author"


def test_she_said_after_a_quote_is_the_previous_speaker() -> None:
    # PolNeAR dev (west-journal 2016-09-23): the quote names the president; "she" is Strada
    text = (
        "“The rationales don’t hold weight,” said 9/11 widow Terry Strada. "
        "She continued, “We are asking for an opportunity.” "
        "Strada asserted that she is tired of waiting. "
        "“Neither the president nor Congress should make us wait,” she said."
    )
    last = text.index("“Neither")
    atts = [
        quoted(text, "a1", "9/11 widow Terry Strada", "said", "“The rationales", after=0),
        attribution(text, "a2", "Strada", "asserted", "that she is", after=text.index("Strada a")),
        quoted(text, "a3", "she", "said", "“Neither the president", after=last),
    ]
    entities, resolved = resolve(parse(text), atts)
    strada = at(entities, text, "Terry Strada")
    assert strada.kind == "person"
    assert at(entities, text, "Strada", 1) == strada  # tagged a place by spaCy, still her
    assert resolved[2].source is not None and resolved[2].source.entity == strada.id


def test_a_description_introduced_with_an_organization() -> None:
    # FNC-1 body 1976: "the monitoring group SITE" ... "the monitoring group said"
    text = (
        "Earlier on Sunday, the monitoring group SITE said jihadists claimed a soldier had been "
        "captured. Rosenberg had served in the Israel Defense Forces, the monitoring group said."
    )
    second = text.index("the monitoring group said")
    atts = [
        attribution(text, "a1", "the monitoring group SITE", "said", "jihadists claimed"),
        Attribution(
            "a2",
            None,
            source(text, "the monitoring group", after=second),
            span(text, "said", after=second),
            (span(text, "Rosenberg had served in the Israel Defense Forces"),),
            "indirect",
            "asserts",
        ),
    ]
    entities, resolved = resolve(parse(text), atts)
    site = at(entities, text, "SITE")
    assert site.kind == "organization"
    assert resolved[1].source is not None and resolved[1].source.entity == site.id


def test_different_modifiers_and_longer_names_are_different_entities() -> None:
    text = (
        "The White House has said it believes the bill is a bad idea. "
        "Members of the Saudi government, which has strongly denied any involvement, lobbied. "
        "An American told Voice of Israel that Rosenberg was not there. "
        "Israel, too, said it was following reports about Rosenberg."
    )
    saudi = text.index("the Saudi government")
    israel = text.index("Israel, too")
    atts = [
        attribution(text, "a1", "The White House", "has said", "it believes the bill"),
        attribution(text, "a2", "the Saudi government", "has strongly denied", "any", after=saudi),
        attribution(text, "a3", "Israel", "said", "it was following", after=israel),
    ]
    entities, resolved = resolve(parse(text), atts)
    sources = [next(e for e in entities if e.id == a.source.entity) for a in resolved]  # type: ignore[union-attr]
    assert [s.name for s in sources] == ["White House", "Saudi government", "Israel"]
    assert sources[2].kind == "organization"  # a state that speaks
    assert at(entities, text, "Voice of Israel") not in sources


def test_apostrophes_places_and_abbreviations() -> None:
    text = (
        "NYPD Commissioner James O’Neill said a blast went off in Chelsea. "
        "O'Neill said officials in New York had video. "
        "Senate Majority Leader Mitch McConnell, R-Ky., said Tuesday the veto would fail."
    )
    atts = [
        attribution(text, "a1", "NYPD Commissioner James O’Neill", "said", "a blast went off"),
        attribution(text, "a2", "O'Neill", "said", "officials in", after=text.index("O'Neill")),
        attribution(
            text,
            "a3",
            "Senate Majority Leader Mitch McConnell, R-Ky.,",
            "said",
            "the veto would fail",
            after=text.index("Senate"),
        ),
    ]
    entities, resolved = resolve(parse(text), atts)
    assert resolved[0].source.entity == resolved[1].source.entity  # type: ignore[union-attr]
    names = {e.name for e in entities}
    assert not names & {"Ky.", "New York", "Chelsea"}


def test_it_as_a_source_is_the_organization_that_said_it() -> None:
    text = "The White House has said it believes the legislation could result in retaliation."
    atts = [
        attribution(text, "a1", "The White House", "has said", "it believes the legislation"),
        attribution(
            text, "a2", "it", "believes", "the legislation could", after=text.index(" it ")
        ),
    ]
    entities, resolved = resolve(parse(text), atts)
    house = at(entities, text, "White House")
    assert [a.source.entity for a in resolved] == [house.id, house.id]  # type: ignore[union-attr]


def test_a_name_after_a_noun_of_the_press_is_an_outlet() -> None:
    # FNC-1 body 688: spaCy calls Rudaw a person and Xendan a place
    import sourcetrace

    report = sourcetrace.analyze(
        "The group burned the bodies, according to an official who told Kurdish paper Rudaw. "
        "Kurdish news site Xendan elaborated further, reporting that the fighters were ill."
    )
    kinds = {e.name: e.kind for e in report.entities}
    assert kinds.get("Rudaw") == "outlet"
    assert kinds.get("Xendan") == "outlet"
    (reporting,) = [a for a in report.attributions if a.cue.text == "reporting"]
    assert reporting.source is not None
    assert report.entity(reporting.source.entity).name == "Xendan"


def test_the_report_by_the_aforementioned_publication_is_that_outlet_speaking() -> None:
    # FNC-1 body 381
    import sourcetrace

    report = sourcetrace.analyze(
        "Movie Pilot reports that Abrams wants a summer release. The report by the "
        "aforementioned entertainment news publication claims that the director made the "
        "announcement at an awards show."
    )
    names = {e.id: e.name for e in report.entities}
    (claim,) = [c for c in report.claims if "announcement" in c.text]
    assert [names[e] for e in claim.chain] == ["Movie Pilot"]
    assert claim.status == "reported"


def _speaker_of(report: object, cue: str) -> tuple[str, str]:
    (a,) = [a for a in report.attributions if a.cue.text == cue]  # type: ignore[attr-defined]
    assert a.source is not None
    entity = report.entity(a.source.entity)  # type: ignore[attr-defined]
    return entity.name, entity.kind


def test_a_name_in_apposition_to_a_description_is_the_speaker() -> None:
    # FNC-1 body 350
    import sourcetrace

    report = sourcetrace.analyze(
        "Everyone’s favorite guilty pleasure, the sometimes-reliable, sometimes-not UK rag The "
        "Daily Mail, reports that the dictator is eyeing Scotland as the location for his next "
        "business venture."
    )
    assert _speaker_of(report, "reports") == ("Daily Mail", "outlet")


def test_the_subject_is_the_speaker_when_the_parser_splits_a_title_from_the_name() -> None:
    # FNC-1 body 350: the parser hangs "North Korean Leadership Watch" on the verb
    import sourcetrace

    report = sourcetrace.analyze(
        "In terms of the potential new addition to the Pyongyang chain, The Daily Mail claims "
        "that the other reason why North Korea might single out Scotland is that they want to "
        "make nice with some European countries in hopes of improving diplomacy and their "
        "global image. North Korean Leadership Watch editor Michael Madden tells the Mail that "
        "Kim Jong-Un has been trying to think of ways to buddy up with Scotland ever since its "
        "bid for sovereignty, and has more hope for acceptance there than in those other judgy "
        "European countries like England and France."
    )
    assert _speaker_of(report, "tells") == ("Michael Madden", "person")


def test_a_name_goes_on_across_a_hyphen() -> None:
    # FNC-1 body 350
    import sourcetrace

    report = sourcetrace.analyze(
        "Kim Jong-Un was allegedly a supporter of the country’s independence because, as Choe "
        "Kwan-il, managing editor of North Korean paper Choson Sinbo, told UK’s Daily Mirror, "
        "“North Korea is rich in natural resources.”"
    )
    assert _speaker_of(report, "told") == ("Choe Kwan-il", "person")


def test_a_name_that_closes_a_misparsed_source_is_the_speaker() -> None:
    # FNC-1 body 1215: the parser reads "screenwriter" as a verb
    import sourcetrace

    report = sourcetrace.analyze(
        "Christian Bale didn’t have to audition to win the role of late Apple CEO Steve Jobs "
        "in an upcoming biopic, says screenwriter Aaron Sorkin.\n\nSorkin told Bloomberg that "
        "Bale was great."
    )
    assert _speaker_of(report, "says") == ("Aaron Sorkin", "person")


def test_an_outlet_the_tagger_cut_short_and_a_description_of_the_subject() -> None:
    """FNC-1 body 1846. spaCy types "The Hollywood" an organization and leaves "Reporter" out:
    the outlet is "The Hollywood Reporter", whole. "The actor" takes up the subject before it
    (Christian Bale), not the role he was to play (Steve Jobs), though "Steve" tells a man's
    name and "Christian" tells none."""
    import sourcetrace

    report = sourcetrace.analyze(
        "Christian Bale will not be starring as Steve Jobs in Aaron Sorkin's upcoming Steve Jobs"
        " biopic, according to The Hollywood Reporter. The actor has reportedly decided that he"
        ' was "not right for the part," deciding to withdraw from the film.'
    )
    assert _speaker_of(report, "according to") == ("Hollywood Reporter", "outlet")
    assert _speaker_of(report, "has reportedly decided")[0] == "Christian Bale"


def test_a_title_between_an_organization_and_a_name_stays_out_of_the_organization() -> None:
    import sourcetrace

    report = sourcetrace.analyze(
        "The bill passed on Friday. House Speaker Paul Ryan said the vote was a relief for members."
    )
    assert _speaker_of(report, "said")[0] == "Paul Ryan"
    assert "House Speaker" not in {e.name for e in report.entities}


@pytest.mark.parametrize(
    ("text", "cue", "name"),
    [
        # FNC-1 body 1777
        (
            "McDonald’s has just announced that it will be phasing out 8 menu items, and most"
            " McDonald’s customers are not happy.",
            "has just announced",
            "McDonald’s",
        ),
        ("Moody's said on Tuesday that the outlook for the bank was negative.", "said", "Moody's"),
    ],
)
def test_an_s_of_the_names_own_stays_in_the_name(text: str, cue: str, name: str) -> None:
    """An "'s" after a name that is itself the subject, with nothing after it to possess, is
    the name's own; the same name before a noun it possesses is the same entity."""
    import sourcetrace

    report = sourcetrace.analyze(text)
    assert _speaker_of(report, cue) == (name, "organization")
    assert len([e for e in report.entities if e.name.startswith(name[:5])]) == 1


def test_a_possessive_before_what_it_possesses_is_no_part_of_the_name() -> None:
    import sourcetrace

    report = sourcetrace.analyze("Trump's lawyer said on Monday that the case was closed.")
    assert "Trump" in {e.name for e in report.entities}
    assert not [e for e in report.entities if e.name.endswith(("'s", "’s"))]


def test_a_source_of_proper_nouns_the_tagger_cut_in_two_is_one_name() -> None:
    """FNC-1 body 2087: spaCy types "Metro" a facility and "UK" a country; the source "Metro
    UK" is one name, and a name that reports is an outlet. The claim runs through it."""
    import sourcetrace

    report = sourcetrace.analyze(
        "After being dumped by her boyfriend, Tan Shen says she was walking the city feeling"
        " depressed when she decided to stop into a KFC outlet in a train station in Chengdu"
        " China, reports Metro UK."
    )
    assert _speaker_of(report, "reports") == ("Metro UK", "outlet")
    names = {e.id: e.name for e in report.entities}
    assert [[names[e] for e in c.chain] for c in report.claims][0] == ["Metro UK", "Tan Shen"]
