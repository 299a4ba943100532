"""Golden tests: real articles end to end, compared with reviewed expectations.

The expected files are pinned behaviour, written only by ``scripts/regen_golden.py``; what is
right and wrong in them is in ``tests/golden/REVIEW.md``. A failure shows the difference of the
pinned view (attribution spans, parents, kinds, stances; claims with chains by entity name and
statuses; events). When the change is intended: regenerate, read the diff, update the review.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from typing import Any

import pytest

from golden_support import DataMissing, Manifest, dump, manifests, pinned, read_input, run_pipeline
from golden_support import sha256 as text_sha256
from sample_reports import seed_like_report
from sourcetrace.schema import validate_report

MANIFESTS = manifests()
REGEN = ".venv/bin/python scripts/regen_golden.py"
MAX_DIFF_LINES = 200


def test_there_are_three_golden_articles() -> None:
    assert len(MANIFESTS) >= 3, [m.name for m in MANIFESTS]
    assert len({m.source + str(m.record) for m in MANIFESTS}) == len(MANIFESTS)


def _text(manifest: Manifest) -> str:
    try:
        return read_input(manifest)
    except DataMissing as missing:
        pytest.skip(str(missing))


@cache
def _actual(name: str) -> dict[str, Any]:
    manifest = next(m for m in MANIFESTS if m.name == name)
    return run_pipeline(read_input(manifest))


def _expected(manifest: Manifest) -> dict[str, Any]:
    path = manifest.expected_path
    if not path.is_file():
        pytest.fail(f"{path.name} is missing: generate it with `{REGEN} {manifest.name}`")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _diff(expected: dict[str, Any], actual: dict[str, Any], name: str) -> str:
    lines = list(
        difflib.unified_diff(
            dump(expected).splitlines(),
            dump(actual).splitlines(),
            fromfile=f"{name}.expected.json (pinned view)",
            tofile=f"{name}: pipeline now (pinned view)",
            lineterm="",
            n=2,
        )
    )
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], f"... {len(lines) - MAX_DIFF_LINES} more diff lines"]
    return "\n".join(lines)


def _counts(view: dict[str, Any]) -> str:
    return ", ".join(f"{len(view[k])} {k}" for k in ("attributions", "claims", "events"))


@pytest.mark.parametrize("manifest", MANIFESTS, ids=[m.name for m in MANIFESTS])
def test_input_text_matches_manifest(manifest: Manifest) -> None:
    text = _text(manifest)
    assert text_sha256(text) == manifest.sha256, (
        f"{manifest.source} changed since {manifest.name} was pinned; if that is meant: "
        f"`{REGEN} --rehash {manifest.name}` and review the diff"
    )


@pytest.mark.parametrize("manifest", MANIFESTS, ids=[m.name for m in MANIFESTS])
def test_expected_file_is_a_valid_report(manifest: Manifest) -> None:
    expected = _expected(manifest)
    validate_report(expected)
    assert expected["attributions"], f"{manifest.name}: a golden article must have attributions"


@pytest.mark.parametrize("manifest", MANIFESTS, ids=[m.name for m in MANIFESTS])
def test_pipeline_matches_golden(manifest: Manifest) -> None:
    _text(manifest)  # skips when the shared data is absent
    expected = pinned(_expected(manifest))
    actual_report = _actual(manifest.name)
    validate_report(actual_report)
    actual = pinned(actual_report)
    if actual != expected:
        pytest.fail(
            f"{manifest.name}: the pipeline's output changed "
            f"(expected {_counts(expected)}; now {_counts(actual)}).\n"
            f"If the change is intended: `{REGEN} {manifest.name}`, read `git diff tests/golden`, "
            f"and update tests/golden/REVIEW.md.\n\n{_diff(expected, actual, manifest.name)}",
            pytrace=False,
        )


def test_pinned_view_names_entities_and_keeps_spans() -> None:
    report = seed_like_report().to_dict()
    view = pinned(report)
    c1 = view["claims"][0]
    assert c1["chain"] == ["Vice", "mailing to Eurasia Group clients", "Ian Bremmer", "Elon Musk"]
    assert c1["status"] == "disputed" and c1["contradicted_by"] == ["a4"]
    a3 = view["attributions"][2]
    start = report["text"].index("Musk", report["attributions"][1]["content"][0]["start"])
    assert a3["source"] == {"span": [start, start + 4, "Musk"], "entity": "Elon Musk"}
    assert a3["parent"] == "a2" and a3["kind"] == "mixed"
    event = report["events"][0]
    assert view["events"] == [["update", event["start"], event["end"], "Updated 20:10."]]
    # a pinned view changes when a span moves, and not when a mention is added
    moved = json.loads(json.dumps(report))
    moved["attributions"][2]["cue"]["start"] += 1
    assert pinned(moved) != view
    more_mentions = json.loads(json.dumps(report))
    more_mentions["entities"][0]["mentions"].append([10, 12])
    assert pinned(more_mentions) == view
