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


# --- stores: SQLite in a temporary folder, and a real PostgreSQL ------------------------------

PG_ENV = "SOURCETRACE_TEST_POSTGRES"  # a server URL that .ci/run (or a developer) started


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a PostgreSQL server for the store tests: ``$SOURCETRACE_TEST_POSTGRES``, else
    a private cluster started here with ``scripts/pg.sh`` (and stopped at the end). Where
    neither can be had the tests are skipped, except in CI, where they fail."""
    import os
    import subprocess

    from paths import REPO, in_ci

    given = os.environ.get(PG_ENV)
    if given:
        yield given
        return
    where = tmp_path_factory.mktemp("pg") / "cluster"
    script = REPO / "scripts" / "pg.sh"
    started = subprocess.run(
        ["bash", str(script), "start", str(where)], capture_output=True, text=True, check=False
    )
    if started.returncode != 0:
        message = f"no PostgreSQL server could be started: {started.stderr.strip()[-500:]}"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run(["bash", str(script), "stop", str(where)], capture_output=True, check=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """A fresh, empty store of each backend: a file in tmp_path, or a new PostgreSQL
    database dropped after the test."""
    if request.param == "sqlite":
        yield str(tmp_path / "corpus.db")
        return
    import uuid

    import psycopg

    server = request.getfixturevalue("postgres_server")
    name = f"st_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    base = server.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
