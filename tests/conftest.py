"""Suite-wide fixtures.

``validate_every_report``: the contract says every test that writes a report validates it
against the JSON Schema. Rather than trusting each test to remember, every ``Report.to_dict()``
(and so every ``to_json()``, and the CLI's JSON output in-process) made during a test is checked
against ``sourcetrace/schema/report.schema.json``; a report that does not match fails the test
that wrote it with a ``SchemaError`` naming the field.

``shared_data`` marks (``paths.needs``): a test that reads ``../shared`` is skipped where that
data is absent, and fails where it is absent in CI (see ``paths.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from paths import require
from sourcetrace.model import Report
from sourcetrace.schema import validate_report


@pytest.fixture(autouse=True)
def validate_every_report(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    to_dict = Report.to_dict

    def validated(self: Report) -> dict[str, Any]:
        data = to_dict(self)
        validate_report(data)
        return data

    monkeypatch.setattr(Report, "to_dict", validated)
    yield


@pytest.hookimpl(tryfirst=True)  # before skip marks, such as that of an empty parametrization
def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("shared_data"):
        for path in marker.args:
            require(path)
