"""Golden articles: where their text comes from, how the pipeline is run on them, what is pinned.

Each golden article has, in ``tests/golden/``:

- ``<name>.manifest.json``: where the text is in ``../shared/data`` (a path, and for a CSV the
  record), the sha256 of that text, and why the article was chosen;
- ``<name>.expected.json``: the full report the pipeline gave, written ONLY by
  ``scripts/regen_golden.py`` and reviewed by eye (``tests/golden/REVIEW.md``).

The articles are not copied into the repository: they are read from the shared data folder, and
the tests skip with a clear message where it is absent. ``pinned()`` is the part of a report that
the golden test compares: attribution spans, parents, kinds and stances; claims with their chains
by entity name and their statuses; events.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paths import DATA_ENV, REPO, data_dir, in_ci

GOLDEN_DIR = REPO / "tests" / "golden"


class DataMissing(Exception):
    """The shared data an article comes from is not on this machine."""


@dataclass(frozen=True)
class Manifest:
    name: str
    source: str  # path relative to the shared data folder
    format: str  # "text": the whole file; "fnc1-csv": one body of an FNC-1 bodies CSV
    record: str | None  # for "fnc1-csv": the Body ID
    sha256: str
    why: str

    @property
    def manifest_path(self) -> Path:
        return GOLDEN_DIR / f"{self.name}.manifest.json"

    @property
    def expected_path(self) -> Path:
        return GOLDEN_DIR / f"{self.name}.expected.json"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source": self.source,
            "format": self.format,
            "record": self.record,
            "sha256": self.sha256,
            "why": self.why,
        }


def manifests() -> list[Manifest]:
    found = []
    for path in sorted(GOLDEN_DIR.glob("*.manifest.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found.append(Manifest(**data))
        if found[-1].manifest_path != path:
            raise ValueError(f"{path.name}: its name field says {data['name']!r}")
    return found


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_input(manifest: Manifest) -> str:
    """The article text as the manifest names it, exactly as stored (no cleaning here)."""
    path = data_dir() / manifest.source
    if not path.is_file():
        message = (
            f"{path} is absent: the golden article {manifest.name!r} is read from the shared data "
            f"folder (../shared/data beside the repository, or ${DATA_ENV})"
        )
        if in_ci():  # a golden test must not skip in CI
            raise FileNotFoundError(f"{message}; CI must provide it")
        raise DataMissing(message)
    if manifest.format == "text":
        return path.read_text(encoding="utf-8")
    if manifest.format == "fnc1-csv":
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["Body ID"] == manifest.record:
                    return row["articleBody"]
        raise LookupError(f"{path}: no Body ID {manifest.record!r}")
    raise ValueError(f"{manifest.name}: unknown format {manifest.format!r}")


def run_pipeline(text: str) -> dict[str, Any]:
    """The real pipeline, as a user calls it from Python, on the article text."""
    import sourcetrace

    return sourcetrace.analyze(text).to_dict()


# -- what is pinned ------------------------------------------------------------------------


def _span(span: dict[str, Any] | None) -> list[Any] | None:
    return None if span is None else [span["start"], span["end"], span["text"]]


def pinned(report: dict[str, Any]) -> dict[str, Any]:
    """The compared view of a report dict: spans as ``[start, end, text]``, entities by name."""
    names = {e["id"]: e["name"] for e in report["entities"]}

    def name(entity_id: str | None) -> str | None:
        return None if entity_id is None else names.get(entity_id, f"<unknown {entity_id}>")

    attributions = []
    for a in report["attributions"]:
        source = a["source"]
        attributions.append(
            {
                "id": a["id"],
                "parent": a["parent"],
                "source": None
                if source is None
                else {"span": _span(source), "entity": name(source.get("entity"))},
                "cue": _span(a["cue"]),
                "content": [_span(c) for c in a["content"]],
                "kind": a["kind"],
                "stance": a["stance"],
            }
        )
    claims = [
        {
            "id": c["id"],
            "text": c["text"],
            "attribution": c["attribution"],
            "chain": [name(e) for e in c["chain"]],
            "status": c["status"],
            "contradicted_by": c["contradicted_by"],
        }
        for c in report["claims"]
    ]
    events = [[e["kind"], e["start"], e["end"], e["text"]] for e in report["events"]]
    return {
        "text_sha256": sha256(report["text"]),
        "attributions": attributions,
        "claims": claims,
        "events": events,
    }


def dump(data: Any) -> str:
    """The one JSON layout of golden files: stable, readable, diffable."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
