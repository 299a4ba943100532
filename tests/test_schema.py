"""The report JSON Schema: it is a valid draft 2020-12 schema, it accepts the contract and the
model's extra fields, and it rejects what the contract forbids, with a typed error."""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import jsonschema
import pytest

import sourcetrace.schema as schema_module
from sample_reports import seed_like_report
from sourcetrace.errors import ConfigError, SourcetraceError
from sourcetrace.schema import SchemaError, load_schema, validate_report


def seed_dict() -> dict[str, Any]:
    return seed_like_report().to_dict()


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_load_schema_returns_a_fresh_copy() -> None:
    first = load_schema()
    first["required"].clear()
    assert "text" in load_schema()["required"]


def test_contract_example_validates() -> None:
    # the shape in CONTRACT.md, with only the contract's fields
    text = "Vice: Musk spoke to Putin, according to Vice."
    data = {
        "schema": "sourcetrace.report/1",
        "text": text,
        "title": None,
        "url": None,
        "outlet": None,
        "published": None,
        "entities": [{"id": "e1", "name": "Vice", "kind": "outlet", "mentions": [[0, 4]]}],
        "attributions": [
            {
                "id": "a1",
                "parent": None,
                "source": {"start": 0, "end": 4, "text": "Vice", "entity": "e1"},
                "cue": {"start": 4, "end": 5, "text": ":"},
                "content": [{"start": 6, "end": 25, "text": "Musk spoke to Putin"}],
                "kind": "indirect",
                "stance": "asserts",
            }
        ],
        "claims": [
            {
                "id": "c1",
                "text": "Musk spoke to Putin",
                "attribution": "a1",
                "chain": ["e1"],
                "hops": 1,
                "status": "reported",
                "contradicted_by": [],
                "signals": ["single-origin"],
            }
        ],
        "events": [],
    }
    validate_report(data)


def test_model_extras_and_new_fields_are_allowed() -> None:
    data = seed_dict()
    assert data["language"] == "en" and data["verdict"] and data["warnings"]
    data["something_new"] = {"any": "thing"}  # the contract: add fields freely
    data["attributions"][0]["confidence"] = 0.7
    validate_report(data)


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _drop(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


BROKEN = {
    "unknown stance": (_set(("attributions", 0, "stance"), "maybe"), "stance"),
    "unknown attribution kind": (_set(("attributions", 0, "kind"), "quoted"), "kind"),
    "unknown entity kind": (_set(("entities", 0, "kind"), "robot"), "kind"),
    "unknown status": (_set(("claims", 0, "status"), "true"), "status"),
    "unknown event kind": (_set(("events", 0, "kind"), "retraction"), "kind"),
    "wrong schema name": (_set(("schema",), "sourcetrace.report/2"), "schema"),
    "negative offset": (_set(("attributions", 0, "cue", "start"), -1), "start"),
    "float offset": (_set(("attributions", 0, "cue", "end"), 5.5), "end"),
    "string hops": (_set(("claims", 0, "hops"), "4"), "hops"),
    "negative hops": (_set(("claims", 0, "hops"), -1), "hops"),
    "bad entity id": (_set(("entities", 0, "id"), "E1"), "id"),
    "bad parent id": (_set(("attributions", 2, "parent"), "x2"), "parent"),
    "chain of names": (_set(("claims", 0, "chain"), ["Vice"]), "chain"),
    "empty content": (_set(("attributions", 0, "content"), []), "content"),
    "mention not a pair": (_set(("entities", 0, "mentions"), [[0, 4, 5]]), "mentions"),
    "source without entity key": (_drop(("attributions", 0, "source", "entity")), "entity"),
    "missing stance": (_drop(("attributions", 0, "stance")), "stance"),
    "missing text": (_drop(("text",)), "text"),
    "missing title": (_drop(("title",)), "title"),
    "missing signals": (_drop(("claims", 0, "signals")), "signals"),
    "null entities": (_set(("entities",), None), "entities"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_report_fails_with_schema_error(name: str) -> None:
    change, word = BROKEN[name]
    data = copy.deepcopy(seed_dict())
    change(data)
    with pytest.raises(SchemaError) as caught:
        validate_report(data)
    error = caught.value
    assert isinstance(error, SourcetraceError)
    assert error.code == "schema"
    assert word in str(error)
    assert error.context["errors"], "every problem is listed in the context"


def test_error_lists_every_problem_in_document_order() -> None:
    data = seed_dict()
    for attribution in data["attributions"]:
        attribution["stance"] = "maybe"
    with pytest.raises(SchemaError) as caught:
        validate_report(data)
    paths = [path for path, _ in caught.value.context["errors"]]
    assert paths == [f"$.attributions[{i}].stance" for i in range(len(data["attributions"]))]


def test_missing_jsonschema_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    schema_module._validator.cache_clear()
    monkeypatch.setitem(sys.modules, "jsonschema", None)  # import now raises ImportError
    try:
        with pytest.raises(ConfigError, match="jsonschema.*not installed"):
            validate_report(seed_dict())
    finally:
        schema_module._validator.cache_clear()


def test_every_report_a_test_writes_is_validated() -> None:
    # tests/conftest.py checks each Report.to_dict()/to_json() made during a test
    report = seed_like_report()
    attributions = list(report.attributions)
    attributions[0] = replace(attributions[0], stance="maybe")
    broken = replace(report, attributions=tuple(attributions))
    with pytest.raises(SchemaError, match="stance"):
        broken.to_dict()
    with pytest.raises(SchemaError, match="stance"):
        broken.to_json()
    assert json.loads(report.to_json())["schema"] == "sourcetrace.report/1"
