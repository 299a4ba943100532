"""model.py: to_dict/to_json carry every field, round-trip through JSON, and fit the schema."""

from __future__ import annotations

import json
import pickle

import pytest

from sample_reports import SEED_EXCERPT, seed_like_report
from sourcetrace.model import SCHEMA, Attribution, Claim, Entity, Event, Report, SourceSpan, Span
from sourcetrace.schema import validate_report


def test_to_json_round_trips_to_the_same_dict() -> None:
    report = seed_like_report()
    assert json.loads(report.to_json()) == report.to_dict()
    assert json.loads(report.to_json(indent=None)) == report.to_dict()


def test_to_json_keeps_unicode_as_is() -> None:
    # ensure_ascii=False: the quotes of the headline stay readable in the JSON
    assert "‘plan to end war’" in seed_like_report().to_json()


def test_to_dict_has_every_contract_field() -> None:
    data = seed_like_report().to_dict()
    assert data["schema"] == SCHEMA == "sourcetrace.report/1"
    assert set(data) >= {
        "schema",
        "text",
        "title",
        "url",
        "outlet",
        "published",
        "entities",
        "attributions",
        "claims",
        "events",
    }
    assert set(data["entities"][0]) >= {"id", "name", "kind", "mentions"}
    assert set(data["attributions"][0]) >= {
        "id",
        "parent",
        "source",
        "cue",
        "content",
        "kind",
        "stance",
    }
    assert set(data["claims"][0]) >= {
        "id",
        "text",
        "attribution",
        "chain",
        "hops",
        "status",
        "contradicted_by",
        "signals",
    }
    assert set(data["events"][0]) == {"kind", "start", "end", "text"}


def test_to_dict_values() -> None:
    report = seed_like_report()
    data = report.to_dict()
    assert data["entities"][0]["mentions"][0] == [0, 4]  # "Vice" at the start, as a list pair
    assert data["entities"][3]["author"] == "e3"
    a3 = data["attributions"][2]
    assert a3["parent"] == "a2"
    assert a3["source"] == {
        "start": a3["source"]["start"],
        "end": a3["source"]["start"] + 4,
        "text": "Musk",
        "entity": "e2",
    }
    assert a3["cue"]["text"] == "according to"
    assert data["attributions"][3]["medium"]["text"] == "on Twitter"
    assert data["attributions"][0]["recipient"] is None
    c1 = data["claims"][0]
    assert c1["chain"] == ["e1", "e4", "e3", "e2"]
    assert c1["hops"] == 4
    assert c1["contradicted_by"] == ["a4"]
    assert c1["qualified_by"] == []
    assert data["verdict"][1] == "Musk denied it after publication."


def test_spans_in_dict_point_into_text() -> None:
    data = seed_like_report().to_dict()
    text = data["text"]
    for a in data["attributions"]:
        for part in [a["source"], a["cue"], *a["content"]]:
            assert text[part["start"] : part["end"]] == part["text"]
    for c in data["claims"]:
        assert text[c["start"] : c["end"]] == c["text"]


@pytest.mark.parametrize(
    "report",
    [
        Report(text=""),
        Report(text="No one said anything here.", title=None, language="en"),
        seed_like_report(),
    ],
    ids=["empty", "no-attributions", "seed-like"],
)
def test_to_dict_validates(report: Report) -> None:
    validate_report(report.to_dict())
    validate_report(json.loads(report.to_json()))


def test_hops_is_len_chain() -> None:
    claim = Claim("c1", "x", 0, 1, None, (), "unattributed")
    assert claim.hops == 0 and claim.to_dict()["hops"] == 0
    claim = Claim("c2", "x", 0, 1, "a1", ("e1", "e2"), "reported")
    assert claim.hops == 2 and claim.to_dict()["hops"] == 2


def test_lookup_by_id() -> None:
    report = seed_like_report()
    entity = report.entity("e3")
    assert entity is not None and entity.name == "Ian Bremmer"
    assert report.entity("e99") is None
    assert report.entity(None) is None
    attribution = report.attribution("a4")
    assert attribution is not None and attribution.stance == "denies"
    assert report.attribution("a99") is None


def test_value_objects_pickle_equal() -> None:
    report = seed_like_report()
    parts: list[object] = [
        report,
        *report.entities,
        *report.attributions,
        *report.claims,
        *report.events,
        Span(0, 4, "Vice"),
        SourceSpan(0, 4, "Vice", "e1"),
    ]
    for part in parts:
        assert pickle.loads(pickle.dumps(part)) == part


def test_value_objects_are_frozen() -> None:
    report = seed_like_report()
    with pytest.raises(AttributeError):
        report.text = "changed"
    with pytest.raises(AttributeError):
        report.claims[0].status = "denied"


def test_source_may_be_missing() -> None:
    t = SEED_EXCERPT
    start = t.index("Updated")
    attribution = Attribution(
        "a1",
        None,
        None,
        Span(start, start + 7, "Updated"),
        (Span(0, 4, "Vice"),),
        "indirect",
        "asserts",
    )
    report = Report(
        text=t,
        attributions=(attribution,),
        entities=(Entity("e1", "someone", "anonymous"),),
        events=(Event("correction", 0, 4, "Vice"),),
    )
    data = report.to_dict()
    assert data["attributions"][0]["source"] is None
    validate_report(data)
