"""The pipeline's streaming: spaCy parses on a thread of its own, reports come out in input
order, a failure in the parsing thread reaches the caller, and a caller that stops early does
not hang; the tagger is used where installed unless switched off."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from paths import DATA, needs
from sourcetrace import ConfigError, Settings
from sourcetrace.model import Document
from sourcetrace.pipeline import _Parser, analyze_documents, uses_tagger
from sourcetrace.training.artefacts import use_artefacts

FNC1 = DATA / "fnc1" / "train_bodies.csv"


@cache
def fnc1_body(body_id: str) -> str:
    """One FNC-1 training body, by its ``Body ID``."""
    import csv

    csv.field_size_limit(10**8)
    with FNC1.open(newline="", encoding="utf-8") as f:
        return next(r["articleBody"] for r in csv.DictReader(f) if r["Body ID"] == body_id)


TEXTS = [
    f"Officials in District {n} said the bridge would reopen in {n + 2} weeks. "
    f"The mayor told reporters that {n} crews were at work."
    for n in range(1, 41)
]


def test_reports_come_out_in_input_order_across_many_batches() -> None:
    settings = Settings(keep_text=True, batch_size=4, tagger=False)
    reports = list(analyze_documents((Document(text=t) for t in TEXTS), settings=settings))
    assert [r.text for r in reports] == TEXTS
    for n, report in enumerate(reports, start=1):
        said = [a for a in report.attributions if a.cue.text == "said"]
        assert said and said[0].content[0].text.endswith(f"in {n + 2} weeks")


def test_a_caller_that_stops_early_gets_what_it_asked_for() -> None:
    settings = Settings(keep_text=True, batch_size=4, tagger=False)
    stream = analyze_documents((Document(text=t) for t in TEXTS), settings=settings)
    first = next(stream)
    stream.close()  # the parsing thread is told no more texts come
    assert first.text == TEXTS[0]


class _Breaks:
    """A stand-in for spaCy's ``Language`` whose ``pipe`` fails on its third text: the
    seam where the parsing thread hands its error over."""

    def pipe(self, texts, batch_size):  # type: ignore[no-untyped-def]
        for n, text in enumerate(texts):
            if n == 2:
                raise ValueError(f"cannot parse {text!r}")
            yield text


def test_a_failure_in_the_parsing_thread_is_raised_to_the_reader() -> None:
    with _Parser(_Breaks(), batch_size=1) as parser:  # type: ignore[arg-type]
        for text in ("a", "b", "c"):
            parser.put(text)
        parser.close()
        assert parser.get() == "a"
        assert parser.get() == "b"
        with pytest.raises(ValueError, match="cannot parse 'c'"):
            parser.get()
    parser._thread.join(timeout=10)
    assert not parser._thread.is_alive()


def test_the_tagger_is_used_where_installed_unless_switched_off(tmp_path: Path) -> None:
    from sourcetrace.tagger import load_tagger

    assert load_tagger() is not None, "the package ships a tagger"
    assert uses_tagger(Settings()) is True
    assert uses_tagger(Settings(tagger=False)) is False
    with use_artefacts(tagger=tmp_path / "none.npz"):
        assert uses_tagger(Settings()) is False  # none installed: the reader alone
        with pytest.raises(ConfigError):
            uses_tagger(Settings(tagger=True))


@needs(FNC1)
def test_no_claim_or_content_opens_with_the_dateline() -> None:
    # FNC-1 bodies 509 (AP: "BEIRUT (AP) — Lebanese authorities detained ...") and 1017
    # ("WASHINGTON — A man who scaled a White House fence ..."): their leads are reported claims
    for body_id, lead in (("509", "Lebanese authorities detained"), ("1017", "A man who scaled")):
        (report,) = analyze_documents([Document(fnc1_body(body_id))])
        assert any(c.text.startswith(lead) for c in report.claims), body_id
        assert not any(c.text.startswith(("BEIRUT", "WASHINGTON")) for c in report.claims)
        for a in report.attributions:
            assert not any(s.text.startswith(("BEIRUT", "WASHINGTON")) for s in a.content)


def _chain_names(report, claim_start: str) -> list[str]:  # type: ignore[no-untyped-def]
    names = {e.id: e.name for e in report.entities}
    (claim,) = [c for c in report.claims if c.text.startswith(claim_start)]
    return [names[e] for e in claim.chain]


@needs(FNC1)
def test_who_speaks_for_the_person_it_hangs_on_not_the_nearest_thing() -> None:
    body = fnc1_body("1214")
    # FNC-1 body 1214: "We contacted the owner registered to the microchip, who stated they had
    # sold Kai on Gumtree in 2013." The parser hangs "who" on "microchip"
    (report,) = analyze_documents([Document(body)])
    assert _chain_names(report, "they had sold Kai") == ["the owner"]


def test_who_keeps_a_person_it_hangs_on() -> None:
    text = (
        "Reporters reached a lawyer for the family, who said the police had lied.\n\n"
        "They later met the daughter of Sam Jones, who said the house was sold in 2019."
    )
    (report,) = analyze_documents([Document(text)])
    assert _chain_names(report, "the police had lied") == ["a lawyer for the family"]
    assert _chain_names(report, "the house was sold") == ["Sam Jones"]


@needs(FNC1)
def test_a_claim_the_article_calls_false_is_disputed_and_an_impersonal_it_is_no_one() -> None:
    body = fnc1_body("482")
    # FNC-1 body 482: "Internet gossip sites incorrectly stated that Miss Sandoval was a
    # teacher ...", "after false reports came out that it showed a woman called Lucita
    # Sandoval ...", "It was also falsely reported that the 'teacher' has ..."
    (report,) = analyze_documents([Document(body)])
    by_start = {c.text[:24]: c for c in report.claims}
    for start in (
        "Miss Sandoval was a teac",
        "it showed a woman called",
        "the 'teacher' has severa",
    ):
        claim = by_start[start]
        assert claim.status == "disputed", claim
        assert "called-false-by-article" in claim.signals
    # what the article relays from its own finding is no falsity of its own
    assert "called-false-by-article" not in by_start["no such woman exists and"].signals
    # "It has since emerged that the woman in the video is not Miss Sandoval": the "it" of an
    # impersonal verb is no one (it was resolved to the last place named, Santiago del Estero)
    assert _chain_names(report, "the woman in the video is not") == ["unnamed source"]


@needs(FNC1)
def test_a_verdict_on_a_report_is_no_part_of_its_claim() -> None:
    # FNC-1 body 482: "And reports that she engaged in sexual antics with a school pupil proved
    # to be false too, after ..."; body 1528: "But thankfully rumors that Caped Crusader's
    # wheels had been stolen from beneath his nose proved to be untrue."
    (report,) = analyze_documents([Document(fnc1_body("482"))])
    texts = {c.text: c for c in report.claims}
    claim = texts["she engaged in sexual antics with a school pupil"]
    assert claim.status == "disputed"
    assert "called-false-by-article" in claim.signals
    (report,) = analyze_documents([Document(fnc1_body("1528"))])
    assert not [c.text for c in report.claims if "proved to be" in c.text]
    assert any(c.text.endswith("had been stolen from beneath his nose") for c in report.claims)


@needs(FNC1)
def test_the_that_after_a_noun_of_saying_is_no_part_of_the_claim() -> None:
    # the parser reads this 'that' as the object of the clause's verb (a relative clause):
    # FNC-1 body 258, "A rumor that Robert Plant ripped up an $800 million contract offer ..."
    (report,) = analyze_documents([Document(fnc1_body("258"))])
    texts = [c.text for c in report.claims]
    assert "Robert Plant ripped up an $800 million contract offer to reunite Led Zeppelin" in texts
    assert not [t for t in texts if t.startswith("that Robert Plant")]
    text = "The rumor that the singer had died spread quickly on Twitter."
    (report,) = analyze_documents([Document(text)])
    assert [c.text for c in report.claims] == ["the singer had died"]


def test_a_claim_that_something_was_false_keeps_its_falsity() -> None:
    text = "The rumor that the documents were fake came from a blog."
    (report,) = analyze_documents([Document(text)])
    assert [c.text for c in report.claims] == ["the documents were fake"]
    assert "called-false-by-article" not in report.claims[0].signals


def test_only_the_articles_own_word_calls_a_claim_false() -> None:
    text = (
        "Officials said the bridge would reopen in May 2026.\n\n"
        "The mayor of Springfield said on Monday that critics had falsely claimed that the "
        "bridge was unsafe.\n\n"
        "Fake news sites claimed that the singer Ann Lee had died in a crash on Friday."
    )
    (report,) = analyze_documents([Document(text)])
    assert {c.text for c in report.claims} >= {
        "the bridge was unsafe",
        "the singer Ann Lee had died in a crash on Friday",
    }
    flagged = [c.text for c in report.claims if "called-false-by-article" in c.signals]
    assert flagged == [], flagged  # the mayor's word, and "fake" sites are no report called false
    assert all(c.status != "disputed" for c in report.claims)


@needs(FNC1)
def test_a_place_that_opens_an_outlets_name_is_part_of_it() -> None:
    body = fnc1_body("1002")
    # FNC-1 body 1002: "..., according to the Hollywood Reporter.Christian Bale is ...";
    # the tagger types "Hollywood" as a place and leaves "Reporter" untyped
    (report,) = analyze_documents([Document(body)])
    assert _chain_names(report, "Seth Rogen is in early talks") == ["Hollywood Reporter"]
    # a place on its own stays a place in a group's name
    (report,) = analyze_documents(
        [Document("Officials in Hollywood said the road would reopen on Monday.")]
    )
    assert _chain_names(report, "the road would reopen") == ["Officials in Hollywood"]


@needs(FNC1)
def test_a_person_called_by_the_first_name_is_the_one_named_in_full() -> None:
    body = fnc1_body("1733")
    # FNC-1 body 1733: "Georgy Myakinkin, 31, who works at the airport ..." then
    # "... I will have the last laugh,” said Georgy."
    (report,) = analyze_documents([Document(body)])
    assert _chain_names(report, "“I know that they just leaked it") == ["Georgy Myakinkin"]


def test_a_first_name_two_people_share_joins_neither() -> None:
    text = (
        "Ann Lee said the bridge would reopen in May 2026. Ann Smith said the road was closed "
        "on Monday.\n\nAnn said the mayor would visit Springfield on Friday."
    )
    (report,) = analyze_documents([Document(text)])
    assert _chain_names(report, "the mayor would visit") == ["Ann"]


def test_a_lone_participle_is_no_source_but_a_name_tagged_as_a_verb_is() -> None:
    # the parser reads "Published claims that ..." as subject "Published", verb "claims"
    text = (
        "Published claims that a NYC high school student made a fortune trading securities "
        "turn out to be exaggerated.\n\nTrump said on Monday that the plan would pass in May."
    )
    (report,) = analyze_documents([Document(text)])
    assert _chain_names(report, "a NYC high school student made") == ["unnamed source"]
    assert _chain_names(report, "the plan would pass") == ["Trump"]


def test_a_clause_of_what_is_no_report_of_its_host() -> None:
    # after FNC-1 body 2407; the parser hangs "what we expected" on "is" as a clause
    text = (
        "“The attention is not what we expected,” he told Wapner on Monday.\n\n"
        "The plan is ready, the mayor said on Tuesday."
    )
    (report,) = analyze_documents([Document(text)])
    contents = [[c.text for c in a.content] for a in report.attributions]
    assert ["The attention is not"] not in contents
    assert ["The plan is ready"] in contents  # a cue that does report its host clause


@needs(FNC1)
def test_a_quote_before_a_cue_with_its_own_that_clause_is_not_its_content() -> None:
    # FNC-1 body 948: '... in the next couple weeks.” Andrey claims that it’s real spray
    # paint but ...': the quotation ends the sentence before; what he claims follows
    from sourcetrace.attribution import extract
    from sourcetrace.nlp import get_nlp

    found = extract(get_nlp()(fnc1_body("948")), tag=True)
    (claims,) = [a for a in found if a.cue.text == "claims"]
    assert claims.source is not None and claims.source.text == "Andrey"
    assert claims.content[0].text.startswith("that it’s real spray paint")


@needs(FNC1)
def test_a_speakers_name_does_not_reach_up_to_the_line_above() -> None:
    # FNC-1 body 1979: "... unable to carry her in an automobile\nThe doctor who practiced the
    # cesarean section first believed ...": a line without a full stop, which the parser
    # joins to the noun phrase on the next line
    (report,) = analyze_documents([Document(fnc1_body("1979"))])
    assert not [e.name for e in report.entities if "\n" in e.name]
    (told,) = [a for a in report.attributions if a.cue.text == "told"]
    assert told.source is not None
    assert report.entity(told.source.entity).name == "The doctor"


@needs(FNC1)
def test_a_participle_describing_the_medium_is_no_second_cue() -> None:
    # FNC-1 body 1215: "But Sorkin confirmed in the interview posted Thursday that Bale will
    # fill the challenging role": the parser hangs the clause on "posted"
    (report,) = analyze_documents([Document(fnc1_body("1215"))])
    names = {e.id: e.name for e in report.entities}
    (claim,) = [c for c in report.claims if c.text == "Bale will fill the challenging role"]
    assert [names[e] for e in claim.chain] == ["Aaron Sorkin"]
    assert not [a for a in report.attributions if a.cue.text == "posted"]
